import { strict as assert } from 'node:assert';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CODES } from '../../server/src/analysis/codes';
import {
  DKIM_CODES,
  KeyStore,
  TXT_STRING_MAX,
  checkDkimKeys,
  compareDkimRecord,
  describeDomainKey,
  dkimRecord,
  domainKeyEntries,
  expandDomains,
  inspectKey,
  parseDomainKey,
  recordsFor,
  splitTxt,
} from '../../server/src/analysis/dkim';
import type { FileHost } from '../../server/src/analysis/host';
import type { Finding } from '../../server/src/analysis/types';
import { nodeHost } from '../../server/src/nodeHost';
import { type TestKey, ed25519Key, rsaKey, tempDir } from '../dkimKeys';
import { analyze, cfg } from '../helpers';
import { memoryHost } from '../memoryHost';

let dir: string;
const keys: Record<string, TestKey> = {};

before(() => {
  dir = tempDir();
  keys.rsa2048 = rsaKey(dir, 'rsa2048.pem', 2048, 'pkcs1');
  keys.rsa2048p8 = rsaKey(dir, 'rsa2048-pkcs8.pem', 2048, 'pkcs8');
  keys.rsa1024 = rsaKey(dir, 'rsa1024.pem', 1024, 'pkcs8');
  keys.rsa512 = rsaKey(dir, 'rsa512.pem', 512, 'pkcs1');
  keys.der8 = rsaKey(dir, 'der8.key', 2048, 'der8');
  keys.der1 = rsaKey(dir, 'der1.key', 2048, 'der1');
  keys.ed = ed25519Key(dir, 'ed25519.pem');
  writeFileSync(join(dir, 'garbage.pem'), 'this is not a key\n');
  writeFileSync(join(dir, 'empty.pem'), '');
  mkdirSync(join(dir, 'afolder.pem'));
  const pair = generateKeyPairSync('rsa', { modulusLength: 1024 });
  writeFileSync(join(dir, 'encrypted.pem'), pair.privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'secret' }));
  writeFileSync(join(dir, 'public.pem'), pair.publicKey.export({ format: 'pem', type: 'spki' }));
  writeFileSync(join(dir, 'ec.pem'), generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Key findings of a config whose relative key paths resolve against the test folder. */
function check(text: string, opts: { baseDir?: string | null; resolve?: (p: string) => string[]; host?: FileHost } = {}): Finding[] {
  return checkDkimKeys(analyze(text), { host: opts.host ?? nodeHost, baseDir: opts.baseDir === null ? undefined : (opts.baseDir ?? dir), resolve: opts.resolve });
}
const brief = (fs: Finding[]) => fs.map((f) => `${f.line + 1}:${f.code}:${f.severity ?? CODES[f.code].severity}`);
const bytes = (file: string) => readFileSync(join(dir, file));

describe('DKIM: the contract', () => {
  it('adds its codes to the table, in the files group', () => {
    for (const code of DKIM_CODES) assert.equal(CODES[code].group, 'files', code);
    assert.equal(CODES['dkim-key-missing'].severity, 'error');
    assert.equal(CODES['dkim-key-invalid'].severity, 'error');
    assert.equal(CODES['dkim-key-weak'].severity, 'warning');
  });
});

describe('DKIM: reading domain-key lines', () => {
  it('splits selector, domain and path, with spaces and quotes', () => {
    assert.deepEqual(parseDomainKey('blingnova,*,/etc/pmta/dkim/b.pem'), { selector: 'blingnova', domain: '*', path: '/etc/pmta/dkim/b.pem' });
    assert.deepEqual(parseDomainKey('s1,example.com,"/etc/pmta/my key.pem"'), { selector: 's1', domain: 'example.com', path: '/etc/pmta/my key.pem' });
    assert.equal(parseDomainKey('s1,example.com'), undefined);
  });
  it('finds keys at the top level, in virtual MTAs, pools and key lists, with the path span', () => {
    const a = analyze(
      cfg(
        'domain-key  s0, example.com,  /k/s0.pem',
        '<virtual-mta v1>',
        '  domain-key s1,example.net,',
        '     /k/s1.pem',
        '</virtual-mta>',
        '<virtual-mta-pool p>',
        '  virtual-mta v1',
        '  domain-key s2,example.org,/k/s2.pem',
        '</virtual-mta-pool>',
        '<domain-key-list l>',
        '  domain-key s3,example.edu,/k/s3.pem',
        '</domain-key-list>',
      ),
    );
    const e = domainKeyEntries(a);
    assert.deepEqual(
      e.map((x) => [x.line, x.selector, x.domain, x.path, x.scope.kind, x.scope.name ?? '']),
      [
        [0, 's0', 'example.com', '/k/s0.pem', 'global', ''],
        [2, 's1', 'example.net', '/k/s1.pem', 'virtual-mta', 'v1'],
        [7, 's2', 'example.org', '/k/s2.pem', 'virtual-mta-pool', 'p'],
        [10, 's3', 'example.edu', '/k/s3.pem', 'domain-key-list', 'l'],
      ],
    );
    const at = (line: number, word: string) => ({ line, start: a.doc.line(line).indexOf(word), end: a.doc.line(line).indexOf(word) + word.length });
    assert.deepEqual(e[0].pathSpan, at(0, '/k/s0.pem'));
    assert.deepEqual(e[1].pathSpan, at(3, '/k/s1.pem'), 'continuation line');
    assert.equal(e[1].pathSpan.start, 5);
  });
  it('expands $macro domains through domain-macro, including prefixes and nested macros', () => {
    const a = analyze(cfg('domain-macro brands acme,globex', 'domain-macro tld com,net', 'domain-macro all $brands.$tld'));
    assert.deepEqual(expandDomains(a, '$brands.$tld').domains, ['acme.com', 'acme.net', 'globex.com', 'globex.net']);
    assert.deepEqual(expandDomains(a, 'mail.$brands.com').domains, ['mail.acme.com', 'mail.globex.com']);
    assert.deepEqual(expandDomains(a, '$all').domains.length, 4);
    assert.deepEqual(expandDomains(a, '$nope').unresolved, ['nope']);
    const loop = analyze(cfg('domain-macro a $b', 'domain-macro b $a'));
    assert.deepEqual(expandDomains(loop, '$a').domains, [], 'a macro loop ends');
  });
});

describe('DKIM: key files', () => {
  it('accepts RSA in PEM PKCS#1 and PKCS#8 and DER, and Ed25519', () => {
    const cases: [string, string, number | undefined, string][] = [
      ['rsa2048.pem', 'rsa', 2048, 'PEM PKCS#1'],
      ['rsa2048-pkcs8.pem', 'rsa', 2048, 'PEM PKCS#8'],
      ['der8.key', 'rsa', 2048, 'DER PKCS#8'],
      ['der1.key', 'rsa', 2048, 'DER PKCS#1'],
      ['ed25519.pem', 'ed25519', undefined, 'PEM PKCS#8'],
    ];
    for (const [file, type, bits, encoding] of cases) {
      const r = inspectKey(bytes(file));
      assert.ok(r.ok, file);
      assert.equal(r.key.type, type, file);
      assert.equal(r.key.bits, bits, file);
      assert.equal(r.key.encoding, encoding, file);
    }
    assert.equal((inspectKey(bytes('rsa2048.pem')) as any).key.publicKey, keys.rsa2048.p, 'public half as SubjectPublicKeyInfo');
    assert.equal((inspectKey(bytes('ed25519.pem')) as any).key.publicKey, keys.ed.p, 'raw Ed25519 key');
    assert.equal(Buffer.from(keys.ed.p, 'base64').length, 32);
  });
  it('refuses empty, garbage, encrypted, public-only and EC files with a reason', () => {
    const reason = (file: string) => {
      const r = inspectKey(bytes(file));
      assert.ok(!r.ok, file);
      return r.reason;
    };
    assert.match(reason('empty.pem'), /empty/);
    assert.match(reason('garbage.pem'), /neither a PEM private key nor a DER/);
    assert.match(reason('encrypted.pem'), /passphrase/);
    assert.match(reason('public.pem'), /public key, not the private key/);
    assert.match(reason('ec.pem'), /EC key; DKIM signs with RSA or Ed25519 only/);
  });
});

describe('DKIM: findings', () => {
  it('reports nothing for good RSA 2048 and Ed25519 keys (relative and absolute paths)', () => {
    assert.deepEqual(check(cfg('domain-key s1,example.com,rsa2048.pem', `domain-key s2,example.com,${keys.ed.file}`, 'domain-key s3,example.com,der8.key')), []);
  });
  it('dkim-key-weak: warning under 2048 bits, error under 1024', () => {
    const f = check(cfg('domain-key a,example.com,rsa1024.pem', 'domain-key b,example.com,rsa512.pem'));
    assert.deepEqual(brief(f), ['1:dkim-key-weak:warning', '2:dkim-key-weak:error']);
    assert.match(f[0].message, /RSA 1024 bits/);
    assert.match(f[1].message, /RSA 512 bits.*reject/);
    const line = 'domain-key a,example.com,rsa1024.pem';
    assert.deepEqual([f[0].start, f[0].end], [line.indexOf('rsa1024'), line.length], 'the finding spans the path');
  });
  it('dkim-key-missing: absent file, a folder, and an unreadable file (warning)', () => {
    const unreadable: FileHost = { ...nodeHost, readBytes: (p) => (p.endsWith('rsa2048.pem') ? undefined : nodeHost.readBytes(p)) };
    const f = check(cfg('domain-key a,example.com,nothere.pem', 'domain-key b,example.com,afolder.pem', 'domain-key c,example.com,rsa2048.pem'), { host: unreadable });
    assert.deepEqual(brief(f), ['1:dkim-key-missing:error', '2:dkim-key-missing:error', '3:dkim-key-missing:warning']);
    assert.match(f[0].message, /does not exist/);
    assert.match(f[1].message, /is a folder/);
    assert.match(f[2].message, /could not be read/);
  });
  it('dkim-key-invalid: garbage, empty, encrypted, public and EC keys', () => {
    const f = check(cfg(...['garbage.pem', 'empty.pem', 'encrypted.pem', 'public.pem', 'ec.pem'].map((p, i) => `domain-key s${i},example.com,${p}`)));
    assert.deepEqual(brief(f), [1, 2, 3, 4, 5].map((n) => `${n}:dkim-key-invalid:error`));
  });
  it('dkim-key-unchecked: Vault keys, folders absent from this machine, relative paths without a folder', () => {
    const f = check(cfg('domain-key v,example.com,{vault}:/v1/secret/dkim:key', 'domain-key x,*,/nonexistent-pmta/dkim/x.pem', 'domain-key r,example.com,rel.pem'), { baseDir: null });
    assert.deepEqual(brief(f), ['1:dkim-key-unchecked:information', '2:dkim-key-unchecked:information', '3:dkim-key-unchecked:information']);
    assert.match(f[0].message, /Vault/);
    assert.match(f[1].message, /folder \/nonexistent-pmta\/dkim does not exist on this machine/);
    assert.match(f[2].message, /save the file/);
  });
  it('a key missing from a folder every machine has is an error only on a PowerMTA server (one with /etc/pmta)', () => {
    const text = cfg('domain-key s,example.com,/etc/dkim.key', 'domain-key t,example.com,/srv/keys/t.pem');
    // A workstation or a CI runner: /etc and /srv/keys exist, /etc/pmta does not.
    const workstation = check(text, { host: memoryHost({ '/etc/hostname': 'ws\n', '/srv/keys/other.pem': '' }) });
    assert.deepEqual(brief(workstation), ['1:dkim-key-unchecked:information', '2:dkim-key-missing:error'], 'a folder of its own (/srv/keys) still says the key is missing');
    assert.match(workstation[0].message, /^Key file '\/etc\/dkim\.key' not checked: it is not on this machine, which has no \/etc\/pmta \(no PowerMTA server\), and its folder \/etc is one every machine has/);
    const server = check(text, { host: memoryHost({ '/etc/hostname': 'mta\n', '/etc/pmta/config': '', '/srv/keys/other.pem': '' }) });
    assert.deepEqual(brief(server), ['1:dkim-key-missing:error', '2:dkim-key-missing:error']);
  });
  it('a resolver maps server paths onto a local copy', () => {
    const text = cfg('domain-key s,example.com,/etc/pmta/dkim/rsa1024.pem');
    const f = check(text, { resolve: (p) => [p.replace('/etc/pmta/dkim', dir)] });
    assert.deepEqual(brief(f), ['1:dkim-key-weak:warning']);
    assert.match(f[0].message, new RegExp(`looked for at ${dir}/rsa1024.pem`));
    const firstThatExists = check(text, { resolve: (p) => [join(dir, 'nope', 'x.pem'), p.replace('/etc/pmta/dkim', dir)] });
    assert.deepEqual(brief(firstThatExists), ['1:dkim-key-weak:warning'], 'later candidates are tried');
  });
  it('honours pmta-lint disable comments', () => {
    assert.deepEqual(check(cfg('domain-key a,example.com,rsa1024.pem # pmta-lint: disable=dkim-key-weak')), []);
    assert.deepEqual(brief(check(cfg('# pmta-lint: disable-next-line=dkim-key-missing', 'domain-key a,example.com,gone.pem', 'domain-key b,example.com,gone.pem'))), ['3:dkim-key-missing:error']);
  });
});

describe('DKIM: the key cache', () => {
  it('reads a file once until its size or mtime changes; peek never reads', () => {
    const file = join(dir, 'cache.pem');
    writeFileSync(file, readFileSync(keys.rsa2048.file));
    const store = new KeyStore(nodeHost);
    assert.equal(store.peek([file]), undefined, 'nothing known before a load');
    const first = store.load([file]);
    assert.equal(first?.kind, 'key');
    assert.equal(store.reads, 1);
    assert.equal(store.load([file]), first, 'unchanged file: the same state, no read');
    assert.equal(store.peek([file]), first);
    assert.equal(store.reads, 1);
    writeFileSync(file, readFileSync(keys.rsa1024.file));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.equal(store.peek([file]), first, 'peek answers from the cache');
    const second = store.load([file]);
    assert.equal(store.reads, 2);
    assert.equal(second?.kind === 'key' && second.key.bits, 1024);
    rmSync(file);
    assert.equal(store.load([file])?.kind, 'missing');
  });
});

describe('DKIM: the DNS record to publish', () => {
  it('splits values longer than 255 bytes into strings that join back to the value', () => {
    assert.deepEqual(splitTxt('x'.repeat(600)).map((s) => s.length), [255, 255, 90]);
    assert.deepEqual(splitTxt('short'), ['short']);
  });
  it('derives the RSA record from the key file: name, value, strings and a zone-file line', () => {
    const key = (inspectKey(bytes('rsa2048.pem')) as any).key;
    const r = dkimRecord('s1', 'Example.com', key);
    assert.equal(r.name, 's1._domainkey.Example.com');
    assert.equal(r.value, keys.rsa2048.record);
    const spki = createPublicKey(readFileSync(keys.rsa2048.file)).export({ format: 'der', type: 'spki' }).toString('base64');
    assert.ok(r.value.endsWith(`p=${spki}`), 'p= is the public half of the file');
    assert.ok(r.strings.length >= 2 && r.strings.every((s) => s.length <= TXT_STRING_MAX));
    assert.equal(r.strings.join(''), r.value);
    assert.equal(r.zoneLine, `s1._domainkey.Example.com. IN TXT ${r.strings.map((s) => `"${s}"`).join(' ')}`);
  });
  it('gives Ed25519 keys k=ed25519 and a zone-relative name for * keys', () => {
    const key = (inspectKey(bytes('ed25519.pem')) as any).key;
    const r = dkimRecord('ed', '*', key);
    assert.equal(r.name, 'ed._domainkey');
    assert.equal(r.value, keys.ed.record);
    assert.deepEqual(r.strings, [r.value]);
    assert.equal(r.zoneLine, `ed._domainkey IN TXT "${r.value}"`);
  });
  it('compares published records with the key', () => {
    const key = (inspectKey(bytes('rsa2048.pem')) as any).key;
    assert.deepEqual(compareDkimRecord(keys.rsa2048.record, key), { match: true });
    assert.deepEqual(compareDkimRecord(`v=DKIM1;k=rsa;  p=${keys.rsa2048.p.slice(0, 100)} ${keys.rsa2048.p.slice(100)}`, key), { match: true }, 'whitespace inside p=');
    const pkcs1 = createPublicKey(readFileSync(keys.rsa2048.file)).export({ format: 'der', type: 'pkcs1' }).toString('base64');
    assert.deepEqual(compareDkimRecord(`v=DKIM1; p=${pkcs1}`, key), { match: true }, 'bare RSAPublicKey, k= defaulting to rsa');
    assert.equal((compareDkimRecord(keys.rsa2048p8.record, key) as any).reason, 'key');
    assert.equal((compareDkimRecord('v=DKIM1; k=rsa; p=', key) as any).reason, 'revoked');
    assert.equal((compareDkimRecord(keys.ed.record, key) as any).reason, 'type');
    assert.equal((compareDkimRecord('v=DKIM1; k=rsa; p=bm90IGEga2V5', key) as any).reason, 'unparsable');
    assert.equal((compareDkimRecord('v=spf1 -all', key) as any).reason, 'not-dkim');
    const pasted = compareDkimRecord(`v=DKIM1; k=rsa; p=${keys.rsa2048.p.slice(0, 200)}""${keys.rsa2048.p.slice(200)}`, key);
    assert.match((pasted as any).detail, /not base64 \(quotes pasted/, 'quotes inside the value do not match');
  });
  it('hover text shows the key and the exact record, and explains the 255-byte split', () => {
    const a = analyze(cfg('domain-macro brands acme.com,globex.com', 'domain-key s1,$brands,rsa2048.pem'));
    const [e] = domainKeyEntries(a);
    const state = new KeyStore(nodeHost).load([join(dir, 'rsa2048.pem')]);
    const md = describeDomainKey(a, e, state);
    assert.match(md, /RSA 2048 bits, PEM PKCS#1/);
    const records = recordsFor(a, e, (state as any).key);
    assert.deepEqual(records.map((r) => r.name), ['s1._domainkey.acme.com', 's1._domainkey.globex.com']);
    for (const r of records) assert.ok(md.includes(r.zoneLine));
    assert.match(md, /more than the 255 a DNS TXT string can hold/);
    assert.match(describeDomainKey(a, e, { kind: 'missing', path: '/x.pem' }), /does not exist/);
  });
});
