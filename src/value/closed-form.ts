import { finiteResult, invalidArgument } from '../_internal/fail';
import { numberOption, oneOf } from '../_internal/options';
import { objectArgument } from '../_internal/records';

/** Options of {@link ltv}: yearly revenue, lifespan and costs of an average customer. */
export interface LtvOptions {
  /** Revenue per customer per year, in money (a finite number >= 0). */
  annualRevenue: number;
  /** Average customer lifespan, in years (a finite number >= 0; need not be an integer). */
  years: number;
  /** Cost of acquiring one customer, in money, over the whole lifetime (a finite number >= 0; default 0). */
  acquisitionCost?: number | undefined;
  /** Cost of retaining one customer, in money, over the whole lifetime (a finite number >= 0; default 0). */
  retentionCost?: number | undefined;
}

/** Options of {@link ltvFromChurn}: revenue, churn and margin of the same period. */
export interface LtvFromChurnOptions {
  /** Revenue per customer per period, in money (a finite number >= 0), e.g. ARPA per month. */
  revenuePerPeriod: number;
  /** Churn rate per period, the same period as `revenuePerPeriod` (a fraction in (0, 1]). */
  churnRate: number;
  /** Gross margin, the share of revenue kept after the cost of serving it (in (0, 1]; default 1, revenue LTV). */
  grossMargin?: number | undefined;
}

/** Options of {@link discountedLtv}: margin, retention and discount rate of the same period. */
export interface DiscountedLtvOptions {
  /** m: margin per customer per period, in money (a finite number >= 0). */
  margin: number;
  /** r: retention rate per period, the share of customers who stay from one period to the next (in [0, 1]). */
  retentionRate: number;
  /** d: discount rate per period (a finite number >= 0), e.g. 0.1 for 10% a year with yearly periods. */
  discountRate: number;
  /**
   * When the margin of a period is received: `'start'` (the first margin at once, undiscounted, and one
   * at the start of every later period the customer is still there) or `'end'` (at the end of each
   * period, only when the customer survives it, as in Gupta & Lehmann 2003). Required: for r > 0
   * the two differ by a factor (1 + d) / r (at r = 0, 'start' is one margin and 'end' is 0).
   */
  timing: 'start' | 'end';
  /** T: horizon in periods (a positive integer); omitted, the horizon is infinite. */
  periods?: number | undefined;
}

/** Options of {@link cacPayback}: acquisition cost, revenue per period and margin. */
export interface CacPaybackOptions {
  /** Customer acquisition cost, in money (a finite number >= 0). */
  cac: number;
  /** Revenue per customer per period, in money (a finite number > 0); the payback is in these periods. */
  revenuePerPeriod: number;
  /** Gross margin, the share of revenue kept after the cost of serving it (in (0, 1]; default 1). */
  grossMargin?: number | undefined;
}

/** Result of {@link ltvToCac}. */
export interface LtvToCac {
  /** LTV / CAC: how many times the lifetime value covers the cost of acquiring the customer. */
  ratio: number;
  /** Whether `ratio >= 3`, the usual rule of thumb for a healthy subscription business. */
  meetsRuleOfThumb: boolean;
}

/** The LTV:CAC rule of thumb of {@link ltvToCac}. */
const RULE_OF_THUMB = 3;

const moneyArgument = (fn: string, name: string, value: unknown, fallback?: number): number =>
  numberOption(fn, name, value, { lower: 0, lowerInclusive: true }, fallback);

const rateArgument = (fn: string, name: string, value: unknown): number =>
  numberOption(fn, name, value, { lower: 0, lowerInclusive: true, upper: 1 });

const marginArgument = (fn: string, value: unknown): number =>
  numberOption(fn, 'grossMargin', value, { lower: 0, upper: 1 }, 1);

/**
 * Customer lifetime value by the seed definition: annual revenue per customer × average lifespan
 * in years − acquisition cost − retention cost, LTV = R × Y − A − C. Revenue is per year and the
 * lifespan in years; the costs are per customer over the whole lifetime. Nothing is discounted and
 * no margin is applied (pass a margin as `annualRevenue` for a profit LTV).
 *
 * The result is in money and may be negative: a customer who costs more than they bring.
 *
 * @see The definition of customer lifetime value in the glossaries of TechTarget and ITmedia:
 *   revenue × lifespan − acquisition and retention cost.
 * @param options - `annualRevenue`, `years`, and optionally `acquisitionCost` and `retentionCost`
 * @returns the lifetime value per customer, in money (any finite number)
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for an amount or a lifespan that is not a finite
 *   number >= 0, for options that are not an object, or for a result too large to be finite
 * @example
 * ltv({ annualRevenue: 1200, years: 3, acquisitionCost: 500 }) // => 3100
 * ltv({ annualRevenue: 1200, years: 2.5 }) // => 3000
 * ltv({ annualRevenue: 100, years: 1, acquisitionCost: 150, retentionCost: 20 }) // => -70
 */
export function ltv(options: LtvOptions): number {
  const fn = 'ltv';
  objectArgument(fn, 'options', options, 'an object { annualRevenue, years, acquisitionCost?, retentionCost? }');
  const revenue = moneyArgument(fn, 'annualRevenue', options.annualRevenue);
  const years = numberOption(fn, 'years', options.years, { lower: 0, lowerInclusive: true });
  const acquisition = moneyArgument(fn, 'acquisitionCost', options.acquisitionCost, 0);
  const retention = moneyArgument(fn, 'retentionCost', options.retentionCost, 0);
  return finiteResult(fn, revenue * years - acquisition - retention);
}

/**
 * Customer lifetime value from a churn rate: revenue per period × gross margin / churn per period,
 * LTV = R × g / c. 1 / c is the expected lifetime in periods under a constant churn, so this is
 * the margin of one period times the number of periods a customer is expected to stay. Revenue
 * and churn **must be per the same period** (monthly revenue with monthly churn; convert a rate
 * with {@link convertRate} first). Nothing is discounted.
 *
 * With the default margin of 1 this is the revenue LTV of Baremetrics (ARPU / churn); with a
 * gross margin it is the LTV of ChartMogul (ARPA × margin / churn).
 *
 * @see The SaaS definitions of LTV in the metric glossaries of ChartMogul (with gross margin) and
 *   Baremetrics (without).
 * @param options - `revenuePerPeriod`, `churnRate` per the same period, optionally `grossMargin`
 * @returns the lifetime value per customer, in money (>= 0)
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for a revenue that is not a finite number >= 0,
 *   a churn outside (0, 1] (churn 0 has no finite lifetime value), a margin outside (0, 1],
 *   options that are not an object, or a result too large to be finite
 * @example
 * ltvFromChurn({ revenuePerPeriod: 100, churnRate: 0.05, grossMargin: 0.8 }) // => 1600
 * ltvFromChurn({ revenuePerPeriod: 100, churnRate: 0.05 }) // => 2000
 */
export function ltvFromChurn(options: LtvFromChurnOptions): number {
  const fn = 'ltvFromChurn';
  objectArgument(fn, 'options', options, 'an object { revenuePerPeriod, churnRate, grossMargin? }');
  const revenue = moneyArgument(fn, 'revenuePerPeriod', options.revenuePerPeriod);
  const churn = rateArgument(fn, 'churnRate', options.churnRate);
  const margin = marginArgument(fn, options.grossMargin);
  if (churn === 0) {
    throw invalidArgument(fn, 'churnRate', churn, 'must be above 0: with no churn the lifetime value is not finite');
  }
  return finiteResult(fn, (revenue * margin) / churn);
}

/**
 * Discounted customer lifetime value under a constant retention rate: the present value of a
 * margin m per period, received while the customer stays (retention r per period), discounted at
 * d per period. m, r and d **must all be per the same period** (convert a yearly discount rate to
 * a monthly one with (1 + d)^(1/12) − 1, and a retention rate with {@link convertRate}).
 *
 * - `timing: 'start'`, a margin at the start of each period, the first one at once:
 *   Σ_{t=0}^{∞} m (r / (1 + d))^t = m (1 + d) / (1 + d − r);
 * - `timing: 'end'`, a margin at the end of each period, conditional on surviving it
 *   (Gupta & Lehmann 2003): Σ_{t=1}^{∞} m (r / (1 + d))^t = m r / (1 + d − r).
 *
 * So start = end × (1 + d) / r for r > 0 (at r = 0, start = m and end = 0). With a finite horizon
 * of T periods (`periods`), both are multiplied by 1 − (r / (1 + d))^T, the share of the value
 * that falls within the horizon; when r = 1 and d = 0 (no churn, no discounting) the finite value
 * is m × T.
 *
 * @see Gupta, S. & Lehmann, D. R. (2003). Customers as assets. Journal of Interactive
 *   Marketing 17(1), 9-24.
 * @param options - `margin` (m), `retentionRate` (r), `discountRate` (d), `timing`, optionally `periods` (T)
 * @returns the present value of a customer's margins, in money (>= 0)
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for a margin that is not a finite number >= 0,
 *   a retention outside [0, 1], a discount rate that is not a finite number >= 0, a timing other
 *   than `'start'` or `'end'` (or none), periods that are not a positive integer, an infinite
 *   horizon with r >= 1 + d (the value is not finite), options that are not an object, or a
 *   result too large to be finite
 * @example
 * discountedLtv({ margin: 100, retentionRate: 0.8, discountRate: 0.1, timing: 'start' }) // => 366.67
 * discountedLtv({ margin: 100, retentionRate: 0.8, discountRate: 0.1, timing: 'end' }) // => 266.67
 * // Over the first 3 periods only: 100 (0.8/1.1 + (0.8/1.1)^2 + (0.8/1.1)^3)
 * discountedLtv({ margin: 100, retentionRate: 0.8, discountRate: 0.1, timing: 'end', periods: 3 }) // => 164.09
 */
export function discountedLtv(options: DiscountedLtvOptions): number {
  const fn = 'discountedLtv';
  objectArgument(fn, 'options', options, "an object { margin, retentionRate, discountRate, timing: 'start' | 'end' }");
  const m = moneyArgument(fn, 'margin', options.margin);
  const r = rateArgument(fn, 'retentionRate', options.retentionRate);
  const d = numberOption(fn, 'discountRate', options.discountRate, { lower: 0, lowerInclusive: true });
  // Required: the timing changes the value (see the guide).
  const timing = oneOf(fn, 'timing', options.timing, ['start', 'end']);
  const periods =
    options.periods === undefined
      ? undefined
      : numberOption(fn, 'periods', options.periods, { lower: 0, integer: true });
  if (periods === undefined) {
    // 1 + d - r, computed without losing digits when r is close to 1 and d close to 0.
    const gap = 1 - r + d;
    if (gap === 0) {
      throw invalidArgument(
        fn,
        'retentionRate',
        r,
        `must be below 1 + discountRate (${1 + d}) for an infinite horizon: the value is not finite`,
      );
    }
    // A zero margin is worth 0 even when 1 / gap overflows.
    if (m === 0) return 0;
    return finiteResult(fn, m * ((timing === 'start' ? 1 + d : r) / gap));
  }
  // Σ_{t=0}^{T-1} q^t = (1 - q^T) / (1 - q) with q = r / (1 + d), from log q through expm1 so that
  // q close to 1 keeps its digits; q = 1 (r = 1, d = 0) gives T, q = 0 (r = 0) gives 1.
  const logQ = Math.log(r) - Math.log1p(d);
  const sum = logQ === 0 ? periods : Math.expm1(periods * logQ) / Math.expm1(logQ);
  // The end timing starts the sum one period later: q + ... + q^T = q × Σ_{t=0}^{T-1} q^t.
  return finiteResult(fn, m * ((timing === 'start' ? 1 : r / (1 + d)) * sum));
}

/**
 * Ratio of customer lifetime value to customer acquisition cost, LTV / CAC, with the usual rule
 * of thumb that a ratio of 3 or more means customers are worth acquiring at that cost. Both
 * amounts are per customer and in the same currency; pass an LTV **before** acquisition cost
 * (e.g. from {@link ltvFromChurn} or {@link discountedLtv}, or {@link ltv} without
 * `acquisitionCost`), otherwise the cost is counted twice.
 *
 * @see Skok, D. SaaS Metrics 2.0: a guide to measuring and improving what matters
 *   (forEntrepreneurs.com): LTV at least 3 × CAC.
 * @param lifetimeValue - lifetime value per customer, in money (a finite number; negative when a
 *   customer loses money)
 * @param cac - acquisition cost per customer, in money (a finite number > 0)
 * @returns `{ ratio, meetsRuleOfThumb }`: the ratio (any finite number) and whether it is >= 3 (up
 *   to a relative 1e-12, the rounding of the amounts it was computed from)
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for an LTV that is not a finite number, a CAC that
 *   is not a finite number > 0 (a CAC of 0 gives no finite ratio), or a ratio too large to be finite
 * @example
 * ltvToCac(1600, 400) // => { ratio: 4, meetsRuleOfThumb: true }
 * ltvToCac(1200, 500) // => { ratio: 2.4, meetsRuleOfThumb: false }
 */
export function ltvToCac(lifetimeValue: number, cac: number): LtvToCac {
  const fn = 'ltvToCac';
  const value = numberOption(fn, 'lifetimeValue', lifetimeValue);
  const cost = numberOption(fn, 'cac', cac, { lower: 0 });
  const ratio = finiteResult(fn, value / cost);
  // Within rounding: an LTV of 45 × 0.7 / 0.1 against a CAC of 105 is 3 (2.9999999999999996 in doubles).
  return { ratio, meetsRuleOfThumb: ratio >= RULE_OF_THUMB * (1 - 1e-12) };
}

/**
 * CAC payback period: the number of periods of gross margin it takes to earn back the cost of
 * acquiring a customer, CAC / (revenue per period × gross margin). The result is in the periods of
 * `revenuePerPeriod` (monthly revenue gives months); it ignores churn and discounting, and need not
 * be an integer.
 *
 * @see Skok, D. SaaS Metrics 2.0: a guide to measuring and improving what matters
 *   (forEntrepreneurs.com): months to recover CAC.
 * @param options - `cac`, `revenuePerPeriod`, optionally `grossMargin`
 * @returns the payback period, in periods of the revenue (>= 0)
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for a CAC that is not a finite number >= 0, a
 *   revenue that is not a finite number > 0 (no revenue never pays back), a margin outside (0, 1],
 *   options that are not an object, or a result too large to be finite
 * @example
 * cacPayback({ cac: 400, revenuePerPeriod: 100, grossMargin: 0.8 }) // => 5
 * cacPayback({ cac: 1000, revenuePerPeriod: 120 }) // => 8.33
 */
export function cacPayback(options: CacPaybackOptions): number {
  const fn = 'cacPayback';
  objectArgument(fn, 'options', options, 'an object { cac, revenuePerPeriod, grossMargin? }');
  const cac = moneyArgument(fn, 'cac', options.cac);
  const revenue = numberOption(fn, 'revenuePerPeriod', options.revenuePerPeriod, { lower: 0 });
  const margin = marginArgument(fn, options.grossMargin);
  return finiteResult(fn, cac / (revenue * margin));
}
