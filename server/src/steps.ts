/**
 * Work written as a generator that yields between its steps, so a caller with a time budget can
 * pause it (`drainInSlices`); `drain` runs it to the end at once.
 */
export function drain<T>(steps: Generator<void, T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** How to do long work in slices: work about `sliceMs`, then `pause()`; give up when `stop()` says so. */
export interface Slices {
  sliceMs: number;
  pause: () => Promise<void>;
  stop?: () => boolean;
}

/**
 * Runs a generator of work steps, awaiting `pause()` whenever `sliceMs` of work has passed since
 * the last pause. Gives up (undefined) when `valid()` is false after a pause.
 */
export async function drainInSlices<T>(steps: Generator<void, T>, sliceMs: number, pause: () => Promise<void>, valid: () => boolean): Promise<T | undefined> {
  let sliceStart = performance.now();
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (performance.now() - sliceStart < sliceMs) continue;
    await pause();
    if (!valid()) return undefined;
    sliceStart = performance.now();
  }
}
