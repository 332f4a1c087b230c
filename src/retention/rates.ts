import { LoyaltyMetricsError } from '../errors';
import { daysInPeriod } from '../_internal/calendar';
import { describeValue, emptyInput, finiteResult, invalidArgument } from '../_internal/fail';
import { numberOption, oneOf } from '../_internal/options';
import { objectArgument } from '../_internal/records';
import { decimalSum } from '../_internal/sums';
import { PERIODS, type Period } from '../time/period';

/** Customer counts of one period, the input of {@link retentionRate}. */
export interface RetentionRateCounts {
  /** S: customers at the start of the period (a finite number >= 0). */
  start: number;
  /** E: customers at the end of the period, new ones included (a finite number >= 0). */
  end: number;
  /** N: customers acquired during the period who are still there at its end (a finite number >= 0). */
  acquired: number;
}

/** Customer counts of one period, the input of {@link churnRate}. */
export interface ChurnRateCounts {
  /** S: customers at the start of the period (a finite number >= 0). */
  start: number;
  /** Customers of the start who left during the period (a finite number, 0 to `start`). */
  lost: number;
}

const countArgument = (fn: string, name: string, value: unknown): number =>
  numberOption(fn, name, value, { lower: 0, lowerInclusive: true });

const rateArgument = (fn: string, name: string, value: unknown): number =>
  numberOption(fn, name, value, { lower: 0, lowerInclusive: true, upper: 1 });

// Counts such as averages are not short decimals: a difference within a few units in the last
// place of the largest count is their rounding, not a contradiction.
const countRounding = (...counts: number[]): number => 4 * Number.EPSILON * Math.max(...counts);

/**
 * Customer retention rate of a period: the share of the customers at its start who are still
 * customers at its end, (E - N) / S, where E counts the customers at the end, N those of them
 * acquired during the period and S the customers at the start. A fraction in [0, 1].
 *
 * Counts need not be integers (averages and weighted counts are accepted), but they must fit
 * together: the customers kept, E - N, lie between 0 and S, give or take 4 · 2^-52 times the
 * largest of the three counts (a few units in the last place: the rounding of fractional counts;
 * the result is then clamped to [0, 1]).
 *
 * @see Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services.
 *   Harvard Business Review 68(5); the formula (E - N) / S as dashboards compute it.
 * @param counts - `start` (S), `end` (E) and `acquired` (N)
 * @returns the retention rate, in [0, 1]
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for a count that is not a finite number >= 0
 *   or for E - N outside [0, S]; `EMPTY_INPUT` when S = 0 (the rate is undefined)
 * @example
 * retentionRate({ start: 200, end: 210, acquired: 30 }) // => 0.9
 * retentionRate({ start: 50, end: 20, acquired: 20 }) // => 0
 */
export function retentionRate(counts: RetentionRateCounts): number {
  const fn = 'retentionRate';
  objectArgument(fn, 'counts', counts, 'an object { start, end, acquired }');
  const start = countArgument(fn, 'start', counts.start);
  const end = countArgument(fn, 'end', counts.end);
  const acquired = countArgument(fn, 'acquired', counts.acquired);
  // Fractional counts are decimals: 1000.6 - 0.3 is 1000.3 (floating point gives 1000.3000000000001).
  const kept = decimalSum([end, -acquired]);
  const rounding = countRounding(start, end, acquired);
  if (kept < -rounding || kept > start + rounding) {
    throw invalidArgument(fn, 'end - acquired', kept, `must lie between 0 and start (${start})`);
  }
  if (start === 0) throw emptyInput(fn, 'no customers at the start: the rate is undefined');
  return Math.min(Math.max(kept / start, 0), 1);
}

/**
 * Churn rate of a period: the share of the customers at its start who left during it,
 * lost / S. A fraction in [0, 1]; with the same counts it is 1 - {@link retentionRate} up to
 * rounding (2/3 is 0.6666666666666666, 1 - 1/3 is 0.6666666666666667).
 * Fractional counts are accepted as there: `lost` may exceed S by 4 · 2^-52 times the larger
 * of the two (their rounding), and the result is then clamped to 1.
 *
 * @see Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services.
 *   Harvard Business Review 68(5).
 * @param counts - `start` (S) and `lost`
 * @returns the churn rate, in [0, 1]
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for a count that is not a finite number >= 0
 *   or for lost > start beyond that rounding; `EMPTY_INPUT` when S = 0 (the rate is undefined)
 * @example
 * churnRate({ start: 200, lost: 20 }) // => 0.1
 */
export function churnRate(counts: ChurnRateCounts): number {
  const fn = 'churnRate';
  objectArgument(fn, 'counts', counts, 'an object { start, lost }');
  const start = countArgument(fn, 'start', counts.start);
  const lost = countArgument(fn, 'lost', counts.lost);
  if (lost > start + countRounding(start, lost)) {
    throw invalidArgument(fn, 'lost', lost, `must not exceed start (${start})`);
  }
  if (start === 0) throw emptyInput(fn, 'no customers at the start: the rate is undefined');
  return Math.min(lost / start, 1);
}

/** Options of {@link convertRate}: the period lengths to convert between. */
export interface ConvertRateOptions {
  /** Period the given rate is measured over. */
  from: Period;
  /** Period to express the rate over. */
  to: Period;
  /**
   * What the rate is: `'churn'` (default; the share lost over the period) or `'retention'` (the
   * share kept). The result is of the same kind.
   */
  kind?: 'churn' | 'retention' | undefined;
}

/**
 * Converts a churn rate measured over one period length to another, assuming a constant hazard
 * (the same chance of leaving in every instant): r_T = 1 - (1 - r_t)^(T/t). Churn compounds
 * rather than adds: 5% a month is 1 - 0.95^12 = 45.96% a year, **not** 12 × 5% = 60%; and
 * 45.96% a year converts back to 5% a month.
 *
 * Period lengths: a year is 12 months, 4 quarters, 365.2425 days (the mean Gregorian year) or
 * 365.2425 / 7 weeks; a month is 365.2425 / 12 = 30.436875 days.
 *
 * A retention rate R converts as R_T = R_t^(T/t): pass `kind: 'retention'` (95% kept a month is
 * 54.04% kept a year). Passing a retention rate as a churn rate would give a wrong answer without
 * an error, so the kind is an explicit option.
 *
 * @see Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of
 *   Interactive Marketing 21(1), 76-90 (the constant-retention geometric model).
 * @param rate - churn (or, with `kind: 'retention'`, retention) rate over `from`, in [0, 1]
 * @param options - `from` and `to`: `'day'`, `'week'`, `'month'`, `'quarter'` or `'year'`; `kind`
 * @returns the rate of the same kind over `to`, in [0, 1]
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for a rate outside [0, 1] or an unknown or
 *   absent period
 * @example
 * convertRate(0.05, { from: 'month', to: 'year' }) // => 0.4596
 * convertRate(0.4596, { from: 'year', to: 'month' }) // => 0.0500
 * convertRate(0.01, { from: 'week', to: 'month' }) // => 0.04276
 * convertRate(0.95, { from: 'month', to: 'year', kind: 'retention' }) // => 0.5404
 */
export function convertRate(rate: number, options: ConvertRateOptions): number {
  const fn = 'convertRate';
  const r = rateArgument(fn, 'rate', rate);
  objectArgument(fn, 'options', options, "an object { from, to } of periods such as 'month'");
  const from = oneOf(fn, 'from', options.from, PERIODS);
  const to = oneOf(fn, 'to', options.to, PERIODS);
  const kind = oneOf(fn, 'kind', options.kind, ['churn', 'retention'], 'churn');
  const exponent = daysInPeriod(to)! / daysInPeriod(from)!;
  // The logarithm of the share kept, from the rate as given: 1 - r would round away a tiny
  // retention rate, and log1p with expm1 keeps a small churn rate accurate. c = 1 gives 1.
  const logKept = exponent * (kind === 'churn' ? Math.log1p(-r) : Math.log(r));
  return kind === 'churn' ? -Math.expm1(logKept) : Math.exp(logKept);
}

/**
 * Expected customer lifetime under a constant churn rate c per period: 1 / c periods (the mean
 * of the geometric distribution of the number of periods a customer stays, counting the period
 * in which they leave). The result is in periods of the rate: a monthly churn gives months.
 * Because the period in which a customer leaves counts whole, the answer depends on the period
 * length: 5% a month gives 20 months, while the same churn expressed yearly (45.96%) gives
 * 2.18 years, about 26 months. Compare lifetimes computed from rates of the same period.
 *
 * @see Gupta, S. & Lehmann, D. R. (2003). Customers as assets. Journal of Interactive
 *   Marketing 17(1), 9-24.
 * @param churn - churn rate per period, in (0, 1]
 * @returns the expected lifetime in periods of the rate, >= 1
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for a churn outside [0, 1], or for churn 0,
 *   which has no finite lifetime
 * @example
 * expectedLifetime(0.05) // => 20
 * expectedLifetime(convertRate(0.05, { from: 'month', to: 'year' })) // => 2.1756
 */
export function expectedLifetime(churn: number): number {
  const fn = 'expectedLifetime';
  const c = rateArgument(fn, 'churnRate', churn);
  if (c === 0) throw invalidArgument(fn, 'churnRate', c, 'must be above 0: with no churn the lifetime is not finite');
  return 1 / c;
}

/** Revenue per customer: a `Map` from customer to revenue, or a plain object keyed by customer. */
export type RevenueByCustomer<K = string | number> = ReadonlyMap<K, number> | Readonly<Record<string, number>>;

/** Result of {@link revenueRetention}. */
export interface RevenueRetention {
  /** Gross revenue retention Σ min(current, base) / Σ base over the base customers, in [0, 1]. */
  gross: number;
  /** Net revenue retention Σ current / Σ base over the base customers, >= 0 (above 1 with expansion). */
  net: number;
  /** Σ base: the revenue of the base customers in the base period. */
  baseRevenue: number;
  /** Customers in the base (with a revenue, possibly 0). */
  customers: number;
  /** Entries of either side whose revenue was `null` or `undefined`, treated as absent. */
  missing: number;
}

// Own string keys of a record, or the entries of a map, with a lookup that matches base keys.
interface RevenueTable<K> {
  entries: Array<[K | string, unknown]>;
  get: (key: K | string) => unknown;
}

// A Map of this realm (a Proxy of one too, such as a reactive store's) or of another realm (an
// iframe, a vm context), which `instanceof` misses but Map's own methods accept.
function isMap(revenue: unknown): boolean {
  if (revenue instanceof Map) return true;
  try {
    Map.prototype.has.call(revenue, undefined);
    return true;
  } catch {
    return false;
  }
}

// The entries of a Map; an object that passes `instanceof Map` without being one (made from
// Map.prototype) cannot be iterated, and is refused rather than left to throw a TypeError.
function mapEntries<K>(fn: string, name: string, revenue: ReadonlyMap<K, unknown>): Array<[K, unknown]> {
  try {
    return [...revenue];
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw invalidArgument(fn, name, revenue, 'passes instanceof Map but cannot be read as one');
  }
}

function revenueTable<K>(
  fn: string,
  name: string,
  revenue: RevenueByCustomer<K>,
  asMap: boolean,
  keysAsStrings: boolean,
): RevenueTable<K> {
  if (asMap) {
    const map = revenue as ReadonlyMap<K | string, unknown>;
    const entries = mapEntries(fn, name, map).map(([key, value]): [K | string, unknown] => [
      keysAsStrings ? String(key) : key,
      value,
    ]);
    const byKey = keysAsStrings ? new Map<K | string, unknown>(entries) : map;
    // Two customers such as 1 and '1' would become one: refuse rather than add them up.
    if (byKey.size !== entries.length) {
      const seen = new Set<K | string>();
      for (const [key] of entries) {
        if (seen.has(key)) {
          throw invalidArgument(
            fn,
            name,
            key,
            'holds keys that read alike as strings (such as 1 and "1"), which the plain object on the other side cannot tell apart',
          );
        }
        seen.add(key);
      }
    }
    return { entries, get: (key) => byKey.get(key) };
  }
  if (typeof revenue !== 'object' || revenue === null || Symbol.iterator in revenue) {
    throw invalidArgument(fn, name, revenue, 'must be a Map or a plain object of revenue per customer');
  }
  const record = revenue as Readonly<Record<string, unknown>>;
  return {
    entries: Object.entries(record),
    get: (key) => (Object.hasOwn(record, String(key)) ? record[String(key)] : undefined),
  };
}

/**
 * Gross and net revenue retention of a base cohort: how much of the revenue of the base
 * customers in a base period (e.g. last year's MRR per customer) they still bring in a later
 * period.
 *
 * - gross = Σ_{c in base} min(current_c, base_c) / Σ_{c in base} base_c, in [0, 1]:
 *   contraction and churn lower it, expansion cannot lift it;
 * - net = Σ_{c in base} current_c / Σ_{c in base} base_c, >= 0: expansion can lift it above 1.
 *
 * Base customers absent from `current` bring 0 (they churned); customers only in `current`
 * are new and are left out of both ratios. Keys match as in a `Map` when both sides are maps,
 * and as strings otherwise (a plain object's keys are strings). A `null` or `undefined`
 * revenue counts as absent and is reported in `missing`.
 *
 * @see The SaaS definitions of gross and net revenue (dollar) retention, as in the metric
 *   glossaries of ChartMogul and Baremetrics.
 * @param base - revenue per customer in the base period (finite, >= 0)
 * @param current - revenue per customer in the later period (finite, >= 0)
 * @returns gross and net retention (fractions), the base revenue and the number of base customers
 * @throws LoyaltyMetricsError `INVALID_VALUE` for a negative or non-finite revenue (the message
 *   names the customer, `details.value` holds the value); `EMPTY_INPUT` when the base revenue
 *   is 0; `INVALID_ARGUMENT` when either side is not a Map or plain object, when a Map
 *   compared as strings holds two keys that read alike (1 and '1'), or when the sums or ratios
 *   are too large to be finite (revenues near 1e308, or a base of 1e-300 against 1e10)
 * @example
 * const lastYear = { a: 100, b: 50, c: 50 };
 * const thisYear = { a: 120, b: 30, d: 80 };
 * revenueRetention(lastYear, thisYear) // => { gross: 0.65, net: 0.75, baseRevenue: 200, customers: 3 }
 * revenueRetention(new Map([[1, 10]]), new Map([[1, 12]])) // => { gross: 1, net: 1.2 }
 */
export function revenueRetention<K = string | number>(
  base: RevenueByCustomer<K>,
  current: RevenueByCustomer<K>,
): RevenueRetention {
  const fn = 'revenueRetention';
  const baseIsMap = isMap(base);
  const currentIsMap = isMap(current);
  const keysAsStrings = !(baseIsMap && currentIsMap);
  const before = revenueTable(fn, 'base', base, baseIsMap, keysAsStrings);
  const after = revenueTable(fn, 'current', current, currentIsMap, keysAsStrings);
  let missing = 0;
  // Every entry of both sides is checked, so that bad data is never silent.
  const revenueOf = (name: string, key: unknown, value: unknown): number | undefined => {
    if (value === null || value === undefined) {
      missing++;
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new LoyaltyMetricsError(
        'INVALID_VALUE',
        `${fn}: invalid revenue of customer ${describeValue(key)} in ${name}: ${describeValue(value)} ` +
          `(must be a finite number >= 0)`,
        { argument: name, key, value },
      );
    }
    return value;
  };
  for (const [key, value] of after.entries) revenueOf('current', key, value);
  // Money sums that do not depend on the order of the customers (see decimalSum).
  const was: number[] = [];
  const kept: number[] = [];
  const now: number[] = [];
  for (const [key, value] of before.entries) {
    const base = revenueOf('base', key, value);
    if (base === undefined) continue;
    const is = after.get(key);
    const current = is === null || is === undefined ? 0 : (is as number);
    was.push(base);
    kept.push(Math.min(base, current));
    now.push(current);
  }
  const baseRevenue = finiteResult(fn, decimalSum(was));
  if (baseRevenue === 0) throw emptyInput(fn, 'the base revenue is 0: retention is undefined');
  const net = finiteResult(fn, decimalSum(now) / baseRevenue);
  return {
    // Each kept revenue is at most its base one and its current one, so gross is at most 1 and
    // at most net; kept in both bounds, as the sides can be summed differently (exactly as
    // decimals, or in floating point when one amount such as 0.2 × 0.8 has no short decimal form)
    // and gave 1.0000000000000002.
    gross: Math.min(1, net, decimalSum(kept) / baseRevenue),
    net,
    baseRevenue,
    customers: was.length,
    missing,
  };
}
