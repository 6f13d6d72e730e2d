import { Resolver } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export const DEFAULT_TIMEOUT_MS = 3000;
export const DEFAULT_CONCURRENCY = 4;

/** Answers that say something about the record (it does not exist) rather than about the server. */
const NEGATIVE = new Set(['ENOTFOUND', 'ENODATA']);
/** Failures that suggest the server itself is not there. */
const UNREACHABLE = new Set(['ETIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'ENETUNREACH', 'EHOSTUNREACH', 'ECANCELLED']);

/** Code of the errors raised for lookups skipped after the server was found unreachable. */
export const SERVER_DOWN = 'ESERVERDOWN';

export interface DnsClientOptions {
  /** `HOST`, `HOST:PORT` or `[IPv6]:PORT`; the system's resolvers when absent. */
  server?: string;
  /** Per query (one try). */
  timeoutMs?: number;
  /** Queries in flight at once. */
  concurrency?: number;
}

export type RecordType = 'A' | 'AAAA' | 'TXT' | 'PTR' | 'MX';

/** An error as node:dns raises them (`code` such as ENOTFOUND, ETIMEOUT), so SPF libraries understand it. */
export class DnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Parses `HOST[:PORT]` / `[IPv6]:PORT` into the form `Resolver.setServers` takes; throws on anything else. */
export function parseDnsServer(text: string): string {
  const m = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(text) ?? /^([^:]+)(?::(\d+))?$/.exec(text) ?? (ipaddr.IPv6.isValid(text) ? [text, text, undefined] : null);
  if (!m) throw new Error(`'${text}' is not HOST:PORT`);
  const host = m[1];
  const port = m[2] === undefined ? 53 : Number(m[2]);
  if (!ipaddr.isValid(host)) throw new Error(`'${host}' is not an IP address (the DNS server must be given by address)`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`port ${m[2]} is out of range`);
  const v6 = ipaddr.parse(host).kind() === 'ipv6';
  return v6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * A bounded DNS client for the explicit DNS checks: every query has a timeout (one try), at most
 * `concurrency` run at once, identical queries are asked once, and once the server has failed
 * to answer at all (timeouts or refused connections, no answer ever received) the remaining
 * queries fail at once instead of each waiting for its own timeout.
 */
export class DnsClient {
  readonly label: string;
  readonly timeoutMs: number;
  private readonly resolver: Resolver;
  private readonly concurrency: number;
  private readonly cache = new Map<string, Promise<unknown[]>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private unreachableCount = 0;
  /** Why the server is considered down (set after repeated unreachable failures with no answer). */
  downReason?: string;
  queries = 0;
  answered = 0;
  skipped = 0;

  constructor(opts: DnsClientOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
    this.resolver = new Resolver({ timeout: this.timeoutMs, tries: 1 });
    if (opts.server) {
      const server = parseDnsServer(opts.server);
      this.resolver.setServers([server]);
      this.label = `DNS server ${server}`;
    } else {
      this.label = `the system DNS resolver (${this.resolver.getServers().join(', ') || 'none configured'})`;
    }
  }

  /** Records of one type, rejecting with a DnsError. TXT records come back as arrays of strings. */
  resolve(name: string, type: RecordType): Promise<unknown[]> {
    const key = `${type} ${name.toLowerCase()}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.run(name, type);
      this.cache.set(key, p);
    }
    return p;
  }

  /** Host names of an IP address (PTR). */
  async reverse(ip: string): Promise<string[]> {
    return (await this.resolve(reverseName(ip), 'PTR')) as string[];
  }

  private async run(name: string, type: RecordType): Promise<unknown[]> {
    await this.slot();
    try {
      if (this.downReason) {
        this.skipped++;
        throw new DnsError(SERVER_DOWN, `${this.label} did not answer (${this.downReason}); lookup of ${name} ${type} skipped`);
      }
      this.queries++;
      const records = await this.withTimeout(this.resolver.resolve(name, type) as Promise<unknown[]>, name, type);
      this.answered++;
      return records;
    } catch (e) {
      const code = (e as DnsError).code ?? 'EUNKNOWN';
      if (NEGATIVE.has(code) || code === 'EREFUSED' || code === 'ESERVFAIL') this.answered++;
      else if (UNREACHABLE.has(code) && this.answered === 0 && ++this.unreachableCount >= 2) this.downReason = describeCode(code);
      if (e instanceof DnsError) throw e;
      throw new DnsError(code, `${name} ${type}: ${describeCode(code)}`);
    } finally {
      this.release();
    }
  }

  /** c-ares enforces the timeout; this guard only makes sure no query can hang forever. */
  private withTimeout<T>(p: Promise<T>, name: string, type: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new DnsError('ETIMEOUT', `${name} ${type}: no answer within ${this.timeoutMs} ms`)), this.timeoutMs * 2 + 250);
      t.unref?.();
      p.then(
        (v) => {
          clearTimeout(t);
          resolve(v);
        },
        (e) => {
          clearTimeout(t);
          reject(e);
        },
      );
    });
  }

  private slot(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

/** `192.0.2.10` → `10.2.0.192.in-addr.arpa`; IPv6 nibble form under `ip6.arpa`. */
export function reverseName(ip: string): string {
  const addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv4') return `${addr.toByteArray().reverse().join('.')}.in-addr.arpa`;
  const hex = addr
    .toByteArray()
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  return `${[...hex].reverse().join('.')}.ip6.arpa`;
}

export function describeCode(code: string): string {
  switch (code) {
    case 'ENOTFOUND':
      return 'no such name';
    case 'ENODATA':
      return 'no record of that type';
    case 'ETIMEOUT':
      return 'timed out';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EREFUSED':
      return 'the server refused the query';
    case 'ESERVFAIL':
      return 'the server failed to answer (SERVFAIL)';
    case SERVER_DOWN:
      return 'skipped: the server is not answering';
    default:
      return code;
  }
}

export function isNegative(e: unknown): boolean {
  return NEGATIVE.has((e as DnsError)?.code);
}
