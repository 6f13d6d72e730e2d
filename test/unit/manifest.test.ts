// The extension manifest (package.json contributes) and language configuration: the file patterns
// claim PowerMTA files and nothing else, every diagnostic code has a severity setting, every
// contributed path exists and every command has an implementation.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../server/src/lsp/commands';
import { CHECK_DNS_COMMAND } from '../../server/src/lsp/dns';
import picomatch from 'picomatch';
import { CODES } from '../../server/src/analysis/codes';
import { SEVERITY_LEVELS, SEVERITY_SETTING, severityProperties } from '../../scripts/gen-manifest';
import { alreadyClosed, openedTag } from '../../server/src/syntax/closingTag';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from '../../server/src/features/semanticTokens';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const language = pkg.contributes.languages.find((l: { id: string }) => l.id === 'powermta');
const languageConfiguration = JSON.parse(readFileSync(join(root, 'language-configuration.json'), 'utf8'));

/** VS Code matches filenamePatterns against the full path; `extensions` against the name's end. */
function claimedBy(path: string): boolean {
  return language.filenamePatterns.some((p: string) => picomatch(p, { dot: true })(path)) || language.extensions.some((e: string) => path.endsWith(e));
}

describe('package.json contributions', () => {
  it('declares the powermta language with its aliases and explicit activation', () => {
    assert.deepEqual(language.aliases, ['PowerMTA', 'pmta']);
    assert.ok(pkg.activationEvents.includes('onLanguage:powermta'));
    // Without a `configuration`, VS Code derives no implicit onLanguage event (shared/e2e/REPORT.md).
    assert.equal(language.configuration, './language-configuration.json');
  });

  it('claims PowerMTA configuration files and nothing greedier', () => {
    for (const path of ['/etc/pmta/config', '/srv/x/pmta/config', '/etc/pmta/domains.conf', '/etc/pmta/conf.d/vmtas.conf', '/etc/pmta/conf.d/sub/a', '/home/me/mail.pmta']) {
      assert.ok(claimedBy(path), `${path} should open as PowerMTA`);
    }
    for (const path of ['/etc/nginx/config', '/home/me/.ssh/config', '/etc/pmta/notes.txt', '/etc/pmta/sub/x.conf', '/etc/app.conf', '/work/config', '/tmp/readme.txt']) {
      assert.ok(!claimedBy(path), `${path} must not open as PowerMTA`);
    }
  });

  it('lists every diagnostic code of codes.ts in the severity setting, and nothing else', () => {
    const setting = pkg.contributes.configuration.properties[SEVERITY_SETTING];
    assert.deepEqual(Object.keys(setting.properties), Object.keys(CODES), 'run `node scripts/build.mjs` (scripts/gen-manifest.ts)');
    assert.deepEqual(setting.properties, severityProperties());
    for (const p of Object.values(setting.properties) as { enum: string[] }[]) assert.deepEqual(p.enum, [...SEVERITY_LEVELS]);
    assert.equal(setting.additionalProperties, false);
  });

  it('offers the settings the server reads', () => {
    const props = pkg.contributes.configuration.properties;
    for (const key of ['powermta.format.indent', 'powermta.format.useTabs', 'powermta.format.alignValues', 'powermta.trace.server', 'powermta.diagnostics.debounceMs', 'powermta.diagnostics.maxProblems', 'powermta.maxLines']) {
      assert.ok(props[key], `${key} is contributed`);
    }
    assert.deepEqual(props['powermta.trace.server'].enum, ['off', 'messages', 'verbose']);
  });

  it('contributes files that exist (the snippets file comes with the features branch)', () => {
    assert.ok(existsSync(join(root, pkg.contributes.grammars[0].path)));
    assert.equal(pkg.contributes.grammars[0].scopeName, 'source.powermta');
    assert.ok(existsSync(join(root, language.configuration)));
    assert.equal(pkg.contributes.snippets[0].path, './snippets/powermta.json');
  });

  it('colours known directive names (semantic tokens) with the keyword scope of the grammar', () => {
    // The server marks known directive names as `property` + `defaultLibrary`; unknown names stay plain `property`.
    assert.ok(TOKEN_TYPES.includes('property') && TOKEN_MODIFIERS.includes('defaultLibrary'));
    const mapping = pkg.contributes.semanticTokenScopes.find((m: { language: string }) => m.language === 'powermta');
    assert.deepEqual(mapping.scopes['property.defaultLibrary'], ['keyword.other.directive.powermta']);
  });

  it('implements every contributed command in client/src (or the server announces it)', () => {
    const source = readdirSync(join(root, 'client', 'src'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(root, 'client', 'src', f), 'utf8'))
      .join('\n');
    // The language client registers and forwards the commands the server announces itself.
    const fromServer = new Set<string>([...Object.values(COMMANDS), CHECK_DNS_COMMAND]);
    for (const c of pkg.contributes.commands) {
      assert.ok(fromServer.has(c.command) || source.includes(`registerCommand('${c.command}'`), `${c.command} is registered`);
      assert.equal(c.category, 'PowerMTA');
    }
    const titles = pkg.contributes.commands.map((c: { title: string }) => c.title);
    assert.ok(titles.includes('Check configuration') && titles.includes('Restart language server'));
  });
});

describe('language-configuration.json', () => {
  const re = (s: string) => new RegExp(s);
  it('comments with #, folds and indents blocks', () => {
    assert.equal(languageConfiguration.comments.lineComment, '#');
    const { start, end } = languageConfiguration.folding.markers;
    assert.ok(re(start).test('<domain example.com>'));
    assert.ok(re(start).test('  <virtual-mta mta1>  # main'));
    assert.ok(re(start).test('mail-from /x/ <pattern-list>'));
    assert.ok(!re(start).test('</domain>'));
    assert.ok(re(end).test('  </domain>'));
    const { increaseIndentPattern, decreaseIndentPattern } = languageConfiguration.indentationRules;
    assert.ok(re(increaseIndentPattern).test('<source 0/0>'));
    assert.ok(!re(increaseIndentPattern).test('max-smtp-out 20'));
    assert.ok(!re(increaseIndentPattern).test('</source>'));
    assert.ok(re(decreaseIndentPattern).test('    </source>'));
  });

  it('indents the line between <tag> and </tag> on Enter', () => {
    const rule = languageConfiguration.onEnterRules[0];
    assert.ok(re(rule.beforeText).test('<domain example.com>'));
    assert.ok(re(rule.afterText).test('</domain>'));
    assert.equal(rule.action.indent, 'indentOutdent');
  });

  it('treats directive names, hosts and addresses as single words', () => {
    const word = re(`^(?:${languageConfiguration.wordPattern})$`);
    for (const w of ['max-smtp-out', 'mta1.example.com', '10.0.0.1', 'postmaster@example.com', '$yahoo', '{auth}']) assert.ok(word.test(w), w);
    assert.ok(!word.test('max-smtp-out#x'));
  });
});

describe('auto-close of tags (client)', () => {
  const lines = (...l: string[]) => [l.length, (i: number) => l[i]] as const;
  it('recognises a complete opening tag line', () => {
    assert.equal(openedTag('<domain example.com>'), 'domain');
    assert.equal(openedTag('    <virtual-mta-pool pool1>'), 'virtual-mta-pool');
    assert.equal(openedTag('<bounce-processor>'), 'bounce-processor');
    assert.equal(openedTag('</domain>'), undefined);
    assert.equal(openedTag('<domain x> # c'), undefined);
    assert.equal(openedTag('mail-from /x/ <pattern-list>'), undefined);
  });

  it('does not add </tag> when the next statement already closes it', () => {
    assert.ok(alreadyClosed(...lines('<domain x>', '', '  # note', '</domain>'), 0, 'domain'));
    assert.ok(!alreadyClosed(...lines('<domain x>', '  max-smtp-out 2', '</domain>'), 0, 'domain'));
    assert.ok(!alreadyClosed(...lines('<domain x>'), 0, 'domain'));
    assert.ok(!alreadyClosed(...lines('<domain x>', '</source>'), 0, 'domain'));
  });
});
