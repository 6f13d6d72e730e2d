import type { ValueSpec, ValueType } from '../../catalog/types';

/** What a value of each type looks like, in words, for messages and hover. */
export const TYPE_WORDS: Record<ValueType, string> = {
  bool: 'yes, no, true or false',
  int: 'a whole number',
  duration: 'a time interval: a number with a unit w, d, h, m or s, units combined largest first (`30s`, `10m`, `4d12h`)',
  'duration-or-never': 'a time interval (`30m`, `4d12h`) or `never`',
  'duration-list': 'a comma-separated list of time intervals, the last one repeating (`10m,1h,4h`)',
  rate: 'a rate N/[M]unit with unit d, day, h, hr, m, min, s or sec (`250/h`, `100/15m`)',
  size: 'a size: a number with an optional b, k, m, g or t suffix (`50M`, `1G`)',
  'data-rate': 'a data volume per time, N[b|k|m|g|t]/[M]unit (`6g/10h`)',
  ip: 'an IPv4 or IPv6 address',
  cidr: 'an IP address or CIDR range (`10.0.0.0/8`, `10/8`, `0/0`)',
  listener: 'an address and port, IP-OR-CIDR:PORT (`0/0:25`, `127.0.0.1:2525`)',
  hostname: 'a host name (`mta1.example.com`)',
  'domain-pattern': 'a domain pattern: `*`, `name`, `*.name`, `[*.]name`, `[ip/mask]` or a `$macro`',
  email: 'an e-mail address (`postmaster@example.com`)',
  path: 'a file or directory path',
  'path-or-pipe': 'a file path, or `|command` to pipe to a program',
  url: 'an http:// or https:// URL',
  regex: 'a regular expression between slashes (`/too many connections/`)',
  'quoted-string': 'a text in double quotes',
  string: 'a text',
  enum: 'one of the listed keywords',
  'name-ref': 'the name of a defined block',
  list: 'a comma-separated list',
  composite: 'several arguments',
};

/** A short description of what `spec` accepts, keywords included. */
export function describeSpec(spec: ValueSpec): string {
  if (spec.type === 'enum') {
    const options = [...(spec.keywords ?? []), ...(spec.alternatives ?? []).map((a) => (a.prefix ?? '') + (a.label ?? a.type.toUpperCase()))];
    return 'one of ' + options.map((k) => '`' + k + '`').join(', ');
  }
  if (spec.type === 'list' && spec.item) return 'a comma-separated list of ' + describeSpec(spec.item);
  if (spec.type === 'name-ref' && spec.refs) {
    const what = spec.refs.map((r) => (r === 'macro' ? 'domain macro' : `<${r}>`)).join(' or ');
    return `the name of a ${what}` + keywordTail(spec);
  }
  let text = TYPE_WORDS[spec.type];
  if (spec.type === 'int' && (spec.min !== undefined || spec.max !== undefined)) {
    text = `a whole number${spec.min !== undefined ? ` from ${spec.min}` : ''}${spec.max !== undefined ? ` to ${spec.max}` : ' or more'}`;
  }
  if (spec.type === 'rate' && spec.units) text = `a rate N/${spec.units.join(' or N/')}`;
  return (spec.prefix ? `\`${spec.prefix}\` followed by ` : '') + text + keywordTail(spec);
}

function keywordTail(spec: ValueSpec): string {
  const extras = spec.type === 'enum' ? [] : spec.keywords ?? [];
  const parts = extras.map((k) => '`' + k + '`');
  if (spec.clearable) parts.push('`""` to clear an inherited value');
  return parts.length ? ', or ' + parts.join(', ') : '';
}
