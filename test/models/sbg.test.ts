import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  churnProbability,
  discountedExpectedResidualLifetime,
  fitShiftedBetaGeometric,
  sbgLogLikelihood,
  sbgRetentionRate,
  survival,
  type ContractLifetime,
  type LifetimeColumns,
  type SbgParams,
} from '../../src/models/sbg';
import { betaDraw, seededRandom } from '../../src/stats/random';
import { deepFreeze, expectError, fitOutcome, relativeError } from '../helpers';

// Fader & Hardie (2007), J. Interactive Marketing 21(1): the "regular" cohort, years 0..7, and its fit.
const regular = [1000, 631, 468, 382, 326, 289, 262, 241];
const published = { kind: 'sbg' as const, params: { alpha: 0.704, beta: 1.182 } };
const withParams = (alpha: number, beta: number) => ({ kind: 'sbg' as const, params: { alpha, beta } });

/** The cohort as per-customer lifetimes: who left in each period, and who is still active after the last. */
function asLifetimes(survivors: readonly number[]): ContractLifetime[] {
  const last = survivors.length - 1;
  const rows: ContractLifetime[] = [];
  for (let t = 1; t <= last; t++) rows.push({ periods: t, churned: true, count: survivors[t - 1]! - survivors[t]! });
  rows.push({ periods: last, churned: false, count: survivors[last]! });
  return rows;
}

/** P(T = t) by the recursion P(1) = α/(α+β), P(t) = P(t−1)·(β+t−2)/(α+β+t−1) (Fader & Hardie 2007, eq. 2). */
function lifetimeProbabilities({ alpha, beta }: SbgParams, last: number): number[] {
  const p = [0, alpha / (alpha + beta)];
  for (let t = 2; t <= last; t++) p.push((p[t - 1]! * (beta + t - 2)) / (alpha + beta + t - 1));
  return p;
}

/** Customers simulated from the model: θ ~ Beta(α, β), each observed for up to `horizon[i]` periods. */
function simulateLifetimes(params: SbgParams, customers: number, seed: number): ContractLifetime[] {
  const random = seededRandom(seed);
  const rows: ContractLifetime[] = [];
  for (let i = 0; i < customers; i++) {
    const theta = betaDraw(random, params.alpha, params.beta);
    // Cohorts of different ages: observed for 4 to 10 periods.
    const horizon = 4 + (i % 7);
    let periods = 0;
    let churned = false;
    while (periods < horizon && !churned) {
      periods++;
      churned = random() < theta;
    }
    rows.push({ periods, churned });
  }
  return rows;
}

describe('sbgLogLikelihood', () => {
  const columns: LifetimeColumns = {
    churned: Float64Array.from([0, 369, 163, 86, 56, 37, 27, 21]),
    active: Float64Array.from([0, 0, 0, 0, 0, 0, 0, 241]),
    customers: 1000,
  };

  it('equals the sum over customers of ln P(T = t) and ln S(7) computed by the recursion', () => {
    const p = lifetimeProbabilities(published.params, 7);
    const s7 = 1 - p.reduce((sum, value) => sum + value, 0);
    let expected = 241 * Math.log(s7);
    for (let t = 1; t <= 7; t++) expected += columns.churned[t]! * Math.log(p[t]!);
    expect(sbgLogLikelihood(published.params, columns)).toBeCloseTo(expected, 9);
    // SciPy 1.17 (scipy.special.betaln) at the published parameters: -1680.2651905533528.
    expect(sbgLogLikelihood(published.params, columns)).toBeCloseTo(-1680.2651905533528, 9);
  });

  it('has the analytic gradient of its central differences', () => {
    for (const params of [published.params, { alpha: 3.5, beta: 0.4 }, { alpha: 0.05, beta: 40 }]) {
      const gradient = new Float64Array(2);
      sbgLogLikelihood(params, columns, gradient);
      const h = 1e-6;
      const at = (alpha: number, beta: number): number => sbgLogLikelihood({ alpha, beta }, columns);
      const dAlpha =
        (at(params.alpha * (1 + h), params.beta) - at(params.alpha * (1 - h), params.beta)) / (2 * h * params.alpha);
      const dBeta =
        (at(params.alpha, params.beta * (1 + h)) - at(params.alpha, params.beta * (1 - h))) / (2 * h * params.beta);
      expect(gradient[0]).toBeCloseTo(dAlpha, 3);
      expect(gradient[1]).toBeCloseTo(dBeta, 3);
    }
  });

  it('keeps full precision for large shapes, value and gradient (mpmath 1.3, log-gammas at 60 digits)', () => {
    // (α, β, ln L, ∂/∂α, ∂/∂β). As differences of log-betas the first two lost 1e-5 and 1e-1 of
    // ln L, and the derivatives, near 1e-6 and 1e-10, were noise: a fit of nearly homogeneous
    // customers stopped anywhere on a ridge that still rises.
    for (const [alpha, beta, logLikelihood, dAlpha, dBeta] of [
      [1e8, 1.5e8, -2023.1004489829604, -5.841999887456002e-6, 3.894666507121784e-6],
      [1e12, 2e12, -1887.650543071498, -3.603333333325518e-10, 1.8016666666591773e-10],
      [0.704, 1.182, -1680.2651905533526, 0.06739653136008313, -0.02392219423676042],
      [1e-3, 1e12, -26214.931283738126, 758999.9999999966, -7.589999999990847e-10],
    ] as const) {
      const gradient = new Float64Array(2);
      const value = sbgLogLikelihood({ alpha, beta }, columns, gradient);
      expect(relativeError(value, logLikelihood), `ln L at ${alpha}, ${beta}`).toBeLessThan(1e-14);
      expect(relativeError(gradient[0]!, dAlpha), `∂α at ${alpha}, ${beta}`).toBeLessThan(1e-12);
      expect(relativeError(gradient[1]!, dBeta), `∂β at ${alpha}, ${beta}`).toBeLessThan(1e-12);
    }
  });
});

describe('fitShiftedBetaGeometric', () => {
  it('gives the same fit from survivor counts and from the equivalent lifetimes', () => {
    const fromCounts = fitShiftedBetaGeometric({ survivors: regular });
    const fromLifetimes = fitShiftedBetaGeometric({ lifetimes: asLifetimes(regular) });
    expect(fromCounts).toMatchObject({ kind: 'sbg', n: 1000, penalizer: 0 });
    expect(fromLifetimes.n).toBe(1000);
    expect(fromLifetimes.params.alpha).toBeCloseTo(fromCounts.params.alpha, 5);
    expect(fromLifetimes.params.beta).toBeCloseTo(fromCounts.params.beta, 5);
    expect(fromLifetimes.logLikelihood).toBeCloseTo(fromCounts.logLikelihood, 8);
    for (const se of Object.values(fromCounts.standardErrors)) expect(se).toBeGreaterThan(0);
    // The model is plain data.
    expect(JSON.parse(JSON.stringify(fromCounts))).toEqual(fromCounts);
  });

  it('fits simulated customers from cohorts of different ages back close to their parameters', () => {
    const truth = { alpha: 0.7, beta: 1.2 };
    const fitted = fitShiftedBetaGeometric({ lifetimes: simulateLifetimes(truth, 20000, 11) });
    expect(fitted.n).toBe(20000);
    for (const name of ['alpha', 'beta'] as const) {
      expect(Math.abs(fitted.params[name] - truth[name]), name).toBeLessThan(3 * fitted.standardErrors[name]);
    }
  });

  it('accepts any iterable, counts of customers still active at period 0, and never mutates its input', () => {
    const frozen = deepFreeze({ survivors: [...regular] });
    const model = fitShiftedBetaGeometric(frozen);
    function* counts(): Generator<number> {
      yield* regular;
    }
    expect(fitShiftedBetaGeometric({ survivors: counts() }).logLikelihood).toBeCloseTo(model.logLikelihood, 8);
    expect(fitShiftedBetaGeometric({ survivors: Float64Array.from(regular) }).logLikelihood).toBeCloseTo(
      model.logLikelihood,
      8,
    );
    // A just-acquired customer (0 periods, active) and rows of count 0 carry no information but count as customers.
    const lifetimes = deepFreeze([
      ...asLifetimes(regular),
      { periods: 0, churned: false, count: 10 },
      { periods: 3, churned: true, count: 0 },
    ]);
    const withNewcomers = fitShiftedBetaGeometric({ lifetimes });
    expect(withNewcomers.n).toBe(1010);
    expect(withNewcomers.logLikelihood).toBeCloseTo(model.logLikelihood, 8);
  });

  // Cohorts simulated from random parameters, some of which the fit cannot pin down. Copies are
  // more data: the estimate stays, its standard errors shrink by √copies, so a fit refused for
  // errors above 10 times the estimate may pass with copies, at the estimate it was refused with.
  const cohort = fc.record({
    alpha: fc.double({ min: 0.2, max: 5, noNaN: true }),
    beta: fc.double({ min: 0.2, max: 5, noNaN: true }),
    customers: fc.integer({ min: 5, max: 400 }),
    seed: fc.nat(),
  });
  const expectEstimate = (params: object, [alpha, beta]: readonly number[]): void => {
    expect(relativeError((params as SbgParams).alpha, alpha!)).toBeLessThan(1e-6);
    expect(relativeError((params as SbgParams).beta, beta!)).toBeLessThan(1e-6);
  };
  property.prop(
    [
      cohort.chain((c) =>
        fc.tuple(
          fc.constant(c),
          fc.shuffledSubarray(simulateLifetimes(c, c.customers, c.seed), { minLength: c.customers }),
        ),
      ),
      fc.integer({ min: 2, max: 5 }),
    ],
    { numRuns: 50 },
  )(
    'gives the same fit for the customers in any order, duplicated, or counted (penalized or not), and never mutates them',
    ([{ alpha, beta, customers, seed }, shuffled], copies) => {
      const lifetimes = deepFreeze(simulateLifetimes({ alpha, beta }, customers, seed));
      for (const penalizer of [0, 0.1]) {
        const fitted = fitOutcome(() => fitShiftedBetaGeometric({ lifetimes }, { penalizer }));
        const reordered = fitOutcome(() => fitShiftedBetaGeometric({ lifetimes: shuffled }, { penalizer }));
        const repeated = Array.from({ length: copies }, () => lifetimes).flat();
        const duplicated = fitOutcome(() => fitShiftedBetaGeometric({ lifetimes: repeated }, { penalizer }));
        const counted = fitOutcome(() =>
          fitShiftedBetaGeometric({ lifetimes: lifetimes.map((row) => ({ ...row, count: copies })) }, { penalizer }),
        );
        // The customers are read into counts per period, integers summed exactly in any order.
        expect(reordered).toEqual(fitted);
        expect(counted).toEqual(duplicated);
        if ('code' in fitted) {
          expect(fitted.code).toBe('NOT_CONVERGED');
          for (const other of [duplicated, counted]) {
            if ('params' in other) expectEstimate(other.params, fitted.estimate);
            else expect(other.code).toBe(fitted.code);
          }
          continue;
        }
        const { alpha: fittedAlpha, beta: fittedBeta } = fitted.params as SbgParams;
        const estimate = [fittedAlpha, fittedBeta];
        for (const other of [duplicated, counted]) {
          expect(other).toHaveProperty('params');
          if ('params' in other) expectEstimate(other.params, estimate);
        }
        if ('params' in duplicated && 'params' in counted) {
          // Copies multiply the log-likelihood and the customers, not the estimate (each fit stops
          // on its own, a few 1e-9 apart in log-likelihood).
          expect(relativeError(duplicated.logLikelihood, copies * fitted.logLikelihood)).toBeLessThan(1e-7);
          expect(counted.n).toBe(copies * fitted.n);
        }
      }
    },
  );

  it('shrinks the parameters with a penalizer', () => {
    const plain = fitShiftedBetaGeometric({ survivors: regular });
    const penalized = fitShiftedBetaGeometric({ survivors: regular }, { penalizer: 0.5 });
    const size = (m: typeof plain) => m.params.alpha ** 2 + m.params.beta ** 2;
    expect(size(penalized)).toBeLessThan(size(plain));
    expect(penalized.penalizer).toBe(0.5);
  });

  it('throws NOT_CONVERGED with the last estimate when the data cannot pin α and β down', () => {
    const fn = 'fitShiftedBetaGeometric';
    // Nobody churned: θ runs toward 0. Everybody churned at once: θ runs toward 1.
    for (const survivors of [
      [100, 100, 100],
      [100, 0, 0],
    ]) {
      const error = expectError(() => fitShiftedBetaGeometric({ survivors }), 'NOT_CONVERGED', fn);
      expect(error.details.estimate).toHaveLength(2);
    }
    // A cohort that halves every period is fitted best by identical customers (θ = 1/2 for all):
    // α and β run off to infinity together. (With log-betas that cancelled, this fit stopped at
    // α ≈ β ≈ 8.9e7 and reported standard errors of 14% as if converged.)
    const halving = expectError(
      () => fitShiftedBetaGeometric({ survivors: [1000, 500, 250, 125, 62, 31] }),
      'NOT_CONVERGED',
      fn,
    );
    expect((halving.details.estimate as number[])[0]).toBeGreaterThan(1e9);
    // One period only tells α / (α + β): the likelihood is flat along that ridge, and an L2
    // penalty on α and β only pushes the estimate along it toward 0, so there is no maximum.
    expectError(() => fitShiftedBetaGeometric({ survivors: [1000, 631] }), 'NOT_CONVERGED', fn);
    expectError(() => fitShiftedBetaGeometric({ survivors: [1000, 631] }, { penalizer: 0.01 }), 'NOT_CONVERGED', fn);
  });

  it('refuses impossible survivor counts with INVALID_VALUE at the index', () => {
    const fn = 'fitShiftedBetaGeometric';
    const cases: Array<[unknown[], number]> = [
      [[1000, -5, 0], 1],
      [[1000, 631, 650], 2],
      [[1000, 631.5, 400], 1],
      [[1000, NaN], 1],
      [[Infinity, 10], 0],
      [[1000, '631'], 1],
      [[1000, null], 1],
    ];
    for (const [survivors, index] of cases) {
      const error = expectError(() => fitShiftedBetaGeometric({ survivors } as never), 'INVALID_VALUE', fn);
      expect(error.details.index, JSON.stringify(survivors)).toBe(index);
      expect(error.details.value).toBe(survivors[index]);
    }
  });

  it('refuses impossible lifetimes with INVALID_VALUE at the index', () => {
    const fn = 'fitShiftedBetaGeometric';
    const good = { periods: 2, churned: true };
    for (const bad of [
      { periods: 0, churned: true },
      { periods: -1, churned: false },
      { periods: 1.5, churned: true },
      { periods: NaN, churned: true },
      { periods: Infinity, churned: false },
      { periods: 1e10, churned: false }, // a table of 1e10 periods: a RangeError before
      { periods: '2', churned: true },
      { periods: 2, churned: 'yes' },
      { periods: 2, churned: false, count: -1 },
      { periods: 2, churned: false, count: 0.5 },
      { churned: true },
      null,
    ]) {
      const error = expectError(
        () => fitShiftedBetaGeometric({ lifetimes: [good, bad] } as never),
        'INVALID_VALUE',
        fn,
      );
      expect(error.details).toEqual({ index: 1, value: bad });
    }
  });

  it('refuses missing or ambiguous data and bad options with INVALID_ARGUMENT, and data without a customer', () => {
    const fn = 'fitShiftedBetaGeometric';
    for (const [data, argument] of [
      [null, 'data'],
      [undefined, 'data'],
      [42, 'data'],
      [[1000, 631], 'data'],
      [{}, 'data'],
      [{ survivors: regular, lifetimes: [] }, 'data'],
      [{ survivors: 1000 }, 'survivors'],
      [{ survivors: [] }, 'survivors'],
      [{ survivors: [1000] }, 'survivors'],
      [{ lifetimes: 5 }, 'lifetimes'],
    ] as const) {
      const error = expectError(() => fitShiftedBetaGeometric(data as never), 'INVALID_ARGUMENT', fn);
      expect(error.details.argument, JSON.stringify(data)).toBe(argument);
    }
    // Well-formed data without a customer: nothing to fit.
    for (const data of [
      { survivors: [0, 0, 0] },
      { lifetimes: [] },
      { lifetimes: [{ periods: 3, churned: true, count: 0 }] },
    ]) {
      expectError(() => fitShiftedBetaGeometric(data), 'EMPTY_INPUT', fn);
    }
    for (const penalizer of [-1, NaN, Infinity, '0.1', null]) {
      expectError(
        () => fitShiftedBetaGeometric({ survivors: regular }, { penalizer } as never),
        'INVALID_ARGUMENT',
        fn,
      );
    }
  });
});

describe('survival, churnProbability and sbgRetentionRate', () => {
  it('match independent values (SciPy 1.17, scipy.special.betaln) at the published fit', () => {
    expect(survival(published, 0)).toBe(1);
    expect(survival(published, 1)).toBeCloseTo(0.6267232237539765, 13);
    expect(survival(published, 7)).toBeCloseTo(0.23905064169324422, 13);
    expect(survival(published, 12)).toBeCloseTo(0.17006257680605033, 13);
    expect(churnProbability(published, 1)).toBeCloseTo(0.704 / 1.886, 13);
    expect(churnProbability(published, 2)).toBeCloseTo(0.15288050919015922, 13);
    expect(churnProbability(published, 7)).toBeCloseTo(0.023432421575054825, 13);
    expect(sbgRetentionRate(published, 1)).toBeCloseTo(1.182 / 1.886, 15);
    expect(sbgRetentionRate(published, 7)).toBeCloseTo(7.182 / 7.886, 15);
  });

  it('keep a tiny β: P(T = 1) = α / (α + β) and r_1 = β / (α + β)', () => {
    // β + t − 1 at t = 1 rounded β = 1e-16 to 0 (NaN) and 1e-15 to 1.1e-15 (0.9007 for 1).
    for (const beta of [1e-15, 1e-16, 1e-300]) {
      const model = { kind: 'sbg', params: { alpha: 1, beta } } as const;
      expect(churnProbability(model, 1)).toBeCloseTo(1 / (1 + beta), 15);
      expect(sbgRetentionRate(model, 1) / (beta / (1 + beta))).toBeCloseTo(1, 12);
      expect(survival(model, 1) / (beta / (1 + beta))).toBeCloseTo(1, 12);
    }
  });

  it('keep full precision for large shapes (mpmath 1.3, log-gammas at 60 to 80 digits)', () => {
    // (α, β, t, S(t), P(T = t)). As differences of log-betas S(3) at α = β = 1e12 was 1.2e-5 off,
    // and at 1e16 P(T = 3) was 1; the last two lost 4e-8 and 5e-7 while both α and t were shifts
    // in the millions (found by an independent audit).
    for (const [alpha, beta, t, survivalAtT, churnAtT] of [
      [1e12, 1e12, 3, 0.1250000000001875, 0.1249999999999375],
      [1e16, 1e16, 3, 0.12500000000000003, 0.125],
      [1e12, 1e-3, 5, 2.405003500976038e-62, 6.01100600093986e-51],
      [3e9, 7e9, 1000, 1.2532834688946403e-155, 5.371214100142332e-156],
      [1e7, 1e14, 1e7, 0.36787947795938214, 3.6787944117144174e-8],
      [201695263.15409297, 49255745720686.04, 100264269, 4.933700736423705e-179, 2.0202760676580226e-184],
    ] as const) {
      const model = withParams(alpha, beta);
      expect(relativeError(survival(model, t), survivalAtT), `S(${t}) at ${alpha}, ${beta}`).toBeLessThan(2e-13);
      expect(relativeError(churnProbability(model, t), churnAtT), `P(T = ${t}) at ${alpha}, ${beta}`).toBeLessThan(
        2e-13,
      );
    }
  });

  it('fit together: S(t) = Π r_k, P(T = t) = S(t − 1) − S(t), and the recursion of eq. 2', () => {
    const model = withParams(0.668, 3.806);
    const p = lifetimeProbabilities(model.params, 30);
    let product = 1;
    for (let t = 1; t <= 30; t++) {
      product *= sbgRetentionRate(model, t);
      expect(survival(model, t)).toBeCloseTo(product, 13);
      expect(churnProbability(model, t)).toBeCloseTo(survival(model, t - 1) - survival(model, t), 13);
      expect(churnProbability(model, t)).toBeCloseTo(p[t]!, 13);
    }
  });

  it('accept a fitted model and stay finite far out', () => {
    const fitted = fitShiftedBetaGeometric({ survivors: regular });
    expect(survival(fitted, 7)).toBeCloseTo(0.239, 3);
    const tail = survival(fitted, 1e12);
    expect(tail).toBeGreaterThan(0);
    expect(tail).toBeLessThan(1e-7);
    expect(sbgRetentionRate(fitted, 1e12)).toBeCloseTo(1, 10);
    expect(churnProbability(fitted, 1e12)).toBeGreaterThanOrEqual(0);
  });

  property.prop([
    fc.double({ min: 0.01, max: 100, noNaN: true }),
    fc.double({ min: 0.01, max: 100, noNaN: true }),
    fc.integer({ min: 0, max: 10_000 }),
  ])('keep S(t) in [0, 1] and non-increasing, r_t in [0, 1] and non-decreasing', (alpha, beta, t) => {
    const model = withParams(alpha, beta);
    const now = survival(model, t);
    const next = survival(model, t + 1);
    expect(now).toBeGreaterThanOrEqual(0);
    expect(now).toBeLessThanOrEqual(1);
    expect(next).toBeLessThanOrEqual(now);
    const rate = sbgRetentionRate(model, t + 1);
    expect(rate).toBeGreaterThanOrEqual(0);
    expect(rate).toBeLessThanOrEqual(1);
    expect(sbgRetentionRate(model, t + 2)).toBeGreaterThanOrEqual(rate);
    const churn = churnProbability(model, t + 1);
    expect(churn).toBeGreaterThanOrEqual(0);
    expect(churn).toBeLessThanOrEqual(1);
  });

  property.prop([
    fc.double({ min: 0.01, max: 100, noNaN: true }),
    fc.double({ min: 0.01, max: 100, noNaN: true }),
    fc.integer({ min: 1, max: 5000 }),
  ])(
    'split S(t − 1) into the retained S(t) and the churned P(T = t): r_t + P(T = t) / S(t − 1) = 1',
    (alpha, beta, t) => {
      const model = withParams(alpha, beta);
      const before = survival(model, t - 1);
      const after = survival(model, t);
      const churned = churnProbability(model, t);
      const retained = sbgRetentionRate(model, t);
      // Each is computed on its own (from log-gammas or a ratio): equal up to the last bits of rounding.
      expect(Math.abs(before - after - churned)).toBeLessThanOrEqual(1e-12 * before);
      expect(Math.abs(after - before * retained)).toBeLessThanOrEqual(1e-12 * before);
      expect(Math.abs(retained + churned / before - 1)).toBeLessThanOrEqual(1e-12);
    },
  );

  it('sum to 1 over the lifetime distribution', () => {
    const model = withParams(2.5, 1.5);
    let total = 0;
    for (let t = 1; t <= 2000; t++) total += churnProbability(model, t);
    expect(total + survival(model, 2000)).toBeCloseTo(1, 12);
  });

  it('refuse other models and periods that are not integers in range', () => {
    for (const [fn, call] of [
      ['survival', survival],
      ['churnProbability', churnProbability],
      ['sbgRetentionRate', sbgRetentionRate],
    ] as const) {
      for (const bad of [
        { kind: 'bg/nbd', params: published.params },
        null,
        { kind: 'sbg' },
        withParams(0, 1),
        withParams(1, Infinity),
        withParams(1, NaN),
      ]) {
        expect(expectError(() => call(bad as never, 1), 'INVALID_ARGUMENT', fn).details.argument).toBe('model');
      }
      for (const t of [-1, 1.5, NaN, Infinity, '2', undefined]) {
        expect(expectError(() => call(published, t as never), 'INVALID_ARGUMENT', fn).details.argument).toBe('t');
      }
    }
    expect(survival(published, 0)).toBe(1);
    expectError(() => churnProbability(published, 0), 'INVALID_ARGUMENT', 'churnProbability');
    expectError(() => sbgRetentionRate(published, 0), 'INVALID_ARGUMENT', 'sbgRetentionRate');
  });
});

describe('discountedExpectedResidualLifetime', () => {
  const fn = 'discountedExpectedResidualLifetime';
  const derl = (alpha: number, beta: number, renewals: number, discountRate: number): number =>
    discountedExpectedResidualLifetime(withParams(alpha, beta), { discountRate, renewals });

  it('matches SciPy 1.17: (β+n)/(α+β+n) · scipy.special.hyp2f1(1, β+n+1, α+β+n+1, 1/(1+d))', () => {
    // Independent values, Python 3 with SciPy 1.17.1 (agreeing with mpmath at 40 digits to 1e-15).
    const cases: Array<[number, number, number, number, number, number]> = [
      [0.704, 1.182, 0, 0.1, 2.964662146132029, 14],
      [0.704, 1.182, 3, 0.1, 5.442391322120394, 13],
      [0.668, 3.806, 0, 0.1, 5.414856048374033, 13],
      [0.668, 3.806, 4, 0.1, 6.897057397746089, 13],
      [1.2, 2.5, 2, 0.05, 5.239544157756489, 13],
      [0.704, 1.182, 0, 0.01, 8.502947172011199, 12],
      [0.704, 1.182, 0, 1e-4, 44.06593820465389, 9],
      [3, 2, 5, 1e-3, 3.4730666112941244, 12],
    ];
    for (const [alpha, beta, renewals, d, expected, digits] of cases) {
      expect(derl(alpha, beta, renewals, d), `${alpha}, ${beta}, ${renewals}, ${d}`).toBeCloseTo(expected, digits);
    }
  });

  it('is the discounted sum of survival ratios S(n + 1 + k) / S(n) / (1 + d)^k', () => {
    const model = withParams(1.3, 2.2);
    for (const renewals of [0, 2, 10]) {
      let sum = 0;
      for (let k = 0; k < 3000; k++) {
        sum += survival(model, renewals + 1 + k) / survival(model, renewals) / 1.08 ** k;
      }
      expect(discountedExpectedResidualLifetime(model, { discountRate: 0.08, renewals })).toBeCloseTo(sum, 11);
    }
  });

  it('tends to the one-period term r_{n+1} as d grows, and to (β + n)/(α − 1) as d → 0 when α > 1', () => {
    for (const renewals of [0, 4]) {
      const model = withParams(0.668, 3.806);
      expect(discountedExpectedResidualLifetime(model, { discountRate: 1e12, renewals })).toBeCloseTo(
        sbgRetentionRate(model, renewals + 1),
        10,
      );
    }
    // SciPy: 3.4997202216557195 at d = 1e-5, against the limit 7 / 2.
    expect(derl(3, 2, 5, 1e-5)).toBeCloseTo(3.4997202216557195, 9);
    expect(Math.abs(derl(3, 2, 5, 1e-5) - 3.5)).toBeLessThan(1e-3);
    // Without discounting, α <= 1 gives an infinite expected lifetime: DERL grows without bound.
    expect(derl(0.704, 1.182, 0, 1e-5)).toBeGreaterThan(derl(0.704, 1.182, 0, 1e-4));
  });

  property.prop([
    fc.double({ min: 0.05, max: 50, noNaN: true }),
    fc.double({ min: 0.05, max: 50, noNaN: true }),
    fc.integer({ min: 0, max: 200 }),
    fc.double({ min: 0.001, max: 10, noNaN: true }),
  ])('is positive, decreasing in d and non-decreasing in renewals', (alpha, beta, renewals, d) => {
    const value = derl(alpha, beta, renewals, d);
    expect(value).toBeGreaterThan(0);
    expect(Number.isFinite(value)).toBe(true);
    expect(derl(alpha, beta, renewals, 2 * d)).toBeLessThan(value);
    expect(derl(alpha, beta, renewals + 1, d)).toBeGreaterThanOrEqual(value * (1 - 1e-12));
    // Bounded by the undiscounted sum of a customer who never leaves: (1 + d) / d.
    expect(value).toBeLessThanOrEqual((1 + d) / d);
  });

  it('takes renewals = 0 by default and accepts a fitted model', () => {
    const fitted = fitShiftedBetaGeometric({ survivors: regular });
    expect(discountedExpectedResidualLifetime(fitted, { discountRate: 0.1 })).toBeCloseTo(
      discountedExpectedResidualLifetime(fitted, { discountRate: 0.1, renewals: 0 }),
      15,
    );
    expect(discountedExpectedResidualLifetime(fitted, { discountRate: 0.1 })).toBeCloseTo(2.9647, 3);
  });

  it('refuses bad models, discount rates and renewals with INVALID_ARGUMENT', () => {
    expectError(
      () => discountedExpectedResidualLifetime({ kind: 'x' } as never, { discountRate: 0.1 }),
      'INVALID_ARGUMENT',
      fn,
    );
    expectError(() => discountedExpectedResidualLifetime(published, undefined as never), 'INVALID_ARGUMENT', fn);
    expectError(() => discountedExpectedResidualLifetime(published, null as never), 'INVALID_ARGUMENT', fn);
    for (const discountRate of [0, -0.1, NaN, Infinity, '0.1', undefined, null]) {
      const error = expectError(
        () => discountedExpectedResidualLifetime(published, { discountRate } as never),
        'INVALID_ARGUMENT',
        fn,
      );
      expect(error.details.argument).toBe('discountRate');
    }
    // Too small for the series: about 50 / d terms.
    const tiny = expectError(() => derl(0.704, 1.182, 0, 1e-7), 'INVALID_ARGUMENT', fn);
    expect(tiny.details.argument).toBe('discountRate');
    for (const renewals of [-1, 1.5, NaN, '2', null]) {
      const error = expectError(
        () => discountedExpectedResidualLifetime(published, { discountRate: 0.1, renewals } as never),
        'INVALID_ARGUMENT',
        fn,
      );
      expect(error.details.argument).toBe('renewals');
    }
  });
});

describe('fitShiftedBetaGeometric with counts beyond 2^53 - 1 customers', () => {
  it('refuses the lifetime whose count passes the limit (sums of counts stop being exact)', () => {
    const lifetime = { periods: 2, churned: true };
    const error = expectError(
      () => fitShiftedBetaGeometric({ lifetimes: [{ ...lifetime, count: 2 ** 53 - 2 }, lifetime, lifetime] }),
      'INVALID_VALUE',
      'fitShiftedBetaGeometric',
    );
    expect(error.details.index).toBe(2);
  });
});
