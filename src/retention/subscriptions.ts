import { daysInPeriod, parseDay, parseInstant, timeZoneOption, type DateInput } from '../_internal/calendar';
import { emptyInput } from '../_internal/fail';
import { accessorOption, oneOf, type BadInputOptions } from '../_internal/options';
import {
  customerField,
  dateField,
  fieldOf,
  iterableArgument,
  objectArgument,
  rowPolicy,
  type RowPolicy,
} from '../_internal/records';
import {
  customerNumbering,
  dayOption,
  groupByCustomer,
  skippedRows,
  windowOption,
  type CustomerId,
} from '../_internal/transactions';
import {
  isoDay,
  lastCompleteOrdinal,
  periodOrdinalOfDay,
  periodOrdinalStartDay,
  PERIODS,
  weekStartsOnOption,
  type Period,
} from '../time/period';
import { cohortTable, type RetentionCohort } from './cohorts';

/** A subscription as {@link subscriptionMetrics} reads it without accessors. */
export interface Subscription {
  /** The customer who holds the subscription. */
  customerId: CustomerId;
  /** First day of service. */
  start: DateInput;
  /** First day without service; `null` or absent while the subscription is active. */
  end?: DateInput | null | undefined;
}

/** How subscriptions are read. Without accessors a subscription is a {@link Subscription}. */
export interface SubscriptionOptions<T> extends BadInputOptions {
  /** Reads the customer; default `d.customerId`. */
  customer?: ((d: T, i: number) => CustomerId | null | undefined) | undefined;
  /** Reads the first day of service; default `d.start`. */
  start?: ((d: T, i: number) => DateInput | null | undefined) | undefined;
  /** Reads the first day without service (`null`/`undefined`: still active); default `d.end`. */
  end?: ((d: T, i: number) => DateInput | null | undefined) | undefined;
  /** IANA time zone in which calendar days are read; default `'UTC'`. */
  timeZone?: string | undefined;
}

/** Options of {@link subscriptionMetrics}. */
export interface SubscriptionMetricsOptions<T> extends SubscriptionOptions<T> {
  /** First day of the window (included), read in `timeZone`. */
  from: DateInput;
  /** Last day of the window (included), read in `timeZone`; not before `from`. */
  to: DateInput;
}

/** Result of {@link subscriptionMetrics}: customer counts of the window and their rates. */
export interface SubscriptionMetrics {
  /** First day of the window, `YYYY-MM-DD`. */
  from: string;
  /** Last day of the window, `YYYY-MM-DD`. */
  to: string;
  /** The time zone the calendar days were read in. */
  timeZone: string;
  /** S: customers active on `from`. */
  start: number;
  /** E: customers active on `to`. */
  end: number;
  /** Customers active on `to` but not on `from` (E minus those kept). */
  acquired: number;
  /** Customers active on `from` but not on `to`. */
  lost: number;
  /** (E - acquired) / S = |S ∩ E| / S, in [0, 1]. */
  retentionRate: number;
  /** lost / S, in [0, 1]; retentionRate + churnRate = 1. */
  churnRate: number;
  /** Acquired customers who had a subscription that ended on or before `from`: they came back. */
  reactivated: number;
  /** Customers active on some day of the window but neither on `from` nor on `to`. */
  joinedAndLeft: number;
  /** Subscriptions skipped because the customer or the start was missing. */
  missing: number;
  /** Subscriptions skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
}

// What the subscriptions of one customer say about the window.
interface CustomerState {
  activeOnFrom: boolean;
  activeOnTo: boolean;
  activeInWindow: boolean;
  endedByFrom: boolean;
}

// Whether a subscription serving the days [first, stop) serves `day`.
const serves = (first: number, stop: number, day: number): boolean => first <= day && day < stop;

/**
 * Customer retention and churn of a window, counted from subscription records. Calendar days
 * are read in `timeZone`; `from` and `to` are both included. The counting rules:
 *
 * - a customer is **active on day d** when one of their subscriptions has start <= d and no
 *   end or end > d (an end date is the first day without service);
 * - S = customers active on `from`; E = customers active on `to`;
 * - `lost` = in S and not in E; `acquired` = in E and not in S;
 * - `reactivated` = acquired customers who had a subscription that ended on or before `from`
 *   (they came back);
 * - `joinedAndLeft` = customers active on some day of the window but in neither S nor E (they
 *   are in no rate, which is why they are reported);
 * - retentionRate = (E - acquired) / S = |S ∩ E| / S and churnRate = lost / S, so the two
 *   sum to 1. These are {@link retentionRate} and {@link churnRate} of these counts.
 *
 * A customer may hold several subscriptions, overlapping or not; a customer counts once.
 *
 * For a series of periods, end each window on the day the next one begins (`to` of one window
 * is `from` of the next): the departure of every customer active at the start of a window then
 * falls in exactly one window. Windows that stop on a period's last day miss the customers whose
 * end date is the first day of the next period.
 *
 * @see Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services.
 *   Harvard Business Review 68(5); the customer retention rate (E - N) / S.
 * @param subscriptions - records read through `customer`, `start` and `end` (default fields
 *   `customerId`, `start`, `end`)
 * @param options - `from`, `to`, `timeZone`, accessors and bad-input policies
 * @returns the counts and rates of the window
 * @throws LoyaltyMetricsError `INVALID_VALUE` for an unparseable date, an end on a day before its start
 *   or a customer that is neither a non-empty string nor a finite number (or a missing field under
 *   `missing: 'throw'`); `INVALID_ARGUMENT` for bad `from`/`to`, `from` after `to`, an
 *   unknown time zone or a bad accessor; `EMPTY_INPUT` when no customer is active on `from`
 * @example
 * const subscriptions = [
 *   { customerId: 'a', start: '2023-06-01' },
 *   { customerId: 'b', start: '2023-09-15', end: '2024-03-01' },
 *   { customerId: 'c', start: '2023-01-01', end: '2023-11-01' },
 *   { customerId: 'c', start: '2024-02-01' },
 *   { customerId: 'd', start: '2024-01-10', end: '2024-02-10' },
 *   { customerId: 'e', start: '2024-01-20' },
 * ];
 * subscriptionMetrics(subscriptions, { from: '2024-01-01', to: '2024-03-31' })
 * // => { start: 2, end: 3, acquired: 2, lost: 1, retentionRate: 0.5, churnRate: 0.5, reactivated: 1, joinedAndLeft: 1 }
 */
export function subscriptionMetrics<T = Subscription>(
  subscriptions: Iterable<T>,
  options: SubscriptionMetricsOptions<T>,
): SubscriptionMetrics {
  const fn = 'subscriptionMetrics';
  iterableArgument(fn, 'subscriptions', subscriptions, 'subscriptions');
  objectArgument(fn, 'options', options, 'an object with from and to');
  const timeZone = timeZoneOption(fn, options.timeZone);
  const { from, to } = windowOption(fn, options, timeZone, true);

  const states = new Map<CustomerId, CustomerState>();
  const policy = readSubscriptions(fn, subscriptions, options, timeZone, (customer, first, stop) => {
    let state = states.get(customer);
    if (state === undefined) {
      state = { activeOnFrom: false, activeOnTo: false, activeInWindow: false, endedByFrom: false };
      states.set(customer, state);
    }
    if (serves(first, stop, from)) state.activeOnFrom = true;
    if (serves(first, stop, to)) state.activeOnTo = true;
    if (first < stop && first <= to && stop > from) state.activeInWindow = true;
    if (stop <= from) state.endedByFrom = true;
  });

  let start = 0;
  let end = 0;
  let kept = 0;
  let reactivated = 0;
  let joinedAndLeft = 0;
  for (const state of states.values()) {
    if (state.activeOnFrom) start++;
    if (state.activeOnTo) end++;
    if (state.activeOnFrom && state.activeOnTo) kept++;
    if (state.activeOnTo && !state.activeOnFrom && state.endedByFrom) reactivated++;
    if (state.activeInWindow && !state.activeOnFrom && !state.activeOnTo) joinedAndLeft++;
  }
  if (start === 0) {
    throw emptyInput(fn, `no customer is active on ${isoDay(from)}: the rates are undefined${skippedRows(policy)}`);
  }
  return {
    from: isoDay(from),
    to: isoDay(to),
    timeZone,
    start,
    end,
    acquired: end - kept,
    lost: start - kept,
    retentionRate: kept / start,
    churnRate: (start - kept) / start,
    reactivated,
    joinedAndLeft,
    missing: policy.missing,
    invalid: policy.invalid,
  };
}

/** Options of {@link subscriptionTenures}. */
export interface SubscriptionTenuresOptions<T> extends SubscriptionOptions<T> {
  /**
   * Last day observed (included), read in `timeZone`: a subscription with no end, or an end
   * after it, is still running then and its tenure is censored.
   */
  asOf: DateInput;
  /**
   * Unit of the durations: `'day'`, `'week'` (7 days), `'month'` (365.2425 / 12 = 30.436875
   * days), `'quarter'` or `'year'` (365.2425 days). Required, so the unit is never a guess.
   */
  unit: Period;
}

/**
 * The tenure of one spell of service, as {@link kaplanMeier} reads it: the subscriptions of one
 * customer that overlap or follow each other without a day's gap.
 */
export interface SubscriptionTenure {
  /** The customer. */
  customerId: CustomerId;
  /** First day of service of the spell, `YYYY-MM-DD`. */
  start: string;
  /**
   * Time served, in `unit` (days of service converted to it): from the start to the end of the spell, or through `asOf`
   * while it is still running.
   */
  duration: number;
  /** `true` when the spell ended by `asOf`; `false` when it is still running (censored). */
  ended: boolean;
  /** Number of subscriptions in the spell (more than 1 after a plan change or a renewal). */
  subscriptions: number;
}

/** Result of {@link subscriptionTenures}. */
export interface SubscriptionTenures {
  /** Unit of every `duration`. */
  unit: Period;
  /** Last day observed, `YYYY-MM-DD`. */
  asOf: string;
  /** The time zone the calendar days were read in. */
  timeZone: string;
  /**
   * One tenure per spell of service that started by `asOf`: customers in the order in which the
   * input first lists one of their subscriptions that started by `asOf` (input order, not date
   * order), each customer's spells by start.
   */
  tenures: SubscriptionTenure[];
  /** Subscriptions left out because they start after `asOf`. */
  startedAfterAsOf: number;
  /** Subscriptions skipped because the customer or the start was missing. */
  missing: number;
  /** Subscriptions skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
}

/**
 * How long customers stay, ready for {@link kaplanMeier}: the tenure of each spell of service,
 * and whether it ended or is still running on `asOf`. A subscription serves the calendar days
 * from its start up to the day before its end (the end is the first day without service, read
 * in `timeZone`). The subscriptions of one customer that overlap or follow each other without a
 * day's gap (a plan change, a renewal) form one spell, as in {@link subscriptionMetrics}, where
 * a customer is active while any subscription serves them. A customer who came back after a gap
 * has one spell for each stay.
 *
 * - a spell that ended on or before `asOf`: duration = end − start, `ended: true`;
 * - a spell with no end, or an end after `asOf`: duration = the days served through `asOf`,
 *   asOf − start + 1, `ended: false` (censored: it has lasted at least that long);
 * - subscriptions starting after `asOf` are left out and counted in `startedAfterAsOf`.
 *
 * Durations are in `unit`; a month is the mean Gregorian month, 30.436875 days. A subscription
 * that ends on the day it starts serves no day: alone, it is a spell of duration 0. Dropping
 * the spells still running, or marking them ended, shortens the curve: see the retention guide.
 *
 * @see Kaplan, E. L. & Meier, P. (1958). Nonparametric estimation from incomplete observations.
 *   Journal of the American Statistical Association 53(282), 457-481 (right censoring).
 * @param subscriptions - records read through `customer`, `start` and `end` (default fields
 *   `customerId`, `start`, `end`)
 * @param options - `asOf`, `unit`, `timeZone`, accessors and bad-input policies
 * @returns one tenure per spell of service started by `asOf`, with the counts of what was left out
 * @throws LoyaltyMetricsError `INVALID_VALUE` for an unparseable date, an end on a day before its start
 *   or a customer that is neither a non-empty string nor a finite number (or a missing field under
 *   `missing: 'throw'`); `INVALID_ARGUMENT` for a bad `asOf` or `unit`, an unknown time zone or
 *   a bad accessor; `EMPTY_INPUT` when no subscription started by `asOf`
 * @example
 * const subscriptions = [
 *   { customerId: 'a', start: '2024-01-01', end: '2024-03-01' },
 *   { customerId: 'b', start: '2024-01-15' },
 *   { customerId: 'c', start: '2024-02-01', end: '2024-08-01' },
 *   { customerId: 'd', start: '2024-07-01' },
 * ];
 * const { tenures } = subscriptionTenures(subscriptions, { asOf: '2024-06-30', unit: 'day' });
 * tenures.map((t) => [t.customerId, t.duration, t.ended])
 * // => [['a', 60, true], ['b', 168, false], ['c', 151, false]]
 * // A plan change is no departure: b moves to another plan on March 1, still one stay.
 * subscriptionTenures(
 *   [{ customerId: 'b', start: '2024-01-15', end: '2024-03-01' }, { customerId: 'b', start: '2024-03-01' }],
 *   { asOf: '2024-06-30', unit: 'day' },
 * ).tenures // => [{ customerId: 'b', duration: 168, ended: false, subscriptions: 2 }]
 * kaplanMeier(tenures, { duration: (t) => t.duration, ended: (t) => t.ended }).survival
 * // => [0.6667, 0.6667, 0.6667]
 */
export function subscriptionTenures<T = Subscription>(
  subscriptions: Iterable<T>,
  options: SubscriptionTenuresOptions<T>,
): SubscriptionTenures {
  const fn = 'subscriptionTenures';
  iterableArgument(fn, 'subscriptions', subscriptions, 'subscriptions');
  objectArgument(fn, 'options', options, 'an object with asOf and unit');
  const unit = oneOf(fn, 'unit', options.unit, PERIODS);
  const timeZone = timeZoneOption(fn, options.timeZone);
  const asOf = dayOption(fn, 'asOf', options.asOf, timeZone);
  const daysPerUnit = daysInPeriod(unit)!;

  const served = servedByAsOf(fn, subscriptions, options, timeZone, asOf);
  const { customers, starts, startedAfterAsOf, policy } = served;

  const tenures: SubscriptionTenure[] = [];
  for (let c = 0; c < customers.length; c++) {
    const customerId = customers[c]!;
    const end = starts[c + 1]!;
    for (let k = starts[c]!; k < end;) {
      // One spell: the subscriptions that overlap or follow each other without a day's gap.
      const first = served.first[k]!;
      let stop = served.stop[k]!;
      let count = 1;
      for (k++; k < end && served.first[k]! <= stop; k++, count++) stop = Math.max(stop, served.stop[k]!);
      const ended = stop <= asOf;
      const days = (ended ? stop : asOf + 1) - first;
      tenures.push({ customerId, start: isoDay(first), duration: days / daysPerUnit, ended, subscriptions: count });
    }
  }
  return {
    unit,
    asOf: isoDay(asOf),
    timeZone,
    tenures,
    startedAfterAsOf,
    missing: policy.missing,
    invalid: policy.invalid,
  };
}

/** Options of {@link subscriptionCohorts}. */
export interface SubscriptionCohortsOptions<T> extends SubscriptionOptions<T> {
  /** The cohort and column period: `'day'`, `'week'`, `'month'`, `'quarter'` or `'year'`. Required. */
  period: Period;
  /**
   * Last day observed (included), read in `timeZone`. Required, so that a table does not change
   * with the day it is computed: a cell is filled only once the day it counts on has come.
   */
  asOf: DateInput;
  /** First day of the week for `period: 'week'`, 0 (Sunday) to 6 (Saturday); default 1 (Monday, ISO 8601). */
  weekStartsOn?: number | undefined;
}

/** Result of {@link subscriptionCohorts}. */
export interface SubscriptionCohorts {
  /** The period of cohorts and columns. */
  period: Period;
  /** Last day observed, `YYYY-MM-DD`. */
  asOf: string;
  /** The time zone the calendar days were read in. */
  timeZone: string;
  /**
   * One row per cohort, oldest first: `active[k]` counts the members subscribed on the first day
   * of the k-th period after the cohort's (`active[0]` is the cohort's size); `null` where that day
   * comes after `asOf`, and in every cell of a cohort whose own period is not complete.
   */
  cohorts: RetentionCohort[];
  /** Size-weighted mean of each column: Σ active[k] / Σ size over the cohorts whose cell k is filled. */
  average: number[];
  /** Subscriptions left out because they start after `asOf`. */
  startedAfterAsOf: number;
  /** Subscriptions skipped because the customer or the start was missing. */
  missing: number;
  /** Subscriptions skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
}

/**
 * Cohort retention table from subscription records, the customer (logo) retention table of
 * subscription businesses: customers are grouped by the period (month, week, ...) of their first
 * subscription's start, and column k counts the members still subscribed when the k-th period
 * after the cohort's began, that is on its first day (as in {@link subscriptionMetrics}, a
 * customer is subscribed on day d when one of their subscriptions has start <= d and no end or
 * end > d). Column 0 is the cohort itself: `active[0]` = size, rate 1.
 *
 * When every member started on the first day of the cohort's period, on contracts of one period
 * (yearly contracts signed on January 1, monthly plans billed on the 1st), column k counts the
 * members who renewed k times: the survivor counts that {@link fitShiftedBetaGeometric} reads.
 * Members who join during the period and are billed from their own start have not all reached
 * their k-th renewal by column k (column 1 holds nearly everyone who joined late in the period),
 * and an sBG fit on such a row understates churn: count renewals from each stay's own start
 * with {@link subscriptionTenures} instead (see the retention guide).
 *
 * Edge cases: a cell whose day comes after `asOf` is `null`, and so is every cell of a cohort
 * whose own period is not complete on `asOf` (it is listed with its members so far); rows have
 * one cell per period from the oldest cohort's to the one holding `asOf`, none while the oldest
 * cohort is not complete. Unlike {@link cohortRetention}, a cell does not wait for its period to
 * end, since it counts on the period's first day. A subscription that ends on its start day
 * serves no day but still makes its customer a member; an end with a time of day is a day
 * without service, so an end of `2024-03-01T09:00Z` does not count on March 1. A customer
 * who left and came back counts again in the columns where they are subscribed, so a row may
 * rise; rows that never rise are what the sBG model assumes. Several subscriptions of one
 * customer count once per cell. Subscriptions starting after `asOf` are left out and counted;
 * missing and invalid records follow the rules of {@link subscriptionMetrics}.
 *
 * @see Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of
 *   Interactive Marketing 21(1), 76-90 (a cohort's customers still active at the start of each period).
 * @param subscriptions - records read through `customer`, `start` and `end` (default fields
 *   `customerId`, `start`, `end`)
 * @param options - `period` and `asOf` (required), `timeZone`, `weekStartsOn`, accessors and bad-input policies
 * @returns one row per cohort with sizes, counts and rates, the weighted average per column, and
 *   how many records were left out
 * @throws LoyaltyMetricsError `INVALID_VALUE` for an unparseable date, an end on a day before its start
 *   or a customer that is neither a non-empty string nor a finite number (or a missing field under
 *   `missing: 'throw'`); `INVALID_ARGUMENT` for a bad `period` or `asOf`, `weekStartsOn` outside
 *   0..6, an unknown time zone or a bad accessor; `EMPTY_INPUT` when no subscription started by `asOf`
 * @example
 * const subscriptions = [
 *   { customerId: 'a', start: '2024-01-01' },
 *   { customerId: 'b', start: '2024-01-15', end: '2024-03-01' },
 *   { customerId: 'c', start: '2024-01-20', end: '2024-02-01' },
 *   { customerId: 'd', start: '2024-02-10' },
 *   { customerId: 'e', start: '2024-02-20', end: '2024-03-10' },
 *   { customerId: 'f', start: '2024-04-02' },
 * ];
 * const table = subscriptionCohorts(subscriptions, { period: 'month', asOf: '2024-04-15' });
 * table.cohorts.map((c) => [c.cohort, c.size, c.active])
 * // => [['2024-01', 3, [3, 2, 1, 1]], ['2024-02', 2, [2, 2, 1, null]], ['2024-04', 1, [null, null, null, null]]]
 * table.average // => [1, 0.8, 0.4, 0.3333]
 */
export function subscriptionCohorts<T = Subscription>(
  subscriptions: Iterable<T>,
  options: SubscriptionCohortsOptions<T>,
): SubscriptionCohorts {
  const fn = 'subscriptionCohorts';
  iterableArgument(fn, 'subscriptions', subscriptions, 'subscriptions');
  objectArgument(fn, 'options', options, 'an object with period and asOf');
  const period = oneOf(fn, 'period', options.period, PERIODS);
  const weekStartsOn = weekStartsOnOption(fn, options.weekStartsOn);
  const timeZone = timeZoneOption(fn, options.timeZone);
  const asOf = dayOption(fn, 'asOf', options.asOf, timeZone);
  const served = servedByAsOf(fn, subscriptions, options, timeZone, asOf);
  const { customers, starts, startedAfterAsOf, policy } = served;

  const ordinalOf = (day: number): number => periodOrdinalOfDay(day, period, weekStartsOn);
  const asOfOrdinal = ordinalOf(asOf);
  const lastComplete = lastCompleteOrdinal(asOf, period, weekStartsOn);
  // A customer's cohort is the period of their first start (their spans are sorted by start).
  const cohortOfCustomer = Array.from(customers, (_, c) => ordinalOf(served.first[starts[c]!]!));
  const ordinals = [...new Set(cohortOfCustomer)].sort((a, b) => a - b);
  const rowOf = new Map(ordinals.map((o, i) => [o, i]));
  // Cells counted on a day up to asOf, in cohorts whose own period is complete.
  const filled = (o: number): number => (o > lastComplete ? 0 : asOfOrdinal - o + 1);
  const columns = filled(ordinals[0]!);
  const sizes = new Float64Array(ordinals.length);
  const counts = new Float64Array(ordinals.length * columns);
  for (let c = 0; c < customers.length; c++) {
    const o = cohortOfCustomer[c]!;
    const row = rowOf.get(o)!;
    sizes[row]!++;
    if (o > lastComplete) continue;
    counts[row * columns]!++;
    // Column k counts on the first day of period o + k: a subscription serves the periods whose
    // first day is in [first, stop). Spans come by start, so their column ranges do too, and
    // `next`, the first column not yet counted, keeps overlapping spans from counting twice.
    // From column 1 on, counts hold differences (+1 where a range starts, -1 after it ends), summed
    // below: a customer costs their spans, not the periods they were served.
    let next = 1;
    for (let k = starts[c]!; k < starts[c + 1]!; k++) {
      const first = served.first[k]!;
      const stop = served.stop[k]!;
      const startOrdinal = ordinalOf(first);
      const firstServed =
        periodOrdinalStartDay(startOrdinal, period, weekStartsOn) === first ? startOrdinal : startOrdinal + 1;
      const lastServed = stop > asOf ? asOfOrdinal : ordinalOf(stop - 1);
      const from = Math.max(next, firstServed - o);
      const to = lastServed - o;
      if (from <= to) {
        counts[row * columns + from]!++;
        if (to + 1 < columns) counts[row * columns + to + 1]!--;
      }
      next = Math.max(next, to + 1);
    }
  }
  for (let row = 0; row < ordinals.length; row++) {
    for (let column = 2; column < columns; column++)
      counts[row * columns + column]! += counts[row * columns + column - 1]!;
  }

  const { cohorts, average } = cohortTable({ ordinals, sizes, counts, columns, period, weekStartsOn }, filled);
  return {
    period,
    asOf: isoDay(asOf),
    timeZone,
    cohorts,
    average,
    startedAfterAsOf,
    missing: policy.missing,
    invalid: policy.invalid,
  };
}

/** The subscriptions started by `asOf`, grouped by customer, from {@link servedByAsOf}. */
interface ServedByCustomer {
  /** The customers, in the input order of their first record started by `asOf`. */
  customers: CustomerId[];
  /** Customer c's subscriptions take the positions [starts[c], starts[c + 1]) of `first` and `stop`. */
  starts: Int32Array;
  /** First day of service of each subscription, ascending within a customer. */
  first: Int32Array;
  /** First day without service (Infinity while active). */
  stop: Float64Array;
  /** Subscriptions left out because they start after `asOf`. */
  startedAfterAsOf: number;
  /** Counts of the rows skipped. */
  policy: RowPolicy;
}

/**
 * The subscriptions started by `asOf`, as days of service grouped by customer, each customer's
 * sorted by start; those starting after `asOf` are counted. Throws EMPTY_INPUT when none
 * started by `asOf`.
 */
function servedByAsOf<T>(
  fn: string,
  subscriptions: Iterable<T>,
  options: SubscriptionOptions<T>,
  timeZone: string,
  asOf: number,
): ServedByCustomer {
  const numbering = customerNumbering(subscriptions);
  const customerOf: number[] = [];
  const firsts: number[] = [];
  const stops: number[] = [];
  let startedAfterAsOf = 0;
  const policy = readSubscriptions(fn, subscriptions, options, timeZone, (customer, first, stop) => {
    if (first > asOf) {
      startedAfterAsOf++;
      return;
    }
    customerOf.push(numbering.numberOf(customer));
    firsts.push(first);
    stops.push(stop);
  });
  const { customers } = numbering;
  if (customers.length === 0) {
    throw emptyInput(fn, `no subscription started by ${isoDay(asOf)}${skippedRows(policy)}`);
  }
  const { starts, key, payload } = groupByCustomer(customerOf, customers.length, firsts, stops, customerOf.length);
  return { customers, starts, first: key, stop: payload, startedAfterAsOf, policy };
}

/**
 * Reads subscriptions with the bad-input rules of the library and hands each valid one to
 * `visit` as the calendar days [first, stop) of its service in `timeZone` (stop is Infinity
 * while it is active). A missing customer or start skips the row as missing (or throws under
 * `missing: 'throw'`); an unparseable date, an empty-string end, an end on a day before its start's or a
 * customer that is neither a non-empty string nor a finite number throws INVALID_VALUE (or is skipped and
 * counted under `invalid: 'skip'`). Returns the counts of skipped rows.
 */
function readSubscriptions<T>(
  fn: string,
  subscriptions: Iterable<T>,
  options: SubscriptionOptions<T>,
  timeZone: string,
  visit: (customer: CustomerId, first: number, stop: number) => void,
): RowPolicy {
  const customerOf = accessorOption(fn, 'customer', options.customer) ?? fieldOf('customerId');
  const startOf = accessorOption(fn, 'start', options.start) ?? fieldOf('start');
  const endOf = accessorOption(fn, 'end', options.end) ?? fieldOf('end');
  const policy = rowPolicy(fn, options);
  // Days as every transaction function reads them: a date-only string names its day in any zone.
  const day = (value: unknown): number => parseDay(value, timeZone);
  let index = 0;
  for (const record of subscriptions) {
    const i = index++;
    const customer = customerField(policy, i, customerOf(record, i));
    if (customer === undefined) continue;
    const startValue: unknown = startOf(record, i);
    const first = dateField(policy, i, 'start', startValue, day);
    if (first === undefined) continue;
    const endValue: unknown = endOf(record, i);
    if (endValue === '') {
      // The empty cell of a CSV: refused like any unparseable date, with the way to say "active".
      policy.reject(i, 'end', endValue, 'not a date; give null or undefined for a subscription still active');
      continue;
    }
    // Service runs on the days [first, stop): `stop` is the first day without service.
    let stop = Infinity;
    if (endValue !== null && endValue !== undefined) {
      const end = dateField(policy, i, 'end', endValue, day);
      if (end === undefined) continue;
      stop = end;
      // Days, not instants: an end earlier on the start's own day is a subscription of no day.
      if (stop < first) {
        // The instants, as read: a number is epoch milliseconds, which the message makes visible.
        const read = (value: unknown): string => new Date(parseInstant(value, timeZone)).toISOString();
        policy.reject(i, 'end', endValue, `${read(endValue)} comes before the start, ${read(startValue)}`);
        continue;
      }
    }
    visit(customer, first, stop);
  }
  return policy;
}
