import { effectiveSettings } from '../analysis/effective';
import type { Analysis } from '../analysis/analyzer';
import type { Catalog } from '../catalog/catalog';
import { effectiveJson, effectiveText } from '../report/effective';

/** Server commands reachable through `workspace/executeCommand` (the client adds its own UI around them). */
export const COMMANDS = {
  effectiveSettings: 'powermta.effectiveSettings',
  listQueueNames: 'powermta.listQueueNames',
} as const;

export interface CommandContext {
  catalog: Catalog;
  /** Every analysed file of the configuration the document belongs to. */
  configurationOf(uri: string): Analysis[];
  shortName(uri: string | undefined, current: string): string;
}

export function executeCommand(ctx: CommandContext, command: string, args: unknown[]): unknown {
  const a = (args[0] ?? {}) as { uri?: string; domain?: string; vmta?: string; format?: string };
  if (!a.uri) throw new Error(`${command} needs {uri}`);
  const analyses = ctx.configurationOf(a.uri);
  if (command === COMMANDS.effectiveSettings) {
    if (!a.domain) throw new Error(`${command} needs {uri, domain}`);
    const result = effectiveSettings(analyses, ctx.catalog, a.domain, a.vmta || undefined);
    const name = (u: string | undefined) => ctx.shortName(u, a.uri!);
    return a.format === 'json' ? effectiveJson(result, name) : effectiveText(result, name);
  }
  if (command === COMMANDS.listQueueNames) {
    const domains = new Set<string>();
    const vmtas = new Set<string>();
    for (const an of analyses) {
      for (const b of an.structure.blocks) {
        if (b.tag === 'domain' && b.arg) domains.add(b.arg);
        if (b.tag === 'virtual-mta' && b.arg) vmtas.add(b.arg);
      }
    }
    return { domains: [...domains].sort(), vmtas: [...vmtas].sort() };
  }
  throw new Error(`unknown command ${command}`);
}
