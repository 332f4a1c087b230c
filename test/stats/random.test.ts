import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../../src/stats/quantile';
import { betaDraw, binomialDraw, gammaDraw, normalDraw, seededRandom } from '../../src/stats/random';
import { relativeError } from '../helpers';

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

// Sample mean and (unbiased) variance of draws.
const momentsOf = (draws: number[]): { mean: number; variance: number } => {
  const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
  return { mean, variance: draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1) };
};

describe('binomialDraw', () => {
  it('has the binomial mean and variance', () => {
    const random = seededRandom(3);
    for (const [trials, p] of [
      [20, 0.3],
      [1_000_000, 0.45],
      [50, 0.97],
    ] as const) {
      const draws = Array.from({ length: 4000 }, () => binomialDraw(random, trials, p));
      const { mean, variance } = momentsOf(draws);
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

describe('normalDraw, gammaDraw and betaDraw', () => {
  const n = 40_000;
  // Tolerances: 5 standard errors of the mean, and for the variance 5 standard errors of the sample
  // variance, var · sqrt((2 + excess kurtosis) / n), of each distribution.

  it('draws standard normals', () => {
    const random = seededRandom(21);
    const { mean, variance } = momentsOf(Array.from({ length: n }, () => normalDraw(random)));
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });

  it('draws Gamma(shape, 1) with mean and variance equal to the shape, below 1 (boosted) and above', () => {
    const random = seededRandom(22);
    for (const shape of [0.3, 1, 4.5]) {
      const draws = Array.from({ length: n }, () => gammaDraw(random, shape));
      expect(
        draws.every((x) => x > 0 && Number.isFinite(x)),
        `${shape}`,
      ).toBe(true);
      const { mean, variance } = momentsOf(draws);
      expect(Math.abs(mean - shape), `mean at ${shape}`).toBeLessThan(5 * Math.sqrt(shape / n));
      expect(relativeError(variance, shape), `variance at ${shape}`).toBeLessThan(5 * Math.sqrt((2 + 6 / shape) / n));
    }
  });

  it('draws Beta(a, b) with its mean and variance, and stays inside (0, 1) for tiny shapes', () => {
    const random = seededRandom(23);
    for (const [a, b] of [
      [2, 5],
      [0.3, 0.7],
      [4, 0.5],
    ] as const) {
      const draws = Array.from({ length: n }, () => betaDraw(random, a, b));
      const { mean, variance } = momentsOf(draws);
      const expectedVariance = (a * b) / ((a + b) ** 2 * (a + b + 1));
      const excessKurtosis =
        (6 * ((a - b) ** 2 * (a + b + 1) - a * b * (a + b + 2))) / (a * b * (a + b + 2) * (a + b + 3));
      expect(Math.abs(mean - a / (a + b)), `mean at ${a}, ${b}`).toBeLessThan(5 * Math.sqrt(expectedVariance / n));
      expect(relativeError(variance, expectedVariance), `variance at ${a}, ${b}`).toBeLessThan(
        5 * Math.sqrt((2 + excessKurtosis) / n),
      );
    }
    // Both gamma draws underflow to 0 at these shapes (their logarithms do not): the draws are
    // nearly all 0 or 1, 1 with probability a / (a + b) = 1/3.
    const tiny = Array.from({ length: 2000 }, () => betaDraw(random, 0.001, 0.002));
    expect(tiny.every((p) => p >= 0 && p <= 1)).toBe(true);
    expect(Math.abs(momentsOf(tiny).mean - 1 / 3)).toBeLessThan(5 * Math.sqrt(2 / 9 / 2000));
  });

  it('skips a uniform of exactly 0, whose logarithm is −Infinity', () => {
    const rest = Array.from({ length: 60 }, seededRandom(24));
    const from = (values: number[]): (() => number) => {
      let next = 0;
      return () => values[next++]!;
    };
    expect(normalDraw(from([0, ...rest]))).toBe(normalDraw(from(rest)));
    expect(Number.isFinite(normalDraw(from([0, ...rest])))).toBe(true);
    expect(gammaDraw(from([0, ...rest]), 0.5)).toBe(gammaDraw(from(rest), 0.5));
    expect(betaDraw(from([0, ...rest]), 0.5, 0.5)).toBe(betaDraw(from(rest), 0.5, 0.5));
    expect(betaDraw(from([0, ...rest]), 0.5, 0.5)).toBeGreaterThan(0);
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
