// Property: after any sequence of edits, the incrementally updated model and the analysis that
// reuses its caches across versions give exactly what a fresh parse and a fresh analyzer give.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer, type Analysis } from '../../server/src/analysis/analyzer';
import { type LineState, PmtaDocument, type TextEdit } from '../../server/src/syntax/document';
import type { LineInfo } from '../../server/src/syntax/scanner';
import { catalog, editorLines, lspChange, modelSnapshot, placeEdit, regexArg } from '../helpers';

const SEED = [
  '# pmta-lint: disable-file=legacy-directive',
  'postmaster admin@example.com',
  'smtp-listener 0/0:25',
  'http-access 127.0.0.1 admin',
  'domain-macro big gmail.com, yahoo.com,',
  '    hotmail.com',
  '<source 127.0.0.1>',
  '    always-allow-relaying yes',
  '</source>',
  '<virtual-mta v1>',
  '    smtp-source-host 10.0.0.1 v1.example.com',
  '    <domain gmail.com>',
  '        max-smtp-out 10   # per domain',
  '    </domain>',
  '</virtual-mta>',
  '<virtual-mta v2>',
  '    smtp-source-host 10.0.0.2 v2.example.com',
  '</virtual-mta>',
  '<virtual-mta-pool pool>',
  '    virtual-mta v1',
  '    virtual-mta v2',
  '</virtual-mta-pool>',
  '<smtp-pattern-list errs>',
  '    reply /^421 .*/ mode=backoff',
  '</smtp-pattern-list>',
  '<pattern-list routes>',
  '    mail-from /@a\\.com$/ virtual-mta=v1',
  '    mail-from /x/ <pattern-list>',
  '        * virtual-mta=pool',
  '    </pattern-list>',
  '</pattern-list>',
  '<domain $big>',
  '    max-msg-rate 100/h',
  '    smtp-pattern-list errs',
  '    max-smtp-out 5 # pmta-lint: disable=duplicate-directive',
  '    max-smtp-out 6',
  '</domain>',
  '<bounce-category-patterns>',
  '    /spam/ spam-related',
  '</bounce-category-patterns>',
  '',
].join('\n');

/** Pieces of PowerMTA (and of broken PowerMTA) that edits insert. */
const FRAGMENTS = [
  '<domain x.com>', '</domain>', '<virtual-mta v3>', '</virtual-mta>', '<virtual-mta v1>', '<source 0/0>', '</source>',
  '<pattern-list p>', '</pattern-list>', 'mail-from /a/ <pattern-list>', '<virtual-mta-pool pool>', '</virtual-mta-pool>',
  'max-smtp-out 5', 'max-smtp-ot 5', 'max-msg-rate 10/h', 'max-msg-rate ten', 'virtual-mta v2', 'virtual-mta nowhere',
  'always-allow-relaying yes', 'http-access 0/0 admin', 'relay-domain *', 'smtp-pattern-list errs', 'smtp-pattern-list none',
  'domain-macro m a.com,', 'b.com, c.com', '$big', '$nope', ', ', ',', '\n', '\n', '\n', '\r\n', '\r', '#', ' # c', '# pmta-lint: disable=unknown-directive',
  '# pmta-lint: disable-next-line', ' ', '    ', 'x', '>', '<', '/', '"', 'reply /re', '/ mode=backoff', '=', ';', '{', '{{x}}', '\t', 'v1', '10/8',
];

const editArb = fc.record({
  line: fc.nat(),
  character: fc.nat({ max: 80 }),
  span: fc.nat({ max: 3 }),
  endCharacter: fc.nat({ max: 80 }),
  pieces: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 3 }),
});
type EditSpec = typeof editArb extends fc.Arbitrary<infer T> ? T : never;

/** The edit a spec makes in this document as it stands. */
function toEdit(doc: PmtaDocument, e: EditSpec): TextEdit {
  return placeEdit(doc, e, e.pieces.join(''));
}

/** The edits as an editor sends them (each in the coordinates the ones before it left), applied one by one to SEED. */
function oneByOne(specs: EditSpec[]): { one: PmtaDocument; edits: TextEdit[] } {
  const one = new PmtaDocument(SEED, regexArg);
  const edits = specs.map((e) => {
    const edit = toEdit(one, e);
    one.applyEdit(edit);
    return edit;
  });
  return { one, edits };
}

/** Lines above `start` kept their LineInfo object and the (interned) state before them. */
function keptAbove(doc: PmtaDocument, start: number, infos: readonly LineInfo[], before: readonly LineState[]): void {
  for (let i = 0; i < start; i++) {
    assert.equal(doc.info(i), infos[i], `line ${i} above the range keeps its info`);
    assert.equal(doc.stateBefore(i), before[i], `line ${i} above the range keeps its blocks`);
  }
}

function apply(doc: PmtaDocument, e: EditSpec): void {
  doc.applyEdit(toEdit(doc, e));
}

/**
 * Applies an edit and returns the edit that undoes it line by line (the lines it touched put back
 * whole), which leaves the lines below as they were: the analysis then narrows the range the log
 * gives for both (the edit may have changed the blocks of every line below it).
 */
function applyUndoable(doc: PmtaDocument, e: EditSpec): () => void {
  const startLine = e.line % doc.lineCount;
  const endLine = Math.min(doc.lineCount - 1, startLine + e.span);
  const oldLines = doc.allLines().slice(startLine, endLine + 1);
  const count = doc.lineCount;
  apply(doc, e);
  const last = endLine + doc.lineCount - count;
  return () => doc.applyEdit({ startLine, startCharacter: 0, endLine: last, endCharacter: doc.line(last).length, text: oldLines.join('\n') });
}

/** Everything an analysis exposes, in plain data. */
function analysisSnapshot(a: Analysis) {
  const facts = [];
  for (let i = 0; i < a.doc.lineCount; i++) {
    const f = a.facts(i);
    facts.push({ entry: f.entry?.name, args: f.args, findings: f.findings, defs: f.defs, refs: f.refs });
  }
  const blocks = [a.structure.root, ...a.structure.blocks];
  return {
    findings: a.findings,
    facts,
    defs: a.symbols.defs,
    refs: a.symbols.refs,
    // What hover, go-to-definition and rename find at the start of each name.
    symbolAt: [...a.symbols.defs, ...a.symbols.refs].map((s) => a.symbols.at(s.line, s.start)),
    blocks: blocks.map((b) => [b.tag, b.arg, b.openLine, b.closeLine, b.endLine, b.closedBy, b.lines.join(',')]),
    blockOfLine: a.structure.blockOfLine.map((b) => b.openLine),
    strayCloses: a.structure.strayCloses,
    // The settings index the rules share: each block's settings, and each directive's lines in order.
    settings: blocks.map((b) => a.settings.settings(b).list.map((p) => `${p.name}@${p.line}`).join(' ')),
    byName: [...new Set(blocks.flatMap((b) => a.settings.settings(b).list.map((p) => p.name)))].sort().map((n) => `${n}: ${a.settings.all(n).map((p) => p.line)}`),
  };
}

describe('fuzz: incremental == fresh', () => {
  it('the line model equals a fresh parse after every edit of random sequences', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 25 }), (edits) => {
        const doc = new PmtaDocument(SEED, regexArg);
        for (const e of edits) {
          apply(doc, e);
          assert.deepEqual(modelSnapshot(doc), modelSnapshot(new PmtaDocument(doc.getText(), regexArg)));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('lines and line breaks follow an editor\'s through edits that put in and take out carriage returns and line feeds', () => {
    // LSP counts `\r\n`, `\r` and `\n` as line breaks: a lone `\r` and a `\n` that an edit brings
    // together are one break, so the editor's document (vscode-languageserver-textdocument) has a
    // line less. Each change is sent one edit at a time, or as one change of many edits (a batch).
    const piece = fc.constantFrom('\r', '\n', '\r\n', 'a', 'max-smtp-out 5', '<domain x>', '</domain>', '', '\t', '#');
    const edit = fc.record({ line: fc.nat(), character: fc.nat(), span: fc.nat({ max: 2 }), endCharacter: fc.nat(), text: fc.array(piece, { maxLength: 3 }).map((a) => a.join('')) });
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }).map((a) => a.join('')), fc.array(edit, { minLength: 1, maxLength: 16 }), fc.boolean(), (text, specs, batch) => {
        const doc = new PmtaDocument(text, regexArg);
        const editor = TextDocument.create('file:///t', 'powermta', 0, text);
        const edits: TextEdit[] = [];
        for (const e of specs) {
          const change = placeEdit(editorLines(editor.getText()), e, e.text);
          TextDocument.update(editor, [lspChange(change)], editor.version + 1);
          if (batch) edits.push(change);
          else {
            doc.applyEdit(change);
            assert.equal(doc.getText(), editor.getText());
          }
        }
        if (batch) doc.applyEdits(edits);
        assert.equal(doc.getText(), editor.getText());
        assert.equal(doc.lineCount, editor.lineCount);
        assert.deepEqual(modelSnapshot(doc), modelSnapshot(new PmtaDocument(editor.getText(), regexArg)));
      }),
      { numRuns: 400, seed: 41 },
    );
  });

  it('many edits in one change (a replace-all) give the model of the same edits one by one, and a range that covers them', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 8, maxLength: 30 }), (specs) => {
        const { one, edits } = oneByOne(specs);
        const batch = new PmtaDocument(SEED, regexArg);
        const infos = batch.allInfos().slice();
        const before = infos.map((_, i) => batch.stateBefore(i));
        batch.applyEdits(edits);
        assert.deepEqual(modelSnapshot(batch), modelSnapshot(one));
        assert.deepEqual(modelSnapshot(batch), modelSnapshot(new PmtaDocument(batch.getText(), regexArg)));
        const r = batch.changedSince(batch.revision - 1)!;
        assert.equal(batch.lineCount - (r.newEnd - r.oldEnd), infos.length, 'the range accounts for the line count');
        keptAbove(batch, r.start, infos, before);
        for (let i = r.newEnd; i < batch.lineCount; i++) {
          const j = i - r.newEnd + r.oldEnd;
          assert.equal(batch.info(i), infos[j], `line ${i} below the range keeps its info`);
          assert.equal(batch.stateBefore(i), before[j], `line ${i} below the range keeps its blocks`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('changes scanned lazily (a replace-all spread wide, the rest of the text pasted over) give the model and the analysis of a fresh parse', () => {
    // Lazy from the first line on (a real document is lazy from 32k lines), so that both lazy
    // paths run on a small text: every batch of edits, and every edit that runs to the end.
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 8, maxLength: 30 }), fc.nat(), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 }), (specs, from, pasted) => {
        const doc = new PmtaDocument(SEED, regexArg, [], 0);
        const analyzer = new Analyzer(catalog);
        analyzer.analyze(doc);
        const { one, edits } = oneByOne(specs);
        const infos = doc.allInfos().slice();
        const before = infos.map((_, i) => doc.stateBefore(i));
        doc.applyEdits(edits);
        assert.equal(doc.lastRescanned, 0, 'nothing scanned at once');
        const r = doc.changedSince(doc.revision - 1)!;
        assert.equal(r.newEnd, doc.lineCount, 'the range runs to the end');
        keptAbove(doc, r.start, infos, before);
        assert.deepEqual(modelSnapshot(doc), modelSnapshot(one));
        const fresh = () => new PmtaDocument(doc.getText(), regexArg);
        assert.deepEqual(analysisSnapshot(analyzer.analyze(doc)), analysisSnapshot(new Analyzer(catalog).analyze(fresh())));
        // The rest of the text, from a line of it, replaced.
        const line = from % doc.lineCount;
        const last = doc.lineCount - 1;
        doc.applyEdit({ startLine: line, startCharacter: 0, endLine: last, endCharacter: doc.line(last).length, text: pasted.join('') });
        assert.deepEqual(modelSnapshot(doc), modelSnapshot(fresh()));
        assert.deepEqual(analysisSnapshot(analyzer.analyze(doc)), analysisSnapshot(new Analyzer(catalog).analyze(fresh())));
      }),
      { numRuns: 200 },
    );
  });

  it('the change log covers every line whose scan or enclosing blocks changed, and no line is rescanned outside it', () => {
    // Lines outside the logged range keep their LineInfo object and the (interned) state before
    // them: what every incremental reader (analysis, semantic tokens, include lines) relies on.
    // The range leaves out replaced lines that came back unchanged (Enter after a tag line).
    const snapshot = (doc: PmtaDocument) => ({
      revision: doc.revision,
      infos: Array.from({ length: doc.lineCount }, (_, i) => doc.info(i)),
      before: Array.from({ length: doc.lineCount }, (_, i) => doc.stateBefore(i)),
    });
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 25 }), fc.nat({ max: 3 }), (edits, every) => {
        const doc = new PmtaDocument(SEED, regexArg);
        let was = snapshot(doc);
        edits.forEach((e, k) => {
          apply(doc, e);
          // Sometimes several edits are read as one range (the log composes them).
          if (k % (every + 1) !== every && k !== edits.length - 1) return;
          const r = doc.changedSince(was.revision)!;
          assert.ok(r, 'the log reaches back');
          assert.equal(doc.lineCount - (r.newEnd - r.oldEnd), was.infos.length, 'the range accounts for the line count');
          for (let i = 0; i < r.start; i++) {
            assert.equal(doc.info(i), was.infos[i], `line ${i} above the range keeps its info`);
            assert.equal(doc.stateBefore(i), was.before[i], `line ${i} above the range keeps its blocks`);
          }
          for (let i = r.newEnd; i < doc.lineCount; i++) {
            const j = i - r.newEnd + r.oldEnd;
            assert.equal(doc.info(i), was.infos[j], `line ${i} below the range keeps its info (was line ${j})`);
            assert.equal(doc.stateBefore(i), was.before[j], `line ${i} below the range keeps its blocks (was line ${j})`);
          }
          was = snapshot(doc);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('Enter after or before a tag line changes only the new line, which keeps the tag line\'s info', () => {
    // Over 4,096 distinct lines: the first scan's table of interned lines is dropped, so the tag
    // line scanned again is a new object unless the model keeps the old one.
    const comments = Array.from({ length: 5000 }, (_, i) => `# note ${i}`).join('\n');
    const doc = new PmtaDocument(SEED + comments, regexArg);
    const tag = SEED.split('\n').indexOf('<virtual-mta v2>');
    const info = doc.info(tag);
    const length = doc.line(tag).length;
    let r0 = doc.revision;
    doc.applyEdit({ startLine: tag, startCharacter: length, endLine: tag, endCharacter: length, text: '\n    ' });
    assert.deepEqual(doc.changedSince(r0), { start: tag + 1, oldEnd: tag + 1, newEnd: tag + 2 });
    assert.equal(doc.info(tag), info);
    r0 = doc.revision;
    doc.applyEdit({ startLine: tag, startCharacter: 0, endLine: tag, endCharacter: 0, text: '\n' });
    assert.deepEqual(doc.changedSince(r0), { start: tag, oldEnd: tag, newEnd: tag + 1 });
    assert.equal(doc.info(tag + 1), info);
    assert.deepEqual(modelSnapshot(doc), modelSnapshot(new PmtaDocument(doc.getText(), regexArg)));
  });

  it('a replaced line that reads the same but sits in other blocks stays in the range', () => {
    // `<domain a>` becomes a directive: the `</domain>` below reads the same and the state after it
    // is the same (the top level), but it no longer closes a block.
    const doc = new PmtaDocument('<domain a>\n</domain>\nmax-smtp-out 5\n', regexArg);
    const r0 = doc.revision;
    doc.applyEdit({ startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 9, text: 'max-msg-rate 5/h\n</domain>' });
    assert.deepEqual(doc.changedSince(r0), { start: 0, oldEnd: 2, newEnd: 2 });
  });

  it('the analysis that reuses its caches equals a fresh analysis after every edit', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 20 }), fc.boolean(), (edits, skipSome) => {
        const doc = new PmtaDocument(SEED, regexArg);
        const analyzer = new Analyzer(catalog);
        analyzer.analyze(doc);
        edits.forEach((e, k) => {
          apply(doc, e);
          // Sometimes several edits land between two analyses (debounced typing).
          if (skipSome && k % 3 !== 2 && k !== edits.length - 1) return;
          const incremental = analysisSnapshot(analyzer.analyze(doc));
          const fresh = analysisSnapshot(new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg)));
          assert.deepEqual(incremental, fresh);
        });
      }),
      { numRuns: 120 },
    );
  });

  it('the same holds in a file included inside blocks, whose close tags may name those blocks', () => {
    // An included file's text starts inside the blocks of its include line (PmtaDocument's
    // enclosing tags): a `</domain>` of its own there closes nothing, for the block tree and the
    // line states alike, whatever the edits above or below it.
    const ENCLOSING = [['domain'], ['virtual-mta'], ['virtual-mta', 'domain'], ['pattern-list']];
    fc.assert(
      fc.property(fc.constantFrom(...ENCLOSING), fc.array(editArb, { minLength: 1, maxLength: 20 }), (enclosing, edits) => {
        const doc = new PmtaDocument(SEED, regexArg, enclosing);
        const analyzer = new Analyzer(catalog);
        analyzer.analyze(doc);
        for (const e of edits) {
          apply(doc, e);
          const incremental = analysisSnapshot(analyzer.analyze(doc));
          const fresh = analysisSnapshot(new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg, enclosing)));
          assert.deepEqual(incremental, fresh);
        }
      }),
      { numRuns: 150, seed: 23 },
    );
  });

  it('the analysis equals a fresh one when an edit is undone (and another made) before it runs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(editArb, fc.option(editArb, { freq: 3 })), { minLength: 1, maxLength: 8 }), (steps) => {
        const doc = new PmtaDocument(SEED, regexArg);
        const analyzer = new Analyzer(catalog);
        analyzer.analyze(doc);
        for (const [e, other] of steps) {
          applyUndoable(doc, e)();
          if (other) apply(doc, other);
          const incremental = analysisSnapshot(analyzer.analyze(doc));
          assert.deepEqual(incremental, analysisSnapshot(new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg))));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the analysis is right when more edits landed than the change log remembers', () => {
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 65, maxLength: 90 }), (edits) => {
        const doc = new PmtaDocument(SEED, regexArg);
        const analyzer = new Analyzer(catalog);
        analyzer.analyze(doc);
        for (const e of edits) apply(doc, e);
        const incremental = analysisSnapshot(analyzer.analyze(doc));
        assert.deepEqual(incremental, analysisSnapshot(new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg))));
      }),
      { numRuns: 30 },
    );
  });

  it('an analysis in slices (line checks, merge and rules), with edits and other analyses landing between slices, equals a fresh one', async () => {
    const big = Array.from({ length: 12 }, () => SEED).join('\n');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(editArb, fc.nat({ max: 4 })), { minLength: 1, maxLength: 12 }), async (steps) => {
        const doc = new PmtaDocument(big, regexArg);
        const analyzer = new Analyzer(catalog);
        if (steps[0][1] === 0) analyzer.analyze(doc);
        let k = 0;
        let pauses = 0;
        const pause = async () => {
          pauses++;
          const step = steps[k++ % steps.length];
          if (step[1] <= 1) apply(doc, step[0]);
          // Another caller wanting the analysis right now finishes the pending work synchronously.
          if (step[1] === 2) analyzer.analyze(doc);
        };
        const sliced = await analyzer.analyzeInSlices(doc, { sliceMs: 0, pause });
        if (steps[0][1] !== 0) assert.ok(pauses > 0, 'a first analysis pauses between its steps');
        assert.equal(sliced.revision, doc.revision);
        assert.deepEqual(analysisSnapshot(sliced), analysisSnapshot(new Analyzer(catalog).analyze(new PmtaDocument(doc.getText(), regexArg))));
      }),
      { numRuns: 40 },
    );
  });

  it('an analysis in slices finishes even when every pause brings an edit', async () => {
    const doc = new PmtaDocument(Array.from({ length: 60 }, () => SEED).join('\n'), regexArg);
    const analyzer = new Analyzer(catalog);
    let edits = 0;
    const pause = async () => {
      edits++;
      doc.applyEdit({ startLine: 5, startCharacter: 0, endLine: 5, endCharacter: 0, text: edits % 2 ? '#' : '' });
    };
    const a = await analyzer.analyzeInSlices(doc, { sliceMs: 0, pause });
    assert.equal(a.revision, doc.revision);
    assert.ok(edits > 0, 'the work paused at least once');
  });

  it('one analyzer serving several documents keeps them apart', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 2 }), editArb), { minLength: 1, maxLength: 20 }), (steps) => {
        const analyzer = new Analyzer(catalog);
        const docs = [0, 1, 2].map(() => new PmtaDocument(SEED, regexArg));
        for (const [which, e] of steps) {
          apply(docs[which], e);
          const a = analyzer.analyze(docs[which]);
          assert.deepEqual(analysisSnapshot(a), analysisSnapshot(new Analyzer(catalog).analyze(new PmtaDocument(docs[which].getText(), regexArg))));
        }
      }),
      { numRuns: 60 },
    );
  });
});
