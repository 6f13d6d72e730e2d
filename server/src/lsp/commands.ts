import { ErrorCodes, ResponseError } from 'vscode-languageserver';
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
  if (command !== COMMANDS.effectiveSettings && command !== COMMANDS.listQueueNames) throw badRequest(`Unknown command \`${command}\`.`);
  const raw = Array.isArray(args) ? args[0] : undefined;
  const a = (typeof raw === 'object' && raw !== null ? raw : {}) as { uri?: unknown; domain?: unknown; vmta?: unknown; format?: unknown };
  if (typeof a.uri !== 'string' || !a.uri) throw badRequest(`${command} needs an argument { "uri": string${command === COMMANDS.effectiveSettings ? ', "domain": string' : ''} }.`);
  const uri = a.uri;
  const analyses = ctx.configurationOf(uri);
  if (command === COMMANDS.effectiveSettings) {
    if (typeof a.domain !== 'string' || !a.domain) throw badRequest(`${command} needs { "uri": string, "domain": string }.`);
    const vmta = typeof a.vmta === 'string' && a.vmta ? a.vmta : undefined;
    const result = effectiveSettings(analyses, ctx.catalog, a.domain, vmta);
    const name = (u: string | undefined) => ctx.shortName(u, uri);
    return a.format === 'json' ? effectiveJson(result, name) : effectiveText(result, name);
  }
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

/** A command called with the wrong arguments: the error says what it takes. */
function badRequest(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}
