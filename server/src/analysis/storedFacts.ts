/**
 * A line's stored facts (a LineFacts, or the CompactFacts the analysis keeps for most directive
 * lines) moved to another line: copied for an identical line elsewhere, shifted in place when lines
 * above were added or removed.
 */
import { CompactFacts, type LineFacts } from './lineFacts';
import type { Fix } from './rules/fixes';
import type { Finding } from './types';

export type Stored = LineFacts | CompactFacts;

/** A copy of a line's stored facts for the same text (in the same blocks) on another line. */
export function cloneStored(t: Stored, delta: number): Stored {
  // Literals rather than spreads: V8 may give spread copies hidden classes of their own.
  const findings = t.findings.length ? t.findings.map((f) => cloneFinding(f, delta)) : t.findings;
  const defs = t.defs.length
    ? t.defs.map((d) => ({ kind: d.kind, name: d.name, line: d.line + delta, start: d.start, end: d.end, blockLine: d.blockLine + delta }))
    : t.defs;
  const refs = t.refs.length ? t.refs.map((r) => ({ kinds: r.kinds, name: r.name, line: r.line + delta, start: r.start, end: r.end, via: r.via })) : t.refs;
  if (t instanceof CompactFacts) return new CompactFacts(findings, defs, refs, t.entry, t.info);
  const c: LineFacts = { findings, defs, refs, entry: t.entry, args: t.args };
  if (t.args)
    c.args = t.args.map((a) => ({
      text: a.text,
      line: a.line + delta,
      start: a.start,
      endLine: a.endLine + delta,
      end: a.end,
      quoted: a.quoted,
      regex: a.regex,
      unterminated: a.unterminated,
    }));
  return c;
}

/**
 * A line's finding for the same line elsewhere: its line numbers, and those of its quick fix's
 * edits, moved by `delta` (as shiftFacts moves them in place). A line's own checks name no other
 * line: a fix edits the line it is on, or inserts next to it.
 */
function cloneFinding(f: Finding, delta: number): Finding {
  // A spread keeps the finding's fields as they are, an undefined one included.
  const c: Finding = { ...f, line: f.line + delta };
  if (f.endLine !== undefined) c.endLine = f.endLine + delta;
  const fix = f.data?.fix as Fix | undefined;
  if (fix) {
    const edits = fix.edits.map((e) => (e.endLine === undefined ? { ...e, line: e.line + delta } : { ...e, line: e.line + delta, endLine: e.endLine + delta }));
    c.data = { ...f.data, fix: { ...fix, edits } };
  }
  return c;
}

/** Whether stored facts hold their line number (shared compact facts and EMPTY_FACTS hold none). */
export function namesItsLine(f: Stored): boolean {
  return f.findings.length > 0 || f.defs.length > 0 || f.refs.length > 0 || (!(f instanceof CompactFacts) && f.args !== undefined);
}

/** Moves cached facts to the line their text now sits on (shared compact facts name no line). */
export function shiftFacts(facts: Stored, delta: number): void {
  for (const f of facts.findings) {
    f.line += delta;
    if (f.endLine !== undefined) f.endLine += delta;
    const fix = f.data?.fix as { edits?: { line: number; endLine?: number }[] } | undefined;
    if (fix?.edits)
      for (const e of fix.edits) {
        e.line += delta;
        if (e.endLine !== undefined) e.endLine += delta;
      }
  }
  for (const d of facts.defs) {
    d.line += delta;
    d.blockLine += delta;
  }
  for (const r of facts.refs) r.line += delta;
  if (!(facts instanceof CompactFacts) && facts.args)
    for (const a of facts.args) {
      a.line += delta;
      a.endLine += delta;
    }
}
