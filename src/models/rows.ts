import { invalidValue } from '../_internal/fail';
import { iterableArgument } from '../_internal/records';

/** A customer (or `count` customers) as the purchase models read them: x, t_x and T. */
export interface FrequencyRecencyRow {
  /** x: repeat purchase days in the calibration period (an integer >= 0). */
  frequency: number;
  /** t_x: time from the first to the last purchase day (0 when x = 0), <= T. */
  recency: number;
  /** T: time from the first purchase day to the end of the calibration period, >= 0. */
  T: number;
  /** Number of customers with these values (from `compressSummaries`); default 1. */
  count?: number | undefined;
}

/** Rows checked and stored as columns, with the totals the models need. */
export interface RowColumns {
  frequency: Int32Array;
  recency: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  /** Number of distinct rows. */
  rows: number;
  /** Number of customers (sum of the weights). */
  customers: number;
  /** Largest frequency. */
  maxFrequency: number;
  /** Distinct values of T, and the index into them of each row's T (rows share few T values). */
  distinctT: Float64Array;
  tIndex: Int32Array;
  /** Distinct values of recency, and the index into them of each row's recency. */
  distinctRecency: Float64Array;
  recencyIndex: Int32Array;
}

// The distinct values of `values` and, for each value, its index among them, through an
// open-addressing hash table on the bits of the doubles: a Map keyed by numbers costs several
// times more per lookup, and a fit reads the rows afresh.
function indexDistinct(values: Float64Array): { distinct: Float64Array; index: Int32Array } {
  const n = values.length;
  // A power of two >= 2n slots: probes stay short even if every value is distinct.
  const bits = Math.max(4, 32 - Math.clz32(2 * n));
  const mask = (1 << bits) - 1;
  const slots = new Int32Array(mask + 1).fill(-1);
  const distinct = new Float64Array(n);
  const index = new Int32Array(n);
  const word = new Float64Array(1);
  const halves = new Int32Array(word.buffer);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const value = values[i]!;
    word[0] = value + 0; // -0 hashes as 0, which it equals
    let slot = Math.imul(halves[0]! ^ Math.imul(halves[1]!, 0x9e3779b1), 0x85ebca6b) >>> (32 - bits);
    while (slots[slot] !== -1 && distinct[slots[slot]!] !== value) slot = (slot + 1) & mask;
    if (slots[slot] === -1) {
      slots[slot] = count;
      distinct[count++] = value;
    }
    index[i] = slots[slot]!;
  }
  return { distinct: distinct.slice(0, count), index };
}

/** A distinct row of a fit's input: its values, and the number of customers it stands for. */
export interface CountedRow {
  values: number[];
  count: number;
}

/**
 * Collects rows of numbers with their counts, merging equal rows (0 and -0 are equal) and leaving
 * out counts of 0; `sorted()` returns the distinct rows sorted by their first value, then their
 * second, and so on. A fit that reads its customers through this sees the same rows in the same
 * order whatever the order of its input, and whether copies come as repeated rows or as a count:
 * its result depends on the customers alone, to the last bit. (Summed in input order, the last bits
 * of the likelihood moved with the order, and on data that barely identify the parameters that
 * could decide whether a fit converged.)
 */
export function rowCounter(): { add: (values: number[], count: number) => void; sorted: () => CountedRow[] } {
  const byKey = new Map<string, CountedRow>();
  return {
    add: (values, count) => {
      if (count === 0) return;
      // String(-0) is '0': the key already merges the two zeros, and the stored row keeps +0.
      const key = values.join();
      const row = byKey.get(key);
      if (row) row.count += count;
      else byKey.set(key, { values: values.map((value) => value + 0), count });
    },
    sorted: () =>
      [...byKey.values()].sort((a, b) => {
        for (let k = 0; k < a.values.length; k++) {
          if (a.values[k] !== b.values[k]) return a.values[k]! < b.values[k]! ? -1 : 1;
        }
        return 0;
      }),
  };
}

/**
 * What makes a row (x = frequency, t_x = recency, T, count) impossible, or undefined when nothing does
 * (the fields as read, of any type):
 * a frequency that is not an integer >= 0, a recency or T that is negative or not finite,
 * recency > T, recency > 0 with frequency 0, or a count that is not an integer >= 0.
 */
export function rowProblem(x: number, tx: number, t: number, count: number): string | undefined {
  return !(Number.isSafeInteger(x) && x >= 0)
    ? 'frequency must be an integer >= 0'
    : !(typeof tx === 'number' && tx >= 0 && tx < Infinity) || !(typeof t === 'number' && t >= 0 && t < Infinity)
      ? 'recency and T must be finite numbers >= 0'
      : tx > t
        ? `recency ${tx} is after T ${t}`
        : x === 0 && tx !== 0
          ? 'recency must be 0 when frequency is 0'
          : !(Number.isSafeInteger(count) && count >= 0)
            ? 'count must be an integer >= 0'
            : undefined;
}

/**
 * Largest frequency (and sBG period) that a fit accepts: the likelihoods tabulate one term for
 * every count up to the largest one at each evaluation (a BG/NBD fit with a customer at a million
 * takes about 5 s), and frequencies are stored as 32-bit integers.
 */
export const MAX_TABULATED = 1_000_000;

/**
 * Reads (frequency, recency, T[, count]) rows, refusing impossible ones ({@link rowProblem}) and
 * frequencies above {@link MAX_TABULATED} with INVALID_VALUE, into the distinct rows in the order of
 * {@link rowCounter}.
 */
export function readRows(fn: string, data: Iterable<FrequencyRecencyRow>): RowColumns {
  iterableArgument(fn, 'customers', data, '{ frequency, recency, T } rows');
  const counter = rowCounter();
  let index = 0;
  for (const row of data) {
    const { frequency: x, recency: tx, T: t, count = 1 } = (row ?? {}) as FrequencyRecencyRow;
    // rowProblem first: it checks the types, and comparing a Symbol or a BigInt would throw.
    const why =
      rowProblem(x, tx, t, count) ?? (x > MAX_TABULATED ? 'frequency must be at most 1000000 to fit' : undefined);
    if (why !== undefined) throw invalidValue(fn, index, row, why);
    counter.add([x, tx, t], count);
    index++;
  }
  const distinct = counter.sorted();
  const size = distinct.length;
  const frequency = new Int32Array(size);
  const recency = new Float64Array(size);
  const T = new Float64Array(size);
  const weight = new Float64Array(size);
  let customers = 0;
  distinct.forEach(({ values: [x, tx, t], count }, i) => {
    frequency[i] = x!;
    recency[i] = tx!;
    T[i] = t!;
    weight[i] = count;
    customers += count;
  });
  const byT = indexDistinct(T);
  const byRecency = indexDistinct(recency);
  return {
    frequency,
    recency,
    T,
    weight,
    rows: size,
    customers,
    // The rows are sorted by frequency first.
    maxFrequency: size > 0 ? frequency[size - 1]! : 0,
    distinctT: byT.distinct,
    tIndex: byT.index,
    distinctRecency: byRecency.distinct,
    recencyIndex: byRecency.index,
  };
}
