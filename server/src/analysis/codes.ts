/**
 * The diagnostic contract: one stable kebab-case code per kind of finding, with its default
 * severity, a one-line meaning and the usual fix. Codes are never renamed; new ones are added.
 * docs/diagnostics.md and docs/rules.md (with the examples) are generated from this table.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface CodeInfo {
  readonly severity: Severity;
  readonly group:
    | 'structure'
    | 'names'
    | 'values'
    | 'references'
    | 'security'
    | 'style'
    | 'files'
    | 'dns'
    | 'operations'
    | 'identity'
    | 'dkim'
    | 'throttling'
    | 'reply-rules'
    | 'pattern-lists'
    | 'accounting'
    | 'bounces'
    | 'required';
  readonly meaning: string;
  readonly fix: string;
  /** Why it matters to the operator (docs/rules.md). */
  readonly why?: string;
  /**
   * A configuration snippet where the code fires (`bad`) and the corrected one where it stays
   * silent (`good`). test/unit/operator-rules.test.ts runs both, so docs and behaviour cannot drift;
   * every code must have them.
   */
  readonly examples?: { readonly bad: string; readonly good: string };
  /** The MISCONFIG.md candidate(s) the code implements, e.g. `SEC-05`. */
  readonly misconfig?: string;
  /**
   * For codes whose examples need more than one snippet (other files, key files, a DNS server):
   * the test file that exercises them with real files and servers. The examples are then
   * documentation; operator-rules.test.ts checks that the named test exists and names the code.
   */
  readonly checkedBy?: string;
}

export const CODES = {
  'unclosed-block': {
    severity: 'error',
    group: 'structure',
    meaning: 'A `<tag …>` is never closed by its `</tag>`.',
    fix: 'Add the closing tag where the block ends (quick fix inserts it).',
    why: 'PowerMTA refuses to load a file whose blocks do not balance; every line after the open tag would belong to the unclosed block.',
    examples: {
      bad: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n',
      good: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n',
    },
  },
  'unexpected-close': {
    severity: 'error',
    group: 'structure',
    meaning: 'A `</tag>` that closes no open block, or closes a block other than the innermost one.',
    fix: 'Remove the stray close tag or open the block it belongs to.',
    why: 'A close tag that matches nothing is most likely refused when the file is loaded, and usually means a block was closed too early.',
    examples: {
      bad: '<domain example.com>\n  max-smtp-out 10\n</domain>\n</domain>\n',
      good: '<domain example.com>\n  max-smtp-out 10\n</domain>\n',
    },
  },
  'malformed-tag': {
    severity: 'error',
    group: 'structure',
    meaning: 'A block tag without its closing `>`, with no name, with text after the `>`, or with a `>` inside its argument (`<virtual-mta v1>>`). A tag without its `>` or its name opens or closes no block, so one being typed does not move the lines below it into a block.',
    fix: 'Write the tag alone on its line as `<tag argument>` (a missing `>` and a doubled one have quick fixes).',
    why: 'PowerMTA reads a tag as a whole line; a missing `>` or text after it makes the line unreadable.',
    examples: {
      bad: '<domain example.com\n  max-smtp-out 10\n</domain>\n',
      good: '<domain example.com>\n  max-smtp-out 10\n</domain>\n',
    },
  },
  'unknown-directive': {
    severity: 'warning',
    group: 'names',
    meaning: 'A directive name that is not in the catalogue; the message offers the closest known name.',
    fix: 'Correct the spelling (quick fix) or remove the line.',
    why: 'A misspelt setting never takes effect, and PowerMTA most likely refuses a name it does not know when it loads the file (the guide does not say; check with `pmta test config`).',
    examples: {
      bad: '<domain *>\n  max-smtp-ot 20\n</domain>\n',
      good: '<domain *>\n  max-smtp-out 20\n</domain>\n',
    },
  },
  'unknown-block': {
    severity: 'warning',
    group: 'names',
    meaning: 'A `<tag>` that PowerMTA does not define.',
    fix: 'Correct the tag name or remove the block.',
    why: 'Its settings are never applied, and PowerMTA most likely refuses the block when it loads the file.',
    examples: {
      bad: '<policy default>\n</policy>\n',
      good: '<domain *>\n  max-smtp-out 20\n</domain>\n',
    },
  },
  'misplaced-directive': {
    severity: 'error',
    group: 'names',
    meaning: 'A known directive used in a block where PowerMTA does not accept it.',
    fix: 'Move the line into one of the blocks the message lists.',
    why: 'A setting outside the blocks that accept it is rejected, or silently does nothing.',
    examples: {
      bad: 'max-msg-rate 100/h\n',
      good: '<domain *>\n  max-msg-rate 100/h\n</domain>\n',
    },
  },
  'misplaced-block': {
    severity: 'error',
    group: 'names',
    meaning: 'A known block nested where it is not allowed (for example `<virtual-mta>` inside `<domain>`).',
    fix: 'Move the block to where the message says it belongs.',
    why: 'The guide documents only a few nestings (`<domain>` inside `<virtual-mta>`…); any other is most likely refused, or its settings are not applied where meant.',
    examples: {
      bad: '<domain *>\n  <virtual-mta mta1>\n  </virtual-mta>\n</domain>\n',
      good: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n  <domain *>\n    max-smtp-out 10\n  </domain>\n</virtual-mta>\n',
    },
  },
  'missing-value': {
    severity: 'error',
    group: 'values',
    meaning: 'A directive, or one of its arguments, has no value.',
    fix: 'Add the value the syntax line in the message shows.',
    why: 'PowerMTA stops with "argument missing" on a directive without its value.',
    examples: {
      bad: 'log-file\n',
      good: 'log-file /var/log/pmta/log\n',
    },
  },
  'invalid-value': {
    severity: 'error',
    group: 'values',
    meaning: 'A value that does not fit the directive type: duration, rate, size, integer or range, boolean, keyword, IP, CIDR, ip:port, e-mail address, host name, URL.',
    fix: 'Write the value in the form the message shows.',
    why: 'A value of the wrong shape is a load error (or, for some directives, silently ignored).',
    examples: {
      bad: '<domain *>\n  bounce-after 3x\n</domain>\n',
      good: '<domain *>\n  bounce-after 3d\n</domain>\n',
    },
  },
  'unitless-duration': {
    severity: 'warning',
    group: 'values',
    meaning: 'A time interval written as a bare number; PowerMTA documents intervals with a unit (`30s`, `10m`, `4d12h`).',
    fix: 'Add the unit you mean, e.g. `600s` or `10m`.',
    why: 'A bare number is undocumented; it is probably read as seconds, which is rarely what was meant.',
    examples: {
      bad: '<domain *>\n  bounce-after 3600\n</domain>\n',
      good: '<domain *>\n  bounce-after 1h\n</domain>\n',
    },
  },
  'invalid-regex': {
    severity: 'error',
    group: 'values',
    meaning: 'A `/regex/` that has no closing slash or does not compile (unbalanced groups or classes).',
    fix: 'Close the regex with `/` on the same line and balance its brackets; write `#` as `\\x23`.',
    why: 'A regex that does not compile is a load error; one cut by a line break or a `#` never matches what was meant.',
    examples: {
      bad: '<smtp-pattern-list throttling>\n  reply /too many (connections/ mode=backoff\n</smtp-pattern-list>\n',
      good: '<smtp-pattern-list throttling>\n  reply /too many (connections)/ mode=backoff\n</smtp-pattern-list>\n',
    },
  },
  'merge-conflict-marker': {
    severity: 'error',
    group: 'structure',
    meaning: 'A line Git leaves where a merge conflicted (`<<<<<<<`, `|||||||`, `=======`, `>>>>>>>`): the conflict was never resolved.',
    fix: 'Keep the side you want (or both) and delete the markers; the quick fixes do it for the whole conflict.',
    why: 'PowerMTA cannot load a file with conflict markers, and a configuration merged by hand in Git is easy to deploy with them still in.',
    examples: {
      bad: '<domain example.com>\n<<<<<<< HEAD\n    max-smtp-out 10\n=======\n    max-smtp-out 20\n>>>>>>> raise-limit\n</domain>\n',
      good: '<domain example.com>\n    max-smtp-out 20\n</domain>\n',
    },
  },
  'template-placeholder': {
    severity: 'warning',
    group: 'values',
    meaning: 'Unrendered template markup (`{{…}}`, `__NAME__`): the file is a template, not a configuration PowerMTA can load.',
    fix: 'Render the template before deploying it, or ignore this code for template sources.',
    why: 'A file deployed without rendering its template cannot load.',
    examples: {
      bad: 'http-mgmt-port __HTTP_PORT__\n',
      good: 'http-mgmt-port 8080\n',
    },
  },
  'undefined-reference': {
    severity: 'error',
    group: 'references',
    meaning: 'A name (virtual MTA, pool, pattern list, macro, source, proxy…) that is defined nowhere in the file or its includes. It is a warning instead when the configuration was not read whole: an included file was not found, or the file is checked on its own and looks like part of a configuration; the message says which.',
    fix: 'Define the block or correct the name (quick fix creates a missing virtual MTA).',
    why: 'A reference to a name that does not exist is a load error, or mail is rejected with "no such virtual MTA".',
    examples: {
      bad: '<virtual-mta-pool pool1>\n  virtual-mta mta9\n</virtual-mta-pool>\n',
      good: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n<virtual-mta-pool pool1>\n  virtual-mta mta1\n</virtual-mta-pool>\n',
    },
  },
  'reference-case-mismatch': {
    severity: 'warning',
    group: 'references',
    meaning: 'A reference that matches a defined name only when case is ignored.',
    fix: 'Write the name exactly as it is defined.',
    why: 'The guide does not say whether names are matched ignoring case; written differently, the reference may not resolve.',
    examples: {
      bad: '<virtual-mta MTA1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n<virtual-mta-pool pool1>\n  virtual-mta mta1\n</virtual-mta-pool>\n',
      good: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n<virtual-mta-pool pool1>\n  virtual-mta mta1\n</virtual-mta-pool>\n',
    },
  },
  'define-before-use': {
    severity: 'warning',
    group: 'references',
    meaning: 'A `pattern-list` referenced before its `<pattern-list>` is defined; PowerMTA requires the list first.',
    fix: 'Move the `<pattern-list>` block above the `<source>` that uses it.',
    why: 'PowerMTA resolves `pattern-list` when it reads the `<source>`, so a list defined later is not found.',
    examples: {
      bad: '<source 10.0.0.0/8>\n  pattern-list routes\n</source>\n<pattern-list routes>\n</pattern-list>\n',
      good: '<pattern-list routes>\n</pattern-list>\n<source 10.0.0.0/8>\n  pattern-list routes\n</source>\n',
    },
  },
  'duplicate-definition': {
    severity: 'error',
    group: 'references',
    meaning: 'Two blocks define the same name (virtual MTAs and pools share one namespace).',
    fix: 'Rename or merge one of the definitions.',
    why: 'Which of two definitions of one name applies is not documented, and a pool named like a virtual MTA is refused (pools and VMTAs share one namespace).',
    examples: {
      bad: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n<virtual-mta-pool mta1>\n</virtual-mta-pool>\n',
      good: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n<virtual-mta-pool pool1>\n  virtual-mta mta1\n</virtual-mta-pool>\n',
    },
  },
  'duplicate-block': {
    severity: 'warning',
    group: 'references',
    meaning: 'The same `<domain X>` or `<source X>` appears twice in one scope (the top levels of a configuration\'s files count as one); which settings win is not documented.',
    fix: 'Merge the two blocks into one.',
    why: 'Whether two blocks for one domain or source merge or one wins is undocumented, so one set of settings may be ignored.',
    examples: {
      bad: '<domain example.com>\n  max-smtp-out 5\n</domain>\n<domain example.com>\n  max-msg-rate 100/h\n</domain>\n',
      good: '<domain example.com>\n  max-smtp-out 5\n  max-msg-rate 100/h\n</domain>\n',
    },
  },
  'duplicate-directive': {
    severity: 'warning',
    group: 'references',
    meaning: 'A directive that takes one value is set twice in the same block (or at the top level of two files of one configuration).',
    fix: 'Keep one line; delete or comment out the other.',
    why: 'Which of two values PowerMTA uses is undocumented; the one you edit may not be the one that applies.',
    examples: {
      bad: '<domain *>\n  max-smtp-out 20\n  max-smtp-out 10\n</domain>\n',
      good: '<domain *>\n  max-smtp-out 10\n</domain>\n',
    },
  },
  'open-relay': {
    severity: 'error',
    group: 'security',
    meaning: 'Relaying is granted to everyone: a public `<source>` (or a listener-bound named source) with `always-allow-relaying yes` and no `require-auth`, or a catch-all `relay-domain`/`relay-address`.',
    fix: 'Allow relaying only to feeder IPs or authenticated clients (`require-auth true`).',
    why: 'An open relay is found by spammers within hours; the IPs land on every blocklist and legitimate mail stops.',
    examples: {
      bad: '<source 0/0>\n  always-allow-relaying yes\n</source>\n',
      good: '<source 0/0>\n  always-allow-relaying no\n</source>\n<source 10.1.2.0/24>\n  always-allow-relaying yes\n</source>\n',
    },
  },
  'public-admin-access': {
    severity: 'error',
    group: 'security',
    meaning: '`http-access` grants `admin` to `0/0` or another public range: anyone can reconfigure the server over HTTP.',
    fix: 'Grant admin only to 127.0.0.1, ::1 or your management network.',
    why: 'Admin rights over HTTP mean changing the configuration, running commands and reading logs: the whole server.',
    examples: {
      bad: 'http-access 0/0 admin\n',
      good: 'http-access 127.0.0.1 admin\n',
    },
  },
  'invisible-character': {
    severity: 'warning',
    group: 'values',
    meaning: 'A no-break space, a zero-width character or a bidirectional-text control in a name or value: it looks like a plain space or like nothing, but PowerMTA reads it as part of the text.',
    fix: 'Type a plain space instead of a space-like character, and delete the invisible ones (quick fix); they usually come from text pasted from a web page, a chat or a word processor.',
    why: 'The setting is not the one everyone reads: `max-smtp-out` glued to its value by a no-break space is an unknown directive, and a domain with a zero-width space in it matches no mail. Bidirectional controls can also make a line display in another order than PowerMTA reads it.',
    examples: {
      bad: '<domain gmail.com\u200b>\n  max-smtp-out\u00a010\n</domain>\n',
      good: '<domain gmail.com>\n  max-smtp-out 10\n</domain>\n',
    },
  },
  'typographic-character': {
    severity: 'warning',
    group: 'values',
    meaning: 'A curly quote (`“ ” ‘ ’`) or a long dash (`– —`) in a value, a tag argument or a pattern, where PowerMTA syntax has `"`, `\'` or `-`; or `�`, bytes that are not UTF-8 (such characters saved in a Windows code page).',
    fix: 'Write the plain character (quick fix); such characters come from text copied out of a word processor, a wiki or a blog.',
    why: 'PowerMTA reads them as part of the text: `“mail.example.com”` is no quoted string but a host name with two odd characters, and a reply pattern copied with `–` never matches the server\'s reply, which has `-`.',
    examples: {
      bad: '<bounce-category-patterns>\n  /mailbox is full – quota exceeded/ quota-issues\n</bounce-category-patterns>\n',
      good: '<bounce-category-patterns>\n  /mailbox is full - quota exceeded/ quota-issues\n</bounce-category-patterns>\n',
    },
  },
  'comment-in-value': {
    severity: 'warning',
    group: 'values',
    meaning: 'A `#` glued to a value: PowerMTA treats it as the start of a comment and cuts the value there.',
    fix: 'Put a space before `#` if a comment is meant; otherwise avoid `#` in the value (`\\x23` in regexes).',
    why: 'The value PowerMTA keeps is cut at `#`: a password or key becomes shorter than intended, or empty.',
    examples: {
      bad: '<smtp-user mailer>\n  password Xk9#vQ2-Lm4x-Zp8w\n</smtp-user>\n',
      good: '<smtp-user mailer>\n  password Xk9vQ2-Lm4x-Zp8w # rotated monthly\n</smtp-user>\n',
    },
  },
  'deprecated-directive': {
    severity: 'warning',
    group: 'names',
    meaning: 'A deprecated directive: the PowerMTA guide marks it so, or (as for DomainKeys\' `dk-sign`, which the 5.0 guide no longer lists) a newer directive replaced it; the message names the replacement.',
    fix: 'Use the replacement directive.',
    why: 'Deprecated names still work but may be dropped; the replacement is usually more precise.',
    examples: {
      bad: '<domain *>\n  max-msg-per-hour 100\n</domain>\n',
      good: '<domain *>\n  max-msg-rate 100/h\n</domain>\n',
    },
  },
  'removed-directive': {
    severity: 'error',
    group: 'names',
    meaning: 'A directive the PowerMTA guide says is no longer valid (the `*-allow-sslv3` switches).',
    fix: 'Delete the line.',
    why: 'PowerMTA rejects the line: SSLv3 support is gone.',
    examples: {
      bad: 'smtp-server-tls-allow-sslv3 no\n',
      good: 'smtp-server-tls-allow-tlsv1.2 true\n',
    },
  },
  'legacy-directive': {
    severity: 'information',
    group: 'names',
    meaning: 'A name seen in real 3.x/4.x configurations but absent from the PowerMTA 5.0 guide; a newer PowerMTA may refuse it.',
    fix: 'Check it against your PowerMTA version; use the documented replacement where one is named.',
    why: 'After an upgrade to 5.x such names may be refused at load time.',
    examples: {
      bad: 'sync-msg-create false\n',
      good: 'run-as-root no\n',
    },
  },
  'non-canonical-case': {
    severity: 'information',
    group: 'style',
    meaning: 'A directive or tag name written with capitals; the guide always writes names in lower case.',
    fix: 'Write the name in lower case.',
    why: 'Case handling of names is undocumented; lower case is what PowerMTA documents.',
    examples: {
      bad: 'Pickup /var/pickup /var/badmail\n',
      good: 'pickup /var/pickup /var/badmail\n',
    },
  },
  'foreign-syntax': {
    severity: 'error',
    group: 'structure',
    meaning: 'Syntax from other config languages: `;` terminators, `key = value`, `{ … }` blocks; and, left from copied text, Markdown code fences, tags escaped for HTML (`&lt;domain …&gt;`) and the lines of an install script that writes the file: the first and last lines of a shell here-document (`cat > /etc/pmta/config <<EOF` … `EOF`) and `echo "…" >> /etc/pmta/config`.',
    fix: 'Write `directive value` on one line; blocks are `<tag>` … `</tag>`.',
    why: 'PowerMTA does not understand these forms; the line is a load error or is read with the wrong value.',
    examples: {
      bad: 'log-file /var/log/pmta/log;\n',
      good: 'log-file /var/log/pmta/log\n',
    },
  },
  'guide-dialect': {
    severity: 'information',
    group: 'names',
    meaning: 'A name from the popular configuration guide with no PowerMTA evidence (`backoff-trigger-pattern`, `backoff-retry-interval`, `statistics-interval`, `<statistics>`, `allow-relay`, `<source *>`); the message names the documented equivalent.',
    fix: 'Rewrite to the documented form (quick fix where one exists).',
    why: 'These names come from a widely copied guide, not from PowerMTA; they may not do what the guide claims.',
    examples: {
      bad: '<domain *>\n  backoff-retry-interval 30m\n</domain>\n',
      good: '<domain *>\n  backoff-retry-after 30m\n</domain>\n',
    },
  },
  // ── The operator's checklist (issue 8, MISCONFIG.md): security, identity, DKIM, throttling, reply rules, accounting, processors, required settings.
  'public-monitor-access': {
    severity: 'warning',
    group: 'security',
    misconfig: 'SEC-05',
    meaning: '`http-access` grants `monitor` or `operator` to `0/0` or another wide public range.',
    why: 'The web monitor shows queues, destination domains, volumes and (without `deny-logs`) logs; `operator` can also see the configuration and run commands. Competitors and attackers learn your senders and recipients.',
    fix: 'Grant the level only to 127.0.0.1, ::1 or your office or VPN range (quick fix: 127.0.0.1).',
    examples: {
      bad: 'http-access 0/0 monitor\n',
      good: 'http-access 127.0.0.1 monitor\nhttp-access 10.8.0.0/24 monitor\n',
    },
  },
  'shadowed-http-access': {
    severity: 'warning',
    group: 'security',
    misconfig: 'SEC-06',
    meaning: 'An `http-access` line that never applies because an earlier line (in this file, or in a file of the configuration read before it) already matches every address it covers (the first matching line wins).',
    why: 'The access level you wrote for that network is silently replaced by the earlier, wider rule: usually either more access than intended, or none.',
    fix: 'Put narrower ranges above wider ones (quick fix moves the line); delete a line that repeats an earlier one, and of two lines for the same range keep the one you mean (quick fix deletes the later one, which never applies).',
    examples: {
      bad: 'http-access 10.0.0.0/8 monitor\nhttp-access 10.1.0.0/16 none\n',
      good: 'http-access 10.1.0.0/16 none\nhttp-access 10.0.0.0/8 monitor\n',
    },
  },
  'root-with-remote-http': {
    severity: 'warning',
    group: 'security',
    misconfig: 'SEC-07',
    meaning: 'PowerMTA runs as root (`run-as-root` is yes by default) while `http-access` gives operator or admin rights beyond the loopback interface.',
    why: 'A published path-traversal flaw in the console lets a remote user read any file the daemon can read; as root that is every key and password on the machine.',
    fix: 'Set `run-as-root no` and give the pmta user access to spool, logs and keys, or limit operator/admin access to 127.0.0.1.',
    examples: {
      bad: 'run-as-root yes\nhttp-access 10.0.0.0/8 admin\n',
      good: 'run-as-root no\nhttp-access 10.0.0.0/8 admin\n',
    },
  },
  'plaintext-http-management': {
    severity: 'warning',
    group: 'security',
    misconfig: 'SEC-08',
    meaning: '`http-redirect-to-https false` while `http-access` lets other hosts reach the console.',
    why: 'API keys, queue data and the configuration travel over the network unencrypted.',
    fix: 'Set the redirect to `true` (the default in PowerMTA 5.0; 4.5 defaulted to `false`, so there removing the line is not enough), or only allow 127.0.0.1 and use an SSH tunnel.',
    examples: {
      bad: 'http-redirect-to-https false\nhttp-access 10.0.0.0/8 monitor\n',
      good: 'http-access 10.0.0.0/8 monitor\n',
    },
  },
  'csrf-protection-off': {
    severity: 'warning',
    group: 'security',
    misconfig: 'SEC-09',
    meaning: '`http-csrf-protection false` turns off the console\'s cross-site request forgery protection.',
    why: 'Any web page an operator visits can then send commands to the console in the operator\'s name.',
    fix: 'Set it to `true` (the default; quick fix). Scripts should authenticate with `http-api-key`.',
    examples: {
      bad: 'http-csrf-protection false\n',
      good: 'http-csrf-protection true\n',
    },
  },
  'plain-auth-unencrypted': {
    severity: 'warning',
    group: 'security',
    misconfig: 'SEC-10',
    meaning: '`allow-unencrypted-plain-auth yes` in a source that hosts other than this machine can reach.',
    why: 'SMTP AUTH PLAIN then sends user names and passwords in clear text, readable by anyone on the path.',
    fix: 'Set it to `no` so clients must use STARTTLS first (quick fix), and make sure they can: `allow-starttls yes` in the source (off by default) and a certificate (`smtp-server-tls-certificate`). Or allow it only in `<source 127.0.0.1>`.',
    examples: {
      bad: '<source 0/0>\n  require-auth true\n  smtp-max-auth-failure-rate 5/m\n  allow-unencrypted-plain-auth yes\n</source>\n',
      good: '<source 0/0>\n  require-auth true\n  smtp-max-auth-failure-rate 5/m\n  allow-unencrypted-plain-auth no\n</source>\n',
    },
  },
  'auth-without-failure-limit': {
    severity: 'information',
    group: 'security',
    misconfig: 'SEC-11',
    meaning: 'A reachable source requires SMTP authentication but no `smtp-max-auth-failure-rate` applies to it.',
    why: 'Nothing slows down password guessing against your SMTP users.',
    fix: 'Add `smtp-max-auth-failure-rate 5/m` (here or in `<source 0/0>`).',
    examples: {
      bad: '<source 0/0>\n  require-auth true\n</source>\n',
      good: '<source 0/0>\n  require-auth true\n  smtp-max-auth-failure-rate 5/m\n</source>\n',
    },
  },
  'weak-password': {
    severity: 'warning',
    group: 'security',
    misconfig: 'SEC-13',
    meaning: 'An `<smtp-user>` password that is empty, shorter than 8 characters, a stock placeholder (`changeme`, `CHANGE_ME…`, `password`) or one repeated character.',
    why: 'SMTP credentials are the key to sending under your IPs\' reputation; placeholders from published configs are the first thing attackers try.',
    fix: 'Use a long random password per user (the message never repeats the secret).',
    examples: {
      bad: '<smtp-user mailer>\n  password changeme\n</smtp-user>\n',
      good: '<smtp-user mailer>\n  password Xk9vQ2-Lm4x-Zp8w-Rt6y\n</smtp-user>\n',
    },
  },
  'shared-password': {
    severity: 'warning',
    group: 'security',
    misconfig: 'SEC-13',
    meaning: 'Two `<smtp-user>` blocks with the same password.',
    why: 'One leaked credential opens every account that shares it, and the logs can no longer tell who sent what.',
    fix: 'Give each user its own password.',
    examples: {
      bad: '<smtp-user app1>\n  password Xk9vQ2-Lm4x-Zp8w-Rt6y\n</smtp-user>\n<smtp-user app2>\n  password Xk9vQ2-Lm4x-Zp8w-Rt6y\n</smtp-user>\n',
      good: '<smtp-user app1>\n  password Xk9vQ2-Lm4x-Zp8w-Rt6y\n</smtp-user>\n<smtp-user app2>\n  password Hq3nW8-Pd5z-Cv2k-Ys7u\n</smtp-user>\n',
    },
  },
  'deprecated-tls-version': {
    severity: 'information',
    group: 'security',
    misconfig: 'SEC-16',
    meaning: 'A `*-allow-tlsv1` or `*-allow-tlsv1.1` switch set to true for connections PowerMTA accepts (SMTP, listeners, the HTTP console). Not the `<domain>` switches for delivery, whose TLS is opportunistic: an old version there beats clear text.',
    why: 'TLS 1.0 and 1.1 have known weaknesses and are retired (RFC 8996); accepting them lets clients negotiate down to them.',
    fix: 'Set the switch to `false` (the default; quick fix) unless one specific old peer needs it.',
    examples: {
      bad: 'smtp-server-tls-allow-tlsv1 true\n',
      good: 'smtp-server-tls-allow-tlsv1 false\n',
    },
  },
  'dkim-sha1': {
    severity: 'warning',
    group: 'dkim',
    misconfig: 'SEC-17',
    meaning: '`dkim-algorithm rsa-sha1` (or `second-dkim-algorithm rsa-sha1`).',
    why: 'RFC 8301 forbids SHA-1 for DKIM; major receivers ignore such signatures, so DMARC can fail.',
    fix: 'Use `rsa-sha256` (the default; quick fix). The same keys work.',
    examples: {
      bad: '<domain *>\n  dkim-algorithm rsa-sha1\n</domain>\n',
      good: '<domain *>\n  dkim-algorithm rsa-sha256\n</domain>\n',
    },
  },
  'logs-message-content': {
    severity: 'warning',
    group: 'security',
    misconfig: 'SEC-18',
    meaning: '`log-data` or `log-commands` switched on for every client (`<source 0/0>`) or every destination (`<domain *>`).',
    why: 'Message content or addresses of all traffic end up in the logs (personal data, backups), and the disk fills quickly.',
    fix: 'Turn it on only in a narrow `<domain>` or `<source>` while debugging (quick fix sets `no`).',
    examples: {
      bad: '<domain *>\n  log-commands yes\n</domain>\n',
      good: '<domain example.com>\n  log-commands yes\n</domain>\n',
    },
  },
  'public-vmta-selection': {
    severity: 'warning',
    group: 'security',
    misconfig: 'SEC-12',
    meaning: '`process-x-virtual-mta yes` or `always-allow-api-submission yes` in a `<source>` everyone can reach (`<source 0/0>`, or a named source bound to a public listener) that lets clients relay (`always-allow-relaying yes`) without `require-auth true`.',
    why: 'Any client on the internet may then relay mail and pick which virtual MTA (sending IP, with its reputation) delivers it, or use mail-merge, without logging in.',
    fix: 'Grant it only in the `<source>` of your own injectors (127.0.0.1, your application servers), or require authentication (quick fix sets `no`).',
    examples: {
      bad: '<source 0/0>\n  always-allow-relaying yes\n  process-x-virtual-mta yes\n</source>\n',
      good: '<source 0/0>\n  always-allow-relaying no\n</source>\n<source 127.0.0.1>\n  always-allow-relaying yes\n  process-x-virtual-mta yes\n</source>\n',
    },
  },
  'unlimited-message-size': {
    severity: 'information',
    group: 'security',
    misconfig: 'SEC-19',
    meaning: '`max-message-size 0` or `unlimited` in a source other hosts can reach.',
    why: 'One huge submission can fill the spool disk and stall every queue.',
    fix: 'Set a limit that fits your mail, e.g. `max-message-size 50M`.',
    examples: {
      bad: '<source 0/0>\n  max-message-size unlimited\n</source>\n',
      good: '<source 0/0>\n  max-message-size 50M\n</source>\n',
    },
  },
  'world-readable-logs': {
    severity: 'information',
    group: 'security',
    misconfig: 'SEC-20',
    meaning: '`log-file-world-readable true`, or `world-readable yes` in an `<acct-file>`.',
    why: 'Logs and accounting files hold recipient addresses and delivery details; every local account could read them.',
    fix: 'Keep them private (quick fix) and add readers to the pmta group.',
    examples: {
      bad: 'log-file-world-readable true\n',
      good: 'log-file-world-readable false\n',
    },
  },
  'helo-not-fqdn': {
    severity: 'warning',
    group: 'identity',
    misconfig: 'ID-01',
    meaning: 'The EHLO name of `smtp-source-host`, `smtp-proxy-source-host` or `host-name` is not a fully qualified domain name (one label, an IP address, or `localhost`).',
    why: 'Receivers compare the EHLO name with the IP\'s PTR record and its A record; a bare or local name gets mail rejected or sent to spam.',
    fix: 'Write the IP\'s reverse-DNS name, e.g. `mta1.example.com`.',
    examples: {
      bad: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1\n</virtual-mta>\n',
      good: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n',
    },
  },
  'ip-hostname-conflict': {
    severity: 'warning',
    group: 'identity',
    misconfig: 'ID-02',
    meaning: 'The same source IP is announced under different EHLO names in different places (in any file of the configuration).',
    why: 'An IP has one PTR record, so at least one name fails forward-confirmed reverse DNS, and the IP\'s reputation is split.',
    fix: 'Use the IP\'s PTR name everywhere the IP appears.',
    examples: {
      bad: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n<virtual-mta mta2>\n  smtp-source-host 192.0.2.10 mta2.example.com\n</virtual-mta>\n',
      good: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n<virtual-mta mta2>\n  smtp-source-host 192.0.2.11 mta2.example.com\n</virtual-mta>\n',
    },
  },
  'hostname-on-many-ips': {
    severity: 'information',
    group: 'identity',
    misconfig: 'ID-02',
    meaning: 'One EHLO name is used for several source IPs (in any file of the configuration).',
    why: 'It needs a PTR record on every IP and an A record listing them all, and it blurs per-IP reputation and block tracing.',
    fix: 'Prefer one name per IP (`mta1`, `mta2`…).',
    examples: {
      bad: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta.example.com\n</virtual-mta>\n<virtual-mta mta2>\n  smtp-source-host 192.0.2.11 mta.example.com\n</virtual-mta>\n',
      good: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n<virtual-mta mta2>\n  smtp-source-host 192.0.2.11 mta2.example.com\n</virtual-mta>\n',
    },
  },
  'private-source-ip': {
    severity: 'information',
    group: 'identity',
    misconfig: 'ID-03',
    meaning: 'An `smtp-source-host` IP in a private, loopback, link-local or CGNAT range.',
    why: 'Receivers see the translated public address, so PTR, SPF and reputation follow that one; fine behind a dedicated 1:1 NAT, wrong otherwise.',
    fix: 'Bind the public address, or make sure the NAT maps this IP to a dedicated public one.',
    examples: {
      bad: '<virtual-mta mta1>\n  smtp-source-host 10.0.0.5 mta1.example.com\n</virtual-mta>\n',
      good: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n',
    },
  },
  'source-ip-outside-listeners': {
    severity: 'information',
    group: 'identity',
    misconfig: 'issue 8',
    meaning: 'Every SMTP listener names a specific address, and an `smtp-source-host` IP is outside all of them.',
    why: 'The listeners show which addresses this machine has; PowerMTA cannot send from an address it does not have, so the VMTA would fail to connect. A hint only: machines often have more addresses than they listen on.',
    fix: 'Check that the IP is configured on this machine, or correct it.',
    examples: {
      bad: 'smtp-listener 192.0.2.10:25\n<virtual-mta mta2>\n  smtp-source-host 198.51.100.20 mta2.example.com\n</virtual-mta>\n',
      good: 'smtp-listener 192.0.2.10:25\nsmtp-listener 198.51.100.20:25\n<virtual-mta mta2>\n  smtp-source-host 198.51.100.20 mta2.example.com\n</virtual-mta>\n',
    },
  },
  'dkim-sign-without-key': {
    severity: 'warning',
    group: 'dkim',
    misconfig: 'ID-04',
    meaning: '`dkim-sign yes` (or `second-dkim-sign`) in a main configuration that defines no `domain-key` at all, in any of its files (fragments checked alone are skipped: their keys may sit in a sibling file).',
    why: 'With no key PowerMTA sends the mail unsigned, silently; Gmail and Yahoo reject or junk bulk mail that fails DMARC.',
    fix: 'Add `domain-key SELECTOR,DOMAIN,/etc/pmta/dkim/SELECTOR.DOMAIN.pem` at the top level or in the VMTA.',
    examples: {
      bad: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n<domain *>\n  dkim-sign yes\n</domain>\n',
      good: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\ndomain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem\n<domain *>\n  dkim-sign yes\n</domain>\n',
    },
  },
  'dkim-keys-unused': {
    severity: 'warning',
    group: 'dkim',
    misconfig: 'ID-05',
    meaning: 'A main configuration defines `domain-key` lines but never turns `dkim-sign` on in any of its files (it defaults to no).',
    why: 'The keys are configured, published in DNS, and never used: mail leaves unsigned.',
    fix: 'Add `dkim-sign yes` to `<domain *>`.',
    examples: {
      bad: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\ndomain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem\n',
      good: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\ndomain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem\n<domain *>\n  dkim-sign yes\n</domain>\n',
    },
  },
  'dkim-wildcard-key-first': {
    severity: 'warning',
    group: 'dkim',
    misconfig: 'ID-06',
    meaning: 'A wildcard `domain-key` (`*`, `*.x`, `[*.]x`) comes before specific keys it also matches, or a domain\'s key before keys of its subdomains, in the same block (or at the top level, before the keys of a file included after it).',
    why: 'PowerMTA takes the first key whose domain matches the sending domain or is a parent of it (UG5 §3.3.1.43.1), so the later domains are signed with the earlier key; DKIM fails where their selector does not publish it.',
    fix: 'Put wildcard keys, and parent domains\' keys, after the keys they would be taken for (quick fix moves the line).',
    examples: {
      bad: 'domain-key s1,*,/etc/pmta/dkim/default.pem\ndomain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem\n',
      good: 'domain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem\ndomain-key s1,*,/etc/pmta/dkim/default.pem\n',
    },
  },
  'dkim-key-unreadable': {
    severity: 'warning',
    group: 'dkim',
    misconfig: 'ID-07',
    meaning: 'A `domain-key` file under `/root/` (or `~`) while `run-as-root no`.',
    why: 'The pmta user cannot read root\'s home, so PowerMTA cannot read the key and the mail goes out unsigned.',
    fix: 'Keep keys in e.g. `/etc/pmta/dkim/`, owned by pmta with mode 600.',
    examples: {
      bad: 'run-as-root no\ndomain-key s1,example.com,/root/dkim/s1.example.com.pem\n<domain *>\n  dkim-sign yes\n</domain>\n',
      good: 'run-as-root no\ndomain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem\n<domain *>\n  dkim-sign yes\n</domain>\n',
    },
  },
  'dkim-key-domain-mismatch': {
    severity: 'information',
    group: 'dkim',
    misconfig: 'ID-08',
    meaning: 'The key file\'s name (or directory) names another domain than the key\'s domain field.',
    why: 'Usually a copy-paste slip: the domain is signed with another domain\'s private key and verification fails.',
    fix: 'Check the domain and the path.',
    examples: {
      bad: 'domain-key s1,example.com,/etc/pmta/dkim/s1.example.org.pem\n',
      good: 'domain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem\n',
    },
  },
  'duplicate-domain-key': {
    severity: 'warning',
    group: 'dkim',
    misconfig: 'ID-08',
    meaning: 'The same selector and domain twice in one block (or at the top level of two files of one configuration) with different key files.',
    why: 'Only the first line is used; if the second holds the current key, signatures do not match the DNS record.',
    fix: 'Keep one line per selector and domain.',
    examples: {
      bad: 'domain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem\ndomain-key s1,example.com,/etc/pmta/dkim/s1.example.com.2024.pem\n',
      good: 'domain-key s1,example.com,/etc/pmta/dkim/s1.example.com.2024.pem\n',
    },
  },
  'dkim-identity-no-key': {
    severity: 'warning',
    group: 'dkim',
    misconfig: 'ID-09',
    meaning: '`dkim-identity @X` where no `domain-key` in the configuration (any of its files) covers X or one of its parent domains (main configurations only).',
    why: 'PowerMTA cannot sign as that identity, so those messages go out without the intended signature.',
    fix: 'Add a `domain-key` for X (and publish its selector), or correct the identity.',
    examples: {
      bad: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\ndomain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem\n<domain *>\n  dkim-sign yes\n  dkim-identity @example.org\n</domain>\n',
      good: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\ndomain-key s1,example.com,/etc/pmta/dkim/s1.example.com.pem\n<domain *>\n  dkim-sign yes\n  dkim-identity @news.example.com\n</domain>\n',
    },
  },
  'unused-pattern-list': {
    severity: 'warning',
    group: 'pattern-lists',
    meaning: 'An `<smtp-pattern-list>` that no `<domain>` uses (`smtp-pattern-list NAME`), or a `<pattern-list>` that no `<source>` uses (`pattern-list NAME`), in the (main) configuration.',
    why: 'Its rules never run: backoff on "too many connections" or on a blocklist reply, bouncing, disabling a source IP, or the routing of a pattern list. Configurations built from PowerMTA\'s sample often define `common-errors` but attach only `blocking-errors`, so the operator believes a protection is active when it is not.',
    fix: 'Name the list in the blocks it is meant for (`smtp-pattern-list NAME` in `<domain *>`, `pattern-list NAME` in a `<source>`), or delete it. A quick fix puts an unused `smtp-pattern-list` in the file\'s `<domain *>`.',
    examples: {
      bad: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n<smtp-pattern-list common-errors>\n  reply /^421 .* too many errors/ mode=backoff\n</smtp-pattern-list>\n<domain *>\n  backoff-to-normal-after 1h\n</domain>\n',
      good: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n<smtp-pattern-list common-errors>\n  reply /^421 .* too many errors/ mode=backoff\n</smtp-pattern-list>\n<domain *>\n  smtp-pattern-list common-errors\n  backoff-to-normal-after 1h\n</domain>\n',
    },
  },
  'unused-source': {
    severity: 'warning',
    group: 'security',
    meaning: 'A named `<source NAME>` (a name, not an address) that no listener (`smtp-listener … source=NAME`, `source NAME` in an `<smtp-listener>`) and no `<smtp-user>` names, in the (main) configuration. `<source localhost>` is the usual case.',
    why: 'PowerMTA matches connections to sources by address and applies a named source only where something asks for it, so its settings (relaying, authentication, limits, logging) never apply: `<source localhost>` does not cover connections from 127.0.0.1, and those get the settings of the address ranges instead.',
    fix: 'Write the address or range the connections come from (quick fix for `localhost`: `<source 127.0.0.1>`), bind the source to a listener, name it in an `<smtp-user>`, or delete it.',
    examples: {
      bad: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n<source localhost>\n  always-allow-relaying yes\n</source>\n',
      good: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n<source 127.0.0.1>\n  always-allow-relaying yes\n</source>\n',
    },
  },
  'anchored-address-pattern': {
    severity: 'information',
    group: 'pattern-lists',
    misconfig: 'ID-10',
    meaning: 'A `mail-from`, `rcpt-to` or `header` regex in a `<pattern-list>` that ends an address with `$`.',
    why: 'A header line ends with `>` (`From: Name <user@domain>`) and is matched with its line break; SparkPost reports that envelope addresses can be matched as `<user@domain>` too, while PowerMTA\'s guide writes them with a bare `$`. Where the text ends otherwise, the anchored rule never matches and mail takes the default route.',
    fix: 'End with `>?$` (`>?\\s*$` for a header; quick fix), which matches either way, or drop the `$`.',
    examples: {
      bad: '<virtual-mta news>\n  smtp-source-host 192.0.2.10 news.example.com\n</virtual-mta>\n<pattern-list senders>\n  mail-from /@news\\.example\\.com$/ virtual-mta=news\n</pattern-list>\n',
      good: '<virtual-mta news>\n  smtp-source-host 192.0.2.10 news.example.com\n</virtual-mta>\n<pattern-list senders>\n  mail-from /@news\\.example\\.com>?$/ virtual-mta=news\n</pattern-list>\n',
    },
  },
  'unescaped-dot-in-domain-regex': {
    severity: 'information',
    group: 'pattern-lists',
    misconfig: 'ID-11',
    meaning: 'A domain written with bare dots in a pattern-list regex, e.g. `/@gmail.com/`.',
    why: '`.` matches any character, so the rule also catches look-alike domains.',
    fix: 'Escape the dots as `\\.` (quick fix).',
    examples: {
      bad: '<virtual-mta news>\n  smtp-source-host 192.0.2.10 news.example.com\n</virtual-mta>\n<pattern-list senders>\n  mail-from /@news.example.com/ virtual-mta=news\n</pattern-list>\n',
      good: '<virtual-mta news>\n  smtp-source-host 192.0.2.10 news.example.com\n</virtual-mta>\n<pattern-list senders>\n  mail-from /@news\\.example\\.com/ virtual-mta=news\n</pattern-list>\n',
    },
  },
  'smtp-out-above-provider-limit': {
    severity: 'warning',
    group: 'throttling',
    misconfig: 'THR-01',
    meaning: '`max-smtp-out` above 30 in a `<domain>` that covers a big mailbox provider (Gmail, Yahoo/AOL, Microsoft, Apple, GMX, Mail.ru, Yandex; macros expanded), or above 100 in `<domain *>`; not in a block that sends its mail to hosts of its own (`smtp-hosts`, `route`).',
    why: 'Providers count parallel connections per sending IP; too many trigger "too many connections" deferrals and temporary blocks.',
    fix: 'Stay at about 20 for the big providers (PowerMTA\'s default) and pace volume with `max-msg-rate`.',
    examples: {
      bad: '<domain gmail.com>\n  max-smtp-out 100\n</domain>\n',
      good: '<domain gmail.com>\n  max-smtp-out 10\n  max-msg-rate 2000/h\n</domain>\n',
    },
  },
  'backoff-never-returns': {
    severity: 'warning',
    group: 'throttling',
    misconfig: 'THR-03',
    meaning: 'A queue can enter backoff (a `mode=backoff` reply rule without `backoff-to-normal-after=`, or `backoff-upon-all-sources-disabled`) but nothing returns it to normal: `backoff-to-normal-after` is `never` (the default), `backoff-to-normal-after-delivery` is off, and the list has no `mode=normal` rule.',
    why: 'Once in backoff the queue stays slow until someone runs `pmta set queue --mode=normal`; campaigns to that provider crawl for days.',
    fix: 'Add `backoff-to-normal-after 1h` or `backoff-to-normal-after-delivery true` (quick fix).',
    examples: {
      bad: '<smtp-pattern-list throttling>\n  reply /too many connections/ mode=backoff\n</smtp-pattern-list>\n<domain *>\n  smtp-pattern-list throttling\n</domain>\n',
      good: '<smtp-pattern-list throttling>\n  reply /too many connections/ mode=backoff\n</smtp-pattern-list>\n<domain *>\n  smtp-pattern-list throttling\n  backoff-to-normal-after 1h\n</domain>\n',
    },
  },
  'backoff-faster-than-normal': {
    severity: 'warning',
    group: 'throttling',
    misconfig: 'THR-02, THR-04',
    meaning: 'Backoff limits looser than the normal ones: `backoff-max-msg-rate` above `max-msg-rate`, or `backoff-max-smtp-out` above `max-smtp-out` (values inherited through the `<domain>` chain).',
    why: 'Backoff is meant to calm a provider that is deferring you; here it sends faster or opens more connections instead.',
    fix: 'Keep backoff limits well below the normal ones (e.g. a tenth of the rate, 1-2 connections).',
    examples: {
      bad: '<domain gmail.com>\n  max-msg-rate 500/h\n  backoff-max-msg-rate 1000/h\n</domain>\n',
      good: '<domain gmail.com>\n  max-msg-rate 500/h\n  backoff-max-msg-rate 50/h\n</domain>\n',
    },
  },
  'retry-beyond-bounce-after': {
    severity: 'warning',
    group: 'throttling',
    misconfig: 'THR-09',
    meaning: 'The retry schedule does not fit `bounce-after`: the first `retry-after`/`backoff-retry-after` interval is not shorter than it (warning), or later entries start after it and are never used (information). A block that only sets a `bounce-after` under 15 minutes is taken as a deliberate black hole.',
    why: 'A message deferred once bounces before its first retry, so greylisting or a short outage becomes a hard bounce.',
    fix: 'Make `bounce-after` much longer than the first retry interval; trim unreachable entries (quick fix).',
    examples: {
      bad: '<domain *>\n  retry-after 2h\n  bounce-after 1h\n</domain>\n',
      good: '<domain *>\n  retry-after 10m,30m,1h\n  bounce-after 2d\n</domain>\n',
    },
  },
  'long-queue-lifetime': {
    severity: 'warning',
    group: 'throttling',
    misconfig: 'THR-08',
    meaning: '`bounce-after` longer than 5 days.',
    why: 'Mail that old is stale, fills the spool and keeps hitting providers that already refused it. RFC 5321 asks for at least 4-5 days of retries, which PowerMTA\'s default (4d12h) gives; much longer mostly delays the bounce.',
    fix: 'Use `4d12h` (PowerMTA\'s default; quick fix) or less.',
    examples: {
      bad: '<domain *>\n  bounce-after 40d12h\n</domain>\n',
      good: '<domain *>\n  bounce-after 4d12h\n</domain>\n',
    },
  },
  'cold-quota-without-cold-vmta': {
    severity: 'warning',
    group: 'throttling',
    misconfig: 'THR-10',
    meaning: '`max-cold-virtual-mta-msg` is set but no VMTA or pool in the (main) configuration names a `cold-virtual-mta`.',
    why: 'The warm-up quota applies to nothing, so the new IP is not warmed up gradually.',
    fix: 'Add `cold-virtual-mta NEW-VMTA` to the VMTA or pool that should hand mail to the new IP.',
    examples: {
      bad: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n  <domain gmail.com>\n    max-cold-virtual-mta-msg 400/day\n  </domain>\n</virtual-mta>\n',
      good: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n<virtual-mta mta2>\n  smtp-source-host 192.0.2.11 mta2.example.com\n</virtual-mta>\n<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n  cold-virtual-mta mta2\n  <domain gmail.com>\n    max-cold-virtual-mta-msg 400/day\n  </domain>\n</virtual-mta>\n',
    },
  },
  'cold-vmta-self': {
    severity: 'warning',
    group: 'throttling',
    misconfig: 'THR-11',
    meaning: 'A `<virtual-mta>` names itself as its `cold-virtual-mta`.',
    why: 'There is no separate new IP to warm up, so the warm-up quota has no effect.',
    fix: 'Name the new VMTA being warmed up, or delete the line (quick fix).',
    examples: {
      bad: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n  cold-virtual-mta mta1\n</virtual-mta>\n',
      good: '<virtual-mta mta2>\n  smtp-source-host 192.0.2.11 mta2.example.com\n</virtual-mta>\n<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n  cold-virtual-mta mta2\n</virtual-mta>\n',
    },
  },
  'discard-all-mail': {
    severity: 'warning',
    group: 'throttling',
    misconfig: 'THR-12',
    meaning: '`type discard` in the top-level `<domain *>`.',
    why: 'Every queue without its own `type` throws its mail away while reporting it delivered.',
    fix: 'Use discard only in a dedicated test or black-hole VMTA.',
    examples: {
      bad: '<domain *>\n  type discard\n</domain>\n',
      good: '<virtual-mta blackhole>\n  <domain *>\n    type discard\n  </domain>\n</virtual-mta>\n',
    },
  },
  'smarthost-for-all-mail': {
    severity: 'information',
    group: 'throttling',
    misconfig: 'THR-12',
    meaning: '`smtp-hosts` or `route` in the top-level `<domain *>`.',
    why: 'Every destination\'s mail goes to these hosts instead of the recipients\' MX servers; right for a relay-only PowerMTA, a surprise otherwise.',
    fix: 'Move it into the `<domain>` or `<virtual-mta>` that should relay.',
    examples: {
      bad: '<domain *>\n  smtp-hosts [192.0.2.25]:25\n</domain>\n',
      good: '<domain example.com>\n  smtp-hosts [192.0.2.25]:25\n</domain>\n',
    },
  },
  'smtp-hosts-loop': {
    severity: 'warning',
    group: 'throttling',
    misconfig: 'THR-13',
    meaning: '`smtp-hosts`/`route` sends a domain to an address and port this PowerMTA listens on (the dummy listener excepted).',
    why: 'The mail comes straight back in and is queued for the same domain again, round after round, until `max-message-hops` (100 by default) or `bounce-after` stops it.',
    fix: 'Point it at the real next hop, or at `dummy-smtp-port` for a black hole.',
    examples: {
      bad: 'smtp-listener 0/0:25\n<domain example.com>\n  smtp-hosts [127.0.0.1]:25\n</domain>\n',
      good: 'smtp-listener 0/0:25\ndummy-smtp-port 2500\n<domain example.com>\n  smtp-hosts [127.0.0.1]:2500\n</domain>\n',
    },
  },
  'starttls-contradiction': {
    severity: 'warning',
    group: 'throttling',
    misconfig: 'THR-14',
    meaning: '`require-starttls yes` and `use-starttls no` apply to the same queue.',
    why: 'PowerMTA honours `require-starttls` only when `use-starttls` is on, so the mail is delivered in clear text while the configuration reads as if TLS were enforced.',
    fix: 'Remove `use-starttls no` to enforce TLS, or drop `require-starttls`.',
    examples: {
      bad: '<domain example.com>\n  use-starttls no\n  require-starttls yes\n</domain>\n',
      good: '<domain example.com>\n  use-starttls yes\n  require-starttls yes\n</domain>\n',
    },
  },
  'starttls-off-to-provider': {
    severity: 'warning',
    group: 'throttling',
    misconfig: 'THR-15',
    meaning: '`use-starttls no` in a `<domain>` that covers a big mailbox provider (directly or through a macro), or in `<domain *>`.',
    why: 'Mail to those providers travels unencrypted. They expect TLS: Gmail lists it among its requirements for every sender and marks unencrypted mail with a red padlock.',
    fix: 'Remove the line (STARTTLS is tried by default) or set `use-starttls yes` (quick fix).',
    examples: {
      bad: 'domain-macro google gmail.com, googlemail.com\n<domain $google>\n  use-starttls no\n</domain>\n',
      good: 'domain-macro google gmail.com, googlemail.com\n<domain $google>\n  use-starttls yes\n</domain>\n<domain legacy-partner.example>\n  use-starttls no\n</domain>\n',
    },
  },
  'reply-conflicting-actions': {
    severity: 'error',
    group: 'reply-rules',
    misconfig: 'SYN-06',
    meaning: 'A `reply` rule combining `mode=backoff` with `mode=normal`, or `skip-mx` with `bounce-queue`.',
    why: 'PowerMTA documents these combinations as not allowed; the rule cannot do both.',
    fix: 'Keep the action you mean (quick fix removes the later one), or split the rule.',
    examples: {
      bad: '<smtp-pattern-list throttling>\n  reply /too many connections/ mode=backoff,mode=normal\n</smtp-pattern-list>\n',
      good: '<smtp-pattern-list throttling>\n  reply /too many connections/ mode=backoff\n</smtp-pattern-list>\n',
    },
  },
  'reply-action-order': {
    severity: 'error',
    group: 'reply-rules',
    misconfig: 'SYN-06',
    meaning: '`reenable-after=` without an earlier `disable-source-ip`, or `backoff-to-normal-after=` without an earlier `mode=backoff`, in one `reply` rule.',
    why: 'PowerMTA requires the action these modify to come first in the rule; otherwise the rule is refused.',
    fix: 'Write the prerequisite first (quick fix).',
    examples: {
      bad: '<smtp-pattern-list blocks>\n  reply /blocked using/ reenable-after=2h,disable-source-ip\n</smtp-pattern-list>\n',
      good: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n<smtp-pattern-list blocks>\n  reply /blocked using/ disable-source-ip,reenable-after=2h\n</smtp-pattern-list>\n<domain *>\n  smtp-pattern-list blocks\n</domain>\n',
    },
  },
  'reply-action-repeated': {
    severity: 'error',
    group: 'reply-rules',
    misconfig: 'SYN-06',
    meaning: 'An action twice in one `reply` rule. `reenable-after=` and `backoff-to-normal-after=` are allowed once (error); other repeats are merely redundant (warning).',
    why: 'PowerMTA refuses the repeated timers, and which value would apply is unclear.',
    fix: 'Keep one (quick fix removes the repeat).',
    examples: {
      bad: '<smtp-pattern-list throttling>\n  reply /deferred/ mode=backoff,backoff-to-normal-after=1h,backoff-to-normal-after=2h\n</smtp-pattern-list>\n',
      good: '<smtp-pattern-list throttling>\n  reply /deferred/ mode=backoff,backoff-to-normal-after=1h\n</smtp-pattern-list>\n',
    },
  },
  'disabled-ip-never-reenabled': {
    severity: 'warning',
    group: 'reply-rules',
    misconfig: 'THR-05',
    meaning: 'A `disable-source-ip` rule without `reenable-after=`, while no `reenable-source-ip-after` in the (main) configuration gives a duration (the default is never).',
    why: 'The IP stays out of rotation until someone runs `pmta enable source`; capacity shrinks with every block.',
    fix: 'Add `reenable-after=1h` (or your cool-down) to the rule (quick fix).',
    examples: {
      bad: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n<smtp-pattern-list blocks>\n  reply /blocked using/ disable-source-ip\n</smtp-pattern-list>\n',
      good: '<smtp-pattern-list blocks>\n  reply /blocked using/ disable-source-ip,reenable-after=2h\n</smtp-pattern-list>\n',
    },
  },
  'duplicate-reply-pattern': {
    severity: 'information',
    group: 'reply-rules',
    misconfig: 'THR-07',
    meaning: 'The same `reply` regex twice in one `<smtp-pattern-list>`.',
    why: 'Where matching rules conflict, the first one wins: the repeat adds nothing, and its actions, if different, never apply.',
    fix: 'Delete the duplicate (quick fix).',
    examples: {
      bad: '<smtp-pattern-list throttling>\n  reply /exceeded the rate limit/ mode=backoff\n  reply /exceeded the rate limit/ mode=backoff\n</smtp-pattern-list>\n',
      good: '<smtp-pattern-list throttling>\n  reply /exceeded the rate limit/ mode=backoff\n  reply /too many connections/ mode=backoff\n</smtp-pattern-list>\n',
    },
  },
  'broad-reply-pattern': {
    severity: 'warning',
    group: 'reply-rules',
    misconfig: 'THR-06',
    meaning: 'A `reply` pattern that is only a reply code (`/^550/`, `/^5\\d\\d/`, `/^4/`; 421 excepted) or matches everything (`//`) in a list with other rules.',
    why: 'Ordinary per-recipient errors ("mailbox unknown", "over quota") then put the whole queue into backoff, disable the IP or bounce the queue.',
    fix: 'Match the provider\'s throttling or blocking text instead.',
    examples: {
      bad: '<smtp-pattern-list throttling>\n  reply /^550/ mode=backoff\n</smtp-pattern-list>\n',
      good: '<smtp-pattern-list throttling>\n  reply /too many connections/ mode=backoff\n</smtp-pattern-list>\n',
    },
  },
  'records-repeated': {
    severity: 'warning',
    group: 'accounting',
    misconfig: 'SYN-07',
    meaning: '`records` set more than once in one `<acct-file>` (reported instead of `duplicate-directive`).',
    why: 'PowerMTA allows `records` once per file and does not say whether a second line replaces or extends the first, so record types may silently be missing.',
    fix: 'Merge into one comma list (quick fix). Unknown record types are reported by `invalid-value`.',
    examples: {
      bad: '<acct-file /var/log/pmta/acct.csv>\n  records d,b\n  records rb\n</acct-file>\n',
      good: '<acct-file /var/log/pmta/acct.csv>\n  records d,b,rb\n</acct-file>\n',
    },
  },
  'move-interval-without-move-to': {
    severity: 'information',
    group: 'accounting',
    misconfig: 'THR-17',
    meaning: '`move-interval` in an `<acct-file>` that has no `move-to`.',
    why: 'In PowerMTA 5.0 `move-interval` only says how often finished files are moved to `move-to`; without it the line is ignored, so the author\'s rotation plan may not happen.',
    fix: 'Add `move-to DIR`, or delete the line.',
    examples: {
      bad: '<acct-file /var/log/pmta/acct.csv>\n  move-interval 5m\n</acct-file>\n',
      good: '<acct-file /var/log/pmta/acct.csv>\n  move-to /var/log/pmta/acct-archive\n  move-interval 5m\n</acct-file>\n',
    },
  },
  'transient-records-in-main-file': {
    severity: 'information',
    group: 'accounting',
    misconfig: 'THR-18',
    meaning: 'Transient records (`t`, `tq`) written to the same `<acct-file>` as deliveries and bounces.',
    why: 'Every temporary failure adds a record, often many times the deliveries: the file grows fast and consumers must filter.',
    fix: 'Write transient records to a separate `<acct-file>`.',
    examples: {
      bad: '<acct-file /var/log/pmta/acct.csv>\n  records d,b,t\n</acct-file>\n',
      good: '<acct-file /var/log/pmta/acct.csv>\n  records d,b\n</acct-file>\n<acct-file /var/log/pmta/transient.csv>\n  records t\n</acct-file>\n',
    },
  },
  'accounting-never-deleted': {
    severity: 'information',
    group: 'accounting',
    misconfig: 'OPS-05',
    meaning: '`delete-after never` in an `<acct-file>` without `move-to`.',
    why: 'Rotated accounting files pile up next to the live one forever; the disk fills over the months.',
    fix: 'Keep a number of days (`delete-after 30d`) or move files away with `move-to`.',
    examples: {
      bad: '<acct-file /var/log/pmta/acct.csv>\n  delete-after never\n</acct-file>\n',
      good: '<acct-file /var/log/pmta/acct.csv>\n  delete-after 30d\n</acct-file>\n',
    },
  },
  'processor-without-address-list': {
    severity: 'warning',
    group: 'bounces',
    misconfig: 'BFP-01',
    meaning: 'A `<bounce-processor>` or `<feedback-loop-processor>` with no `<address-list>`.',
    why: 'It recognises no incoming address, so it processes nothing.',
    fix: 'Add `<address-list>` with the domains or addresses it should handle.',
    examples: {
      bad: '<bounce-processor>\n  deliver-unmatched-email no\n</bounce-processor>\n',
      good: '<bounce-processor>\n  deliver-unmatched-email no\n  <address-list>\n    domain bounces.example.com\n  </address-list>\n</bounce-processor>\n',
    },
  },
  'processor-domain-not-relayed': {
    severity: 'warning',
    group: 'bounces',
    misconfig: 'BFP-02',
    meaning: 'A domain or address in a bounce or feedback-loop processor\'s `<address-list>` that no `relay-domain`, `relay-address` or `host-name` of the (main) configuration accepts.',
    why: 'PowerMTA refuses mail for domains it does not relay at RCPT TO, so the bounces or complaints sent to that domain are turned away and the processor never sees them: bad addresses and complainers keep being mailed.',
    fix: 'Add `relay-domain` for the domain (or `relay-address` for the address) at the top level (quick fix).',
    examples: {
      bad: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n<bounce-processor>\n  <address-list>\n    domain bounces.example.com\n  </address-list>\n</bounce-processor>\n',
      good: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\nrelay-domain bounces.example.com\n<bounce-processor>\n  <address-list>\n    domain bounces.example.com\n  </address-list>\n</bounce-processor>\n',
    },
  },
  'forward-unmatched-discarded': {
    severity: 'warning',
    group: 'bounces',
    misconfig: 'BFP-03',
    meaning: '`forward-unmatched-to` in a processor without `deliver-unmatched-email yes`: set to `no`, or left out (once `forward-unmatched-to` is set, `yes` is no longer the default).',
    why: 'Unrecognised mail (replies from people, auto-responders) is thrown away before it can be forwarded.',
    fix: 'Set `deliver-unmatched-email yes` in the processor (quick fix).',
    examples: {
      bad: '<bounce-processor>\n  deliver-unmatched-email no\n  forward-unmatched-to ops@example.com\n  <address-list>\n    domain bounces.example.com\n  </address-list>\n</bounce-processor>\n',
      good: '<bounce-processor>\n  deliver-unmatched-email yes\n  forward-unmatched-to ops@example.com\n  <address-list>\n    domain bounces.example.com\n  </address-list>\n</bounce-processor>\n',
    },
  },
  'processor-results-not-recorded': {
    severity: 'warning',
    group: 'bounces',
    misconfig: 'BFP-04',
    meaning: 'A bounce or feedback-loop processor is configured, but no `<acct-file>` in the (main) configuration records its results (`rb`/`rs` for bounces, `f` for complaints).',
    why: 'Processed bounces and complaints are written nowhere your list hygiene can read, so bad addresses and complainers keep receiving mail.',
    fix: 'Add the record types to an `<acct-file>`\'s `records`.',
    examples: {
      bad: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n<acct-file /var/log/pmta/acct.csv>\n  records d,b\n</acct-file>\n<bounce-processor>\n  <address-list>\n    domain bounces.example.com\n  </address-list>\n</bounce-processor>\n',
      good: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\nrelay-domain bounces.example.com\n<acct-file /var/log/pmta/acct.csv>\n  records d,b,rb\n</acct-file>\n<bounce-processor>\n  <address-list>\n    domain bounces.example.com\n  </address-list>\n</bounce-processor>\n',
    },
  },
  'unknown-bounce-category': {
    severity: 'warning',
    group: 'bounces',
    misconfig: 'BFP-05',
    meaning: 'A `<bounce-category-patterns>` category outside PowerMTA\'s standard set: a near miss is a warning with a fix, any other name is a hint.',
    why: 'Reports, dashboards and suppression rules that read the `bounceCat` field only know the standard names; a typo files bounces where nothing looks.',
    fix: 'Use the standard category (quick fix for typos).',
    examples: {
      bad: '<bounce-category-patterns>\n  /mailbox full/ quota-isues\n</bounce-category-patterns>\n',
      good: '<bounce-category-patterns>\n  /mailbox full/ quota-issues\n</bounce-category-patterns>\n',
    },
  },
  'unreachable-bounce-pattern': {
    severity: 'information',
    group: 'bounces',
    misconfig: 'BFP-06',
    meaning: 'A bounce-category pattern after the catch-all `//` (the first match wins).',
    why: 'The pattern is never used, so its bounces land in the catch-all category.',
    fix: 'Move it above the catch-all, or delete it (quick fix).',
    examples: {
      bad: '<bounce-category-patterns>\n  // other\n  /spam/ spam-related\n</bounce-category-patterns>\n',
      good: '<bounce-category-patterns>\n  /spam/ spam-related\n  // other\n</bounce-category-patterns>\n',
    },
  },
  'missing-log-file': {
    severity: 'error',
    group: 'required',
    misconfig: 'REQ-01',
    meaning: 'A main configuration without `log-file`. Only what looks like a main configuration is checked: a file that sets at least two different process-wide settings (`smtp-listener`, `spool`, `http-mgmt-port`, `http-access`, `run-as-root`, `total-max-smtp-out`, `postmaster`, `log-file`) and includes no other file, or a main file whose included files could all be read and that sets two of them in any of its files.',
    why: 'PowerMTA refuses to start without a log file ("No logging file specified").',
    fix: 'Add `log-file /var/log/pmta/log` (quick fix).',
    examples: {
      bad: 'postmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n',
      good: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n',
    },
  },
  'missing-postmaster': {
    severity: 'warning',
    group: 'required',
    misconfig: 'REQ-02',
    meaning: 'A main configuration (see `missing-log-file`) without `postmaster`.',
    why: 'Crash reports and licence-expiry warnings are mailed to the postmaster; without one nobody hears about them.',
    fix: 'Add `postmaster ADDRESS` with a mailbox someone reads.',
    examples: {
      bad: 'log-file /var/log/pmta/log\n<spool /var/spool/pmta>\n</spool>\n',
      good: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n',
    },
  },
  'missing-spool': {
    severity: 'warning',
    group: 'required',
    misconfig: 'REQ-03',
    meaning: 'A main configuration (see `missing-log-file`) without a spool directory.',
    why: 'PowerMTA needs at least one spool directory to hold queued mail.',
    fix: 'Add `<spool /var/spool/pmta>` … `</spool>`.',
    examples: {
      bad: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n',
      good: 'log-file /var/log/pmta/log\npostmaster postmaster@example.com\n<spool /var/spool/pmta>\n</spool>\n',
    },
  },
  'vmta-without-source-host': {
    severity: 'warning',
    group: 'identity',
    misconfig: 'REQ-04',
    meaning: 'A `<virtual-mta>` with no `smtp-source-host` (nor `smtp-proxy-source-host`, `use-proxy`, `include`); VMTAs that only relay, discard or pipe are skipped.',
    why: 'Its mail leaves from the global or default address and host name, mixing its reputation with other traffic.',
    fix: 'Add `smtp-source-host IP HOST-NAME`.',
    examples: {
      bad: '<virtual-mta mta1>\n  <domain *>\n    max-smtp-out 10\n  </domain>\n</virtual-mta>\n',
      good: '<virtual-mta mta1>\n  smtp-source-host 192.0.2.10 mta1.example.com\n</virtual-mta>\n',
    },
  },
  'duplicate-macro-domain': {
    severity: 'information',
    group: 'style',
    misconfig: 'THR-20',
    meaning: 'The same item twice in one `domain-macro` list.',
    why: 'The repeat does nothing, but often hides a typo: the domain that was meant is missing.',
    fix: 'Remove the repeat (quick fix), or write the domain you meant.',
    examples: {
      bad: 'domain-macro hotmail hotmail.com, live.com, hotmail.com\n',
      good: 'domain-macro hotmail hotmail.com, live.com, msn.com\n',
    },
  },
  'file-encoding': {
    severity: 'error',
    group: 'files',
    meaning: 'An open file saved as UTF-16 (what Windows editors call "Unicode"): the editor shows it decoded, PowerMTA cannot read it.',
    fix: 'Save the file as UTF-8 (or plain ASCII); in VS Code, "Save with Encoding", then UTF-8.',
    why: 'PowerMTA reads ASCII and UTF-8: in UTF-16 every other byte is a NUL, so no line of the file means anything to it.',
    examples: { bad: "postmaster admin@example.com   # the file saved as UTF-16\n", good: "postmaster admin@example.com   # the file saved as UTF-8\n" },
    checkedBy: 'test/protocol/fileEncoding.test.ts',
  },
  // ---- includes: a configuration split over several files ----
  'include-not-found': {
    severity: 'warning',
    group: 'files',
    meaning: 'An `include` whose file (or wildcard) matches nothing, here or under the `/etc/pmta` mapping.',
    fix: 'Correct the path, or add the file to the workspace so its definitions are known.',
    why: "Every name defined in the missing file stays unknown, and PowerMTA most likely refuses to start or reload with an include it cannot open (the guide does not say).",
    examples: { bad: "# pmta/config\ninclude /etc/pmta/conf.d/vmtas.conf   # no such file\n", good: "# pmta/config\ninclude /etc/pmta/conf.d/vmtas.conf   # pmta/conf.d/vmtas.conf exists\n" },
    checkedBy: 'test/unit/includes.test.ts',
  },
  'include-cycle': {
    severity: 'error',
    group: 'files',
    meaning: 'An `include` that leads back to a file already being read: the configuration includes itself.',
    fix: 'Remove the `include` that closes the loop.',
    why: "A configuration that includes itself can never be read to its end; expect PowerMTA to refuse it, keeping the old configuration or not starting.",
    examples: { bad: "# pmta/a.conf\ninclude b.conf\n# pmta/b.conf\ninclude a.conf\n", good: "# pmta/a.conf\ninclude b.conf\n# pmta/b.conf (includes nothing back)\n<domain *>\n</domain>\n" },
    checkedBy: 'test/unit/includes.test.ts',
  },
  'include-remote': {
    severity: 'information',
    group: 'files',
    meaning: 'An `include https://…`: PowerMTA fetches it at load time; this tool does not, so its contents are not checked.',
    fix: 'Nothing to fix; keep a local copy in the workspace if you want it checked.',
    why: "What the remote file defines is invisible to the checks here, so references into it cannot be verified.",
    examples: { bad: "include https://config.example.com/pmta/domains.conf\n", good: "include /etc/pmta/conf.d/domains.conf\n" },
    checkedBy: 'test/unit/includes.test.ts',
  },
  'include-limit': {
    severity: 'warning',
    group: 'files',
    meaning: 'Includes were not followed further: too many files, a file too large to check, or a wildcard still being expanded after a second (it walks much of the disk).',
    fix: 'Check the include graph for runaway wildcards and narrow them to the folder meant; raise the limit only if the files are really part of the configuration.',
    why: "Files past the cap are not checked at all; a wildcard that matches far more than intended is usually a mistake too.",
    examples: { bad: "include /etc/pmta/*/*   # every file of every folder under /etc/pmta\n", good: "include /etc/pmta/conf.d/*.conf\n" },
    checkedBy: 'test/unit/includes.test.ts',
  },
  // ---- DKIM key files (analysis/dkim/; a file pass after the text analysis) ----
  'dkim-key-missing': {
    severity: 'error',
    group: 'files',
    meaning: 'The private key file a `domain-key` names does not exist, is a folder, or cannot be read (a warning when it exists but this process may not read it).',
    fix: 'Correct the path, or create the key (e.g. `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`) and give PowerMTA read access.',
    why: "Without its key PowerMTA cannot sign: mail leaves unsigned and fails DMARC at the big mailbox providers.",
    examples: { bad: "domain-key s1, example.com, /etc/pmta/dkim/s1.example.com.pem   # file absent\n", good: "domain-key s1, example.com, /etc/pmta/dkim/s1.example.com.pem   # file present and readable\n" },
    checkedBy: 'test/unit/dkim.test.ts',
  },
  'dkim-key-invalid': {
    severity: 'error',
    group: 'files',
    meaning: 'The `domain-key` file is not an unencrypted RSA or Ed25519 private key (PEM PKCS#1/PKCS#8 or DER): empty, garbage, a public key, encrypted, or another algorithm.',
    fix: 'Point the line at the private key file; remove a passphrase with `openssl pkey -in KEY -out KEY.pem`.',
    why: "A file that is not a usable private key signs nothing; receivers see unsigned mail.",
    examples: { bad: "domain-key s1, example.com, /etc/pmta/dkim/s1.pub.pem   # a public key\n", good: "domain-key s1, example.com, /etc/pmta/dkim/s1.example.com.pem   # the private key\n" },
    checkedBy: 'test/unit/dkim.test.ts',
  },
  'dkim-key-weak': {
    severity: 'warning',
    group: 'files',
    meaning: 'An RSA DKIM key shorter than 2048 bits (an error below 1024 bits, which verifiers must reject per RFC 8301).',
    fix: 'Generate a 2048-bit key, publish its DNS record (hover the line), then switch the file.',
    why: "Receivers ignore or distrust RSA keys under 1024 bits, and 2048 is the accepted minimum today.",
    examples: { bad: "domain-key s1, example.com, /etc/pmta/dkim/s1-1024.pem\n", good: "domain-key s2, example.com, /etc/pmta/dkim/s2-2048.pem\n" },
    checkedBy: 'test/unit/dkim.test.ts',
  },
  'dkim-key-unchecked': {
    severity: 'information',
    group: 'files',
    meaning: 'A `domain-key` whose key cannot be checked here: it lives in Vault (`{vault}:`), its folder does not exist on this machine, it is missing from a folder every machine has (`/etc`) on a machine without `/etc/pmta`, or it is relative to an unsaved file.',
    fix: 'Run `pmta-lint` on the mail server (or on a copy of its key folder) to check the key.',
    why: "The key could not be looked at from here (a Vault key, or a server path absent on this machine); check it on the server.",
    examples: { bad: "domain-key s1, example.com, {vault}:/v1/secret/dkim:key\n", good: "domain-key s1, example.com, /etc/pmta/dkim/s1.example.com.pem\n" },
    checkedBy: 'test/unit/dkim.test.ts',
  },
  // ---- DNS checks (server/src/dns/; only on request: `pmta-lint --dns`, command powermta.checkDns) ----
  'dns-ptr-mismatch': {
    severity: 'warning',
    group: 'dns',
    meaning: 'For `smtp-source-host IP NAME`: the PTR record of IP is missing or is not NAME, or NAME does not resolve back to IP.',
    fix: 'Ask the owner of the IP block to set the PTR to NAME, and publish an A/AAAA record for NAME pointing to IP.',
    why: "Mailbox providers compare the HELO name, the PTR of the sending IP and its forward lookup; a mismatch costs reputation or gets mail refused.",
    examples: { bad: "smtp-source-host 203.0.113.5 mta1.example.com   # PTR says host5.isp.example\n", good: "smtp-source-host 203.0.113.5 mta1.example.com   # PTR mta1.example.com, A 203.0.113.5\n" },
    checkedBy: 'test/dns/checks.test.ts',
  },
  'dns-dkim-mismatch': {
    severity: 'error',
    group: 'dns',
    meaning: 'The DKIM TXT record at SELECTOR._domainkey.DOMAIN is missing, revoked, or publishes a public key that does not belong to the `domain-key` file.',
    fix: 'Publish the record shown on hover of the `domain-key` line (the code action copies it).',
    why: "If the published key is missing or differs from the one PowerMTA signs with, every signature fails verification.",
    examples: { bad: "domain-key s1, example.com, /etc/pmta/dkim/s1.pem   # no TXT at s1._domainkey.example.com\n", good: "domain-key s1, example.com, /etc/pmta/dkim/s1.pem   # TXT p= matches the key\n" },
    checkedBy: 'test/dns/lsp.test.ts',
  },
  'dns-spf-fail': {
    severity: 'warning',
    group: 'dns',
    meaning: 'The SPF policy of a signing domain does not authorise a source IP that sends for it (information for softfail, neutral or no SPF record). SPF checks the envelope sender (and the HELO name), which the configuration does not hold; the signing domain is checked because it is often the same.',
    fix: 'If the domain is the return path of that mail, add the IP to its SPF record (`ip4:`/`ip6:` or an `include:` that covers it).',
    why: "Where the domain is also the envelope sender, an IP its SPF does not authorise fails SPF, and DMARC then passes only on an aligned DKIM signature.",
    examples: { bad: "smtp-source-host 203.0.113.5 mta1.example.com   # example.com: v=spf1 ip4:198.51.100.0/24 -all\n", good: "smtp-source-host 203.0.113.5 mta1.example.com   # example.com: v=spf1 ip4:203.0.113.0/24 -all\n" },
    checkedBy: 'test/dns/checks.test.ts',
  },
  'dns-lookup-failed': {
    severity: 'warning',
    group: 'dns',
    meaning: 'A DNS check could not be completed: the server timed out, refused, or was unreachable; nothing is known about the record.',
    fix: 'Check the DNS server (`--dns-server HOST:PORT`) and run the check again.',
    why: "Nothing is known about the records that could not be looked up; the check must be run again.",
    examples: { bad: "# pmta-lint --dns --dns-server 127.0.0.1:5399   (nothing listens there)\n", good: "# pmta-lint --dns --dns-server 127.0.0.1:53\n" },
    checkedBy: 'test/dns/checks.test.ts',
  },
  'file-too-large': {
    severity: 'information',
    group: 'files',
    meaning: 'The file has more lines than `powermta.maxLines`: the language server does not analyse it (the CLI still does).',
    fix: 'Raise `powermta.maxLines`, or split the configuration with `include`.',
    why: 'Analysing millions of lines would freeze the editor and take gigabytes of memory; the notice says why a huge file has no diagnostics instead of leaving it silently unchecked.',
    examples: { bad: '# a file of more than powermta.maxLines lines (300,000 by default)\n', good: '# a file below the cap is analysed as usual\n' },
    checkedBy: 'test/fuzz/server.test.ts',
  },
  'internal-error': {
    severity: 'warning',
    group: 'files',
    meaning: 'One of the checks failed on this file (a bug in these tools): its problems are not shown, the other checks ran.',
    fix: 'Report it with the part of the file it names; meanwhile the rest of the diagnostics are still right.',
    why: 'Without it, one check meeting input nobody foresaw would leave the whole file without diagnostics, or stop the language server, and look like a clean file.',
    examples: { bad: '# (no configuration triggers it: it appears only when a check itself fails)\n', good: '# a file every check handles\n' },
    checkedBy: 'test/unit/ruleFailure.test.ts',
  },
  'too-many-problems': {
    severity: 'information',
    group: 'files',
    meaning: 'The file has more problems than `powermta.diagnostics.maxProblems`: the editor shows only the most severe ones (the CLI lists all).',
    fix: 'Fix the problems shown (often one misplaced or missing tag causes hundreds), raise `powermta.diagnostics.maxProblems` (0 shows all), or run `pmta-lint` on the file.',
    why: 'Tens of thousands of diagnostics are sent again after every edit (tens of megabytes of JSON at 100k lines) and bury the problems that matter; the notice says how many are not shown, by severity, instead of dropping them silently.',
    examples: { bad: '# a file with more problems than powermta.diagnostics.maxProblems (1,000 by default)\n', good: '# a file with fewer problems shows them all\n' },
    checkedBy: 'test/protocol/maxProblems.test.ts',
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(value: string): value is Code {
  return Object.prototype.hasOwnProperty.call(CODES, value);
}

export function defaultSeverity(code: string): Severity {
  return isCode(code) ? CODES[code].severity : 'warning';
}
