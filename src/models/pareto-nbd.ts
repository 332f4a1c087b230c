import { invalidArgument } from '../_internal/fail';
import { logHypergeometric2F1 } from '../stats/hypergeometric';
import { logAddExp, logDiffExp } from '../stats/optimize';
import { purchaseModelData, type FitBgNbdOptions, type PurchaseModelData } from './fit-bgnbd';
import { fitMaximumLikelihood, penalizerOption } from './mle';
import type { RowColumns } from './rows';

/**
 * Parameters of the Pareto/NBD model: purchase rates λ ~ Gamma(r, α) and dropout rates
 * μ ~ Gamma(s, β), both per unit of time.
 */
export interface ParetoNbdParams {
  /** Shape of the gamma distribution of purchase rates. */
  r: number;
  /** Scale of the gamma distribution of purchase rates, in the summary's time unit. */
  alpha: number;
  /** Shape of the gamma distribution of dropout rates. */
  s: number;
  /** Scale of the gamma distribution of dropout rates, in the summary's time unit. */
  beta: number;
}

/** A fitted Pareto/NBD model, as {@link fitParetoNbd} returns it: plain data. */
export interface ParetoNbdModel {
  /** Always `'pareto/nbd'`. */
  kind: 'pareto/nbd';
  /** Maximum-likelihood parameters. */
  params: ParetoNbdParams;
  /** Log-likelihood at the estimate (of all customers, weights included). */
  logLikelihood: number;
  /** Standard errors of the parameters (observed information); NaN where the information is singular. */
  standardErrors: ParetoNbdParams;
  /** Covariance matrix of (r, α, s, β), the inverse observed information: for intervals of predictions. */
  covariance: number[][];
  /** Number of customers fitted. */
  n: number;
  /** Optimizer iterations. */
  iterations: number;
  /** Time unit of the summary the model was fitted on (α, β, recency, T and every horizon are in it). */
  unit: string;
  /** The L2 penalty used (0: plain maximum likelihood). */
  penalizer: number;
}

/** Options of {@link fitParetoNbd}: the same as those of {@link fitBgNbd}. */
export type FitParetoNbdOptions = FitBgNbdOptions;

// Smallest 1 − z at which the hypergeometric series is summed: it needs about 40 / (1 − z) terms,
// some 8e5 here, and the library's 2F1 gives up beyond a million.
const MIN_ONE_MINUS_Z = 5e-5;

/**
 * ln A0 of Fader & Hardie's note on the Pareto/NBD (2005), the dropout term of the likelihood
 * before the factor s / (r+s+x):
 *
 *   α ≥ β: 2F1(r+s+x, s+1; r+s+x+1; (α−β)/(α+t)) / (α+t)^(r+s+x), taken at t_x minus at T;
 *   α < β: 2F1(r+s+x, r+x; r+s+x+1; (β−α)/(β+t)) / (β+t)^(r+s+x), likewise.
 *
 * `logTermAt` is the log of one term at time t; `logA0` takes A0 = exp(at t_x) − exp(at T) ≥ 0
 * with logDiffExp (−Infinity when t_x = T, or when rounding makes the difference vanish).
 */
function logTermAt(params: ParetoNbdParams, x: number, t: number): number {
  const { r, alpha, s, beta } = params;
  const a = r + s + x;
  const [larger, smaller, second] = alpha >= beta ? [alpha, beta, s + 1] : [beta, alpha, r + x];
  // 1 − z = (smaller + t) / (larger + t): the series needs ~40 / (1 − z) terms, and the library's
  // 2F1 gives up (NaN) after a million. Refuse at once what it would refuse after ~20 ms.
  if (smaller + t < MIN_ONE_MINUS_Z * (larger + t)) return NaN;
  return logHypergeometric2F1(a, second, a + 1, (larger - smaller) / (larger + t)) - a * Math.log(larger + t);
}

function logA0(atRecency: number, atT: number): number {
  // A0 ≥ 0 exactly; a rounding-level negative difference (t_x just below T) counts as 0.
  return atRecency > atT ? logDiffExp(atRecency, atT) : Number.isNaN(atRecency + atT) ? NaN : -Infinity;
}

/**
 * Weighted Pareto/NBD log-likelihood of the rows (Schmittlein, Morrison & Colombo 1987, in the
 * form of Fader & Hardie's 2005 note "A note on deriving the Pareto/NBD model and related
 * expressions"):
 *
 *   ln L = ln Γ(r+x) − ln Γ(r) + r ln α + s ln β
 *          + ln[ (α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · A0 ],
 *
 * every part in log space (A0 by logDiffExp, the sum by logAddExp, 2F1 by its logarithm), so it
 * stays finite for heavy buyers with x in the thousands. ln Γ(r+x) − ln Γ(r) is the sum of
 * ln(r+k) over k < x, shared by rows with the same x; the 2F1 terms are shared by rows with the
 * same (x, t_x) or (x, T). NaN, at once, where a hypergeometric argument z would come within
 * 5e-5 of 1 (1 − z = (min(α, β) + t) / (max(α, β) + t), smallest at the earliest t_x: β/α or α/β
 * below about 5e-5 with customers who never bought again), where the series would need a million
 * terms; the optimizer rejects such points. Arguments close to that limit are exact but slow
 * (about 40 / (1 − z) terms), which only matters while the optimizer probes extreme parameters.
 *
 * When `gradient` is given it is filled with d ln L / d(r, α, s, β) by central differences of
 * this function (steps 1e-6 relative to each parameter): the parameter derivatives of 2F1 have
 * no convenient closed form. The truncation error (~1e-12 relative) and the rounding error
 * (~1e-10 of |ln L|) are far below what the optimizer and the observed information need.
 */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, rows: RowColumns, gradient?: Float64Array): number {
  const value = logLikelihood(params, rows);
  if (gradient) {
    const values = [params.r, params.alpha, params.s, params.beta];
    for (let k = 0; k < 4; k++) {
      const h = 1e-6 * Math.abs(values[k]!);
      const up = [...values];
      const down = [...values];
      up[k] = values[k]! + h;
      down[k] = values[k]! - h;
      const [r1, a1, s1, b1] = up as [number, number, number, number];
      const [r2, a2, s2, b2] = down as [number, number, number, number];
      gradient[k] =
        (logLikelihood({ r: r1, alpha: a1, s: s1, beta: b1 }, rows) -
          logLikelihood({ r: r2, alpha: a2, s: s2, beta: b2 }, rows)) /
        (up[k]! - down[k]!);
    }
  }
  return value;
}

function logLikelihood(params: ParetoNbdParams, rows: RowColumns): number {
  const { r, alpha, s, beta } = params;
  const max = rows.maxFrequency;
  // Σ_{k<x} ln(r + k) = ln Γ(r + x) − ln Γ(r), for x = 0..max.
  const rising = new Float64Array(max + 1);
  for (let x = 1; x <= max; x++) rising[x] = rising[x - 1]! + Math.log(r + x - 1);
  const terms = new Map<string, number>();
  const termAt = (x: number, t: number): number => {
    const key = `${x}|${t}`;
    let value = terms.get(key);
    if (value === undefined) {
      value = logTermAt(params, x, t);
      terms.set(key, value);
    }
    return value;
  };
  // 1 − z is smallest at the earliest time a term is taken at: refuse the whole point at once
  // when some series would give up (parameters the optimizer is only probing).
  let earliest = Infinity;
  for (let i = 0; i < rows.rows; i++) if (rows.weight[i]! > 0) earliest = Math.min(earliest, rows.recency[i]!);
  const [larger, smaller] = alpha >= beta ? [alpha, beta] : [beta, alpha];
  if (smaller + earliest < MIN_ONE_MINUS_Z * (larger + earliest)) return NaN;
  const constant = r * Math.log(alpha) + s * Math.log(beta);
  const logS = Math.log(s);
  let total = 0;
  for (let i = 0; i < rows.rows; i++) {
    const w = rows.weight[i]!;
    if (w === 0) continue;
    const x = rows.frequency[i]!;
    const T = rows.T[i]!;
    const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const dropped = logS - Math.log(r + s + x) + logA0(termAt(x, rows.recency[i]!), termAt(x, T));
    total += w * (rising[x]! + constant + logAddExp(alive, dropped));
  }
  return total;
}

/**
 * Log of the odds that a customer with (x, t_x, T) has dropped out:
 * ln[s/(r+s+x)] + (r+x) ln(α+T) + s ln(β+T) + ln A0, so that
 * P(alive) = 1 / (1 + exp(odds)) (Fader & Hardie's 2005 note). −Infinity when t_x = T.
 */
export function paretoNbdLogDropoutOdds(params: ParetoNbdParams, x: number, recency: number, T: number): number {
  const { r, alpha, s, beta } = params;
  const a0 = logA0(logTermAt(params, x, recency), logTermAt(params, x, T));
  return Math.log(s) - Math.log(r + s + x) + (r + x) * Math.log(alpha + T) + s * Math.log(beta + T) + a0;
}

// [1 − (1 + t/scale)^−(s−1)] / (s − 1), with its limit ln(1 + t/scale) at s = 1.
function dropoutIntegral(s: number, scale: number, t: number): number {
  const log = Math.log1p(t / scale);
  const d = s - 1;
  return d === 0 ? log : -Math.expm1(-d * log) / d;
}

/**
 * Expected purchases of a new customer in a period of length t, E[X(t)] =
 * r β / (α (s − 1)) · [1 − (β / (β + t))^(s−1)], and (r/α) β ln((β + t)/β) at s = 1 (Schmittlein,
 * Morrison & Colombo 1987; Fader & Hardie's 2005 note), computed through expm1 so it is
 * continuous across s = 1.
 */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number): number {
  const { r, alpha, s, beta } = params;
  return ((r * beta) / alpha) * dropoutIntegral(s, beta, t);
}

/**
 * Expected purchases in (T, T + t] of a customer with x purchases observed over T who is alive
 * at T: (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] (limit at s = 1 as in
 * {@link paretoNbdExpectedPurchases}); times P(alive) it is E[Y(t) | x, t_x, T] (Fader & Hardie's
 * 2005 note).
 */
export function paretoNbdAliveExpectation(params: ParetoNbdParams, x: number, T: number, t: number): number {
  const { r, alpha, s, beta } = params;
  return (((r + x) * (beta + T)) / (alpha + T)) * dropoutIntegral(s, beta + T, t);
}

/**
 * Fits the Pareto/NBD model of Schmittlein, Morrison & Colombo (1987) by maximum likelihood:
 * while alive, a customer buys at rate λ ~ Gamma(r, α) (Poisson purchases) and drops out after an
 * exponential lifetime of rate μ ~ Gamma(s, β), unobserved. The likelihood is that of Fader &
 * Hardie's note on the Pareto/NBD, with the Gauss hypergeometric function evaluated in log
 * space, so heavy buyers (hundreds of purchases) stay finite; weighted rows from
 * `compressSummaries` fit as fast as their distinct rows. Standard errors come from the observed
 * information. The predictions ({@link probabilityAlive}, {@link expectedPurchases},
 * {@link conditionalExpectedPurchases}) accept the model.
 *
 * On the CDNOW sample (weeks, calibration to 1997-09-30) it gives the published fit
 * r 0.553, α 10.578, s 0.606, β 11.669, log-likelihood -9595.0 (Fader, Hardie & Lee 2005).
 *
 * @see Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting your customers: who are
 *   they and what will they do next? Management Science 33(1), 1-24.
 * @see Fader, P. S. & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD model and related
 *   expressions. http://brucehardie.com/notes/009/
 * @param data - a {@link TransactionSummary} (its unit is used), or rows `{ frequency, recency, T, count? }`
 * @param options - unit (required with rows), penalizer
 * @returns the fitted model, plain data
 * @throws LoyaltyMetricsError `INVALID_VALUE` (impossible rows), `INVALID_ARGUMENT` (no unit,
 *   bad penalizer, no customer), `NOT_CONVERGED` (with the last estimate in `details.estimate`)
 * @example
 * const simulated = simulateBgNbd({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers: 2000, T: 39, seed: 3 });
 * fitParetoNbd(compressSummaries(simulated), { unit: 'week' }) // => { kind: 'pareto/nbd', n: 2000, unit: 'week' }
 */
export function fitParetoNbd(data: PurchaseModelData, options: FitParetoNbdOptions = {}): ParetoNbdModel {
  const fn = 'fitParetoNbd';
  const penalizer = penalizerOption(fn, options.penalizer);
  const { rows, unit } = purchaseModelData(fn, data, options.unit);
  if (rows.customers === 0) throw invalidArgument(fn, 'data', data, 'must hold at least one customer');
  let meanT = 0;
  for (let i = 0; i < rows.rows; i++) meanT += (rows.weight[i]! * rows.T[i]!) / rows.customers;
  const scale = Math.max(meanT, 1e-3);
  const fit = fitMaximumLikelihood({
    fn,
    start: [1, scale, 1, scale],
    customers: rows.customers,
    penalizer,
    logLikelihood: ([r, alpha, s, beta], gradient) =>
      paretoNbdLogLikelihood({ r: r!, alpha: alpha!, s: s!, beta: beta! }, rows, gradient),
  });
  const [r, alpha, s, beta] = fit.params as [number, number, number, number];
  const [seR, seAlpha, seS, seBeta] = fit.standardErrors as [number, number, number, number];
  return {
    kind: 'pareto/nbd',
    params: { r, alpha, s, beta },
    logLikelihood: fit.logLikelihood,
    standardErrors: { r: seR, alpha: seAlpha, s: seS, beta: seBeta },
    covariance: fit.covariance,
    n: rows.customers,
    iterations: fit.iterations,
    unit,
    penalizer,
  };
}
