import { LoyaltyMetricsError } from '../errors';
import { isArrayLike, objectArgument } from '../_internal/records';
import { describeValue, invalidArgument } from '../_internal/fail';
import { confidenceOption, numberOption, oneOf, type BadInputOptions, type SkipCounts } from '../_internal/options';
import { normalCritical } from '../stats/distributions';
import { boundsHolding, netShareBounds, netShareDifference, type NetMethod } from '../stats/intervals';
import { quantileSorted } from '../stats/quantile';
import { binomialDraw, seededRandom } from '../stats/random';
import {
  bandShares,
  badValues,
  bandWeights,
  countedInputOptions,
  isCount,
  isCounted,
  noAnswers,
  NPS_SCALE,
  resolveTally,
  readSample,
  sampleCounts,
  splitTally,
  type AnswerOptions,
  type Bands,
  type SampleCounts,
  type Tally,
  type ThreeWaySplit,
} from './tally';

/** The NPS group of one answer. */
export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/** Options of {@link nps}: accessors and bad-input policies. */
export type NpsOptions<T = number | null | undefined> = AnswerOptions<T>;

/** Options of {@link npsBreakdown}: the same as those of {@link nps}. */
export type NpsBreakdownOptions<T = number | null | undefined> = NpsOptions<T>;

/** Answers already counted into the three NPS groups. */
export interface NpsCounts {
  /** Answers 9 or 10. */
  promoters: number;
  /** Answers 7 or 8. */
  passives: number;
  /** Answers 0 to 6. */
  detractors: number;
}

/** What the NPS functions accept: answers (or records), a 0..10 tally, or group counts. */
export type NpsInput<T> = Iterable<T> | Tally | NpsCounts;

const PROMOTER_FROM = 9;
const DETRACTOR_UP_TO = 6;

/**
 * The group of one answer to "How likely are you to recommend us?" (0 to 10):
 * 9-10 promoter, 7-8 passive, 0-6 detractor.
 *
 * @see Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review 81(12).
 * @param score - an integer from 0 to 10
 * @returns `'promoter'`, `'passive'` or `'detractor'`
 * @throws LoyaltyMetricsError `INVALID_VALUE` for anything but an integer in 0..10
 * @example
 * classifyNps(9) // => 'promoter'
 * classifyNps(7) // => 'passive'
 * classifyNps(6) // => 'detractor'
 */
export function classifyNps(score: number): NpsCategory {
  if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 10) {
    throw new LoyaltyMetricsError(
      'INVALID_VALUE',
      `classifyNps: invalid value: ${describeValue(score)} (not an integer in 0..10)`,
      {
        value: score,
      },
    );
  }
  return score >= PROMOTER_FROM ? 'promoter' : score > DETRACTOR_UP_TO ? 'passive' : 'detractor';
}

// Reads any NPS input into a 0..10 tally and its detractor/passive/promoter split.
function readNps<T>(
  fn: string,
  input: NpsInput<T>,
  options: AnswerOptions<T>,
): { counted: Tally; split: ThreeWaySplit } {
  let counted: Tally;
  if (isCounted<NpsCounts>(input, 'promoters')) {
    countedInputOptions(fn, options, 'group counts');
    const { promoters, passives, detractors } = input;
    if (![promoters, passives, detractors].every(isCount)) {
      throw invalidArgument(fn, 'counts', input, 'must hold promoters, passives and detractors, integers >= 0');
    }
    // Group counts are the tally with every group on one of its points (0, 7 and 10).
    const counts = [detractors, 0, 0, 0, 0, 0, 0, passives, 0, 0, promoters];
    counted = { scale: NPS_SCALE, counts, missing: 0, invalid: 0 };
  } else {
    counted = resolveTally(fn, input, NPS_SCALE, options);
  }
  return { counted, split: splitTally(fn, counted, DETRACTOR_UP_TO, PROMOTER_FROM) };
}

// From the weight sums, not the shares, so that 60 promoters and 15 detractors of 100 give 45 exactly.
// All the weight in one outer band is ±100 exactly: 100 · w / w rounds either way (a promoter of
// weight 0.69 gave 100.00000000000001, of 0.17 gave 99.99999999999999). Otherwise |net| < total,
// so the rounded 100 · net stays below 100 · total and the quotient inside ±100.
function score([detractors, passives, promoters]: Bands): number {
  const net = promoters - detractors;
  const total = detractors + passives + promoters;
  return net === total || net === -total ? Math.sign(net) * 100 : (100 * net) / total;
}

/**
 * Net Promoter Score: the percentage of promoters (9-10) minus the percentage of detractors
 * (0-6) among all valid answers, passives (7-8) included in the base:
 * NPS = 100 · (P - D) / n, in points from -100 to 100. Equivalently, 100 × the mean of the
 * answers recoded promoter +1, passive 0, detractor -1. With a `weight` accessor it is the
 * weighted version: 100 · (W_P - W_D) / W.
 *
 * Edge cases: missing answers (`null`/`undefined`) are skipped and not in the base; impossible
 * answers (11, 7.5, NaN, '9') throw `INVALID_VALUE` unless `invalid: 'skip'`; no valid answer
 * throws `EMPTY_INPUT`. Nothing is rounded.
 *
 * @see Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review 81(12).
 * @param data - answers 0..10, records read through `options.value`, or a 0..10 {@link Tally}
 * @param options - `value` and `weight` accessors, `missing` and `invalid` policies
 * @returns the score in points, in [-100, 100]
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT`, `INVALID_ARGUMENT` (bad options or a tally of another scale)
 * @example
 * nps([10, 9, 8, 7, 6, 0]) // => 0
 * nps([10, 10, 9, 8, 3]) // => 40
 * nps(tally([10, 9, 9, 3])) // => 50
 * nps([{ score: 10 }, { score: null }, { score: 2 }], { value: (d) => d.score }) // => 0
 */
export function nps<T = number>(data: Iterable<T> | Tally, options: NpsOptions<T> = {}): number {
  objectArgument('nps', 'options', options, 'an object of options');
  if (options.value === undefined && options.weight === undefined && isArrayLike(data)) {
    return npsOfArray(data, options);
  }
  // Not through readNps nor splitTally: nps needs neither group counts nor the answers per group,
  // which keeps `import { nps }` small.
  return score(bandWeights('nps', resolveTally('nps', data, NPS_SCALE, options), DETRACTOR_UP_TO, PROMOTER_FROM));
}

// The loops below read answers as numbers once `typeof` has said so; what is not an integer 0..10
// ends the run: (a | 0) === a holds for int32 integers only, and a | (10 - a) is negative outside
// 0..10. The recoding +1/0/-1 has no branch to mispredict: (a + 7) >> 4 is 1 for 9 and 10, and
// (a - 7) >>> 31 is 1 below 7. Each loop returns the index where it stopped and leaves its sum of
// codes in runNet: after a loop that the engine compiles while it runs (on-stack replacement) in
// its first call, code that has never run, such as a property store, sends the compiled loop back
// to the interpreter at the end of every later call (measured: a deoptimization per call).
let runNet = 0;

// Answers from `start` while they are valid; stops at the first value that is not one (or the end).
function netRun(values: ArrayLike<unknown>, start: number): number {
  const n = values.length;
  let net = 0;
  let i = start;
  for (; i < n; i++) {
    const a = values[i] as number;
    if (typeof a !== 'number' || (a | 0) !== a || (a | (10 - a)) < 0) break;
    net += ((a + 7) >> 4) - ((a - 7) >>> 31);
  }
  runNet = net;
  return i;
}

// Four answers a step, for arrays only: a loop of its own so that the engine specializes it on
// arrays, and netRun on typed arrays. Stops before the first step that holds a value that is not
// a valid answer, or with fewer than four answers left.
function arrayNetRun(values: unknown[], start: number): number {
  const n = values.length - 3;
  let net = 0;
  let i = start;
  for (; i < n; i += 4) {
    const a = values[i] as number;
    const b = values[i + 1] as number;
    const c = values[i + 2] as number;
    const d = values[i + 3] as number;
    if (
      typeof a !== 'number' ||
      typeof b !== 'number' ||
      typeof c !== 'number' ||
      typeof d !== 'number' ||
      (a | 0) !== a ||
      (b | 0) !== b ||
      (c | 0) !== c ||
      (d | 0) !== d ||
      (a | (10 - a) | b | (10 - b) | c | (10 - c) | d | (10 - d)) < 0
    ) {
      break;
    }
    net +=
      ((a + 7) >> 4) +
      ((b + 7) >> 4) +
      ((c + 7) >> 4) +
      ((d + 7) >> 4) -
      ((a - 7) >>> 31) -
      ((b - 7) >>> 31) -
      ((c - 7) >>> 31) -
      ((d - 7) >>> 31);
  }
  runNet = net;
  return i;
}

// nps of an array or typed array read without accessors: the same score, from the same integer
// counts, with missing and invalid answers handled as the tally handles them, and no tally built.
function npsOfArray(values: ArrayLike<unknown>, options: BadInputOptions): number {
  const skipped: SkipCounts = { missing: 0, invalid: 0 };
  const refuse = badValues('nps', options, NPS_SCALE, skipped);
  let net = 0;
  let count = 0;
  for (let start = 0; ;) {
    let end = start;
    if (Array.isArray(values)) {
      end = arrayNetRun(values, start);
      net += runNet;
    }
    end = netRun(values, end);
    net += runNet;
    count += end - start;
    if (end === values.length) break;
    refuse(end, values[end]);
    start = end + 1;
  }
  if (count === 0) throw noAnswers('nps', skipped);
  return (100 * net) / count;
}

/** Result of {@link npsBreakdown}. */
export interface NpsBreakdown {
  /** Valid answers (the base of the score). */
  n: number;
  /** Answers 9-10. */
  promoters: number;
  /** Answers 7-8. */
  passives: number;
  /** Answers 0-6. */
  detractors: number;
  /** Share of promoters in [0, 1] (weighted when a weight accessor is given). */
  promoterShare: number;
  /** Share of passives in [0, 1]. */
  passiveShare: number;
  /** Share of detractors in [0, 1]. */
  detractorShare: number;
  /** NPS in points, -100..100. */
  score: number;
  /** Kish's effective sample size (Σw)² / Σw²; equals n without weights. */
  effectiveN: number;
  /** Answers skipped as missing. */
  missing: number;
  /** Answers skipped as invalid (under `invalid: 'skip'`). */
  invalid: number;
}

/**
 * NPS with everything behind it: the counts and shares of promoters, passives and detractors,
 * the score, the effective sample size, and how many answers were skipped. The shares sum to 1
 * up to rounding (4/6 + 1/6 + 1/6 is 0.9999999999999999); counts are answers even when shares are
 * weighted.
 *
 * @see Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review 81(12).
 * @param data - answers 0..10, records, a 0..10 tally, or group counts
 * @param options - accessors and bad-input policies, as for {@link nps}
 * @returns the breakdown
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT`, `INVALID_ARGUMENT`
 * @example
 * npsBreakdown([10, 9, 8, null, 2])
 * // => { n: 4, promoters: 2, passives: 1, detractors: 1, promoterShare: 0.5, score: 25, missing: 1 }
 */
export function npsBreakdown<T = number>(data: NpsInput<T>, options: NpsBreakdownOptions<T> = {}): NpsBreakdown {
  objectArgument('npsBreakdown', 'options', options, 'an object of options');
  const { counted, split } = readNps('npsBreakdown', data, options);
  const shares = bandShares(split);
  return {
    n: split.n,
    promoters: split.high,
    passives: split.middle,
    detractors: split.low,
    promoterShare: shares.high,
    passiveShare: shares.middle,
    detractorShare: shares.low,
    score: score(split.weights),
    effectiveN: split.effectiveN,
    missing: counted.missing,
    invalid: counted.invalid,
  };
}

/** Interval methods of {@link npsInterval}. */
export type NpsIntervalMethod = NetMethod | 'bootstrap';

/** Options of {@link npsInterval}. */
export interface NpsIntervalOptions<T = number | null | undefined> extends AnswerOptions<T> {
  /** Confidence level in (0, 1); default 0.95. */
  confidence?: number | undefined;
  /** `'adjusted-wald'` (default), `'wald'` or `'bootstrap'` (percentile). */
  method?: NpsIntervalMethod | undefined;
  /** Bootstrap resamples, an integer from 100 to 10,000,000 (their scores are kept to be sorted); default 2000. */
  resamples?: number | undefined;
  /**
   * Bootstrap seed (any integer); default 1. The same seed gives the same interval. Seeds are
   * reduced modulo 2^32, so seeds that differ by a multiple of 2^32 give the same interval.
   */
  seed?: number | undefined;
}

/** Result of {@link npsInterval}; every score in points. */
export interface NpsInterval extends SampleCounts {
  /** The observed NPS. */
  score: number;
  /** Lower bound, >= -100. */
  low: number;
  /** Upper bound, <= 100. */
  high: number;
  /** Standard error in points (of the adjusted estimate for adjusted-Wald; of the resampled scores for the bootstrap). */
  standardError: number;
  /** Confidence level of the interval. */
  confidence: number;
  /** The method used. */
  method: NpsIntervalMethod;
}

/**
 * Confidence interval for NPS.
 *
 * - `'adjusted-wald'` (default): add 3 pseudo-answers (0.75 promoter, 1.5 passive,
 *   0.75 detractor), then NPS' ± z · √(Var'/n'), with Var = p_P + p_D - (p_P - p_D)²
 *   (the variance of one answer recoded +1/0/-1) and n' = n + 3. Rocks (2016) found it to have
 *   the best coverage of the simple methods. It is centred on the adjusted NPS', which with
 *   very few answers can put the observed score outside it; the interval is then widened to
 *   reach the score (one promoter alone: [-48.5, 100] rather than [-48.5, 98.5]).
 * - `'wald'`: NPS ± z · √(Var/n); too narrow for small samples and extreme scores.
 * - `'bootstrap'`: the percentile interval of `resamples` scores of samples redrawn from the
 *   observed shares, reproducible from `seed` (widened to the score, should it fall outside).
 *   Not available for weighted answers. Like Wald, it fails small samples with extreme scores:
 *   answers all in one group give a zero-width interval, so 10 answers from customers who are
 *   92% promoters (NPS +90) are all promoters 43% of the time, and get [100, 100].
 *
 * In simulations of 10 to 1,000 answers at true scores from 0 to +97, the 95% adjusted-Wald
 * interval held the true score 93% to 100% of the time; Wald and the bootstrap did from 100
 * answers on, but 56% of the time with 10 answers at NPS +90 and about 25% at +97.
 *
 * With weights, the shares are weighted and n is replaced by Kish's effective sample size
 * n_eff = (Σw)² / Σw²; the adjusted-Wald pseudo-answers join n_eff answers at those shares
 * (p' = (p · n_eff + 0.75) / (n_eff + 3) for promoters). Bounds are clipped to [-100, 100].
 *
 * @see Rocks, B. (2016). Interval estimation for the "Net Promoter Score". The American
 *   Statistician 70(4), 365-372.
 * @param data - answers 0..10, records, a 0..10 tally, or group counts
 * @param options - confidence, method, bootstrap resamples and seed, accessors
 * @returns the score and its interval, in points
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT`, `INVALID_ARGUMENT`
 * @example
 * const counts = { promoters: 60, passives: 25, detractors: 15 };
 * npsInterval(counts) // => { score: 45, low: 29.34, high: 58.04, method: 'adjusted-wald' }
 * npsInterval(counts, { method: 'wald' }) // => { low: 30.50, high: 59.50 }
 */
export function npsInterval<T = number>(data: NpsInput<T>, options: NpsIntervalOptions<T> = {}): NpsInterval {
  const fn = 'npsInterval';
  objectArgument(fn, 'options', options, 'an object of options');
  const confidence = confidenceOption(fn, options.confidence);
  const method = oneOf(fn, 'method', options.method, ['adjusted-wald', 'wald', 'bootstrap'], 'adjusted-wald');
  const resamples = numberOption(
    fn,
    'resamples',
    options.resamples,
    { lower: 100, lowerInclusive: true, upper: 10_000_000, integer: true },
    2000,
  );
  const seed = numberOption(fn, 'seed', options.seed, { integer: true }, 1);
  const read = readNps(fn, data, options);
  const { counted, split } = read;
  const base = { score: score(split.weights), confidence, method, ...sampleCounts(read) };
  let interval: { low: number; high: number; standardError: number };
  if (method !== 'bootstrap') {
    const bounds = netShareBounds(bandShares(split), split.effectiveN, confidence, method);
    interval = { low: 100 * bounds.low, high: 100 * bounds.high, standardError: 100 * bounds.standardError };
  } else if (counted.weights) {
    throw invalidArgument(
      fn,
      'method',
      method,
      "cannot resample weighted answers: use 'adjusted-wald' with their effective sample size",
    );
  } else {
    interval = bootstrapNps(split, confidence, resamples, seed);
  }
  return { ...base, ...interval, ...boundsHolding(base.score, interval.low, interval.high, 100) };
}

// Percentile bootstrap: promoters ~ Bin(n, p_P), then detractors ~ Bin(n - promoters, p_D / (1 - p_P)).
function bootstrapNps(
  split: ThreeWaySplit,
  confidence: number,
  resamples: number,
  seed: number,
): { low: number; high: number; standardError: number } {
  const random = seededRandom(seed);
  const { n } = split;
  const { high: promoterShare, low: detractorShare } = bandShares(split);
  const detractorGivenNotPromoter = promoterShare < 1 ? detractorShare / (1 - promoterShare) : 0;
  const scores = new Float64Array(resamples);
  let mean = 0;
  let sumSquares = 0;
  for (let b = 0; b < resamples; b++) {
    const promoters = binomialDraw(random, n, promoterShare);
    const detractors = binomialDraw(random, n - promoters, detractorGivenNotPromoter);
    const value = (100 * (promoters - detractors)) / n;
    scores[b] = value;
    const delta = value - mean;
    mean += delta / (b + 1);
    sumSquares += delta * (value - mean);
  }
  scores.sort();
  const alpha = 1 - confidence;
  return {
    low: quantileSorted(scores, alpha / 2),
    high: quantileSorted(scores, 1 - alpha / 2),
    standardError: Math.sqrt(sumSquares / (resamples - 1)),
  };
}

/** Options of {@link compareNps}. */
export interface CompareNpsOptions<T = number | null | undefined> extends AnswerOptions<T> {
  /** Confidence level in (0, 1); default 0.95. */
  confidence?: number | undefined;
  /** `'adjusted-wald'` (default) or `'wald'`. */
  method?: NetMethod | undefined;
}

/** Result of {@link compareNps}; differences in points. */
export interface NpsComparison {
  /** Observed NPS of `a` minus NPS of `b`, in points (-200..200). */
  difference: number;
  /** Standard error of the difference, in points. */
  standardError: number;
  /** Test statistic: the (adjusted) difference over its standard error. */
  z: number;
  /** Two-sided p-value of "no difference". */
  pValue: number;
  /** Lower bound of the interval for the difference, >= -200. */
  low: number;
  /** Upper bound of the interval for the difference, <= 200. */
  high: number;
  /** Confidence level of the interval. */
  confidence: number;
  /** The method used. */
  method: NetMethod;
  /** The answers of `a` and of `b`: used, and skipped by kind. */
  samples: [a: SampleCounts, b: SampleCounts];
}

/**
 * Is the NPS of two independent samples different (this month against last, one segment
 * against another)? A two-sided z-test on the difference of the (adjusted) scores with
 * SE = √(Var'_a/n'_a + Var'_b/n'_b), and the matching interval for the difference.
 * `difference` is the observed a - b; under adjusted-Wald, z, the p-value and the interval use
 * the adjusted difference, so z is not exactly difference / standardError: for a small
 * difference between samples of very different sizes it can even have the opposite sign (20 answers
 * at NPS +50 against 200 at +49.5: difference +0.5, z −0.35, p = 0.73). When few answers put the
 * observed difference outside the interval, the interval is widened to reach it.
 *
 * Edge cases: both samples need at least one valid answer (`EMPTY_INPUT`). The adjustment moves
 * the score of a sample of a handful of answers far toward 0, so such a sample can differ
 * "significantly" from a large one with the same score (one promoter against 1,000: p = 0.046);
 * only then, with the interval widened, can the interval hold 0 while p is below 1 − confidence.
 * The `'wald'` method has no such adjustment and is far from its nominal level for small or
 * unequal samples at extreme scores: 10 answers against 1,000, both at a true NPS of +90, were
 * "significant" at 5% in 44% of simulated comparisons (adjusted-Wald: 4%).
 * When every answer of both samples is in one group, the Wald standard error is 0: z is then 0
 * for equal scores and ±Infinity otherwise (`null` in JSON); the adjusted method never has a zero
 * standard error.
 *
 * @see Rocks, B. (2016). Interval estimation for the "Net Promoter Score". The American
 *   Statistician 70(4), 365-372.
 * @param a - first sample: answers, records, a tally or group counts
 * @param b - second sample, of the same kind
 * @param options - confidence, method, accessors applied to both samples
 * @returns the difference a - b, its interval, z and p-value
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT`, `INVALID_ARGUMENT`. A refusal of one
 *   sample's answers, tally or counts names it (`compareNps: sample b: ...`, `details.sample`).
 * @example
 * const march = { promoters: 60, passives: 25, detractors: 15 };
 * const april = { promoters: 45, passives: 30, detractors: 25 };
 * compareNps(march, april) // => { difference: 25, z: 2.24, pValue: 0.025 }
 */
export function compareNps<T = number>(
  a: NpsInput<T>,
  b: NpsInput<T>,
  options: CompareNpsOptions<T> = {},
): NpsComparison {
  const fn = 'compareNps';
  objectArgument(fn, 'options', options, 'an object of options');
  const confidence = confidenceOption(fn, options.confidence);
  const method = oneOf(fn, 'method', options.method, ['adjusted-wald', 'wald'], 'adjusted-wald');
  const readA = readSample(fn, 'a', () => readNps(fn, a, options));
  const readB = readSample(fn, 'b', () => readNps(fn, b, options));
  const first = readA.split;
  const second = readB.split;
  const test = netShareDifference(
    bandShares(first),
    first.effectiveN,
    bandShares(second),
    second.effectiveN,
    confidence,
    method,
  );
  const difference = score(first.weights) - score(second.weights);
  return {
    difference,
    standardError: 100 * test.standardError,
    z: test.z,
    pValue: test.pValue,
    ...boundsHolding(difference, 100 * test.low, 100 * test.high, 200),
    confidence,
    method,
    samples: [sampleCounts(readA), sampleCounts(readB)],
  };
}

/** Options of {@link npsSampleSize}. */
export interface NpsSampleSizeOptions {
  /** Half-width of the interval, in NPS points (e.g. 5 for ±5 points). */
  marginOfError: number;
  /** Confidence level in (0, 1); default 0.95. */
  confidence?: number | undefined;
  /** Expected share of promoters in [0, 1]; give it with `detractorShare`. */
  promoterShare?: number | undefined;
  /** Expected share of detractors in [0, 1]; give it with `promoterShare`. */
  detractorShare?: number | undefined;
}

/**
 * How many answers give an adjusted-Wald NPS interval of ±`marginOfError` points:
 * n = z² · Var / E² - 3, with E = marginOfError / 100 and Var = p_P + p_D - (p_P - p_D)².
 * Without expected shares it plans for the worst case, Var = 1 (half promoters, half
 * detractors). Rounded up to a whole number, at least 1.
 *
 * Edge cases: the interval that the answers will get uses the adjusted shares, so the margin
 * met is the one asked for only approximately (839 answers at 60% / 15% give ±5.0004 points).
 * Expected shares near 0 or 1 make Var small and the plan too small: shares of exactly 1 and 0
 * plan 1 answer, whose adjusted interval is ±73.5 points. Plan with the worst case (no shares)
 * unless the shares are known to be well inside (0, 1).
 *
 * @see Rocks, B. (2016). Interval estimation for the "Net Promoter Score". The American
 *   Statistician 70(4), 365-372.
 * @param options - margin of error in points, confidence, expected shares
 * @returns the number of answers to collect
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for a margin outside (0, 200] or so small that
 *   the sample would exceed 2^53 - 1 answers, a bad confidence, shares outside [0, 1], only one
 *   share given, or shares summing above 1
 * @example
 * npsSampleSize({ marginOfError: 5 }) // => 1534
 * npsSampleSize({ marginOfError: 5, promoterShare: 0.6, detractorShare: 0.15 }) // => 839
 */
export function npsSampleSize(options: NpsSampleSizeOptions): number {
  const fn = 'npsSampleSize';
  objectArgument(fn, 'options', options, 'an object of options');
  const margin = numberOption(fn, 'marginOfError', options.marginOfError, { lower: 0, upper: 200 }) / 100;
  const confidence = confidenceOption(fn, options.confidence);
  const { promoterShare, detractorShare } = options;
  let variance = 1;
  if (promoterShare !== undefined || detractorShare !== undefined) {
    const promoters = numberOption(fn, 'promoterShare', promoterShare, { lower: 0, upper: 1, lowerInclusive: true });
    const detractors = numberOption(fn, 'detractorShare', detractorShare, { lower: 0, upper: 1, lowerInclusive: true });
    if (promoters + detractors > 1) {
      throw invalidArgument(fn, 'promoterShare + detractorShare', promoters + detractors, 'must not exceed 1');
    }
    variance = promoters + detractors - (promoters - detractors) ** 2;
  }
  const z = normalCritical(confidence);
  const size = Math.max(1, Math.ceil((z * z * variance) / (margin * margin) - 3));
  if (!Number.isSafeInteger(size)) {
    throw invalidArgument(
      fn,
      'marginOfError',
      options.marginOfError,
      'is too small: the sample would exceed 2^53 - 1 answers',
    );
  }
  return size;
}
