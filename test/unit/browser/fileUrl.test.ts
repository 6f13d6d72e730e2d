import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { posix } from 'node:path';
import * as nodeUrl from 'node:url';
import fc from 'fast-check';
import { fileURLToPath, pathToFileURL } from '../../../server/src/browser/fileUrl';

// The web build maps paths and file: URIs with browser/fileUrl.ts, the Node build with node:url:
// a file must have the same URI in both, or an open document and the file an include names differ.
const segment = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '.', '-', ' ', '%', '#', '?', '\\', '\n', '\t', ':', '@', '[', 'é', '€', '😀', '~', '+', '&', '='), minLength: 1, maxLength: 8 });
const absolutePath = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([parts, slash]) => `/${parts.join('/')}${slash ? '/' : ''}`);

describe('browser/fileUrl: node:url’s path ⇄ file: URL mapping without Node', () => {
  it('gives the URL Node gives for any absolute path', () => {
    fc.assert(
      fc.property(absolutePath, (path) => {
        assert.equal(pathToFileURL(path).href, nodeUrl.pathToFileURL(path).href);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back the path, as Node does, from the URL of any path and of URLs written by others', () => {
    fc.assert(
      fc.property(absolutePath, (path) => {
        const href = nodeUrl.pathToFileURL(path).href;
        assert.equal(fileURLToPath(href), nodeUrl.fileURLToPath(href));
        const resolved = posix.resolve(path);
        assert.equal(fileURLToPath(href), path.endsWith('/') && !resolved.endsWith('/') ? `${resolved}/` : resolved);
      }),
      { numRuns: 2000 },
    );
    for (const href of ['file:///etc/pmta/config', 'file://localhost/etc/pmta/x%20y', 'file:///a/%E2%82%AC']) assert.equal(fileURLToPath(href), nodeUrl.fileURLToPath(href));
  });

  it('refuses what Node refuses', () => {
    for (const href of ['http://example.com/x', 'file:///a%2Fb', 'file://server/share/x']) {
      assert.throws(() => nodeUrl.fileURLToPath(href));
      assert.throws(() => fileURLToPath(href), TypeError, href);
    }
  });
});
