import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { bgNbdAliveExpectations, type BgNbdParams } from '../../src/models/bgnbd';
import { betaExpectations } from '../../src/stats/quadrature';
import { logBeta } from '../../src/stats/special';
import { relativeError } from '../helpers';

// E[purchases in (T, T + t] | alive] by quadrature over p ~ Beta(a, b + x), the way
// bgNbdAliveExpectations computed it before its series (and still does where the series is slow).
function byQuadrature(params: BgNbdParams, x: number, T: number, durations: number[], modified: boolean): number[] {
  const { r, alpha, a, b } = params;
  const scale = alpha + T;
  const shape = r + x;
  const posteriorB = b + x + (modified ? 1 : 0);
  const integrand = (p: number, _: number, out: Float64Array): void => {
    durations.forEach((t, k) => {
      out[k] = p === 0 ? (shape * t) / scale : -Math.expm1(-shape * Math.log1p((p * t) / scale)) / p;
    });
  };
  return Array.from(betaExpectations(integrand, durations.length, a, posteriorB, logBeta(a, posteriorB)));
}

describe('bgNbdAliveExpectations', () => {
  it('equals the quadrature to 1e-9 over a grid, heavy buyers, a = 1 and a + b < 1 included', () => {
    const durations = [0.5, 4.35, 52.18, 200];
    let worst = 0;
    let compared = 0;
    for (const r of [0.05, 0.243, 1, 5])
      for (const alpha of [0.5, 4.414, 50])
        for (const a of [0.3, 0.793, 1 - 1e-7, 1, 1.3, 5])
          for (const b of [0.05, 0.4, 2.426, 20])
            for (const x of [0, 1, 7, 30, 300])
              for (const T of [0, 39])
                for (const modified of [false, true]) {
                  const params = { r, alpha, a, b };
                  const fast = bgNbdAliveExpectations(params, x, T, durations, modified);
                  const slow = byQuadrature(params, x, T, durations, modified);
                  durations.forEach((_, k) => {
                    worst = Math.max(worst, relativeError(fast[k]!, slow[k]!));
                    compared++;
                  });
                }
    expect(compared).toBe(23040);
    expect(worst).toBeLessThan(1e-9);
  });

  it('matches 50-digit values of the closed form, also where the quadrature drifts', () => {
    // mpmath 1.3 at 60 digits, rounded to doubles: (a+b'-1)/(a-1) [1 - (S/(S+t))^(r+x)
    // 2F1(r+x, b'; a+b'-1; t/(S+t))], S = α + T, b' = b + x (+ 1 for MBG/NBD); a = 1 taken as 1 + 1e-40.
    const cases: [BgNbdParams, number, number, number, boolean, number][] = [
      [{ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 2, 38.86, 39, false, 1.687399305805313],
      [{ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 800, 52, 52, false, 560.038750406826],
      [{ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 5000, 52, 52, false, 3497.794514055771],
      [{ r: 0.243, alpha: 4.414, a: 1, b: 2.426 }, 3, 30, 20, false, 1.5983479611720488],
      [{ r: 0.5, alpha: 2, a: 0.3, b: 0.4 }, 0, 0, 10, false, 1.3856292284682556],
      [{ r: 0.5, alpha: 2, a: 0.3, b: 0.4 }, 0, 0, 10, true, 1.8403842980232457],
      [{ r: 3, alpha: 1, a: 5, b: 0.2 }, 0, 0, 3, false, 1.0306456157512298],
      // The quadrature is off by 2e-9 here (small a with a heavy buyer).
      [{ r: 0.05, alpha: 0.5, a: 0.1, b: 0.05 }, 800, 0, 200, false, 194840.7970914246],
      // A narrow peak of Beta(40, 360), which the quadrature missed by 85% before it split at the mode.
      [{ r: 0.05, alpha: 0.5, a: 40, b: 60 }, 300, 0, 4.35, false, 10.23076923076923],
      // Where the series gives way to the quadrature: t = 40,000 (α + T), and terms that cancel.
      [{ r: 0.243, alpha: 0.5, a: 0.793, b: 2.426 }, 0, 0, 20000, false, 34.474760309071115],
      [{ r: 0.005, alpha: 50, a: 5, b: 50 }, 0, 39, 0.5, false, 2.8082681566329253e-5],
      // Terms that cancel among themselves (r far above a + b: they alternate in sign).
      [{ r: 50.5, alpha: 1, a: 2, b: 1 }, 0, 0, 10, false, 1.995959595959596],
      // The quadrature with a small a, whose nodes reach p = 0 (a density like p^-0.9).
      [{ r: 0.243, alpha: 0.5, a: 0.1, b: 2.426 }, 0, 0, 20000, false, 4131.564954883866],
    ];
    for (const [params, x, T, t, modified, expected] of cases) {
      const [actual] = bgNbdAliveExpectations(params, x, T, [t], modified);
      expect(relativeError(actual!, expected), `${JSON.stringify(params)} x ${x} T ${T} t ${t}`).toBeLessThan(1e-13);
    }
  });

  it('matches mpmath when a and b are in the hundreds to millions (nearly the same p for everyone)', () => {
    // mpmath 1.3 at 30 digits: E_p[(1/p)(1 − (S/(S + p t))^(r+x))] over p ~ Beta(a, b + x), S = α + T,
    // by mp.quad with breakpoints every standard deviation around the mode. The series gives way to
    // the quadrature here; before the quadrature split at the mode it returned 0 for (300, 500) and
    // NaN from a in the thousands.
    const cases: [BgNbdParams, number, number, number, number][] = [
      [{ r: 0.243, alpha: 4.414, a: 300, b: 500 }, 0, 0, 52, 0.8987528996794536],
      [{ r: 0.243, alpha: 4.414, a: 1e4, b: 1e4 }, 0, 0, 52, 0.7487868688742444],
      [{ r: 0.243, alpha: 4.414, a: 1e6, b: 3e6 }, 0, 0, 52, 1.1343980796487272],
      [{ r: 0.243, alpha: 4.414, a: 1e4, b: 1e4 }, 2, 39, 52, 1.3020695292185642],
    ];
    for (const [params, x, T, t, expected] of cases) {
      const [actual] = bgNbdAliveExpectations(params, x, T, [t]);
      expect(relativeError(actual!, expected), JSON.stringify(params)).toBeLessThan(1e-13);
    }
  });

  it('is 0 for a horizon of 0 and keeps the order of mixed horizons', () => {
    const params = { r: 0.243, alpha: 0.5, a: 0.793, b: 2.426 };
    // 20000 goes to the quadrature, the others to the series.
    const mixed = bgNbdAliveExpectations(params, 0, 0, [10, 0, 20000, 1]);
    const alone = [10, 0, 20000, 1].map((t) => bgNbdAliveExpectations(params, 0, 0, [t])[0]);
    expect(mixed).toEqual(alone);
    expect(mixed[1]).toBe(0);
  });

  property.prop([
    fc.double({ min: 0.01, max: 10, noNaN: true }),
    fc.double({ min: 0.1, max: 100, noNaN: true }),
    fc.double({ min: 0.01, max: 50, noNaN: true }),
    fc.double({ min: 0.01, max: 50, noNaN: true }),
    fc.integer({ min: 0, max: 1000 }),
    fc.double({ min: 0, max: 100, noNaN: true }),
    fc.double({ min: 0.01, max: 500, noNaN: true }),
    fc.boolean(),
  ])(
    'is finite, positive and does not fall with the horizon for any parameters',
    (r, alpha, a, b, x, T, t, modified) => {
      const [shorter, longer] = bgNbdAliveExpectations({ r, alpha, a, b }, x, T, [t, 2 * t], modified);
      expect(Number.isFinite(longer)).toBe(true);
      expect(shorter).toBeGreaterThan(0);
      // Equal once the purchases while alive have saturated at E[1/p] (a heavy buyer, or a horizon
      // thousands of times α + T), to 1e-9: the longer horizon may go to the quadrature, which is
      // accurate to about 1e-12 when both shapes are in the tens.
      expect(longer).toBeGreaterThanOrEqual(shorter! * (1 - 1e-9));
    },
  );
});
