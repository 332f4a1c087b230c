// Shared helpers of the benchmarks: timing through mitata, heap measurement, formatting, and the
// list of targets that run.ts prints as PASS/MISS at the end. Each area (survey, purchases, ...)
// has its own module that uses these and registers its targets.
import { readFileSync } from 'node:fs';
import { do_not_optimize, measure } from 'mitata';

/** The garbage collector, present when node runs with `--expose-gc`. */
export const collectGarbage: (() => void) | undefined = typeof globalThis.gc === 'function' ? globalThis.gc : undefined;

/**
 * The median time of one call of `fn`, in nanoseconds, as measured by mitata (which warms the
 * function up, batches very short calls, and collects garbage before sampling when it can).
 * The result of `fn` is passed to `do_not_optimize` so that the work cannot be removed.
 */
export async function medianTime(fn: () => unknown): Promise<number> {
  const stats = await measure(() => do_not_optimize(fn()));
  return stats.p50;
}

/** Growth of the heap and of ArrayBuffer memory across one call of `fn`, in bytes. */
export interface HeapGrowth {
  /** `process.memoryUsage().heapUsed` after minus before (JS objects, arrays, strings). */
  heapUsed: number;
  /** `process.memoryUsage().arrayBuffers` after minus before (typed-array storage). */
  arrayBuffers: number;
}

/**
 * Measures how much memory one call of `fn` leaves allocated when it returns. Garbage is
 * collected before (when `--expose-gc` is on) but not after, so anything `fn` allocated is still
 * counted, even if it is already garbage. Without `--expose-gc` a collection can happen during the
 * call and the figures become less reliable (they can even be negative).
 */
export function heapGrowth(fn: () => unknown): HeapGrowth {
  collectGarbage?.();
  collectGarbage?.();
  const before = process.memoryUsage();
  do_not_optimize(fn());
  const after = process.memoryUsage();
  return { heapUsed: after.heapUsed - before.heapUsed, arrayBuffers: after.arrayBuffers - before.arrayBuffers };
}

/** Memory retained by what `build` returns (heap plus ArrayBuffers), with garbage collected around it. */
export function retainedBytes<T>(build: () => T): { value: T; bytes: number } {
  collectGarbage?.();
  const before = process.memoryUsage();
  const value = build();
  collectGarbage?.();
  const after = process.memoryUsage();
  return { value, bytes: after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers) };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** `values` with the first `by` elements moved to the end: used to vary the order of cases between rounds. */
export function rotate<T>(values: readonly T[], by: number): T[] {
  const k = values.length === 0 ? 0 : by % values.length;
  return [...values.slice(k), ...values.slice(0, k)];
}

export function formatTime(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${ns.toFixed(0)} ns`;
}

/** Items per second, e.g. "431 M/s", from a count of items and a time in nanoseconds. */
export function formatRate(items: number, ns: number): string {
  const perSecond = (items * 1e9) / ns;
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)} G/s`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(0)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(0)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}

export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  const size = Math.abs(bytes);
  if (size >= 1024 * 1024) return `${sign}${(size / (1024 * 1024)).toFixed(1)} MiB (${bytes} B)`;
  if (size >= 1024) return `${sign}${(size / 1024).toFixed(1)} KiB (${bytes} B)`;
  return `${bytes} B`;
}

export function formatRatio(ratio: number): string {
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(2)}x`;
}

/** "median [min - max]" of per-round ratios. */
export function formatRatioSpread(ratios: readonly number[]): string {
  return `${formatRatio(median(ratios))} [${formatRatio(Math.min(...ratios))} - ${formatRatio(Math.max(...ratios))}]`;
}

/** Prints a table with columns padded to their widest cell; columns after the first are right-aligned. */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headers.map((header, c) => Math.max(header.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  console.log(line(headers));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** A target of the project's issue, checked against a measurement of this run. */
export interface Target {
  /** What is required, e.g. "nps >= 0.8x promoter/detractor loop (number[])". */
  label: string;
  pass: boolean;
  /** What was measured and, for a miss, by how much. */
  detail: string;
}

/** The targets of every area, in the order they were checked. */
export const targets: Target[] = [];

/** Registers a "measured >= required" target, e.g. a throughput ratio. */
export function atLeast(label: string, measured: number, required: number, detail: string): void {
  const pass = measured >= required;
  const shortBy = pass ? '' : `; short by ${(100 * (1 - measured / required)).toFixed(0)}% of the target`;
  targets.push({ label, pass, detail: `${detail}${shortBy}` });
}

/** Registers a "measured <= limit" target, e.g. a time or a number of bytes. */
export function atMost(label: string, measured: number, limit: number, detail: string): void {
  const pass = measured <= limit;
  const overBy = pass ? '' : `; over by ${(100 * (measured / limit - 1)).toFixed(0)}% of the limit`;
  targets.push({ label, pass, detail: `${detail}${overBy}` });
}

// Untimed calls before medianWallTime's timed ones. After one, the next two calls of a fit could
// still run while the engine optimized it: 6.9 and 8.0 ms against 1.6 ms for fitGammaGamma on
// CDNOW, and a median of five missed its line when a third call was slow as well.
const WARM_UP_CALLS = 3;

/**
 * The median wall time of `runs` calls of a slow `fn` (hundreds of milliseconds), in nanoseconds,
 * after {@link WARM_UP_CALLS} warm-up calls: for whole-dataset operations where mitata's sampling
 * would take minutes.
 */
export function medianWallTime(fn: () => unknown, runs = 5): number {
  for (let call = 0; call < WARM_UP_CALLS; call++) do_not_optimize(fn());
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    collectGarbage?.();
    const start = performance.now();
    do_not_optimize(fn());
    times.push((performance.now() - start) * 1e6);
  }
  return median(times);
}

/** A data file shipped in examples/data/ (see its README for sources and attribution). */
export function exampleData(name: string): string {
  return readFileSync(new URL(`../examples/data/${name}`, import.meta.url), 'utf8');
}

/** The full CDNOW cohort (examples/data/CDNOW_master.txt: whitespace-separated, a header line). */
export function cdnowMaster(): { customerId: string; date: string; amount: number }[] {
  return exampleData('CDNOW_master.txt')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [customerId, date, , amount] = line.trim().split(/\s+/);
      return { customerId: customerId!, date: date!, amount: Number(amount) };
    });
}
