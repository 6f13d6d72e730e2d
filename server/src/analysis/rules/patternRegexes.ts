import { regexBody } from '../values/regex';
import type { Arg } from '../types';
import type { RuleContext } from './context';
import { type Placed, configIndex } from './configIndex';

/** The `/regex/` of each `mail-from`, `rcpt-to` and `header` rule in a `<pattern-list>`. */
export interface PatternRegex {
  setting: Placed;
  arg: Arg;
  body: string;
}

/** What patternRegexes reads. */
export const PATTERN_READS: readonly string[] = ['mail-from', 'rcpt-to', 'header'];

export function patternRegexes(ctx: RuleContext): PatternRegex[] {
  return configIndex(ctx).memo('pattern-regexes', PATTERN_READS, () => computePatternRegexes(ctx), []);
}

function computePatternRegexes(ctx: RuleContext): PatternRegex[] {
  const out: PatternRegex[] = [];
  const index = configIndex(ctx);
  for (const name of ['mail-from', 'rcpt-to', 'header']) {
    for (const s of index.all(name)) {
      if (s.block.tag !== 'pattern-list') continue;
      const arg = s.args.find((a) => a.regex && !a.unterminated);
      const body = arg ? regexBody(arg.text) : undefined;
      if (arg && body !== undefined && arg.line === arg.endLine) out.push({ setting: s, arg, body });
    }
  }
  return out.sort((a, b) => a.setting.line - b.setting.line);
}
