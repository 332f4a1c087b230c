import { emptyInput, invalidArgument } from '../_internal/fail';
import { objectArgument } from '../_internal/records';
import { confidenceOption, oneOf } from '../_internal/options';
import {
  boundsHolding,
  netShareBounds,
  netShareDifference,
  PROPORTION_METHODS,
  checkedProportionBounds,
  proportionDifference,
  tBounds,
  welchDifference,
  type BandShares,
  type MeanSample,
  type NetMethod,
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

/** Which end of a CES scale is the good one. */
export type CesDirection = 'higher-is-easier' | 'lower-is-easier';

/**
 * The CES question:
 * - `'2.0'` (default): "The company made it easy for me to handle my issue", 1 (strongly
 *   disagree) to 7 (strongly agree); higher is easier.
 * - `'1.0'`: "How much effort did you personally have to put forth to handle your request?",
 *   1 (very low) to 5 (very high); lower is easier.
 * - a custom `{ scale, direction }`.
 */
export type CesVersion =
  | '2.0'
  | '1.0'
  | {
      /** The answer scale of the custom question. */
      scale: Scale;
      /** Which end of the scale is the easy one. */
      direction: CesDirection;
    };

/** How CES is reported: the mean answer, the share on the easy side, or easy minus hard share. */
export type CesReport = 'mean' | 'agree' | 'net';

/** Options of {@link ces}. */
export interface CesOptions<T = number | null | undefined> extends AnswerOptions<T> {
  /** The question's version; default `'2.0'`. */
  version?: CesVersion | undefined;
  /** What {@link ces} returns; default `'mean'`. {@link cesBreakdown} holds every report, but checks this one. */
  report?: CesReport | undefined;
}

// Checked by cesBreakdown too, which has no use for it: a misspelt report is refused everywhere.
const reportOption = (fn: string, options: Pick<CesOptions<never>, 'report'>): CesReport =>
  oneOf(fn, 'report', options.report, ['mean', 'agree', 'net'], 'mean');

interface CesSetup {
  version: '2.0' | '1.0' | 'custom';
  scale: Scale;
  direction: CesDirection;
  counted: Tally;
  split: ThreeWaySplit;
  /** Band shares with `high` the easy side, as the net share's moments read them. */
  shares: BandShares;
  /** The band of the split that agrees (the easy side). */
  agreeBand: 'low' | 'high';
  agreeShare: number;
  disagreeShare: number;
  agree: number;
  disagree: number;
}

function readCes<T>(fn: string, data: Iterable<T> | Tally, options: CesOptions<T>): CesSetup {
  const given = options.version === undefined ? '2.0' : options.version;
  let version: CesSetup['version'];
  let scale: Scale;
  let direction: CesDirection;
  if (given === '2.0') {
    version = '2.0';
    scale = { min: 1, max: 7 };
    direction = 'higher-is-easier';
  } else if (given === '1.0') {
    version = '1.0';
    scale = { min: 1, max: 5 };
    direction = 'lower-is-easier';
  } else if (typeof given === 'object' && given !== null) {
    version = 'custom';
    scale = checkScale(fn, given.scale);
    direction = oneOf(fn, 'version.direction', given.direction, ['higher-is-easier', 'lower-is-easier']);
  } else {
    throw invalidArgument(fn, 'version', given, "must be '2.0', '1.0' or { scale, direction }");
  }
  const counted = resolveTally(fn, data, scale, options);
  // Answers strictly on either side of the midpoint; on an odd scale the midpoint is neutral.
  const middle = (scale.min + scale.max) / 2;
  const split = splitTally(fn, counted, Math.ceil(middle) - 1, Math.floor(middle) + 1);
  const higherIsEasier = direction === 'higher-is-easier';
  const shares = bandShares(split);
  const oriented = higherIsEasier ? shares : { low: shares.high, middle: shares.middle, high: shares.low };
  return {
    version,
    scale,
    direction,
    counted,
    split,
    agree: higherIsEasier ? split.high : split.low,
    disagree: higherIsEasier ? split.low : split.high,
    shares: oriented,
    agreeBand: higherIsEasier ? 'high' : 'low',
    agreeShare: oriented.high,
    disagreeShare: oriented.low,
  };
}

/**
 * Customer Effort Score, reported one of three ways:
 * - `'mean'` (default): the mean answer, on the question's own scale;
 * - `'agree'`: the share of answers on the easy side of the midpoint, in [0, 1] (for CES 2.0
 *   the "agree" answers 5-7; for CES 1.0 the low-effort answers 1-2);
 * - `'net'`: easy share minus hard share, in [-1, 1] (CES 2.0: % agree - % disagree, 4 neutral).
 *
 * The version fixes the scale and which end is good, so scales are never mixed: a CES 1.0
 * mean of 2 (little effort) and a CES 2.0 mean of 6 (easy) are both good results.
 *
 * @see Dixon, Freeman & Toman (2010). Stop trying to delight your customers. Harvard Business
 *   Review 88(7/8) (CES 1.0); Dixon, Toman & DeLisi (2013). The Effortless Experience.
 *   Portfolio/Penguin (CES 2.0).
 * @param data - answers, records read through `options.value`, or a tally on the version's scale
 * @param options - version (default `'2.0'`), report (default `'mean'`), accessors, policies
 * @returns the mean (on the scale), the agree share in [0, 1], or the net share in [-1, 1]
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT`, `INVALID_ARGUMENT`
 * @example
 * ces([7, 6, 5, 4, 2]) // => 4.8
 * ces([7, 6, 5, 4, 2], { report: 'agree' }) // => 0.6
 * ces([7, 6, 5, 4, 2], { report: 'net' }) // => 0.4
 * ces([1, 2, 2, 4], { version: '1.0' }) // => 2.25
 */
export function ces<T = number>(data: Iterable<T> | Tally, options: CesOptions<T> = {}): number {
  const fn = 'ces';
  objectArgument(fn, 'options', options, 'an object of options');
  const report = reportOption(fn, options);
  const setup = readCes(fn, data, options);
  if (report === 'mean') return tallyMoments(setup.counted, setup.split).mean;
  return report === 'agree' ? setup.agreeShare : setup.agreeShare - setup.disagreeShare;
}

/** Options of {@link cesBreakdown}: the same as those of {@link ces}. */
export type CesBreakdownOptions<T = number | null | undefined> = CesOptions<T>;

/** Result of {@link cesBreakdown}. */
export interface CesBreakdown {
  /** `'2.0'`, `'1.0'` or `'custom'`. */
  version: '2.0' | '1.0' | 'custom';
  /** The scale of the question. */
  scale: Scale;
  /** Which end is easy. */
  direction: CesDirection;
  /** Valid answers. */
  n: number;
  /** Mean answer, on the scale (weighted when a weight accessor is given). */
  mean: number;
  /** Answers on the easy side of the midpoint. */
  agree: number;
  /** Answers at the midpoint (odd scales only). */
  neutral: number;
  /** Answers on the hard side of the midpoint. */
  disagree: number;
  /** Share of `agree` in [0, 1] (weighted when a weight accessor is given). */
  agreeShare: number;
  /** Share of `neutral` in [0, 1]. */
  neutralShare: number;
  /** Share of `disagree` in [0, 1]. */
  disagreeShare: number;
  /** agreeShare - disagreeShare, in [-1, 1]. */
  net: number;
  /** Kish's effective sample size; equals n without weights. */
  effectiveN: number;
  /** Answers skipped as missing. */
  missing: number;
  /** Answers skipped as invalid. */
  invalid: number;
}

/**
 * CES with everything behind it: the version, scale and direction, the mean, and the counts
 * and shares of easy (agree), neutral and hard (disagree) answers.
 *
 * @param data - answers, records, or a tally on the version's scale
 * @param options - version, accessors and bad-input policies (report is only checked: the breakdown holds every report)
 * @returns the breakdown
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT`, `INVALID_ARGUMENT`
 * @example
 * cesBreakdown([7, 6, 5, 4, 2])
 * // => { version: '2.0', n: 5, mean: 4.8, agree: 3, neutral: 1, disagree: 1, net: 0.4 }
 */
export function cesBreakdown<T = number>(
  data: Iterable<T> | Tally,
  options: CesBreakdownOptions<T> = {},
): CesBreakdown {
  const fn = 'cesBreakdown';
  objectArgument(fn, 'options', options, 'an object of options');
  reportOption(fn, options);
  const setup = readCes(fn, data, options);
  const { split } = setup;
  return {
    version: setup.version,
    scale: setup.scale,
    direction: setup.direction,
    n: split.n,
    mean: tallyMoments(setup.counted, split).mean,
    agree: setup.agree,
    neutral: split.middle,
    disagree: setup.disagree,
    agreeShare: setup.agreeShare,
    neutralShare: setup.shares.middle,
    disagreeShare: setup.disagreeShare,
    net: setup.agreeShare - setup.disagreeShare,
    effectiveN: split.effectiveN,
    missing: setup.counted.missing,
    invalid: setup.counted.invalid,
  };
}

/** The interval methods of {@link cesInterval} for each report. */
export interface CesIntervalMethods {
  /** Student's t interval of the mean. */
  mean: 't';
  /** A proportion interval of the agree share; default `'wilson'`. */
  agree: ProportionMethod;
  /** The net share's interval: `'adjusted-wald'` (default) or `'wald'`. */
  net: NetMethod;
}

/** Interval methods of {@link cesInterval}: `'t'` for the mean, a proportion method for agree, a net method for net. */
export type CesIntervalMethod = CesIntervalMethods[CesReport];

/**
 * What the options of {@link cesInterval} and {@link compareCes} must hold when their types are
 * narrowed to the report `R`: nothing when `R` includes the mean, and otherwise `report` itself.
 * A report left out, or `undefined`, runs as the mean, so it cannot stand for another report.
 */
export type CesReportGiven<R extends CesReport> = 'mean' extends R
  ? unknown
  : {
      /** The report the types are narrowed to. */
      report: R;
    };

/**
 * Options of {@link cesInterval}. `R` is the report: a literal `report` narrows `method` to the
 * methods of that report, so that a method which does not fit is a type error as well as a
 * refusal at run time. Without a literal report (none, or one known only at run time) every
 * method type-checks, and the run-time check decides. Narrowed explicitly
 * (`CesIntervalOptions<number, 'agree'>`), the options must give that `report`.
 */
export type CesIntervalOptions<
  T = number | null | undefined,
  R extends CesReport = CesReport,
> = CesIntervalOptionFields<T, R> & CesReportGiven<R>;

/** The fields of {@link CesIntervalOptions}, with `report` optional whatever `R` is. */
export interface CesIntervalOptionFields<T, R extends CesReport> extends CesOptions<T> {
  /** What is estimated: the mean (default), the agree share or the net share. */
  report?: R | undefined;
  /** Confidence level in (0, 1); default 0.95. */
  confidence?: number | undefined;
  /**
   * For `report: 'mean'` only `'t'`; for `'agree'` a proportion method (default `'wilson'`);
   * for `'net'` `'adjusted-wald'` (default) or `'wald'`.
   */
  method?: CesIntervalMethods[R] | undefined;
}

/** Result of {@link cesInterval}; `R` is the report estimated, and narrows `method`. */
export interface CesInterval<R extends CesReport = CesReport> {
  /** What was estimated. */
  report: R;
  /** The estimate: mean on the scale, agree share in [0, 1], or net share in [-1, 1]. */
  estimate: number;
  /** Lower bound. */
  low: number;
  /** Upper bound. */
  high: number;
  /** Confidence level. */
  confidence: number;
  /** The method used. */
  method: CesIntervalMethods[R];
  /** Valid answers. */
  n: number;
  /** Kish's effective sample size used by the interval; equals n without weights. */
  effectiveN: number;
  /** Answers skipped as missing. */
  missing: number;
  /** Answers skipped as invalid (under `invalid: 'skip'`). */
  invalid: number;
  /** `'2.0'`, `'1.0'` or `'custom'`. */
  version: '2.0' | '1.0' | 'custom';
  /** The scale of the question. */
  scale: Scale;
  /** Which end is easy. */
  direction: CesDirection;
}

// The effective sample size of a mean's t interval or test, which needs at least 2.
function meanSampleSize(fn: string, { effectiveN, n }: ThreeWaySplit, purpose: string): number {
  // With a tolerance for rounding: two answers of weight 0.1 have n_eff = 1.9999999999999998.
  if (effectiveN < 2 - 8 * Number.EPSILON) {
    throw emptyInput(
      fn,
      `needs an effective sample size of at least 2 ${purpose}, got ${effectiveN} from ${n} answer${n === 1 ? '' : 's'}`,
    );
  }
  return effectiveN;
}

/**
 * Confidence interval for CES: Student's t interval for the mean (x̄ ± t · s/√n, clipped to the
 * scale), a proportion interval for the agree share (Wilson by default), or the adjusted-Wald
 * interval for the net share (the NPS method of Rocks 2016 applied to easy/neutral/hard answers,
 * widened to the observed net share when very few answers put it outside).
 *
 * With a weight accessor, n is Kish's effective sample size n_eff = (Σw)² / Σw² throughout. For
 * the mean, x̄ is the weighted mean, s² = Σw (x − x̄)² / Σw · n_eff / (n_eff − 1), and t has
 * n_eff − 1 degrees of freedom; the shares are weighted and their intervals take n_eff answers.
 *
 * The t interval assumes a roughly normal sample mean. With answers piled at one end of the
 * scale and few of them it is too narrow, and answers that are all equal give a zero-width
 * interval: for customers of whom 80% answer 7, its 95% interval holds the true mean 72% of the
 * time with 10 answers and 86% with 30 (exact enumeration). The agree share's interval keeps its
 * level there; prefer it for small samples near the end of the scale.
 *
 * @see Brown, Cai & DasGupta (2001), Statistical Science 16(2), 101-133 (proportions);
 *   Rocks (2016), The American Statistician 70(4), 365-372 (net shares).
 * @param data - answers, records, or a tally on the version's scale
 * @param options - report (default `'mean'`), method, confidence, version, accessors
 * @returns the estimate and its interval
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT` (also, for a mean, an effective
 *   sample size below 2: fewer than 2 answers unweighted, or weights so uneven that Kish's n_eff
 *   stays under 2), `INVALID_ARGUMENT` (including a method that does not fit the report, and
 *   Clopper-Pearson with an `effectiveN` above 2^53 − 1, as in {@link proportionInterval})
 * @example
 * cesInterval([7, 6, 5, 4, 2]) // => { report: 'mean', estimate: 4.8, low: 2.4116, high: 7, method: 't' }
 * cesInterval([7, 6, 5, 4, 2], { report: 'agree' }) // => { estimate: 0.6, method: 'wilson' }
 */
export function cesInterval<T = number, R extends CesReport = CesReport>(
  data: Iterable<T> | Tally,
  options?: CesIntervalOptions<T, R>,
): CesInterval<R>;
// One body for every report: a narrowed R comes with `report: R` (CesReportGiven), which the
// run-time check holds to.
export function cesInterval<T>(data: Iterable<T> | Tally, options: CesIntervalOptions<T> = {}): CesInterval {
  const fn = 'cesInterval';
  objectArgument(fn, 'options', options, 'an object of options');
  const confidence = confidenceOption(fn, options.confidence);
  const report = reportOption(fn, options);
  const setup = readCes(fn, data, options);
  const { split } = setup;
  const base = {
    report,
    confidence,
    n: split.n,
    effectiveN: split.effectiveN,
    missing: setup.counted.missing,
    invalid: setup.counted.invalid,
    version: setup.version,
    scale: setup.scale,
    direction: setup.direction,
  };
  if (report === 'mean') {
    const method = oneOf<CesIntervalMethod>(fn, 'method', options.method, ['t'], 't');
    meanSampleSize(fn, split, 'for a mean interval');
    const moments = tallyMoments(setup.counted, split);
    const { low, high } = tBounds(moments.mean, moments.standardDeviation, split.effectiveN, confidence);
    // Like every interval of the library, clipped to what is possible: the scale.
    return {
      ...base,
      estimate: moments.mean,
      low: Math.max(setup.scale.min, low),
      high: Math.min(setup.scale.max, high),
      method,
    };
  }
  if (report === 'agree') {
    const method = oneOf<CesIntervalMethod>(
      fn,
      'method',
      options.method,
      PROPORTION_METHODS,
      'wilson',
    ) as ProportionMethod;
    const { successes, n } = bandSample(split, setup.agreeBand);
    const bounds = checkedProportionBounds(fn, 'effectiveN', successes, n, confidence, method);
    return { ...base, estimate: setup.agreeShare, ...bounds, method };
  }
  const method = oneOf<CesIntervalMethod>(
    fn,
    'method',
    options.method,
    ['adjusted-wald', 'wald'],
    'adjusted-wald',
  ) as NetMethod;
  const { low, high } = netShareBounds(setup.shares, split.effectiveN, confidence, method);
  const estimate = setup.agreeShare - setup.disagreeShare;
  return { ...base, estimate, ...boundsHolding(estimate, low, high, 1), method };
}

/** The tests of {@link compareCes} for each report. */
export interface CesComparisonMethods {
  /** Welch's t test of the means. */
  mean: 'welch';
  /** Newcombe's interval and the two-proportion z test of the agree shares. */
  agree: 'newcombe';
  /** The net shares' test: `'adjusted-wald'` (default) or `'wald'`. */
  net: NetMethod;
}

/**
 * Tests of {@link compareCes}: `'welch'` for the mean, `'newcombe'` for the agree share, and
 * `'adjusted-wald'` or `'wald'` for the net share.
 */
export type CesComparisonMethod = CesComparisonMethods[CesReport];

// The tests each report allows, the default first.
const COMPARISON_METHODS: { [R in CesReport]: readonly CesComparisonMethods[R][] } = {
  mean: ['welch'],
  agree: ['newcombe'],
  net: ['adjusted-wald', 'wald'],
};

/**
 * Options of {@link compareCes}: those of {@link ces}, for both samples, with the test's. `R` is
 * the report: a literal `report` narrows `method` to the tests of that report; without one every
 * method type-checks, and the run-time check decides. Narrowed explicitly
 * (`CompareCesOptions<number, 'agree'>`), the options must give that `report`.
 */
export type CompareCesOptions<T = number | null | undefined, R extends CesReport = CesReport> = CompareCesOptionFields<
  T,
  R
> &
  CesReportGiven<R>;

/** The fields of {@link CompareCesOptions}, with `report` optional whatever `R` is. */
export interface CompareCesOptionFields<T, R extends CesReport> extends CesOptions<T> {
  /** What is compared: the means (default), the agree shares or the net shares. */
  report?: R | undefined;
  /** Confidence level of the interval of the difference, in (0, 1); default 0.95. */
  confidence?: number | undefined;
  /**
   * For `report: 'mean'` only `'welch'`; for `'agree'` only `'newcombe'`; for `'net'`
   * `'adjusted-wald'` (default) or `'wald'`.
   */
  method?: CesComparisonMethods[R] | undefined;
}

/**
 * Result of {@link compareCes}: the difference a − b of the reported CES, its interval and test;
 * `R` is the report compared, and narrows `method`.
 */
export interface CesComparison<R extends CesReport = CesReport> {
  /** What was compared. */
  report: R;
  /** a − b: of the means (in scale points), of the agree shares (in [-1, 1]) or of the net shares (in [-2, 2]). */
  difference: number;
  /** Standard error of the difference (for the agree shares, the pooled one of the z test). */
  standardError: number;
  /** The test statistic: Welch's t for the mean, z for the shares. */
  statistic: number;
  /** Welch–Satterthwaite degrees of freedom of t for the mean; null for the shares (a z test), or when neither sample has any spread. */
  degreesOfFreedom: number | null;
  /** Two-sided p-value of "no difference", in [0, 1]. */
  pValue: number;
  /** Lower bound of the interval for the difference. */
  low: number;
  /** Upper bound of the interval for the difference. */
  high: number;
  /** Confidence level of the interval. */
  confidence: number;
  /** The test used. */
  method: CesComparisonMethods[R];
  /** `'2.0'`, `'1.0'` or `'custom'`. */
  version: '2.0' | '1.0' | 'custom';
  /** The scale of the question. */
  scale: Scale;
  /** Which end is easy. */
  direction: CesDirection;
  /** The answers of `a` and of `b`: used, and skipped by kind. */
  samples: [a: SampleCounts, b: SampleCounts];
}

/**
 * Compares the CES of two independent samples (did effort change after a new returns process?),
 * for the report chosen:
 *
 * - `'mean'` (default): Welch's t test of the difference of the means, for unequal variances,
 *   with the Welch–Satterthwaite degrees of freedom and the interval d ± t · SE, clipped to what
 *   two means on the scale can differ by. It needs an effective sample size of at least 2 in
 *   each sample, as {@link cesInterval} does. With answers piled at one end of the scale, a
 *   small sample against a large one looks more precise than it is: 10 answers against 1,000
 *   from the same customers, 80% of whom answer 7, were "significant" at 5% in about a quarter
 *   of simulated comparisons ('agree': 7%);
 * - `'agree'`: the difference of the agree shares with Newcombe's interval and the
 *   two-proportion z test, as {@link compareProportions};
 * - `'net'`: the difference of the net shares with the z test and interval of
 *   {@link compareNps} (adjusted-Wald by default), on the -2..2 scale.
 *
 * Both samples are read with the same options (version, accessors, policies). With a `weight`
 * accessor every size is Kish's effective sample size, and the means and shares are weighted.
 * The difference is a − b in the scale's own direction: for CES 2.0 a positive difference of the
 * means is easier; for CES 1.0 (lower is easier) it is harder. The shares are oriented already.
 *
 * Edge cases: each sample needs a valid answer (`EMPTY_INPUT`), and for the mean an effective
 * sample size of at least 2. When neither sample has any spread (every answer of each on one
 * point), the mean's standard error is 0: the statistic is then 0 (p = 1) for equal means and
 * ±Infinity (p = 0) otherwise, with `degreesOfFreedom: null` and the interval [d, d]; the Wald
 * net test does the same when all answers of both samples are in one band, as in
 * {@link compareNps}. An infinite statistic becomes `null` in JSON.
 *
 * @see Welch, B. L. (1947). The generalization of "Student's" problem when several different
 *   population variances are involved. Biometrika 34(1/2), 28-35; Newcombe (1998), Statistics in
 *   Medicine 17(8), 873-890; Rocks (2016), The American Statistician 70(4), 365-372.
 * @param a - answers, records, or a tally on the version's scale: the first sample
 * @param b - the second sample, read the same way
 * @param options - report (default `'mean'`), method, confidence, and the options of {@link ces}
 * @returns the difference a − b, its interval, the statistic, the p-value and each sample's counts
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT` (a sample without valid answers, or,
 *   for the mean, with an effective sample size below 2), `INVALID_ARGUMENT` (including a method
 *   that does not fit the report). A refusal of one sample's answers or tally names it
 *   (`compareCes: sample b: ...`, `details.sample`).
 * @example
 * const before = [7, 6, 6, 5, 5, 5, 4, 3, 2, 6];
 * const after = [7, 7, 6, 6, 6, 5, 5, 7, 4, 6];
 * // SciPy's ttest_ind(after, before, equal_var=False) gives the same t, df and p
 * compareCes(after, before) // => { difference: 1, statistic: 1.738, degreesOfFreedom: 15.49, pValue: 0.1021 }
 * compareCes(after, before, { report: 'agree' }) // => { difference: 0.2, method: 'newcombe', pValue: 0.26 }
 */
export function compareCes<T = number, R extends CesReport = CesReport>(
  a: Iterable<T> | Tally,
  b: Iterable<T> | Tally,
  options?: CompareCesOptions<T, R>,
): CesComparison<R>;
// One body for every report, as for cesInterval.
export function compareCes<T>(
  a: Iterable<T> | Tally,
  b: Iterable<T> | Tally,
  options: CompareCesOptions<T> = {},
): CesComparison {
  const fn = 'compareCes';
  objectArgument(fn, 'options', options, 'an object of options');
  const confidence = confidenceOption(fn, options.confidence);
  const report = reportOption(fn, options);
  const methods = COMPARISON_METHODS[report];
  const method = oneOf(fn, 'method', options.method, methods, methods[0]!);
  const first = readSample(fn, 'a', () => readCes(fn, a, options));
  const second = readSample(fn, 'b', () => readCes(fn, b, options));
  return {
    report,
    ...cesDifference(fn, first, second, report, method, confidence),
    confidence,
    method,
    version: first.version,
    scale: first.scale,
    direction: first.direction,
    samples: [sampleCounts(first), sampleCounts(second)],
  };
}

type CesTest = Pick<
  CesComparison,
  'difference' | 'standardError' | 'statistic' | 'degreesOfFreedom' | 'pValue' | 'low' | 'high'
>;

// The difference of the reported CES of two samples, and its test.
function cesDifference(
  fn: string,
  first: CesSetup,
  second: CesSetup,
  report: CesReport,
  method: CesComparisonMethod,
  confidence: number,
): CesTest {
  if (report === 'mean') {
    const moments = (setup: CesSetup, label: 'a' | 'b'): MeanSample =>
      readSample(fn, label, () => ({
        ...tallyMoments(setup.counted, setup.split),
        n: meanSampleSize(fn, setup.split, 'for a mean comparison'),
      }));
    const test = welchDifference(moments(first, 'a'), moments(second, 'b'), confidence);
    return {
      difference: test.difference,
      standardError: test.standardError,
      statistic: test.t,
      degreesOfFreedom: test.degreesOfFreedom,
      pValue: test.pValue,
      // Two means on the scale differ by at most its range.
      ...boundsHolding(test.difference, test.low, test.high, first.scale.max - first.scale.min),
    };
  }
  if (report === 'agree') {
    const test = proportionDifference(
      bandSample(first.split, first.agreeBand),
      bandSample(second.split, second.agreeBand),
      confidence,
    );
    const { difference, standardError, pValue, low, high } = test;
    return { difference, standardError, statistic: test.z, degreesOfFreedom: null, pValue, low, high };
  }
  const test = netShareDifference(
    first.shares,
    first.split.effectiveN,
    second.shares,
    second.split.effectiveN,
    confidence,
    method as NetMethod,
  );
  const difference = first.agreeShare - first.disagreeShare - (second.agreeShare - second.disagreeShare);
  return {
    difference,
    standardError: test.standardError,
    statistic: test.z,
    degreesOfFreedom: null,
    pValue: test.pValue,
    ...boundsHolding(difference, test.low, test.high, 2),
  };
}
