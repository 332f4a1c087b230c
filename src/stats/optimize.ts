/**
 * Numerical optimisation for the maximum-likelihood fits of the customer-lifetime models, written
 * for this library: a derivative-free Nelder–Mead search that is robust far from the optimum,
 * polished by BFGS on central-difference (or given) gradients, or Newton steps on a given Hessian;
 * the symmetric inverse that turns an observed information into standard errors (a numerical
 * Hessian, for checks); and stable log-space sums and differences.
 *
 * The models optimise over log-parameters, so every point of R^n is admissible; points where a
 * likelihood cannot be evaluated (overflow, a parameter outside its support) are reported by the
 * objective as Infinity or NaN and are treated as +Infinity here: such a step is rejected, never
 * propagated.
 */

import { invalidArgument } from '../_internal/fail';

/**
 * A function to minimise. It receives a scratch copy of the point, which it may read (and even
 * overwrite) but must not keep: the same buffer is reused for the next evaluation.
 */
export type Objective = (x: Float64Array) => number;

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /**
   * Convergence tolerance on the relative gradient max_i |∂f/∂x_i|·max(|x_i|, 1) / max(|f|, 1).
   * Default 1e-8: about the rounding noise of central differences on a log-likelihood summed over
   * thousands of customers (tighter values then end on the noise-floor rule of {@link minimize}).
   * The test does not depend on the units of f: a total or a mean log-likelihood converge alike.
   */
  tolerance?: number | undefined;
  /** Maximum number of BFGS iterations. Default 1000. */
  maxIterations?: number | undefined;
  /** Maximum number of Nelder–Mead iterations run first; 0 skips the simplex. Default 200 × dimension. */
  simplexIterations?: number | undefined;
  /** Size of the initial simplex along each axis, relative to max(1, |start_i|). Default 0.25. */
  initialStep?: number | undefined;
  /**
   * The gradient of the objective, written into `out` (a scratch point is passed as for the
   * objective). When given, BFGS uses it instead of central differences and the Nelder–Mead
   * simplex is skipped unless `simplexIterations` asks for it: far fewer evaluations.
   */
  gradient?: ((x: Float64Array, out: Float64Array) => void) | undefined;
  /**
   * The second derivatives of the objective, row-major n×n, written into `out` (a scratch point is
   * passed as for the objective). When given, the iterations take Newton steps instead of BFGS
   * steps: on the Hessian plus the smallest multiple of the identity (0, β, 2β, 4β, ... with
   * β = 10⁻³·max |H_ii|) that makes it positive definite (Nocedal & Wright 2006, Algorithm 3.3),
   * at most max(1, |x|) long, so that a quadratic model fitted far from the optimum cannot throw
   * the search far away. Near the optimum that is the plain Newton step, which converges
   * quadratically: a handful of iterations where BFGS needs dozens. A Newton step whose line search
   * fails is retried with the BFGS direction.
   */
  hessian?: ((x: Float64Array, out: Float64Array) => void) | undefined;
}

/** Outcome of {@link minimize}: always returned, converged or not. */
export interface MinimizeResult {
  /** The best point found (the minimiser when `converged`). */
  x: number[];
  /** The objective at `x`; +Infinity only if no finite value was ever found. */
  value: number;
  /** Nelder–Mead iterations plus BFGS iterations. */
  iterations: number;
  /** Number of calls to the objective, gradients and line searches included. */
  evaluations: number;
  /** Whether the relative-gradient test (or the noise-floor rule, see {@link minimize}) passed. */
  converged: boolean;
  /**
   * Largest absolute component of the numerical gradient at `x`, unscaled (Infinity if it could
   * not be computed); the convergence test scales it as described at `tolerance`.
   */
  gradientNorm: number;
}

// Central differences: the step ε^(1/3) balances truncation (h²) against rounding (ε/h) for a
// first derivative, ε^(1/4) does the same for a second derivative (h² against ε/h²).
// (Literals of ε^(1/3), ε^(1/2) and ε^(1/4) for ε = 2^-52, so that bundlers can drop them.)
const GRADIENT_STEP = 6.0554544523933395e-6;
const ONE_SIDED_STEP = 1.4901161193847656e-8;
const HESSIAN_STEP = 1.220703125e-4;
// Nelder–Mead only has to bring the search near the optimum; BFGS does the last digits.
const SIMPLEX_VALUE_TOLERANCE = 1e-6;
const SIMPLEX_POINT_TOLERANCE = 1e-3;
// Armijo sufficient-decrease constant, backtracking limits, and the largest step (relative to
// max(1, |x|)) a line search may try: on log-parameters a step of 10 already means e^10.
const ARMIJO = 1e-4;
const MAX_BACKTRACKS = 60;
const MAX_STEP = 10;
// The objective has decreased by at most ε·max(1, |f|) for this many iterations in a row: it is at
// its rounding noise.
const STALLED_ITERATIONS = 3;
// f summed over thousands of terms is accurate to about this many ε·max(1, |f|): a Newton step that
// predicts a smaller decrease cannot be checked on f.
const ROUNDING_OF_F = 1000;
// A Newton step moves x by at most this much relative to max(1, |x|) (BFGS steps: MAX_STEP).
const MAX_NEWTON_STEP = 1;

/**
 * Minimises `objective` from `start` without derivatives supplied: Nelder–Mead with the adaptive
 * coefficients of Gao & Han (2012, Comput. Optim. Appl. 51:259–277), which stay effective in
 * higher dimensions, gets near the optimum even from a poor start or across regions where the
 * objective is infinite; BFGS (Nocedal & Wright 2006, §6.1) with an Armijo backtracking line search
 * then converges superlinearly on central-difference gradients (step ε^(1/3)·max(1, |x_i|), one-sided
 * where one side is not finite).
 *
 * Convergence: the relative gradient of Dennis & Schnabel (1996, §7.2),
 * max_i |∂f/∂x_i|·max(|x_i|, 1) / max(|f|, 1), at most `tolerance`. When the objective can no longer
 * be decreased (the line search fails even along the steepest descent, or three steps in a row gain
 * less than ε·max(1, |f|)) the point is at the rounding noise of the objective, and it counts as
 * converged if the relative gradient is at most √tolerance (noise-floor rule). Anything else
 * (iteration limit, no finite value, a gradient that cannot be computed, a minimum on the edge of
 * the region where the objective is finite) returns `converged: false` with the best point found:
 * this function never throws for a difficult objective, so the caller decides how to report
 * non-convergence. The test is first-order only: an objective that is flat to rounding (constant,
 * or on an asymptote such as a parameter running off to 0 or ∞ on the log scale) passes it, so a
 * caller that needs a strict minimum also checks `invertSymmetric(hessian(objective, x))` and the
 * size of `x`.
 *
 * Non-finite objective values (Infinity, -Infinity, NaN) count as +Infinity. Deterministic: no
 * randomness, ties broken by position. Cost on the 4-parameter BG/NBD and Pareto/NBD likelihoods
 * of the CDNOW data (2,357 customers): about 110–180 iterations and 280–450 evaluations from
 * starts anywhere in [e^-2, e^3].
 *
 * @param objective - the function to minimise, on an unconstrained domain
 * @param start - the starting point (finite numbers, at least one)
 * @param options - tolerance and iteration limits
 * @returns the best point, its value, the iteration and evaluation counts, and whether it converged
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` if `start` is empty or not finite, or an option is out of range
 */
export function minimize(
  objective: Objective,
  start: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult {
  const n = start.length;
  let finite = n > 0;
  for (let i = 0; i < n; i++) finite &&= Number.isFinite(start[i]);
  if (!finite) {
    throw invalidArgument('minimize', 'start', start, 'must be a non-empty list of finite numbers');
  }
  const tolerance = positiveOption('tolerance', options.tolerance, 1e-8);
  const maxIterations = countOption('maxIterations', options.maxIterations, 1000);
  const simplexIterations = countOption('simplexIterations', options.simplexIterations, options.gradient ? 0 : 200 * n);
  const initialStep = positiveOption('initialStep', options.initialStep, 0.25);

  const scratch = new Float64Array(n);
  let evaluations = 0;
  const evaluate = (point: Float64Array): number => {
    scratch.set(point);
    evaluations++;
    const value = objective(scratch);
    return Number.isFinite(value) ? value : Infinity;
  };

  const { gradient, hessian } = options;
  const gradientOf: GradientOf = gradient
    ? (x, _fx, out) => {
        scratch.set(x);
        evaluations++;
        gradient(scratch, out);
      }
    : (x, fx, out) => numericalGradient(evaluate, x, fx, out);
  const hessianOf: HessianOf | undefined =
    hessian &&
    ((x, out) => {
      scratch.set(x);
      evaluations++;
      hessian(scratch, out);
    });
  const simplex = nelderMead(evaluate, Float64Array.from(start), initialStep, simplexIterations);
  const polished = bfgs(evaluate, gradientOf, hessianOf, simplex.x, simplex.value, tolerance, maxIterations);
  return {
    x: Array.from(polished.x),
    value: polished.value,
    iterations: simplex.iterations + polished.iterations,
    evaluations,
    converged: polished.converged,
    gradientNorm: polished.gradientNorm,
  };
}

function positiveOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0 && Number.isFinite(value)))
    throw invalidArgument('minimize', name, value, 'must be a positive number');
  return value;
}

function countOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) && value >= 0)) {
    throw invalidArgument('minimize', name, value, 'must be a non-negative integer');
  }
  return value;
}

type Evaluate = (point: Float64Array) => number;
// Writes the gradient at x (whose objective value is fx) into out.
type GradientOf = (x: Float64Array, fx: number, out: Float64Array) => void;
// Writes the Hessian at x into out (row-major).
type HessianOf = (x: Float64Array, out: Float64Array) => void;

interface Vertex {
  x: Float64Array;
  f: number;
}

function infinityNorm(v: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]!));
  return max;
}

// Nelder–Mead on an axis-aligned initial simplex. Coefficients of Gao & Han with n replaced by
// max(n, 2), which gives the classic 1, 2, 1/2, 1/2 in one dimension (where their δ would be 0).
function nelderMead(
  evaluate: Evaluate,
  start: Float64Array,
  initialStep: number,
  maxIterations: number,
): { x: Float64Array; value: number; iterations: number } {
  const n = start.length;
  const m = Math.max(n, 2);
  const expansion = 1 + 2 / m;
  const contraction = 0.75 - 1 / (2 * m);
  const shrink = 1 - 1 / m;
  if (maxIterations === 0) return { x: start, value: evaluate(start), iterations: 0 };

  const vertices: Vertex[] = [{ x: start, f: evaluate(start) }];
  for (let i = 0; i < n; i++) {
    const x = Float64Array.from(start);
    x[i] = x[i]! + initialStep * Math.max(1, Math.abs(x[i]!));
    vertices.push({ x, f: evaluate(x) });
  }
  // A stable sort keeps ties in insertion order, so the run is reproducible.
  const order = (): void => {
    vertices.sort((u, v) => (u.f < v.f ? -1 : u.f > v.f ? 1 : 0));
  };
  const along = (from: Float64Array, to: Float64Array, t: number): Float64Array => {
    const x = new Float64Array(n);
    for (let j = 0; j < n; j++) x[j] = from[j]! + t * (to[j]! - from[j]!);
    return x;
  };

  order();
  const centroid = new Float64Array(n);
  let iterations = 0;
  while (iterations < maxIterations) {
    const best = vertices[0]!;
    const worst = vertices[n]!;
    const spread = worst.f === best.f ? 0 : worst.f - best.f;
    let diameter = 0;
    for (let i = 1; i <= n; i++) {
      const x = vertices[i]!.x;
      for (let j = 0; j < n; j++) diameter = Math.max(diameter, Math.abs(x[j]! - best.x[j]!));
    }
    if (
      spread <= SIMPLEX_VALUE_TOLERANCE * Math.max(1, Math.abs(best.f)) ||
      diameter <= SIMPLEX_POINT_TOLERANCE * Math.max(1, infinityNorm(best.x))
    ) {
      break;
    }
    iterations++;

    centroid.fill(0);
    for (let i = 0; i < n; i++) {
      const x = vertices[i]!.x;
      for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + x[j]! / n;
    }
    const reflected = along(centroid, worst.x, -1);
    const fr = evaluate(reflected);
    const secondWorst = vertices[n - 1]!.f;
    let accepted: Vertex | undefined;
    if (fr < best.f) {
      const expanded = along(centroid, reflected, expansion);
      const fe = evaluate(expanded);
      accepted = fe < fr ? { x: expanded, f: fe } : { x: reflected, f: fr };
    } else if (fr < secondWorst) {
      accepted = { x: reflected, f: fr };
    } else if (fr < worst.f) {
      const outside = along(centroid, reflected, contraction);
      const fo = evaluate(outside);
      if (fo <= fr) accepted = { x: outside, f: fo };
    } else {
      const inside = along(centroid, worst.x, contraction);
      const fi = evaluate(inside);
      if (fi < worst.f) accepted = { x: inside, f: fi };
    }
    if (accepted !== undefined) {
      vertices[n] = accepted;
    } else {
      for (let i = 1; i <= n; i++) {
        const x = along(best.x, vertices[i]!.x, shrink);
        vertices[i] = { x, f: evaluate(x) };
      }
    }
    order();
  }
  const best = vertices[0]!;
  return { x: best.x, value: best.f, iterations };
}

// Central-difference gradient into `out`; a component whose two sides are not both finite falls
// back to a one-sided difference, and is NaN when neither side is finite.
function numericalGradient(evaluate: Evaluate, x: Float64Array, fx: number, out: Float64Array): void {
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const scale = Math.max(1, Math.abs(xi));
    // Rounding the perturbed coordinates first makes the divisor the exact distance between them.
    const up = xi + GRADIENT_STEP * scale;
    const down = xi - GRADIENT_STEP * scale;
    x[i] = up;
    const fUp = evaluate(x);
    x[i] = down;
    const fDown = evaluate(x);
    if (fUp < Infinity && fDown < Infinity) {
      out[i] = (fUp - fDown) / (up - down);
    } else {
      const forward = xi + ONE_SIDED_STEP * scale;
      const backward = xi - ONE_SIDED_STEP * scale;
      x[i] = forward;
      const fForward = evaluate(x);
      x[i] = backward;
      const fBackward = evaluate(x);
      if (fForward < Infinity) out[i] = (fForward - fx) / (forward - xi);
      else if (fBackward < Infinity) out[i] = (fx - fBackward) / (xi - backward);
      else out[i] = NaN;
    }
    x[i] = xi;
  }
}

// The relative gradient of Dennis & Schnabel (1996, Numerical Methods for Unconstrained
// Optimization, §7.2): max_i |∂f/∂x_i| · max(|x_i|, 1) / max(|f|, 1), the relative change of f per
// relative change of x_i. Unlike the bare gradient it does not depend on the units of f, and unlike
// a gradient divided by |f| alone it does not pass when f merely grows without bound.
function relativeGradient(g: Float64Array, x: Float64Array, f: number): number {
  let max = 0;
  for (let i = 0; i < g.length; i++) max = Math.max(max, Math.abs(g[i]!) * Math.max(Math.abs(x[i]!), 1));
  return max / Math.max(Math.abs(f), 1);
}

function setScaledIdentity(h: Float64Array, n: number, scale: number): void {
  h.fill(0);
  for (let i = 0; i < n; i++) h[i * n + i] = scale;
}

// BFGS, or Newton's method when the Hessian is given (with the same line search and stopping rules).
function bfgs(
  evaluate: Evaluate,
  gradientOf: GradientOf,
  hessianOf: HessianOf | undefined,
  start: Float64Array,
  startValue: number,
  tolerance: number,
  maxIterations: number,
): { x: Float64Array; value: number; iterations: number; converged: boolean; gradientNorm: number } {
  const n = start.length;
  let x: Float64Array = Float64Array.from(start);
  let f = startValue;
  if (!(f < Infinity)) return { x, value: f, iterations: 0, converged: false, gradientNorm: Infinity };

  let g: Float64Array = new Float64Array(n);
  gradientOf(x, f, g);
  let gradientNorm = infinityNorm(g);
  // Inverse-Hessian approximation, row-major; identity until the first curvature pair rescales it.
  const inverse = new Float64Array(n * n);
  setScaledIdentity(inverse, n, 1);
  let isIdentity = true;
  const direction = new Float64Array(n);
  const hy = new Float64Array(n);
  // The Hessian at x; a Newton step whose line search fails is retried with the BFGS direction.
  const curvature = new Float64Array(hessianOf ? n * n : 0);
  let newton = hessianOf !== undefined;
  let stalled = 0;
  let iterations = 0;
  let converged = false;

  while (Number.isFinite(gradientNorm)) {
    const relative = relativeGradient(g, x, f);
    if (relative <= tolerance) {
      converged = true;
      break;
    }
    if (iterations >= maxIterations) break;
    iterations++;

    const newtonStep = newton && newtonDirection(hessianOf!, x, g, curvature, direction);
    if (!newtonStep) {
      for (let i = 0; i < n; i++) {
        let d = 0;
        for (let j = 0; j < n; j++) d -= inverse[i * n + j]! * g[j]!;
        direction[i] = d;
      }
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += direction[i]! * g[i]!;
    // Backtracking from the full step: halve it, or interpolate the quadratic through f, the slope
    // and the trial value. A direction that is not downhill (rounding in an ill-conditioned
    // approximation) skips the search and, like a failed search, restarts from the steepest descent.
    // A Newton step whose predicted decrease -slope/2 is within the rounding of f lands closer to the
    // minimum than f can tell: it is taken if f stays within its rounding there, and the gradient
    // test at the new point decides (or, if f no longer moves, the noise-floor rule).
    const rounding = ROUNDING_OF_F * Number.EPSILON * Math.max(1, Math.abs(f));
    const unverifiable = newtonStep && -slope <= rounding;
    let next: Float64Array | undefined;
    let fNext = Infinity;
    if (slope < 0) {
      const limit = MAX_STEP * Math.max(1, infinityNorm(x));
      const length = infinityNorm(direction);
      if (length > limit) {
        for (let i = 0; i < n; i++) direction[i] = (direction[i]! * limit) / length;
        slope *= limit / length;
      }
      let t = 1;
      for (let k = 0; k < MAX_BACKTRACKS; k++) {
        const trial = new Float64Array(n);
        for (let i = 0; i < n; i++) trial[i] = x[i]! + t * direction[i]!;
        const ft = evaluate(trial);
        if (ft <= f + ARMIJO * t * slope || (unverifiable && ft <= f + rounding)) {
          next = trial;
          fNext = ft;
          break;
        }
        const quadratic = (-slope * t * t) / (2 * (ft - f - slope * t));
        t = ft < Infinity ? Math.min(0.5 * t, Math.max(0.1 * t, quadratic)) : 0.1 * t;
      }
    }

    if (next === undefined || !(fNext < f || unverifiable)) {
      if (newtonStep) {
        newton = false;
        continue;
      }
      if (!isIdentity) {
        // Retry along the steepest descent before concluding anything.
        setScaledIdentity(inverse, n, 1);
        isIdentity = true;
        continue;
      }
      converged = relative <= Math.sqrt(tolerance);
      break;
    }

    const gNext = new Float64Array(n);
    gradientOf(next, fNext, gNext);
    stalled = f - fNext <= Number.EPSILON * Math.max(1, Math.abs(fNext)) ? stalled + 1 : 0;

    // Curvature pair s = x' - x, y = g' - g; update only when sᵀy > 0 keeps the matrix positive definite.
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const s = next[i]! - x[i]!;
      const y = gNext[i]! - g[i]!;
      sy += s * y;
      yy += y * y;
    }
    if (sy > 0 && yy > 0 && Number.isFinite(sy) && Number.isFinite(yy)) {
      if (isIdentity) {
        // Nocedal & Wright (6.20): scale the first matrix to the curvature just seen.
        setScaledIdentity(inverse, n, sy / yy);
        isIdentity = false;
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, expanded with Hy and yᵀHy.
      const rho = 1 / sy;
      let yHy = 0;
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += inverse[i * n + j]! * (gNext[j]! - g[j]!);
        hy[i] = v;
        yHy += (gNext[i]! - g[i]!) * v;
      }
      const factor = (1 + rho * yHy) * rho;
      for (let i = 0; i < n; i++) {
        const si = next[i]! - x[i]!;
        for (let j = 0; j < n; j++) {
          const sj = next[j]! - x[j]!;
          inverse[i * n + j] = inverse[i * n + j]! - rho * (hy[i]! * sj + si * hy[j]!) + factor * si * sj;
        }
      }
    }

    x = next;
    f = fNext;
    g = gNext;
    gradientNorm = infinityNorm(g);
    newton = hessianOf !== undefined;
    if (stalled >= STALLED_ITERATIONS) {
      converged = relativeGradient(g, x, f) <= Math.sqrt(tolerance);
      break;
    }
  }
  return { x, value: f, iterations, converged, gradientNorm: Number.isFinite(gradientNorm) ? gradientNorm : Infinity };
}

// The Newton direction d = -(H + τI)⁻¹ g at x, τ the first of 0, β, 2β, 4β, ... (β = 10⁻³·max |H_ii|;
// the first is β - min H_ii when a diagonal entry is not positive) at which H + τI has a Cholesky
// factor (Nocedal & Wright 2006, Algorithm 3.3), shortened to MAX_NEWTON_STEP·max(1, |x|). False
// when the Hessian is not finite or no shift up to 2⁶⁰β is enough.
function newtonDirection(
  hessianOf: HessianOf,
  x: Float64Array,
  g: Float64Array,
  h: Float64Array,
  direction: Float64Array,
): boolean {
  const n = x.length;
  hessianOf(x, h);
  if (!h.every(Number.isFinite)) return false;
  let largest = 0;
  let smallest = Infinity;
  for (let i = 0; i < n; i++) {
    largest = Math.max(largest, Math.abs(h[i * n + i]!));
    smallest = Math.min(smallest, h[i * n + i]!);
  }
  const beta = 1e-3 * largest;
  let shift = smallest > 0 ? 0 : beta - smallest;
  for (let attempt = 0; attempt <= 60 && beta > 0; attempt++) {
    const lower = cholesky(
      Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => h[i * n + j]! + (i === j ? shift : 0))),
    );
    if (lower !== null) {
      // L y = -g, then Lᵀ d = y.
      for (let i = 0; i < n; i++) {
        let sum = -g[i]!;
        for (let k = 0; k < i; k++) sum -= lower[i * n + k]! * direction[k]!;
        direction[i] = sum / lower[i * n + i]!;
      }
      for (let i = n - 1; i >= 0; i--) {
        let sum = direction[i]!;
        for (let k = i + 1; k < n; k++) sum -= lower[k * n + i]! * direction[k]!;
        direction[i] = sum / lower[i * n + i]!;
      }
      const limit = MAX_NEWTON_STEP * Math.max(1, infinityNorm(x));
      const length = infinityNorm(direction);
      if (length > limit) for (let i = 0; i < n; i++) direction[i] = (direction[i]! * limit) / length;
      return true;
    }
    shift = Math.max(2 * shift, beta);
  }
  return false;
}

/**
 * Numerical Hessian of `objective` at `x` by central differences: (f(x+h_i) − 2f(x) + f(x−h_i)) / h_i²
 * on the diagonal and the four-point formula off it, with h_i = ε^(1/4)·max(1, |x_i|) (which
 * balances truncation against rounding). The result is exactly symmetric. Accuracy: exact up to
 * rounding for a quadratic; about 1e-7 relative on the entries for a smooth log-likelihood of
 * magnitude ~1e4. Where an evaluation is not finite (the point is at the edge of the domain) the
 * steps are divided by 16 and the matrix recomputed, twice at most; entries that still cannot be
 * computed are NaN, which {@link invertSymmetric} rejects.
 *
 * @param objective - the function, typically a negative log-likelihood on log-parameters
 * @param x - the point, typically the optimum from {@link minimize}
 * @returns the n×n matrix of second derivatives
 */
export function hessian(objective: Objective, x: ArrayLike<number>): number[][] {
  const n = x.length;
  const point = Float64Array.from(x);
  const scratch = new Float64Array(n);
  const at = (i: number, di: number, j: number, dj: number): number => {
    scratch.set(point);
    if (i >= 0) scratch[i] = scratch[i]! + di;
    if (j >= 0) scratch[j] = scratch[j]! + dj;
    const value = objective(scratch);
    return Number.isFinite(value) ? value : NaN;
  };
  const center = at(-1, 0, -1, 0);
  let matrix: number[][] = [];
  let divisor = 1;
  for (let attempt = 0; attempt < 3; attempt++) {
    matrix = Array.from({ length: n }, () => new Array<number>(n).fill(NaN));
    const steps = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const xi = point[i]!;
      // The representable distance between xi + h and xi, so the divisor matches the evaluation.
      steps[i] = xi + (HESSIAN_STEP / divisor) * Math.max(1, Math.abs(xi)) - xi;
    }
    let complete = Number.isFinite(center);
    for (let i = 0; i < n && complete; i++) {
      const hi = steps[i]!;
      const diagonal = (at(i, hi, -1, 0) - 2 * center + at(i, -hi, -1, 0)) / (hi * hi);
      matrix[i]![i] = diagonal;
      complete = Number.isFinite(diagonal);
      for (let j = 0; j < i && complete; j++) {
        const hj = steps[j]!;
        const mixed = (at(i, hi, j, hj) - at(i, hi, j, -hj) - at(i, -hi, j, hj) + at(i, -hi, j, -hj)) / (4 * hi * hj);
        matrix[i]![j] = mixed;
        matrix[j]![i] = mixed;
        complete = Number.isFinite(mixed);
      }
    }
    if (complete) break;
    divisor *= 16;
  }
  return matrix;
}

/**
 * Cholesky factor L (row-major n×n, lower triangle; A = L Lᵀ) of a symmetric positive-definite
 * matrix, reading only its lower triangle; null when it is not square, has a non-finite entry, or
 * is not positive definite to working precision (a pivot at most 1e-14 of its diagonal entry).
 */
export function cholesky(matrix: ArrayLike<ArrayLike<number>>): Float64Array | null {
  const n = matrix.length;
  const lower = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = matrix[i]!;
    if (row.length !== n) return null;
    for (let j = 0; j <= i; j++) {
      const value = row[j]!;
      if (!Number.isFinite(value)) return null;
      lower[i * n + j] = value;
    }
  }
  for (let j = 0; j < n; j++) {
    const diagonal = lower[j * n + j]!;
    let pivot = diagonal;
    for (let k = 0; k < j; k++) pivot -= lower[j * n + k]! ** 2;
    if (!(pivot > 1e-14 * diagonal)) return null;
    const root = Math.sqrt(pivot);
    lower[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let sum = lower[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= lower[i * n + k]! * lower[j * n + k]!;
      lower[i * n + j] = sum / root;
    }
  }
  return lower;
}

/**
 * Inverse of a symmetric positive-definite matrix by Cholesky factorisation A = L Lᵀ, then
 * A⁻¹ = L⁻ᵀ L⁻¹. Only the lower triangle is read (the symmetric part of the input is assumed).
 * Returns null when the matrix is not square, has a non-finite entry, or is not positive definite
 * to working precision (a pivot at most 1e-14 of its diagonal entry, i.e. a condition number
 * beyond ~1e14): for a Hessian of a negative log-likelihood this means the optimum is not a strict
 * minimum and standard errors do not exist. The result is exactly symmetric.
 *
 * @param matrix - a symmetric n×n matrix
 * @returns its inverse, or null
 */
export function invertSymmetric(matrix: ArrayLike<ArrayLike<number>>): number[][] | null {
  const n = matrix.length;
  const lower = cholesky(matrix);
  if (lower === null) return null;
  // L⁻¹ by forward substitution, column by column.
  const inverseLower = new Float64Array(n * n);
  for (let col = 0; col < n; col++) {
    inverseLower[col * n + col] = 1 / lower[col * n + col]!;
    for (let i = col + 1; i < n; i++) {
      let sum = 0;
      for (let k = col; k < i; k++) sum -= lower[i * n + k]! * inverseLower[k * n + col]!;
      inverseLower[i * n + col] = sum / lower[i * n + i]!;
    }
  }
  // (L⁻¹)ᵀ L⁻¹, filled symmetrically.
  const result = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += inverseLower[k * n + i]! * inverseLower[k * n + j]!;
      result[i]![j] = sum;
      result[j]![i] = sum;
    }
  }
  return result;
}

/**
 * ln Σ exp(v_i) without overflow or underflow: the largest value m is factored out and the rest is
 * added through log1p, ln Σ = m + log1p(Σ_{i≠max} exp(v_i − m)), which keeps full relative accuracy
 * when the other terms are small. Empty input or all −Infinity gives −Infinity; any +Infinity gives
 * +Infinity; any NaN gives NaN.
 *
 * @param values - the logarithms of the terms
 * @returns the logarithm of the sum of the terms
 */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  let at = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) return NaN;
    if (v > max) {
      max = v;
      at = i;
    }
  }
  if (max === -Infinity || max === Infinity) return max;
  let rest = 0;
  for (let i = 0; i < values.length; i++) if (i !== at) rest += Math.exp(values[i]! - max);
  return max + Math.log1p(rest);
}

/**
 * ln(exp(a) + exp(b)), the two-term {@link logSumExp} without an array: max + log1p(exp(−|a − b|)).
 *
 * @param a - the logarithm of the first term
 * @param b - the logarithm of the second term
 * @returns the logarithm of the sum
 */
export function logAddExp(a: number, b: number): number {
  // Math.max of a NaN is NaN, which the sum below keeps.
  const max = Math.max(a, b);
  if (max === -Infinity || max === Infinity) return max;
  return max + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * ln(exp(a) − exp(b)) for a ≥ b, as in the Pareto/NBD likelihood where two terms of the same
 * size are subtracted: a + ln(1 − exp(−d)) with d = a − b, through log(−expm1(−d)) when d < ln 2 and
 * log1p(−exp(−d)) otherwise, which keeps full relative accuracy on both sides (Mächler 2012, "Accurately
 * computing log(1 − exp(−|a|))", R package Rmpfr vignette). a = b gives −Infinity; a < b (a negative
 * difference) or a NaN gives NaN; b = −Infinity gives a.
 *
 * @param a - the logarithm of the larger term
 * @param b - the logarithm of the smaller term
 * @returns the logarithm of the difference
 */
export function logDiffExp(a: number, b: number): number {
  if (!(a >= b)) return NaN;
  if (b === -Infinity) return a;
  if (a === Infinity) return NaN;
  const d = a - b;
  return a + (d < Math.LN2 ? Math.log(-Math.expm1(-d)) : Math.log1p(-Math.exp(-d)));
}

/**
 * ln(part / whole) where whole = part + rest (both >= 0): through ln(1 − rest / whole) when the
 * share is near 1, where the quotient would round to 1 and lose what ln keeps of it.
 */
export function logShare(part: number, rest: number, whole: number): number {
  return part < rest ? Math.log(part / whole) : Math.log1p(-rest / whole);
}
