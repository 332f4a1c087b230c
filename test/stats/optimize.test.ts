import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  hessian,
  invertSymmetric,
  logAddExp,
  logDiffExp,
  logShare,
  logSumExp,
  minimize,
  type MinimizeOptions,
  type Objective,
} from '../../src/stats/optimize';
import { logGamma } from '../../src/stats/special';
import { expectError } from '../helpers';

// The chained Rosenbrock function, minimum 0 at (1, ..., 1).
const rosenbrock: Objective = (x) => {
  let sum = 0;
  for (let i = 0; i + 1 < x.length; i++) sum += 100 * (x[i + 1]! - x[i]! ** 2) ** 2 + (1 - x[i]!) ** 2;
  return sum;
};

const maxAbsDifference = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
};

describe('minimize', () => {
  it('finds the minimum of the 2-D Rosenbrock function from (-1.2, 1)', () => {
    const result = minimize(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(maxAbsDifference(result.x, [1, 1])).toBeLessThan(1e-6);
    expect(result.value).toBeLessThan(1e-12);
    expect(result.gradientNorm).toBeLessThan(1e-6);
    expect(result.iterations).toBeGreaterThan(0);
    expect(result.evaluations).toBeGreaterThan(result.iterations);
  });

  it('finds the minimum of the 4-D and 6-D Rosenbrock functions from (-1.2, 1, ...)', () => {
    for (const start of [
      [-1.2, 1, -1.2, 1],
      [-1.2, 1, -1.2, 1, -1.2, 1],
    ]) {
      const result = minimize(rosenbrock, start);
      expect(result.converged).toBe(true);
      expect(maxAbsDifference(result.x, new Array<number>(start.length).fill(1))).toBeLessThan(1e-6);
    }
  });

  it('takes the same simplex steps as SciPy’s adaptive Nelder–Mead, expansions, contractions and shrinks', () => {
    // Reference: SciPy 1.17.1, scipy.optimize.minimize(f, start, method='Nelder-Mead') with
    // adaptive=True (the coefficients of Gao & Han), initial_simplex = start and
    // start + 0.25·max(1, |start_i|)·e_i (ours), xatol = fatol = 0 and maxiter = iterations + 1
    // (SciPy counts from 1): its x, fun and nfev. With maxIterations 0, BFGS stops before its first
    // step, after one central-difference gradient (2n evaluations).
    const disc: Objective = (x) => (x[0]! ** 2 + x[1]! ** 2 >= 1 ? Infinity : (x[0]! - 0.5) ** 2 + (x[1]! + 0.25) ** 2);
    const cases = [
      {
        f: rosenbrock,
        start: [-1.2, 1],
        iterations: 60,
        nfev: 113,
        fun: 0.0007429125244662548,
        x: [0.974573564735336, 0.9507755134921823],
      },
      {
        f: rosenbrock,
        start: [-1.2, 1, -1.2, 1],
        iterations: 100,
        nfev: 173,
        fun: 0.9394463927373982,
        x: [0.7137290926067317, 0.5223496334882585, 0.2653158560006638, 0.04447644205327289],
      },
      // Two vertices of the initial simplex lie outside the disc: three shrinks on the way.
      {
        f: disc,
        start: [0.9, 0.4],
        iterations: 25,
        nfev: 55,
        fun: 6.0054385064879205e-6,
        x: [0.4989048192277561, -0.24780773688107582],
      },
    ];
    for (const { f, start, iterations, nfev, fun, x } of cases) {
      const result = minimize(f, start, { simplexIterations: iterations, maxIterations: 0 });
      expect(result.iterations).toBe(iterations);
      expect(result.evaluations).toBe(nfev + 2 * start.length);
      expect(maxAbsDifference(result.x, x)).toBeLessThan(1e-12);
      expect(Math.abs(result.value - fun)).toBeLessThan(1e-12);
    }
  });

  it('stops the simplex once its values agree to 1e-6 × max(1, |f|) or its points to 1e-3 × max(1, |x|)', () => {
    // Reference: SciPy's simplex as above, run for 0, 1, 2, ... iterations; the first whose
    // final_simplex meets the rule (by values for the first three, by points for `steep`), with
    // its best point and nfev.
    const flat: Objective = (x) => 1e4 + (x[0]! - 3) ** 2 + (x[1]! + 1) ** 2;
    const steep: Objective = (x) => 1e6 * ((x[0]! - 0.3) ** 2 + (x[1]! - 0.2) ** 2);
    const cases = [
      { f: rosenbrock, start: [-1.2, 1], iterations: 72, nfev: 136, x: [0.9994420493783004, 0.9988329344743763] },
      { f: flat, start: [0, 0], iterations: 10, nfev: 21, x: [2.5625, -1.25] },
      { f: steep, start: [0, 0], iterations: 20, nfev: 42, x: [0.299787963507697, 0.20032836159225553] },
    ];
    for (const { f, start, iterations, nfev, x } of cases) {
      const result = minimize(f, start, { maxIterations: 0 });
      expect(result.iterations).toBe(iterations);
      expect(result.evaluations).toBe(nfev + 2 * start.length);
      expect(maxAbsDifference(result.x, x)).toBeLessThan(1e-12);
    }
  });

  it('runs the simplex for at most 200 × dimension iterations by default', () => {
    // Unbounded below: the simplex expands until its limit; BFGS is given none.
    expect(minimize((x) => -x[0]! - x[1]!, [0, 0], { maxIterations: 0 }).iterations).toBe(400);
    expect(minimize((x) => -x[0]!, [0], { maxIterations: 0 }).iterations).toBe(200);
  });

  it('converges alike on a total and on a scaled copy (the relative gradient has no units)', () => {
    const quadratic: Objective = (x) => (x[0]! - 1) ** 2 + 10 * (x[1]! + 2) ** 2 + 3 * (x[0]! - 1) * (x[1]! + 2) + 5;
    // Scales at which |f| stays at least 1 (its minimum is 5 × scale): below that the test is absolute.
    for (const scale of [0.2, 1, 1e6]) {
      const result = minimize((x) => scale * quadratic(x), [0, 0]);
      expect(result.converged).toBe(true);
      expect(maxAbsDifference(result.x, [1, -2])).toBeLessThan(1e-6);
    }
  });

  it('converges with BFGS alone (no simplex) too', () => {
    const result = minimize(rosenbrock, [-1.2, 1, -1.2, 1], { simplexIterations: 0 });
    expect(result.converged).toBe(true);
    expect(maxAbsDifference(result.x, [1, 1, 1, 1])).toBeLessThan(1e-6);
  });

  it('minimises a one-dimensional function (classic Nelder–Mead coefficients)', () => {
    const result = minimize((x) => (x[0]! - 3) ** 2 + 1, [0]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(3, 7);
    expect(result.value).toBeCloseTo(1, 12);
  });

  it('is deterministic: the same call gives the same result, evaluation for evaluation', () => {
    const first = minimize(rosenbrock, [-1.2, 1, -1.2, 1]);
    const second = minimize(rosenbrock, [-1.2, 1, -1.2, 1]);
    expect(second).toEqual(first);
  });

  it('does not mutate the start and survives an objective that writes into its argument', () => {
    const start = Object.freeze([2, -3]);
    const result = minimize((x) => {
      const value = (x[0]! - 1) ** 2 + (x[1]! + 1) ** 2;
      x.fill(NaN);
      return value;
    }, start as number[]);
    expect(start).toEqual([2, -3]);
    expect(result.converged).toBe(true);
    expect(maxAbsDifference(result.x, [1, -1])).toBeLessThan(1e-6);
  });

  it('treats Infinity outside a region as a rejected point (minimum inside the unit disc)', () => {
    const disc: Objective = (x) => (x[0]! ** 2 + x[1]! ** 2 >= 1 ? Infinity : (x[0]! - 0.5) ** 2 + (x[1]! + 0.25) ** 2);
    const result = minimize(disc, [0.9, 0.4]);
    expect(result.converged).toBe(true);
    expect(maxAbsDifference(result.x, [0.5, -0.25])).toBeLessThan(1e-6);
  });

  it('steps around a hole where the objective is infinite (the simplex contracts into it and shrinks)', () => {
    const holed: Objective = (x) => (x[0]! > -0.2 && x[0]! < -0.05 ? Infinity : (x[0]! + 0.02) ** 2);
    const result = minimize(holed, [0]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(-0.02, 7);
  });

  it('treats NaN as +Infinity (x - ln x from near the edge of x > 0)', () => {
    const result = minimize((x) => x[0]! - Math.log(x[0]!), [0.01]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(Number.isFinite(result.value)).toBe(true);
  });

  it('starts from an infinite start as long as the initial simplex finds a finite value', () => {
    const result = minimize((x) => (x[0]! < 0.1 ? Infinity : (x[0]! - 1) ** 2), [0]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
  });

  it('treats -Infinity as +Infinity (an unbounded objective is not an optimum)', () => {
    const result = minimize((x) => (x[0]! > 5 ? -Infinity : (x[0]! - 1) ** 2), [0]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
  });

  it('returns converged: false, never throws, when the minimum sits on the edge of the finite region', () => {
    // Not a stationary point: the gradient stays at 2 where every step forward is infinite.
    const upper = minimize((x) => (x[0]! < 1 ? (x[0]! - 2) ** 2 : Infinity), [0]);
    expect(upper.converged).toBe(false);
    expect(upper.x[0]).toBeCloseTo(1, 6);
    expect(upper.gradientNorm).toBeCloseTo(2, 4);
    const lower = minimize((x) => (x[0]! > -1 ? (x[0]! + 2) ** 2 : NaN), [0]);
    expect(lower.converged).toBe(false);
    expect(lower.x[0]).toBeCloseTo(-1, 6);
  });

  it('returns converged: false when no finite value exists', () => {
    // The simplex stops at once (its values all agree), after evaluating its 3 vertices.
    const result = minimize(() => NaN, [0, 0]);
    expect(result).toMatchObject({ x: [0, 0], value: Infinity, converged: false, gradientNorm: Infinity });
    expect(result).toMatchObject({ iterations: 0, evaluations: 3 });
    const isolated = minimize((x) => (x[0] === 0.5 ? 1 : Infinity), [0.5]);
    expect(isolated).toMatchObject({ x: [0.5], value: 1, converged: false, gradientNorm: Infinity });
  });

  it('returns converged: false for an objective unbounded below (a flat slope that never ends)', () => {
    const result = minimize((x) => -x[0]!, [0]);
    expect(result.converged).toBe(false);
    expect(Number.isFinite(result.x[0])).toBe(true);
    expect(result.value).toBeLessThan(-1e10);
  });

  it('returns converged: false with the best point so far when an ill-conditioned fit runs out of iterations', () => {
    const result = minimize((x) => x[0]! ** 2 + 1e12 * x[1]! ** 2, [1, 1], {
      simplexIterations: 0,
      maxIterations: 3,
    });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(3);
    expect(result.value).toBeLessThan(1e12);
    expect(Number.isFinite(result.gradientNorm)).toBe(true);
  });

  it('solves a well-posed ill-conditioned quadratic (condition 1e8) when given the iterations', () => {
    const result = minimize((x) => (x[0]! - 1) ** 2 + 1e8 * (x[1]! - 2) ** 2, [0, 0]);
    expect(result.converged).toBe(true);
    expect(maxAbsDifference(result.x, [1, 2])).toBeLessThan(1e-6);
  });

  it('reports a flat objective as converged but its Hessian as not invertible', () => {
    // The gradient of a constant, or of tanh far out on its asymptote, is 0 to rounding: the
    // first-order test passes. The caller sees the problem in the Hessian (no standard errors).
    const constant = minimize(() => 5, [1, 2]);
    expect(constant).toMatchObject({ x: [1, 2], value: 5, converged: true, gradientNorm: 0 });
    expect(invertSymmetric(hessian(() => 5, constant.x))).toBeNull();
    const asymptote = minimize((x) => Math.tanh(x[0]!), [0]);
    expect(asymptote.converged).toBe(true);
    expect(asymptote.x[0]).toBeLessThan(-10);
    expect(invertSymmetric(hessian((x) => Math.tanh(x[0]!), asymptote.x))).toBeNull();
  });

  it('honours a tighter tolerance', () => {
    const loose = minimize(rosenbrock, [-1.2, 1], { tolerance: 1e-4 });
    const tight = minimize(rosenbrock, [-1.2, 1], { tolerance: 1e-10, maxIterations: 500, initialStep: 0.5 });
    expect(loose.converged).toBe(true);
    expect(tight.converged).toBe(true);
    expect(maxAbsDifference(tight.x, [1, 1])).toBeLessThanOrEqual(maxAbsDifference(loose.x, [1, 1]) + 1e-12);
  });

  it('refuses a start or options it cannot use', () => {
    const f: Objective = (x) => x[0]! ** 2;
    const refused: [ArrayLike<number>, MinimizeOptions, string, string][] = [
      [[], {}, 'start', 'must be a non-empty list of finite numbers'],
      [[NaN], {}, 'start', 'must be a non-empty list of finite numbers'],
      [[1, Infinity], {}, 'start', 'must be a non-empty list of finite numbers'],
      [['1' as unknown as number], {}, 'start', 'must be a non-empty list of finite numbers'],
      [[1], { tolerance: 0 }, 'tolerance', 'must be a positive number'],
      [[1], { initialStep: NaN }, 'initialStep', 'must be a positive number'],
      [[1], { maxIterations: -1 }, 'maxIterations', 'must be a non-negative integer'],
      [[1], { simplexIterations: 1.5 }, 'simplexIterations', 'must be a non-negative integer'],
    ];
    for (const [start, options, argument, reason] of refused) {
      const error = expectError(() => minimize(f, start, options), 'INVALID_ARGUMENT', 'minimize');
      expect(error.details.argument).toBe(argument);
      expect(error.message).toContain(`${argument} ${reason}`);
    }
  });

  it('accepts a typed array as the start', () => {
    const result = minimize((x) => (x[0]! - 2) ** 2 + (x[1]! - 3) ** 2, new Float64Array([0, 0]));
    expect(maxAbsDifference(result.x, [2, 3])).toBeLessThan(1e-6);
  });

  describe('with the Hessian (Newton steps)', () => {
    const rosenbrockGradient = (x: Float64Array, out: Float64Array): void => {
      out[0] = -400 * x[0]! * (x[1]! - x[0]! ** 2) - 2 * (1 - x[0]!);
      out[1] = 200 * (x[1]! - x[0]! ** 2);
    };
    const rosenbrockHessian = (x: Float64Array, out: Float64Array): void => {
      out.set([1200 * x[0]! ** 2 - 400 * x[1]! + 2, -400 * x[0]!, -400 * x[0]!, 200]);
    };

    it('converges in fewer iterations than BFGS, to the last digits', () => {
      const options = { gradient: rosenbrockGradient, tolerance: 1e-12 };
      const quasi = minimize(rosenbrock, [-1.2, 1], options);
      const newton = minimize(rosenbrock, [-1.2, 1], { ...options, hessian: rosenbrockHessian });
      expect(quasi.converged).toBe(true);
      expect(newton.converged).toBe(true);
      expect(maxAbsDifference(newton.x, [1, 1])).toBeLessThan(1e-12);
      // Steepest descent takes thousands of iterations on this valley; BFGS takes 43 here, Newton 27.
      expect(quasi.iterations).toBeLessThanOrEqual(50);
      expect(newton.iterations).toBeLessThan(quasi.iterations);
    });

    it('counts every call of the objective, the gradient and the Hessian as an evaluation', () => {
      const calls = { objective: 0, gradient: 0, hessian: 0 };
      const result = minimize(
        (x) => {
          calls.objective++;
          return rosenbrock(x);
        },
        [-1.2, 1],
        {
          gradient: (x, out) => {
            calls.gradient++;
            rosenbrockGradient(x, out);
          },
          hessian: (x, out) => {
            calls.hessian++;
            rosenbrockHessian(x, out);
          },
        },
      );
      expect(calls.gradient).toBeGreaterThan(0);
      expect(calls.hessian).toBeGreaterThan(0);
      expect(result.evaluations).toBe(calls.objective + calls.gradient + calls.hessian);
    });

    it('goes downhill where the Hessian is not positive definite (from a maximum or a saddle)', () => {
      // (x² - 1)² + y²: a maximum in x at 0, minima at x = ±1; the Hessian in x is 12x² - 4.
      const wells: Objective = (x) => (x[0]! ** 2 - 1) ** 2 + x[1]! ** 2;
      const result = minimize(wells, [0.1, 0.5], {
        gradient: (x, out) => out.set([4 * x[0]! * (x[0]! ** 2 - 1), 2 * x[1]!]),
        hessian: (x, out) => out.set([12 * x[0]! ** 2 - 4, 0, 0, 2]),
      });
      expect(result.converged).toBe(true);
      expect(maxAbsDifference(result.x, [1, 0])).toBeLessThan(1e-8);
    });

    it('takes bounded steps, and falls back to BFGS where the Hessian is wrong or not finite', () => {
      // ln(1 + x²) has a Hessian that is negative beyond |x| = 1, and a Newton step there points away.
      const flat = minimize((x) => Math.log1p(x[0]! ** 2), [3], {
        gradient: (x, out) => out.set([(2 * x[0]!) / (1 + x[0]! ** 2)]),
        hessian: (x, out) => out.set([(2 * (1 - x[0]! ** 2)) / (1 + x[0]! ** 2) ** 2]),
      });
      expect(flat.converged).toBe(true);
      expect(Math.abs(flat.x[0]!)).toBeLessThan(1e-6);
      const broken = minimize((x) => (x[0]! - 2) ** 2, [0], {
        gradient: (x, out) => out.set([2 * (x[0]! - 2)]),
        hessian: (_, out) => out.set([NaN]),
      });
      expect(broken.converged).toBe(true);
      expect(broken.x[0]).toBeCloseTo(2, 6);
    });
  });
});

describe('maximum likelihood on log-parameters: the gamma distribution', () => {
  // A fixed sample; reference from SciPy 1.17.1, stats.gamma.fit(sample, floc=0) (shape
  // 2.3375539570742254, scale 0.9696745864654677), confirmed by solving the likelihood equation
  // ln k − ψ(k) = ln mean − mean ln x with scipy.optimize.brentq (xtol 1e-15): k = 2.3375539570742263,
  // scale = mean / k = 0.9696745864654673, log-likelihood -19.85151891456914.
  const sample = [0.8, 1.9, 2.3, 0.4, 3.7, 1.2, 5.1, 2.8, 0.9, 1.6, 4.4, 2.1];
  const negativeLogLikelihood: Objective = (p) => {
    const shape = Math.exp(p[0]!);
    const scale = Math.exp(p[1]!);
    let ll = 0;
    for (const x of sample) ll += (shape - 1) * Math.log(x) - x / scale - shape * Math.log(scale) - logGamma(shape);
    return -ll;
  };

  it('matches the SciPy estimate', () => {
    const result = minimize(negativeLogLikelihood, [0, 0]);
    expect(result.converged).toBe(true);
    expect(Math.exp(result.x[0]!) / 2.3375539570742263 - 1).toBeCloseTo(0, 7);
    expect(Math.exp(result.x[1]!) / 0.9696745864654673 - 1).toBeCloseTo(0, 7);
    expect(-result.value).toBeCloseTo(-19.85151891456914, 11);
  });

  it('has the analytic observed information as its numerical Hessian', () => {
    // On (ln k, ln θ) at the MLE: [[n k² ψ'(k), n k], [n k, n k]], with ψ'(k) from SciPy
    // (special.polygamma(1, k)): n k² ψ'(k) = 34.878254182128785 and n k = 28.050647484890717.
    const h = hessian(negativeLogLikelihood, [Math.log(2.3375539570742263), Math.log(0.9696745864654673)]);
    expect(h[0]![0]! / 34.878254182128785 - 1).toBeCloseTo(0, 6);
    expect(h[0]![1]! / 28.050647484890717 - 1).toBeCloseTo(0, 6);
    expect(h[1]![1]! / 28.050647484890717 - 1).toBeCloseTo(0, 6);
    expect(h[1]![0]).toBe(h[0]![1]);
    const covariance = invertSymmetric(h)!;
    // Standard errors of ln k and ln θ, from the analytic inverse of the matrix above.
    const det = 34.878254182128785 * 28.050647484890717 - 28.050647484890717 ** 2;
    expect(covariance[0]![0]! / (28.050647484890717 / det) - 1).toBeCloseTo(0, 5);
    expect(covariance[1]![1]! / (34.878254182128785 / det) - 1).toBeCloseTo(0, 5);
  });
});

describe('hessian and invertSymmetric', () => {
  // f(x) = ½ (x − m)ᵀ A (x − m) + 3 has Hessian A everywhere; A⁻¹ from NumPy (numpy.linalg.inv).
  const A = [
    [4, 1, 0.5],
    [1, 3, 0.2],
    [0.5, 0.2, 2],
  ];
  const inverseA = [
    [0.2799436355096289, -0.08924377642085486, -0.06106153123532174],
    [-0.08924377642085486, 0.36402066697980273, -0.014091122592766557],
    [-0.06106153123532174, -0.014091122592766559, 0.516674495068107],
  ];
  const m = [1, -2, 0.5];
  const quadratic: Objective = (x) => {
    let sum = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) sum += (x[i]! - m[i]!) * A[i]![j]! * (x[j]! - m[j]!);
    return sum / 2 + 3;
  };

  it('recovers a known Hessian to 1e-6 and minimises the quadratic', () => {
    const result = minimize(quadratic, [0, 0, 0]);
    expect(maxAbsDifference(result.x, m)).toBeLessThan(1e-6);
    for (const at of [m, [10, -7, 3]]) {
      const h = hessian(quadratic, at);
      for (let i = 0; i < 3; i++) {
        expect(maxAbsDifference(h[i]!, A[i]!)).toBeLessThan(1e-6);
        for (let j = 0; j < 3; j++) expect(h[i]![j]).toBe(h[j]![i]);
      }
    }
  });

  it('inverts it to ~1e-15 (exact matrix) and ~1e-6 (numerical Hessian)', () => {
    const exact = invertSymmetric(A)!;
    const numerical = invertSymmetric(hessian(quadratic, m))!;
    for (let i = 0; i < 3; i++) {
      expect(maxAbsDifference(exact[i]!, inverseA[i]!)).toBeLessThan(1e-15);
      expect(maxAbsDifference(numerical[i]!, inverseA[i]!)).toBeLessThan(1e-6);
      for (let j = 0; j < 3; j++) expect(exact[i]![j]).toBe(exact[j]![i]);
    }
  });

  property.prop([fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 16, maxLength: 16 })])(
    'gives A A⁻¹ = I for random positive-definite 4×4 matrices (BᵀB + I)',
    (entries) => {
      const n = 4;
      const matrix = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, j) => {
          let sum = i === j ? 1 : 0;
          for (let k = 0; k < n; k++) sum += entries[k * n + i]! * entries[k * n + j]!;
          return sum;
        }),
      );
      const inverse = invertSymmetric(matrix)!;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let product = 0;
          for (let k = 0; k < n; k++) product += matrix[i]![k]! * inverse[k]![j]!;
          expect(product).toBeCloseTo(i === j ? 1 : 0, 9);
        }
      }
    },
  );

  it('returns null for a matrix that is not positive definite, singular, ill-conditioned or malformed', () => {
    expect(
      invertSymmetric([
        [1, 2],
        [2, 1],
      ]),
    ).toBeNull();
    expect(
      invertSymmetric([
        [1, 1],
        [1, 1],
      ]),
    ).toBeNull();
    expect(
      invertSymmetric([
        [1, 1],
        [1, 1 + 1e-15],
      ]),
    ).toBeNull();
    expect(
      invertSymmetric([
        [-1, 0],
        [0, 1],
      ]),
    ).toBeNull();
    expect(invertSymmetric([[1, 0], [0]])).toBeNull();
    expect(
      invertSymmetric([
        [1, 0],
        [NaN, 1],
      ]),
    ).toBeNull();
    expect(invertSymmetric([[0]])).toBeNull();
    expect(invertSymmetric([[4]])).toEqual([[0.25]]);
    // Badly scaled is not singular: a diagonal matrix is inverted whatever its range.
    expect(
      invertSymmetric([
        [1, 0],
        [0, 1e-20],
      ]),
    ).toEqual([
      [1, 0],
      [0, 1e20],
    ]);
    expect(invertSymmetric([])).toEqual([]);
  });

  it('shrinks its steps next to the edge of the domain, and gives NaN where it cannot', () => {
    // Finite only for x ≤ 1 + 1e-5: the default step (1.2e-4) crosses the edge, a 16th of it does not.
    const edge: Objective = (x) => (x[0]! > 1 + 1e-5 ? Infinity : 3 * x[0]! ** 2);
    expect(hessian(edge, [1])[0]![0]).toBeCloseTo(6, 4);
    const point: Objective = (x) => (x[0] === 1 ? 0 : NaN);
    expect(hessian(point, [1])[0]![0]).toBeNaN();
    expect(invertSymmetric(hessian(point, [1]))).toBeNull();
    expect(hessian(() => Infinity, [1, 2])).toEqual([
      [NaN, NaN],
      [NaN, NaN],
    ]);
    const mixed: Objective = (x) => (x[0]! > 1 && x[1]! > 1 ? NaN : x[0]! * x[1]!);
    const h = hessian(mixed, [1, 1]);
    expect(h[0]![0]).toBeCloseTo(0, 6);
    expect(h[1]![0]).toBeNaN();
  });
});

describe('logShare', () => {
  it('keeps the digits of a share near 1 that ln(part / whole) rounds away', () => {
    // ln(1 − 1e-20) = −1e-20 to double precision; part / whole rounds to 1 and its log to 0.
    expect(logShare(1, 1e-20, 1)).toBe(-1e-20);
    // ln(1 − 1e-10) = −1.00000000005e-10: log1p(−1e-10), where Math.log(1 − 1e-10) is 8e-8 off (relative).
    expect(logShare(1 - 1e-10, 1e-10, 1)).toBe(Math.log1p(-1e-10));
    expect(logShare(3, 1, 4)).toBe(Math.log1p(-0.25));
  });

  it('is ln(part / whole) for a share up to one half, down to the smallest', () => {
    expect(logShare(1, 3, 4)).toBe(Math.log(0.25));
    expect(logShare(1e-300, 1, 1)).toBe(Math.log(1e-300));
    expect(logShare(0, 1, 1)).toBe(-Infinity);
    expect(logShare(1, 1, 2)).toBe(-Math.LN2);
  });
});

describe('logSumExp, logAddExp, logDiffExp', () => {
  it('do not overflow or underflow', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSumExp([-1000, -1000, -1000])).toBeCloseTo(-1000 + Math.log(3), 12);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-1000, -1001)).toBeCloseTo(-1000 + Math.log1p(Math.exp(-1)), 12);
    expect(logDiffExp(1000, 1000 - Math.LN2)).toBeCloseTo(1000 - Math.LN2, 12);
  });

  it('keep full relative accuracy when the other terms are tiny', () => {
    // log1p(e^-40) = 4.248354255291589e-18, not 0.
    expect(logSumExp([0, -40])).toBe(4.248354255291589e-18);
    expect(logAddExp(-40, 0)).toBe(4.248354255291589e-18);
    expect(logDiffExp(0, -40)).toBe(-4.248354255291589e-18);
    // ln(1 − e^(−1e-20)) = ln(1e-20) to double precision.
    expect(logDiffExp(1e-20, 0)).toBeCloseTo(Math.log(1e-20) + 1e-20, 12);
    expect(logDiffExp(Math.log(3), 0)).toBeCloseTo(Math.LN2, 15);
  });

  it('handle empty input, infinities and NaN', () => {
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([Infinity, 1])).toBe(Infinity);
    expect(logSumExp([1, NaN])).toBeNaN();
    expect(logSumExp([Infinity, NaN])).toBeNaN();
    expect(logSumExp([Infinity, Infinity])).toBe(Infinity);
    expect(logSumExp(new Float64Array([0, 0]))).toBeCloseTo(Math.LN2, 15);
    expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logAddExp(-Infinity, 2)).toBe(2);
    expect(logAddExp(Infinity, 2)).toBe(Infinity);
    expect(logAddExp(NaN, 2)).toBeNaN();
    expect(logAddExp(2, NaN)).toBeNaN();
    expect(logAddExp(Infinity, NaN)).toBeNaN();
    expect(logAddExp(-Infinity, NaN)).toBeNaN();
    expect(logAddExp(Infinity, Infinity)).toBe(Infinity);
    expect(logDiffExp(2, 2)).toBe(-Infinity);
    expect(logDiffExp(2, -Infinity)).toBe(2);
    expect(logDiffExp(1, 2)).toBeNaN();
    expect(logDiffExp(Infinity, 2)).toBeNaN();
    expect(logDiffExp(NaN, 2)).toBeNaN();
    expect(logDiffExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logDiffExp(Infinity, Infinity)).toBeNaN();
    expect(logDiffExp(-Infinity, 0)).toBeNaN();
  });

  property.prop([fc.array(fc.double({ min: -700, max: 700, noNaN: true }), { minLength: 1, maxLength: 20 })])(
    'agrees with the naive formula where that does not overflow, and is order-free',
    (values) => {
      const shift = Math.max(...values);
      const naive = shift + Math.log(values.reduce((sum, v) => sum + Math.exp(v - shift), 0));
      expect(logSumExp(values)).toBeCloseTo(naive, 12);
      expect(logSumExp([...values].reverse())).toBeCloseTo(logSumExp(values), 12);
    },
  );
});
