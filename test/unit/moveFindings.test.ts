import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { moveFindings } from '../../server/src/analysis/moveFindings';
import type { Finding } from '../../server/src/analysis/types';

// Line 100 (0-based) became lines 100-101: one line added, lines from 101 on move down by one.
const ENTER = { start: 100, oldEnd: 101, newEnd: 102, delta: 1 };
// Lines 100-101 became line 100: one line removed.
const JOIN = { start: 100, oldEnd: 102, newEnd: 101, delta: -1 };

const finding = (line: number, message = 'A problem.', extra: Partial<Finding> = {}): Finding => ({ code: 'duplicate-directive', message, line, start: 4, end: 9, ...extra });

describe('moving the findings of a rule across an edit that adds or removes lines', () => {
  it('keeps findings above the edit and moves those below it', () => {
    assert.deepEqual(moveFindings([finding(10), finding(500)], ENTER), [finding(10), finding(501)]);
    assert.deepEqual(moveFindings([finding(10), finding(500)], JOIN), [finding(10), finding(499)]);
  });

  it('moves a finding that spans the edit by its end only', () => {
    assert.deepEqual(moveFindings([finding(50, 'Block.', { endLine: 300 })], ENTER), [finding(50, 'Block.', { endLine: 301 })]);
  });

  it('gives up on a finding on the changed lines or right next to them', () => {
    for (const line of [99, 100, 101]) assert.equal(moveFindings([finding(10), finding(line)], ENTER), undefined, `line ${line}`);
    assert.equal(moveFindings([finding(10, 'Block.', { endLine: 100 })], ENTER), undefined);
  });

  it('gives up when a message or fix title may cite a line that moved, not when it cites one above', () => {
    assert.equal(moveFindings([finding(500, '`max-smtp-out` is already set in this block on line 480.')], ENTER), undefined);
    assert.equal(moveFindings([finding(10, 'Shadowed by the rule on line 300.')], ENTER), undefined);
    assert.deepEqual(moveFindings([finding(500, 'Already set on line 12.')], ENTER), [finding(501, 'Already set on line 12.')]);
    const titled = finding(500, 'Wildcard first.', { data: { fix: { title: 'Move the wildcard key below line 520', edits: [] } } });
    assert.equal(moveFindings([titled], ENTER), undefined);
  });

  it('moves the line fields of its data and the lines of its fix edits', () => {
    const data = { firstLine: 400, fix: { title: 'Delete the line', edits: [{ line: 500, start: 0, endLine: 501, end: 0, newText: '' }] } };
    const [moved] = moveFindings([finding(500, 'Twice.', { data })], ENTER)!;
    assert.deepEqual(moved.data, { firstLine: 401, fix: { title: 'Delete the line', edits: [{ line: 501, start: 0, endLine: 502, end: 0, newText: '' }] } });
    // The finding of the version before is left as it was.
    assert.equal(data.fix.edits[0].line, 500);
  });

  it('gives up on a fix edit that reaches the changed lines, and on numbers of unknown meaning that could be lines', () => {
    const reaching = { fix: { title: 'Delete the line', edits: [{ line: 98, start: 0, endLine: 99, end: 0, newText: '' }] } };
    assert.equal(moveFindings([finding(50, 'x', { data: reaching })], ENTER), undefined);
    assert.equal(moveFindings([finding(500, 'x', { data: { otherLine: 300 } })], ENTER), undefined);
    assert.deepEqual(moveFindings([finding(500, 'x', { data: { bits: 64, name: 'mta1' } })], ENTER), [finding(501, 'x', { data: { bits: 64, name: 'mta1' } })]);
  });
});
