import { describe, expect, it } from 'vitest';
import { fitMaximumLikelihood, type LikelihoodProblem } from '../../src/models/mle';
import { expectError } from '../helpers';

// A log-likelihood -Σ_k curvature_k (ln θ_k - ln peak_k)², with its maximum at `peak`, and its gradient.
const curved =
  (peak: readonly number[], curvature: readonly number[]) =>
  (params: readonly number[], gradient?: Float64Array): number => {
    let total = 0;
    params.forEach((value, k) => {
      const offset = Math.log(value / peak[k]!);
      total -= curvature[k]! * offset * offset;
      if (gradient) gradient[k] = (-2 * curvature[k]! * offset) / value;
    });
    return total;
  };
// As from 100 customers (curvature 100 per parameter): the fit identifies its maximum `top`.
const customers = 100;
const top = [2, 0.5];
const logLikelihood = curved(top, [customers, customers]);
const problem = (overrides: Partial<LikelihoodProblem> = {}): LikelihoodProblem => ({
  fn: 'fitX',
  start: [1, 1],
  customers,
  penalizer: 0,
  logLikelihood,
  ...overrides,
});

describe('fitMaximumLikelihood', () => {
  it('finds the maximum, with the standard errors of its curvature', () => {
    const fit = fitMaximumLikelihood(problem());
    fit.params.forEach((value, k) => expect(value / top[k]!).toBeCloseTo(1, 7));
    expect(fit.logLikelihood).toBeCloseTo(0, 10);
    // -∂²LL/∂θ_k² at the top is 2 · customers / θ_k², so the standard error is θ_k / √(2 · customers).
    fit.standardErrors.forEach((se, k) => expect(se / (top[k]! / Math.sqrt(2 * customers))).toBeCloseTo(1, 5));
    expect(fit.iterations).toBeGreaterThan(0);
  });

  it('falls back to the simplex when BFGS cannot start, and counts the iterations of both', () => {
    // The gradient cannot be computed at the start itself (NaN there): BFGS fails at once, the
    // derivative-free simplex moves away from it, and BFGS then converges from where it stopped.
    let refusedAtStart = 0;
    const fit = fitMaximumLikelihood(
      problem({
        logLikelihood: (params, gradient) => {
          const value = logLikelihood(params, gradient);
          if (gradient && params.every((param) => param === 1)) {
            gradient.fill(NaN);
            refusedAtStart++;
          }
          return value;
        },
      }),
    );
    expect(refusedAtStart).toBeGreaterThan(0);
    fit.params.forEach((value, k) => expect(value / top[k]!).toBeCloseTo(1, 7));
    // The simplex alone takes more iterations than a BFGS fit from the start.
    expect(fit.iterations).toBeGreaterThan(fitMaximumLikelihood(problem()).iterations);
  });

  it('throws NOT_CONVERGED with the last estimate when no minimizer converges', () => {
    const error = expectError(
      () => fitMaximumLikelihood(problem({ logLikelihood: () => NaN })),
      'NOT_CONVERGED',
      'fitX',
    );
    expect(error.message).toMatch(/^fitX: the maximum-likelihood fit did not converge after \d+ iterations$/);
    expect(error.details).toMatchObject({ estimate: [1, 1] });
    expect(Number.isNaN(error.details['logLikelihood'])).toBe(true);
  });

  it('throws NOT_CONVERGED when the gradient disagrees with the likelihood, though its values are finite', () => {
    // A gradient of the wrong sign: every line search fails, before and after the simplex.
    const error = expectError(
      () =>
        fitMaximumLikelihood(
          problem({
            logLikelihood: (params, gradient) => {
              const value = logLikelihood(params, gradient);
              gradient?.forEach((derivative, k) => (gradient[k] = -derivative));
              return value;
            },
          }),
        ),
      'NOT_CONVERGED',
      'fitX',
    );
    expect(error.message).toContain('did not converge');
    expect(Number.isFinite(error.details['logLikelihood'])).toBe(true);
  });

  it('throws NOT_CONVERGED when one parameter is not identified, the other being well determined', () => {
    const fit = (peak: number[], curvature: number[]) =>
      fitMaximumLikelihood(problem({ logLikelihood: curved(peak, curvature) }));
    const refused = (peak: number[], curvature: number[]): void => {
      const error = expectError(() => fit(peak, curvature), 'NOT_CONVERGED', 'fitX');
      expect(error.message).toMatch(/do not identify the parameters/);
    };
    // Constant in the second parameter: a singular information.
    refused(top, [customers, 0]);
    // Barely curved in it: a maximum at 0.5 with a standard error of 0.5 / √0.008 ≈ 11 times it ...
    refused(top, [customers, 0.004]);
    // ... where a standard error of 0.5 / √0.2 ≈ 2.2 times it is accepted.
    expect(fit(top, [customers, 0.1]).params[1]).toBeCloseTo(0.5, 6);
    // A well-curved maximum e^30 times the start: beyond e^25, taken as a search run off to infinity;
    // e^20 times is accepted.
    refused([2, Math.exp(30)], [customers, customers]);
    expect(fit([2, Math.exp(20)], [customers, customers]).params[1]! / Math.exp(20)).toBeCloseTo(1, 6);
  });

  it('throws NOT_CONVERGED at a local maximum lower than the likelihood two standard errors away', () => {
    // LL(u) = -a u² + 3 exp(-(u - c)² / 0.01) in u = ln θ: a maximum at the start u = 0 with
    // standard error 1 / √(2a), and a narrow peak at c, higher than LL(0) = 0.
    const peaked = (a: number, c: number) => (params: readonly number[], gradient?: Float64Array) => {
      const u = Math.log(params[0]!);
      const peak = 3 * Math.exp(-((u - c) ** 2) / 0.01);
      if (gradient) gradient[0] = (-2 * a * u - (peak * 2 * (u - c)) / 0.01) / params[0]!;
      return -a * u * u + peak;
    };
    const fit = (a: number, c: number) =>
      fitMaximumLikelihood(problem({ start: [1], customers: 1, logLikelihood: peaked(a, c) }));
    // Standard error 2 (half of θ or more): the fit looks two of them to either side, and finds the peak.
    for (const side of [-4, 4]) {
      const error = expectError(() => fit(0.125, side), 'NOT_CONVERGED', 'fitX');
      expect(error.message).toMatch(/do not identify the parameters/);
    }
    expect(fit(0.125, 5).params[0]).toBe(1);
    // Standard error 1 / √10 ≈ 0.32, under half of θ: well determined, not looked around.
    expect(fit(5, -2 / Math.sqrt(10)).params[0]).toBe(1);
  });
});
