import { LoyaltyMetricsError } from '../errors';
import { hessian, invertSymmetric, minimize } from '../stats/optimize';
import { numberOption } from '../_internal/options';

/** A maximum-likelihood problem over positive parameters. */
export interface LikelihoodProblem {
  /** The public function's name, for messages. */
  fn: string;
  /** Starting values of the (positive) parameters. */
  start: readonly number[];
  /** Log-likelihood at `params`; fills `gradient` (d LL / d params) when given. */
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
  /** Standard errors from the observed information (inverse Hessian of -LL). */
  standardErrors: number[];
  iterations: number;
}

// Parameters beyond e^±25 (about 1e-11 to 7e10) mean the search ran to the edge of the domain;
// a standard error 100 times the estimate (identified fits have ratios well below 1) means a ridge.
const MAX_LOG_PARAMETER = 25;
const MAX_RELATIVE_ERROR = 100;

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
  const result = minimize(objective, problem.start.map(Math.log));
  const params = natural(result.x);
  const logLikelihood = problem.logLikelihood(params);
  if (!result.converged || !Number.isFinite(logLikelihood)) {
    throw new LoyaltyMetricsError(
      'NOT_CONVERGED',
      `${fn}: the maximum-likelihood fit did not converge after ${result.iterations} iterations`,
      { estimate: params, logLikelihood, iterations: result.iterations },
    );
  }
  // Observed information on the natural scale: the Hessian of -LL with respect to the parameters.
  const information = hessian((point) => -problem.logLikelihood(Array.from(point)), params);
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
  return { params, logLikelihood, standardErrors, iterations: result.iterations };
}
