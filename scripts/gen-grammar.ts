// Generates syntaxes/powermta.tmLanguage.json from the catalogue.
//
// The grammar is LINE-ISOLATED: every rule is a single `match`, never a begin/end region, so the
// colours of a line depend on that line alone and an edit never re-colours the rest of the file.
// That matches PowerMTA's own lexical rules: tags, directives, quoted strings and /regex/ all end
// on their line, and `#` starts a comment wherever it stands (LANGUAGE.md §2), even inside a
// quoted string or a regex — so no value pattern below may ever consume a `#`.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalog, type ValueSpec, getCatalog } from '../server/src/catalog/catalog';

const S = 'powermta';
type Rule = Record<string, unknown>;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** Alternation of literal names, longest first so no name is cut short by a prefix of it. */
const alternation = (names: Iterable<string>) =>
  [...new Set(names)].sort((a, b) => b.length - a.length || a.localeCompare(b)).map(escape).join('|');

// What separates words: the blanks of the scanner (server/src/syntax/scanner.ts `isBlank`). Not
// `\s`, which in VS Code's regex engine also matches a no-break space: words are split at ASCII
// blanks only, so in `max-smtp-out\u00A010` the no-break space is part of the name (reported as an
// unknown directive), and the grammar must not colour the name as a directive.
const BLANK = ' \\t\\x{0B}\\f\\r\\x{FEFF}';
const WS = `[${BLANK}]`;

// Word boundaries for PowerMTA values: names contain `-` and `.`, so `\b` is not enough.
const START = '(?<![\\w.\\-])';
const END = '(?![\\w.\\-])';

/** Every keyword a value spec accepts, walking composites, lists and alternatives. */
function specKeywords(spec: ValueSpec | undefined, out: Set<string>, prefixes: Set<string>): void {
  if (!spec) return;
  for (const k of spec.keywords ?? []) out.add(k);
  if (spec.prefix) prefixes.add(spec.prefix);
  specKeywords(spec.item, out, prefixes);
  for (const a of spec.args ?? []) specKeywords(a, out, prefixes);
  for (const a of spec.alternatives ?? []) specKeywords(a, out, prefixes);
}

export function generateGrammar(catalog: Catalog): Rule {
  const directiveNames = catalog.directives.map((d) => d.name);
  const blockNames = catalog.blocks.map((b) => b.name);

  // Reply actions (<smtp-pattern-list>) and pattern-list results (<pattern-list>) from the keyword table.
  const actionKeywords = catalog.keywords.filter((k) => k.usedIn.some((u) => /^(smtp-)?pattern-list:/.test(u))).map((k) => k.name);
  const actionFlags = actionKeywords.filter((k) => !/[=:]$/.test(k));
  const actionPrefixes = actionKeywords.filter((k) => /[=:]$/.test(k));

  // Enumeration keywords of directive values (`smtp`, `relaxed`, `never`, …) and other `key=` prefixes.
  const valueKeywords = new Set<string>(['never', 'unlimited']);
  const prefixes = new Set<string>();
  for (const d of catalog.directives) specKeywords(d.value, valueKeywords, prefixes);
  for (const k of catalog.keywords) {
    if (k.usedIn.some((u) => /^(smtp-)?pattern-list:/.test(u))) continue;
    if (/[=:]$/.test(k.name)) prefixes.add(k.name);
    else for (const part of k.name.split('|')) valueKeywords.add(part);
  }
  for (const a of actionKeywords) prefixes.delete(a);
  const constants = [...valueKeywords].filter((k) => /^[a-z][\w-]*$/i.test(k) && !/^(yes|no|true|false)$/i.test(k) && !actionFlags.includes(k));
  const parameterPrefixes = [...prefixes].filter((p) => !p.startsWith('{'));

  // Directives whose Nth argument is a /regex/ (reply, mail-from, rcpt-to, header …), grouped by N.
  const regexByIndex = new Map<number, string[]>();
  for (const d of catalog.directives) {
    const at = catalog.regexArgIndex(d.name);
    if (at < 0) continue;
    const list = regexByIndex.get(at) ?? [];
    if (!list.includes(d.name)) list.push(d.name);
    regexByIndex.set(at, list);
  }
  // Directives whose value is a size or a data rate: `10m` there means megabytes, not minutes.
  const sizeDirectives = catalog.directives.filter((d) => d.value?.type === 'size' || d.value?.type === 'data-rate').map((d) => d.name);

  const REGEX_BODY = '(?:[^/\\\\#]|\\\\[^#])*';
  const regexCaptures = (first: number): Rule => ({
    [first]: { name: `string.regexp.${S}` },
    [first + 1]: { name: `punctuation.definition.string.begin.regexp.${S}` },
    [first + 2]: { name: `string.regexp.${S}`, patterns: [{ include: '#regex-inner' }] },
    [first + 3]: { name: `punctuation.definition.string.end.regexp.${S}` },
    [first + 4]: { name: `string.regexp.${S} invalid.illegal.unterminated-regex.${S}` },
  });
  // A terminated regex, or (second branch) one that runs to the comment or the line end unclosed.
  const REGEX = `((/)(${REGEX_BODY})(/)|(/${REGEX_BODY}))`;

  const directiveRegexRules: Rule[] = [...regexByIndex]
    .sort((a, b) => a[0] - b[0])
    .map(([index, names]) => {
      const before = `(?:${WS}+[^${BLANK}#]+)`.repeat(index);
      const argCaptures = index > 0 ? { 3: { patterns: [{ include: '#values' }] } } : {};
      return {
        name: `meta.directive.${S}`,
        match: `^${WS}*((?i:${alternation(names)}))(?=${WS})(${before})${WS}+${REGEX}([^#]*)`,
        captures: {
          1: { name: `keyword.other.directive.${S}` },
          ...argCaptures,
          ...regexCaptures(3),
          8: { patterns: [{ include: '#values' }] },
        },
      };
    });

  // After the `>`: blanks, then the text after the tag, which runs greedily to the comment or the
  // line's end and gives back its trailing blanks, then those blanks. No two quantifiers can take
  // the same characters (scslre, test/unit/regexSafety.test.ts): with the text taken lazily, each
  // of its characters tried the blanks after it to their end (quadratic on a run of blanks in it).
  const tag = (open: boolean): Rule => ({
    name: `meta.tag.block.${open ? 'begin' : 'end'}.${S}`,
    match: `^${WS}*(<${open ? '(?!/)' : '/'})${WS}*(?:((?i:${alternation(blockNames)}))|([^${BLANK}>#]+))(?=[${BLANK}>#]|$)([^>#]*)(?:(>)${WS}*(?:([^${BLANK}#\\n](?:[^#\\n]*[^${BLANK}#\\n])?)${WS}*)?)?(?=#|$)`,
    captures: {
      1: { name: `punctuation.definition.tag.begin.${S}` },
      2: { name: `entity.name.tag.${S}` },
      3: { name: `entity.name.tag.unknown.${S}` },
      4: { name: `entity.other.attribute-name.${S}`, patterns: [{ include: '#tag-argument' }] },
      5: { name: `punctuation.definition.tag.end.${S}` },
      6: { name: `invalid.illegal.after-tag.${S}` },
    },
  });

  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'PowerMTA',
    scopeName: `source.${S}`,
    comment: 'GENERATED by scripts/gen-grammar.ts from the catalogue (server/src/catalog/directives.json). Do not edit. Line-isolated: match rules only.',
    fileTypes: ['pmta'],
    patterns: [
      { include: '#conflict-marker' },
      { include: '#comment' },
      { include: '#template-line' },
      { include: '#tag-open' },
      { include: '#tag-close' },
      { include: '#directive-with-regex' },
      { include: '#bounce-category-rule' },
      { include: '#directive-with-size' },
      { include: '#directive' },
      { include: '#values' },
    ],
    repository: {
      comment: {
        name: `comment.line.number-sign.${S}`,
        match: '(#).*',
        captures: {
          0: { patterns: [{ match: '\\bpmta-lint:\\s*disable(?:-next-line|-file)?\\b', name: `keyword.other.suppression.${S}` }] },
          1: { name: `punctuation.definition.comment.${S}` },
        },
      },
      'conflict-marker': {
        comment: 'A marker Git leaves where a merge conflicted (<<<<<<< HEAD, =======, >>>>>>> branch): the whole line, a # in its label included. Matched at the start of the line only, as Git writes it.',
        name: `meta.conflict-marker.${S}`,
        match: `^\\x{FEFF}?(<{7,}|\\|{7,}|={7,}|>{7,})(?=${WS}|$).*$`,
        captures: { 1: { name: `invalid.illegal.conflict-marker.${S}` } },
      },
      'template-line': {
        comment: 'A line of template-engine markup such as {{#each ips}}: not PowerMTA syntax (the file must be rendered first).',
        name: `meta.template.${S}`,
        match: `^${WS}*(\\{\\{[^#]*?\\}\\}|\\{\\{.*$)`,
        captures: { 1: { name: `variable.other.template-placeholder.${S}` } },
      },
      'tag-open': tag(true),
      'tag-close': tag(false),
      'tag-argument': {
        patterns: [
          { include: '#template-placeholder' },
          { include: '#macro' },
          { include: '#reserved-name' },
          { include: '#listener' },
          { include: '#cidr' },
          { include: '#ip' },
          { include: '#wildcard' },
          { include: '#path' },
          { include: '#string' },
        ],
      },
      'directive-with-regex': { patterns: directiveRegexRules },
      'bounce-category-rule': {
        comment: 'A <bounce-category-patterns> rule: /regex/ category.',
        name: `meta.rule.${S}`,
        match: `^${WS}*${REGEX}([^#]*)`,
        captures: { ...regexCaptures(1), 6: { patterns: [{ include: '#values' }] } },
      },
      'directive-with-size': {
        name: `meta.directive.${S}`,
        match: `^${WS}*((?i:${alternation(sizeDirectives)}))(?=${WS}|#|$)([^#]*)`,
        captures: {
          1: { name: `keyword.other.directive.${S}` },
          2: { patterns: [{ include: '#data-rate' }, { include: '#size' }, { include: '#values' }] },
        },
      },
      directive: {
        name: `meta.directive.${S}`,
        match: `^${WS}*((?i:${alternation(directiveNames)}))(?=${WS}|#|$)([^#]*)`,
        captures: {
          1: { name: `keyword.other.directive.${S}` },
          2: { patterns: [{ include: '#values' }] },
        },
      },
      values: {
        patterns: [
          { include: '#string' },
          { include: '#url' },
          { include: '#nested-pattern-list' },
          { include: '#action' },
          { include: '#parameter' },
          { include: '#template-placeholder' },
          { include: '#template-variable' },
          { include: '#macro' },
          { include: '#reserved-name' },
          { include: '#email' },
          { include: '#bracketed-ip' },
          { include: '#listener' },
          { include: '#cidr' },
          { include: '#ip' },
          { include: '#ipv6' },
          { include: '#data-rate' },
          { include: '#rate' },
          { include: '#duration' },
          { include: '#size' },
          { include: '#boolean' },
          { include: '#constant' },
          { include: '#number' },
          { include: '#path' },
          { include: '#wildcard' },
          { include: '#separator' },
        ],
      },
      // A string with nothing inside to highlight (no escape, no `$`) comes first, with no patterns in
      // its captures: vscode-textmate tokenizes a capture that has patterns again from a copy of the
      // line up to it, which over a line of many strings is quadratic (a 20k-character line of
      // quoted words took 0.6 s). It ends at its quote, or unclosed where the content ends (`#`).
      string: {
        patterns: [
          {
            name: `string.quoted.double.${S}`,
            match: '(")[^"\\\\#$]*(?:(")|(?=#|$))',
            captures: {
              1: { name: `punctuation.definition.string.begin.${S}` },
              2: { name: `punctuation.definition.string.end.${S}` },
            },
          },
          {
            name: `string.quoted.double.${S}`,
            match: '(")((?:[^"\\\\#]|\\\\[^#])*)(")?',
            captures: {
              1: { name: `punctuation.definition.string.begin.${S}` },
              2: { patterns: [{ match: '\\\\[^#]', name: `constant.character.escape.${S}` }, { include: '#template-variable' }, { include: '#macro' }] },
              3: { name: `punctuation.definition.string.end.${S}` },
            },
          },
        ],
      },
      'regex-inner': {
        patterns: [
          { match: '\\\\[^#]', name: `constant.character.escape.regexp.${S}` },
          // An unclosed class runs to the end (its `]` optional): a class that had to close was tried
          // from each `[` of a run of them to the end.
          { match: '\\[(?:\\\\[^#]|[^\\]\\\\#])*\\]?', name: `constant.other.character-class.set.regexp.${S}` },
          { match: '[*+?]\\??|\\{\\d+(?:,\\d*)?\\}', name: `keyword.operator.quantifier.regexp.${S}` },
          { match: '\\|', name: `keyword.operator.or.regexp.${S}` },
          { match: '[\\^$]', name: `keyword.control.anchor.regexp.${S}` },
          { match: '\\((?:\\?[:=!<>a-zA-Z-]*)?|\\)', name: `punctuation.definition.group.regexp.${S}` },
        ],
      },
      url: { match: `${START}(?:https?|ftp)://[^${BLANK}#"]+`, name: `markup.underline.link.${S}` },
      'nested-pattern-list': {
        name: `meta.tag.block.begin.${S}`,
        match: `(<)${WS}*(pattern-list)${WS}*(>)(?=${WS}*$)`,
        captures: {
          1: { name: `punctuation.definition.tag.begin.${S}` },
          2: { name: `entity.name.tag.${S}` },
          3: { name: `punctuation.definition.tag.end.${S}` },
        },
      },
      action: {
        comment: 'Reply actions of <smtp-pattern-list> and results of <pattern-list> rules.',
        patterns: [
          {
            match: `${START}(${alternation(actionPrefixes)})${WS}*([^${BLANK},#]*)`,
            captures: {
              1: { name: `support.function.action.${S}` },
              2: { patterns: [{ include: '#duration' }, { include: '#number' }, { include: '#reserved-name' }, { match: '.+', name: `entity.name.reference.${S}` }] },
            },
          },
          { match: `${START}(?:${alternation(actionFlags)})${END}`, name: `support.function.action.${S}` },
        ],
      },
      parameter: {
        comment: 'key=value arguments (`source=NAME`) and prefixes such as `lookup-mx:`.',
        patterns: [
          {
            match: `${START}(${alternation(parameterPrefixes.map((p) => p.slice(0, -1)))})([=:])`,
            captures: { 1: { name: `variable.parameter.${S}` }, 2: { name: `keyword.operator.assignment.${S}` } },
          },
          {
            match: `${START}([A-Za-z][\\w-]*)(=)`,
            captures: { 1: { name: `variable.parameter.${S}` }, 2: { name: `keyword.operator.assignment.${S}` } },
          },
        ],
      },
      // No `{` inside: a line of many `{{` is then scanned once, not from each of them to its end.
      'template-placeholder': { match: '\\{\\{[^#{}]*\\}\\}', name: `variable.other.template-placeholder.${S}` },
      'template-variable': {
        match: '(\\$\\{)([\\w-]+)(\\})',
        name: `variable.other.template.${S}`,
        captures: { 1: { name: `punctuation.definition.variable.begin.${S}` }, 3: { name: `punctuation.definition.variable.end.${S}` } },
      },
      macro: {
        match: '(\\$)[A-Za-z_]\\w*',
        name: `variable.other.macro.${S}`,
        captures: { 1: { name: `punctuation.definition.variable.${S}` } },
      },
      'reserved-name': { match: '\\{[A-Za-z][\\w-]*\\}', name: `support.constant.reserved.${S}` },
      // Starts only where a run of local-part characters starts: with START alone, a run of `*`, `+`
      // or `=` with no `@` was read from each of them to its end.
      email: {
        match: `(?<![\\w.+=*\\-])(?:[\\w.+=*-]*|<>)@(?:[\\w*-]+\\.)*[\\w*-]+${END}`,
        name: `string.unquoted.email.${S}`,
      },
      'bracketed-ip': {
        match: '\\[(?:IPv6:[0-9A-Fa-f:.]+|(?:\\d{1,3}\\.){3}\\d{1,3})\\](?:(:)(\\d+))?',
        name: `constant.numeric.ip-address.${S}`,
        captures: { 1: { name: `punctuation.separator.port.${S}` }, 2: { name: `constant.numeric.port.${S}` } },
      },
      listener: {
        comment: 'IP or CIDR followed by :port (smtp-listener 0/0:25).',
        match: `${START}((?:\\d{1,3}\\.){3}\\d{1,3}|\\d{1,3}(?:\\.\\d{1,3}){0,3}/\\d{1,3})(:)(\\d+)${END}`,
        captures: {
          1: { name: `constant.numeric.ip-address.${S}` },
          2: { name: `punctuation.separator.port.${S}` },
          3: { name: `constant.numeric.port.${S}` },
        },
      },
      cidr: {
        match: `${START}(?:\\d{1,3}(?:\\.\\d{1,3}){0,3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})/\\d{1,3}(?![\\w.\\-/:])`,
        name: `constant.numeric.cidr.${S}`,
      },
      ip: { match: `${START}(?:\\d{1,3}\\.){3}\\d{1,3}${END}`, name: `constant.numeric.ip-address.${S}` },
      ipv6: {
        match: '(?<![\\w.:-])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\\w.:-])',
        name: `constant.numeric.ip-address.${S}`,
      },
      'data-rate': {
        comment: 'Volume per time: 6g/10h.',
        match: `${START}\\d+[bkmgtBKMGT]/\\d*(?:day|hr|min|sec|[dhms])${END}`,
        name: `constant.numeric.rate.${S}`,
      },
      rate: { match: `${START}\\d+/\\d*(?:day|hr|min|sec|[dhms])${END}`, name: `constant.numeric.rate.${S}` },
      duration: { match: `${START}(?:\\d+[wdhms])+${END}`, name: `constant.numeric.duration.${S}` },
      size: { match: `${START}\\d+(?:\\.\\d+)?[bkmgtBKMGT]${END}`, name: `constant.numeric.size.${S}` },
      boolean: { match: `${START}(?i:yes|no|true|false)(?![\\w.\\-@])`, name: `constant.language.boolean.${S}` },
      constant: { match: `${START}(?:${alternation(constants)})(?![\\w.\\-@/])`, name: `constant.language.${S}` },
      number: { match: `${START}\\d+(?:\\.\\d+)?${END}`, name: `constant.numeric.${S}` },
      path: { match: `${START}\\|?/[^${BLANK}#,"]*`, name: `string.unquoted.path.${S}` },
      wildcard: { match: '\\[\\*\\.\\]|\\*\\.?', name: `keyword.operator.wildcard.${S}` },
      separator: { match: '[,;]', name: `punctuation.separator.${S}` },
    },
  };
}

/** The grammar file as written to disk (stable key order, two-space indentation, final newline). */
export function grammarText(catalog: Catalog = getCatalog()): string {
  return `${JSON.stringify(generateGrammar(catalog), null, 2)}\n`;
}

export const GRAMMAR_PATH = join(__dirname, '..', 'syntaxes', 'powermta.tmLanguage.json');

if (require.main === module) {
  mkdirSync(join(GRAMMAR_PATH, '..'), { recursive: true });
  writeFileSync(GRAMMAR_PATH, grammarText());
}
