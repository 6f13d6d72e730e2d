// The web build (VS Code for the Web) in a real workbench: the same .vsix, installed into
// code-server with `remote.extensionKind` set to "ui", runs its `browser` entry in the browser's
// web worker extension host, and the server in a web worker of its own (no Node process). The
// workspace (test/editor/web-workspace) splits a configuration over four files: a wildcard include
// of conf.d, a relative include of a file no pattern of the extension sends (the server asks the
// extension for it), and a .txt file VS Code opens as plain text. What the Problems panel must show is what pmta-lint, the Node build,
// finds in the same files.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openBrowser } from './browser.mjs';
import { QUIET_SETTINGS, WEB_BUILD_SETTINGS, copyWorkspace, installExtension, prepareProfile, startCodeServer } from '../../scripts/codeServer.mjs';
import { catalogueEntry, lineOf, normal } from './checks.mjs';
import { Workbench } from './workbench.mjs';


/** pmta-lint's findings for the workspace's files, as `{ file, line, column, code }`. */
function lintFindings(root, workspace) {
  const files = ['pmta/config', 'pmta/conf.d/vmtas.conf', 'extra/domains.inc', 'pmta/virtualhost.txt'];
  const r = spawnSync(process.execPath, [join(root, 'server/out/cli.js'), '--format', 'json', ...files], { cwd: workspace, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`pmta-lint failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout).map((f) => ({ file: relative(workspace, join(workspace, f.file)), line: f.line, column: f.column, code: f.code }));
}

/** Command lines of Node processes started from `extensionDir` (the desktop build's server would be one). */
function serverProcesses(extensionDir) {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(extensionDir) && l.includes('server/out/server.js'));
}

const CHECKS = [
  {
    name: 'web-diagnostics',
    title: 'the web build, in a web worker and no Node process, finds what pmta-lint finds in every file of the configuration',
    async run({ wb, page, workspace, expected, extensionDir }) {
      await wb.openFile('pmta/config', 'config');
      await wb.showProblems();
      for (const f of expected) {
        const name = f.file.split('/').pop();
        // A file's rows follow its header row; the row itself holds the code and the position.
        const row = page.locator('.markers-panel .monaco-list-row', { hasText: f.code }).filter({ hasText: `[Ln ${f.line}, Col ${f.column}]` });
        await row.first().waitFor();
        const header = page.locator('.markers-panel .monaco-list-row', { hasText: name }).first();
        await header.waitFor();
      }
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      const findings = rows.filter((r) => /\[Ln \d+, Col \d+\]/.test(r));
      if (findings.length !== expected.length) throw new Error(`${findings.length} findings in the Problems panel, pmta-lint has ${expected.length}: ${findings.map(normal).join(' | ')}`);
      // The checks ran, and not in a Node process: the server is the web worker.
      const procs = serverProcesses(extensionDir);
      if (procs.length) throw new Error(`a Node server runs from the extension: ${procs.join(' | ')}`);
      await wb.closePanel();
      return `no Node server process; ${expected.length} findings in ${new Set(expected.map((f) => f.file)).size} files: ${expected.map((f) => `${f.file}:${f.line} ${f.code}`).join(', ')}`;
    },
  },
  {
    name: 'web-edit',
    title: 'an edit is checked again in the worker: fixing the typo removes its problem',
    async run({ wb, page, expected }) {
      const typo = expected.find((f) => f.file === 'pmta/config' && f.code === 'unknown-directive');
      if (!typo) throw new Error('pmta-lint reports no unknown directive in pmta/config');
      await wb.openFile('pmta/config', 'config');
      await wb.showProblems();
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'unknown-directive' });
      await row.first().waitFor();
      await wb.focusEditor();
      // `max-smtp-ot` becomes `max-smtp-out`: a `u` typed before the `t`.
      await wb.goTo(typo.line, typo.column + 'max-smtp-o'.length);
      await page.keyboard.type('u');
      await row.first().waitFor({ state: 'detached' });
      await page.keyboard.press('Control+z');
      await row.first().waitFor();
      await wb.closePanel();
      return `line ${typo.line}: the problem went away and came back with undo`;
    },
  },
  {
    name: 'web-restart',
    title: 'after "Restart language server" the new worker gets the files again: the includes still resolve',
    async run({ wb, page, workspace, expected }) {
      await wb.command('PowerMTA: Restart language server');
      await wb.openFile('pmta/config', 'config');
      await wb.focusEditor();
      // A new line with a typo: its problem can only come from the restarted server, and comes in
      // the same publish as the rest of the file's problems.
      const lines = readFileSync(join(workspace, 'pmta/config'), 'utf8').split('\n');
      await wb.goTo(lines.length, 1);
      await page.keyboard.type('max-smtp-ox 1');
      await wb.showProblems();
      const fresh = page.locator('.markers-panel .monaco-list-row', { hasText: 'max-smtp-ox' });
      await fresh.first().waitFor();
      const rows = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).filter((r) => /\[Ln \d+, Col \d+\]/.test(r));
      // Without conf.d (files not sent again), the pool's `virtual-mta vmta-conf` would be undefined.
      const wrong = rows.filter((r) => /undefined-reference/.test(r) && /vmta-conf/.test(r));
      if (wrong.length) throw new Error(`after the restart the included files are missing: ${wrong.map(normal).join(' | ')}`);
      if (rows.length !== expected.length + 1) throw new Error(`${rows.length} findings after the restart, expected ${expected.length + 1}: ${rows.map(normal).join(' | ')}`);
      await wb.focusEditor();
      // Typing a space may have made two undo stops.
      await wb.repeatUntil(() => page.keyboard.press('Control+z'), fresh.first(), 'detached', 2000);
      await wb.closePanel();
      return `${rows.length} findings with the new line, none about vmta-conf`;
    },
  },
  {
    name: 'web-hover',
    title: 'hover in the web build shows the catalogue entry',
    async run({ wb, page, root, workspace }) {
      const words = catalogueEntry({ root }, 'smtp-source-host').doc.split(/\s+/).slice(0, 6).join(' ');
      await wb.openFile('pmta/config', 'config');
      const at = lineOf({ workspace }, 'smtp-source-host');
      const hover = await wb.hoverAt(at.line, at.column + 3, words);
      const text = normal(await hover.innerText());
      await page.keyboard.press('Escape');
      return text.slice(0, 100);
    },
  },
  {
    name: 'web-included-txt',
    title: 'a .txt file the configuration includes opens as PowerMTA in the web build too',
    async run({ wb, page }) {
      await wb.openFile('pmta/virtualhost.txt', 'virtualhost.txt');
      await page.locator('#status\\.editor\\.mode').filter({ hasText: 'PowerMTA' }).waitFor();
      return 'pmta/virtualhost.txt: language mode PowerMTA';
    },
  },
  {
    name: 'web-no-dns-command',
    title: 'the palette offers no "Check DNS" in the web build (a browser cannot ask DNS)',
    async run({ wb }) {
      const labels = await wb.paletteLabels('PowerMTA: Check', 'PowerMTA: Check configuration');
      if (labels.some((l) => /Check DNS/.test(l))) throw new Error(`listed: ${labels.join(' | ')}`);
      return labels.join(' | ');
    },
  },
];

/** Runs the web-build checks in a code-server of their own; returns the counts and failures. */
export async function runWebBuildChecks({ cs, vsix, root, out, port, chromiumPath, stepTimeout, log }) {
  const profile = prepareProfile(join(out, 'web-profile'), { ...QUIET_SETTINGS, ...WEB_BUILD_SETTINGS, 'files.autoSave': 'off', 'workbench.editor.enablePreview': false, 'editor.hover.delay': 200 });
  installExtension(cs, profile, vsix);
  const installed = readdirSync(profile.extensions).find((d) => d.startsWith('powermta-tools.powermta-language-tools-'));
  if (!installed) throw new Error(`the .vsix did not unpack into ${profile.extensions}`);
  const extensionDir = join(profile.extensions, installed);
  const workspace = copyWorkspace(profile, join(root, 'test', 'editor', 'web-workspace'));
  const expected = lintFindings(root, workspace);
  const server = await startCodeServer(cs, profile, { port });
  const result = { passed: 0, failed: 0, failures: [] };
  let browser;
  try {
    browser = await openBrowser(chromiumPath, { viewport: { width: 1280, height: 800 } });
    const { page } = browser;
    page.setDefaultTimeout(stepTimeout);
    const wb = new Workbench(page, { stepTimeout });
    await wb.open(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    for (const check of CHECKS) {
      const started = Date.now();
      try {
        const info = await check.run({ wb, page, root, workspace, expected, extensionDir });
        result.passed++;
        log(`PASS ${check.name}: ${check.title} (${Date.now() - started} ms) — ${info}`);
      } catch (err) {
        const message = String(err?.message ?? err).replace(/\x1b\[[0-9;]*m/g, '').split('\n')[0];
        const shot = join(out, `web-FAILED-${check.name}.png`);
        await page.screenshot({ path: shot }).catch(() => {});
        await page.keyboard.press('Escape').catch(() => {});
        result.failed++;
        result.failures.push(`${check.name}: ${message}`);
        log(`FAIL ${check.name}: ${check.title} (${Date.now() - started} ms) — ${message} (screenshot ${shot})`);
      }
    }
  } finally {
    await browser?.close();
    await server.stop();
  }
  return result;
}
