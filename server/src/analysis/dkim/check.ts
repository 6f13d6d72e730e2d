import type { Analysis } from '../analyzer';
import type { FileHost } from '../host';
import { collectSuppressions, isSuppressed } from '../suppression';
import type { Finding } from '../types';
import { type DomainKeyEntry, type LineSpan, domainKeyEntries } from './entries';
import { KeyStore, type KeyState } from './keyStore';
import { type KeyPathResolver, defaultKeyPaths } from './paths';

/** The codes this module reports (tested in test/unit/dkim.test.ts). */
export const DKIM_CODES = ['dkim-key-missing', 'dkim-key-invalid', 'dkim-key-weak', 'dkim-key-unchecked'] as const;

/** RFC 8301: verifiers must not accept RSA keys under 1024 bits and should use at least 2048. */
export const RSA_MIN_BITS = 1024;
export const RSA_GOOD_BITS = 2048;

export interface DkimCheckOptions {
  host: FileHost;
  /** Folder of the configuration file; relative key paths resolve against it. */
  baseDir?: string;
  /** Overrides the path mapping (see paths.ts). */
  resolve?: KeyPathResolver;
  /** A store to reuse between runs (the cache by path and mtime lives there). */
  store?: KeyStore;
}

/** Reads every key a document names and reports on it (file access: for the CLI and background passes). */
export function checkDkimKeys(analysis: Analysis, opts: DkimCheckOptions): Finding[] {
  const store = opts.store ?? new KeyStore(opts.host);
  const candidates = opts.resolve ?? defaultKeyPaths(opts.baseDir);
  return dkimFindings(analysis, domainKeyEntries(analysis), (e) => store.load(candidates(e.path)), (e) => candidates(e.path).length > 0);
}

/**
 * Findings for the given entries from their key states. `stateOf` may answer undefined for a key
 * not looked at yet (then nothing is reported for it); `resolvable` says whether a path maps to
 * any file at all (a relative path in an unsaved document does not).
 */
export function dkimFindings(
  analysis: Analysis,
  entries: readonly DomainKeyEntry[],
  stateOf: (e: DomainKeyEntry) => KeyState | undefined,
  resolvable: (e: DomainKeyEntry) => boolean,
): Finding[] {
  const out: Finding[] = [];
  for (const e of entries) {
    const f = entryFinding(e, stateOf, resolvable);
    if (f) out.push(f);
  }
  if (out.length === 0) return out;
  const suppressions = collectSuppressions(analysis.doc);
  return out.filter((f) => !isSuppressed(suppressions, f));
}

function at(span: LineSpan): Pick<Finding, 'line' | 'start' | 'end'> {
  return { line: span.line, start: span.start, end: span.end };
}

function entryFinding(e: DomainKeyEntry, stateOf: (e: DomainKeyEntry) => KeyState | undefined, resolvable: (e: DomainKeyEntry) => boolean): Finding | undefined {
  if (e.vault) {
    return { code: 'dkim-key-unchecked', message: `The key for selector '${e.selector}' comes from Vault, so it is not checked here.`, ...at(e.pathSpan) };
  }
  if (!resolvable(e)) {
    return {
      code: 'dkim-key-unchecked',
      message: `The relative key path '${e.path}' is resolved against the configuration file's folder; save the file to check the key.`,
      ...at(e.pathSpan),
    };
  }
  const s = stateOf(e);
  if (!s) return undefined;
  const where = s.path === e.path ? `'${e.path}'` : `'${e.path}' (looked for at ${s.path})`;
  switch (s.kind) {
    case 'absent-folder':
      return {
        code: 'dkim-key-unchecked',
        message: s.shared
          ? `Key file ${where} not checked: it is not on this machine, which has no /etc/pmta (no PowerMTA server), and its folder ${s.folder} is one every machine has. Run pmta-lint on the mail server to check it.`
          : `Key file ${where} not checked: its folder ${s.folder} does not exist on this machine. Run pmta-lint on the mail server to check it.`,
        ...at(e.pathSpan),
        data: { path: s.path },
      };
    case 'missing':
      return { code: 'dkim-key-missing', message: `DKIM key file ${where} does not exist: PowerMTA cannot sign for selector '${e.selector}'.`, ...at(e.pathSpan), data: { path: s.path } };
    case 'folder':
      return { code: 'dkim-key-missing', message: `DKIM key path ${where} is a folder, not a key file.`, ...at(e.pathSpan), data: { path: s.path } };
    case 'unreadable':
      return {
        code: 'dkim-key-missing',
        severity: 'warning',
        message: `DKIM key file ${where} exists but could not be read by this process; make sure the PowerMTA user can read it.`,
        ...at(e.pathSpan),
        data: { path: s.path },
      };
    case 'invalid':
      return { code: 'dkim-key-invalid', message: `DKIM key file ${where} is not a usable private key: ${s.reason}.`, ...at(e.pathSpan), data: { path: s.path } };
    case 'key': {
      const bits = s.key.bits;
      if (s.key.type !== 'rsa' || bits === undefined || bits >= RSA_GOOD_BITS) return undefined;
      const tooShort = bits < RSA_MIN_BITS;
      return {
        code: 'dkim-key-weak',
        severity: tooShort ? 'error' : 'warning',
        message: tooShort
          ? `DKIM key ${where} is RSA ${bits} bits: verifiers reject keys under ${RSA_MIN_BITS} bits (RFC 8301), so signatures count as failed. Use ${RSA_GOOD_BITS} bits.`
          : `DKIM key ${where} is RSA ${bits} bits; ${RSA_GOOD_BITS} bits is the recommended minimum (RFC 8301) and some receivers distrust shorter keys.`,
        ...at(e.pathSpan),
        data: { path: s.path, bits },
      };
    }
  }
}
