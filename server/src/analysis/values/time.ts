/** Durations (`4d12h`), rates (`100/15m`), sizes (`50M`) and data rates (`6g/10h`). */

const DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const UNIT_SECONDS = [604800, 86400, 3600, 60, 1];

/** Seconds in a PowerMTA time interval, or undefined when it is not one. A bare number counts as seconds. */
export function parseDuration(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.length === 0) return undefined;
  const m = DURATION.exec(text);
  if (!m) return undefined;
  let total = 0;
  for (let i = 1; i <= 5; i++) if (m[i] !== undefined) total += Number(m[i]) * UNIT_SECONDS[i - 1];
  return total;
}

const NAMES: [number, string][] = [
  [604800, 'week'],
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** `4d12h` -> "4 days 12 hours". */
export function describeDuration(seconds: number): string {
  if (seconds === 0) return '0 seconds';
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, name] of NAMES) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
  }
  return parts.join(' ');
}

export const RATE_UNITS: Record<string, number> = { d: 86400, day: 86400, h: 3600, hr: 3600, m: 60, min: 60, s: 1, sec: 1 };
const RATE = /^(\d+)\/(\d*)([a-z]+)$/;

export interface Rate {
  count: number;
  /** Length of the window in seconds. */
  window: number;
  multiplier: number;
  unit: string;
}

/** `N/[M]unit`, e.g. `250/h`, `100/15m`, `400/day`. */
export function parseRate(text: string, units?: readonly string[]): Rate | undefined {
  const m = RATE.exec(text);
  if (!m) return undefined;
  const unit = m[3];
  if (!(unit in RATE_UNITS) || (units && !units.includes(unit))) return undefined;
  const multiplier = m[2] === '' ? 1 : Number(m[2]);
  if (multiplier === 0) return undefined;
  return { count: Number(m[1]), window: multiplier * RATE_UNITS[unit], multiplier, unit };
}

/** Messages per hour for a rate (for comparisons and hover). */
export function perHour(rate: Rate): number {
  return (rate.count * 3600) / rate.window;
}

export function describeRate(rate: Rate, what = 'messages'): string {
  const unitName: Record<string, string> = { d: 'day', day: 'day', h: 'hour', hr: 'hour', m: 'minute', min: 'minute', s: 'second', sec: 'second' };
  const window = rate.multiplier === 1 ? unitName[rate.unit] : `${rate.multiplier} ${unitName[rate.unit]}s`;
  const hourly = perHour(rate);
  const hourlyText = Number.isInteger(hourly) ? String(hourly) : hourly.toFixed(2).replace(/\.?0+$/, '');
  return `${rate.count} ${rate.count === 1 ? what.replace(/s$/, '') : what} per ${window} (= ${hourlyText}/h)`;
}

const SIZE = /^(\d+(?:\.\d+)?)([bkmgt]?)$/i;
const SIZE_FACTOR: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Bytes in `N{b|k|m|g|t}`. */
export function parseSize(text: string): number | undefined {
  const m = SIZE.exec(text);
  return m ? Number(m[1]) * SIZE_FACTOR[m[2].toLowerCase()] : undefined;
}

/** `N[b|k|m|g|t]/[M]unit`. */
export function parseDataRate(text: string): { bytes: number; rate: Rate } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const bytes = parseSize(text.slice(0, slash));
  const rate = parseRate('1' + text.slice(slash));
  return bytes === undefined || !rate ? undefined : { bytes, rate };
}
