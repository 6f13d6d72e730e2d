/**
 * Small array helpers the incremental model and analysis share: per-line arrays of 100k entries
 * are searched and patched in place, never rebuilt for a one-line change.
 */

/** The first index in [0, count) for which `before(i)` is false, `before` being true then false along the indices (binary search). */
export function lowerBound(count: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `arr` with `count` items at `start` replaced by `items`: in place when few, else as a new array (no huge spread). */
export function replaceRange<T>(arr: T[], start: number, count: number, items: T[]): T[] {
  if (count === 0 && items.length === 0) return arr;
  if (items.length + count <= 4096) {
    arr.splice(start, count, ...items);
    return arr;
  }
  const out = arr.slice(0, start);
  for (const x of items) out.push(x);
  for (let i = start + count; i < arr.length; i++) out.push(arr[i]);
  return out;
}

/** Items grouped by a key, each group in the items' order. */
export function groupBy<K, T>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * Appends `items` to `target` one by one. `target.push(...items)` passes every item as an argument,
 * and past ~120k of them V8 throws RangeError (one line with 150k empty list items, a 150k-line
 * paste, a macro of 150k domains).
 */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) target.push(items[i]);
}
