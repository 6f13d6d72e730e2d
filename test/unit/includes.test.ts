import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Analyzer } from '../../server/src/analysis/analyzer';
import { analyzeConfig } from '../../server/src/analysis/includes/analyzeConfig';
import { DEFAULT_LIMITS, compareOrder } from '../../server/src/analysis/includes/configSet';
import { compareLoad } from '../../server/src/analysis/rules/configIndex';
import type { RuleContext } from '../../server/src/analysis/rules/context';
import fc from 'fast-check';
import { defaultSeverity } from '../../server/src/analysis/codes';
import { nodeHost } from '../../server/src/nodeHost';
import { analyze, catalog } from '../helpers';
import { memoryHost } from '../memoryHost';
import { PmtaDocument } from '../../server/src/syntax/document';

function run(files: Record<string, string>, root = '/srv/pmta/config', links: Record<string, string> = {}) {
  const host = memoryHost(files, links);
  const result = analyzeConfig(root, { host, analyzer: new Analyzer(catalog) })!;
  const codes = (path: string) => (result.analyses.get(path)?.findings ?? []).map((f) => `${f.line + 1}:${f.code}`);
  return { ...result, codes };
}

/**
 * A configuration edited as the server edits it: one model per file kept across analyses, and one
 * analyzer. `codes(path)` analyses the set from its main file and gives that file's finding codes.
 */
function editedSet(files: Record<string, string>) {
  const analyzer = new Analyzer(catalog);
  const docs = new Map(Object.entries(files).map(([p, text]) => [p, new PmtaDocument(text, (n) => catalog.regexArgIndex(n))]));
  const codes = (path: string) => analyzeConfig('/srv/pmta/config', { host: memoryHost(files), analyzer, models: (p) => docs.get(p) })!.analyses.get(path)!.findings.map((f) => f.code);
  return { doc: (path: string) => docs.get(path)!, codes };
}

/** Every file's findings of a run as `file:line:code`. */
const all = (r: ReturnType<typeof run>) => [...r.analyses.keys()].flatMap((p) => r.codes(p).map((c) => `${p.split('/').pop()}:${c}`));
/** The message of a file's first finding of a code. */
const message = (r: ReturnType<typeof run>, file: string, code: string) => r.analyses.get(`/srv/pmta/${file}`)!.findings.find((f) => f.code === code)!.message;

describe('includes', () => {
  it('follows absolute includes through the /etc/pmta mapping and resolves names across files', () => {
    const r = run({
      '/srv/pmta/config': 'include /etc/pmta/conf.d/vmtas.conf\n<virtual-mta-pool pool>\n  virtual-mta v1\n</virtual-mta-pool>\n',
      '/srv/pmta/conf.d/vmtas.conf': '<virtual-mta v1>\n  smtp-source-host 203.0.113.5 mta1.example.com\n</virtual-mta>\n',
    });
    assert.deepEqual([...r.analyses.keys()], ['/srv/pmta/config', '/srv/pmta/conf.d/vmtas.conf']);
    assert.deepEqual(r.codes('/srv/pmta/config'), []);
    assert.deepEqual(r.codes('/srv/pmta/conf.d/vmtas.conf'), []);
  });

  it('resolves relative includes against the including file and expands wildcards', () => {
    const r = run({
      '/srv/pmta/config': 'include conf.d/*.conf\n<domain *>\n  smtp-pattern-list backoff\n</domain>\n',
      '/srv/pmta/conf.d/a.conf': 'domain-macro big gmail.com, yahoo.com\n',
      '/srv/pmta/conf.d/b.conf': '<smtp-pattern-list backoff>\n  reply /421/ mode=backoff,backoff-to-normal-after=1h\n</smtp-pattern-list>\n<domain $big>\n</domain>\n',
    });
    assert.equal(r.set.files.length, 3);
    for (const f of r.set.files) assert.deepEqual(r.codes(f.path), [], f.path);
  });

  it('reports a missing include, a remote include and a cycle on the include line, without hanging', () => {
    const r = run({
      '/srv/pmta/config': 'include missing.conf\ninclude https://config.example.com/x.conf\ninclude a.conf\n',
      '/srv/pmta/a.conf': 'include b.conf\n',
      '/srv/pmta/b.conf': 'include a.conf\ninclude config\n',
    });
    assert.deepEqual(r.codes('/srv/pmta/config'), ['1:include-not-found', '2:include-remote']);
    assert.deepEqual(r.codes('/srv/pmta/b.conf'), ['1:include-cycle', '2:include-cycle']);
    assert.equal(defaultSeverity('include-cycle'), 'error');
    assert.equal(defaultSeverity('include-not-found'), 'warning');
    assert.equal(defaultSeverity('include-remote'), 'information');
  });

  it('a folder whose files all include the folder: one cycle finding per include line, each directory read once', () => {
    const files: Record<string, string> = { '/srv/pmta/config': 'include conf.d/*.conf\n' };
    for (let i = 0; i < 40; i++) files[`/srv/pmta/conf.d/f${String(i).padStart(2, '0')}.conf`] = `include /etc/pmta/conf.d/*.conf\n<domain d${i}.example>\n  max-smtp-out 5\n</domain>\n`;
    const host = memoryHost(files);
    const calls = { glob: 0, realpath: 0 };
    const counting = {
      ...host,
      glob: (p: string, maxMs?: number) => (calls.glob++, host.glob(p, maxMs)),
      realpath: (p: string) => (calls.realpath++, host.realpath(p)),
    };
    const result = analyzeConfig('/srv/pmta/config', { host: counting, analyzer: new Analyzer(catalog) })!;
    assert.equal(result.set.files.length, 41);
    // Files are read in name order, each inside the one before: f00 closes 1 cycle (itself), f39 closes 40.
    const first = result.analyses.get('/srv/pmta/conf.d/f00.conf')!.findings;
    const last = result.analyses.get('/srv/pmta/conf.d/f39.conf')!.findings;
    assert.deepEqual(first.map((f) => f.code), ['include-cycle']);
    assert.match(first[0].message, /^Including `\/srv\/pmta\/conf\.d\/f00\.conf` here closes a cycle/);
    assert.deepEqual(last.map((f) => f.code), ['include-cycle']);
    assert.match(last[0].message, /^This include closes 40 cycles: `\/srv\/pmta\/conf\.d\/f00\.conf`, `[^`]+f01\.conf`, `[^`]+f02\.conf` and 37 more are already being read/);
    // The mapped pattern is tried as written first (/etc/pmta/conf.d/*.conf, no match) and then mapped: 3 globs in all, not 2 per file.
    assert.equal(calls.glob, 3);
    assert.ok(calls.realpath <= 41 + 1, `${calls.realpath} realpath calls`);
  });

  it('does not hang on a symlink loop and reports the cycle', () => {
    const r = run({ '/srv/pmta/config': 'include loop.conf\n', '/srv/pmta/real.conf': 'include loop.conf\n' }, '/srv/pmta/config', {
      '/srv/pmta/loop.conf': 'real.conf',
    });
    assert.deepEqual(r.codes('/srv/pmta/loop.conf'), ['1:include-cycle']);
  });

  it('parses an included file in the scope of the block around the include', () => {
    const r = run({
      '/srv/pmta/config': '<virtual-mta v1>\n  include /etc/pmta/dkim.txt\n</virtual-mta>\n<domain *>\n  include limits.txt\n</domain>\n',
      '/srv/pmta/dkim.txt': 'domain-key s1, example.com, /etc/pmta/s1.pem\nsmtp-source-host 203.0.113.5 mta1.example.com\n',
      '/srv/pmta/limits.txt': 'max-smtp-out 5\nmax-msg-rate 100/h\n',
    });
    assert.deepEqual(r.codes('/srv/pmta/dkim.txt'), []);
    assert.deepEqual(r.codes('/srv/pmta/limits.txt'), []);
    assert.equal(r.set.byPath.get('/srv/pmta/limits.txt')!.doc.stateBefore(0).frame?.tag, 'domain');
  });

  it('finds duplicate definitions across files and reports them in the later file', () => {
    const r = run({
      '/srv/pmta/config': '<virtual-mta v1>\n  smtp-source-host 203.0.113.5 mta1.example.com\n</virtual-mta>\ninclude more.conf\n',
      '/srv/pmta/more.conf': '<virtual-mta v1>\n  smtp-source-host 203.0.113.5 mta1.example.com\n</virtual-mta>\n',
    });
    assert.deepEqual(r.codes('/srv/pmta/config'), []);
    assert.deepEqual(r.codes('/srv/pmta/more.conf'), ['1:duplicate-definition']);
    assert.match(r.analyses.get('/srv/pmta/more.conf')!.findings[0].message, /config:1/);
  });

  it('wildcards share one time limit per load; a walk cut short is reported and what it found is checked', () => {
    const files = {
      '/srv/pmta/config': 'include /*/*/*/*/*.conf\ninclude conf.d/*.conf\n',
      '/srv/pmta/found.conf': 'max-smtp-ot 1\n',
      '/srv/pmta/conf.d/a.conf': 'max-smtp-out 1\n',
    };
    const host = memoryHost(files);
    const given: number[] = [];
    // The wide pattern uses up the time it is given and stops with one file found.
    const slow = {
      ...host,
      glob: (p: string, maxMs = Infinity) => {
        given.push(maxMs);
        if (!p.startsWith('/*')) return host.glob(p, maxMs);
        const until = performance.now() + maxMs;
        while (performance.now() < until);
        return { files: ['/srv/pmta/found.conf'], complete: false };
      },
    };
    const r = analyzeConfig('/srv/pmta/config', { host: slow, analyzer: new Analyzer(catalog), limits: { ...DEFAULT_LIMITS, maxGlobMs: 40 } })!;
    const root = r.analyses.get('/srv/pmta/config')!.findings;
    assert.deepEqual(root.map((f) => `${f.line + 1}:${f.code}`), ['1:include-limit', '2:include-limit']);
    assert.match(root[0].message, /^Stopped expanding `\/\*\/\*\/\*\/\*\/\*\.conf` after 0\.04 s \(1 matching files found by then, checked\): a wildcard this wide/);
    // The second pattern had no time left: it is reported too, not silently empty.
    assert.match(root[1].message, /^Stopped expanding `\/srv\/pmta\/conf\.d\/\*\.conf` after 0\.04 s: /);
    assert.ok(given[0] <= 40 && given[1] <= 1, `time given: ${given.join(', ')}`);
    assert.deepEqual(r.analyses.get('/srv/pmta/found.conf')!.findings.map((f) => f.code), ['unknown-directive']);
  });

  it('caps the number of files with a visible notice', () => {
    const files: Record<string, string> = { '/srv/pmta/config': 'include parts/*.conf\n' };
    for (let i = 0; i < 10; i++) files[`/srv/pmta/parts/p${i}.conf`] = `# part ${i}\n`;
    const host = memoryHost(files);
    const r = analyzeConfig('/srv/pmta/config', { host, analyzer: new Analyzer(catalog), limits: { ...DEFAULT_LIMITS, maxFiles: 4, maxFileBytes: 1e6, maxTotalBytes: 1e7 } })!;
    assert.equal(r.set.files.length, 4);
    assert.deepEqual(r.analyses.get('/srv/pmta/config')!.findings.map((f) => f.code), ['include-limit']);
  });
});

describe('the modular macrob configuration, laid out as its paths say', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmta-macrob-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const corpus = join(__dirname, '..', 'corpus', 'real');
  mkdirSync(join(dir, 'pmta', 'conf.d'), { recursive: true });
  writeFileSync(join(dir, 'pmta', 'config'), readFileSync(join(corpus, 'macrob__pmta-clibuild__pmta__config')));
  for (const name of ['bounce-category-patterns', 'domains', 'mailer-backoff-vmtas', 'mailer-main-vmtas', 'mx-rollup-list', 'smtp-pattern-list-blocking-errors', 'smtp-users', 'source', 'virtual-mta']) {
    writeFileSync(join(dir, 'pmta', 'conf.d', `${name}.conf`), readFileSync(join(corpus, `macrob__pmta-clibuild__pmta__conf.d__${name}.conf`)));
  }

  it('resolves every cross-file reference', () => {
    const r = analyzeConfig(join(dir, 'pmta', 'config'), { host: nodeHost, analyzer: new Analyzer(catalog) })!;
    const files = r.set.files.map((f) => f.path.slice(dir.length + 1));
    assert.ok(files.includes('pmta/conf.d/virtual-mta.conf'));
    assert.ok(files.includes('pmta/conf.d/domains.conf'));
    assert.ok(!files.includes('pmta/conf.d/source.conf'), 'source.conf is commented out in the main file');
    const unresolved = [...r.analyses].flatMap(([path, a]) => a.findings.filter((f) => f.code === 'undefined-reference').map((f) => `${path}:${f.line + 1} ${f.message}`));
    assert.deepEqual(unresolved, []);
    const missing = [...r.analyses.values()].flatMap((a) => a.findings.filter((f) => f.code === 'include-not-found').map((f) => a.doc.info(f.line).words[0].text));
    assert.deepEqual([...new Set(missing)], ['/etc/pmta/dkimlist.txt'], 'only the DKIM list, which is not in the corpus, is missing');
  });
});

describe('required settings across included files', () => {
  it('counts a log-file set in an included file, and reports a missing one on the main file only', () => {
    const withLog = run({
      '/srv/pmta/config': 'include globals.conf\npostmaster ops@example.com\n<spool /var/spool/pmta>\n</spool>\n',
      '/srv/pmta/globals.conf': 'log-file /var/log/pmta/log\n',
    });
    assert.deepEqual(withLog.codes('/srv/pmta/config'), []);
    const without = run({
      '/srv/pmta/config': 'include globals.conf\npostmaster ops@example.com\n<spool /var/spool/pmta>\n</spool>\n',
      '/srv/pmta/globals.conf': 'http-mgmt-port 8080\nhttp-access 127.0.0.1 admin\n',
    });
    assert.deepEqual(without.codes('/srv/pmta/config'), ['1:missing-log-file']);
    assert.deepEqual(without.codes('/srv/pmta/globals.conf'), []);
  });
});

describe('rules that judge a whole configuration, split over files', () => {
  const MAIN = (...lines: string[]) => ['log-file /var/log/pmta/log', 'postmaster ops@example.com', '<spool /var/spool/pmta>', '</spool>', ...lines, ''].join('\n');
  const KEY = 'domain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem';
  const SIGN = '<domain *>\n  dkim-sign yes\n</domain>\n';

  it('dkim-sign-without-key: signing in one file, keys in none or in another', () => {
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include domains.conf'), '/srv/pmta/domains.conf': SIGN })), ['domains.conf:2:dkim-sign-without-key']);
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include keys.conf', 'include domains.conf'), '/srv/pmta/keys.conf': KEY, '/srv/pmta/domains.conf': SIGN })), []);
  });

  it('dkim-keys-unused: keys in an included file and signing nowhere, reported once on the first key, naming a dkim-sign no in another file', () => {
    const keys = [KEY, 'domain-key s1,example.org,/etc/pmta/dkim/s1.example.org.pem'].join('\n');
    const r = run({ '/srv/pmta/config': MAIN('include keys.conf', 'include more-keys.conf', '<domain *>', '  dkim-sign no', '</domain>'), '/srv/pmta/keys.conf': keys, '/srv/pmta/more-keys.conf': KEY.replace('s1,', 's2,') });
    assert.deepEqual(all(r), ['keys.conf:1:dkim-keys-unused']);
    assert.match(r.analyses.get('/srv/pmta/keys.conf')!.findings[0].message, /^These 3 DKIM keys are never used: `dkim-sign` is set to `no` \(pmta\/config:8\)/);
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include keys.conf', 'include domains.conf'), '/srv/pmta/keys.conf': keys, '/srv/pmta/domains.conf': SIGN })), []);
  });

  it('dkim-keys-unused names the first dkim-sign line in load order, in an included file read before the main file\'s', () => {
    const r = run({ '/srv/pmta/config': MAIN('include keys.conf', '<domain *>', '  dkim-sign false', '</domain>'), '/srv/pmta/keys.conf': `${KEY}\n<domain example.com>\n  dkim-sign no\n</domain>\n` });
    assert.deepEqual(all(r), ['keys.conf:1:dkim-keys-unused']);
    assert.match(r.analyses.get('/srv/pmta/keys.conf')!.findings[0].message, /`dkim-sign` is set to `no` \(line 3\)/);
  });

  it('dkim-identity-no-key: keys (and their macros) from every file count', () => {
    const identity = '<domain *>\n  dkim-sign yes\n  dkim-identity @news.example.com\n</domain>\n';
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include keys.conf', 'include domains.conf'), '/srv/pmta/keys.conf': KEY.replace('example.org', 'x'), '/srv/pmta/domains.conf': identity })), []);
    const macro = run({ '/srv/pmta/config': MAIN('domain-macro ours example.com', 'include keys.conf', 'include domains.conf'), '/srv/pmta/keys.conf': 'domain-key s1,$ours,/etc/pmta/dkim/s1.pem', '/srv/pmta/domains.conf': identity });
    assert.deepEqual(all(macro), []);
    const other = run({ '/srv/pmta/config': MAIN('include keys.conf', 'include domains.conf'), '/srv/pmta/keys.conf': 'domain-key s1,example.org,/etc/pmta/dkim/s1.pem', '/srv/pmta/domains.conf': identity });
    assert.deepEqual(all(other), ['domains.conf:3:dkim-identity-no-key']);
  });

  it('cold-quota-without-cold-vmta, disabled-ip-never-reenabled and processor-results-not-recorded read the other files', () => {
    const quota = '<domain *>\n  max-cold-virtual-mta-msg 100/d\n</domain>\n';
    const cold = '<virtual-mta v1>\n  smtp-source-host 203.0.113.5 v1.example.com\n  cold-virtual-mta v2\n</virtual-mta>\n<virtual-mta v2>\n  smtp-source-host 203.0.113.6 v2.example.com\n</virtual-mta>\n';
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include quota.conf'), '/srv/pmta/quota.conf': quota })), ['quota.conf:2:cold-quota-without-cold-vmta']);
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include quota.conf', 'include vmtas.conf'), '/srv/pmta/quota.conf': quota, '/srv/pmta/vmtas.conf': cold })), []);

    const rules = '<smtp-pattern-list blocking>\n  reply /blocked/ disable-source-ip\n</smtp-pattern-list>\n';
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include patterns.conf', '<domain *>', '  smtp-pattern-list blocking', '</domain>'), '/srv/pmta/patterns.conf': rules })), ['patterns.conf:2:disabled-ip-never-reenabled']);
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include patterns.conf', '<domain *>', '  smtp-pattern-list blocking', '  reenable-source-ip-after 1h', '</domain>'), '/srv/pmta/patterns.conf': rules })), []);

    const processor = 'relay-domain bounces.example.com\n<bounce-processor>\n  <address-list>\n    domain bounces.example.com\n  </address-list>\n</bounce-processor>\n';
    const acct = (records: string) => `<acct-file /var/log/pmta/acct.csv>\n  records ${records}\n</acct-file>\n`;
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN(processor, 'include acct.conf'), '/srv/pmta/acct.conf': acct('d,b') })), ['config:6:processor-results-not-recorded']);
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN(processor, 'include acct.conf'), '/srv/pmta/acct.conf': acct('d,b,rb') })), []);
  });

  it('unused-pattern-list: a list in one file used by a <domain> of another; an edit that drops the use is seen', () => {
    const lists = '<smtp-pattern-list common-errors>\n  reply /too many errors/ mode=backoff\n</smtp-pattern-list>\n';
    const use = (name: string) => `<domain *>\n  smtp-pattern-list ${name}\n  backoff-to-normal-after 1h\n</domain>`;
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include lists.conf', use('common-errors')), '/srv/pmta/lists.conf': lists })), []);
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include lists.conf', '<domain *>', '  max-smtp-out 20', '</domain>'), '/srv/pmta/lists.conf': lists })), ['lists.conf:1:unused-pattern-list']);
    // An include that cannot be read could hold the use.
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include lists.conf', 'include /etc/pmta/domains.conf'), '/srv/pmta/lists.conf': lists })), ['config:6:include-not-found']);

    const set = editedSet({ '/srv/pmta/config': MAIN('include lists.conf', use('common-errors')), '/srv/pmta/lists.conf': lists });
    assert.deepEqual(set.codes('/srv/pmta/lists.conf'), []);
    set.doc('/srv/pmta/config').applyEdit({ startLine: 6, startCharacter: 20, endLine: 6, endCharacter: 33, text: 'other' });
    assert.deepEqual(set.codes('/srv/pmta/lists.conf'), ['unused-pattern-list']);
  });

  it('processor-domain-not-relayed: a relay-domain (or its macro) in any file accepts the domain; an edit there is seen', () => {
    const processor = '<bounce-processor>\n  <address-list>\n    domain $bounces\n  </address-list>\n</bounce-processor>\n';
    const macro = 'domain-macro bounces b1.example.com, b2.example.com\n';
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include relay.conf', processor), '/srv/pmta/relay.conf': macro })), ['config:8:processor-domain-not-relayed']);
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include relay.conf', processor), '/srv/pmta/relay.conf': macro + 'relay-domain $bounces\n' })), []);
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include relay.conf', processor), '/srv/pmta/relay.conf': macro + 'relay-domain [*.]example.com\n' })), []);
    // An include that cannot be read could hold the relay-domain.
    assert.deepEqual(all(run({ '/srv/pmta/config': MAIN('include relay.conf', 'include /etc/pmta/more.conf', processor), '/srv/pmta/relay.conf': macro })), ['config:6:include-not-found']);

    const set = editedSet({ '/srv/pmta/config': MAIN('include relay.conf', processor), '/srv/pmta/relay.conf': macro + 'relay-domain b1.example.com\n' });
    assert.deepEqual(set.codes('/srv/pmta/config'), ['processor-domain-not-relayed']);
    set.doc('/srv/pmta/relay.conf').applyEdit({ startLine: 1, startCharacter: 13, endLine: 1, endCharacter: 27, text: '[*.]example.com' });
    assert.deepEqual(set.codes('/srv/pmta/config'), []);
  });

  it('a missing file included inside a block cannot hold log-file: the main file is still checked for it, not for keys', () => {
    const r = run({ '/srv/pmta/config': MAIN('<virtual-mta v>', '  smtp-source-host 203.0.113.5 v.example.com', '  include /etc/pmta/dkim.list', '</virtual-mta>', '<domain *>', '  dkim-sign yes', '</domain>').replace('log-file /var/log/pmta/log\n', '') });
    assert.deepEqual(all(r), ['config:1:missing-log-file', 'config:6:include-not-found']);
  });

  it('an undefined name is a warning, saying why, when an included file could not be read: it could be defined there', () => {
    const vmtas = '<virtual-mta v1>\n  smtp-source-host 203.0.113.5 v1.example.com\n</virtual-mta>\n';
    const uses = MAIN('include vmtas.conf', 'include /etc/pmta/pools.conf', '<source 10.0.0.0/8>', '  default-virtual-mta pool1', '</source>');
    const r = run({ '/srv/pmta/config': uses, '/srv/pmta/vmtas.conf': vmtas });
    assert.deepEqual(all(r), ['config:6:include-not-found', 'config:8:undefined-reference']);
    const f = r.analyses.get('/srv/pmta/config')!.findings.find((x) => x.code === 'undefined-reference')!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^No <virtual-mta> or <virtual-mta-pool> named `pool1` is defined in what was read\. Some files this configuration includes could not be read/);
    // With every included file read, it is an error again.
    const whole = run({ '/srv/pmta/config': uses.replace('include /etc/pmta/pools.conf', ''), '/srv/pmta/vmtas.conf': vmtas });
    const g = whole.analyses.get('/srv/pmta/config')!.findings.find((x) => x.code === 'undefined-reference')!;
    assert.equal(g.severity, undefined);
    assert.equal(g.message, 'No <virtual-mta> or <virtual-mta-pool> named `pool1` is defined.');
  });

  it('judge nothing when an included file could not be read: the setting could be in it', () => {
    const r = run({ '/srv/pmta/config': MAIN('include domains.conf', 'include /etc/pmta/keys.conf').replace('log-file /var/log/pmta/log\n', ''), '/srv/pmta/domains.conf': SIGN });
    assert.deepEqual(all(r), ['config:5:include-not-found']);
  });

  it('an edit of one file reaches what the rules of another judged with it', () => {
    const files: Record<string, string> = { '/srv/pmta/config': MAIN('include keys.conf', 'include domains.conf'), '/srv/pmta/keys.conf': KEY, '/srv/pmta/domains.conf': '<domain *>\n  dkim-sign no\n</domain>\n' };
    const set = editedSet(files);
    const domains = set.doc('/srv/pmta/domains.conf');
    const keysCodes = () => set.codes('/srv/pmta/keys.conf');
    assert.deepEqual(keysCodes(), ['dkim-keys-unused']);
    domains.applyEdit({ startLine: 1, startCharacter: 12, endLine: 1, endCharacter: 14, text: 'yes' });
    assert.deepEqual(keysCodes(), []);
  });
});

describe('the top levels of a configuration\'s files read as one', () => {
  it('a one-value directive or a keyed block set in two files is a duplicate in the file read later, once', () => {
    const r = run({
      '/srv/pmta/config': 'total-max-smtp-out 100\ninclude globals.conf\n<domain gmail.com>\n  max-smtp-out 10\n</domain>\ntotal-max-smtp-out 300\n',
      '/srv/pmta/globals.conf': 'total-max-smtp-out 200\n<domain GMAIL.com>\n  max-smtp-out 20\n</domain>\n',
    });
    // config:6 repeats config:1 in its own file (the file's rule reports it); globals.conf:1 repeats it across files.
    assert.deepEqual(all(r), ['config:3:duplicate-block', 'config:6:duplicate-directive', 'globals.conf:1:duplicate-directive']);
    assert.match(message(r, 'globals.conf', 'duplicate-directive'), /^`total-max-smtp-out` is already set at the top level on pmta\/config:1, which PowerMTA reads first/);
    assert.match(message(r, 'config', 'duplicate-block'), /^`<domain gmail.com>` already appears at the top level on pmta\/globals.conf:2, which PowerMTA reads first/);
  });

  it('a file included inside a block takes no part', () => {
    const r = run({ '/srv/pmta/config': '<domain gmail.com>\n</domain>\n<virtual-mta v>\n  smtp-source-host 203.0.113.5 v.example.com\n  include d.conf\n</virtual-mta>\n', '/srv/pmta/d.conf': '<domain gmail.com>\n</domain>\n' });
    assert.deepEqual(all(r), []);
  });

  it('an http-access line covered by a line of a file read earlier never applies', () => {
    const r = run({ '/srv/pmta/config': 'http-access 10.0.0.0/8 monitor\ninclude http.conf\n', '/srv/pmta/http.conf': 'http-access 10.1.2.3 monitor\nhttp-access 10.2.0.0/16 none\n' });
    assert.deepEqual(all(r), ['http.conf:1:shadowed-http-access', 'http.conf:2:shadowed-http-access']);
    assert.match(message(r, 'http.conf', 'shadowed-http-access'), /pmta\/config:1 \(`http-access 10.0.0.0\/8 monitor`\) already matches every address in 10.1.2.3/);
    assert.match(r.analyses.get('/srv/pmta/http.conf')!.findings[1].message, /pmta\/config:1 \(`http-access 10.0.0.0\/8 monitor`\) comes first and matches all of these addresses/);
    // No fix moves a line into another file.
    assert.equal(r.analyses.get('/srv/pmta/http.conf')!.findings[1].data, undefined);
  });

  it('top-level domain keys: a wildcard read before specific keys of another file, a selector given another key file', () => {
    const r = run({
      '/srv/pmta/config': 'domain-key s1,*,/etc/pmta/dkim/default.pem\ninclude dkim.conf\n',
      '/srv/pmta/dkim.conf': 'domain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem\ndomain-key s2,example.org,/etc/pmta/dkim/s2.example.org.pem\n',
    });
    assert.deepEqual(all(r), ['config:1:dkim-wildcard-key-first']);
    assert.match(message(r, 'config', 'dkim-wildcard-key-first'), /before 2 specific keys of another file that it also matches \(pmta\/dkim.conf:1, pmta\/dkim.conf:2\)/);
    const parent = run({ '/srv/pmta/config': 'domain-key s1,example.com,/etc/pmta/dkim/apex.pem\ninclude dkim.conf\n', '/srv/pmta/dkim.conf': 'domain-key s2,news.example.com,/etc/pmta/dkim/news.pem\ndomain-key s2,example.org,/etc/pmta/dkim/org.pem\n' });
    assert.deepEqual(all(parent), ['config:1:dkim-wildcard-key-first']);
    assert.match(message(parent, 'config', 'dkim-wildcard-key-first'), /^The key for `example.com` is read before a key for a subdomain of another file \(pmta\/dkim.conf:1\)\. PowerMTA takes the first key whose domain equals the sending domain or is a parent of it/);
    const dup = run({ '/srv/pmta/config': 'domain-key s1,example.com,/k/old.pem\ninclude dkim.conf\n', '/srv/pmta/dkim.conf': 'domain-key s1,example.com,/k/new.pem\n' });
    assert.deepEqual(all(dup), ['dkim.conf:1:duplicate-domain-key']);
  });

  it('duplicate-domain-key in a block with files read into it: each key compared with the first of its pair where PowerMTA reads the block, as in one file', () => {
    const A = 'domain-key s1,example.com,/k/a.pem';
    const B = 'domain-key s1,example.com,/k/b.pem';
    const vmta = (name: string, ...lines: string[]) => [`<virtual-mta ${name}>`, '  smtp-source-host 203.0.113.5 a.example.com', ...lines.map((l) => `  ${l}`), '</virtual-mta>', ''].join('\n');
    const dups = (files: Record<string, string>) => all(run(files)).filter((c) => c.endsWith('duplicate-domain-key'));
    // The included file's key is the first: the block's later key with its file is no repeat.
    assert.deepEqual(dups({ '/srv/pmta/config': vmta('v', 'include part.conf', B, A), '/srv/pmta/part.conf': A }), ['config:4:duplicate-domain-key']);
    // The block's key is the first: the included file's later key with its file is no repeat.
    assert.deepEqual(dups({ '/srv/pmta/config': vmta('v', A, 'include part.conf'), '/srv/pmta/part.conf': `${B}\n${A}\n` }), ['part.conf:1:duplicate-domain-key']);
    assert.deepEqual(dups({ '/srv/pmta/config': vmta('v', B, 'include part.conf'), '/srv/pmta/part.conf': A }), ['part.conf:1:duplicate-domain-key']);
    // A file read into two blocks: a repeat in one of them.
    assert.deepEqual(dups({ '/srv/pmta/config': vmta('v1', A, 'include part.conf') + vmta('v2', B, 'include part.conf'), '/srv/pmta/part.conf': A }), ['part.conf:1:duplicate-domain-key']);
  });

  it('a source IP announced under another name, or a name used for another IP, in a file read earlier', () => {
    const vmta = (name: string, ip: string, host: string) => `<virtual-mta ${name}>\n  smtp-source-host ${ip} ${host}\n</virtual-mta>\n`;
    const r = run({ '/srv/pmta/config': vmta('a', '203.0.113.5', 'a.example.com') + 'include more.conf\n', '/srv/pmta/more.conf': vmta('b', '203.0.113.5', 'b.example.com') + vmta('c', '203.0.113.6', 'a.example.com') });
    assert.deepEqual(all(r), ['more.conf:2:ip-hostname-conflict', 'more.conf:5:hostname-on-many-ips']);
    assert.match(message(r, 'more.conf', 'ip-hostname-conflict'), /but as `a.example.com` in `<virtual-mta a>` \(pmta\/config:2\)/);
  });

  it('an <smtp-user> with the password of a user of another file; a failure limit set for a source in another file', () => {
    const user = (name: string, pw: string) => `<smtp-user ${name}>\n  password ${pw}\n</smtp-user>\n`;
    const r = run({ '/srv/pmta/config': user('app1', 'Xk9vQ2-Lm4x-Zp8w') + 'include users.conf\n', '/srv/pmta/users.conf': user('app2', 'Xk9vQ2-Lm4x-Zp8w') });
    assert.deepEqual(all(r), ['users.conf:2:shared-password']);
    assert.match(message(r, 'users.conf', 'shared-password'), /same password as `app1` \(pmta\/config:2\)/);
    assert.doesNotMatch(message(r, 'users.conf', 'shared-password'), /Xk9v/);
    const sources = { '/srv/pmta/config': '<source 0/0>\n  smtp-max-auth-failure-rate 5/m\n</source>\ninclude auth.conf\n', '/srv/pmta/auth.conf': '<source 10.0.0.0/8>\n  require-auth true\n</source>\n' };
    assert.deepEqual(all(run(sources)), []);
    assert.deepEqual(all(run({ ...sources, '/srv/pmta/config': 'include auth.conf\n' })), ['auth.conf:2:auth-without-failure-limit']);
  });

  it('process-wide settings of another file count: run-as-root, http-redirect-to-https, listeners, the dummy listener', () => {
    const main = (...lines: string[]) => ['log-file /var/log/pmta/log', 'postmaster ops@example.com', '<spool /var/spool/pmta>', '</spool>', ...lines, ''].join('\n');
    // run-as-root no in the main file: the console opened in http.conf is no longer reported as run by root.
    assert.deepEqual(all(run({ '/srv/pmta/config': main('run-as-root no', 'include http.conf'), '/srv/pmta/http.conf': 'http-access 10.0.0.0/8 admin\n' })), []);
    const root = run({ '/srv/pmta/config': main('include http.conf'), '/srv/pmta/http.conf': 'run-as-root yes\nhttp-access 10.0.0.0/8 admin\nhttp-redirect-to-https false\n' });
    assert.deepEqual(all(root), ['http.conf:2:root-with-remote-http', 'http.conf:3:plaintext-http-management']);
    const plain = run({ '/srv/pmta/config': main('http-redirect-to-https false', 'include http.conf'), '/srv/pmta/http.conf': 'run-as-root no\nhttp-access 10.0.0.0/8 monitor\n' });
    assert.deepEqual(all(plain), ['config:5:plaintext-http-management']);
    assert.match(message(plain, 'config', 'plaintext-http-management'), /yet `http-access` on pmta\/http.conf:2 lets other hosts in/);

    const keys = run({ '/srv/pmta/config': main('run-as-root no', 'include dkim.conf', '<domain *>', '  dkim-sign yes', '</domain>'), '/srv/pmta/dkim.conf': 'domain-key s1,example.com,/root/dkim/s1.pem\n' });
    assert.deepEqual(all(keys), ['dkim.conf:1:dkim-key-unreadable']);
    assert.match(message(keys, 'dkim.conf', 'dkim-key-unreadable'), /`run-as-root no` \(pmta\/config:5\)/);

    const vmtas = '<virtual-mta v1>\n  smtp-source-host 198.51.100.20 v1.example.com\n</virtual-mta>\n<domain loop.example>\n  smtp-hosts [192.0.2.10]:25\n</domain>\n';
    assert.deepEqual(all(run({ '/srv/pmta/config': main('smtp-listener 192.0.2.10:25', 'include vmtas.conf'), '/srv/pmta/vmtas.conf': vmtas })), ['vmtas.conf:2:source-ip-outside-listeners', 'vmtas.conf:5:smtp-hosts-loop']);
    assert.deepEqual(all(run({ '/srv/pmta/config': main('smtp-listener 192.0.2.10:25', 'dummy-smtp-ip 192.0.2.10', 'dummy-smtp-port 25', 'include vmtas.conf'), '/srv/pmta/vmtas.conf': vmtas })), ['vmtas.conf:2:source-ip-outside-listeners']);
  });
});

describe('queues and pattern lists in different files', () => {
  const list = '<smtp-pattern-list throttling>\n  reply /too many connections/ mode=backoff\n</smtp-pattern-list>\n';
  it('a pattern list of another file that puts a queue into backoff for good is found', () => {
    const r = run({ '/srv/pmta/config': 'include lists.conf\n<domain gmail.com>\n  smtp-pattern-list throttling\n</domain>\n', '/srv/pmta/lists.conf': list });
    assert.deepEqual(all(r), ['config:3:backoff-never-returns']);
    assert.match(message(r, 'config', 'backoff-never-returns'), /\(rule on pmta\/lists.conf:2\)/);
  });
  it('a top-level <domain> of another file that brings the queue back keeps it from being reported; one that does not, does not', () => {
    const r = run({ '/srv/pmta/config': list + 'include defaults.conf\n<domain gmail.com>\n  smtp-pattern-list throttling\n</domain>\n', '/srv/pmta/defaults.conf': '<domain *>\n  backoff-to-normal-after 1h\n</domain>\n' });
    assert.deepEqual(all(r), []);
    // A top-level <domain> of another file for an unrelated name, or setting something else, changes nothing.
    const other = run({ '/srv/pmta/config': list + 'include defaults.conf\n<domain gmail.com>\n  smtp-pattern-list throttling\n</domain>\n', '/srv/pmta/defaults.conf': '<domain yahoo.com>\n  backoff-to-normal-after 1h\n</domain>\n<domain *>\n  max-smtp-out 20\n</domain>\n' });
    assert.deepEqual(all(other), ['config:6:backoff-never-returns']);
  });
});

describe('what a single file gets that the soak of the split property found missing in a split one', () => {
  it('a catch-all reply rule alone in its file, in a list that other rules join in another file', () => {
    const rule = 'reply // bounce-queue\n';
    // The first rule of the list moved into a file included inside it: both `//` are reported, as in one file.
    const r = run({ '/srv/pmta/config': `<smtp-pattern-list p>\n  include part.conf\n  ${rule}</smtp-pattern-list>\n`, '/srv/pmta/part.conf': rule });
    assert.deepEqual(all(r).filter((c) => c.endsWith('broad-reply-pattern')), ['config:3:broad-reply-pattern', 'part.conf:1:broad-reply-pattern']);
    assert.match(message(r, 'part.conf', 'broad-reply-pattern'), /every reply, and where a rule after it asks for something else, the first match wins/);
    assert.match(message(r, 'config', 'broad-reply-pattern'), /every reply the rules above did not catch/);
    // Two top-level lists of one name in two files are one list too.
    const lists = run({ '/srv/pmta/config': `include lists.conf\n<smtp-pattern-list p>\n  reply /too many/ mode=backoff\n</smtp-pattern-list>\n`, '/srv/pmta/lists.conf': `<smtp-pattern-list p>\n  ${rule}</smtp-pattern-list>\n` });
    assert.deepEqual(all(lists).filter((c) => c.endsWith('broad-reply-pattern')), ['lists.conf:2:broad-reply-pattern']);
    // A list whose only rule is the catch-all, across all its files, is a dedicated list: left alone.
    const alone = run({ '/srv/pmta/config': `<smtp-pattern-list p>\n  include part.conf\n</smtp-pattern-list>\n`, '/srv/pmta/part.conf': rule });
    assert.deepEqual(all(alone).filter((c) => c.endsWith('broad-reply-pattern')), []);
  });

  it('a reply pattern already in a pattern list of the same name in a file read earlier', () => {
    const list = (rule: string) => `<smtp-pattern-list throttling>\n  ${rule}\n</smtp-pattern-list>\n`;
    const r = run({ '/srv/pmta/config': 'include lists.conf\n' + list('reply /deferred/ mode=backoff,backoff-to-normal-after=1h'), '/srv/pmta/lists.conf': list('reply /Deferred/ mode=backoff,backoff-to-normal-after=1h') });
    assert.deepEqual(all(r), ['config:2:duplicate-definition', 'config:3:duplicate-reply-pattern']);
    assert.match(message(r, 'config', 'duplicate-reply-pattern'), /already appears in `<smtp-pattern-list throttling>` on pmta\/lists.conf:2, which PowerMTA reads first/);
    // Lists of another name are not joined.
    assert.deepEqual(all(run({ '/srv/pmta/config': 'include lists.conf\n' + list('reply /deferred/ mode=backoff,backoff-to-normal-after=1h').replace('throttling', 'other'), '/srv/pmta/lists.conf': list('reply /deferred/ mode=backoff,backoff-to-normal-after=1h') })), []);
  });

  it('a failure limit in a file included inside another block for the same sources counts', () => {
    const r = run({ '/srv/pmta/config': '<source 0/0>\n  require-auth true\n</source>\n<source 0/0>\n  include limits.conf\n</source>\n', '/srv/pmta/limits.conf': 'smtp-max-auth-failure-rate 5/m\n' });
    assert.deepEqual(all(r).filter((c) => c.includes('auth-without')), []);
    const unlimited = run({ '/srv/pmta/config': '<source 0/0>\n  require-auth true\n</source>\n<source 0/0>\n  include limits.conf\n</source>\n', '/srv/pmta/limits.conf': 'smtp-max-auth-failure-rate unlimited\n' });
    assert.deepEqual(all(unlimited).filter((c) => c.includes('auth-without')), ['config:2:auth-without-failure-limit']);
  });

  it('a name written in another case points at the definition PowerMTA reads first', () => {
    const vmta = '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n';
    const r = run({ '/srv/pmta/config': 'include vmtas.conf\n' + vmta + '<virtual-mta-pool pool1>\n  virtual-mta MTA1\n</virtual-mta-pool>\n', '/srv/pmta/vmtas.conf': vmta });
    assert.match(message(r, 'config', 'reference-case-mismatch'), /differs only in case from `mta1` \(pmta\/vmtas.conf:1\)/);
  });
});

describe('<domain> inheritance across the files of a configuration', () => {
  const main = (...lines: string[]) => ['log-file /var/log/pmta/log', 'postmaster ops@example.com', '<spool /var/spool/pmta>', '</spool>', ...lines, ''].join('\n');
  const schedule = '<domain gmail.com>\n  retry-after 1h,2h,4h,8h,16h,32h,64h,96h\n</domain>\n';
  it('a bounce-after set for every queue in the main file is the one a queue of a domains file is judged by', () => {
    // 127 hours pass before the last entry: past the default 4d12h lifetime, not past 10d.
    const alone = run({ '/srv/pmta/config': main('include domains.conf'), '/srv/pmta/domains.conf': schedule });
    assert.deepEqual(all(alone), ['domains.conf:2:retry-beyond-bounce-after']);
    const longer = run({ '/srv/pmta/config': main('<domain *>', '  bounce-after 10d', '</domain>', 'include domains.conf'), '/srv/pmta/domains.conf': schedule });
    assert.deepEqual(all(longer).filter((c) => c.includes('retry-beyond')), []);
    // Also when the main file names the wildcard after the include line: the lookup is by name, not by order.
    const after = run({ '/srv/pmta/config': main('include domains.conf', '<domain *>', '  bounce-after 10d', '</domain>'), '/srv/pmta/domains.conf': schedule });
    assert.deepEqual(all(after).filter((c) => c.includes('retry-beyond')), []);
    const shorter = run({ '/srv/pmta/config': main('<domain *>', '  bounce-after 30m', '</domain>', 'include domains.conf'), '/srv/pmta/domains.conf': schedule });
    assert.deepEqual(all(shorter), ['domains.conf:2:retry-beyond-bounce-after']);
    assert.match(message(shorter, 'domains.conf', 'retry-beyond-bounce-after'), /not shorter than `bounce-after 30m`/);
  });

  it('require-starttls in one file and use-starttls no for every queue in another contradict', () => {
    const r = run({ '/srv/pmta/config': main('<domain *>', '  use-starttls no', '</domain>', 'include domains.conf'), '/srv/pmta/domains.conf': '<domain bank.example>\n  require-starttls yes\n</domain>\n' });
    assert.deepEqual(all(r), ['config:6:starttls-off-to-provider', 'domains.conf:2:starttls-contradiction']);
    assert.match(message(r, 'domains.conf', 'starttls-contradiction'), /the other line is pmta\/config:6, inherited from `<domain \*>`/);
    // A block for its parent domain in a third file turns TLS back on: the most specific block wins, whichever file holds it.
    const fixed = run({
      '/srv/pmta/config': main('<domain *>', '  use-starttls no', '</domain>', 'include domains.conf', 'include tls.conf'),
      '/srv/pmta/domains.conf': '<domain mail.bank.example>\n  require-starttls yes\n</domain>\n',
      '/srv/pmta/tls.conf': '<domain [*.]bank.example>\n  use-starttls yes\n</domain>\n',
    });
    assert.deepEqual(all(fixed).filter((c) => c.includes('starttls-contradiction')), []);
  });

  it('a backoff rate above the normal rate inherited from another file, named with its file', () => {
    const r = run({ '/srv/pmta/config': main('<domain *>', '  max-msg-rate 100/h', '</domain>', 'include domains.conf'), '/srv/pmta/domains.conf': '<domain gmail.com>\n  backoff-max-msg-rate 500/h\n</domain>\n' });
    assert.deepEqual(all(r), ['domains.conf:2:backoff-faster-than-normal']);
    assert.match(message(r, 'domains.conf', 'backoff-faster-than-normal'), /\(`max-msg-rate`, pmta\/config:6, inherited from `<domain \*>`\)/);
  });

  it('a block\'s settings count those of a file included inside it', () => {
    const files = (rate: string) => ({
      '/srv/pmta/config': main('<domain *>', '  max-msg-rate 100/h', '</domain>', '<domain gmail.com>', '  backoff-max-msg-rate 500/h', '  include gmail.conf', '</domain>'),
      '/srv/pmta/gmail.conf': `max-msg-rate ${rate}\n`,
    });
    // gmail.com's own rate (1000/h) is above its backoff rate: no finding, though <domain *> says 100/h.
    assert.deepEqual(all(run(files('1000/h'))), []);
    const r = run(files('200/h'));
    assert.deepEqual(all(r), ['config:9:backoff-faster-than-normal']);
    assert.match(message(r, 'config', 'backoff-faster-than-normal'), /\(`max-msg-rate`, pmta\/gmail.conf:1\)/);
  });

  it('an edit of a file included inside a <domain> reaches the findings of the file that includes it', () => {
    const files: Record<string, string> = {
      '/srv/pmta/config': main('<domain gmail.com>', '  backoff-max-msg-rate 500/h', '  include gmail.conf', '</domain>'),
      '/srv/pmta/gmail.conf': 'max-msg-rate 1000/h\n',
    };
    const set = editedSet(files);
    const codes = () => set.codes('/srv/pmta/config');
    assert.deepEqual(codes(), []);
    const gmail = set.doc('/srv/pmta/gmail.conf');
    gmail.applyEdit({ startLine: 0, startCharacter: 13, endLine: 0, endCharacter: 17, text: '200' });
    assert.deepEqual(codes(), ['backoff-faster-than-normal']);
    gmail.applyEdit({ startLine: 0, startCharacter: 13, endLine: 0, endCharacter: 16, text: '1000' });
    assert.deepEqual(codes(), []);
  });

  it('a file included inside a virtual MTA does not lend its <domain> blocks to the other files', () => {
    const r = run({
      '/srv/pmta/config': main('<virtual-mta v1>', '  smtp-source-host 203.0.113.5 v1.example.com', '  include v1-domains.conf', '</virtual-mta>', 'include domains.conf'),
      '/srv/pmta/v1-domains.conf': '<domain *>\n  max-msg-rate 100/h\n</domain>\n',
      '/srv/pmta/domains.conf': '<domain gmail.com>\n  backoff-max-msg-rate 500/h\n</domain>\n',
    });
    assert.deepEqual(all(r).filter((c) => c.includes('backoff-faster')), []);
  });

  it('an edit of the <domain *> of one file reaches the findings of another', () => {
    const files: Record<string, string> = { '/srv/pmta/config': main('<domain *>', '  bounce-after 10d', '</domain>', 'include domains.conf'), '/srv/pmta/domains.conf': schedule };
    const set = editedSet(files);
    const codes = () => set.codes('/srv/pmta/domains.conf');
    assert.deepEqual(codes(), []);
    const config = set.doc('/srv/pmta/config');
    // 10d → 1d: the last entries now start after the queue's lifetime.
    config.applyEdit({ startLine: 5, startCharacter: 15, endLine: 5, endCharacter: 18, text: '1d' });
    assert.deepEqual(codes(), ['retry-beyond-bounce-after']);
    // The wildcard block renamed to another domain: the default lifetime applies again.
    config.applyEdit({ startLine: 4, startCharacter: 8, endLine: 4, endCharacter: 9, text: 'yahoo.com' });
    assert.deepEqual(codes(), ['retry-beyond-bounce-after']);
    config.applyEdit({ startLine: 5, startCharacter: 15, endLine: 5, endCharacter: 17, text: '10d' });
    assert.deepEqual(codes(), ['retry-beyond-bounce-after']);
    config.applyEdit({ startLine: 4, startCharacter: 8, endLine: 4, endCharacter: 17, text: '*' });
    assert.deepEqual(codes(), []);
  });
});

describe('files included inside a block', () => {
  it('a DKIM list included in a VMTA after a wildcard key, and a one-value directive set in both', () => {
    const r = run({
      '/srv/pmta/config': '<virtual-mta v1>\n  smtp-source-host 203.0.113.5 v1.example.com\n  domain-key s1,*,/k/wild.pem\n  include dkim.list\n  max-smtp-out 5\n</virtual-mta>\n',
      '/srv/pmta/dkim.list': 'domain-key s1,example.com,/k/s1.pem\nmax-smtp-out 10\nmax-smtp-out 20\n',
    });
    assert.deepEqual(all(r), ['config:3:dkim-wildcard-key-first', 'config:5:duplicate-directive', 'dkim.list:3:duplicate-directive']);
    assert.match(message(r, 'config', 'duplicate-directive'), /already set in `<virtual-mta v1>` on pmta\/dkim.list:2, which PowerMTA reads first/);
  });

  it('reply rules of a pattern list kept in an included file', () => {
    const r = run({ '/srv/pmta/config': '<smtp-pattern-list p>\n  reply /too many/ mode=backoff\n  include replies.conf\n</smtp-pattern-list>\n', '/srv/pmta/replies.conf': 'reply /Too Many/ mode=backoff\nreply /x/ mode=backoff,mode=backoff\n' });
    assert.deepEqual(all(r), ['replies.conf:1:duplicate-reply-pattern', 'replies.conf:2:reply-action-repeated']);
  });

  it('settings of a source in an included file count: no open relay or missing failure limit reported', () => {
    const relay = (inc: string) => run({ '/srv/pmta/config': '<source 0/0>\n  always-allow-relaying yes\n  include auth.conf\n</source>\n', '/srv/pmta/auth.conf': inc });
    assert.deepEqual(all(relay('require-auth true\nsmtp-max-auth-failure-rate 5/m\n')), []);
    assert.deepEqual(all(relay('smtp-service yes\n')), ['config:2:open-relay']);
    const relayInFile = run({ '/srv/pmta/config': '<source 0/0>\n  include relay.conf\n</source>\n', '/srv/pmta/relay.conf': 'always-allow-relaying yes\n' });
    assert.deepEqual(all(relayInFile), ['config:1:open-relay']);
    assert.match(message(relayInFile, 'config', 'open-relay'), /\(`always-allow-relaying` on pmta\/relay.conf:1\)/);
    // A file that could not be read may require authentication: not judged.
    assert.deepEqual(all(run({ '/srv/pmta/config': '<source 0/0>\n  always-allow-relaying yes\n  include missing.conf\n</source>\n' })), ['config:3:include-not-found']);
    const limit = run({ '/srv/pmta/config': '<source 0/0>\n  require-auth true\n  include limits.conf\n</source>\n', '/srv/pmta/limits.conf': 'smtp-max-auth-failure-rate 5/m\n' });
    assert.deepEqual(all(limit), []);
  });
});

describe('a file included in several blocks is read into each', () => {
  it('an authentication file included in two relaying sources counts for both: no open relay', () => {
    const sources = '<source 10.0.0.0/8>\n  always-allow-relaying yes\n  include auth.conf\n</source>\n<source 0/0>\n  always-allow-relaying yes\n  include auth.conf\n</source>\n';
    assert.deepEqual(all(run({ '/srv/pmta/config': sources, '/srv/pmta/auth.conf': 'require-auth true\nsmtp-max-auth-failure-rate 5/m\n' })), []);
    assert.deepEqual(all(run({ '/srv/pmta/config': sources, '/srv/pmta/auth.conf': 'smtp-service yes\n' })), ['config:6:open-relay']);
  });

  it('a DKIM list included in two virtual MTAs is compared with each, in the order PowerMTA reads it there', () => {
    const r = run({
      '/srv/pmta/config':
        '<virtual-mta v1>\n  smtp-source-host 203.0.113.5 v1.example.com\n  include dkim.list\n  max-smtp-out 5\n</virtual-mta>\n' +
        '<virtual-mta v2>\n  smtp-source-host 203.0.113.6 v2.example.com\n  domain-key s1,*,/k/wild.pem\n  include dkim.list\n  max-smtp-out 5\n</virtual-mta>\n',
      '/srv/pmta/dkim.list': 'domain-key s1,example.com,/k/s1.pem\nmax-smtp-out 10\n',
    });
    // v2's wildcard stands before the list there (the list is read first in v1, earlier in the file); each block's max-smtp-out after the list's.
    assert.deepEqual(all(r), ['config:4:duplicate-directive', 'config:8:dkim-wildcard-key-first', 'config:10:duplicate-directive']);
    assert.match(message(r, 'config', 'dkim-wildcard-key-first'), /before a specific key of another file that it also matches \(pmta\/dkim.list:1\)/);
  });

  it('a finding of the list itself is given once, whichever block it is compared in', () => {
    const vmta = (n: number) => `<virtual-mta v${n}>\n  smtp-source-host 203.0.113.${n} v${n}.example.com\n  max-smtp-out 5\n  include dkim.list\n</virtual-mta>\n`;
    const r = run({ '/srv/pmta/config': vmta(1) + vmta(2), '/srv/pmta/dkim.list': 'max-smtp-out 10\n' });
    assert.deepEqual(all(r), ['dkim.list:1:duplicate-directive']);
  });
});

describe('the lines of a file included inside a block are judged by that block\'s name', () => {
  it('a source\'s reach: plain-text authentication and unlimited message size in a file included in a public source', () => {
    const files = (outer: string) => ({ '/srv/pmta/config': `<source 127.0.0.1>\n  include s.conf\n</source>\n<source ${outer}>\n  include s.conf\n</source>\n`, '/srv/pmta/s.conf': 'allow-unencrypted-plain-auth yes\nmax-message-size 0\n' });
    const r = run(files('0/0'));
    assert.deepEqual(all(r), ['s.conf:1:plain-auth-unencrypted', 's.conf:2:unlimited-message-size']);
    assert.match(message(r, 's.conf', 'plain-auth-unencrypted'), /^`<source 0\/0>` \(on pmta\/config:4, which includes this file\)/);
    assert.match(message(r, 's.conf', 'unlimited-message-size'), /\(this file is read into `<source 0\/0>` on pmta\/config:4\)/);
    // Read only into sources of this machine: nothing to report.
    assert.deepEqual(all(run(files('127.0.0.2'))), []);
  });

  it('a domain\'s provider: max-smtp-out in a file included in <domain gmail.com>', () => {
    const r = run({ '/srv/pmta/config': '<domain gmail.com>\n  include d.conf\n</domain>\n<domain example.net>\n  include d.conf\n</domain>\n', '/srv/pmta/d.conf': 'max-smtp-out 100\n' });
    assert.deepEqual(all(r), ['d.conf:1:smtp-out-above-provider-limit']);
    assert.match(message(r, 'd.conf', 'smtp-out-above-provider-limit'), /\(which covers gmail.com; this file is read into it on pmta\/config:1\)/);
    assert.deepEqual(all(run({ '/srv/pmta/config': '<domain example.net>\n  include d.conf\n</domain>\n', '/srv/pmta/d.conf': 'max-smtp-out 100\n' })), []);
  });

  it('public-vmta-selection: a file included in <source 0/0>, and require-auth from another file included there', () => {
    const r = run({ '/srv/pmta/config': '<source 127.0.0.1>\n  include s.conf\n</source>\n<source 0/0>\n  always-allow-relaying yes\n  include s.conf\n</source>\n', '/srv/pmta/s.conf': 'process-x-virtual-mta yes\n' });
    assert.deepEqual(all(r).filter((c) => !c.endsWith('open-relay')), ['s.conf:1:public-vmta-selection']);
    assert.match(message(r, 's.conf', 'public-vmta-selection'), /in `<source 0\/0>` \(this file is read into it on pmta\/config:4\)/);
    assert.deepEqual(all(run({ '/srv/pmta/config': '<source 0/0>\n  always-allow-relaying yes\n  include s.conf\n  include auth.conf\n</source>\n', '/srv/pmta/s.conf': 'process-x-virtual-mta yes\n', '/srv/pmta/auth.conf': 'require-auth true\n' })), ['auth.conf:1:auth-without-failure-limit']);
  });

  it('auth-without-failure-limit: a source nested in another block (misplaced-block) is judged by nothing and covers nothing, its own lines or a file\'s included there', () => {
    const nested = (inner: string) => ({ '/srv/pmta/config': `<source 0/0>\n  require-auth true\n  <source 0/0>\n    include inner.conf\n  </source>\n</source>\n`, '/srv/pmta/inner.conf': inner });
    assert.deepEqual(all(run(nested('smtp-max-auth-failure-rate 5/m\n'))).filter((c) => !c.includes('misplaced')), ['config:2:auth-without-failure-limit']);
    assert.deepEqual(all(run(nested('require-auth true\n'))).filter((c) => !c.includes('misplaced')), ['config:2:auth-without-failure-limit']);
  });

  it('a domain\'s provider: use-starttls no in a file included in <domain gmail.com>, and a macro from another file', () => {
    const r = run({ '/srv/pmta/config': '<domain example.net>\n  include d.conf\n</domain>\n<domain gmail.com>\n  include d.conf\n</domain>\n', '/srv/pmta/d.conf': 'use-starttls no\n' });
    assert.deepEqual(all(r), ['d.conf:1:starttls-off-to-provider']);
    assert.match(message(r, 'd.conf', 'starttls-off-to-provider'), /\(which covers gmail.com; this file is read into it on pmta\/config:4\)/);
    assert.deepEqual(all(run({ '/srv/pmta/config': '<domain example.net>\n  include d.conf\n</domain>\n', '/srv/pmta/d.conf': 'use-starttls no\n' })), []);
    const macro = (items: string) => run({ '/srv/pmta/config': `domain-macro big ${items}\ninclude domains.conf\n`, '/srv/pmta/domains.conf': '<domain $big>\n  use-starttls no\n</domain>\n' });
    assert.deepEqual(all(macro('example.org, outlook.com')), ['domains.conf:2:starttls-off-to-provider']);
    assert.deepEqual(all(macro('example.org')), []);
  });

  it('a queue\'s pattern list and content logging set in a file included in the block', () => {
    const list = '<smtp-pattern-list throttling>\n  reply /too many connections/ mode=backoff\n</smtp-pattern-list>\n';
    const queue = (part: string) => run({ '/srv/pmta/config': list + '<domain *>\n  include part.conf\n</domain>\n', '/srv/pmta/part.conf': part });
    const r = queue('smtp-pattern-list throttling\nlog-data yes\n');
    assert.deepEqual(all(r), ['part.conf:1:backoff-never-returns', 'part.conf:2:logs-message-content']);
    assert.match(message(r, 'part.conf', 'backoff-never-returns'), /nothing brings `<domain \*>` \(on pmta\/config:4, which includes this file\) back to normal/);
    assert.match(message(r, 'part.conf', 'logs-message-content'), /for every destination \(`<domain \*>`, on pmta\/config:4, which includes this file\)/);
    // A timer in the same file, or in the block, brings the queue back.
    assert.deepEqual(all(queue('smtp-pattern-list throttling\nbackoff-to-normal-after 1h\n')), []);
    assert.deepEqual(all(run({ '/srv/pmta/config': list + '<domain *>\n  include part.conf\n  backoff-to-normal-after-delivery yes\n</domain>\n', '/srv/pmta/part.conf': 'smtp-pattern-list throttling\n' })), []);
  });

  it('a macro defined in another file names the providers a <domain $macro> covers', () => {
    const r = run({ '/srv/pmta/config': 'domain-macro big gmail.com, example.net\ninclude domains.conf\n', '/srv/pmta/domains.conf': '<domain $big>\n  max-smtp-out 50\n</domain>\n' });
    assert.deepEqual(all(r), ['domains.conf:2:smtp-out-above-provider-limit']);
    assert.match(message(r, 'domains.conf', 'smtp-out-above-provider-limit'), /\(which covers gmail.com\)/);
    assert.deepEqual(all(run({ '/srv/pmta/config': 'domain-macro big example.org\ninclude domains.conf\n', '/srv/pmta/domains.conf': '<domain $big>\n  max-smtp-out 50\n</domain>\n' })), []);
  });

  it('a contradiction between a block and a file included in it is reported once, on the require line', () => {
    const r = run({ '/srv/pmta/config': '<domain example.com>\n  include part.conf\n  require-starttls yes\n</domain>\n', '/srv/pmta/part.conf': 'use-starttls no\n' });
    assert.deepEqual(all(r), ['config:3:starttls-contradiction']);
    assert.match(message(r, 'config', 'starttls-contradiction'), /\(the other line is pmta\/part.conf:1\)/);
    const inFile = run({ '/srv/pmta/config': '<domain example.com>\n  use-starttls no\n  include part.conf\n</domain>\n', '/srv/pmta/part.conf': 'require-starttls yes\n' });
    assert.deepEqual(all(inFile), ['part.conf:1:starttls-contradiction']);
    assert.match(message(inFile, 'part.conf', 'starttls-contradiction'), /^`<domain example.com>` \(on pmta\/config:1, which includes this file\) asks for TLS/);
  });

  it('only the line PowerMTA keeps counts: a block\'s setting after the include line overrides the file\'s', () => {
    const source = (last: string) => run({ '/srv/pmta/config': `<source 0/0>\n  include s.conf\n  ${last}\n</source>\n`, '/srv/pmta/s.conf': 'allow-unencrypted-plain-auth yes\nlog-commands yes\n' });
    // (Setting a one-value directive twice is reported as such.)
    assert.deepEqual(all(source('allow-unencrypted-plain-auth no')), ['config:3:duplicate-directive', 's.conf:2:logs-message-content']);
    assert.deepEqual(all(source('log-commands no')), ['config:3:duplicate-directive', 's.conf:1:plain-auth-unencrypted']);
    // And the other way round: the block's line before the include is the one overridden.
    assert.deepEqual(all(run({ '/srv/pmta/config': '<source 0/0>\n  allow-unencrypted-plain-auth yes\n  include s.conf\n</source>\n', '/srv/pmta/s.conf': 'allow-unencrypted-plain-auth no\n' })), ['s.conf:1:duplicate-directive']);
  });

  it('a retry schedule and a backoff rate set in a file included in a queue are judged as the queue\'s, once', () => {
    const r = run({
      '/srv/pmta/config': '<domain *>\n  bounce-after 30m\n  max-msg-rate 100/h\n</domain>\n<domain gmail.com>\n  include gmail.conf\n</domain>\n',
      '/srv/pmta/gmail.conf': 'retry-after 1h\nbackoff-max-msg-rate 500/h\n',
    });
    assert.deepEqual(all(r), ['gmail.conf:1:retry-beyond-bounce-after', 'gmail.conf:2:backoff-faster-than-normal']);
    assert.match(message(r, 'gmail.conf', 'backoff-faster-than-normal'), /^In backoff `<domain gmail.com>` \(on pmta\/config:5, which includes this file\) may send/);
    // The queue's block sets the other value of the pair: one finding, on the block's line for the list or the backoff rate.
    const both = run({
      '/srv/pmta/config': '<domain gmail.com>\n  retry-after 1h\n  backoff-max-msg-rate 500/h\n  include gmail.conf\n</domain>\n',
      '/srv/pmta/gmail.conf': 'bounce-after 30m\nmax-msg-rate 100/h\n',
    });
    assert.deepEqual(all(both), ['config:2:retry-beyond-bounce-after', 'config:3:backoff-faster-than-normal']);
  });

  it('renaming the block an included file is read into reaches that file\'s findings', () => {
    const files: Record<string, string> = { '/srv/pmta/config': '<source 127.0.0.1>\n  include s.conf\n</source>\n', '/srv/pmta/s.conf': 'allow-unencrypted-plain-auth yes\n' };
    const set = editedSet(files);
    const codes = () => set.codes('/srv/pmta/s.conf');
    assert.deepEqual(codes(), []);
    const config = set.doc('/srv/pmta/config');
    config.applyEdit({ startLine: 0, startCharacter: 8, endLine: 0, endCharacter: 17, text: '0/0' });
    assert.deepEqual(codes(), ['plain-auth-unencrypted']);
    config.applyEdit({ startLine: 0, startCharacter: 8, endLine: 0, endCharacter: 11, text: '127.0.0.1' });
    assert.deepEqual(codes(), []);
  });
});

describe('a file included inside a source, a VMTA or a pattern list is that block\'s', () => {
  it('require-auth in a file included in a public source without a failure limit', () => {
    const source = (block: string, part: string) => run({ '/srv/pmta/config': `<source 0/0>\n  include auth.conf\n${block}</source>\n`, '/srv/pmta/auth.conf': part });
    const r = source('', 'require-auth true\n');
    assert.deepEqual(all(r), ['auth.conf:1:auth-without-failure-limit']);
    assert.match(message(r, 'auth.conf', 'auth-without-failure-limit'), /^`<source 0\/0>` \(on pmta\/config:1, which includes this file\) requires SMTP authentication from the internet/);
    // A limit in the block, or the block's own require-auth false after the include (the line PowerMTA keeps), and nothing is missing.
    assert.deepEqual(all(source('  smtp-max-auth-failure-rate 5/m\n', 'require-auth true\n')), []);
    assert.deepEqual(all(source('  require-auth false\n', 'require-auth true\n')), ['config:3:duplicate-directive']);
    // Read only into a source of this machine: nothing to report.
    assert.deepEqual(all(run({ '/srv/pmta/config': '<source 127.0.0.1>\n  include auth.conf\n</source>\n', '/srv/pmta/auth.conf': 'require-auth true\n' })), []);
  });

  it('a VMTA whose included file sets no source host, and one whose included file discards its mail', () => {
    const vmta = (part: string) => run({ '/srv/pmta/config': '<virtual-mta v1>\n  include v1.conf\n</virtual-mta>\n', '/srv/pmta/v1.conf': part });
    assert.deepEqual(all(vmta('max-smtp-out 5\n')), ['config:1:vmta-without-source-host']);
    assert.deepEqual(all(vmta('smtp-source-host 203.0.113.5 v1.example.com\n')), []);
    assert.deepEqual(all(vmta('<domain *>\n  type discard\n</domain>\n')), []);
    // Checked alone, or with a file it includes missing, the included file may set one.
    assert.deepEqual(all(run({ '/srv/pmta/config': '<virtual-mta v1>\n  include missing.conf\n</virtual-mta>\n' })), ['config:2:include-not-found']);
    assert.deepEqual(analyze('<virtual-mta v1>\n  include v1.conf\n</virtual-mta>\n').findings.filter((f) => f.code === 'vmta-without-source-host'), []);
  });

  it('lines only the top level may hold, in a file included inside a block, are misplaced there and judged no further', () => {
    const r = run({ '/srv/pmta/config': '<domain *>\n  include part.conf\n</domain>\n', '/srv/pmta/part.conf': 'http-access 0/0 admin\nrelay-domain *\n<source 0/0>\n  always-allow-relaying yes\n</source>\n' });
    assert.deepEqual(all(r).filter((c) => !c.endsWith('misplaced-directive') && !c.endsWith('misplaced-block')), []);
  });

  it('a VMTA named as its own cold VMTA in a file included inside it', () => {
    const r = run({ '/srv/pmta/config': '<virtual-mta v1>\n  smtp-source-host 203.0.113.5 v1.example.com\n  include v1.conf\n</virtual-mta>\n', '/srv/pmta/v1.conf': 'cold-virtual-mta v1\n' });
    assert.deepEqual(all(r), ['v1.conf:1:cold-vmta-self']);
    assert.match(message(r, 'v1.conf', 'cold-vmta-self'), /^`<virtual-mta v1>` \(on pmta\/config:1, which includes this file\) names itself/);
  });

  it('a source address announced under two names, one in a file included inside a VMTA', () => {
    const host = (name: string) => `smtp-source-host 203.0.113.5 ${name}.example.com\n`;
    const r = run({ '/srv/pmta/config': `<virtual-mta v1>\n  ${host('v1')}</virtual-mta>\n<virtual-mta v2>\n  include v2.conf\n</virtual-mta>\n`, '/srv/pmta/v2.conf': host('v2') });
    assert.deepEqual(all(r), ['v2.conf:1:ip-hostname-conflict']);
    assert.match(message(r, 'v2.conf', 'ip-hostname-conflict'), /as `v1.example.com` in `<virtual-mta v1>` \(pmta\/config:2\)/);
    // Read first, the included file's line is the one named, as its VMTA's.
    const first = run({ '/srv/pmta/config': `<virtual-mta v2>\n  include v2.conf\n</virtual-mta>\n<virtual-mta v1>\n  ${host('v1')}</virtual-mta>\n`, '/srv/pmta/v2.conf': host('v2') });
    assert.deepEqual(all(first), ['config:5:ip-hostname-conflict']);
    assert.match(message(first, 'config', 'ip-hostname-conflict'), /as `v2.example.com` in `<virtual-mta v2>` \(pmta\/v2.conf:1\)/);
  });

  it('a reply pattern of a file included inside a pattern list against the other lists of that name', () => {
    const rules = 'reply /blocked using/ mode=backoff,backoff-to-normal-after=1h\n';
    const r = run({ '/srv/pmta/config': `<smtp-pattern-list p>\n  include rules.conf\n</smtp-pattern-list>\n<smtp-pattern-list p>\n  ${rules}</smtp-pattern-list>\n`, '/srv/pmta/rules.conf': rules });
    assert.deepEqual(all(r).filter((c) => c.endsWith('reply-pattern')), ['config:5:duplicate-reply-pattern']);
    assert.match(message(r, 'config', 'duplicate-reply-pattern'), /already appears in `<smtp-pattern-list p>` on pmta\/rules.conf:1, which PowerMTA reads first/);
    // A list of another name, in another top-level file, is another list.
    const other = run({ '/srv/pmta/config': '<smtp-pattern-list p>\n  include rules.conf\n</smtp-pattern-list>\ninclude lists.conf\n', '/srv/pmta/rules.conf': rules, '/srv/pmta/lists.conf': `<smtp-pattern-list q>\n  ${rules}</smtp-pattern-list>\n<smtp-pattern-list p>\n  ${rules}</smtp-pattern-list>\n` });
    assert.deepEqual(all(other).filter((c) => c.endsWith('reply-pattern')), ['lists.conf:5:duplicate-reply-pattern']);
  });

  it('a reply pattern repeated in its own file and in a file included in a later list of that name: reported once, by its own file', () => {
    const rule = 'reply /too many connections/ mode=backoff\n';
    const r = run({ '/srv/pmta/config': `<smtp-pattern-list p>\n  ${rule}</smtp-pattern-list>\n<smtp-pattern-list p>\n  include rules.conf\n  ${rule}</smtp-pattern-list>\n`, '/srv/pmta/rules.conf': rule });
    assert.deepEqual(all(r).filter((c) => c.endsWith('reply-pattern')), ['config:6:duplicate-reply-pattern', 'rules.conf:1:duplicate-reply-pattern']);
    assert.match(message(r, 'config', 'duplicate-reply-pattern'), /already appears on line 2 of this list/);
  });

  it('a pattern list nested in another (misplaced) joins no list: its rules are compared with no file included in the outer one', () => {
    const rule = 'reply /too many connections/ mode=backoff\n';
    const r = run({ '/srv/pmta/config': `<smtp-pattern-list p>\n  include rules.conf\n  <smtp-pattern-list p>\n    ${rule}  </smtp-pattern-list>\n</smtp-pattern-list>\n`, '/srv/pmta/rules.conf': rule });
    assert.deepEqual(all(r).filter((c) => c.endsWith('reply-pattern')), []);
    // Nor does a file included in a nested list join the top-level lists of that name.
    const inNested = run({ '/srv/pmta/config': `<spool /var/spool/pmta>\n  <smtp-pattern-list q>\n    include rules.conf\n  </smtp-pattern-list>\n</spool>\n<smtp-pattern-list q>\n  ${rule}</smtp-pattern-list>\n`, '/srv/pmta/rules.conf': rule });
    assert.deepEqual(all(inNested).filter((c) => c.endsWith('reply-pattern')), []);
  });

  it('the rules of a pattern list kept in a file included inside it decide whether a queue leaves backoff', () => {
    const list = (rules: string) => run({ '/srv/pmta/config': '<smtp-pattern-list p>\n  reply /421/ mode=backoff\n  include rules.conf\n</smtp-pattern-list>\n<domain *>\n  smtp-pattern-list p\n</domain>\n', '/srv/pmta/rules.conf': rules });
    assert.deepEqual(all(list('reply /250/ mode=normal\n')), []);
    assert.deepEqual(all(list('reply /452 too many recipients/ mode=backoff,backoff-to-normal-after=1h\n')), ['config:6:backoff-never-returns']);
    const inFile = run({ '/srv/pmta/config': '<smtp-pattern-list p>\n  include rules.conf\n</smtp-pattern-list>\n<domain *>\n  smtp-pattern-list p\n</domain>\n', '/srv/pmta/rules.conf': 'reply /421/ mode=backoff\n' });
    assert.deepEqual(all(inFile), ['config:5:backoff-never-returns']);
    assert.match(message(inFile, 'config', 'backoff-never-returns'), /\(rule on pmta\/rules.conf:1\)/);
  });
});

describe('an edit of an included file reaches the rules of the file that includes it', () => {
  it('require-auth typed into a file included inside a relaying source ends the open relay', () => {
    const files: Record<string, string> = { '/srv/pmta/config': '<source 0/0>\n  always-allow-relaying yes\n  include auth.conf\n</source>\n', '/srv/pmta/auth.conf': 'smtp-service yes\n' };
    const set = editedSet(files);
    const auth = set.doc('/srv/pmta/auth.conf');
    const mainCodes = () => set.codes('/srv/pmta/config');
    assert.deepEqual(mainCodes(), ['open-relay']);
    auth.applyEdit({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 16, text: 'require-auth true' });
    assert.deepEqual(mainCodes(), []);
    auth.applyEdit({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 0, text: '#' });
    assert.deepEqual(mainCodes(), ['open-relay']);
  });
});

describe('edits reach the checks of a file included inside a VMTA, and macros of another file', () => {
  it('a source host typed into the included file, and a macro edited in the main file', () => {
    const files: Record<string, string> = {
      '/srv/pmta/config': 'domain-macro big example.net\n<virtual-mta v1>\n  smtp-source-host 203.0.113.5 v1.example.com\n</virtual-mta>\n<virtual-mta v2>\n  include v2.conf\n</virtual-mta>\n<domain $big>\n  include d.conf\n</domain>\n',
      '/srv/pmta/v2.conf': 'max-smtp-out 5\n',
      '/srv/pmta/d.conf': 'max-smtp-out 50\n',
    };
    const set = editedSet(files);
    assert.deepEqual(set.codes('/srv/pmta/config'), ['vmta-without-source-host']);
    set.doc('/srv/pmta/v2.conf').applyEdit({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 14, text: 'smtp-source-host 203.0.113.5 v2.example.com' });
    assert.deepEqual(set.codes('/srv/pmta/config'), []);
    assert.deepEqual(set.codes('/srv/pmta/v2.conf'), ['ip-hostname-conflict']);
    set.doc('/srv/pmta/v2.conf').applyEdit({ startLine: 0, startCharacter: 29, endLine: 0, endCharacter: 31, text: 'v1' });
    assert.deepEqual(set.codes('/srv/pmta/v2.conf'), []);
    assert.deepEqual(set.codes('/srv/pmta/d.conf'), []);
    set.doc('/srv/pmta/config').applyEdit({ startLine: 0, startCharacter: 17, endLine: 0, endCharacter: 28, text: 'yahoo.com' });
    assert.deepEqual(set.codes('/srv/pmta/d.conf'), ['smtp-out-above-provider-limit']);
  });

  it('a lifetime that joins the top level of a file included inside <domain *> reaches that file\'s own queues', () => {
    const files = {
      '/srv/pmta/config': '<domain *>\n  bounce-after 10d\n  include b.conf\n</domain>\n',
      '/srv/pmta/b.conf': '<domain b.example>\n  retry-after 1h,2h,4h,8h,16h,32h,64h,96h\n</domain>\n<domain c.example>\n  bounce-after 4d12h\n</domain>\n',
    };
    const set = editedSet(files);
    const codes = () => set.codes('/srv/pmta/b.conf').filter((c) => c === 'retry-beyond-bounce-after');
    assert.deepEqual(codes(), []);
    // The tag line commented out: its lifetime is now read into the main file's <domain *>, after its own.
    const b = set.doc('/srv/pmta/b.conf');
    b.applyEdit({ startLine: 3, startCharacter: 0, endLine: 3, endCharacter: 0, text: '#' });
    assert.deepEqual(codes(), ['retry-beyond-bounce-after']);
    assert.deepEqual(set.codes('/srv/pmta/b.conf'), run({ ...files, '/srv/pmta/b.conf': b.getText() }).analyses.get('/srv/pmta/b.conf')!.findings.map((f) => f.code));
    b.applyEdit({ startLine: 3, startCharacter: 0, endLine: 3, endCharacter: 1, text: '' });
    assert.deepEqual(codes(), []);
  });

  it('use-proxy typed into a file included inside a VMTA gives it a source of its own', () => {
    const set = editedSet({ '/srv/pmta/config': '<virtual-mta v1>\n  include v1.conf\n</virtual-mta>\n', '/srv/pmta/v1.conf': 'max-smtp-out 5\n' });
    assert.deepEqual(set.codes('/srv/pmta/config'), ['vmta-without-source-host']);
    set.doc('/srv/pmta/v1.conf').applyEdit({ startLine: 0, startCharacter: 0, endLine: 0, endCharacter: 14, text: 'use-proxy proxy-a' });
    assert.deepEqual(set.codes('/srv/pmta/config'), []);
  });
});

describe('suggestions for a misspelt name across files', () => {
  it('of two names as close, the one PowerMTA reads first is suggested', () => {
    const vmta = (n: number) => `<virtual-mta mta${n}>\n  smtp-source-host 203.0.113.${n} mta${n}.example.com\n</virtual-mta>\n`;
    const r = run({ '/srv/pmta/config': `include vmtas.conf\n${vmta(2)}`, '/srv/pmta/vmtas.conf': `<virtual-mta-pool pool>\n  virtual-mta mta9\n</virtual-mta-pool>\n${vmta(1)}` });
    assert.match(message(r, 'vmtas.conf', 'undefined-reference'), /did you mean `mta1`\?/);
  });
});

describe('load order', () => {
  it('compareLoad orders two lines of two files as compareOrder orders their keys (the file\'s key, then the line)', () => {
    const ctx = (order: number[] | undefined) => ({ configuration: order && { order } }) as unknown as RuleContext;
    const key = fc.option(fc.array(fc.nat({ max: 4 }), { maxLength: 4 }), { nil: undefined });
    fc.assert(
      fc.property(key, fc.nat({ max: 4 }), key, fc.nat({ max: 4 }), (a, aLine, b, bLine) => {
        const expected = Math.sign(compareOrder([...(a ?? []), aLine], [...(b ?? []), bLine]));
        assert.equal(Math.sign(compareLoad(ctx(a), aLine, ctx(b), bLine)), expected);
      }),
      { numRuns: 2000, seed: 5 },
    );
  });
});

describe('a file two configurations include', () => {
  it('is checked against the files of each, whichever was checked last', () => {
    const files: Record<string, string> = {
      '/a/config': 'include /a/dup.conf\ninclude /s/x.conf\n',
      '/a/dup.conf': '<virtual-mta v>\n    smtp-source-host 203.0.113.9 other.example.com\n</virtual-mta>\n',
      '/b/config': 'include /s/x.conf\n',
      '/s/x.conf': '<virtual-mta v>\n    smtp-source-host 203.0.113.9 mta.example.com\n</virtual-mta>\n',
    };
    const host = memoryHost(files);
    // One model per file kept across analyses (the editor's, or the workspace's read from disk), and one analyzer, as in the server.
    const models = new Map(Object.entries(files).map(([p, text]) => [p, new PmtaDocument(text, (n) => catalog.regexArgIndex(n))]));
    const analyzer = new Analyzer(catalog);
    const codesInX = (root: string) => analyzeConfig(root, { host, analyzer, models: (p) => models.get(p) })!.analyses.get('/s/x.conf')!.findings.map((f) => f.code).sort();
    const inA = codesInX('/a/config');
    assert.deepEqual(inA, ['duplicate-definition', 'ip-hostname-conflict'], 'v is defined first in dup.conf, its IP under another name');
    assert.deepEqual(codesInX('/b/config'), []);
    assert.deepEqual(codesInX('/a/config'), inA, 'not the results of the other configuration');
    assert.deepEqual(codesInX('/b/config'), []);
  });
});
