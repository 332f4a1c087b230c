import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  cacPayback,
  discountedLtv,
  ltv,
  ltvFromChurn,
  ltvToCac,
  type DiscountedLtvOptions,
} from '../../src/value/closed-form';
import { deepFreeze, expectError } from '../helpers';

const money = fc.double({ min: 0, max: 1e6, noNaN: true });
const positiveMoney = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
const unitRate = fc.double({ min: 0, max: 1, noNaN: true });
const churn = fc.double({ min: 1e-6, max: 1, noNaN: true });
const margin = fc.double({ min: 1e-6, max: 1, noNaN: true });
const discount = fc.double({ min: 0, max: 2, noNaN: true });
const timing = fc.constantFrom<'start' | 'end'>('start', 'end');
// Retention and discount with 1 + d - r >= 1e-6, so that the infinite-horizon value is finite.
const retentionAndDiscount = fc
  .tuple(unitRate, discount)
  .filter(([r, d]) => 1 - r + d >= 1e-6)
  .map(([retentionRate, discountRate]) => ({ retentionRate, discountRate }));

// Non-strict order with room for the last bits of floating-point rounding.
const atMost = (a: number, b: number): void => {
  expect(a).toBeLessThanOrEqual(b + 1e-12 * Math.max(1, Math.abs(b)));
};

const notFiniteNumbers = [NaN, Infinity, -Infinity, '5', null, true, {}] as const;
const negativeOrNotFinite = fc.constantFrom(-1, -1e-9, ...notFiniteNumbers);

describe('ltv', () => {
  // The seed formula as TechTarget/ITmedia state it, with its example (REFERENCES.md, "Lifetime value, closed form").
  it('is annual revenue × years − acquisition − retention cost: 1,200 a year for 3 years less 500 is 3,100', () => {
    expect(ltv({ annualRevenue: 1200, years: 3, acquisitionCost: 500 })).toBe(3100);
    expect(ltv({ annualRevenue: 1200, years: 3 })).toBe(3600);
    expect(ltv({ annualRevenue: 1200, years: 2.5 })).toBe(3000);
    expect(ltv({ annualRevenue: 1200, years: 3, acquisitionCost: 500, retentionCost: 300 })).toBe(2800);
    expect(ltv({ annualRevenue: 100, years: 1, acquisitionCost: 150, retentionCost: 20 })).toBe(-70);
    expect(ltv({ annualRevenue: 0, years: 0 })).toBe(0);
  });

  property.prop([money, money, money, money, money])(
    'never falls with more revenue or years, never rises with more cost, and never mutates its input',
    (annualRevenue, years, acquisitionCost, retentionCost, more) => {
      const options = deepFreeze({ annualRevenue, years, acquisitionCost, retentionCost });
      const value = ltv(options);
      expect(options).toEqual({ annualRevenue, years, acquisitionCost, retentionCost });
      atMost(value, ltv({ ...options, annualRevenue: annualRevenue + more }));
      atMost(value, ltv({ ...options, years: years + more }));
      atMost(ltv({ ...options, acquisitionCost: acquisitionCost + more }), value);
      atMost(ltv({ ...options, retentionCost: retentionCost + more }), value);
    },
  );

  property.prop([fc.constantFrom('annualRevenue', 'years', 'acquisitionCost', 'retentionCost'), negativeOrNotFinite])(
    'refuses an amount or lifespan that is not a finite number >= 0 with INVALID_ARGUMENT',
    (field, bad) => {
      const options = { annualRevenue: 1200, years: 3, acquisitionCost: 500, [field]: bad };
      const error = expectError(() => ltv(options as never), 'INVALID_ARGUMENT', 'ltv');
      expect(error.details.argument).toBe(field);
    },
  );

  it('refuses missing required fields, a non-object and a result that overflows', () => {
    expectError(() => ltv({ years: 3 } as never), 'INVALID_ARGUMENT', 'ltv');
    expectError(() => ltv({ annualRevenue: 3 } as never), 'INVALID_ARGUMENT', 'ltv');
    for (const bad of [null, undefined, 3]) expectError(() => ltv(bad as never), 'INVALID_ARGUMENT', 'ltv');
    const error = expectError(() => ltv({ annualRevenue: 1e300, years: 1e300 }), 'INVALID_ARGUMENT', 'ltv');
    expect(error.details.argument).toBe('result');
    expectError(
      () => ltv({ annualRevenue: 0, years: 1, acquisitionCost: 1.7e308, retentionCost: 1.7e308 }),
      'INVALID_ARGUMENT',
      'ltv',
    );
  });
});

describe('ltvFromChurn', () => {
  // ChartMogul's formula with margin, Baremetrics' without, and the example of REFERENCES.md
  // ("Lifetime value, closed form"): 100 a month, 80% margin, 5% monthly churn.
  it('is revenue per period × margin / churn per period: 1,600', () => {
    expect(ltvFromChurn({ revenuePerPeriod: 100, churnRate: 0.05, grossMargin: 0.8 })).toBeCloseTo(1600, 9);
    // Without a margin: revenue LTV, as Baremetrics.
    expect(ltvFromChurn({ revenuePerPeriod: 100, churnRate: 0.05 })).toBeCloseTo(2000, 9);
    expect(ltvFromChurn({ revenuePerPeriod: 100, churnRate: 1 })).toBe(100);
    expect(ltvFromChurn({ revenuePerPeriod: 0, churnRate: 0.1 })).toBe(0);
  });

  property.prop([money, churn, margin, money])(
    'never falls with more revenue or margin, never rises with more churn',
    (revenuePerPeriod, churnRate, grossMargin, more) => {
      const options = deepFreeze({ revenuePerPeriod, churnRate, grossMargin });
      const value = ltvFromChurn(options);
      expect(value).toBeGreaterThanOrEqual(0);
      atMost(value, ltvFromChurn({ ...options, revenuePerPeriod: revenuePerPeriod + more }));
      atMost(value, ltvFromChurn({ ...options, grossMargin: Math.min(1, grossMargin + more) }));
      atMost(ltvFromChurn({ ...options, churnRate: Math.min(1, churnRate + more) }), value);
      // Margin × the expected lifetime 1 / churn.
      expect(value * churnRate).toBeCloseTo(revenuePerPeriod * grossMargin, 6);
    },
  );

  property.prop([
    fc.constantFrom('revenuePerPeriod', 'churnRate', 'grossMargin'),
    fc.constantFrom(-1, -1e-9, 0, 1.5, ...notFiniteNumbers),
  ])('refuses bad revenue, churn and margin with INVALID_ARGUMENT', (field, bad) => {
    // 0 is a valid revenue, and above 1 is a valid revenue.
    fc.pre(!(field === 'revenuePerPeriod' && (bad === 0 || bad === 1.5)));
    const options = { revenuePerPeriod: 100, churnRate: 0.05, grossMargin: 0.8, [field]: bad };
    const error = expectError(() => ltvFromChurn(options as never), 'INVALID_ARGUMENT', 'ltvFromChurn');
    expect(error.details.argument).toBe(field);
  });

  it('refuses churn 0 (no finite lifetime value), a non-object and an overflowing result', () => {
    const error = expectError(
      () => ltvFromChurn({ revenuePerPeriod: 100, churnRate: 0 }),
      'INVALID_ARGUMENT',
      'ltvFromChurn',
    );
    expect(error.message).toContain('not finite');
    expectError(() => ltvFromChurn(null as never), 'INVALID_ARGUMENT', 'ltvFromChurn');
    expectError(() => ltvFromChurn({ revenuePerPeriod: 1e308, churnRate: 1e-10 }), 'INVALID_ARGUMENT', 'ltvFromChurn');
  });
});

describe('discountedLtv', () => {
  const base = { margin: 100, retentionRate: 0.8, discountRate: 0.1 };

  // Gupta, S. & Lehmann, D. R. (2003), Customers as assets, Journal of Interactive Marketing 17(1):
  // margin at the end of each period survived; at the start, one period earlier. The example of
  // REFERENCES.md ("Lifetime value, closed form"): m 100, r 0.8, d 0.1.
  it('is m (1 + d) / (1 + d − r) at the start and m r / (1 + d − r) at the end of each period', () => {
    expect(discountedLtv({ ...base, timing: 'start' })).toBeCloseTo(366.67, 2);
    expect(discountedLtv({ ...base, timing: 'start' })).toBeCloseTo(110 / 0.3, 10);
    expect(discountedLtv({ ...base, timing: 'end' })).toBeCloseTo(266.67, 2);
    expect(discountedLtv({ ...base, timing: 'end' })).toBeCloseTo(80 / 0.3, 10);
    // No discounting: the undiscounted expected margin, 1 / (1 - r) periods (start) or r / (1 - r) (end).
    expect(discountedLtv({ margin: 10, retentionRate: 0.75, discountRate: 0, timing: 'start' })).toBeCloseTo(40, 12);
    expect(discountedLtv({ margin: 10, retentionRate: 0.75, discountRate: 0, timing: 'end' })).toBeCloseTo(30, 12);
    // No retention: only the first margin (start), nothing (end).
    expect(discountedLtv({ margin: 10, retentionRate: 0, discountRate: 0.1, timing: 'start' })).toBeCloseTo(10, 12);
    expect(discountedLtv({ margin: 10, retentionRate: 0, discountRate: 0.1, timing: 'end' })).toBe(0);
  });

  it('multiplies by 1 − (r / (1 + d))^T over a finite horizon, the sum of the first T margins', () => {
    const q = 0.8 / 1.1;
    expect(discountedLtv({ ...base, timing: 'end', periods: 3 })).toBeCloseTo(100 * (q + q ** 2 + q ** 3), 10);
    expect(discountedLtv({ ...base, timing: 'end', periods: 3 })).toBeCloseTo(164.09, 2);
    expect(discountedLtv({ ...base, timing: 'start', periods: 3 })).toBeCloseTo(100 * (1 + q + q ** 2), 10);
    expect(discountedLtv({ ...base, timing: 'start', periods: 1 })).toBeCloseTo(100, 12);
    expect(discountedLtv({ ...base, timing: 'end', periods: 1 })).toBeCloseTo(100 * q, 12);
    expect(discountedLtv({ ...base, timing: 'end', periods: 12 })).toBeCloseTo((80 / 0.3) * (1 - q ** 12), 10);
    expect(discountedLtv({ margin: 10, retentionRate: 0, discountRate: 0, timing: 'start', periods: 5 })).toBe(10);
  });

  it('gives m × T over a finite horizon with no churn and no discounting, and stays continuous near it', () => {
    expect(discountedLtv({ margin: 10, retentionRate: 1, discountRate: 0, timing: 'start', periods: 12 })).toBe(120);
    expect(discountedLtv({ margin: 10, retentionRate: 1, discountRate: 0, timing: 'end', periods: 12 })).toBe(120);
    const near = discountedLtv({ margin: 10, retentionRate: 1 - 1e-12, discountRate: 0, timing: 'end', periods: 12 });
    expect(near).toBeCloseTo(120, 6);
    const tiny = discountedLtv({ margin: 10, retentionRate: 1, discountRate: 1e-12, timing: 'start', periods: 12 });
    expect(tiny).toBeCloseTo(120, 6);
    // A discount rate so small that 1 / (1 + d - r) overflows: still T margins, and 0 for a zero margin.
    expect(discountedLtv({ margin: 10, retentionRate: 1, discountRate: 5e-324, timing: 'end', periods: 3 })).toBe(30);
    expect(discountedLtv({ margin: 0, retentionRate: 1, discountRate: 5e-324, timing: 'start' })).toBe(0);
  });

  property.prop([money, retentionAndDiscount, timing, unitRate])(
    'never falls with more retention and never rises with a higher discount rate',
    (m, { retentionRate, discountRate }, when, more) => {
      const options = deepFreeze({ margin: m, retentionRate, discountRate, timing: when });
      const value = discountedLtv(options);
      expect(value).toBeGreaterThanOrEqual(0);
      const higherRetention = Math.min(1, retentionRate + more);
      if (1 - higherRetention + discountRate >= 1e-6) {
        atMost(value, discountedLtv({ ...options, retentionRate: higherRetention }));
      }
      atMost(discountedLtv({ ...options, discountRate: discountRate + more }), value);
    },
  );

  property.prop([money, unitRate, discount, timing, fc.integer({ min: 1, max: 500 }), unitRate])(
    'with a horizon: never falls with more retention or periods, never rises with a higher discount rate',
    (m, retentionRate, discountRate, when, periods, more) => {
      const options = { margin: m, retentionRate, discountRate, timing: when, periods };
      const value = discountedLtv(options);
      const rel = (b: number): void => atMost(value, b * (1 + 1e-10));
      rel(discountedLtv({ ...options, retentionRate: Math.min(1, retentionRate + more) }));
      rel(discountedLtv({ ...options, periods: periods + 1 + Math.floor(more * 100) }));
      atMost(discountedLtv({ ...options, discountRate: discountRate + more }), value * (1 + 1e-10));
    },
  );

  property.prop([positiveMoney, retentionAndDiscount, timing, fc.integer({ min: 1, max: 1000 })])(
    'with a horizon: stays below the infinite-horizon value and tends to it',
    (m, { retentionRate, discountRate }, when, periods) => {
      const options: DiscountedLtvOptions = { margin: m, retentionRate, discountRate, timing: when };
      const infinite = discountedLtv(options);
      const finite = discountedLtv({ ...options, periods });
      atMost(finite, infinite * (1 + 1e-12));
      // The gap is the infinite value times (r / (1 + d))^T.
      const q = retentionRate / (1 + discountRate);
      expect(Math.abs(infinite - finite - infinite * q ** periods)).toBeLessThanOrEqual(1e-9 * infinite);
      if (retentionRate <= 0.99) {
        const far = discountedLtv({ ...options, periods: 100_000 });
        expect(Math.abs(far - infinite)).toBeLessThanOrEqual(1e-12 * infinite);
      }
    },
  );

  property.prop([
    positiveMoney,
    retentionAndDiscount,
    fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
  ])('start timing = end timing × (1 + d) / r', (m, { retentionRate, discountRate }, periods) => {
    fc.pre(retentionRate > 1e-6);
    const options = { margin: m, retentionRate, discountRate, ...(periods === undefined ? {} : { periods }) };
    const start = discountedLtv({ ...options, timing: 'start' });
    const end = discountedLtv({ ...options, timing: 'end' });
    expect(Math.abs(start - (end * (1 + discountRate)) / retentionRate)).toBeLessThanOrEqual(1e-12 * start);
  });

  property.prop([
    fc.constantFrom('margin', 'retentionRate', 'discountRate', 'periods'),
    fc.constantFrom(-1, -1e-9, 1.5, 0, ...notFiniteNumbers),
  ])('refuses bad margin, retention, discount and periods with INVALID_ARGUMENT', (field, bad) => {
    // 0 is a valid margin, retention and discount; 1.5 a valid margin and discount.
    fc.pre(!(bad === 0 && field !== 'periods'));
    fc.pre(!(bad === 1.5 && (field === 'margin' || field === 'discountRate')));
    const options = { ...base, timing: 'end', periods: 12, [field]: bad };
    const error = expectError(() => discountedLtv(options as never), 'INVALID_ARGUMENT', 'discountedLtv');
    expect(error.details.argument).toBe(field);
  });

  it('refuses a missing or unknown timing, and a non-integer number of periods', () => {
    for (const bad of [undefined, 'middle', 'END', null]) {
      const error = expectError(
        () => discountedLtv({ ...base, timing: bad } as never),
        'INVALID_ARGUMENT',
        'discountedLtv',
      );
      expect(error.details.argument).toBe('timing');
    }
    // The timing is required: refused like a wrong one, listing both.
    expect(expectError(() => discountedLtv({ ...base } as never), 'INVALID_ARGUMENT', 'discountedLtv').message).toBe(
      'discountedLtv: timing must be one of ["start","end"], got undefined',
    );
    expectError(() => discountedLtv({ ...base, timing: 'end', periods: 2.5 }), 'INVALID_ARGUMENT', 'discountedLtv');
  });

  it('refuses retention >= 1 + discount over an infinite horizon (the value is not finite), and a non-object', () => {
    const error = expectError(
      () => discountedLtv({ margin: 10, retentionRate: 1, discountRate: 0, timing: 'start' }),
      'INVALID_ARGUMENT',
      'discountedLtv',
    );
    expect(error.details.argument).toBe('retentionRate');
    expect(error.message).toContain('not finite');
    expectError(() => discountedLtv(undefined as never), 'INVALID_ARGUMENT', 'discountedLtv');
  });

  it('refuses a result that overflows instead of returning Infinity', () => {
    const huge = { margin: 1e308, retentionRate: 1 - 1e-15, discountRate: 0 };
    expectError(() => discountedLtv({ ...huge, timing: 'end' }), 'INVALID_ARGUMENT', 'discountedLtv');
    expectError(() => discountedLtv({ ...huge, timing: 'end', periods: 1e6 }), 'INVALID_ARGUMENT', 'discountedLtv');
    expectError(
      () => discountedLtv({ ...huge, retentionRate: 1, timing: 'end', periods: 10 }),
      'INVALID_ARGUMENT',
      'discountedLtv',
    );
  });
});

describe('ltvToCac', () => {
  it('is LTV / CAC with the rule of thumb ratio >= 3 (REFERENCES.md, "Lifetime value, closed form")', () => {
    expect(ltvToCac(1600, 400)).toEqual({ ratio: 4, meetsRuleOfThumb: true });
    expect(ltvToCac(1200, 400)).toEqual({ ratio: 3, meetsRuleOfThumb: true });
    expect(ltvToCac(1200, 500)).toEqual({ ratio: 2.4, meetsRuleOfThumb: false });
    expect(ltvToCac(0, 500)).toEqual({ ratio: 0, meetsRuleOfThumb: false });
    // A customer who loses money.
    expect(ltvToCac(-100, 50)).toEqual({ ratio: -2, meetsRuleOfThumb: false });
  });

  it('reads a ratio of 3 up to rounding as meeting the rule', () => {
    // 45 × 0.7 / 0.1 is 315 in decimal and 314.99999999999994 in doubles: the ratio is 3, not below.
    const lifetimeValue = ltvFromChurn({ revenuePerPeriod: 45, churnRate: 0.1, grossMargin: 0.7 });
    expect(ltvToCac(lifetimeValue, 105)).toMatchObject({ meetsRuleOfThumb: true });
    expect(ltvToCac(314.99, 105)).toMatchObject({ meetsRuleOfThumb: false });
  });

  it('returns plain JSON', () => {
    const result = ltvToCac(1600, 400);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  property.prop([money, positiveMoney, money])('rises with the LTV and falls with the CAC', (value, cac, more) => {
    const { ratio, meetsRuleOfThumb } = ltvToCac(value, cac);
    expect(meetsRuleOfThumb).toBe(ratio >= 3);
    atMost(ratio, ltvToCac(value + more, cac).ratio);
    atMost(ltvToCac(value, cac + more).ratio, ratio);
  });

  it('refuses a non-finite LTV, a CAC that is not a finite number > 0, and an overflowing ratio', () => {
    for (const bad of notFiniteNumbers) {
      const error = expectError(() => ltvToCac(bad as never, 100), 'INVALID_ARGUMENT', 'ltvToCac');
      expect(error.details.argument).toBe('lifetimeValue');
    }
    for (const bad of [0, -1, ...notFiniteNumbers]) {
      const error = expectError(() => ltvToCac(100, bad as never), 'INVALID_ARGUMENT', 'ltvToCac');
      expect(error.details.argument).toBe('cac');
    }
    expectError(() => ltvToCac(1e308, 1e-10), 'INVALID_ARGUMENT', 'ltvToCac');
  });
});

describe('cacPayback', () => {
  it('is CAC / (revenue per period × margin), in periods (REFERENCES.md, "Lifetime value, closed form")', () => {
    expect(cacPayback({ cac: 400, revenuePerPeriod: 100, grossMargin: 0.8 })).toBeCloseTo(5, 12);
    expect(cacPayback({ cac: 1000, revenuePerPeriod: 120 })).toBeCloseTo(8.333333, 6);
    expect(cacPayback({ cac: 0, revenuePerPeriod: 120 })).toBe(0);
  });

  property.prop([money, positiveMoney, margin, money])(
    'rises with the CAC, falls with more revenue or margin, and pays the CAC back exactly',
    (cac, revenuePerPeriod, grossMargin, more) => {
      const options = deepFreeze({ cac, revenuePerPeriod, grossMargin });
      const periods = cacPayback(options);
      expect(periods).toBeGreaterThanOrEqual(0);
      atMost(periods, cacPayback({ ...options, cac: cac + more }));
      atMost(cacPayback({ ...options, revenuePerPeriod: revenuePerPeriod + more }), periods);
      atMost(cacPayback({ ...options, grossMargin: Math.min(1, grossMargin + more) }), periods);
      expect(periods * revenuePerPeriod * grossMargin).toBeCloseTo(cac, 3);
    },
  );

  property.prop([
    fc.constantFrom('cac', 'revenuePerPeriod', 'grossMargin'),
    fc.constantFrom(-1, -1e-9, 0, 1.5, ...notFiniteNumbers),
  ])('refuses bad CAC, revenue and margin with INVALID_ARGUMENT', (field, bad) => {
    // A CAC of 0 and of 1.5 is valid, and so is a revenue of 1.5.
    fc.pre(!(field === 'cac' && (bad === 0 || bad === 1.5)));
    fc.pre(!(field === 'revenuePerPeriod' && bad === 1.5));
    const options = { cac: 400, revenuePerPeriod: 100, grossMargin: 0.8, [field]: bad };
    const error = expectError(() => cacPayback(options as never), 'INVALID_ARGUMENT', 'cacPayback');
    expect(error.details.argument).toBe(field);
  });

  it('refuses zero revenue (never paid back), a non-object and an overflowing result', () => {
    const error = expectError(() => cacPayback({ cac: 400, revenuePerPeriod: 0 }), 'INVALID_ARGUMENT', 'cacPayback');
    expect(error.details.argument).toBe('revenuePerPeriod');
    expectError(() => cacPayback(null as never), 'INVALID_ARGUMENT', 'cacPayback');
    expectError(
      () => cacPayback({ cac: 1e308, revenuePerPeriod: 1e-200, grossMargin: 1e-200 }),
      'INVALID_ARGUMENT',
      'cacPayback',
    );
    expectError(
      () => cacPayback({ cac: 0, revenuePerPeriod: 1e-200, grossMargin: 1e-200 }),
      'INVALID_ARGUMENT',
      'cacPayback',
    );
  });
});
