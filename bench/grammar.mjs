// Times the TextMate grammar (syntaxes/powermta.tmLanguage.json) with VS Code's own engine,
// vscode-textmate + vscode-oniguruma, on the real corpus and on a generated configuration.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export async function timeGrammar(root, generated) {
  const grammarPath = join(root, 'syntaxes/powermta.tmLanguage.json');
  if (!existsSync(grammarPath)) return { skipped: 'grammar not built (syntaxes/powermta.tmLanguage.json does not exist yet)' };
  const vsctm = require('vscode-textmate');
  const onig = require('vscode-oniguruma');
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const raw = readFileSync(grammarPath, 'utf8');
  const scopeName = JSON.parse(raw).scopeName;
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new onig.OnigScanner(p), createOnigString: (s) => new onig.OnigString(s) }),
    loadGrammar: async (name) => (name === scopeName ? vsctm.parseRawGrammar(raw, grammarPath) : null),
  });
  const grammar = await registry.loadGrammar(scopeName);
  const tokenize = (text) => {
    let stack = vsctm.INITIAL;
    const lines = text.split(/\r\n|\r|\n/);
    const t0 = performance.now();
    for (const line of lines) stack = grammar.tokenizeLine(line, stack).ruleStack;
    return { lines: lines.length, ms: performance.now() - t0 };
  };
  const corpusDir = join(root, 'test/corpus/real');
  const corpus = readdirSync(corpusDir)
    .filter((f) => !f.endsWith('.tsv') && !f.endsWith('.md'))
    .map((f) => readFileSync(join(corpusDir, f), 'utf8'));
  tokenize(corpus.join('\n')); // warm-up
  const rows = [];
  const runs = corpus.map(tokenize);
  rows.push({ name: `real corpus (${corpus.length} files, cold engine caches warmed once)`, lines: sum(runs, 'lines'), ms: sum(runs, 'ms') });
  if (generated) rows.push({ name: 'generated 20k-line configuration', ...tokenize(generated) });
  // Hostile lines as long as VS Code tokenizes (editor.maxTokenizationLineLength, 20,000): an
  // expression that starts again at every character of a run shows here (a line of `{{` took
  // seconds until the placeholder rule stopped at `{`; a regex of `[` 1.5 s until a class could stay
  // unclosed; blanks inside the text after a tag 67 ms until that text was taken greedily).
  const n = 20_000;
  const hostile = Object.entries({
    blanks: 'max-smtp-out 1' + ' '.repeat(n) + '2',
    '`>` in a tag': '<domain a' + '>'.repeat(n) + 'b>',
    '`{{`': 'x ' + '{{'.repeat(n / 2),
    'quoted words': 'x "' + 'a" "'.repeat(n / 4),
    'regex groups': 'mail-from /' + '(a|b)*'.repeat(n / 6) + '/',
    '`[` in a regex': 'mail-from /' + '['.repeat(n) + '/',
    'blanks in the text after a tag': '<domain a> x' + ' '.repeat(n) + 'y',
    'a comma list': 'domain-macro m ' + 'a.com, '.repeat(n / 7),
    '`$`': 'x ' + '$a'.repeat(n / 2),
    '`<`': '<'.repeat(n),
    '`#`': '#'.repeat(n),
  }).map(([name, line]) => ({ name, ms: tokenize(line).ms }));
  return { rows, hostile: { chars: n, lines: hostile } };
}

function sum(xs, key) {
  return xs.reduce((a, x) => a + x[key], 0);
}
