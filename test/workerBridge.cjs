// Runs the web build's server bundle (argv[2], server/out/browserServer.js) the way a browser
// does, in a worker whose messages come and go with postMessage, and carries LSP between this
// process's stdio and that worker: protocol tests then drive it like the Node server. Only what
// vscode-jsonrpc's browser reader and writer use of the worker's global scope is provided.
const { Worker } = require('node:worker_threads');
const { StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const bundle = process.argv[2];
const scope = `
const { parentPort } = require('node:worker_threads');
globalThis.self = globalThis;
globalThis.postMessage = (message) => parentPort.postMessage(message);
globalThis.addEventListener = () => {};
Object.defineProperty(globalThis, 'onmessage', { set: (listener) => parentPort.on('message', (data) => listener({ data })) });
require(${JSON.stringify(bundle)});
`;
const worker = new Worker(scope, { eval: true });
const reader = new StreamMessageReader(process.stdin);
const writer = new StreamMessageWriter(process.stdout);
reader.listen((message) => {
  worker.postMessage(message);
  if (message.method === 'exit') setTimeout(() => process.exit(0), 50);
});
worker.on('message', (message) => void writer.write(message));
worker.on('error', (e) => {
  process.stderr.write(`worker error: ${e.stack ?? e}\n`);
  process.exit(1);
});
process.stdin.on('end', () => process.exit(0));
