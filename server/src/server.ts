/**
 * The language server in Node. Transport comes from the command line (`--stdio`, `--node-ipc`,
 * `--socket=N`), so the same bundle serves VS Code, Neovim, Helix, Emacs and Sublime; the server
 * itself is lsp/languageServer.ts.
 */
import { LSPErrorCodes, type Message, ProposedFeatures, ResponseError, type ResponseMessage, createConnection } from 'vscode-languageserver/node';
import { nodeHost, readFileHead } from './nodeHost';
import { installCrashGuards } from './lsp/crashGuards';
import { DkimService } from './lsp/dkim';
import { CHECK_DNS_COMMAND, DnsService } from './lsp/dns';
import { SERVER_NAME, SERVER_VERSION, startLanguageServer } from './lsp/languageServer';
import { stdoutFlushed } from './lsp/outputFlushed';

export { SERVER_NAME, SERVER_VERSION };

if (process.argv.includes('--version')) {
  process.stdout.write(`${SERVER_NAME} ${SERVER_VERSION}\n`);
  process.exit(0);
}
if (process.argv.includes('--help')) {
  process.stdout.write(
    `Usage: ${SERVER_NAME} --stdio | --node-ipc | --socket=PORT\n\nA language server for PowerMTA configuration files (diagnostics, completion, hover, navigation, formatting).\n`,
  );
  process.exit(0);
}
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  // Default to stdio so `powermta-language-server` works without flags in editors that omit them.
  process.argv.push('--stdio');
}

// A request cancelled ($/cancelRequest) while still queued behind other work is answered at once
// with RequestCancelled instead of being run; handlers that await long work check their token.
const connection = createConnection(ProposedFeatures.all, {
  cancelUndispatched: (message: Message): ResponseMessage | undefined => ({
    jsonrpc: '2.0',
    id: (message as { id?: number | string }).id ?? null,
    error: new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled before it ran.').toJson(),
  }),
});
// Anything printed by mistake must not corrupt the stdio protocol stream.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = console.log;
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
installCrashGuards((message) => connection.console.error(message));

startLanguageServer(connection, {
  host: nodeHost,
  readFileHead,
  outputFlushed: stdoutFlushed,
  keyChecks: (options) => new DkimService(options),
  dns: { command: CHECK_DNS_COMMAND, create: (options) => new DnsService(options) },
});
connection.listen();
