import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isFullyQualified, parseRange } from '../../server/src/analysis/values/network';
import { checkRegexBody } from '../../server/src/analysis/values/regex';
import { describeDuration, describeRate, parseDuration, parseRate, parseSize } from '../../server/src/analysis/values/time';
import { applyFix, cfg, codes, findings, fixOf } from '../helpers';

/** Value problems (missing/invalid value, regex, unit) for one directive line in its natural block. */
function problems(block: string, line: string): string[] {
  const text = block === 'global' ? cfg(line) : cfg(`<${block}>`, line, `</${block.split(' ')[0]}>`);
  return codes(text).filter((c) => /missing-value|invalid-value|invalid-regex|unitless-duration/.test(c)).map((c) => c.replace(/^\d+:/, ''));
}

const CASES: [string, string, string, string[]][] = [
  // [value type, block, line, expected codes]
  ['bool', 'domain *', 'dkim-sign yes', []],
  ['bool', 'domain *', 'use-starttls TRUE', []],
  ['bool', 'domain *', 'use-starttls maybe', ['invalid-value']],
  ['bool+keyword', 'domain *', 'dkim-sign if-x-dkim-options-present', []],
  ['int', 'domain *', 'max-smtp-out 20', []],
  ['int', 'domain *', 'max-smtp-out twenty', ['invalid-value']],
  ['int', 'domain *', 'max-smtp-out 20 30', ['invalid-value']],
  ['int range', 'domain *', 'queue-priority 101', ['invalid-value']],
  ['int keyword', 'domain *', 'max-errors-per-connection unlimited', []],
  ['duration', 'domain *', 'bounce-after 4d12h', []],
  ['duration', 'domain *', 'bounce-after 1w2d12h', []],
  ['duration', 'domain *', 'bounce-after 12h4d', ['invalid-value']],
  ['duration', 'domain *', 'bounce-after 3x', ['invalid-value']],
  ['duration bare number', 'domain *', 'retry-recipients-after 600', ['unitless-duration']],
  ['duration zero', 'domain *', 'smtp-out-rampup-interval 0', []],
  ['duration range', 'domain *', 'connection-idle-timeout 11m', ['invalid-value']],
  ['duration-or-never', 'domain *', 'backoff-to-normal-after never', []],
  ['duration-or-never', 'domain *', 'backoff-to-normal-after sometimes', ['invalid-value']],
  ['duration-list', 'domain *', 'retry-after 10m,1h,4h', []],
  ['duration-list spaces', 'domain *', 'backoff-retry-after 30m, 1h, 2h', []],
  ['duration-list', 'domain *', 'retry-after 10m,soon', ['invalid-value']],
  ['rate', 'domain *', 'max-msg-rate 10/h', []],
  ['rate multiplier', 'domain *', 'max-msg-rate 100/15m', []],
  ['rate long unit', 'domain *', 'max-msg-rate 400/day', []],
  ['rate unlimited', 'domain *', 'max-msg-rate unlimited', []],
  ['rate', 'domain *', 'max-msg-rate 100', ['invalid-value']],
  ['rate', 'domain *', 'max-msg-rate 100/week', ['invalid-value']],
  ['daily list', 'domain *', 'max-cold-virtual-mta-msg 1/day,2/d,3/day', []],
  ['daily list', 'domain *', 'max-cold-virtual-mta-msg 10/h', ['invalid-value']],
  ['size', 'acct-file /var/log/pmta/acct.csv', 'max-size 50M', []],
  ['size', 'acct-file /var/log/pmta/acct.csv', 'max-size 50X', ['invalid-value']],
  ['size unlimited', 'source 0/0', 'max-message-size unlimited', []],
  ['data rate', 'domain *', 'max-data-volume-rate 6g/10h', []],
  ['data rate', 'domain *', 'max-data-volume-rate 6g', ['invalid-value']],
  ['ip', 'global', 'name-server 8.8.8.8', []],
  ['ip', 'global', 'name-server 8.8.8', ['invalid-value']],
  ['ipv6', 'global', 'name-server 2001:db8::53', []],
  ['cidr abbreviated', 'global', 'http-access 10/8 monitor', []],
  ['cidr everything', 'global', 'http-access 0/0 none', []],
  ['cidr full', 'global', 'http-access 192.168.0.0/16 operator', []],
  ['cidr ipv6', 'global', 'http-access ::1 admin', []],
  ['cidr', 'global', 'http-access 10.0.0.0/33 monitor', ['invalid-value']],
  ['enum in composite', 'global', 'http-access 127.0.0.1 superuser', ['invalid-value']],
  ['enum in composite', 'global', 'http-access 127.0.0.1 monitor,deny-logs', []],
  ['missing argument', 'global', 'http-access 127.0.0.1', ['missing-value']],
  ['listener', 'global', 'smtp-listener 0/0:25', []],
  ['listener', 'global', 'smtp-listener 127.0.0.1:2525 source=feeders', []],
  ['listener', 'global', 'smtp-listener 0.0.0.0', ['invalid-value']],
  ['listener', 'global', 'smtp-listener 0.0.0.0:99999', ['invalid-value']],
  ['hostname', 'virtual-mta v1', 'smtp-source-host 203.0.113.10 mta1.example.com', []],
  ['hostname', 'virtual-mta v1', 'smtp-source-host 203.0.113.10 mta1..example.com', ['invalid-value']],
  ['hostname missing', 'virtual-mta v1', 'smtp-source-host 203.0.113.10', ['missing-value']],
  ['email', 'global', 'postmaster ops@example.com', []],
  ['email', 'global', 'postmaster ops', ['invalid-value']],
  ['email identity', 'domain *', 'dkim-identity @example.com', []],
  ['email list', 'domain *', 'backoff-notify a@example.com, b@example.com', []],
  ['email list clear', 'domain *', 'backoff-notify ""', []],
  ['path', 'global', 'log-file /var/log/pmta/log', []],
  ['path', 'global', 'log-file', ['missing-value']],
  ['url', 'domain *', 'http-delivery-url https://hooks.example.com/in', []],
  ['url', 'domain *', 'http-delivery-url ftp://example.com', ['invalid-value']],
  ['include url', 'global', 'include https://config.example.com/pmta.conf', []],
  ['regex', 'smtp-pattern-list p', 'reply /421 .* too many connections/ mode=backoff', []],
  ['regex unclosed', 'smtp-pattern-list p', 'reply /421 too many mode=backoff', ['invalid-regex']],
  ['regex unbalanced', 'smtp-pattern-list p', 'reply /(421|450 mode/ mode=backoff', ['invalid-regex']],
  ['regex pcre only', 'smtp-pattern-list p', 'reply /(?-i)Too Many(?>x)a++/ mode=backoff', []],
  ['reply actions', 'smtp-pattern-list p', 'reply /x/ mode=backoff,backoff-to-normal-after=1h', []],
  ['reply actions', 'smtp-pattern-list p', 'reply /x/ disable-source-ip,reenable-after=30m', []],
  ['reply actions', 'smtp-pattern-list p', 'reply /x/ mode=slow', ['invalid-value']],
  ['reply actions duration', 'smtp-pattern-list p', 'reply /x/ mode=backoff,backoff-to-normal-after=soon', ['invalid-value']],
  ['pattern result', 'pattern-list pl', 'mail-from /@example\\.com/ virtual-mta=v1', []],
  ['pattern result', 'pattern-list pl', 'rcpt-to /@x\\.com/ recipient-priority=101', ['invalid-value']],
  ['pattern result', 'pattern-list pl', 'rcpt-to /@x\\.com/ whatever=1', ['invalid-value']],
  ['records', 'acct-file /var/log/pmta/acct.csv', 'records d, b, rb, f', []],
  ['records', 'acct-file /var/log/pmta/acct.csv', 'records all', ['invalid-value']],
  ['records empty item', 'acct-file /var/log/pmta/acct.csv', 'records d,,b', ['invalid-value']],
  ['enum', 'domain *', 'type discard', []],
  ['enum', 'domain *', 'type smtp-relay', ['invalid-value']],
  ['domain-key', 'global', 'domain-key sel1, example.com, /etc/pmta/keys/sel1.example.com.pem', []],
  ['domain-key', 'global', 'domain-key sel1, example.com', ['missing-value']],
  ['quoted value', 'domain *', 'queue-to "hotmail.rollup"', []],
  ['unterminated quote', 'global', 'custom-dsn-from-header "Postmaster <p@x.com>', ['invalid-value']],
  ['quoted string', 'global', 'custom-dsn-from-header "Postmaster <p@x.com>"', []],
  ['name-ref keyword', 'source 0/0', 'default-virtual-mta by-smtp-source-ip', []],
];

describe('value types', () => {
  for (const [type, block, line, expected] of CASES) {
    it(`${type}: ${line}`, () => {
      assert.deepEqual(problems(block, line), expected);
    });
  }
});

describe('where value problems point in lists over continuation lines', () => {
  const at = (text: string, code = 'invalid-value') => findings(text, code).map((f) => `${f.line}:${f.start}-${f.endLine ?? f.line}:${f.end}`);

  it('an empty item points at the commas around it, on one line or across two', () => {
    assert.deepEqual(at('domain-macro m a.com,,b.com\n'), ['0:20-0:22']);
    assert.deepEqual(at('domain-macro m a.com,\n<domain x>\n</domain>\n'), ['0:20-0:21'], 'a trailing comma with nothing after it');
    assert.deepEqual(at('domain-macro m a.com,   # first\n    b.com,\n    ,c.com\n'), ['1:9-2:5'], 'the comma ending line 2 and the one starting line 3');
  });

  it('an item on a continuation line is found there, not on the list\'s first line', () => {
    // `nobody` also stands in the first line's comment, where it must not be looked for.
    const text = '<domain x>\n    backoff-notify a@b.com,  # not nobody\n        c@d.com,\n        nobody\n</domain>\n';
    const f = findings(text, 'invalid-value');
    assert.equal(f.length, 1);
    assert.equal(f[0].line, 3);
    assert.equal(f[0].endLine, undefined);
    assert.equal(text.split('\n')[3].slice(f[0].start, f[0].end), 'nobody');
  });

  it('a value problem over a whole list ends on its last line', () => {
    assert.deepEqual(at('relay-domain a.com,\n    b.com,,c.com\n'), ['0:13-1:16']);
  });
});

describe('a value written with spaces', () => {
  const one = (text: string) => {
    const f = findings(text, 'invalid-value');
    assert.equal(f.length, 1, JSON.stringify(f.map((x) => x.message)));
    const fix = fixOf(f[0])!;
    return { message: f[0].message, fixed: applyFix(text, fix.edits), title: fix.title };
  };

  it('is one finding saying the value meant, and its fix writes it, when the words joined make a valid value', () => {
    const retry = one(cfg('<domain *>', '  retry-after 10 minutes, 1 hour', '</domain>'));
    assert.equal(retry.message, '`10 minutes, 1 hour` is one value written with spaces: PowerMTA reads `10` as the value of `retry-after` and rejects the rest. Write `10m,1h`.');
    assert.equal(retry.title, 'Write `10m,1h`');
    assert.equal(retry.fixed, cfg('<domain *>', '  retry-after 10m,1h', '</domain>'));
    assert.equal(one(cfg('<domain *>', '  bounce-after 4d 12h', '</domain>')).fixed, cfg('<domain *>', '  bounce-after 4d12h', '</domain>'));
    assert.equal(one(cfg('<domain *>', '  bounce-after 4 Days', '</domain>')).fixed, cfg('<domain *>', '  bounce-after 4d', '</domain>'));
    assert.equal(one(cfg('<domain *>', '  max-msg-rate 100 /h', '</domain>')).fixed, cfg('<domain *>', '  max-msg-rate 100/h', '</domain>'));
    for (const text of [retry.fixed, cfg('<domain *>', '  bounce-after 4d12h', '</domain>')]) assert.deepEqual(codes(text), []);
  });

  it('is a list of intervals without its commas when the words joined make no interval but a list does', () => {
    const list = one(cfg('<domain *>', '  retry-after 10m 1h 4h', '</domain>'));
    assert.equal(list.message, '`10m 1h 4h` reads as a list of intervals without its commas: PowerMTA reads `10m` as the value of `retry-after` and rejects the rest. Write `10m,1h,4h`.');
    assert.equal(list.fixed, cfg('<domain *>', '  retry-after 10m,1h,4h', '</domain>'));
    assert.equal(one(cfg('<domain *>', '  retry-after 10 minutes 1 hour', '</domain>')).fixed, cfg('<domain *>', '  retry-after 10m,1h', '</domain>'));
    // Joined, the words make one interval: that reading comes first.
    assert.equal(one(cfg('<domain *>', '  retry-after 1h 30m', '</domain>')).fixed, cfg('<domain *>', '  retry-after 1h30m', '</domain>'));
    // Only a list takes commas.
    assert.match(findings(cfg('<domain *>', 'bounce-after 10m 1h', '</domain>'), 'invalid-value')[0].message, /^Unexpected extra value `1h`/);
  });

  it('is checked word by word as before when joining makes no valid value (or the words are not a time, rate or size)', () => {
    assert.deepEqual(problems('domain *', 'bounce-after 3d never'), ['invalid-value']);
    assert.match(findings(cfg('<domain *>', 'bounce-after 3d never', '</domain>'), 'invalid-value')[0].message, /^Unexpected extra value `never`/);
    assert.deepEqual(problems('domain *', 'retry-after 10m 1h never'), ['invalid-value', 'invalid-value'], 'never is no interval, in a list or joined');
    assert.match(findings(cfg('<domain *>', 'max-smtp-out 20 connections', '</domain>'), 'invalid-value')[0].message, /^Unexpected extra value `connections`/);
    assert.deepEqual(problems('domain *', 'retry-after 10m, 1h'), [], 'a list with a blank after its comma is one value');
  });
});

describe('value helpers', () => {
  it('reads durations and says them in words', () => {
    assert.equal(parseDuration('4d12h'), 4 * 86400 + 12 * 3600);
    assert.equal(describeDuration(parseDuration('4d12h')!), '4 days 12 hours');
    assert.equal(describeDuration(parseDuration('1w1s')!), '1 week 1 second');
    assert.equal(parseDuration('h'), undefined);
  });
  it('reads rates with multipliers and converts them to per hour', () => {
    const r = parseRate('100/15m')!;
    assert.equal(r.window, 900);
    assert.equal(describeRate(r), '100 messages per 15 minutes (= 400/h)');
    assert.equal(describeRate(parseRate('1/m')!), '1 message per minute (= 60/h)');
    assert.equal(describeRate(parseRate('1/5m')!, 'connections'), '1 connection per 5 minutes (= 12/h)');
    assert.equal(parseRate('1/0h'), undefined);
  });
  it('reads sizes', () => {
    assert.equal(parseSize('50M'), 50 * 1024 * 1024);
    assert.equal(parseSize('1g'), 1024 ** 3);
  });
  it("expands PowerMTA's abbreviated CIDR forms", () => {
    assert.equal(parseRange('10/8')?.address.toString(), '10.0.0.0');
    assert.equal(parseRange('173.194/16')?.prefix, 16);
    assert.equal(parseRange('0/0')?.prefix, 0);
    assert.equal(parseRange('10.1/40'), undefined);
    assert.equal(parseRange('1.2.3.4')?.single, true);
  });
  it('tells fully qualified host names', () => {
    assert.equal(isFullyQualified('mta1.example.com'), true);
    assert.equal(isFullyQualified('mta1'), false);
    assert.equal(isFullyQualified('203.0.113.1'), false);
  });
  it('compiles regexes, leaving PCRE-only syntax alone', () => {
    assert.equal(checkRegexBody('a(b|c)'), undefined);
    assert.ok(checkRegexBody('a(b'));
    assert.ok(checkRegexBody('[abc'));
    assert.ok(checkRegexBody('a{2,1}'));
    assert.equal(checkRegexBody('[[:alpha:]]+'), undefined);
    assert.equal(checkRegexBody('\\Afoo\\z'), undefined);
  });
});
