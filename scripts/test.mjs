#!/usr/bin/env node
// `npm test`: build, type-check, then every suite — unit, protocol, corpus, grammar, fuzz (node:test
// with tsx), the headless Neovim client and the code-server + Playwright editor tests.
// `--only NAME[,NAME]` runs some suites (after the build); `--skip NAME` leaves some out.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const pick = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1].split(',') : undefined;
};
const only = pick('--only');
const skip = pick('--skip') ?? [];
const wanted = (name) => (!only || only.includes(name)) && !skip.includes(name);

const NODE_SUITES = ['unit', 'protocol', 'corpus', 'grammar', 'fuzz', 'cli', 'dns'];
const results = [];

function run(name, cmd, argv, opts = {}) {
  const t = Date.now();
  console.log(`\n=== ${name}: ${[cmd, ...argv].map((a) => relative(root, a) || a).join(' ')}`);
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit', ...opts });
  const ok = r.status === 0;
  results.push({ name, ok, ms: Date.now() - t });
  if (!ok) console.log(`=== ${name} FAILED (exit ${r.status ?? r.signal})`);
  return ok;
}

function testFiles(dir) {
  const abs = join(root, 'test', dir);
  if (!existsSync(abs)) return [];
  const out = [];
  const walk = (d) => {
    for (const f of readdirSync(d).sort()) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.test\.ts$/.test(f)) out.push(p);
    }
  };
  walk(abs);
  return out;
}

if (!run('build', process.execPath, [join(root, 'scripts/build.mjs')])) process.exit(1);
if (wanted('typecheck')) run('typecheck', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')]);
if (wanted('catalog')) run('catalog', process.execPath, [join(root, 'scripts/import-catalog.mjs'), '--check']);
// The fuzz suite bounds every answer of the real server in time (1 s per request, issue 7), so it
// runs on its own, one file at a time, instead of competing for the two cores with other files.
const parallel = NODE_SUITES.filter((s) => s !== 'fuzz' && wanted(s));
const nodeTest = (name, files, extra = []) =>
  files.length && run(name, process.execPath, ['--import', 'tsx', '--test', '--test-timeout=180000', '--test-reporter=spec', ...extra, ...files]);
nodeTest(`node:test (${parallel.join(', ')})`, parallel.flatMap(testFiles));
if (wanted('fuzz')) nodeTest('node:test (fuzz, one file at a time)', testFiles('fuzz'), ['--test-concurrency=1']);
if (wanted('neovim') && existsSync(join(root, 'test/neovim/run.mjs'))) run('neovim', process.execPath, [join(root, 'test/neovim/run.mjs')]);
if (wanted('editor') && existsSync(join(root, 'test/editor/run.mjs'))) run('editor', process.execPath, [join(root, 'test/editor/run.mjs')]);

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${(r.ms / 1000).toFixed(1)} s)`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
