import type { BlockNode } from '../../syntax/blocks';
import type { PmtaDocument } from '../../syntax/document';
import { compareLoad, configIndex, loadsBefore } from '../rules/configIndex';
import { isCatchAll } from '../values/regex';
import { type RuleContext, type Setting, atTopLevel, scopeOf, valueSpan, where, wholeLine } from '../rules/context';
import { duplicateKeyMessage } from '../rules/dkimKeyNames';
import { PARENT_FIRST_WHY, WILDCARD_FIRST_WHY, shadowedWhat, shadowingKeyName } from '../rules/dkimWildcardFirst';
import { type DomainKey, domainKeys, isSpecificKey, isWildcardKey, keyMatches, parentDomains } from '../rules/domainKeys';
import { KEYED_BLOCKS, duplicateBlockMessage, duplicateDirectiveMessage } from '../rules/duplicates';
import { hostPlace, ipConflictMessage, manyIpsMessage } from '../rules/ipHostnameConflict';
import { passwordOf, sharedPasswordMessage } from '../rules/passwords';
import { type HttpAccess, httpAccessLines } from '../rules/reach';
import { coveredLines, shadowed } from '../rules/shadowedHttpAccess';
import { blocksReadInto, blocksWithIncludes, readBefore, readInto } from '../rules/includedInto';
import { NESTED_LIST, type ReplyRule, replyRules, rulesByList } from '../rules/replyRules';
import { catchAllFinding, duplicateReplyMessage } from '../rules/replyPatterns';
import { type SourceHost, sourceHosts } from '../rules/sourceHosts';
import type { Finding } from '../types';

/**
 * Findings that only show when the files of a configuration are read as one: PowerMTA reads an
 * included file where its `include` line stands, so the top levels of the files are one top level.
 * - `duplicate-directive`: a one-value directive set at the top level of two files;
 * - `duplicate-block`: the same `<domain X>` (source, acct-file, spool, smtp-listener) at the top
 *   level of two files;
 * - `shadowed-http-access`: an `http-access` line that a line of another file, read earlier,
 *   already covers;
 * - `duplicate-domain-key`: a top-level selector and domain given another key file in a later file;
 * - `dkim-wildcard-key-first`: a top-level wildcard key read before specific keys of other files
 *   that it matches (reported on the wildcard when no key of its own file is behind it: then its
 *   file's rule reports it);
 * - `ip-hostname-conflict` and `hostname-on-many-ips`: a source IP announced under another EHLO
 *   name, or an EHLO name used for another IP, than in a file read earlier (a file included inside
 *   a `<virtual-mta>` counts, as that VMTA's);
 * - `shared-password`: an `<smtp-user>` with the password of a user of a file read earlier;
 * - `duplicate-reply-pattern`: a pattern of a top-level `<smtp-pattern-list>`, or of a file
 *   included inside one, already in a list of that name in a file read earlier (PowerMTA joins the
 *   lists of one name);
 * - `broad-reply-pattern`: a catch-all pattern alone in its file's part of such a list, which holds
 *   other rules in other files (its file's own rule takes it for a dedicated list).
 * A block with files included inside it is one scope with their top levels in the same way: a
 * one-value directive, a keyed block, a reply pattern or a domain key there and in the block
 * (e.g. a DKIM list included inside each `<virtual-mta>` after a wildcard key).
 * Each is reported in the file read later, naming the earlier one, on that file's first line with
 * the name, key or address: a later line of its own file is that file's rules' (which report it
 * once). Made afresh on every analysis of a set of two files or more, by file URI; what each
 * file's top level holds is kept per file revision (`itemsOf`), so an edit of one file reads that
 * file again only.
 */
export function acrossFiles(files: readonly RuleContext[], unchangedSince: UnchangedSince = () => undefined): Map<string | undefined, Finding[]> {
  const out = new Map<string | undefined, Finding[]>();
  // A file included in two blocks is in both groups, and a reply pattern of a list both in the
  // lists of one name and in a block's group: the same finding once.
  const seen = new Set<string>();
  const report = (file: RuleContext, f: Finding) => {
    const key = `${file.uri}\u0000${f.line}\u0000${f.start}\u0000${f.code}`;
    if (seen.has(key)) return;
    seen.add(key);
    listed(out, file.uri, f);
  };
  const topFiles = files.filter((f) => f.doc.enclosingTags.length === 0);
  const top = topFiles.map((file) => ({ file, items: itemsOf(file, 'global', unchangedSince) }));
  if (topFiles.length >= 2) {
    settingsAcross(top, 'at the top level', report);
    for (const [file, u, , first] of repeats(top, 'byPassword', (u) => u.setting.line)) {
      report(file, { code: 'shared-password', message: sharedPasswordMessage(u.user, first.item.user, where(file, { uri: first.file.uri, line: first.line })), ...valueSpan(file, u.setting) });
    }
    shadowedAccess(top, report);
  }
  const members = listMembers(files, unchangedSince);
  listRepliesAcross(top, members, report);
  catchAllsAcross(topFiles, members, report);
  const hostFiles = sourceHostFiles(files);
  if (hostFiles.length >= 2) sourceHostsAcross(hostFiles.map((file) => ({ file, items: itemsOf(file, topScope(file), unchangedSince) })), report);
  for (const group of inBlocks(files, unchangedSince)) {
    settingsAcross(group.members, `in \`<${group.block.tag}${group.block.arg === undefined ? '' : ` ${group.block.arg}`}>\``, report, group.before);
  }
  return out;
}

/** A file included inside `<smtp-pattern-list>` blocks of top-level files: its reply rules (items.byReply) and the names of those lists. */
interface ListMember {
  file: RuleContext;
  items: FileItems;
  names: readonly string[];
}

function listMembers(files: readonly RuleContext[], unchangedSince: UnchangedSince): ListMember[] {
  const out: ListMember[] = [];
  for (const file of files) {
    if (topScope(file) !== 'smtp-pattern-list') continue;
    const names = blocksReadInto(file)
      // A list nested in another block joins no list of its name, nor do the files included in it.
      .filter(({ file: f, block }) => block.tag === 'smtp-pattern-list' && atTopLevel(f, block))
      .map(({ block }) => block.arg ?? '');
    if (names.length > 0) out.push({ file, items: itemsOf(file, 'smtp-pattern-list', unchangedSince), names });
  }
  return out;
}

/**
 * `duplicate-reply-pattern` over the `<smtp-pattern-list>` blocks of one name at the top level of
 * every file, and the files included inside them (PowerMTA joins the lists of one name): each
 * pattern against its first occurrence in load order, once per file (a file's later repeats are
 * its own rule's).
 */
function listRepliesAcross(top: readonly { file: RuleContext; items: FileItems }[], members: readonly ListMember[], report: Report): void {
  // A member's rules, keyed as a top-level file's are: by the name of each list it is read into.
  const lists = [
    ...top,
    ...members.map(({ file, items, names }) => {
      const byListReply = new Map<string, ReplyRule>();
      for (const name of names) for (const [body, rule] of items.byReply) byListReply.set(`${name}\u0000${body}`, rule);
      return { file, items: { ...items, byListReply } };
    }),
  ];
  for (const [file, rule, key, first] of repeats(lists, 'byListReply', (r) => r.setting.line)) {
    const earlier = `in \`<smtp-pattern-list ${key.slice(0, key.indexOf('\u0000'))}>\` on ${where(file, { uri: first.file.uri, line: first.line })}, which PowerMTA reads first`;
    report(file, { code: 'duplicate-reply-pattern', message: duplicateReplyMessage(rule, first.item, earlier), ...wholeLine(file, rule.setting.line) });
  }
}

/**
 * `broad-reply-pattern` for a catch-all rule (`//`) that is the only rule of its file's part of a
 * list (so its file's own rule leaves it alone, as a dedicated list), while the list of that name,
 * joined across the top-level files and the files included inside it, holds other rules.
 */
function catchAllsAcross(topFiles: readonly RuleContext[], members: readonly ListMember[], report: Report): void {
  const byName = new Map<string, { file: RuleContext; rule: ReplyRule; alone: boolean }[]>();
  for (const file of topFiles) {
    for (const [name, rules] of rulesByList(file, replyRules(file))) {
      if (!name.startsWith(NESTED_LIST)) for (const rule of rules) listed(byName, name, { file, rule, alone: rules.length === 1 });
    }
  }
  for (const { file, names } of members) {
    const own = replyRules(file).filter((r) => r.list === file.structure.root);
    for (const name of names) for (const rule of own) listed(byName, name, { file, rule, alone: own.length === 1 });
  }
  for (const entries of byName.values()) {
    if (entries.length < 2 || !entries.some((e) => e.alone)) continue;
    const inOrder = entries.slice().sort((a, b) => compareLoad(a.file, a.rule.setting.line, b.file, b.rule.setting.line));
    for (const [i, { file, rule, alone }] of inOrder.entries()) {
      if (alone && rule.body !== undefined && isCatchAll(rule.body)) report(file, catchAllFinding(rule, i === 0));
    }
  }
}

/** Whether a reply rule repeats one its own file reads earlier in the lists joined with its own. */
function repeatedInItsFile(file: RuleContext, rule: ReplyRule): boolean {
  const body = rule.body?.toLowerCase();
  for (const rules of rulesByList(file, replyRules(file)).values()) {
    if (rules.includes(rule)) return rules.some((r) => r !== rule && r.setting.line < rule.setting.line && r.body?.toLowerCase() === body);
  }
  return false;
}

/**
 * What the files of one scope (the top level, or a block with files included inside it) must not
 * both set: a one-value directive, a keyed block, a reply pattern of a pattern list, a selector
 * and domain with two key files, and a wildcard key read before specific keys it matches.
 */
function settingsAcross(members: readonly { file: RuleContext; items: FileItems }[], scope: string, report: Report, before: Before = loadsBefore): void {
  const readFirst = (file: RuleContext, first: Earlier<unknown>) => `${scope} on ${where(file, { uri: first.file.uri, line: first.line })}, which PowerMTA reads first`;
  for (const [file, line, name, first] of repeats(members, 'directives', (line) => line, before)) {
    const info = file.doc.info(line);
    report(file, { code: 'duplicate-directive', message: duplicateDirectiveMessage(name, readFirst(file, first)), line, start: info.name!.start, end: info.name!.end });
  }
  for (const [file, b, , first] of repeats(members, 'blocks', (b) => b.openLine, before)) {
    report(file, { code: 'duplicate-block', message: duplicateBlockMessage(b, readFirst(file, first)), ...wholeLine(file, b.openLine) });
  }
  for (const [file, rule, , first] of repeats(members, 'byReply', (r) => r.setting.line, before)) {
    // A repeat of a rule its file reads earlier in a list of that name is its own file's rule's.
    if (repeatedInItsFile(file, rule)) continue;
    report(file, { code: 'duplicate-reply-pattern', message: duplicateReplyMessage(rule, first.item, readFirst(file, first)), ...wholeLine(file, rule.setting.line) });
  }
  domainKeysAcross(members, report, before);
}

/**
 * Files included inside a block, grouped by that block: each group holds the block (its own
 * lines, in the file that includes) and the top level of every file read into it (readInto),
 * directly or through a file included at that file's top level, compared in the order PowerMTA
 * reads them there. A file included in several blocks is in each of their groups.
 */
function inBlocks(files: readonly RuleContext[], unchangedSince: UnchangedSince): Group[] {
  const groups: Group[] = [];
  for (const file of files) {
    for (const block of blocksWithIncludes(file)) {
      const read = readInto(file, block);
      if (read.length === 0) continue;
      const members = [{ file, items: scopeItems(file, block) }, ...read.map((m) => ({ file: m.file, items: itemsOf(m.file, block.tag, unchangedSince) }))];
      groups.push({ block, members, before: (a, aLine, b, bLine) => readBefore(file, read, a, aLine, b, bLine) });
    }
  }
  return groups;
}

/** A block and the files read into it, compared in the order PowerMTA reads them there. */
interface Group {
  block: BlockNode;
  members: { file: RuleContext; items: FileItems }[];
  before: Before;
}

type Report = (file: RuleContext, f: Finding) => void;
/** Whether line `aLine` of `a` is read before line `bLine` of `b`. */
type Before = (a: RuleContext, aLine: number, b: RuleContext, bLine: number) => boolean;
interface Earlier<T> {
  file: RuleContext;
  item: T;
  line: number;
}

/** What one file's top level holds that is compared across files, by name, key or address. */
interface FileItems {
  directives: Map<string, number>;
  blocks: Map<string, BlockNode>;
  /** The source hosts with an address and a host name, by address and by name, in line order. */
  byIp: Map<string, SourceHost[]>;
  byHost: Map<string, SourceHost[]>;
  byPassword: Map<string, { user: string; setting: Setting }>;
  /** The top-level keys of each selector and domain, in line order. */
  byPair: Map<string, DomainKey[]>;
  /** The first reply rule of each pattern, in an `<smtp-pattern-list>`. */
  byReply: Map<string, ReplyRule>;
  /** The first reply rule of each list name and pattern, in the `<smtp-pattern-list>` blocks (nested ones too, as one file's rule groups them). */
  byListReply: Map<string, ReplyRule>;
  /** Keys that may take the place of keys read after them: wildcards, and specific keys (of parent domains). */
  shadowing: DomainKey[];
  http: HttpAccess[];
  /** The specific (not wildcard) keys a wildcard pattern matches, made when first asked. */
  matching?: Map<string, DomainKey[]>;
  /** The specific keys by each of their parent domains, made when first asked. */
  byParent?: Map<string, DomainKey[]>;
}

/** The specific keys of `items` that a key for `pattern` is taken for: a wildcard's matches, or a domain's subdomains' keys (kept with the items). */
function matchingKeys(items: FileItems, pattern: string): DomainKey[] {
  if (!isWildcardKey(pattern)) {
    if (!items.byParent) {
      items.byParent = new Map();
      for (const list of items.byPair.values()) {
        for (const key of list) if (isSpecificKey(key.domain)) for (const parent of parentDomains(key.domain)) listed(items.byParent, parent, key);
      }
    }
    return items.byParent.get(pattern) ?? [];
  }
  const kept = (items.matching ??= new Map()).get(pattern);
  if (kept) return kept;
  const found: DomainKey[] = [];
  for (const list of items.byPair.values()) for (const key of list) if (isSpecificKey(key.domain) && keyMatches(pattern, key.domain)) found.push(key);
  items.matching.set(pattern, found);
  return found;
}
type Named = 'directives' | 'blocks' | 'byIp' | 'byHost' | 'byPassword' | 'byPair' | 'byReply' | 'byListReply';

const ITEMS = new WeakMap<PmtaDocument, { revision: number; scope: string; items: FileItems }>();

/**
 * The revision a file's last edits started from when they changed nothing its items are made of
 * (the analyzer knows), so that the items of that revision still hold; undefined otherwise.
 */
type UnchangedSince = (file: RuleContext) => number | undefined;

/** What a file's top level holds, read in `scope` (`global`, or the tag of the block it is included in); kept per revision. */
function itemsOf(file: RuleContext, scope = 'global', unchangedSince: UnchangedSince = () => undefined): FileItems {
  const kept = ITEMS.get(file.doc);
  if (kept && kept.scope === scope && (kept.revision === file.doc.revision || kept.revision === unchangedSince(file))) {
    kept.revision = file.doc.revision;
    return kept.items;
  }
  const items = scopeItems(file, file.structure.root, scope);
  // Source hosts, also of a file included inside a <virtual-mta> (that VMTA's: sourceHostFiles).
  const hosts = sourceHosts(file).filter((h) => h.range?.single && h.host && h.hostArg);
  hosts.sort((a, b) => a.setting.line - b.setting.line);
  for (const h of hosts) {
    listed(items.byIp, h.range!.address.toNormalizedString(), h);
    listed(items.byHost, h.host!, h);
  }
  if (scope === 'global') {
    for (const block of configIndex(file).blocks('smtp-user')) {
      if (!atTopLevel(file, block)) continue;
      const set = passwordOf(file, block);
      if (set && set.pw.length > 0) first(items.byPassword, set.pw, { user: block.arg ?? '?', setting: set.setting });
    }
    items.http = httpAccessLines(file);
    for (const rule of replyRules(file)) {
      if (atTopLevel(file, rule.list) && rule.body !== undefined) first(items.byListReply, `${rule.list.arg ?? ''}\u0000${rule.body.toLowerCase()}`, rule);
    }
  }
  ITEMS.set(file.doc, { revision: file.doc.revision, scope, items });
  return items;
}

function first<T>(map: Map<string, T>, key: string, item: T): void {
  if (!map.has(key)) map.set(key, item);
}

function listed<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** The one-value directives, keyed blocks and domain keys directly in `block` of a file, read in `scope`. */
function scopeItems(file: RuleContext, block: BlockNode, scope = block.tag): FileItems {
  const items: FileItems = { directives: new Map(), blocks: new Map(), byIp: new Map(), byHost: new Map(), byPassword: new Map(), byPair: new Map(), byReply: new Map(), byListReply: new Map(), shadowing: [], http: [] };
  for (const line of block.lines) {
    const entry = file.entry(line);
    if (entry && !entry.repeatable && entry.scopes.includes(scope)) first(items.directives, entry.name, line);
  }
  for (const b of block.children) if (KEYED_BLOCKS.has(b.tag) && b.arg !== undefined) first(items.blocks, `${b.tag}\u0000${b.arg.toLowerCase()}`, b);
  for (const key of domainKeys(file)) {
    if (key.block !== block || key.domain.startsWith('$')) continue;
    listed(items.byPair, `${key.selector.toLowerCase()}\u0000${key.domain}`, key);
    if (isWildcardKey(key.domain) || isSpecificKey(key.domain)) items.shadowing.push(key);
  }
  if (scope === 'smtp-pattern-list') for (const rule of replyRules(file)) if (rule.list === block && rule.body !== undefined) first(items.byReply, rule.body.toLowerCase(), rule);
  return items;
}

/**
 * The top-level key pairs (selector and domain) that this file shares with another top-level file
 * of its configuration, and the source addresses and EHLO names it shares with another file of
 * sourceHostFiles: acrossFiles compares them over the files, in load order, so the file's own
 * rules leave them alone. Empty for a file checked alone.
 */
export function sharedTopLevelNames(ctx: RuleContext): { pairs: ReadonlySet<string>; ips: ReadonlySet<string>; hosts: ReadonlySet<string> } {
  const c = ctx.configuration;
  if (!c) return NONE_SHARED;
  const files = c.files();
  const sharedWith = (others: readonly RuleContext[], kind: Named) => {
    const own = itemsOf(ctx, topScope(ctx));
    return new Set(others.filter((f) => f.doc !== ctx.doc).flatMap((f) => sharedNames(own, itemsOf(f, topScope(f)), kind)));
  };
  const top = files.filter((f) => f.doc.enclosingTags.length === 0);
  const pairs = ctx.doc.enclosingTags.length === 0 && top.length >= 2 ? sharedWith(top, 'byPair') : NONE_SHARED.pairs;
  const hostFiles = sourceHostFiles(files);
  const holds = hostFiles.length >= 2 && hostFiles.some((f) => f.doc === ctx.doc);
  return { pairs, ips: holds ? sharedWith(hostFiles, 'byIp') : NONE_SHARED.ips, hosts: holds ? sharedWith(hostFiles, 'byHost') : NONE_SHARED.hosts };
}

const NONE_SHARED = { pairs: new Set<string>(), ips: new Set<string>(), hosts: new Set<string>() } as const;

/**
 * The key pairs (selector and domain) of `block` of this file, or of its top level when the file is
 * read into blocks, that another file of such a block's group (the block and the files read into
 * it) also holds: acrossFiles compares them over the group, in the order PowerMTA reads it, so the
 * file's own rule leaves them alone. Empty for a block that includes nothing.
 */
export function sharedBlockPairs(ctx: RuleContext, block: BlockNode): ReadonlySet<string> {
  const groups = block === ctx.structure.root ? blocksReadInto(ctx) : blocksWithIncludes(ctx).has(block) ? [{ file: ctx, block }] : [];
  if (groups.length === 0) return NONE_SHARED.pairs;
  const own = block === ctx.structure.root ? itemsOf(ctx, topScope(ctx)) : scopeItems(ctx, block);
  const shared = new Set<string>();
  for (const { file, block: b } of groups) {
    const others = [...(file === ctx ? [] : [scopeItems(file, b)]), ...readInto(file, b).filter((m) => m.file.doc !== ctx.doc).map((m) => itemsOf(m.file, b.tag))];
    for (const items of others) for (const pair of items.byPair.keys()) if (own.byPair.has(pair)) shared.add(pair);
  }
  return shared;
}

/**
 * The files whose source hosts are one namespace: every file read at the top level, and every
 * file included inside a `<virtual-mta>` (its `smtp-source-host` lines are that VMTA's).
 */
function sourceHostFiles(files: readonly RuleContext[]): readonly RuleContext[] {
  return files.filter((f) => HOST_SCOPES.has(topScope(f)));
}

const HOST_SCOPES = new Set(['global', 'virtual-mta']);

/** The scope a file's top level is read in: `global`, or the tag of the block it is included in. */
const topScope = (file: RuleContext) => scopeOf(file, file.structure.root);

/**
 * The names of one kind that two files both hold, probed from the smaller map into the larger and
 * kept per pair of items (an edit of one file makes its items anew, and only its pairs are
 * probed again).
 */
const SHARED = new WeakMap<FileItems, WeakMap<FileItems, Map<Named, readonly string[]>>>();

function sharedNames(a: FileItems, b: FileItems, kind: Named): readonly string[] {
  let byB = SHARED.get(a);
  if (!byB) SHARED.set(a, (byB = new WeakMap()));
  let kinds = byB.get(b);
  if (!kinds) byB.set(b, (kinds = new Map()));
  let names = kinds.get(kind);
  if (!names) {
    const [small, large] = a[kind].size <= b[kind].size ? [a[kind], b[kind]] : [b[kind], a[kind]];
    const found: string[] = [];
    for (const name of small.keys()) if (large.has(name)) found.push(name);
    kinds.set(kind, (names = found));
  }
  return names;
}

/** The names of one kind that at least two of the files hold. */
function inTwoFiles(files: readonly { items: FileItems }[], kind: Named): Set<string> {
  const names = new Set<string>();
  for (let i = 0; i < files.length; i++) for (let j = i + 1; j < files.length; j++) for (const n of sharedNames(files[i].items, files[j].items, kind)) names.add(n);
  return names;
}

/**
 * For each name (key, address) that two files hold, its first occurrence in every file but the
 * one read first, with the one read first: [file, item, name, earlier].
 */
function* repeats<K extends Exclude<Named, 'byPair'>>(
  files: readonly { file: RuleContext; items: FileItems }[],
  kind: K,
  lineOf: (item: FileItems[K] extends Map<string, infer T> ? T : never) => number,
  before: Before = loadsBefore,
): Generator<[RuleContext, FileItems[K] extends Map<string, infer T> ? T : never, string, Earlier<FileItems[K] extends Map<string, infer T> ? T : never>]> {
  type T = FileItems[K] extends Map<string, infer V> ? V : never;
  for (const name of inTwoFiles(files, kind)) {
    const holders: Earlier<T>[] = [];
    for (const { file, items } of files) {
      const item = (items[kind] as Map<string, T>).get(name);
      if (item !== undefined) holders.push({ file, item, line: lineOf(item) });
    }
    let first = holders[0];
    for (const h of holders) if (before(h.file, h.line, first.file, first.line)) first = h;
    for (const h of holders) if (h !== first) yield [h.file, h.item, name, first];
  }
}

/**
 * `ip-hostname-conflict` and `hostname-on-many-ips` over a top level spread over files, as the
 * single-file rule (which leaves such a file to this) does over one: every source host against the
 * first one, in load order, with its address or its name.
 */
function sourceHostsAcross(files: readonly { file: RuleContext; items: FileItems }[], report: Report): void {
  // Only addresses and names two files share: the others are their file's rule's.
  const ips = inTwoFiles(files, 'byIp');
  const names = inTwoFiles(files, 'byHost');
  if (ips.size === 0 && names.size === 0) return;
  const hosts = files.flatMap(({ file, items }) => [...[...ips].flatMap((ip) => items.byIp.get(ip) ?? []), ...[...names].flatMap((n) => items.byHost.get(n) ?? [])].map((h) => ({ file, h })));
  const seen = new Set<SourceHost>();
  hosts.sort((a, b) => compareLoad(a.file, a.h.setting.line, b.file, b.h.setting.line));
  const byIp = new Map<string, { file: RuleContext; h: SourceHost }>();
  const byHost = new Map<string, { file: RuleContext; h: SourceHost }>();
  const place = (file: RuleContext, first: { file: RuleContext; h: SourceHost }) =>
    `${hostPlace(first.h.vmta ?? vmtaReadInto(first.file))} (${where(file, { uri: first.file.uri, line: first.h.setting.line })})`;
  for (const entry of hosts) {
    const { file, h } = entry;
    if (seen.has(h)) continue;
    seen.add(h);
    const ip = h.range!.address.toNormalizedString();
    const sameIp = ips.has(ip) ? byIp.get(ip) : entry;
    if (!sameIp) byIp.set(ip, entry);
    else if (sameIp.h.host !== h.host) report(file, { code: 'ip-hostname-conflict', message: ipConflictMessage(h, sameIp.h.host, place(file, sameIp)), ...h.hostArg!, data: { replacement: sameIp.h.host } });
    const sameHost = names.has(h.host!) ? byHost.get(h.host!) : entry;
    if (!sameHost) byHost.set(h.host!, entry);
    else if (sameHost.h.range && sameHost.h.range.address.toNormalizedString() !== ip) {
      report(file, { code: 'hostname-on-many-ips', message: manyIpsMessage(h, sameHost.h.ipText, place(file, sameHost)), ...h.hostArg! });
    }
  }
}

/** The name of the `<virtual-mta>` a file included inside one is read into first (undefined for a top-level file). */
export function vmtaReadInto(file: RuleContext): string | undefined {
  if (file.doc.enclosingTags.length === 0) return undefined;
  const block = blocksReadInto(file).find((b) => b.block.tag === 'virtual-mta')?.block;
  return block && (block.arg ?? '');
}

function shadowedAccess(files: readonly { file: RuleContext; items: FileItems }[], report: Report): void {
  if (files.filter((f) => f.items.http.length > 0).length < 2) return;
  const lines = files.flatMap(({ file, items }) => items.http.map((access) => ({ file, access })));
  lines.sort((a, b) => compareLoad(a.file, a.access.setting.line, b.file, b.access.setting.line));
  const fileOf = new Map<HttpAccess, RuleContext>(lines.map((l) => [l.access, l.file]));
  // Lines an earlier line of their own file covers are that file's rule's.
  const ownRule = new Set(files.flatMap((f) => coveredLines(f.items.http).map((c) => c.line)));
  for (const { line, cover } of coveredLines(lines.map((l) => l.access))) {
    const file = fileOf.get(line)!;
    const coverFile = fileOf.get(cover)!;
    if (coverFile === file || ownRule.has(line)) continue;
    report(file, { code: 'shadowed-http-access', ...wholeLine(file, line.setting.line), ...shadowed(file, line, cover, coverFile.uri) });
  }
}

/**
 * The files of one scope (the top level, or a block and the files read into it): every key of a
 * pair two files hold is compared with the first of that pair in load order (the files' own rule
 * leaves such pairs to this, see sharedTopLevelNames and sharedBlockPairs).
 */
function domainKeysAcross(files: readonly { file: RuleContext; items: FileItems }[], report: Report, before: Before): void {
  if (files.filter((f) => f.items.byPair.size > 0).length < 2) return;
  // duplicate-domain-key: a key whose pair the scope reads first with another key file.
  const pairs = inTwoFiles(files, 'byPair');
  for (const pair of pairs) {
    let earliest: Earlier<DomainKey> | undefined;
    for (const { file, items } of files) {
      const k = items.byPair.get(pair)?.[0];
      if (k && (!earliest || before(file, k.setting.line, earliest.file, earliest.line))) earliest = { file, item: k, line: k.setting.line };
    }
    for (const { items, file } of files) {
      for (const key of items.byPair.get(pair) ?? []) {
        if (earliest!.item.path === key.path) continue;
        report(file, { code: 'duplicate-domain-key', message: duplicateKeyMessage(key, where(file, { uri: earliest!.file.uri, line: earliest!.line }), earliest!.item.path), ...wholeLine(file, key.setting.line) });
      }
    }
  }
  // dkim-wildcard-key-first: a wildcard (or a parent domain's key) with keys it is taken for in other files read after it, and none of its own.
  if (files.every((f) => f.items.shadowing.length === 0)) return;
  for (const { file, items } of files) {
    for (const w of items.shadowing) {
      if (matchingKeys(items, w.domain).some((key) => before(file, w.setting.line, file, key.setting.line))) continue;
      // The message names three of them and counts the rest.
      const shown: string[] = [];
      let count = 0;
      for (const o of files) {
        if (o.file === file) continue;
        for (const key of matchingKeys(o.items, w.domain)) {
          if (!before(file, w.setting.line, o.file, key.setting.line)) continue;
          if (shown.length < 3) shown.push(where(file, { uri: o.file.uri, line: key.setting.line }));
          count++;
        }
      }
      if (count === 0) continue;
      const named = count === 1 ? shown[0] : `${shown.join(', ')}${count > 3 ? ` and ${count - 3} more` : ''}`;
      report(file, {
        code: 'dkim-wildcard-key-first',
        message: isWildcardKey(w.domain)
          ? `${shadowingKeyName(w)} is read before ${shadowedWhat(w, count)} of another file that it also matches (${named}). ${WILDCARD_FIRST_WHY} Include the specific keys before this line, or put the wildcard key after them.`
          : `${shadowingKeyName(w)} is read before ${shadowedWhat(w, count)} of another file (${named}). ${PARENT_FIRST_WHY} Include the subdomains' keys before this line, or put this key after them.`,
        ...wholeLine(file, w.setting.line),
      });
    }
  }
}
