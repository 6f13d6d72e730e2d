import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { type FormatOptions, formatDocument, formatInSlices, formatRange } from '../../../server/src/features/formatting';
import { cfg, model } from '../../helpers';
import { applyAsEditor, applyEdits } from './edits';

const SPACES: FormatOptions = { indent: 4, useTabs: false, alignValues: false };

function format(text: string, options: Partial<FormatOptions> = {}): string {
  return applyEdits(text, formatDocument(model(text), { ...SPACES, ...options }));
}

describe('formatting', () => {
  it('indents by block depth, one space between name and value, no trailing blanks', () => {
    const text = cfg('<virtual-mta v>', 'smtp-source-host    1.2.3.4 v.example.com   ', '  <domain *>', 'max-smtp-out\t5', '</domain>', '      </virtual-mta>  ');
    assert.equal(format(text), cfg('<virtual-mta v>', '    smtp-source-host 1.2.3.4 v.example.com', '    <domain *>', '        max-smtp-out 5', '    </domain>', '</virtual-mta>'));
  });

  it('uses tabs or another width when asked', () => {
    const text = cfg('<domain *>', '<virtual-mta v>', 'x 1', '</virtual-mta>', '</domain>');
    assert.equal(format(text, { useTabs: true }), cfg('<domain *>', '\t<virtual-mta v>', '\t\tx 1', '\t</virtual-mta>', '</domain>'));
    assert.equal(format(text, { indent: 2 }), cfg('<domain *>', '  <virtual-mta v>', '    x 1', '  </virtual-mta>', '</domain>'));
  });

  it('aligns values of consecutive directives in a column when asked', () => {
    const text = cfg('<domain *>', 'max-smtp-out 5', 'retry-after 10m', '', 'bounce-after 4d', '</domain>');
    assert.equal(format(text, { alignValues: true }), cfg('<domain *>', '    max-smtp-out 5', '    retry-after  10m', '', '    bounce-after 4d', '</domain>'));
  });

  it('aligns a run of 150k directives (more than V8 takes as the arguments of one call)', () => {
    const text = '<domain *>\n' + 'max-smtp-out 5\nretry-after 10m\n'.repeat(75_000) + '</domain>\n';
    const out = format(text, { alignValues: true }).split('\n');
    assert.equal(out[1], '    max-smtp-out 5');
    assert.equal(out[150_000], '    retry-after  10m');
  });

  it('keeps comments, blank lines and trailing comments (at their column when there is room)', () => {
    const text = cfg('# top', '', '', '<domain *>', '      # inside', 'max-smtp-out   5       # five', 'retry-after 10m# glued', '</domain>  # end');
    assert.equal(format(text), cfg('# top', '', '', '<domain *>', '    # inside', '    max-smtp-out 5     # five', '    retry-after 10m# glued', '</domain>  # end'));
  });

  it('leaves continuation lines, quoted strings and regexes as written', () => {
    const text = cfg('domain-macro  m a.com,', '      b.com,   ', '  c.com', '<smtp-pattern-list x>', 'reply   /too   many  / mode=backoff', '</smtp-pattern-list>', 'custom-dsn-from-header   "Mail  Daemon <x@y>"');
    assert.equal(
      format(text),
      cfg('domain-macro m a.com,', '      b.com,', '  c.com', '<smtp-pattern-list x>', '    reply /too   many  / mode=backoff', '</smtp-pattern-list>', 'custom-dsn-from-header "Mail  Daemon <x@y>"'),
    );
  });

  it('leaves a line with an unclosed quote or regex untouched', () => {
    const text = cfg('<domain *>', 'auth-password    "abc  ', '</domain>');
    assert.equal(format(text), cfg('<domain *>', 'auth-password    "abc  ', '</domain>'));
  });

  it('indents nested pattern lists opened at the end of a rule', () => {
    const text = cfg('<pattern-list p>', 'mail-from /x/ <pattern-list>', '* virtual-mta=v', '</pattern-list>', '</pattern-list>');
    assert.equal(format(text), cfg('<pattern-list p>', '    mail-from /x/ <pattern-list>', '        * virtual-mta=v', '    </pattern-list>', '</pattern-list>'));
  });

  it('returns one edit per changed line and none when the text is already formatted', () => {
    const text = cfg('<domain *>', 'max-smtp-out 5', '    retry-after 10m', '</domain>');
    const edits = formatDocument(model(text), SPACES);
    assert.deepEqual(edits, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 14 } }, newText: '    max-smtp-out 5' }]);
    assert.deepEqual(formatDocument(model(format(text)), SPACES), []);
  });

  it('formats only the lines a range touches', () => {
    const text = cfg('<domain *>', 'a 1', 'b   2', 'c 3', '</domain>');
    const edits = formatRange(model(text), { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, SPACES);
    assert.equal(applyEdits(text, edits), cfg('<domain *>', 'a 1', '    b 2', 'c 3', '</domain>'));
  });

  it('keeps a byte-order mark and the template lines of unrendered files', () => {
    assert.equal(format('\uFEFF  postmaster a@b.c\n'), '\uFEFFpostmaster a@b.c\n');
    assert.equal(format('{{#each ips}}  \n'), '{{#each ips}}\n');
  });
  it('leaves Git\'s conflict markers at the start of their lines and indents the lines between them', () => {
    const text = cfg('<domain x>', '<<<<<<< HEAD  ', 'max-smtp-out 10', '=======', '      max-smtp-out 20', '>>>>>>> raise # #12', '</domain>');
    assert.equal(format(text), cfg('<domain x>', '<<<<<<< HEAD  ', '    max-smtp-out 10', '=======', '    max-smtp-out 20', '>>>>>>> raise # #12', '</domain>'));
  });

  it('keeps the blanks of a blank line between a lone \\r and a \\n (emptied, the line would go)', () => {
    const text = 'postmaster a@b.c\r\t\nrun-as-root no\r\n\t\r\nlog-file /x\n';
    const out = applyAsEditor(text, formatDocument(model(text), SPACES));
    assert.equal(out, 'postmaster a@b.c\r\t\nrun-as-root no\r\n\r\nlog-file /x\n');
    assert.equal(model(out).lineCount, model(text).lineCount);
  });
});

describe('formatting in slices', () => {
  // 6,000 unindented lines of blocks, names and values with extra blanks: an edit on most lines.
  const text = Array.from({ length: 1500 }, (_, i) => cfg(`<domain d${i}.example>`, `max-smtp-out    ${i % 20}`, `   retry-after ${i % 50}m  # r`, '</domain>').trimEnd()).join('\n') + '\n';
  const range = { start: { line: 1000, character: 3 }, end: { line: 2400, character: 0 } };

  for (const alignValues of [false, true]) {
    it(`gives exactly the edits of formatting at once, pausing in between${alignValues ? ' (aligned values)' : ''}`, async () => {
      const options = { ...SPACES, alignValues };
      const doc = model(text);
      let pauses = 0;
      const slices = { sliceMs: 0, pause: async () => void pauses++ };
      assert.deepEqual(await formatInSlices(doc, options, slices), formatDocument(doc, options));
      assert.ok(pauses >= 5, `paused ${pauses} times`);
      assert.deepEqual(await formatInSlices(doc, options, slices, range), formatRange(doc, range, options));
      // Each block's two directive lines change: one edit per block (its lines joined), or one per
      // line where the line breaks are \r\n.
      assert.equal(formatDocument(doc, options).length, 1500);
      assert.equal(formatDocument(model(text.replace(/\n/g, '\r\n')), options).length, 3000);
    });
  }

  it('gives up when the document changes during a pause, or when told to stop', async () => {
    const doc = model(text);
    const edited = await formatInSlices(doc, SPACES, {
      sliceMs: 0,
      pause: async () => doc.applyEdit({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0, text: '#' }),
    });
    assert.equal(edited, undefined);
    let stop = false;
    const stopped = await formatInSlices(model(text), SPACES, { sliceMs: 0, pause: async () => void (stop = true), stop: () => stop });
    assert.equal(stopped, undefined);
  });
});
