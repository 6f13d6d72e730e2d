import ipaddr from 'ipaddr.js';

/** A parsed address range: PowerMTA's abbreviated forms (`10/8`, `173.194/16`, `0/0`) expanded. */
export interface ParsedRange {
  address: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
  /** Written as a single address (no `/`). */
  single: boolean;
}

/** A strict IPv4 dotted quad or an IPv6 address. */
export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  // ipaddr.js's isValidFourPartDecimal is its own parse plus this shape test; parsing once instead
  // of validating and then parsing halves the cost, which shows on thousands of source IPs.
  try {
    if (FOUR_PART_DECIMAL.test(text)) return ipaddr.IPv4.parse(text);
    if (text.includes(':')) return ipaddr.IPv6.parse(text);
  } catch {
    // Not an address ipaddr.js accepts.
  }
  return undefined;
}

/** ipaddr.js's own test for a plain dotted quad (no octal, hex or short forms). */
const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;


/** Whether `text` is an address parseIp accepts (validated once, without building the address). */
export function isIp(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValid(text));
}

/**
 * An IP, or a CIDR range in full or PowerMTA's abbreviated form, where missing trailing octets
 * are zero (`10/8` is 10.0.0.0/8, `0/0` is everything).
 */
export function parseRange(text: string): ParsedRange | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) {
    const address = parseIp(text);
    return address ? { address, prefix: address.kind() === 'ipv4' ? 32 : 128, single: true } : undefined;
  }
  const head = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return undefined;
  const prefix = Number(bits);
  if (head.includes(':')) {
    if (!ipaddr.IPv6.isValid(head) || prefix > 128) return undefined;
    return { address: ipaddr.IPv6.parse(head), prefix, single: false };
  }
  const octets = head.split('.');
  if (octets.length > 4 || octets.some((o) => !/^\d{1,3}$/.test(o))) return undefined;
  while (octets.length < 4) octets.push('0');
  const full = octets.join('.');
  if (!ipaddr.IPv4.isValidFourPartDecimal(full) || prefix > 32) return undefined;
  return { address: ipaddr.IPv4.parse(full), prefix, single: false };
}

/** `IP-or-CIDR:PORT` (also `[IPv6]:PORT`). Returns a message when invalid. */
export function checkListener(text: string): string | undefined {
  let host: string;
  let port: string;
  const bracket = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  if (bracket) {
    host = bracket[1];
    port = bracket[2];
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) return `\`${text}\` needs a port: write ADDRESS:PORT, e.g. \`0/0:25\` or \`127.0.0.1:2525\``;
    host = text.slice(0, colon);
    port = text.slice(colon + 1);
  }
  if (!parseRange(host)) return `\`${host}\` is not an IP address or CIDR range`;
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) return `\`${port}\` is not a port number (1-65535)`;
  return undefined;
}

/** True when the range reaches addresses on the public internet. */
export function isPublicRange(r: ParsedRange): boolean {
  if (r.prefix === 0) return true;
  const range = r.address.range();
  return range === 'unicast' || (r.address.kind() === 'ipv6' && range === 'reserved' && r.prefix < 16);
}

/** True for the whole address space (`0/0`, `0.0.0.0/0`, `::/0`). */
export function isEverything(r: ParsedRange): boolean {
  return r.prefix === 0;
}

/** True when `inner` lies completely within `outer` (same family). */
export function rangeCovers(outer: ParsedRange, inner: ParsedRange): boolean {
  if (outer.address.kind() !== inner.address.kind()) return false;
  if (inner.prefix < outer.prefix) return false;
  return (inner.address as ipaddr.IPv4).match(outer.address as ipaddr.IPv4, outer.prefix);
}

export function formatRange(r: ParsedRange): string {
  return r.single ? r.address.toString() : `${r.address.toString()}/${r.prefix}`;
}

const LABEL = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}_])?$/u;
/** The same rule for plain ASCII names in one pass (nearly every name): labels joined by dots. */
const ASCII_HOSTNAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/** A DNS host name (IDN letters allowed), optionally with a trailing dot. */
export function isHostname(text: string): boolean {
  if (text.length <= 254 && ASCII_HOSTNAME.test(text)) return text.length <= 253 || text.endsWith('.');
  const t = text.endsWith('.') ? text.slice(0, -1) : text;
  if (t.length === 0 || t.length > 253) return false;
  return t.split('.').every((label) => LABEL.test(label));
}

/** A fully qualified host name: at least two labels and not an IP literal. */
export function isFullyQualified(text: string): boolean {
  return isHostname(text) && text.replace(/\.$/, '').includes('.') && !parseIp(text);
}
