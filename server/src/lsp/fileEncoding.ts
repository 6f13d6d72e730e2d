/**
 * The encoding of an open file on disk. An editor decodes a UTF-16 file (what Windows editors save
 * as "Unicode") and hands the server clean text, so nothing in the text says that PowerMTA, which
 * reads ASCII and UTF-8 only, cannot read the file. The first bytes on disk do: looked at when the
 * file is opened and each time it is saved, they give the `file-encoding` finding on line 1.
 */
import type { Analysis } from '../analysis/analyzer';
import { isUtf16 } from '../analysis/includes/textFile';
import type { Finding } from '../analysis/types';
import { pathOf } from '../workspace';

/** Enough bytes to see the byte-order mark or the NUL after every other byte of UTF-16. */
const HEAD_BYTES = 4096;

export class FileEncodingCheck {
  private readonly utf16 = new Set<string>();

  /** `readHead(path, bytes)`: the first bytes of a regular file, or undefined. */
  constructor(private readonly readHead: (path: string, bytes: number) => Uint8Array | undefined) {}

  /** Reads the start of the file behind `uri` again; true when what it says changed. */
  check(uri: string): boolean {
    const path = pathOf(uri);
    const head = path === undefined ? undefined : this.readHead(path, HEAD_BYTES);
    const now = head !== undefined && isUtf16(head);
    const was = this.utf16.has(uri);
    if (now) this.utf16.add(uri);
    else this.utf16.delete(uri);
    return now !== was;
  }

  findings(uri: string, analysis: Analysis): Finding[] {
    if (!this.utf16.has(uri)) return [];
    return [
      {
        code: 'file-encoding',
        message:
          'This file is saved as UTF-16 text. The editor decodes it, but PowerMTA reads ASCII and UTF-8 only and would see a NUL between every two characters: save the file as UTF-8 (in VS Code: "Save with Encoding", then UTF-8).',
        line: 0,
        start: 0,
        end: analysis.doc.lineCount > 0 ? analysis.doc.line(0).length : 0,
      },
    ];
  }

  forget(uri: string): void {
    this.utf16.delete(uri);
  }
}
