// Properties: on messy configurations (messyConfig.ts), changes that mean nothing to PowerMTA change
// nothing in the findings but what they must. Line ends written as CRLF instead of LF; indentation
// by tabs instead of spaces (columns aside); blanks after the end of a line; a comment line or a
// blank line put between two statements (every finding below moves down one line, and so do the
// line numbers its message names); and a `# pmta-lint: disable-next-line=CODE` line above a finding
// takes away that code's findings on that line and nothing else.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Finding } from '../../server/src/analysis/types';
import { analyze } from '../helpers';
import { messyConfig } from './messyConfig';

interface Shown {
  columns?: boolean;
  /** Where a line of the changed text was in the original (undefined: a line the change added). */
  lineOf?: (line: number) => number | undefined;
}

/** Findings as sorted strings, with lines (and the line numbers in messages) as the original had them. */
function shown(findings: readonly Finding[], { columns = true, lineOf = (l) => l }: Shown = {}): string[] {
  const message = (m: string) =>
    m.replace(/\blines? (\d+(?:(?:, | and )\d+(?! more))*)/g, (named) => named.replace(/\d+/g, (n) => String((lineOf(Number(n) - 1) ?? -2) + 1)));
  return findings
    .map((f) => `${lineOf(f.line)}${columns ? `:${f.start}-${f.end}` : ''}${f.endLine === undefined ? '' : `..${lineOf(f.endLine)}`} ${f.code} ${message(f.message)}`)
    .sort();
}

const linesOf = (text: string) => text.split(/\r\n|\r|\n/);
/** A line there may be put before: not the second line of a continued statement, nor before a byte-order mark. */
const mayInsertBefore = (lines: string[], at: number) => !(at > 0 && /[,\\]\s*(#.*)?$/.test(lines[at - 1])) && !(at === 0 && lines[0].startsWith('\uFEFF'));
/** Lines of the text with one line put in at `at`, mapped back to the original's. */
const shiftedFrom = (at: number) => (l: number) => (l < at ? l : l === at ? undefined : l - 1);

describe('fuzz: changes that mean nothing to PowerMTA', () => {
  it('CRLF or LF line ends, tabs or spaces for indentation, and blanks at the end of a line give the same findings', () => {
    fc.assert(
      fc.property(messyConfig, fc.nat(), fc.boolean(), (text, k, tabs) => {
        const lines = linesOf(text);
        const lf = lines.join('\n');
        const base = analyze(lf).findings;
        assert.deepEqual(shown(analyze(lines.join('\r\n')).findings), shown(base), 'CRLF');
        const indented = lines.map((l) => l.replace(/^[ \t]+/, tabs ? '\t' : '        ')).join('\n');
        assert.deepEqual(shown(analyze(indented).findings, { columns: false }), shown(base, { columns: false }), `indented:\n${indented}`);
        const at = k % lines.length;
        if (/\\\s*$/.test(lines[at])) return; // blanks after a continuation backslash would end the continuation
        const trailing = lines.map((l, i) => (i === at ? `${l}  \t ` : l)).join('\n');
        assert.deepEqual(shown(analyze(trailing).findings), shown(base), `blanks after line ${at + 1}:\n${trailing}`);
      }),
      { numRuns: 1500, seed: 16 },
    );
  });

  it('a comment line or a blank line put between statements moves the findings below it and changes nothing else', () => {
    fc.assert(
      fc.property(messyConfig, fc.nat(), fc.constantFrom('# a note', '', '   '), (text, k, added) => {
        const lines = linesOf(text);
        const at = k % (lines.length + 1);
        if (!mayInsertBefore(lines, at)) return;
        const original = lines.join('\n');
        const changed = [...lines.slice(0, at), added, ...lines.slice(at)].join('\n');
        assert.deepEqual(shown(analyze(changed).findings, { lineOf: shiftedFrom(at) }), shown(analyze(original).findings), `${JSON.stringify(added)} put before line ${at + 1}:\n${changed}`);
      }),
      { numRuns: 1500, seed: 16 },
    );
  });

  it('a disable-next-line comment takes away its code on the line below and nothing else', () => {
    let tried = 0;
    fc.assert(
      fc.property(messyConfig, fc.nat(), (text, k) => {
        const lines = linesOf(text);
        const original = lines.join('\n');
        const base = analyze(original).findings;
        if (base.length === 0) return;
        const target = base[k % base.length];
        if (!mayInsertBefore(lines, target.line)) return;
        tried++;
        const changed = [...lines.slice(0, target.line), `# pmta-lint: disable-next-line=${target.code}`, ...lines.slice(target.line)].join('\n');
        const expected = base.filter((f) => !(f.line === target.line && f.code === target.code));
        assert.deepEqual(shown(analyze(changed).findings, { lineOf: shiftedFrom(target.line) }), shown(expected), `${target.code} disabled on line ${target.line + 1}:\n${changed}`);
      }),
      { numRuns: 1500, seed: 16 },
    );
    assert.ok(tried > 200, `only ${tried} findings were disabled`);
  });
});
