import { fc, test as property } from '@fast-check/vitest';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  churnRate,
  convertRate,
  expectedLifetime,
  retentionRate,
  revenueRetention,
  type RevenueByCustomer,
} from '../../src/retention/rates';
import type { Period } from '../../src/time/period';
import { deepFreeze, expectError, relativeError } from '../helpers';

const periods: Period[] = ['day', 'week', 'month', 'quarter', 'year'];
const period = fc.constantFrom(...periods);
const unitRate = fc.double({ min: 0, max: 1, noNaN: true });

// S, E - N (kept) and N drawn so that the counts always fit together.
const consistentCounts = fc
  .record({ start: fc.integer({ min: 1, max: 10_000 }), keptShare: unitRate, acquired: fc.nat(10_000) })
  .map(({ start, keptShare, acquired }) => {
    const kept = Math.round(keptShare * start);
    return { start, kept, acquired, end: kept + acquired };
  });

const badCounts = fc.constantFrom(-1, NaN, Infinity, -Infinity, '3', null, undefined, true);

describe('retentionRate', () => {
  it('is (E - N) / S (REFERENCES.md, "Purchases and retention")', () => {
    expect(retentionRate({ start: 200, end: 210, acquired: 30 })).toBe(0.9);
    expect(retentionRate({ start: 50, end: 20, acquired: 20 })).toBe(0);
    expect(retentionRate({ start: 50, end: 50, acquired: 0 })).toBe(1);
    // Non-integer counts (averages) are accepted.
    expect(retentionRate({ start: 2.5, end: 1.25, acquired: 0 })).toBe(0.5);
  });

  property.prop([consistentCounts])('lies in [0, 1] and adds up to 1 with churnRate of the same counts', (counts) => {
    const retention = retentionRate(counts);
    expect(retention).toBeGreaterThanOrEqual(0);
    expect(retention).toBeLessThanOrEqual(1);
    expect(retention + churnRate({ start: counts.start, lost: counts.start - counts.kept })).toBeCloseTo(1, 12);
  });

  property.prop([consistentCounts])('never mutates its input', (counts) => {
    const frozen = deepFreeze({ ...counts });
    retentionRate(frozen);
    expect(frozen).toEqual(counts);
  });

  property.prop([consistentCounts, fc.nat(10_000)])(
    'never falls with more retained customers (the same S and N)',
    ({ start, kept, acquired }, more) => {
      const retention = retentionRate({ start, end: kept + acquired, acquired });
      const moreKept = Math.min(start, kept + more);
      expect(retentionRate({ start, end: moreKept + acquired, acquired })).toBeGreaterThanOrEqual(retention);
    },
  );

  // Integer counts: k (E - N) / (k S) is the same quotient as (E - N) / S, exactly.
  property.prop([consistentCounts, fc.integer({ min: 2, max: 1000 })])(
    'does not change when every count is multiplied (the sample duplicated k times)',
    ({ start, end, acquired }, k) => {
      expect(retentionRate({ start: k * start, end: k * end, acquired: k * acquired })).toBe(
        retentionRate({ start, end, acquired }),
      );
    },
  );

  property.prop([fc.constantFrom('start', 'end', 'acquired'), badCounts])(
    'refuses a count that is not a finite number >= 0 with INVALID_ARGUMENT',
    (field, bad) => {
      const counts = { start: 10, end: 8, acquired: 2, [field]: bad };
      const error = expectError(() => retentionRate(counts as never), 'INVALID_ARGUMENT', 'retentionRate');
      expect(error.details.argument).toBe(field);
    },
  );

  it('takes fractional counts whose difference only rounds past S, and stays in [0, 1]', () => {
    // 1000.6 - 0.3 is 1000.3000000000001 in doubles: E - N = S up to rounding, nobody lost.
    expect(retentionRate({ start: 1000.3, end: 1000.6, acquired: 0.3 })).toBe(1);
    expect(retentionRate({ start: 0.1, end: 0.4, acquired: 0.3 })).toBe(1);
    // Averages are not short decimals: (2/3 + 1/7) - 1/7 is 0.6666666666666667 > 2/3 by rounding.
    expect(retentionRate({ start: 2 / 3, end: 2 / 3 + 1 / 7, acquired: 1 / 7 })).toBe(1);
    // 14/3 - 1/3 comes out one unit in the last place above 13/3: the allowance scales with the
    // largest count (here E), not the smallest.
    expect(retentionRate({ start: 13 / 3, end: 14 / 3, acquired: 1 / 3 })).toBe(1);
    // More than rounding is still a contradiction.
    expectError(() => retentionRate({ start: 10, end: 10.1, acquired: 0 }), 'INVALID_ARGUMENT', 'retentionRate');
  });

  property.prop([fc.nat(100_000), fc.integer({ min: 1, max: 100_000 }), fc.nat(100_000)])(
    'takes any counts in tenths that fit together exactly in decimal',
    (lost, kept, acquired) => {
      // Tenths of customers: S = (lost + kept) / 10 and E - N = kept / 10, exactly in decimal.
      const counts = { start: (lost + kept) / 10, end: (kept + acquired) / 10, acquired: acquired / 10 };
      const retention = retentionRate(counts);
      expect(retention).toBeGreaterThanOrEqual(0);
      expect(retention).toBeLessThanOrEqual(1);
      expect(retention).toBeCloseTo(kept / (lost + kept), 12);
      if (lost === 0) expect(retention).toBe(1);
    },
  );

  it('refuses counts that cannot fit together with INVALID_ARGUMENT', () => {
    // More acquired than customers at the end, and more kept than at the start.
    expectError(() => retentionRate({ start: 10, end: 5, acquired: 6 }), 'INVALID_ARGUMENT', 'retentionRate');
    expectError(() => retentionRate({ start: 10, end: 15, acquired: 4 }), 'INVALID_ARGUMENT', 'retentionRate');
    expectError(() => retentionRate({ start: 0, end: 3, acquired: 1 }), 'INVALID_ARGUMENT', 'retentionRate');
  });

  it('refuses S = 0 with EMPTY_INPUT, never returning NaN or Infinity', () => {
    const error = expectError(() => retentionRate({ start: 0, end: 4, acquired: 4 }), 'EMPTY_INPUT', 'retentionRate');
    expect(error.message).toContain('undefined');
    expectError(() => retentionRate({ start: 0, end: 0, acquired: 0 }), 'EMPTY_INPUT', 'retentionRate');
  });

  it('refuses a non-object argument', () => {
    for (const bad of [null, undefined, 3]) {
      expectError(() => retentionRate(bad as never), 'INVALID_ARGUMENT', 'retentionRate');
    }
  });
});

describe('churnRate', () => {
  it('is lost / S (REFERENCES.md, "Purchases and retention")', () => {
    expect(churnRate({ start: 200, lost: 20 })).toBe(0.1);
    expect(churnRate({ start: 7, lost: 0 })).toBe(0);
    expect(churnRate({ start: 7, lost: 7 })).toBe(1);
  });

  property.prop([fc.integer({ min: 1, max: 1e6 }), unitRate])('lies in [0, 1]', (start, share) => {
    const value = churnRate({ start, lost: Math.floor(share * start) });
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThanOrEqual(1);
  });

  property.prop([fc.integer({ min: 1, max: 1e6 }), unitRate, unitRate, fc.integer({ min: 2, max: 1000 })])(
    'never falls with more customers lost, and does not change when both counts are multiplied',
    (start, a, b, k) => {
      const [fewer, more] = [Math.floor(Math.min(a, b) * start), Math.floor(Math.max(a, b) * start)];
      const churn = churnRate({ start, lost: fewer });
      expect(churnRate({ start, lost: more })).toBeGreaterThanOrEqual(churn);
      expect(churnRate({ start: k * start, lost: k * fewer })).toBe(churn);
    },
  );

  property.prop([fc.constantFrom('start', 'lost'), badCounts])(
    'refuses a count that is not a finite number >= 0 with INVALID_ARGUMENT',
    (field, bad) => {
      const error = expectError(
        () => churnRate({ start: 10, lost: 2, [field]: bad } as never),
        'INVALID_ARGUMENT',
        'churnRate',
      );
      expect(error.details.argument).toBe(field);
    },
  );

  it('accepts the rounding of fractional counts as retentionRate does, and is then 1', () => {
    // 0.1 + 0.2 + 0.3 is 0.6000000000000001 in this order: weighted counts summed one way.
    const lost = 0.1 + 0.2 + 0.3;
    expect(churnRate({ start: 0.6, lost })).toBe(1);
    expect(retentionRate({ start: 0.6, end: lost, acquired: 0 })).toBe(1);
    // A few units in the last place, and no more (4 · 2^-52 of the larger count).
    expectError(() => churnRate({ start: 1, lost: 1 + 8 * Number.EPSILON }), 'INVALID_ARGUMENT', 'churnRate');
  });

  it('refuses lost > start, S = 0 and a non-object', () => {
    expectError(() => churnRate({ start: 10, lost: 11 }), 'INVALID_ARGUMENT', 'churnRate');
    expectError(() => churnRate({ start: 0, lost: 1 }), 'INVALID_ARGUMENT', 'churnRate');
    expectError(() => churnRate({ start: 0, lost: 0 }), 'EMPTY_INPUT', 'churnRate');
    expectError(() => churnRate(null as never), 'INVALID_ARGUMENT', 'churnRate');
  });
});

describe('convertRate', () => {
  it("converts retention rates with kind: 'retention' (R_T = R_t^(T/t))", () => {
    expect(convertRate(0.95, { from: 'month', to: 'year', kind: 'retention' })).toBeCloseTo(0.95 ** 12, 14);
    expect(convertRate(0.95, { from: 'month', to: 'year', kind: 'retention' })).toBeCloseTo(
      1 - convertRate(0.05, { from: 'month', to: 'year' }),
      14,
    );
    expect(() => convertRate(0.95, { from: 'month', to: 'year', kind: 'survival' as never })).toThrow(
      /convertRate: kind/,
    );
  });

  it('compounds: 5% a month is 45.96% a year, not 60% (REFERENCES.md, "Purchases and retention")', () => {
    expect(convertRate(0.05, { from: 'month', to: 'year' })).toBeCloseTo(0.4596, 4);
    expect(convertRate(0.05, { from: 'month', to: 'year' })).toBeCloseTo(1 - 0.95 ** 12, 14);
    expect(convertRate(0.4596399123373633, { from: 'year', to: 'month' })).toBeCloseTo(0.05, 14);
  });

  it('uses a year of 12 months, 4 quarters, 365.2425 days and 365.2425 / 7 weeks', () => {
    const r = 0.2;
    expect(convertRate(r, { from: 'quarter', to: 'year' })).toBeCloseTo(1 - 0.8 ** 4, 14);
    expect(convertRate(r, { from: 'month', to: 'quarter' })).toBeCloseTo(1 - 0.8 ** 3, 14);
    expect(convertRate(r, { from: 'day', to: 'year' })).toBeCloseTo(1 - 0.8 ** 365.2425, 14);
    expect(convertRate(r, { from: 'day', to: 'week' })).toBeCloseTo(1 - 0.8 ** 7, 14);
    expect(convertRate(r, { from: 'week', to: 'year' })).toBeCloseTo(1 - 0.8 ** (365.2425 / 7), 14);
    expect(convertRate(r, { from: 'day', to: 'month' })).toBeCloseTo(1 - 0.8 ** 30.436875, 14);
    expect(convertRate(r, { from: 'month', to: 'month' })).toBeCloseTo(r, 15);
  });

  it('keeps 0 at 0 and 1 at 1, and stays accurate for tiny rates', () => {
    expect(convertRate(0, { from: 'day', to: 'year' })).toBe(0);
    expect(convertRate(1, { from: 'year', to: 'day' })).toBe(1);
    // 1 - (1 - 1e-12)^12 = 12e-12 - 66e-24 + ..., where the naive formula loses most digits.
    const tiny = convertRate(1e-12, { from: 'month', to: 'year' });
    expect(relativeError(tiny, 12e-12 - 66e-24)).toBeLessThan(1e-14);
    // Tiny retention rates too: R^(1 / 365.2425), values from mpmath at 40 digits, rounded to doubles.
    const daily = (retention: number): number => convertRate(retention, { from: 'year', to: 'day', kind: 'retention' });
    expect(daily(1e-17)).toBeCloseTo(0.8983707035933782, 15);
    expect(daily(1e-12)).toBeCloseTo(0.9271395676604534, 15);
    expect(daily(1e-300)).toBeCloseTo(0.15087868765271745, 15);
    expect(convertRate(0, { from: 'month', to: 'year', kind: 'retention' })).toBe(0);
    expect(convertRate(1, { from: 'month', to: 'year', kind: 'retention' })).toBe(1);
  });

  property.prop([fc.double({ min: 0, max: 1, noNaN: true }), period, period])(
    'gives a retention rate and its churn rate that add up to 1 over any period',
    (rate, from, to) => {
      const retained = convertRate(1 - rate, { from, to, kind: 'retention' });
      expect(retained + convertRate(rate, { from, to })).toBeCloseTo(1, 12);
    },
  );

  property.prop([fc.double({ min: 0, max: 0.99, noNaN: true }), period, period])(
    'round-trips (e.g. month -> year -> month) and stays in [0, 1]',
    (rate, from, to) => {
      const there = convertRate(rate, { from, to });
      expect(there).toBeGreaterThanOrEqual(0);
      expect(there).toBeLessThanOrEqual(1);
      if (there < 1 - 1e-6) expect(convertRate(there, { from: to, to: from })).toBeCloseTo(rate, 9);
    },
  );

  property.prop([fc.double({ min: 0.001, max: 0.999, noNaN: true })])(
    'never exceeds the naive multiple when converting to a longer period',
    (rate) => {
      expect(convertRate(rate, { from: 'month', to: 'year' })).toBeLessThanOrEqual(Math.min(1, 12 * rate) + 1e-15);
      expect(convertRate(rate, { from: 'month', to: 'year' })).toBeGreaterThanOrEqual(rate);
    },
  );

  property.prop([unitRate, unitRate, period, period, fc.constantFrom('churn', 'retention' as const)])(
    'never gives a lower converted rate for a higher rate',
    (a, b, from, to, kind) => {
      const [lower, higher] = [Math.min(a, b), Math.max(a, b)];
      expect(convertRate(higher, { from, to, kind })).toBeGreaterThanOrEqual(convertRate(lower, { from, to, kind }));
    },
  );

  it('refuses a rate outside [0, 1] and unknown or absent periods with INVALID_ARGUMENT', () => {
    for (const bad of [-0.1, 1.1, NaN, Infinity, '0.05', null]) {
      const error = expectError(
        () => convertRate(bad as number, { from: 'month', to: 'year' }),
        'INVALID_ARGUMENT',
        'convertRate',
      );
      expect(error.details.argument).toBe('rate');
    }
    for (const options of [
      { from: 'month' },
      { to: 'year' },
      { from: 'fortnight', to: 'year' },
      { from: 'day', to: 'Year' },
    ]) {
      expectError(() => convertRate(0.05, options as never), 'INVALID_ARGUMENT', 'convertRate');
    }
    expectError(() => convertRate(0.05, undefined as never), 'INVALID_ARGUMENT', 'convertRate');
  });
});

describe('expectedLifetime', () => {
  it('is 1 / churn periods (REFERENCES.md, "Purchases and retention")', () => {
    expect(expectedLifetime(0.05)).toBeCloseTo(20, 12);
    expect(expectedLifetime(1)).toBe(1);
    expect(expectedLifetime(0.25)).toBe(4);
  });

  property.prop([fc.double({ min: 1e-9, max: 1, noNaN: true })])('is at least 1 period and 1 / churn', (churn) => {
    const lifetime = expectedLifetime(churn);
    expect(lifetime).toBeGreaterThanOrEqual(1);
    expect(lifetime * churn).toBeCloseTo(1, 12);
  });

  property.prop([fc.double({ min: 1e-9, max: 1, noNaN: true }), fc.double({ min: 1e-9, max: 1, noNaN: true })])(
    'never rises with a higher churn',
    (a, b) => {
      expect(expectedLifetime(Math.max(a, b))).toBeLessThanOrEqual(expectedLifetime(Math.min(a, b)));
    },
  );

  it('refuses churn 0 (no finite lifetime) and churn outside [0, 1] with INVALID_ARGUMENT', () => {
    const error = expectError(() => expectedLifetime(0), 'INVALID_ARGUMENT', 'expectedLifetime');
    expect(error.message).toContain('not finite');
    for (const bad of [-0.1, 1.5, NaN, Infinity, '0.1']) {
      expectError(() => expectedLifetime(bad as number), 'INVALID_ARGUMENT', 'expectedLifetime');
    }
  });
});

describe('revenueRetention', () => {
  it('is Σ min(current, base) / Σ base (gross) and Σ current / Σ base (net) over the base customers (REFERENCES.md)', () => {
    // a expands 100 -> 120, b contracts 50 -> 30, c churns, d is new and left out.
    const result = revenueRetention({ a: 100, b: 50, c: 50 }, { a: 120, b: 30, d: 80 });
    expect(result).toEqual({ gross: 0.65, net: 0.75, baseRevenue: 200, customers: 3, missing: 0 });
  });

  it('reads Maps with any keys, and compares keys as strings when one side is a plain object', () => {
    const base = new Map<number | string, number>([
      [1, 10],
      ['1', 20],
    ]);
    expect(revenueRetention(base, new Map([[1, 15]]))).toMatchObject({ gross: 10 / 30, net: 15 / 30, customers: 2 });
    expect(revenueRetention(new Map([[7, 40]]), { 7: 10 })).toMatchObject({ gross: 0.25, net: 0.25 });
    expect(revenueRetention({ 7: 40 }, new Map([[7, 60]]))).toMatchObject({ gross: 1, net: 1.5 });
  });

  it('reads a Map of another realm (an iframe, a vm context) as a Map', () => {
    const foreign = runInNewContext('new Map([[1, 10], [2, 20]])') as Map<number | string, number>;
    expect(foreign instanceof Map).toBe(false);
    // Keys compare as in a Map (1 is not '1') only when both sides are Maps.
    expect(revenueRetention(foreign, new Map([[1, 15]]))).toMatchObject({ gross: 10 / 30, net: 15 / 30 });
    expect(revenueRetention(foreign, new Map<number | string, number>([['1', 15]]))).toMatchObject({
      gross: 0,
      net: 0,
    });
    expect(revenueRetention(foreign, { 1: 15 })).toMatchObject({ gross: 10 / 30, net: 15 / 30 });
    // A Proxy of a Map whose methods run on the Map (as reactive stores make them) is one.
    const reactive = new Proxy(new Map([[1, 10]]), {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    expect(revenueRetention(reactive, new Map([[1, 15]]))).toMatchObject({ gross: 1, net: 1.5 });
    // The caller's own error from reading its Map passes unchanged.
    const failing = new Proxy(new Map(), {
      get() {
        throw new RangeError('the store is closed');
      },
    });
    expect(() => revenueRetention(failing, {})).toThrow(/^the store is closed$/);
    // An object that only claims to be a Map is read as the plain object it is.
    expect(revenueRetention({ [Symbol.toStringTag]: 'Map', 1: 10 } as never, { 1: 5 })).toMatchObject({ gross: 0.5 });
    expectError(
      () => revenueRetention(Object.create(Map.prototype) as never, {}),
      'INVALID_ARGUMENT',
      'revenueRetention',
    );
  });

  it('refuses a Map whose keys read alike as strings when the other side is a plain object', () => {
    const base = new Map<number | string, number>([
      [1, 10],
      ['1', 20],
    ]);
    // Counting the object's '1' for both customers would give a net retention of 2.
    const error = expectError(() => revenueRetention(base, { 1: 30 }), 'INVALID_ARGUMENT', 'revenueRetention');
    expect(error.details).toMatchObject({ argument: 'base', value: '1' });
    expectError(() => revenueRetention({ 1: 30 }, base), 'INVALID_ARGUMENT', 'revenueRetention');
  });

  it('does not read inherited properties of a plain object', () => {
    expect(revenueRetention({ toString: 10 } as never, {})).toMatchObject({ gross: 0, net: 0 });
  });

  it('treats a null or undefined revenue as absent and counts it', () => {
    const result = revenueRetention({ a: 10, b: null, c: 5 } as never, { a: 10, c: undefined } as never);
    expect(result).toEqual({ gross: 10 / 15, net: 10 / 15, baseRevenue: 15, customers: 2, missing: 2 });
  });

  // Amounts in cents (added exactly) and amounts with any digits (added by compensated sums); no
  // revenues so tiny that a ratio overflows, which is refused (tested below).
  const revenues = fc.dictionary(
    fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    fc.oneof(
      fc.integer({ min: 0, max: 1e8 }).map((cents) => cents / 100),
      fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
    ),
  );

  it('adds revenues in any order to the same total, and refuses sums and ratios beyond the doubles', () => {
    // 0.1 + 0.2 + 0.3 is 0.6000000000000001 in this order and 0.6 in the reverse one.
    const forward = revenueRetention({ a: 0.1, b: 0.2, c: 0.3 }, { a: 0.1, b: 0.2 });
    expect(forward).toMatchObject({ gross: 0.5, net: 0.5, baseRevenue: 0.6 });
    expect(revenueRetention({ c: 0.3, b: 0.2, a: 0.1 }, { b: 0.2, a: 0.1 })).toEqual(forward);
    for (const [base, current] of [
      [{ c: 5e-324 }, { c: 8.881784197001252e-16 }],
      [{ a: 1e-300 }, { a: 1e10 }],
      [
        { a: 1e308, b: 1e308 },
        { a: 1e308, b: 1e308 },
      ],
    ]) {
      expectError(() => revenueRetention(base!, current!), 'INVALID_ARGUMENT', 'revenueRetention');
    }
  });

  property.prop([revenues, revenues])(
    'has gross in [0, 1], gross <= net, and never mutates its inputs',
    (base, current) => {
      const baseRevenue = Object.values(base).reduce((a, b) => a + b, 0);
      fc.pre(baseRevenue > 0);
      const frozenBase = deepFreeze({ ...base });
      const frozenCurrent = deepFreeze({ ...current });
      const result = revenueRetention(frozenBase, frozenCurrent);
      expect(frozenBase).toEqual(base);
      expect(frozenCurrent).toEqual(current);
      expect(result.gross).toBeGreaterThanOrEqual(0);
      expect(result.gross).toBeLessThanOrEqual(1);
      expect(result.gross).toBeLessThanOrEqual(result.net + 1e-12);
      expect(result.customers).toBe(Object.keys(base).length);
      const asMaps = revenueRetention(new Map(Object.entries(base)), new Map(Object.entries(current)));
      expect(asMaps).toEqual(result);
    },
  );

  property.prop([
    revenues,
    revenues,
    fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    fc.double({ min: 0, max: 1e6, noNaN: true }),
  ])('never falls, gross or net, when a customer brings more current revenue', (base, current, key, more) => {
    fc.pre(Object.values(base).some((revenue) => revenue > 0));
    const before = revenueRetention(base, current);
    const after = revenueRetention(base, { ...current, [key]: (current[key] ?? 0) + more });
    // An amount that is not a short decimal (5e-324) moves the sum from exact decimal units to a
    // compensated floating-point sum, which may land one rounding lower: allow a relative 1e-12.
    expect(after.gross).toBeGreaterThanOrEqual(before.gross * (1 - 1e-12));
    expect(after.net).toBeGreaterThanOrEqual(before.net * (1 - 1e-12));
  });

  property.prop([revenues, revenues])(
    'does not depend on the order of the customers, and keeps its shares when every customer has a twin',
    (base, current) => {
      fc.pre(Object.values(base).some((revenue) => revenue > 0));
      const result = revenueRetention(base, current);
      const reversed = (map: Record<string, number>) => Object.fromEntries(Object.entries(map).reverse());
      const twins = (map: Record<string, number>) =>
        Object.fromEntries(
          Object.entries(map).flatMap(([key, value]) => [
            [key, value],
            [`twin ${key}`, value],
          ]),
        );
      // The sums do not depend on the order of the customers: exactly the same result.
      expect(revenueRetention(reversed(base), reversed(current))).toEqual(result);
      // Twice the revenues: exact for decimal amounts, up to the last bits of a compensated sum otherwise.
      const twinned = revenueRetention(twins(base), twins(current));
      expect(Math.abs(twinned.gross - result.gross)).toBeLessThanOrEqual(1e-12 * result.gross);
      expect(Math.abs(twinned.net - result.net)).toBeLessThanOrEqual(1e-12 * result.net);
    },
  );

  property.prop([revenues, fc.constantFrom(-1, -1e-9, NaN, Infinity, -Infinity, '5', true), fc.boolean()])(
    'refuses a negative or non-finite revenue with INVALID_VALUE naming the customer',
    (revenue, bad, inBase) => {
      const withBad = { ...revenue, zz: bad } as unknown as RevenueByCustomer;
      const error = expectError(
        () => (inBase ? revenueRetention(withBad, { a: 1 }) : revenueRetention({ a: 1 }, withBad)),
        'INVALID_VALUE',
        'revenueRetention',
      );
      expect(error.details.value).toBe(bad);
      expect(error.message).toContain('"zz"');
    },
  );

  it('refuses a zero base revenue with EMPTY_INPUT and a non-map argument with INVALID_ARGUMENT', () => {
    expectError(() => revenueRetention({}, { a: 1 }), 'EMPTY_INPUT', 'revenueRetention');
    expectError(() => revenueRetention({ a: 0 }, { a: 1 }), 'EMPTY_INPUT', 'revenueRetention');
    expectError(() => revenueRetention(new Map(), new Map()), 'EMPTY_INPUT', 'revenueRetention');
    for (const bad of [null, undefined, 5, 'a', [['a', 1]]]) {
      expectError(() => revenueRetention(bad as never, {}), 'INVALID_ARGUMENT', 'revenueRetention');
      expectError(() => revenueRetention({ a: 1 }, bad as never), 'INVALID_ARGUMENT', 'revenueRetention');
    }
  });

  it('keeps gross retention at most 1 and at most net when the sides are summed differently', () => {
    // 0.2 × 0.8 is 0.16000000000000003, with no short decimal form: its side is summed in floating
    // point, the other exactly as decimals. Gross came out as 1.0000000000000002.
    for (const [base, current] of [
      [
        { a: 138.45, b: 0.2 * 0.8 },
        { a: 138.45, b: 0.16 },
      ],
      [
        { a: 14.432, b: 0.7 * 0.2 },
        { a: 14.432, b: 0.14 },
      ],
    ] as const) {
      const { gross, net } = revenueRetention(base, current);
      expect(gross).toBeLessThanOrEqual(1);
      expect(gross).toBeLessThanOrEqual(net);
    }
  });
});
