import { isLoyaltyMetricsError, LoyaltyMetricsError } from '../errors';
import { emptyInput, invalidArgument, invalidValue } from '../_internal/fail';
import { isArrayLike, isIterable, iterableArgument, objectArgument } from '../_internal/records';
import { compareKeys } from '../_internal/keys';
import { accessorOption, badInputPolicies, type BadInputOptions, type SkipCounts } from '../_internal/options';
import type { BandShares, OutcomeSample } from '../stats/intervals';

/** An integer answer scale, both ends included: `{ min: 0, max: 10 }` for NPS. At most 1001 points. */
export interface Scale {
  /** Lowest valid answer (an integer). */
  min: number;
  /** Highest valid answer (an integer greater than `min`, and at most `min` + 1000). */
  max: number;
}

/**
 * The mergeable state of a survey question: how many answers fell on each point of an integer
 * scale, plus how many were missing or invalid. Plain JSON: store it, send it, merge it.
 *
 * `counts[k]` is the number of answers equal to `scale.min + k`. When the tally was built with a
 * `weight` accessor, `weights[k]` and `weightSquares[k]` hold the sum of the weights and of the
 * squared weights of those answers (the squares give Kish's effective sample size).
 */
export interface Tally {
  /** The scale the answers were read on. */
  scale: Scale;
  /** Number of answers per scale point, lowest point first. */
  counts: readonly number[];
  /** Answers that were `null` or `undefined` and were skipped. */
  missing: number;
  /** Impossible answers that were skipped under `invalid: 'skip'`. */
  invalid: number;
  /** Sum of weights per scale point (weighted tallies only). */
  weights?: readonly number[] | undefined;
  /** Sum of squared weights per scale point (weighted tallies only). */
  weightSquares?: readonly number[] | undefined;
}

/**
 * How answers are read from the input: plain numbers need nothing; records need `value`.
 * `weight` makes a weighted tally (each weight 0 or from 1e-150 to 1e145). `T` is the type of
 * the input's elements, missing answers included: the default, `number | null | undefined`,
 * fits plain answers, and a record type fits records.
 */
export interface AnswerOptions<T = number | null | undefined> extends BadInputOptions {
  /** Reads the answer of a record; `null`/`undefined` means "no answer". */
  value?: ((d: T, i: number) => number | null | undefined) | undefined;
  /**
   * Reads the weight of a record: 0, or a number from 1e-150 to 1e145, so that a squared weight
   * stays above 0 and the sums of weights and of their squares stay finite for any count.
   */
  weight?: ((d: T, i: number) => number) | undefined;
}

/** Options of {@link tally}. */
export interface TallyOptions<T = number | null | undefined> extends AnswerOptions<T> {
  /** The answer scale; default `{ min: 0, max: 10 }` (the NPS question). */
  scale?: Scale | undefined;
}

/** The NPS scale, 0..10. */
export const NPS_SCALE: Scale = { min: 0, max: 10 };

// Large enough for a 0..1000 slider, small enough that a tally stays O(scale) and tiny.
const MAX_SCALE_POINTS = 1001;

/** Refuses a scale that is not `{ min, max }` with integer ends and `min < max`; `argument` names it. */
export function checkScale(fn: string, scale: unknown, argument = 'scale'): Scale {
  const { min, max } = (scale ?? {}) as Partial<Scale>;
  if (!(Number.isSafeInteger(min) && Number.isSafeInteger(max) && max! > min! && max! - min! < MAX_SCALE_POINTS)) {
    throw invalidArgument(
      fn,
      argument,
      scale,
      `must be { min, max }, integers, min < max, at most ${MAX_SCALE_POINTS} points`,
    );
  }
  return { min: min!, max: max! };
}

/**
 * True when `input` is an already-counted input rather than an iterable of answers: an object,
 * not iterable, with the field `field` (`'counts'` for a tally, `'promoters'` for NPS group counts).
 */
export function isCounted<Counted extends object>(input: unknown, field: keyof Counted & string): input is Counted {
  return typeof input === 'object' && input !== null && !(Symbol.iterator in input) && field in input;
}

// A number >= 0 that is finite, and a safe integer when `whole` (a count rather than a weight).
const isAmount = (value: unknown, whole: boolean): value is number =>
  typeof value === 'number' && value >= 0 && (whole ? Number.isSafeInteger(value) : value < Infinity);

/** A count: a safe integer >= 0. */
export const isCount = (value: unknown): value is number => isAmount(value, true);

// A weight of one answer: 0, or between 1e-150 and 1e145, so that squares and sums of weights
// stay normal doubles (Kish's effective sample size divides one by the other): a square is at
// least 1e-300, and 2^53 squares of 1e145 sum to 9e305, below the largest double.
const isWeight = (value: unknown): value is number =>
  typeof value === 'number' && (value === 0 || (value >= 1e-150 && value <= 1e145));

// An array of `size` amounts (counts when `whole`). An indexed loop with one callee, not `every`
// with a check per kind: `every` skips holes, and the loop that called either of two checks
// boxed every weight to pass it; mergeTallies, which checks every tally, took twice as long.
function sizedAmounts(values: unknown, size: number, whole: boolean): values is number[] {
  if (!Array.isArray(values) || values.length !== size) return false;
  for (let k = 0; k < size; k++) if (!isAmount(values[k], whole)) return false;
  return true;
}

// Weight sums that answers could have given: none on a point where no answer was counted, and a
// sum of squares above 0 exactly where the sum of weights is (a weight above 0 has a square above
// 0). The squared mean weight of a point is at most its mean square (Cauchy-Schwarz, so that
// n_eff <= n; twice that, for rounding), and finite. Anything else would give a score without
// answers, or an infinite or NaN effective sample size.
function weightsFitCounts(counts: number[], weights: number[], weightSquares: number[]): boolean {
  for (let k = 0; k < counts.length; k++) {
    const mean = weights[k]! / counts[k]!;
    if (
      (weights[k] === 0) !== (weightSquares[k] === 0) ||
      (counts[k] === 0 && weights[k] !== 0) ||
      mean * mean > (2 * weightSquares[k]!) / counts[k]!
    ) {
      return false;
    }
  }
  return true;
}

// Whether `input` is a tally on `scale` with well-formed counts, and weight sums that answers could have given.
function isTallyOn(input: Tally, { min, max }: Scale): boolean {
  const size = max - min + 1;
  // Anything but an object reads as a tally with no fields: malformed.
  const { scale: given, counts, missing, invalid, weights, weightSquares } = (input ?? {}) as Partial<Tally>;
  return (
    given?.min === min &&
    given.max === max &&
    sizedAmounts(counts, size, true) &&
    isCount(missing) &&
    isCount(invalid) &&
    (!(weights || weightSquares) ||
      (sizedAmounts(weights, size, false) &&
        sizedAmounts(weightSquares, size, false) &&
        weightsFitCounts(counts, weights, weightSquares)))
  );
}

/**
 * Refuses (INVALID_ARGUMENT) a tally that is not on `scale`, whose counts are malformed, or whose
 * weight sums no answers could have given; returns it unchanged otherwise. `what` names the
 * argument in the message.
 */
export function checkTally(fn: string, input: Tally, scale: Scale, what = 'tally'): Tally {
  if (!isTallyOn(input, scale)) {
    throw invalidArgument(fn, what, input, `is malformed or not on ${scale.min}..${scale.max} (see the Tally type)`);
  }
  return input;
}

/**
 * Reads the input of a survey metric: a tally (checked against the scale the metric needs) or
 * an iterable of answers (tallied on `scale`).
 */
export function resolveTally<T>(
  fn: string,
  input: Iterable<T> | Tally,
  scale: Scale,
  options: AnswerOptions<T>,
): Tally {
  if (!isCounted<Tally>(input, 'counts')) {
    return countAnswers(fn, iterableArgument(fn, 'data', input, 'answers or a tally'), scale, options);
  }
  countedInputOptions(fn, options, 'a tally');
  return checkTally(fn, input, scale);
}

/**
 * Checks the options given with answers already counted (a tally, or NPS group counts): no
 * accessor can apply, and a policy, which took effect when the answers were counted, must still
 * be one of the policies.
 */
export function countedInputOptions<T>(fn: string, options: AnswerOptions<T>, what: string): void {
  if (options.value || options.weight) throw invalidArgument(fn, 'value/weight', 'accessor', `cannot apply to ${what}`);
  badInputPolicies(fn, options);
}

// The hot loop, apart from the closures of countAnswers so that its variables stay in registers
// and no call sits inside it: it counts valid answers from `start` and returns the index of the
// first value that is not one (or the length).
function countValidRun(values: ArrayLike<unknown>, start: number, min: number, size: number, counts: number[]): number {
  const n = values.length;
  let i = start;
  for (; i < n; i++) {
    const answer = values[i];
    // (k >>> 0) === k holds exactly for integers k in [0, 2^32): with k < size, a valid answer.
    const k = typeof answer === 'number' ? answer - min : -1;
    if (k >>> 0 === k && k < size) counts[k]!++;
    else return i;
  }
  return i;
}

// Built by push so the engine keeps a packed array of small integers: the fastest to increment.
function zeros(size: number): number[] {
  const values: number[] = [];
  for (let k = 0; k < size; k++) values.push(0);
  return values;
}

/**
 * The bad-input policies of `options`, checked once. The returned function refuses a bad value
 * (INVALID_VALUE) or counts it in `skipped`, as the policy for its kind says; with `why` omitted,
 * the value is a non-answer of `scale`, missing when `null`/`undefined` and invalid otherwise.
 */
export function badValues(
  fn: string,
  options: BadInputOptions,
  scale: Scale,
  skipped: SkipCounts,
): (index: number, value: unknown, why?: string) => void {
  const policy = badInputPolicies(fn, options);
  return (index, value, why) => {
    const kind = why === undefined && (value === null || value === undefined) ? 'missing' : 'invalid';
    if (policy[kind] === 'throw') {
      throw invalidValue(
        fn,
        index,
        value,
        why ?? (kind === 'missing' ? "missing: 'throw'" : `not an integer in ${scale.min}..${scale.max}`),
      );
    }
    skipped[kind]++;
  };
}

/** A tally being filled, with the function that counts one record into it. */
interface TallyCounter<T> {
  /** The tally so far; its counts are this counter's to fill. */
  counted: Tally & { counts: number[] };
  /** Counts the record at `index` of the input, read through the accessors, or hands it to the bad-input policy. */
  count: (record: T, index: number) => void;
}

// The options are checked here, once per counter; `countAnswers` adds the loops over an input.
function tallyCounter<T>(fn: string, scale: Scale, options: AnswerOptions<T>): TallyCounter<T> {
  const valueOf = accessorOption(fn, 'value', options.value);
  const weightOf = accessorOption(fn, 'weight', options.weight);
  const { min, max } = scale;
  const size = max - min + 1;
  const counts = zeros(size);
  const counted: TallyCounter<T>['counted'] = { scale: { min, max }, counts, missing: 0, invalid: 0 };
  const refuse = badValues(fn, options, scale, counted);
  const weights = weightOf && (counted.weights = zeros(size));
  const weightSquares = weightOf && (counted.weightSquares = zeros(size));
  const count = (record: T, index: number): void => {
    const answer: unknown = valueOf ? valueOf(record, index) : record;
    const k = typeof answer === 'number' ? answer - min : -1;
    if (!(k >>> 0 === k && k < size)) return refuse(index, answer);
    if (weights && weightSquares) {
      const w: unknown = weightOf!(record, index);
      if (!isWeight(w)) return refuse(index, w, 'a weight must be 0 or a number from 1e-150 to 1e145');
      weights[k]! += w;
      weightSquares[k]! += w ** 2;
    }
    counts[k]!++;
  };
  return { counted, count };
}

/**
 * The counting loop behind every survey metric. Arrays and typed arrays without accessors take
 * a loop with no call and no allocation per element; everything else goes through the accessors.
 * The callers have checked that `data` is iterable and not a string (iterableArgument, with the
 * message that fits what they accept).
 */
export function countAnswers<T>(fn: string, data: Iterable<T>, scale: Scale, options: AnswerOptions<T>): Tally {
  const { counted, count } = tallyCounter(fn, scale, options);
  if (!options.value && !options.weight && isArrayLike(data)) {
    const { counts } = counted;
    for (let i = 0; (i = countValidRun(data, i, scale.min, counts.length, counts)) < data.length; i++) {
      count(data[i] as T, i);
    }
  } else {
    let index = 0;
    for (const record of data) count(record, index++);
  }
  return counted;
}

/**
 * Counts answers on an integer scale into a {@link Tally}: the mergeable state every survey
 * metric (`nps`, `csat`, `ces`, ...) accepts in place of raw answers.
 *
 * Edge cases: `null`/`undefined` answers are counted as `missing`; NaN, Infinity, strings,
 * non-integers and out-of-scale answers throw `INVALID_VALUE` (or are counted as `invalid`
 * under `invalid: 'skip'`). An empty input gives a tally of zeros: emptiness is refused by the
 * metric that needs answers, not here. Counts are exact; the weight sums of a weighted tally are
 * floating-point sums in the order of the answers, so another order can change their last bit
 * (0.1 + 0.2 + 0.3 is 0.6000000000000001, 0.3 + 0.2 + 0.1 is 0.6), and with it the last digits of
 * a weighted metric.
 *
 * @param data - answers, or records read through `options.value`
 * @param options - scale (default 0..10), accessors and bad-input policies
 * @returns a plain JSON tally
 * @throws LoyaltyMetricsError `INVALID_VALUE` for an impossible answer or weight,
 *   `INVALID_ARGUMENT` for a bad scale, accessor or policy
 * @example
 * tally([10, 9, null, 7, 0], { scale: { min: 0, max: 10 } }).counts
 * // => [1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1]
 * tally([5, 4, 4], { scale: { min: 1, max: 5 } }) // => { counts: [0, 0, 0, 2, 1], missing: 0 }
 */
export function tally<T = number>(data: Iterable<T>, options: TallyOptions<T> = {}): Tally {
  objectArgument('tally', 'options', options, 'an object of options');
  const scale = options.scale === undefined ? NPS_SCALE : checkScale('tally', options.scale);
  return countAnswers('tally', iterableArgument('tally', 'data', data, 'answers'), scale, options);
}

/**
 * Adds tallies of the same scale: the tally of all their answers together. Merging is
 * associative and commutative, so tallies from shards, workers or days combine in any order:
 * exactly for the counts, and up to floating-point rounding for the weight sums of weighted
 * tallies (0.1 + 0.2 + 0.3 depends on the order of the additions in the last bit).
 * All tallies must share one scale, and be all weighted or all unweighted. They come one by one
 * (`mergeTallies(a, b)`, `mergeTallies(...list)`), or as one iterable (`mergeTallies(list)`), which
 * takes any number: a spread passes each tally as an argument, and engines refuse a call of more
 * than about 120,000 (V8) with a `RangeError` before the function runs.
 *
 * @param tallies - one or more tallies, or one iterable of tallies
 * @returns a new tally; the inputs are not modified
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for no tally, a malformed tally, different
 *   scales, weighted mixed with unweighted tallies, or sums a tally cannot hold (more than
 *   2^53 − 1 answers of one kind, or weight sums beyond the largest double); the message and
 *   `details.argument` name the tally by its position, `tallies[i]`
 * @example
 * const monday = tally([10, 9, 3]);
 * const tuesday = tally([8, 10]);
 * mergeTallies(monday, tuesday).counts[10] // => 2
 * mergeTallies([monday, tuesday]).counts[10] // => 2
 */
export function mergeTallies(...tallies: Tally[]): Tally;
/** The tallies as one iterable: any number of them (see above). */
export function mergeTallies(tallies: Iterable<Tally>): Tally;
export function mergeTallies(...given: unknown[]): Tally {
  // A tally is a plain object, never iterable: a lone iterable argument is the list of tallies.
  const tallies = (
    given.length === 1 && isIterable(given[0])
      ? [...iterableArgument('mergeTallies', 'tallies', given[0], 'tallies')]
      : given
  ) as Tally[];
  const first = tallies[0];
  if (first === undefined) throw invalidArgument('mergeTallies', 'tallies', tallies, 'must hold at least one tally');
  // A list where a tally belongs (two lists, a list in a list, a Map's [key, tally] entries).
  if (isIterable(first)) {
    throw invalidArgument('mergeTallies', 'tallies[0]', first, 'is a list, not a tally (of a Map, pass values())');
  }
  // The first tally sets the scale; a bad one is named by its position, as any later tally is.
  const { min, max } = checkScale('mergeTallies', (first as Partial<Tally> | null)?.scale, 'tallies[0].scale');
  // Weighted as checkTally reads it: `weights: null`, as a store may write an absent field, is unweighted.
  const weighted = !!first.weights;
  const size = max - min + 1;
  const counts = new Array<number>(size).fill(0);
  const weights = new Array<number>(size).fill(0);
  const weightSquares = new Array<number>(size).fill(0);
  const scale = { min, max };
  const result: Tally = weighted
    ? { scale, counts, missing: 0, invalid: 0, weights, weightSquares }
    : { scale, counts, missing: 0, invalid: 0 };
  // Refusals name the tally by its position: a merge of a thousand shards says which one is bad.
  let position = 0;
  const refuse = (t: Tally, why: string): Error => invalidArgument('mergeTallies', `tallies[${position}]`, t, why);
  // A sum no tally can hold (as checkTally reads it) is refused here, not by the next reader; the
  // tally named is the one whose addition overflowed.
  const overflowed = (t: Tally): Error =>
    refuse(t, 'must sum to at most 2^53 - 1 answers of each kind and finite weights');
  // One loop that checks and adds, and after it nothing that has not run before it: the engine
  // compiles a long loop while it runs, and code after the loop that had never run (a second loop,
  // the result built there) sent that compiled code back to the interpreter on every later call.
  for (; position < tallies.length; position++) {
    const t = tallies[position]!;
    // The predicate first, and checkTally (which throws) only for a bad tally: building the name
    // `tallies[i]` for every tally made a merge of 1,000 tallies about 35% slower.
    if (!isTallyOn(t, scale)) checkTally('mergeTallies', t, scale, `tallies[${position}]`);
    if (!t.weights === weighted) throw refuse(t, 'must be all weighted or all unweighted');
    for (let k = 0; k < size; k++) {
      const count = (counts[k]! += t.counts[k]!);
      if (!(count <= Number.MAX_SAFE_INTEGER)) throw overflowed(t);
      if (weighted) {
        const weight = (weights[k]! += t.weights![k]!);
        const square = (weightSquares[k]! += t.weightSquares![k]!);
        if (!(weight < Infinity && square < Infinity)) throw overflowed(t);
      }
    }
    result.missing += t.missing;
    result.invalid += t.invalid;
    if (!(result.missing <= Number.MAX_SAFE_INTEGER && result.invalid <= Number.MAX_SAFE_INTEGER)) throw overflowed(t);
  }
  return result;
}

/** A group key: a segment name, a period such as `2024-03`, or a number. */
export type GroupKey = string | number;

/** Options of {@link tallyBy}; `K` is the type of the keys the accessor returns. */
export interface TallyByOptions<T = number | null | undefined, K extends GroupKey = GroupKey> extends TallyOptions<T> {
  /** Reads the group of a record, e.g. a segment, or a period via `periodOf`. */
  key: (d: T, i: number) => K | null | undefined;
}

/** One group of {@link tallyBy}. */
export interface TallyGroup<K extends GroupKey = GroupKey> {
  /** The group's key as the accessor returned it. */
  key: K;
  /** The tally of the group's answers. */
  tally: Tally;
}

/** Result of {@link tallyBy}. */
export interface TallyGroups<K extends GroupKey = GroupKey> {
  /** One tally per key, numbers first (ascending), then strings (code-unit order). */
  groups: TallyGroup<K>[];
  /**
   * Records skipped under `invalid: 'skip'` because their key was missing or not a string or finite
   * number, or their key accessor met an invalid value (a blank date given to `periodOf`).
   */
  invalidKeys: number;
}

/**
 * Tallies answers per group, e.g. per customer segment or per month (with
 * `key: (d) => periodOf(d.date, { period: 'month' })`). Each group's tally is what
 * {@link tally} would give for that group's records alone, so metrics per group and the
 * merge of all groups agree with the whole (for weighted tallies, up to the rounding of the
 * weight sums, which are added in another order). Records are read once, in order: the key, then the
 * answer and the weight, so that a refusal names the first bad record of the input.
 *
 * A record whose key is `null`, `undefined`, NaN or neither a string nor a number throws
 * `INVALID_VALUE`; under `invalid: 'skip'` it is skipped and counted in `invalidKeys`. So is a
 * record whose key accessor throws `INVALID_VALUE`, as {@link periodOf} does for a blank or
 * unparseable date: the error names the record's index. Other errors of the accessor propagate.
 *
 * @param data - records
 * @param options - `key` accessor plus the options of {@link tally}
 * @returns groups sorted by key
 * @throws LoyaltyMetricsError `INVALID_VALUE` for an impossible answer, weight or key;
 *   `INVALID_ARGUMENT` for a bad option
 * @example
 * const answers = [
 *   { plan: 'pro', score: 10 },
 *   { plan: 'basic', score: 3 },
 *   { plan: 'pro', score: 9 },
 * ];
 * const byPlan = tallyBy(answers, { key: (d) => d.plan, value: (d) => d.score });
 * byPlan.groups.map((g) => g.key) // => ['basic', 'pro']
 * byPlan.groups.map((g) => [g.key, nps(g.tally)]) // => [['basic', -100], ['pro', 100]]
 */
export function tallyBy<T, K extends GroupKey = GroupKey>(
  data: Iterable<T>,
  options: TallyByOptions<T, K>,
): TallyGroups<K> {
  const fn = 'tallyBy';
  objectArgument(fn, 'options', options, 'an object with a key accessor');
  const keyOf = accessorOption(fn, 'key', options.key);
  if (keyOf === undefined) throw invalidArgument(fn, 'key', undefined, 'must be a function');
  const scale = options.scale === undefined ? NPS_SCALE : checkScale(fn, options.scale);
  iterableArgument(fn, 'data', data, 'answers');
  // Checks every option once, even when the input is empty.
  tallyCounter(fn, scale, options);
  const skipInvalid = options.invalid === 'skip';
  // One pass, in the order of the input: each record's key, then its answer and weight, so that
  // accessors are called and errors met as by tally itself.
  const members = new Map<K, TallyCounter<T>>();
  let invalidKeys = 0;
  let index = 0;
  for (const record of data) {
    const i = index++;
    let key: K | null | undefined;
    try {
      key = keyOf(record, i);
    } catch (error) {
      // A bad value met by the key, such as a blank date given to periodOf: a bad row, with its index.
      // Recognised by name and code: the key may call the other copy of the package (ESM or CJS).
      if (!isLoyaltyMetricsError(error) || error.code !== 'INVALID_VALUE') throw error;
      if (!skipInvalid) throw invalidValue(fn, i, error.details.value, `key: ${error.message}`);
      invalidKeys++;
      continue;
    }
    // Checked at run time too: a JavaScript caller's accessor may return anything.
    if (!((typeof key === 'number' && Number.isFinite(key)) || typeof key === 'string')) {
      if (!skipInvalid) throw invalidValue(fn, i, key, 'a group key must be a string or a finite number');
      invalidKeys++;
      continue;
    }
    let group = members.get(key);
    if (group === undefined) {
      group = tallyCounter(fn, scale, options);
      members.set(key, group);
    }
    group.count(record, i);
  }
  const groups: TallyGroup<K>[] = [...members].map(([key, group]) => ({ key, tally: group.counted }));
  groups.sort((a, b) => compareKeys(a.key, b.key));
  return { groups, invalidKeys };
}

/** EMPTY_INPUT for answers with nothing to compute from: no valid answer, or weights summing to 0. */
export function noAnswers(fn: string, input: SkipCounts & Pick<Tally, 'weights'>): Error {
  return emptyInput(
    fn,
    `no valid answers${input.weights ? ' with a weight > 0' : ''} (missing: ${input.missing}, invalid: ${input.invalid})`,
  );
}

/** Sums of the low, middle and high bands of a scale. */
export type Bands = [low: number, middle: number, high: number];

// Sums `values` (one per point of the tally's scale) over the points <= lowUpTo, between, and >= highFrom.
function sumBands(input: Tally, values: readonly number[], lowUpTo: number, highFrom: number): Bands {
  const sums: Bands = [0, 0, 0];
  values.forEach((value, k) => {
    const point = input.scale.min + k;
    sums[point <= lowUpTo ? 0 : point >= highFrom ? 2 : 1] += value;
  });
  return sums;
}

/**
 * Weight sums (answer counts when the tally is unweighted) of the answers <= `lowUpTo`, between,
 * and >= `highFrom`; refuses (EMPTY_INPUT) a tally with no answer or whose weights sum to 0.
 */
export function bandWeights(fn: string, input: Tally, lowUpTo: number, highFrom: number): Bands {
  const weights = sumBands(input, input.weights ?? input.counts, lowUpTo, highFrom);
  if (!(weights[0] + weights[1] + weights[2] > 0)) throw noAnswers(fn, input);
  return weights;
}

/** Answer counts and weight sums of three adjacent bands of a scale (low, middle, high). */
export interface ThreeWaySplit {
  /** Answers in the low band. */
  low: number;
  /** Answers in the middle band. */
  middle: number;
  /** Answers in the high band. */
  high: number;
  /** Total answers. */
  n: number;
  /** Weight sums of the bands (their answer counts for an unweighted tally), from {@link bandWeights}. */
  weights: Bands;
  /** Sum of the weights (n for an unweighted tally). */
  totalWeight: number;
  /** Kish's effective sample size (Σw)² / Σw²; n for an unweighted tally. */
  effectiveN: number;
}

/** The answers of one sample of a comparison or interval: used, and skipped by kind. */
export interface SampleCounts {
  /** Valid answers. */
  n: number;
  /** Kish's effective sample size; equals n without weights. */
  effectiveN: number;
  /** Answers skipped as missing. */
  missing: number;
  /** Answers skipped as invalid (under `invalid: 'skip'`). */
  invalid: number;
}

/**
 * The answers in one outer band of a split (`'high'` or `'low'`) as the sample a proportion
 * interval or test reads: the band's (weighted) share of Kish's effective sample size, and the
 * rest's share as failures, out of that size (the answer counts when unweighted).
 */
export function bandSample(
  { weights: [low, middle, high], totalWeight, effectiveN }: ThreeWaySplit,
  band: 'low' | 'high',
): OutcomeSample {
  const [inBand, rest] = band === 'high' ? [high, low + middle] : [low, middle + high];
  return { successes: (inBand / totalWeight) * effectiveN, failures: (rest / totalWeight) * effectiveN, n: effectiveN };
}

/** The {@link SampleCounts} of a sample read into a tally and its split. */
export function sampleCounts({ counted, split }: { counted: Tally; split: ThreeWaySplit }): SampleCounts {
  return { n: split.n, effectiveN: split.effectiveN, missing: counted.missing, invalid: counted.invalid };
}

// Refusals that are about one sample rather than the options: its answers, its tally or group
// counts, and an accessor given for a sample that is already counted.
const SAMPLE_ARGUMENTS: readonly unknown[] = ['data', 'tally', 'counts', 'value/weight'];

/**
 * Runs `read` on sample `label` of a comparison and names the sample in what it refuses:
 * `fn: sample b: invalid value at index 3: ...`, with `details.sample`. A comparison reads both
 * samples with one set of options, so without the label an index or an empty sample could be
 * either's. Refusals of options, and errors of the caller's own accessors, pass unchanged: an
 * accessor's error is told apart by its message, which names another function, or by the sample
 * it names already (a comparison called inside an accessor).
 */
export function readSample<S>(fn: string, label: 'a' | 'b', read: () => S): S {
  try {
    return read();
  } catch (error) {
    const prefix = `${fn}: `;
    if (
      !(error instanceof LoyaltyMetricsError) ||
      !error.message.startsWith(prefix) ||
      error.details.sample !== undefined ||
      (error.code === 'INVALID_ARGUMENT' && !SAMPLE_ARGUMENTS.includes(error.details.argument))
    ) {
      throw error;
    }
    throw new LoyaltyMetricsError(error.code, `${prefix}sample ${label}: ${error.message.slice(prefix.length)}`, {
      ...error.details,
      sample: label,
    });
  }
}

/**
 * Splits a tally into answers <= `lowUpTo`, between, and >= `highFrom`; refuses (EMPTY_INPUT)
 * a tally with no answer or no weight.
 */
export function splitTally(fn: string, input: Tally, lowUpTo: number, highFrom: number): ThreeWaySplit {
  const weights = bandWeights(fn, input, lowUpTo, highFrom);
  const [low, middle, high] = sumBands(input, input.counts, lowUpTo, highFrom);
  const totalWeight = weights[0] + weights[1] + weights[2];
  const n = low + middle + high;
  // n itself without weights: n² / n is not n once n² passes 2^53. With weights, (Σw)² / Σw² as
  // Σw · (Σw / Σw²): (Σw)² overflows once Σw passes 1.3e154 (13,400 answers of weight 1e150).
  // Kept in [1, n], where it lies: rounding put 30 equal weights of 0.69 at 30.000000000000014.
  const effectiveN = input.weightSquares
    ? Math.min(
        n,
        Math.max(1, totalWeight * (totalWeight / input.weightSquares.reduce((sum, square) => sum + square, 0))),
      )
    : n;
  return { low, middle, high, n, weights, totalWeight, effectiveN };
}

/** Mean and spread of the answers of a tally (weighted when it is), for means and t intervals. */
export interface TallyMoments {
  /** (Weighted) mean answer. */
  mean: number;
  /**
   * Standard deviation: the sample one, or with weights Σw(x - m)²/Σw scaled by n_eff / (n_eff - 1);
   * meaningful only when the effective sample size is above 1.
   */
  standardDeviation: number;
}

/**
 * Moments of a tally's answers, with the total weight and effective sample size of its split,
 * so that an interval uses the sizes its result reports. The split has refused an empty tally.
 */
export function tallyMoments(input: Tally, { totalWeight, effectiveN }: ThreeWaySplit): TallyMoments {
  const { min } = input.scale;
  const weights = input.weights ?? input.counts;
  // Kept between the lowest and the highest answer. With fractional weights the products and
  // sums round: one answer 6 of weight 0.7 had a mean of 5.999999999999999, and five weighted 3s
  // against five other 3s had a spread, "different" at p = 0.047. Answers all on one point now
  // have that point as their mean and no spread; unweighted means, correctly rounded, never
  // needed it.
  const lowest = weights.findIndex((weight) => weight > 0);
  let highest = weights.length - 1;
  while (!(weights[highest]! > 0)) highest--;
  let weightedSum = 0;
  for (let k = lowest; k <= highest; k++) weightedSum += weights[k]! * (min + k);
  const mean = Math.min(min + highest, Math.max(min + lowest, weightedSum / totalWeight));
  let deviationSum = 0;
  for (let k = lowest; k <= highest; k++) deviationSum += weights[k]! * (min + k - mean) ** 2;
  const variance = ((deviationSum / totalWeight) * effectiveN) / (effectiveN - 1);
  return { mean, standardDeviation: Math.sqrt(variance) };
}

/** Shares of the three bands of a split, weighted when the tally is; they sum to 1. */
export function bandShares(split: ThreeWaySplit): BandShares {
  const [low, middle, high] = split.weights;
  const { totalWeight } = split;
  return { low: low / totalWeight, middle: middle / totalWeight, high: high / totalWeight };
}
