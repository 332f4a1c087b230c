import { timeZoneOption, type DateInput } from '../_internal/calendar';
import { invalidArgument, invalidValue } from '../_internal/fail';
import { compareKeys } from '../_internal/keys';
import { iterableArgument, objectArgument } from '../_internal/records';
import { oneOf } from '../_internal/options';
import { moneySum } from '../_internal/sums';
import { distinctRows, rowProblem } from '../models/rows';
import {
  customerDays,
  dayOption,
  readTransactions,
  type CustomerId,
  type TransactionOptions,
} from '../_internal/transactions';
import { isoDay } from '../time/period';

/** Time unit of a transaction summary: every time quantity of the summary is in this unit. */
export type SummaryUnit = 'day' | 'week';

/** Options of {@link summarizeTransactions}. */
export interface SummarizeTransactionsOptions<T> extends TransactionOptions<T> {
  /** Last day of the calibration period (included), read in `timeZone`. */
  calibrationEnd: DateInput;
  /** Last day of the holdout period (included); gives `holdoutFrequency` and `holdoutMonetaryValue`. */
  observationEnd?: DateInput | undefined;
  /** Unit of recency and T: `'day'` or `'week'` (7 days). Required, so the unit is never a guess. */
  unit: SummaryUnit;
}

/** One customer of a {@link TransactionSummary}, in the convention of the "Buy Till You Die" models. */
export interface CustomerSummary {
  /** The customer. */
  customerId: CustomerId;
  /** x: number of purchase days after the first, in the calibration period. */
  frequency: number;
  /** t_x: time from the first to the last purchase day, in the summary's unit. */
  recency: number;
  /** T: time from the first purchase day to the end of the calibration period, in the summary's unit. */
  T: number;
  /** Mean amount of the repeat purchase days (first day excluded); 0 when frequency is 0. */
  monetaryValue: number;
  /** Purchase days in the holdout period (only with `observationEnd`). */
  holdoutFrequency?: number;
  /** Mean amount of the holdout purchase days; 0 when there are none (only with `observationEnd`). */
  holdoutMonetaryValue?: number;
}

/** Result of {@link summarizeTransactions}. */
export interface TransactionSummary {
  /** Unit of every `recency` and `T`. */
  unit: SummaryUnit;
  /** Last calibration day, `YYYY-MM-DD` in the time zone. */
  calibrationEnd: string;
  /** Last holdout day, `YYYY-MM-DD`, when a holdout period was asked for. */
  observationEnd?: string;
  /** The time zone the calendar days were read in. */
  timeZone: string;
  /** One entry per customer whose first purchase falls in the calibration period, sorted by id. */
  customers: CustomerSummary[];
  /** Customers left out because their first purchase came after `calibrationEnd`. */
  customersAfterCalibration: number;
  /** Transactions left out because they came after `observationEnd` (or after `calibrationEnd` without one). */
  transactionsAfterEnd: number;
  /** Transactions skipped because a field was missing. */
  missing: number;
  /** Transactions skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
}

// Mean of values[from, to): of day totals, added as money amounts (see moneySum), so that equal
// day totals average to themselves.
const meanAmount = (fn: string, values: number[], from: number, to: number): number =>
  to > from ? moneySum(fn, values.slice(from, to), to - from) : 0;

/**
 * Summarizes a transaction log per customer in the convention of the "Buy Till You Die" models
 * (Fader, Hardie & Lee; the lifetimes and BTYD libraries): purchases of one customer on one
 * calendar day are merged into a purchase day; frequency x is the number of purchase days after
 * the first; recency t_x is the time from the first to the last purchase day; T is the time from
 * the first purchase day to the end of the calibration period; the monetary value is the mean
 * amount of the repeat purchase days (the first day is excluded, as the Gamma-Gamma model
 * requires). With `observationEnd`, the purchase days after `calibrationEnd` up to it give the
 * holdout frequency and mean amount used to check a model's predictions.
 *
 * Days are calendar days in `timeZone`; `calibrationEnd` and `observationEnd` are included.
 * Customers whose first purchase comes after `calibrationEnd` are not in the summary (they are
 * counted in `customersAfterCalibration`). Amounts are required: a transaction without one is
 * skipped and counted as missing.
 *
 * @see Fader, Hardie & Lee (2005). "Counting your customers" the easy way: an alternative to the
 *   Pareto/NBD model. Marketing Science 24(2), 275-284 (the CDNOW summary).
 * @param transactions - records read through `customer`, `date` and `amount` (default fields
 *   `customerId`, `date`, `amount`)
 * @param options - calibrationEnd, observationEnd, unit, timeZone, accessors, bad-input policies
 * @returns one summary per customer, sorted by customer id
 * @throws LoyaltyMetricsError `INVALID_VALUE` (unparseable date, non-finite or negative amount,
 *   bad customer id, or a missing field under `missing: 'throw'`), `INVALID_ARGUMENT` (bad dates,
 *   observationEnd before calibrationEnd, unit, time zone, accessor or policy, or data that is
 *   not iterable), `EMPTY_INPUT` (no valid row: empty, or every row skipped)
 * @example
 * const log = [
 *   { customerId: 'a', date: '2024-01-01', amount: 10 },
 *   { customerId: 'a', date: '2024-01-01', amount: 5 },
 *   { customerId: 'a', date: '2024-01-15', amount: 30 },
 *   { customerId: 'a', date: '2024-02-10', amount: 12 },
 * ];
 * summarizeTransactions(log, { calibrationEnd: '2024-01-29', observationEnd: '2024-02-29', unit: 'week' }).customers[0]
 * // => { customerId: 'a', frequency: 1, recency: 2, T: 4, monetaryValue: 30, holdoutFrequency: 1, holdoutMonetaryValue: 12 }
 */
export function summarizeTransactions<T>(
  transactions: Iterable<T>,
  options: SummarizeTransactionsOptions<T>,
): TransactionSummary {
  const fn = 'summarizeTransactions';
  objectArgument(fn, 'options', options, 'an object with calibrationEnd and unit');
  const unit = oneOf(fn, 'unit', options.unit, ['day', 'week']);
  // The options before any row, so that a bad one is named even with a bad or empty log.
  const zone = timeZoneOption(fn, options.timeZone);
  const calibrationEnd = dayOption(fn, 'calibrationEnd', options.calibrationEnd, zone);
  const holdout = options.observationEnd !== undefined;
  const observationEnd = holdout ? dayOption(fn, 'observationEnd', options.observationEnd, zone) : calibrationEnd;
  if (observationEnd < calibrationEnd) {
    throw invalidArgument(fn, 'observationEnd', options.observationEnd, 'must not be before calibrationEnd');
  }
  const table = readTransactions(fn, transactions, options, true);
  const daysPerUnit = unit === 'week' ? 7 : 1;
  let transactionsAfterEnd = 0;
  for (let r = 0; r < table.rows; r++) if (table.day[r]! > observationEnd) transactionsAfterEnd++;

  const perCustomer = customerDays(table);
  const customers: CustomerSummary[] = [];
  let customersAfterCalibration = 0;
  perCustomer.forEach(({ days, amounts }, c) => {
    const first = days[0];
    if (first === undefined) return;
    if (first > calibrationEnd) {
      customersAfterCalibration++;
      return;
    }
    // Days up to calibrationEnd come first, as days are ascending.
    let calibrationDays = 0;
    while (calibrationDays < days.length && days[calibrationDays]! <= calibrationEnd) calibrationDays++;
    const summary: CustomerSummary = {
      customerId: table.customers[c]!,
      frequency: calibrationDays - 1,
      recency: (days[calibrationDays - 1]! - first) / daysPerUnit,
      T: (calibrationEnd - first) / daysPerUnit,
      monetaryValue: meanAmount(fn, amounts, 1, calibrationDays),
    };
    if (holdout) {
      let holdoutEnd = calibrationDays;
      while (holdoutEnd < days.length && days[holdoutEnd]! <= observationEnd) holdoutEnd++;
      summary.holdoutFrequency = holdoutEnd - calibrationDays;
      summary.holdoutMonetaryValue = meanAmount(fn, amounts, calibrationDays, holdoutEnd);
    }
    customers.push(summary);
  });
  customers.sort((a, b) => compareKeys(a.customerId, b.customerId));
  const result: TransactionSummary = {
    unit,
    calibrationEnd: isoDay(calibrationEnd),
    timeZone: table.timeZone,
    customers,
    customersAfterCalibration,
    transactionsAfterEnd,
    missing: table.missing,
    invalid: table.invalid,
  };
  if (holdout) result.observationEnd = isoDay(observationEnd);
  return result;
}

/** One row of {@link compressSummaries}: `count` customers share this (frequency, recency, T). */
export interface CompressedSummary {
  /** x, purchase days after the first. */
  frequency: number;
  /** t_x, in the summary's unit. */
  recency: number;
  /** T, in the summary's unit. */
  T: number;
  /** Number of customers with exactly these values. */
  count: number;
}

/**
 * One weighted row per distinct (frequency, recency, T): the sufficient statistics of the
 * BG/NBD and Pareto/NBD models, so a million customers fit as fast as the few thousand distinct
 * rows they share. Rows are sorted by frequency, then recency, then T; the counts sum to the
 * number of customers.
 *
 * @param customers - customer summaries (e.g. `summarizeTransactions(...).customers`)
 * @returns weighted rows
 * @throws LoyaltyMetricsError `INVALID_VALUE` for an impossible row: a frequency that is not an
 *   integer >= 0, a recency or T that is negative or not finite, recency > T, or recency > 0 with
 *   frequency 0; `INVALID_ARGUMENT` when `customers` is not iterable
 * @example
 * compressSummaries([
 *   { frequency: 0, recency: 0, T: 10 },
 *   { frequency: 2, recency: 4, T: 10 },
 *   { frequency: 0, recency: 0, T: 10 },
 * ])
 * // => [{ frequency: 0, recency: 0, T: 10, count: 2 }, { frequency: 2, recency: 4, T: 10, count: 1 }]
 */
export function compressSummaries(
  customers: Iterable<Pick<CustomerSummary, 'frequency' | 'recency' | 'T'>>,
): CompressedSummary[] {
  const fn = 'compressSummaries';
  iterableArgument(fn, 'customers', customers, 'summaries');
  const frequencies: number[] = [];
  const recencies: number[] = [];
  const Ts: number[] = [];
  for (const customer of customers) {
    const { frequency, recency, T } = (customer ?? {}) as CustomerSummary;
    const why = rowProblem(frequency, recency, T, 1);
    if (why !== undefined) throw invalidValue(fn, frequencies.length, customer, why);
    frequencies.push(frequency);
    recencies.push(recency);
    Ts.push(T);
  }
  const distinct = distinctRows(
    [Float64Array.from(frequencies), Float64Array.from(recencies), Float64Array.from(Ts)],
    new Float64Array(frequencies.length).fill(1),
  );
  const [frequency, recency, T] = distinct.columns as [Float64Array, Float64Array, Float64Array];
  return Array.from(distinct.counts, (count, i) => ({
    frequency: frequency[i]!,
    recency: recency[i]!,
    T: T[i]!,
    count,
  }));
}
