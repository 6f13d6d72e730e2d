// Golden scopes of the generated TextMate grammar, tokenized with VS Code's engine
// (vscode-textmate + vscode-oniguruma): hand-written lines for every kind of token, then every
// file of the real corpus checked against the scanner (the core's own reading of each line).
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { LineKind } from '../../server/src/syntax/scanner';
import fc from 'fast-check';
import { grammarText } from '../../scripts/gen-grammar';
import { messyConfig } from '../fuzz/messyConfig';
import { catalog, model } from '../helpers';
import { GRAMMAR_FILE, INITIAL, type Token, loadGrammar, tokenizeLine } from './textmate';

const S = 'powermta';
let grammar: IGrammar;
before(async () => {
  grammar = await loadGrammar();
});

/** Tokens covering the first occurrence of `fragment` (after `from`) in `line`. */
function tokensOf(line: string, fragment: string, from = 0): Token[] {
  const at = line.indexOf(fragment, from);
  assert.ok(at >= 0, `"${fragment}" is not in "${line}"`);
  const end = at + fragment.length;
  return tokenizeLine(grammar, line).tokens.filter((t) => t.start < end && t.end > at && t.text.trim() !== '');
}

function show(tokens: Token[]): string {
  return tokens.map((t) => `${JSON.stringify(t.text)} [${t.scopes.slice(1).join(' ')}]`).join(', ');
}

/** Every token of `fragment` carries `scope` (a full scope name). */
function expectScope(line: string, fragment: string, scope: string): void {
  const tokens = tokensOf(line, fragment);
  assert.ok(tokens.length > 0, `no token for "${fragment}" in "${line}"`);
  assert.ok(
    tokens.every((t) => t.scopes.includes(`${scope}.${S}`) || t.scopes.some((s) => s.split(' ').includes(`${scope}.${S}`))),
    `"${fragment}" in "${line}" should be ${scope}.${S}: ${show(tokens)}`,
  );
}

/** `fragment` is exactly one token with `scope` (so a name is never cut short). */
function expectSingle(line: string, fragment: string, scope: string): void {
  const tokens = tokensOf(line, fragment);
  assert.equal(tokens.length, 1, `"${fragment}" in "${line}" should be one token: ${show(tokens)}`);
  assert.equal(tokens[0].text.trim(), fragment, `token should be exactly "${fragment}": ${show(tokens)}`);
  assert.ok(tokens[0].scopes.includes(`${scope}.${S}`), `"${fragment}" should be ${scope}.${S}: ${show(tokens)}`);
}

/** No token of `fragment` has a scope starting with `prefix`. */
function expectNot(line: string, fragment: string, prefix: string): void {
  const tokens = tokensOf(line, fragment);
  assert.ok(
    tokens.every((t) => !t.scopes.some((s) => s.startsWith(prefix))),
    `"${fragment}" in "${line}" must not be ${prefix}…: ${show(tokens)}`,
  );
}

describe('grammar file', () => {
  it('is up to date with the catalogue (scripts/gen-grammar.ts)', () => {
    assert.equal(readFileSync(GRAMMAR_FILE, 'utf8'), grammarText(), 'run `node scripts/build.mjs`');
  });

  it('is line-isolated: match rules only, no begin/end/while region anywhere', () => {
    const offenders: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        if (k === 'begin' || k === 'end' || k === 'while') offenders.push(`${path}.${k}`);
        walk(v, `${path}.${k}`);
      }
    };
    walk(JSON.parse(readFileSync(GRAMMAR_FILE, 'utf8')), '$');
    assert.deepEqual(offenders, []);
  });

  it('knows every directive and block name of the catalogue', () => {
    const g = JSON.parse(readFileSync(GRAMMAR_FILE, 'utf8'));
    const directiveRule: string = g.repository.directive.match;
    for (const d of catalog.directives) {
      const line = `${d.name} x`;
      expectSingle(line, d.name, 'keyword.other.directive');
    }
    for (const b of catalog.blocks) expectSingle(`<${b.name} x>`, b.name, 'entity.name.tag');
    assert.ok(directiveRule.includes('max-smtp-out-per-source-ip|'), 'longer names come before their prefixes');
  });
});

describe('golden scopes: directives and comments', () => {
  it('directive names are keywords, matched whole and case-insensitively', () => {
    expectSingle('smtp-listener 0/0:25', 'smtp-listener', 'keyword.other.directive');
    expectSingle('    max-smtp-out 20', 'max-smtp-out', 'keyword.other.directive');
    expectSingle('max-smtp-out-per-source-ip 5', 'max-smtp-out-per-source-ip', 'keyword.other.directive');
    expectSingle('Pickup /var/pickup /var/bad', 'Pickup', 'keyword.other.directive');
    expectSingle('max-smtp-out#glued comment', 'max-smtp-out', 'keyword.other.directive');
    expectScope('max-smtp-out 20', 'max-smtp-out 20', 'meta.directive');
  });

  it('an unknown name is not coloured as a directive', () => {
    expectNot('bogus-directive yes', 'bogus-directive', 'keyword');
    expectNot('max-smtp-outs 20', 'max-smtp-outs', 'keyword');
    expectScope('bogus-directive yes', 'yes', 'constant.language.boolean');
  });

  it('a no-break space is no blank: a name it is pasted into is unknown, as the scanner reads it', () => {
    expectNot('max-smtp-out\u00A010', 'max-smtp-out', 'keyword');
    expectNot('\u00A0max-smtp-out 10', 'max-smtp-out', 'keyword');
    expectNot('<\u00A0domain example.com>', 'domain', 'entity.name.tag.powermta');
    expectSingle('max-smtp-out\t10', 'max-smtp-out', 'keyword.other.directive');
  });

  it('# starts a comment anywhere, even glued to a value, inside quotes or inside a regex', () => {
    expectScope('# whole line', '# whole line', 'comment.line.number-sign');
    expectScope('max-smtp-out 20  # per domain', '# per domain', 'comment.line.number-sign');
    expectScope('auth-password abc#def', '#def', 'comment.line.number-sign');
    expectNot('auth-password abc#def', 'abc', 'comment');
    expectScope('custom-dsn-from-header "a #b"', '#b"', 'comment.line.number-sign');
    expectScope('reply /421 #tries/ mode=backoff', '#tries/ mode=backoff', 'comment.line.number-sign');
    expectScope('<domain x.com> # test host', '# test host', 'comment.line.number-sign');
    expectScope('#<gm-imprinter>', '<gm-imprinter>', 'comment.line.number-sign');
  });

  it('suppression comments highlight the pmta-lint marker', () => {
    const line = '# pmta-lint: disable=unknown-directive';
    expectScope(line, 'pmta-lint: disable', 'keyword.other.suppression');
    expectScope(line, 'unknown-directive', 'comment.line.number-sign');
  });

  it('template markup is not PowerMTA syntax and not a comment', () => {
    expectScope('{{#each ips}}', '{{#each ips}}', 'variable.other.template-placeholder');
    expectNot('{{#each ips}}', '#each', 'comment');
  });

  it('Git\'s conflict markers are marked as errors, their labels with them, and only at the start of a line', () => {
    for (const [line, marker] of [['<<<<<<< HEAD', '<<<<<<<'], ['||||||| base', '|||||||'], ['=======', '======='], ['>>>>>>> fix-#42 (#43)', '>>>>>>>']]) {
      expectSingle(line, marker, 'invalid.illegal.conflict-marker');
      expectScope(line, line, 'meta.conflict-marker');
      expectNot(line, line, 'comment');
    }
    expectNot('<<<<<<<HEAD', '<<<<<<<HEAD', 'meta.conflict-marker');
    expectNot('  =======', '=======', 'meta.conflict-marker');
    expectNot('# =======', '=======', 'meta.conflict-marker');
  });
});

describe('golden scopes: blocks', () => {
  it('open and close tags with their argument', () => {
    const open = '<domain example.com>';
    expectScope(open, '<', 'punctuation.definition.tag.begin');
    expectSingle(open, 'domain', 'entity.name.tag');
    expectScope(open, 'example.com', 'entity.other.attribute-name');
    expectScope(open, '>', 'punctuation.definition.tag.end');
    expectScope(open, open, 'meta.tag.block.begin');
    expectScope('</domain>', '</', 'punctuation.definition.tag.begin');
    expectSingle('</domain>', 'domain', 'entity.name.tag');
    expectScope('</domain-key-list keylist-one>', 'keylist-one', 'entity.other.attribute-name');
    expectSingle('<virtual-mta-pool pool1>', 'virtual-mta-pool', 'entity.name.tag');
    expectSingle('  <Domain X.com>', 'Domain', 'entity.name.tag');
  });

  it('tag arguments: macros, reserved names, CIDRs, listeners, wildcards, pipes', () => {
    expectScope('<domain $yahoo>', '$yahoo', 'variable.other.macro');
    expectScope('<domain yahoo.$tld>', '$tld', 'variable.other.macro');
    expectScope('<domain [*.]example.com>', '[*.]', 'keyword.operator.wildcard');
    expectScope('<domain *.example.com>', '*.', 'keyword.operator.wildcard');
    expectScope('<source {auth}>', '{auth}', 'support.constant.reserved');
    expectScope('<source 10/8>', '10/8', 'constant.numeric.cidr');
    expectScope('<source 192.168.0.0/16>', '192.168.0.0/16', 'constant.numeric.cidr');
    expectScope('<source 10.0.0.5>', '10.0.0.5', 'constant.numeric.ip-address');
    expectScope('<smtp-listener 0/0:2525>', '0/0', 'constant.numeric.ip-address');
    expectScope('<smtp-listener 0/0:2525>', '2525', 'constant.numeric.port');
    expectScope('<acct-file |/usr/bin/logger -t pmta>', '|/usr/bin/logger', 'string.unquoted.path');
  });

  it('unknown tags and text after the tag are marked', () => {
    expectSingle('<bogus-block x>', 'bogus-block', 'entity.name.tag.unknown');
    expectScope('<domain x.com> trailing', 'trailing', 'invalid.illegal.after-tag');
  });

  it('a nested <pattern-list> at the end of a rule line', () => {
    const line = 'mail-from /newsletter/ <pattern-list>';
    expectSingle(line, 'mail-from', 'keyword.other.directive');
    expectScope(line, '/newsletter/', 'string.regexp');
    expectSingle(line, 'pattern-list', 'entity.name.tag');
  });
});

describe('golden scopes: values', () => {
  it('numbers, durations, rates, sizes', () => {
    expectScope('max-smtp-out 20', '20', 'constant.numeric');
    expectScope('retry-after 10m,1h,4h', '10m', 'constant.numeric.duration');
    expectScope('retry-after 10m,1h,4h', '4h', 'constant.numeric.duration');
    expectScope('retry-after 10m,1h,4h', ',', 'punctuation.separator');
    expectScope('bounce-after 4d12h', '4d12h', 'constant.numeric.duration');
    expectScope('max-msg-rate 250/h', '250/h', 'constant.numeric.rate');
    expectScope('max-msg-rate 100/15m', '100/15m', 'constant.numeric.rate');
    expectScope('max-cold-virtual-mta-msg 1/day,2/day', '2/day', 'constant.numeric.rate');
    expectScope('max-message-size 50M', '50M', 'constant.numeric.size');
    expectScope('max-message-size 10m', '10m', 'constant.numeric.size');
    expectScope('max-data-volume-rate 6g/10h', '6g/10h', 'constant.numeric.rate');
    expectScope('max-message-size unlimited', 'unlimited', 'constant.language');
  });

  it('booleans and keywords', () => {
    expectScope('bounce-upon-no-mx yes', 'yes', 'constant.language.boolean');
    expectScope('deliver-local-dsn False', 'False', 'constant.language.boolean');
    expectScope('type smtp', 'smtp', 'constant.language');
    expectScope('dkim-identity sender-or-from', 'sender-or-from', 'constant.language');
    expectScope('http-access 127.0.0.1 admin', 'admin', 'constant.language');
    expectNot('smtp-source-host 1.2.3.4 yes.example.com', 'yes.example.com', 'constant.language');
  });

  it('IP addresses, CIDRs, listeners and bracketed hosts', () => {
    expectScope('smtp-listener 0/0:25', '0/0', 'constant.numeric.ip-address');
    expectScope('smtp-listener 0/0:25', '25', 'constant.numeric.port');
    expectScope('smtp-listener 1.2.3.4:25 source=feeders', '1.2.3.4', 'constant.numeric.ip-address');
    expectScope('smtp-listener 1.2.3.4:25 source=feeders', 'source', 'variable.parameter');
    expectScope('http-access 10.1.0.0/16 monitor', '10.1.0.0/16', 'constant.numeric.cidr');
    expectScope('http-access ::1 admin', '::1', 'constant.numeric.ip-address');
    expectScope('http-access 2001:db8::/32 monitor', '2001:db8::/32', 'constant.numeric.cidr');
    expectScope('smtp-source-host 203.0.113.7 mta1.example.com', '203.0.113.7', 'constant.numeric.ip-address');
    expectScope('smtp-hosts [10.1.1.1]:2525; lookup-mx:example.com', '[10.1.1.1]', 'constant.numeric.ip-address');
    expectScope('smtp-hosts [10.1.1.1]:2525; lookup-mx:example.com', 'lookup-mx', 'variable.parameter');
    expectScope('smtp-hosts [IPv6:2001:db8::1]', '[IPv6:2001:db8::1]', 'constant.numeric.ip-address');
  });

  it('e-mail addresses, strings, templates, macros, reserved names, paths, URLs', () => {
    expectScope('postmaster admin@example.com', 'admin@example.com', 'string.unquoted.email');
    expectScope('mail-from *@old.example *@new.example', '*@old.example', 'string.unquoted.email');
    expectScope('custom-dsn-from-header "Postmaster <x@y.com>"', '"Postmaster <x@y.com>"', 'string.quoted.double');
    expectScope('dsn-failed-subject-template "Undelivered: ${subject}"', '${subject}', 'variable.other.template');
    expectScope('domain-key sel,$domain,/etc/pmta/keys/x.pem', '$domain', 'variable.other.macro');
    expectScope('domain-key sel,$domain,/etc/pmta/keys/x.pem', '/etc/pmta/keys/x.pem', 'string.unquoted.path');
    expectScope('queue-to {sparkpost}', '{sparkpost}', 'support.constant.reserved');
    expectScope('include /etc/pmta/conf.d/*.conf', '/etc/pmta/conf.d/*.conf', 'string.unquoted.path');
    expectScope('include https://cfg.example.com/pmta/domains', 'https://cfg.example.com/pmta/domains', 'markup.underline.link');
    expectScope('log-file /var/log/pmta/log', '/var/log/pmta/log', 'string.unquoted.path');
  });

  it('/regex/ with escapes, unterminated regexes, reply actions', () => {
    const line = 'reply /5\\.7\\.1 \\x23 blocked/ mode=backoff';
    expectSingle(line, 'reply', 'keyword.other.directive');
    expectScope(line, '/5\\.7\\.1 \\x23 blocked/', 'string.regexp');
    expectScope(line, '\\.', 'constant.character.escape.regexp');
    expectScope(line, '\\x', 'constant.character.escape.regexp');
    expectScope(line, 'mode=backoff', 'support.function.action');
    expectScope('reply /421 #tries/ mode=backoff', '/421 ', 'invalid.illegal.unterminated-regex');
    expectScope('reply // bounce-queue', '//', 'string.regexp');
    expectScope('reply // bounce-queue', 'bounce-queue', 'support.function.action');
    const actions = 'reply /too many/ mode=backoff,backoff-to-normal-after=1h,disable-source-ip,reenable-after=2h';
    expectScope(actions, 'backoff-to-normal-after=', 'support.function.action');
    expectScope(actions, '1h', 'constant.numeric.duration');
    expectScope(actions, 'disable-source-ip', 'support.function.action');
    expectScope(actions, 'reenable-after=', 'support.function.action');
    expectScope(actions, 'too many', 'string.regexp');
  });

  it('pattern-list rules and bounce categories', () => {
    expectSingle('  * virtual-mta=vmta-news', '*', 'keyword.other.directive');
    expectScope('  * virtual-mta=vmta-news', 'virtual-mta=', 'support.function.action');
    expectScope('  * virtual-mta=vmta-news', 'vmta-news', 'entity.name.reference');
    const header = 'header Subject /^test/ virtual-mta=v1,recipient-priority=10';
    expectSingle(header, 'header', 'keyword.other.directive');
    expectNot(header, 'Subject', 'string.regexp');
    expectScope(header, '/^test/', 'string.regexp');
    expectScope(header, '^', 'keyword.control.anchor.regexp');
    expectScope(header, '10', 'constant.numeric');
    expectScope('rcpt-to /@(gmail|googlemail)\\.com$/ call-to: google-list', 'call-to:', 'support.function.action');
    expectScope('/user (unknown|not found)/  bad-mailbox', '/user (unknown|not found)/', 'string.regexp');
    expectScope('/user (unknown|not found)/  bad-mailbox', 'bad-mailbox', 'constant.language');
  });
});

/**
 * Where the grammar and the scanner (the core's own reading) disagree on a file: a line whose tokens
 * depend on the line before, a comment, directive name, leading regex or tag the scanner sees but the
 * grammar does not scope so, an unknown name coloured as a directive. Counts lines and directives.
 */
function disagreements(name: string, text: string, counts = { lines: 0, directives: 0 }): string[] {
  const problems: string[] = [];
  // The state after an empty line: every line must end in exactly this state (no open region).
  const root = tokenizeLine(grammar, '').state;
  const doc = model(text);
  let carried = INITIAL;
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.line(i);
    const info = doc.info(i);
    const alone = tokenizeLine(grammar, text);
    const chained = tokenizeLine(grammar, text, carried);
    carried = chained.state;
    counts.lines++;
    const where = `${name}:${i + 1}: ${text.trim().slice(0, 80)}`;
    if (JSON.stringify(alone.tokens) !== JSON.stringify(chained.tokens) || !alone.state.equals(root) || !chained.state.equals(root)) {
      problems.push(`${where}: depends on the previous line`);
    }
    const at = (offset: number) => alone.tokens.find((t) => t.start <= offset && offset < t.end);
    const has = (offset: number, scope: string) => !!at(offset)?.scopes.includes(`${scope}.${S}`);
    if (info.comment && !has(info.comment.start, 'comment.line.number-sign')) problems.push(`${where}: comment not scoped`);
    if ((info.kind === LineKind.ConflictMarker) !== has(info.indent, 'meta.conflict-marker')) problems.push(`${where}: conflict marker ${info.kind === LineKind.ConflictMarker ? 'not scoped' : 'scoped on another line'}`);
    if (info.kind === LineKind.Directive && info.name && !info.name.regex) {
      const known = catalog.directiveRows(info.name.text).length > 0;
      const token = at(info.name.start);
      const isKeyword = !!token?.scopes.includes(`keyword.other.directive.${S}`);
      if (known) counts.directives++;
      if (known && (!token || !isKeyword || token.start !== info.name.start || token.end !== info.name.end)) {
        problems.push(`${where}: directive "${info.name.text}" is not one keyword token (${token ? show([token]) : 'no token'})`);
      }
      if (!known && isKeyword) problems.push(`${where}: unknown name "${info.name.text}" coloured as a directive`);
    }
    if (info.kind === LineKind.Directive && info.name?.regex && !has(info.name.start, 'string.regexp')) {
      problems.push(`${where}: leading regex not scoped`);
    }
    if ((info.kind === LineKind.Open || info.kind === LineKind.Close) && info.tag && info.tag.text) {
      const known = !!catalog.block(info.tag.text);
      if (!has(info.tag.start, known ? 'entity.name.tag' : 'entity.name.tag.unknown')) problems.push(`${where}: tag "${info.tag.text}" not scoped`);
    }
  }
  return problems;
}

describe('the real corpus', () => {
  const DIR = join(__dirname, '..', 'corpus', 'real');
  const FILES = readdirSync(DIR).filter((f) => f !== 'SOURCES.tsv');

  it('every directive, tag and comment the core sees is scoped accordingly; lines are isolated', () => {
    const counts = { lines: 0, directives: 0 };
    const problems = FILES.flatMap((file) => disagreements(file, readFileSync(join(DIR, file), 'utf8'), counts));
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
    assert.ok(counts.lines > 9000 && counts.directives > 3500, `checked ${counts.lines} lines, ${counts.directives} directives`);
  });

  it('agrees with the scanner in the same way on messy configurations (lines repeated, upper-cased, glued to comments, invisible and Markdown characters pasted)', () => {
    // Editors hand the grammar the text without its byte-order mark.
    const problems = fc.sample(messyConfig, { numRuns: 300, seed: 14 }).flatMap((text, k) => disagreements(`messy ${k}`, text.replace(/^\uFEFF/, '')));
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems`);
  });

  it('tokenizes the whole corpus (timing printed)', (t) => {
    const texts = FILES.map((f) => readFileSync(join(DIR, f), 'utf8').split(/\r?\n/));
    const count = texts.reduce((n, l) => n + l.length, 0);
    const pass = () => {
      const started = process.hrtime.bigint();
      let tokens = 0;
      for (const lines of texts) {
        let state = INITIAL;
        for (const line of lines) {
          const r = grammar.tokenizeLine(line, state);
          state = r.ruleStack;
          tokens += r.tokens.length;
        }
      }
      return { tokens, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const first = pass();
    const warm = pass();
    const tokens = warm.tokens;
    const message =
      `grammar: tokenized ${count} corpus lines (${tokens} tokens): ${first.ms.toFixed(0)} ms on this run's first pass, ` +
      `${warm.ms.toFixed(0)} ms warm (${((warm.ms * 1000) / count).toFixed(1)} µs/line)`;
    t.diagnostic(message);
    console.log(message);
    assert.ok(tokens > count);
  });
});
