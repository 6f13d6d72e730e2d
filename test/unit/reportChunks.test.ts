// pmta-lint's reports are made in pieces and written in batches, so that a report larger than one
// JavaScript string (V8 stops at 512 MB: a million-line file with problems everywhere makes 780 MB
// of JSON) is still written. The pieces must join to exactly what one JSON.stringify would print.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FileReport, ReportedFinding } from '../../server/src/report/fileResult';
import { jsonChunks } from '../../server/src/report/json';
import { indentJson, jsonWithArray } from '../../server/src/report/jsonChunks';
import { sarifChunks } from '../../server/src/report/sarif';
import { textChunks } from '../../server/src/report/text';
import { writeChunks } from '../../server/src/cli/output';

// Text with what JSON must escape or keep: quotes, backslashes, line breaks, tabs, non-ASCII, and
// text that looks like the key the SARIF writer looks for.
const tricky = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('"results": []', 'a\nb', '\\', '\t"x"\r\n', 'ünïcode ✓', '\u2028', '`code`', ''),
);

const finding = (file: string): fc.Arbitrary<ReportedFinding> =>
  fc.record({
    file: fc.constant(file),
    line: fc.nat(100_000),
    column: fc.nat(500),
    endLine: fc.nat(100_000),
    endColumn: fc.nat(500),
    severity: fc.constantFrom('error', 'warning', 'information', 'hint'),
    code: fc.constantFrom('unknown-directive', 'invalid-value', 'no-such-code'),
    message: tricky,
  }) as fc.Arbitrary<ReportedFinding>;

const report: fc.Arbitrary<FileReport> = fc
  .string({ minLength: 1, maxLength: 12 })
  .chain((file) => fc.record({ file: fc.constant(file), lines: fc.constant([] as string[]), findings: fc.array(finding(file), { maxLength: 8 }) }));

const reports = fc.array(report, { maxLength: 4 });

describe('report pieces', () => {
  it('JSON: the pieces join to JSON.stringify(findings, null, 2), one finding per piece', () => {
    fc.assert(
      fc.property(reports, (rs) => {
        const pieces = [...jsonChunks(rs)];
        const all = rs.flatMap((r) => r.findings);
        assert.equal(pieces.join(''), JSON.stringify(all, null, 2) + '\n');
        assert.equal(pieces.length, all.length + 1);
      }),
      { numRuns: 300 },
    );
  });

  // The document's other parts must not hold a key of the same name (the SARIF log does not).
  const noResultsKey = fc.jsonValue({ maxDepth: 2 }).filter((v) => !JSON.stringify(v).includes('"results":'));

  it('jsonWithArray: an array spliced into a document prints as JSON.stringify of the whole', () => {
    const doc = (items: unknown[], before: unknown, after: unknown) => ({ before, runs: [{ nested: { before }, results: items, after }], after });
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 6 }), noResultsKey, tricky, (items, before, after) => {
        const pieces = [...jsonWithArray(doc([], before, after), 'results', items)];
        assert.equal(pieces.join(''), JSON.stringify(doc(items, before, after), null, 2));
        assert.equal(pieces.length, Math.max(1, items.length + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('jsonWithArray refuses a document without the empty array (instead of printing it wrongly)', () => {
    assert.throws(() => [...jsonWithArray({ results: [1] }, 'results', [2])], /no empty array at results/);
    assert.throws(() => [...jsonWithArray({ other: '"results": []' }, 'results', [2])], /no empty array at results/);
  });

  it('indentJson indents every line, and line breaks inside strings stay escaped', () => {
    assert.equal(indentJson({ a: 'x\ny', b: [1] }, '  '), '  {\n    "a": "x\\ny",\n    "b": [\n      1\n    ]\n  }');
  });

  it('SARIF: one piece per result, and the log parses with every result in order', () => {
    fc.assert(
      fc.property(reports, (rs) => {
        const pieces = [...sarifChunks(rs, { name: 'pmta-lint', version: '1.0.0', cwd: '/tmp' })];
        const all = rs.flatMap((r) => r.findings);
        const log = JSON.parse(pieces.join(''));
        assert.deepEqual(
          log.runs[0].results.map((x: { ruleId: string; message: { text: string } }) => [x.ruleId, x.message.text]),
          all.map((f) => [f.code, f.message.replace(/`/g, "'")]),
        );
        assert.equal(pieces.length, all.length + 2);
        // Re-printing the parsed log gives the same text: the pieces are exactly JSON.stringify's layout.
        assert.equal(pieces.join(''), JSON.stringify(log, null, 2) + '\n');
      }),
      { numRuns: 100 },
    );
  });

  it('text: one piece per output line, each with its line break', () => {
    const rs: FileReport[] = [
      {
        file: 'a.conf',
        lines: ['max-smtp-ot 20'],
        findings: [{ file: 'a.conf', line: 1, column: 1, endLine: 1, endColumn: 12, severity: 'warning', code: 'unknown-directive', message: 'Unknown directive' }],
      },
    ];
    assert.deepEqual([...textChunks(rs, { color: false, excerpt: true, quiet: false })], [
      'a.conf:1:1: warning unknown-directive: Unknown directive\n',
      '1 | max-smtp-ot 20\n',
      '  | ^~~~~~~~~~~\n',
      '1 warning in 1 file\n',
    ]);
    assert.deepEqual([...textChunks([], { color: false, excerpt: false, quiet: false })], []);
  });
});

describe('control characters in the text report', () => {
  it('are shown by visible characters, never sent to the terminal (excerpt and caret stay aligned)', () => {
    const src = 'max\x1b]0;HACKED\x07-smtp 5';
    const rs: FileReport[] = [
      {
        file: 'a\x1b[31m.conf',
        lines: [src],
        findings: [{ file: 'a\x1b[31m.conf', line: 1, column: 1, endLine: 1, endColumn: 20, severity: 'warning', code: 'unknown-directive', message: 'Unknown directive `max\x1b]0;HACKED\x07-smtp`' }],
      },
    ];
    assert.deepEqual([...textChunks(rs, { color: false, excerpt: true, quiet: true })], [
      'a\u241b[31m.conf:1:1: warning unknown-directive: Unknown directive `max\u241b]0;HACKED\u2407-smtp`\n',
      '1 | max\u241b]0;HACKED\u2407-smtp 5\n',
      '  | ^~~~~~~~~~~~~~~~~~~\n',
    ]);
  });

  it('no C0 (but line breaks and tabs), DEL, C1, bidirectional or zero-width character survives, whatever the message or line', () => {
    const anyChar = fc.oneof(fc.integer({ min: 0, max: 0xff }), fc.constantFrom(0x061c, 0x200b, 0x200f, 0x202e, 0x2066, 0x2069, 0xfeff)).map((c) => String.fromCharCode(c));
    const text = fc.array(anyChar, { maxLength: 40 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, text, (message, line) => {
        const rs: FileReport[] = [{ file: 'f', lines: [line], findings: [{ file: 'f', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', code: 'x', message }] }];
        const out = [...textChunks(rs, { color: false, excerpt: true, quiet: false })].join('');
        assert.doesNotMatch(out, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('writeChunks', () => {
  it('writes the pieces in order, in batches of about the batch size, waiting for drain between batches', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 40 }), { maxLength: 200 }), fc.integer({ min: 1, max: 300 }), async (pieces, batchChars) => {
        const writes: string[] = [];
        let drains = 0;
        let writesAtLastDrain = 0;
        await writeChunks(
          {
            stdout: (s) => void writes.push(s),
            drain: async () => {
              // Every batch before a drain was written already; the next one only after it.
              assert.equal(writes.length, writesAtLastDrain + 1);
              writesAtLastDrain = writes.length;
              drains++;
            },
          },
          pieces,
          batchChars,
        );
        assert.equal(writes.join(''), pieces.join(''));
        const longest = Math.max(0, ...pieces.map((p) => p.length));
        for (const w of writes) assert.ok(w.length < batchChars + longest, `a batch of ${w.length} characters`);
        assert.ok(drains === writes.length || drains === writes.length - 1);
        if (pieces.join('') === '') assert.ok(writes.every((w) => w === ''));
      }),
      { numRuns: 300 },
    );
  });
});
