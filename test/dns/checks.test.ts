import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CODES } from '../../server/src/analysis/codes';
import { KeyStore, defaultKeyPaths } from '../../server/src/analysis/dkim';
import type { Finding } from '../../server/src/analysis/types';
import { DNS_CODES, DnsClient, checkDns, parseDnsServer, planDnsChecks, reverseName } from '../../server/src/dns';
import { nodeHost } from '../../server/src/nodeHost';
import { analyze, cfg } from '../helpers';
import { startSilentServer } from './dnsmasq';
import { CONFIG, EXPECTED, useDnsFixture } from './fixture';

const env = useDnsFixture('pmta-dns-');

async function run(text: string, server = env.dns.address, timeoutMs?: number) {
  const analysis = analyze(text);
  const keys = new KeyStore(nodeHost);
  const paths = defaultKeyPaths(env.fx.dir);
  const client = new DnsClient({ server, timeoutMs });
  const report = await checkDns(analysis, { client, keyState: (e) => keys.load(paths(e.path)) });
  return { report, client };
}
const brief = (fs: Finding[]) => fs.map((f) => `${f.line + 1}:${f.code}:${f.severity ?? CODES[f.code].severity}`).sort();
const on = (fs: Finding[], line: number) => fs.filter((f) => f.line === line - 1);

describe('DNS checks against a real DNS server (dnsmasq)', () => {
  it('the codes are in the table, in the dns group', () => {
    for (const code of DNS_CODES) assert.equal(CODES[code].group, 'dns', code);
  });

  it('plans checks by the sending rule: vMTA IPs × the domains it signs for', () => {
    const plan = planDnsChecks(analyze(CONFIG));
    assert.deepEqual(plan.ptr.map((c) => c.host.ip), ['192.0.2.10', '192.0.2.11', '192.0.2.12', '192.0.2.13', '192.0.2.14']);
    assert.deepEqual(
      plan.spf.map((c) => `${c.host.ip} ${c.domain} ${c.sender}`),
      [
        '192.0.2.10 example.com the top level',
        '192.0.2.11 example.com <virtual-mta good>',
        '192.0.2.12 example.net <virtual-mta wrong>',
        '192.0.2.13 example.org <virtual-mta noptr>',
        '192.0.2.14 soft.example.com <virtual-mta soft>',
        '192.0.2.14 nospf.example.com <virtual-mta soft>',
      ],
    );
    assert.equal(plan.dkim.length, 7);
    assert.equal(plan.skipped.length, 2);
    assert.match(plan.skipped[0], /^line 23: 10\.1\.2\.3 is a private address/);
    assert.match(plan.skipped[1], /^line 24: 192\.0\.2\.32\/29 is a range/);
  });

  it('falls back to top-level IPs, pool keys and top-level keys as PowerMTA does', () => {
    const plan = planDnsChecks(
      analyze(
        cfg(
          'smtp-source-host 192.0.2.1 top.example.com',
          'domain-key t, top.example, /k/t.pem',
          '<virtual-mta v1>',
          '  domain-key v, v1.example, /k/v.pem',
          '</virtual-mta>',
          '<virtual-mta v2>',
          '  smtp-source-host 192.0.2.2 v2.example.com',
          '</virtual-mta>',
          '<virtual-mta-pool p>',
          '  virtual-mta v2',
          '  domain-key p, pool.example, /k/p.pem',
          '</virtual-mta-pool>',
        ),
      ),
    );
    assert.deepEqual(
      plan.spf.map((c) => `${c.host.ip} ${c.domain} ${c.sender}`),
      ['192.0.2.1 top.example the top level', '192.0.2.1 v1.example <virtual-mta v1>', '192.0.2.2 pool.example <virtual-mta v2>'],
    );
  });

  it('finds exactly the expected PTR, DKIM and SPF problems', async () => {
    const { report, client } = await run(CONFIG);
    assert.deepEqual(brief(report.findings), [...EXPECTED].sort());
    assert.deepEqual(report.notices, [], 'the server answered');
    assert.equal(client.downReason, undefined);
    assert.deepEqual(report.counts, { ptr: 5, dkim: 7, spf: 6, failedLookups: 0 });
  });

  it('PTR: a PTR naming another host, a missing PTR, a name resolving elsewhere', async () => {
    const { report } = await run(CONFIG);
    const [wrongPtr] = on(report.findings, 10);
    assert.match(wrongPtr.message, /PTR record of 192\.0\.2\.12 names other\.example\.com, not mta3\.example\.com/);
    assert.equal(CONFIG.split('\n')[9].slice(wrongPtr.start, wrongPtr.end), '192.0.2.12', 'on the IP');
    const line14 = on(report.findings, 14).filter((f) => f.code === 'dns-ptr-mismatch');
    assert.match(line14[0].message, /192\.0\.2\.13 has no PTR record/);
    assert.match(line14[1].message, /mta4\.example\.com resolves to 192\.0\.2\.99, not back to 192\.0\.2\.13/);
    assert.equal(CONFIG.split('\n')[13].slice(line14[1].start, line14[1].end), 'mta4.example.com', 'forward problem on the host name');
    assert.deepEqual(on(report.findings, 2), [], 'matching PTR and A: silent');
    assert.deepEqual(on(report.findings, 5), []);
  });

  it('DKIM: matching RSA (split strings) and Ed25519 records pass; different key, missing and revoked records fail', async () => {
    const { report } = await run(CONFIG);
    for (const line of [3, 6, 7, 19]) assert.deepEqual(on(report.findings, line), [], `line ${line}`);
    assert.match(on(report.findings, 11)[0].message, /s2\._domainkey\.example\.net does not match .*wrong\.pem: its p= is a different public key/);
    assert.match(on(report.findings, 15)[0].message, /No DKIM record at s3\._domainkey\.example\.org/);
    assert.match(on(report.findings, 20)[0].message, /empty p= revokes the key/);
    const data = on(report.findings, 15)[0].data as any;
    assert.equal(data.record.name, 's3._domainkey.example.org', 'the finding carries the record to publish');
    assert.ok(data.record.value.endsWith(env.fx.keys.good.p));
  });

  it('SPF (mailauth): ip4 pass, include: pass, -all fail, ~all softfail, no policy', async () => {
    const { report } = await run(CONFIG);
    const spf = report.findings.filter((f) => f.code === 'dns-spf-fail');
    assert.equal(spf.length, 3);
    assert.equal(on(spf, 18).every((f) => f.severity === 'information'), true, 'softfail and no policy are information');
    const fail = on(spf, 14)[0];
    assert.equal(fail.severity, undefined, "a hard fail keeps the code's default (warning)");
    assert.match(fail.message, /SPF policy of example\.org does not authorise 192\.0\.2\.13 \(used by <virtual-mta noptr>\) \(policy: v=spf1 ip4:192\.0\.2\.10 -all\)/);
    const soft = on(spf, 18).map((f) => f.message);
    assert.ok(soft.some((m) => /soft\.example\.com .*result: softfail/.test(m)), soft.join('\n'));
    assert.ok(soft.some((m) => /nospf\.example\.com publishes no SPF policy/.test(m)), soft.join('\n'));
    assert.deepEqual(on(spf, 10), [], 'example.net authorises .12 through include:_spf.example.org');
  });

  it('unreachable server: every check reports dns-lookup-failed and one notice says why, at once', async () => {
    const t = Date.now();
    const { report, client } = await run(CONFIG, '127.0.0.1:9');
    assert.ok(report.findings.length > 0);
    assert.deepEqual([...new Set(report.findings.map((f) => f.code))], ['dns-lookup-failed']);
    assert.match(report.findings[0].message, /DNS server 127\.0\.0\.1:9 did not answer \(connection refused\)|127\.0\.0\.1:9: connection refused/);
    assert.equal(report.notices.length, 1);
    assert.match(report.notices[0], /DNS server 127\.0\.0\.1:9 did not answer \(connection refused\); \d+ further lookup\(s\) were skipped/);
    assert.ok(client.skipped > 0, 'later lookups were not sent');
    assert.ok(Date.now() - t < 2000, `took ${Date.now() - t} ms`);
  });

  it('silent server: lookups time out within the bound and the notice says so', async () => {
    const silent = await startSilentServer();
    try {
      const t = Date.now();
      const { report, client } = await run(CONFIG, silent.address, 300);
      const ms = Date.now() - t;
      assert.equal(client.downReason, 'timed out');
      assert.match(report.notices[0], /did not answer \(timed out\)/);
      assert.deepEqual([...new Set(report.findings.map((f) => f.code))], ['dns-lookup-failed']);
      // 4 queries in flight time out together; the rest are skipped: far below one timeout per lookup.
      assert.ok(ms < 300 * 6, `took ${ms} ms`);
    } finally {
      await silent.stop();
    }
  });

  it('parses server addresses and reverse names', () => {
    assert.equal(parseDnsServer('127.0.0.1:5353'), '127.0.0.1:5353');
    assert.equal(parseDnsServer('192.0.2.1'), '192.0.2.1:53');
    assert.equal(parseDnsServer('[::1]:5353'), '[::1]:5353');
    assert.equal(parseDnsServer('::1'), '[::1]:53');
    assert.throws(() => parseDnsServer('dns.example.com:53'), /not an IP address/);
    assert.throws(() => parseDnsServer('127.0.0.1:99999'), /out of range/);
    assert.equal(reverseName('192.0.2.10'), '10.2.0.192.in-addr.arpa');
    assert.equal(reverseName('2001:db8::1'), `1.${'0.'.repeat(23)}8.b.d.0.1.0.0.2.ip6.arpa`);
  });
});
