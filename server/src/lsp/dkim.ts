/**
 * DKIM key files in the editor: a background pass (debounced, cached by path + mtime) reads the
 * keys a document names and republishes its diagnostics when what it found changed; the
 * diagnostics path itself only reads that cache. Also the hover with the DNS record to publish
 * and the "Copy DNS record" code action.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, Hover, Range } from 'vscode-languageserver-types';
import type { Analysis } from '../analysis/analyzer';
import { type DomainKeyEntry, KeyStore, type KeyState, defaultKeyPaths, describeDomainKey, dkimFindings, domainKeyEntries, recordsFor } from '../analysis/dkim';
import type { FileHost } from '../analysis/host';
import type { Finding } from '../analysis/types';

/** Client-side command that puts a DNS record on the clipboard; its one argument is a `CopyDkimRecordArgs`. */
export const COPY_DKIM_RECORD_COMMAND = 'powermta.copyDkimRecord';

export interface CopyDkimRecordArgs {
  /** Owner name, e.g. `s1._domainkey.example.com` (zone-relative `s1._domainkey` for a `*` key). */
  name: string;
  type: 'TXT';
  /** The whole value, `v=DKIM1; k=rsa; p=…`. */
  value: string;
  /** The value cut into 255-byte DNS strings. */
  strings: string[];
  /** `NAME. IN TXT "…" "…"`: what the copy action puts on the clipboard. */
  zoneLine: string;
}

/** Maps a key path to candidate files, given the folder of the document (undefined for unsaved documents). */
export type KeyCandidates = (path: string, baseDir: string | undefined) => string[];

export interface DkimServiceOptions {
  host: FileHost;
  /** The current analysis of an open document. */
  analysisOf: (uri: string) => Analysis | undefined;
  /** Called when the pass found something new: diagnostics of `uri` should be sent again. */
  republish: (uri: string) => void;
  /** Quiet time after the last edit before the pass runs. */
  delayMs?: number;
  candidates?: KeyCandidates;
}

export function baseDirOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return dirname(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export class DkimService {
  readonly keys: KeyStore;
  private readonly entries = new Map<string, { revision: number; list: DomainKeyEntry[] }>();
  private readonly checked = new Map<string, number>();
  /**
   * Per document, the key state each entry had in its last findings. Several documents may name the
   * same key: the first one's pass reads it, and a pass must republish every document whose
   * findings were made before (from an empty cache), not only the one that saw the read.
   */
  private readonly seen = new Map<string, Map<DomainKeyEntry, KeyState | undefined>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly candidates: KeyCandidates;
  /** Passes run (for tests and logs). */
  passes = 0;

  constructor(private readonly opts: DkimServiceOptions) {
    this.keys = new KeyStore(opts.host);
    this.candidates = opts.candidates ?? ((path, baseDir) => defaultKeyPaths(baseDir)(path));
  }

  private entriesOf(uri: string, analysis: Analysis): DomainKeyEntry[] {
    const cached = this.entries.get(uri);
    if (cached && cached.revision === analysis.revision) return cached.list;
    const list = domainKeyEntries(analysis);
    this.entries.set(uri, { revision: analysis.revision, list });
    return list;
  }

  private pathsOf(uri: string, e: DomainKeyEntry): string[] {
    return this.candidates(e.path, baseDirOf(uri));
  }

  /** Key findings from the cache only (no file access); schedules a pass when this revision was not checked yet. */
  findings(uri: string, analysis: Analysis): Finding[] {
    const list = this.entriesOf(uri, analysis);
    if (list.length === 0) return [];
    if (this.checked.get(uri) !== analysis.revision) this.schedule(uri);
    const seen = new Map<DomainKeyEntry, KeyState | undefined>();
    this.seen.set(uri, seen);
    const stateOf = (e: DomainKeyEntry) => {
      const state = this.keys.peek(this.pathsOf(uri, e));
      seen.set(e, state);
      return state;
    };
    return dkimFindings(analysis, list, stateOf, (e) => this.pathsOf(uri, e).length > 0);
  }

  /** The key state of an entry, reading the file when needed (hover, code actions, DNS checks). */
  keyState(uri: string, e: DomainKeyEntry): KeyState | undefined {
    return this.keys.load(this.pathsOf(uri, e));
  }

  schedule(uri: string): void {
    const old = this.timers.get(uri);
    if (old) clearTimeout(old);
    const t = setTimeout(() => {
      this.timers.delete(uri);
      this.pass(uri);
    }, this.opts.delayMs ?? 300);
    t.unref?.();
    this.timers.set(uri, t);
  }

  /**
   * Stats (and re-reads changed) key files of the document; republishes when a state differs from
   * the one its last findings showed.
   */
  pass(uri: string): void {
    const analysis = this.opts.analysisOf(uri);
    if (!analysis) return;
    this.passes++;
    const seen = this.seen.get(uri);
    let changed = false;
    for (const e of this.entriesOf(uri, analysis)) {
      const paths = this.pathsOf(uri, e);
      if (!paths.length || e.vault) continue;
      const state = this.keys.load(paths);
      if (!seen?.has(e) || seen.get(e) !== state) changed = true;
    }
    this.checked.set(uri, analysis.revision);
    if (changed) this.opts.republish(uri);
  }

  forget(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    this.entries.delete(uri);
    this.checked.delete(uri);
    this.seen.delete(uri);
  }

  private entryAt(uri: string, analysis: Analysis, line: number): DomainKeyEntry | undefined {
    return this.entriesOf(uri, analysis).find((e) => e.line === line || (e.span.line <= line && line <= e.pathSpan.line));
  }

  /** Hover on a `domain-key` line: the key and the TXT record to publish. */
  hover(uri: string, analysis: Analysis, line: number, character: number): Hover | null {
    const e = this.entryAt(uri, analysis, line);
    if (!e) return null;
    const text = analysis.doc.line(line);
    if (character > text.length) return null;
    const state = e.vault ? undefined : this.keyState(uri, e);
    return {
      contents: { kind: 'markdown', value: describeDomainKey(analysis, e, state) },
      range: { start: { line: e.span.line, character: e.span.start }, end: { line: e.pathSpan.line, character: e.pathSpan.end } },
    };
  }

  /** "Copy DKIM record" actions for the `domain-key` lines the range touches. */
  codeActions(uri: string, analysis: Analysis, range: Range): CodeAction[] {
    const out: CodeAction[] = [];
    for (const e of this.entriesOf(uri, analysis)) {
      if (e.pathSpan.line < range.start.line || e.line > range.end.line || e.vault) continue;
      const state = this.keyState(uri, e);
      if (state?.kind !== 'key') continue;
      for (const r of recordsFor(analysis, e, state.key)) {
        const args: CopyDkimRecordArgs = { name: r.name, type: 'TXT', value: r.value, strings: r.strings, zoneLine: r.zoneLine };
        const title = `Copy DKIM DNS record for ${r.name}`;
        out.push({ title, command: { title, command: COPY_DKIM_RECORD_COMMAND, arguments: [args] } });
      }
    }
    return out;
  }
}
