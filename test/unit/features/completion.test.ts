import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { marked } from 'marked';
import { type CompletionItem, CompletionItemTag, InsertTextFormat, type TextEdit } from 'vscode-languageserver-types';
import { type CompletionOptions, MAX_NAME_ITEMS, completion, resolveCompletion } from '../../../server/src/features/completion';
import { analyze, cfg, cursor } from '../../helpers';
import { applyEdits } from './edits';

function complete(marked: string, options: Partial<CompletionOptions> = {}): CompletionItem[] {
  const { text, line, character } = cursor(marked);
  return completion(analyze(text), { line, character }, { snippetSupport: true, snippets: true, ...options }).items;
}

function labels(marked: string, options: Partial<CompletionOptions> = {}): string[] {
  return complete(marked, options).map((i) => i.label);
}

function item(marked: string, label: string, options: Partial<CompletionOptions> = {}): CompletionItem {
  const found = complete(marked, options).find((i) => i.label === label);
  assert.ok(found, `no completion item ${label}`);
  return found;
}

/** The text after accepting `label` at the cursor. */
function accept(marked: string, label: string, options: Partial<CompletionOptions> = {}): string {
  const { text } = cursor(marked);
  return applyEdits(text, [item(marked, label, options).textEdit as TextEdit]);
}

const POOLS = cfg(
  '<virtual-mta mta1>',
  '    smtp-source-host 192.0.2.1 mta1.example.com',
  '</virtual-mta>',
  '<virtual-mta mta2>',
  '</virtual-mta>',
  '<virtual-mta-pool pool1>',
  '    virtual-mta mta1',
  '</virtual-mta-pool>',
  '<smtp-pattern-list blocking>',
  '    reply /too many/ mode=backoff',
  '</smtp-pattern-list>',
  'domain-macro big a.com, b.com',
);

describe('completion: names by block', () => {
  it('offers top-level directives and blocks at the top level, not <domain> ones', () => {
    const got = labels('|');
    for (const name of ['smtp-listener', 'http-access', 'postmaster', '<domain>', '<virtual-mta>', '<source>']) assert.ok(got.includes(name), name);
    for (const name of ['max-smtp-out', 'max-msg-rate', 'reply', '<email-patterns>']) assert.ok(!got.includes(name), name);
  });

  it('offers <domain> directives inside <domain *>, not top-level ones', () => {
    const got = labels('<domain *>\n    max-smtp|\n</domain>\n');
    for (const name of ['max-smtp-out', 'max-msg-rate', 'backoff-max-msg-rate', 'backoff-retry-after', 'retry-after']) assert.ok(got.includes(name), name);
    for (const name of ['smtp-listener', 'http-access', '<virtual-mta>', '<domain>']) assert.ok(!got.includes(name), name);
  });

  it('offers last, saying where, a directive the block already sets once and for all; a repeatable one stays in place', () => {
    const blocks = (first: string, second: string) => `<virtual-mta v>\n    smtp-source-host 192.0.2.1 v.example.com\n    max-smtp-out 5\n    ${first}\n</virtual-mta>\n<virtual-mta w>\n    ${second}\n</virtual-mta>\n`;
    const here = blocks('|', '');
    const elsewhere = blocks('', '|');
    const set = item(here, 'max-smtp-out');
    assert.equal(set.sortText, '5max-smtp-out');
    assert.match(set.detail ?? '', /^already set on line 3/);
    assert.equal(item(here, 'smtp-source-host').sortText, '1smtp-source-host', 'repeatable');
    assert.equal(item(elsewhere, 'max-smtp-out').sortText, '1max-smtp-out', 'another block');
    // The line being typed is not a setting of its own.
    assert.equal(item('<domain *>\n    max-smtp-o|\n</domain>\n', 'max-smtp-out').sortText, '1max-smtp-out');
  });

  it('replaces the typed word with the name and a space', () => {
    assert.equal(accept('<domain *>\n    max-smtp|\n</domain>\n', 'max-smtp-out'), '<domain *>\n    max-smtp-out \n</domain>\n');
  });

  it('offers choices for booleans and enums when the client has snippets', () => {
    const i = item('<domain *>\n    dkim-s|\n</domain>\n', 'dkim-sign');
    assert.equal(i.insertTextFormat, InsertTextFormat.Snippet);
    assert.equal((i.textEdit as TextEdit).newText, 'dkim-sign ${1|yes,no|}');
    assert.equal((item('<domain *>\n    ty|\n</domain>\n', 'type').textEdit as TextEdit).newText, 'type ${1|smtp,pipe,file,discard,http-delivery|}');
    assert.equal((item('<domain *>\n    dkim-s|\n</domain>\n', 'dkim-sign', { snippetSupport: false }).textEdit as TextEdit).newText, 'dkim-sign ');
  });

  it('completes guide-dialect names, documented as such with the documented equivalent', () => {
    const i = item('<domain *>\n    backoff-trig|\n</domain>\n', 'backoff-trigger-pattern');
    assert.match(i.detail!, /guide dialect/);
    assert.match(i.detail!, /smtp-pattern-list/);
    assert.match((i.documentation as { value: string }).value, /Guide dialect/);
    assert.ok(i.sortText! > item('<domain *>\n    backoff-trig|\n</domain>\n', 'backoff-retry-after').sortText!);
  });

  it('documents each item with its meaning, syntax, default and allowed blocks, and tags deprecated names', () => {
    const doc = (item('<domain *>\n    m|\n</domain>\n', 'max-smtp-out').documentation as { value: string }).value;
    assert.match(doc, /max-smtp-out N/);
    assert.match(doc, /\*\*Default:\*\* `20`/);
    assert.match(doc, /`<domain>`/);
    const old = item('<domain *>\n    m|\n</domain>\n', 'max-msg-per-hour');
    assert.deepEqual(old.tags, [CompletionItemTag.Deprecated]);
    assert.match(old.detail!, /max-msg-rate/);
  });

  it('can leave the documentation to completionItem/resolve', () => {
    const lazy = item('<domain *>\n    m|\n</domain>\n', 'max-smtp-out', { deferDocumentation: true });
    assert.equal(lazy.documentation, undefined);
    assert.deepEqual(resolveCompletion(lazy).documentation, item('<domain *>\n    m|\n</domain>\n', 'max-smtp-out').documentation);
    const block = item('<dom|', '<domain>', { deferDocumentation: true });
    assert.match((resolveCompletion(block).documentation as { value: string }).value, /Delivery settings/);
  });

  it('inserts a block tag with its close tag as a snippet', () => {
    assert.equal(accept('<dom|', '<domain>'), '<domain ${1:DOMAIN-PATTERN}>\n\t$0\n</domain>');
    assert.equal(accept('dom|', '<domain>'), '<domain ${1:DOMAIN-PATTERN}>\n\t$0\n</domain>');
    assert.equal(accept('<bounce-p|', '<bounce-processor>'), '<bounce-processor>\n\t$0\n</bounce-processor>');
    assert.equal(accept('<dom|', '<domain>', { snippetSupport: false }), '<domain ');
  });

  it('only renames the tag when the line already holds the rest of it', () => {
    assert.equal(accept('<dom| example.com>', '<domain>'), '<domain example.com>');
  });

  it('closes the innermost open block after </', () => {
    assert.equal(accept('<domain *>\n    max-smtp-out 2\n</|', '</domain>'), '<domain *>\n    max-smtp-out 2\n</domain>');
    assert.deepEqual(labels('<virtual-mta a>\n<domain *>\n</|'), ['</domain>']);
  });

  it('offers nothing in a comment, inside a regex or a quoted value, or after a space at the start of a line', () => {
    assert.deepEqual(labels('# max|'), []);
    assert.deepEqual(labels('<smtp-pattern-list x>\n    reply /too ma|'), []);
    assert.deepEqual(labels('<domain *>\n    auth-password "se|'), []);
    assert.deepEqual(labels('<domain *>\n    |', { triggerCharacter: ' ' }), []);
  });
});

describe('completion: values', () => {
  it('offers yes/no for a boolean and the extra keywords of the directive', () => {
    const got = labels('<domain *>\n    dkim-sign |\n</domain>\n');
    assert.deepEqual(got.slice(0, 3).sort(), ['if-x-dkim-options-present', 'no', 'yes']);
  });

  it('offers enum keywords', () => {
    assert.deepEqual(labels('<domain *>\n    dsn-format |\n</domain>\n'), ['standard', 'plain-text']);
  });

  it('offers reply actions in <smtp-pattern-list>, after the regex and after a comma', () => {
    const first = labels('<smtp-pattern-list x>\n    reply /421/ |\n</smtp-pattern-list>\n');
    for (const a of ['mode=backoff', 'mode=normal', 'disable-source-ip', 'reenable-after=', 'backoff-to-normal-after=', 'skip-mx']) assert.ok(first.includes(a), a);
    assert.equal(
      accept('<smtp-pattern-list x>\n    reply /421/ mode=backoff,dis|\n</smtp-pattern-list>\n', 'disable-source-ip'),
      '<smtp-pattern-list x>\n    reply /421/ mode=backoff,disable-source-ip\n</smtp-pattern-list>\n',
    );
    const doc = item('<smtp-pattern-list x>\n    reply /421/ |', 'reenable-after=').documentation as { value: string };
    assert.match(doc.value, /disabled/i);
  });

  it('offers accounting record types, also after a comma', () => {
    const got = labels('<acct-file /var/log/pmta/acct.csv>\n    records d, |\n</acct-file>\n');
    for (const t of ['d', 'b', 'f', 'rb', 't']) assert.ok(got.includes(t), t);
    assert.equal(accept('<acct-file /x>\n    records d,r|\n</acct-file>\n', 'rb'), '<acct-file /x>\n    records d,rb\n</acct-file>\n');
  });

  it('offers the values of a list continued on the next line', () => {
    assert.ok(labels('<acct-file /x>\n    records d,\n        |\n</acct-file>\n').includes('rb'));
  });

  it('offers defined virtual MTAs (not pools) after `virtual-mta ` in a pool', () => {
    assert.deepEqual(labels(POOLS + '<virtual-mta-pool p2>\n    virtual-mta |\n</virtual-mta-pool>\n'), ['mta1', 'mta2']);
  });

  it('offers virtual MTAs, pools and by-smtp-source-ip after `default-virtual-mta `', () => {
    assert.deepEqual(labels(POOLS + '<source 127.0.0.1>\n    default-virtual-mta |\n</source>\n').sort(), ['by-smtp-source-ip', 'mta1', 'mta2', 'pool1']);
  });

  it('sends at most MAX_NAME_ITEMS names, those containing what is typed or else the best fuzzy matches, and marks the list incomplete', () => {
    const many = Array.from({ length: MAX_NAME_ITEMS * 3 }, (_, i) => `<virtual-mta c${i}-mta${i % 4}>\n</virtual-mta>\n`).join('');
    const ask = (marked: string) => {
      const { text, line, character } = cursor(marked);
      return completion(analyze(text), { line, character });
    };
    const typed = ask(many + '<virtual-mta-pool p>\n    virtual-mta c42-m|\n</virtual-mta-pool>\n');
    assert.equal(typed.isIncomplete, true);
    assert.ok(typed.items.length > 0 && typed.items.length <= MAX_NAME_ITEMS, `${typed.items.length} items`);
    assert.equal(typed.items[0].label, 'c42-mta2', 'the closest match comes first');
    assert.ok(typed.items.every((i) => /^c.*4.*2/.test(i.label)), 'every item matches what is typed, in order');
    // Part of a name: the names that contain it, those that start with it first, shorter first.
    const inside = ask(many + '<virtual-mta-pool p>\n    virtual-mta MTA3|\n</virtual-mta-pool>\n');
    assert.equal(inside.items.length, (MAX_NAME_ITEMS * 3) / 4, 'every fourth name of the 600 contains it');
    assert.equal(inside.isIncomplete, true);
    assert.ok(inside.items.every((i) => i.label.includes('mta3')), 'case is ignored, every name contains it');
    assert.deepEqual(inside.items.slice(0, 3).map((i) => i.label), ['c3-mta3', 'c7-mta3', 'c11-mta3']);
    const start = ask(many + '<virtual-mta-pool p>\n    virtual-mta c59|\n</virtual-mta-pool>\n');
    assert.deepEqual(start.items.slice(0, 2).map((i) => i.label), ['c59-mta3', 'c590-mta2'], 'names that start with it come first');
    // A typo that no name contains: fuzzy matching still finds the name meant.
    const typo = ask(many + '<virtual-mta-pool p>\n    virtual-mta c42mta|\n</virtual-mta-pool>\n');
    assert.equal(typo.items[0]?.label, 'c42-mta2');
    const none = ask(many + '<virtual-mta-pool p>\n    virtual-mta |\n</virtual-mta-pool>\n');
    assert.equal(none.isIncomplete, true);
    assert.equal(none.items.length, MAX_NAME_ITEMS);
    const few = ask(POOLS + '<virtual-mta-pool p2>\n    virtual-mta |\n</virtual-mta-pool>\n');
    assert.equal(few.isIncomplete, false, 'a short list is complete');
  });

  it('offers pattern lists after `smtp-pattern-list ` and describes them', () => {
    const got = complete(POOLS + '<domain *>\n    smtp-pattern-list |\n</domain>\n');
    assert.deepEqual(got.map((i) => i.label), ['blocking']);
    assert.match((got[0].documentation as { value: string }).value, /1 `reply` rule/);
  });

  it('does not offer a virtual MTA as its own cold VMTA (cold-vmta-self), but does in a pool and in other VMTAs', () => {
    assert.deepEqual(labels(POOLS + '<virtual-mta mta3>\n    cold-virtual-mta |\n</virtual-mta>\n').sort(), ['mta1', 'mta2']);
    assert.deepEqual(labels(POOLS + '<virtual-mta-pool p3>\n    cold-virtual-mta |\n</virtual-mta-pool>\n').sort(), ['mta1', 'mta2']);
    assert.ok(labels(POOLS + '<virtual-mta mta2>\n    cold-virtual-mta |\n</virtual-mta>\n').includes('mta1'));
    assert.ok(!labels(POOLS + '<virtual-mta mta2>\n    cold-virtual-mta |\n</virtual-mta>\n').includes('mta2'));
  });

  it('offers last, saying so, a pattern list defined below the source that uses it (define-before-use)', () => {
    const text = '<pattern-list early>\n</pattern-list>\n<source 10.0.0.0/8>\n    pattern-list |\n</source>\n<pattern-list late>\n</pattern-list>\n';
    const got = complete(text);
    assert.deepEqual(got.map((i) => i.label).sort(), ['early', 'late']);
    const early = got.find((i) => i.label === 'early')!;
    const late = got.find((i) => i.label === 'late')!;
    assert.ok(late.sortText! > early.sortText!, 'the later list sorts after');
    assert.match(late.detail ?? '', /^defined below \(line 6\)/);
    assert.doesNotMatch(early.detail ?? '', /below/);
  });

  it('offers virtual MTAs after `virtual-mta=` in a pattern list, replacing only the name', () => {
    assert.equal(accept(POOLS + '<pattern-list p>\n    mail-from /news/ virtual-mta=m|\n</pattern-list>\n', 'mta2'), POOLS + '<pattern-list p>\n    mail-from /news/ virtual-mta=mta2\n</pattern-list>\n');
  });

  it('offers $macro names inside <domain …> and in relay-domain', () => {
    assert.equal(accept(POOLS + '<domain $b|>\n</domain>\n', 'big'), POOLS + '<domain $big>\n</domain>\n');
    assert.deepEqual(labels(POOLS + 'relay-domain $|'), ['big']);
    const macro = item(POOLS + '<domain $|>\n</domain>\n', 'big');
    assert.match((macro.documentation as { value: string }).value, /a\.com, b\.com/);
  });

  it('offers the reserved source names in <source …>', () => {
    assert.ok(labels('<source {a|').includes('{auth}'));
    // Documented as VS Code renders it: the block named in the text shows, it is no HTML tag.
    const doc = (item('<source {t|', '{transmissions-api}').documentation as { value: string }).value;
    assert.match(marked.parse(doc, { async: false }) as string, /&lt;source&gt;/);
  });

  it('offers bounce categories after a pattern in <bounce-category-patterns>', () => {
    const got = labels('<bounce-category-patterns>\n    /unknown user/ |\n</bounce-category-patterns>\n');
    assert.ok(got.includes('bad-mailbox') && got.includes('quota-issues'));
  });

  it('offers the source= option of smtp-listener after the address', () => {
    assert.deepEqual(labels('smtp-listener 0/0:25 |'), ['source=']);
  });
});

describe('completion: snippets', () => {
  it('offers the snippets that fit the block, as snippets or plain text', () => {
    const top = complete('|');
    const starter = top.find((i) => i.label === 'starter-config');
    assert.ok(starter);
    assert.equal(starter.insertTextFormat, InsertTextFormat.Snippet);
    assert.match((starter.textEdit as TextEdit).newText, /\$\{1:postmaster@example.com\}/);
    const plain = complete('|', { snippetSupport: false }).find((i) => i.label === 'starter-config')!;
    assert.doesNotMatch((plain.textEdit as TextEdit).newText, /\$\{|\$0/);
    assert.match((plain.textEdit as TextEdit).newText, /postmaster postmaster@example.com/);
    assert.ok(!labels('<domain *>\n    |\n</domain>\n').includes('starter-config'));
    assert.ok(!labels('|', { snippets: false }).includes('starter-config'));
  });
});
