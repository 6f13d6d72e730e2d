import { once } from 'node:events';

/**
 * Resolves once the bytes already written to stdout have gone into the pipe, or after `maxWaitMs`.
 * Over stdio a large answer (the outline or semantic tokens of a huge file, 1-2 MB) leaves in
 * chunks as the client reads it; whatever the server writes next (a ping's answer, a completion)
 * queues behind it. Waiting for the pipe before starting the next large answer keeps the small
 * ones from waiting for both. Without stdio (IPC, sockets) nothing is pending here.
 */
export async function stdoutFlushed(maxWaitMs: number): Promise<void> {
  if (!process.stdout.writableNeedDrain) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)));
  await Promise.race([once(process.stdout, 'drain').then(() => undefined), timeout]);
  clearTimeout(timer);
}
