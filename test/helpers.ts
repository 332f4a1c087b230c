import { fc } from '@fast-check/vitest';
import { expect } from 'vitest';
import { LoyaltyMetricsError, type LoyaltyMetricsErrorCode } from '../src/errors';
import { invertSymmetric } from '../src/stats/optimize';

/** Runs `action` and asserts it throws a LoyaltyMetricsError with `code`, naming `fn` first. */
export function expectError(action: () => unknown, code: LoyaltyMetricsErrorCode, fn?: string): LoyaltyMetricsError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a LoyaltyMetricsError').toBeInstanceOf(LoyaltyMetricsError);
  const error = caught as LoyaltyMetricsError;
  expect(error.code).toBe(code);
  if (fn !== undefined) expect(error.message.startsWith(`${fn}: `), error.message).toBe(true);
  return error;
}

/**
 * Asserts that each named value, rounded to the decimals of its published figure, is that figure:
 * a fit compared with a paper's table at the precision the paper prints (`'0.750'` has 3 decimals).
 */
export function expectAsPublished<V extends object>(values: V, published: { [K in keyof V]?: string }): void {
  for (const [name, figure] of Object.entries(published) as Array<[keyof V & string, string]>) {
    const decimals = figure.split('.')[1]?.length ?? 0;
    expect((values[name] as number).toFixed(decimals), name).toBe(figure);
  }
}

/** |actual − expected| / |expected|: how far a result is from a reference value, relatively. */
export const relativeError = (actual: number, expected: number): number =>
  Math.abs(actual - expected) / Math.abs(expected);

/** Deep-freezes a value so that any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A comparison of two samples of answers, as compareNps, compareCsat and compareCes take them. */
type Comparison = (
  a: unknown[],
  b: unknown[],
  options?: { invalid?: 'skip' | 'throw' },
) => { samples: [{ missing: number; invalid: number }, { missing: number; invalid: number }] };

/**
 * Asserts how the comparison `fn` treats bad answers in either sample: missing ones are left out
 * and counted per sample, each impossible answer is refused at its index (1) with its value and
 * the sample it is in, and under `invalid: 'skip'` it is left out and counted. `a` and `b` are valid answers, `invalid` one
 * impossible answer per sample.
 */
export function expectBadAnswersPerSample(
  fn: string,
  compare: Comparison,
  [a, b]: [number[], number[]],
  impossibleAnswers: unknown[],
  invalid: [unknown, unknown],
): void {
  const clean = compare(a, b);
  const counted = (field: 'missing' | 'invalid') => ({
    ...clean,
    samples: clean.samples.map((sample) => ({ ...sample, [field]: 1 })),
  });
  const withAt1 = (values: number[], extra: unknown): unknown[] => [values[0], extra, ...values.slice(1)];
  expect(compare(withAt1(a, null), withAt1(b, undefined))).toEqual(counted('missing'));
  for (const bad of impossibleAnswers) {
    for (const [first, second, sample] of [
      [withAt1(a, bad), b, 'a'],
      [a, withAt1(b, bad), 'b'],
    ] as const) {
      const error = expectError(() => compare(first, second), 'INVALID_VALUE', fn);
      expect(error.details).toEqual({ index: 1, value: bad, sample });
      expect(error.message.startsWith(`${fn}: sample ${sample}: invalid value at index 1: `), error.message).toBe(true);
    }
  }
  expect(compare(withAt1(a, invalid[0]), withAt1(b, invalid[1]), { invalid: 'skip' })).toEqual(counted('invalid'));
}

/** Expands `{ score: count }` into an array of answers, e.g. { 10: 2, 0: 1 } -> [10, 10, 0]. */
export function answers(counts: Record<number, number>): number[] {
  return Object.entries(counts).flatMap(([score, count]) => new Array<number>(count).fill(Number(score)));
}

/** Central-difference gradient of `f` at `at`, with steps 1e-6 relative: to check analytic gradients. */
export function numericGradient(f: (values: number[]) => number, at: number[]): number[] {
  return at.map((value, k) => {
    const h = 1e-6 * value;
    const up = [...at];
    const down = [...at];
    up[k] = value + h;
    down[k] = value - h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/**
 * Derivative at 0 of `f(shift)` by Richardson-extrapolated central differences with steps h and
 * h/2 (error O(h⁴)): to check analytic derivatives where plain differences are not accurate enough.
 */
export function extrapolatedDerivative(f: (shift: number) => number, h: number): number {
  const central = (step: number): number => (f(step) - f(-step)) / (2 * step);
  return (4 * central(h / 2) - central(h)) / 3;
}

/**
 * Checks a fit of -LL + n λ Σ θ² (`penalizer` λ) at `at`: stationary there (∂LL/∂θ_k = 2 n λ θ_k,
 * the residual on the log scale and relative to n within `tolerance`, the fit's), and reporting as
 * covariance the inverse of that objective's information -∂²LL/∂θ² + 2 n λ I, taken here by
 * differences of the analytic gradient, with the standard errors of that covariance and a
 * positive number of iterations.
 */
export function expectPenalizedOptimum(
  model: { n: number; penalizer: number; covariance: number[][]; standardErrors: object; iterations: number },
  at: number[],
  gradientAt: (values: number[]) => Float64Array,
  tolerance: number,
): void {
  const ridge = 2 * model.n * model.penalizer;
  gradientAt(at).forEach((value, k) =>
    expect(Math.abs(((value - ridge * at[k]!) * at[k]!) / model.n), `gradient ${k}`).toBeLessThan(tolerance),
  );
  const information = at.map((_, i) =>
    numericGradient((values) => -gradientAt(values)[i]!, at).map((value, j) => value + (i === j ? ridge : 0)),
  );
  const covariance = invertSymmetric(information)!;
  model.covariance.forEach((row, i) =>
    row.forEach((value, j) => expect(value / covariance[i]![j]!, `covariance ${i}, ${j}`).toBeCloseTo(1, 4)),
  );
  expect(Object.values(model.standardErrors)).toEqual(model.covariance.map((row, k) => Math.sqrt(row[k]!)));
  expect(Number.isSafeInteger(model.iterations) && model.iterations > 0).toBe(true);
}

/** A fitted model as the fit functions return it: parameters and standard errors in the same order. */
interface FittedModel {
  params: object;
  standardErrors: object;
  logLikelihood: number;
  n: number;
}

/** What a fit gave: the model, or its NOT_CONVERGED refusal with the estimate it stopped at. */
export type FitOutcome = FittedModel | { code: 'NOT_CONVERGED'; estimate: number[]; logLikelihood: number };

/** Runs a fit, catching NOT_CONVERGED (any other error is thrown). */
export function fitOutcome(fit: () => FittedModel): FitOutcome {
  try {
    return fit();
  } catch (error) {
    if (!(error instanceof LoyaltyMetricsError && error.code === 'NOT_CONVERGED')) throw error;
    const { estimate, logLikelihood } = error.details as { estimate: number[]; logLikelihood: number };
    return { code: error.code, estimate, logLikelihood };
  }
}

/** The objective a fit minimizes, for the original customers: their number, the penalizer, LL and ∂LL/∂θ. */
export interface FitObjective {
  n: number;
  penalizer: number;
  at: (params: number[]) => { logLikelihood: number; gradient: ArrayLike<number> };
}

/**
 * Asserts that a maximum-likelihood fit of customers does not depend on their order and that
 * copies of every customer keep its estimate. A fit reads its customers as distinct rows with
 * counts, in an order of their own, so the same customers in another order (`reordered`) give the
 * same result to the last bit, and so do copies as repeated rows and as a count (`copied`, in that
 * order). Each fit minimizes the mean negative log-likelihood plus a penalty that does not depend
 * on n, so copies pose the same problem: with a power of two copies, every count and sum doubles
 * exactly and the search takes the same steps to the same estimate; otherwise the last bits of the
 * objective differ and
 *
 * - a fitted original: the copies are fitted at its estimate, to where a search stops:
 *   `tolerance.relative` (1e-6 after Newton steps, a few 1e-6 after BFGS) plus, for BFGS,
 *   `tolerance.standardErrors` of each standard error (along a flat direction of the likelihood,
 *   a standard error several times the estimate, BFGS stops anywhere within a few millionths of a
 *   standard error), with the same log-likelihood times copies (to 1e-7 per customer: a sum of
 *   log-densities can be near 0, so not relative) and `copies` times the customers;
 * - a refused original (NOT_CONVERGED): copies are more data: the estimate stays but its standard
 *   errors shrink by √copies, so a refusal for standard errors above 10 times the estimate may
 *   pass with copies. Then the copies are fitted at a stationary point of the original's objective
 *   (its log-gradient, over n, below 1e-6), with copies × its log-likelihood there; at the
 *   estimate the original was refused with when their log-likelihoods agree (each parameter within
 *   a thousandth of its standard error: the refused search stopped at its own tolerance, on a flat
 *   likelihood). The refusal reports the last search's estimate: a Newton search refused for its
 *   standard errors may have stopped at another, higher, maximum, where the copies' fit then stops too.
 */
export function expectSameFit(
  original: FitOutcome,
  reordered: FitOutcome,
  copied: [repeated: FitOutcome, counted: FitOutcome],
  copies: number,
  tolerance: { relative: number; standardErrors?: number },
  objective: FitObjective,
): void {
  expect(reordered).toEqual(original);
  expect(copied[1]).toEqual(copied[0]);
  const powerOfTwo = (copies & (copies - 1)) === 0;
  if (powerOfTwo && !('code' in original) && !('code' in copied[0])) {
    expect(copied[0].params).toEqual(original.params);
    expect(copied[0].logLikelihood).toBe(copies * original.logLikelihood);
  }
  // Log-likelihoods compared per customer: a sum of log-densities can be near 0 (spend in cents).
  const perCustomer = (difference: number): number => Math.abs(difference) / (copies * objective.n);
  if ('code' in original) {
    for (const other of copied) {
      if ('code' in other) {
        expect(other.code).toBe(original.code);
        continue;
      }
      const at = Object.values(other.params) as number[];
      const { n, penalizer } = objective;
      const { logLikelihood, gradient } = objective.at(at);
      expect(perCustomer(other.logLikelihood - copies * logLikelihood)).toBeLessThan(1e-7);
      Array.from(gradient).forEach((slope, k) => {
        const stationary = (at[k]! * (slope - 2 * n * penalizer * at[k]!)) / n;
        expect(Math.abs(stationary), `log-gradient ${k}`).toBeLessThan(1e-6);
      });
      if (perCustomer(other.logLikelihood - copies * original.logLikelihood) < 1e-7) {
        const errors = Object.values(other.standardErrors) as number[];
        at.forEach((value, k) => {
          expect(Math.abs(value - original.estimate[k]!), `parameter ${k}`).toBeLessThan(1e-3 * errors[k]!);
        });
      }
    }
    return;
  }
  const estimate = Object.values(original.params) as number[];
  const errors = Object.values(original.standardErrors) as number[];
  for (const other of copied) {
    expect(other).toHaveProperty('params');
    if ('code' in other) continue;
    (Object.values(other.params) as number[]).forEach((value, k) => {
      const slack = tolerance.relative * estimate[k]! + (tolerance.standardErrors ?? 0) * errors[k]!;
      expect(Math.abs(value - estimate[k]!), `parameter ${k}`).toBeLessThan(slack);
    });
    expect(perCustomer(other.logLikelihood - copies * original.logLikelihood)).toBeLessThan(1e-7);
    expect(other.n).toBe(copies * original.n);
  }
}

/** Every order of `items` (n! lists: keep n small). */
export const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((first, k) => permutations(items.filter((_, j) => j !== k)).map((rest) => [first, ...rest]));

/** What a row of {@link withDefects} is: clean, or which defect it carries. */
export type LogRowKind = 'clean' | 'no customer' | 'no date' | 'no amount' | 'refund' | 'free order';

/**
 * Transaction logs as exports hold them: the rows of `clean`, with refunds (negative amounts),
 * orders of 0 and rows missing a field (null or undefined), made from rows of `transaction` and
 * put in anywhere. Each row comes with its kind.
 */
export function withDefects<T extends object>(
  clean: fc.Arbitrary<T[]>,
  transaction: fc.Arbitrary<T>,
): fc.Arbitrary<Array<{ kind: LogRowKind; row: Record<string, unknown> }>> {
  const defect = fc.tuple(
    transaction,
    fc.constantFrom<LogRowKind>('no customer', 'no date', 'no amount', 'refund', 'free order'),
    fc.constantFrom(null, undefined),
    fc.integer({ min: 1, max: 10_000 }),
    fc.nat(),
  );
  return fc.tuple(clean, fc.array(defect, { minLength: 1, maxLength: 8 })).map(([rows, defects]) => {
    const entries: Array<{ kind: LogRowKind; row: Record<string, unknown> }> = rows.map((row) => ({
      kind: 'clean',
      row: row as Record<string, unknown>,
    }));
    for (const [t, kind, absent, cents, at] of defects) {
      const row =
        kind === 'no customer'
          ? { ...t, customerId: absent }
          : kind === 'no date'
            ? { ...t, date: absent }
            : kind === 'no amount'
              ? { ...t, amount: absent }
              : { ...t, amount: kind === 'refund' ? -cents / 100 : 0 };
      entries.splice(at % (entries.length + 1), 0, { kind, row });
    }
    return entries;
  });
}

/** The fields of a two-sample comparison that swapping the samples mirrors. */
interface ComparisonResult {
  low: number;
  high: number;
  pValue: number;
  standardError: number;
  samples: readonly unknown[];
}

/**
 * Asserts that `ba` (b against a) mirrors `ab`: bounds swapped and negated and the standard error
 * kept, each to its number of `digits`, the p-value kept to 12 digits, and the samples reversed.
 */
export function expectMirrored(
  ab: ComparisonResult,
  ba: ComparisonResult,
  digits: { bounds: number; standardError: number },
): void {
  expect(ab.low).toBeCloseTo(-ba.high, digits.bounds);
  expect(ab.high).toBeCloseTo(-ba.low, digits.bounds);
  expect(ab.pValue).toBeCloseTo(ba.pValue, 12);
  expect(ab.standardError).toBeCloseTo(ba.standardError, digits.standardError);
  expect(ab.samples).toEqual([...ba.samples].reverse());
}
