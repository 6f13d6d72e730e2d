import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CODES, type CodeInfo } from '../../server/src/analysis/codes';
import { applyFix, assertQuickFixesHelp, catalog, cfg, codes, describeRuleCases, findings, fixOf } from '../helpers';

/** The codes a fragment-sized example may trigger because it sets a process-wide directive. */
const REQUIRED = new Set(['missing-log-file', 'missing-postmaster', 'missing-spool']);
const MAIN = cfg('log-file /var/log/pmta/log', 'postmaster postmaster@example.com', '<spool /var/spool/pmta>', '</spool>');


describe('every code has documented examples that the analysis honours', () => {
  for (const [code, info] of Object.entries(CODES) as [string, CodeInfo][]) {
    describe(code, () => {
      it('has a why and a bad and a good example', () => {
        assert.ok(info.why && info.why.length > 20, 'why missing');
        assert.ok(info.examples?.bad && info.examples.good, 'examples missing');
      });
      if (info.checkedBy) {
        it(`is exercised with real files or servers in ${info.checkedBy}`, () => {
          const text = readFileSync(join(__dirname, '..', '..', info.checkedBy!), 'utf8');
          assert.ok(text.includes(code) || text.includes(code.split('-').slice(0, 2).join('-')), `${info.checkedBy} does not mention ${code}`);
        });
        return;
      }
      it('fires on the bad example', () => {
        assert.ok(codes(info.examples!.bad, code).length > 0, `${code} silent on its bad example: ${JSON.stringify(codes(info.examples!.bad))}`);
      });
      it('stays silent on the good example, which is otherwise clean', () => {
        const found = codes(info.examples!.good).filter((c) => !REQUIRED.has(c.split(':')[1]) || c.endsWith(':' + code));
        assert.deepEqual(found, []);
      });
      it('its quick fixes (if any) make the finding go away', () => assertQuickFixesHelp(info.examples!.bad, code));
    });
  }
});

/** Extra firing and silent cases for the operator rules, beyond the documented examples. */
const CASES: Record<string, { fires: [string, number][]; silent: string[] }> = {
  'open-relay': {
    fires: [[cfg('<source ::/0>', 'always-allow-relaying yes', '</source>'), 2]],
    silent: [cfg('<source 0/0>', 'always-allow-relaying no', '</source>')],
  },
  'duplicate-reply-pattern': {
    fires: [
      [cfg('<smtp-pattern-list p>', 'reply /busy/ mode=backoff', '</smtp-pattern-list>', '<smtp-pattern-list p>', 'reply /BUSY/ mode=normal', '</smtp-pattern-list>'), 5],
      // Below a misplaced list nested in it, the outer list's own repeat is still its own.
      [cfg('<smtp-pattern-list p>', 'reply /busy/ mode=backoff', '<smtp-pattern-list p>', '</smtp-pattern-list>', 'reply /busy/ mode=normal', '</smtp-pattern-list>'), 5],
    ],
    // A list nested in another (misplaced-block) joins no list of its name: neither is the other's repeat.
    silent: [cfg('<smtp-pattern-list p>', '<smtp-pattern-list p>', 'reply /busy/ mode=backoff', '</smtp-pattern-list>', 'reply /busy/ mode=normal', '</smtp-pattern-list>')],
  },
  'public-monitor-access': {
    fires: [
      [cfg('http-access 0.0.0.0/0 operator'), 1],
      [cfg('http-access ::/0 monitor,deny-logs'), 1],
    ],
    silent: [cfg('http-access 0/0 none'), cfg('http-access 10.0.0.0/8 operator'), cfg('http-access 192.168.1.0/24 monitor')],
  },
  'shadowed-http-access': {
    fires: [
      [cfg('http-access 0/0 monitor', 'http-access 127.0.0.1 admin'), 2],
      [cfg('http-access 10/8 monitor', 'http-access 10.0.0.0/8 admin'), 2],
      [cfg('http-access ::/0 none', 'http-access ::1 admin'), 2],
    ],
    silent: [cfg('http-access 127.0.0.1 admin', 'http-access 0/0 monitor'), cfg('http-access 0/0 none', 'http-access ::1 admin'), cfg('http-access 10.1.0.0/16 admin', 'http-access 10.2.0.0/16 admin')],
  },
  'root-with-remote-http': {
    fires: [
      [cfg('http-access 192.0.2.7 operator'), 1],
      [cfg('http-access 0/0 admin', 'http-access 0/0 operator'), 2],
    ],
    silent: [cfg('http-access 127.0.0.1 admin', 'http-access ::1 admin'), cfg('run-as-root false', 'http-access 10/8 admin'), cfg('http-access 10/8 monitor')],
  },
  'plaintext-http-management': {
    fires: [[cfg('http-redirect-to-https no', 'http-access 0/0 monitor'), 1]],
    silent: [cfg('http-redirect-to-https false', 'http-access 127.0.0.1 admin'), cfg('http-redirect-to-https false', 'http-access 0/0 none')],
  },
  'plain-auth-unencrypted': {
    fires: [[cfg('smtp-listener 0.0.0.0:587 source=submission', '<source submission>', 'allow-unencrypted-plain-auth yes', '</source>'), 3]],
    silent: [
      cfg('smtp-listener 127.0.0.1:587 source=submission', '<source submission>', 'allow-unencrypted-plain-auth yes', '</source>'),
      cfg('<source {auth}>', 'allow-unencrypted-plain-auth yes', '</source>'),
      cfg('<source 127.0.0.1>', 'allow-unencrypted-plain-auth true', '</source>'),
    ],
  },
  'auth-without-failure-limit': {
    fires: [
      [cfg('<source 0/0>', 'smtp-max-auth-failure-rate unlimited', '</source>', '<source 10.0.0.0/8>', 'require-auth true', '</source>'), 5],
      // A limit in a source nested in another block (misplaced-block) covers nothing, in its file as across files.
      [cfg('<source 0/0>', 'require-auth true', '<source 0/0>', 'smtp-max-auth-failure-rate 5/m', '</source>', '</source>'), 2],
    ],
    silent: [
      cfg('<source 0/0>', 'smtp-max-auth-failure-rate 5/m', '</source>', '<source 10.0.0.0/8>', 'require-auth true', '</source>'),
      cfg('<source 127.0.0.1>', 'require-auth true', '</source>'),
    ],
  },
  'weak-password': {
    fires: [
      [cfg('<smtp-user u>', 'password Ab3$x', '</smtp-user>'), 2],
      [cfg('<smtp-user u>', 'password CHANGE_ME_STRONG_PASSWORD', '</smtp-user>'), 2],
      [cfg('<smtp-user u>', 'password ""', '</smtp-user>'), 2],
      [cfg('<smtp-user u>', 'password "your-password-here"', '</smtp-user>'), 2],
    ],
    silent: [cfg('<smtp-user u>', 'password "Hq3nW8 Pd5z Cv2k"', '</smtp-user>')],
  },
  'shared-password': {
    fires: [[cfg('<smtp-user a>', 'password Hq3nW8-Pd5z', '</smtp-user>', '<smtp-user b>', 'password "Hq3nW8-Pd5z"', '</smtp-user>'), 5]],
    silent: [
      cfg('<smtp-user a>', 'password Hq3nW8-Pd5z', '</smtp-user>', '<smtp-user b>', 'password Hq3nW8-Pd5Z', '</smtp-user>'),
      // A user nested in another block (misplaced-block) shares with no one, in its file as across files.
      cfg('<domain x.com>', '<smtp-user a>', 'password Hq3nW8-Pd5z', '</smtp-user>', '</domain>', '<smtp-user b>', 'password Hq3nW8-Pd5z', '</smtp-user>'),
    ],
  },
  'deprecated-tls-version': {
    fires: [
      [cfg('http-tls-allow-tlsv1.1 yes'), 1],
      [cfg('<smtp-listener 0/0:25>', '  tls-allow-tlsv1 true', '</smtp-listener>'), 2],
    ],
    silent: [
      cfg('smtp-server-tls-allow-tlsv1.2 true'),
      // Delivery TLS is opportunistic (an old version beats clear text); 1.1 is even on by default.
      cfg('<domain *>', 'smtp-tls-allow-tlsv1.1 yes', 'smtp-tls-allow-tlsv1 true', '</domain>'),
    ],
  },
  'dkim-sha1': {
    fires: [[cfg('<domain *>', 'second-dkim-algorithm rsa-sha1', '</domain>'), 2]],
    silent: [cfg('<domain *>', 'second-dkim-algorithm rsa-sha256', '</domain>')],
  },
  'logs-message-content': {
    fires: [
      [cfg('<source 0/0>', 'log-data yes', '</source>'), 2],
      [cfg('<virtual-mta v>', 'smtp-source-host 192.0.2.10 v.example.com', '<domain *>', 'log-commands true', '</domain>', '</virtual-mta>'), 4],
    ],
    silent: [cfg('<source 10.0.0.5>', 'log-data yes', '</source>'), cfg('<domain *>', 'log-commands no', '</domain>')],
  },
  'unlimited-message-size': {
    fires: [[cfg('<source 10.0.0.0/8>', 'max-message-size 0', '</source>'), 2]],
    silent: [cfg('<source 127.0.0.1>', 'max-message-size unlimited', '</source>')],
  },
  'world-readable-logs': {
    fires: [[cfg('<acct-file /var/log/pmta/acct.csv>', 'world-readable yes', '</acct-file>'), 2]],
    silent: [cfg('<acct-file /var/log/pmta/acct.csv>', 'world-readable no', '</acct-file>')],
  },
  'helo-not-fqdn': {
    fires: [
      [cfg('<virtual-mta v>', 'smtp-source-host 192.0.2.10 localhost.localdomain', '</virtual-mta>'), 2],
      [cfg('host-name mailer'), 1],
      [cfg('<virtual-mta v>', 'smtp-source-host 192.0.2.10 192.0.2.10', '</virtual-mta>'), 2],
    ],
    silent: [cfg('host-name mta1.example.com.'), cfg('<virtual-mta v>', 'smtp-source-host 192.0.2.10 MTA1.Example.COM', '</virtual-mta>')],
  },
  'ip-hostname-conflict': {
    fires: [[cfg('smtp-source-host 192.0.2.10 a.example.com', '<virtual-mta v>', 'smtp-source-host 192.0.2.10 b.example.com', '</virtual-mta>'), 3]],
    silent: [cfg('<virtual-mta v>', 'smtp-source-host 192.0.2.10 A.example.com', '</virtual-mta>', '<virtual-mta w>', 'smtp-source-host 192.0.2.10 a.example.com.', '</virtual-mta>')],
  },
  'source-ip-outside-listeners': {
    fires: [[cfg('smtp-listener 127.0.0.1:2525', 'smtp-listener 192.0.2.10:25', 'smtp-source-host 192.0.2.99 a.example.com'), 3]],
    silent: [
      cfg('smtp-listener 0/0:25', 'smtp-source-host 198.51.100.20 a.example.com'),
      cfg('smtp-listener 127.0.0.1:2525', 'smtp-source-host 198.51.100.20 a.example.com'),
      cfg('smtp-listener 192.0.2.0/28:25', 'smtp-source-host 192.0.2.9 a.example.com'),
    ],
  },
  'dkim-sign-without-key': {
    fires: [[MAIN + cfg('<virtual-mta v>', 'smtp-source-host 192.0.2.10 v.example.com', '<domain *>', 'second-dkim-sign yes', '</domain>', '</virtual-mta>'), 8]],
    silent: [
      cfg('<domain *>', 'dkim-sign yes', '</domain>'),
      MAIN + cfg('<domain-key-list keys>', 'domain-key s1,example.com,/etc/pmta/dkim/s1.pem', '</domain-key-list>', '<domain *>', 'dkim-sign yes', '</domain>'),
      MAIN + cfg('<domain *>', 'dkim-sign no', '</domain>'),
    ],
  },
  'dkim-keys-unused': {
    fires: [[MAIN + cfg('domain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem', '<domain *>', 'dkim-sign no', '</domain>'), 5]],
    silent: [cfg('domain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem'), MAIN + cfg('include /etc/pmta/domains.conf', 'domain-key s1,example.com,/k.pem')],
  },
  'dkim-wildcard-key-first': {
    fires: [
      [cfg('domain-key s1,[*.]example.com,/k/wild.pem', 'domain-key s1,news.example.com,/k/news.pem'), 1],
      // A parent domain's key is taken for its subdomains too (UG5 §3.3.1.43.1: equals or is a parent of).
      [cfg('domain-key s1,example.com,/k/apex.pem', 'domain-key s2,news.example.com,/k/news.pem'), 1],
      [cfg('domain-key s2,a.example.com,/k/a.pem', 'domain-key s1,example.com,/k/apex.pem', 'domain-key s2,news.example.com,/k/news.pem'), 2],
    ],
    silent: [
      cfg('domain-key s1,*.example.com,/k/wild.pem', 'domain-key s1,example.com,/k/apex.pem'),
      cfg('domain-key s2,news.example.com,/k/news.pem', 'domain-key s1,example.com,/k/apex.pem'),
      cfg('domain-key s1,example.com,/k/apex.pem', 'domain-key s1,badexample.com,/k/other.pem', 'domain-key s2,example.com,/k/apex2.pem'),
      cfg('<virtual-mta a>', 'smtp-source-host 192.0.2.10 a.example.com', 'domain-key s1,*,/k/a.pem', '</virtual-mta>', 'domain-key s1,example.com,/k/b.pem'),
    ],
  },
  'dkim-key-unreadable': {
    fires: [[cfg('run-as-root false', 'domain-key s1,example.com,/root/keys/s1.pem'), 2]],
    silent: [cfg('domain-key s1,example.com,/root/keys/s1.pem'), cfg('run-as-root no', 'domain-key s1,example.com,/rootkeys/s1.pem')],
  },
  'dkim-key-domain-mismatch': {
    fires: [[cfg('domain-key s1,example.com,/etc/pmta/dkim/example.org/s1.pem'), 1]],
    silent: [
      cfg('domain-key s1,news.example.com,/etc/pmta/dkim/example.com.pem'),
      cfg('domain-key default,example.com,/etc/pmta/dkim/default.private'),
      cfg('domain-key s1,*,/etc/pmta/dkim/example.org.pem'),
    ],
  },
  'duplicate-domain-key': {
    fires: [[cfg('domain-key s1,Example.com,/k/1.pem', 'domain-key s1,example.com,/k/2.pem'), 2]],
    silent: [cfg('domain-key s1,example.com,/k/1.pem', 'domain-key s2,example.com,/k/2.pem'), cfg('domain-key s1,example.com,/k/1.pem', '<virtual-mta v>', 'smtp-source-host 192.0.2.10 v.example.com', 'domain-key s1,example.com,/k/2.pem', '</virtual-mta>')],
  },
  'dkim-identity-no-key': {
    fires: [[MAIN + cfg('<domain *>', 'dkim-sign yes', 'dkim-identity news@example.net', '</domain>'), 7]],
    silent: [
      MAIN + cfg('domain-macro mine example.com, example.net', 'domain-key s1,$mine,/k/s1.pem', '<domain *>', 'dkim-sign yes', 'dkim-identity @example.net', '</domain>'),
      MAIN + cfg('domain-key s1,*,/k/s1.pem', '<domain *>', 'dkim-sign yes', 'dkim-identity @example.net', '</domain>'),
      MAIN + cfg('<domain *>', 'dkim-identity sender-or-from', '</domain>'),
      cfg('<domain *>', 'dkim-sign yes', 'dkim-identity @example.net', '</domain>'),
    ],
  },
  'anchored-address-pattern': {
    fires: [
      [cfg('<pattern-list p>', 'rcpt-to /@gmail\\.com$/ virtual-mta=v', '</pattern-list>', '<virtual-mta v>', 'smtp-source-host 192.0.2.10 v.example.com', '</virtual-mta>'), 2],
      [cfg('<pattern-list p>', 'header From /@news\\.example\\.com$/ virtual-mta=v', '</pattern-list>', '<virtual-mta v>', 'smtp-source-host 192.0.2.10 v.example.com', '</virtual-mta>'), 2],
    ],
    silent: [cfg('<pattern-list p>', 'mail-from /^bounces-/ virtual-mta=v', 'mail-from /@x\\.com>$/ virtual-mta=v', '</pattern-list>', '<virtual-mta v>', 'smtp-source-host 192.0.2.10 v.example.com', '</virtual-mta>')],
  },
  'unescaped-dot-in-domain-regex': {
    fires: [[cfg('<pattern-list p>', 'header From /@mail.example.com/ virtual-mta=v', '</pattern-list>'), 2]],
    silent: [cfg('<pattern-list p>', 'mail-from /@[a.]example\\.com|^x.*y/ virtual-mta=v', 'mail-from /\\w.com/ virtual-mta=v', '</pattern-list>')],
  },
  'smtp-out-above-provider-limit': {
    fires: [
      [cfg('domain-macro yahoo yahoo.com, ymail.com', '<domain $yahoo>', 'max-smtp-out 40', '</domain>'), 3],
      [cfg('domain-macro tld com, co.uk', '<domain hotmail.$tld>', 'max-smtp-out 50', '</domain>'), 3],
      [cfg('<virtual-mta v>', 'smtp-source-host 192.0.2.10 v.example.com', '<domain *>', 'max-smtp-out 850', '</domain>', '</virtual-mta>'), 4],
    ],
    silent: [
      cfg('<domain example.com>', 'max-smtp-out 200', '</domain>'),
      cfg('<domain gmail.com>', 'max-smtp-out 30', '</domain>'),
      cfg('<domain *>', 'max-smtp-out 100', '</domain>'),
      // Mail that goes to a relay of its own: the connections are to it, not to the domains' servers.
      cfg('<domain *>', 'max-smtp-out 800', 'smtp-hosts [192.0.2.7]:2525', '</domain>'),
      cfg('<domain gmail.com>', 'route 192.0.2.7:22400', 'max-smtp-out 800', '</domain>'),
    ],
  },
  'backoff-never-returns': {
    fires: [
      [cfg('<domain gmail.com>', 'backoff-upon-all-sources-disabled yes', '</domain>'), 2],
      [cfg('<smtp-pattern-list p>', 'reply /x/ mode=backoff', '</smtp-pattern-list>', '<domain *>', 'backoff-to-normal-after never', '</domain>', '<domain a.com>', 'smtp-pattern-list p', '</domain>'), 8],
    ],
    silent: [
      cfg('<smtp-pattern-list p>', 'reply /x/ mode=backoff,backoff-to-normal-after=1h', '</smtp-pattern-list>', '<domain *>', 'smtp-pattern-list p', '</domain>'),
      cfg('<smtp-pattern-list p>', 'reply /x/ mode=backoff', 'reply /^250 / mode=normal', '</smtp-pattern-list>', '<domain *>', 'smtp-pattern-list p', '</domain>'),
      cfg('<smtp-pattern-list p>', 'reply /x/ mode=backoff', '</smtp-pattern-list>', '<domain *>', 'backoff-to-normal-after-delivery true', '</domain>', '<domain a.com>', 'smtp-pattern-list p', '</domain>'),
      cfg('<smtp-pattern-list p>', 'reply /x/ mode=backoff', '</smtp-pattern-list>', '<domain *>', 'backoff-to-normal-after 2h', '</domain>', '<virtual-mta v>', 'smtp-source-host 192.0.2.10 v.example.com', '<domain *>', 'smtp-pattern-list p', '</domain>', '</virtual-mta>'),
      // A list nested in another block (misplaced-block) joins no list, so names none that a queue uses.
      cfg('<domain a.com>', '<smtp-pattern-list p>', 'reply /x/ mode=backoff', '</smtp-pattern-list>', 'smtp-pattern-list p', '</domain>'),
    ],
  },
  'backoff-faster-than-normal': {
    fires: [
      [cfg('<domain *>', 'backoff-max-msg-rate 6/m', '</domain>', '<domain gmail.com>', 'max-msg-rate 200/h', '</domain>'), 5],
      [cfg('<domain *>', 'max-smtp-out 5', 'backoff-max-smtp-out 10', '</domain>'), 3],
      [cfg('<domain *>', 'max-msg-rate 100/h', 'backoff-max-msg-rate unlimited', '</domain>'), 3],
    ],
    silent: [
      cfg('<domain *>', 'max-msg-rate 100/h', '</domain>'),
      cfg('<domain *>', 'max-msg-rate unlimited', 'backoff-max-msg-rate 99999/h', '</domain>'),
      cfg('<domain *>', 'max-smtp-out 5', 'backoff-max-smtp-out 5', 'max-msg-rate 100/15m', 'backoff-max-msg-rate 400/h', '</domain>'),
    ],
  },
  'retry-beyond-bounce-after': {
    fires: [
      [cfg('<domain *>', 'retry-after 2h', '</domain>', '<domain a.com>', 'bounce-after 1h', '</domain>'), 5],
      [cfg('<domain *>', 'bounce-after 1h', 'backoff-retry-after 1h', '</domain>'), 3],
      [cfg('<domain *>', 'bounce-after 1d', 'retry-after 10m,1h,12h,1d,2d', '</domain>'), 3],
    ],
    silent: [
      cfg('<domain *>', 'retry-after 1h', 'backoff-retry-after 1h', '</domain>', '<domain blackhole.invalid>', 'bounce-after 1m', '</domain>'),
      cfg('<domain *>', 'bounce-after 3d', 'retry-after 10m,1h,12h,1d', '</domain>'),
    ],
  },
  'cold-quota-without-cold-vmta': {
    fires: [],
    silent: [cfg('<virtual-mta v>', 'smtp-source-host 192.0.2.10 v.example.com', '<domain *>', 'max-cold-virtual-mta-msg 100/day', '</domain>', '</virtual-mta>')],
  },
  'discard-all-mail': {
    fires: [],
    silent: [cfg('<domain *>', 'type smtp', '</domain>'), cfg('<domain test.invalid>', 'type discard', '</domain>')],
  },
  'smarthost-for-all-mail': {
    fires: [[cfg('<domain *>', 'route [192.0.2.25]:2525', '</domain>'), 2]],
    silent: [cfg('<domain *>', 'smtp-hosts ""', '</domain>'), cfg('<virtual-mta relay>', '<domain *>', 'smtp-hosts [192.0.2.25]:25', '</domain>', '</virtual-mta>')],
  },
  'smtp-hosts-loop': {
    fires: [
      [cfg('smtp-listener 192.0.2.10:2525', '<domain a.com>', 'smtp-hosts [192.0.2.10]:2525', '</domain>'), 3],
      [cfg('<smtp-listener 127.0.0.1:25>', '</smtp-listener>', '<domain a.com>', 'route 127.0.0.1', '</domain>'), 4],
    ],
    silent: [
      cfg('smtp-listener 127.0.0.1:25251', '<domain a.com>', 'smtp-hosts [127.0.0.1]:2525', '</domain>'),
      cfg('smtp-listener 0/0:25', '<domain a.com>', 'smtp-hosts [192.0.2.25]:25', '</domain>'),
      cfg('smtp-listener 0/0:25', 'dummy-smtp-port 25025', '<domain a.com>', 'smtp-hosts [127.0.0.1]:25025', '</domain>'),
    ],
  },
  'starttls-contradiction': {
    fires: [[cfg('<domain *>', 'use-starttls no', '</domain>', '<domain bank.example>', 'require-starttls yes', '</domain>'), 5]],
    silent: [cfg('<domain *>', 'use-starttls no', '</domain>', '<domain bank.example>', 'use-starttls yes', 'require-starttls yes', '</domain>')],
  },
  'reply-conflicting-actions': {
    fires: [[cfg('<smtp-pattern-list p>', 'reply /x/ skip-mx,bounce-queue', '</smtp-pattern-list>'), 2]],
    silent: [cfg('<smtp-pattern-list p>', 'reply /x/ skip-mx', 'reply /y/ bounce-queue', '</smtp-pattern-list>')],
  },
  'reply-action-order': {
    fires: [[cfg('<smtp-pattern-list p>', 'reply /x/ backoff-to-normal-after=1h', '</smtp-pattern-list>'), 2]],
    silent: [cfg('<smtp-pattern-list p>', 'reply /x/ mode=backoff,backoff-to-normal-after=1h', '</smtp-pattern-list>')],
  },
  'reply-action-repeated': {
    fires: [[cfg('<smtp-pattern-list p>', 'reply /x/ mode=backoff,mode=backoff', '</smtp-pattern-list>'), 2]],
    silent: [cfg('<smtp-pattern-list p>', 'reply /x/ mode=backoff,disable-source-ip,reenable-after=1h', '</smtp-pattern-list>')],
  },
  'broad-reply-pattern': {
    fires: [
      [cfg('<smtp-pattern-list p>', 'reply /^5\\d\\d/ bounce-queue', '</smtp-pattern-list>'), 2],
      [cfg('<smtp-pattern-list p>', 'reply /too many/ mode=backoff', 'reply // mode=backoff', '</smtp-pattern-list>'), 3],
      [cfg('<smtp-pattern-list p>', 'reply /^4/ disable-source-ip,reenable-after=1h', '</smtp-pattern-list>'), 2],
    ],
    silent: [
      cfg('<smtp-pattern-list dummysmtp>', 'reply // bounce-queue', '</smtp-pattern-list>'),
      cfg('<smtp-pattern-list p>', 'reply /^421/ mode=backoff', 'reply /^5\\.7\\.1/ mode=backoff', 'reply /^550 5\\.7\\.1 .*spamhaus/ mode=backoff', '</smtp-pattern-list>'),
    ],
  },
  'records-repeated': {
    fires: [[cfg('<acct-file /a.csv>', 'records r', 'records rb', 'records f', '</acct-file>'), 4]],
    silent: [cfg('<acct-file /a.csv>', 'records r', '</acct-file>', '<acct-file /b.csv>', 'records rb', '</acct-file>')],
  },
  'processor-results-not-recorded': {
    fires: [[MAIN + cfg('<acct-file /a.csv>', 'records d,b,rb', '</acct-file>', '<feedback-loop-processor>', '<address-list>', 'domain fbl.example.com', '</address-list>', '</feedback-loop-processor>'), 8]],
    silent: [
      MAIN + cfg('relay-domain fbl.example.com', '<acct-file /a.csv>', 'records d, b, f', '</acct-file>', '<feedback-loop-processor>', '<address-list>', 'domain fbl.example.com', '</address-list>', '</feedback-loop-processor>'),
      cfg('<acct-file /a.csv>', 'records d,b', '</acct-file>', '<bounce-processor>', '<address-list>', 'domain b.example.com', '</address-list>', '</bounce-processor>'),
    ],
  },
  'public-vmta-selection': {
    fires: [
      [cfg('<source ::/0>', 'always-allow-relaying yes', 'always-allow-api-submission true', '</source>'), 3],
      [cfg('smtp-listener 0/0:2525 source=feeders', '<source feeders>', 'always-allow-relaying yes', 'process-x-virtual-mta yes', '</source>'), 4],
      [cfg('<source 0/0>', 'always-allow-relaying yes', 'require-auth true', 'require-auth false', 'process-x-virtual-mta yes', '</source>'), 5],
    ],
    silent: [
      // Clients that cannot relay without logging in only send mail to the relay domains.
      cfg('<source 0/0>', 'process-x-virtual-mta yes', 'always-allow-api-submission yes', '</source>'),
      cfg('<source 0/0>', 'always-allow-relaying yes', 'always-allow-relaying no', 'process-x-virtual-mta yes', '</source>'),
      cfg('<source 0/0>', 'always-allow-relaying yes', 'require-auth true', 'process-x-virtual-mta yes', '</source>'),
      cfg('<source 0/0>', 'always-allow-relaying yes', 'smtp-service no', 'process-x-virtual-mta yes', '</source>'),
      cfg('<source 0/0>', 'always-allow-relaying yes', 'process-x-virtual-mta yes', 'process-x-virtual-mta no', '</source>'),
      cfg('<source 10.0.0.0/8>', 'always-allow-relaying yes', 'process-x-virtual-mta yes', '</source>'),
      cfg('<source 203.0.113.0/28>', 'always-allow-relaying yes', 'process-x-virtual-mta yes', '</source>'),
      cfg('smtp-listener 127.0.0.1:2525 source=feeders', '<source feeders>', 'always-allow-relaying yes', 'process-x-virtual-mta yes', '</source>'),
    ],
  },
  'starttls-off-to-provider': {
    fires: [
      [cfg('<domain *>', 'use-starttls false', '</domain>'), 2],
      [cfg('<virtual-mta v>', 'smtp-source-host 203.0.113.5 v.example.com', '<domain [*.]yahoo.com>', 'use-starttls no', '</domain>', '</virtual-mta>'), 4],
      [cfg('domain-macro ms hotmail.com, outlook.com', '<domain $ms>', 'use-starttls NO', '</domain>'), 3],
    ],
    silent: [
      cfg('<domain *>', 'use-starttls yes', '</domain>'),
      cfg('<domain partner.example>', 'use-starttls no', '</domain>'),
      cfg('domain-macro partners a.example, b.example', '<domain $partners>', 'use-starttls no', '</domain>'),
    ],
  },
  'forward-unmatched-discarded': {
    fires: [
      [cfg('<feedback-loop-processor>', '  deliver-unmatched-email false', '  forward-unmatched-to ops@example.com', '</feedback-loop-processor>'), 3],
      // Left out: once forward-unmatched-to is set, deliver-unmatched-email no longer defaults to true.
      [cfg('<bounce-processor>', '  forward-unmatched-to ops@example.com', '  <address-list>', '    domain b.example.com', '  </address-list>', '</bounce-processor>'), 2],
    ],
    silent: [
      cfg('<bounce-processor>', '  deliver-unmatched-email true', '  forward-unmatched-to ops@example.com', '</bounce-processor>'),
      cfg('<bounce-processor>', '  deliver-unmatched-email no', '</bounce-processor>'),
    ],
  },
  'unused-source': {
    fires: [
      [MAIN + cfg('<source localhost>', 'always-allow-relaying yes', '</source>'), 5],
      [MAIN + cfg('<source feeders>', 'default-virtual-mta pool1', '</source>', 'smtp-listener 0/0:2525 source=other'), 5],
      // The fix is not offered where 127.0.0.1 has a block of its own; the finding stays.
      [MAIN + cfg('<source 127.0.0.1>', '</source>', '<source localhost>', '</source>'), 7],
    ],
    silent: [
      MAIN + cfg('smtp-listener 0/0:2525 source=feeders', '<source feeders>', 'always-allow-relaying yes', 'require-auth true', '</source>'),
      MAIN + cfg('<smtp-listener 0/0:2525>', '  source feeders', '</smtp-listener>', '<source feeders>', '</source>'),
      MAIN + cfg('<smtp-user u>', '  password a-long-secret-1', '  source Feeders', '</smtp-user>', '<source feeders>', '</source>'),
      MAIN + cfg('<source {pickup}>', '</source>', '<source {/var/spool/pmta/pickup}>', '</source>', '<source 127.0.0.1>', '</source>'),
      // A file that looks like part of a configuration: the listener may be in the file that includes it.
      cfg('<source feeders>', 'default-virtual-mta pool1', '</source>'),
    ],
  },
  'unused-pattern-list': {
    fires: [
      [MAIN + cfg('<smtp-pattern-list common-errors>', 'reply /too many errors/ mode=backoff', '</smtp-pattern-list>', '<smtp-pattern-list blocking-errors>', 'reply /spamhaus/ mode=backoff', '</smtp-pattern-list>', '<domain *>', 'smtp-pattern-list blocking-errors', 'backoff-to-normal-after 1h', '</domain>'), 5],
      [MAIN + cfg('<pattern-list senders>', 'mail-from /@news\\.example\\.com$/ virtual-mta=v1', '</pattern-list>', '<virtual-mta v1>', 'smtp-source-host 203.0.113.5 v1.example.com', '</virtual-mta>'), 5],
      // `common` names the list of its exact name: `Common` is unused (found by the rename property).
      [MAIN + cfg('<smtp-pattern-list Common>', 'reply /x/ bounce-queue', '</smtp-pattern-list>', '<smtp-pattern-list common>', 'reply /y/ bounce-queue', '</smtp-pattern-list>', '<domain *>', 'smtp-pattern-list common', '</domain>'), 5],
    ],
    silent: [
      // Used in another case: reference-case-mismatch says so, not this rule.
      MAIN + cfg('<smtp-pattern-list Common>', 'reply /x/ bounce-queue', '</smtp-pattern-list>', '<domain *>', 'smtp-pattern-list common', '</domain>'),
      MAIN + cfg('<pattern-list senders>', 'mail-from /@news\\.example\\.com$/ virtual-mta=v1', '</pattern-list>', '<source 127.0.0.1>', 'pattern-list senders', '</source>', '<virtual-mta v1>', 'smtp-source-host 203.0.113.5 v1.example.com', '</virtual-mta>'),
      // A fragment: the list may be used by the main file that includes it.
      cfg('<smtp-pattern-list common-errors>', 'reply /too many errors/ mode=backoff', '</smtp-pattern-list>'),
    ],
  },
  'processor-domain-not-relayed': {
    fires: [
      [MAIN + cfg('relay-domain other.example.com', '<bounce-processor>', '<address-list>', 'domain bounces.example.com', '</address-list>', '</bounce-processor>'), 8],
      [MAIN + cfg('relay-domain *.example.com', '<feedback-loop-processor>', '<address-list>', 'domain example.com', '</address-list>', '</feedback-loop-processor>'), 8],
      [MAIN + cfg('domain-macro b b1.example.com, b2.example.com', 'relay-domain b1.example.com', '<bounce-processor>', '<address-list>', 'domain $b', '</address-list>', '</bounce-processor>'), 9],
      [MAIN + cfg('relay-address other@b.example.com', '<bounce-processor>', '<address-list>', 'address bounce@b.example.com', '</address-list>', '</bounce-processor>'), 8],
      [MAIN + cfg('domain-macro brands example.com', 'relay-domain [*.]$brands', '<bounce-processor>', '<address-list>', 'domain bounces.example.org', '</address-list>', '</bounce-processor>'), 9],
    ],
    silent: [
      MAIN + cfg('relay-domain [*.]example.com', '<bounce-processor>', '<address-list>', 'domain bounces.example.com', 'domain example.com', 'address x@a.example.com', '</address-list>', '</bounce-processor>'),
      // host-name accepts mail for its domain as relay-domain does.
      MAIN + cfg('host-name bounces.example.com', '<bounce-processor>', '<address-list>', 'domain bounces.example.com', '</address-list>', '</bounce-processor>'),
      MAIN + cfg('domain-macro b b1.example.com, b2.example.com', 'relay-domain $b', '<bounce-processor>', '<address-list>', 'domain b2.example.com', 'domain $b', '</address-list>', '</bounce-processor>'),
      MAIN + cfg('domain-macro brands example.com, example.net', 'relay-domain [*.]$brands', '<bounce-processor>', '<address-list>', 'domain bounces.example.net', 'domain example.com', '</address-list>', '</bounce-processor>'),
      // A macro defined nowhere (undefined-reference says so) could stand for the domain.
      MAIN + cfg('relay-domain $elsewhere', '<bounce-processor>', '<address-list>', 'domain bounces.example.com', '</address-list>', '</bounce-processor>'),
      MAIN + cfg('relay-address /^bounce-.*@b\\.example\\.com$/', '<bounce-processor>', '<address-list>', 'domain b.example.com', '</address-list>', '</bounce-processor>'),
      MAIN + cfg('relay-address Bounce@B.example.com', '<bounce-processor>', '<address-list>', 'address bounce@b.example.com', 'domain b.example.com', 'address /^fbl@/', '</address-list>', '</bounce-processor>'),
      // A fragment: the relay-domain may be in the main file.
      cfg('<bounce-processor>', '<address-list>', 'domain bounces.example.com', '</address-list>', '</bounce-processor>'),
    ],
  },
  'unreachable-bounce-pattern': {
    fires: [
      [cfg('<bounce-category-patterns>', '// other', '/spam/ spam-related', '</bounce-category-patterns>'), 3],
      // Cut off by the end of the file: its last line is still the block's.
      ['<bounce-category-patterns>\n  // other\n  /spam/ spam-related', 3],
    ],
    silent: [cfg('<bounce-category-patterns>', '/spam/ spam-related', '// other', '</bounce-category-patterns>'), '<bounce-category-patterns>\n  /spam/ spam-related\n  // other'],
  },
  'unknown-bounce-category': {
    fires: [[cfg('<bounce-category-patterns>', '/Account Inactive/ invalid-mailbox', '</bounce-category-patterns>'), 2]],
    silent: [cfg('<bounce-category-patterns>', '/spam/ spam-related', '// other', '</bounce-category-patterns>')],
  },
  'missing-log-file': {
    fires: [[cfg('# main file', 'smtp-listener 0/0:25', 'http-mgmt-port 8080'), 2]],
    silent: [
      cfg('<virtual-mta v>', 'smtp-source-host 192.0.2.10 v.example.com', '</virtual-mta>'),
      cfg('<domain *>', 'max-smtp-out 10', '</domain>'),
      cfg('include /etc/pmta/logging.conf', 'smtp-listener 0/0:25', 'http-mgmt-port 8080'),
      cfg('smtp-listener 0/0:25', 'smtp-listener 127.0.0.1:2525'),
      cfg('http-access 127.0.0.1 admin', 'http-access 10/8 monitor'),
      cfg('<source 127.0.0.1>', 'always-allow-relaying yes', '</source>', '<smtp-user u>', 'password Hq3nW8-Pd5z', '</smtp-user>'),
    ],
  },
  'missing-spool': {
    fires: [],
    silent: [cfg('log-file /l', 'postmaster p@example.com', 'spool /var/spool/pmta')],
  },
  'vmta-without-source-host': {
    fires: [],
    silent: [
      cfg('<virtual-mta rollup>', '<domain *>', 'smtp-hosts [127.0.0.1]:2525', '</domain>', '</virtual-mta>'),
      cfg('<virtual-mta p>', 'smtp-proxy-source-host 10.0.0.5 192.0.2.1:1080 198.51.100.7 p.example.com', '</virtual-mta>'),
      cfg('<virtual-mta i>', 'include /etc/pmta/ips/i.conf', '</virtual-mta>'),
    ],
  },
  'duplicate-macro-domain': {
    fires: [[cfg('domain-macro big gmail.com,', '  yahoo.com, GMAIL.com'), 2]],
    silent: [cfg('domain-macro big gmail.com, googlemail.com')],
  },
};

describe('operator rules: more cases', () => {
  describeRuleCases(CASES);
});

describe('operator rules: details', () => {
  it('unknown record types are left to the value check (invalid-value), and a second `records` is not also a duplicate-directive', () => {
    assert.deepEqual(codes(cfg('<acct-file /a.csv>', 'records all', '</acct-file>')), ['2:invalid-value']);
    const text = cfg('<acct-file /a.csv>', 'records d', 'records b', '</acct-file>');
    assert.deepEqual(codes(text), ['3:records-repeated']);
  });
  it('records-repeated merges every `records` line into the first one', () => {
    const text = cfg('<acct-file /a.csv>', '  records r', '  records rb', '  records r,f', '</acct-file>');
    const f = findings(text, 'records-repeated')[0];
    assert.equal(applyFix(text, fixOf(f)!.edits), cfg('<acct-file /a.csv>', '  records r,rb,f', '</acct-file>'));
  });
  it('weak-password and shared-password never repeat the secret in the message', () => {
    const text = cfg('<smtp-user a>', 'password Zx', '</smtp-user>', '<smtp-user b>', 'password Zx', '</smtp-user>');
    for (const f of [...findings(text, 'weak-password'), ...findings(text, 'shared-password')]) assert.ok(!f.message.includes('Zx'), f.message);
  });
  it('reply-action-repeated is an error for the once-only timers and a warning for other repeats', () => {
    assert.equal(findings(cfg('<smtp-pattern-list p>', 'reply /x/ mode=backoff,mode=backoff', '</smtp-pattern-list>'), 'reply-action-repeated')[0].severity, 'warning');
    assert.equal(findings(cfg('<smtp-pattern-list p>', 'reply /x/ disable-source-ip,reenable-after=1h,reenable-after=2h', '</smtp-pattern-list>'), 'reply-action-repeated')[0].severity, undefined);
  });
  it('reply-action-order moves a later prerequisite in front', () => {
    const text = cfg('<smtp-pattern-list p>', 'reply /x/ backoff-to-normal-after=1h,mode=backoff', '</smtp-pattern-list>');
    const f = findings(text, 'reply-action-order')[0];
    assert.match(f.message, /comes before `mode=backoff`/);
    assert.equal(applyFix(text, fixOf(f)!.edits), cfg('<smtp-pattern-list p>', 'reply /x/ mode=backoff,backoff-to-normal-after=1h', '</smtp-pattern-list>'));
  });
  it('retry-beyond-bounce-after: unreachable entries are information, and the fix keeps the reachable part', () => {
    const text = cfg('<domain *>', 'bounce-after 1d', 'retry-after 10m,1h,12h,1d,2d', '</domain>');
    const [f] = findings(text, 'retry-beyond-bounce-after');
    assert.equal(f.severity, 'information');
    assert.equal(applyFix(text, fixOf(f)!.edits), cfg('<domain *>', 'bounce-after 1d', 'retry-after 10m,1h,12h,1d', '</domain>'));
  });
  it('retry-beyond-bounce-after: the backoff list is said to apply while the queue is in backoff mode', () => {
    const [backoff] = findings(cfg('<domain *>', 'bounce-after 1h', 'backoff-retry-after 1h', '</domain>'), 'retry-beyond-bounce-after');
    assert.match(backoff.message, /^The first `backoff-retry-after` interval \(1 hour\) is not shorter than `bounce-after 1h`: a message that is deferred once while the queue is in backoff mode bounces before its first retry/);
    const [normal] = findings(cfg('<domain *>', 'bounce-after 1h', 'retry-after 1h', '</domain>'), 'retry-beyond-bounce-after');
    assert.match(normal.message, /a message that is deferred once bounces before its first retry/);
  });
  it('forward-unmatched-discarded: the fix adds deliver-unmatched-email yes where it is left out, or sets it', () => {
    const left = cfg('<bounce-processor>', '  forward-unmatched-to ops@example.com', '</bounce-processor>');
    const [f] = findings(left, 'forward-unmatched-discarded');
    assert.match(f.message, /once `forward-unmatched-to` is set, that is no longer the default/);
    assert.equal(applyFix(left, fixOf(f)!.edits), cfg('<bounce-processor>', '  deliver-unmatched-email yes', '  forward-unmatched-to ops@example.com', '</bounce-processor>'));
    const no = cfg('<bounce-processor>', '  deliver-unmatched-email no', '  forward-unmatched-to ops@example.com', '</bounce-processor>');
    assert.equal(applyFix(no, fixOf(findings(no, 'forward-unmatched-discarded')[0])!.edits), no.replace('email no', 'email yes'));
  });
  it('anchored-address-pattern: a header pattern is given room for the line break as well as the `>`', () => {
    const text = cfg('<pattern-list p>', 'header From /@news\\.example\\.com$/ virtual-mta=v', '</pattern-list>');
    const [f] = findings(text, 'anchored-address-pattern');
    assert.equal(applyFix(text, fixOf(f)!.edits), cfg('<pattern-list p>', 'header From /@news\\.example\\.com>?\\s*$/ virtual-mta=v', '</pattern-list>'));
    const envelope = cfg('<pattern-list p>', 'mail-from /@news\\.example\\.com$/ virtual-mta=v', '</pattern-list>');
    assert.equal(applyFix(envelope, fixOf(findings(envelope, 'anchored-address-pattern')[0])!.edits), envelope.replace('com$/', 'com>?$/'));
  });
  it('unused-source: `<source localhost>` is rewritten to the address it was meant for', () => {
    const text = MAIN + cfg('<source localhost>', 'always-allow-relaying yes', '</source>');
    const [f] = findings(text, 'unused-source');
    assert.match(f.message, /For connections from this machine, write the address: `<source 127\.0\.0\.1>`\.$/);
    assert.equal(applyFix(text, fixOf(f)!.edits), MAIN + cfg('<source 127.0.0.1>', 'always-allow-relaying yes', '</source>'));
    const taken = MAIN + cfg('<source 127.0.0.1>', '</source>', '<source localhost>', '</source>');
    assert.equal(fixOf(findings(taken, 'unused-source')[0]), undefined);
  });
  it('unknown-bounce-category: a near miss is a warning with a fix, another name only information', () => {
    const typo = findings(cfg('<bounce-category-patterns>', '/DYN:T1/ ploicy-related', '</bounce-category-patterns>'), 'unknown-bounce-category')[0];
    assert.equal(typo.severity, undefined);
    assert.match(typo.message, /policy-related/);
    const other = findings(cfg('<bounce-category-patterns>', '/x/ invalid-mailbox', '</bounce-category-patterns>'), 'unknown-bounce-category')[0];
    assert.equal(other.severity, 'information');
    assert.equal(other.data, undefined);
  });
  it('shadowed-http-access names the covering line, and a same-level repeat is offered for deletion', () => {
    const f = findings(cfg('http-access 10/8 admin', 'http-access 10.1/16 admin'), 'shadowed-http-access')[0];
    assert.equal(f.data?.coveredBy, 0);
    assert.match(fixOf(f)!.title, /Delete/);
  });
  it('public monitor and admin access: the fix grants the level to 127.0.0.1, or deletes the line when an earlier one already decides 127.0.0.1', () => {
    const alone = cfg('http-access 0/0 monitor');
    assert.equal(applyFix(alone, fixOf(findings(alone, 'public-monitor-access')[0])!.edits), cfg('http-access 127.0.0.1 monitor'));
    const covered = cfg('http-access 127.0.0.1 monitor', 'http-access 0/0 monitor');
    const fix = fixOf(findings(covered, 'public-monitor-access')[0])!;
    assert.equal(fix.title, 'Delete this line (127.0.0.1 has its access from line 1)');
    assert.equal(applyFix(covered, fix.edits), cfg('http-access 127.0.0.1 monitor'));
    const admin = cfg('http-access 127.0.0.0/8 admin', 'http-access 0/0 admin');
    assert.equal(applyFix(admin, fixOf(findings(admin, 'public-admin-access')[0])!.edits), cfg('http-access 127.0.0.0/8 admin'));
    assert.deepEqual(codes(applyFix(covered, fix.edits)), []);
  });
  it('shadowed-http-access: the same range twice at two levels is offered for deletion, not moved (moving would leave the other line dead)', () => {
    const text = cfg('http-access 0.0.0.0/0 admin', 'http-access 0/0 monitor');
    const f = findings(text, 'shadowed-http-access')[0];
    assert.match(f.message, /names the same addresses first.*Keep the one you mean/);
    assert.equal(fixOf(f)!.title, "Delete this line (line 1's `admin` stays in force)");
    assert.equal(applyFix(text, fixOf(f)!.edits), cfg('http-access 0.0.0.0/0 admin'));
    const narrower = findings(cfg('http-access 0/0 monitor', 'http-access 10/8 none'), 'shadowed-http-access')[0];
    assert.equal(fixOf(narrower)!.title, 'Move this line above line 1');
  });
  it('duplicate-macro-domain reports each macro once and removes every repeat', () => {
    const text = cfg('domain-macro m a.com, b.com, a.com, b.com, c.com');
    const all = findings(text, 'duplicate-macro-domain');
    assert.equal(all.length, 1);
    assert.equal(applyFix(text, fixOf(all[0])!.edits), cfg('domain-macro m a.com, b.com, c.com'));
  });
  it('duplicate-macro-domain removes a repeat that starts a continuation line together with the separator after it', () => {
    const text = cfg('domain-macro m a.com,', 'a.com, b.com');
    const f = findings(text, 'duplicate-macro-domain')[0];
    assert.equal(applyFix(text, fixOf(f)!.edits), cfg('domain-macro m a.com,', 'b.com'));
  });
  it('duplicate-macro-domain removes repeats that start a continuation line one after another without overlapping edits', () => {
    const text = cfg('domain-macro m a.com, b.com, c.com,', 'a.com, b.com, d.com');
    const f = findings(text, 'duplicate-macro-domain')[0];
    assert.equal(applyFix(text, fixOf(f)!.edits), cfg('domain-macro m a.com, b.com, c.com,', 'd.com'));
  });
  it('duplicate-macro-domain deletes a continuation line pasted twice (every item a repeat, the list going on below)', () => {
    const text = cfg('domain-macro m a.com,', '  b.com, c.com,', '  b.com, c.com,', '  d.com');
    const f = findings(text, 'duplicate-macro-domain')[0];
    assert.equal(applyFix(text, fixOf(f)!.edits), cfg('domain-macro m a.com,', '  b.com, c.com,', '  d.com'));
    // The last line of the list: deleting it would leave the comma above it pointing at the next line.
    const last = cfg('domain-macro m a.com,', '  b.com, c.com,', '  b.com, c.com', 'max-smtp-out 5');
    assert.equal(fixOf(findings(last, 'duplicate-macro-domain')[0]), undefined);
    // With a comment of its own, the line stays (its items go, the comment is kept or the fix is not offered).
    const commented = cfg('domain-macro m a.com,', '  b.com, c.com,', '  b.com, c.com, # again', '  d.com');
    const fix = fixOf(findings(commented, 'duplicate-macro-domain')[0]);
    if (fix) assert.match(applyFix(commented, fix.edits), /# again/);
  });
  it('duplicate-macro-domain counts a huge number of repeats without offering a fix for them', () => {
    const text = 'domain-macro m ' + 'a.com, '.repeat(5000) + 'b.com\n';
    const f = findings(text, 'duplicate-macro-domain')[0];
    assert.equal(f.data?.repeats, 4999);
    assert.equal(fixOf(f), undefined);
    assert.match(f.message, /\(4999 repeats in all\)/);
  });
  it('takes the process-wide settings that mark a main configuration from the catalogue', () => {
    const { directives, blocks } = catalog.mainMarkers;
    assert.deepEqual([...directives].sort(), ['http-access', 'http-mgmt-port', 'log-file', 'postmaster', 'run-as-root', 'smtp-listener', 'spool', 'total-max-smtp-out']);
    assert.deepEqual([...blocks].sort(), ['smtp-listener', 'spool']);
    // One marker is a fragment (a listeners.conf); two make a main file that then needs a spool.
    assert.deepEqual(codes(cfg('smtp-listener 0/0:25'), 'missing-spool'), []);
    assert.equal(codes(cfg('smtp-listener 0/0:25', 'total-max-smtp-out 100'), 'missing-spool').length, 1);
  });
  it('missing-log-file, missing-postmaster and missing-spool anchor on the first directive, after leading comments', () => {
    const text = cfg('# PowerMTA', '', 'http-mgmt-port 8080', 'run-as-root no');
    const f = findings(text, 'missing-log-file')[0];
    assert.equal(f.line, 2);
    assert.equal(applyFix(text, fixOf(f)!.edits), cfg('# PowerMTA', '', 'log-file /var/log/pmta/log', 'http-mgmt-port 8080', 'run-as-root no'));
  });
  it('dkim-wildcard-key-first names the keys it shadows as lines written for people', () => {
    const keys = (n: number) => cfg('domain-key s1,*,/k/wild.pem', ...Array.from({ length: n }, (_, i) => `domain-key s1,d${i}.example.com,/k/d${i}.pem`));
    const message = (n: number) => findings(keys(n), 'dkim-wildcard-key-first')[0].message;
    assert.match(message(1), /comes before a specific key it also matches \(line 2\)\./);
    assert.match(message(2), /comes before 2 specific keys it also matches \(lines 2 and 3\)\./);
    assert.match(message(3), /\(lines 2, 3 and 4\)\./);
    assert.match(message(5), /\(lines 2, 3, 4 and 2 more\)\./);
  });
  it('the existing security rules now carry quick fixes', () => {
    const relay = findings(cfg('<source 0/0>', '  always-allow-relaying yes', '</source>'), 'open-relay')[0];
    assert.equal(applyFix(cfg('<source 0/0>', '  always-allow-relaying yes', '</source>'), fixOf(relay)!.edits), cfg('<source 0/0>', '  always-allow-relaying yes', '  require-auth true', '</source>'));
    const admin = findings(cfg('http-access 0/0 admin'), 'public-admin-access')[0];
    assert.equal(applyFix(cfg('http-access 0/0 admin'), fixOf(admin)!.edits), cfg('http-access 127.0.0.1 admin'));
  });
  it('rules stay linear: a 20k-line configuration with many blocks is analysed once per rule pass', () => {
    const parts: string[] = ['log-file /l', 'postmaster p@example.com', 'spool /s', 'http-access 127.0.0.1 admin'];
    for (let i = 0; i < 2000; i++) {
      const ip = `10.${(i >> 8) & 255}.${i & 255}.1`;
      parts.push(`<virtual-mta v${i}>`, `  smtp-source-host ${ip} v${i}.example.com`, '  <domain gmail.com>', '    max-smtp-out 10', '    max-msg-rate 100/h', '    backoff-max-msg-rate 10/h', '  </domain>', '</virtual-mta>');
      parts.push(`http-access 192.0.${i % 256}.${i >> 8}/32 monitor`);
    }
    const text = cfg(...parts);
    const all = findings(text);
    // Every VMTA uses a private address: one hint each, nothing quadratic about it.
    assert.equal(all.filter((f) => f.code === 'private-source-ip').length, 2000);
    assert.equal(all.filter((f) => f.code === 'backoff-faster-than-normal').length, 0);
  });
});
