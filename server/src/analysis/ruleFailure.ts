import type { Finding } from './types';

/**
 * A rule that throws (a bug met on input nobody foresaw) must not take the other checks down with
 * it, nor the language server: its failure becomes an `internal-error` finding and the analysis
 * goes on. `where` is the line to put it on (a block rule's block, or line 1).
 */
export function guardRule(name: string, where: number, run: () => Finding[]): Finding[] {
  try {
    return run();
  } catch (e) {
    return [ruleFailure(name, where, e)];
  }
}

export function ruleFailure(name: string, line: number, error: unknown): Finding {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    code: 'internal-error',
    line,
    start: 0,
    end: 0,
    message: `The check \`${name}\` failed here (${what.slice(0, 300)}), so its problems are not shown; the other checks ran. This is a bug in the PowerMTA tools: please report it with this part of the file.`,
  };
}
