import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Finding } from '../../../server/src/analysis/types';
import { diagnosticsOfFindings } from '../../../server/src/lsp/diagnostics';

/** Findings in document order: a warning on every line, an error on every tenth, a notice on every seventh. */
function findings(lines: number): Finding[] {
  const out: Finding[] = [];
  for (let line = 0; line < lines; line++) {
    out.push({ code: 'unknown-directive', line, start: 0, end: 3, message: 'w' });
    if (line % 10 === 0) out.push({ code: 'unclosed-block', line, start: 0, end: 3, message: 'e' });
    if (line % 7 === 0) out.push({ code: 'legacy-directive', line, start: 0, end: 3, message: 'i', severity: 'information' });
  }
  return out;
}

const codes = (ds: { code?: string | number }[]) => ds.map((d) => d.code);

describe('powermta.diagnostics.maxProblems', () => {
  it('sends every diagnostic when there are no more than the limit, or when the limit is 0', () => {
    const all = findings(20);
    assert.equal(diagnosticsOfFindings(all, {}, all.length).length, all.length);
    assert.equal(diagnosticsOfFindings(findings(2000), {}, 0).length, findings(2000).length);
  });

  it('over the limit, keeps the most severe in document order and puts a notice first that counts the rest by severity', () => {
    const all = findings(1000); // 1000 warnings, 100 errors, 143 notices
    const out = diagnosticsOfFindings(all, {}, 150);
    assert.equal(out.length, 151);
    assert.equal(out[0].code, 'too-many-problems');
    assert.equal(out[0].severity, 3);
    assert.deepEqual(out[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(String(out[0].message), /1,243 problems/);
    assert.match(String(out[0].message), /only the 150 most severe/);
    assert.match(String(out[0].message), /Not shown: 950 warnings, 143 notices\./);
    const shown = out.slice(1);
    assert.equal(shown.filter((d) => d.severity === 1).length, 100, 'every error is shown');
    assert.equal(shown.filter((d) => d.severity === 2).length, 50, 'then the first warnings');
    assert.deepEqual(shown.filter((d) => d.severity === 2).map((d) => d.range.start.line), Array.from({ length: 50 }, (_, i) => i));
    const order = shown.map((d) => d.range.start.line);
    assert.deepEqual(order, [...order].sort((a, b) => a - b), 'in document order');
  });

  it('counts only what the severity settings leave on, and the notice itself can be turned off', () => {
    const all = findings(1000);
    assert.equal(diagnosticsOfFindings(all, { 'unknown-directive': 'off' }, 250).length, 243, '100 errors + 143 notices fit');
    const quiet = diagnosticsOfFindings(all, { 'too-many-problems': 'off' }, 10);
    assert.equal(quiet.length, 10);
    assert.ok(!codes(quiet).includes('too-many-problems'));
    assert.equal(diagnosticsOfFindings(all, { 'too-many-problems': 'warning' }, 10)[0].severity, 2);
  });

  it('says "1 error" when one is left out', () => {
    const two: Finding[] = [
      { code: 'unclosed-block', line: 0, start: 0, end: 1, message: 'e' },
      { code: 'unclosed-block', line: 5, start: 0, end: 1, message: 'e' },
    ];
    const out = diagnosticsOfFindings(two, {}, 1);
    assert.deepEqual(codes(out), ['too-many-problems', 'unclosed-block']);
    assert.match(String(out[0].message), /Not shown: 1 error\./);
    assert.equal(out[1].range.start.line, 0);
  });
});
