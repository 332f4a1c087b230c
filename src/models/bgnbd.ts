import { logBeta } from '../stats/special';
import { betaExpectations } from '../stats/quadrature';
import type { RowColumns } from './rows';

/** Parameters of the BG/NBD model: purchase rates λ ~ Gamma(r, α), dropout p ~ Beta(a, b). */
export interface BgNbdParams {
  /** Shape of the gamma distribution of purchase rates. */
  r: number;
  /** Scale of the gamma distribution of purchase rates, in the summary's time unit. */
  alpha: number;
  /** First shape of the beta distribution of the dropout probability. */
  a: number;
  /** Second shape of the beta distribution of the dropout probability. */
  b: number;
}

// Σ_{k<x} ln(c + k) = ln Γ(c + x) - ln Γ(c), and its derivative Σ 1/(c + k), for x = 0..max.
function risingLogSums(c: number, max: number, logs: Float64Array, derivatives: Float64Array): void {
  logs[0] = 0;
  derivatives[0] = 0;
  for (let x = 1; x <= max; x++) {
    logs[x] = logs[x - 1]! + Math.log(c + x - 1);
    derivatives[x] = derivatives[x - 1]! + 1 / (c + x - 1);
  }
}

/**
 * Weighted BG/NBD log-likelihood of the rows and, when `gradient` is given, its derivatives
 * with respect to (r, α, a, b), in the numerically stable form of Hardie's note 027:
 *
 *   ln L = ln Γ(r+x) - ln Γ(r) + r ln α + ln B(a, b+x) - ln B(a, b)
 *          + ln[ (α+T)^-(r+x) + 1{x>0} · a/(b+x-1) · (α+t_x)^-(r+x) ].
 *
 * The log-gamma and log-beta differences are sums of logs over k < x, shared by rows with the
 * same x, so one evaluation costs a few logarithms per row.
 */
export function bgNbdLogLikelihood(
  params: BgNbdParams,
  rows: RowColumns,
  gradient?: Float64Array,
  modified = false,
): number {
  const { r, alpha, a, b } = params;
  // MBG/NBD: the dropout chance also follows the first purchase, which shifts b + x to b + x + 1.
  const shift = modified ? 1 : 0;
  const max = rows.maxFrequency + shift;
  const sumR = new Float64Array(max + 1);
  const dSumR = new Float64Array(max + 1);
  const sumB = new Float64Array(max + 1);
  const dSumB = new Float64Array(max + 1);
  const sumAB = new Float64Array(max + 1);
  const dSumAB = new Float64Array(max + 1);
  risingLogSums(r, max, sumR, dSumR);
  risingLogSums(b, max, sumB, dSumB);
  risingLogSums(a + b, max, sumAB, dSumAB);
  const logAlpha = Math.log(alpha);
  const logA = Math.log(a);
  // ln(α + T) and ln(α + t_x) once per distinct value: rows share few of them.
  const logAlphaTs = rows.distinctT.map((t) => Math.log(alpha + t));
  const logAlphaRecencies = rows.distinctRecency.map((t) => Math.log(alpha + t));
  let total = 0;
  let gr = 0;
  let gAlpha = 0;
  let gA = 0;
  let gB = 0;
  for (let i = 0; i < rows.rows; i++) {
    const w = rows.weight[i]!;
    if (w === 0) continue;
    const x = rows.frequency[i]!;
    const rx = r + x;
    const logAlphaT = logAlphaTs[rows.tIndex[i]!]!;
    const a3 = -rx * logAlphaT;
    let mixture = a3;
    // Shares of the two terms of the mixture (alive at T, or dropped out after the last purchase).
    let q3 = 1;
    let q4 = 0;
    let logAlphaTx = 0;
    if (x > 0 || modified) {
      logAlphaTx = logAlphaRecencies[rows.recencyIndex[i]!]!;
      const a4 = logA - Math.log(b + x - 1 + shift) - rx * logAlphaTx;
      const top = Math.max(a3, a4);
      const e3 = Math.exp(a3 - top);
      const e4 = Math.exp(a4 - top);
      mixture = top + Math.log(e3 + e4);
      q3 = e3 / (e3 + e4);
      q4 = e4 / (e3 + e4);
    }
    const xs = x + shift;
    total += w * (sumR[x]! + r * logAlpha + sumB[xs]! - sumAB[xs]! + mixture);
    if (gradient) {
      gr += w * (dSumR[x]! + logAlpha - q3 * logAlphaT - q4 * logAlphaTx);
      gAlpha +=
        w * (r / alpha - (q3 * rx) / (alpha + rows.T[i]!) - (q4 > 0 ? (q4 * rx) / (alpha + rows.recency[i]!) : 0));
      gA += w * (-dSumAB[xs]! + q4 / a);
      gB += w * (dSumB[xs]! - dSumAB[xs]! - (q4 > 0 ? q4 / (b + x - 1 + shift) : 0));
    }
  }
  if (gradient) {
    gradient[0] = gr;
    gradient[1] = gAlpha;
    gradient[2] = gA;
    gradient[3] = gB;
  }
  return total;
}

/**
 * Log of the odds that a customer with (x, t_x, T) has dropped out: ln[a/(b+x-1)] +
 * (r+x) ln[(α+T)/(α+t_x)] for x > 0, and -Infinity (never dropped out) for x = 0; for MBG/NBD
 * (`modified`), where the first purchase can also end the relationship, ln[a/(b+x)] + ... for all x.
 */
export function bgNbdLogDropoutOdds(
  params: BgNbdParams,
  x: number,
  recency: number,
  T: number,
  modified = false,
): number {
  if (x === 0 && !modified) return -Infinity;
  const { r, alpha, a, b } = params;
  return (
    Math.log(a) - Math.log(b + x - 1 + (modified ? 1 : 0)) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + recency))
  );
}

/** P(alive) = 1 / (1 + odds of dropout), computed without overflow. */
export function aliveFromLogOdds(logOdds: number): number {
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/**
 * Expected purchases in (T, T + t] of a customer with (x, t_x, T) who is alive, given the
 * posterior p ~ Beta(a, b + x) and λ ~ Gamma(r + x, α + T):
 *
 *   E = E_p[ (1/p) (1 - ((α+T) / (α+T + p t))^(r+x)) ].
 *
 * Integrated over p numerically, so it is finite for every a, b > 0 (the closed form through
 * 2F1(r+x, b+x; a+b+x-1; ·) divides by a - 1 and breaks down when a + b + x < 1).
 * `durations` are several horizons t, computed in one pass; x = 0 and T = 0 gives a new customer.
 * For MBG/NBD (`modified`) the posterior is p ~ Beta(a, b + x + 1).
 */
export function bgNbdAliveExpectations(
  params: BgNbdParams,
  x: number,
  T: number,
  durations: readonly number[],
  modified = false,
): number[] {
  const { r, alpha, a, b } = params;
  const scale = alpha + T;
  const shape = r + x;
  // (1 - (1 + p t / scale)^-shape) / p, with its limit shape · t / scale at p = 0, for every t.
  const expectations = betaExpectations(
    (p, _, out) => {
      for (let k = 0; k < durations.length; k++) {
        const t = durations[k]!;
        out[k] = p === 0 ? (shape * t) / scale : -Math.expm1(-shape * Math.log1p((p * t) / scale)) / p;
      }
    },
    durations.length,
    a,
    b + x + (modified ? 1 : 0),
    logBeta(a, b + x + (modified ? 1 : 0)),
  );
  return Array.from(expectations);
}

/** A fitted BG/NBD model: plain data, every time quantity in `unit`. */
export interface BgNbdModel {
  /** `'bg/nbd'`, or `'mbg/nbd'` for the modified model (dropout also possible after the first purchase). */
  kind: 'bg/nbd' | 'mbg/nbd';
  /** Maximum-likelihood parameters. */
  params: BgNbdParams;
  /** Log-likelihood at the estimate (of all customers, weights included). */
  logLikelihood: number;
  /** Standard errors of the parameters (observed information). */
  standardErrors: BgNbdParams;
  /** Covariance matrix of (r, α, a, b), the inverse observed information: for intervals of predictions. */
  covariance: number[][];
  /** Number of customers fitted. */
  n: number;
  /** Optimizer iterations. */
  iterations: number;
  /** Time unit of the summary the model was fitted on (α, recency, T and every horizon are in it). */
  unit: string;
  /** The L2 penalty used (0: plain maximum likelihood). */
  penalizer: number;
}

/**
 * Number of purchases X(t) of a new customer in a period of length t: P(X(t) = n) for BG/NBD
 * (FHL 2005, eq. 8): alive through t after n purchases, or dropped out after the n-th. For
 * MBG/NBD (`modified`) surviving also needs the first purchase: B(a, b+n+1) and B(a+1, b+n).
 */
export function bgNbdPurchaseProbability(params: BgNbdParams, n: number, t: number, modified = false): number {
  const { r, alpha, a, b } = params;
  const shift = modified ? 1 : 0;
  const logShare = Math.log(alpha / (alpha + t));
  const logComplement = Math.log(t / (alpha + t));
  // Negative binomial terms Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j, j = 0..n.
  let logTerm = r * logShare;
  let below = 0;
  for (let j = 0; j < n; j++) {
    below += Math.exp(logTerm);
    logTerm += Math.log(r + j) - Math.log(j + 1) + logComplement;
  }
  const logB = logBeta(a, b);
  const stays = Math.exp(logBeta(a, b + n + shift) - logB + logTerm);
  const left = n > 0 || modified ? Math.exp(logBeta(a + 1, b + n - 1 + shift) - logB) * (1 - below) : 0;
  return stays + left;
}
