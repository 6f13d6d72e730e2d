import type { BlockNode } from '../../syntax/blocks';
import { configIndex, loadsBefore } from '../rules/configIndex';
import { type RuleContext, valueSpan, where, wholeLine } from '../rules/context';
import { KEYED_BLOCKS, duplicateBlockMessage, duplicateDirectiveMessage } from '../rules/duplicates';
import { type HttpAccess, httpAccessLines } from '../rules/reach';
import { coveredLines, shadowed } from '../rules/shadowedHttpAccess';
import { type DomainKey, domainKeys, isWildcardKey, keyMatches } from '../rules/domainKeys';
import { duplicateKeyMessage } from '../rules/dkimKeyNames';
import { WILDCARD_FIRST_WHY } from '../rules/dkimWildcardFirst';
import { type SourceHost, sourceHosts } from '../rules/sourceHosts';
import { ipConflictMessage, manyIpsMessage } from '../rules/ipHostnameConflict';
import { passwordOf, sharedPasswordMessage } from '../rules/passwords';
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
 * - `ip-hostname-conflict` and `hostname-on-many-ips`: a source IP announced under another EHLO
 *   name, or an EHLO name used for another IP, than in a file read earlier;
 * - `shared-password`: an `<smtp-user>` with the password of a user of a file read earlier;
 * - `dkim-wildcard-key-first`: a top-level wildcard key read before specific keys of other files
 *   that it matches (reported on the wildcard when no key of its own file is behind it: then its
 *   file's rule reports it).
 * Each is reported in the file read later, naming the earlier one. A line with an earlier one in
 * its own file is left to that file's rules, which report it once. Files included inside a block
 * are not at the top level and take no part. By file URI; computed afresh on every analysis of a
 * set of two files or more (top levels are short: a pass over their lines).
 */
export function acrossFiles(files: readonly RuleContext[]): Map<string | undefined, Finding[]> {
  const out = new Map<string | undefined, Finding[]>();
  const top = files.filter((f) => f.doc.enclosingTags.length === 0);
  if (top.length < 2) return out;
  const report = (file: RuleContext, f: Finding) => {
    const list = out.get(file.uri);
    if (list) list.push(f);
    else out.set(file.uri, [f]);
  };
  duplicateDirectives(top, report);
  duplicateBlocks(top, report);
  shadowedAccess(top, report);
  domainKeysAcross(top, report);
  sourceHostsAcross(top, report);
  sharedPasswordsAcross(top, report);
  return out;
}

type Report = (file: RuleContext, f: Finding) => void;

/** The first occurrence of each key in load order, and whether a file has had the key before. */
class FirstSeen<T> {
  private readonly first = new Map<string, { file: RuleContext; item: T; line: number }>();
  private readonly inFile = new Set<string>();

  /**
   * Called in load order: the first occurrence of `key` when this one is its repeat in another
   * file, with none of its own file before it; else undefined.
   */
  see(key: string, file: RuleContext, item: T, line: number): { file: RuleContext; item: T; line: number } | undefined {
    const own = `${file.uri}\u0000${key}`;
    const repeatInFile = this.inFile.has(own);
    this.inFile.add(own);
    const first = this.first.get(key);
    if (!first) {
      this.first.set(key, { file, item, line });
      return undefined;
    }
    return repeatInFile || first.file === file ? undefined : first;
  }
}

/** Every top-level item of the files, in load order. */
function inLoadOrder<T>(files: readonly RuleContext[], items: (file: RuleContext) => Iterable<{ item: T; line: number }>): { file: RuleContext; item: T; line: number }[] {
  const all: { file: RuleContext; item: T; line: number }[] = [];
  for (const file of files) for (const { item, line } of items(file)) all.push({ file, item, line });
  return all.sort((a, b) => (loadsBefore(a.file, a.line, b.file, b.line) ? -1 : loadsBefore(b.file, b.line, a.file, a.line) ? 1 : 0));
}

/** Where the first of a duplicate pair is, said from the file of the second. */
const readFirst = (file: RuleContext, first: { file: RuleContext; line: number }) => `at the top level on ${where(file, { uri: first.file.uri, line: first.line })}, which PowerMTA reads first`;

function duplicateDirectives(files: readonly RuleContext[], report: Report): void {
  const seen = new FirstSeen<string>();
  const lines = inLoadOrder(files, function* (file) {
    for (const line of file.structure.root.lines) {
      const entry = file.entry(line);
      if (entry && !entry.repeatable && entry.scopes.includes('global')) yield { item: entry.name, line };
    }
  });
  for (const { file, item: name, line } of lines) {
    const first = seen.see(name, file, name, line);
    if (!first) continue;
    const info = file.doc.info(line);
    report(file, {
      code: 'duplicate-directive',
      message: duplicateDirectiveMessage(name, readFirst(file, first)),
      line,
      start: info.name!.start,
      end: info.name!.end,
    });
  }
}

function duplicateBlocks(files: readonly RuleContext[], report: Report): void {
  const seen = new FirstSeen<BlockNode>();
  const blocks = inLoadOrder(files, function* (file) {
    for (const b of file.structure.root.children) if (KEYED_BLOCKS.has(b.tag) && b.arg !== undefined) yield { item: b, line: b.openLine };
  });
  for (const { file, item: b, line } of blocks) {
    const first = seen.see(`${b.tag}\u0000${b.arg!.toLowerCase()}`, file, b, line);
    if (!first) continue;
    report(file, { code: 'duplicate-block', message: duplicateBlockMessage(b, readFirst(file, first)), ...wholeLine(file, line) });
  }
}

function shadowedAccess(files: readonly RuleContext[], report: Report): void {
  if (files.every((f) => configIndex(f).all('http-access').length === 0)) return;
  const lines = inLoadOrder(files, (file) => httpAccessLines(file).map((a) => ({ item: a, line: a.setting.line })));
  const fileOf = new Map<HttpAccess, RuleContext>(lines.map((l) => [l.item, l.file]));
  // Lines an earlier line of their own file covers are that file's rule's.
  const ownRule = new Set(files.flatMap((f) => coveredLines(httpAccessLines(f)).map((c) => c.line)));
  for (const { line, cover } of coveredLines(lines.map((l) => l.item))) {
    const file = fileOf.get(line)!;
    const coverFile = fileOf.get(cover)!;
    if (coverFile === file || ownRule.has(line)) continue;
    const f = shadowed(file, line, cover, coverFile.uri);
    report(file, { code: 'shadowed-http-access', ...wholeLine(file, line.setting.line), ...f });
  }
}

function domainKeysAcross(files: readonly RuleContext[], report: Report): void {
  if (files.every((f) => configIndex(f).all('domain-key').length === 0)) return;
  const keys = inLoadOrder(files, (file) => domainKeys(file).flatMap((k) => (k.block === file.structure.root && !k.domain.startsWith('$') ? [{ item: k, line: k.setting.line }] : [])));
  const first = new Map<string, { file: RuleContext; key: DomainKey; line: number }>();
  const firstInFile = new Map<string, DomainKey>();
  const wildcards: { file: RuleContext; key: DomainKey; shadowed: { file: RuleContext; key: DomainKey }[]; ownShadowed: boolean }[] = [];
  for (const { file, item: k, line } of keys) {
    // Reported here when the first key of the pair is in another file and the file's own rule
    // (which compares with the first of its own file) does not report it.
    const pair = `${k.selector.toLowerCase()}\u0000${k.domain}`;
    const earliest = first.get(pair);
    const own = firstInFile.get(`${file.uri}\u0000${pair}`);
    if (!earliest) first.set(pair, { file, key: k, line });
    if (!own) firstInFile.set(`${file.uri}\u0000${pair}`, k);
    if (earliest && earliest.file !== file && earliest.key.path !== k.path && !(own && own.path !== k.path)) {
      report(file, {
        code: 'duplicate-domain-key',
        message: duplicateKeyMessage(k, where(file, { uri: earliest.file.uri, line: earliest.line }), earliest.key.path),
        ...wholeLine(file, line),
      });
    }
    if (isWildcardKey(k.domain)) {
      wildcards.push({ file, key: k, shadowed: [], ownShadowed: false });
      continue;
    }
    for (const w of wildcards) {
      if (!keyMatches(w.key.domain, k.domain)) continue;
      if (w.file === file) w.ownShadowed = true;
      else w.shadowed.push({ file, key: k });
    }
  }
  for (const w of wildcards) {
    if (w.shadowed.length === 0 || w.ownShadowed) continue;
    const places = w.shadowed.map((s) => where(w.file, { uri: s.file.uri, line: s.key.setting.line }));
    report(w.file, {
      code: 'dkim-wildcard-key-first',
      message: `The wildcard key for \`${w.key.domain}\` is read before ${w.shadowed.length === 1 ? 'a specific key' : `${w.shadowed.length} specific keys`} of another file that it also matches (${places.length === 1 ? places[0] : `${places.slice(0, 3).join(', ')}${places.length > 3 ? ` and ${places.length - 3} more` : ''}`}). ${WILDCARD_FIRST_WHY} Include the specific keys before this line, or put the wildcard key after them.`,
      ...wholeLine(w.file, w.key.setting.line),
    });
  }
}

function sourceHostsAcross(files: readonly RuleContext[], report: Report): void {
  const hosts = inLoadOrder(files, (file) => sourceHosts(file).flatMap((h) => (h.range?.single && h.host && h.hostArg ? [{ item: h, line: h.setting.line }] : [])));
  const byIp = new FirstSeen<SourceHost>();
  const byHost = new FirstSeen<SourceHost>();
  const place = (file: RuleContext, first: { file: RuleContext; item: SourceHost; line: number }) =>
    `${first.item.vmta ? `\`<virtual-mta ${first.item.vmta}>\`` : 'the top level'} (${where(file, { uri: first.file.uri, line: first.line })})`;
  for (const { file, item: h, line } of hosts) {
    const ip = h.range!.address.toNormalizedString();
    const sameIp = byIp.see(ip, file, h, line);
    if (sameIp && sameIp.item.host !== h.host) {
      report(file, {
        code: 'ip-hostname-conflict',
        message: ipConflictMessage(h, sameIp.item.host, place(file, sameIp)),
        ...h.hostArg!,
        data: { replacement: sameIp.item.host },
      });
    }
    const sameHost = byHost.see(h.host!, file, h, line);
    if (sameHost && sameHost.item.range && sameHost.item.range.address.toNormalizedString() !== ip) {
      report(file, {
        code: 'hostname-on-many-ips',
        message: manyIpsMessage(h, sameHost.item.ipText, place(file, sameHost)),
        ...h.hostArg!,
      });
    }
  }
}

function sharedPasswordsAcross(files: readonly RuleContext[], report: Report): void {
  const users = inLoadOrder(files, (file) =>
    configIndex(file)
      .blocks('smtp-user')
      .flatMap((block) => {
        const set = passwordOf(file, block);
        return set && set.pw.length > 0 ? [{ item: { user: block.arg ?? '?', ...set }, line: set.setting.line }] : [];
      }),
  );
  const seen = new FirstSeen<{ user: string; pw: string }>();
  for (const { file, item, line } of users) {
    const first = seen.see(item.pw, file, item, line);
    if (first) report(file, { code: 'shared-password', message: sharedPasswordMessage(item.user, first.item.user, where(file, { uri: first.file.uri, line: first.line })), ...valueSpan(file, item.setting) });
  }
}
