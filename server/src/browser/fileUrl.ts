import { posix } from 'node:path';

/**
 * `node:url`'s `pathToFileURL` and `fileURLToPath` for the web-worker build (POSIX paths only),
 * escaping as Node does, so that a path and its URI map to each other the same way in both builds.
 * The bundle for the browser takes this module in place of `node:url`; the extension's web client
 * uses it to give the server `file:` URIs.
 */

/** What Node (20) escapes itself; the URL parser escapes the rest. */
const ESCAPES: Record<string, string> = { '%': '%25', '\\': '%5C', '\n': '%0A', '\r': '%0D', '\t': '%09', '[': '%5B', ']': '%5D', '^': '%5E', '|': '%7C', '~': '%7E' };

export function pathToFileURL(path: string): URL {
  // As Node does: the path resolved (`.` and `..` folded), a trailing slash kept.
  let resolved = posix.resolve(path);
  if (path.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
  const url = new URL('file://');
  url.pathname = resolved.replace(/[%\\\n\r\t[\]^|~]/g, (c) => ESCAPES[c]);
  return url;
}

export function fileURLToPath(value: string | URL): string {
  const url = typeof value === 'string' ? new URL(value) : value;
  if (url.protocol !== 'file:') throw new TypeError('The URL must be of scheme file');
  if (url.hostname !== '' && url.hostname !== 'localhost') throw new TypeError('File URL host must be "localhost" or empty');
  if (/%2f/i.test(url.pathname)) throw new TypeError('File URL path must not include encoded / characters');
  return decodeURIComponent(url.pathname);
}
