import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { SemanticTokensDelta } from 'vscode-languageserver-types';
import { LEGEND, SemanticTokensStore, diffTokens, semanticTokensData, semanticTokensRange } from '../../../server/src/features/semanticTokens';
import { analyze, cfg, model } from '../../helpers';
import { Analyzer } from '../../../server/src/analysis/analyzer';
// @ts-expect-error plain JavaScript module (the benchmark's deterministic generator)
import { generateConfig, rng } from '../../../bench/generate.mjs';

/** Decodes LSP's relative integers into `line:text type[+modifiers]` strings. */
function decode(text: string, data: readonly number[], firstLine = 0): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  let line = firstLine;
  let ch = 0;
  let first = true;
  for (let i = 0; i < data.length; i += 5) {
    const [dl, dc, len, type, mods] = data.slice(i, i + 5);
    if (first) {
      line = dl;
      ch = dc;
      first = false;
    } else {
      line += dl;
      ch = dl === 0 ? ch + dc : dc;
    }
    const names = LEGEND.tokenModifiers.filter((_, b) => mods & (1 << b));
    out.push(`${line}:${lines[line].slice(ch, ch + len)} ${LEGEND.tokenTypes[type]}${names.length ? '+' + names.join('+') : ''}`);
  }
  return out;
}

const TEXT = cfg(
  '<virtual-mta mta1>', //                          0
  '    smtp-source-host 192.0.2.10 mta1.example.com', // 1
  '</virtual-mta>', //                              2
  '<virtual-mta-pool pool1>', //                    3
  '    virtual-mta mta1', //                        4
  '</virtual-mta-pool>', //                         5
  '<domain *>', //                                  6
  '    max-msg-rate 100/15m   # throttle', //       7
  '    max-msg-per-hour 500', //                    8
  '    made-up-name 1', //                          9
  '    dkim-sign yes', //                          10
  '</domain>', //                                  11
  '<smtp-pattern-list x>', //                      12
  '    reply /421 .*/ mode=backoff,reenable-after=1h', // 13
  '</smtp-pattern-list>', //                       14
);

describe('semantic tokens', () => {
  const tokens = decode(TEXT, semanticTokensData(analyze(TEXT)));

  it('tells known directives from unknown ones, and marks deprecated names', () => {
    assert.ok(tokens.includes('7:max-msg-rate property+defaultLibrary'));
    assert.ok(tokens.includes('9:made-up-name property'));
    assert.ok(tokens.includes('8:max-msg-per-hour property+deprecated+defaultLibrary'));
  });

  it('marks block names, definitions and references', () => {
    assert.ok(tokens.includes('0:virtual-mta type+defaultLibrary'));
    assert.ok(tokens.includes('0:mta1 class+declaration+definition'));
    assert.ok(tokens.includes('4:mta1 class'));
    assert.ok(tokens.includes('3:pool1 class+declaration+definition'));
  });

  it('marks numbers, keywords, regexes and comments', () => {
    assert.ok(tokens.includes('7:100/15m number'));
    assert.ok(tokens.includes('7:# throttle comment'));
    assert.ok(tokens.includes('10:yes enumMember'));
    assert.ok(tokens.includes('13:/421 .*/ regexp'));
    assert.ok(tokens.includes('13:mode=backoff enumMember'));
    assert.ok(tokens.includes('13:reenable-after= enumMember'));
    assert.ok(tokens.includes('13:1h number'));
  });

  it('answers a range with the tokens of its lines only', () => {
    const r = semanticTokensRange(analyze(TEXT), { start: { line: 7, character: 0 }, end: { line: 8, character: 100 } });
    assert.deepEqual(
      decode(TEXT, r.data).map((t) => t.split(':')[0]),
      ['7', '7', '7', '8', '8'],
    );
  });
});

describe('semantic token deltas', () => {
  it('diffs on whole tokens', () => {
    assert.deepEqual(diffTokens([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), []);
    assert.deepEqual(diffTokens([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 0, 9, 10]), [{ start: 5, deleteCount: 5, data: [6, 7, 0, 9, 10] }]);
    assert.deepEqual(diffTokens([1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 0, 1, 3, 0, 0]), [{ start: 5, deleteCount: 0, data: [0, 1, 3, 0, 0] }]);
  });

  it('turns an edit into a small delta that rebuilds the new tokens', async () => {
    const doc = model(TEXT);
    const analyzer = new Analyzer();
    const store = new SemanticTokensStore();
    const first = (await store.full('u', analyzer.analyze(doc)))!;
    doc.applyEdit({ startLine: 9, startCharacter: 4, endLine: 9, endCharacter: 16, text: 'max-smtp-out' });
    const a = analyzer.analyze(doc);
    const next = semanticTokensData(a);
    const delta = (await store.delta('u', first.resultId!, a)) as SemanticTokensDelta;
    assert.ok(delta.edits, 'expected edits');
    assert.ok(delta.edits.length === 1 && delta.edits[0].deleteCount <= 10, JSON.stringify(delta.edits));
    assert.deepEqual(applyDelta(first.data, delta), next);
    assert.notEqual(delta.resultId, first.resultId);
  });

  it('sends full tokens when the previous result is unknown', async () => {
    const store = new SemanticTokensStore();
    const a = analyze('max-smtp-out 5\n');
    const r = await store.delta('u', 'stale', a);
    assert.deepEqual((r as { data: number[] }).data, semanticTokensData(a));
  });

  it('after random edits, the deltas rebuild exactly the full tokens of each version', async () => {
    const random = rng(20261126);
    const base = generateConfig(400) + cfg('domain-macro m a.com,', '    b.com, c.com,', '    d.com', '<pattern-list p>', '    mail-from /x/ <pattern-list>', '        * virtual-mta=v', '    </pattern-list>', '</pattern-list>');
    const pieces = ['<domain x>', '</domain>', 'max-smtp-out 7', 'virtual-mta v2', '\n', '\n\n', '#', 'x', ' ', ',', ', e.com', '<virtual-mta v2>', '</virtual-mta>', 'bogus 1', 'domain-macro q a.com,'];
    const doc = model(base);
    const analyzer = new Analyzer();
    const store = new SemanticTokensStore();
    let result = (await store.full('u', analyzer.analyze(doc)))!;
    let mirror = result.data;
    let spliced = 0;
    for (let k = 0; k < 300; k++) {
      const line = Math.floor(random() * doc.lineCount);
      const text = doc.line(line);
      const ch = Math.floor(random() * (text.length + 1));
      const endLine = Math.min(doc.lineCount - 1, line + (random() < 0.2 ? 1 : 0));
      const endCh = endLine === line ? Math.min(text.length, ch + Math.floor(random() * 4)) : Math.floor(random() * (doc.line(endLine).length + 1));
      doc.applyEdit({ startLine: line, startCharacter: ch, endLine, endCharacter: endCh, text: random() < 0.3 ? '' : pieces[Math.floor(random() * pieces.length)] });
      const a = analyzer.analyze(doc);
      const delta = (await store.delta('u', result.resultId!, a))!;
      const want = semanticTokensData(a);
      if ('edits' in delta) {
        mirror = applyDelta(mirror, delta);
        if (delta.edits.length && delta.edits[0].data!.length < want.length / 2) spliced++;
      } else mirror = delta.data;
      assert.deepEqual(mirror, want, `after edit ${k}`);
      result = { resultId: delta.resultId, data: mirror };
    }
    assert.ok(spliced > 250, `${spliced} of 300 deltas were small splices`);
  });
});

describe('semantic tokens in slices', () => {
  it('gives the same tokens as at once, pausing between slices', async () => {
    const analysis = analyze(generateConfig(3000));
    let pauses = 0;
    const r = await new SemanticTokensStore().full('u', analysis, { sliceMs: 0, pause: async () => void pauses++ });
    assert.deepEqual(r?.data, semanticTokensData(analysis));
    assert.ok(pauses >= 3, `${pauses} pauses`);
  });

  it('gives up when the document changes during a pause, and the next request is answered', async () => {
    const doc = model(generateConfig(3000));
    const analyzer = new Analyzer();
    const analysis = analyzer.analyze(doc);
    const store = new SemanticTokensStore();
    const r = await store.full('u', analysis, { sliceMs: 0, pause: async () => doc.applyEdit({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0, text: '#' }) });
    assert.equal(r, undefined);
    const again = analyzer.analyze(doc);
    assert.deepEqual((await store.full('u', again))?.data, semanticTokensData(again));
  });
});

function applyDelta(data: readonly number[], delta: SemanticTokensDelta): number[] {
  const out = [...data];
  for (const e of delta.edits) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}
