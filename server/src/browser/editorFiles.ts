import picomatch from 'picomatch/posix';
import type { FileHost, FileStat, FolderEntry } from '../analysis/host';

/** How long the workspace scan waits for the editor's first list of files. */
const FIRST_LIST_WAIT_MS = 5000;

/**
 * The files of the workspace as the editor sent them (a web worker has no disk): a FileHost over
 * paths → text. The editor sends the files that look like PowerMTA configuration when it starts,
 * and again when one changes; a file asked for that it did not send (an include of `dkimlist.txt`)
 * is reported to `onMissing`, so that the server can ask the editor for it.
 */
export class EditorFiles {
  private readonly texts = new Map<string, { text: string; version: number }>();
  /**
   * Paths not to ask for again until the next full list: asked for and not answered yet, or
   * answered as unreadable.
   */
  private readonly asked = new Set<string>();
  private version = 0;
  private listed!: () => void;
  private readonly firstList = new Promise<void>((resolve) => (this.listed = resolve));

  constructor(private readonly onMissing: (path: string) => void = () => {}) {}

  /** The editor's files: text, or null for a file it could not read. `complete`: the whole list (forget the rest). */
  update(files: readonly { path: string; text: string | null }[], complete: boolean): void {
    if (complete) {
      this.texts.clear();
      this.asked.clear();
    }
    for (const f of files) {
      if (f.text === null) {
        this.texts.delete(f.path);
        this.asked.add(f.path);
      } else {
        this.texts.set(f.path, { text: f.text, version: ++this.version });
      }
    }
    if (complete) this.listed();
  }

  /** The text sent for a file; for one not sent, undefined and the editor is asked for it (once). */
  private textOf(path: string): string | undefined {
    const entry = this.texts.get(path);
    if (entry) return entry.text;
    if (!this.asked.has(path) && !this.isFolder(path)) {
      this.asked.add(path);
      this.onMissing(path);
    }
    return undefined;
  }

  /** A sent file, or a folder (a prefix of a sent file's path); else undefined, and the editor is asked for it. */
  private statOf(path: string): FileStat | undefined {
    const entry = this.texts.get(path);
    if (entry) return { isFile: true, isDirectory: false, size: entry.text.length, mtimeMs: entry.version };
    if (this.isFolder(path)) return { isFile: false, isDirectory: true, size: 0 };
    this.textOf(path);
    return undefined;
  }

  private isFolder(path: string): boolean {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const p of this.texts.keys()) if (p.startsWith(prefix)) return true;
    return false;
  }

  private matching(patterns: readonly string[]): string[] {
    const isMatch = picomatch([...patterns], { dot: false });
    return [...this.texts.keys()].filter((p) => isMatch(p) && !/\/(node_modules|\.git)\//.test(p)).sort();
  }

  readonly host: FileHost = {
    readText: (path) => this.textOf(path),
    readBytes: (path) => {
      const text = this.textOf(path);
      return text === undefined ? undefined : new TextEncoder().encode(text);
    },
    stat: (path) => this.statOf(path),
    realpath: (path) => (this.statOf(path) ? path : undefined),
    glob: (pattern) => ({ files: this.matching([pattern]), complete: true }),
    findFiles: async (folder, patterns, maxMs) => {
      await Promise.race([this.firstList, new Promise((resolve) => setTimeout(resolve, Math.min(maxMs, FIRST_LIST_WAIT_MS)))]);
      const base = folder.replace(/\/$/, '');
      return this.matching(patterns.map((p) => `${base}/${p}`));
    },
    listFolder: (folder, max) => {
      const prefix = folder.endsWith('/') ? folder : `${folder}/`;
      const entries = new Map<string, FolderEntry>();
      for (const p of this.texts.keys()) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const slash = rest.indexOf('/');
        const name = slash < 0 ? rest : rest.slice(0, slash);
        if (!entries.has(name)) entries.set(name, { name, isDirectory: slash >= 0 });
        if (entries.size >= max) break;
      }
      return entries.size ? [...entries.values()] : undefined;
    },
  };
}
