/**
 * The beta-geometric/beta-Bernoulli (BG/BB) model of Fader, Hardie & Shang (2010) for discrete
 * transaction opportunities (an annual donation drive, a yearly event, a weekly class): the fit,
 * the predictions and a seeded simulator, written for this library from the paper's definitions.
 */

import { LoyaltyMetricsError } from '../errors';
import { isPositiveFinite } from '../_internal/numbers';
import { emptyInput, invalidArgument, invalidValue } from '../_internal/fail';
import { numberOption } from '../_internal/options';
import { iterableArgument, objectArgument } from '../_internal/records';
import { logSumExp } from '../stats/optimize';
import { betaDraw, seededRandom } from '../stats/random';
import { digammaDifference, logBeta, logBetaRatio } from '../stats/special';
import { fitMaximumLikelihood, penalizerOption, type LikelihoodFit } from './mle';
import { addCustomers, distinctRows } from './rows';
import { simulatedCustomersOption } from './simulate';

/**
 * Parameters of the BG/BB model: the transaction probability p ~ Beta(α, β) and the dropout
 * probability θ ~ Beta(γ, δ), both per transaction opportunity (period). All four are > 0.
 */
export interface BgBbParams {
  /** First shape of the beta distribution of the transaction probability p. */
  alpha: number;
  /** Second shape of the beta distribution of the transaction probability p. */
  beta: number;
  /** First shape of the beta distribution of the dropout probability θ. */
  gamma: number;
  /** Second shape of the beta distribution of the dropout probability θ. */
  delta: number;
}

/** A customer's history over n discrete transaction opportunities (periods), as the BG/BB model reads it. */
export interface BgBbCustomer {
  /** x: number of repeat transactions in the n opportunities (an integer, 0 <= x <= recency). */
  frequency: number;
  /** t_x: the opportunity (1..n) of the last repeat transaction, 0 when there is none (an integer <= periods). */
  recency: number;
  /** n: number of transaction opportunities (periods) observed after the first transaction (an integer >= 0). */
  periods: number;
}

/** A customer (or `count` customers with the same history) to fit the BG/BB model on. */
export interface BgBbRow extends BgBbCustomer {
  /** Number of customers with this history (an integer >= 0); default 1. */
  count?: number | undefined;
}

/** A fitted BG/BB model: plain data. Probabilities are per transaction opportunity (period). */
export interface BgBbModel {
  /** Always `'bg/bb'`. */
  kind: 'bg/bb';
  /** Maximum-likelihood parameters. */
  params: BgBbParams;
  /** Log-likelihood at the estimate (of all customers, counts included). */
  logLikelihood: number;
  /**
   * Standard errors of the parameters (observed information, plus the penalty's curvature when
   * `penalizer` > 0). A fit whose information is singular throws `NOT_CONVERGED` instead.
   */
  standardErrors: BgBbParams;
  /** Covariance matrix of (α, β, γ, δ), the inverse observed information: for intervals of predictions. */
  covariance: number[][];
  /** Number of customers fitted (the sum of the counts). */
  n: number;
  /** Optimizer iterations. */
  iterations: number;
  /** The L2 penalty used (0: plain maximum likelihood). */
  penalizer: number;
}

/** Options of {@link fitBgBb}. */
export interface FitBgBbOptions {
  /** L2 penalty λ Σ θ² on the parameters, to keep small or sparse data sets in range; default 0. */
  penalizer?: number | undefined;
}

/** Options of {@link simulateBgBb}. */
export interface SimulateBgBbOptions {
  /** Number of customers to simulate (an integer from 1 to 10,000,000). */
  customers: number;
  /** Number of transaction opportunities n after the first transaction (an integer >= 0). */
  periods: number;
  /** Seed of the generator (an integer); the same seed gives the same customers. Default 1. */
  seed?: number | undefined;
}

/** A simulated BG/BB customer: the history the model sees, plus the hidden truth. */
export interface SimulatedBgBbCustomer {
  /** x: repeat transactions in the n opportunities. */
  frequency: number;
  /** t_x: the opportunity of the last repeat transaction, 0 when none. */
  recency: number;
  /** n: the number of opportunities observed. */
  periods: number;
  /** The customer's transaction probability p per opportunity while alive. */
  transactionProbability: number;
  /** The customer's dropout probability θ at the start of each opportunity. */
  dropoutProbability: number;
  /** Whether the customer is still alive at opportunity n (has not dropped out). */
  alive: boolean;
}

/** Distinct BG/BB histories with their total counts, as columns. */
export interface BgBbColumns {
  /** x of each distinct history. */
  frequency: Int32Array;
  /** t_x of each distinct history. */
  recency: Int32Array;
  /** n of each distinct history. */
  periods: Int32Array;
  /** Number of customers with each history. */
  weight: Float64Array;
  /** Number of distinct histories. */
  rows: number;
  /** Number of customers (the sum of the weights). */
  customers: number;
  /** Largest n - t_x: the length of the longest sum in the likelihood. */
  maxGap: number;
}

// Histories are stored as 32-bit integers, and a prediction sums one term per opportunity after
// the last transaction: a million opportunities (19,000 years of weekly ones) is the limit.
const MAX_OPPORTUNITIES = 1_000_000;

const HISTORY_RULE =
  'frequency, recency and periods must be integers with 0 <= frequency <= recency <= periods <= 1000000, ' +
  'recency 0 exactly when frequency is 0';

// Why a (x, t_x, n) history is impossible, or undefined when it is a valid one.
function historyProblem(history: unknown): string | undefined {
  const { frequency: x, recency: tx, periods: n } = (history ?? {}) as BgBbCustomer;
  const integers = Number.isSafeInteger(x) && Number.isSafeInteger(tx) && Number.isSafeInteger(n);
  return integers && x >= 0 && x <= tx && tx <= n && n <= MAX_OPPORTUNITIES && (x === 0) === (tx === 0)
    ? undefined
    : HISTORY_RULE;
}

/**
 * Reads `{ frequency, recency, periods, count? }` rows, refusing impossible ones with INVALID_VALUE
 * (the index is the row's position in the input), into their {@link distinctRows}: a million
 * customers over six opportunities become at most 22 rows (one without a purchase, and the 21
 * pairs 1 <= x <= t_x <= 6).
 */
export function readBgBbRows(fn: string, data: Iterable<BgBbRow>): BgBbColumns {
  const rows = [...iterableArgument(fn, 'customers', data, '{ frequency, recency, periods } rows')];
  const frequencies = new Int32Array(rows.length);
  const recencies = new Int32Array(rows.length);
  const periodCounts = new Int32Array(rows.length);
  const counts = new Float64Array(rows.length);
  let customers = 0;
  rows.forEach((row, index) => {
    const why = historyProblem(row);
    if (why !== undefined) throw invalidValue(fn, index, row, why);
    // A default for an absent count only: null is refused, as by the other fits.
    const { count = 1 } = row;
    if (!(Number.isSafeInteger(count) && count >= 0)) {
      throw invalidValue(fn, index, row, 'count must be an integer >= 0');
    }
    frequencies[index] = row.frequency;
    recencies[index] = row.recency;
    periodCounts[index] = row.periods;
    counts[index] = count;
    customers = addCustomers(fn, customers, count, index, row);
  });
  const distinct = distinctRows([frequencies, recencies, periodCounts], counts);
  const [frequency, recency, periods] = distinct.columns as [Int32Array, Int32Array, Int32Array];
  let maxGap = 0;
  periods.forEach((n, i) => (maxGap = Math.max(maxGap, n - recency[i]!)));
  return { frequency, recency, periods, weight: distinct.counts, rows: distinct.counts.length, customers, maxGap };
}

/**
 * Fills `out` with the logarithms of the terms of one customer's likelihood (FHS 2010, eq. 5) and
 * returns their number:
 *
 *   out[0]   = ln[ B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) ]            alive through opportunity n
 *   out[1+i] = ln[ B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ) ]   dropped out at the start of t_x+i+1
 *
 * for i = 0 .. n−t_x−1. Each term of the sum follows from the previous one by the ratios
 * (β+t_x−x+i)/(α+β+t_x+i) and (δ+t_x+i)/(γ+δ+t_x+i+1). The first two are ratios of beta
 * functions taken whole ({@link logBetaRatio}): as differences of log-betas they cancel when the
 * shapes are large (nearly identical customers), where ln B(α, β) is in the millions.
 */
function logTerms(params: BgBbParams, x: number, tx: number, n: number, out: Float64Array): number {
  const { alpha, beta, gamma, delta } = params;
  out[0] = logBetaRatio(alpha, beta, x, n - x) + logBetaRatio(gamma, delta, 0, n);
  let term = logBetaRatio(alpha, beta, x, tx - x) + logBetaRatio(gamma, delta, 1, tx);
  for (let i = 0; i < n - tx; i++) {
    out[1 + i] = term;
    const j = tx + i;
    term += Math.log((beta + (j - x)) / (alpha + beta + j)) + Math.log((delta + j) / (gamma + delta + j + 1));
  }
  return 1 + n - tx;
}

/**
 * Weighted BG/BB log-likelihood of the rows (FHS 2010, eq. 5, summed in log space with
 * log-sum-exp) and, when `gradient` is given, its derivatives with respect to (α, β, γ, δ):
 * every term is a product of beta-function ratios, so its log-derivative is a sum of digamma
 * differences, ∂/∂a ln[B(a+i, b+j)/B(a,b)] = [ψ(a+i) − ψ(a)] − [ψ(a+b+i+j) − ψ(a+b)], and the
 * row's derivative is the mean of those over the terms' shares of the row's likelihood. Each
 * difference is taken whole ({@link digammaDifference}; two digammas of large shapes cancel), and
 * those of consecutive terms follow by ψ(z + 1) = ψ(z) + 1/z.
 */
export function bgBbLogLikelihood(params: BgBbParams, rows: BgBbColumns, gradient?: Float64Array): number {
  const { alpha, beta, gamma, delta } = params;
  const terms = new Float64Array(rows.maxGap + 1);
  let total = 0;
  let gAlpha = 0;
  let gBeta = 0;
  let gGamma = 0;
  let gDelta = 0;
  for (let r = 0; r < rows.rows; r++) {
    const x = rows.frequency[r]!;
    const tx = rows.recency[r]!;
    const n = rows.periods[r]!;
    const w = rows.weight[r]!;
    const count = logTerms(params, x, tx, n, terms);
    const logL = logSumExp(terms.subarray(0, count));
    total += w * logL;
    if (!gradient) continue;
    // Alive through n: B(α+x, β+n−x)/B(α,β) and B(γ, δ+n)/B(γ,δ).
    const sAlive = Math.exp(terms[0]! - logL);
    const abN = digammaDifference(alpha + beta, n);
    const gdN = digammaDifference(gamma + delta, n);
    let dAlpha = -sAlive * abN;
    let dBeta = sAlive * (digammaDifference(beta, n - x) - abN);
    let dGamma = -sAlive * gdN;
    let dDelta = sAlive * (digammaDifference(delta, n) - gdN);
    // Dropped out at the start of opportunity j + 1, j = t_x .. n−1: B(α+x, β+j−x)/B(α,β) and B(γ+1, δ+j)/B(γ,δ).
    let abJ = digammaDifference(alpha + beta, tx);
    let bJ = digammaDifference(beta, tx - x);
    let dJ = digammaDifference(delta, tx);
    let gdJ = digammaDifference(gamma + delta, tx + 1);
    for (let j = tx; j < n; j++) {
      const share = Math.exp(terms[1 + j - tx]! - logL);
      dAlpha -= share * abJ;
      dBeta += share * (bJ - abJ);
      dGamma += share * (1 / gamma - gdJ);
      dDelta += share * (dJ - gdJ);
      abJ += 1 / (alpha + beta + j);
      bJ += 1 / (beta + (j - x));
      dJ += 1 / (delta + j);
      gdJ += 1 / (gamma + delta + j + 1);
    }
    // ψ(α+x) − ψ(α) is common to every term, and the shares sum to 1.
    gAlpha += w * (digammaDifference(alpha, x) + dAlpha);
    gBeta += w * dBeta;
    gGamma += w * dGamma;
    gDelta += w * dDelta;
  }
  if (gradient) {
    gradient[0] = gAlpha;
    gradient[1] = gBeta;
    gradient[2] = gGamma;
    gradient[3] = gDelta;
  }
  return total;
}

/**
 * ln P(alive at opportunity n | x, t_x, n): the share of the "alive through n" term in the
 * customer's likelihood, B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ) / L(α, β, γ, δ | x, t_x, n).
 */
function logAliveAtN(params: BgBbParams, x: number, tx: number, n: number): number {
  const terms = new Float64Array(1 + n - tx);
  logTerms(params, x, tx, n, terms);
  return terms[0]! - logSumExp(terms);
}

/**
 * Σ_{s=1}^{m} E[(1−θ)^s] for θ ~ Beta(γ, d): the expected number of the next m opportunities at
 * which a customer alive now is still alive. E[(1−θ)^s] = B(γ, d+s)/B(γ, d) = Π_{k<s} (d+k)/(γ+d+k),
 * accumulated term by term, so it holds for every γ > 0 (the closed form divides by γ − 1).
 */
function expectedAliveOpportunities(gamma: number, d: number, m: number): number {
  let survival = 1;
  let sum = 0;
  for (let k = 0; k < m; k++) {
    survival *= (d + k) / (gamma + d + k);
    sum += survival;
  }
  return sum;
}

function bgBbParams(fn: string, model: Pick<BgBbModel, 'kind' | 'params'>): BgBbParams {
  const params = model?.kind === 'bg/bb' ? model.params : undefined;
  const ok =
    typeof params === 'object' &&
    params !== null &&
    [params.alpha, params.beta, params.gamma, params.delta].every(isPositiveFinite);
  if (!ok) {
    throw invalidArgument(
      fn,
      'model',
      model,
      'must be a fitted BG/BB model (from fitBgBb) with positive finite parameters',
    );
  }
  return params;
}

function bgBbCustomer(fn: string, customer: BgBbCustomer): BgBbCustomer {
  const why = historyProblem(customer);
  if (why !== undefined) throw invalidValue(fn, 0, customer, why);
  return customer;
}

const periodsArgument = (fn: string, periods: unknown): number =>
  numberOption(fn, 'periods', periods, { lower: 0, lowerInclusive: true, upper: MAX_OPPORTUNITIES, integer: true });

// The log-likelihood where a search that did not converge stopped (NaN compares as lower).
const endedAt = (failure: LoyaltyMetricsError): number => failure.details.logLikelihood!;

/**
 * Fits the BG/BB model ("beta-geometric/beta-Bernoulli") of Fader, Hardie & Shang (2010) by
 * maximum likelihood, for transactions that can only happen at discrete opportunities (periods):
 * at each of the n opportunities after the first transaction, a customer who is alive transacts
 * with probability p ~ Beta(α, β); at the start of each opportunity an alive customer drops out,
 * for good, with probability θ ~ Beta(γ, δ). The likelihood of a history (x, t_x, n) is
 *
 *   L = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *       + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ),
 *
 * computed in log space. Rows with the same history are merged first, so a million customers over
 * six opportunities fit as fast as their (at most 22) distinct histories. Standard errors come from
 * the observed information.
 *
 * On the donation data of the paper (11,104 donors of 1995, six annual opportunities 1996-2001) it
 * gives the published fit α 1.204, β 0.750, γ 0.657, δ 2.783, log-likelihood -33,225.58.
 *
 * @see Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a discrete-time
 *   noncontractual setting. Marketing Science 29(6), 1086-1108, eq. 5.
 * @param data - rows `{ frequency, recency, periods, count? }`: x repeat transactions, t_x the
 *   opportunity of the last one (0 if none), n opportunities, and how many customers have that history
 * @param options - penalizer
 * @returns the fitted model, plain data; α, β and γ, δ are shapes of per-opportunity probabilities
 * @throws LoyaltyMetricsError `INVALID_VALUE` (a row that is not integers with
 *   0 <= x <= t_x <= n <= 1,000,000 and t_x = 0 exactly when x = 0, or a bad count; `details.index` names it),
 *   `EMPTY_INPUT` (no customer), `INVALID_ARGUMENT` (not an iterable, bad penalizer), `NOT_CONVERGED`
 *   (with the last estimate in `details.estimate`)
 * @example
 * // FHS (2010): [x, t_x, donors] of 11,104 donors over n = 6 annual opportunities.
 * const donations: Array<[x: number, tx: number, donors: number]> = [
 *   [0, 0, 3464], [1, 1, 1091], [1, 2, 277], [1, 3, 129], [1, 4, 78], [1, 5, 119], [1, 6, 129],
 *   [2, 2, 613], [2, 3, 255], [2, 4, 155], [2, 5, 173], [2, 6, 234], [3, 3, 322], [3, 4, 181],
 *   [3, 5, 225], [3, 6, 357], [4, 4, 240], [4, 5, 284], [4, 6, 512], [5, 5, 335], [5, 6, 728],
 *   [6, 6, 1203],
 * ];
 * const model = fitBgBb(donations.map(([frequency, recency, count]) => ({ frequency, recency, periods: 6, count })));
 * model.params // => { alpha: 1.20, beta: 0.750, gamma: 0.657, delta: 2.78 }
 * model.logLikelihood // => -33225.58
 * model.n // => 11104
 */
export function fitBgBb(data: Iterable<BgBbRow>, options: FitBgBbOptions = {}): BgBbModel {
  const fn = 'fitBgBb';
  objectArgument(fn, 'options', options, 'an object { penalizer? }');
  const penalizer = penalizerOption(fn, options.penalizer);
  const rows = readBgBbRows(fn, data);
  if (rows.customers === 0) throw emptyInput(fn, 'no customer to fit');
  // The likelihood can have two maxima: transaction shapes below 1 (customers who buy at nearly
  // every opportunity or at none) against larger ones. A search from (1, 1, 1, 1) can stop at the
  // lower one, so a second starts from small transaction shapes and the higher maximum is kept.
  // A search that does not converge but ends higher than the other's maximum (on a ridge that rises
  // toward 0 or infinity) shows that maximum is not the top: then the fit does not converge.
  let fit: LikelihoodFit | undefined;
  let failure: LoyaltyMetricsError | undefined;
  for (const start of [
    [1, 1, 1, 1],
    [0.1, 0.1, 1, 1],
  ]) {
    try {
      const found = fitMaximumLikelihood({
        fn,
        start,
        customers: rows.customers,
        penalizer,
        logLikelihood: ([alpha, beta, gamma, delta], gradient) =>
          bgBbLogLikelihood({ alpha: alpha!, beta: beta!, gamma: gamma!, delta: delta! }, rows, gradient),
      });
      if (fit === undefined || found.logLikelihood > fit.logLikelihood) fit = found;
    } catch (error) {
      if (!(error instanceof LoyaltyMetricsError && error.code === 'NOT_CONVERGED')) throw error;
      if (failure === undefined || endedAt(error) > endedAt(failure)) failure = error;
    }
  }
  // More than the rounding of a converged log-likelihood higher.
  if (fit === undefined || (failure !== undefined && endedAt(failure) > fit.logLikelihood + 1e-6)) throw failure;
  const [alpha, beta, gamma, delta] = fit.params as [number, number, number, number];
  const [seAlpha, seBeta, seGamma, seDelta] = fit.standardErrors as [number, number, number, number];
  return {
    kind: 'bg/bb',
    params: { alpha, beta, gamma, delta },
    logLikelihood: fit.logLikelihood,
    standardErrors: { alpha: seAlpha, beta: seBeta, gamma: seGamma, delta: seDelta },
    covariance: fit.covariance,
    n: rows.customers,
    iterations: fit.iterations,
    penalizer,
  };
}

/**
 * Probability that a customer with history (x, t_x, n) is still alive at the next transaction
 * opportunity, n + 1 (FHS 2010, eq. 11):
 *
 *   P(alive at n+1 | x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L(α, β, γ, δ | x, t_x, n),
 *
 * computed in log space. It rises with recency t_x for a given frequency x.
 *
 * @see Fader, Hardie & Shang (2010), Marketing Science 29(6), eq. 11 and Table 6 (P(alive in 2002)).
 * @param model - a fitted BG/BB model (`kind` and `params` are read)
 * @param customer - `{ frequency, recency, periods }`: x, t_x and n, in opportunities (periods)
 * @returns P(alive at opportunity n + 1), in [0, 1]
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (not a BG/BB model), `INVALID_VALUE` (impossible history)
 * @example
 * const model = { kind: 'bg/bb', params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } } as const;
 * bgBbProbabilityAlive(model, { frequency: 0, recency: 0, periods: 6 }) // => 0.1080
 * bgBbProbabilityAlive(model, { frequency: 2, recency: 4, periods: 6 }) // => 0.5895
 * bgBbProbabilityAlive(model, { frequency: 6, recency: 6, periods: 6 }) // => 0.9304
 */
export function bgBbProbabilityAlive(model: Pick<BgBbModel, 'kind' | 'params'>, customer: BgBbCustomer): number {
  const fn = 'bgBbProbabilityAlive';
  const params = bgBbParams(fn, model);
  const { frequency: x, recency: tx, periods: n } = bgBbCustomer(fn, customer);
  const { gamma, delta } = params;
  // Alive at n + 1: alive at n, then not dropping out at the start of n + 1 (posterior θ ~ Beta(γ, δ+n)).
  return Math.exp(logAliveAtN(params, x, tx, n)) * ((delta + n) / (gamma + delta + n));
}

/**
 * Expected number of transactions in the next `periods` opportunities (n+1 .. n+n*) of a customer
 * with history (x, t_x, n) (FHS 2010, eq. 13):
 *
 *   E[X(n, n+n*) | x, t_x, n] = P(alive at n | x, t_x, n) · (α+x)/(α+β+n) · Σ_{s=1}^{n*} B(γ, δ+n+s)/B(γ, δ+n),
 *
 * which is the paper's closed form, δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)]
 * times B(α+x+1, β+n−x)/B(α,β) / L, written as a sum of n* terms so it holds at γ = 1 too.
 *
 * @see Fader, Hardie & Shang (2010), Marketing Science 29(6), eq. 13.
 * @param model - a fitted BG/BB model (`kind` and `params` are read)
 * @param customer - `{ frequency, recency, periods }`: x, t_x and n, in opportunities (periods)
 * @param periods - n*: the number of future opportunities (an integer >= 0)
 * @returns expected transactions, >= 0 and at most n*
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (not a BG/BB model, periods not an integer from 0
 *   to 1,000,000), `INVALID_VALUE` (impossible history)
 * @example
 * const model = { kind: 'bg/bb', params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } } as const;
 * // Expected donations in 2002-2006 of a donor who gave in 4 of the 6 years, last in 2001.
 * bgBbConditionalExpectedTransactions(model, { frequency: 4, recency: 6, periods: 6 }, 5) // => 2.710
 */
export function bgBbConditionalExpectedTransactions(
  model: Pick<BgBbModel, 'kind' | 'params'>,
  customer: BgBbCustomer,
  periods: number,
): number {
  const fn = 'bgBbConditionalExpectedTransactions';
  const params = bgBbParams(fn, model);
  const { frequency: x, recency: tx, periods: n } = bgBbCustomer(fn, customer);
  const future = periodsArgument(fn, periods);
  const { alpha, beta, gamma, delta } = params;
  const alive = Math.exp(logAliveAtN(params, x, tx, n));
  return alive * ((alpha + x) / (alpha + beta + n)) * expectedAliveOpportunities(gamma, delta + n, future);
}

/**
 * Expected number of transactions of a new customer in their first `periods` opportunities after
 * the first transaction (FHS 2010, eq. 7):
 *
 *   E[X(n)] = α/(α+β) · Σ_{t=1}^{n} B(γ, δ+t)/B(γ, δ),
 *
 * the paper's α/(α+β) · δ/(γ−1) · [1 − Γ(γ+δ)/Γ(1+δ) · Γ(1+δ+n)/Γ(γ+δ+n)] written as a sum of n
 * terms, so it holds at γ = 1 too.
 *
 * @see Fader, Hardie & Shang (2010), Marketing Science 29(6), eq. 7.
 * @param model - a fitted BG/BB model (`kind` and `params` are read)
 * @param periods - n: the number of opportunities (an integer >= 0)
 * @returns expected transactions, >= 0 and at most n
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (not a BG/BB model, periods not an integer from 0
 *   to 1,000,000)
 * @example
 * const model = { kind: 'bg/bb', params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } } as const;
 * bgBbExpectedTransactions(model, 6) // => 2.220
 * bgBbExpectedTransactions(model, 0) // => 0
 */
export function bgBbExpectedTransactions(model: Pick<BgBbModel, 'kind' | 'params'>, periods: number): number {
  const fn = 'bgBbExpectedTransactions';
  const { alpha, beta, gamma, delta } = bgBbParams(fn, model);
  return (alpha / (alpha + beta)) * expectedAliveOpportunities(gamma, delta, periodsArgument(fn, periods));
}

/**
 * Probability that a new customer makes exactly x transactions in their first n opportunities
 * (FHS 2010, eq. 6):
 *
 *   P(X(n) = x) = C(n, x) B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *                 + Σ_{i=x}^{n−1} C(i, x) B(α+x, β+i−x)/B(α,β) · B(γ+1, δ+i)/B(γ,δ),
 *
 * summed in log space. Over x = 0..n it sums to 1, and its mean is {@link bgBbExpectedTransactions}.
 *
 * @see Fader, Hardie & Shang (2010), Marketing Science 29(6), eq. 6.
 * @param model - a fitted BG/BB model (`kind` and `params` are read)
 * @param frequency - x: the number of transactions (an integer >= 0)
 * @param periods - n: the number of opportunities (an integer >= 0)
 * @returns a probability in [0, 1]; 0 when x > n
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (not a BG/BB model, x or n not an integer >= 0, n
 *   above 1,000,000)
 * @example
 * const model = { kind: 'bg/bb', params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 } } as const;
 * // Share of the 11,104 donors expected to give in none, and in all, of the 6 years.
 * bgBbTransactionProbability(model, 0, 6) // => 0.3112
 * bgBbTransactionProbability(model, 6, 6) // => 0.1128
 */
export function bgBbTransactionProbability(
  model: Pick<BgBbModel, 'kind' | 'params'>,
  frequency: number,
  periods: number,
): number {
  const fn = 'bgBbTransactionProbability';
  const params = bgBbParams(fn, model);
  const x = numberOption(fn, 'frequency', frequency, { lower: 0, lowerInclusive: true, integer: true });
  const n = periodsArgument(fn, periods);
  if (x > n) return 0;
  // The beta ratios are those of the likelihood of a customer whose last transaction was the x-th
  // at opportunity x (t_x = x): alive through n, then dropped out at the start of i + 1, i = x..n−1.
  const terms = new Float64Array(1 + n - x);
  logTerms(params, x, x, n, terms);
  // ln C(i, x) = -ln(i + 1) - ln B(x + 1, i − x + 1).
  const logChoose = (i: number): number => -Math.log(i + 1) - logBeta(x + 1, i - x + 1);
  terms[0] = terms[0]! + logChoose(n);
  for (let i = x; i < n; i++) terms[1 + i - x] = terms[1 + i - x]! + logChoose(i);
  return Math.min(1, Math.exp(logSumExp(terms)));
}

/**
 * Simulates customers from the BG/BB model, reproducibly from `seed`: each draws a transaction
 * probability p ~ Beta(α, β) and a dropout probability θ ~ Beta(γ, δ); at the start of each of
 * the n opportunities an alive customer drops out with probability θ, and if still alive transacts
 * with probability p. Fitting {@link fitBgBb} to the result recovers the parameters (within
 * sampling error): the check that the model code is right.
 *
 * @see Fader, Hardie & Shang (2010), Marketing Science 29(6), section 2 (the model's assumptions).
 * @param params - true parameters `{ alpha, beta, gamma, delta }`, all > 0
 * @param options - customers, periods (n opportunities), seed
 * @returns one simulated customer per row, `{ frequency, recency, periods }` plus the hidden truth
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for non-positive parameters or bad options
 * @example
 * const params = { alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 };
 * const customers = simulateBgBb(params, { customers: 3, periods: 6, seed: 7 });
 * customers.length // => 3
 * customers.every((c) => c.frequency <= c.recency && c.recency <= 6) // => true
 */
export function simulateBgBb(params: BgBbParams, options: SimulateBgBbOptions): SimulatedBgBbCustomer[] {
  const fn = 'simulateBgBb';
  objectArgument(fn, 'params', params, 'an object { alpha, beta, gamma, delta }');
  objectArgument(fn, 'options', options, 'an object { customers, periods }');
  const alpha = numberOption(fn, 'params.alpha', params.alpha, { lower: 0 });
  const beta = numberOption(fn, 'params.beta', params.beta, { lower: 0 });
  const gamma = numberOption(fn, 'params.gamma', params.gamma, { lower: 0 });
  const delta = numberOption(fn, 'params.delta', params.delta, { lower: 0 });
  const count = simulatedCustomersOption(fn, options.customers);
  const periods = periodsArgument(fn, options.periods);
  const random = seededRandom(numberOption(fn, 'seed', options.seed, { integer: true }, 1));
  const customers: SimulatedBgBbCustomer[] = [];
  for (let k = 0; k < count; k++) {
    const transactionProbability = betaDraw(random, alpha, beta);
    const dropoutProbability = betaDraw(random, gamma, delta);
    let frequency = 0;
    let recency = 0;
    let alive = true;
    for (let t = 1; t <= periods; t++) {
      if (random() < dropoutProbability) {
        alive = false;
        break;
      }
      if (random() < transactionProbability) {
        frequency++;
        recency = t;
      }
    }
    customers.push({ frequency, recency, periods, transactionProbability, dropoutProbability, alive });
  }
  return customers;
}
