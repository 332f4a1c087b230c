import { emptyInput, invalidArgument } from '../_internal/fail';
import { objectArgument } from '../_internal/records';
import { readNumbers, type NumberReaderOptions } from '../_internal/numbers';
import { confidenceOption, oneOf } from '../_internal/options';
import { normalCdf, normalCritical, studentTCritical, studentTPValue } from './distributions';
import { inverseRegularizedBeta } from './special';

/** Methods of {@link proportionInterval}. */
export type ProportionMethod = 'wilson' | 'agresti-coull' | 'clopper-pearson' | 'wald';

/** The proportion interval methods, default first. */
export const PROPORTION_METHODS: readonly ProportionMethod[] = ['wilson', 'agresti-coull', 'clopper-pearson', 'wald'];

/** Options of {@link proportionInterval}. */
export interface ProportionIntervalOptions {
  /** Confidence level in (0, 1); default 0.95. */
  confidence?: number | undefined;
  /** Interval method; default `'wilson'`. */
  method?: ProportionMethod | undefined;
}

/** Result of {@link proportionInterval}. */
export interface ProportionInterval {
  /** The observed proportion `successes / n`, in [0, 1]. */
  proportion: number;
  /** Lower bound, in [0, 1]. */
  low: number;
  /** Upper bound, in [0, 1]. */
  high: number;
  /** Confidence level of the interval. */
  confidence: number;
  /** The method used. */
  method: ProportionMethod;
  /** Number of successes (may be fractional for an effective sample). */
  successes: number;
  /** Number of trials (may be fractional for an effective sample). */
  n: number;
}

/**
 * {@link proportionBounds} for a public function `fn`, which has checked the counts and the
 * options: also refuses an n beyond the size limit of Clopper-Pearson (see {@link proportionInterval}),
 * naming it `size` (the argument or result field that holds it).
 */
export function checkedProportionBounds(
  fn: string,
  size: string,
  successes: number,
  n: number,
  confidence: number,
  method: ProportionMethod,
): { low: number; high: number } {
  if (method === 'clopper-pearson' && n > Number.MAX_SAFE_INTEGER) {
    throw invalidArgument(fn, size, n, "must be at most 2^53 - 1 for method 'clopper-pearson'");
  }
  return proportionBounds(successes, n, confidence, method);
}

/** Interval for p = successes / n by `method`, unchecked: callers validate. */
export function proportionBounds(
  successes: number,
  n: number,
  confidence: number,
  method: ProportionMethod,
): { low: number; high: number } {
  const p = successes / n;
  const z = normalCritical(confidence);
  const z2 = z * z;
  switch (method) {
    case 'wald': {
      const half = z * Math.sqrt((p * (1 - p)) / n);
      return clip01(p - half, p + half);
    }
    case 'agresti-coull': {
      const nTilde = n + z2;
      const pTilde = (successes + z2 / 2) / nTilde;
      const half = z * Math.sqrt((pTilde * (1 - pTilde)) / nTilde);
      return clip01(pTilde - half, pTilde + half);
    }
    case 'clopper-pearson': {
      const alpha = 1 - confidence;
      return {
        low: successes <= 0 ? 0 : inverseRegularizedBeta(alpha / 2, successes, n - successes + 1),
        // From the upper tail itself: 1 - alpha / 2 would round away the digits of a small alpha.
        high: successes >= n ? 1 : inverseRegularizedBeta(alpha / 2, successes + 1, n - successes, true),
      };
    }
    case 'wilson': {
      const shifted = p + z2 / (2 * n);
      const root = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
      // The lower bound (shifted − root) / (1 + z²/n) times its conjugate over itself: p² over
      // (shifted + root), without the cancellation that loses its digits near 0 (1e-9 successes
      // of 3, from weights, came out 640 times too large). For p > 0 the denominator is at least
      // p; at p = 0 it may underflow to 0 (n near 1e308), and the bound is 0.
      const outer = shifted + root;
      const low = p > 0 ? (p * p) / outer : 0;
      const high = outer / (1 + z2 / n);
      // Keep p inside despite rounding at p = 0 or 1.
      return clip01(Math.min(low, p), Math.max(high, p));
    }
  }
}

function clip01(low: number, high: number): { low: number; high: number } {
  return { low: Math.max(0, low), high: Math.min(1, high) };
}

/**
 * Confidence interval for a proportion.
 *
 * - `'wilson'` (default): the score interval, (p + z²/2n ± z √(p(1-p)/n + z²/4n²)) / (1 + z²/n);
 *   coverage close to nominal on average at every n, with dips for true proportions very near
 *   0 or 1 (about 0.18/n from either end): at 95%, to about 84% at any n (0.836 at p = 0.9822
 *   for n = 10, exact binomial sums; Brown, Cai & DasGupta 2001). Clopper-Pearson never covers
 *   less than nominal.
 * - `'agresti-coull'`: Wald on p̃ = (x + z²/2) / (n + z²).
 * - `'clopper-pearson'`: the "exact" interval from beta quantiles; conservative.
 * - `'wald'`: p ± z √(p(1-p)/n); poor coverage for small n or p near 0 or 1. For comparison only.
 *
 * `successes` and `n` may be fractional (an effective sample size from weights). Bounds are
 * clipped to [0, 1]. Clopper-Pearson takes n up to 2^53 − 1: its beta quantiles need more
 * continued-fraction terms as n grows (about 20 ms at that size, seconds from 1e21), and counts
 * that large are not exact integers anyway. Its upper bound near 0 (few successes out of a large
 * n) loses digits with n: up to about 1e-11 relative at n = 1e6, 3e-9 at 1e8, 1e-7 at 1e10,
 * 1e-5 at 1e12, 1e-3 at 1e14 and 4% at 2^53 − 1 (measured at 50% and 95% with 0 to 100
 * successes, against exact binomial tails from mpmath; other levels, such as 80%, up to about 3
 * times that; the incomplete beta's continued fraction reads 1 − x there). Beyond about 1e10
 * answers, prefer Wilson. `csatInterval` and `cesInterval` apply the same limit to their effective
 * sample size.
 *
 * @see Brown, Cai & DasGupta (2001). Interval estimation for a binomial proportion.
 *   Statistical Science 16(2), 101-133.
 * @param successes - number of successes, 0 <= successes <= n
 * @param n - number of trials, > 0
 * @param options - confidence (default 0.95) and method (default `'wilson'`)
 * @returns the proportion and its interval
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for n <= 0, successes outside [0, n], a
 *   confidence outside (0, 1), an unknown method, or n above 2^53 − 1 for Clopper-Pearson
 * @example
 * proportionInterval(70, 100) // => { proportion: 0.7, low: 0.6042, high: 0.7811, method: 'wilson' }
 * proportionInterval(70, 100, { method: 'clopper-pearson' }) // => { low: 0.6002, high: 0.7876 }
 */
export function proportionInterval(
  successes: number,
  n: number,
  options: ProportionIntervalOptions = {},
): ProportionInterval {
  const fn = 'proportionInterval';
  objectArgument(fn, 'options', options, 'an object of options');
  countsArgument(fn, '', successes, n);
  const confidence = confidenceOption(fn, options.confidence);
  const method = oneOf(fn, 'method', options.method, PROPORTION_METHODS, 'wilson');
  return {
    proportion: successes / n,
    ...checkedProportionBounds(fn, 'n', successes, n, confidence, method),
    confidence,
    method,
    successes,
    n,
  };
}

// Refuses (INVALID_ARGUMENT) counts that are no sample: n must be finite and > 0, successes in
// [0, n]. `prefix` names the sample in the message (`a.` for `a.successes`), or is empty.
function countsArgument(fn: string, prefix: string, successes: unknown, n: unknown): void {
  if (typeof n !== 'number' || !(n > 0) || !Number.isFinite(n)) {
    throw invalidArgument(fn, `${prefix}n`, n, 'must be a finite number > 0');
  }
  if (typeof successes !== 'number' || !(successes >= 0 && successes <= n)) {
    throw invalidArgument(fn, `${prefix}successes`, successes, `must be a number in [0, n = ${n}]`);
  }
}

/** One sample of {@link compareProportions}: `successes` out of `n`. */
export interface ProportionSample {
  /** The counted outcomes (customers lost, satisfied answers, ...), 0 <= successes <= n. */
  successes: number;
  /** The trials (customers at the start, answers), > 0; may be fractional like an effective n. */
  n: number;
}

/**
 * A sample of {@link proportionDifference}: its successes and failures, each counted (or weighed)
 * on its own. Taking one as n less the other would lose the digits of the rarer outcome.
 */
export interface OutcomeSample extends ProportionSample {
  /** n − successes, counted. */
  failures: number;
}

/** Options of {@link compareProportions}. */
export interface CompareProportionsOptions {
  /** Confidence level of the interval of the difference, in (0, 1); default 0.95. */
  confidence?: number | undefined;
}

/** Result of {@link compareProportions}: the difference a − b, its interval and its test. */
export interface ProportionComparison {
  /** p_a − p_b, in [−1, 1]. */
  difference: number;
  /** Standard error of the difference if there were none: √(p̄(1 − p̄)(1/n_a + 1/n_b)) with the pooled p̄. */
  standardError: number;
  /** difference / standardError; 0 when the standard error is 0 (p̄ of 0 or 1). */
  z: number;
  /** Two-sided p-value of z under the normal approximation, in [0, 1]. */
  pValue: number;
  /** Lower bound of the difference, in [−1, 1]. */
  low: number;
  /** Upper bound of the difference, in [−1, 1]. */
  high: number;
  /** Confidence level of the interval. */
  confidence: number;
  /** `'newcombe'`: the hybrid score interval. */
  method: 'newcombe';
}

/**
 * Compares two proportions from independent samples: is this month's churn, or this segment's
 * CSAT, really different from the other? The difference p_a − p_b comes with
 *
 * - Newcombe's hybrid score interval (method 10 of his comparison), built from the two Wilson
 *   intervals [l, u]: low = d − √((p_a − l_a)² + (u_b − p_b)²), high = d + √((u_a − p_a)² +
 *   (p_b − l_b)²). Unlike d ± z·SE, it stays inside [−1, 1] and keeps its coverage with small
 *   samples and proportions near 0 or 1;
 * - the two-proportion z test with the pooled proportion p̄ = (x_a + x_b) / (n_a + n_b), the
 *   score test of "no difference" (its square is Pearson's chi-square of the 2×2 table without
 *   continuity correction).
 *
 * They are two methods, and near the boundary one can exclude 0 while the other does not: 30 of
 * 30 against 26 of 30 gives p = 0.038 with an interval of [−0.006, 0.297]. Such a difference is
 * borderline.
 *
 * The test treats the samples as independent. Two months of one customer base share most of
 * their customers (churn as {@link subscriptionMetrics} counts it: lost out of S), and when
 * customers differ in how likely they are to leave, that makes the p-value approximate.
 *
 * @see Newcombe, R. G. (1998). Interval estimation for the difference between independent
 *   proportions: comparison of eleven methods. Statistics in Medicine 17(8), 873-890 (method 10).
 * @param a - the first sample, `{ successes, n }`
 * @param b - the second sample, `{ successes, n }`
 * @param options - confidence of the interval (default 0.95)
 * @returns the difference a − b, its interval, z and p-value
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for a sample that is not an object, an n that is
 *   not a finite number > 0, successes outside [0, n], or a confidence outside (0, 1)
 * @example
 * // Churn: 56 of 700 customers left in March, 48 of 800 in April
 * compareProportions({ successes: 56, n: 700 }, { successes: 48, n: 800 })
 * // => { difference: 0.02, low: -0.0058, high: 0.0467, z: 1.52, pValue: 0.13 }
 * // Newcombe (1998), table II, example (a): 56/70 against 48/80
 * compareProportions({ successes: 56, n: 70 }, { successes: 48, n: 80 }) // => { low: 0.0524, high: 0.3339 }
 */
export function compareProportions(
  a: ProportionSample,
  b: ProportionSample,
  options: CompareProportionsOptions = {},
): ProportionComparison {
  const fn = 'compareProportions';
  objectArgument(fn, 'a', a, 'a sample { successes, n }');
  objectArgument(fn, 'b', b, 'a sample { successes, n }');
  objectArgument(fn, 'options', options, 'an object of options');
  countsArgument(fn, 'a.', a.successes, a.n);
  countsArgument(fn, 'b.', b.successes, b.n);
  const outcomes = ({ successes, n }: ProportionSample): OutcomeSample => ({ successes, failures: n - successes, n });
  return proportionDifference(outcomes(a), outcomes(b), confidenceOption(fn, options.confidence));
}

/** {@link compareProportions} of checked samples: also the test of `compareCsat` and of CES agree shares. */
export function proportionDifference(a: OutcomeSample, b: OutcomeSample, confidence: number): ProportionComparison {
  // A share near 1 keeps its digits only in 1 − p, which a double near 1 has lost: 999,999,999 of
  // 1e9 against 1e9 of 1e9 came out 1e-8 to 3e-8 off, up to 2e-5 at 1e12, while the mirrored
  // counts (1 of 1e9 against 0) were exact. So the shares compared are those of the rarer outcome
  // overall, and the result is mirrored back when that is the failures, which is exact for
  // Newcombe's interval and the z test: d and z change sign and the bounds swap.
  const mirrored = a.successes + b.successes > a.failures + b.failures;
  const [rareA, rareB, otherA, otherB] = mirrored
    ? [a.failures, b.failures, a.successes, b.successes]
    : [a.successes, b.successes, a.failures, b.failures];
  const pA = rareA / a.n;
  const pB = rareB / b.n;
  const boundsA = proportionBounds(rareA, a.n, confidence, 'wilson');
  const boundsB = proportionBounds(rareB, b.n, confidence, 'wilson');
  const difference = pA - pB;
  // p̄ = (x_a + x_b) / (n_a + n_b) as a weighted mean of the shares (the sums overflow for n near
  // 1e308), and 1 − p̄ likewise from the other outcome's shares, not by cancellation: swapping the
  // samples then negates z exactly.
  const weightA = 1 / (1 + b.n / a.n);
  const weightB = 1 / (1 + a.n / b.n);
  const pooled = pA * weightA + pB * weightB;
  const pooledOther = (otherA / a.n) * weightA + (otherB / b.n) * weightB;
  const standardError = Math.sqrt(pooled * pooledOther * (1 / a.n + 1 / b.n));
  const z = standardError > 0 ? difference / standardError : 0;
  const low = Math.max(-1, difference - Math.hypot(pA - boundsA.low, boundsB.high - pB));
  const high = Math.min(1, difference + Math.hypot(boundsA.high - pA, pB - boundsB.low));
  // 0 − x rather than −x: no −0 in a result.
  return {
    difference: mirrored ? 0 - difference : difference,
    standardError,
    z: mirrored ? 0 - z : z,
    pValue: 2 * normalCdf(-Math.abs(z)),
    low: mirrored ? 0 - high : low,
    high: mirrored ? 0 - low : high,
    confidence,
    method: 'newcombe',
  };
}

/** The t interval of a mean with standard deviation `sd` over `n` (effective) observations. */
export function tBounds(
  mean: number,
  sd: number,
  n: number,
  confidence: number,
): { low: number; high: number; standardError: number } {
  const standardError = sd / Math.sqrt(n);
  const half = studentTCritical(confidence, n - 1) * standardError;
  return { low: mean - half, high: mean + half, standardError };
}

/** One sample of {@link welchDifference}: its mean, standard deviation and (effective) size. */
export interface MeanSample {
  mean: number;
  standardDeviation: number;
  n: number;
}

/** Result of {@link welchDifference}. */
export interface MeanDifference {
  difference: number;
  standardError: number;
  t: number;
  /** Welch–Satterthwaite degrees of freedom; null when neither sample has any spread. */
  degreesOfFreedom: number | null;
  pValue: number;
  low: number;
  high: number;
}

/**
 * Welch's test of the difference of two means from independent samples with unequal variances:
 * d = m_a − m_b, SE = √(v_a + v_b) with v = s² / n, t = d / SE on the Welch–Satterthwaite degrees
 * of freedom ν = (v_a + v_b)² / (v_a² / (n_a − 1) + v_b² / (n_b − 1)), and the interval d ± t_ν · SE.
 * ν lies between min(n_a, n_b) − 1 and n_a + n_b − 2. When neither sample has any spread (SE = 0)
 * there is no t distribution: ν is null, the interval is [d, d], and t is 0 (p = 1) for equal
 * means or ±Infinity (p = 0) for different ones. Both sizes must be above 1.
 */
export function welchDifference(a: MeanSample, b: MeanSample, confidence: number): MeanDifference {
  const difference = a.mean - b.mean;
  const varianceA = a.standardDeviation ** 2 / a.n;
  const varianceB = b.standardDeviation ** 2 / b.n;
  const total = varianceA + varianceB;
  if (total === 0) {
    const t = difference === 0 ? 0 : difference * Infinity;
    return {
      difference,
      standardError: 0,
      t,
      degreesOfFreedom: null,
      pValue: t === 0 ? 1 : 0,
      low: difference,
      high: difference,
    };
  }
  // From the shares of the variance, whose squares neither overflow nor underflow.
  const shareA = varianceA / total;
  const shareB = varianceB / total;
  const degreesOfFreedom = 1 / (shareA ** 2 / (a.n - 1) + shareB ** 2 / (b.n - 1));
  const standardError = Math.sqrt(total);
  const t = difference / standardError;
  const half = studentTCritical(confidence, degreesOfFreedom) * standardError;
  return {
    difference,
    standardError,
    t,
    degreesOfFreedom,
    pValue: studentTPValue(t, degreesOfFreedom),
    low: difference - half,
    high: difference + half,
  };
}

/** Options of {@link meanInterval}; `T` is the type of the input's elements, missing values included. */
export interface MeanIntervalOptions<T = number | null | undefined> extends NumberReaderOptions<T> {
  /** Confidence level in (0, 1); default 0.95. */
  confidence?: number | undefined;
}

/** Result of {@link meanInterval}. */
export interface MeanInterval {
  /** The sample mean. */
  mean: number;
  /** Lower bound. */
  low: number;
  /** Upper bound. */
  high: number;
  /** Standard error of the mean, s / √n. */
  standardError: number;
  /** Sample standard deviation s (n - 1 in the denominator). */
  standardDeviation: number;
  /** Confidence level of the interval. */
  confidence: number;
  /** Always `'t'`: Student's t with n - 1 degrees of freedom. */
  method: 't';
  /** Number of values used. */
  n: number;
  /** Values skipped as missing. */
  missing: number;
  /** Values skipped as invalid (under `invalid: 'skip'`). */
  invalid: number;
}

/**
 * Student's t confidence interval for a mean: x̄ ± t(1 - α/2; n - 1) · s / √n. The mean and
 * variance come from Welford's one-pass update on the values less the first one, which keeps
 * their digits when the values are large and close together (1e12 + 0.05 and 1e12 + 0.11), and
 * scaled by a power of two, so that neither values near the largest doubles nor spreads below
 * 1e-154 are lost.
 *
 * Edge cases: `null`/`undefined` values are skipped and counted (`missing`); NaN, Infinity and
 * non-numbers throw `INVALID_VALUE` unless `invalid: 'skip'`. Fewer than two valid values
 * cannot give an interval: `EMPTY_INPUT`. All values equal gives a zero-width interval. The
 * updates run in input order, so another order can change the last digits (19.99, 19.99, 5.01,
 * 5.01 has a mean of 12.5; 5.01, 19.99, 5.01, 19.99 of 12.499999999999998).
 *
 * @see Student (1908). The probable error of a mean. Biometrika 6(1), 1-25.
 * @param data - numbers, or records read through `options.value`
 * @param options - confidence (default 0.95), accessor and bad-input policies
 * @returns the mean, its interval and the counts behind it
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT` (fewer than 2 values), `INVALID_ARGUMENT`
 * @example
 * meanInterval([2, 4, 4, 4, 5, 5, 7, 9]) // => { mean: 5, low: 3.2125, high: 6.7875, n: 8 }
 */
export function meanInterval<T = number>(data: Iterable<T>, options: MeanIntervalOptions<T> = {}): MeanInterval {
  const fn = 'meanInterval';
  objectArgument(fn, 'options', options, 'an object of options');
  const confidence = confidenceOption(fn, options.confidence);
  // Welford's updates on (x − first) / scale: `first` is the first value, `scale` a power of two at
  // least as large as every value so far. The shift keeps what is updated within a few standard
  // deviations of 0, since Welford's error grows with |mean| / s (values 1e12 + 0.05 and 1e12 + 0.11
  // would lose half their digits). The scale, exact to divide by, keeps x − mean and its square from
  // overflowing near the largest doubles and from underflowing below 1e-154.
  let n = 0;
  let first = 0;
  let scale = Number.MIN_VALUE;
  // first / scale, kept with the scale rather than divided again for every value.
  let scaledFirst = 0;
  let scaledMean = 0;
  let scaledSumSquares = 0;
  const skipped = readNumbers(fn, data, options, (x) => {
    if (n++ === 0) {
      first = x;
      scaledFirst = x / scale;
    }
    if (Math.abs(x) > scale) {
      const next = 2 ** Math.min(1023, Math.ceil(Math.log2(Math.abs(x))));
      scaledMean *= scale / next;
      scaledSumSquares *= (scale / next) ** 2;
      scale = next;
      scaledFirst = first / scale;
    }
    const shifted = x / scale - scaledFirst;
    const delta = shifted - scaledMean;
    scaledMean += delta / n;
    scaledSumSquares += delta * (shifted - scaledMean);
  });
  if (n < 2) throw emptyInput(fn, `needs at least 2 valid values, got ${n}`);
  const mean = (scaledFirst + scaledMean) * scale;
  const standardDeviation = Math.sqrt(scaledSumSquares / (n - 1)) * scale;
  return {
    mean,
    ...tBounds(mean, standardDeviation, n, confidence),
    standardDeviation,
    confidence,
    method: 't',
    n,
    ...skipped,
  };
}

/** Methods for the difference of two shares of one multinomial sample (NPS, net CES). */
export type NetMethod = 'adjusted-wald' | 'wald';

/**
 * Estimate and interval of a net share d = p₊ - p₋ from one sample of effective size n, on the
 * -1..1 scale. The variance of one answer recoded +1/0/-1 is p₊ + p₋ - (p₊ - p₋)².
 * `'adjusted-wald'` first adds 3 pseudo-answers, 3/4 positive, 3/2 neutral, 3/4 negative
 * (Rocks 2016). The bounds are centre ± z · SE, unclipped: callers clip them and widen them to
 * their estimate with {@link boundsHolding}.
 */
export function netShareBounds(
  shares: BandShares,
  n: number,
  confidence: number,
  method: NetMethod,
): { low: number; high: number; standardError: number } {
  const { share: center, variance, n: used } = netShareMoments(shares, n, method);
  const standardError = Math.sqrt(variance / used);
  const half = normalCritical(confidence) * standardError;
  return { low: center - half, high: center + half, standardError };
}

/**
 * The difference a − b of two net shares from independent samples of effective sizes `nA` and
 * `nB` (NPS, CES net), on the -2..2 scale: each share and variance as {@link netShareMoments}
 * gives them, SE = √(Var_a / n_a + Var_b / n_b), the z test of "no difference" on the (adjusted)
 * difference, and its bounds ± z · SE, unclipped (see {@link boundsHolding}).
 */
export function netShareDifference(
  a: BandShares,
  nA: number,
  b: BandShares,
  nB: number,
  confidence: number,
  method: NetMethod,
): { standardError: number; z: number; pValue: number; low: number; high: number } {
  const momentsA = netShareMoments(a, nA, method);
  const momentsB = netShareMoments(b, nB, method);
  const center = momentsA.share - momentsB.share;
  const standardError = Math.sqrt(momentsA.variance / momentsA.n + momentsB.variance / momentsB.n);
  const z = center === 0 ? 0 : center / standardError;
  const half = normalCritical(confidence) * standardError;
  return { standardError, z, pValue: 2 * normalCdf(-Math.abs(z)), low: center - half, high: center + half };
}

/**
 * [low, high] clipped to [-limit, limit] and widened to hold `observed`: an interval centred on an
 * adjusted estimate can miss the observed one with very few answers (one promoter alone:
 * adjusted-Wald [-0.485, 0.985] around an NPS of 1), and an interval that excludes the estimate
 * it is reported with reads as a contradiction. Only such tiny samples are widened.
 */
export function boundsHolding(
  observed: number,
  low: number,
  high: number,
  limit: number,
): { low: number; high: number } {
  return { low: Math.min(observed, Math.max(-limit, low)), high: Math.max(observed, Math.min(limit, high)) };
}

/** Shares of the negative (`low`), neutral (`middle`) and positive (`high`) answers; they sum to 1. */
export interface BandShares {
  low: number;
  middle: number;
  high: number;
}

/** Net share, per-answer variance and sample size after the method's adjustment. */
export function netShareMoments(
  shares: BandShares,
  n: number,
  method: NetMethod,
): { share: number; variance: number; n: number } {
  // Adjusted-Wald adds 3/4, 3/2 and 3/4 of an answer to the three bands (n + 3 in all).
  const adjusted = method === 'adjusted-wald';
  const used = adjusted ? n + 3 : n;
  const adjust = (share: number, pseudo: number): number => (adjusted ? (share * n + pseudo) / used : share);
  const positive = adjust(shares.high, 0.75);
  const neutral = adjust(shares.middle, 1.5);
  const negative = adjust(shares.low, 0.75);
  // p₊ + p₋ − (p₊ − p₋)² written as (p₊ + p₋) p₀ + 4 p₊ p₋: a sum of positive terms, where the
  // difference cancelled (all answers in one band: 1.5e-9 relative off at n = 1e8, 2e-3 at 1e14).
  return { share: positive - negative, variance: (positive + negative) * neutral + 4 * positive * negative, n: used };
}
