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
  count?: number;
}

/** Rows checked and stored as columns, with the totals the models need. */
export interface RowColumns {
  frequency: Int32Array;
  recency: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  /** Number of rows. */
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

// The distinct values of `values` and, for each value, its index among them.
function indexDistinct(values: Float64Array): { distinct: Float64Array; index: Int32Array } {
  const positions = new Map<number, number>();
  const index = new Int32Array(values.length);
  values.forEach((value, i) => {
    let position = positions.get(value);
    if (position === undefined) {
      position = positions.size;
      positions.set(value, position);
    }
    index[i] = position;
  });
  return { distinct: Float64Array.from(positions.keys()), index };
}

/**
 * Reads (frequency, recency, T[, count]) rows, refusing impossible ones with INVALID_VALUE:
 * a frequency that is not an integer >= 0, a recency or T that is negative or not finite,
 * recency > T, recency > 0 with frequency 0, or a count that is not an integer >= 0.
 */
export function readRows(fn: string, data: Iterable<FrequencyRecencyRow>): RowColumns {
  iterableArgument(fn, 'customers', data, '{ frequency, recency, T } rows');
  const rows = Array.isArray(data) ? (data as FrequencyRecencyRow[]) : [...data];
  const frequency = new Int32Array(rows.length);
  const recency = new Float64Array(rows.length);
  const T = new Float64Array(rows.length);
  const weight = new Float64Array(rows.length);
  let customers = 0;
  let maxFrequency = 0;
  rows.forEach((row, i) => {
    const { frequency: x, recency: tx, T: t, count = 1 } = (row ?? {}) as FrequencyRecencyRow;
    const why = !(Number.isSafeInteger(x) && x >= 0)
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
    if (why !== undefined) throw invalidValue(fn, i, row, why);
    frequency[i] = x;
    recency[i] = tx;
    T[i] = t;
    weight[i] = count;
    customers += count;
    if (x > maxFrequency) maxFrequency = x;
  });
  const byT = indexDistinct(T);
  const byRecency = indexDistinct(recency);
  return {
    frequency,
    recency,
    T,
    weight,
    rows: rows.length,
    customers,
    maxFrequency,
    distinctT: byT.distinct,
    tIndex: byT.index,
    distinctRecency: byRecency.distinct,
    recencyIndex: byRecency.index,
  };
}
