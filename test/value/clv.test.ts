import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../src/models/fit-bgnbd';
import { expectedSpend, fitGammaGamma } from '../../src/models/fit-gamma-gamma';
import { fitParetoNbd } from '../../src/models/pareto-nbd';
import { conditionalExpectedPurchases, probabilityAlive } from '../../src/models/predict';
import { simulateBgNbd } from '../../src/models/simulate';
import { compressSummaries, summarizeTransactions } from '../../src/purchases/summary';
import { customerLifetimeValue } from '../../src/value/clv';
import { deepFreeze, expectError, relativeError } from '../helpers';
import { cdnowSample } from '../reference/cdnow';

const purchaseModel = {
  kind: 'bg/nbd' as const,
  unit: 'week' as const,
  params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
};
const spendModel = { kind: 'gamma-gamma' as const, params: { p: 6.25, q: 3.74, gamma: 15.44 } };
const customer = { customerId: 1, frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 };

// The interval brackets the total strictly, and each customer's bounds bracket their value.
const expectBoundsAround = (result: ReturnType<typeof customerLifetimeValue>): void => {
  expect(result.interval!.low).toBeLessThan(result.total);
  expect(result.interval!.high).toBeGreaterThan(result.total);
  for (const customer of result.customers) {
    expect(customer.low).toBeLessThanOrEqual(customer.value);
    expect(customer.high).toBeGreaterThanOrEqual(customer.value);
  }
};

describe('customerLifetimeValue', () => {
  it('is expected spend × expected purchases when nothing is discounted', () => {
    const result = customerLifetimeValue({
      purchaseModel,
      spendModel,
      customers: [customer],
      horizon: { length: 39, unit: 'week' },
      steps: 1,
      discountRate: 0,
    });
    const purchases = conditionalExpectedPurchases(purchaseModel, customer, 39);
    // E[M | x = 2, z̄ = 22.35] = 6.25 (15.44 + 44.7) / (12.5 + 2.74).
    const spend = (6.25 * 60.14) / 15.24;
    expect(result.customers[0]!.expectedPurchases).toBeCloseTo(purchases, 10);
    expect(result.customers[0]!.value).toBeCloseTo(purchases * spend, 8);
    expect(result).toMatchObject({ unit: 'week', horizonInModelUnit: 39, stepLength: 39, discountPer: 'step' });
    expect(result.customers[0]!.customerId).toBe(1);
  });

  it('converts a horizon in months to the model unit, and says so', () => {
    const result = customerLifetimeValue({
      purchaseModel,
      spendModel,
      customers: [customer],
      horizon: { length: 12, unit: 'month' },
      steps: 12,
      discountRate: 0.01,
    });
    // 12 months = 365.2425 days = 52.1775 weeks, in 12 steps of 4.348 weeks.
    expect(result.horizonInModelUnit).toBeCloseTo(365.2425 / 7, 12);
    expect(result.stepLength).toBeCloseTo(365.2425 / 7 / 12, 12);
    expect(result.horizon).toEqual({ length: 12, unit: 'month' });
  });

  it('cuts the horizon into as many steps as its length rounds to, at least 1, by default', () => {
    const valued = (length: number, steps?: number) =>
      customerLifetimeValue({
        purchaseModel,
        spendModel,
        customers: [customer],
        horizon: { length, unit: 'month' },
        discountRate: 0.01,
        ...(steps === undefined ? {} : { steps }),
      });
    expect(valued(12).steps).toBe(12);
    expect(valued(2.5).steps).toBe(3);
    expect(valued(0.3).steps).toBe(1);
    // One step, given: the whole horizon discounted once.
    expect(valued(12, 1)).toMatchObject({ steps: 1, stepLength: 365.2425 / 7 });
    for (const length of [0, -1]) {
      const error = expectError(() => valued(length), 'INVALID_ARGUMENT', 'customerLifetimeValue');
      expect(error.details).toEqual({ argument: 'horizon.length', value: length });
    }
  });

  it('gives a customer without repeat purchases the population mean spend, whatever their monetaryValue', () => {
    const population = (6.25 * 15.44) / 2.74;
    for (const monetaryValue of [0, NaN, undefined]) {
      const result = customerLifetimeValue({
        purchaseModel,
        spendModel,
        customers: [{ frequency: 0, recency: 0, T: 38.86, monetaryValue: monetaryValue as number }],
        horizon: { length: 12, unit: 'month' },
        discountRate: 0.01,
      });
      expect(result.customers[0]!.expectedSpend).toBeCloseTo(population, 12);
      expect(Number.isFinite(result.total)).toBe(true);
      // No id given, none reported.
      expect('customerId' in result.customers[0]!).toBe(false);
    }
  });

  it('falls with the discount rate and grows with the horizon', () => {
    const value = (discountRate: number, length: number) =>
      customerLifetimeValue({
        purchaseModel,
        spendModel,
        customers: [customer],
        horizon: { length, unit: 'month' },
        steps: length,
        discountRate,
      }).total;
    expect(value(0.02, 12)).toBeLessThan(value(0.01, 12));
    expect(value(0.01, 24)).toBeGreaterThan(value(0.01, 12));
  });

  it('values every customer and sums them, computing shared histories once', () => {
    const newcomer = { frequency: 0, recency: 0, T: 38.86, monetaryValue: 0 };
    const result = customerLifetimeValue({
      purchaseModel,
      spendModel,
      customers: [customer, newcomer, customer],
      horizon: { length: 1, unit: 'year' },
      steps: 12,
      discountRate: 0.01,
    });
    expect(result.customers).toHaveLength(3);
    expect(result.customers[2]!.value).toBe(result.customers[0]!.value);
    expect(result.total).toBeCloseTo(
      result.customers.reduce((sum, c) => sum + c.value, 0),
      10,
    );
    expect(result.customers[1]!.probabilityAlive).toBe(1);
  });

  const someCustomer = fc
    .record({
      frequency: fc.integer({ min: 0, max: 30 }),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      T: fc.double({ min: 1, max: 80, noNaN: true }),
      spend: fc.double({ min: 1, max: 500, noNaN: true }),
    })
    .map(({ frequency, share, T, spend }) => ({
      frequency,
      recency: frequency === 0 ? 0 : share * T,
      T,
      monetaryValue: frequency === 0 ? 0 : spend,
    }));
  property.prop(
    [
      fc
        .array(someCustomer, { minLength: 1, maxLength: 8 })
        .map((list) => list.map((c, customerId) => ({ customerId, ...c })))
        .chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))),
      fc.double({ min: 0, max: 0.2, noNaN: true }),
      fc.integer({ min: 1, max: 24 }),
    ],
    { numRuns: 50 },
  )(
    'values each customer whatever their order, within [0, the undiscounted value], and never mutates',
    ([customers, shuffled], discountRate, months) => {
      const options = { purchaseModel, spendModel, horizon: { length: months, unit: 'month' as const }, steps: months };
      const frozen = deepFreeze(structuredClone(customers));
      const result = customerLifetimeValue({ ...options, customers: frozen, discountRate });
      expect(frozen).toEqual(customers);
      const byId = (list: typeof result.customers) =>
        [...list].sort((a, b) => Number(a.customerId) - Number(b.customerId));
      const reordered = customerLifetimeValue({ ...options, customers: shuffled, discountRate });
      expect(byId(reordered.customers)).toEqual(byId(result.customers));
      // The total is a floating-point sum in the order of the customers.
      expect(Math.abs(reordered.total - result.total)).toBeLessThanOrEqual(1e-12 * result.total);
      const undiscounted = customerLifetimeValue({ ...options, customers, discountRate: 0 });
      result.customers.forEach((c, i) => {
        expect(c.value).toBeGreaterThanOrEqual(0);
        expect(c.value).toBeLessThanOrEqual(undiscounted.customers[i]!.value);
      });
    },
  );

  // The published CDNOW fits of both purchase models (Fader, Hardie & Lee 2005).
  const purchaseModels = fc.constantFrom(purchaseModel, {
    kind: 'pareto/nbd' as const,
    unit: 'week' as const,
    params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
  });
  property.prop(
    [
      purchaseModels,
      someCustomer,
      fc.double({ min: 0, max: 1000, noNaN: true }),
      fc.double({ min: 0, max: 0.2, noNaN: true }),
      fc.integer({ min: 1, max: 24 }),
    ],
    { numRuns: 50 },
  )('never falls when the customer spends more per purchase', (model, customer, more, discountRate, months) => {
    const value = (monetaryValue: number) =>
      customerLifetimeValue({
        purchaseModel: model,
        spendModel,
        customers: [{ ...customer, monetaryValue }],
        horizon: { length: months, unit: 'month' },
        discountRate,
      }).customers[0]!;
    const before = value(customer.monetaryValue);
    const after = value(customer.monetaryValue + more);
    // E[M | x, z̄] = p (γ + x z̄) / (p x + q − 1) rises with z̄, by correctly rounded steps: exact.
    expect(after.expectedSpend).toBeGreaterThanOrEqual(before.expectedSpend);
    expect(after.value).toBeGreaterThanOrEqual(before.value);
    expect(after.probabilityAlive).toBe(before.probabilityAlive);
    expect(after.expectedPurchases).toBe(before.expectedPurchases);
    // Without repeat purchases the spend is not read: the population mean.
    if (customer.frequency === 0) expect(after).toEqual(before);
  });

  property.prop(
    [
      purchaseModels,
      someCustomer,
      fc.double({ min: 0.1, max: 36, noNaN: true }),
      fc.double({ min: 0, max: 36, noNaN: true }),
      fc.integer({ min: 1, max: 24 }),
      fc.double({ min: 0, max: 0.2, noNaN: true }),
    ],
    { numRuns: 50 },
  )(
    'never falls as the horizon grows: in as many steps, or one step a month',
    (model, customer, months, more, steps, discountRate) => {
      const value = (length: number, stepCount?: number): number =>
        customerLifetimeValue({
          purchaseModel: model,
          spendModel,
          customers: [customer],
          horizon: { length, unit: 'month' },
          steps: stepCount,
          discountRate,
        }).total;
      // The steps stretch with the horizon; each expectation is computed afresh, so equal up to rounding.
      const rounding = 1e-12 * value(months + more, steps);
      expect(value(months + more, steps)).toBeGreaterThanOrEqual(value(months, steps) - rounding);
      // Whole months in monthly steps (the default): the longer horizon adds steps after the same
      // ones (a month long each, to a rounding of horizon / steps).
      const whole = Math.max(1, Math.round(months));
      const longer = value(whole + Math.round(more));
      expect(longer).toBeGreaterThanOrEqual(value(whole) - 1e-12 * longer);
    },
  );

  property.prop(
    [
      purchaseModels,
      fc.array(someCustomer, { minLength: 1, maxLength: 8 }).chain((list) =>
        fc.tuple(
          fc.constant(list),
          fc.shuffledSubarray(
            list.map((_, k) => k),
            { minLength: list.length },
          ),
        ),
      ),
    ],
    { numRuns: 50 },
  )('permutes its results as the customers are permuted, ids or not', (model, [customers, order]) => {
    const options = {
      purchaseModel: model,
      spendModel,
      horizon: { length: 12, unit: 'month' as const },
      discountRate: 0.01,
    };
    const result = customerLifetimeValue({ ...options, customers });
    const permuted = customerLifetimeValue({ ...options, customers: order.map((k) => customers[k]!) });
    expect(permuted.customers).toEqual(order.map((k) => result.customers[k]!));
    expect(Math.abs(permuted.total - result.total)).toBeLessThanOrEqual(1e-12 * result.total);
    expect({ ...permuted, customers: [], total: 0 }).toEqual({ ...result, customers: [], total: 0 });
  });

  it('refuses horizons without a known unit, wrong models and impossible customers', () => {
    const base = {
      purchaseModel,
      spendModel,
      customers: [customer],
      horizon: { length: 12, unit: 'month' as const },
      discountRate: 0.01,
    };
    // Each refusal names the argument. Purchase models with a negative or missing parameter gave
    // a value or NaN; the spend model is checked up front, even with no customer to value (q <= 1
    // has no finite mean).
    const badSpend = { ...spendModel, params: { ...spendModel.params, q: 0.7 } };
    for (const [options, argument] of [
      [
        { purchaseModel: { ...purchaseModel, params: { r: -0.243, alpha: 4.414, a: 0.793, b: 2.426 } } },
        'purchaseModel',
      ],
      [{ purchaseModel: { ...purchaseModel, params: { r: 0.243, alpha: 4.414, b: 2.426 } } }, 'purchaseModel'],
      [{ horizon: 12 }, 'horizon'],
      [{ horizon: { length: 12, unit: 'fortnight' } }, 'horizon.unit'],
      [{ purchaseModel: { ...purchaseModel, unit: 'visit' } }, 'purchaseModel.unit'],
      [{ purchaseModel: { kind: 'x' } }, 'purchaseModel'],
      [{ spendModel: { kind: 'x' } }, 'spendModel'],
      [{ spendModel: null, customers: [] }, 'spendModel'],
      [{ spendModel: badSpend, customers: [] }, 'spendModel'],
      [{ discountRate: -0.1 }, 'discountRate'],
      [{ steps: 0 }, 'steps'],
      // An array of 2^32 + 1 times, or of 1e10 from the default one step per day: a RangeError before.
      [{ steps: 2 ** 32 }, 'steps'],
      [{ horizon: { length: 1e10, unit: 'day' } }, 'steps'],
      [{ customers: 5 }, 'customers'],
    ] as const) {
      const error = expectError(
        () => customerLifetimeValue({ ...base, ...options } as never),
        'INVALID_ARGUMENT',
        'customerLifetimeValue',
      );
      expect(error.details.argument, JSON.stringify(options)).toBe(argument);
    }
    expectError(
      () => customerLifetimeValue({ ...base, customers: [{ ...customer, recency: 50 }] }),
      'INVALID_VALUE',
      'customerLifetimeValue',
    );
    expectError(
      () => customerLifetimeValue({ ...base, customers: [{ ...customer, monetaryValue: 0 }] }),
      'INVALID_VALUE',
      'customerLifetimeValue',
    );
    expectError(() => customerLifetimeValue(undefined as never), 'INVALID_ARGUMENT', 'customerLifetimeValue');
  });

  it('refuses a customer with a non-finite, non-numeric or non-integer field at its index', () => {
    const base = {
      purchaseModel,
      spendModel,
      horizon: { length: 12, unit: 'month' as const },
      discountRate: 0.01,
    };
    for (const bad of [
      { ...customer, recency: NaN },
      { ...customer, T: Infinity },
      { ...customer, monetaryValue: NaN },
      { ...customer, monetaryValue: Infinity },
      { ...customer, monetaryValue: '22.35' },
      { ...customer, frequency: '2' },
      { ...customer, frequency: 2.5 },
      // The id is copied into the result, which must stay plain JSON.
      { ...customer, customerId: 42n },
      { ...customer, customerId: NaN },
      { ...customer, customerId: '' },
      { ...customer, customerId: { id: 1 } },
      null,
    ]) {
      const error = expectError(
        () => customerLifetimeValue({ ...base, customers: [customer, bad as never] }),
        'INVALID_VALUE',
        'customerLifetimeValue',
      );
      expect(error.details).toEqual({ index: 1, value: bad });
    }
  });

  it('copies a string or number id, and reads a null id as none', () => {
    const base = { purchaseModel, spendModel, horizon: { length: 12, unit: 'month' as const }, discountRate: 0.01 };
    const rows = [
      { ...customer, customerId: 'ann' },
      { ...customer, customerId: 7 },
      { ...customer, customerId: null },
    ];
    const result = customerLifetimeValue({ ...base, customers: rows });
    expect(result.customers.map((c) => c.customerId)).toEqual(['ann', 7, undefined]);
    expect('customerId' in result.customers[2]!).toBe(false);
  });

  it('refuses a row that stands for several customers, and an empty list', () => {
    const base = { purchaseModel, spendModel, horizon: { length: 12, unit: 'month' as const }, discountRate: 0.01 };
    // A compressed row with a count would otherwise be valued as one customer.
    for (const count of [2, 0, null, '1']) {
      const row = { ...customer, count };
      const error = expectError(
        () => customerLifetimeValue({ ...base, customers: [customer, row] }),
        'INVALID_VALUE',
        'customerLifetimeValue',
      );
      expect(error.details).toEqual({ index: 1, value: row });
    }
    const one = customerLifetimeValue({ ...base, customers: [customer] });
    const countedOnce = { ...customer, count: 1 };
    expect(customerLifetimeValue({ ...base, customers: [countedOnce] }).total).toBe(one.total);
    expectError(() => customerLifetimeValue({ ...base, customers: [] }), 'EMPTY_INPUT', 'customerLifetimeValue');
  });
});

describe('customerLifetimeValue with a parameter-uncertainty interval', () => {
  const truth = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
  const simulated = simulateBgNbd(truth, { customers: 3000, T: 39, seed: 11 });
  const purchaseModel = fitBgNbd(compressSummaries(simulated), { unit: 'week' });
  const spendModel = fitGammaGamma(
    simulated.map((c, k) => ({ frequency: c.frequency, monetaryValue: c.frequency > 0 ? 20 + (k % 13) * 3 : 0 })),
  );
  const few = [
    { frequency: 3, recency: 30, T: 39, monetaryValue: 40 },
    { frequency: 0, recency: 0, T: 39, monetaryValue: 0 },
  ];
  const base = {
    purchaseModel,
    spendModel,
    customers: few,
    horizon: { length: 6, unit: 'month' as const },
    steps: 6,
    discountRate: 0.01,
  };

  it('brackets the estimate, per customer and in total, reproducibly from the seed', () => {
    const result = customerLifetimeValue({ ...base, interval: { draws: 40, seed: 3 } });
    expect(result.interval).toMatchObject({
      confidence: 0.95,
      draws: 40,
      seed: 3,
      method: 'parameter-draws',
      customerBounds: true,
    });
    expectBoundsAround(result);
    expect(customerLifetimeValue({ ...base, interval: { draws: 40, seed: 3 } })).toEqual(result);
    // The same draws at a lower confidence: percentiles (25%, 75%) inside (2.5%, 97.5%).
    const narrower = customerLifetimeValue({ ...base, interval: { draws: 40, seed: 3, confidence: 0.5 } });
    expect(narrower.interval!.low).toBeGreaterThan(result.interval!.low);
    expect(narrower.interval!.high).toBeGreaterThan(narrower.interval!.low);
    expect(narrower.interval!.high).toBeLessThan(result.interval!.high);
  });

  it('leaves out spend draws with q <= 1 (no finite mean spend), and counts the draws used', () => {
    // q = 1.05 with a log-scale standard deviation of 0.1: about 31% of the draws fall to q <= 1.
    const q = 1.05;
    const wideSpend = {
      kind: 'gamma-gamma' as const,
      params: { p: 6, q, gamma: 15 },
      covariance: [
        [0.0036, 0, 0],
        [0, (0.1 * q) ** 2, 0],
        [0, 0, 0.0225],
      ],
    };
    const result = customerLifetimeValue({ ...base, spendModel: wideSpend, interval: { draws: 100, seed: 2 } });
    expect(result.interval!.usedDraws).toBeGreaterThan(50);
    expect(result.interval!.usedDraws).toBeLessThan(90);
    expect(result.interval!.low).toBeGreaterThan(0);
    expect(Number.isFinite(result.interval!.high)).toBe(true);
  });

  it('leaves out draws whose total overflows, rather than giving a NaN bound', () => {
    // γ with a log-scale standard deviation of 400: some draws give γ, and the total, of Infinity,
    // and a percentile between two of them was Infinity - Infinity, NaN (null in JSON).
    const { p, q, gamma } = spendModel.params;
    const wideGamma = {
      ...spendModel,
      covariance: [
        [(0.1 * p) ** 2, 0, 0],
        [0, (0.1 * q) ** 2, 0],
        [0, 0, (400 * gamma) ** 2],
      ],
    };
    const result = customerLifetimeValue({ ...base, spendModel: wideGamma, interval: { draws: 40, seed: 1 } });
    expect(result.interval!.usedDraws).toBeLessThan(40);
    expect(result.interval!.usedDraws).toBeGreaterThan(0);
    expect(Number.isFinite(result.interval!.low) && Number.isFinite(result.interval!.high)).toBe(true);
  });

  it('refuses an interval when no draw is usable, rather than giving NaN bounds', () => {
    // The fitted purchase model with a diagonal covariance of the given log-scale standard deviation.
    const withLogSd = (sd: number): typeof purchaseModel => {
      const estimate = Object.values(purchaseModel.params);
      return {
        ...purchaseModel,
        covariance: estimate.map((x, i) => estimate.map((_, j) => (i === j ? (sd * x) ** 2 : 0))),
      };
    };
    // At 10,000 each draw is 0 or beyond the range of doubles: every draw's predictions are NaN.
    const error = expectError(
      () => customerLifetimeValue({ ...base, purchaseModel: withLogSd(1e4), interval: { draws: 20 } }),
      'EMPTY_INPUT',
      'customerLifetimeValue',
    );
    expect(error.message).toBe(
      "customerLifetimeValue: none of the 20 parameter draws gave a value (each drew a spend model with q <= 1 or predictions beyond the range of doubles): the models' covariance is too wide for an interval",
    );
    // At 100 every draw is still usable: wide but finite bounds.
    const wide = customerLifetimeValue({ ...base, purchaseModel: withLogSd(100), interval: { draws: 20 } });
    expect(wide.interval!.usedDraws).toBe(20);
    expect(Number.isFinite(wide.interval!.low) && Number.isFinite(wide.interval!.high)).toBe(true);
  });

  it('keeps bounds per customer only up to 10 million customers × draws', () => {
    // 500,001 customers (one history, computed once per draw) × 20 draws: just above the limit.
    const many = Array.from({ length: 500_001 }, () => few[0]!);
    const result = customerLifetimeValue({ ...base, customers: many, interval: { draws: 20 } });
    expect(result.interval).toMatchObject({ draws: 20, usedDraws: 20, customerBounds: false });
    expect(result.interval!.low).toBeLessThan(result.total);
    expect('low' in result.customers[0]!).toBe(false);
    const within = customerLifetimeValue({ ...base, interval: { draws: 20 } });
    expect(within.interval!.customerBounds).toBe(true);
  });

  it('needs models that carry their covariance, and valid options', () => {
    const bare = { kind: 'bg/nbd' as const, unit: 'week' as const, params: purchaseModel.params };
    const bareSpend = { kind: spendModel.kind, params: spendModel.params };
    for (const [options, argument] of [
      [{ purchaseModel: bare, interval: {} }, 'purchaseModel.covariance'],
      [{ spendModel: bareSpend, interval: {} }, 'spendModel.covariance'],
      [{ interval: { draws: 5 } }, 'interval.draws'],
      [{ interval: { draws: 19 } }, 'interval.draws'],
      [{ interval: { draws: 1_000_001 } }, 'interval.draws'],
      [{ interval: { seed: 1.5 } }, 'interval.seed'],
      [{ interval: { confidence: 2 } }, 'interval.confidence'],
      [{ interval: 'yes' }, 'interval'],
    ] as const) {
      const error = expectError(
        () => customerLifetimeValue({ ...base, ...options } as never),
        'INVALID_ARGUMENT',
        'customerLifetimeValue',
      );
      expect(error.details.argument, JSON.stringify(options)).toBe(argument);
    }
  });

  it('refuses a covariance that is not a square matrix of numbers, without a TypeError', () => {
    const fitted = purchaseModel.covariance!;
    const identity = fitted.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
    for (const covariance of [
      {},
      'abc',
      [1, 2, 3, 4],
      [null, null, null, null],
      fitted.slice(0, 3),
      fitted.map((row) => row.slice(0, 3)),
      // A hole where the matrix is read (its lower triangle).
      [fitted[0], [, ...fitted[1]!.slice(1)], fitted[2], fitted[3]], // eslint-disable-line no-sparse-arrays
      [fitted[0], fitted[1], , fitted[3]], // eslint-disable-line no-sparse-arrays
      // Entries that are not numbers, neither coerced ('' and true would read as 0 and 1) nor a TypeError.
      ...[1n, Symbol('x'), '', true, [], Object.create(null)].map((entry) =>
        fitted.map((row, i) => (i === 0 ? [entry, ...row.slice(1)] : row)),
      ),
    ]) {
      const error = expectError(
        () =>
          customerLifetimeValue({
            ...base,
            purchaseModel: { ...purchaseModel, covariance } as never,
            interval: { draws: 20 },
          }),
        'INVALID_ARGUMENT',
        'customerLifetimeValue',
      );
      expect(error.details).toMatchObject({ argument: 'purchaseModel.covariance' });
    }
    const withIdentity = { ...purchaseModel, covariance: identity };
    expect(
      customerLifetimeValue({ ...base, purchaseModel: withIdentity, interval: { draws: 20 } }).interval,
    ).toBeDefined();
  });
});

describe('customerLifetimeValue with a Pareto/NBD purchase model', () => {
  const summary = summarizeTransactions(cdnowSample(), { calibrationEnd: '1997-09-30', unit: 'week' });
  const paretoModel = fitParetoNbd(compressSummaries(summary.customers), { unit: summary.unit });
  const cdnowSpend = fitGammaGamma(summary.customers);
  const year = { horizon: { length: 12, unit: 'month' as const }, steps: 12, discountRate: 0.01 };
  const stepLength = 365.2425 / 7 / 12;
  const discount = (k: number): number => 1.01 ** -k;

  it('values CDNOW customers as the discounted sum of their expected purchases per step', () => {
    const result = customerLifetimeValue({
      purchaseModel: paretoModel,
      spendModel: cdnowSpend,
      customers: summary.customers,
      ...year,
    });
    expect(result).toMatchObject({ unit: 'week', steps: 12, discountPer: 'step' });
    // Independently: while alive, λ ~ Gamma(r+x, α+T) and μ ~ Gamma(s, β+T), so the purchases
    // expected in (T+u, T+v] are (r+x)/(α+T) ∫_u^v ((β+T)/(β+T+w))^s dw (the survival of the
    // lifetime beyond w, averaged over μ), integrated here by Simpson's rule.
    const { r, alpha, s, beta } = paretoModel.params;
    const simpson = (f: (w: number) => number, from: number, to: number, intervals = 64): number => {
      const h = (to - from) / intervals;
      let sum = f(from) + f(to);
      for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(from + i * h);
      return (sum * h) / 3;
    };
    summary.customers.forEach((customer, i) => {
      if (i % 50 !== 0 && customer.frequency < 10) return;
      const { frequency: x, T } = customer;
      const survival = (w: number): number => ((beta + T) / (beta + T + w)) ** s;
      let value = 0;
      for (let k = 1; k <= 12; k++) {
        const purchases = ((r + x) / (alpha + T)) * simpson(survival, (k - 1) * stepLength, k * stepLength);
        value += purchases * discount(k);
      }
      value *= probabilityAlive(paretoModel, customer) * expectedSpend(cdnowSpend, customer);
      const actual = result.customers[i]!.value;
      expect(relativeError(actual, value), `customer ${customer.customerId}`).toBeLessThan(1e-9);
    });
    // And the total from the differences of conditionalExpectedPurchases over the steps.
    let total = 0;
    for (const customer of summary.customers) {
      let purchases = 0;
      for (let k = 1; k <= 12; k++) {
        const next = conditionalExpectedPurchases(paretoModel, customer, k * stepLength);
        total += expectedSpend(cdnowSpend, customer) * (next - purchases) * discount(k);
        purchases = next;
      }
    }
    expect(result.total).toBeCloseTo(total, 6);
    expect(result.customers[0]!.expectedPurchases).toBeCloseTo(
      conditionalExpectedPurchases(paretoModel, summary.customers[0]!, 12 * stepLength),
      12,
    );
  });

  property.prop([
    fc.integer({ min: 0, max: 40 }),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 1, max: 80, noNaN: true }),
    fc.integer({ min: 1, max: 24 }),
    fc.double({ min: 0.001, max: 0.2, noNaN: true }),
  ])('rises with the horizon and falls with the discount rate', (frequency, share, T, months, discountRate) => {
    const customer = { frequency, recency: frequency > 0 ? share * T : 0, T, monetaryValue: 30 };
    const value = (length: number, rate: number): number =>
      customerLifetimeValue({
        purchaseModel: paretoModel,
        spendModel: cdnowSpend,
        customers: [customer],
        horizon: { length, unit: 'month' },
        steps: length,
        discountRate: rate,
      }).total;
    const base = value(months, discountRate);
    expect(base).toBeGreaterThan(0);
    expect(value(2 * months, discountRate)).toBeGreaterThan(base);
    expect(value(months, 0)).toBeGreaterThanOrEqual(base);
  });

  it('gives a parameter-uncertainty interval reproducible from the seed', () => {
    const base = {
      purchaseModel: paretoModel,
      spendModel: cdnowSpend,
      customers: summary.customers.slice(0, 60),
      ...year,
    };
    const result = customerLifetimeValue({ ...base, interval: { draws: 30, seed: 5 } });
    expect(result.interval).toMatchObject({ draws: 30, usedDraws: 30, seed: 5, customerBounds: true });
    expectBoundsAround(result);
    expect(customerLifetimeValue({ ...base, interval: { draws: 30, seed: 5 } })).toEqual(result);
    expect(customerLifetimeValue({ ...base, interval: { draws: 30, seed: 6 } }).interval!.low).not.toBe(
      result.interval!.low,
    );
  });

  it('leaves out parameter draws whose predictions cannot be computed', () => {
    // A covariance no fit would give: log-scale standard deviations of 100 on s and β, so that
    // about half of the draws reach values like e^±200 whose predictions are NaN. Those draws are
    // dropped, the rest give a finite interval. (Draws within the range of doubles, such as s = 1e6
    // with β log-normal, gave NaN before the quadrature of the dropout term; no longer.)
    const params = { r: 0.5, alpha: 1, s: 1e6, beta: 1e8 };
    const covariance = [
      [0.0025, 0, 0, 0],
      [0, 1e-4, 0, 0],
      [0, 0, 1e16, 0],
      [0, 0, 0, 1e20],
    ];
    const wideModel = { kind: 'pareto/nbd' as const, unit: 'week' as const, params, covariance };
    const result = customerLifetimeValue({
      purchaseModel: wideModel,
      spendModel: cdnowSpend,
      customers: [{ frequency: 1, recency: 0.01, T: 39, monetaryValue: 30 }],
      horizon: { length: 12, unit: 'month' },
      discountRate: 0.01,
      interval: { draws: 200, seed: 3 },
    });
    expect(result.interval!.usedDraws).toBeLessThan(200);
    expect(result.interval!.usedDraws).toBeGreaterThan(100);
    expect(Number.isFinite(result.interval!.low) && Number.isFinite(result.interval!.high)).toBe(true);
    expect(result.interval!.low).toBeLessThanOrEqual(result.total);
  });

  it('refuses bad input with the same codes as for BG/NBD', () => {
    const base = {
      purchaseModel: paretoModel,
      spendModel: cdnowSpend,
      customers: [customer],
      horizon: { length: 12, unit: 'month' as const },
      discountRate: 0.01,
    };
    const fn = 'customerLifetimeValue';
    const bare = { kind: 'pareto/nbd' as const, unit: 'week' as const, params: paretoModel.params };
    expectError(
      () => customerLifetimeValue({ ...base, horizon: { length: 12, unit: 'fortnight' as never } }),
      'INVALID_ARGUMENT',
      fn,
    );
    expectError(
      () => customerLifetimeValue({ ...base, purchaseModel: { ...bare, unit: 'visit' as never } }),
      'INVALID_ARGUMENT',
      fn,
    );
    expectError(() => customerLifetimeValue({ ...base, discountRate: -0.1 }), 'INVALID_ARGUMENT', fn);
    expectError(() => customerLifetimeValue({ ...base, steps: 0 }), 'INVALID_ARGUMENT', fn);
    expectError(() => customerLifetimeValue({ ...base, purchaseModel: bare, interval: {} }), 'INVALID_ARGUMENT', fn);
    expectError(() => customerLifetimeValue({ ...base, interval: { draws: 5 } }), 'INVALID_ARGUMENT', fn);
    expectError(
      () => customerLifetimeValue({ ...base, customers: [{ ...customer, recency: 50 }] }),
      'INVALID_VALUE',
      fn,
    );
    expectError(
      () => customerLifetimeValue({ ...base, customers: [{ ...customer, monetaryValue: 0 }] }),
      'INVALID_VALUE',
      fn,
    );
  });
});
