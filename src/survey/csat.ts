import { confidenceOption, numberOption, oneOf } from '../_internal/options';
import { objectArgument } from '../_internal/records';
import {
  PROPORTION_METHODS,
  checkedProportionBounds,
  proportionDifference,
  type ProportionComparison,
  type ProportionMethod,
} from '../stats/intervals';
import {
  bandSample,
  bandShares,
  checkScale,
  resolveTally,
  readSample,
  sampleCounts,
  splitTally,
  tallyMoments,
  type AnswerOptions,
  type SampleCounts,
  type Scale,
  type Tally,
  type ThreeWaySplit,
} from './tally';

/** Options of {@link csat}. */
export interface CsatOptions<T = number | null | undefined> extends AnswerOptions<T> {
  /** The answer scale; default `{ min: 1, max: 5 }`. */
  scale?: Scale | undefined;
  /**
   * Lowest answer that counts as satisfied, an integer with `scale.min` < satisfiedFrom <=
   * `scale.max`; default `scale.max - 1` (top-2 box: 4 and 5 on 1..5), or `scale.max` on a
   * two-point scale (where the top two boxes would be every answer).
   */
  satisfiedFrom?: number | undefined;
}

interface CsatSetup {
  scale: Scale;
  satisfiedFrom: number;
  counted: Tally;
  /** Answers below satisfiedFrom (low) and from it (high); the middle band is empty. */
  split: ThreeWaySplit;
  /** The satisfied share, weighted when the tally is. */
  share: number;
}

function readCsat<T>(fn: string, data: Iterable<T> | Tally, options: CsatOptions<T>): CsatSetup {
  // A new object each call: the scale is part of the result, which the caller owns.
  const scale = options.scale === undefined ? { min: 1, max: 5 } : checkScale(fn, options.scale);
  const satisfiedFrom = numberOption(
    fn,
    'satisfiedFrom',
    options.satisfiedFrom,
    { lower: scale.min, upper: scale.max, integer: true },
    Math.max(scale.max - 1, scale.min + 1),
  );
  const counted = resolveTally(fn, data, scale, options);
  const split = splitTally(fn, counted, satisfiedFrom - 1, satisfiedFrom);
  return { scale, satisfiedFrom, counted, split, share: bandShares(split).high };
}

/**
 * Customer satisfaction score: the share of satisfied answers, a fraction in [0, 1]. On the
 * usual 1..5 scale the satisfied answers are 4 and 5 (top-2 box); on other scales the default
 * is also the top two points, and `satisfiedFrom` sets another threshold (e.g. 5 for 5..7 on
 * a 1..7 scale, or 8 for 8..10 on 1..10). With a `weight` accessor it is the weighted share.
 *
 * Edge cases: as for every survey metric, missing answers are skipped and counted, impossible
 * ones throw `INVALID_VALUE` (or are counted under `invalid: 'skip'`), and no valid answer
 * throws `EMPTY_INPUT`. Multiply by 100 yourself for a percentage; nothing is rounded.
 *
 * @see Common practice of survey tools (Delighted, Qualtrics): CSAT = satisfied answers / all
 *   answers, with the top two boxes of a 1..5 question as satisfied.
 * @param data - answers, records read through `options.value`, or a tally on the same scale
 * @param options - scale (default 1..5), satisfiedFrom (default max - 1; max on a two-point
 *   scale), accessors, policies
 * @returns the satisfied share in [0, 1]
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT`, `INVALID_ARGUMENT`
 * @example
 * csat([5, 4, 4, 3, 1]) // => 0.6
 * csat([7, 6, 5, 2], { scale: { min: 1, max: 7 }, satisfiedFrom: 5 }) // => 0.75
 */
export function csat<T = number>(data: Iterable<T> | Tally, options: CsatOptions<T> = {}): number {
  const fn = 'csat';
  objectArgument(fn, 'options', options, 'an object of options');
  return readCsat(fn, data, options).share;
}

/** Options of {@link csatBreakdown}: the same as those of {@link csat}. */
export type CsatBreakdownOptions<T = number | null | undefined> = CsatOptions<T>;

/** Result of {@link csatBreakdown}. */
export interface CsatBreakdown {
  /** The scale the answers were read on. */
  scale: Scale;
  /** Lowest answer counted as satisfied. */
  satisfiedFrom: number;
  /** Valid answers. */
  n: number;
  /** Satisfied answers (a count, even when the share is weighted). */
  satisfied: number;
  /** Satisfied share in [0, 1] (weighted when a weight accessor is given). */
  share: number;
  /** Mean answer, on the scale (weighted when a weight accessor is given). */
  mean: number;
  /** (mean - min) / (max - min): the mean as a fraction of the scale's range, in [0, 1]. */
  percentOfMaximum: number;
  /** Kish's effective sample size; equals n without weights. */
  effectiveN: number;
  /** Answers skipped as missing. */
  missing: number;
  /** Answers skipped as invalid. */
  invalid: number;
}

/**
 * CSAT with everything behind it: satisfied count and share, the mean answer, and the
 * percent of maximum, (mean - min) / (max - min), given as a fraction in [0, 1] like every
 * share in this library (0.75 means 75% of the way from the worst to the best answer).
 *
 * @param data - answers, records, or a tally on the same scale
 * @param options - as for {@link csat}
 * @returns the breakdown
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT`, `INVALID_ARGUMENT`
 * @example
 * csatBreakdown([5, 4, 4, 3, 1, null])
 * // => { n: 5, satisfied: 3, share: 0.6, mean: 3.4, percentOfMaximum: 0.6, missing: 1 }
 */
export function csatBreakdown<T = number>(
  data: Iterable<T> | Tally,
  options: CsatBreakdownOptions<T> = {},
): CsatBreakdown {
  const fn = 'csatBreakdown';
  objectArgument(fn, 'options', options, 'an object of options');
  const { scale, satisfiedFrom, counted, split, share } = readCsat(fn, data, options);
  const { mean } = tallyMoments(counted, split);
  return {
    scale,
    satisfiedFrom,
    n: split.n,
    satisfied: split.high,
    share,
    mean,
    percentOfMaximum: (mean - scale.min) / (scale.max - scale.min),
    effectiveN: split.effectiveN,
    missing: counted.missing,
    invalid: counted.invalid,
  };
}

/** Options of {@link csatInterval}. */
export interface CsatIntervalOptions<T = number | null | undefined> extends CsatOptions<T> {
  /** Confidence level in (0, 1); default 0.95. */
  confidence?: number | undefined;
  /** Proportion interval method; default `'wilson'`. */
  method?: ProportionMethod | undefined;
}

/** Result of {@link csatInterval}. */
export interface CsatInterval {
  /** Satisfied share in [0, 1]. */
  share: number;
  /** Lower bound in [0, 1]. */
  low: number;
  /** Upper bound in [0, 1]. */
  high: number;
  /** Confidence level. */
  confidence: number;
  /** The method used. */
  method: ProportionMethod;
  /** Valid answers. */
  n: number;
  /** Satisfied answers. */
  satisfied: number;
  /** Kish's effective sample size used by the interval; equals n without weights. */
  effectiveN: number;
  /** Answers skipped as missing. */
  missing: number;
  /** Answers skipped as invalid (under `invalid: 'skip'`). */
  invalid: number;
}

/**
 * Confidence interval for the CSAT share: a proportion interval (Wilson by default;
 * Agresti-Coull, Clopper-Pearson or Wald on request) of the satisfied share. With weights
 * it uses the weighted share over Kish's effective sample size.
 *
 * @see Brown, Cai & DasGupta (2001). Interval estimation for a binomial proportion.
 *   Statistical Science 16(2), 101-133.
 * @param data - answers, records, or a tally on the same scale
 * @param options - confidence, method, and the options of {@link csat}
 * @returns the share and its interval, in [0, 1]
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT`, `INVALID_ARGUMENT` (also for
 *   Clopper-Pearson with an `effectiveN` above 2^53 − 1, which only a tally can reach; see
 *   {@link proportionInterval})
 * @example
 * const answers = [...Array(70).fill(5), ...Array(30).fill(2)];
 * csatInterval(answers) // => { share: 0.7, low: 0.6042, high: 0.7811, method: 'wilson' }
 */
export function csatInterval<T = number>(
  data: Iterable<T> | Tally,
  options: CsatIntervalOptions<T> = {},
): CsatInterval {
  const fn = 'csatInterval';
  objectArgument(fn, 'options', options, 'an object of options');
  const confidence = confidenceOption(fn, options.confidence);
  const method = oneOf(fn, 'method', options.method, PROPORTION_METHODS, 'wilson');
  const { counted, split, share } = readCsat(fn, data, options);
  const { successes, n } = bandSample(split, 'high');
  const bounds = checkedProportionBounds(fn, 'effectiveN', successes, n, confidence, method);
  return {
    share,
    ...bounds,
    confidence,
    method,
    n: split.n,
    satisfied: split.high,
    effectiveN: split.effectiveN,
    missing: counted.missing,
    invalid: counted.invalid,
  };
}

/** Options of {@link compareCsat}: those of {@link csat}, for both samples, and the confidence. */
export interface CompareCsatOptions<T = number | null | undefined> extends CsatOptions<T> {
  /** Confidence level of the interval of the difference, in (0, 1); default 0.95. */
  confidence?: number | undefined;
}

/** Result of {@link compareCsat}: the difference of the satisfied shares a − b, its interval and test. */
export interface CsatComparison extends ProportionComparison {
  /** The answers of `a` and of `b`: used, and skipped by kind. */
  samples: [a: SampleCounts, b: SampleCounts];
}

/**
 * Compares the CSAT of two independent samples (two months, two channels, two segments): the
 * difference of the satisfied shares a − b in [-1, 1], with Newcombe's interval built from the
 * two Wilson intervals and the two-proportion z test, as {@link compareProportions} computes them
 * from the satisfied answers out of all answers. Both samples are read with the same options
 * (scale, threshold, accessors, policies). With a `weight` accessor each sample counts as its
 * weighted share of Kish's effective sample size, as {@link csatInterval} does.
 *
 * @see Newcombe, R. G. (1998). Interval estimation for the difference between independent
 *   proportions: comparison of eleven methods. Statistics in Medicine 17(8), 873-890 (method 10).
 * @param a - answers, records, or a tally: the first sample
 * @param b - the second sample, read the same way
 * @param options - confidence (default 0.95) and the options of {@link csat}
 * @returns the difference a − b, its interval, z, the p-value and each sample's counts
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT` (a sample without valid answers),
 *   `INVALID_ARGUMENT`. A refusal of one sample's answers or tally names it
 *   (`compareCsat: sample b: ...`, `details.sample`).
 * @example
 * const web = { scale: { min: 1, max: 5 }, counts: [6, 8, 14, 60, 72], missing: 0, invalid: 0 };
 * const phone = { scale: { min: 1, max: 5 }, counts: [9, 11, 22, 58, 60], missing: 0, invalid: 0 };
 * compareCsat(web, phone) // => { difference: 0.0875, low: -0.0033, high: 0.1767, pValue: 0.058 }
 */
export function compareCsat<T = number>(
  a: Iterable<T> | Tally,
  b: Iterable<T> | Tally,
  options: CompareCsatOptions<T> = {},
): CsatComparison {
  const fn = 'compareCsat';
  objectArgument(fn, 'options', options, 'an object of options');
  const confidence = confidenceOption(fn, options.confidence);
  const first = readSample(fn, 'a', () => readCsat(fn, a, options));
  const second = readSample(fn, 'b', () => readCsat(fn, b, options));
  return {
    ...proportionDifference(bandSample(first.split, 'high'), bandSample(second.split, 'high'), confidence),
    samples: [sampleCounts(first), sampleCounts(second)],
  };
}
