import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  normalCdf,
  normalCritical,
  normalQuantile,
  studentTCritical,
  studentTPValue,
  studentTQuantile,
} from '../../src/stats/distributions';
import { expectError, relativeError } from '../helpers';

// Reference values from SciPy 1.x: stats.norm.ppf / cdf, stats.t.ppf, stats.beta.ppf.
describe('normalQuantile (Wichura 1988, AS 241)', () => {
  it('matches SciPy to about 1e-15', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.3)).toBeCloseTo(-0.5244005127080409, 14);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 13);
    expect(normalQuantile(1 - 1e-15)).toBeCloseTo(7.941444487415979, 6);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('keeps its digits in the far tail, where AS 241 switches to its third rational function (p < e^-25)', () => {
    // mpmath 1.3 at 80 digits, z solving ln Φ(z) = ln p for the doubles p = 1e-20 and 1e-300.
    expect(relativeError(normalQuantile(1e-20), -9.262340089798407)).toBeLessThan(1e-15);
    expect(relativeError(normalQuantile(1e-300), -37.0470962993612)).toBeLessThan(1e-15);
  });

  property.prop([fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true })])('is the inverse of normalCdf', (p) => {
    expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
  });

  // Below 1e-6, computing 1 - p already rounds the upper tail by more than the tolerance.
  property.prop([fc.double({ min: 1e-6, max: 0.5, noNaN: true })])('is odd around 1/2', (p) => {
    expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 8);
  });

  // p < q at least a relative 1e-9 apart (relative to the nearer tail, p or 1 - q): any two
  // probabilities, 0 and 1 included, and neighbours 1e-9 to 1e-3 apart in either tail, down to
  // 1e-300. Neighbouring doubles can share a quantile (near 0.075 doubles are 16 times closer than
  // the quantiles), or even be a rounding out of order: the law holds from a relative 1e-9 on.
  const probability = fc.double({ min: 0, max: 1, noNaN: true });
  const ordered = fc
    .oneof(
      fc.tuple(probability, probability),
      fc
        .tuple(fc.double({ min: 1e-300, max: 0.5, noNaN: true }), fc.double({ min: 1e-9, max: 1e-3 }), fc.boolean())
        .map(([tail, step, upper]) => (upper ? [1 - tail * (1 + step), 1 - tail] : [tail, tail * (1 + step)])),
    )
    .filter(([p, q]) => p! < q! && q! - p! >= 1e-9 * Math.min(p!, 1 - q!));
  property.prop([ordered])('is strictly increasing', ([p, q]) => {
    expect(normalQuantile(p!)).toBeLessThan(normalQuantile(q!));
  });

  property.prop([fc.double({ min: 0.5, max: 1, noNaN: true })])(
    'gives 1 - p the opposite quantile of p, exactly where 1 - p is exact (p >= 1/2)',
    (p) => {
      // Both go through the same rounding of the same tail: -0 and 0, and Infinity, included.
      expect(normalQuantile(1 - p) === -normalQuantile(p)).toBe(true);
    },
  );

  it('refuses a p outside [0, 1]', () => {
    for (const p of [-0.1, 1.1, NaN, Infinity, -Infinity, '0.5'])
      expectError(() => normalQuantile(p as number), 'INVALID_ARGUMENT', 'normalQuantile');
  });
});

describe('normalCdf', () => {
  it('matches SciPy, also in the far tail', () => {
    expect(normalCdf(1.5)).toBeCloseTo(0.9331927987311419, 15);
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 12);
    expect(normalCdf(-37) / 5.7255712225239266e-300).toBeCloseTo(1, 10);
    expect(normalCdf(0)).toBe(0.5);
    // Near the centre, where Q(1/2, x²/2) takes its series (mpmath 1.3, ncdf at 30 digits).
    expect(normalCdf(1e-8)).toBeCloseTo(0.5000000039894228, 15);
    expect(normalCdf(0.01)).toBeCloseTo(0.5039893563146316, 15);
    expect(normalCdf(-0.3)).toBeCloseTo(0.3820885778110474, 15);
    // Past |x| of about 1.3e154, x² overflows: Φ is still 0 or 1, not NaN.
    expect(normalCdf(-1.5e154)).toBe(0);
    expect(normalCdf(1e300)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
  });

  it('gives the two-sided critical value', () => {
    expect(normalCritical(0.95)).toBeCloseTo(1.959963984540054, 14);
    // mpmath: sqrt(2) * erfinv(c) = 7.130509892879273 for c the double nearest 1 - 1e-12;
    // computing 0.5 + c / 2 first gave 7.1304946 (2e-6 off).
    expect(relativeError(normalCritical(1 - 1e-12), 7.130509892879273)).toBeLessThan(1e-14);
    expect(normalCritical(0.5)).toBeCloseTo(0.6744897501960817, 15);
    // Below 0.5 from confidence / 2 itself (mpmath, Φ⁻¹(0.5 + c/2) at 80 digits): 0.5 + c / 2
    // rounds away the digits of a small confidence, and gave 1.2534256e-12 (9e-5 off) for 1e-12.
    expect(relativeError(normalCritical(0.2), 0.25334710313579983)).toBeLessThan(1e-15);
    expect(relativeError(normalCritical(1e-12), 1.2533141373155002e-12)).toBeLessThan(1e-15);
  });

  it("gives the two-sided critical value of Student's t from the tail", () => {
    // mpmath 1.3 at 60 digits: t with upper tail (1 - c) / 2, c the double given. The quantile at
    // 0.5 + c / 2 gave 49.458636755204 (2.8e-11 off) and 1565.04873 (2.8e-5 off) for ν = 4.
    const cases: Array<[number, number, number]> = [
      [0.999999, 4, 49.4586367565786],
      [1 - 1e-12, 4, 1565.092170884186],
      [1 - 1e-12, 50, 9.461796216340323],
    ];
    for (const [confidence, nu, expected] of cases) {
      expect(relativeError(studentTCritical(confidence, nu), expected), `${confidence}, ${nu}`).toBeLessThan(1e-14);
    }
    expect(studentTCritical(0.95, 10)).toBeCloseTo(2.228138851986274, 12);
    expect(studentTCritical(0.2, 3)).toBe(studentTQuantile(0.6, 3));
  });
});

describe('studentTQuantile', () => {
  it('matches SciPy stats.t.ppf', () => {
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 12);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174694, 11);
    expect(studentTQuantile(0.995, 2.5)).toBeCloseTo(7.163728138948783, 11);
    expect(studentTQuantile(0.05, 7)).toBeCloseTo(-1.8945786050900066, 12);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    // Near the center, from the complement of the beta quantile.
    expect(studentTQuantile(0.6, 3)).toBeCloseTo(0.2766706623326898, 14);
    expect(studentTQuantile(0.7, 1)).toBeCloseTo(0.7265425280053608, 14);
    expect(studentTQuantile(0.74, 5.5)).toBeCloseTo(0.6869632044524019, 14);
  });

  it('keeps its digits for quantiles next to the median', () => {
    // ν = 2 has t = (2p - 1) / sqrt(2p(1 - p)); mpmath at 50 digits for the double p = 0.5 + 5e-11
    // gives 1.41421367938565e-10 (the beta route gave about 2e-8 before).
    expect(studentTQuantile(0.5 + 1e-10 / 2, 2) / 1.41421367938565e-10).toBeCloseTo(1, 5);
  });

  it('stays accurate for millions of degrees of freedom and far tails (relative error below 1e-10)', () => {
    const cases: Array<[number, number, number]> = [
      [0.975, 1e7, 1.959964221767205],
      [0.975, 1e5, 1.9599877075346095],
      [1e-10, 500, -6.495606152650696],
      [1e-10, 1e6, -6.361406848876743],
      [0.6, 1e6, 0.25334717053784184],
      [0.025, 29, -2.045229642132703],
      [0.025, 30, -2.0422724563012373],
    ];
    for (const [p, nu, expected] of cases) {
      expect(relativeError(studentTQuantile(p, nu), expected), `p=${p} ν=${nu}`).toBeLessThan(1e-10);
    }
  });

  it('is exact to rounding in the far tails on both sides of 30 degrees of freedom', () => {
    // ν = 1 and 2 in closed form (tan(π(p − ½)) and (2p − 1) / sqrt(2p(1 − p))), the others by
    // mpmath 1.3 at 60 digits, all for the doubles p given. Below 30 the beta inverse (from the
    // tail, far from the centre), from 30 Newton steps on the tail polish the Cornish-Fisher start.
    const cases: Array<[number, number, number]> = [
      [1e-10, 1, -3183098861.837907],
      [1e-12, 2, -707106.7811854868],
      [1e-12, 30, -11.397217523311411],
      [1e-8, 200, -5.848150187488378],
    ];
    for (const [p, nu, expected] of cases) {
      expect(relativeError(studentTQuantile(p, nu), expected), `p=${p} ν=${nu}`).toBeLessThan(1e-14);
    }
  });
});

describe('studentTPValue', () => {
  // 2 P(T > |t|) = I_x(ν/2, 1/2) with x = ν / (ν + t²), from mpmath.betainc at 40 digits.
  it.each([
    [0.5, 1, 0.7048327646991335],
    [1, 2.5, 0.4040610272782735],
    [2.1, 9, 0.06511828241215205],
    [3, 30, 0.005389964065651946],
    [10, 4, 0.0005620036227159911],
    [50, 1, 0.012730698201945593],
    [1e-8, 5, 0.9999999924078662],
    [0.3, 1e9, 0.7641771556844517],
    [40, 200, 2.2487396535202506e-97],
    [2, 7.3, 0.08394103933410321],
    [8, 2, 0.015268072165338138],
    [1e100, 2, 1e-200],
  ])('2 P(T > |%s|) with %s degrees of freedom', (t, degreesOfFreedom, expected) => {
    expect(relativeError(studentTPValue(t, degreesOfFreedom), expected)).toBeLessThan(1e-13);
    expect(studentTPValue(-t, degreesOfFreedom)).toBe(studentTPValue(t, degreesOfFreedom));
  });

  // Where the incomplete beta would lose digits in proportion to ν (3e-5 at 1e12, all of them from
  // 1e16 on, where it went negative), Hill's transformation; references from mpmath at 80 digits.
  it.each([
    [1.96, 1e4, 0.05002352023183305],
    [37, 1e4, 5.622631235279516e-281],
    [1.96, 1e6, 0.04999606758526979],
    [5, 1e9, 5.733032403951629e-7],
    [1.96, 1e12, 0.04999579029671816],
    [30, 1e12, 9.813429845929326e-198],
    [1.96, 1e16, 0.0499957902964409],
    [3, 1e18, 0.002699796063260189],
    [10, 1e20, 1.5239706048321054e-23],
  ])('stays accurate at large degrees of freedom: t = %s, ν = %s', (t, degreesOfFreedom, expected) => {
    expect(relativeError(studentTPValue(t, degreesOfFreedom), expected)).toBeLessThan(1e-12);
  });

  it('is the normal p-value at infinite degrees of freedom, and NaN for NaN', () => {
    expect(relativeError(studentTPValue(1.96, Infinity), 2 * normalCdf(-1.96))).toBeLessThan(1e-15);
    expect(studentTPValue(NaN, 3)).toBeNaN();
    expect(studentTCritical(0.95, Infinity)).toBe(normalCritical(0.95));
    // The quantile polishes with the same tail: finite and normal-like where it gave NaN from 1e17.
    expect(relativeError(studentTCritical(0.95, 1e17), normalCritical(0.95))).toBeLessThan(1e-14);
  });

  it('is 1 at 0 and 0 at infinity or where t² overflows', () => {
    expect(studentTPValue(0, 3)).toBe(1);
    expect(studentTPValue(Infinity, 3)).toBe(0);
    expect(studentTPValue(-1e200, 3)).toBe(0);
  });

  property.prop([fc.double({ min: 1e-3, max: 1 - 1e-9, noNaN: true }), fc.double({ min: 1, max: 1e4, noNaN: true })])(
    'inverts studentTCritical: the critical value of a confidence has p-value 1 - confidence',
    (confidence, degreesOfFreedom) => {
      const t = studentTCritical(confidence, degreesOfFreedom);
      expect(relativeError(studentTPValue(t, degreesOfFreedom), 1 - confidence)).toBeLessThan(1e-9);
    },
  );
});
