import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  bgBbConditionalExpectedTransactions,
  bgBbExpectedTransactions,
  bgBbLogLikelihood,
  bgBbProbabilityAlive,
  bgBbTransactionProbability,
  fitBgBb,
  readBgBbRows,
  simulateBgBb,
  type BgBbParams,
  type BgBbRow,
} from '../../src/models/bgbb';
import { fitMaximumLikelihood } from '../../src/models/mle';
import { betaDraw, seededRandom } from '../../src/stats/random';
import { logGamma } from '../../src/stats/special';
import { deepFreeze, expectError, expectSameFit, fitOutcome, numericGradient, relativeError } from '../helpers';

// The published fit on the donation data (Fader, Hardie & Shang 2010, Marketing Science 29(6)).
const published: BgBbParams = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };
const model = { kind: 'bg/bb' as const, params: published };

// 150 customers simulated from the model (seeded; α 8.73, β 0.315, γ 3.44, δ 0.516), 14 opportunities.
const simulatedRows: BgBbRow[] = [
  { frequency: 0, recency: 0, periods: 14, count: 129 },
  { frequency: 3, recency: 3, periods: 14, count: 4 },
  { frequency: 8, recency: 9, periods: 14, count: 1 },
  { frequency: 1, recency: 1, periods: 14, count: 12 },
  { frequency: 2, recency: 2, periods: 14, count: 2 },
  { frequency: 4, recency: 4, periods: 14, count: 2 },
];

/** Every possible history (x, t_x) over n opportunities, with the number of 0/1 sequences that give it. */
function histories(n: number): Array<{ frequency: number; recency: number; sequences: number }> {
  const choose = (m: number, k: number): number =>
    Math.round(Math.exp(logGamma(m + 1) - logGamma(k + 1) - logGamma(m - k + 1)));
  const all = [{ frequency: 0, recency: 0, sequences: 1 }];
  for (let tx = 1; tx <= n; tx++) {
    for (let x = 1; x <= tx; x++) all.push({ frequency: x, recency: tx, sequences: choose(tx - 1, x - 1) });
  }
  return all;
}

// The paper's closed forms, with gamma functions (valid for γ ≠ 1).
const ratio = (a: number, b: number): number => Math.exp(logGamma(a) - logGamma(b));
function expectedClosedForm({ alpha, beta, gamma, delta }: BgBbParams, n: number): number {
  // FHS 2010, eq. 7.
  return (
    (alpha / (alpha + beta)) *
    (delta / (gamma - 1)) *
    (1 - ratio(gamma + delta, 1 + delta) * ratio(1 + delta + n, gamma + delta + n))
  );
}
function conditionalClosedForm(params: BgBbParams, x: number, tx: number, n: number, future: number): number {
  // FHS 2010, eq. 13: 1/L · B(α+x+1, β+n−x)/B(α,β) · δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)].
  const { alpha, beta, gamma, delta } = params;
  const logL = bgBbLogLikelihood(params, readBgBbRows('test', [{ frequency: x, recency: tx, periods: n }]));
  const lb = (a: number, b: number): number => logGamma(a) + logGamma(b) - logGamma(a + b);
  return (
    Math.exp(lb(alpha + x + 1, beta + n - x) - lb(alpha, beta) - logL) *
    (delta / (gamma - 1)) *
    ratio(gamma + delta, 1 + delta) *
    (ratio(1 + delta + n, gamma + delta + n) - ratio(1 + delta + n + future, gamma + delta + n + future))
  );
}

describe('BG/BB likelihood', () => {
  it('gives every possible history a probability, summing to 1 and to P(X(n) = x) by frequency', () => {
    for (const params of [published, { alpha: 0.3, beta: 4, gamma: 2.5, delta: 0.4 }]) {
      for (const n of [0, 1, 4, 9]) {
        const byFrequency = new Array<number>(n + 1).fill(0);
        for (const { frequency, recency, sequences } of histories(n)) {
          const rows = readBgBbRows('test', [{ frequency, recency, periods: n }]);
          byFrequency[frequency]! += sequences * Math.exp(bgBbLogLikelihood(params, rows));
        }
        expect(byFrequency.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
        const m = { kind: 'bg/bb' as const, params };
        byFrequency.forEach((p, x) => expect(bgBbTransactionProbability(m, x, n)).toBeCloseTo(p, 12));
      }
    }
  });

  it('has an analytic gradient equal to the numerical one', () => {
    const rows = readBgBbRows('test', [
      { frequency: 0, recency: 0, periods: 6, count: 30 },
      { frequency: 2, recency: 3, periods: 6, count: 12 },
      { frequency: 5, recency: 5, periods: 9, count: 4 },
      { frequency: 1, recency: 1, periods: 1, count: 3 },
      { frequency: 7, recency: 8, periods: 8 },
      { frequency: 0, recency: 0, periods: 0, count: 2 },
    ]);
    for (const params of [published, { alpha: 0.3, beta: 4, gamma: 2.5, delta: 0.4 }]) {
      const gradient = new Float64Array(4);
      const value = bgBbLogLikelihood(params, rows, gradient);
      expect(value).toBeCloseTo(bgBbLogLikelihood(params, rows), 12);
      const numeric = numericGradient(
        ([alpha, beta, gamma, delta]) =>
          bgBbLogLikelihood({ alpha: alpha!, beta: beta!, gamma: gamma!, delta: delta! }, rows),
        [params.alpha, params.beta, params.gamma, params.delta],
      );
      numeric.forEach((v, k) => expect(gradient[k]).toBeCloseTo(v, 5));
    }
  });

  it('merges rows with the same history and skips zero counts', () => {
    const rows = readBgBbRows('test', [
      { frequency: 1, recency: 2, periods: 6 },
      { frequency: 1, recency: 2, periods: 6, count: 4 },
      { frequency: 0, recency: 0, periods: 6, count: 0 },
      { frequency: 3, recency: 3, periods: 4 },
    ]);
    expect(rows.rows).toBe(2);
    expect(rows.customers).toBe(6);
    expect(Array.from(rows.weight)).toEqual([5, 1]);
    expect(rows.maxGap).toBe(4);
  });

  it('keeps full precision for large shapes, value and gradient (mpmath 1.3, log-gammas at 40 digits)', () => {
    // Simulated customers (seeded; true α 8.73, β 0.315, γ 3.44, δ 0.516) over 14 opportunities.
    const rows = readBgBbRows('test', simulatedRows);
    // As differences of log-betas and digammas, ln L lost up to 1e-4 here and the smaller
    // derivatives were noise, so fits of nearly identical customers stopped anywhere on a rising ridge.
    for (const [params, logLikelihood, derivatives] of [
      [
        [1e8, 4e6, 2, 0.3],
        -96.08619654173006,
        [-3.4844466840152466e-10, 8.711130311403478e-9, -1.2220068630421967, 7.173720458681932],
      ],
      [
        [0.7, 0.3, 1e9, 2e9],
        -151.76392224644704,
        [-42.18333536426889, 71.0710305359212, 5.809051202161155e-8, -2.904525600407448e-8],
      ],
      [
        [1e12, 1e12, 1e12, 1e12],
        -123.20252248471266,
        [-3.5009851877451194e-12, 3.500985187720958e-12, 2.7498280018205248e-11, -2.7498280018204602e-11],
      ],
    ] as const) {
      const [alpha, beta, gamma, delta] = params;
      const gradient = new Float64Array(4);
      const value = bgBbLogLikelihood({ alpha, beta, gamma, delta }, rows, gradient);
      expect(relativeError(value, logLikelihood), `ln L at ${params.join(', ')}`).toBeLessThan(1e-14);
      derivatives.forEach((derivative, k) => {
        expect(relativeError(gradient[k]!, derivative), `derivative ${k} at ${params.join(', ')}`).toBeLessThan(1e-12);
      });
    }
  });

  it('stays finite for long histories', () => {
    const rows = readBgBbRows('test', [{ frequency: 400, recency: 900, periods: 1000 }]);
    const gradient = new Float64Array(4);
    expect(Number.isFinite(bgBbLogLikelihood(published, rows, gradient))).toBe(true);
    expect(gradient.every(Number.isFinite)).toBe(true);
  });
});

describe('fitBgBb', () => {
  const truth: BgBbParams = { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 };

  it('fits simulated customers back within three standard errors of the parameters they came from', () => {
    const simulated = simulateBgBb(truth, { customers: 20000, periods: 8, seed: 11 });
    const fitted = fitBgBb(simulated);
    expect(fitted).toMatchObject({ kind: 'bg/bb', n: 20000, penalizer: 0 });
    for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) {
      expect(fitted.standardErrors[name], name).toBeGreaterThan(0);
      expect(Math.abs(fitted.params[name] - truth[name]), name).toBeLessThan(3 * fitted.standardErrors[name]);
    }
  });

  const sample: BgBbRow[] = [
    { frequency: 0, recency: 0, periods: 5, count: 40 },
    { frequency: 1, recency: 1, periods: 5, count: 12 },
    { frequency: 1, recency: 4, periods: 5, count: 5 },
    { frequency: 2, recency: 3, periods: 5, count: 9 },
    { frequency: 3, recency: 5, periods: 5, count: 11 },
    { frequency: 5, recency: 5, periods: 5, count: 14 },
    { frequency: 2, recency: 2, periods: 3, count: 6 },
    { frequency: 0, recency: 0, periods: 3, count: 8 },
  ];

  it('fits weighted rows as their expansion, and never mutates them', () => {
    const frozen = deepFreeze(sample.map((row) => ({ ...row })));
    const fitted = fitBgBb(frozen);
    expect(fitted.n).toBe(105);
    const expanded = sample.flatMap(({ count = 1, ...row }) => Array.from({ length: count }, () => row));
    // Any iterable works, a generator included.
    const same = fitBgBb(
      (function* () {
        yield* expanded;
      })(),
    );
    expect(same.logLikelihood).toBeCloseTo(fitted.logLikelihood, 8);
    for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) {
      expect(same.params[name]).toBeCloseTo(fitted.params[name], 4);
    }
    expect(JSON.parse(JSON.stringify(fitted))).toEqual(fitted);
  });

  it('shrinks the parameters with a penalizer', () => {
    const plain = fitBgBb(sample);
    const penalized = fitBgBb(sample, { penalizer: 0.1 });
    const size = (m: typeof plain): number => Object.values(m.params).reduce((sum, v) => sum + v * v, 0);
    expect(size(penalized)).toBeLessThan(size(plain));
    expect(penalized.penalizer).toBe(0.1);
  });

  // [frequency, recency, count] over 8 opportunities, as fitBgBb's rows.
  const eightPeriodRows = (histories: readonly (readonly [number, number, number])[]): BgBbRow[] =>
    histories.map(([frequency, recency, count]) => ({ frequency, recency, periods: 8, count }));

  it('finds the higher of two maxima of the likelihood', () => {
    // From (1, 1, 1, 1) alone the search stopped at α 0.443, β 0.0191, γ 0.751, δ 0.130 with
    // log-likelihood −197.6907; SciPy (L-BFGS-B) and mpmath (30 digits, negative definite Hessian)
    // place the maximum at α 0.00379, β 0.0129, γ 1.685, δ 2.707, log-likelihood −196.6362.
    const histories = [
      [0, 0, 241],
      [1, 1, 13],
      [3, 3, 3],
      [5, 5, 1],
      [8, 8, 7],
      [2, 2, 7],
      [7, 7, 1],
      [3, 5, 1],
      [4, 4, 4],
      [6, 6, 3],
    ] as const;
    const fit = fitBgBb(eightPeriodRows(histories));
    expect(fit.logLikelihood).toBeCloseTo(-196.6362, 4);
    expect(fit.params.alpha).toBeCloseTo(0.00379, 5);
    expect(fit.params.beta).toBeCloseTo(0.0129, 4);
    expect(fit.params.gamma).toBeCloseTo(1.685, 3);
    expect(fit.params.delta).toBeCloseTo(2.707, 3);
  });

  it('keeps the first maximum when the second start converges to a lower one', () => {
    // 30 customers over 8 opportunities. SciPy (L-BFGS-B) with the likelihood in mpmath (30
    // digits) finds two maxima, each with a negative definite Hessian: from (1, 1, 1, 1) α 0.8802,
    // β 0.1805, γ 0.1161, δ 0.2329 with ln L −75.758432; from (0.1, 0.1, 1, 1) α 0.1633, β 0.1156,
    // γ 0.2513, δ 2.786 with ln L −76.086537.
    const histories = [
      [0, 0, 11],
      [1, 1, 1],
      [2, 2, 1],
      [2, 6, 1],
      [3, 3, 1],
      [3, 6, 1],
      [5, 6, 3],
      [7, 8, 1],
      [8, 8, 10],
    ] as const;
    const rows = eightPeriodRows(histories);
    const columns = readBgBbRows('test', rows);
    const second = fitMaximumLikelihood({
      fn: 'test',
      start: [0.1, 0.1, 1, 1],
      customers: columns.customers,
      penalizer: 0,
      logLikelihood: ([alpha, beta, gamma, delta], gradient) =>
        bgBbLogLikelihood({ alpha: alpha!, beta: beta!, gamma: gamma!, delta: delta! }, columns, gradient),
    });
    expect(second.logLikelihood).toBeCloseTo(-76.086537, 5);
    const fit = fitBgBb(rows);
    expect(fit.logLikelihood).toBeCloseTo(-75.758432, 5);
    expect(fit.params.alpha).toBeCloseTo(0.8802, 3);
    expect(fit.params.beta).toBeCloseTo(0.1805, 3);
    expect(fit.params.gamma).toBeCloseTo(0.1161, 3);
    expect(fit.params.delta).toBeCloseTo(0.2329, 3);
  });

  it('refuses impossible rows with INVALID_VALUE and their index', () => {
    const bad: unknown[] = [
      { frequency: 2, recency: 1, periods: 6 }, // x > t_x
      { frequency: 1, recency: 7, periods: 6 }, // t_x > n
      { frequency: 0, recency: 2, periods: 6 }, // t_x without a transaction
      { frequency: 1, recency: 0, periods: 6 }, // a transaction without t_x
      { frequency: -1, recency: 0, periods: 6 },
      { frequency: 1.5, recency: 2, periods: 6 },
      { frequency: 1, recency: 2, periods: 6.5 },
      { frequency: 1, recency: 2, periods: 6, count: -1 },
      { frequency: 1, recency: 2, periods: 6, count: 2.5 },
      { frequency: 1, recency: 2, periods: 6, count: NaN },
      { frequency: 1, recency: 2, periods: 6, count: null }, // as the other fits; only an absent count is 1
      { frequency: '1', recency: 2, periods: 6 },
      { frequency: 1, recency: NaN, periods: 6 },
      { frequency: 1, recency: 2, periods: Infinity },
      { frequency: 1, recency: 2 },
      null,
    ];
    for (const row of bad) {
      const error = expectError(
        () => fitBgBb([{ frequency: 0, recency: 0, periods: 6 }, row as BgBbRow]),
        'INVALID_VALUE',
        'fitBgBb',
      );
      expect(error.details).toEqual({ index: 1, value: row });
    }
  });

  it('refuses bad arguments with INVALID_ARGUMENT, and data without a customer with EMPTY_INPUT', () => {
    expectError(() => fitBgBb([]), 'EMPTY_INPUT', 'fitBgBb');
    expectError(() => fitBgBb([{ frequency: 1, recency: 1, periods: 2, count: 0 }]), 'EMPTY_INPUT', 'fitBgBb');
    expect(expectError(() => fitBgBb(null as never), 'INVALID_ARGUMENT', 'fitBgBb').details.argument).toBe('customers');
    expectError(() => fitBgBb(sample, { penalizer: -1 }), 'INVALID_ARGUMENT', 'fitBgBb');
    expectError(() => fitBgBb(sample, null as never), 'INVALID_ARGUMENT', 'fitBgBb');
  });

  it('throws NOT_CONVERGED when the likelihood rises toward infinity above the maximum another start finds', () => {
    // The supremum is at α, β → ∞ with α / (α + β) fixed (mpmath: ln L −95.9474955 there); the
    // second start stops at a local maximum, ln L −97.38. With log-betas that cancelled, the first
    // stopped at α ≈ 9.9e7 and was reported as the fit.
    const error = expectError(() => fitBgBb(simulatedRows), 'NOT_CONVERGED', 'fitBgBb');
    const [alpha, beta] = error.details.estimate as number[];
    expect(alpha).toBeGreaterThan(1e9);
    expect(alpha! / (alpha! + beta!)).toBeCloseTo(0.958, 3);
    expect(error.details.logLikelihood).toBeCloseTo(-95.9474955, 6);
  });

  it('keeps the maximum one start finds when the other stops lower without converging', () => {
    // 25 customers simulated over 6 opportunities: from (1, 1, 1, 1) the search converges (ln L
    // −56.75); from (0.1, 0.1, 1, 1) it runs off without converging, ending lower (−58.29). That
    // failure does not contradict the maximum, so the fit is reported.
    const rows = simulateBgBb({ alpha: 5, beta: 0.3, gamma: 0.3, delta: 5 }, { customers: 25, periods: 6, seed: 18 });
    const columns = readBgBbRows('test', rows);
    const stopped = expectError(
      () =>
        fitMaximumLikelihood({
          fn: 'test',
          start: [0.1, 0.1, 1, 1],
          customers: columns.customers,
          penalizer: 0,
          logLikelihood: ([alpha, beta, gamma, delta], gradient) =>
            bgBbLogLikelihood({ alpha: alpha!, beta: beta!, gamma: gamma!, delta: delta! }, columns, gradient),
        }),
      'NOT_CONVERGED',
    );
    const fitted = fitBgBb(rows);
    expect(fitted.logLikelihood).toBeCloseTo(-56.7515, 4);
    expect(stopped.details['logLikelihood']).toBeLessThan(fitted.logLikelihood);
  });

  it('throws NOT_CONVERGED with the last estimate when the data cannot pin the model down', () => {
    // Nobody ever transacted again: the likelihood keeps rising as the transaction probability goes to 0.
    const error = expectError(
      () => fitBgBb([{ frequency: 0, recency: 0, periods: 6, count: 50 }]),
      'NOT_CONVERGED',
      'fitBgBb',
    );
    expect(error.details.estimate).toHaveLength(4);
  });

  // Small panels simulated from random parameters, some of which the fit cannot pin down.
  const panel = fc
    .record({
      alpha: fc.double({ min: 0.2, max: 3, noNaN: true }),
      beta: fc.double({ min: 0.2, max: 3, noNaN: true }),
      gamma: fc.double({ min: 0.2, max: 3, noNaN: true }),
      delta: fc.double({ min: 0.2, max: 5, noNaN: true }),
      customers: fc.integer({ min: 5, max: 300 }),
      periods: fc.integer({ min: 3, max: 10 }),
      seed: fc.nat(),
    })
    .map(({ customers, periods, seed, ...params }) =>
      simulateBgBb(params, { customers, periods, seed }).map(({ frequency, recency, periods }) => ({
        frequency,
        recency,
        periods,
      })),
    )
    .chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })));
  property.prop([panel, fc.integer({ min: 2, max: 4 }), fc.constantFrom(0, 0.1)], { numRuns: 40 })(
    'gives the same fit for the customers in any order, duplicated or counted (penalized or not), and never mutates them',
    ([rows, shuffled], copies, penalizer) => {
      const frozen = deepFreeze(structuredClone(rows));
      const original = fitOutcome(() => fitBgBb(frozen, { penalizer }));
      expect(frozen).toEqual(rows);
      expectSameFit(
        original,
        fitOutcome(() => fitBgBb(shuffled, { penalizer })),
        [
          fitOutcome(() => fitBgBb(Array.from({ length: copies }, () => rows).flat(), { penalizer })),
          fitOutcome(() =>
            fitBgBb(
              rows.map((row) => ({ ...row, count: copies })),
              { penalizer },
            ),
          ),
        ],
        copies,
        // BFGS stops at a relative gradient of 1e-8: a few 1e-6 on the estimate.
        { relative: 1e-5, standardErrors: 1e-5 },
        {
          n: rows.length,
          penalizer,
          at: ([alpha, beta, gamma, delta]) => {
            const gradient = new Float64Array(4);
            const params = { alpha: alpha!, beta: beta!, gamma: gamma!, delta: delta! };
            return { logLikelihood: bgBbLogLikelihood(params, readBgBbRows('test', rows), gradient), gradient };
          },
        },
      );
    },
  );
});

// A simulation of the model's story, opportunity by opportunity, with the project's seeded PRNG:
// histories over the first n opportunities, whether the customer is alive at n + 1, and the
// transactions in n + 1 .. n + n*.
function simulateFuture(params: BgBbParams, customers: number, n: number, future: number, seed: number) {
  const random = seededRandom(seed);
  const groups = new Map<string, { count: number; alive: number; future: number; futureSquares: number }>();
  let total = 0;
  let totalSquares = 0;
  for (let k = 0; k < customers; k++) {
    const p = betaDraw(random, params.alpha, params.beta);
    const theta = betaDraw(random, params.gamma, params.delta);
    let alive = true;
    let x = 0;
    let tx = 0;
    let aliveNext = false;
    let later = 0;
    for (let t = 1; t <= n + future; t++) {
      if (alive && random() < theta) alive = false;
      if (t === n + 1) aliveNext = alive;
      const transacts = alive && random() < p;
      if (t <= n && transacts) {
        x++;
        tx = t;
      } else if (transacts) {
        later++;
      }
    }
    total += x;
    totalSquares += x * x;
    const key = `${x},${tx}`;
    const group = groups.get(key) ?? { count: 0, alive: 0, future: 0, futureSquares: 0 };
    group.count++;
    group.alive += aliveNext ? 1 : 0;
    group.future += later;
    group.futureSquares += later * later;
    groups.set(key, group);
  }
  return { groups, mean: total / customers, meanSquares: totalSquares / customers };
}

describe('BG/BB predictions', () => {
  it('match the paper’s closed forms (eq. 7 and eq. 13) where γ ≠ 1', () => {
    for (const params of [published, { alpha: 0.3, beta: 4, gamma: 2.5, delta: 0.4 }]) {
      const m = { kind: 'bg/bb' as const, params };
      for (const n of [1, 6, 25]) {
        expect(bgBbExpectedTransactions(m, n)).toBeCloseTo(expectedClosedForm(params, n), 10);
      }
      for (const [x, tx] of [
        [0, 0],
        [2, 4],
        [6, 6],
      ] as const) {
        const customer = { frequency: x, recency: tx, periods: 6 };
        expect(bgBbConditionalExpectedTransactions(m, customer, 5)).toBeCloseTo(
          conditionalClosedForm(params, x, tx, 6, 5),
          10,
        );
      }
    }
  });

  it('are continuous at γ = 1, where the closed forms divide by zero', () => {
    const at = (gamma: number) => ({ kind: 'bg/bb' as const, params: { ...published, gamma } });
    const customer = { frequency: 2, recency: 4, periods: 6 };
    expect(bgBbExpectedTransactions(at(1), 10)).toBeCloseTo(expectedClosedForm(at(1 + 1e-7).params, 10), 5);
    expect(bgBbConditionalExpectedTransactions(at(1), customer, 10)).toBeCloseTo(
      conditionalClosedForm(at(1 - 1e-7).params, 2, 4, 6, 10),
      5,
    );
  });

  it('agree with a seeded simulation of the model', () => {
    const n = 6;
    const future = 5;
    const customers = 200000;
    const { groups, mean, meanSquares } = simulateFuture(published, customers, n, future, 2010);
    const se = Math.sqrt((meanSquares - mean * mean) / customers);
    expect(Math.abs(bgBbExpectedTransactions(model, n) - mean)).toBeLessThan(4 * se);
    for (const key of ['0,0', '1,1', '2,4', '3,6', '6,6']) {
      const group = groups.get(key)!;
      const [x, tx] = key.split(',').map(Number) as [number, number];
      const customer = { frequency: x, recency: tx, periods: n };
      const alive = bgBbProbabilityAlive(model, customer);
      expect(Math.abs(group.alive / group.count - alive), key).toBeLessThan(
        4 * Math.sqrt((alive * (1 - alive)) / group.count),
      );
      const expected = bgBbConditionalExpectedTransactions(model, customer, future);
      const m = group.future / group.count;
      const spread = Math.sqrt((group.futureSquares / group.count - m * m) / group.count);
      expect(Math.abs(m - expected), key).toBeLessThan(4 * spread);
    }
  });

  it('give transaction probabilities that sum to 1 with the expected transactions as mean', () => {
    let total = 0;
    let mean = 0;
    for (let x = 0; x <= 12; x++) {
      const p = bgBbTransactionProbability(model, x, 12);
      total += p;
      mean += x * p;
    }
    expect(total).toBeCloseTo(1, 12);
    expect(mean).toBeCloseTo(bgBbExpectedTransactions(model, 12), 12);
    expect(bgBbTransactionProbability(model, 7, 6)).toBe(0);
    expect(bgBbTransactionProbability(model, 9, 6)).toBe(0);
    expect(bgBbTransactionProbability(model, 0, 0)).toBe(1);
  });

  const params = fc.record({
    alpha: fc.double({ min: 0.05, max: 20, noNaN: true }),
    beta: fc.double({ min: 0.05, max: 20, noNaN: true }),
    gamma: fc.double({ min: 0.05, max: 20, noNaN: true }),
    delta: fc.double({ min: 0.05, max: 20, noNaN: true }),
  });
  const customer = fc.tuple(fc.nat({ max: 30 }), fc.nat({ max: 30 }), fc.nat({ max: 30 })).map(([a, b, c]) => {
    const [x, tx, n] = [a, b, c].sort((u, v) => u - v) as [number, number, number];
    return { frequency: x, recency: x === 0 ? 0 : Math.max(tx, 1), periods: Math.max(n, 1) };
  });

  property.prop([params, customer, fc.nat({ max: 40 })])(
    'keep P(alive) in [0, 1] and expectations in [0, periods] and rising with the periods',
    (p, c, future) => {
      const m = { kind: 'bg/bb' as const, params: p };
      const alive = bgBbProbabilityAlive(m, c);
      expect(alive).toBeGreaterThanOrEqual(0);
      expect(alive).toBeLessThanOrEqual(1);
      const conditional = bgBbConditionalExpectedTransactions(m, c, future);
      expect(conditional).toBeGreaterThanOrEqual(0);
      expect(conditional).toBeLessThanOrEqual(future);
      expect(bgBbConditionalExpectedTransactions(m, c, future + 1)).toBeGreaterThanOrEqual(conditional);
      const fresh = bgBbExpectedTransactions(m, future);
      expect(fresh).toBeGreaterThanOrEqual(0);
      expect(fresh).toBeLessThanOrEqual(future);
      expect(bgBbExpectedTransactions(m, future + 1)).toBeGreaterThanOrEqual(fresh);
      const probability = bgBbTransactionProbability(m, c.frequency, c.periods);
      expect(probability).toBeGreaterThanOrEqual(0);
      expect(probability).toBeLessThanOrEqual(1);
    },
  );

  property.prop([params, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 })])(
    'make a customer who transacted more recently more likely alive',
    (p, a, b) => {
      const [x, n] = [Math.min(a, b), Math.max(a, b)];
      const m = { kind: 'bg/bb' as const, params: p };
      let previous = 0;
      for (let tx = x; tx <= n; tx++) {
        const alive = bgBbProbabilityAlive(m, { frequency: x, recency: tx, periods: n });
        expect(alive).toBeGreaterThanOrEqual(previous * (1 - 1e-12));
        previous = alive;
      }
    },
  );

  property.prop([params, customer, fc.integer({ min: 1, max: 20 })])(
    'never make a customer more likely alive after more opportunities without a transaction',
    (p, c, more) => {
      const m = { kind: 'bg/bb' as const, params: p };
      // Evaluated afresh for each number of periods: allow the last bits of rounding.
      expect(bgBbProbabilityAlive(m, { ...c, periods: c.periods + more })).toBeLessThanOrEqual(
        bgBbProbabilityAlive(m, c) * (1 + 1e-12),
      );
    },
  );

  it('do not mutate the model or the customer', () => {
    const frozenModel = deepFreeze({ kind: 'bg/bb' as const, params: { ...published } });
    const frozenCustomer = deepFreeze({ frequency: 2, recency: 4, periods: 6 });
    expect(bgBbProbabilityAlive(frozenModel, frozenCustomer)).toBeGreaterThan(0);
    expect(bgBbConditionalExpectedTransactions(frozenModel, frozenCustomer, 3)).toBeGreaterThan(0);
    expect(bgBbExpectedTransactions(frozenModel, 3)).toBeGreaterThan(0);
  });

  it('keep full precision for large shapes (mpmath 1.3, log-gammas at 40 digits)', () => {
    for (const [params, customer, alive, probability] of [
      [[1e12, 1e12, 1e12, 1e12], [3, 5, 8], 0.011627906976915901, 0.024871826171926164],
      [[2.5, 1.5, 1e9, 3e9], [2, 4, 10], 0.009971575887646595, 0.13980007241109207],
    ] as const) {
      const [alpha, beta, gamma, delta] = params;
      const [frequency, recency, periods] = customer;
      const large = { kind: 'bg/bb' as const, params: { alpha, beta, gamma, delta } };
      const label = `${params.join(', ')}`;
      expect(relativeError(bgBbProbabilityAlive(large, { frequency, recency, periods }), alive), label).toBeLessThan(
        1e-12,
      );
      expect(relativeError(bgBbTransactionProbability(large, frequency, periods), probability), label).toBeLessThan(
        1e-12,
      );
    }
  });

  it('keep a tiny β: a customer who skipped opportunities after x = t_x is then almost surely gone', () => {
    // β + n − x rounded β = 1e-17 away (NaN); with p = 1 in effect, silence means dropout.
    const tiny = { kind: 'bg/bb' as const, params: { alpha: 1, beta: 1e-17, gamma: 1, delta: 1 } };
    const alive = bgBbProbabilityAlive(tiny, { frequency: 3, recency: 3, periods: 6 });
    expect(alive).toBeGreaterThanOrEqual(0);
    expect(alive).toBeLessThan(1e-15);
    expect(bgBbProbabilityAlive(tiny, { frequency: 6, recency: 6, periods: 6 })).toBeGreaterThan(0.1);
  });

  it('refuse other models, impossible customers and bad periods', () => {
    const customer = { frequency: 2, recency: 4, periods: 6 };
    // More opportunities than 32-bit histories hold (1e15 threw a RangeError before).
    expectError(
      () => bgBbProbabilityAlive(model, { frequency: 0, recency: 0, periods: 1e15 }),
      'INVALID_VALUE',
      'bgBbProbabilityAlive',
    );
    expectError(
      () => readBgBbRows('fitBgBb', [{ frequency: 1, recency: 1, periods: 2 ** 31 }]),
      'INVALID_VALUE',
      'fitBgBb',
    );
    expectError(
      () => bgBbProbabilityAlive({ ...model, kind: 'bg/nbd' } as never, customer),
      'INVALID_ARGUMENT',
      'bgBbProbabilityAlive',
    );
    expectError(
      () => bgBbExpectedTransactions({ ...model, params: { ...published, gamma: 0 } }, 3),
      'INVALID_ARGUMENT',
      'bgBbExpectedTransactions',
    );
    const nullModel = expectError(
      () => bgBbExpectedTransactions(null as never, 3),
      'INVALID_ARGUMENT',
      'bgBbExpectedTransactions',
    );
    expect(nullModel.details.argument).toBe('model');
    expectError(
      () => bgBbExpectedTransactions({ kind: 'bg/bb', params: null } as never, 3),
      'INVALID_ARGUMENT',
      'bgBbExpectedTransactions',
    );
    const negative = expectError(
      () => bgBbExpectedTransactions(model, -1),
      'INVALID_ARGUMENT',
      'bgBbExpectedTransactions',
    );
    expect(negative.details.argument).toBe('periods');
    expectError(() => bgBbExpectedTransactions(model, 2.5), 'INVALID_ARGUMENT', 'bgBbExpectedTransactions');
    // One term per opportunity: beyond a million, refused rather than minutes of work.
    expectError(() => bgBbExpectedTransactions(model, 3e9), 'INVALID_ARGUMENT', 'bgBbExpectedTransactions');
    expectError(
      () => bgBbProbabilityAlive(model, { frequency: 3, recency: 2, periods: 6 }),
      'INVALID_VALUE',
      'bgBbProbabilityAlive',
    );
    expectError(
      () => bgBbConditionalExpectedTransactions(model, { frequency: 0, recency: 1, periods: 6 }, 2),
      'INVALID_VALUE',
      'bgBbConditionalExpectedTransactions',
    );
    expectError(
      () => bgBbConditionalExpectedTransactions(model, customer, NaN),
      'INVALID_ARGUMENT',
      'bgBbConditionalExpectedTransactions',
    );
    const frequency = expectError(
      () => bgBbTransactionProbability(model, -1, 6),
      'INVALID_ARGUMENT',
      'bgBbTransactionProbability',
    );
    expect(frequency.details.argument).toBe('frequency');
    expectError(() => bgBbTransactionProbability(model, 1, 0.5), 'INVALID_ARGUMENT', 'bgBbTransactionProbability');
  });

  it('name an impossible customer at index 0, and refuse counts that are not finite integers', () => {
    for (const customer of [
      { frequency: 1, recency: NaN, periods: 6 },
      { frequency: 1, recency: 2, periods: Infinity },
      { frequency: '1', recency: 2, periods: 6 },
      { frequency: 1, recency: 2.5, periods: 6 },
      { frequency: -1, recency: 2, periods: 6 },
      null,
    ]) {
      const alive = expectError(
        () => bgBbProbabilityAlive(model, customer as never),
        'INVALID_VALUE',
        'bgBbProbabilityAlive',
      );
      expect(alive.details).toEqual({ index: 0, value: customer });
      const conditional = expectError(
        () => bgBbConditionalExpectedTransactions(model, customer as never, 2),
        'INVALID_VALUE',
        'bgBbConditionalExpectedTransactions',
      );
      expect(conditional.details).toEqual({ index: 0, value: customer });
    }
    const customer = { frequency: 2, recency: 4, periods: 6 };
    for (const bad of [NaN, Infinity, '3', -1, 2.5]) {
      expectError(() => bgBbExpectedTransactions(model, bad as number), 'INVALID_ARGUMENT', 'bgBbExpectedTransactions');
      expectError(
        () => bgBbConditionalExpectedTransactions(model, customer, bad as number),
        'INVALID_ARGUMENT',
        'bgBbConditionalExpectedTransactions',
      );
      expectError(
        () => bgBbTransactionProbability(model, bad as number, 6),
        'INVALID_ARGUMENT',
        'bgBbTransactionProbability',
      );
      expectError(
        () => bgBbTransactionProbability(model, 1, bad as number),
        'INVALID_ARGUMENT',
        'bgBbTransactionProbability',
      );
    }
  });
});

describe('simulateBgBb', () => {
  const truth: BgBbParams = { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 };

  it('is reproducible from its seed and gives valid histories', () => {
    const first = simulateBgBb(truth, { customers: 500, periods: 6, seed: 5 });
    expect(simulateBgBb(truth, { customers: 500, periods: 6, seed: 5 })).toEqual(first);
    expect(simulateBgBb(truth, { customers: 500, periods: 6, seed: 6 })).not.toEqual(first);
    expect(simulateBgBb(truth, { customers: 500, periods: 6 })).toEqual(
      simulateBgBb(truth, { customers: 500, periods: 6, seed: 1 }),
    );
    for (const c of first) {
      expect(c.frequency <= c.recency && c.recency <= 6 && (c.frequency === 0) === (c.recency === 0)).toBe(true);
      expect(c.transactionProbability).toBeGreaterThanOrEqual(0);
      expect(c.dropoutProbability).toBeLessThanOrEqual(1);
    }
    expect(first.some((c) => c.alive) && first.some((c) => !c.alive)).toBe(true);
    expect(simulateBgBb(truth, { customers: 2, periods: 0 })).toMatchObject([
      { frequency: 0, recency: 0, periods: 0, alive: true },
      { frequency: 0, recency: 0, periods: 0, alive: true },
    ]);
  });

  it('draws probabilities, not NaN, for shapes far below 1', () => {
    // Both gamma draws of a Beta(0.001, 0.001) underflow to 0 about one time in five: 0 / 0.
    const params: BgBbParams = { alpha: 0.001, beta: 0.001, gamma: 0.001, delta: 0.001 };
    const customers = simulateBgBb(params, { customers: 2000, periods: 6, seed: 1 });
    for (const c of customers) {
      expect(c.transactionProbability).toBeGreaterThanOrEqual(0);
      expect(c.transactionProbability).toBeLessThanOrEqual(1);
      expect(c.dropoutProbability).toBeGreaterThanOrEqual(0);
    }
    // With shapes this small, p is 0 or 1 in effect, half the time each: E[p] = 0.5.
    const meanP = customers.reduce((sum, c) => sum + c.transactionProbability, 0) / customers.length;
    expect(Math.abs(meanP - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / customers.length));
  });

  it('refuses bad parameters and options', () => {
    expectError(
      () => simulateBgBb({ ...truth, delta: 0 }, { customers: 1, periods: 6 }),
      'INVALID_ARGUMENT',
      'simulateBgBb',
    );
    for (const [call, argument] of [
      [() => simulateBgBb(null as never, { customers: 1, periods: 6 }), 'params'],
      [() => simulateBgBb(truth, null as never), 'options'],
      [() => simulateBgBb(truth, { customers: 0, periods: 6 }), 'customers'],
      [() => simulateBgBb(truth, { customers: 1e9, periods: 6 }), 'customers'],
      [() => simulateBgBb(truth, { customers: 1, periods: -1 }), 'periods'],
      [() => simulateBgBb(truth, { customers: 1, periods: 6, seed: 1.5 }), 'seed'],
    ] as const) {
      expect(expectError(call, 'INVALID_ARGUMENT', 'simulateBgBb').details.argument).toBe(argument);
    }
    // One customer is a simulation too.
    expect(simulateBgBb(truth, { customers: 1, periods: 6 })).toHaveLength(1);
    for (const bad of [NaN, Infinity, '1', -1]) {
      for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) {
        const error = expectError(
          () => simulateBgBb({ ...truth, [name]: bad }, { customers: 1, periods: 6 }),
          'INVALID_ARGUMENT',
          'simulateBgBb',
        );
        expect(error.details.argument).toBe(`params.${name}`);
      }
      expectError(
        () => simulateBgBb(truth, { customers: 1, periods: bad as number }),
        'INVALID_ARGUMENT',
        'simulateBgBb',
      );
      expectError(
        () => simulateBgBb(truth, { customers: bad as number, periods: 6 }),
        'INVALID_ARGUMENT',
        'simulateBgBb',
      );
    }
    expectError(() => simulateBgBb(truth, { customers: 1.5, periods: 6 }), 'INVALID_ARGUMENT', 'simulateBgBb');
    expectError(() => simulateBgBb(truth, { customers: 1, periods: 2.5 }), 'INVALID_ARGUMENT', 'simulateBgBb');
  });
});

describe('fitBgBb with counts beyond 2^53 - 1 customers', () => {
  it('refuses the row whose count passes the limit (sums of counts stop being exact)', () => {
    const history = { frequency: 1, recency: 1, periods: 2 };
    const error = expectError(
      () => fitBgBb([{ ...history, count: 2 ** 53 - 2 }, history, history]),
      'INVALID_VALUE',
      'fitBgBb',
    );
    expect(error.details.index).toBe(2);
  });
});
