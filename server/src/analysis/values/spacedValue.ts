/**
 * A time interval, rate or size written with spaces (`10 minutes`, `4d 12h`, `100 /h`): PowerMTA
 * reads the first word as the value and rejects the rest as extra values; so does a list of
 * intervals written without its commas (`10m 1h`). `spacedValues` gives the values meant, written
 * as one word (a unit word shortened: `minutes` to `m`); the caller checks which is valid before
 * saying so.
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

/**
 * The values the words may mean, likeliest first: the words joined into one, and for a list of
 * intervals, also one item per interval (`10m 1h` to `10m,1h`). Empty when they are no such value.
 */
export function spacedValues(type: string, words: readonly string[]): string[] {
  if (!JOINABLE.has(type) || words.length < 2 || words.length > MAX_WORDS) return [];
  const durations = type.startsWith('duration');
  const joined = join(words, durations, false);
  if (type !== 'duration-list') return [joined];
  const listed = join(words, true, true);
  return listed === joined ? [joined] : [joined, listed];
}

/** `words` as one word; `listed`: a new item (a comma) where a number follows a unit. */
function join(words: readonly string[], durations: boolean, listed: boolean): string {
  let out = '';
  for (const w of words) {
    // Each item of a comma list in the word (`minutes,1` in `10 minutes, 1 hour`).
    w.split(',').forEach((part, i) => {
      if (i > 0) out += ',';
      const unit = durations ? UNIT_WORDS[part.toLowerCase()] : undefined;
      // A unit word right after a number: the number's unit.
      if (unit !== undefined && /\d$/.test(out)) out += unit;
      else out += listed && /^\d/.test(part) && /[a-z]$/i.test(out) ? `,${part}` : part;
    });
  }
  return out;
}
