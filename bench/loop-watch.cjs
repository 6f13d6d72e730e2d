// Preloaded into a server (`node --require bench/loop-watch.cjs server.js`) by server-blocks.mjs and by
// run.mjs for its whole-file work (BenchClient.longestBlock asks for the figure): a
// 1 ms timer notes the longest time the server's event loop went without turning. On SIGUSR2 it
// writes `loop-watch <ms>` (the longest block since the last report) to stderr and starts over.
// A measuring aid, not part of the product.
let last = performance.now();
let longest = 0;
setInterval(() => {
  const now = performance.now();
  longest = Math.max(longest, now - last);
  last = now;
}, 1).unref();
process.on('SIGUSR2', () => {
  longest = Math.max(longest, performance.now() - last);
  process.stderr.write(`loop-watch ${longest.toFixed(1)}\n`);
  longest = 0;
});
