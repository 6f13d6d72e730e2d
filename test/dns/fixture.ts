import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { type TestKey, ed25519Key, rsaKey, tempDir } from '../dkimKeys';
import { splitTxt } from '../../server/src/analysis/dkim';
import { type DnsServer, type Zone, startDnsmasq } from './dnsmasq';

/**
 * One configuration and the DNS zone it is checked against. Each virtual MTA exercises one case;
 * EXPECTED lists every finding the DNS checks must make (line:code:severity, 1-based lines).
 */
export const CONFIG = [
  '# DNS-check test configuration', //                         1
  'smtp-source-host 192.0.2.10 mta1.example.com', //           2  PTR and A agree
  'domain-key top, example.com, top.pem', //                   3  published, matches
  '<virtual-mta good>', //                                     4
  '  smtp-source-host 192.0.2.11 mta2.example.com', //         5  PTR and A agree; SPF ip4 pass
  '  domain-key s1, example.com, good.pem', //                 6  published in two strings, matches
  '  domain-key ed, example.com, ed.pem', //                   7  k=ed25519, matches
  '</virtual-mta>', //                                         8
  '<virtual-mta wrong>', //                                    9
  '  smtp-source-host 192.0.2.12 mta3.example.com', //         10 PTR names another host; SPF include: pass
  '  domain-key s2, example.net, wrong.pem', //                11 TXT publishes a different key
  '</virtual-mta>', //                                         12
  '<virtual-mta noptr>', //                                    13
  '  smtp-source-host 192.0.2.13 mta4.example.com', //         14 no PTR; A points elsewhere; SPF -all fail
  '  domain-key s3, example.org, good.pem', //                 15 no TXT record
  '</virtual-mta>', //                                         16
  '<virtual-mta soft>', //                                     17
  '  smtp-source-host 192.0.2.14 mta5.example.com', //         18 SPF ~all softfail; other domain has no SPF
  '  domain-key s4, soft.example.com, good.pem', //            19 matches
  '  domain-key s5, nospf.example.com, revoked.pem', //        20 empty p= (revoked)
  '</virtual-mta>', //                                         21
  '<virtual-mta inside>', //                                   22
  '  smtp-source-host 10.1.2.3 internal.example.com', //       23 private: left out
  '  smtp-source-host 192.0.2.32/29 range.example.com', //     24 range: left out
  '</virtual-mta>', //                                         25
  '',
].join('\n');

export const EXPECTED = [
  '10:dns-ptr-mismatch:warning',
  '11:dns-dkim-mismatch:error',
  '14:dns-ptr-mismatch:warning',
  '14:dns-ptr-mismatch:warning',
  '14:dns-spf-fail:warning',
  '15:dns-dkim-mismatch:error',
  '18:dns-spf-fail:information',
  '18:dns-spf-fail:information',
  '20:dns-dkim-mismatch:error',
];

export interface Fixture {
  dir: string;
  configPath: string;
  keys: Record<string, TestKey>;
  zone: Zone;
}

/** Writes the keys and the configuration into `dir` and returns the zone that goes with them. */
export function makeFixture(dir: string): Fixture {
  const keys: Record<string, TestKey> = {
    top: rsaKey(dir, 'top.pem', 2048),
    good: rsaKey(dir, 'good.pem', 2048, 'pkcs8'),
    ed: ed25519Key(dir, 'ed.pem'),
    wrong: rsaKey(dir, 'wrong.pem', 2048),
    other: rsaKey(dir, 'other.pem', 2048),
    revoked: rsaKey(dir, 'revoked.pem', 2048),
  };
  const configPath = join(dir, 'config');
  writeFileSync(configPath, CONFIG);
  const zone: Zone = {
    zones: ['example.com', 'example.net', 'example.org'],
    hosts: [
      ['mta1.example.com', '192.0.2.10'],
      ['mta2.example.com', '192.0.2.11'],
      ['mta5.example.com', '192.0.2.14'],
    ],
    addresses: [
      ['mta3.example.com', '192.0.2.12'],
      ['mta4.example.com', '192.0.2.99'],
    ],
    ptrs: [['192.0.2.12', 'other.example.com']],
    txts: [
      ['example.com', ['v=spf1 ip4:192.0.2.8/29 -all']],
      ['example.net', ['v=spf1 include:_spf.example.org -all']],
      ['_spf.example.org', ['v=spf1 ip4:192.0.2.12 -all']],
      ['example.org', ['v=spf1 ip4:192.0.2.10 -all']],
      ['soft.example.com', ['v=spf1 ip4:198.51.100.0/24 ~all']],
      ['top._domainkey.example.com', splitTxt(keys.top.record)],
      ['s1._domainkey.example.com', splitTxt(keys.good.record)],
      ['ed._domainkey.example.com', [keys.ed.record]],
      ['s2._domainkey.example.net', splitTxt(keys.other.record)],
      ['s4._domainkey.soft.example.com', splitTxt(keys.good.record)],
      ['s5._domainkey.nospf.example.com', ['v=DKIM1; k=rsa; p=']],
    ],
  };
  return { dir, configPath, keys, zone };
}

/**
 * For a test file: before its tests, the fixture in a new temporary folder (named from `prefix`)
 * and a dnsmasq serving its zone; after them, the server stopped and the folder removed.
 */
export function useDnsFixture(prefix: string): { readonly fx: Fixture; readonly dns: DnsServer } {
  const env = {} as { fx: Fixture; dns: DnsServer };
  before(async () => {
    env.fx = makeFixture(tempDir(prefix));
    env.dns = await startDnsmasq(env.fx.zone);
  });
  after(async () => {
    await env.dns?.stop();
    if (env.fx) rmSync(env.fx.dir, { recursive: true, force: true });
  });
  return env;
}
