import { Analyzer, type Analysis } from './analysis/analyzer';
import { getCatalog } from './catalog/catalog';
import { PmtaDocument, type TextEdit } from './syntax/document';

/** One open document: its incremental model and the analysis of its current revision. */
export interface OpenDocument {
  readonly uri: string;
  version: number;
  readonly doc: PmtaDocument;
  analysis?: Analysis;
}

/** A range edit or a full replacement, as LSP's didChange carries them. */
export type ContentChange =
  | { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }
  | { text: string };

/**
 * Work between two yields to the event loop while checking a large document (see prepare). With
 * a garbage collection landing in a slice, and the answers queued meanwhile, 20 ms slices let the
 * server go unanswered for up to ~200 ms while a 100k-line file opened; 10 ms slices ~120 ms.
 */
export const PREPARE_SLICE_MS = 10;

/**
 * Turns of the event loop per pause. The protocol library handles one queued message per turn
 * (it re-arms itself with setImmediate), so a single turn between slices would let requests that
 * queued up during a slice out one per slice; several turns let a backlog drain, and cost well
 * under a millisecond when nothing is waiting.
 */
const TURNS_PER_PAUSE = 16;

export async function yieldToEventLoop(): Promise<void> {
  for (let i = 0; i < TURNS_PER_PAUSE; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The open documents and their analyses (no LSP connection: the server glue drives it). */
export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();
  readonly catalog = getCatalog();
  readonly analyzer = new Analyzer(this.catalog);
  private readonly regexArg = (name: string) => this.catalog.regexArgIndex(name);
  /** The checking under way per document, shared by every caller that waits for the same revision. */
  private readonly preparingNow = new Map<string, { revision: number; done: Promise<void> }>();

  /** Opens a document; `model` is one already made for this text (a file read from disk), taken as it is. */
  open(uri: string, text: string, version: number, model?: PmtaDocument): OpenDocument {
    const entry: OpenDocument = { uri, version, doc: model ?? new PmtaDocument(text, this.regexArg) };
    this.docs.set(uri, entry);
    return entry;
  }

  /** Creates a model for text that is not open in the editor (CLI, included files). */
  model(text: string): PmtaDocument {
    return new PmtaDocument(text, this.regexArg);
  }

  change(uri: string, changes: readonly ContentChange[], version: number): OpenDocument | undefined {
    const entry = this.docs.get(uri);
    if (!entry) return undefined;
    // Runs of range edits go to the model together (a replace-all sends thousands in one change).
    let run: TextEdit[] = [];
    const flush = () => {
      if (run.length) entry.doc.applyEdits(run);
      run = [];
    };
    for (const c of changes) {
      if ('range' in c && c.range) {
        run.push({ startLine: c.range.start.line, startCharacter: c.range.start.character, endLine: c.range.end.line, endCharacter: c.range.end.character, text: c.text });
      } else {
        flush();
        entry.doc.setText(c.text);
      }
    }
    flush();
    entry.version = version;
    entry.analysis = undefined;
    return entry;
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  all(): IterableIterator<OpenDocument> {
    return this.docs.values();
  }

  /** Whether a check in slices of the document is under way (requests then wait for it). */
  preparing(uri: string): boolean {
    const entry = this.docs.get(uri);
    return !!entry && this.preparingNow.get(uri)?.revision === entry.doc.revision;
  }

  /**
   * Checks the document's changed lines (all of them after an open) in slices of about `sliceMs`,
   * yielding to the event loop between slices, so that a huge file does not block the server;
   * `analysis()` afterwards only runs the whole-document rules. Resolves when done, or when the
   * document was closed meanwhile.
   */
  prepare(uri: string, sliceMs = PREPARE_SLICE_MS): Promise<void> {
    const entry = this.docs.get(uri);
    if (!entry || entry.analysis?.revision === entry.doc.revision) return Promise.resolve();
    const revision = entry.doc.revision;
    const running = this.preparingNow.get(uri);
    if (running && running.revision === revision) return running.done;
    const done = this.analyzer.prepareInSlices(entry.doc, { sliceMs, pause: yieldToEventLoop }).finally(() => {
      if (this.preparingNow.get(uri)?.done === done) this.preparingNow.delete(uri);
    });
    this.preparingNow.set(uri, { revision, done });
    return done;
  }

  /** The analysis of the document's current revision, computed once per revision. */
  analysis(uri: string): Analysis | undefined {
    const entry = this.docs.get(uri);
    if (!entry) return undefined;
    if (!entry.analysis || entry.analysis.revision !== entry.doc.revision) entry.analysis = this.analyzer.analyze(entry.doc);
    return entry.analysis;
  }
}
