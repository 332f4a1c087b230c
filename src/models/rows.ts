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

/** Columns of numbers, one entry per row. */
type Column = Float64Array | Int32Array;

// Groups the equal rows of `columns` (row i is entry i of each column; 0 and -0 are equal) through
// an open-addressing hash table on the bits of the values: a Map keyed by numbers or strings costs
// several times more per lookup, and a fit reads the rows afresh. Returns the first row of each
// group, in order of appearance, and the group of each row.
function groupRows(columns: readonly Column[], rows: number): { first: Int32Array; group: Int32Array } {
  // A power of two >= 2 × rows slots: probes stay short even if every row is distinct.
  const bits = Math.max(4, 32 - Math.clz32(2 * rows));
  const mask = (1 << bits) - 1;
  const slots = new Int32Array(mask + 1).fill(-1);
  const first = new Int32Array(rows);
  const group = new Int32Array(rows);
  const word = new Float64Array(1);
  const halves = new Int32Array(word.buffer);
  const equal = (i: number, j: number): boolean => columns.every((column) => column[i] === column[j]);
  // A seed from the clock (0 where the clock is hidden), so that rows crafted to collide for one
  // call do not for the next; not Math.random, whose sequence a program may have seeded or
  // replaced. Results do not depend on it: groups are numbered in order of appearance.
  const seed = Date.now() | 0;
  let groups = 0;
  for (let i = 0; i < rows; i++) {
    let hash = seed;
    for (const column of columns) {
      word[0] = column[i]! + 0; // -0 hashes as 0, which it equals
      // A multiplication carries differences only upward, and the slot is read from the top bits:
      // the shift folds them back down before the next half, or rows that differ only in the top
      // bits of their halves would share a few slots (200,000 such rows took 3.6 s to group).
      hash = Math.imul(hash ^ halves[0]!, 0x9e3779b1);
      hash = Math.imul(hash ^ (hash >>> 15) ^ halves[1]!, 0x85ebca6b);
    }
    let slot = hash >>> (32 - bits);
    while (slots[slot] !== -1 && !equal(first[slots[slot]!]!, i)) slot = (slot + 1) & mask;
    if (slots[slot] === -1) {
      slots[slot] = groups;
      first[groups++] = i;
    }
    group[i] = slots[slot]!;
  }
  return { first: first.slice(0, groups), group };
}

// The distinct values of `values` and, for each value, its index among them.
function indexDistinct(values: Float64Array): { distinct: Float64Array; index: Int32Array } {
  const { first, group } = groupRows([values], values.length);
  return { distinct: Float64Array.from(first, (row) => values[row]!), index: group };
}

// `rows` sorted by their values in `columns`, the first column first, by a least-significant-digit
// radix sort on the bytes of the values: for doubles >= 0 the bit patterns order as the values do
// (0 and -0 fold to one pattern). Each pass is a stable counting sort of one byte; a byte that all
// rows share is read but not scattered, so small integers take two or three scatters per column.
// A comparison sort through a callback took 0.6 to 0.9 s for a million distinct rows.
function sortRows(columns: readonly Column[], rows: Int32Array): Int32Array {
  const n = rows.length;
  let from: Int32Array = rows;
  let to: Int32Array = new Int32Array(n);
  const digits = new Uint8Array(n);
  const starts = new Int32Array(256);
  const word = new Float64Array(1);
  const bytes = new Uint8Array(word.buffer);
  // Which byte of `word` is the k-th least significant, in the platform's order.
  word[0] = 1;
  const littleEndian = bytes[7] === 0x3f;
  for (let c = columns.length - 1; c >= 0; c--) {
    const column = columns[c]!;
    for (let k = 0; k < 8; k++) {
      const b = littleEndian ? k : 7 - k;
      starts.fill(0);
      for (let i = 0; i < n; i++) {
        word[0] = column[from[i]!]! + 0;
        digits[i] = bytes[b]!;
        starts[bytes[b]!]!++;
      }
      if (starts[digits[0]!] === n) continue;
      for (let digit = 0, start = 0; digit < 256; digit++) {
        const count = starts[digit]!;
        starts[digit] = start;
        start += count;
      }
      for (let i = 0; i < n; i++) to[starts[digits[i]!]!++] = from[i]!;
      [from, to] = [to, from];
    }
  }
  return from;
}

/**
 * The distinct rows of `columns` (row i is entry i of each column, every value >= 0) with their
 * `counts` summed, sorted by the first column, then the second, and so on; rows with a count of 0
 * are left out, and 0 and -0 are one value (kept as 0). A fit that reads its customers through
 * this sees the same rows in the same order whatever the order of its input, and whether copies
 * come as repeated rows or as a count: its result depends on the customers alone, to the last bit.
 * (Summed in input order, the last bits of the likelihood moved with the order, and on data that
 * barely identify the parameters that could decide whether a fit converged.) Rows already in that
 * order, as `compressSummaries` gives them, are returned as they are after one pass; others are
 * grouped ({@link groupRows}), and one row of each group is sorted ({@link sortRows}). The counts
 * are integers whose total the caller has kept to a safe integer ({@link addCustomers}), so they
 * are summed exactly.
 */
export function distinctRows<C extends Column>(
  columns: readonly C[],
  counts: Float64Array,
): { columns: C[]; counts: Float64Array } {
  const rows = counts.length;
  // In order: every count > 0, each row after the one before it, and no -0, which would keep its
  // sign here but not among equal rows below, which become one 0. Plain loops: a first call runs
  // them in the interpreter, where a callback per value cost about 10 ms on 5,000 rows.
  let ordered = true;
  for (let i = 0; i < rows && ordered; i++) {
    let after = i === 0;
    let decided = after;
    let negativeZero = false;
    for (const column of columns) {
      const value = column[i]!;
      if (value === 0 && 1 / value < 0) negativeZero = true;
      if (!decided && column[i - 1] !== value) {
        after = column[i - 1]! < value;
        decided = true;
      }
    }
    ordered = after && !negativeZero && counts[i]! > 0;
  }
  if (ordered) return { columns: [...columns], counts };
  // One row of each group with customers, sorted: the sort sees each distinct row once.
  const { first, group } = groupRows(columns, rows);
  const totals = new Float64Array(first.length);
  for (let i = 0; i < rows; i++) totals[group[i]!]! += counts[i]!;
  const sorted = sortRows(
    columns,
    first.filter((row) => totals[group[row]!]! > 0),
  );
  return {
    columns: columns.map((column) => {
      const merged = column.slice(0, sorted.length) as C;
      sorted.forEach((row, k) => (merged[k] = column[row]! + 0));
      return merged;
    }),
    counts: Float64Array.from(sorted, (row) => totals[group[row]!]!),
  };
}

/**
 * `total` + `count`: the number of customers so far with row `index`'s, refused (INVALID_VALUE at
 * that row) beyond 2^53 - 1, where sums of counts stop being exact and would depend on their order.
 */
export function addCustomers(fn: string, total: number, count: number, index: number, row: unknown): number {
  const sum = total + count;
  if (sum > Number.MAX_SAFE_INTEGER)
    throw invalidValue(fn, index, row, 'the counts add up to more than 2^53 - 1 customers');
  return sum;
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
 * frequencies above {@link MAX_TABULATED} with INVALID_VALUE, into their {@link distinctRows}.
 */
export function readRows(fn: string, data: Iterable<FrequencyRecencyRow>): RowColumns {
  iterableArgument(fn, 'customers', data, '{ frequency, recency, T } rows');
  const rows = Array.isArray(data) ? (data as FrequencyRecencyRow[]) : [...data];
  const frequencies = new Int32Array(rows.length);
  const recencies = new Float64Array(rows.length);
  const Ts = new Float64Array(rows.length);
  const counts = new Float64Array(rows.length);
  let customers = 0;
  // A loop rather than forEach: the running totals stay local to the function.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const { frequency: x, recency: tx, T: t, count = 1 } = (row ?? {}) as FrequencyRecencyRow;
    // rowProblem first: it checks the types, and comparing a Symbol or a BigInt would throw.
    const why =
      rowProblem(x, tx, t, count) ?? (x > MAX_TABULATED ? 'frequency must be at most 1000000 to fit' : undefined);
    if (why !== undefined) throw invalidValue(fn, i, row, why);
    frequencies[i] = x;
    recencies[i] = tx;
    Ts[i] = t;
    counts[i] = count;
    customers = addCustomers(fn, customers, count, i, row);
  }
  const distinct = distinctRows<Int32Array | Float64Array>([frequencies, recencies, Ts], counts);
  const [frequency, recency, T] = distinct.columns as [Int32Array, Float64Array, Float64Array];
  const weight = distinct.counts;
  const size = weight.length;
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
