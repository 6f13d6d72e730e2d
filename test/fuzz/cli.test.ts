// Property: pmta-lint (the built bundle, as CI runs it) reports messy configurations (messyConfig.ts)
// the same way in its three formats: the same findings at the same places in JSON, SARIF and text,
// every place inside its file, text output free of control characters (a pasted escape sequence
// must not reach the terminal), and the exit status that the README promises (1 exactly when an
// error-level finding is reported); and the language server, given the same files, publishes the same
// findings with the same levels, also for configurations split over files, where it publishes those
// of the included files it has not opened, and after random edits (include lines added and removed,
// blocks opened and closed) once the edited files are saved.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { pathToFileURL } from 'node:url';
import { lint, workdir } from '../cli/harness';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../lspClient';
import { messyConfig } from './messyConfig';
import { PmtaDocument } from '../../server/src/syntax/document';
import { LineKind } from '../../server/src/syntax/scanner';
import { regexArg } from '../helpers';

const FILES = 30;

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
}

interface SarifResult {
  ruleId: string;
  level: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine?: number; endColumn?: number } } }[];
}

/** Lines as the editor and pmta-lint count them: `\r\n`, `\r` and `\n` each end one. */
const linesOf = (text: string) => text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);

type Diagnostic = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code: string; severity: number };
const LEVEL: Record<string, number> = { error: 1, warning: 2, information: 3 };
const published = (d: Diagnostic) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.code} ${d.severity}`;
const reported = (f: JsonFinding) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.code} ${LEVEL[f.severity]}`;

/** includedBy's answers by text: rootIndex asks again for the same files while it climbs. */
const INCLUDED_BY = new Map<string, string[]>();

/**
 * The paths a file's include lines name. Read with the scanner: a line that looks like an include
 * but continues the comma list of the line above is part of that value (an edit can put one there).
 */
function includedBy(text: string): string[] {
  const known = INCLUDED_BY.get(text);
  if (known) return known;
  const doc = new PmtaDocument(text.replace(/^\uFEFF/, ''), regexArg);
  const out: string[] = [];
  INCLUDED_BY.set(text, out);
  for (let i = 0; i < doc.lineCount; i++) {
    const info = doc.info(i);
    // The path ends at a `#`, where PowerMTA cuts a value.
    if (info.kind === LineKind.Directive && info.name?.text.toLowerCase() === 'include' && info.words[0]) out.push(info.words[0].text.split('#')[0]);
  }
  return out;
}

/** The first place at or after `at` where an inserted line is a statement, not the continuation of a comma list above. */
function statementAt(lines: string[], at: number): number {
  const doc = new PmtaDocument(lines.join('\n').replace(/^\uFEFF/, ''), regexArg);
  const continues = (p: number) => p > 0 && doc.info(p - 1).trailingComma;
  let p = at;
  while (p < lines.length && continues(p)) p++;
  // A list that runs to the end of the file: above it instead.
  if (continues(p)) for (p = at; continues(p); p--);
  return p;
}

/** The files one of them (the first by default) pulls in through include lines naming them, itself included. */
function members(paths: string[], docs: TextDocument[], from = 0): Set<string> {
  const found = new Set([paths[from]]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [i, path] of paths.entries()) {
      if (!found.has(path)) continue;
      for (const target of includedBy(docs[i].getText())) {
        if (paths.includes(target) && !found.has(target)) grew = !!found.add(target);
      }
    }
  }
  return found;
}

/**
 * The file the server checks file `i` from (workspace.ts, rootOf): while an open file with an
 * include line reaches it and is not reached back, that file; of two that reach each other,
 * PowerMTA's `config` (the first file). An edit may cut the main file's include of a.conf, which
 * then, open and including b.conf, is a main file of its own.
 */
function rootIndex(i: number, paths: string[], docs: TextDocument[], open: number[]): number {
  const reaches = (j: number, k: number) => j !== k && open.includes(j) && includedBy(docs[j].getText()).length > 0 && members(paths, docs, j).has(paths[k]);
  const above = (r: number) => open.find((j) => reaches(j, r) && !reaches(r, j));
  let r = i;
  for (let j = above(r); j !== undefined; j = above(r)) r = j;
  return r !== 0 && reaches(0, r) && reaches(r, 0) ? 0 : r;
}

/** Waits until the server has published nothing for a while (key files are looked at after the first diagnostics, which then go out again). */
async function quiet(server: LspClient): Promise<void> {
  for (let seen = -1; seen !== server.published; ) {
    seen = server.published;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Runs `compare` until it passes, or fails with its last assertion once the server has published
 * nothing new for `ms`: on a loaded machine half a second of silence does not mean the server is done
 * (one run compared before an included file was published), but a real difference stays.
 */
async function settled(server: LspClient, compare: () => void, ms = 5000): Promise<void> {
  await quiet(server);
  for (let seen = server.published, since = Date.now(); ; ) {
    try {
      return compare();
    } catch (e) {
      if (server.published !== seen) [seen, since] = [server.published, Date.now()];
      else if (Date.now() - since > ms) throw e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const key = (f: { file: string; line: number; column: number; endLine: number; endColumn: number; code: string }) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.code}`;

describe('fuzz: pmta-lint on messy configurations', () => {
  const texts = fc.sample(messyConfig, { numRuns: FILES, seed: 11 });
  const { dir, cleanup } = workdir({});
  after(cleanup);
  const paths = texts.map((text, i) => {
    const path = join(dir, `c${i}.conf`);
    writeFileSync(path, text);
    return path;
  });
  const linesByPath = new Map(paths.map((p, i) => [p, linesOf(texts[i])]));

  it('agrees with itself across JSON, SARIF and text, with every place inside its file', () => {
    const run = (...args: string[]) => lint([...args, ...paths], { spawn: { maxBuffer: 256 * 1024 * 1024 } });
    const json = run('--format', 'json');
    const sarif = run('--format', 'sarif');
    const text = run('--format', 'text', '--no-color');
    for (const r of [json, sarif, text]) assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);

    const findings = JSON.parse(json.stdout) as JsonFinding[];
    assert.ok(findings.length > 0, 'messy configurations have findings');
    for (const f of findings) {
      const lines = linesByPath.get(f.file);
      assert.ok(lines, `a finding in a file not given: ${f.file}`);
      assert.ok(f.line >= 1 && f.endLine >= f.line && f.endLine <= lines.length, `lines out of the file: ${key(f)} (${lines.length} lines)`);
      assert.ok(f.column >= 1 && f.column <= lines[f.line - 1].length + 1, `start column off its line: ${key(f)}`);
      assert.ok(f.endColumn >= 1 && f.endColumn <= lines[f.endLine - 1].length + 1, `end column off its line: ${key(f)}`);
      if (f.endLine === f.line) assert.ok(f.endColumn >= f.column, `ends before it starts: ${key(f)}`);
    }
    const hasError = findings.some((f) => f.severity === 'error');
    for (const r of [json, sarif, text]) assert.equal(r.code, hasError ? 1 : 0, 'exit status');

    const results = (JSON.parse(sarif.stdout) as { runs: { results: SarifResult[] }[] }).runs[0].results;
    const fromSarif = results.map((r) => {
      const { artifactLocation, region } = r.locations[0].physicalLocation;
      const file = decodeURIComponent(new URL(artifactLocation.uri).pathname);
      return key({ file, line: region.startLine, column: region.startColumn, endLine: region.endLine ?? region.startLine, endColumn: region.endColumn ?? region.startColumn, code: r.ruleId });
    });
    assert.deepEqual(fromSarif.sort(), findings.map(key).sort(), 'SARIF and JSON report the same places');

    assert.doesNotMatch(text.stdout, /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f]/, 'a control character in text output');
    const textPlaces = [...text.stdout.matchAll(/^(.+?):(\d+):(\d+): (error|warning|information) ([a-z0-9-]+):/gm)].map((m) => `${m[1]}:${m[2]}:${m[3]} ${m[5]}`);
    assert.deepEqual(textPlaces.sort(), findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.code}`).sort(), 'text and JSON report the same places');
  });

  it('reports what the language server publishes for the same files', async () => {
    const findings = JSON.parse(lint(['--format', 'json', ...paths], { spawn: { maxBuffer: 256 * 1024 * 1024 } }).stdout) as JsonFinding[];
    const server = new LspClient();
    await server.initialize();
    try {
      const uris = paths.map((path) => pathToFileURL(path).href);
      const first = uris.map((uri) => server.waitForDiagnostics(uri));
      // Editors leave a byte-order mark out of the text they send, and pmta-lint counts columns without it.
      for (const [i, uri] of uris.entries()) await server.open(uri, texts[i].replace(/^\uFEFF/, ''));
      await Promise.all(first);
      await settled(server, () => {
        for (const [i, path] of paths.entries()) {
          const got = (server.diagnostics.get(uris[i]) ?? []).map(published);
          const expected = findings.filter((f) => f.file === path).map(reported);
          assert.deepEqual(got.sort(), expected.sort(), `${path}:\n${texts[i]}`);
        }
      });
    } finally {
      await server.shutdown();
    }
  });

  it('reports for configurations split over files what the server publishes for them, included files opened or not', async () => {
    // Each configuration: a main file including two others, one of them inside a <domain> block;
    // the first include is written in one of several ways, and in every other configuration the
    // included files are opened in the editor too.
    const sets = fc.sample(fc.tuple(messyConfig, messyConfig, messyConfig, fc.nat(), fc.nat()), { numRuns: 10, seed: 12 }).map(([main, a, b, at, atBlock], k) => {
      const folder = join(dir, `split${k}`);
      const [aPath, bPath] = [join(folder, 'conf.d', 'a.conf'), join(folder, 'conf.d', 'b.conf')];
      mkdirSync(join(folder, 'conf.d'), { recursive: true });
      const style = k % 5;
      const includeA = [`include ${aPath}`, `include ${join(folder, 'conf.d', '*.conf')}`, 'include conf.d/a.conf', `include ${aPath}\ninclude ${aPath}`, `include ${aPath}`][style];
      const lines = main.split('\n');
      lines.splice(statementAt(lines, at % (lines.length + 1)), 0, includeA);
      lines.splice(statementAt(lines, atBlock % (lines.length + 1)), 0, '<domain inc.example>', `include ${bPath}`, '</domain>');
      const files = new Map([
        [join(folder, 'config'), lines.join('\n')],
        // The last way: a.conf includes the main file back, a cycle.
        [aPath, style === 4 ? `${a}\ninclude ${join(folder, 'config')}\n` : a],
        [bPath, b],
      ]);
      for (const [path, text] of files) writeFileSync(path, text);
      return { files, openAll: k % 2 === 1 };
    });
    const mains = sets.map(({ files }) => [...files.keys()][0]);
    const findings = JSON.parse(lint(['--format', 'json', ...mains], { spawn: { maxBuffer: 256 * 1024 * 1024 } }).stdout) as JsonFinding[];
    const server = new LspClient();
    await server.initialize();
    try {
      for (const { files, openAll } of sets) {
        for (const [path, text] of [...files].slice(0, openAll ? 3 : 1)) await server.open(pathToFileURL(path).href, text.replace(/^\uFEFF/, ''));
      }
      await settled(server, () => {
        for (const { files } of sets) {
          for (const [path, text] of files) {
            const got = (server.diagnostics.get(pathToFileURL(path).href) ?? []).map(published);
            const expected = findings.filter((f) => f.file === path).map(reported);
            assert.deepEqual(got.sort(), expected.sort(), `${path}:\n${text}`);
          }
        }
      });
    } finally {
      await server.shutdown();
    }
  });

  it('reports after random edits in the editor, once the files are saved, what the server publishes for them', async () => {
    const edit = fc.tuple(fc.nat(2), fc.nat(), fc.nat(39), fc.nat(7));
    const sessions = fc.sample(fc.tuple(messyConfig, messyConfig, messyConfig, fc.array(edit, { minLength: 1, maxLength: 12 }), fc.boolean()), { numRuns: 6, seed: 13 });
    const server = new LspClient();
    await server.initialize();
    try {
      const all: { paths: string[]; docs: TextDocument[]; open: number[] }[] = [];
      for (const [k, [main, a, b, edits, openAll]] of sessions.entries()) {
        const folder = join(dir, `edited${k}`);
        mkdirSync(join(folder, 'conf.d'), { recursive: true });
        const paths = [join(folder, 'config'), join(folder, 'conf.d', 'a.conf'), join(folder, 'conf.d', 'b.conf')];
        // The generated texts' own include lines go: a wildcard one (`include /etc/pmta/*/*`) can
        // reach the session's files, which `members` and `rootIndex` would then have to resolve as
        // the server does. The edits below add include lines that name the files.
        const own = (t: string) => t.replace(/^\uFEFF/, '').replace(/^[ \t]*include\b.*$/gim, '# an include line taken out');
        const texts = [`include ${paths[1]}\n${own(main)}`, own(a), own(b)];
        texts.forEach((t, i) => writeFileSync(paths[i], t));
        const docs = paths.map((p, i) => TextDocument.create(pathToFileURL(p).href, 'powermta', 1, texts[i]));
        const open = openAll ? [0, 1, 2] : [0];
        for (const i of open) await server.open(docs[i].uri, texts[i]);
        const pieces = [`include ${paths[1]}\n`, `include ${paths[2]}\n`, '<domain x.example>\n', '</domain>\n', '', 'max-smtp-ot 5\n', '<virtual-mta v9>\n', `include ${paths[0]}\n`];
        for (const [file, line, length, piece] of edits) {
          const i = openAll ? file : 0;
          const d = docs[i];
          const start = { line: line % (d.lineCount + 1), character: 0 };
          // Only a.conf includes the main file back (a cycle), and b.conf includes nothing: a file
          // that includes others and that nothing includes would be a main file of its own.
          const text = (piece === 7 && i !== 1) || (i === 2 && pieces[piece].startsWith('include')) ? '' : pieces[piece];
          const change = { range: { start, end: d.positionAt(d.offsetAt(start) + length) }, text };
          docs[i] = TextDocument.update(d, [change], d.version + 1);
          await server.change(d.uri, d.version + 1, [change]);
        }
        for (const i of open) writeFileSync(paths[i], docs[i].getText());
        all.push({ paths, docs, open });
      }
      const findings = JSON.parse(lint(['--format', 'json', ...all.map((s) => s.paths[0])], { spawn: { maxBuffer: 256 * 1024 * 1024 } }).stdout) as JsonFinding[];
      const expected = new Map<string, string[]>();
      for (const { paths, docs, open } of all) {
        for (const [i, path] of paths.entries()) {
          // A file no open configuration includes is checked on its own when open, and not at all when closed.
          const root = rootIndex(i, paths, docs, open);
          const ofRoot = root === 0 ? findings : root === i && !open.includes(i) ? [] : (JSON.parse(lint(['--format', 'json', paths[root]]).stdout) as JsonFinding[]);
          expected.set(path, ofRoot.filter((f) => f.file === path).map(reported));
        }
      }
      await settled(server, () => {
        for (const { paths, docs } of all) {
          for (const [i, path] of paths.entries()) {
            const got = (server.diagnostics.get(docs[i].uri) ?? []).map(published);
            assert.deepEqual(got.sort(), [...expected.get(path)!].sort(), `${path}:\n${docs[i].getText()}`);
          }
        }
      });
    } finally {
      await server.shutdown();
    }
  });
});
