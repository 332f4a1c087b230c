import { LoyaltyMetricsError } from '../errors';
import { invertSymmetric, minimize } from '../stats/optimize';
import { numberOption } from '../_internal/options';

/** A maximum-likelihood problem over positive parameters. */
export interface LikelihoodProblem {
  /** The public function's name, for messages. */
  fn: string;
  /** Starting values of the (positive) parameters. */
  start: readonly number[];
  /** Log-likelihood at `params`; must fill `gradient` (d LL / d params) when given. */
  logLikelihood: (params: readonly number[], gradient?: Float64Array) => number;
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

// Parameters beyond e^±25 (about 1e-11 to 7e10) mean the search ran to the edge of the domain;
// a standard error 10 times the estimate (identified fits have ratios well below 1) means a ridge.
const MAX_LOG_PARAMETER = 25;
const MAX_RELATIVE_ERROR = 10;

/** Reads the `penalizer` option: a finite number >= 0, default 0. */
export function penalizerOption(fn: string, penalizer: unknown): number {
  return numberOption(fn, 'penalizer', penalizer, { lower: 0, lowerInclusive: true }, 0);
}

/**
 * Maximizes a log-likelihood over log-parameters (so every step stays in the positive domain):
 * the objective is -LL/n + λ Σ θ², minimized by Nelder-Mead polished by BFGS. Standard errors
 * come from the numerical Hessian of the log-likelihood at the estimate, on the natural scale.
 * A fit that does not converge throws NOT_CONVERGED with the last estimate in
 * `details.estimate`.
 */
export function fitMaximumLikelihood(problem: LikelihoodProblem): LikelihoodFit {
  const { fn, customers, penalizer } = problem;
  const natural = (logs: ArrayLike<number>): number[] => Array.from(logs, Math.exp);
  const objective = (logs: Float64Array): number => {
    const params = natural(logs);
    let penalty = 0;
    for (const value of params) penalty += value * value;
    return -problem.logLikelihood(params) / customers + penalizer * penalty;
  };
  // d/d(log θ_k) of the objective: -θ_k ∂LL/∂θ_k / n + 2λ θ_k².
  const naturalGradient = new Float64Array(problem.start.length);
  const gradient = (logs: Float64Array, out: Float64Array): void => {
    const params = natural(logs);
    problem.logLikelihood(params, naturalGradient);
    for (let k = 0; k < params.length; k++) {
      out[k] = (-params[k]! * naturalGradient[k]!) / customers + 2 * penalizer * params[k]! * params[k]!;
    }
  };
  // BFGS on the analytic gradient converges in a few dozen steps on well-posed data; flat or
  // awkward likelihoods get the derivative-free simplex first, as a fallback.
  const start = problem.start.map(Math.log);
  let result = minimize(objective, start, { gradient });
  if (!result.converged) {
    const fallback = minimize(objective, start, { gradient, simplexIterations: 200 * start.length });
    if (fallback.converged || fallback.value < result.value) {
      result = { ...fallback, iterations: result.iterations + fallback.iterations };
    }
  }
  const params = natural(result.x);
  const logLikelihood = problem.logLikelihood(params);
  if (!result.converged || !Number.isFinite(logLikelihood)) {
    throw new LoyaltyMetricsError(
      'NOT_CONVERGED',
      `${fn}: the maximum-likelihood fit did not converge after ${result.iterations} iterations`,
      { estimate: params, logLikelihood, iterations: result.iterations },
    );
  }
  // Observed information on the natural scale, -∂²LL/∂θ², by central differences of the analytic
  // gradient (2n gradient evaluations), symmetrized.
  const information = observedInformation(problem, params);
  const covariance = invertSymmetric(information);
  const standardErrors = params.map((_, k) => {
    const variance = covariance?.[k]?.[k];
    return variance !== undefined && variance > 0 ? Math.sqrt(variance) : NaN;
  });
  // An estimate that ran off toward 0 or infinity, on a ridge where the information is singular
  // or the standard errors dwarf the estimates, is not a maximum: the data cannot identify the
  // parameters (more data or a penalizer can help).
  const interior = result.x.every((logValue) => Math.abs(logValue) < MAX_LOG_PARAMETER);
  const identified = standardErrors.every((se, k) => se / params[k]! < MAX_RELATIVE_ERROR);
  if (!interior || !identified) {
    throw new LoyaltyMetricsError(
      'NOT_CONVERGED',
      `${fn}: the likelihood has no interior maximum for these data (the estimate runs toward 0 or infinity); ` +
        'more data or a penalizer may help',
      { estimate: params, logLikelihood, iterations: result.iterations },
    );
  }
  return { params, logLikelihood, standardErrors, covariance: covariance!, iterations: result.iterations };
}

function observedInformation(problem: LikelihoodProblem, params: readonly number[]): number[][] {
  const n = params.length;
  const columns: Float64Array[] = [];
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // Step ε^(1/3) relative to the parameter: truncation h² against rounding ε/h.
    const h = Math.cbrt(Number.EPSILON) * Math.max(Math.abs(params[j]!), 1e-8);
    const shifted = [...params];
    shifted[j] = params[j]! + h;
    problem.logLikelihood(shifted, up);
    shifted[j] = params[j]! - h;
    problem.logLikelihood(shifted, down);
    columns.push(Float64Array.from(up, (value, i) => -(value - down[i]!) / (2 * h)));
  }
  // The penalty n λ Σ θ² of the (total) objective adds 2 n λ to the diagonal: a penalized fit's
  // uncertainty is that of the penalized objective.
  const ridge = 2 * problem.customers * problem.penalizer;
  return columns.map((_, i) => columns.map((column, j) => (column[i]! + columns[i]![j]!) / 2 + (i === j ? ridge : 0)));
}
