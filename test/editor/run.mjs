#!/usr/bin/env node
// Real-editor tests: the packaged .vsix installed into code-server (VS Code in the browser),
// driven by Playwright with Debian's Chromium. `npm test` runs this file (scripts/test.mjs).
//
//   node test/editor/run.mjs [--only NAME,NAME] [--update-screenshots]
//
// After the Playwright steps, the mocha suite of test/vscode runs in code-server's extension host.
// Env: PMTA_E2E_PORT (8765), PMTA_E2E_STEP_TIMEOUT_MS (60000 per waiting step), CHROMIUM
// (/usr/bin/chromium), PMTA_TOOLS_CACHE (where code-server is installed on first use).
// Screenshots of every step: test-output/editor/. `--update-screenshots` also refreshes the README's
// images/screenshots/. Prints "N passed, N failed"; exits 1 on any failure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser } from './browser.mjs';
import { packageExtension } from '../../scripts/package.mjs';
import { QUIET_SETTINGS, copyWorkspace, ensureCodeServer, installExtension, prepareProfile, startCodeServer } from '../../scripts/codeServer.mjs';
import { runSuiteInCodeServer } from '../vscode/inCodeServer.mjs';
import { runWebBuildChecks } from './webBuild.mjs';
import { CHECKS } from './checks.mjs';
import { Workbench } from './workbench.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(root, 'test-output', 'editor');
const PORT = Number(process.env.PMTA_E2E_PORT || 8765);
const STEP_TIMEOUT = Number(process.env.PMTA_E2E_STEP_TIMEOUT_MS || 60_000);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
const updateScreenshots = args.includes('--update-screenshots');

/** Settings of the test profile: a quiet workbench, suggestions only on Ctrl+Space, quick hovers. */
export const TEST_SETTINGS = {
  'workbench.colorTheme': 'Default Dark Modern',
  ...QUIET_SETTINGS,
  'files.autoSave': 'off',
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.wordBasedSuggestions': 'off',
  'editor.hover.delay': 200,
  'editor.minimap.enabled': false,
  'workbench.editor.enablePreview': false,
  'breadcrumbs.enabled': false,
  'workbench.list.defaultFindMode': 'filter',
  // The settings step replaces settings.json through its editor: no auto-closing or re-indenting there.
  '[jsonc]': { 'editor.autoClosingBrackets': 'never', 'editor.autoClosingQuotes': 'never', 'editor.autoIndent': 'none', 'editor.formatOnType': false },
};

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (m) => console.log(`[editor ${elapsed()}] ${m}`);

/** Loads the workspace afresh (a retry starts from a clean workbench, not from a failed step's leftovers). */
async function reloadWorkbench(page, url) {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor();
}

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });

  let t = Date.now();
  const { packagePath, size } = await packageExtension({ build: true, quiet: true });
  log(`packaged ${packagePath} (${(size / 1024).toFixed(1)} KB) in ${Date.now() - t} ms`);

  t = Date.now();
  const cs = ensureCodeServer();
  log(`code-server ready in ${Date.now() - t} ms`);

  const profile = prepareProfile(join(OUT, 'profile'), TEST_SETTINGS);
  t = Date.now();
  installExtension(cs, profile, packagePath);
  log(`extension installed into code-server in ${Date.now() - t} ms`);
  const workspace = copyWorkspace(profile, join(root, 'sample'));

  t = Date.now();
  const server = await startCodeServer(cs, profile, { port: PORT });
  log(`code-server listening on ${server.url} after ${Date.now() - t} ms`);

  let passed = 0;
  let failed = 0;
  const failures = [];
  const flaky = [];
  let browser;
  try {
    browser = await openBrowser(CHROMIUM, { viewport: { width: 1280, height: 800 } });
    const { page } = browser;
    page.setDefaultTimeout(STEP_TIMEOUT);
    const wb = new Workbench(page, { stepTimeout: STEP_TIMEOUT });
    const env = { wb, page, url: `${server.url}/?folder=${encodeURIComponent(workspace)}`, workspace, profile, out: OUT, root, updateScreenshots };
    let step = 0;
    for (const check of CHECKS) {
      if (only && !only.includes(check.name)) continue;
      step++;
      const shot = (name) => join(OUT, `${String(step).padStart(2, '0')}-${name}.png`);
      const started = Date.now();
      // A step that fails is tried once more from a freshly loaded workbench: a cold machine can
      // miss a UI timing once. Both attempts are reported; a step that fails twice fails the run.
      let firstError;
      for (let attempt = 1; attempt <= 2; attempt++) {
        try {
          if (attempt === 2) await reloadWorkbench(page, env.url);
          const info = await check.run({ ...env, shot });
          passed++;
          const retried = firstError ? ` [passed on the second attempt; the first failed: ${firstError}]` : '';
          if (firstError) flaky.push(`${check.name}: ${firstError}`);
          log(`PASS ${check.name}: ${check.title} (${Date.now() - started} ms)${info ? ` — ${info}` : ''}${retried}`);
          break;
        } catch (err) {
          const message = String(err?.message ?? err).replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim() && !l.includes('=====')).slice(0, 3).join(' | ');
          const failedShot = shot(`FAILED-${attempt}-${check.name}`);
          await page.screenshot({ path: failedShot }).catch(() => {});
          // Leave the workbench in a known state for what comes next.
          await page.keyboard.press('Escape').catch(() => {});
          await page.keyboard.press('Escape').catch(() => {});
          if (attempt === 1) {
            firstError = message;
            log(`RETRY ${check.name}: first attempt failed after ${Date.now() - started} ms — ${message} (screenshot ${failedShot})`);
            continue;
          }
          failed++;
          failures.push(`${check.name}: ${message}`);
          log(`FAIL ${check.name}: ${check.title} (${Date.now() - started} ms) — ${message} (screenshot ${failedShot})`);
        }
      }
    }
  } finally {
    await browser?.close();
    await server.stop();
  }
  log(`logs: ${profile.userData}/logs, ${server.logFile}; screenshots: ${OUT}`);

  // The web build: the same .vsix in code-server's web worker extension host (test/editor/webBuild.mjs).
  if (!only || only.includes('web')) {
    t = Date.now();
    try {
      const web = await runWebBuildChecks({ cs, vsix: packagePath, root, out: OUT, port: PORT, chromiumPath: CHROMIUM, stepTimeout: STEP_TIMEOUT, log: (m) => log(`web ${m}`) });
      passed += web.passed;
      failed += web.failed;
      failures.push(...web.failures.map((f) => `web: ${f}`));
      log(`web build: ${web.passed} passed, ${web.failed} failed in ${Date.now() - t} ms`);
    } catch (err) {
      failed++;
      failures.push(`web: ${String(err?.message ?? err).split('\n')[0]}`);
      log(`FAIL web build — ${String(err?.message ?? err).split('\n')[0]}`);
    }
  }
  // The @vscode/test-electron suite (mocha + the vscode API), run in code-server's extension host.
  if (!only || only.includes('vscode-api')) {
    t = Date.now();
    try {
      const suite = await runSuiteInCodeServer({ cs, vsix: packagePath, port: PORT, chromiumPath: CHROMIUM, log: (m) => log(`vscode-api ${m}`) });
      passed += suite.passed;
      failed += suite.failed;
      if (suite.failed) failures.push(`vscode-api: ${suite.failed} mocha test(s) failed (see above)`);
      if (suite.passed + suite.failed === 0) {
        failed++;
        failures.push('vscode-api: the mocha suite ran no tests');
      }
      log(`vscode-api suite: ${suite.passed} passed, ${suite.failed} failed in ${Date.now() - t} ms`);
    } catch (err) {
      failed++;
      failures.push(`vscode-api: ${String(err?.message ?? err).split('\n')[0]}`);
      log(`FAIL vscode-api suite — ${String(err?.message ?? err).split('\n')[0]}`);
    }
  }
  // `npm start` in its code-server form: packages, installs, serves the sample workspace.
  if (!only || only.includes('start')) {
    t = Date.now();
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs'), '--code-server', '--exit-when-ready', '--port', String(PORT)], { cwd: root, encoding: 'utf8' });
    const ok = r.status === 0 && /code-server served http:\/\/127\.0\.0\.1:\d+\/\?folder=/.test(r.stdout);
    if (ok) passed++;
    else {
      failed++;
      failures.push(`start: exit ${r.status}`);
    }
    log(`${ok ? 'PASS' : 'FAIL'} start: npm start serves the sample workspace in code-server (${Date.now() - t} ms)${ok ? '' : ` — exit ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`}`);
  }

  // Repeated at the end so that the tail of a CI log says what went wrong.
  for (const f of flaky) console.log(`editor: passed on retry — ${f}`);
  for (const f of failures) console.log(`editor: FAILED — ${f}`);
  console.log(`editor: ${passed} passed, ${failed} failed`);
  return failed === 0;
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err) => {
    console.error(err);
    console.log('editor: 0 passed, 1 failed');
    process.exit(1);
  },
);
