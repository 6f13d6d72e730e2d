/**
 * A bug must cost one answer, not the server. An exception nobody caught (in a timer, a promise
 * nobody awaited) would end the process; the editor restarts a crashed server only a few times and
 * then leaves the user without diagnostics. Instead it is logged, with its stack, and the server
 * goes on: every document's state is replaced on its next edit or request.
 */
export function installCrashGuards(log: (message: string) => void): void {
  const report = (kind: string) => (e: unknown) => {
    const text = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
    try {
      log(`${kind} (a bug in the PowerMTA language server; please report it): ${text}`);
    } catch {
      // The log itself failed (the connection is gone): nothing left to tell.
    }
  };
  process.on('uncaughtException', report('Uncaught exception'));
  process.on('unhandledRejection', report('Unhandled promise rejection'));
}
