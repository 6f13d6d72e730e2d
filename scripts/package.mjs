#!/usr/bin/env node
// `npm run package`: builds, then packages the extension as dist/<name>-<version>.vsix with
// @vscode/vsce, offline. The .vsix holds only what .vscodeignore lets through (the two esbuild
// bundles, grammar, snippets, language configuration, README, LICENSE, images), never node_modules
// (`dependencies: false`: the bundles are self-contained). Fails when it grows past the size budget.
//   --no-build   package what is already built (the editor tests build first themselves)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
export const SIZE_BUDGET = 900 * 1024;

/** Builds (unless told not to) and writes the .vsix; returns its path, size and file list. */
export async function packageExtension({ build = true, quiet = false } = {}) {
  const say = quiet ? () => {} : (m) => console.log(m);
  if (build) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: quiet ? 'pipe' : 'inherit' });
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  for (const c of [...(pkg.contributes.grammars ?? []), ...(pkg.contributes.snippets ?? [])]) {
    if (!existsSync(join(root, c.path))) say(`package: warning: ${c.path} (contributed in package.json) does not exist yet`);
  }
  const out = join(root, 'dist');
  mkdirSync(out, { recursive: true });
  const packagePath = join(out, `${pkg.name}-${pkg.version}.vsix`);
  const vsce = require('@vscode/vsce');
  const started = Date.now();
  // vsce logs through console.log/console.info; keep the output to our own summary.
  const log = console.log;
  const info = console.info;
  if (quiet) console.log = console.info = () => {};
  let files;
  try {
    files = await vsce.listFiles({ cwd: root, dependencies: false });
    await vsce.createVSIX({
      cwd: root,
      packagePath,
      dependencies: false,
      allowMissingRepository: true,
      // README images stay relative: VS Code shows them from the installed extension's folder.
      rewriteRelativeLinks: false,
    });
  } finally {
    console.log = log;
    console.info = info;
  }
  const size = statSync(packagePath).size;
  say(`package: ${relative(root, packagePath)} — ${(size / 1024).toFixed(1)} KB, ${files.length} files, ${Date.now() - started} ms`);
  for (const f of files.sort()) say(`  ${f.padEnd(48)} ${(statSync(join(root, f)).size / 1024).toFixed(1).padStart(8)} KB`);
  if (size > SIZE_BUDGET) throw new Error(`the .vsix is ${(size / 1024).toFixed(1)} KB, over the ${SIZE_BUDGET / 1024} KB budget`);
  return { packagePath, size, files };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  packageExtension({ build: !process.argv.includes('--no-build') }).catch((err) => {
    console.error(`package: ${err.message ?? err}`);
    process.exit(1);
  });
}
