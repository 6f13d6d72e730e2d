import { type ParsedRange, isHostname, parseRange } from '../values/network';
import type { RuleContext } from './context';
import { drain } from '../../steps';
import { type Placed, configIndex } from './configIndex';

/** One `smtp-source-host IP HOST` (or the local IP and EHLO name of `smtp-proxy-source-host`). */
export interface SourceHost {
  setting: Placed;
  ipText: string;
  range?: ParsedRange;
  host?: string;
  hostArg?: { line: number; start: number; end: number };
  /** Name of the VMTA it belongs to, or undefined at the top level. */
  vmta?: string;
}

/** What sourceHosts reads. */
export const SOURCE_HOST_READS: readonly string[] = ['smtp-source-host', 'smtp-proxy-source-host'];

/** Every source-host line in the file, in order (the shared input of the identity rules). */
export function sourceHosts(ctx: RuleContext): SourceHost[] {
  return drain(prepareSourceHosts(ctx));
}

/** Source hosts parsed between two pauses: a large file has thousands (~5 µs each, most of it ipaddr.js). */
const STEP = 1024;

/**
 * `sourceHosts` in steps, for the analyzer to run before the rules: at 100k lines the ~8,000
 * addresses took ~70 ms in one block (in the first rule that asked).
 */
export function prepareSourceHosts(ctx: RuleContext): Generator<void, SourceHost[]> {
  return configIndex(ctx).memoSteps('source-hosts', SOURCE_HOST_READS, () => computeSourceHosts(ctx), ['virtual-mta']);
}

function* computeSourceHosts(ctx: RuleContext): Generator<void, SourceHost[]> {
  const out: SourceHost[] = [];
  const index = configIndex(ctx);
  let k = 0;
  for (const name of ['smtp-source-host', 'smtp-proxy-source-host']) {
    for (const s of index.all(name)) {
      if (++k % STEP === 0) yield;
      const ip = s.args[0];
      if (!ip) continue;
      const hostArg = name === 'smtp-source-host' ? s.args[1] : s.args[3];
      out.push({
        setting: s,
        ipText: ip.text,
        range: parseRange(ip.text),
        host: hostArg && isHostname(hostArg.text) ? hostArg.text.toLowerCase().replace(/\.$/, '') : undefined,
        hostArg: hostArg ? { line: hostArg.line, start: hostArg.start, end: hostArg.end } : undefined,
        vmta: s.block.tag === 'virtual-mta' ? s.block.arg : undefined,
      });
    }
  }
  return out.sort((a, b) => a.setting.line - b.setting.line);
}
