/**
 * The `process` the web build's bundled libraries may ask for (esbuild injects it): path-browserify
 * resolves a relative path from `cwd()`. The server only resolves paths against absolute folders.
 */
export const process = { cwd: () => '/', env: {}, platform: 'browser' };
