// Preloaded into a server (`node --require bench/heap-snapshot.cjs server.js`) by heap-breakdown.mjs.
// On SIGUSR2 it writes a V8 heap snapshot to $PMTA_HEAP_SNAPSHOT, then one line to stderr:
// `heap-snapshot {json}` with the process's memory figures and the size of each V8 heap space.
// A measuring aid, not part of the product.
const v8 = require('node:v8');
process.on('SIGUSR2', () => {
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]));
  const memory = process.memoryUsage();
  const file = v8.writeHeapSnapshot(process.env.PMTA_HEAP_SNAPSHOT);
  process.stderr.write(`heap-snapshot ${JSON.stringify({ file, memory, spaces })}\n`);
});
