import type { Finding } from '../types';
import { type DocumentRule } from './context';
import { patternRegexes, PATTERN_READS } from './patternRegexes';

/**
 * A bare `.` between a run of domain letters and a TLD-like run, e.g. `gmail.com`. The run is
 * matched from its start only (the lookbehind): tried from each of its letters, a long run with no
 * dot after it was read again from every letter to its end (quadratic).
 */
const BARE_DOT = /(?<![A-Za-z0-9-])([A-Za-z0-9-]+)\.(?=[A-Za-z]{2,}(?![A-Za-z]))/g;

/** The pattern with escapes (`\.`, `\w`) and character classes blanked out, same length. */
function literalView(body: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') {
      out += '\0\0';
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += '\0';
      continue;
    }
    if (c === '[') inClass = true;
    out += c === '[' ? '\0' : c;
  }
  return out.slice(0, body.length);
}

/**
 * `unescaped-dot-in-domain-regex` (MISCONFIG ID-11): a domain written into a pattern-list regex
 * with bare dots (`/@gmail.com/`): `.` matches any character, so the rule also matches
 * look-alike domains such as `gmail-com.example`.
 */
export const unescapedDotRule: DocumentRule = (ctx) => {
  const out: Finding[] = [];
  for (const { setting, arg, body } of patternRegexes(ctx)) {
    const view = literalView(body);
    const offsets: number[] = [];
    for (const m of view.matchAll(BARE_DOT)) offsets.push(m.index! + m[1].length);
    if (offsets.length === 0) continue;
    const base = arg.start + 1;
    const many = offsets.length > 1;
    out.push({
      code: 'unescaped-dot-in-domain-regex',
      message: `In \`${arg.text}\` (${setting.name}) the ${many ? 'dots' : 'dot'} of the domain ${many ? 'match' : 'matches'} any character, so the rule also catches look-alike addresses. Escape ${many ? 'them' : 'it'} as \`\\.\`.`,
      line: arg.line,
      start: arg.start,
      end: arg.end,
      data: {
        fix: { title: 'Escape the dots', edits: offsets.map((o) => ({ line: arg.line, start: base + o, end: base + o + 1, newText: '\\.' })) },
      },
    });
  }
  return out;
};
unescapedDotRule.reads = PATTERN_READS;
unescapedDotRule.names = [];
