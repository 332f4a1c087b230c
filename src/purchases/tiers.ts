import { civilFromDays, daysFromCivil, timeZoneOption, type DateInput } from '../_internal/calendar';
import { invalidArgument } from '../_internal/fail';
import { compareKeys } from '../_internal/keys';
import { oneOf } from '../_internal/options';
import { objectArgument } from '../_internal/records';
import { moneySum } from '../_internal/sums';
import {
  activityUpTo,
  amountOptions,
  dayOption,
  readTransactions,
  type CustomerId,
  type TransactionOptions,
} from '../_internal/transactions';
import { isoDay } from '../time/period';

/** One level of a loyalty programme: customers whose value reaches `min` hold it. */
export interface LoyaltyTier {
  /** Name of the tier, unique in the list. */
  name: string;
  /** Threshold: the lowest value (spend or orders) that earns the tier; finite, >= 0. */
  min: number;
}

/** What a tier measures: `'spend'` (total amount) or `'orders'` (number of transactions). */
export type TierMetric = 'spend' | 'orders';

/**
 * The period whose transactions count towards a tier, ending on `asOf` (included):
 * `'lifetime'` (everything up to asOf), `'calendar-year'` (from January 1 of asOf's year) or
 * `'rolling-12-months'` (after the same calendar day one year earlier).
 */
export type TierWindow = 'lifetime' | 'calendar-year' | 'rolling-12-months';

/** Options of {@link loyaltyTiers}. */
export interface LoyaltyTiersOptions<T> extends TransactionOptions<T> {
  /** The day the tiers are assessed: the last day (included) of the window, read in `timeZone`. */
  asOf: DateInput;
  /** `'spend'` (total amount) or `'orders'` (number of transactions). Required. */
  metric: TierMetric;
  /** `'lifetime'`, `'calendar-year'` or `'rolling-12-months'`. Required. */
  window: TierWindow;
  /** The tiers, in any order: unique names, distinct finite `min` values >= 0, at least one. */
  tiers: readonly LoyaltyTier[];
}

/** One customer of a {@link LoyaltyTiers} result. */
export interface CustomerTier {
  /** The customer. */
  customerId: CustomerId;
  /** The tier with the highest `min` <= value; null when the value is below every tier. */
  tier: string | null;
  /** Total spend (currency of the amounts) or number of orders in the window; 0 without any. */
  value: number;
  /** The tier above the customer's (the lowest tier when `tier` is null); null at the top. */
  nextTier: string | null;
  /** `nextTier`'s min minus value: what is still missing to reach it (> 0); null at the top. */
  toNextTier: number | null;
}

/** Result of {@link loyaltyTiers}. */
export interface LoyaltyTiers {
  /** The assessment day, `YYYY-MM-DD` in the time zone. */
  asOf: string;
  /** First day of the window (included), `YYYY-MM-DD`; null for the lifetime window. */
  windowStart: string | null;
  /** The metric. */
  metric: TierMetric;
  /** The window. */
  window: TierWindow;
  /** The time zone the calendar days were read in. */
  timeZone: string;
  /** One entry per customer with a transaction up to `asOf`, sorted by customer id. */
  customers: CustomerTier[];
  /**
   * Customers per tier, every tier from the lowest `min` to the highest (0 included). An object
   * lists keys that are array indices (plain whole numbers such as `'1'` or `'42'`, not `'01'` or
   * `'-1'`) first and in numeric order, so for such names take the order from `tiers` instead.
   */
  tierCounts: Record<string, number>;
  /** Customers below every tier (tier null). */
  untiered: number;
  /** Transactions left out because they came after `asOf`. */
  transactionsAfterAsOf: number;
  /** Transactions skipped because a field was missing. */
  missing: number;
  /** Transactions skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
}

/** Checks a tier list and returns a copy sorted by ascending `min`. */
function tiersOption(fn: string, tiers: unknown): LoyaltyTier[] {
  if (!Array.isArray(tiers) || tiers.length === 0) {
    throw invalidArgument(fn, 'tiers', tiers, 'must be a non-empty array of { name, min }');
  }
  const names = new Set<string>();
  const mins = new Set<number>();
  // Array.from, not map: map skips the holes of a sparse array, which would pass unchecked.
  const sorted = Array.from(tiers, (tier: unknown, k): LoyaltyTier => {
    const { name, min } = (typeof tier === 'object' && tier !== null ? tier : {}) as Partial<LoyaltyTier>;
    if (typeof name !== 'string' || typeof min !== 'number' || !Number.isFinite(min) || min < 0) {
      throw invalidArgument(fn, `tiers[${k}]`, tier, 'must be { name: string, min: finite number >= 0 }');
    }
    if (names.has(name)) throw invalidArgument(fn, `tiers[${k}].name`, name, 'must be unique');
    // Two tiers on one threshold would leave "the tier reached" ambiguous.
    if (mins.has(min)) throw invalidArgument(fn, `tiers[${k}].min`, min, 'must differ from the other tiers');
    names.add(name);
    mins.add(min);
    return { name, min };
  });
  return sorted.sort((a, b) => a.min - b.min);
}

/** First day (included) of the window ending on `asOf`; -Infinity for the lifetime. */
function windowStartDay(window: TierWindow, asOf: number): number {
  if (window === 'lifetime') return -Infinity;
  const { year, month, day } = civilFromDays(asOf);
  if (window === 'calendar-year') return daysFromCivil(year, 1, 1);
  // The same calendar day a year earlier is excluded. The year before a leap year is never one,
  // so February 29 goes back to February 28.
  return daysFromCivil(year - 1, month, month === 2 && day === 29 ? 28 : day) + 1;
}

/**
 * Loyalty tiers: places every customer in the tier their spend or order count has earned over a
 * window ending on `asOf`, with the next tier and how much is still missing to reach it.
 *
 * value = total amount (`metric: 'spend'`) or number of transactions (`metric: 'orders'`) of the
 * customer's transactions whose calendar day (in `timeZone`) lies in the window:
 * - `'lifetime'`: every day up to `asOf`;
 * - `'calendar-year'`: January 1 of asOf's year to `asOf`;
 * - `'rolling-12-months'`: the 12 months ending on `asOf`, that is after the same calendar day
 *   one year earlier (excluded) up to `asOf`: 365 days, or 366 when they hold a February 29.
 *   For `asOf` February 29, the day a year earlier is February 28 (the window starts March 1).
 *
 * tier = the tier with the highest `min` <= value (tiers may be listed in any order); a customer
 * below every tier has tier null. nextTier = the tier with the next higher `min`, toNextTier =
 * its min - value (null at the top). More value never gives a lower tier. Every customer with a
 * transaction up to `asOf` is listed, with value 0 when none falls in the window; transactions
 * after `asOf` are left out (with none up to `asOf` the list is empty). With `metric: 'orders'`
 * amounts are not read.
 *
 * @param transactions - records read through `customer`, `date` and (for spend) `amount`
 *   (default fields `customerId`, `date`, `amount`)
 * @param options - asOf, metric, window, tiers (all required), timeZone, accessors, refunds,
 *   bad-input policies
 * @returns one entry per customer, sorted by customer id, and the customers per tier
 * @throws LoyaltyMetricsError `INVALID_VALUE` (unparseable date, non-finite or negative amount,
 *   bad customer id, or a missing field under `missing: 'throw'`), `INVALID_ARGUMENT` (bad asOf,
 *   metric, window, tiers, time zone, accessor or policy, or data that is not iterable),
 *   `EMPTY_INPUT` (no valid row: empty, or every row skipped)
 * @example
 * const log = [
 *   { customerId: 'ann', date: '2023-11-20', amount: 700 },
 *   { customerId: 'ann', date: '2024-03-02', amount: 350 },
 *   { customerId: 'bob', date: '2024-05-10', amount: 120 },
 *   { customerId: 'bob', date: '2024-06-01', amount: 30 },
 * ];
 * const tiers = [
 *   { name: 'Gold', min: 1000 },
 *   { name: 'Silver', min: 300 },
 *   { name: 'Bronze', min: 0 },
 * ];
 * const lifetime = loyaltyTiers(log, { asOf: '2024-06-30', metric: 'spend', window: 'lifetime', tiers });
 * lifetime.customers
 * // => [{ customerId: 'ann', tier: 'Gold', value: 1050, nextTier: null, toNextTier: null }, { customerId: 'bob', tier: 'Bronze', value: 150, nextTier: 'Silver', toNextTier: 150 }]
 * const year = loyaltyTiers(log, { asOf: '2024-06-30', metric: 'spend', window: 'calendar-year', tiers });
 * year.customers[0] // => { customerId: 'ann', tier: 'Silver', value: 350, nextTier: 'Gold', toNextTier: 650 }
 * year.tierCounts // => { Bronze: 1, Silver: 1, Gold: 0 }
 */
export function loyaltyTiers<T>(transactions: Iterable<T>, options: LoyaltyTiersOptions<T>): LoyaltyTiers {
  const fn = 'loyaltyTiers';
  objectArgument(fn, 'options', options, 'an object with asOf, metric, window and tiers');
  const metric = oneOf(fn, 'metric', options.metric, ['spend', 'orders']);
  const window = oneOf(fn, 'window', options.window, ['lifetime', 'calendar-year', 'rolling-12-months']);
  const tiers = tiersOption(fn, options.tiers);
  const asOf = dayOption(fn, 'asOf', options.asOf, timeZoneOption(fn, options.timeZone));
  const start = windowStartDay(window, asOf);
  // By orders no amount is read, but the amount options are this function's: checked all the same.
  if (metric === 'orders') amountOptions(fn, options);
  const table = readTransactions(fn, transactions, options, metric === 'spend');

  const customerCount = table.customers.length;
  const { seen: listed, orders, amounts, transactionsAfterAsOf } = activityUpTo(table, asOf, start);

  const tierCounts = new Map<string, number>(tiers.map((tier) => [tier.name, 0]));
  let untiered = 0;
  const customers: CustomerTier[] = [];
  for (let c = 0; c < customerCount; c++) {
    if (listed[c] === 0) continue;
    const value = metric === 'spend' ? moneySum(fn, amounts[c]!) : orders[c]!;
    // Index of the highest tier reached, -1 below the lowest (tiers ascend by min).
    let reached = -1;
    while (reached + 1 < tiers.length && tiers[reached + 1]!.min <= value) reached++;
    const tier = tiers[reached];
    const next = tiers[reached + 1];
    if (tier === undefined) untiered++;
    else tierCounts.set(tier.name, tierCounts.get(tier.name)! + 1);
    customers.push({
      customerId: table.customers[c]!,
      tier: tier === undefined ? null : tier.name,
      value,
      nextTier: next === undefined ? null : next.name,
      // As money, like the spend: 100 - 99.99 is 0.01, not 0.010000000000005116.
      toNextTier: next === undefined ? null : moneySum(fn, [next.min, -value]),
    });
  }
  customers.sort((a, b) => compareKeys(a.customerId, b.customerId));

  return {
    asOf: isoDay(asOf),
    windowStart: Number.isFinite(start) ? isoDay(start) : null,
    metric,
    window,
    timeZone: table.timeZone,
    customers,
    tierCounts: Object.fromEntries(tierCounts),
    untiered,
    transactionsAfterAsOf,
    missing: table.missing,
    invalid: table.invalid,
  };
}
