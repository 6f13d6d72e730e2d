import type { FileHost } from '../analysis/host';
import type { DkimService, DkimServiceOptions } from './dkim';
import type { DnsService, DnsServiceOptions } from './dns';

/** The DKIM key-file checks the server uses (lsp/dkim.ts). */
export type KeyChecks = Pick<DkimService, 'findings' | 'forget' | 'hover' | 'codeActions' | 'keyState'>;
/** The DNS checks the server uses (lsp/dns.ts). */
export type DnsChecks = Pick<DnsService, 'findings' | 'forget' | 'execute'>;

/**
 * What the language server needs from where it runs. In Node (server.ts) that is the disk, key
 * files read with node:crypto and a DNS resolver; in a web worker (browserServer.ts) the files the
 * extension sends, and neither key-file nor DNS checks.
 */
export interface ServerPlatform {
  /** Files of the configurations: the disk, or the copies the editor sent. */
  host: FileHost;
  /** The first bytes of a file as saved, for the encoding check; undefined where there is no disk. */
  readFileHead(path: string, bytes: number): Uint8Array | undefined;
  /** Resolves once what was written to the client has left, or after `maxMs`. */
  outputFlushed(maxMs: number): Promise<void>;
  /**
   * Resolves once the files the last check asked for (and not yet sent) have arrived, true when
   * there were any, or after `maxMs`; false at once when none are awaited. Where files come from
   * the editor (the web build), not from a disk.
   */
  filesArriving?(maxMs: number): Promise<boolean>;
  /** Checks of the DKIM key files a configuration names; none when absent. */
  keyChecks?(options: DkimServiceOptions): KeyChecks;
  /** The DNS check command and its findings; none when absent. */
  dns?: { command: string; create(options: DnsServiceOptions): DnsChecks };
}

/** Where key files cannot be read: no findings, no hover, no actions. */
export const NO_KEY_CHECKS: KeyChecks = {
  findings: () => [],
  forget: () => {},
  hover: () => null,
  codeActions: () => [],
  keyState: () => undefined,
};

/** Where DNS cannot be asked. */
export const NO_DNS_CHECKS: DnsChecks = {
  findings: () => [],
  forget: () => {},
  execute: async () => [],
};
