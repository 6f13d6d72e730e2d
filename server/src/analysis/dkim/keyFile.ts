import { type KeyObject, createPrivateKey, createPublicKey } from 'node:crypto';

/** A usable DKIM private key, reduced to what the checks and the DNS record need. */
export interface DkimKey {
  /** DKIM key type (the `k=` tag). */
  type: 'rsa' | 'ed25519';
  /** Modulus length for RSA keys. */
  bits?: number;
  /** The `p=` value of the DNS record: base64 SubjectPublicKeyInfo for RSA, the raw 32-byte key for Ed25519 (RFC 8463). */
  publicKey: string;
  /** How the file was encoded, for hover text. */
  encoding: 'PEM PKCS#1' | 'PEM PKCS#8' | 'DER PKCS#8' | 'DER PKCS#1';
}

export type KeyInspection = { ok: true; key: DkimKey } | { ok: false; reason: string };

const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/;

/** Reads a private key file's bytes the way PowerMTA needs them: an unencrypted RSA or Ed25519 private key. */
export function inspectKey(bytes: Uint8Array): KeyInspection {
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head = buf.subarray(0, 4096).toString('latin1');
  const label = PEM_LABEL.exec(head)?.[1];
  let key: KeyObject | undefined;
  let encoding: DkimKey['encoding'];
  if (label !== undefined) {
    if (label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(head)) {
      return { ok: false, reason: 'the key is encrypted with a passphrase, which PowerMTA cannot supply' };
    }
    if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY' || label === 'CERTIFICATE') {
      return { ok: false, reason: `the file holds a ${label.toLowerCase()}, not the private key` };
    }
    encoding = label === 'RSA PRIVATE KEY' ? 'PEM PKCS#1' : 'PEM PKCS#8';
    try {
      key = createPrivateKey({ key: buf, format: 'pem' });
    } catch (e) {
      return { ok: false, reason: `the PEM block '${label}' does not decode as a private key (${shortError(e)})` };
    }
  } else {
    // No PEM armour: accept DER in either container, as openssl writes it with `-outform DER`.
    for (const [type, enc] of [
      ['pkcs8', 'DER PKCS#8'],
      ['pkcs1', 'DER PKCS#1'],
    ] as const) {
      try {
        key = createPrivateKey({ key: buf, format: 'der', type });
        encoding = enc;
        break;
      } catch {
        // try the next container
      }
    }
    if (!key) return { ok: false, reason: 'it is neither a PEM private key nor a DER-encoded one' };
  }
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength;
    const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
    return { ok: true, key: { type: 'rsa', bits, publicKey: spki.toString('base64'), encoding: encoding! } };
  }
  if (type === 'ed25519') {
    const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
    // An Ed25519 SubjectPublicKeyInfo is a fixed 12-byte header followed by the 32-byte key.
    return { ok: true, key: { type: 'ed25519', publicKey: spki.subarray(spki.length - 32).toString('base64'), encoding: encoding! } };
  }
  return { ok: false, reason: `it is a${/^[aeiou]/i.test(type ?? '') ? 'n' : ''} ${(type ?? 'unknown').toUpperCase()} key; DKIM signs with RSA or Ed25519 only` };
}

function shortError(e: unknown): string {
  const m = (e as Error).message ?? String(e);
  return m.replace(/^error:[0-9A-F]+:/, '').trim();
}
