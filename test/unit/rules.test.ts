import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CODES } from '../../server/src/analysis/codes';
import { applyFix, cfg, codes, describeRuleCases, findings, fixOf } from '../helpers';

/** For each code: configs where it must fire (with the 1-based line) and configs where it must not. */
const RULES: Record<string, { fires: [string, number][]; silent: string[] }> = {
  'unclosed-block': {
    fires: [
      [cfg('<virtual-mta v1>', '  smtp-source-host 1.2.3.4 a.example.com'), 1],
      [cfg('<virtual-mta v1>', '  <domain x.com>', '  max-smtp-out 2', '</virtual-mta>'), 2],
    ],
    silent: [cfg('<virtual-mta v1>', '</virtual-mta>')],
  },
  'unexpected-close': {
    fires: [[cfg('max-smtp-out 1', '</domain>'), 2]],
    silent: [cfg('<domain x.com>', '</domain>')],
  },
  'malformed-tag': {
    fires: [
      [cfg('<domain x.com', '</domain>'), 1],
      [cfg('<domain x.com> max-smtp-out 2', '</domain>'), 1],
      [cfg('<virtual-mta v1>>', '</virtual-mta>'), 1],
      [cfg('<domain x.com>', '</domain>>'), 2],
      [cfg('<bounce-processor>', '<address-list><b>', '</address-list>', '</bounce-processor>'), 2],
    ],
    silent: [cfg('<domain x.com> # comment after the tag is fine', '</domain>'), cfg('<acct-file |/usr/local/bin/acct-loader --log >/var/log/acct-loader.log>', '</acct-file>')],
  },
  'unknown-directive': {
    fires: [[cfg('<domain *>', '  max-smtp-ot 20', '</domain>'), 2]],
    silent: [cfg('<domain *>', '  max-smtp-out 20', '</domain>')],
  },
  'unknown-block': {
    fires: [[cfg('<policy default>', '</policy>'), 1]],
    silent: [cfg('<dns>', '</dns>')],
  },
  'misplaced-directive': {
    fires: [[cfg('max-msg-rate 100/h'), 1]],
    silent: [cfg('<domain *>', 'max-msg-rate 100/h', '</domain>')],
  },
  'misplaced-block': {
    fires: [[cfg('<domain *>', '  <virtual-mta v1>', '  </virtual-mta>', '</domain>'), 2]],
    silent: [cfg('<virtual-mta v1>', '  <domain *>', '  </domain>', '</virtual-mta>')],
  },
  'missing-value': {
    fires: [[cfg('log-file'), 1]],
    silent: [cfg('log-file /var/log/pmta/log')],
  },
  'invalid-value': {
    fires: [[cfg('<domain *>', 'bounce-after 3x', '</domain>'), 2]],
    silent: [cfg('<domain *>', 'bounce-after 3d', '</domain>')],
  },
  'unitless-duration': {
    fires: [[cfg('<domain *>', 'bounce-after 3600', '</domain>'), 2]],
    silent: [cfg('<domain *>', 'bounce-after 1h', '</domain>')],
  },
  'invalid-regex': {
    fires: [[cfg('<smtp-pattern-list p>', 'reply /a(b/ mode=backoff', '</smtp-pattern-list>'), 2]],
    silent: [cfg('<smtp-pattern-list p>', 'reply /a(b)/ mode=backoff', '</smtp-pattern-list>')],
  },
  'merge-conflict-marker': {
    fires: [
      [cfg('<virtual-mta v>', '<<<<<<< HEAD', 'smtp-source-host 1.2.3.4 a.example.com', '=======', 'smtp-source-host 1.2.3.5 a.example.com', '>>>>>>> new-ip', '</virtual-mta>'), 2],
      [cfg('<virtual-mta v>', '<<<<<<< HEAD', 'smtp-source-host 1.2.3.4 a.example.com', '=======', 'smtp-source-host 1.2.3.5 a.example.com', '>>>>>>> new-ip', '</virtual-mta>'), 4],
      [cfg('<virtual-mta v>', '<<<<<<< HEAD', 'smtp-source-host 1.2.3.4 a.example.com', '=======', 'smtp-source-host 1.2.3.5 a.example.com', '>>>>>>> new-ip', '</virtual-mta>'), 6],
      // A marker after a list that ends with a comma is still a marker, not the list's next line.
      [cfg('<<<<<<< HEAD', 'domain-macro big gmail.com,', '=======', 'domain-macro big yahoo.com', '>>>>>>> theirs'), 3],
      [cfg('||||||| base'), 1],
      // The first line of a file with a byte-order mark.
      ['\uFEFF<<<<<<< HEAD\npostmaster a@b.com\n=======\npostmaster c@d.com\n>>>>>>> x\n', 1],
    ],
    silent: [
      cfg('# <<<<<<< HEAD', 'postmaster a@b.com', '# >>>>>>> x'),
      cfg('<domain x>', '</domain>'),
    ],
  },
  'typographic-character': {
    fires: [
      [cfg('<virtual-mta v>', 'smtp-source-host 1.2.3.4 \u201ca.example.com\u201d', '</virtual-mta>'), 2],
      [cfg('<smtp-pattern-list p>', 'reply /Excessive unknown recipients \u2013 possible Open Relay/ mode=backoff', '</smtp-pattern-list>'), 2],
      [cfg('<bounce-category-patterns>', '  /mailbox \u2018full\u2019/ quota-issues', '</bounce-category-patterns>'), 2],
      [cfg('<domain \u201cx.com\u201d>', '</domain>'), 1],
      [cfg('domain-macro m a.com,', '    b\u2014c.com'), 2],
    ],
    silent: [
      cfg('# Throttles \u2014 \u201cgmail\u201d', '<domain gmail.com>', '  max-smtp-out 5 # \u2018conservative\u2019 \u2013 see wiki', '</domain>'),
      // A name with a long dash is the name checks' (unknown-directive says which was meant).
      cfg('<domain x.com>', '  max\u2013smtp\u2013out 5', '</domain>'),
    ],
  },
  'template-placeholder': {
    fires: [
      [cfg('{{#each ips}}'), 1],
      [cfg('<virtual-mta v>', 'smtp-source-host {{ip}} {{host}}', '</virtual-mta>'), 2],
      [cfg('http-mgmt-port __HTTP_PORT__'), 1],
    ],
    silent: [cfg('<virtual-mta v>', 'smtp-source-host 1.2.3.4 a.example.com', '</virtual-mta>')],
  },
  'undefined-reference': {
    fires: [
      [cfg('<virtual-mta-pool p>', 'virtual-mta missing', '</virtual-mta-pool>'), 2],
      [cfg('<domain *>', 'smtp-pattern-list nothing', '</domain>'), 2],
      [cfg('<domain $nomacro>', '</domain>'), 1],
      [cfg('<source 0/0>', 'default-virtual-mta ghost', '</source>'), 2],
      [cfg('smtp-listener 0/0:25 source=nobody'), 1],
    ],
    silent: [
      // defined after the use: PowerMTA resolves names across the file
      cfg('<virtual-mta-pool p>', 'virtual-mta v1', '</virtual-mta-pool>', '<virtual-mta v1>', '</virtual-mta>'),
      cfg('<domain $big>', '</domain>', 'domain-macro big gmail.com, yahoo.com'),
      cfg('<source 0/0>', 'default-virtual-mta by-smtp-source-ip', '</source>'),
      cfg('<smtp-user u>', 'source {auth}', '</smtp-user>'),
    ],
  },
  'reference-case-mismatch': {
    fires: [[cfg('<virtual-mta VMTA1>', '</virtual-mta>', '<virtual-mta-pool p>', 'virtual-mta vmta1', '</virtual-mta-pool>'), 4]],
    silent: [cfg('<virtual-mta vmta1>', '</virtual-mta>', '<virtual-mta-pool p>', 'virtual-mta vmta1', '</virtual-mta-pool>')],
  },
  'define-before-use': {
    fires: [[cfg('<source 10.0.0.0/8>', 'pattern-list routes', '</source>', '<pattern-list routes>', '</pattern-list>'), 2]],
    silent: [cfg('<pattern-list routes>', '</pattern-list>', '<source 10.0.0.0/8>', 'pattern-list routes', '</source>')],
  },
  'duplicate-definition': {
    fires: [
      [cfg('<virtual-mta a>', '</virtual-mta>', '<virtual-mta a>', '</virtual-mta>'), 3],
      [cfg('<virtual-mta a>', '</virtual-mta>', '<virtual-mta-pool a>', '</virtual-mta-pool>'), 3],
    ],
    silent: [cfg('<virtual-mta a>', '</virtual-mta>', '<virtual-mta b>', '</virtual-mta>')],
  },
  'duplicate-block': {
    fires: [[cfg('<domain x.com>', '</domain>', '<domain x.com>', '</domain>'), 3]],
    silent: [cfg('<domain x.com>', '</domain>', '<virtual-mta v>', '<domain x.com>', '</domain>', '</virtual-mta>')],
  },
  'duplicate-directive': {
    fires: [[cfg('<domain *>', 'max-smtp-out 2', 'max-smtp-out 3', '</domain>'), 3]],
    silent: [cfg('<domain *>', 'max-smtp-out 2', '</domain>', 'postmaster a@x.com', 'postmaster b@x.com')],
  },
  'open-relay': {
    fires: [
      [cfg('<source 0/0>', 'always-allow-relaying yes', '</source>'), 2],
      [cfg('relay-domain *'), 1],
      [cfg('relay-address /.*/'), 1],
      [cfg('smtp-listener 0/0:2525 source=feeders', '<source feeders>', 'always-allow-relaying yes', '</source>'), 3],
    ],
    silent: [
      cfg('<source 0/0>', 'always-allow-relaying yes', 'require-auth true', '</source>'),
      cfg('<source 10.1.2.0/24>', 'always-allow-relaying yes', '</source>'),
      cfg('<source 127.0.0.1>', 'always-allow-relaying yes', '</source>'),
      cfg('smtp-listener 127.0.0.1:2525 source=feeders', '<source feeders>', 'always-allow-relaying yes', '</source>'),
      cfg('relay-domain bounces.example.com'),
    ],
  },
  'public-admin-access': {
    fires: [
      [cfg('http-access 0/0 admin'), 1],
      [cfg('http-access 0.0.0.0/0 admin'), 1],
      [cfg('http-access ::/0 admin'), 1],
    ],
    silent: [cfg('http-access 127.0.0.1 admin'), cfg('http-access 10.0.0.0/8 admin'), cfg('http-access 0/0 none')],
  },
  'comment-in-value': {
    fires: [[cfg('<smtp-user u>', 'password abc#123', '</smtp-user>'), 2]],
    silent: [cfg('<smtp-user u>', 'password abc123 # rotate monthly', '</smtp-user>')],
  },
  'deprecated-directive': {
    fires: [[cfg('<domain *>', 'max-msg-per-hour 100', '</domain>'), 2]],
    silent: [cfg('<domain *>', 'max-msg-rate 100/h', '</domain>')],
  },
  'removed-directive': {
    fires: [[cfg('smtp-server-tls-allow-sslv3 no'), 1]],
    silent: [cfg('smtp-server-tls-allow-tlsv1 no')],
  },
  'legacy-directive': {
    fires: [[cfg('sync-msg-create false'), 1]],
    silent: [cfg('run-as-root no')],
  },
  'non-canonical-case': {
    fires: [[cfg('Pickup /var/pickup /var/badmail'), 1]],
    silent: [cfg('pickup /var/pickup /var/badmail')],
  },
  'foreign-syntax': {
    fires: [
      [cfg('ip 192.0.2.1 domain = example.com;'), 1],
      [cfg('log-file /var/log/pmta/log;'), 1],
      [cfg('max-smtp-out = 20'), 1],
      [cfg('virtual-mta vmta1 {'), 1],
      // Markdown code fences around a configuration copied from a chat or a wiki (the fix empties the line).
      [cfg('```apache', 'postmaster a@b.com', '```'), 1],
      [cfg('```apache', 'postmaster a@b.com', '```'), 3],
      [cfg('<domain *>', '  ~~~', '</domain>'), 2],
      // Tags escaped for HTML, as forum posts and wiki sources show them (the fix decodes them).
      [cfg('&lt;domain gmail.com&gt;', '  max-smtp-out 10', '&lt;/domain&gt;'), 1],
      [cfg('&lt;domain gmail.com&gt;', '  max-smtp-out 10', '&lt;/domain&gt;'), 3],
      [cfg('&LT;virtual-mta v&GT;', '&LT;/virtual-mta&GT;'), 2],
      // A shell here-document around a configuration, copied out of an install script (the fix empties the line).
      [cfg("cat > /etc/pmta/config <<'EOF'", 'postmaster a@b.com', 'EOF'), 1],
      [cfg("cat > /etc/pmta/config <<'EOF'", 'postmaster a@b.com', 'EOF'), 3],
      [cfg('sudo tee /etc/pmta/config > /dev/null << PMTAEOF', 'postmaster a@b.com', 'PMTAEOF'), 1],
      [cfg('cat <<-"END" >> /etc/pmta/config', 'postmaster a@b.com', '  END'), 3],
      // A line an install script appends with echo (the fix writes the line echoed).
      [cfg('echo "postmaster a@b.com" >> /etc/pmta/config'), 1],
      [cfg('<virtual-mta v>', "  echo '  smtp-source-host 192.0.2.1 v.example.com' > /etc/pmta/config", '</virtual-mta>'), 2],
      [cfg('echo -e "<domain *>\\n  max-smtp-out 20\\n</domain>" >> /etc/pmta/config'), 1],
    ],
    silent: [
      cfg('log-file /var/log/pmta/log'),
      cfg('<domain *>', 'smtp-hosts [10.0.0.1]:25; [10.0.0.2]:25', '</domain>'),
      cfg('# ```', 'postmaster a@b.com'),
      // `<<` in a quoted value, and a one-word line that is no usual delimiter.
      cfg('<domain *>', '  dsn-failed-subject-template "Failed << ${subject}"', '</domain>'),
      cfg('# cat > /etc/pmta/config <<EOF', 'postmaster a@b.com', '# EOF'),
    ],
  },
  'guide-dialect': {
    fires: [
      [cfg('<domain *>', 'backoff-trigger-pattern /Too many connections/', '</domain>'), 2],
      [cfg('<domain *>', 'backoff-retry-interval 30m', '</domain>'), 2],
      [cfg('statistics-interval 30'), 1],
      [cfg('<statistics graphite>', 'host monitoring.example.com', 'port 2003', 'prefix pmta.prod.', '</statistics>'), 1],
      [cfg('<source 0/0>', 'allow-relay no', '</source>'), 2],
      [cfg('<source *>', '</source>'), 1],
    ],
    silent: [cfg('<domain *>', 'backoff-retry-after 30m', '</domain>')],
  },
};

describe('diagnostic rules', () => {
  it('lists only codes of the contract (every code is covered by its examples in operator-rules.test.ts)', () => {
    assert.deepEqual(
      Object.keys(RULES).filter((c) => !(c in CODES)),
      [],
    );
  });
  describeRuleCases(RULES);
});

describe('rule details', () => {
  it('guide-dialect values are still validated', () => {
    assert.deepEqual(codes(cfg('<domain *>', 'backoff-retry-interval soon', '</domain>'), 'invalid-value'), ['2:invalid-value']);
    assert.deepEqual(codes(cfg('<domain *>', 'backoff-trigger-pattern /unclosed', '</domain>'), 'invalid-regex'), ['2:invalid-regex']);
    assert.deepEqual(codes(cfg('<statistics graphite>', 'port 99999', '</statistics>'), 'invalid-value'), ['2:invalid-value']);
  });
  it('guide-dialect messages name the documented equivalent', () => {
    const m = (t: string) => findings(t, 'guide-dialect')[0].message;
    assert.match(m(cfg('<domain *>', 'backoff-retry-interval 30m', '</domain>')), /backoff-retry-after/);
    assert.match(m(cfg('<domain *>', 'backoff-trigger-pattern /x/', '</domain>')), /smtp-pattern-list.*reply \/REGEX\/ mode=backoff/);
    assert.match(m(cfg('<source 0/0>', 'allow-relay no', '</source>')), /always-allow-relaying/);
    assert.match(m(cfg('<source *>', '</source>')), /<source 0\/0>/);
  });
  it('a shell here-document\'s first and last lines are foreign syntax, named as such, and not also unknown directives', () => {
    const text = cfg('cat > /etc/pmta/config << "EOF"', 'postmaster a@b.com', 'EOF', 'CONFIG');
    assert.deepEqual(codes(text).filter((c) => /foreign|unknown/.test(c)), ['1:foreign-syntax', '3:foreign-syntax', '4:unknown-directive']);
    const [first, last] = findings(text, 'foreign-syntax').map((f) => f.message);
    assert.match(first, /^Not PowerMTA syntax: a shell command that starts a here-document \(`<<EOF`\).*PowerMTA reads `cat` as a directive it does not know\. Delete the line, and the `EOF` line/);
    assert.match(last, /^Not PowerMTA syntax: `EOF` is the line that ends a shell here-document/);
  });
  it('an echo line of an install script is foreign syntax whose fix writes the line it echoes', () => {
    const fixed = (line: string) => applyFix(line, fixOf(findings(line, 'foreign-syntax')[0])!.edits);
    assert.equal(fixed('echo "<virtual-mta mta1>" >> /etc/pmta/config\n'), '<virtual-mta mta1>\n');
    assert.equal(fixed('  echo "    virtual-mta mta1" >> "/etc/pmta/config"\n'), '    virtual-mta mta1\n', 'the echoed line keeps its own indentation');
    assert.equal(fixed('echo "http-access \\"$IP\\" admin" >> /etc/pmta/config\n'), 'http-access "$IP" admin\n', 'the shell\'s escapes taken off');
    assert.equal(fixed('echo "" >> /etc/pmta/config\n'), '\n');
    assert.match(findings('echo "" >> /etc/pmta/config\n', 'foreign-syntax')[0].message, /^Not PowerMTA syntax: a shell `echo` that writes an empty line into a file/);
    assert.equal(fixOf(findings('echo -e "a\\nb" >> /etc/pmta/config\n', 'foreign-syntax')[0]), undefined, 'no fix where the shell may expand \\n');
    // An echo that writes no file is left to unknown-directive.
    assert.deepEqual(codes('echo hello\n').filter((c) => /foreign|unknown/.test(c)), ['1:unknown-directive']);
  });
  it('a shell variable in a value, or named in capitals where a domain macro goes, is said to be one an install script left unfilled', () => {
    assert.match(findings(cfg('http-access $MY_IP admin'), 'invalid-value')[0].message, /expected an IP address.*`\$MY_IP` looks like a shell variable left unfilled/);
    assert.match(findings(cfg('<virtual-mta v>', '  smtp-source-host 192.0.2.1 mail.${DOMAIN}', '</virtual-mta>'), 'invalid-value')[0].message, /`\$\{DOMAIN\}` looks like a shell variable/);
    assert.match(findings(cfg('log-file /var/log/pmta/log', 'postmaster a@b.com', '<domain $DOMAIN>', '</domain>'), 'undefined-reference')[0].message, /^No domain-macro named `DOMAIN` is defined\. `\$DOMAIN` may be a shell variable left unfilled/);
    assert.doesNotMatch(findings(cfg('<domain $hotmail>', '</domain>'), 'undefined-reference')[0].message, /shell/, 'a macro name in lower case');
    assert.doesNotMatch(findings(cfg('<domain $AOL>', '</domain>'), 'undefined-reference')[0].message, /shell/, 'in a file that looks like part of a configuration, which may define it');
    assert.doesNotMatch(findings(cfg('http-access 10.0.0.0/33 admin'), 'invalid-value')[0].message, /shell/);
  });
  it('unknown-directive suggests the closest name in the block', () => {
    assert.match(findings(cfg('<domain *>', 'max-smtp-ot 20', '</domain>'), 'unknown-directive')[0].message, /did you mean `max-smtp-out`/);
    assert.equal(findings(cfg('<domain *>', 'max-smtp-ot 20', '</domain>'), 'unknown-directive')[0].data?.suggestion, 'max-smtp-out');
  });
  it('unknown-directive says where a suggested name belongs when the line stands elsewhere', () => {
    const message = (...lines: string[]) => findings(cfg(...lines), 'unknown-directive')[0].message;
    assert.match(message('max-smtp-ot 20'), /did you mean `max-smtp-out`\? It belongs in <domain>, <virtual-mta>, <virtual-mta-pool>, not in the top level\./);
    assert.match(message('<domain *>', 'smtp-listner 0/0:25', '</domain>'), /did you mean `smtp-listener`\? It belongs in the top level, not in <domain>\./);
    assert.doesNotMatch(message('<domain *>', 'max-smtp-ot 20', '</domain>'), /belongs/, 'allowed where it stands');
  });
  it('unknown-directive drops a loose suggestion whose value the line cannot have, and keeps a near typo whatever the value', () => {
    const suggestion = (line: string) => findings(cfg(line), 'unknown-directive')[0].data?.suggestion;
    assert.equal(suggestion('max-connections 100'), undefined, 'log-connections takes yes or no');
    assert.equal(suggestion('max-connections yes'), 'log-connections');
    assert.equal(suggestion('max-connections'), 'log-connections', 'no value yet: the name may still be being typed');
    assert.equal(suggestion('dkim-signer-domain gmail.com'), undefined, 'dkim-sign takes yes or no');
    assert.equal(suggestion('max-smtp-ou abc'), 'max-smtp-out', 'one edit away: a typo, whatever the value');
    assert.doesNotMatch(findings(cfg('max-connections 100'), 'unknown-directive')[0].message, /did you mean/);
  });
  it('undefined-reference is an error in a whole configuration, and a warning saying why in a file that looks like part of one', () => {
    const main = cfg('log-file /var/log/pmta/log', 'postmaster a@b.com', '<virtual-mta-pool p>', '  virtual-mta nowhere', '</virtual-mta-pool>');
    const [inMain] = findings(main, 'undefined-reference');
    assert.equal(inMain.severity, undefined);
    assert.equal(inMain.message, 'No <virtual-mta> named `nowhere` is defined.');
    const [inPart] = findings(cfg('<virtual-mta-pool p>', '  virtual-mta nowhere', '</virtual-mta-pool>'), 'undefined-reference');
    assert.equal(inPart.severity, 'warning');
    assert.match(inPart.message, /^No <virtual-mta> named `nowhere` is defined in what was read\. This file looks like part of a configuration \(no file that includes it was found, and it sets fewer than two of a main file's settings/);
  });
  it('undefined-reference suggests no name that cannot be written as one value (a tab pasted into a tag) or holds an invisible character', () => {
    const suggestion = (...lines: string[]) => findings(cfg(...lines), 'undefined-reference')[0].data?.suggestion;
    assert.equal(suggestion('<source {s\tauth}>', '</source>', '<smtp-user u>', 'source {sauth}', '</smtp-user>'), undefined);
    assert.equal(suggestion('domain-macro b\u202elocked a.com', '<domain $blocked>', '</domain>'), undefined);
    assert.equal(suggestion('domain-macro b_locked a.com', '<domain $blocked>', '</domain>'), 'b_locked');
    assert.equal(suggestion('domain-macro b|locked a.com', '<domain $blocked>', '</domain>'), undefined, 'a $macro use cannot hold a `|`');
    assert.equal(suggestion('<source {s-auth}>', '</source>', '<smtp-user u>', 'source {sauth}', '</smtp-user>'), '{s-auth}');
  });
  it('a line repeated with the same findings has them, and their quick fixes, on its own line (checked once, copied)', () => {
    const line = '<domain *>\n  MAX-SMTP-OUT 5\u200b\n</domain>\n';
    const text = line.repeat(300);
    const all = findings(text);
    for (const code of ['non-canonical-case', 'invisible-character']) {
      const mine = all.filter((f) => f.code === code);
      assert.deepEqual(mine.map((f) => f.line), Array.from({ length: 300 }, (_, k) => 3 * k + 1), code);
      for (const f of mine) for (const e of fixOf(f)?.edits ?? []) assert.equal(e.line, f.line, `${code} fix on line ${f.line}`);
    }
    // A byte-order mark opening the file is not reported; the same text further down is.
    const bom = findings('\uFEFFpostmaster a@b.c\n'.repeat(300), 'invisible-character');
    assert.deepEqual(bom.map((f) => f.line), Array.from({ length: 299 }, (_, k) => k + 1));
  });
  it('deprecated-directive names the replacement', () => {
    assert.match(findings(cfg('<domain *>', 'max-msg-per-hour 100', '</domain>'), 'deprecated-directive')[0].message, /max-msg-rate/);
  });
  it('misplaced-directive says where the directive belongs', () => {
    assert.match(findings(cfg('max-msg-rate 100/h'), 'misplaced-directive')[0].message, /top level; it belongs in <domain>/);
  });
  it('a `#` glued to a password is reported with the value PowerMTA keeps', () => {
    assert.match(findings(cfg('<smtp-user u>', 'password abc#123', '</smtp-user>'), 'comment-in-value')[0].message, /up to `abc`/);
  });
  it('comment-in-value underlines the cut-off text, not the blanks after it', () => {
    const f = findings(cfg('<smtp-user u>', '  password abc#123 \t ', '</smtp-user>'), 'comment-in-value')[0];
    assert.deepEqual([f.start, f.end], [14, 18]);
    assert.match(f.message, /ignores `#123`\./);
  });
  it('suppression comments silence a code on the line, the next line, or the file', () => {
    assert.deepEqual(codes(cfg('max-smtp-ot 1 # pmta-lint: disable=unknown-directive')), []);
    assert.deepEqual(codes(cfg('# pmta-lint: disable-next-line=unknown-directive', 'max-smtp-ot 1')), []);
    assert.deepEqual(codes(cfg('# pmta-lint: disable-file=unknown-directive', 'x-one 1', 'x-two 2')), []);
    assert.deepEqual(codes(cfg('# pmta-lint: disable-next-line=misplaced-directive', 'max-smtp-ot 1')), ['2:unknown-directive']);
  });
  it('a suppression comment whose list names no code silences every code, with or without blanks after `=`', () => {
    for (const comment of ['# pmta-lint: disable-next-line', '# pmta-lint: disable-next-line=', '# pmta-lint: disable-next-line =  ', '# pmta-lint: disable-next-line= , ']) {
      assert.deepEqual(codes(cfg(comment, 'max-smtp-ot 1')), [], JSON.stringify(comment));
    }
  });
  it('a value cleared with "" is accepted where PowerMTA allows it', () => {
    assert.deepEqual(codes(cfg('<domain *>', 'reroute-to-virtual-mta ""', 'queue-to ""', '</domain>')), []);
  });
  it('comma lists continue on the next line', () => {
    const text = cfg('domain-macro TopLevel co.il, co.jp, com,', 'co.th, co.uk,', 'de', '<domain yahoo.$TopLevel>', '</domain>');
    assert.deepEqual(codes(text), []);
  });
  it('a named source is defined by its tag, and the listener reference resolves', () => {
    assert.deepEqual(codes(cfg('smtp-listener 127.0.0.1:2525 source=feeders', '<source feeders>', 'always-allow-relaying yes', '</source>')), []);
  });
  it('bounce-category pattern lines are checked', () => {
    assert.deepEqual(codes(cfg('<bounce-category-patterns>', '/mailbox full/ quota-issues', '// other', '</bounce-category-patterns>')), []);
    assert.deepEqual(codes(cfg('<bounce-category-patterns>', '/mailbox (full/ quota-issues', '</bounce-category-patterns>')), ['2:invalid-regex']);
  });
  it('nested pattern lists parse', () => {
    const text = cfg('<virtual-mta v1>', 'smtp-source-host 192.0.2.1 v1.example.com', '</virtual-mta>', '<pattern-list p>', 'mail-from /news/ <pattern-list>', '* virtual-mta=v1', '</pattern-list>', '</pattern-list>');
    assert.deepEqual(codes(text), []);
  });
});
