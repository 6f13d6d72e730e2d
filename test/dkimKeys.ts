import { execFileSync } from 'node:child_process';
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real key written to disk by a test, with its public half as DKIM publishes it. */
export interface TestKey {
  file: string;
  /** `p=` value: base64 SubjectPublicKeyInfo (RSA) or raw 32 bytes (Ed25519). */
  p: string;
  /** The record value a correct DNS zone publishes. */
  record: string;
}

export function tempDir(prefix = 'pmta-dkim-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function publicP(key: KeyObject): string {
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return key.asymmetricKeyType === 'ed25519' ? spki.subarray(spki.length - 32).toString('base64') : spki.toString('base64');
}

/** RSA of the given size (Node allows 512; openssl is the fallback should it ever refuse). */
export function rsaKey(dir: string, name: string, bits: number, format: 'pkcs1' | 'pkcs8' | 'der8' | 'der1' = 'pkcs1'): TestKey {
  const file = join(dir, name);
  let privateKey: KeyObject;
  try {
    privateKey = generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
  } catch {
    execFileSync('openssl', ['genrsa', '-out', file, String(bits)], { stdio: 'ignore' });
    privateKey = createPrivateKey(readFileSync(file));
  }
  const data =
    format === 'der8'
      ? privateKey.export({ format: 'der', type: 'pkcs8' })
      : format === 'der1'
        ? privateKey.export({ format: 'der', type: 'pkcs1' })
        : privateKey.export({ format: 'pem', type: format });
  writeFileSync(file, data);
  const p = publicP(privateKey);
  return { file, p, record: `v=DKIM1; k=rsa; p=${p}` };
}

export function ed25519Key(dir: string, name: string): TestKey {
  const file = join(dir, name);
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }));
  const p = publicP(privateKey);
  return { file, p, record: `v=DKIM1; k=ed25519; p=${p}` };
}
