import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { RegExpParser } from '@eslint-community/regexpp';
import { analyse } from 'scslre';
import ts from 'typescript';

/**
 * Regular expressions against hostile lines. Every expression literal of the server and the
 * extension (they run on the user's text) and every pattern of the TextMate grammar is analysed
 * with scslre, which finds the quantifiers that make an expression take more than linear time on a
 * run of one character: backtracking inside one attempt (its reports `Trade` and `Self`), or an
 * expression that is not anchored and is started again at each character of the run (`Move`; the
 * shape of `/\s+$/` on blanks inside a line). Each report is either fixed or reviewed below with
 * the reason its input cannot make it slow. A run of 30k characters took 0.3–1 s in each of the
 * expressions fixed so far; a 1 MB line took minutes.
 */

const root = join(__dirname, '..', '..');

/**
 * Reports reviewed and kept: `file: /source/` (or `grammar RULE: source`) → why the expression's
 * input cannot make it slow.
 */
const REVIEWED: Record<string, string> = {
  'server/src/analysis/dkim/paths.ts: /\\/+$/': "trims a path mapping's folder, the constant /etc/pmta, never the document's text",
  'server/src/analysis/includes/resolve.ts: /\\/+$/': "trims a path mapping's folder, the constant /etc/pmta, never the document's text",
  'server/src/analysis/values/time.ts: /\\.?0+$/': 'runs on toFixed(2) of a rate in messages per hour: at most 24 characters',
};

/**
 * The expressions built at run time (`new RegExp`), which the analysis cannot see, by file, each
 * reviewed: a new one must be added here after a look at what it runs on.
 */
const BUILT_AT_RUN_TIME: Record<string, string> = {
  'server/src/report/jsonChunks.ts': 'a property name escaped into `\\n( *)"name": \\[\\]`, run on the report JSON this program wrote; it starts only after a line break',
  'server/src/syntax/closingTag.ts': 'a tag name escaped into `^</\\s*name\\s*>`, anchored at the start of the line',
  'server/src/analysis/invisibleCharacters.ts': 'one character class, and a run of one character of it (`(class)\\1*`): each character is read once',
  'server/src/analysis/typographicCharacters.ts': 'character classes only',
  'server/src/analysis/values/regex.ts': "compiles a configuration's own PCRE pattern to see whether JavaScript accepts it; the pattern is never run",
};

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

interface Found {
  where: string;
  key: string;
  reports: string[];
}

const parser = new RegExpParser({ ecmaVersion: 2025 });

function reportsOf(literal: string): string[] {
  const result = analyse(parser.parseLiteral(literal), { reportTypes: { Move: true, Trade: true, Self: true } });
  return result.reports.map((r) => `${r.type}${r.exponential ? ' (exponential)' : ''} on a run of ${r.character.literal.source}`);
}

/** The server's and the extension's expression literals, and the files that build expressions at run time. */
function scanSources(): { literals: Found[]; builders: Set<string>; count: number } {
  const literals: Found[] = [];
  const builders = new Set<string>();
  let count = 0;
  for (const file of [...sourceFiles(join(root, 'server/src')), ...sourceFiles(join(root, 'client/src'))]) {
    const name = relative(root, file);
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        count++;
        const text = node.getText(sf);
        const reports = reportsOf(text);
        if (reports.length) literals.push({ where: `${name}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`, key: `${name}: ${text}`, reports });
      } else if (ts.isNewExpression(node) && node.expression.getText(sf) === 'RegExp') {
        builders.add(name);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { literals, builders, count };
}

/** Every match, begin and end pattern of the grammar, by its repository entry. */
function grammarPatterns(): { rule: string; source: string }[] {
  const grammar = JSON.parse(readFileSync(join(root, 'syntaxes/powermta.tmLanguage.json'), 'utf8'));
  const out: { rule: string; source: string }[] = [];
  const walk = (node: unknown, rule: string): void => {
    if (Array.isArray(node)) node.forEach((n) => walk(n, rule));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') out.push({ rule, source: v });
        else walk(v, rule);
      }
    }
  };
  for (const [name, rule] of Object.entries(grammar.repository)) walk(rule, name);
  walk(grammar.patterns, '(top)');
  return out;
}

/** An Oniguruma pattern of the grammar as a JavaScript literal: `\x{HH}` is written `\u{HH}` (with the u flag). */
function asJavaScript(source: string): string {
  return `/${source.replace(/\\x\{([0-9A-Fa-f]+)\}/g, '\\u{$1}').replace(/\//g, '\\/')}/u`;
}

describe('regular expressions against runs of one character (scslre)', () => {
  const { literals, builders, count } = scanSources();

  it('finds the expression literals of the server and the extension', () => {
    assert.ok(count > 150, `only ${count} literals found: the scan is broken`);
  });

  it('every literal runs in linear time on such runs, or its report is reviewed', () => {
    const open = literals.filter((f) => !(f.key in REVIEWED)).map((f) => `${f.where} ${f.key.split(': ').slice(1).join(': ')}: ${f.reports.join('; ')}`);
    assert.deepEqual(open, []);
  });

  it('every expression built at run time is reviewed', () => {
    assert.deepEqual([...builders].sort(), Object.keys(BUILT_AT_RUN_TIME).sort());
  });

  it('every grammar pattern runs in linear time on such runs, or its report is reviewed', () => {
    const patterns = grammarPatterns();
    assert.ok(patterns.length > 30, `only ${patterns.length} grammar patterns found`);
    const open: string[] = [];
    for (const { rule, source } of patterns) {
      const reports = reportsOf(asJavaScript(source));
      if (reports.length === 0) continue;
      if (`grammar ${rule}: ${source}` in REVIEWED) continue;
      open.push(`${rule}: ${source.slice(0, 120)}: ${reports.join('; ')}`);
    }
    assert.deepEqual(open, []);
  });

  it('no reviewed report is stale', () => {
    const seen = new Set(literals.map((f) => f.key));
    for (const { rule, source } of grammarPatterns()) {
      if (reportsOf(asJavaScript(source)).length) seen.add(`grammar ${rule}: ${source}`);
    }
    assert.deepEqual(Object.keys(REVIEWED).filter((k) => !seen.has(k)), []);
  });

  it('reports the shapes fixed so far, so a silent analysis cannot pass the tests above', () => {
    // Each of these took over 0.3 s on a 30k-character run before it was rewritten.
    for (const shape of ['/[ \\t]+$/', '/^<([^\\s>]*)(\\s+)([^>]*)$/', '/([A-Za-z0-9-]+)\\.(?=[A-Za-z]{2,})/g', '/\\[(?:\\\\[^#]|[^\\]\\\\#])*\\]/']) {
      assert.notDeepEqual(reportsOf(shape), [], shape);
    }
    assert.deepEqual(reportsOf('/(?<![A-Za-z0-9-])([A-Za-z0-9-]+)\\.(?=[A-Za-z]{2,})/g'), []);
  });
});
