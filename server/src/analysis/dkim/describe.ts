import type { Analysis } from '../analyzer';
import type { DomainKeyEntry } from './entries';
import type { DkimKey } from './keyFile';
import type { KeyState } from './keyStore';
import { expandDomains } from './macros';
import { type DkimRecord, TXT_STRING_MAX, dkimRecord } from './record';

/** At most this many records are offered for a `$macro` domain. */
const MAX_RECORDS = 10;

/**
 * The DNS records a `domain-key` line needs: one per domain (a `$macro` is expanded), or one
 * zone-relative record for a `*` key, which signs for any sending domain.
 */
export function recordsFor(analysis: Analysis, entry: DomainKeyEntry, key: DkimKey): DkimRecord[] {
  if (entry.domain === '*') return [dkimRecord(entry.selector, '*', key)];
  const domains = entry.domain.includes('$') ? expandDomains(analysis, entry.domain).domains : [entry.domain.toLowerCase()];
  return domains.slice(0, MAX_RECORDS).map((d) => dkimRecord(entry.selector, d, key));
}

function keyLabel(key: DkimKey): string {
  return key.type === 'rsa' ? `RSA ${key.bits ?? '?'} bits` : 'Ed25519';
}

/** Markdown for hovering a `domain-key` line: the key, and the TXT record(s) to publish for it. */
export function describeDomainKey(analysis: Analysis, entry: DomainKeyEntry, state: KeyState | undefined): string {
  const head = `**DKIM key** \`${entry.selector}\` for \`${entry.domain}\``;
  if (entry.vault) return `${head}\n\nThe key is kept in Vault; its DNS record cannot be derived here.`;
  if (!state) return `${head}\n\nKey file \`${entry.path}\` is not checked here (a relative path in an unsaved file).`;
  if (state.kind !== 'key') {
    const why: Record<string, string> = {
      missing: 'does not exist',
      'absent-folder': 'is not on this machine',
      folder: 'is a folder',
      unreadable: 'cannot be read',
      invalid: 'is not a usable private key',
    };
    return `${head}\n\nKey file \`${state.path}\` ${why[state.kind]}, so no DNS record can be derived from it.`;
  }
  const key = state.key;
  const records = recordsFor(analysis, entry, key);
  const lines = [`${head} — ${keyLabel(key)}, ${key.encoding}, \`${state.path}\``, ''];
  if (key.type === 'ed25519') lines.push('Ed25519 keys are published with `k=ed25519` (RFC 8463); receivers that do not know it ignore that signature, so pair it with an RSA key.', '');
  if (records.length === 0) {
    lines.push(`\`${entry.domain}\` expands to no domain in this file, so the record name is unknown.`);
    return lines.join('\n');
  }
  lines.push(records.length === 1 ? 'Publish this TXT record:' : `Publish these TXT records (${records.length}):`, '', '```text', ...records.map((r) => r.zoneLine), '```', '');
  if (entry.domain === '*') lines.push(`This key signs for any domain: add the record to the zone of each sending domain (the name is relative to the zone).`, '');
  if (records[0].strings.length > 1) {
    lines.push(
      `The value is ${records[0].value.length} characters, more than the ${TXT_STRING_MAX} a DNS TXT string can hold, so it is written as ${records[0].strings.length} quoted strings that resolvers join back together. Web DNS panels usually take the value unquoted and split it themselves.`,
    );
  }
  return lines.join('\n').trimEnd();
}
