// Property: the rules' reuse after an edit (declared `reads`, block rules re-run for touched and
// inheriting blocks, the settings index updated in place) gives exactly the findings of a fresh
// analysis. The edits replace one line with another directive line (same line count, same block
// tree: the case where reuse happens) on the real corpus and on every rule's bad example, so each
// operator rule sees changes both to what it reads and to what it does not. Line breaks added and
// removed check the moved block tree and settings index the same way.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Analyzer } from '../../server/src/analysis/analyzer';
import { CODES, type CodeInfo } from '../../server/src/analysis/codes';
import { PmtaDocument } from '../../server/src/syntax/document';
import { LineKind } from '../../server/src/syntax/scanner';
import { catalog, regexArg } from '../helpers';

const CORPUS = join(__dirname, '..', 'corpus', 'real');
const corpus = readdirSync(CORPUS)
  .filter((f) => f !== 'SOURCES.tsv')
  .map((f) => readFileSync(join(CORPUS, f), 'utf8'));
/**
 * Two process-wide settings: enough for a fragment to look like a main configuration (some rules
 * check only those), and one misspelt setting away from not looking like one.
 */
const MAIN = 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n';
const examples = (Object.values(CODES) as CodeInfo[]).flatMap((info) =>
  info.examples ? [info.examples.bad, info.examples.good, MAIN + info.examples.bad, MAIN + info.examples.good] : [],
);

/** Directive lines (without indentation) seen in the corpus and the examples: what edits put in. */
const DIRECTIVES = [
  ...new Set(
    [...corpus, ...examples].flatMap((text) => {
      const doc = new PmtaDocument(text, regexArg);
      const out: string[] = [];
      for (let i = 0; i < doc.lineCount; i++) {
        const info = doc.info(i);
        if (info.kind === LineKind.Directive && !info.trailingComma && !info.nestedOpen) out.push(doc.line(i).trim());
      }
      return out;
    }),
  ),
].sort();

/** Directive lines of a document (the lines an edit replaces). */
function directiveLines(doc: PmtaDocument): number[] {
  const out: number[] = [];
  for (let i = 0; i < doc.lineCount; i++) if (doc.info(i).kind === LineKind.Directive && !doc.info(i).nestedOpen) out.push(i);
  return out;
}

const editArb = fc.record({ target: fc.nat(), replacement: fc.nat({ max: DIRECTIVES.length - 1 }), keepValue: fc.boolean() });

function check(text: string, edits: { target: number; replacement: number; keepValue: boolean }[]): void {
  const doc = new PmtaDocument(text, regexArg);
  const lines = directiveLines(doc);
  if (lines.length === 0) return;
  const analyzer = new Analyzer(catalog);
  analyzer.analyze(doc);
  for (const e of edits) {
    const line = lines[e.target % lines.length];
    const old = doc.line(line);
    const indent = old.slice(0, doc.info(line).indent);
    // Half the edits keep the directive and change its value; the others put in another directive.
    const other = DIRECTIVES[e.replacement];
    const text = e.keepValue && doc.info(line).name ? `${doc.info(line).name!.text} ${other.split(/\s+/).slice(1).join(' ')}` : other;
    doc.applyEdit({ startLine: line, startCharacter: 0, endLine: line, endCharacter: old.length, text: indent + text });
    const incremental = analyzer.analyze(doc).findings;
    const fresh = new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg)).findings;
    assert.deepEqual(incremental, fresh, `after line ${line + 1} became ${JSON.stringify(text)}`);
  }
}

/**
 * Directive lines (at most `limit`, spread over the file) misspelt one after another, so the
 * settings disappear one by one, then restored one by one. A rule that reads a directive without
 * declaring it keeps a stale finding (or misses one) at the first step that matters to it,
 * including thresholds such as "looks like a main configuration" that need several lines to flip.
 */
function sweep(text: string, limit: number): void {
  const doc = new PmtaDocument(text, regexArg);
  const all = directiveLines(doc);
  const step = Math.max(1, Math.ceil(all.length / limit));
  const lines = all.filter((_, k) => k % step === 0);
  const analyzer = new Analyzer(catalog);
  analyzer.analyze(doc);
  const compare = (what: string) => {
    const fresh = new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg)).findings;
    assert.deepEqual(analyzer.analyze(doc).findings, fresh, what);
  };
  for (const line of lines) {
    const at = doc.info(line).indent;
    doc.applyEdit({ startLine: line, startCharacter: at, endLine: line, endCharacter: at, text: 'x' });
    compare(`line ${line + 1} misspelt: ${doc.line(line)}`);
  }
  for (const line of lines) {
    const at = doc.info(line).indent;
    doc.applyEdit({ startLine: line, startCharacter: at, endLine: line, endCharacter: at + 1, text: '' });
    compare(`line ${line + 1} restored: ${doc.line(line)}`);
  }
}

const breakArb = fc.record({
  line: fc.nat(),
  kind: fc.constantFrom('enter', 'blank-line', 'delete-line', 'join', 'comment-out', 'uncomment', 'type-directive'),
  directive: fc.nat({ max: DIRECTIVES.length - 1 }),
});

/**
 * Edits that change the line count, or make lines directives or not, without touching tag lines
 * (the block tree is moved, not rebuilt, and the settings index updated in place): Enter at the end
 * of a line, a blank line put in, a non-tag line deleted, a line break removed, a line commented
 * out or back in, a directive typed on a new line. Each is compared with a fresh analysis.
 */
function checkBreaks(text: string, edits: { line: number; kind: string; directive: number }[]): void {
  const doc = new PmtaDocument(text, regexArg);
  const analyzer = new Analyzer(catalog);
  analyzer.analyze(doc);
  for (const e of edits) {
    const line = e.line % doc.lineCount;
    const length = doc.line(line).length;
    if (e.kind === 'comment-out') doc.applyEdit({ startLine: line, startCharacter: 0, endLine: line, endCharacter: 0, text: '#' });
    else if (e.kind === 'uncomment') {
      const at = doc.line(line).indexOf('#');
      if (at < 0 || doc.line(line).slice(0, at).trim()) continue;
      doc.applyEdit({ startLine: line, startCharacter: at, endLine: line, endCharacter: at + 1, text: '' });
    } else if (e.kind === 'type-directive') doc.applyEdit({ startLine: line, startCharacter: length, endLine: line, endCharacter: length, text: '\n' + ' '.repeat(doc.info(line).indent) + DIRECTIVES[e.directive] });
    else if (e.kind === 'enter') doc.applyEdit({ startLine: line, startCharacter: length, endLine: line, endCharacter: length, text: '\n' + ' '.repeat(doc.info(line).indent) });
    else if (e.kind === 'blank-line') doc.applyEdit({ startLine: line, startCharacter: 0, endLine: line, endCharacter: 0, text: '\n' });
    else if (line + 1 >= doc.lineCount) continue;
    else if (e.kind === 'delete-line') doc.applyEdit({ startLine: line, startCharacter: 0, endLine: line + 1, endCharacter: 0, text: '' });
    else doc.applyEdit({ startLine: line, startCharacter: length, endLine: line + 1, endCharacter: 0, text: ' ' });
    const a = analyzer.analyze(doc);
    const fresh = new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg));
    const where = `after ${e.kind} at line ${line + 1}`;
    assert.deepEqual(a.findings, fresh.findings, where);
    const blocks = (x: typeof a) => [x.structure.root, ...x.structure.blocks].map((b) => [b.tag, b.openLine, b.closeLine, b.endLine, b.lines.join(','), x.settings.settings(b).list.map((p) => `${p.name}@${p.line}`).join(' ')]);
    assert.deepEqual(blocks(a), blocks(fresh), where);
  }
}

describe('fuzz: rule results reused after an edit equal a fresh analysis', () => {
  it('line breaks added and removed on the real corpus', () => {
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(breakArb, { minLength: 1, maxLength: 12 }), (k, edits) => checkBreaks(corpus[k], edits)),
      { numRuns: 120 },
    );
  });

  it('line breaks added and removed on every rule example', () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(breakArb, { minLength: 1, maxLength: 8 }), (k, edits) => checkBreaks(examples[k], edits)),
      { numRuns: 300 },
    );
  });

  it('every rule example, with its directive lines misspelt one by one, then restored', () => {
    for (const text of examples) sweep(text, Infinity);
  });

  it('the real corpus, with directive lines misspelt one by one, then restored', () => {
    for (const text of corpus) sweep(text, 25);
  });

  it('on the real corpus', () => {
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 12 }), (k, edits) => check(corpus[k], edits)),
      { numRuns: 150 },
    );
  });

  it('on every rule example', () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 8 }), (k, edits) => check(examples[k], edits)),
      { numRuns: 300 },
    );
  });
});
