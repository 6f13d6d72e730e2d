// Runs the @vscode/test-electron suite (test/vscode/suite) inside code-server instead of a desktop
// VS Code: the web workbench accepts `extensionDevelopmentPath` and `extensionTestsPath` in its
// `payload` URL parameter (when the server runs with VS Code's enable-smoke-test-driver option) and
// reports the end of the run through `window.codeAutomationExit(code)`.
// The extension under test is the unpacked .vsix that `--install-extension` left in the profile.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser } from '../editor/browser.mjs';
import { QUIET_SETTINGS, copyWorkspace, installExtension, prepareProfile, startCodeServer } from '../../scripts/codeServer.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const SUITE = join(root, 'test', 'vscode', 'suite', 'index.cjs');
export const RESULTS = join(root, 'test-output', 'vscode', 'results.json');

/** @returns {Promise<{passed: number, failed: number, results: {title: string, ok: boolean, error?: string}[]}>} */
export async function runSuiteInCodeServer({ cs, vsix, port = 8765, timeoutMs = 300_000, chromiumPath = '/usr/bin/chromium', log = console.log }) {
  rmSync(RESULTS, { force: true });
  const profile = prepareProfile(join(root, 'test-output', 'vscode', 'profile'), { ...QUIET_SETTINGS, 'files.autoSave': 'off' });
  installExtension(cs, profile, vsix);
  const installed = readdirSync(profile.extensions).find((d) => d.startsWith('powermta-tools.powermta-language-tools-'));
  if (!installed) throw new Error(`the .vsix did not unpack into ${profile.extensions}`);
  const extensionDir = join(profile.extensions, installed);
  const workspace = copyWorkspace(profile, join(root, 'sample'));
  // The workbench honours extensionDevelopmentPath/extensionTestsPath from its URL only in this mode.
  const server = await startCodeServer(cs, profile, { port, extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] });
  let browser;
  try {
    browser = await openBrowser(chromiumPath);
    const { page } = browser;
    let finish;
    const exited = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    const authority = new URL(server.url).host;
    const remote = (path) => `vscode-remote://${authority}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(extensionDir)],
      ['extensionTestsPath', remote(SUITE)],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const timer = new Promise((_, reject) => setTimeout(() => reject(new Error(`the suite did not finish within ${timeoutMs / 1000} s`)), timeoutMs).unref());
    const code = await Promise.race([exited, timer]);
    if (!existsSync(RESULTS)) throw new Error(`the extension host exited (${code}) without results; logs: ${profile.userData}/logs`);
    const { results } = JSON.parse(readFileSync(RESULTS, 'utf8'));
    for (const r of results) log(`${r.ok ? 'PASS' : 'FAIL'} ${r.title}${r.ok ? '' : ` — ${r.error.split('\n')[0]}`}`);
    const failed = results.filter((r) => !r.ok).length;
    return { passed: results.length - failed, failed, results, exitCode: code };
  } finally {
    await browser?.close();
    await server.stop();
  }
}
