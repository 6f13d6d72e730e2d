import { createPublicKey } from 'node:crypto';
import type { DkimKey } from './keyFile';

/** DNS limits one character-string of a TXT record to 255 bytes; longer values are several strings. */
export const TXT_STRING_MAX = 255;

/** The TXT record that publishes a DKIM key. */
export interface DkimRecord {
  /** Owner name: `SELECTOR._domainkey.DOMAIN`, or `SELECTOR._domainkey` (zone-relative) for a `*` key. */
  name: string;
  /** The record value as one string (`v=DKIM1; k=rsa; p=…`). */
  value: string;
  /** The value cut into DNS character-strings of at most 255 bytes. */
  strings: string[];
  /** One zone-file line: `NAME. IN TXT "…" "…"` (no trailing dot for a zone-relative name). */
  zoneLine: string;
}

/** Cuts a value into TXT character-strings of at most `max` bytes (DKIM values are ASCII). */
export function splitTxt(value: string, max = TXT_STRING_MAX): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i += max) out.push(value.slice(i, i + max));
  return out.length ? out : [''];
}

export function dkimRecordValue(key: DkimKey): string {
  return `v=DKIM1; k=${key.type}; p=${key.publicKey}`;
}

/** The record to publish for `domain-key SELECTOR, DOMAIN, …`; DOMAIN `*` gives a zone-relative name. */
export function dkimRecord(selector: string, domain: string, key: DkimKey): DkimRecord {
  const relative = domain === '*';
  const name = relative ? `${selector}._domainkey` : `${selector}._domainkey.${domain.replace(/\.$/, '')}`;
  const value = dkimRecordValue(key);
  const strings = splitTxt(value);
  const zoneLine = `${relative ? name : name + '.'} IN TXT ${strings.map((s) => `"${s}"`).join(' ')}`;
  return { name, value, strings, zoneLine };
}

/** Tags of a DKIM key record (`v=DKIM1; k=rsa; p=…`), names lower-cased, whitespace removed from values. */
export function parseDkimTags(text: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (name && !tags.has(name)) tags.set(name, part.slice(eq + 1).replace(/\s+/g, ''));
  }
  return tags;
}

export type RecordComparison =
  | { match: true }
  | { match: false; reason: 'not-dkim' | 'revoked' | 'type' | 'key' | 'unparsable'; detail: string };

/**
 * Compares a published DKIM record with a private key's public half. RSA `p=` values are decoded
 * (SubjectPublicKeyInfo, or the bare RSAPublicKey some tools publish) and compared as keys, so
 * an equivalent encoding still matches.
 */
export function compareDkimRecord(text: string, key: DkimKey): RecordComparison {
  const tags = parseDkimTags(text);
  const v = tags.get('v');
  if (!tags.has('p') || (v !== undefined && v !== 'DKIM1')) return { match: false, reason: 'not-dkim', detail: 'it is not a DKIM key record' };
  const p = tags.get('p')!;
  if (p === '') return { match: false, reason: 'revoked', detail: 'its empty p= revokes the key' };
  const k = (tags.get('k') ?? 'rsa').toLowerCase();
  if (k !== key.type) return { match: false, reason: 'type', detail: `it publishes a k=${k} key but the file holds an ${key.type === 'rsa' ? 'RSA' : 'Ed25519'} key` };
  if (key.type === 'ed25519') {
    return p === key.publicKey ? { match: true } : { match: false, reason: 'key', detail: 'its p= is a different Ed25519 key' };
  }
  // Strict: a record pasted with its quotes (`p=MIIB…"`) fails at verifiers, so it must not match here.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(p)) return { match: false, reason: 'unparsable', detail: 'its p= holds characters that are not base64 (quotes pasted into the record?)' };
  const der = Buffer.from(p, 'base64');
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      const published = createPublicKey({ key: der, format: 'der', type }).export({ format: 'der', type: 'spki' }).toString('base64');
      return published === key.publicKey ? { match: true } : { match: false, reason: 'key', detail: 'its p= is a different public key' };
    } catch {
      // try the other encoding
    }
  }
  return { match: false, reason: 'unparsable', detail: 'its p= is not a valid base64 RSA public key' };
}
