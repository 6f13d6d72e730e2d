#!/usr/bin/env node
// Headless Neovim as a second real LSP client: opens test/neovim/workspace/pmta/config through
// the built server (server/out/server.js --stdio) and checks diagnostics, completion, hover,
// go to definition and formatting (probe.lua). Then proves the probe can fail: against a server
// path that does not exist it must exit non-zero. Neovim's files (log, shada, state) stay in a
// temporary directory. Exit 0 only when both runs behave; 1 otherwise (also when nvim is missing).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const serverJs = join(root, 'server', 'out', 'server.js');
const started = Date.now();

function fail(message) {
  console.error(`neovim: FAILED: ${message}`);
  process.exit(1);
}

if (!existsSync(serverJs)) fail(`${serverJs} is missing; build first (node scripts/build.mjs)`);
const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
if (version.error || version.status !== 0) fail('nvim is not installed (apt-get install neovim; .ci/run installs it)');
console.log(version.stdout.split('\n')[0]);

// A phrase of the catalogue's text for max-smtp-out that hover must show: the longest run of
// plain words in its doc, so Markdown escaping of <tags> or `code` cannot break the match.
const catalog = JSON.parse(readFileSync(join(root, 'server/src/catalog/directives.json'), 'utf8'));
const entry = (Array.isArray(catalog) ? catalog : catalog.directives).find((d) => d.name === 'max-smtp-out' && d.doc);
if (!entry) fail('max-smtp-out has no doc in the catalogue');
const phrase = entry.doc
  .split(/[^A-Za-z ]+/)
  .map((s) => s.trim())
  .sort((a, b) => b.length - a.length)[0]
  .split(' ')
  .slice(0, 5)
  .join(' ');

const tmp = mkdtempSync(join(tmpdir(), 'pmta-nvim-'));
const ws = join(tmp, 'ws');
cpSync(join(here, 'workspace'), ws, { recursive: true });
const xdg = {
  XDG_CONFIG_HOME: join(tmp, 'xdg', 'config'),
  XDG_DATA_HOME: join(tmp, 'xdg', 'data'),
  XDG_STATE_HOME: join(tmp, 'xdg', 'state'),
  XDG_CACHE_HOME: join(tmp, 'xdg', 'cache'),
  NVIM_LOG_FILE: join(tmp, 'xdg', 'nvim.log'),
};

function probe(server, timeoutMs) {
  const t = Date.now();
  const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${join(here, 'probe.lua')}`], {
    cwd: ws,
    env: { ...process.env, ...xdg, NODE: process.execPath, SERVER_JS: server, TARGET: join(ws, 'pmta', 'config'), EXPECT_HOVER: phrase, LSP_TIMEOUT_MS: String(timeoutMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t };
}

let ok = true;
const real = probe(serverJs, 10_000);
process.stdout.write(real.stdout);
if (real.stderr.trim()) process.stdout.write(`nvim stderr:\n${real.stderr}`);
console.log(`neovim: probe against the real server: exit ${real.status ?? real.signal} in ${real.ms} ms`);
if (real.status !== 0 || !/^\d+ passed, 0 failed$/m.test(real.stdout)) {
  ok = false;
  for (const log of [join(xdg.XDG_CACHE_HOME, 'nvim', 'lsp.log'), join(xdg.XDG_STATE_HOME, 'nvim', 'lsp.log')]) {
    if (existsSync(log)) console.log(`--- ${log} (last lines)\n${readFileSync(log, 'utf8').split('\n').slice(-40).join('\n')}`);
  }
}

// The probe must not pass without a server.
const missing = probe(join(tmp, 'no-such-server.js'), 1500);
const failedLoudly = missing.status !== 0 && /^FAIL server initialized over stdio/m.test(missing.stdout);
console.log(`neovim: probe against a missing server ${failedLoudly ? 'fails as it must' : 'DID NOT FAIL'} (exit ${missing.status ?? missing.signal} in ${missing.ms} ms)`);
if (!failedLoudly) {
  ok = false;
  process.stdout.write(missing.stdout);
}

if (ok) rmSync(tmp, { recursive: true, force: true });
else console.log(`neovim: work directory kept for inspection: ${tmp}`);
console.log(`neovim: ${ok ? 'ok' : 'FAILED'} in ${Date.now() - started} ms`);
process.exit(ok ? 0 : 1);
