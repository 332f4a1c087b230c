import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { bgNbdLogLikelihood } from '../../src/models/bgnbd';
import { fitBgNbd, fitModifiedBgNbd } from '../../src/models/fit-bgnbd';
import { expectedSpend, fitGammaGamma, type SpendRow } from '../../src/models/fit-gamma-gamma';
import { gammaGammaLogLikelihood } from '../../src/models/gamma-gamma';
import { fitParetoNbd } from '../../src/models/pareto-nbd';
import {
  conditionalExpectedPurchases,
  expectedPurchases,
  probabilityAlive,
  purchaseProbability,
} from '../../src/models/predict';
import { MAX_TABULATED, readRows } from '../../src/models/rows';
import { simulateBgNbd } from '../../src/models/simulate';
import { compressSummaries } from '../../src/purchases/summary';
import type { Period } from '../../src/time/period';
import { gammaDraw, seededRandom } from '../../src/stats/random';
import { deepFreeze, expectError, expectPenalizedOptimum, expectSameFit, fitOutcome, relativeError } from '../helpers';
import { cdnowSpendColumns } from './cdnow-rows';

const model = {
  kind: 'bg/nbd' as const,
  unit: 'week' as const,
  params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
};
// Customers simulated from known parameters (the seeded simulator), compressed to weighted rows.
const truth = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
const rows = compressSummaries(simulateBgNbd(truth, { customers: 2000, T: 39, seed: 3 }));
// Rows and customers no purchase model can read.
const impossibleRows = [
  { frequency: 1, recency: NaN, T: 2 },
  { frequency: 1, recency: 1, T: Infinity },
  { frequency: '1', recency: 1, T: 2 },
  { frequency: 1.5, recency: 1, T: 2 },
  { frequency: 1, recency: -1, T: 2 },
  { frequency: 1, recency: 3, T: 2 },
  { frequency: -1, recency: 0, T: 2 },
  // Numbers only: '1' >= 0 and '1' <= 2 hold for a string too.
  { frequency: 1, recency: '1', T: 2 },
  { frequency: 1, recency: 1, T: '2' },
  null,
];

describe('fitBgNbd', () => {
  it('fits simulated customers back close to the parameters they came from', () => {
    const fitted = fitBgNbd(compressSummaries(simulateBgNbd(truth, { customers: 20000, T: 39, seed: 3 })), {
      unit: 'week',
    });
    // Within three standard errors of the truth.
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fitted.params[name] - truth[name]), name).toBeLessThan(3 * fitted.standardErrors[name]);
    }
  });

  it('fits weighted rows and never mutates them', () => {
    const frozen = deepFreeze(rows.map((row) => ({ ...row })));
    const fitted = fitBgNbd(frozen, { unit: 'week' });
    expect(fitted).toMatchObject({ kind: 'bg/nbd', n: 2000, unit: 'week' });
    // The unit is a Period, so a fit's unit can be handed to another fit.
    expectTypeOf(fitted.unit).toEqualTypeOf<Period>();
    expect(fitModifiedBgNbd(frozen, { unit: fitted.unit }).unit).toBe('week');
    // Unweighted rows repeated `count` times give the same fit.
    const expanded = rows.flatMap(({ count, ...row }) => Array.from({ length: count }, () => row));
    const same = fitBgNbd(expanded, { unit: 'week' });
    expect(same.logLikelihood).toBeCloseTo(fitted.logLikelihood, 6);
  });

  it('stops where the (penalized) objective is stationary, with the inverse of its information', () => {
    // By Newton steps on the analytic Hessian, which stop at a relative gradient of 1e-10.
    const columns = readRows('test', rows);
    for (const fit of [fitBgNbd, fitModifiedBgNbd]) {
      for (const penalizer of [0, 0.1]) {
        const model = fit(rows, { unit: 'week', penalizer });
        const modified = fit === fitModifiedBgNbd;
        expect(model.kind).toBe(modified ? 'mbg/nbd' : 'bg/nbd');
        const at = [model.params.r, model.params.alpha, model.params.a, model.params.b];
        const gradientAt = (values: number[]): Float64Array => {
          const gradient = new Float64Array(4);
          const [r, alpha, a, b] = values;
          bgNbdLogLikelihood({ r: r!, alpha: alpha!, a: a!, b: b! }, columns, gradient, modified);
          return gradient;
        };
        expectPenalizedOptimum(model, at, gradientAt, 1e-9);
      }
    }
  });

  it('shrinks the parameters with a penalizer', () => {
    const plain = fitBgNbd(rows, { unit: 'week' });
    const penalized = fitBgNbd(rows, { unit: 'week', penalizer: 0.1 });
    const size = (m: typeof plain) => Object.values(m.params).reduce((sum, v) => sum + v * v, 0);
    expect(size(penalized)).toBeLessThan(size(plain));
    expect(penalized.penalizer).toBe(0.1);
  });

  it('refuses data without a unit, impossible rows and bad options', () => {
    expectError(() => fitBgNbd(rows), 'INVALID_ARGUMENT', 'fitBgNbd');
    // A misspelt unit ('weeks') fitted before, and customerLifetimeValue refused the model.
    for (const unit of ['', 7, null, 'weeks', 'visit']) {
      const error = expectError(() => fitBgNbd(rows, { unit: unit as never }), 'INVALID_ARGUMENT', 'fitBgNbd');
      expect(error.details).toEqual({ argument: 'unit', value: unit });
    }
    const disagreeing = expectError(
      () => fitBgNbd({ unit: 'week', customers: rows }, { unit: 'day' }),
      'INVALID_ARGUMENT',
      'fitBgNbd',
    );
    expect(disagreeing.details.argument).toBe('unit');
    expectError(() => fitBgNbd([], { unit: 'week' }), 'EMPTY_INPUT', 'fitBgNbd');
    expectError(() => fitModifiedBgNbd([], { unit: 'week' }), 'EMPTY_INPUT', 'fitModifiedBgNbd');
    const negative = expectError(() => fitBgNbd(rows, { unit: 'week', penalizer: -1 }), 'INVALID_ARGUMENT', 'fitBgNbd');
    expect(negative.details).toEqual({ argument: 'penalizer', value: -1 });
    // 0 is plain maximum likelihood, the default.
    expect(fitBgNbd(rows, { unit: 'week', penalizer: 0 })).toEqual(fitBgNbd(rows, { unit: 'week' }));
    expect(
      expectError(() => fitBgNbd(null as never, { unit: 'week' }), 'INVALID_ARGUMENT', 'fitBgNbd').details.argument,
    ).toBe('data');
    expectError(() => fitBgNbd([{ frequency: 2, recency: 40, T: 30 }], { unit: 'week' }), 'INVALID_VALUE', 'fitBgNbd');
    expectError(() => fitBgNbd([{ frequency: -1, recency: 0, T: 30 }], { unit: 'week' }), 'INVALID_VALUE', 'fitBgNbd');
  });

  it('refuses impossible rows at their index, for the modified model too', () => {
    for (const fit of [fitBgNbd, fitModifiedBgNbd]) {
      const fn = fit === fitBgNbd ? 'fitBgNbd' : 'fitModifiedBgNbd';
      for (const row of impossibleRows) {
        const error = expectError(() => fit([rows[0]!, row as never], { unit: 'week' }), 'INVALID_VALUE', fn);
        expect(error.details).toEqual({ index: 1, value: row });
      }
    }
    expectError(() => fitModifiedBgNbd(rows), 'INVALID_ARGUMENT', 'fitModifiedBgNbd');
    expectError(() => fitModifiedBgNbd(rows, { unit: 'week', penalizer: NaN }), 'INVALID_ARGUMENT', 'fitModifiedBgNbd');
  });

  it('refuses a frequency above the largest it tabulates or not a number, instead of a RangeError, a wrap or a TypeError', () => {
    // 2^32 + 1 asked for a table of 2^32 + 2 terms; 2^31 wrapped to a negative frequency; the
    // size check compared a Symbol, a BigInt or an object before the type check saw it.
    const frequencies = [MAX_TABULATED + 1, 2 ** 31, 2 ** 32 + 1, Symbol('x'), 10n, Object.create(null)];
    for (const frequency of frequencies) {
      const row = { frequency, recency: 30, T: 39 };
      for (const [fit, fn] of [
        [fitBgNbd, 'fitBgNbd'],
        [fitModifiedBgNbd, 'fitModifiedBgNbd'],
        [fitParetoNbd, 'fitParetoNbd'],
      ] as const) {
        const error = expectError(() => fit([rows[0]!, row as never], { unit: 'week' }), 'INVALID_VALUE', fn);
        expect(error.details).toEqual({ index: 1, value: row });
      }
    }
    expect(readRows('test', [{ frequency: MAX_TABULATED, recency: 30, T: 39 }]).maxFrequency).toBe(MAX_TABULATED);
  });

  it("starts from the customers' mean T without overflowing it, so T near 1e308 is the fit's own refusal", () => {
    const huge = [
      { frequency: 0, recency: 0, T: 1e308, count: 2 },
      { frequency: 1, recency: 1, T: 5 },
    ];
    // Before, count × T overflowed and an internal function refused its start in its own name.
    for (const [fit, fn] of [
      [fitBgNbd, 'fitBgNbd'],
      [fitParetoNbd, 'fitParetoNbd'],
    ] as const) {
      expectError(() => fit(huge, { unit: 'week' }), 'NOT_CONVERGED', fn);
    }
  });

  it('throws NOT_CONVERGED with the last estimate when the data cannot pin the model down', () => {
    // Nobody ever bought again: the likelihood keeps improving as the purchase rate goes to 0.
    const error = expectError(
      () => fitBgNbd([{ frequency: 0, recency: 0, T: 10, count: 50 }], { unit: 'week' }),
      'NOT_CONVERGED',
      'fitBgNbd',
    );
    expectTypeOf(error.details.estimate).toEqualTypeOf<number[] | undefined>();
    expectTypeOf(error.details.logLikelihood).toEqualTypeOf<number | undefined>();
    expect(error.details.estimate).toHaveLength(4);
  });

  // Small data sets simulated from random parameters, some of which the fit cannot pin down.
  const simulated = fc
    .record({
      r: fc.double({ min: 0.1, max: 2, noNaN: true }),
      alpha: fc.double({ min: 0.5, max: 10, noNaN: true }),
      a: fc.double({ min: 0.2, max: 3, noNaN: true }),
      b: fc.double({ min: 0.2, max: 5, noNaN: true }),
      customers: fc.integer({ min: 5, max: 200 }),
      T: fc.double({ min: 5, max: 55, noNaN: true }),
      seed: fc.nat(),
    })
    .map(({ customers, T, seed, ...params }) =>
      simulateBgNbd(params, { customers, T, seed }).map(({ frequency, recency, T }) => ({ frequency, recency, T })),
    )
    .chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })));
  property.prop(
    [simulated, fc.integer({ min: 2, max: 4 }), fc.constantFrom(0, 0.1), fc.constantFrom(fitBgNbd, fitModifiedBgNbd)],
    { numRuns: 50 },
  )(
    'gives the same fit for the customers in any order, duplicated or counted (penalized or not), and never mutates them',
    ([rows, shuffled], copies, penalizer, fit) => {
      const options = { unit: 'week' as const, penalizer };
      const frozen = deepFreeze(structuredClone(rows));
      const original = fitOutcome(() => fit(frozen, options));
      expect(frozen).toEqual(rows);
      expectSameFit(
        original,
        fitOutcome(() => fit(shuffled, options)),
        [
          fitOutcome(() => fit(Array.from({ length: copies }, () => rows).flat(), options)),
          fitOutcome(() =>
            fit(
              rows.map((row) => ({ ...row, count: copies })),
              options,
            ),
          ),
        ],
        copies,
        // Newton steps stop at a relative gradient of 1e-10.
        { relative: 1e-6 },
        {
          n: rows.length,
          penalizer,
          at: ([r, alpha, a, b]) => {
            const gradient = new Float64Array(4);
            const modified = fit === fitModifiedBgNbd;
            const params = { r: r!, alpha: alpha!, a: a!, b: b! };
            return { logLikelihood: bgNbdLogLikelihood(params, readRows('test', rows), gradient, modified), gradient };
          },
        },
      );
    },
  );
});

describe('BG/NBD predictions', () => {
  it('match the closed forms at the published CDNOW fit (SciPy 1.x hyp2f1)', () => {
    expect(expectedPurchases(model, 39)).toBeCloseTo(1.1967231933207985, 10);
    expect(expectedPurchases(model, 0)).toBe(0);
    expect(probabilityAlive(model, { frequency: 2, recency: 30.43, T: 38.86 })).toBeCloseTo(0.726578570080673, 12);
    expect(conditionalExpectedPurchases(model, { frequency: 2, recency: 30.43, T: 38.86 }, 39)).toBeCloseTo(
      0.726578570080673 * 1.6873993058053,
      10,
    );
  });

  it('give purchase probabilities that sum to 1 with the expected purchases as mean', () => {
    // MBG/NBD at n = 0 has a dropout term whose tail P(NB >= 0) is 1, which the regularized beta
    // I_x(0, r) cannot give (a shape of 0); a week, t/(α+t) below 1/(r+2), is where it would be NaN.
    for (const kind of ['bg/nbd', 'mbg/nbd'] as const) {
      for (const t of [39, 1]) {
        let total = 0;
        let mean = 0;
        for (let n = 0; n < 400; n++) {
          const probability = purchaseProbability({ ...model, kind }, n, t);
          total += probability;
          mean += n * probability;
        }
        expect(total, `${kind} t = ${t}`).toBeCloseTo(1, 12);
        expect(mean, `${kind} t = ${t}`).toBeCloseTo(expectedPurchases({ ...model, kind }, t), 10);
      }
    }
  });

  it('give purchase probabilities right far in the tail and for large shapes (mpmath 1.3, 50 digits)', () => {
    // P(X(t) = n) with the tail P(NB >= n) as mpmath's regularized betainc. As 1 minus the terms
    // below n, the first was −7.4e-19, and the large shapes lost up to 4e-7 to log-beta differences.
    const tailParams = {
      r: 2.1128338490515555,
      alpha: 33.582949588945745,
      a: 0.13022509492631756,
      b: 0.4347649697968607,
    };
    for (const [kind, params, n, t, expected] of [
      ['bg/nbd', tailParams, 21, 0.9979000540828472, 6.760259856996621e-32],
      ['mbg/nbd', tailParams, 21, 0.9979000540828472, 6.717389746974643e-32],
      ['bg/nbd', { r: 0.243, alpha: 4.414, a: 1e9, b: 2e9 }, 2, 39, 0.097960206662804],
      ['bg/nbd', { r: 1e9, alpha: 4e9, a: 0.793, b: 2.426 }, 10, 39, 0.042727249696268024],
      ['bg/nbd', { r: 1e9, alpha: 4e9, a: 1e9, b: 2e9 }, 10, 39, 0.006588523040200187],
    ] as const) {
      const probability = purchaseProbability({ ...model, kind, params }, n, t);
      expect(relativeError(probability, expected), `${kind} ${JSON.stringify(params)} n = ${n}`).toBeLessThan(1e-13);
    }
    // P(alive) where everyone buys at nearly the same rate (r and α in the billions and beyond):
    // ln[(α+T)/(α+t_x)] as a difference of logarithms lost 1e-6 and 5e-4 of it (mpmath 1.3).
    for (const [r, alpha, frequency, recency, expected] of [
      [1e9, 4e9, 2, 30.43, 0.347149312044741],
      [1e12, 4e12, 5, 20, 0.06785886058781306],
    ] as const) {
      const alive = probabilityAlive(
        { ...model, params: { r, alpha, a: 0.8, b: 2.5 } },
        { frequency, recency, T: 38.86 },
      );
      expect(relativeError(alive, expected), `r = ${r}`).toBeLessThan(1e-14);
    }
    // A small b (fits allow it down to e^-25): the odds a/(b + x − 1) lost b's digits when 1 was added
    // to b and taken off again, for x = 1 (x = 0 in MBG/NBD): 1e-4 of P(alive) at b = 1e-12, all of it
    // at 1e-17. Closed form, with no cancellation: P(alive) = b / (b + a ((α+T)/(α+t_x))^(r+x)).
    for (const b of [1e-12, 1e-17]) {
      const params = { r: 0.243, alpha: 4.414, a: 0.793, b };
      const bought = probabilityAlive({ ...model, params }, { frequency: 1, recency: 39, T: 39 });
      expect(relativeError(bought, b / (b + 0.793)), `b = ${b}`).toBeLessThan(1e-14);
      const never = probabilityAlive({ ...model, kind: 'mbg/nbd', params }, { frequency: 0, recency: 0, T: 39 });
      const growth = ((4.414 + 39) / 4.414) ** 0.243;
      expect(relativeError(never, b / (b + 0.793 * growth)), `MBG b = ${b}`).toBeLessThan(1e-14);
    }
    // At t = 0 nobody has bought yet: b/(a+b) + a/(a+b) for MBG/NBD, which rounded above 1.
    const odd = { r: 1, alpha: 1, a: 1, b: 1 };
    expect(purchaseProbability({ ...model, kind: 'mbg/nbd', params: odd }, 0, 0)).toBeLessThanOrEqual(1);
    expect(purchaseProbability({ ...model, params: odd }, 0, 0)).toBe(1);
  });

  property.prop([
    fc.integer({ min: 0, max: 50 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 1, max: 60, noNaN: true }),
  ])('keep P(alive) in [0, 1] and expectations finite and rising with t', (frequency, share, t) => {
    const customer = { frequency, recency: frequency === 0 ? 0 : 30 * share, T: 30 };
    const alive = probabilityAlive(model, customer);
    expect(alive).toBeGreaterThanOrEqual(0);
    expect(alive).toBeLessThanOrEqual(1);
    const shorter = conditionalExpectedPurchases(model, customer, t);
    expect(Number.isFinite(shorter)).toBe(true);
    expect(conditionalExpectedPurchases(model, customer, 2 * t)).toBeGreaterThanOrEqual(shorter);
  });

  property.prop([
    fc.integer({ min: 0, max: 100 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 1, max: 80, noNaN: true }),
    fc.double({ min: 0, max: 40, noNaN: true }),
  ])('never raise P(alive) for a longer silence since the last purchase', (frequency, share, T, more) => {
    const customer = { frequency, recency: frequency === 0 ? 0 : share * T, T };
    for (const m of [model, { ...model, kind: 'mbg/nbd' as const }]) {
      // The closed form is evaluated afresh for each T: allow the last bits of rounding.
      expect(probabilityAlive(m, { ...customer, T: T + more })).toBeLessThanOrEqual(
        probabilityAlive(m, customer) * (1 + 1e-12),
      );
    }
  });

  // Any parameters of the three purchase models, not only a fitted CDNOW model.
  const shape = (max: number) => fc.double({ min: 0.05, max, noNaN: true });
  const anyModel = fc.oneof(
    fc
      .record({ r: shape(10), alpha: shape(100), a: shape(20), b: shape(20), modified: fc.boolean() })
      .map(({ modified, ...params }) => ({
        kind: modified ? ('mbg/nbd' as const) : ('bg/nbd' as const),
        unit: 'week' as const,
        params,
      })),
    fc
      .record({ r: shape(10), alpha: shape(100), s: shape(20), beta: shape(100) })
      .map((params) => ({ kind: 'pareto/nbd' as const, unit: 'week' as const, params })),
  );
  property.prop([
    anyModel,
    fc.integer({ min: 0, max: 30 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0.5, max: 80, noNaN: true }),
    fc.double({ min: 0.01, max: 100, noNaN: true }),
  ])(
    'give probabilities in [0, 1] summing to at most 1, and expectations >= 0 not falling with t, for any parameters',
    (m, x, share, T, t) => {
      const frozen = deepFreeze(structuredClone(m));
      const customer = deepFreeze({ frequency: x, recency: x === 0 ? 0 : share * T, T });
      const alive = probabilityAlive(frozen, customer);
      expect(alive).toBeGreaterThanOrEqual(0);
      expect(alive).toBeLessThanOrEqual(1);
      let total = 0;
      for (let n = 0; n <= 30; n++) {
        const probability = purchaseProbability(frozen, n, t);
        expect(probability).toBeGreaterThanOrEqual(0);
        expect(probability).toBeLessThanOrEqual(1);
        total += probability;
      }
      expect(total).toBeLessThanOrEqual(1 + 1e-9);
      const expected = expectedPurchases(frozen, t);
      expect(expected).toBeGreaterThanOrEqual(0);
      expect(expectedPurchases(frozen, 2 * t)).toBeGreaterThanOrEqual(expected * (1 - 1e-12));
      const conditional = conditionalExpectedPurchases(frozen, customer, t);
      expect(conditional).toBeGreaterThanOrEqual(0);
      expect(conditionalExpectedPurchases(frozen, customer, 2 * t)).toBeGreaterThanOrEqual(conditional * (1 - 1e-9));
      expect(frozen).toEqual(m);
    },
  );

  it('stay finite for heavy buyers and when a + b < 1', () => {
    const heavy = { frequency: 500, recency: 51, T: 52 };
    expect(Number.isFinite(conditionalExpectedPurchases(model, heavy, 52))).toBe(true);
    const odd = { ...model, params: { r: 0.5, alpha: 3, a: 0.2, b: 0.3 } };
    expect(Number.isFinite(expectedPurchases(odd, 52))).toBe(true);
    expect(Number.isFinite(conditionalExpectedPurchases(odd, { frequency: 0, recency: 0, T: 20 }, 52))).toBe(true);
  });

  it('refuse other models, impossible customers and bad horizons', () => {
    expectError(
      () => expectedPurchases({ ...model, kind: 'other' } as never, 1),
      'INVALID_ARGUMENT',
      'expectedPurchases',
    );
    expectError(() => expectedPurchases(model, -1), 'INVALID_ARGUMENT', 'expectedPurchases');
    expectError(() => probabilityAlive(model, { frequency: 1, recency: 5, T: 4 }), 'INVALID_VALUE', 'probabilityAlive');
    expectError(() => probabilityAlive(model, { frequency: 0, recency: 2, T: 4 }), 'INVALID_VALUE', 'probabilityAlive');
    expectError(
      () => conditionalExpectedPurchases(model, { frequency: 1.5, recency: 2, T: 4 }, 1),
      'INVALID_VALUE',
      'conditionalExpectedPurchases',
    );
    expectError(() => purchaseProbability(model, 1.5, 10), 'INVALID_ARGUMENT', 'purchaseProbability');
    expectError(() => purchaseProbability(null as never, 1, 10), 'INVALID_ARGUMENT', 'purchaseProbability');
    // A model without parameters, or with a parameter missing, is not a fitted model.
    for (const bare of [
      { kind: 'bg/nbd', unit: 'week' },
      { kind: 'pareto/nbd', unit: 'week', params: { r: 1, alpha: 1, s: 1 } },
    ]) {
      const error = expectError(() => expectedPurchases(bare as never, 1), 'INVALID_ARGUMENT', 'expectedPurchases');
      expect(error.details).toEqual({ argument: 'model', value: bare });
    }
  });

  it('name the customer and the index 0 when they refuse one, and refuse horizons that are not finite numbers', () => {
    for (const customer of impossibleRows) {
      const alive = expectError(() => probabilityAlive(model, customer as never), 'INVALID_VALUE', 'probabilityAlive');
      expect(alive.details).toEqual({ index: 0, value: customer });
      const conditional = expectError(
        () => conditionalExpectedPurchases(model, customer as never, 1),
        'INVALID_VALUE',
        'conditionalExpectedPurchases',
      );
      expect(conditional.details).toEqual({ index: 0, value: customer });
    }
    for (const bad of [NaN, Infinity, '1', -1] as number[]) {
      for (const [fn, call, argument] of [
        ['expectedPurchases', () => expectedPurchases(model, bad), 't'],
        [
          'conditionalExpectedPurchases',
          () => conditionalExpectedPurchases(model, { frequency: 1, recency: 2, T: 4 }, bad),
          't',
        ],
        ['purchaseProbability', () => purchaseProbability(model, 1, bad), 't'],
        ['purchaseProbability', () => purchaseProbability(model, bad, 10), 'n'],
      ] as const) {
        expect(expectError(call, 'INVALID_ARGUMENT', fn).details.argument).toBe(argument);
      }
    }
  });
});

describe('fitGammaGamma and expectedSpend', () => {
  const customers = [
    { frequency: 1, monetaryValue: 20 },
    { frequency: 3, monetaryValue: 35 },
    { frequency: 2, monetaryValue: 12 },
    { frequency: 5, monetaryValue: 50 },
    { frequency: 2, monetaryValue: 28 },
    { frequency: 0, monetaryValue: 0 },
  ];

  it('fits the repeat customers only', () => {
    expect(fitGammaGamma(customers, { penalizer: 0.01 })).toMatchObject({ kind: 'gamma-gamma', n: 5 });
    expect(fitGammaGamma({ customers }, { penalizer: 0.01 })).toMatchObject({ n: 5 });
  });

  it('stops where the (penalized) objective is stationary, with the inverse of its information', () => {
    // By BFGS (no analytic Hessian), on the 946 CDNOW customers with repeat purchases.
    const columns = cdnowSpendColumns();
    const gradientAt = ([p, q, gamma]: number[]): Float64Array => {
      const gradient = new Float64Array(3);
      gammaGammaLogLikelihood({ p: p!, q: q!, gamma: gamma! }, columns, gradient);
      return gradient;
    };
    for (const penalizer of [0, 0.001]) {
      const repeatCustomers = Array.from(columns.frequency, (frequency, k) => ({
        frequency,
        monetaryValue: columns.meanSpend[k]!,
      }));
      const model = fitGammaGamma(repeatCustomers, { penalizer });
      const at = [model.params.p, model.params.q, model.params.gamma];
      // BFGS stops at a relative gradient of 1e-8 of the mean log-likelihood.
      expectPenalizedOptimum(model, at, gradientAt, 1e-7);
    }
  });

  it('fits the same model in any currency unit: p and q unchanged, γ in the unit', () => {
    // The model is scale-equivariant: spend c times larger gives the same p and q, γ c times larger,
    // and the log-likelihood of the mean spends n ln c lower. The fit used to refuse as "running to
    // infinity" a γ above e^25 ≈ 7e10, reached by mean spends of about 6e10 in a small currency unit.
    const spends = [
      [3, 10],
      [1, 40],
      [2, 20],
      [5, 12],
      [1, 70],
      [2, 15],
      [4, 33],
      [1, 8],
      [3, 25],
      [6, 18],
      [2, 50],
      [1, 22],
    ];
    const inUnit = (c: number): SpendRow[] =>
      spends.map(([frequency, value]) => ({ frequency: frequency!, monetaryValue: value! * c }));
    const reference = fitGammaGamma(inUnit(1));
    for (const c of [1e-100, 1e-20, 1e-10, 2.4e9, 1e20, 1e100]) {
      const scaled = fitGammaGamma(inUnit(c));
      expect(scaled.params.p / reference.params.p - 1, `c = ${c}`).toBeCloseTo(0, 6);
      expect(scaled.params.q / reference.params.q - 1, `c = ${c}`).toBeCloseTo(0, 6);
      expect(scaled.params.gamma / (c * reference.params.gamma) - 1, `c = ${c}`).toBeCloseTo(0, 6);
      expect(scaled.logLikelihood - (reference.logLikelihood - 12 * Math.log(c)), `c = ${c}`).toBeCloseTo(0, 6);
    }
  });

  it("keeps expected spend finite for a huge p: the posterior mean is near the customer's own mean", () => {
    // (γ + x z̄) / (x + (q − 1)/p): p (γ + x z̄) overflowed first.
    const model = { kind: 'gamma-gamma' as const, params: { p: 1e300, q: 3, gamma: 1e10 } };
    expect(expectedSpend(model, { frequency: 1, monetaryValue: 10 })).toBeCloseTo(1e10 + 10, 0);
  });

  it('refuses zero, negative or non-finite spend of repeat customers', () => {
    for (const bad of [0, -5, NaN, Infinity, '10']) {
      const error = expectError(
        () => fitGammaGamma([customers[0]!, { frequency: 2, monetaryValue: bad as number }]),
        'INVALID_VALUE',
        'fitGammaGamma',
      );
      expect(error.details.index).toBe(1);
    }
    for (const bad of [{ frequency: 1.5, monetaryValue: 3 }, { frequency: '2', monetaryValue: 3 }, null]) {
      const error = expectError(() => fitGammaGamma([customers[0]!, bad as never]), 'INVALID_VALUE', 'fitGammaGamma');
      expect(error.details).toEqual({ index: 1, value: bad });
    }
    expectError(() => fitGammaGamma([{ frequency: -1, monetaryValue: 3 }]), 'INVALID_VALUE', 'fitGammaGamma');
    expectError(() => fitGammaGamma([{ frequency: 0, monetaryValue: 0 }]), 'EMPTY_INPUT', 'fitGammaGamma');
    // One row instead of a list of rows is shown as it is (it used to read "got undefined").
    const lone = expectError(() => fitGammaGamma(customers[0] as never), 'INVALID_ARGUMENT', 'fitGammaGamma');
    expect(lone.details).toEqual({ argument: 'customers', value: customers[0] });
    expectError(() => fitGammaGamma(customers, { penalizer: NaN }), 'INVALID_ARGUMENT', 'fitGammaGamma');
    // A model with an impossible parameter gave negative or NaN spends; q = 1 has an infinite
    // population mean.
    for (const params of [
      { p: 6.25, q: 3.74, gamma: -15.44 },
      { p: -6.25, q: 3.74, gamma: 15.44 },
      { p: 6.25, q: 3.74, gamma: NaN },
      { p: 6.25, q: Infinity, gamma: 15.44 },
      { p: 6.25, q: 1, gamma: 15.44 },
      // Not numbers: neither coerced ('3.74', a Date) nor left to throw a TypeError (BigInt, Symbol).
      { p: 6.25, q: '3.74', gamma: 15.44 },
      { p: 6.25, q: new Date(5), gamma: 15.44 },
      { p: 6.25, q: 10n, gamma: 15.44 },
      { p: 6.25, q: Symbol('q'), gamma: 15.44 },
    ]) {
      const error = expectError(
        () => expectedSpend({ kind: 'gamma-gamma', params: params as never }, { frequency: 2, monetaryValue: 22.35 }),
        'INVALID_ARGUMENT',
        'expectedSpend',
      );
      expect(error.details.argument).toBe('model');
    }
    // A model of another kind, or without parameters, is not a spend model.
    for (const model of [
      { kind: 'bg/nbd', params: { p: 6.25, q: 3.74, gamma: 15.44 } },
      { kind: 'gamma-gamma' },
      null,
    ]) {
      expectError(
        () => expectedSpend(model as never, { frequency: 0, monetaryValue: 0 }),
        'INVALID_ARGUMENT',
        'expectedSpend',
      );
    }
  });

  it('reads counts as numbers of customers, refusing counts that are not integers >= 0', () => {
    const counted = [
      { frequency: 1, monetaryValue: 20, count: 2 },
      { frequency: 3, monetaryValue: 35, count: 0 },
      { frequency: 2, monetaryValue: 12 },
    ];
    const expanded = [customers[0]!, customers[0]!, customers[2]!];
    const fitted = fitGammaGamma(counted, { penalizer: 0.01 });
    expect(fitted.n).toBe(3);
    expect(fitted.logLikelihood).toBeCloseTo(fitGammaGamma(expanded, { penalizer: 0.01 }).logLikelihood, 6);
    for (const count of [-1, 1.5, NaN, '2']) {
      const error = expectError(
        () => fitGammaGamma([customers[0]!, { frequency: 2, monetaryValue: 12, count: count as number }]),
        'INVALID_VALUE',
        'fitGammaGamma',
      );
      expect(error.details.index).toBe(1);
    }
    expect(expectError(() => fitGammaGamma(null as never), 'INVALID_ARGUMENT').details.argument).toBe('data');
  });

  // Spend simulated from the model: a customer's mean spend over x repeat purchases is
  // Gamma(p x, ν x) with ν ~ Gamma(q, γ), in cents; customers without repeat purchases spend 0.
  const spenders = fc
    .record({
      p: fc.double({ min: 0.5, max: 10, noNaN: true }),
      q: fc.double({ min: 1.5, max: 10, noNaN: true }),
      gamma: fc.double({ min: 1, max: 30, noNaN: true }),
      customers: fc.integer({ min: 5, max: 200 }),
      seed: fc.nat(),
    })
    .map(({ p, q, gamma, customers, seed }) => {
      const random = seededRandom(seed);
      return Array.from({ length: customers }, (_, k) => {
        // Every customer but the first may have no repeat purchase: at least one has.
        const frequency = k === 0 ? 1 + Math.floor(5 * random()) : Math.floor(6 * random());
        if (frequency === 0) return { frequency, monetaryValue: 0 };
        const nu = gammaDraw(random, q) / gamma;
        const cents = Math.round((100 * gammaDraw(random, p * frequency)) / (nu * frequency));
        return { frequency, monetaryValue: Math.max(cents, 1) / 100 };
      });
    })
    .chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })));
  property.prop([spenders, fc.integer({ min: 2, max: 4 }), fc.constantFrom(0, 0.1)], { numRuns: 50 })(
    'gives the same fit for the customers in any order, duplicated or counted (penalized or not), and never mutates them',
    ([rows, shuffled], copies, penalizer) => {
      const repeat = rows.filter((c) => c.frequency > 0);
      const frozen = deepFreeze(structuredClone(rows));
      const original = fitOutcome(() => fitGammaGamma(frozen, { penalizer }));
      expect(frozen).toEqual(rows);
      expectSameFit(
        original,
        fitOutcome(() => fitGammaGamma(shuffled, { penalizer })),
        [
          fitOutcome(() => fitGammaGamma(Array.from({ length: copies }, () => rows).flat(), { penalizer })),
          fitOutcome(() =>
            fitGammaGamma(
              rows.map((row) => ({ ...row, count: copies })),
              { penalizer },
            ),
          ),
        ],
        copies,
        // BFGS stops at a relative gradient of 1e-8: a few 1e-6 on the estimate (2e-6 at most in 300 data sets).
        { relative: 1e-5, standardErrors: 1e-5 },
        {
          n: repeat.length,
          penalizer,
          at: ([p, q, gamma]) => {
            const gradient = new Float64Array(3);
            const columns = {
              frequency: Float64Array.from(repeat, (c) => c.frequency),
              meanSpend: Float64Array.from(repeat, (c) => c.monetaryValue),
              weight: new Float64Array(repeat.length).fill(1),
              rows: repeat.length,
              customers: repeat.length,
            };
            return {
              logLikelihood: gammaGammaLogLikelihood({ p: p!, q: q!, gamma: gamma! }, columns, gradient),
              gradient,
            };
          },
        },
      );
    },
  );

  it('gives a customer without repeat purchases the population mean, whatever their monetaryValue', () => {
    // Their spend carries no information (x z̄ = 0): a missing or non-finite mean is not read.
    const model = { kind: 'gamma-gamma' as const, params: { p: 6.25, q: 3.74, gamma: 15.44 } };
    const population = (6.25 * 15.44) / 2.74;
    for (const monetaryValue of [0, NaN, Infinity, undefined]) {
      expect(expectedSpend(model, { frequency: 0, monetaryValue: monetaryValue as number })).toBeCloseTo(
        population,
        12,
      );
    }
  });

  property.prop([
    fc.record({
      p: fc.double({ min: 0.1, max: 50, noNaN: true }),
      q: fc.double({ min: 1.01, max: 50, noNaN: true }),
      gamma: fc.double({ min: 0.1, max: 100, noNaN: true }),
    }),
    fc.integer({ min: 1, max: 100 }),
    fc.double({ min: 0.01, max: 1000, noNaN: true }),
    fc.double({ min: 0, max: 1000, noNaN: true }),
  ])(
    "lies between the population mean and the customer's mean, rises with that mean, never mutates",
    (params, frequency, monetaryValue, more) => {
      const model = deepFreeze({ kind: 'gamma-gamma' as const, params });
      const customer = deepFreeze({ frequency, monetaryValue });
      const spend = expectedSpend(model, customer);
      const population = (params.p * params.gamma) / (params.q - 1);
      // A weighted mean computed in floating point: allow the last bits of rounding.
      const slack = 1e-12 * Math.max(population, monetaryValue);
      expect(spend).toBeGreaterThanOrEqual(Math.min(population, monetaryValue) - slack);
      expect(spend).toBeLessThanOrEqual(Math.max(population, monetaryValue) + slack);
      expect(expectedSpend(model, { frequency, monetaryValue: monetaryValue + more })).toBeGreaterThanOrEqual(spend);
      expect(customer).toEqual({ frequency, monetaryValue });
      expect(model.params).toEqual(params);
    },
  );

  it('shrinks a customer toward the population mean (FHL 2005, JMR, eq. 5)', () => {
    const fitted = { kind: 'gamma-gamma' as const, params: { p: 6.25, q: 3.74, gamma: 15.44 } };
    // (p (γ + x z̄)) / (p x + q - 1) = 6.25 (15.44 + 2 × 22.35) / (12.5 + 2.74).
    expect(expectedSpend(fitted, { frequency: 2, monetaryValue: 22.35 })).toBeCloseTo((6.25 * 60.14) / 15.24, 12);
    expect(expectedSpend(fitted, { frequency: 0, monetaryValue: 0 })).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
    expectError(
      () => expectedSpend({ ...fitted, params: { p: 1, q: 0.9, gamma: 1 } }, { frequency: 1, monetaryValue: 1 }),
      'INVALID_ARGUMENT',
      'expectedSpend',
    );
    expectError(() => expectedSpend(fitted, { frequency: 1, monetaryValue: 0 }), 'INVALID_VALUE', 'expectedSpend');
    expectError(() => expectedSpend(fitted, { frequency: -2, monetaryValue: 3 }), 'INVALID_VALUE', 'expectedSpend');
  });

  it('refuses a customer expectedSpend cannot read, naming it at index 0', () => {
    const fitted = { kind: 'gamma-gamma' as const, params: { p: 6.25, q: 3.74, gamma: 15.44 } };
    for (const customer of [
      { frequency: 2, monetaryValue: NaN },
      { frequency: 2, monetaryValue: Infinity },
      { frequency: 2, monetaryValue: '22.35' },
      { frequency: 1.5, monetaryValue: 22.35 },
      { frequency: NaN, monetaryValue: 22.35 },
      null,
    ]) {
      const error = expectError(() => expectedSpend(fitted, customer as never), 'INVALID_VALUE', 'expectedSpend');
      expect(error.details).toEqual({ index: 0, value: customer });
    }
  });
});

describe('counts beyond 2^53 - 1 customers', () => {
  // Sums of counts stop being exact there, and would depend on the order of the rows.
  it('are refused by every fit at the row whose count passes the limit', () => {
    const many = 2 ** 53 - 2;
    const spend = { frequency: 2, monetaryValue: 10 };
    const error = expectError(
      () => fitGammaGamma([{ ...spend, count: many }, spend, spend]),
      'INVALID_VALUE',
      'fitGammaGamma',
    );
    expect(error.details.index).toBe(2);
    const purchase = { frequency: 1, recency: 1, T: 2 };
    for (const fit of [fitBgNbd, fitModifiedBgNbd]) {
      const refused = expectError(
        () => fit([{ ...purchase, count: many }, purchase, purchase], { unit: 'week' }),
        'INVALID_VALUE',
        fit.name,
      );
      expect(refused.details.index).toBe(2);
    }
  });
});
