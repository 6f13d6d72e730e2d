/**
 * Report output in batches. A report can hold millions of findings: it is made in pieces and
 * written about 64 KB at a time, never joined into one string (V8 strings stop at 512 MB).
 */

/** Where the batches go: `write` takes one, `drain` (if given) resolves when the sink can take more. */
export interface OutputSink {
  stdout(s: string): void;
  drain?(): Promise<void>;
}

const BATCH_CHARS = 1 << 16;

/** Writes the pieces in order; between batches it waits for `drain`, so a slow reader holds the work back instead of memory piling up. */
export async function writeChunks(sink: OutputSink, chunks: Iterable<string>, batchChars = BATCH_CHARS): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    batch.push(chunk);
    size += chunk.length;
    if (size < batchChars) continue;
    sink.stdout(batch.join(''));
    batch = [];
    size = 0;
    if (sink.drain) await sink.drain();
  }
  if (batch.length) sink.stdout(batch.join(''));
}
