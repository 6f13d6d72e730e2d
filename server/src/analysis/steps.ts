/**
 * Work written as a generator that yields between its steps, so a caller with a time budget can
 * pause it (see `drainInSlices` in analyzer.ts); `drain` runs it to the end at once.
 */
export function drain<T>(steps: Generator<void, T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}
