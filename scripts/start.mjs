#!/usr/bin/env node
// `npm start`: builds, packages the .vsix and opens it on the sample workspace (sample/pmta/config,
// copied so the repository copy stays untouched):
//   - in VS Code when the `code` command exists, with a profile of its own (your own VS Code
//     profile and extensions are left alone);
//   - otherwise in code-server (VS Code in the browser), installed on first use into
//     ${XDG_CACHE_HOME:-~/.cache}/powermta-tools/, listening on 127.0.0.1 only. Prints the URL.
// Options: --port N (default 8765, or PMTA_START_PORT), --code-server (skip VS Code even if present),
//          --web (code-server, with the extension's web build: the server in a web worker),
//          --exit-when-ready (start, check the page answers, stop: a smoke test of this script).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR, QUIET_SETTINGS, WEB_BUILD_SETTINGS, copyWorkspace, ensureCodeServer, installExtension, prepareProfile, startCodeServer } from './codeServer.mjs';
import { packageExtension } from './package.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const port = Number(args.includes('--port') ? args[args.indexOf('--port') + 1] : process.env.PMTA_START_PORT || 8765);
const exitWhenReady = args.includes('--exit-when-ready');
const web = args.includes('--web');

const { packagePath } = await packageExtension({ build: true, quiet: true });
console.log(`start: packaged ${packagePath}`);

const hasCode = !args.includes('--code-server') && !web && spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;

if (hasCode) {
  const profile = prepareProfile(join(CACHE_DIR, 'vscode-profile'), { ...QUIET_SETTINGS, 'workbench.startupEditor': 'none' });
  const workspace = copyWorkspace(profile, join(root, 'sample'));
  const base = ['--user-data-dir', profile.userData, '--extensions-dir', profile.extensions];
  const install = spawnSync('code', [...base, '--install-extension', packagePath, '--force'], { stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
  if (exitWhenReady) {
    console.log(`start: VS Code would open ${workspace}`);
    process.exit(0);
  }
  spawnSync('code', [...base, '--new-window', workspace, join(workspace, 'pmta', 'config')], { stdio: 'inherit' });
  console.log(`start: opened ${join(workspace, 'pmta', 'config')} in VS Code (profile ${profile.dir})`);
} else {
  const cs = ensureCodeServer();
  const profile = prepareProfile(join(CACHE_DIR, 'start-profile'), { ...QUIET_SETTINGS, 'files.hotExit': 'onExit', ...(web ? WEB_BUILD_SETTINGS : {}) });
  installExtension(cs, profile, packagePath);
  const workspace = copyWorkspace(profile, join(root, 'sample'));
  const server = await startCodeServer(cs, profile, { port });
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  const page = await fetch(url);
  if (!page.ok) {
    await server.stop();
    throw new Error(`code-server answered ${page.status} for ${url}`);
  }
  if (exitWhenReady) {
    await server.stop();
    console.log(`start: code-server served ${url}; stopped (--exit-when-ready)`);
    process.exit(0);
  }
  console.log(`\nPowerMTA extension${web ? ' (web build: the server runs in a web worker of the browser)' : ''} running in code-server. Open:\n\n  ${url}\n\nthen open pmta/config (Ctrl+P). Log: ${server.logFile}. Ctrl+C stops it.\n`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (code) => {
    console.log(`start: code-server exited (${code})`);
    process.exit(code ?? 1);
  });
}
