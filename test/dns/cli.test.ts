import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../dkimKeys';
import { EXPECTED, useDnsFixture } from './fixture';

const CLI = join(__dirname, '..', '..', 'server', 'out', 'cli.js');

const env = useDnsFixture('pmta-dns-cli-');

function cli(args: string[], cwd = env.fx.dir): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const t = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - t }));
  });
}
const brief = (json: string) =>
  (JSON.parse(json) as any[])
    .filter((f) => f.code.startsWith('dns-'))
    .map((f) => `${f.line}:${f.code}:${f.severity}`)
    .sort();

describe('pmta-lint --dns (built CLI, real DNS server)', () => {
  it('reports the DNS findings in JSON and exits 1 on error-level ones', async () => {
    const r = await cli(['--dns', '--dns-server', env.dns.address, '--format', 'json', 'config']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(brief(r.stdout), [...EXPECTED].sort());
    assert.match(r.stderr, /not checked in DNS: line 23: 10\.1\.2\.3 is a private address/);
  });

  it('--dns-server alone implies --dns; text output names codes and lines', async () => {
    const r = await cli(['--dns-server', env.dns.address, '--no-color', 'config']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /config:11:\d+: error dns-dkim-mismatch: The DKIM record at s2\._domainkey\.example\.net does not match/);
    assert.match(r.stdout, /config:14:\d+: warning dns-spf-fail: The SPF policy of example\.org does not authorise 192\.0\.2\.13/);
  });

  it('without --dns makes no DNS lookups but still checks the key files', async () => {
    const dir = tempDir('pmta-dns-cli-keys-');
    try {
      writeFileSync(join(dir, 'config'), 'domain-key s1, example.com, missing.pem\n');
      const r = await cli(['--format', 'json', 'config'], dir);
      assert.equal(r.code, 1);
      const findings = JSON.parse(r.stdout) as any[];
      assert.deepEqual(findings.map((f) => `${f.line}:${f.code}`), ['1:dkim-key-missing']);
      assert.equal(r.stderr, '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const clean = await cli(['--format', 'json', 'config']);
    const external = (JSON.parse(clean.stdout) as any[]).filter((f) => /^(dns|dkim)-/.test(f.code));
    assert.deepEqual(external, [], 'the fixture keys are fine and no DNS finding appears without --dns');
    assert.equal(clean.code, 0);
  });

  it('an unreachable DNS server gives a notice and lookup warnings, promptly', async () => {
    const r = await cli(['--dns', '--dns-server', '127.0.0.1:9', '--format', 'json', 'config']);
    assert.match(r.stderr, /pmta-lint: config: DNS server 127\.0\.0\.1:9 did not answer \(connection refused\)/);
    const codes = new Set((JSON.parse(r.stdout) as any[]).map((f) => f.code).filter((c: string) => /^(dns|dkim)-/.test(c)));
    assert.deepEqual([...codes], ['dns-lookup-failed']);
    assert.equal(r.code, 0, 'lookup failures are warnings');
    assert.ok(r.ms < 5000, `took ${r.ms} ms`);
  });

  it('rejects a malformed --dns-server with exit 2', async () => {
    const r = await cli(['--dns-server', 'ns.example.com', 'config']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--dns-server: 'ns\.example\.com' is not an IP address/);
  });
});
