/**
 * A time interval, rate or size written with spaces (`10 minutes`, `4d 12h`, `100 /h`): PowerMTA
 * reads the first word as the value and rejects the rest as extra values. `spacedValue` gives the
 * value meant, written as one word, when joining the words (a unit word shortened: `minutes` to
 * `m`) makes one; the caller checks that it is valid before saying so.
 */

const UNIT_WORDS: Record<string, string> = {
  s: 's',
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  m: 'm',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
  w: 'w',
  wk: 'w',
  wks: 'w',
  week: 'w',
  weeks: 'w',
};

/** Value types whose words may be joined. */
const JOINABLE = new Set(['duration', 'duration-or-never', 'duration-list', 'rate', 'size', 'data-rate']);

/** At most this many words are joined (`1 d 12 h`): more is not one value typed with spaces. */
const MAX_WORDS = 6;

export function spacedValue(type: string, words: readonly string[]): string | undefined {
  if (!JOINABLE.has(type) || words.length < 2 || words.length > MAX_WORDS) return undefined;
  const durations = type.startsWith('duration');
  let out = '';
  for (const w of words) {
    // Each item of a comma list in the word (`minutes,1` in `10 minutes, 1 hour`).
    w.split(',').forEach((part, i) => {
      if (i > 0) out += ',';
      const unit = durations ? UNIT_WORDS[part.toLowerCase()] : undefined;
      // A unit word right after a number: the number's unit.
      out += unit !== undefined && /\d$/.test(out) ? unit : part;
    });
  }
  return out;
}
