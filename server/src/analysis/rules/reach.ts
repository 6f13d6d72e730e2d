import type { BlockNode } from '../../syntax/blocks';
import { type ParsedRange, isPublicRange, parseRange, rangeCovers } from '../values/network';
import { type RuleContext, type Setting, lastSetting, settingsOf } from './context';
import { configIndex, loadsBefore } from './configIndex';
import { type Fix, deleteLines, replaceFix } from './fixes';

/** A public range wider than a /24 (IPv4) or /48 (IPv6): "everyone", for exposure purposes. */
export function isWidePublic(r: ParsedRange): boolean {
  return isPublicRange(r) && r.prefix < (r.address.kind() === 'ipv4' ? 24 : 48);
}

/** Only loopback addresses (127/8 or a part of it, ::1). */
/** `0.0.0.0` or `::` as a listener address: every interface. */
export function isUnspecified(r: ParsedRange): boolean {
  return r.address.range() === 'unspecified';
}

export function isLoopbackOnly(r: ParsedRange): boolean {
  return r.address.range() === 'loopback' && r.prefix >= (r.address.kind() === 'ipv4' ? 8 : 128);
}

/** One top-level `http-access CIDR LEVEL` line. */
export interface HttpAccess {
  setting: Setting;
  range: ParsedRange;
  level: string;
}

/** What httpAccessLines reads. */
export const HTTP_ACCESS_READS: readonly string[] = ['http-access'];

export function httpAccessLines(ctx: RuleContext): HttpAccess[] {
  return configIndex(ctx).memo('http-access', HTTP_ACCESS_READS, () => computeHttpAccess(ctx), []);
}

/** The first `http-access` line of `files` in load order that `wanted` accepts, with its file. */
export function firstHttpAccess(files: readonly RuleContext[], wanted: (a: HttpAccess) => boolean): { file: RuleContext; access: HttpAccess } | undefined {
  let first: { file: RuleContext; access: HttpAccess } | undefined;
  for (const file of files) {
    const access = httpAccessLines(file).find(wanted);
    if (access && (!first || loadsBefore(file, access.setting.line, first.file, first.access.setting.line))) first = { file, access };
  }
  return first;
}

function computeHttpAccess(ctx: RuleContext): HttpAccess[] {
  const out: HttpAccess[] = [];
  // The top level of a file included inside a block is that block's, not the process's.
  if (ctx.doc.enclosingTags.length > 0) return out;
  for (const s of configIndex(ctx).settings(ctx.structure.root).list) {
    if (s.name !== 'http-access' || s.args.length < 2) continue;
    const range = parseRange(s.args[0].text);
    if (range) out.push({ setting: s, range, level: s.args[1].text.toLowerCase() });
  }
  return out;
}

const LOOPBACK = parseRange('127.0.0.1')!;

/**
 * The quick fix of a line that opens the console to a wide public range: grant its level to
 * 127.0.0.1 only. When an earlier line already matches 127.0.0.1 (the first match decides), that
 * rewrite would only leave a dead copy (`shadowed-http-access`), so the fix deletes the line.
 */
export function restrictToLoopback(ctx: RuleContext, s: Setting, level: string): { fix: Fix } {
  const earlier = httpAccessLines(ctx).find((h) => h.setting.line < s.line && rangeCovers(h.range, LOOPBACK));
  if (earlier) return { fix: { title: `Delete this line (127.0.0.1 has its access from line ${earlier.setting.line + 1})`, edits: [deleteLines(ctx.doc, s.line)] } };
  return replaceFix(`Grant ${level} to 127.0.0.1 only`, s.args[0].line, s.args[0].start, s.args[0].end, '127.0.0.1');
}

/** Who can connect to a `<source>`: by its address range, or for a named source by the listeners bound to it. */
export type Reach = 'public' | 'remote' | 'loopback' | 'unknown';

/** What sourceReach (and listenerBindings) read besides the block tree. */
export const SOURCE_REACH_READS: readonly string[] = ['smtp-listener', 'source'];

export function sourceReach(ctx: RuleContext, block: BlockNode): Reach {
  if (!block.arg) return 'unknown';
  const range = parseRange(block.arg);
  if (range) return isLoopbackOnly(range) ? 'loopback' : isWidePublic(range) ? 'public' : 'remote';
  const bySource = configIndex(ctx).memo('bindings-by-source', SOURCE_REACH_READS, () => {
    const map = new Map<string, Binding[]>();
    for (const b of listenerBindings(ctx)) {
      if (!b.range) continue;
      const list = map.get(b.source);
      if (list) list.push(b);
      else map.set(b.source, [b]);
    }
    return map;
  }, ['smtp-listener']);
  const bindings = bySource.get(block.arg) ?? [];
  if (bindings.length === 0) return 'unknown';
  if (bindings.some((b) => isWidePublic(b.range!) || isUnspecified(b.range!))) return 'public';
  return bindings.every((b) => isLoopbackOnly(b.range!)) ? 'loopback' : 'remote';
}

export interface Binding {
  source: string;
  listener: string;
  range?: ParsedRange;
  line: number;
}

/** `smtp-listener ADDR:PORT source=NAME` lines and `<smtp-listener ADDR:PORT>` blocks with `source NAME`. */
export function listenerBindings(ctx: RuleContext): Binding[] {
  const out: Binding[] = [];
  if (ctx.doc.enclosingTags.length > 0) return out;
  const rangeOf = (listener: string) => parseRange(listener.replace(/^\[|\]?:\d+$/g, ''));
  for (const s of configIndex(ctx).all('smtp-listener')) {
    if (s.block !== ctx.structure.root) continue;
    const listener = s.args[0]?.text;
    const src = s.args.find((a) => a.text.toLowerCase().startsWith('source='));
    if (listener && src) out.push({ source: src.text.slice(7), listener, range: rangeOf(listener), line: s.line });
  }
  for (const block of ctx.structure.root.children) {
    if (block.tag !== 'smtp-listener' || !block.arg) continue;
    const src = lastSetting(settingsOf(ctx, block), 'source');
    const name = src?.args[0]?.text;
    if (name) out.push({ source: name, listener: block.arg, range: rangeOf(block.arg), line: block.openLine });
  }
  return out;
}
