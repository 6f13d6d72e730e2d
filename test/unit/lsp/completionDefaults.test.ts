import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type CompletionItem, type CompletionList, InsertTextFormat } from 'vscode-languageserver-types';
import { completion } from '../../../server/src/features/completion';
import { withItemDefaults } from '../../../server/src/lsp/completionDefaults';
import { analyze, cursor } from '../../helpers';

const ALL = ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'];

/** What a client makes of a list with item defaults (LSP 3.17 §CompletionList.itemDefaults). */
function expand(list: CompletionList): CompletionItem[] {
  const d = list.itemDefaults ?? {};
  return list.items.map((item) => {
    const out: CompletionItem = { ...item };
    if (!out.textEdit && d.editRange) {
      out.textEdit = { range: d.editRange as never, newText: out.textEditText ?? out.label };
      delete out.textEditText;
    }
    out.insertTextFormat ??= d.insertTextFormat ?? InsertTextFormat.PlainText;
    out.filterText ??= out.label;
    return out;
  });
}

/** The same items as a client reads them without defaults. */
function plain(list: CompletionList): CompletionItem[] {
  return list.items.map((item) => ({ ...item, insertTextFormat: item.insertTextFormat ?? InsertTextFormat.PlainText, filterText: item.filterText ?? item.label }));
}

function listAt(marked: string): CompletionList {
  const { text, line, character } = cursor(marked);
  return completion(analyze(text), { line, character }, { snippetSupport: true, snippets: true, deferDocumentation: true });
}

describe('completion item defaults', () => {
  it('sends the shared edit range once and each directive name as its label', () => {
    const list = listAt('<domain *>\n    max-sm|\n</domain>\n');
    const compact = withItemDefaults(list, ALL);
    assert.deepEqual(compact.itemDefaults?.editRange, { start: { line: 1, character: 4 }, end: { line: 1, character: 10 } });
    const item = compact.items.find((i) => i.label === 'max-smtp-out')!;
    assert.equal(item.textEdit, undefined);
    assert.equal(item.textEditText, 'max-smtp-out ', 'the inserted text differs from the label (a space follows)');
    assert.equal(item.filterText, undefined);
    assert.ok(JSON.stringify(compact).length < JSON.stringify(list).length * 0.7, 'at least 30% smaller');
    assert.deepEqual(expand(compact), plain(list));
  });

  it('keeps every edit when the items replace different ranges or one has no edit', () => {
    const list: CompletionList = {
      isIncomplete: false,
      items: [
        { label: 'a', textEdit: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: 'a' } },
        { label: 'b', textEdit: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, newText: 'b' } },
      ],
    };
    assert.equal(withItemDefaults(list, ALL).itemDefaults?.editRange, undefined);
    const noEdit: CompletionList = { isIncomplete: false, items: [list.items[0], { label: 'c', insertText: 'c' }] };
    const out = withItemDefaults(noEdit, ALL);
    assert.equal(out.itemDefaults?.editRange, undefined);
    assert.deepEqual(expand(out), plain(noEdit));
  });

  it('marks a plain-text item explicitly when snippets are the default', () => {
    const r = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const list: CompletionList = {
      isIncomplete: false,
      items: [
        { label: 's1', insertTextFormat: InsertTextFormat.Snippet, textEdit: { range: r, newText: '${1:x}' } },
        { label: 's2', insertTextFormat: InsertTextFormat.Snippet, textEdit: { range: r, newText: '${1:y}' } },
        { label: 'p', textEdit: { range: r, newText: 'p' } },
      ],
    };
    const out = withItemDefaults(list, ALL);
    assert.equal(out.itemDefaults?.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal(out.items[2].insertTextFormat, InsertTextFormat.PlainText);
    assert.deepEqual(expand(out), plain(list));
  });

  it('changes nothing but redundant filter texts for a client without item defaults', () => {
    const list = listAt('<domain *>\n    max-sm|\n</domain>\n');
    const out = withItemDefaults(list, []);
    assert.equal(out.itemDefaults, undefined);
    assert.ok(out.items.every((i) => i.textEdit));
    assert.deepEqual(plain(out), plain(list));
  });

  it('means the same as the full answer at the start and end of every line of two corpus files', () => {
    const dir = join(__dirname, '..', '..', 'corpus', 'real');
    for (const file of readdirSync(dir).filter((f) => f !== 'SOURCES.tsv').slice(0, 2)) {
      const a = analyze(readFileSync(join(dir, file), 'utf8'));
      let compacted = 0;
      for (let line = 0; line < a.doc.lineCount; line++) {
        const text = a.doc.line(line);
        for (const character of new Set([/^\s*/.exec(text)![0].length, text.length])) {
          const list = completion(a, { line, character }, { snippetSupport: true, snippets: true, deferDocumentation: true });
          const out = withItemDefaults(list, ALL);
          if (out.itemDefaults?.editRange) compacted++;
          assert.deepEqual(expand(out), plain(list), `${file}:${line + 1}:${character}`);
        }
      }
      assert.ok(compacted > 0, `${file}: some answers use the shared range`);
    }
  });
});
