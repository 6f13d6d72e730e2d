import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CODES } from '../../server/src/analysis/codes';
import { CLI_JS, FILES, ROOT, hasStackTrace, lint, plainEnv, workdir } from './harness';

const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
const BAD_WARNING = "bad.conf:1:1: warning unknown-directive: Unknown directive `max-smtp-ot`; did you mean `max-smtp-out`? It belongs in <domain>, <virtual-mta>, <virtual-mta-pool>, not in the top level.";
const BAD_ERROR = 'bad.conf:3:15: error invalid-value: `lots` is not valid for `max-smtp-out`: expected a whole number.';

let dir: string;
let cleanup: () => void;
before(() => {
  ({ dir, cleanup } = workdir({
    ...FILES,
    'conf.d/a.conf': FILES['warn.conf'],
    'conf.d/b.conf': FILES['clean.conf'],
    'conf.d/sub/c.conf': FILES['bad.conf'],
    'conf.d/notes.txt': 'not a config\n',
    'literal[1].conf': FILES['clean.conf'],
    'etc/pmta/config': FILES['clean.conf'],
    'with space/odd#name@1%.conf': FILES['warn.conf'],
    'binary.conf': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x00, 0x01]),
    'bom.conf': '\ufeffbogus-thing 1\n',
    'crlf.conf': 'max-smtp-ot 20\r\n<domain *>\r\n    max-smtp-out lots\r\n</domain>\r\n',
    'conflict.conf': '<domain example.com>\n<<<<<<< HEAD\n    max-smtp-out 10\n=======\n    max-msg-rate 5/m\n>>>>>>> slower (#7)\n</domain>\n',
    'rules.json': JSON.stringify({ severity: 'warning', rules: { 'invalid-value': 'off', 'unknown-directive': 'error' } }),
  }));
});
after(() => cleanup());

describe('pmta-lint text output and exit codes', () => {
  it('prints file:line:col: severity code: message and a summary; exit 1 on an error', () => {
    const r = lint(['bad.conf'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, `${BAD_WARNING}\n${BAD_ERROR}\n1 error, 1 warning in 1 file\n`);
    assert.equal(r.stderr, '');
  });

  it('fails a file that still holds the markers of a merge conflict, one error per marker and nothing else', () => {
    const r = lint(['conflict.conf'], { cwd: dir });
    assert.equal(r.code, 1);
    const found = r.stdout.split('\n').filter((l) => l.startsWith('conflict.conf:')).map((l) => l.split(':').slice(1, 4).join(':'));
    assert.deepEqual(found, ['2:1: error merge-conflict-marker', '4:1: error merge-conflict-marker', '6:1: error merge-conflict-marker'], r.stdout);
    assert.match(r.stdout, /conflict\.conf:6:1: .*ends the second side \(`slower \(#7\)`\)/);
  });

  it('exits 0 on a clean file and says so', () => {
    const r = lint(['clean.conf'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'No problems in 1 file\n');
  });

  it('exits 0 when only warnings are found', () => {
    const r = lint(['warn.conf'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^warn\.conf:1:1: warning unknown-directive: /);
    assert.match(r.stdout, /\n1 warning in 1 file\n$/);
  });

  it('counts files with findings and files checked in the summary', () => {
    const r = lint(['bad.conf', 'clean.conf', 'warn.conf'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\n1 error, 2 warnings in 2 files \(3 checked\)\n$/);
  });

  it('shows no excerpt and no colour when stdout is not a terminal', () => {
    const r = lint(['bad.conf'], { cwd: dir });
    assert.doesNotMatch(r.stdout, /\x1b\[|\^/);
  });

  it('--excerpt shows the source line and a caret under the span, tabs expanded', () => {
    const r = lint(['--excerpt', 'bad.conf'], { cwd: dir });
    const lines = r.stdout.split('\n');
    const i = lines.indexOf(BAD_ERROR);
    assert.ok(i > 0, r.stdout);
    assert.equal(lines[i + 1], '3 |     max-smtp-out lots');
    assert.equal(lines[i + 2], '  |                  ^~~~');
    assert.equal(lines[i + 2].indexOf('^'), lines[i + 1].indexOf('lots'));
  });

  it('on a terminal shows the excerpt in colour (real pty via script(1))', () => {
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_JS)} bad.conf`;
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, env: plainEnv({ TERM: 'xterm' }), encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 1, r.stderr);
    const out = r.stdout.replace(/\r\n/g, '\n');
    assert.match(out, /\x1b\[31merror\x1b\[0m/);
    const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
    assert.ok(plain.includes(`3 |     max-smtp-out lots\n  |                  ^~~~\n`), plain);
    assert.ok(plain.includes('1 | max-smtp-ot 20\n  | ^~~~~~~~~~~\n'), plain);
  });

  it('NO_COLOR and --no-color switch colours off on a terminal; --no-excerpt drops the source lines', () => {
    const run = (args: string, env: Record<string, string>) =>
      spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_JS)} ${args} bad.conf`, '/dev/null'], {
        cwd: dir,
        env: plainEnv({ TERM: 'xterm', ...env }),
        encoding: 'utf8',
        timeout: 30_000,
      }).stdout;
    assert.doesNotMatch(run('', { NO_COLOR: '1' }), /\x1b\[/);
    assert.match(run('', { NO_COLOR: '1' }), /\^~~~/);
    assert.doesNotMatch(run('--no-color', {}), /\x1b\[/);
    assert.doesNotMatch(run('--no-excerpt', {}), /\^/);
  });

  it('--color forces colours into a pipe', () => {
    assert.match(lint(['--color', 'bad.conf'], { cwd: dir }).stdout, /\x1b\[33mwarning\x1b\[0m/);
  });

  it('--quiet prints findings only, and nothing at all for a clean file', () => {
    const r = lint(['--quiet', 'bad.conf'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, `${BAD_WARNING}\n${BAD_ERROR}\n`);
    const clean = lint(['-q', 'clean.conf'], { cwd: dir });
    assert.deepEqual([clean.code, clean.stdout, clean.stderr], [0, '', '']);
  });

  it('reads CRLF files and strips a UTF-8 byte-order mark, keeping columns as editors show them', () => {
    const crlf = lint(['-q', 'crlf.conf'], { cwd: dir });
    assert.equal(crlf.stdout, `${BAD_WARNING.replace('bad.conf', 'crlf.conf')}\ncrlf.conf:3:18: error invalid-value: \`lots\` is not valid for \`max-smtp-out\`: expected a whole number.\n`);
    assert.match(lint(['-q', 'bom.conf'], { cwd: dir }).stdout, /^bom\.conf:1:1: warning unknown-directive: Unknown directive `bogus-thing`/);
  });
});

describe('pmta-lint JSON output', () => {
  it('is the documented array of 1-based findings', () => {
    const r = lint(['--format', 'json', 'bad.conf', 'clean.conf'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout), [
      { file: 'bad.conf', line: 1, column: 1, endLine: 1, endColumn: 12, severity: 'warning', code: 'unknown-directive', message: 'Unknown directive `max-smtp-ot`; did you mean `max-smtp-out`? It belongs in <domain>, <virtual-mta>, <virtual-mta-pool>, not in the top level.' },
      { file: 'bad.conf', line: 3, column: 15, endLine: 3, endColumn: 19, severity: 'error', code: 'invalid-value', message: '`lots` is not valid for `max-smtp-out`: expected a whole number.' },
    ]);
  });

  it('is an empty array for a clean file (no summary mixed in)', () => {
    const r = lint(['-f', 'json', 'clean.conf'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });
});

describe('pmta-lint severity options', () => {
  it('--severity error reports errors only', () => {
    const r = lint(['--severity', 'error', 'bad.conf', 'warn.conf'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, `${BAD_ERROR}\n1 error in 1 file (2 checked)\n`);
  });

  it('--severity warning hides information findings', () => {
    const legacy = 'sync-msg-create false\n';
    const all = lint(['-f', 'json', '-'], { input: legacy });
    assert.deepEqual(JSON.parse(all.stdout).map((f: any) => f.severity), ['information']);
    const floor = lint(['-f', 'json', '--severity', 'warning', '-'], { input: legacy });
    assert.deepEqual(JSON.parse(floor.stdout), []);
  });

  it('--rule CODE=off silences a code and can turn exit 1 into 0', () => {
    const r = lint(['--rule', 'invalid-value=off', 'bad.conf'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${BAD_WARNING}\n1 warning in 1 file\n`);
  });

  it('--rule CODE=error raises a warning to an error (exit 1); repeatable', () => {
    const r = lint(['--rule', 'unknown-directive=error', '--rule', 'invalid-value=info', 'bad.conf'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^bad\.conf:1:1: error unknown-directive: /);
    assert.match(r.stdout, /\nbad\.conf:3:15: information invalid-value: /);
    assert.match(r.stdout, /\n1 error, 1 information in 1 file\n$/);
  });

  it('--config FILE applies severity and rules; the command line wins', () => {
    const fromFile = lint(['--config', 'rules.json', 'bad.conf'], { cwd: dir });
    assert.equal(fromFile.code, 1);
    assert.equal(fromFile.stdout, `${BAD_WARNING.replace('warning unknown', 'error unknown')}\n1 error in 1 file\n`);
    const overridden = lint(['--config', 'rules.json', '--rule', 'unknown-directive=warning', 'bad.conf'], { cwd: dir });
    assert.equal(overridden.code, 0);
    assert.equal(overridden.stdout, `${BAD_WARNING}\n1 warning in 1 file\n`);
  });

  for (const [args, message] of [
    [['--rule', 'no-such-rule=error'], /unknown rule 'no-such-rule'/],
    [['--rule', 'invalid-value=loud'], /level for invalid-value must be off, info, warning or error/],
    [['--rule', 'invalid-value'], /--rule expects CODE=LEVEL/],
    [['--severity', 'fatal'], /--severity must be error, warning or information/],
    [['--format', 'xml'], /--format must be text, json or sarif/],
    [['--config', 'missing.json'], /cannot read --config missing\.json: no such file or directory/],
    [['--config', 'bad.conf'], /--config bad\.conf is not valid JSON/],
    [['--bogus'], /Unknown option '--bogus' \(see --help\)/],
  ] as const) {
    it(`usage error ${args.join(' ')} → exit 2 with a clear message`, () => {
      const r = lint([...args, 'clean.conf'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^pmta-lint: /);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.ok(!hasStackTrace(r.stderr), r.stderr);
    });
  }

  it('--config rejects unknown keys (a typo must not silently do nothing)', () => {
    const { dir: d, cleanup: c } = workdir({ 'cfg.json': '{"rule": {"invalid-value": "off"}}', 'x.conf': FILES['clean.conf'] });
    try {
      const r = lint(['--config', 'cfg.json', 'x.conf'], { cwd: d });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown key "rule"/);
    } finally {
      c();
    }
  });
});

describe('pmta-lint inputs', () => {
  it("reads standard input for '-' and names it <stdin>", () => {
    const r = lint(['-'], { input: 'max-smtp-ot 20\n' });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^<stdin>:1:1: warning unknown-directive: .*max-smtp-out/);
  });

  it('--stdin-filename names standard input', () => {
    const r = lint(['--stdin-filename', 'pmta/config', '-'], { input: '<domain *>\nmax-smtp-out x\n</domain>\n' });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^pmta\/config:2:14: error invalid-value: /);
  });

  it('expands quoted globs itself, sorted, including **', () => {
    const r = lint(['-f', 'json', 'conf.d/**/*.conf'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.deepEqual([...new Set(JSON.parse(r.stdout).map((f: any) => f.file))], ['conf.d/a.conf', 'conf.d/sub/c.conf']);
    const text = lint(['conf.d/*.conf'], { cwd: dir });
    assert.equal(text.code, 0);
    assert.match(text.stdout, /\n1 warning in 1 file \(2 checked\)\n$/);
  });

  it('takes an existing file literally even when its name looks like a glob', () => {
    const r = lint(['literal[1].conf'], { cwd: dir });
    assert.deepEqual([r.code, r.stdout], [0, 'No problems in 1 file\n']);
  });

  it('expands an absolute glob to absolute names', () => {
    const r = lint(['-f', 'json', join(dir, 'conf.d', '*.conf')]);
    assert.deepEqual([...new Set(JSON.parse(r.stdout).map((f: any) => f.file))], [join(dir, 'conf.d', 'a.conf')]);
  });

  it('checks a file named twice (directly and through a glob) once', () => {
    const r = lint(['-f', 'json', 'warn.conf', './warn.conf', '*.conf'], { cwd: dir });
    assert.equal(JSON.parse(r.stdout).filter((f: any) => f.code === 'unknown-directive' && /warn\.conf$/.test(f.file)).length, 1);
  });

  it('a glob that matches nothing is an I/O error (exit 2), other inputs are still checked', () => {
    const r = lint(['nothing/*.conf', 'warn.conf'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "pmta-lint: nothing/*.conf: no file matches this pattern\n");
    assert.match(r.stdout, /^warn\.conf:1:1: warning unknown-directive: /);
    assert.match(r.stdout, /\n1 warning in 1 file; 1 input could not be checked\n$/);
  });

  it('a missing file: one clear line on stderr, exit 2, no stack trace', () => {
    const r = lint(['no-such.conf'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'pmta-lint: no-such.conf: no such file or directory\n');
    assert.equal(r.stdout, '1 input could not be checked\n');
  });

  it('exit 2 wins over 1: a missing file next to a file with errors', () => {
    const r = lint(['bad.conf', 'no-such.conf'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /\n1 error, 1 warning in 1 file; 1 input could not be checked\n$/);
  });

  it('a directory: exit 2 with a hint at its config file', () => {
    const r = lint(['etc/pmta'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `pmta-lint: etc/pmta: is a directory; did you mean ${join('etc/pmta', 'config')}?\n`);
    const plainDir = lint(['conf.d'], { cwd: dir });
    assert.equal(plainDir.stderr, "pmta-lint: conf.d: is a directory; give a file, or a quoted glob such as 'conf.d/*.conf'\n");
  });

  it('an unreadable file: permission denied, exit 2, no stack trace', () => {
    const file = join(dir, 'secret.conf');
    writeFileSync(file, FILES['bad.conf']);
    chmodSync(file, 0o000);
    // root reads anything, so run as an unprivileged user when the tests run as root.
    const asRoot = process.getuid?.() === 0;
    const r = lint([file, join(dir, 'warn.conf')], { spawn: asRoot ? { uid: 65534, gid: 65534 } : {} });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `pmta-lint: ${file}: permission denied (run pmta-lint as a user who can read it)\n`);
    assert.match(r.stdout, /warning unknown-directive/);
  });

  it('a dangling symlink and a path through a file: clear messages', () => {
    symlinkSync(join(dir, 'gone.conf'), join(dir, 'dangling.conf'));
    const r = lint(['dangling.conf', 'clean.conf/x'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'pmta-lint: dangling.conf: no such file or directory\npmta-lint: clean.conf/x: a part of the path is not a directory\n');
  });

  it('a binary file is refused, not analysed', () => {
    const r = lint(['binary.conf'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'pmta-lint: binary.conf: not a text file (it contains NUL bytes)\n');
  });

  it('a UTF-16 file (as Windows editors save "Unicode") is refused with what to do, with or without its byte-order mark', () => {
    const text = 'postmaster a@b.c\r\nmax-smtp-out 5\r\n';
    const { dir: d, cleanup: done } = workdir({
      'le.conf': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'be.conf': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
      'bare.conf': Buffer.from(text, 'utf16le'),
    });
    try {
      const r = lint(['le.conf', 'be.conf', 'bare.conf'], { cwd: d });
      assert.equal(r.code, 2);
      for (const f of ['le', 'be', 'bare']) assert.match(r.stderr, new RegExp(`^pmta-lint: ${f}\\.conf: UTF-16 text, which PowerMTA cannot read: save it as UTF-8 \\(or plain ASCII\\)$`, 'm'));
    } finally {
      done();
    }
  });

  it('control characters from the file never reach the terminal: they are shown as visible characters', () => {
    const { dir: d, cleanup: done } = workdir({ 'esc\x1b[31m.conf': 'max\x1b]0;HACKED\x07-smtp 5\n<domain a\x1b[2J.com>\n  max-smtp-out 1\n</domain>\n' });
    try {
      const r = lint(['--excerpt', 'esc\x1b[31m.conf', 'missing\x1b[1m.conf'], { cwd: d });
      assert.equal(r.code, 2);
      assert.doesNotMatch(r.stdout + r.stderr, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
      assert.match(r.stdout, /^esc\u241b\[31m\.conf:1:1: warning unknown-directive: Unknown directive `max\u241b\]0;HACKED\u2407-smtp`/m);
      assert.match(r.stdout, /^1 \| max\u241b\]0;HACKED\u2407-smtp 5$/m);
      assert.match(r.stderr, /^pmta-lint: missing\u241b\[1m\.conf: /m);
    } finally {
      done();
    }
  });

  it('binary data on standard input is refused the same way', () => {
    const r = lint(['-'], { cwd: dir, input: 'max-smtp-out 5\n\0\u0001\u0002garbage\n' });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '1 input could not be checked\n');
    assert.equal(r.stderr, 'pmta-lint: <stdin>: not a text file (it contains NUL bytes)\n');
  });

  it('with no file, checks /etc/pmta/config when it exists and says so; otherwise exit 2', () => {
    const r = lint([], { cwd: dir });
    if (existsSync('/etc/pmta/config')) {
      assert.notEqual(r.code, 2);
      assert.equal(r.stderr.split('\n')[0], 'pmta-lint: no file given; checking /etc/pmta/config');
    } else {
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'pmta-lint: no file given and /etc/pmta/config does not exist; name the files to check (see --help)\n');
      assert.equal(r.stdout, '');
    }
  });

  it('stops quietly when the reader closes the pipe early (EPIPE)', () => {
    const big = 'bogus-thing 1\n'.repeat(20_000);
    const r = spawnSync('sh', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_JS)} - | head -n 1`], { input: big, encoding: 'utf8', env: plainEnv(), timeout: 60_000 });
    assert.match(r.stdout, /^<stdin>:1:1: warning unknown-directive/);
    assert.equal(r.stderr, '');
  });
});

describe('pmta-lint informational options', () => {
  it('--version prints the package version', () => {
    const r = lint(['--version']);
    assert.deepEqual([r.code, r.stdout], [0, `pmta-lint ${VERSION}\n`]);
  });

  it('--help documents every option and the exit codes', () => {
    const r = lint(['--help']);
    assert.equal(r.code, 0);
    for (const opt of ['--format', '--severity', '--rule', '--config', '--no-color', '--quiet', '--version', '--help', '--list-rules', '--stdin-filename', '--excerpt']) {
      assert.ok(r.stdout.includes(opt), opt);
    }
    assert.match(r.stdout, /Exit status: 0 .*, 1 .*\n2 on a usage error/);
  });

  it('--list-rules lists every code with its default level', () => {
    const r = lint(['--list-rules']);
    assert.equal(r.code, 0);
    const rows = r.stdout.trim().split('\n').map((l) => l.split(/\s+/));
    assert.deepEqual(rows.map((c) => c[0]), Object.keys(CODES));
    for (const row of rows) assert.equal(row[1], CODES[row[0] as keyof typeof CODES].severity);
  });
});
