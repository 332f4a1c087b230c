import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../src/models/fit-bgnbd';
import { fitGammaGamma } from '../../src/models/fit-gamma-gamma';
import { conditionalExpectedPurchases } from '../../src/models/predict';
import { simulateBgNbd } from '../../src/models/simulate';
import { compressSummaries } from '../../src/purchases/summary';
import { customerLifetimeValue } from '../../src/value/clv';
import { expectError } from '../helpers';

const purchaseModel = { kind: 'bg/nbd' as const, unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
const spendModel = { kind: 'gamma-gamma' as const, params: { p: 6.25, q: 3.74, gamma: 15.44 } };
const customer = { customerId: 1, frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 };

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

  it('refuses horizons without a known unit, wrong models and impossible customers', () => {
    const base = {
      purchaseModel,
      spendModel,
      customers: [customer],
      horizon: { length: 12, unit: 'month' as const },
      discountRate: 0.01,
    };
    expectError(
      () => customerLifetimeValue({ ...base, horizon: 12 as never }),
      'INVALID_ARGUMENT',
      'customerLifetimeValue',
    );
    expectError(
      () => customerLifetimeValue({ ...base, horizon: { length: 12, unit: 'fortnight' as never } }),
      'INVALID_ARGUMENT',
      'customerLifetimeValue',
    );
    expectError(
      () => customerLifetimeValue({ ...base, purchaseModel: { ...purchaseModel, unit: 'visit' } }),
      'INVALID_ARGUMENT',
      'customerLifetimeValue',
    );
    expectError(
      () => customerLifetimeValue({ ...base, purchaseModel: { kind: 'x' } as never }),
      'INVALID_ARGUMENT',
      'customerLifetimeValue',
    );
    expectError(
      () => customerLifetimeValue({ ...base, spendModel: { kind: 'x' } as never }),
      'INVALID_ARGUMENT',
      'expectedSpend',
    );
    expectError(
      () => customerLifetimeValue({ ...base, discountRate: -0.1 }),
      'INVALID_ARGUMENT',
      'customerLifetimeValue',
    );
    expectError(() => customerLifetimeValue({ ...base, steps: 0 }), 'INVALID_ARGUMENT', 'customerLifetimeValue');
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
    expect(result.interval!.low).toBeLessThan(result.total);
    expect(result.interval!.high).toBeGreaterThan(result.total);
    for (const customer of result.customers) {
      expect(customer.low).toBeLessThanOrEqual(customer.value);
      expect(customer.high).toBeGreaterThanOrEqual(customer.value);
    }
    expect(customerLifetimeValue({ ...base, interval: { draws: 40, seed: 3 } })).toEqual(result);
    const narrower = customerLifetimeValue({ ...base, interval: { draws: 40, seed: 3, confidence: 0.5 } });
    expect(narrower.interval!.high - narrower.interval!.low).toBeLessThan(result.interval!.high - result.interval!.low);
  });

  it('needs models that carry their covariance, and valid options', () => {
    const bare = { kind: 'bg/nbd' as const, unit: 'week', params: purchaseModel.params };
    expectError(
      () => customerLifetimeValue({ ...base, purchaseModel: bare, interval: {} }),
      'INVALID_ARGUMENT',
      'customerLifetimeValue',
    );
    expectError(
      () => customerLifetimeValue({ ...base, interval: { draws: 5 } }),
      'INVALID_ARGUMENT',
      'customerLifetimeValue',
    );
    expectError(
      () => customerLifetimeValue({ ...base, interval: { confidence: 2 } }),
      'INVALID_ARGUMENT',
      'customerLifetimeValue',
    );
    expectError(
      () => customerLifetimeValue({ ...base, interval: 'yes' as never }),
      'INVALID_ARGUMENT',
      'customerLifetimeValue',
    );
  });
});
