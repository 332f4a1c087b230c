import { invalidArgument } from '../_internal/fail';
import { logHypergeometric2F1 } from '../stats/hypergeometric';
import { betaExpectation } from '../stats/quadrature';
import { logGamma } from '../stats/special';
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
 * `logTermAt` is the log of one term at time t (and, with `gradient`, its derivatives in
 * (r, α, s, β)); `logA0` takes A0 = exp(at t_x) − exp(at T) ≥ 0 with logDiffExp (−Infinity when
 * t_x = T, or when rounding makes the difference vanish).
 */
function logTermAt(params: ParetoNbdParams, x: number, t: number, gradient?: Float64Array): number {
  const { r, alpha, s, beta } = params;
  const a = r + s + x;
  const alphaLarger = alpha >= beta;
  const [larger, smaller, second] = alphaLarger ? [alpha, beta, s + 1] : [beta, alpha, r + x];
  // 1 − z = (smaller + t) / (larger + t): the series needs ~40 / (1 − z) terms, and the library's
  // 2F1 gives up (NaN) after a million. Refuse at once what it would refuse after ~20 ms.
  if (smaller + t < MIN_ONE_MINUS_Z * (larger + t)) {
    gradient?.fill(NaN);
    return NaN;
  }
  const logLarger = Math.log(larger + t);
  const log2F1 = logHypergeometric2F1(a, second, a + 1, (larger - smaller) / (larger + t), gradient);
  if (gradient) {
    // Chain rule from d ln 2F1 / d(a, b, c, z), with a = r+s+x, c = a + 1, b = s+1 or r+x and
    // z = (larger − smaller) / (larger + t), to d/d(r, α, s, β) of ln 2F1 − a ln(larger + t).
    const [dA, dB, dC, dZ] = gradient as unknown as [number, number, number, number];
    const shape = dA + dC - logLarger;
    const dLarger = (dZ * (smaller + t)) / (larger + t) ** 2 - a / (larger + t);
    const dSmaller = -dZ / (larger + t);
    gradient[0] = shape + (alphaLarger ? 0 : dB);
    gradient[1] = alphaLarger ? dLarger : dSmaller;
    gradient[2] = shape + (alphaLarger ? dB : 0);
    gradient[3] = alphaLarger ? dSmaller : dLarger;
  }
  return log2F1 - a * logLarger;
}

function logA0(atRecency: number, atT: number): number {
  // A0 ≥ 0 exactly; a rounding-level negative difference (t_x just below T) counts as 0.
  return atRecency > atT ? logDiffExp(atRecency, atT) : Number.isNaN(atRecency + atT) ? NaN : -Infinity;
}

// The distinct (x, t) pairs at which the rows take their A0 terms (each row one at t_x and one at
// T), and each row's index into them: computed once per set of rows, reused by every evaluation.
interface TermPairs {
  frequency: Int32Array;
  time: Float64Array;
  atRecency: Int32Array;
  atT: Int32Array;
  /** The earliest time any term is taken at (rows of weight 0 left out). */
  earliest: number;
}
const termPairsOfRows = new WeakMap<RowColumns, TermPairs>();

function termPairs(rows: RowColumns): TermPairs {
  let pairs = termPairsOfRows.get(rows);
  if (pairs) return pairs;
  const times = rows.distinctT.length + rows.distinctRecency.length;
  const slots = new Map<number, number>();
  const frequency: number[] = [];
  const time: number[] = [];
  const slot = (x: number, timeIndex: number, t: number): number => {
    const key = x * times + timeIndex;
    let index = slots.get(key);
    if (index === undefined) {
      index = frequency.length;
      slots.set(key, index);
      frequency.push(x);
      time.push(t);
    }
    return index;
  };
  const atRecency = new Int32Array(rows.rows);
  const atT = new Int32Array(rows.rows);
  let earliest = Infinity;
  for (let i = 0; i < rows.rows; i++) {
    if (rows.weight[i]! > 0) earliest = Math.min(earliest, rows.recency[i]!);
    const x = rows.frequency[i]!;
    atRecency[i] = slot(x, rows.distinctT.length + rows.recencyIndex[i]!, rows.recency[i]!);
    atT[i] = slot(x, rows.tIndex[i]!, rows.T[i]!);
  }
  pairs = { frequency: Int32Array.from(frequency), time: Float64Array.from(time), atRecency, atT, earliest };
  termPairsOfRows.set(rows, pairs);
  return pairs;
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
 * When `gradient` is given it is filled with d ln L / d(r, α, s, β), analytically: the
 * hypergeometric series carries its own parameter derivatives (see the 2F1 module), and the rest
 * is the chain rule through logDiffExp and logAddExp (weights P(alive | the row) and its
 * complement). It costs about twice the value.
 */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, rows: RowColumns, gradient?: Float64Array): number {
  const { r, alpha, s, beta } = params;
  const max = rows.maxFrequency;
  // Σ_{k<x} ln(r + k) = ln Γ(r + x) − ln Γ(r), and its derivative Σ_{k<x} 1/(r + k), for x = 0..max.
  const rising = new Float64Array(max + 1);
  const risingSlope = new Float64Array(max + 1);
  for (let x = 1; x <= max; x++) {
    rising[x] = rising[x - 1]! + Math.log(r + x - 1);
    risingSlope[x] = risingSlope[x - 1]! + 1 / (r + x - 1);
  }
  // 1 − z is smallest at the earliest time a term is taken at: refuse the whole point at once
  // when some series would give up (parameters the optimizer is only probing).
  const pairs = termPairs(rows);
  const { earliest } = pairs;
  const [larger, smaller] = alpha >= beta ? [alpha, beta] : [beta, alpha];
  if (smaller + earliest < MIN_ONE_MINUS_Z * (larger + earliest)) {
    gradient?.fill(NaN);
    return NaN;
  }
  const terms = new Float64Array(pairs.time.length);
  // Derivatives of each term in (r, α, s, β), four per pair.
  const termGradients = gradient && new Float64Array(4 * terms.length);
  const termGradient = gradient && new Float64Array(4);
  for (let j = 0; j < terms.length; j++) {
    terms[j] = logTermAt(params, pairs.frequency[j]!, pairs.time[j]!, termGradient);
    if (termGradients) termGradients.set(termGradient!, 4 * j);
  }
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  const constant = r * logAlpha + s * logBeta;
  const logS = Math.log(s);
  let total = 0;
  let dR = 0;
  let dAlpha = 0;
  let dS = 0;
  let dBeta = 0;
  for (let i = 0; i < rows.rows; i++) {
    const w = rows.weight[i]!;
    if (w === 0) continue;
    const x = rows.frequency[i]!;
    const T = rows.T[i]!;
    const logAlphaT = Math.log(alpha + T);
    const logBetaT = Math.log(beta + T);
    const alive = -(r + x) * logAlphaT - s * logBetaT;
    const atRecency = terms[pairs.atRecency[i]!]!;
    const atT = terms[pairs.atT[i]!]!;
    const dropped = logS - Math.log(r + s + x) + logA0(atRecency, atT);
    const row = logAddExp(alive, dropped);
    total += w * (rising[x]! + constant + row);
    if (!gradient) continue;
    // Share of the dropout branch in the row's likelihood (0 when A0 = 0).
    const droppedShare = Math.exp(dropped - row);
    const aliveShare = 1 - droppedShare;
    // d ln A0 = (d at t_x − ρ · d at T) / (1 − ρ), ρ = exp(at T − at t_x) < 1; it enters with
    // the dropout share, which is 0 (and ρ may be 1) when A0 = 0.
    const ratio = Math.exp(atT - atRecency);
    const scale = droppedShare === 0 ? 0 : droppedShare / (1 - ratio);
    const fromRecency = 4 * pairs.atRecency[i]!;
    const fromT = 4 * pairs.atT[i]!;
    const dA0 = (k: number): number =>
      scale === 0 ? 0 : scale * (termGradients![fromRecency + k]! - ratio * termGradients![fromT + k]!);
    const inverseShape = 1 / (r + s + x);
    dR += w * (risingSlope[x]! + logAlpha - aliveShare * logAlphaT - droppedShare * inverseShape + dA0(0));
    dAlpha += w * (r / alpha - (aliveShare * (r + x)) / (alpha + T) + dA0(1));
    dS += w * (logBeta - aliveShare * logBetaT + droppedShare * (1 / s - inverseShape) + dA0(2));
    dBeta += w * (s / beta - (aliveShare * s) / (beta + T) + dA0(3));
  }
  gradient?.set([dR, dAlpha, dS, dBeta]);
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
 * Number of purchases X(t) of a new customer in a period of length t under the Pareto/NBD:
 * P(X(t) = n). Given λ and μ, the customer is alive through t and buys n times, or dropped out at
 * some ω < t after n purchases; with λ ~ Gamma(r, α) and μ ~ Gamma(s, β) (as in Fader & Hardie's
 * notes on the Pareto/NBD, 2005 and 2006):
 *
 *   P(X(t) = n) = NB(n; t) (β/(β+t))^s + ∫₀^t NB(n; τ) s β^s / (β+τ)^(s+1) dτ,
 *   NB(n; τ) = Γ(r+n) / (Γ(r) n!) · (α/(α+τ))^r (τ/(α+τ))^n.
 *
 * The integral is taken with v = τ/(α+τ) = v_t y, v_t = t/(α+t), which absorbs the factor that
 * grows with n: it equals NB-like constants times E[g(Y)] / (n + 1) for Y ~ Beta(n + 1, 1), with
 * g(y) = (1 − v_t y)^(r+s−1) (β + (α − β) v_t y)^−(s+1) bounded and free of n, computed by the
 * library's Beta quadrature. So heavy counts (n in the hundreds) stay accurate, and no alternating
 * sum of hypergeometric functions (the published closed form) loses digits to cancellation.
 */
export function paretoNbdPurchaseProbability(params: ParetoNbdParams, n: number, t: number): number {
  const { r, alpha, s, beta } = params;
  if (t === 0) return n === 0 ? 1 : 0;
  const logCoefficient = logGamma(r + n) - logGamma(r) - logGamma(n + 1);
  const share = alpha / (alpha + t);
  const reach = t / (alpha + t);
  const alive = Math.exp(logCoefficient + r * Math.log(share) + n * Math.log(reach) + s * Math.log(beta / (beta + t)));
  // 1 − v_t y = α/(α+t) + v_t (1 − y) and β + (α − β) v_t y = β (1 − y) + α (β+t)/(α+t) · y: sums of
  // positive terms, so g keeps its digits at both ends whatever t/α and β/α are.
  const end = (alpha * (beta + t)) / (alpha + t);
  const mean = betaExpectation(
    (y, oneMinusY) =>
      Math.exp((r + s - 1) * Math.log(share + reach * oneMinusY) - (s + 1) * Math.log(beta * oneMinusY + end * y)),
    n + 1,
    1,
    -Math.log(n + 1),
  );
  // ∫₀^t NB(n; τ) s β^s (β+τ)^−(s+1) dτ = C α s β^s v_t^(n+1) E[g(Y)] / (n + 1), C = Γ(r+n)/(Γ(r) n!).
  const logFront = logCoefficient + Math.log(alpha * s) + s * Math.log(beta) + (n + 1) * Math.log(reach);
  const dropped = Math.exp(logFront - Math.log(n + 1)) * mean;
  return alive + dropped;
}

/**
 * Fits the Pareto/NBD model of Schmittlein, Morrison & Colombo (1987) by maximum likelihood:
 * while alive, a customer buys at rate λ ~ Gamma(r, α) (Poisson purchases) and drops out after an
 * exponential lifetime of rate μ ~ Gamma(s, β), unobserved. The likelihood is that of Fader &
 * Hardie's note on the Pareto/NBD, with the Gauss hypergeometric function evaluated in log
 * space, so heavy buyers (hundreds of purchases) stay finite; weighted rows from
 * `compressSummaries` fit as fast as their distinct rows. Standard errors come from the observed
 * information. The predictions ({@link probabilityAlive}, {@link expectedPurchases},
 * {@link conditionalExpectedPurchases}, {@link purchaseProbability}) and
 * {@link customerLifetimeValue} accept the model.
 *
 * Known limit: on data that cannot tell the dropout parameters apart (s and β trade off along a
 * ridge, e.g. few customers who visibly stopped), the search can follow the ridge toward β/α in
 * the tens of thousands, where each hypergeometric term needs about 40 β/α terms of its series:
 * such a fit can take tens of seconds before it throws NOT_CONVERGED (two simulated data sets of
 * 300 customers: 9 s and 70 s on a 2-core machine). Well-identified data such as CDNOW fit in
 * tens of milliseconds.
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
