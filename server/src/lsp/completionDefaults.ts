import { type CompletionItem, type CompletionList, InsertTextFormat, type Range, TextEdit } from 'vscode-languageserver-types';

/**
 * Makes a completion answer smaller without changing it, for clients that announce
 * `completionList.itemDefaults` (LSP 3.17; VS Code does): when every item replaces the same range,
 * the range is sent once as `itemDefaults.editRange` and each item keeps only its text
 * (`textEditText`, left out when it is the label); the most common `insertTextFormat` becomes the
 * default. A `filterText` equal to the label is dropped for every client, since the label is what
 * filtering uses without one. The ~140 directive names at the start of a line shrink from ~370 to
 * ~150 bytes each.
 */
export function withItemDefaults(list: CompletionList, supported: readonly string[]): CompletionList {
  const items = list.items.map(dropRedundantFilterText);
  const out: CompletionList = { ...list, items };
  if (items.length < 2) return out;
  const editRange = supported.includes('editRange') ? sharedRange(items) : undefined;
  const format = supported.includes('insertTextFormat') ? commonFormat(items) : undefined;
  if (!editRange && format === undefined) return out;
  out.itemDefaults = { ...list.itemDefaults };
  if (editRange) out.itemDefaults.editRange = editRange;
  if (format !== undefined) out.itemDefaults.insertTextFormat = format;
  out.items = items.map((item) => {
    const copy: CompletionItem = { ...item };
    if (editRange) {
      const newText = (item.textEdit as TextEdit).newText;
      delete copy.textEdit;
      if (newText !== item.label) copy.textEditText = newText;
    }
    if (format !== undefined) {
      // Without a value of its own an item takes the default, so a plain-text item says so when the default is snippets.
      const own = item.insertTextFormat ?? InsertTextFormat.PlainText;
      if (own === format) delete copy.insertTextFormat;
      else copy.insertTextFormat = own;
    }
    return copy;
  });
  return out;
}

function dropRedundantFilterText(item: CompletionItem): CompletionItem {
  if (item.filterText === undefined || item.filterText !== item.label) return item;
  const { filterText: _, ...rest } = item;
  return rest;
}

/** The range every item's edit replaces, if they all have a plain edit of one range (items without one would take the default). */
function sharedRange(items: readonly CompletionItem[]): Range | undefined {
  let shared: Range | undefined;
  for (const item of items) {
    const edit = item.textEdit;
    if (!edit || !TextEdit.is(edit) || item.textEditText !== undefined) return undefined;
    if (!shared) shared = edit.range;
    else if (!sameRange(shared, edit.range)) return undefined;
  }
  return shared;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The insertTextFormat most items have (unset counts as plain text, as the protocol reads it). */
function commonFormat(items: readonly CompletionItem[]): InsertTextFormat {
  let snippets = 0;
  for (const item of items) if (item.insertTextFormat === InsertTextFormat.Snippet) snippets++;
  return snippets * 2 > items.length ? InsertTextFormat.Snippet : InsertTextFormat.PlainText;
}
