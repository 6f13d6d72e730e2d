import type { LineShift } from '../syntax/blocks';
import type { Finding } from './types';

/**
 * A rule's findings from the version before an edit that added or removed lines, moved to where
 * their lines are now; undefined when one of them might not survive the move, so the rule has to
 * run again.
 *
 * Messages and fix titles cite other lines in words ("already set on line 29"). A finding is
 * carried only when nothing in it can be such a line at or below the edit: no number in its
 * message or titles of `start` or more (1-based, i.e. the line above the edit or any line below),
 * no unknown number in its data of `start - 1` or more, and its own lines and fix edits keep clear
 * of the changed lines and their neighbours. Numbers that are not lines (values, addresses)
 * only cost a re-run. The lines a finding stands on and the known line fields of its data
 * (`firstLine`, `insertLine`, fix edits) move with the text.
 */
export function moveFindings(findings: readonly Finding[], change: LineShift): Finding[] | undefined {
  const out: Finding[] = [];
  for (const f of findings) {
    const moved = moveFinding(f, change);
    if (!moved) return undefined;
    out.push(moved);
  }
  return out;
}

/** Sentinel for a line that the change touched or borders. */
const TOUCHED = -1;

function moveFinding(f: Finding, change: LineShift): Finding | undefined {
  const line = moveLine(f.line, change);
  if (line === TOUCHED || citesMovedLine(f.message, change)) return undefined;
  const copy: Finding = { ...f, line };
  if (f.endLine !== undefined) {
    const endLine = moveLine(f.endLine, change);
    if (endLine === TOUCHED) return undefined;
    copy.endLine = endLine;
  }
  if (f.data) {
    const data = moveData(f.data, change);
    if (!data) return undefined;
    copy.data = data;
  }
  return copy;
}

/** A 0-based line after the change, or TOUCHED for a line in the changed region or right next to it. */
function moveLine(line: number, { start, oldEnd, delta }: LineShift): number {
  if (line < start - 1) return line;
  if (line > oldEnd) return line + delta;
  return TOUCHED;
}

/** Whether a text holds a number that could be a 1-based line at or below the line above the change. */
function citesMovedLine(text: string, { start }: LineShift): boolean {
  for (const m of text.matchAll(/\d+/g)) if (Number(m[0]) >= start) return true;
  return false;
}

const LINE_FIELDS = new Set(['firstLine', 'insertLine']);

function moveData(data: Record<string, unknown>, change: LineShift): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === 'fix') {
      const fix = moveFix(value, change);
      if (!fix) return undefined;
      out.fix = fix;
    } else if (LINE_FIELDS.has(key) && typeof value === 'number') {
      const line = moveLine(value, change);
      if (line === TOUCHED) return undefined;
      out[key] = line;
    } else if (mayNameMovedLine(value, change)) return undefined;
    else out[key] = value;
  }
  return out;
}

function moveFix(value: unknown, change: LineShift): unknown {
  const fix = value as { title?: unknown; edits?: { line: number; endLine?: number; start: number; end: number; newText: string }[] };
  if (typeof fix.title !== 'string' || !Array.isArray(fix.edits) || citesMovedLine(fix.title, change)) return undefined;
  const edits = [];
  for (const e of fix.edits) {
    const line = moveLine(e.line, change);
    const endLine = e.endLine === undefined ? undefined : moveLine(e.endLine, change);
    if (line === TOUCHED || endLine === TOUCHED) return undefined;
    edits.push(endLine === undefined ? { ...e, line } : { ...e, line, endLine });
  }
  return { ...fix, edits };
}

/** Whether a data value of unknown meaning holds a number or a text that could name a moved line. */
function mayNameMovedLine(value: unknown, change: LineShift): boolean {
  if (typeof value === 'number') return value >= change.start - 1;
  if (typeof value === 'string') return citesMovedLine(value, change);
  if (Array.isArray(value)) return value.some((v) => mayNameMovedLine(v, change));
  if (value && typeof value === 'object') return Object.values(value).some((v) => mayNameMovedLine(v, change));
  return false;
}
