/**
 * The explicit DNS check in the editor: `workspace/executeCommand` `powermta.checkDns` runs the
 * checks of server/src/dns for one document (or every open one) and keeps their findings for
 * that document revision; they are published with the other diagnostics until the next check
 * or the next edit.
 */
import type { Analysis } from '../analysis/analyzer';
import type { DomainKeyEntry, KeyState } from '../analysis/dkim';
import type { Finding } from '../analysis/types';
import { DnsClient, checkDns } from '../dns';

export const CHECK_DNS_COMMAND = 'powermta.checkDns';

/**
 * Arguments of `powermta.checkDns`: `[uri?, options?]`. The uri may be a string, a
 * `{ uri }` object or a serialised VS Code Uri (`{ external }`); without one every open
 * document is checked. `options.server` (`HOST:PORT`) overrides the configured DNS server.
 */
export interface CheckDnsOptions {
  server?: string;
  timeoutMs?: number;
}

export interface CheckDnsResult {
  uri: string;
  /** Findings by code. */
  findings: Record<string, number>;
  checks: { ptr: number; dkim: number; spf: number };
  notices: string[];
  /** Lines the check left out and why. */
  skipped: string[];
  /** Set when the document changed while the check ran (its results were dropped). */
  stale?: boolean;
  ms: number;
}

export interface DnsServiceOptions {
  analysisOf: (uri: string) => Analysis | undefined;
  openUris: () => string[];
  keyState: (uri: string, entry: DomainKeyEntry) => KeyState | undefined;
  republish: (uri: string) => void;
  /** The configured server (`powermta.dns.server`), if any. */
  defaultServer: () => string | undefined;
  notify: (level: 'info' | 'warning', message: string) => void;
}

function uriArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    if (typeof o.uri === 'string') return o.uri;
    if (typeof o.external === 'string') return o.external;
  }
  return undefined;
}

export class DnsService {
  private readonly results = new Map<string, { revision: number; findings: Finding[] }>();

  constructor(private readonly opts: DnsServiceOptions) {}

  /** The last check's findings while the document is still at the revision they were made for. */
  findings(uri: string, analysis: Analysis): Finding[] {
    const r = this.results.get(uri);
    if (!r) return [];
    if (r.revision !== analysis.revision) {
      this.results.delete(uri);
      return [];
    }
    return r.findings;
  }

  forget(uri: string): void {
    this.results.delete(uri);
  }

  async execute(args: readonly unknown[] = []): Promise<CheckDnsResult[]> {
    const uri = uriArg(args[0]);
    const options = ((uri ? args[1] : args[0]) ?? {}) as CheckDnsOptions;
    const uris = uri ? [uri] : this.opts.openUris();
    const out: CheckDnsResult[] = [];
    for (const u of uris) out.push(await this.checkOne(u, options));
    return out;
  }

  private async checkOne(uri: string, options: CheckDnsOptions): Promise<CheckDnsResult> {
    const started = Date.now();
    const analysis = this.opts.analysisOf(uri);
    if (!analysis) throw new Error(`${uri} is not open`);
    const server = options.server ?? this.opts.defaultServer();
    let client: DnsClient;
    try {
      client = new DnsClient({ server, timeoutMs: options.timeoutMs });
    } catch (e) {
      const message = `DNS check: invalid DNS server: ${(e as Error).message}`;
      this.opts.notify('warning', message);
      throw new Error(message);
    }
    const report = await checkDns(analysis, { client, keyState: (e) => this.opts.keyState(uri, e) });
    const now = this.opts.analysisOf(uri);
    const stale = !now || now.revision !== analysis.revision;
    if (!stale) {
      this.results.set(uri, { revision: analysis.revision, findings: report.findings });
      this.opts.republish(uri);
    }
    const findings: Record<string, number> = {};
    for (const f of report.findings) findings[f.code] = (findings[f.code] ?? 0) + 1;
    const problems = report.findings.length;
    const name = uri.replace(/^.*\//, '');
    const summary = stale
      ? `DNS check of ${name}: the document changed while the check ran; run it again.`
      : `DNS check of ${name}: ${report.counts.ptr} source IP(s), ${report.counts.dkim} DKIM record(s), ${report.counts.spf} SPF pair(s) checked with ${client.label}; ${problems === 0 ? 'no problems' : `${problems} problem(s) shown as diagnostics`}.`;
    const down = report.notices[0];
    this.opts.notify(down || stale ? 'warning' : 'info', down ? `${summary} ${down}` : summary);
    return { uri, findings, checks: { ptr: report.counts.ptr, dkim: report.counts.dkim, spf: report.counts.spf }, notices: report.notices, skipped: report.skipped, stale: stale || undefined, ms: Date.now() - started };
  }
}
