#!/usr/bin/env node
// `npm run test:vscode`: the in-editor mocha suite (test/vscode/suite) through the `vscode` API.
//   node test/vscode/run.mjs                 desktop VS Code via @vscode/test-electron: downloads
//                                            VS Code, or uses VSCODE_EXECUTABLE=/path/to/code-binary
//   node test/vscode/run.mjs --code-server   the same suite inside code-server (no download; npm test
//                                            runs it this way from test/editor/run.mjs)
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageExtension } from '../../scripts/package.mjs';
import { ensureCodeServer } from '../../scripts/codeServer.mjs';
import { SUITE, runSuiteInCodeServer } from './inCodeServer.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function inDesktopVsCode() {
  const { runTests } = await import('@vscode/test-electron');
  const work = mkdtempSync(join(tmpdir(), 'pmta-vscode-test-'));
  const workspace = join(work, 'workspace');
  mkdirSync(workspace);
  cpSync(join(root, 'sample'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.VSCODE_VERSION || 'stable',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: SUITE,
      launchArgs: [workspace, '--disable-extensions', '--user-data-dir', join(work, 'user-data'), '--disable-workspace-trust'],
    });
    return 0;
  } catch (err) {
    const message = String(err?.message ?? err);
    if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|fetch failed|getaddrinfo/i.test(message)) {
      console.error(
        `test:vscode: VS Code could not be downloaded (${message.split('\n')[0]}).\n` +
          'Set VSCODE_EXECUTABLE to an installed VS Code binary, or run the same suite in code-server:\n' +
          '  npm run test:vscode -- --code-server',
      );
    } else {
      console.error(`test:vscode: ${message}`);
    }
    return 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function inCodeServer() {
  const { packagePath } = await packageExtension({ build: false, quiet: true });
  const { passed, failed } = await runSuiteInCodeServer({ cs: ensureCodeServer(), vsix: packagePath, port: Number(process.env.PMTA_E2E_PORT || 8765) });
  console.log(`vscode-api: ${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

const { execFileSync } = await import('node:child_process');
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
process.exit(process.argv.includes('--code-server') ? await inCodeServer() : await inDesktopVsCode());
