import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last full collection, in percent, for the
 * long-running processes (`serve`, `worker`). V8's own factor is up to 4×: an export that keeps 90 MB live
 * reached a 370 MB heap and a 490 MB RSS before collecting, against a floor of 512 MB (issue 10). At 50 %
 * the same export peaks at about 260 MB RSS for a full collection about every second, some 10 ms each.
 */
export const HEAP_GROWING_PERCENT = 50;

/** The V8 flag to set, or undefined when the process was started with its own (`node --heap-growing-percent=N`). */
export function heapGrowthFlag(execArgv: readonly string[]): string | undefined {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent\b/.test(a))) return undefined;
  return `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
}

/** Applies `heapGrowthFlag` to this process; V8 reads the factor at each collection, so setting it now works. */
export function boundHeapGrowth(): void {
  const flag = heapGrowthFlag(process.execArgv);
  if (flag) setFlagsFromString(flag);
}
