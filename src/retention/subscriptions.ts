import { parseInstant, timeZoneOption, zonedDayNumber, type DateInput } from '../_internal/calendar';
import { emptyInput } from '../_internal/fail';
import { accessorOption, type BadInputOptions } from '../_internal/options';
import { customerField, dateField, fieldOf, iterableArgument, objectArgument, rowPolicy } from '../_internal/records';
import { skippedRows, windowOption, type CustomerId } from '../_internal/transactions';
import { isoDay } from '../time/period';

/** A subscription as {@link subscriptionMetrics} reads it without accessors. */
export interface Subscription {
  /** The customer who holds the subscription. */
  customerId: CustomerId;
  /** First day of service. */
  start: DateInput;
  /** First day without service; `null` or absent while the subscription is active. */
  end?: DateInput | null | undefined;
}

/** Options of {@link subscriptionMetrics}. */
export interface SubscriptionMetricsOptions<T> extends BadInputOptions {
  /** First day of the window (included), read in `timeZone`. */
  from: DateInput;
  /** Last day of the window (included), read in `timeZone`; not before `from`. */
  to: DateInput;
  /** Reads the customer; default `d.customerId`. */
  customer?: ((d: T, i: number) => CustomerId | null | undefined) | undefined;
  /** Reads the first day of service; default `d.start`. */
  start?: ((d: T, i: number) => DateInput | null | undefined) | undefined;
  /** Reads the first day without service (`null`/`undefined`: still active); default `d.end`. */
  end?: ((d: T, i: number) => DateInput | null | undefined) | undefined;
  /** IANA time zone in which calendar days are read; default `'UTC'`. */
  timeZone?: string | undefined;
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
 * @see Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services.
 *   Harvard Business Review 68(5); the customer retention rate (E - N) / S.
 * @param subscriptions - records read through `customer`, `start` and `end` (default fields
 *   `customerId`, `start`, `end`)
 * @param options - `from`, `to`, `timeZone`, accessors and bad-input policies
 * @returns the counts and rates of the window
 * @throws LoyaltyMetricsError `INVALID_VALUE` for an unparseable date, an end before its start
 *   or a customer that is neither a string nor a finite number (or a missing field under
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
  const customerOf = accessorOption(fn, 'customer', options.customer) ?? fieldOf('customerId');
  const startOf = accessorOption(fn, 'start', options.start) ?? fieldOf('start');
  const endOf = accessorOption(fn, 'end', options.end) ?? fieldOf('end');
  const timeZone = timeZoneOption(fn, options.timeZone);
  const { from, to } = windowOption(fn, options, timeZone, true);
  const policy = rowPolicy(fn, options);
  const instant = (value: unknown): number => parseInstant(value, timeZone);

  const states = new Map<CustomerId, CustomerState>();
  let index = 0;
  for (const record of subscriptions) {
    const i = index++;
    const customer = customerField(policy, i, customerOf(record, i));
    if (customer === undefined) continue;
    const startInstant = dateField(policy, i, 'start', startOf(record, i), instant);
    if (startInstant === undefined) continue;
    const endValue: unknown = endOf(record, i);
    let endInstant = Infinity;
    if (endValue === '') {
      // The empty cell of a CSV: refused like any unparseable date, with the way to say "active".
      policy.reject(i, 'end', endValue, 'not a date; give null or undefined for a subscription still active');
      continue;
    }
    if (endValue !== null && endValue !== undefined) {
      const parsedEnd = dateField(policy, i, 'end', endValue, instant);
      if (parsedEnd === undefined) continue;
      endInstant = parsedEnd;
      if (endInstant < startInstant) {
        policy.reject(i, 'end', endValue, 'the end comes before the start');
        continue;
      }
    }
    // Service runs on the days [first, stop): `stop` is the first day without service.
    const first = zonedDayNumber(startInstant, timeZone);
    const stop = endInstant === Infinity ? Infinity : zonedDayNumber(endInstant, timeZone);
    let state = states.get(customer);
    if (state === undefined) {
      state = { activeOnFrom: false, activeOnTo: false, activeInWindow: false, endedByFrom: false };
      states.set(customer, state);
    }
    if (serves(first, stop, from)) state.activeOnFrom = true;
    if (serves(first, stop, to)) state.activeOnTo = true;
    if (first < stop && first <= to && stop > from) state.activeInWindow = true;
    if (stop <= from) state.endedByFrom = true;
  }

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
