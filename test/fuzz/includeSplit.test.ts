// Property: PowerMTA reads an included file where its `include` line stands, so a run of whole
// top-level statements of a messy configuration (messyConfig.ts) moved into a file that the
// configuration includes in their place gets the findings the single file got: on the same lines
// (mapped to the file they now sit in), with the same messages (line numbers in them mapped the
// same way, whether written `line 12` or `conf.d/part.conf:3`). Allowed to differ, and only in this:
// - missing-log-file, missing-postmaster and missing-spool may stand on the include line (the main
//   file's first directive) instead of the first moved line;
// - the checks across files word their messages their own way (which file PowerMTA reads first),
//   so only their place is compared.
// A queue inherits from the top-level <domain> blocks of every file read at the top level, so runs
// with such blocks move too, with others left behind.
// A run of statements inside a block, moved into a file included in that block, gets the same
// findings on the same lines (messages aside: they name the block's file), but for the few checks
// that then report on the block in the main file (ON_THE_BLOCK), whose count is compared. That
// holds for a run with a misplaced block or directive too: a statement PowerMTA rejects where it
// stands is judged the same in the block as in a file included there.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Analyzer } from '../../server/src/analysis/analyzer';
import { analyzeConfig } from '../../server/src/analysis/includes/analyzeConfig';
import { LineKind } from '../../server/src/syntax/scanner';
import { analyze, catalog } from '../helpers';
import { memoryHost } from '../memoryHost';
import { messyConfig } from './messyConfig';

const MAIN = '/p/config';
const PART = '/p/part.conf';
const ANCHORED_ANYWHERE = new Set(['missing-log-file', 'missing-postmaster', 'missing-spool']);
const WORDED_ACROSS_FILES = new Set(['duplicate-directive', 'duplicate-block', 'shadowed-http-access', 'duplicate-domain-key', 'dkim-wildcard-key-first', 'shared-password', 'duplicate-reply-pattern']);
/** Checks that report on the block in the including file when the line that decides was moved into the included one. */
const ON_THE_BLOCK = new Set(['open-relay', 'discard-all-mail', 'smarthost-for-all-mail']);
const STRUCTURE = new Set(['unclosed-block', 'unexpected-close', 'malformed-tag']);

const shown = (line: number, code: string, message: string) =>
  `${ANCHORED_ANYWHERE.has(code) ? 'somewhere' : line + 1} ${code}${WORDED_ACROSS_FILES.has(code) ? '' : ` ${message}`}`;

/** A messy configuration and a run of whole statements in it (at the top level, or all inside one block), or undefined. */
function pickRun(messy: string, k1: number, k2: number, topLevel: boolean) {
  const lines = messy.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const text = lines.join('\n');
  const single = analyze(text);
  if (single.findings.some((f) => STRUCTURE.has(f.code)) || /include|pmta-lint/i.test(text)) return undefined;
  const doc = single.doc;
  // The run starts at a line of the wanted kind: at the top level, or inside a block.
  const inBlock = (i: number) => i > 0 && doc.stateAfter(i - 1).frame !== null;
  const starts = lines.map((_, i) => i).filter((i) => inBlock(i) !== topLevel);
  if (starts.length === 0) return undefined;
  const from = starts[k1 % starts.length];
  const to = from + 1 + (k2 % Math.min(20, lines.length - from));
  // Whole statements: not a continuation line on either side, no block cut.
  const continues = (i: number) => i > 0 && i < lines.length && (doc.info(i - 1).trailingComma || /\\\s*$/.test(lines[i - 1]) || doc.info(i).kind === LineKind.Continuation);
  if (continues(from) || continues(to)) return undefined;
  let depth = 0;
  for (let i = from; i < to; i++) {
    depth += doc.info(i).kind === LineKind.Open ? 1 : doc.info(i).kind === LineKind.Close ? -1 : 0;
    if (depth < 0) return undefined;
  }
  if (depth !== 0) return undefined;
  const part = lines.slice(from, to).join('\n');
  const main = [...lines.slice(0, from), `include ${PART}`, ...lines.slice(to)].join('\n');
  const split = analyzeConfig(MAIN, { host: memoryHost({ [MAIN]: main, [PART]: part }), analyzer: new Analyzer(catalog) })!;
  return { single, split, from, to, main, part };
}

describe('fuzz: a configuration split over files', () => {
  it('gets the findings of the single file when a run of top-level statements moves into an included file', () => {
    let tried = 0;
    fc.assert(
      fc.property(messyConfig, fc.nat(), fc.nat(), (messy, k1, k2) => {
        const picked = pickRun(messy, k1, k2, true);
        if (!picked) return;
        tried++;
        const { single, split, from, to, main, part } = picked;
        // 0-based lines of either file as lines of the single file (the include line has none).
        const moved = to - from;
        const singleLine = (inPart: boolean, l: number) => (inPart ? l + from : l < from ? l : l === from ? -1 : l + moved - 1);
        const got: string[] = [];
        for (const [path, a] of split.analyses) {
          const inPart = path === PART;
          for (const f of a.findings) {
            const message = f.message.replace(/(p\/part\.conf:|p\/config:|\blines? )(\d+(?:(?:, | and )\d+(?! more))*)/g, (_, head: string, numbers: string) => {
              const inFile = head === 'p/part.conf:' ? true : head === 'p/config:' ? false : inPart;
              return (head.endsWith(':') ? 'line ' : head) + numbers.replace(/\d+/g, (n) => String(singleLine(inFile, Number(n) - 1) + 1));
            });
            got.push(shown(singleLine(inPart, f.line), f.code, message));
          }
        }
        const want = single.findings.map((f) => shown(f.line, f.code, f.message));
        assert.deepEqual(got.sort(), want.sort(), `lines ${from + 1}-${to} moved into ${PART}:\n--- main\n${main}\n--- part\n${part}`);
      }),
      { numRuns: 3000, seed: 16 },
    );
    assert.ok(tried > 400, `only ${tried} configurations were split`);
  });

  it('gets the findings of the single file, on the same lines, when a run of statements inside a block moves into a file included there', () => {
    // The included file's lines are judged by the block they are read into (its reach, its
    // provider, its queue, its VMTA, its pattern list). A few checks report on the block in the
    // main file rather than on a moved line (naming that line): only their count is compared.
    let tried = 0;
    fc.assert(
      fc.property(messyConfig, fc.nat(), fc.nat(), (messy, k1, k2) => {
        const picked = pickRun(messy, k1, k2, false);
        if (!picked || picked.split.analyses.get(MAIN)!.findings.some((f) => f.code === 'misplaced-directive' && f.line === picked.from)) return;
        tried++;
        const moved = picked.to - picked.from;
        const singleLine = (inPart: boolean, l: number) => (inPart ? l + picked.from : l < picked.from ? l : l === picked.from ? -1 : l + moved - 1);
        const place = (code: string, line: number) => (ANCHORED_ANYWHERE.has(code) || ON_THE_BLOCK.has(code) ? code : `${line + 1} ${code}`);
        const want = picked.single.findings.map((f) => place(f.code, f.line)).sort();
        const got = [...picked.split.analyses].flatMap(([path, a]) => a.findings.map((f) => place(f.code, singleLine(path === PART, f.line)))).sort();
        assert.deepEqual(got, want, `lines ${picked.from + 1}-${picked.to} moved:\n--- main\n${picked.main}\n--- part\n${picked.part}`);
      }),
      { numRuns: 8000, seed: 17 },
    );
    assert.ok(tried > 120, `only ${tried} configurations were split`);
  });
});
