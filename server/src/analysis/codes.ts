/**
 * The diagnostic contract: one stable kebab-case code per kind of finding, with its default
 * severity, a one-line meaning and the usual fix. Codes are never renamed; new ones are added.
 * docs/diagnostics.md is generated from this table.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface CodeInfo {
  readonly severity: Severity;
  readonly group: 'structure' | 'names' | 'values' | 'references' | 'security' | 'style' | 'files' | 'dns' | 'operations';
  readonly meaning: string;
  readonly fix: string;
}

export const CODES = {
  'unclosed-block': {
    severity: 'error',
    group: 'structure',
    meaning: 'A `<tag …>` is never closed by its `</tag>`.',
    fix: 'Add the closing tag where the block ends (quick fix inserts it).',
  },
  'unexpected-close': {
    severity: 'error',
    group: 'structure',
    meaning: 'A `</tag>` that closes no open block, or closes a block other than the innermost one.',
    fix: 'Remove the stray close tag or open the block it belongs to.',
  },
  'malformed-tag': {
    severity: 'error',
    group: 'structure',
    meaning: 'A block tag without its closing `>`, with no name, or with text after the `>`.',
    fix: 'Write the tag alone on its line as `<tag argument>`.',
  },
  'unknown-directive': {
    severity: 'warning',
    group: 'names',
    meaning: 'A directive name that is not in the catalogue; the message offers the closest known name.',
    fix: 'Correct the spelling (quick fix) or remove the line.',
  },
  'unknown-block': {
    severity: 'warning',
    group: 'names',
    meaning: 'A `<tag>` that PowerMTA does not define.',
    fix: 'Correct the tag name or remove the block.',
  },
  'misplaced-directive': {
    severity: 'error',
    group: 'names',
    meaning: 'A known directive used in a block where PowerMTA does not accept it.',
    fix: 'Move the line into one of the blocks the message lists.',
  },
  'misplaced-block': {
    severity: 'error',
    group: 'names',
    meaning: 'A known block nested where it is not allowed (for example `<virtual-mta>` inside `<domain>`).',
    fix: 'Move the block to where the message says it belongs.',
  },
  'missing-value': {
    severity: 'error',
    group: 'values',
    meaning: 'A directive, or one of its arguments, has no value.',
    fix: 'Add the value the syntax line in the message shows.',
  },
  'invalid-value': {
    severity: 'error',
    group: 'values',
    meaning: 'A value that does not fit the directive type: duration, rate, size, integer or range, boolean, keyword, IP, CIDR, ip:port, e-mail address, host name, URL.',
    fix: 'Write the value in the form the message shows.',
  },
  'unitless-duration': {
    severity: 'warning',
    group: 'values',
    meaning: 'A time interval written as a bare number; PowerMTA documents intervals with a unit (`30s`, `10m`, `4d12h`).',
    fix: 'Add the unit you mean, e.g. `600s` or `10m`.',
  },
  'invalid-regex': {
    severity: 'error',
    group: 'values',
    meaning: 'A `/regex/` that has no closing slash or does not compile (unbalanced groups or classes).',
    fix: 'Close the regex with `/` on the same line and balance its brackets; write `#` as `\\x23`.',
  },
  'template-placeholder': {
    severity: 'warning',
    group: 'values',
    meaning: 'Unrendered template markup (`{{…}}`, `__NAME__`): the file is a template, not a configuration PowerMTA can load.',
    fix: 'Render the template before deploying it, or ignore this code for template sources.',
  },
  'undefined-reference': {
    severity: 'error',
    group: 'references',
    meaning: 'A name (virtual MTA, pool, pattern list, macro, source, proxy…) that is defined nowhere in the file or its includes.',
    fix: 'Define the block or correct the name (quick fix creates a missing virtual MTA).',
  },
  'reference-case-mismatch': {
    severity: 'warning',
    group: 'references',
    meaning: 'A reference that matches a defined name only when case is ignored.',
    fix: 'Write the name exactly as it is defined.',
  },
  'define-before-use': {
    severity: 'warning',
    group: 'references',
    meaning: 'A `pattern-list` referenced before its `<pattern-list>` is defined; PowerMTA requires the list first.',
    fix: 'Move the `<pattern-list>` block above the `<source>` that uses it.',
  },
  'duplicate-definition': {
    severity: 'error',
    group: 'references',
    meaning: 'Two blocks define the same name (virtual MTAs and pools share one namespace).',
    fix: 'Rename or merge one of the definitions.',
  },
  'duplicate-block': {
    severity: 'warning',
    group: 'references',
    meaning: 'The same `<domain X>` or `<source X>` appears twice in one scope; which settings win is not documented.',
    fix: 'Merge the two blocks into one.',
  },
  'duplicate-directive': {
    severity: 'warning',
    group: 'references',
    meaning: 'A directive that takes one value is set twice in the same block.',
    fix: 'Keep one line; delete or comment out the other.',
  },
  'open-relay': {
    severity: 'error',
    group: 'security',
    meaning: 'Relaying is granted to everyone: a public `<source>` (or a listener-bound named source) with `always-allow-relaying yes` and no `require-auth`, or a catch-all `relay-domain`/`relay-address`.',
    fix: 'Allow relaying only to feeder IPs or authenticated clients (`require-auth true`).',
  },
  'public-admin-access': {
    severity: 'error',
    group: 'security',
    meaning: '`http-access` grants `admin` to `0/0` or another public range: anyone can reconfigure the server over HTTP.',
    fix: 'Grant admin only to 127.0.0.1, ::1 or your management network.',
  },
  'comment-in-value': {
    severity: 'warning',
    group: 'values',
    meaning: 'A `#` glued to a value: PowerMTA treats it as the start of a comment and cuts the value there.',
    fix: 'Put a space before `#` if a comment is meant; otherwise avoid `#` in the value (`\\x23` in regexes).',
  },
  'deprecated-directive': {
    severity: 'warning',
    group: 'names',
    meaning: 'A directive the PowerMTA guide marks as deprecated; the message names its replacement.',
    fix: 'Use the replacement directive.',
  },
  'removed-directive': {
    severity: 'error',
    group: 'names',
    meaning: 'A directive the PowerMTA guide says is no longer valid (the `*-allow-sslv3` switches).',
    fix: 'Delete the line.',
  },
  'legacy-directive': {
    severity: 'information',
    group: 'names',
    meaning: 'A name seen in real 3.x/4.x configurations but absent from the PowerMTA 5.0 guide; a newer PowerMTA may refuse it.',
    fix: 'Check it against your PowerMTA version; use the documented replacement where one is named.',
  },
  'non-canonical-case': {
    severity: 'information',
    group: 'style',
    meaning: 'A directive or tag name written with capitals; the guide always writes names in lower case.',
    fix: 'Write the name in lower case.',
  },
  'foreign-syntax': {
    severity: 'error',
    group: 'structure',
    meaning: 'Syntax from other config languages: `;` terminators, `key = value`, `{ … }` blocks.',
    fix: 'Write `directive value` on one line; blocks are `<tag>` … `</tag>`.',
  },
  'guide-dialect': {
    severity: 'information',
    group: 'names',
    meaning: 'A name from the popular configuration guide with no PowerMTA evidence (`backoff-trigger-pattern`, `backoff-retry-interval`, `statistics-interval`, `<statistics>`, `allow-relay`, `<source *>`); the message names the documented equivalent.',
    fix: 'Rewrite to the documented form (quick fix where one exists).',
  },
  // ---- includes: a configuration split over several files ----
  'include-not-found': {
    severity: 'warning',
    group: 'files',
    meaning: 'An `include` whose file (or wildcard) matches nothing, here or under the `/etc/pmta` mapping.',
    fix: 'Correct the path, or add the file to the workspace so its definitions are known.',
  },
  'include-cycle': {
    severity: 'error',
    group: 'files',
    meaning: 'An `include` that leads back to a file already being read: the configuration includes itself.',
    fix: 'Remove the `include` that closes the loop.',
  },
  'include-remote': {
    severity: 'information',
    group: 'files',
    meaning: 'An `include https://…`: PowerMTA fetches it at load time; this tool does not, so its contents are not checked.',
    fix: 'Nothing to fix; keep a local copy in the workspace if you want it checked.',
  },
  'include-limit': {
    severity: 'warning',
    group: 'files',
    meaning: 'Includes were not followed further: too many files, or a file too large to check.',
    fix: 'Check the include graph for runaway wildcards; raise the limit only if the files are really part of the configuration.',
  },
  'file-too-large': {
    severity: 'information',
    group: 'files',
    meaning: 'The file has more lines than `powermta.maxLines`: the language server does not analyse it (the CLI still does).',
    fix: 'Raise `powermta.maxLines`, or split the configuration with `include`.',
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(value: string): value is Code {
  return Object.prototype.hasOwnProperty.call(CODES, value);
}

export function defaultSeverity(code: string): Severity {
  return isCode(code) ? CODES[code].severity : 'warning';
}
