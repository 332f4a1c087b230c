import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  boundsHolding,
  compareProportions,
  meanInterval,
  netShareBounds,
  proportionInterval,
  type ProportionComparison,
  type ProportionSample,
} from '../../src/stats/intervals';
import { deepFreeze, expectError, relativeError } from '../helpers';

// Reference values: Wilson, Agresti-Coull and Wald from their formulas (Brown, Cai & DasGupta 2001)
// with z from SciPy; Clopper-Pearson from SciPy stats.beta.ppf.
describe('proportionInterval', () => {
  it('gives Wilson 95% [0.604, 0.781] for 70 of 100 (REFERENCES.md)', () => {
    const result = proportionInterval(70, 100);
    expect(result).toMatchObject({ proportion: 0.7, method: 'wilson', confidence: 0.95, successes: 70, n: 100 });
    expect(result.low).toBeCloseTo(0.6041514536665332, 12);
    expect(result.high).toBeCloseTo(0.7810511470506724, 12);
  });

  it('matches every method at 0, n and in between', () => {
    const cases: Array<[number, number, string, number, number]> = [
      [0, 10, 'wilson', 0, 0.2775327998628892],
      [10, 10, 'wilson', 0.7224672001371107, 1],
      [3, 17, 'wilson', 0.06191126637621, 0.4102945856883412],
      [0, 10, 'agresti-coull', 0, 0.3208873057505457],
      [3, 17, 'agresti-coull', 0.05377544093765346, 0.4184304111268977],
      [0, 10, 'clopper-pearson', 0, 0.3084971078187607],
      [10, 10, 'clopper-pearson', 0.6915028921812392, 1],
      [3, 17, 'clopper-pearson', 0.037985068070626, 0.43431787284428397],
      [3, 17, 'wald', 0, 0.3576877625091808],
      [0, 10, 'wald', 0, 0],
    ];
    for (const [x, n, method, low, high] of cases) {
      const result = proportionInterval(x, n, { method: method as 'wilson' });
      expect(result.low, `${method} ${x}/${n} low`).toBeCloseTo(low, 10);
      expect(result.high, `${method} ${x}/${n} high`).toBeCloseTo(high, 10);
    }
  });

  it('keeps the digits of a Wilson lower bound near 0, fractional counts included', () => {
    // mpmath 1.3 at 60 digits of (p + z²/2n − z √(p(1−p)/n + z²/4n²)) / (1 + z²/n), z of 95%. Taken as
    // that difference, the bound lost its digits to cancellation when the count is much smaller
    // than z²: 1e-9 of 3 (weighted answers) came out 640 times too large, 1e-6 of 1 1e-4 off.
    for (const [x, n, low] of [
      [1e-9, 3, 8.677259049715833e-20],
      [1e-6, 1, 2.6031763609647715e-13],
      [0.001, 5, 5.20364685225715e-8],
      [1, 1e9, 1.7652455495696314e-10],
    ] as const) {
      const result = proportionInterval(x, n);
      expect(relativeError(result.low, low), `${x} of ${n}`).toBeLessThan(2e-15);
    }
  });

  it('gives Clopper-Pearson bounds for samples in the trillions', () => {
    // Beta quantiles from the Cornish-Fisher expansion in mpmath; the lower bound was the point
    // estimate itself before (the incomplete beta stopped its continued fraction too early).
    const half = proportionInterval(3e13, 1e14, { method: 'clopper-pearson', confidence: 0.5 });
    expect(half.low).toBeCloseTo(0.2999999690909929, 15);
    expect(half.high).toBeCloseTo(0.3000000309090096, 15);
    const wide = proportionInterval(7e14, 1e15, { method: 'clopper-pearson' });
    expect(wide.low).toBeCloseTo(0.6999999715974224, 15);
    expect(wide.high).toBeCloseTo(0.7000000284025765, 15);
  });

  it('keeps the digits of a Clopper-Pearson upper bound at a confidence close to 1', () => {
    // 3 of 100 (mpmath 1.3, 50 digits, bisection on I_{1−x}(97, 4) = (1 − c) / 2): the upper
    // bound was the quantile at 1 − (1 − c) / 2, which rounds the tail: 1.6e-11 off at 0.999999
    // and 4.4e-6 at 1 − 1e-12.
    for (const [confidence, low, high] of [
      [0.999999, 0.00014620401750806215, 0.20143246173639467],
      [1 - 1e-12, 0.0000014569080263693244, 0.3166648830452209],
    ] as const) {
      const result = proportionInterval(3, 100, { method: 'clopper-pearson', confidence });
      expect(relativeError(result.low, low), `${confidence} low`).toBeLessThan(1e-14);
      expect(relativeError(result.high, high), `${confidence} high`).toBeLessThan(1e-14);
    }
  });

  it('loses digits of a Clopper-Pearson upper bound near 0 only as documented, with n', () => {
    // 1 success out of n at 95% (mpmath 1.3, 50 digits, by bisection): the lower bound keeps its
    // digits, the upper one about 1e-11 at n = 1e6, 3e-9 at 1e8 and 1e-7 at 1e10 (JSDoc).
    for (const [n, low, high, tolerance] of [
      [1e6, 2.53178076637942e-8, 0.000005571630655172243, 1e-11],
      [1e8, 2.531780798108494e-10, 5.571643263581066e-8, 2e-10],
      [1e10, 2.531780798425785e-12, 5.571643389665319e-10, 1e-7],
    ] as const) {
      const result = proportionInterval(1, n, { method: 'clopper-pearson' });
      expect(relativeError(result.low, low), `${n} low`).toBeLessThan(1e-14);
      expect(relativeError(result.high, high), `${n} high`).toBeLessThan(tolerance);
    }
    // More successes and a lower level lose a little more (mpmath 1.3, 60 digits: the p at which
    // P(Binomial(n, p) <= x) is (1 - confidence) / 2).
    for (const [x, n, confidence, high, tolerance] of [
      [10, 1e6, 0.5, 1.301961285681117e-5, 1e-11],
      [3, 1e8, 0.95, 8.767272816926038e-8, 3e-9],
      [3, 1e8, 0.5, 5.109427431233546e-8, 3e-9],
      [3, 1e10, 0.5, 5.109427484584482e-10, 1e-7],
    ] as const) {
      const result = proportionInterval(x, n, { method: 'clopper-pearson', confidence });
      expect(relativeError(result.high, high), `${x} of ${n} at ${confidence}`).toBeLessThan(tolerance);
    }
  });

  it('narrows with lower confidence', () => {
    const result = proportionInterval(70, 100, { confidence: 0.9 });
    expect(result.low).toBeCloseTo(0.6201678660558755, 12);
    expect(result.high).toBeCloseTo(0.7692950456308546, 12);
  });

  property.prop([
    fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
    fc.constantFrom('wilson', 'agresti-coull', 'clopper-pearson', 'wald' as const),
  ])('contains the proportion and stays in [0, 1]', ([x, n], method) => {
    const result = proportionInterval(x, n, { method });
    expect(result.low).toBeLessThanOrEqual(x / n + 1e-12);
    expect(result.high).toBeGreaterThanOrEqual(x / n - 1e-12);
    expect(result.low).toBeGreaterThanOrEqual(0);
    expect(result.high).toBeLessThanOrEqual(1);
  });

  property.prop([
    fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.constant(n))),
    fc.constantFrom('wilson', 'agresti-coull', 'clopper-pearson', 'wald' as const),
    fc.double({ min: 0.5, max: 0.999, noNaN: true }),
  ])('never lowers either bound with one more success out of the same n', ([x, n], method, confidence) => {
    const fewer = proportionInterval(x, n, { method, confidence });
    const more = proportionInterval(x + 1, n, { method, confidence });
    expect(more.proportion).toBeGreaterThan(fewer.proportion);
    expect(more.low).toBeGreaterThanOrEqual(fewer.low);
    expect(more.high).toBeGreaterThanOrEqual(fewer.high);
  });

  it('accepts fractional (effective) counts', () => {
    expect(proportionInterval(7.5, 12.5).proportion).toBe(0.6);
  });

  it('refuses impossible counts and options', () => {
    for (const [x, n] of [
      [1, 0],
      [-1, 10],
      [11, 10],
      [1, Infinity],
      [NaN, 10],
      [1, '10'],
    ]) {
      expectError(() => proportionInterval(x as number, n as number), 'INVALID_ARGUMENT', 'proportionInterval');
    }
    expectError(
      () => proportionInterval(1, 2, { method: 'jeffreys' as never }),
      'INVALID_ARGUMENT',
      'proportionInterval',
    );
    expectError(() => proportionInterval(1, 2, { confidence: 1 }), 'INVALID_ARGUMENT', 'proportionInterval');
    // Clopper-Pearson's beta quantiles would take seconds (minutes at 1e30); the other methods are closed forms.
    const huge = 2 ** 53;
    expectError(
      () => proportionInterval(0.3 * huge, huge, { method: 'clopper-pearson' }),
      'INVALID_ARGUMENT',
      'proportionInterval',
    );
    expect(proportionInterval(0.3 * huge, huge).low).toBeCloseTo(0.3, 7);
    expect(proportionInterval(0.3e15, 1e15, { method: 'clopper-pearson' }).low).toBeCloseTo(0.3, 7);
  });
});

describe('compareProportions', () => {
  // Newcombe (1998), table II, method 10 (the hybrid score interval), 95%; the same eight
  // intervals recomputed from the two Wilson intervals in Python with SciPy's normal quantile.
  const newcombe: Array<[number, number, number, number, number, number]> = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ];
  it.each(newcombe)('gives Newcombe’s interval for %i/%i against %i/%i', (x1, n1, x2, n2, low, high) => {
    const result = compareProportions({ successes: x1, n: n1 }, { successes: x2, n: n2 });
    expect(result.difference).toBeCloseTo(x1 / n1 - x2 / n2, 14);
    expect(result.low).toBeCloseTo(low, 4);
    expect(result.high).toBeCloseTo(high, 4);
    expect(result).toMatchObject({ confidence: 0.95, method: 'newcombe' });
  });

  it('squares its z to Pearson’s chi-square of the 2×2 table, without continuity correction', () => {
    for (const [x1, n1, x2, n2] of [
      [56, 700, 48, 800],
      [3, 10, 9, 10],
      [0.5, 2.5, 1.25, 3.75],
    ] as const) {
      const cells = [x1, n1 - x1, x2, n2 - x2];
      const total = n1 + n2;
      const column = [x1 + x2, total - x1 - x2];
      const rows = [n1, n2];
      let chiSquare = 0;
      cells.forEach((observed, k) => {
        const expected = (rows[k >> 1]! * column[k & 1]!) / total;
        chiSquare += (observed - expected) ** 2 / expected;
      });
      expect(compareProportions({ successes: x1, n: n1 }, { successes: x2, n: n2 }).z ** 2).toBeCloseTo(chiSquare, 12);
    }
  });

  it('keeps its test for counts near the largest double, where x_a + x_b would overflow', () => {
    const apart = compareProportions({ successes: 0, n: 1e308 }, { successes: 1e308, n: 1e308 });
    expect(apart).toMatchObject({ difference: -1, low: -1, high: -1, pValue: 0 });
    expect(apart.z).toBeLessThan(-1e100);
    const near = compareProportions({ successes: 9e307, n: 1e308 }, { successes: 1e307, n: 1e308 });
    expect(near.difference).toBeCloseTo(0.8, 14);
    expect(near.pValue).toBe(0);
    const same = compareProportions({ successes: 1e308, n: 1e308 }, { successes: 1e308, n: 1e308 });
    expect(same).toMatchObject({ difference: 0, standardError: 0, z: 0, pValue: 1 });
  });

  it('tests with the pooled z, whose square is Pearson’s chi-square (SciPy chi2_contingency, no correction)', () => {
    const churn = compareProportions({ successes: 56, n: 700 }, { successes: 48, n: 800 });
    expect(churn.z).toBeCloseTo(1.5212838678459124, 12);
    expect(churn.pValue).toBeCloseTo(0.1281886167939696, 12);
    expect(churn.standardError).toBeCloseTo(0.02 / 1.5212838678459124, 14);
    const small = compareProportions({ successes: 56, n: 70 }, { successes: 48, n: 80 });
    expect(small.z).toBeCloseTo(2.650171951258532, 12);
    expect(small.pValue).toBeCloseTo(0.008045081368196585, 12);
  });

  it('keeps the digits of shares near 1: few failures out of many (mpmath, Newcombe’s formulas at 60 digits)', () => {
    // Successes near n: 1 − p, which carries the comparison, was lost in doubles near 1 (every
    // field 1e-8 to 3e-8 off at n = 1e9, up to 2e-5 at 1e12). Expected: the two Wilson intervals, method 10 and
    // the pooled z computed in Python with mpmath at 60 digits.
    const cases: Array<[ProportionSample, ProportionSample, Partial<ProportionComparison>]> = [
      [
        { successes: 999_999_999, n: 1e9 },
        { successes: 1e9, n: 1e9 },
        {
          difference: -1e-9,
          standardError: 9.9999999975e-10,
          z: -1.00000000025,
          pValue: 0.31731050774192876,
          low: -5.664934243297439e-9,
          high: 2.928729764987942e-9,
        },
      ],
      [
        { successes: 999_999_990_000, n: 1e12 },
        { successes: 999_999_999_000, n: 1e12 },
        {
          difference: -9e-9,
          standardError: 1.0488088452859272e-10,
          z: -85.8116332680853,
          low: -9.206846671870057e-9,
          high: -8.79565700103418e-9,
        },
      ],
    ];
    for (const [a, b, expected] of cases) {
      const result = compareProportions(a, b);
      for (const key of ['difference', 'standardError', 'z', 'pValue', 'low', 'high'] as const) {
        const value = expected[key];
        if (value !== undefined) expect(relativeError(result[key], value), key).toBeLessThan(1e-14);
      }
    }
  });

  it('reports no evidence when both samples are all successes or all failures', () => {
    expect(compareProportions({ successes: 0, n: 10 }, { successes: 0, n: 20 })).toMatchObject({
      difference: 0,
      standardError: 0,
      z: 0,
      pValue: 1,
    });
    expect(compareProportions({ successes: 5, n: 5 }, { successes: 9, n: 9 })).toMatchObject({ z: 0, pValue: 1 });
  });

  it('refuses samples and options that are not counts with INVALID_ARGUMENT, naming them', () => {
    const good = { successes: 1, n: 2 };
    const cases: Array<[unknown, unknown, unknown, string]> = [
      [null, good, {}, 'a'],
      [good, 5, {}, 'b'],
      [good, good, 'x', 'options'],
      [{ successes: 1, n: 0 }, good, {}, 'a.n'],
      [{ successes: 1, n: NaN }, good, {}, 'a.n'],
      [{ successes: 1, n: Infinity }, good, {}, 'a.n'],
      [{ successes: 1 }, good, {}, 'a.n'],
      [good, { successes: 3, n: 2 }, {}, 'b.successes'],
      [good, { successes: -1, n: 2 }, {}, 'b.successes'],
      [good, { successes: '1', n: 2 }, {}, 'b.successes'],
      [good, good, { confidence: 1 }, 'confidence'],
      [good, good, { confidence: 0 }, 'confidence'],
    ];
    for (const [a, b, options, argument] of cases) {
      const error = expectError(
        () => compareProportions(a as never, b as never, options as never),
        'INVALID_ARGUMENT',
        'compareProportions',
      );
      expect(error.details.argument).toBe(argument);
    }
  });

  const sample = fc
    .tuple(fc.integer({ min: 1, max: 400 }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([n, share]) => ({ successes: Math.round(share * n), n }));
  const confidence = fc.double({ min: 0.5, max: 0.999, noNaN: true });

  property.prop([sample, sample, confidence])(
    'holds its difference inside [-1, 1]; swapping the samples mirrors it; inputs not mutated',
    (a, b, level) => {
      const result = compareProportions(deepFreeze(a), deepFreeze(b), { confidence: level });
      expect(result.low).toBeGreaterThanOrEqual(-1);
      expect(result.high).toBeLessThanOrEqual(1);
      expect(result.low).toBeLessThanOrEqual(result.difference);
      expect(result.high).toBeGreaterThanOrEqual(result.difference);
      expect(result.pValue).toBeGreaterThanOrEqual(0);
      expect(result.pValue).toBeLessThanOrEqual(1);
      const swapped = compareProportions(b, a, { confidence: level });
      expect(swapped.difference + result.difference).toBe(0);
      expect(swapped.low).toBeCloseTo(-result.high, 14);
      expect(swapped.high).toBeCloseTo(-result.low, 14);
      // Exactly: the test's pooled share is computed the same way from either order.
      expect(swapped.z + result.z).toBe(0);
      expect(swapped.pValue).toBe(result.pValue);
    },
  );

  property.prop([sample, sample, confidence])(
    'counting failures instead of successes mirrors the comparison: d, z and the bounds change sign',
    (a, b, level) => {
      const complement = ({ successes, n }: ProportionSample) => ({ successes: n - successes, n });
      const result = compareProportions(a, b, { confidence: level });
      const mirrored = compareProportions(complement(a), complement(b), { confidence: level });
      // Both are computed on the rarer outcome, so the mirror is exact; when the two outcomes tie
      // overall, both are computed directly and agree to rounding.
      if (a.successes + b.successes === a.n - a.successes + (b.n - b.successes)) {
        expect(mirrored.difference).toBeCloseTo(-result.difference, 14);
        expect(mirrored.z).toBeCloseTo(-result.z, 12);
        expect(mirrored.low).toBeCloseTo(-result.high, 14);
        expect(mirrored.high).toBeCloseTo(-result.low, 14);
        return;
      }
      expect(mirrored.difference + result.difference).toBe(0);
      expect(mirrored.z + result.z).toBe(0);
      expect(mirrored.pValue).toBe(result.pValue);
      expect(mirrored.standardError).toBe(result.standardError);
      expect(mirrored.low + result.high).toBe(0);
      expect(mirrored.high + result.low).toBe(0);
    },
  );

  property.prop([sample, sample, confidence])(
    'one more success in a never lowers the difference nor its bounds; more confidence widens',
    (a, b, level) => {
      fc.pre(a.successes < a.n);
      const result = compareProportions(a, b, { confidence: level });
      const more = compareProportions({ successes: a.successes + 1, n: a.n }, b, { confidence: level });
      expect(more.difference).toBeGreaterThan(result.difference);
      expect(more.low).toBeGreaterThanOrEqual(result.low - 1e-12);
      expect(more.high).toBeGreaterThanOrEqual(result.high - 1e-12);
      const wider = compareProportions(a, b, { confidence: Math.min(0.9999, level + 0.01) });
      expect(wider.low).toBeLessThanOrEqual(result.low + 1e-12);
      expect(wider.high).toBeGreaterThanOrEqual(result.high - 1e-12);
    },
  );
});

describe('meanInterval', () => {
  it('stays finite for values near the largest doubles', () => {
    // x - mean overflowed to Infinity and every field was NaN. sd = 1.5e308 sqrt(2 / 9999).
    const result = meanInterval([1.5e308, -1.5e308, ...new Array<number>(9998).fill(0)]);
    expect(result.mean).toBe(0);
    expect(result.standardDeviation / (1.5e308 * Math.sqrt(2 / 9999))).toBeCloseTo(1, 12);
    // t(0.975, 9999) is about 1.96 and the standard error sd / 100.
    expect(result.high / (1.5e306 * Math.sqrt(2 / 9999) * 1.96)).toBeCloseTo(1, 3);
  });

  it("gives Student's t interval (SciPy: t(0.975, 7) = 2.3646)", () => {
    const result = meanInterval([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(result).toMatchObject({ mean: 5, n: 8, method: 't', confidence: 0.95, missing: 0, invalid: 0 });
    expect(result.standardDeviation).toBeCloseTo(2.138089935299395, 12);
    expect(result.low).toBeCloseTo(3.21251208176379, 10);
    expect(result.high).toBeCloseTo(6.787487918236209, 10);
    expect(result.standardError).toBeCloseTo(2.138089935299395 / Math.sqrt(8), 12);
  });

  it('keeps the digits of a confidence close to 1', () => {
    // 1..5: mean 3, standard error sqrt(2.5 / 5); mpmath 1.3 (60 digits) gives t = 49.4586367565786
    // for the upper tail (1 - 0.999999) / 2 with ν = 4. The quantile at 0.5 + 0.999999 / 2 was
    // 2.8e-11 off.
    const result = meanInterval([1, 2, 3, 4, 5], { confidence: 0.999999 });
    const half = 49.4586367565786 * Math.sqrt(0.5);
    expect(relativeError(result.high - 3, half)).toBeLessThan(1e-14);
    expect(relativeError(3 - result.low, half)).toBeLessThan(1e-14);
  });

  it('keeps the digits of large values close together, and of tiny spreads', () => {
    const result = meanInterval([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    expect(result.mean).toBe(1e9 + 10);
    expect(relativeError(result.standardDeviation, Math.sqrt(30))).toBeLessThan(1e-15);
    // Standard deviations from mpmath 1.3 at 80 digits of the exact doubles. Welford's update on the
    // values themselves lost digits in proportion to |mean| / s: 1e-3 relative here.
    const close = meanInterval([1000000000000.0499, 1000000000000.1128]);
    expect(relativeError(close.standardDeviation, 0.04445312406141015)).toBeLessThan(1e-15);
    // Deviations below 1e-154 have squares below the smallest double: they gave a zero width.
    const tiny = meanInterval([1e-200, 2e-200]);
    expect(relativeError(tiny.standardDeviation, 7.071067811865475e-201)).toBeLessThan(1e-15);
    expect(tiny.high - tiny.low).toBeGreaterThan(0);
    // The exact value, 4.94e-324, rounds to the smallest double.
    expect(meanInterval([0, 5e-324, 1e-323]).standardDeviation).toBe(5e-324);
  });

  property.prop([
    // Multiples of 2^-10 up to 1e6: multiplying them by 2^k, |k| <= 900, is exact.
    fc.array(
      fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((units) => units / 1024),
      { minLength: 2, maxLength: 30 },
    ),
    fc.integer({ min: -900, max: 900 }),
  ])('scales exactly with data multiplied by a power of two', (values, exponent) => {
    // Every magnitude is taken relative to a power of two of the data, not of 1: the updates are
    // the same operations on the same numbers, so the results follow the factor exactly.
    const factor = 2 ** exponent;
    const base = meanInterval(values);
    const scaled = meanInterval(values.map((x) => x * factor));
    expect(scaled.mean).toBe(base.mean * factor);
    expect(scaled.standardDeviation).toBe(base.standardDeviation * factor);
  });

  it('reads records, skips and counts missing values, and refuses or skips invalid ones', () => {
    const rows = [{ v: 1 }, { v: null }, { v: 3 }, { v: 'x' }];
    const frozen = deepFreeze(rows);
    expect(meanInterval(frozen, { value: (d) => d.v as number, invalid: 'skip' })).toMatchObject({
      mean: 2,
      missing: 1,
      invalid: 1,
    });
    const error = expectError(
      () => meanInterval(rows, { value: (d) => d.v as number }),
      'INVALID_VALUE',
      'meanInterval',
    );
    expect(error.details).toEqual({ index: 3, value: 'x' });
    for (const bad of [NaN, Infinity, -Infinity, '2']) {
      const refused = expectError(() => meanInterval([1, bad as number]), 'INVALID_VALUE', 'meanInterval');
      expect(refused.details).toEqual({ index: 1, value: bad });
    }
    const missing = expectError(() => meanInterval([1, null], { missing: 'throw' }), 'INVALID_VALUE', 'meanInterval');
    expect(missing.details).toEqual({ index: 1, value: null });
    // Said as the survey readers say it, with the value.
    expect(missing.message).toBe("meanInterval: invalid value at index 1: null (missing: 'throw')");
    // undefined is missing too, as null is; the defaults given by name change nothing.
    expect(meanInterval([1, undefined as never, 3, null as never])).toMatchObject({
      mean: 2,
      n: 2,
      missing: 2,
      invalid: 0,
    });
    expect(meanInterval([1, 2, 4], { missing: 'skip', invalid: 'throw' })).toEqual(meanInterval([1, 2, 4]));
    // The message says why: a number that is not finite, or a value of another type.
    const reason = (bad: unknown): string =>
      expectError(() => meanInterval([1, bad as number]), 'INVALID_VALUE', 'meanInterval').message;
    expect(reason(NaN)).toBe('meanInterval: invalid value at index 1: NaN (not a finite number)');
    expect(reason('2')).toBe('meanInterval: invalid value at index 1: "2" (not a number but string)');
    expect(reason([2])).toBe('meanInterval: invalid value at index 1: [2] (not a number but object)');
    expect(meanInterval(new Float64Array([1, 3])).mean).toBe(2);
    expect(meanInterval(new Set([1, 3])).mean).toBe(2);
  });

  it('needs two values and valid options', () => {
    expectError(() => meanInterval([1]), 'EMPTY_INPUT', 'meanInterval');
    expectError(() => meanInterval([]), 'EMPTY_INPUT', 'meanInterval');
    expectError(() => meanInterval([1, 2], { confidence: 0 }), 'INVALID_ARGUMENT', 'meanInterval');
    const argument = (options: object): unknown =>
      expectError(() => meanInterval([1, 2], options), 'INVALID_ARGUMENT', 'meanInterval').details.argument;
    expect(argument({ missing: 'drop' })).toBe('missing');
    expect(argument({ invalid: 'ignore' })).toBe('invalid');
    expect(argument({ value: 'v' })).toBe('value');
    for (const data of [3, null, undefined]) {
      const error = expectError(() => meanInterval(data as never), 'INVALID_ARGUMENT', 'meanInterval');
      expect(error.details).toEqual({ argument: 'data', value: data });
    }
    expect(expectError(() => meanInterval(3 as never), 'INVALID_ARGUMENT').message).toBe(
      'meanInterval: data must be an iterable of numbers, got 3',
    );
  });

  property.prop([fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 50 })])(
    'contains the mean, symmetrically',
    (values) => {
      const result = meanInterval(values);
      expect(result.high - result.mean).toBeCloseTo(result.mean - result.low, 6);
      expect(result.low).toBeLessThanOrEqual(result.mean);
    },
  );

  // Ties, repeated values and magnitudes from 1e-300 to 1e300 in one sample.
  const value = fc.oneof(
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.double({ min: -1e300, max: 1e300, noNaN: true }),
    fc.constantFrom(0, 1, -1, 0.1, 1e-300),
  );
  property.prop([
    fc
      .array(value, { minLength: 2, maxLength: 40 })
      .chain((values) => fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length }))),
  ])(
    'keeps the mean between the smallest and the largest value, in any order, and never mutates',
    ([values, shuffled]) => {
      const frozen = deepFreeze([...values]);
      const result = meanInterval(frozen);
      expect(frozen).toEqual(values);
      expect(result.mean).toBeGreaterThanOrEqual(Math.min(...values));
      expect(result.mean).toBeLessThanOrEqual(Math.max(...values));
      expect(result.n).toBe(values.length);
      // A running mean in another order rounds differently, in the last bits of the largest magnitude.
      const reordered = meanInterval(shuffled);
      const magnitude = Math.max(...values.map(Math.abs));
      expect(Math.abs(reordered.mean - result.mean)).toBeLessThanOrEqual(1e-12 * magnitude);
      expect(Math.abs(reordered.standardDeviation - result.standardDeviation)).toBeLessThanOrEqual(1e-9 * magnitude);
    },
  );
});

describe('netShareBounds with boundsHolding', () => {
  it('clips to [-1, 1]', () => {
    const bounds = netShareBounds({ low: 0, middle: 0, high: 1 }, 2, 0.99, 'adjusted-wald');
    expect(boundsHolding(1, bounds.low, bounds.high, 1).high).toBeLessThanOrEqual(1);
    const negative = netShareBounds({ low: 1, middle: 0, high: 0 }, 1, 0.99, 'adjusted-wald');
    expect(boundsHolding(-1, negative.low, negative.high, 1).low).toBeGreaterThanOrEqual(-1);
  });

  it('widens the bounds to hold the observed share, and leaves them alone when they do', () => {
    // One positive answer: adjusted centre 0.25 ± 1.96 × 0.375 = [-0.485, 0.985], which misses 1.
    const one = netShareBounds({ low: 0, middle: 0, high: 1 }, 1, 0.95, 'adjusted-wald');
    expect(one.high).toBeCloseTo(0.985, 3);
    expect(boundsHolding(1, one.low, one.high, 1)).toEqual({ low: one.low, high: 1 });
    expect(boundsHolding(0.1, -0.2, 0.4, 1)).toEqual({ low: -0.2, high: 0.4 });
  });
});
