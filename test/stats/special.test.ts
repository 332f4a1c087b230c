import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  digamma,
  digammaDifference,
  inverseRegularizedBeta,
  logBeta,
  logBetaRatio,
  logBinomialProbability,
  logGamma,
  logGammaRatio,
  regularizedBeta,
  regularizedGammaQ,
} from '../../src/stats/special';
import { relativeError } from '../helpers';

// Reference values from Python 3.11 `math.lgamma` and SciPy 1.x `special.betainc` / `special.gammaincc`.
describe('logGamma', () => {
  it('matches math.lgamma to about 1e-14 relative', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247004, 14);
    expect(logGamma(1e-8)).toBeCloseTo(18.42068073818021, 12);
    expect(logGamma(3.7)).toBeCloseTo(1.4280723266653883, 14);
    expect(logGamma(171.5) / 709.1431630309282).toBeCloseTo(1, 14);
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(2)).toBeCloseTo(0, 14);
  });

  it('is NaN outside x > 0', () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1.5)).toBeNaN();
    expect(logGamma(NaN)).toBeNaN();
  });

  property.prop([fc.double({ min: 0.01, max: 100, noNaN: true })])('satisfies Γ(x + 1) = x Γ(x)', (x) => {
    expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 9);
  });
});

describe('logBeta', () => {
  it('is ln Γ(a) + ln Γ(b) - ln Γ(a + b)', () => {
    expect(logBeta(1, 1)).toBeCloseTo(0, 14);
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
    expect(logBeta(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 14);
  });

  it('keeps full precision when an argument is large (exact: B(m, N) = (m-1)! / N(N+1)...(N+m-1))', () => {
    const exact = (m: number, big: number): number => {
      let log = 0;
      for (let k = 1; k < m; k++) log += Math.log(k);
      for (let k = 0; k < m; k++) log -= Math.log(big + k);
      return log;
    };
    for (const [m, big] of [
      [15, 1e7],
      [3, 1e4],
      [12, 40],
      [1, 1e12],
    ] as const) {
      expect(relativeError(logBeta(m, big), exact(m, big)), `B(${m}, ${big})`).toBeLessThan(1e-14);
      expect(logBeta(big, m)).toBe(logBeta(m, big));
    }
    // SciPy 1.x special.betaln(0.5, 5e6) and betaln(1e5, 1e5).
    expect(logBeta(0.5, 5e6)).toBeCloseTo(-7.140109267274488, 13);
    expect(logBeta(1e5, 1e5) / -138633.9270613487).toBeCloseTo(1, 14);
    // Both shapes large (mpmath 1.3, 60 digits): Stirling's series for both, differenced
    // analytically; ln Γ of the smaller one would leave 4e-15 of the result at this size.
    expect(relativeError(logBeta(1e15, 3e15), -2249340578475249.5)).toBeLessThan(5e-16);
  });
});

describe('regularizedGammaQ', () => {
  it('matches SciPy gammaincc on both branches', () => {
    expect(regularizedGammaQ(0.5, 2)).toBeCloseTo(0.04550026389635857, 14);
    expect(regularizedGammaQ(3, 0.5)).toBeCloseTo(0.9856123220330293, 14);
    expect(regularizedGammaQ(10, 30) / 7.121750862815593e-6).toBeCloseTo(1, 12);
    expect(regularizedGammaQ(2, 0)).toBe(1);
  });
});

describe('regularizedBeta', () => {
  it('matches SciPy betainc', () => {
    expect(regularizedBeta(0.3, 2, 5)).toBeCloseTo(0.5798250000000003, 14);
    expect(regularizedBeta(0.999, 0.5, 0.5)).toBeCloseTo(0.9798649583666235, 13);
    expect(regularizedBeta(0.33, 100, 200)).toBeCloseTo(0.45661816333399713, 12);
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });

  it('gives the upper tail 1 − I_x(a, b) with its own digits', () => {
    // mpmath 1.3 at 60 digits, as I_{1−x}(b, a): beyond the mean (x = 0.9 for Beta(2, 50)) the
    // upper tail is taken directly, where 1 − I_x is 0; below the mean as the complement.
    expect(regularizedBeta(0.9, 2, 50, true) / 4.599999999999949e-49).toBeCloseTo(1, 13);
    expect(1 - regularizedBeta(0.9, 2, 50)).toBe(0);
    expect(regularizedBeta(0.01, 2, 50, true)).toBeCloseTo(0.907509100706305, 14);
    expect(regularizedBeta(0, 2, 3, true)).toBe(1);
    expect(regularizedBeta(1, 2, 3, true)).toBe(0);
  });

  it('is inverted by inverseRegularizedBeta to the Beta quantile of SciPy stats.beta.ppf', () => {
    expect(inverseRegularizedBeta(0.025, 70, 31)).toBeCloseTo(0.6001853238201958, 12);
  });

  property.prop([
    fc.double({ min: 0.001, max: 0.999, noNaN: true }),
    fc.double({ min: 0.1, max: 50, noNaN: true }),
    fc.double({ min: 0.1, max: 50, noNaN: true }),
  ])('is inverted by inverseRegularizedBeta and satisfies I_x(a, b) = 1 - I_{1-x}(b, a)', (x, a, b) => {
    const p = regularizedBeta(x, a, b);
    expect(p + regularizedBeta(1 - x, b, a)).toBeCloseTo(1, 10);
    if (p > 1e-10 && p < 1 - 1e-10) expect(regularizedBeta(inverseRegularizedBeta(p, a, b), a, b)).toBeCloseTo(p, 9);
    // The upper tail is the lower one of the mirrored distribution, inverted the same way.
    const upper = regularizedBeta(x, a, b, true);
    expect(upper).toBeCloseTo(regularizedBeta(1 - x, b, a), 10);
    expect(upper + p).toBeCloseTo(1, 10);
    if (upper > 1e-10 && upper < 1 - 1e-10) {
      expect(regularizedBeta(inverseRegularizedBeta(upper, a, b, true), a, b, true)).toBeCloseTo(upper, 9);
    }
  });
});

describe('regularizedBeta with shapes in the trillions', () => {
  it('is right near the mean, where the continued fraction needs millions of terms', () => {
    // Beta(3e13, 7e13 + 1): quartiles from the Cornish-Fisher expansion in mpmath (50 digits),
    // exact to far below these tolerances at this size. It gave 0.216 for 0.5 before.
    const a = 3e13;
    const b = 1e14 - 3e13 + 1;
    expect(inverseRegularizedBeta(0.25, a, b)).toBeCloseTo(0.2999999690909929, 15);
    expect(regularizedBeta(0.2999999690909929, a, b)).toBeCloseTo(0.25, 7);
    expect(regularizedBeta(a / (a + b), a, b)).toBeCloseTo(0.5, 6);
  });
});

describe('logBinomialProbability', () => {
  it('matches mpmath (log-gammas at 50 digits), also for a trillion trials', () => {
    const cases: Array<[number, number, number, number]> = [
      [5e11, 1e12, 0.5, -14.041301910609251],
      [3e11, 1e12, 0.3, -13.954125217036927],
      [123456789, 1e9, 0.1234, -25.073501063982757],
      [3, 10, 0.25, -1.3851658477400923],
      [0, 50, 0.1, -5.268025782891315],
      [50, 50, 0.9, -5.268025782891314],
      // Far from the mean n p, where the deviance is taken directly (its series would not converge).
      [1, 100, 0.5, -64.70954787000645],
      [2, 1000, 0.3, -345.248176782436],
    ];
    // Within about 3e-12: n p rounds to a double before the deviance reads it.
    for (const [k, n, p, expected] of cases) expect(logBinomialProbability(k, n, p)).toBeCloseTo(expected, 10);
  });
});

describe('inverseRegularizedBeta', () => {
  it('matches SciPy beta.ppf', () => {
    expect(inverseRegularizedBeta(0.025, 70, 31)).toBeCloseTo(0.6001853238201958, 12);
    expect(inverseRegularizedBeta(0.975, 71, 30)).toBeCloseTo(0.7875935795104634, 12);
    expect(inverseRegularizedBeta(0.5, 0.5, 0.5)).toBeCloseTo(0.5, 12);
    expect(inverseRegularizedBeta(0.001, 200, 3)).toBeCloseTo(0.9456650986901401, 12);
    expect(inverseRegularizedBeta(0, 2, 2)).toBe(0);
    expect(inverseRegularizedBeta(1, 2, 2)).toBe(1);
    // The x with upper tail 1e-20 (mpmath, 60 digits, bisection on I_{1−x}(50, 2)): 1 − 1e-20
    // rounds to 1, so only the upper tail itself can ask for it.
    expect(inverseRegularizedBeta(1e-20, 2, 50, true)).toBeCloseTo(0.6286526267164185, 14);
    expect(inverseRegularizedBeta(0, 2, 2, true)).toBe(1);
    expect(inverseRegularizedBeta(1, 2, 2, true)).toBe(0);
  });
});

describe('digamma', () => {
  it('matches SciPy special.psi', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 13);
    expect(digamma(100)).toBeCloseTo(4.600161852738087, 13);
    expect(digamma(0)).toBeNaN();
  });
});

describe('logGammaRatio and digammaDifference', () => {
  // mpmath 1.3 at 60 digits: loggamma(x + h) - loggamma(x) and digamma(x + h) - digamma(x).
  const references = [
    [1e12, 1, 27.631021115928547, 1e-12],
    [1e12, 1e6, 27631021.615927882, 9.999995000008333e-7],
    [0.5, 1e12, 26631021115928.895, 29.59453114194997],
    [1e-17, 1, -39.14394658089878, 1e17],
    [3.7, 2, 2.855895328366192, 0.48303622771707877],
    [10, 1, 2.302585092994046, 0.1],
    [1e8, 7, 128.94476541766656, 6.99999979000001e-8],
  ] as const;

  it('match mpmath to about 1e-15 relative, where differences of two log-gammas or digammas cancel', () => {
    for (const [x, h, logRatio, psiDifference] of references) {
      expect(relativeError(logGammaRatio(x, h), logRatio), `ln Γ ratio at ${x}, ${h}`).toBeLessThan(1e-15);
      expect(relativeError(digammaDifference(x, h), psiDifference), `ψ difference at ${x}, ${h}`).toBeLessThan(2e-15);
    }
    // The differences they replace: at x = 1e12 ln Γ keeps 8e-5 of the ratio, ψ 2e-3 of the difference.
    expect(Math.abs(logGamma(1e12 + 1) - logGamma(1e12) - 27.631021115928547)).toBeGreaterThan(1e-3);
    expect(logGammaRatio(5, 0)).toBe(0);
    expect(digammaDifference(5, 0)).toBe(0);
  });

  property.prop([
    fc.double({ min: 1e-3, max: 1e9, noNaN: true }),
    fc.integer({ min: 1, max: 1000 }),
    fc.integer({ min: 1, max: 1000 }),
  ])('add up along a shift: (x)_{h+k} = (x)_h (x + h)_k, and ψ likewise', (x, h, k) => {
    const whole = logGammaRatio(x, h + k);
    // To the rounding of the logarithms added, about |ln x| + (h + k) ln(x + h + k + 15) in size.
    const scale = 1 + Math.abs(Math.log(x)) + (h + k) * Math.log(x + h + k + 15);
    expect(Math.abs(logGammaRatio(x, h) + logGammaRatio(x + h, k) - whole)).toBeLessThan(2e-15 * scale);
    const psi = digammaDifference(x, h + k);
    expect((digammaDifference(x, h) + digammaDifference(x + h, k)) / psi).toBeCloseTo(1, 13);
  });

  property.prop([fc.double({ min: 1e-3, max: 50, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true })])(
    'agree with the plain differences where those do not cancel (small arguments)',
    (x, h) => {
      expect(logGammaRatio(x, h)).toBeCloseTo(logGamma(x + h) - logGamma(x), 11);
      expect(digammaDifference(x, h)).toBeCloseTo(digamma(x + h) - digamma(x), 11);
    },
  );

  it('make logBetaRatio accurate by each of its groupings (mpmath 1.3, 80 digits)', () => {
    // (a, b, i, j, value, absolute tolerance): the rounding of the logarithms each grouping adds.
    for (const [a, b, i, j, expected, tolerance] of [
      // One shift 0: S(3.9e14) of an sBG with α = 11, where shifting by t lost all of the log.
      [10.964144412233244, 0.00022674679949908843, 0, 390570879126053, -361.75110062274456, 1e-12],
      // One shift 0, a ratio's change between two bases: 1e-11 from logarithms near 55.
      [1e12, 2, 5, 0, -9.99999999997e-12, 1e-25],
      // One shift 0 with both the shape and the shift in the millions (mpmath: S(1e7) of an sBG).
      [1e7, 1e14, 0, 1e7, Math.log(0.36787947795938214), 1e-15],
      // Shifted by i + j.
      [0.5, 3, 2, 1e6, -34.31864142055721, 1e-13],
      // Ten units in the last place of a value near 6.4e5.
      [184.4877465648649, 0.00010350488396217931, 335783, 663095, -637954.7843460052, 2e-9],
      // One shift 0, small against the other shape: shifting by b = 1e12 would cancel to 1e-3.
      [2, 1e12, 1, 0, -26.937873935370604, 1e-14],
      // Shifted by i + j, both shapes 1e12: B(a + 1, b + 1) / B(a, b) = ab / ((a + b)(a + b + 1)).
      [1e12, 1e12, 1, 1, -1.3862943611203906, 1e-14],
      // One shift 0 with the shift far above the base (1e6 against 15): the change of a ratio
      // without Loader's series, which would need thousands of terms there.
      [1e6, 15, 0, 1e6, -1386128.3589759436, 1e-9],
    ] as const) {
      const ratio = logBetaRatio(a, b, i, j);
      expect(Math.abs(ratio - expected), `${a}, ${b}, ${i}, ${j}`).toBeLessThan(tolerance);
      expect(logBetaRatio(b, a, j, i)).toBe(ratio);
    }
  });

  property.prop([
    fc.double({ min: 0.01, max: 30, noNaN: true }),
    fc.double({ min: 0.01, max: 30, noNaN: true }),
    fc.integer({ min: 0, max: 40 }),
    fc.integer({ min: 0, max: 40 }),
  ])('make logBetaRatio the difference of log-betas where that does not cancel (small shapes)', (a, b, i, j) => {
    expect(logBetaRatio(a, b, i, j)).toBeCloseTo(logBeta(a + i, b + j) - logBeta(a, b), 11);
  });

  it('make logBetaRatio the ratio B(a + i, b + j) / B(a, b)', () => {
    // B(3, 4) / B(1, 2) = (1/60) / (1/2).
    expect(logBetaRatio(1, 2, 2, 2)).toBeCloseTo(Math.log(1 / 30), 14);
    expect(logBetaRatio(0.7, 1.2, 0, 0)).toBe(0);
    // B(1e12, 1e12 + 3) / B(1e12, 1e12) = S(3) of an sBG with α = β = 1e12 (mpmath): 0.1250000000001875.
    expect(Math.exp(logBetaRatio(1e12, 1e12, 0, 3))).toBeCloseTo(0.1250000000001875, 15);
  });
});
