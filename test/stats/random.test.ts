import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../../src/stats/quantile';
import { binomialDraw, seededRandom } from '../../src/stats/random';

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, c)).not.toEqual(first);
    expect(Array.from({ length: 3 }, seededRandom(0))).toEqual(Array.from({ length: 3 }, seededRandom(0)));
    // Seed 0 has a sequence of its own (it used to be replaced by 0x9e3779b9, sharing that seed's).
    expect(Array.from({ length: 3 }, seededRandom(0))).not.toEqual(Array.from({ length: 3 }, seededRandom(0x9e3779b9)));
    // Seeds are taken modulo 2^32.
    expect(Array.from({ length: 3 }, seededRandom(2 ** 32 + 5))).toEqual(Array.from({ length: 3 }, seededRandom(5)));
  });

  it('draws uniformly from [0, 1)', () => {
    const random = seededRandom(7);
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = random();
      expect(u >= 0 && u < 1).toBe(true);
      bins[Math.floor(u * 10)]!++;
      sum += u;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    // Chi-square with 9 degrees of freedom: the 99.9% point is 27.88.
    const chiSquare = bins.reduce((total, observed) => total + (observed - n / 10) ** 2 / (n / 10), 0);
    expect(chiSquare).toBeLessThan(27.88);
  });
});

describe('binomialDraw', () => {
  it('has the binomial mean and variance', () => {
    const random = seededRandom(3);
    for (const [trials, p] of [
      [20, 0.3],
      [1_000_000, 0.45],
      [50, 0.97],
    ] as const) {
      const draws = Array.from({ length: 4000 }, () => binomialDraw(random, trials, p));
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1);
      const expectedVariance = trials * p * (1 - p);
      expect(Math.abs(mean - trials * p)).toBeLessThan(5 * Math.sqrt(expectedVariance / draws.length));
      expect(variance / expectedVariance).toBeGreaterThan(0.85);
      expect(variance / expectedVariance).toBeLessThan(1.15);
      expect(draws.every((k) => Number.isInteger(k) && k >= 0 && k <= trials)).toBe(true);
    }
  });

  it('draws from a trillion trials quickly, with the binomial mean', () => {
    // The mode's mass from log-gammas was 0.17% off at this size, so the masses summed to 0.9983
    // and one draw in 600 walked all 1e12 outcomes.
    const random = seededRandom(5);
    const trials = 1e12;
    const draws = Array.from({ length: 400 }, () => binomialDraw(random, trials, 0.3));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(Math.abs(mean - 0.3 * trials)).toBeLessThan(5 * Math.sqrt((trials * 0.21) / draws.length));
  });

  it('handles the degenerate cases', () => {
    const random = seededRandom(1);
    expect(binomialDraw(random, 0, 0.5)).toBe(0);
    expect(binomialDraw(random, 10, 0)).toBe(0);
    expect(binomialDraw(random, 10, 1)).toBe(10);
    // Inversion walks mode, mode + 1, mode - 1, ...: u = 0 gives the mode, u near 1 the last outcome.
    expect(binomialDraw(() => 0, 3, 0.5)).toBe(2);
    expect(binomialDraw(() => 0.999999999999, 3, 0.5)).toBe(0);
  });
});

describe('quantileSorted', () => {
  it('interpolates between order statistics (Hyndman & Fan type 7, as R and NumPy)', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([5], 0.3)).toBe(5);
  });
});
