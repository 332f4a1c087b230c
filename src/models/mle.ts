import { LoyaltyMetricsError } from '../errors';
import { invertSymmetric, minimize, type MinimizeResult } from '../stats/optimize';
import { numberOption } from '../_internal/options';

/** A maximum-likelihood problem over positive parameters. */
export interface LikelihoodProblem {
  /** The public function's name, for messages. */
  fn: string;
  /** Starting values of the (positive) parameters: about 1 for shapes, the data's scale for scales. */
  start: readonly number[];
  /**
   * Log-likelihood at `params`; must fill `gradient` (d LL / d params) when given, and `hessian`
   * (d² LL / d params², row-major) when given if `analyticHessian` is set.
   */
  logLikelihood: (params: readonly number[], gradient?: Float64Array, hessian?: Float64Array) => number;
  /** Whether `logLikelihood` fills `hessian`; otherwise the observed information takes 2n gradients. */
  analyticHessian?: boolean;
  /** Number of customers (the objective is the mean log-likelihood, so tolerances do not depend on n). */
  customers: number;
  /** L2 penalty λ Σ θ² on the parameters; 0 for plain maximum likelihood. */
  penalizer: number;
}

/** The estimate of {@link fitMaximumLikelihood}. */
export interface LikelihoodFit {
  params: number[];
  logLikelihood: number;
  /** Standard errors from the observed information (inverse Hessian of -LL, plus the penalty's curvature). */
  standardErrors: number[];
  /** Covariance matrix of the estimates (the inverse observed information), in parameter order. */
  covariance: number[][];
  iterations: number;
}

// A parameter e^25 times above or below its start (a factor of 7e10) means the search ran to the
// edge of the domain; a standard error 10 times the estimate (identified fits have ratios well below
// 1) means a ridge. From the start, not from 1: scale parameters start at the data's scale (mean T,
// mean spend), and a fit in another unit or currency must not hit a different edge.
const MAX_LOG_PARAMETER = 25;
const MAX_RELATIVE_ERROR = 10;
// Standard error relative to the estimate from which risesAlongProfile looks along a parameter.
const MIN_PROFILE_SPREAD = 0.5;
// How far risesAlongProfile looks along pairs of loose parameters: both times e^±7, about 1,100.
const PAIR_PROBE_LOG = 7;
// A parameter e^14 (1.2 million) times above or below its start is looked along in pairs whatever its
// standard error: that far along a ridge the likelihood changes by 1e-10 per doubling, below the
// noise of the Hessian, whose standard errors there came out under half the estimate.
const FAR_LOG_PARAMETER = 14;
// Relative gradient at which a Newton fit stops: its parameters are then within ~1e-8 of the optimum
// (the default 1e-8 of BFGS leaves ~1e-6 on a weakly identified parameter such as BG/NBD's b).
const NEWTON_TOLERANCE = 1e-10;
// Newton converges in a handful of iterations or creeps along a ridge: after this many, BFGS takes over.
const NEWTON_ITERATIONS = 100;

/** Reads the `penalizer` option: a finite number >= 0, default 0. */
export function penalizerOption(fn: string, penalizer: unknown): number {
  return numberOption(fn, 'penalizer', penalizer, { lower: 0, lowerInclusive: true }, 0);
}

/**
 * Maximizes a log-likelihood over log-parameters (so every step stays in the positive domain):
 * the objective is -LL/n + λ Σ θ², minimized by BFGS (Nelder-Mead first, as a fallback), or, for a
 * problem with an analytic Hessian, by Newton steps first. Standard errors come from the Hessian of
 * the log-likelihood at the estimate, on the natural scale: the problem's own when it has one,
 * otherwise central differences of its gradient. A fit that does not converge throws NOT_CONVERGED
 * with the last estimate in `details.estimate`.
 */
export function fitMaximumLikelihood(problem: LikelihoodProblem): LikelihoodFit {
  const { fn, customers, penalizer } = problem;
  const n = problem.start.length;
  const natural = (logs: ArrayLike<number>): number[] => Array.from(logs, Math.exp);
  const penalty = (params: readonly number[]): number => {
    let sum = 0;
    for (const value of params) sum += value * value;
    return penalizer * sum;
  };
  const objective = (logs: Float64Array): number => {
    const params = natural(logs);
    return -problem.logLikelihood(params) / customers + penalty(params);
  };
  // The line search evaluates the objective at trial points, then asks for the derivatives at the
  // one it accepts; a likelihood computes them in the same pass for little more than the value, so
  // each evaluation computes them too and keeps them, on the log scale, for that request:
  // g_k = θ_k ∂f/∂θ_k and H_jk = θ_j θ_k ∂²f/∂θ_j∂θ_k + [j = k] g_k, with ∂f/∂θ_k = -∂LL/∂θ_k / n + 2λ θ_k.
  const naturalGradient = new Float64Array(n);
  const naturalHessian = problem.analyticHessian ? new Float64Array(n * n) : undefined;
  const evaluatedAt = new Float64Array(n).fill(NaN);
  let evaluatedLogLikelihood = NaN;
  const logGradient = new Float64Array(n);
  const logHessian = new Float64Array(n * n);
  const objectiveWithDerivatives = (logs: Float64Array): number => {
    const params = natural(logs);
    evaluatedLogLikelihood = problem.logLikelihood(params, naturalGradient, naturalHessian);
    for (let k = 0; k < n; k++) {
      logGradient[k] = params[k]! * (-naturalGradient[k]! / customers + 2 * penalizer * params[k]!);
    }
    for (let j = 0; naturalHessian && j < n; j++) {
      for (let k = 0; k < n; k++) {
        const curvature = -naturalHessian[j * n + k]! / customers + (j === k ? 2 * penalizer : 0);
        logHessian[j * n + k] = params[j]! * params[k]! * curvature + (j === k ? logGradient[k]! : 0);
      }
    }
    evaluatedAt.set(logs);
    return -evaluatedLogLikelihood / customers + penalty(params);
  };
  const evaluate = (logs: ArrayLike<number>): void => {
    if (!evaluatedAt.every((value, k) => value === logs[k])) objectiveWithDerivatives(Float64Array.from(logs));
  };
  const derivative =
    (source: Float64Array) =>
    (logs: Float64Array, out: Float64Array): void => {
      evaluate(logs);
      out.set(source);
    };
  const gradient = derivative(logGradient);
  const start = problem.start.map(Math.log);

  // The fit at a minimizer's result, or the error that says why it is not one.
  const assess = (result: MinimizeResult, iterations: number): LikelihoodFit | LoyaltyMetricsError => {
    // The last evaluation is usually at the result already.
    evaluate(result.x);
    const params = natural(result.x);
    const logLikelihood = evaluatedLogLikelihood;
    const details = { estimate: params, logLikelihood, iterations };
    if (!result.converged || !Number.isFinite(logLikelihood)) {
      return new LoyaltyMetricsError(
        'NOT_CONVERGED',
        `${fn}: the maximum-likelihood fit did not converge after ${iterations} iterations`,
        details,
      );
    }
    // Observed information on the natural scale, -∂²LL/∂θ², plus the penalty's curvature.
    const information = naturalHessian
      ? Array.from({ length: n }, (_, i) =>
          Array.from({ length: n }, (_, j) => -naturalHessian[i * n + j]! + (i === j ? ridge(problem) : 0)),
        )
      : observedInformation(problem, params);
    const covariance = invertSymmetric(information);
    const standardErrors = params.map((_, k) => {
      const variance = covariance?.[k]?.[k];
      return variance !== undefined && variance > 0 ? Math.sqrt(variance) : NaN;
    });
    // An estimate that ran off toward 0 or infinity, on a ridge where the information is singular
    // or the standard errors dwarf the estimates, is not a maximum: the data cannot identify the
    // parameters (more data or a penalizer can help).
    const interior = result.x.every((logValue, k) => Math.abs(logValue - start[k]!) < MAX_LOG_PARAMETER);
    const identified = standardErrors.every((se, k) => se / params[k]! < MAX_RELATIVE_ERROR);
    if (!interior || !identified || risesAlongProfile(objective, result.x, start, result.value, covariance!)) {
      return new LoyaltyMetricsError(
        'NOT_CONVERGED',
        `${fn}: these data do not identify the parameters (the estimate runs toward 0 or infinity, or its ` +
          'standard errors exceed 10 times it); more data or a penalizer may help',
        details,
      );
    }
    return { params, logLikelihood, standardErrors, covariance: covariance!, iterations };
  };

  let iterations = 0;
  let fit: LikelihoodFit | LoyaltyMetricsError | undefined;
  if (naturalHessian) {
    // Newton steps on the analytic Hessian converge in a handful of iterations, and quadratic
    // convergence makes a tighter tolerance cost one more step at most. They can follow a ridge
    // out of the interior, though: anything but an acceptable maximum starts over with BFGS.
    const newton = minimize(objectiveWithDerivatives, start, {
      gradient,
      hessian: derivative(logHessian),
      tolerance: NEWTON_TOLERANCE,
      maxIterations: NEWTON_ITERATIONS,
    });
    iterations = newton.iterations;
    fit = assess(newton, iterations);
  }
  if (fit === undefined || fit instanceof LoyaltyMetricsError) {
    // BFGS on the analytic gradient converges in a few dozen steps on well-posed data; flat or
    // awkward likelihoods get the derivative-free simplex first, as a fallback (its many
    // evaluations need no derivatives).
    let result = minimize(objectiveWithDerivatives, start, { gradient });
    iterations += result.iterations;
    if (!result.converged) {
      const fallback = minimize(objective, start, { gradient, simplexIterations: 200 * n });
      if (fallback.converged || fallback.value < result.value) {
        result = fallback;
        iterations += fallback.iterations;
      }
    }
    fit = assess(result, iterations);
  }
  if (fit instanceof LoyaltyMetricsError) throw fit;
  return fit;
}

/**
 * Whether the objective is lower two standard errors away from the estimate along some parameter's
 * profile direction: log θ_k moved by ±2 of its standard errors, the other log-parameters by their
 * regression on it (the k-th column of the covariance on the log scale, where the fit searches). A
 * maximum that the data identify is lower there (by 2 on the log-likelihood when it is quadratic);
 * on a ridge that rises toward 0 or infinity, where the search stops wherever its gradient gets
 * small, one side is higher. Only parameters whose standard error is at least half of them are
 * looked along (two evaluations each), and then each pair of them, or of parameters a million
 * times above or below their start, moved together (see below); a side that cannot be evaluated
 * (NaN) does not count as higher. `at` is the objective at the estimate, which the minimizer
 * reports.
 */
function risesAlongProfile(
  objective: (logs: Float64Array) => number,
  logs: readonly number[],
  start: readonly number[],
  at: number,
  covariance: readonly (readonly number[])[],
): boolean {
  const n = logs.length;
  const params = logs.map(Math.exp);
  const spreads = params.map((value, k) => Math.sqrt(covariance[k]![k]!) / value);
  // A parameter known to within half of itself sits where the likelihood is curved enough for the
  // search's gradient test to find the top; the flat directions are the ones to look along.
  const loose = spreads.map((spread) => spread >= MIN_PROFILE_SPREAD);
  for (let k = 0; k < n; k++) {
    if (!loose[k]) continue;
    const spread = spreads[k]!;
    for (const side of [-2, 2]) {
      // Column k of the log-scale covariance C_jk / (θ_j θ_k), scaled so that log θ_k moves by side · spread.
      const probe = Float64Array.from(
        logs,
        (logValue, j) => logValue + (side * covariance[j]![k]!) / (params[j]! * params[k]! * spread),
      );
      if (objective(probe) < at) return true;
    }
  }
  // Far along a ridge where two parameters grow or shrink together (a shape and a scale whose ratio
  // the data fix: s and β of the Pareto/NBD, a and b of the BG/NBD) the rise can be 1e-7 of
  // log-likelihood over orders of magnitude, too little for the standard errors or the probes
  // above to see, and the search stops wherever its path ends (a fit of five customers was
  // accepted in 40 of their 120 orders while fits read the rows in input order). Both parameters
  // of each pair times e^±7, the others held: a higher point there shows the estimate is not the
  // maximum. Loose parameters pair, and so do parameters far out (FAR_LOG_PARAMETER), whose
  // standard errors there are noise.
  const pairable = loose.map((isLoose, k) => isLoose || Math.abs(logs[k]! - start[k]!) > FAR_LOG_PARAMETER);
  for (let j = 0; j < n; j++) {
    for (let k = j + 1; k < n; k++) {
      if (!pairable[j] || !pairable[k]) continue;
      for (const side of [-PAIR_PROBE_LOG, PAIR_PROBE_LOG]) {
        const probe = Float64Array.from(logs, (logValue, i) => (i === j || i === k ? logValue + side : logValue));
        if (objective(probe) < at) return true;
      }
    }
  }
  return false;
}

// The penalty n λ Σ θ² of the (total) objective adds 2 n λ to the diagonal of the information: a
// penalized fit's uncertainty is that of the penalized objective.
function ridge(problem: LikelihoodProblem): number {
  return 2 * problem.customers * problem.penalizer;
}

// -∂²LL/∂θ² by central differences of the analytic gradient (2n gradient evaluations), symmetrized.
function observedInformation(problem: LikelihoodProblem, params: readonly number[]): number[][] {
  const n = params.length;
  const columns: Float64Array[] = [];
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // Step ε^(1/3) relative to the parameter: truncation h² against rounding ε/h. Relative only:
    // parameters are positive, and a floor (it was 1e-8) stepped past 0 for a scale such as γ
    // fitted in a tiny unit.
    const h = Math.cbrt(Number.EPSILON) * params[j]!;
    const shifted = [...params];
    shifted[j] = params[j]! + h;
    problem.logLikelihood(shifted, up);
    shifted[j] = params[j]! - h;
    problem.logLikelihood(shifted, down);
    columns.push(Float64Array.from(up, (value, i) => -(value - down[i]!) / (2 * h)));
  }
  return columns.map((_, i) =>
    columns.map((column, j) => (column[i]! + columns[i]![j]!) / 2 + (i === j ? ridge(problem) : 0)),
  );
}
