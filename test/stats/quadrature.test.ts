import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { betaExpectation } from '../../src/stats/quadrature';
import { logBeta } from '../../src/stats/special';
import { relativeError } from '../helpers';

describe('betaExpectation', () => {
  property.prop([fc.double({ min: 0.05, max: 50, noNaN: true }), fc.double({ min: 0.05, max: 50, noNaN: true })])(
    'integrates the Beta moments: E[1] = 1, E[p] = a/(a+b), E[p²] = a(a+1)/((a+b)(a+b+1))',
    (a, b) => {
      const logB = logBeta(a, b);
      // The range of fitted BG/NBD and BG/BB shapes; typical shapes reach about 1e-14.
      expect(Math.abs(betaExpectation(() => 1, a, b, logB) - 1)).toBeLessThan(1e-8);
      expect(
        relativeError(
          betaExpectation((p) => p, a, b, logB),
          a / (a + b),
        ),
      ).toBeLessThan(1e-8);
      const second = (a * (a + 1)) / ((a + b) * (a + b + 1));
      expect(
        relativeError(
          betaExpectation((p) => p * p, a, b, logB),
          second,
        ),
      ).toBeLessThan(1e-8);
    },
  );

  it('handles the extreme shapes of a fit that wandered (relative error below 1e-7)', () => {
    for (const [a, b] of [
      [0.01, 50],
      [300, 0.2],
      [0.01, 0.01],
    ] as const) {
      const mean = betaExpectation((p) => p, a, b, logBeta(a, b));
      expect(relativeError(mean, a / (a + b)), `Beta(${a}, ${b})`).toBeLessThan(1e-7);
    }
  });

  property.prop([fc.double({ min: 0, max: 8, noNaN: true }), fc.double({ min: 0, max: 8, noNaN: true })])(
    'integrates the Beta moments to 1e-13 when both shapes exceed 1, from 1.001 to 1e8 (split at the mode)',
    (logA, logB) => {
      // Shapes 1 + 10^k, k from -3 to 8: peaks as narrow as 1e-4 anywhere in (0, 1), or against an end.
      const [a, b] = [1 + 10 ** (logA - 3), 1 + 10 ** (logB - 3)];
      const logBetaAB = logBeta(a, b);
      const moments: [(p: number, q: number) => number, number][] = [
        [() => 1, 1],
        [(p) => p, a / (a + b)],
        [(_, q) => q, b / (a + b)],
        [(p) => p * p, (a * (a + 1)) / ((a + b) * (a + b + 1))],
      ];
      for (const [g, exact] of moments) {
        expect(relativeError(betaExpectation(g, a, b, logBetaAB), exact), `Beta(${a}, ${b})`).toBeLessThan(1e-13);
      }
    },
  );

  it('passes 1 - p without cancellation near 1', () => {
    // E[1 - p] = b / (a + b) for Beta(2, 0.05), whose mass piles up next to 1.
    expect(betaExpectation((_, q) => q, 2, 0.05, logBeta(2, 0.05)) / (0.05 / 2.05)).toBeCloseTo(1, 9);
  });
});
