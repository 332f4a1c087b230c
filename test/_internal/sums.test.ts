import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decimalSum } from '../../src/_internal/sums';
import { permutations } from '../helpers';

// An array and a permutation of it, as the other order-independence properties draw them.
const withPermutation = <T>(values: fc.Arbitrary<T[]>): fc.Arbitrary<[T[], T[]]> =>
  values.chain((list) =>
    fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })),
  );

describe('decimalSum', () => {
  it('adds decimal amounts to the double nearest their decimal total', () => {
    // Floating-point addition gives 99.99999999999999, 0.30000000000000004 and 0.9999999999999999.
    expect(decimalSum([77.82, 18.04, 4.14])).toBe(100);
    expect(decimalSum([0.1, 0.2])).toBe(0.3);
    expect(decimalSum(new Array<number>(10).fill(0.1))).toBe(1);
    expect(decimalSum([0.125, 0.00000001, -0.125])).toBe(0.00000001);
    expect(decimalSum([])).toBe(0);
  });

  property.prop([
    withPermutation(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { maxLength: 50 })),
    fc.constantFrom(1, 2, 3, 8),
  ])('is the exact decimal total, rounded once, in any order', ([units, permuted], decimals) => {
    const scale = 10 ** decimals;
    // An exact integer divided by a power of ten: one correctly rounded division.
    const expected = units.reduce((sum, unit) => sum + unit, 0) / scale;
    expect(decimalSum(units.map((unit) => unit / scale))).toBe(expected);
    expect(decimalSum(permuted.map((unit) => unit / scale))).toBe(expected);
  });

  property.prop([withPermutation(fc.array(fc.integer({ min: 1, max: 1e6 }), { minLength: 1, maxLength: 50 }))])(
    'adds amounts that are not short decimals (computed prices) in an order-free, compensated way',
    ([numerators, permuted]) => {
      const total = decimalSum(numerators.map((n) => n / 3));
      expect(decimalSum(permuted.map((n) => n / 3))).toBe(total);
      expect(total).toBeCloseTo(numerators.reduce((sum, n) => sum + n, 0) / 3, 6);
    },
  );

  it('falls back to the compensated sum when the smallest units would not be exact integers', () => {
    // 1e300 is a whole number, but its units are far beyond 2^53: the compensated sum keeps the 1.
    expect(decimalSum([1e300, 1, -1e300])).toBe(1);
    expect(decimalSum([2 ** 53, 1, 1])).toBe(2 ** 53 + 2);
  });

  it('gives the correctly rounded total of amounts where compensation alone depends on the order', () => {
    // Expected values: the exact sums of these doubles (Python fractions), rounded once. Neumaier's
    // compensated sum of the five values below gives -1.0817285121947559e32 in some orders.
    const values = [-(2 ** 54), -4, (4 / 3) * 2 ** 105, 4 / 3, -(2 ** 107)];
    for (const order of permutations(values)) expect(decimalSum(order)).toBe(-1.081728512194756e32);
    // A running sum smaller than the next amount: its rounding error is the part of the sum that
    // the amount does not hold (Kahan's form, sum - next + amount, gives ...638).
    expect(decimalSum([12493634223937990, -97545815 / 3, 14756 / 3])).toBe(12493634191427636);
  });

  property.prop([fc.integer({ min: 0, max: 1_000_000 }).map((cents) => cents / 100), fc.integer({ min: 1, max: 50 })])(
    'averages equal amounts to the amount itself, over as many parts as amounts',
    (amount, count) => {
      // 119.94 / 6 is 19.990000000000002: the mean is one division of the exact sum in cents.
      expect(decimalSum(Array<number>(count).fill(amount), count)).toBe(amount);
    },
  );

  it('divides a sum that is not exact in floating point by its parts once', () => {
    expect(decimalSum([19.99, 19.99, 19.99, 19.99, 19.99, 19.99], 6)).toBe(19.99);
    expect(decimalSum([0.05, 0.05, 0.05], 3)).toBe(0.05);
    expect(decimalSum([10 / 3, 10 / 3], 2)).toBeCloseTo(10 / 3, 15);
  });
});
