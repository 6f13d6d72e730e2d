/**
 * Checks that look beyond a configuration's text, for pmta-lint: the DKIM key files it names
 * (always; synchronous) and its DNS records (only with `--dns`; asynchronous). Kept apart from
 * cli.ts so the CLI's run loop only has to call `keyFileFindings` / `dnsFindings`.
 */
import { dirname, resolve } from 'node:path';
import type { Analysis } from './analysis/analyzer';
import { type KeyPathResolver, KeyStore, checkDkimKeys, defaultKeyPaths } from './analysis/dkim';
import type { FileHost } from './analysis/host';
import type { Finding } from './analysis/types';
import { DnsClient, checkDns } from './dns';
import { nodeHost } from './nodeHost';

export interface ExternalCheckOptions {
  /** Path of the checked file on disk; undefined for standard input (relative key paths then resolve against `cwd`). */
  path?: string;
  cwd?: string;
  host?: FileHost;
  /** Maps key paths onto candidate files (default: as written, relative to the file's folder). */
  resolveKeyPath?: KeyPathResolver;
  /** Shared between files so a key named by several files is read once. */
  keys?: KeyStore;
}

export interface DnsCliOptions {
  /** `HOST[:PORT]`; the system resolvers when absent. */
  server?: string;
  timeoutMs?: number;
}

function resolverFor(opts: ExternalCheckOptions): KeyPathResolver {
  const cwd = opts.cwd ?? process.cwd();
  return opts.resolveKeyPath ?? defaultKeyPaths(opts.path ? dirname(resolve(cwd, opts.path)) : cwd);
}

/** `dkim-key-*` findings of one analysed file. */
export function keyFileFindings(analysis: Analysis, opts: ExternalCheckOptions = {}): Finding[] {
  const host = opts.host ?? nodeHost;
  return checkDkimKeys(analysis, { host, resolve: resolverFor(opts), store: opts.keys ?? new KeyStore(host) });
}

/** `dns-*` findings of one analysed file, and notices for standard error (unreachable server, skipped lines). */
export async function dnsFindings(analysis: Analysis, dns: DnsCliOptions, opts: ExternalCheckOptions = {}): Promise<{ findings: Finding[]; notices: string[]; skipped: string[] }> {
  const host = opts.host ?? nodeHost;
  const keys = opts.keys ?? new KeyStore(host);
  const paths = resolverFor(opts);
  const client = new DnsClient({ server: dns.server, timeoutMs: dns.timeoutMs });
  const report = await checkDns(analysis, { client, keyState: (e) => keys.load(paths(e.path)) });
  return { findings: report.findings, notices: report.notices, skipped: report.skipped };
}
