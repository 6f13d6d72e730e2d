import { Uri } from 'vscode';
import { fileURLToPath, pathToFileURL } from '../../server/src/browser/fileUrl';

/** Where documents of other schemes live in the paths the server sees. */
const OTHER_SCHEMES = '/.vfs';
/** The folder name for an empty authority (an empty one would make `//`, which path functions fold). */
const NO_AUTHORITY = '-';

/**
 * The URI the web build's server sees for a document. The server follows includes and main files
 * by path, in `file:` URIs; VS Code for the Web has documents in `vscode-vfs:` (github.dev),
 * `vscode-remote:` and others. Such a document becomes `file:///.vfs/<scheme>/<authority or ->/<path>`,
 * so that files of one repository keep their folders (and `include /etc/pmta/…` still maps onto the
 * copy of that folder). Untitled documents stay as they are: they have no folder.
 */
export function serverUri(uri: Uri): string {
  if (uri.scheme === 'untitled') return uri.toString();
  const path = uri.scheme === 'file' ? uri.path : `${OTHER_SCHEMES}/${uri.scheme}/${uri.authority || NO_AUTHORITY}${uri.path}`;
  return pathToFileURL(path).href;
}

/** The document URI behind a URI the server sent (the inverse of serverUri). */
export function editorUri(value: string): Uri {
  if (!value.startsWith('file:')) return Uri.parse(value);
  let path: string;
  try {
    path = fileURLToPath(value);
  } catch {
    return Uri.parse(value);
  }
  const other = /^\/\.vfs\/([^/]+)\/([^/]*)(\/.*)?$/.exec(path);
  return other ? Uri.from({ scheme: other[1], authority: other[2] === NO_AUTHORITY ? '' : other[2], path: other[3] ?? '/' }) : Uri.file(path);
}
