// See README.md: only mailauth's DMARC alignment uses tldts, and we never call it.
'use strict';
module.exports = new Proxy(
  {},
  {
    get: (_t, key) =>
      typeof key === 'string'
        ? () => {
            throw new Error(`tldts.${key} is not bundled (scripts/shims/tldts.js)`);
          }
        : undefined,
  },
);
