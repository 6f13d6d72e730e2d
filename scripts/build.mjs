#!/usr/bin/env node
// Builds everything `npm start`, `npm test` and `npm run package` need:
// generated files (grammar, docs) from the catalogue, then the esbuild bundles.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const started = Date.now();

// 1. Generated artefacts (each generator is a TypeScript script run with tsx).
for (const gen of readdirSync(join(root, 'scripts')).filter((f) => f.startsWith('gen-') && f.endsWith('.ts')).sort()) {
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', gen)], { cwd: root, stdio: 'inherit' });
}

// 2. Bundles: self-contained CommonJS for Node (no node_modules needed at run time).
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  sourcemap: false,
  minify: process.env.PMTA_MINIFY !== '0',
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  // Some dependencies are ESM that call createRequire(import.meta.url); give the CJS bundle a real URL.
  define: { __VERSION__: JSON.stringify(pkg.version), 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};
/** mailauth's SPF path never needs libmime's charset tables or tldts (see scripts/shims/README.md). */
const mailauthShims = {
  name: 'mailauth-shims',
  setup(build) {
    build.onResolve({ filter: /^(libmime|tldts|joi)$/ }, (args) =>
      /node_modules[\\/]mailauth[\\/]/.test(args.importer) ? { path: join(root, 'scripts/shims', `${args.path}.js`) } : undefined,
    );
  },
};
common.plugins = [mailauthShims];
const shebang = { js: "#!/usr/bin/env node\n" + common.banner.js };
const builds = [
  { entryPoints: [join(root, 'server/src/server.ts')], outfile: join(root, 'server/out/server.js'), banner: shebang },
  { entryPoints: [join(root, 'server/src/cli.ts')], outfile: join(root, 'server/out/cli.js'), banner: shebang },
];
if (existsSync(join(root, 'client/src/extension.ts'))) {
  builds.push({ entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'client/out/extension.js'), external: ['vscode'] });
}
// The web build (VS Code for the Web): the server runs in a web worker, the client in the browser's
// extension host. node:path and node:url have browser stand-ins; nothing else of Node may be reached.
const browser = {
  ...common,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  banner: undefined,
  define: { __VERSION__: JSON.stringify(pkg.version) },
  alias: { 'node:path': 'path-browserify', 'node:url': join(root, 'server/src/browser/fileUrl.ts') },
  // path-browserify's resolve() of a relative path asks process.cwd(); a worker has no process.
  inject: [join(root, 'server/src/browser/processShim.ts')],
  plugins: [],
};
builds.push({ ...browser, entryPoints: [join(root, 'server/src/browserServer.ts')], outfile: join(root, 'server/out/browserServer.js') });
if (existsSync(join(root, 'client/src/browserExtension.ts'))) {
  builds.push({ ...browser, format: 'cjs', entryPoints: [join(root, 'client/src/browserExtension.ts')], outfile: join(root, 'client/out/browserExtension.js'), external: ['vscode'] });
}
await Promise.all(builds.map((b) => esbuild.build(b.platform ? b : { ...common, ...b })));
console.log(`build: ${builds.length} bundles in ${Date.now() - started} ms`);
