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
import { type Analysis, Analyzer } from '../../server/src/analysis/analyzer';
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
    assertAsFresh(analyzer, doc, `after ${e.kind} at line ${line + 1}`);
  }
}

/** The block tree as a fresh analysis builds it (tags, lines, names and their spans) and each block's settings. */
function blockShape(x: Analysis) {
  const span = (w: { start: number; end: number } | undefined) => (w ? `${w.start}-${w.end}` : '');
  return [x.structure.root, ...x.structure.blocks].map((b) => [
    b.tag,
    b.arg,
    span(b.argSpan),
    span(b.tagSpan),
    b.openLine,
    b.closeLine,
    b.endLine,
    b.lines.join(','),
    x.settings.settings(b).list.map((p) => `${p.name}@${p.line}`).join(' '),
  ]);
}

/** The analyzer's update of `doc` has the findings and the block tree of a fresh analysis. */
function assertAsFresh(analyzer: Analyzer, doc: PmtaDocument, what: string): void {
  const fresh = new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg));
  const a = analyzer.analyze(doc);
  assert.deepEqual(a.findings, fresh.findings, what);
  assert.deepEqual(blockShape(a), blockShape(fresh), what);
}

/** Open tag lines (not `<pattern-list>` opened at the end of a rule line). */
function tagLines(doc: PmtaDocument): number[] {
  const out: number[] = [];
  for (let i = 0; i < doc.lineCount; i++) if (doc.info(i).kind === LineKind.Open) out.push(i);
  return out;
}

/** Tag arguments seen in the corpus and the examples, by lower-cased tag: what renames put in. */
const TAG_ARGS = new Map<string, string[]>();
for (const text of [...corpus, ...examples]) {
  const doc = new PmtaDocument(text, regexArg);
  for (const line of tagLines(doc)) {
    const info = doc.info(line);
    const tag = info.tag!.text.toLowerCase();
    if (!info.tagArg) continue;
    const list = TAG_ARGS.get(tag) ?? [];
    if (!list.includes(info.tagArg.text)) list.push(info.tagArg.text);
    TAG_ARGS.set(tag, list);
  }
}

const renameArb = fc.record({
  target: fc.nat(),
  kind: fc.constantFrom('other', 'same-file', 'append', 'drop-last', 'wildcard', 'upper-case', 'tag-case', 'spaces', 'close-case'),
  pick: fc.nat(),
});

/**
 * Edits of tag lines that keep the block tree's shape (the blocks are renamed in place): a tag's
 * argument replaced by another seen for that tag (in the corpus, or in this file, which makes
 * duplicates and inheritance chains), a character typed or deleted, a wildcard put in front, the
 * case of the argument or the tag name changed, spaces around the argument, a close tag's case.
 */
function checkRenames(text: string, edits: { target: number; kind: string; pick: number }[]): void {
  const doc = new PmtaDocument(text, regexArg);
  const lines = tagLines(doc);
  if (lines.length === 0) return;
  const analyzer = new Analyzer(catalog);
  analyzer.analyze(doc);
  for (const e of edits) {
    const line = lines[e.target % lines.length];
    const info = doc.info(line);
    const tag = info.tag!;
    const arg = info.tagArg;
    const at = arg ?? { start: tag.end, end: tag.end, text: '' };
    const here = tagLines(doc).flatMap((l) => (doc.info(l).tag!.text.toLowerCase() === tag.text.toLowerCase() && doc.info(l).tagArg ? [doc.info(l).tagArg!.text] : []));
    const seen = TAG_ARGS.get(tag.text.toLowerCase()) ?? ['a.example'];
    let edit: { start: number; end: number; text: string };
    if (e.kind === 'other') edit = { ...at, text: (arg ? '' : ' ') + seen[e.pick % seen.length] };
    else if (e.kind === 'same-file') edit = { ...at, text: (arg ? '' : ' ') + (here.length ? here[e.pick % here.length] : 'x') };
    else if (e.kind === 'append') edit = { start: at.end, end: at.end, text: arg ? 'x' : ' x' };
    else if (e.kind === 'drop-last') edit = arg && arg.text.length > 1 ? { start: arg.end - 1, end: arg.end, text: '' } : { start: at.end, end: at.end, text: ' y' };
    else if (e.kind === 'wildcard') edit = { start: at.start, end: at.start, text: arg ? '*.' : ' *' };
    else if (e.kind === 'upper-case') edit = { ...at, text: arg ? arg.text.toUpperCase() : ' *' };
    else if (e.kind === 'tag-case') edit = { start: tag.start, end: tag.end, text: tag.text === tag.text.toUpperCase() ? tag.text.toLowerCase() : tag.text.toUpperCase() };
    else if (e.kind === 'spaces') edit = { start: tag.end, end: tag.end, text: '  ' };
    else {
      // The close tag of this block, if there is one (its name's case).
      const close = analyzer.analyze(doc).structure.blocks.find((b) => b.openLine === line)?.closeLine ?? -1;
      if (close < 0) continue;
      const closeTag = doc.info(close).tag!;
      doc.applyEdit({ startLine: close, startCharacter: closeTag.start, endLine: close, endCharacter: closeTag.end, text: closeTag.text.toUpperCase() });
      edit = { start: 0, end: 0, text: '' };
    }
    if (edit.text || edit.end > edit.start) doc.applyEdit({ startLine: line, startCharacter: edit.start, endLine: line, endCharacter: edit.end, text: edit.text });
    assertAsFresh(analyzer, doc, `after ${e.kind} on line ${line + 1}: ${doc.line(line)}`);
  }
}

/**
 * Inheritance that follows names: a top-level `<domain>` and its wildcard parents, the same domain
 * in a virtual MTA and in a pool that lists it (renaming the VMTA takes its domain out of the pool's
 * chain), a VMTA's domain that is faster in backoff only against the top-level block of its name
 * (renamed in turn, the two part and meet again), and a pattern list looked up by name.
 */
const CHAINS = `${MAIN}
<smtp-pattern-list slow>
  reply /421/ mode=backoff
</smtp-pattern-list>
<domain *>
  max-msg-rate 100/h
</domain>
<domain *.example.com>
  backoff-max-smtp-out 9
</domain>
<domain mx.example.com>
  max-smtp-out 4
  smtp-pattern-list slow
</domain>
<virtual-mta-pool pool1>
  virtual-mta v1
  <domain gmail.com>
    max-msg-rate 100/h
    require-starttls yes
  </domain>
</virtual-mta-pool>
<virtual-mta v1>
  smtp-source-host 198.51.100.7 mta1.example.net
  <domain gmail.com>
    backoff-max-msg-rate 1000/h
    use-starttls no
  </domain>
  <domain mx.example.com>
    backoff-max-smtp-out 6
  </domain>
</virtual-mta>
`;

/** A named source whose reach comes from the address of the listener block bound to it. */
const LISTENERS = `${MAIN}
<smtp-listener 0/0:25>
  source inbound
</smtp-listener>
<source inbound>
  allow-unencrypted-plain-auth yes
</source>
`;

/**
 * Every tag line of a file renamed (a character typed at the end of its argument) and restored at
 * once, one after another; then all renamed one after another, then restored.
 */
function renameSweep(text: string): void {
  const doc = new PmtaDocument(text, regexArg);
  const lines = tagLines(doc);
  const analyzer = new Analyzer(catalog);
  analyzer.analyze(doc);
  const compare = (what: string) => assertAsFresh(analyzer, doc, what);
  const ends = lines.map((line) => doc.info(line).tagArg?.end ?? doc.info(line).tag!.end);
  lines.forEach((line, k) => {
    doc.applyEdit({ startLine: line, startCharacter: ends[k], endLine: line, endCharacter: ends[k], text: 'x' });
    compare(`line ${line + 1} alone renamed: ${doc.line(line)}`);
    doc.applyEdit({ startLine: line, startCharacter: ends[k], endLine: line, endCharacter: ends[k] + 1, text: '' });
    compare(`line ${line + 1} alone restored: ${doc.line(line)}`);
  });
  lines.forEach((line, k) => {
    doc.applyEdit({ startLine: line, startCharacter: ends[k], endLine: line, endCharacter: ends[k], text: 'x' });
    compare(`line ${line + 1} renamed: ${doc.line(line)}`);
  });
  lines.forEach((line, k) => {
    doc.applyEdit({ startLine: line, startCharacter: ends[k], endLine: line, endCharacter: ends[k] + 1, text: '' });
    compare(`line ${line + 1} restored: ${doc.line(line)}`);
  });
}

/**
 * What a splice takes out, for the rules kept from before it: deleting the top-level `<domain x…>`
 * leaves the second VMTA's block of that name with the wildcard's 2 connections (a finding appears
 * below the edit), deleting the first VMTA takes the finding of its `<domain y…>` with it, and
 * deleting the empty VMTA the finding that it has no source address (a document rule that reads
 * VMTAs: no directive of it is on the deleted lines). No block-rule finding names a line below
 * these edits, and the last block keeps them away from the end of the file: either would make
 * every rule run again, which hides what the splice got wrong.
 */
const HEIRS = `${MAIN}
<domain *>
  max-smtp-out 2
</domain>
<virtual-mta v0>
  smtp-source-host 198.51.100.6 mta0.example.net
  <domain y.example.com>
    backoff-max-smtp-out 6
  </domain>
</virtual-mta>
<domain x.example.com>
  max-smtp-out 10
</domain>
<virtual-mta v1>
  smtp-source-host 198.51.100.7 mta1.example.net
  <domain x.example.com>
    backoff-max-smtp-out 6
  </domain>
</virtual-mta>
<virtual-mta v2>
</virtual-mta>
<virtual-mta v3>
  smtp-source-host 198.51.100.8 mta3.example.net
</virtual-mta>
`;

/** The lines of every block that its own close tag ends (nested ones included), as text with a final line break. */
function wholeBlocks(text: string): string[] {
  const doc = new PmtaDocument(text, regexArg);
  const a = new Analyzer(catalog).analyze(doc);
  const closed = (b: (typeof a.structure.blocks)[number]): boolean => b.closedBy === 'tag' && b.children.every(closed);
  return a.structure.blocks.filter((b) => !b.nested && closed(b)).map((b) => doc.allLines().slice(b.openLine, b.closeLine + 1).join('\n') + '\n');
}

/** Whole blocks seen in the corpus, the examples and the two handmade files: what pastes put in. */
const BLOCKS = [...new Set([...corpus, ...examples, CHAINS, LISTENERS, HEIRS].flatMap(wholeBlocks))].sort();

const spliceArb = fc.record({
  kind: fc.constantFrom('paste', 'paste-own', 'delete', 'replace', 'duplicate'),
  at: fc.nat(),
  pick: fc.nat(),
});

/**
 * Edits that put in or take out whole blocks (the block tree keeps its other nodes): a block from
 * the corpus or from this file pasted before any line (so also inside blocks), a block deleted,
 * replaced by another, or pasted again right after itself (duplicates, inheritance chains).
 */
function checkSplices(text: string, edits: { kind: string; at: number; pick: number }[]): void {
  const doc = new PmtaDocument(text, regexArg);
  const analyzer = new Analyzer(catalog);
  analyzer.analyze(doc);
  for (const e of edits) {
    const blocks = analyzer.analyze(doc).structure.blocks.filter((b) => !b.nested && b.closedBy === 'tag');
    const own = wholeBlocks(doc.getText());
    const block = blocks.length ? blocks[e.at % blocks.length] : undefined;
    const line = e.at % (doc.lineCount + 1);
    const put = (at: number, insert: string) =>
      at < doc.lineCount
        ? doc.applyEdit({ startLine: at, startCharacter: 0, endLine: at, endCharacter: 0, text: insert })
        : doc.applyEdit({ startLine: at - 1, startCharacter: doc.line(at - 1).length, endLine: at - 1, endCharacter: doc.line(at - 1).length, text: '\n' + insert.slice(0, -1) });
    let what: string;
    if (e.kind === 'paste' || (e.kind === 'paste-own' && own.length)) {
      const insert = e.kind === 'paste' ? BLOCKS[e.pick % BLOCKS.length] : own[e.pick % own.length];
      put(line, insert);
      what = `${e.kind} before line ${line + 1}: ${insert.split('\n')[0]}`;
    } else if (!block) continue;
    else {
      const lines = doc.allLines().slice(block.openLine, block.closeLine + 1);
      what = `${e.kind} of ${lines[0]} (line ${block.openLine + 1})`;
      if (e.kind === 'duplicate') put(block.closeLine + 1, lines.join('\n') + '\n');
      else {
        const end = block.closeLine + 1 < doc.lineCount ? { line: block.closeLine + 1, character: 0 } : { line: block.closeLine, character: doc.line(block.closeLine).length };
        const insert = e.kind === 'replace' ? BLOCKS[e.pick % BLOCKS.length] : '';
        doc.applyEdit({ startLine: block.openLine, startCharacter: 0, endLine: end.line, endCharacter: end.character, text: end.character ? insert.slice(0, -1) : insert });
      }
    }
    assertAsFresh(analyzer, doc, what);
  }
}

/**
 * Every block of a file deleted and put back, then pasted again after itself and deleted, then
 * commented out line by line in one edit (the line count stays) and restored, one after another.
 */
function blockSweep(text: string): void {
  const doc = new PmtaDocument(text, regexArg);
  const analyzer = new Analyzer(catalog);
  const first = analyzer.analyze(doc);
  const spans = first.structure.blocks.filter((b) => !b.nested && b.closedBy === 'tag' && b.closeLine + 1 < doc.lineCount).map((b) => [b.openLine, b.closeLine + 1]);
  const compare = (what: string) => assertAsFresh(analyzer, doc, what);
  for (const [from, to] of spans) {
    const lines = doc.allLines().slice(from, to).join('\n') + '\n';
    doc.applyEdit({ startLine: from, startCharacter: 0, endLine: to, endCharacter: 0, text: '' });
    compare(`lines ${from + 1}-${to} deleted`);
    doc.applyEdit({ startLine: from, startCharacter: 0, endLine: from, endCharacter: 0, text: lines });
    compare(`lines ${from + 1}-${to} put back`);
    doc.applyEdit({ startLine: to, startCharacter: 0, endLine: to, endCharacter: 0, text: lines });
    compare(`lines ${from + 1}-${to} pasted again after themselves`);
    doc.applyEdit({ startLine: from, startCharacter: 0, endLine: to, endCharacter: 0, text: '' });
    compare(`the first copy of lines ${from + 1}-${to} deleted`);
    const commented = lines.split('\n').slice(0, -1).map((l) => `# ${l}`).join('\n') + '\n';
    doc.applyEdit({ startLine: from, startCharacter: 0, endLine: to, endCharacter: 0, text: commented });
    compare(`lines ${from + 1}-${to} commented out`);
    doc.applyEdit({ startLine: from, startCharacter: 0, endLine: to, endCharacter: 0, text: lines });
    compare(`lines ${from + 1}-${to} back in`);
  }
}

/**
 * Lines moved across a block's tag lines as Alt+Up and Alt+Down move them, one after another: the
 * last line of each block moved below its close tag and back, then the first moved above its open
 * tag and back (the changed lines cut the block: the analysis grows them to whole blocks); then
 * its open tag line commented out and back, deleted and put back (the close tag left alone is
 * spliced in as a stray close). Every block of the examples and the handmade files; a dozen spread
 * over each corpus file.
 */
function lineMoveSweep(text: string, most = Infinity): void {
  const doc = new PmtaDocument(text, regexArg);
  const analyzer = new Analyzer(catalog);
  const first = analyzer.analyze(doc);
  const all = first.structure.blocks.filter((b) => !b.nested && b.closedBy === 'tag' && b.closeLine > b.openLine + 1).map((b) => [b.openLine, b.closeLine]);
  const every = Math.max(1, Math.ceil(all.length / most));
  const blocks = all.filter((_, k) => k % every === 0);
  const compare = (what: string) => assertAsFresh(analyzer, doc, what);
  /** Swaps line `at` and the line below it, in one edit. */
  const swap = (at: number) => {
    const a = doc.line(at);
    const b = doc.line(at + 1);
    doc.applyEdit({ startLine: at, startCharacter: 0, endLine: at + 1, endCharacter: b.length, text: `${b}\n${a}` });
  };
  for (const [open, close] of blocks) {
    for (const [at, what] of [
      [close - 1, 'moved below its close tag'],
      [open, 'moved above its open tag'],
    ] as const) {
      swap(at);
      compare(`line ${at + 1} of ${open + 1}-${close + 1} ${what}`);
      swap(at);
      compare(`line ${at + 1} of ${open + 1}-${close + 1} ${what}, and back`);
    }
    // The open tag line commented out (its close tag left alone), and back; deleted, and put back.
    const openText = doc.line(open);
    doc.applyEdit({ startLine: open, startCharacter: 0, endLine: open, endCharacter: 0, text: '#' });
    compare(`line ${open + 1} commented out`);
    doc.applyEdit({ startLine: open, startCharacter: 0, endLine: open, endCharacter: 1, text: '' });
    compare(`line ${open + 1} commented out, and back`);
    doc.applyEdit({ startLine: open, startCharacter: 0, endLine: open + 1, endCharacter: 0, text: '' });
    compare(`line ${open + 1} deleted`);
    doc.applyEdit({ startLine: open, startCharacter: 0, endLine: open, endCharacter: 0, text: `${openText}\n` });
    compare(`line ${open + 1} deleted, and put back`);
  }
}

describe('fuzz: rule results reused after an edit equal a fresh analysis', () => {
  it('lines moved across the tag lines of every block and back, and its open tag line commented out and deleted, on the examples and the corpus', () => {
    lineMoveSweep(HEIRS);
    lineMoveSweep(CHAINS);
    lineMoveSweep(LISTENERS);
    for (const text of examples) lineMoveSweep(text);
    for (const text of corpus) lineMoveSweep(text, 12);
  });

  it('whole blocks pasted, deleted and replaced on the real corpus', () => {
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(spliceArb, { minLength: 1, maxLength: 10 }), (k, edits) => checkSplices(corpus[k], edits)),
      { numRuns: 150 },
    );
  });

  it('whole blocks pasted, deleted and replaced on every rule example', () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(spliceArb, { minLength: 1, maxLength: 8 }), (k, edits) => checkSplices(examples[k], edits)),
      { numRuns: 300 },
    );
  });

  it('every block deleted and put back, then pasted twice and deleted, on the examples and the corpus', () => {
    blockSweep(HEIRS);
    blockSweep(CHAINS);
    blockSweep(LISTENERS);
    for (const text of examples) blockSweep(text);
    for (const text of corpus) blockSweep(text);
  });

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

  it('tag arguments renamed on the real corpus', () => {
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(renameArb, { minLength: 1, maxLength: 10 }), (k, edits) => checkRenames(corpus[k], edits)),
      { numRuns: 150 },
    );
  });

  it('tag arguments renamed on every rule example', () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(renameArb, { minLength: 1, maxLength: 8 }), (k, edits) => checkRenames(examples[k], edits)),
      { numRuns: 300 },
    );
  });

  it('every tag line renamed one by one, then restored, on the examples and the corpus', () => {
    renameSweep(CHAINS);
    renameSweep(LISTENERS);
    for (const text of examples) renameSweep(text);
    for (const text of corpus) renameSweep(text);
  });

  it('a VMTA\'s domain renamed, then a top-level block renamed to meet it', () => {
    // The top-level rename must find the VMTA's block under its new name: what takes settings from
    // the top-level block changes for it (backoff-max-smtp-out 6 against max-smtp-out 4).
    const doc = new PmtaDocument(CHAINS, regexArg);
    const analyzer = new Analyzer(catalog);
    analyzer.analyze(doc);
    const lines = CHAINS.split('\n');
    const top = lines.indexOf('<domain mx.example.com>');
    const nested = lines.indexOf('  <domain mx.example.com>');
    const rename = (line: number, from: string, to: string) => {
      const at = doc.line(line).indexOf(from);
      doc.applyEdit({ startLine: line, startCharacter: at, endLine: line, endCharacter: at + from.length, text: to });
      const fresh = new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg));
      assert.deepEqual(analyzer.analyze(doc).findings, fresh.findings, `after ${doc.line(line).trim()} on line ${line + 1}`);
      return fresh.findings.filter((f) => f.line === nested + 1 && f.code === 'backoff-faster-than-normal').length;
    };
    // A top-level rename first, so the index has looked its blocks up by name before the others.
    assert.equal(rename(lines.indexOf('<domain *.example.com>'), '*.example.com', '*.example.net'), 1);
    assert.equal(rename(nested, 'mx.example.com', 'nx.example.com'), 0);
    assert.equal(rename(top, 'mx.example.com', 'nx.example.com'), 1);
    assert.equal(rename(top, 'nx.example.com', 'ox.example.com'), 0);
  });

  it('on every rule example', () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 8 }), (k, edits) => check(examples[k], edits)),
      { numRuns: 300 },
    );
  });
});
