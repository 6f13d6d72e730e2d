import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { lint, workdir } from './harness';

let dir: string;
let cleanup: () => void;
before(() => {
  ({ dir, cleanup } = workdir({
    'pmta/config': 'include /etc/pmta/conf.d/*.conf\n<virtual-mta-pool pool>\n  virtual-mta v1\n</virtual-mta-pool>\n<domain *>\n  max-smtp-out 20\n</domain>\n',
    'pmta/conf.d/vmtas.conf': '<virtual-mta v1>\n  smtp-source-host 203.0.113.5 mta1.example.com\n  <domain gmail.com>\n    max-smtp-out 4\n  </domain>\n</virtual-mta>\nmax-smtp-ot 1\n',
    'loop/config': 'include other.conf\n',
    'loop/other.conf': 'include config\n',
    'stars/config': 'include /**/*.no-such-extension\ninclude deep/**/*.conf\n',
    'stars/deep/one.conf': 'max-smtp-oot 5\n',
    'stars/deep/two/three.conf': 'max-smtp-ot 5\n',
    'wide/config': 'include /*/*/*/*/*/*/*/*/*/*/*/*.no-such-extension\n',
    'bom/config': '\uFEFFinclude part.conf\n',
    'bom/part.conf': '\uFEFFmax-smtp-ot 5\n',
    'split/pmta/config': 'include /etc/pmta/conf.d/*.conf\n<virtual-mta v1>\n  smtp-source-host 203.0.113.5 mta1.example.com\n</virtual-mta>\n',
    'split/pmta/conf.d/pools.conf': '<virtual-mta-pool pool>\n  virtual-mta v1\n</virtual-mta-pool>\nmax-smtp-ot 1\n',
    'mapped/pmta/config': 'include conf.d/mid.conf\n',
    'mapped/pmta/conf.d/mid.conf': 'include /etc/pmta/leaf.conf\n',
    'mapped/pmta/conf.d/leaf.conf': 'max-smtp-ot 1\n',
  }));
});
after(() => cleanup());

describe('pmta-lint follows includes', () => {
  it('resolves names across files and reports each finding in its own file', () => {
    const r = lint(['pmta/config'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^pmta\/conf\.d\/vmtas\.conf:7:1: warning unknown-directive: /m);
    assert.doesNotMatch(r.stdout, /undefined-reference/);
    assert.match(r.stdout, /1 warning in 1 file \(2 checked\)/);
  });

  it('counts line-1 columns of an included file without its byte-order mark, as of the file named on the command line and as editors do', () => {
    const r = lint(['bom/config', 'bom/part.conf'], { cwd: dir });
    assert.match(r.stdout, /^bom\/part\.conf:1:1: warning unknown-directive: /m);
    assert.equal(lint(['bom/config'], { cwd: dir }).stdout, r.stdout);
  });

  it('does not report an included file twice when it is also named on the command line', () => {
    const r = lint(['--format', 'json', 'pmta/config', 'pmta/conf.d/vmtas.conf'], { cwd: dir });
    assert.equal(JSON.parse(r.stdout).length, 1);
  });

  it('checks a file named on the command line inside the configuration of another one that includes it, whatever the order', () => {
    const together = lint(['split/pmta/config'], { cwd: dir });
    assert.doesNotMatch(together.stdout, /undefined-reference/);
    for (const args of [['split/pmta/conf.d/pools.conf', 'split/pmta/config'], ['split/pmta/**']]) {
      const r = lint(args, { cwd: dir });
      assert.equal(r.stdout, together.stdout, args.join(' '));
      assert.equal(r.code, 0);
    }
    // Reported under the name it was given: an absolute glob gives absolute names.
    const absolute = lint([`${dir}/split/pmta/**`], { cwd: dir });
    assert.match(absolute.stdout, new RegExp(`^${dir}/split/pmta/conf\\.d/pools\\.conf:4:1: warning unknown-directive: `, 'm'));
  });

  it('checks a file named alone inside the configuration of the main file above it that includes it, and reports only that file', () => {
    const r = lint(['split/pmta/conf.d/pools.conf'], { cwd: dir });
    assert.doesNotMatch(r.stdout, /undefined-reference/, 'v1 is defined in split/pmta/config');
    assert.match(r.stdout, /^split\/pmta\/conf\.d\/pools\.conf:4:1: warning unknown-directive: /m);
    assert.match(r.stdout, /1 warning in 1 file$/m, 'config itself is not reported');
    assert.match(r.stderr, /^pmta-lint: split\/pmta\/conf\.d\/pools\.conf checked as part of split\/pmta\/config, which includes it; /m);
    // Named from inside conf.d, and in JSON: the same finding under the name given.
    const inside = lint(['--format', 'json', 'pools.conf'], { cwd: `${dir}/split/pmta/conf.d` });
    assert.deepEqual((JSON.parse(inside.stdout) as { file: string; code: string }[]).map((f) => `${f.file} ${f.code}`), ['pools.conf unknown-directive']);
    // A main file above that does not reach the named file leaves it alone.
    const elsewhere = lint(['mapped/pmta/conf.d/leaf.conf'], { cwd: dir });
    assert.match(elsewhere.stdout, /^mapped\/pmta\/conf\.d\/leaf\.conf:1:1: warning unknown-directive: /m);
    assert.equal(elsewhere.stderr, '');
  });

  it('checks a named file on its own when the configuration that seemed to include it does not reach it', () => {
    // mid.conf as a main file maps /etc/pmta to its own folder and finds leaf.conf; from config it does not.
    const r = lint(['mapped/pmta/config', 'mapped/pmta/conf.d/mid.conf', 'mapped/pmta/conf.d/leaf.conf'], { cwd: dir });
    assert.match(r.stdout, /^mapped\/pmta\/conf\.d\/mid\.conf:1:9: warning include-not-found: /m);
    assert.match(r.stdout, /^mapped\/pmta\/conf\.d\/leaf\.conf:1:1: warning unknown-directive: /m);
  });

  it('checks files that include each other, both named, from PowerMTA\'s config: the cycle is reported once', () => {
    const expected = lint(['loop/config'], { cwd: dir }).stdout;
    assert.equal(lint(['loop/other.conf', 'loop/config'], { cwd: dir }).stdout, expected);
  });

  it('stops at an include cycle with an error instead of hanging', () => {
    const r = lint(['loop/config'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /loop\/other\.conf:1:9: error include-cycle: /);
  });
});

describe('pmta-lint and wildcard includes', () => {
  it('reads `**` as one folder level, like a shell: `include /**/*.x` does not walk the whole disk', () => {
    const t = Date.now();
    const r = lint(['stars/config'], { cwd: dir });
    // Walking every folder of the disk took minutes (lint gives up after 30 s); one level is quick.
    assert.ok(Date.now() - t < 20_000, `${Date.now() - t} ms`);
    assert.match(r.stdout, /stars\/config:1:9: warning include-not-found: No file matches `\/\*\*\/\*\.no-such-extension`/);
    // deep/**/*.conf is deep/*/*.conf: two/three.conf is read, one.conf is not (both have a typo).
    assert.match(r.stdout, /stars\/deep\/two\/three\.conf:1:1: warning unknown-directive/);
    assert.doesNotMatch(r.stdout, /one\.conf/);
    assert.match(r.stdout, /^2 warnings in 2 files\n$/m);
  });
});

describe('pmta-lint and a wildcard that spans the disk', () => {
  it('stops expanding it after a second and says so, instead of walking every folder', () => {
    const t = Date.now();
    const r = lint(['wide/config'], { cwd: dir });
    assert.ok(Date.now() - t < 15_000, `${Date.now() - t} ms`);
    // On a disk small enough to walk twelve levels deep within the second, nothing matches instead.
    assert.match(r.stdout, /^wide\/config:1:9: warning (include-limit: Stopped expanding `\/\*(\/\*){10}\/\*\.no-such-extension` after 1 s: a wildcard this wide walks much of the disk|include-not-found: No file matches)/);
  });
});

describe('pmta-lint --explain', () => {
  it('prints the effective settings of a queue with the source of each value', () => {
    const r = lint(['--explain', 'gmail.com/v1', 'pmta/config'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Effective settings for gmail\.com in virtual MTA v1/);
    assert.match(r.stdout, /max-smtp-out\s+4\s+pmta\/conf\.d\/vmtas\.conf:4 <domain gmail\.com>/);
    assert.match(r.stdout, /bounce-after\s+4d12h\s+default/);
  });

  it('prints JSON with --format json', () => {
    const r = lint(['--explain', 'yahoo.com', '--format', 'json', 'pmta/config'], { cwd: dir });
    const json = JSON.parse(r.stdout);
    assert.equal(json.domain, 'yahoo.com');
    assert.deepEqual(json.settings.find((s: { name: string }) => s.name === 'max-smtp-out').source, { file: 'pmta/config', line: 6, block: '<domain *>' });
  });

  it('explains from the config above a named file that it includes, and says so', () => {
    const r = lint(['--explain', 'gmail.com/v1', 'pmta/conf.d/vmtas.conf'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, lint(['--explain', 'gmail.com/v1', 'pmta/config'], { cwd: dir }).stdout);
    assert.match(r.stdout, /max-smtp-out\s+4\s+pmta\/conf\.d\/vmtas\.conf:4 <domain gmail\.com>/);
    assert.equal(r.stderr, 'pmta-lint: explained from pmta/config, which includes pmta/conf.d/vmtas.conf\n');
  });

  it('rejects a malformed request with exit 2', () => {
    assert.equal(lint(['--explain', '/v1', 'pmta/config'], { cwd: dir }).code, 2);
    assert.equal(lint(['--explain', 'a.com', '--format', 'sarif', 'pmta/config'], { cwd: dir }).code, 2);
  });
});
