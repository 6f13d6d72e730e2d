// See README.md: mailauth's SPF code only folds a header line for display.
'use strict';
const unavailable = (name) => () => {
  throw new Error(`libmime.${name} is not bundled (scripts/shims/libmime.js)`);
};
module.exports = new Proxy(
  { foldLines: (line) => String(line) },
  { get: (target, key) => (key in target ? target[key] : typeof key === 'string' ? unavailable(key) : undefined) },
);
