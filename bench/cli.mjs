// Times pmta-lint (the built bundle, server/out/cli.js) as CI runs it, and its peak memory: the
// bundle runs inside a small wrapper that reports process.resourceUsage() when it exits.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WRAPPER = `
// process.argv is [node, cli.js, ...args], as when the bundle runs on its own.
process.on('exit', () => require('fs').writeSync(3, JSON.stringify(process.resourceUsage())));
require(process.argv[1]);
`;

/** One run: wall time, exit code, peak RSS (MB) and the bytes written to stdout (read and dropped). */
function lintOnce(cliJs, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-e', WRAPPER, cliJs, ...args], { stdio: ['ignore', 'pipe', 'ignore', 'pipe'] });
    let out = 0;
    let usage = '';
    child.stdout.on('data', (d) => (out += d.length));
    child.stdio[3].on('data', (d) => (usage += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const rss = usage ? JSON.parse(usage).maxRSS / 1024 : NaN;
      resolve({ ms, code, rss, outBytes: out });
    });
  });
}

/** A configuration of `lines` lines, a problem on every other one: blocks of four lines holding an unknown directive and a bad value. */
export function problemConfig(lines) {
  const out = [];
  for (let i = 0; i < lines; i++) out.push(i % 4 === 0 ? `<domain d${i}.example>` : i % 4 === 3 ? '</domain>' : i % 2 ? `  max-smtp-outt ${i % 50}` : '  max-msg-rate lots');
  return out.join('\n') + '\n';
}

/** pmta-lint on each named text, in each format given: the median of `runs` runs (peak RSS and output of the last). */
export async function timeCli(cliJs, cases, runs) {
  const dir = mkdtempSync(join(tmpdir(), 'pmta-bench-cli-'));
  const rows = [];
  try {
    for (const c of cases) {
      const file = join(dir, `${c.name}.conf`);
      writeFileSync(file, c.text);
      const results = [];
      for (let k = 0; k < runs; k++) results.push(await lintOnce(cliJs, [...c.args, file]));
      results.sort((a, b) => a.ms - b.ms);
      const mid = results[results.length >> 1];
      rows.push({ ...c, lines: c.text.split('\n').length - 1, ms: mid.ms, code: mid.code, rss: Math.max(...results.map((r) => r.rss)), outBytes: mid.outBytes });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
