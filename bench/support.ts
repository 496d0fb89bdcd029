// Small helpers the benchmarks share: timing, medians and number formatting.
import { performance } from "node:perf_hooks";

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Milliseconds one call of fn takes. */
export async function timeMs(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** "1,240" */
export function count(value: number): string {
  return value.toLocaleString("en-GB");
}

/** "87 ms" or "1.24 s" */
export function duration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString("en-GB")} ms`;
}

/** "64.2 KB" (1 KB = 1,024 bytes) */
export function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** The domain's seeded generator, so synthetic data is the same on every run. */
export { mulberry32 as seeded } from "~/domain/judging";
