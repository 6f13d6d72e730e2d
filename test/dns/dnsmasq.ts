import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';

/**
 * A real DNS server for the DNS-check tests: dnsmasq on 127.0.0.1 and a free high port, answering
 * only from the records given on its command line (no upstream, no /etc/hosts). Names under the
 * listed zones that have no record get NXDOMAIN, as from an authoritative server.
 */
export interface Zone {
  /** Domains answered locally (NXDOMAIN for unknown names under them). */
  zones: string[];
  /** name → IPv4 address: the A record and the matching PTR. */
  hosts?: [name: string, address: string][];
  /** A records without a PTR: name → IPv4 address. */
  addresses?: [name: string, address: string][];
  /** Explicit PTR records: IP → name. */
  ptrs?: [ip: string, name: string][];
  /** TXT records: name → character-strings (one record per entry). */
  txts?: [name: string, strings: string[]][];
}

export interface DnsServer {
  port: number;
  address: string;
  stop(): Promise<void>;
}

/** A UDP port that was free a moment ago (bound, read, released). */
export async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function reverse(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

export function dnsmasqAvailable(): boolean {
  return spawnSync('dnsmasq', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function startDnsmasq(zone: Zone): Promise<DnsServer> {
  if (!dnsmasqAvailable()) throw new Error('dnsmasq is not installed (apt-get install dnsmasq; .ci/run installs it)');
  const port = await freePort();
  const args = ['--keep-in-foreground', '--no-resolv', '--no-hosts', '--conf-file=/dev/null', '--pid-file=', `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--log-facility=-'];
  for (const z of zone.zones) args.push(`--local=/${z}/`);
  args.push('--local=/in-addr.arpa/');
  for (const [name, addr] of zone.hosts ?? []) args.push(`--host-record=${name},${addr}`);
  for (const [name, addr] of zone.addresses ?? []) args.push(`--address=/${name}/${addr}`);
  for (const [ip, name] of zone.ptrs ?? []) args.push(`--ptr-record=${reverse(ip)},${name}`);
  // Given without a shell, each comma-separated item is one character-string, taken as is.
  for (const [name, strings] of zone.txts ?? []) {
    if (strings.some((s) => s.includes(','))) throw new Error(`TXT strings for dnsmasq cannot hold commas: ${name}`);
    args.push(`--txt-record=${name},${strings.join(',')}`);
  }
  const proc: ChildProcess = spawn('dnsmasq', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  proc.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  // Safety net: never leave the server behind, even when a test process ends without its `after`.
  const killOnExit = () => proc.kill('SIGTERM');
  process.once('exit', killOnExit);
  // Ready when it answers (any answer, even NXDOMAIN).
  const r = new Resolver({ timeout: 200, tries: 1 });
  r.setServers([`127.0.0.1:${port}`]);
  const deadline = Date.now() + 5000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`dnsmasq exited (${proc.exitCode}): ${log}`);
    try {
      await r.resolve(`ready-probe.${zone.zones[0]}`, 'A');
      break;
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOTFOUND' || (e as { code?: string }).code === 'ENODATA') break;
    }
    if (Date.now() > deadline) {
      proc.kill();
      throw new Error(`dnsmasq did not answer on port ${port}: ${log}`);
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  return {
    port,
    address: `127.0.0.1:${port}`,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** A UDP server that reads queries and never answers (to prove timeouts are bounded). */
export async function startSilentServer(): Promise<DnsServer> {
  const s = createSocket('udp4');
  s.on('message', () => undefined);
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const { port } = s.address();
  return { port, address: `127.0.0.1:${port}`, stop: () => new Promise<void>((resolve) => s.close(() => resolve())) };
}
