import { timeZoneOption, type DateInput } from '../_internal/calendar';
import { emptyInput } from '../_internal/fail';
import { objectArgument } from '../_internal/records';
import { oneOf, type BadInputOptions } from '../_internal/options';
import { dayOption, groupByCustomer, readTransactions, type CustomerId } from '../_internal/transactions';
import {
  isoDay,
  lastCompleteOrdinal,
  periodKeyOfOrdinal,
  periodOrdinalOfDay,
  PERIODS,
  weekStartsOnOption,
  type Period,
} from '../time/period';

/**
 * How {@link cohortRetention} counts a member as retained in column k: `'classic'` when active in
 * exactly the k-th period after the cohort's; `'unbounded'` when active in that period or any later one.
 */
export type CohortRetentionMode = 'classic' | 'unbounded';

const MODES: readonly CohortRetentionMode[] = ['classic', 'unbounded'];

/**
 * Options of {@link cohortRetention}. Without accessors an activity record is a record with the
 * fields `customerId` and `date`.
 */
export interface CohortRetentionOptions<T> extends BadInputOptions {
  /** Reads the customer of a record; default `d.customerId`. */
  customer?: ((d: T, i: number) => CustomerId | null | undefined) | undefined;
  /** Reads the date of a record (a `Date`, epoch ms or ISO-8601 string); default `d.date`. */
  date?: ((d: T, i: number) => DateInput | null | undefined) | undefined;
  /** The cohort and column period: `'day'`, `'week'`, `'month'`, `'quarter'` or `'year'`. Required. */
  period: Period;
  /** `'classic'` (default): active in exactly period k; `'unbounded'`: active in period k or later. */
  mode?: CohortRetentionMode | undefined;
  /**
   * Last day observed (included), read in `timeZone`. Required, so that a table does not change
   * with the day it is computed: activity after it is ignored, and periods that end after it are
   * not complete, so their cells are `null`.
   */
  asOf: DateInput;
  /** IANA time zone in which calendar days and periods are read; default `'UTC'`. */
  timeZone?: string | undefined;
  /** First day of the week for `period: 'week'`, 0 (Sunday) to 6 (Saturday); default 1 (Monday, ISO 8601). */
  weekStartsOn?: number | undefined;
}

/**
 * One row of a cohort table ({@link CohortRetention}, {@link SubscriptionCohorts}): the customers
 * who started in one period.
 */
export interface RetentionCohort {
  /** Key of the cohort's period, as {@link periodOf} gives it: `'2024-03'`, `'2024-W10'`, `'2024-Q1'`, ... */
  cohort: string;
  /** Customers in the cohort (first activity, or first subscription, in its period, on or before `asOf`). */
  size: number;
  /**
   * Retained members per column, as the function that made the table counts them:
   * {@link cohortRetention} counts the members active in the k-th period after the cohort's
   * (`'classic'`) or in it or any later period up to `asOf` (`'unbounded'`), and
   * {@link subscriptionCohorts} the members subscribed on that period's first day. `null` where the
   * cell is not observed by `asOf`.
   */
  active: (number | null)[];
  /** `active[k] / size`, a fraction in [0, 1]; `null` where `active[k]` is. `rates[0]` is 1 for a complete cohort. */
  rates: (number | null)[];
}

/** Result of {@link cohortRetention}. */
export interface CohortRetention {
  /** The period of cohorts and columns. */
  period: Period;
  /** How a member counts as retained. */
  mode: CohortRetentionMode;
  /** Last day observed, `YYYY-MM-DD` in the time zone. */
  asOf: string;
  /** The time zone the calendar was read in. */
  timeZone: string;
  /**
   * One row per cohort, oldest first. Every row has one column per period from the oldest cohort's
   * period to the last complete period, so rows of later cohorts end in `null`s.
   */
  cohorts: RetentionCohort[];
  /**
   * Size-weighted mean retention of each column: Σ active[k] / Σ size over the cohorts whose cell k
   * is not `null`, a fraction in [0, 1]. The oldest cohort has every cell, so no entry is `null`.
   */
  average: number[];
  /** Records left out because they came after `asOf`. */
  afterAsOf: number;
  /** Records skipped because the customer or date was missing. */
  missing: number;
  /** Records skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
}

// Days are well inside ±2^31, so the int32 extremes mark "no activity yet" (hexadecimal
// literals, not 2 ** 31 - 1, which bundlers keep even when cohortRetention is not imported).
const NONE_LOW = 0x7fffffff;
const NONE_HIGH = -0x80000000;
const ORDINAL_CACHE = 4096;

/**
 * Cohort retention table: customers are grouped into cohorts by the period (month, week, ...) of
 * their first activity, and column k gives, for each cohort, how many of its members were
 * retained k periods later, as a count and as a fraction of the cohort. Activity is any dated
 * event that shows a customer active: orders, logins, sessions.
 *
 * Two definitions of "retained in period k" are common in product analytics:
 * - `'classic'` (also called N-day, bounded or period-k retention): the member was active in
 *   exactly the k-th period after the cohort's. A curve that may rise again after a dip.
 * - `'unbounded'` ("on or after" retention, a rolling or return rate): the member was active in
 *   the k-th period or any later one observed up to `asOf`. Never below the classic value,
 *   never rising with k, and it changes retroactively when a quiet customer returns; one minus
 *   it is the share of the cohort that has not come back since period k.
 *
 * Column 0 is the cohort's own period, where every member is active (rate 1). Rates are
 * fractions in [0, 1]; `average[k]` = Σ active[k] / Σ size over the cohorts that have cell k
 * (weighted by cohort size, so small cohorts do not swing it).
 *
 * Edge cases: periods are calendar periods read in `timeZone` (DST-correct, independent of the
 * machine's zone), with weeks starting on `weekStartsOn` as in {@link periodOf}. Activity after
 * `asOf` is ignored (counted in `afterAsOf`). A cell whose period ends after `asOf` is `null`,
 * never a partial count; a cohort whose own period is not complete is listed with its members so
 * far and only `null` cells. Several records of one customer in one period count once. Missing
 * customers or dates are skipped and counted; unparseable dates and customers that are neither
 * non-empty strings nor finite numbers (an empty string, the blank cell of a CSV, is one) throw
 * `INVALID_VALUE` unless `invalid: 'skip'`. Nothing is rounded.
 *
 * @see Mixpanel, "Retention: N-day vs unbounded retention"; Amplitude, "Retention Analysis"
 *   (N-day and unbounded retention), for the two definitions as product analytics uses them.
 * @param activity - activity records read through `customer` and `date` (default fields
 *   `customerId`, `date`)
 * @param options - period and asOf (required), mode, timeZone, weekStartsOn, accessors, bad-input policies
 * @returns the table: one row per cohort with sizes, counts and rates, the weighted average per column, and
 *   how many records were left out
 * @throws LoyaltyMetricsError `INVALID_VALUE` (unparseable date, bad customer id, a missing field under
 *   `missing: 'throw'`), `EMPTY_INPUT` (no valid activity on or before `asOf`), `INVALID_ARGUMENT`
 *   (missing or unknown period, unknown mode or time zone, invalid `asOf`, weekStartsOn outside
 *   0..6, a non-function accessor)
 * @example
 * const logins = [
 *   { customerId: 'a', date: '2024-01-05' },
 *   { customerId: 'a', date: '2024-03-02' },
 *   { customerId: 'b', date: '2024-01-20' },
 *   { customerId: 'b', date: '2024-02-11' },
 *   { customerId: 'c', date: '2024-02-03' },
 *   { customerId: 'c', date: '2024-04-09' },
 * ];
 * const table = cohortRetention(logins, { period: 'month', asOf: '2024-03-31' });
 * table.cohorts
 * // => [{ cohort: '2024-01', size: 2, active: [2, 1, 1], rates: [1, 0.5, 0.5] }, { cohort: '2024-02', size: 1, active: [1, 0, null], rates: [1, 0, null] }]
 * table.average // => [1, 0.3333, 0.5]
 * table.afterAsOf // => 1
 * cohortRetention(logins, { period: 'month', asOf: '2024-03-31', mode: 'unbounded' }).cohorts[0]?.rates // => [1, 1, 0.5]
 * cohortRetention(logins, { period: 'month', asOf: '2024-03-15' }).cohorts[0]?.active // => [2, 1]
 */
export function cohortRetention<T>(activity: Iterable<T>, options: CohortRetentionOptions<T>): CohortRetention {
  const fn = 'cohortRetention';
  objectArgument(fn, 'options', options, 'an object with period and asOf');
  const period = oneOf(fn, 'period', options.period, PERIODS);
  const mode = oneOf(fn, 'mode', options.mode, MODES, 'classic');
  const weekStartsOn = weekStartsOnOption(fn, options.weekStartsOn);
  const asOfDay = dayOption(fn, 'asOf', options.asOf, timeZoneOption(fn, options.timeZone));
  const table = readTransactions(fn, activity, options, false);

  // Pass 1: the period ordinal of each record and the first and last ordinal of each customer.
  const { rows, day } = table;
  const customerOf = table.customerOf;
  const customerCount = table.customers.length;
  const ordinal = new Int32Array(rows);
  const first = new Int32Array(customerCount).fill(NONE_LOW);
  const last = new Int32Array(customerCount).fill(NONE_HIGH);
  // Records share few distinct days: memoise the ordinal of recent days in a direct-mapped cache.
  const cachedDay = new Int32Array(ORDINAL_CACHE).fill(NONE_HIGH);
  const cachedOrdinal = new Int32Array(ORDINAL_CACHE);
  let afterAsOf = 0;
  for (let r = 0; r < rows; r++) {
    const d = day[r]!;
    if (d > asOfDay) {
      afterAsOf++;
      continue;
    }
    const slot = d & (ORDINAL_CACHE - 1);
    let o: number;
    if (cachedDay[slot] === d) {
      o = cachedOrdinal[slot]!;
    } else {
      o = periodOrdinalOfDay(d, period, weekStartsOn);
      cachedDay[slot] = d;
      cachedOrdinal[slot] = o;
    }
    ordinal[r] = o;
    const c = customerOf[r]!;
    if (o < first[c]!) first[c] = o;
    if (o > last[c]!) last[c] = o;
  }
  if (afterAsOf === rows) throw emptyInput(fn, `no valid activity on or before asOf (${isoDay(asOfDay)})`);

  const lastComplete = lastCompleteOrdinal(asOfDay, period, weekStartsOn);

  // Cohorts: the distinct first ordinals, ascending.
  const firsts = first.filter((o) => o !== NONE_LOW).sort();
  const cohortOrdinals: number[] = [];
  for (const o of firsts) if (o !== cohortOrdinals[cohortOrdinals.length - 1]) cohortOrdinals.push(o);
  const cohortIndex = new Map<number, number>();
  cohortOrdinals.forEach((o, i) => cohortIndex.set(o, i));
  // Cells of periods complete on asOf.
  const filled = (o: number): number => Math.max(0, lastComplete - o + 1);
  const columns = filled(cohortOrdinals[0]!);
  const counts = new Float64Array(cohortOrdinals.length * columns);
  const sizes = new Float64Array(cohortOrdinals.length);
  const cohortOf = new Int32Array(customerCount);
  for (let c = 0; c < customerCount; c++) {
    const f = first[c]!;
    if (f === NONE_LOW) continue;
    const i = cohortIndex.get(f)!;
    cohortOf[c] = i;
    sizes[i]!++;
  }

  if (mode === 'unbounded') {
    // A member retained up to column K counts in columns 0..K: count the members by K, then sum from the right.
    for (let c = 0; c < customerCount; c++) {
      const f = first[c]!;
      if (f > lastComplete) continue;
      counts[cohortOf[c]! * columns + Math.min(last[c]!, lastComplete) - f]!++;
    }
    for (let i = 0; i < cohortOrdinals.length; i++) {
      for (let k = columns - 2; k >= 0; k--) counts[i * columns + k]! += counts[i * columns + k + 1]!;
    }
  } else {
    // Group the records by customer and count each (customer, column) once.
    const { starts, key: ordinals, payload: days } = groupByCustomer(customerOf, customerCount, ordinal, day, rows);
    const seenBy = new Int32Array(columns).fill(-1);
    for (let c = 0; c < customerCount; c++) {
      const f = first[c]!;
      if (f > lastComplete) continue;
      const base = cohortOf[c]! * columns;
      for (let j = starts[c]!; j < starts[c + 1]!; j++) {
        const o = ordinals[j]!;
        if (days[j]! > asOfDay || o > lastComplete) continue;
        const k = o - f;
        if (seenBy[k] !== c) {
          seenBy[k] = c;
          counts[base + k]!++;
        }
      }
    }
  }

  const { cohorts, average } = cohortTable(
    { ordinals: cohortOrdinals, sizes, counts, columns, period, weekStartsOn },
    filled,
  );
  return {
    period,
    mode,
    asOf: isoDay(asOfDay),
    timeZone: table.timeZone,
    cohorts,
    average,
    afterAsOf,
    missing: table.missing,
    invalid: table.invalid,
  };
}

/** Counts of a cohort table before it is laid out: `counts[i * columns + k]` is cell k of cohort i. */
export interface CohortCounts {
  /** Period ordinal of each cohort, ascending. */
  ordinals: readonly number[];
  /** Members of each cohort. */
  sizes: Float64Array;
  /** Retained members per cell, row by row. */
  counts: Float64Array;
  /** Cells per row. */
  columns: number;
  /** The period of cohorts and columns. */
  period: Period;
  /** First day of the week, for weekly cohorts. */
  weekStartsOn: number;
}

/**
 * The rows and the size-weighted average row of a cohort table: the first `filled(ordinal)` cells
 * of a cohort are counted, the others are `null`. The oldest cohort must fill every column.
 */
export function cohortTable(
  table: CohortCounts,
  filled: (ordinal: number) => number,
): { cohorts: RetentionCohort[]; average: number[] } {
  const { ordinals, sizes, counts, columns, period, weekStartsOn } = table;
  const activeSum = new Float64Array(columns);
  const sizeSum = new Float64Array(columns);
  const cohorts = ordinals.map((o, i): RetentionCohort => {
    const size = sizes[i]!;
    const filledCells = filled(o);
    const active: (number | null)[] = new Array<number | null>(columns);
    const rates: (number | null)[] = new Array<number | null>(columns);
    for (let k = 0; k < columns; k++) {
      if (k < filledCells) {
        const count = counts[i * columns + k]!;
        active[k] = count;
        rates[k] = count / size;
        activeSum[k]! += count;
        sizeSum[k]! += size;
      } else {
        active[k] = null;
        rates[k] = null;
      }
    }
    return { cohort: periodKeyOfOrdinal(o, period, weekStartsOn), size, active, rates };
  });
  return { cohorts, average: Array.from(activeSum, (sum, k) => sum / sizeSum[k]!) };
}
