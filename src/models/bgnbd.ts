import { logBeta, logBetaRatio, logGamma, logGammaRatio, regularizedBeta } from '../stats/special';
import { betaExpectations } from '../stats/quadrature';
import type { Period } from '../time/period';
import type { RowColumns } from './rows';

/** Parameters of the BG/NBD model: purchase rates λ ~ Gamma(r, α), dropout p ~ Beta(a, b). */
export interface BgNbdParams {
  /** Shape of the gamma distribution of purchase rates. */
  r: number;
  /** Rate parameter of the gamma distribution of purchase rates (mean rate r / α), in the summary's time unit. */
  alpha: number;
  /** First shape of the beta distribution of the dropout probability. */
  a: number;
  /** Second shape of the beta distribution of the dropout probability. */
  b: number;
}

/**
 * Weighted BG/NBD log-likelihood of the rows, in the numerically stable form of Hardie's note 027:
 *
 *   ln L = ln Γ(r+x) - ln Γ(r) + r ln α + ln B(a, b+x) - ln B(a, b) - (r+x) ln(α+T) + ln(1 + e^d),
 *   d = ln[a/(b+x-1)] + (r+x) ln[(α+T)/(α+t_x)]  for x > 0 (no last term for x = 0),
 *
 * e^d being the odds that the customer dropped out after the last purchase. When given, `gradient`
 * receives the derivatives with respect to (r, α, a, b) and `hessian` (row-major 4×4) the second
 * derivatives. The gamma and beta differences are sums of ln(c + k) over k < x, so over all rows
 * each ln(c + k) is taken once, weighted by the customers with x > k; ln(1 + T/α) and
 * ln(1 + t_x/α) are taken once per distinct value. A row then costs one exponential and one logarithm.
 *
 * r ln α − (r+x) ln(α+T) is taken as −(r+x) g_T − x ln α with g_T = ln(1 + T/α), and
 * ln[(α+T)/(α+t_x)] as g_T − g_{t_x}: when r and α are large (nearly equal purchase rates) the
 * first form adds and subtracts terms in the billions, and the likelihood lost 2e-7 of its value at
 * r = 1e9 (1e-4 at 1e12). Likewise 1/α − 1/(α+T) = T / (α (α+T)) and 1/(α+T) − 1/(α+t_x) = −(T − t_x) / ((α+T)(α+t_x)).
 */
export function bgNbdLogLikelihood(
  params: BgNbdParams,
  rows: RowColumns,
  gradient?: Float64Array,
  modified = false,
  hessian?: Float64Array,
): number {
  const { r, alpha, a, b } = params;
  const { weight, frequency, tIndex, recencyIndex, maxFrequency, distinctT, distinctRecency } = rows;
  // MBG/NBD: the dropout chance also follows the first purchase, which shifts b + x to b + x + 1.
  const shift = modified ? 1 : 0;
  const max = maxFrequency + shift;
  // ln(b + k) and 1/(b + k): a row uses k = x - 1 + shift, the beta sums every k < x + shift.
  const logB = new Float64Array(max);
  const inverseB = new Float64Array(max);
  for (let k = 0; k < max; k++) {
    logB[k] = Math.log(b + k);
    inverseB[k] = 1 / (b + k);
  }
  // g_t = ln(1 + t/α), 1/(α + t) and, for T, 1/α − 1/(α + T) and 1/α² − 1/(α + T)², per distinct value.
  const growthT = distinctT.map((t) => Math.log1p(t / alpha));
  const growthTx = distinctRecency.map((t) => Math.log1p(t / alpha));
  const inverseAlphaT = distinctT.map((t) => 1 / (alpha + t));
  const inverseAlphaTx = distinctRecency.map((t) => 1 / (alpha + t));
  const shrinkT = distinctT.map((t) => t / (alpha * (alpha + t)));
  const shrinkSquaresT = distinctT.map((t) => (t * (2 * alpha + t)) / (alpha * alpha * (alpha + t) * (alpha + t)));
  const logA = Math.log(a);
  const customersAt = new Float64Array(maxFrequency + 1);
  let total = 0;
  // Sums of the derivatives over the rows; second derivatives are named by their two parameters.
  let dr = 0;
  let dAlpha = 0;
  let dA = 0;
  let dB = 0;
  let rr = 0;
  let rAlpha = 0;
  let ra = 0;
  let rb = 0;
  let alphaAlpha = 0;
  let alphaA = 0;
  let alphaB = 0;
  let aa = 0;
  let ab = 0;
  let bb = 0;
  for (let i = 0; i < rows.rows; i++) {
    const w = weight[i]!;
    if (w === 0) continue;
    const x = frequency[i]!;
    customersAt[x] = customersAt[x]! + w;
    const t = tIndex[i]!;
    const growth = growthT[t]!;
    const shrink = shrinkT[t]!;
    const rx = r + x;
    if (x === 0 && !modified) {
      total -= w * r * growth;
      dr -= w * growth;
      dAlpha += w * r * shrink;
      rAlpha += w * shrink;
      alphaAlpha -= w * r * shrinkSquaresT[t]!;
      continue;
    }
    const k = x - 1 + shift;
    const tx = recencyIndex[i]!;
    const spread = growth - growthTx[tx]!;
    const d = logA - logB[k]! + rx * spread;
    // ln(1 + e^d) and the dropped-out share q = e^d / (1 + e^d), without overflow.
    const e = Math.exp(-Math.abs(d));
    total += w * ((d > 0 ? d : 0) + Math.log1p(e) - rx * growth);
    const q = (d > 0 ? 1 : e) / (1 + e);
    // ∂d/∂α = (r+x) δ.
    const inverseT = inverseAlphaT[t]!;
    const inverseTx = inverseAlphaTx[tx]!;
    const delta = (distinctRecency[tx]! - distinctT[t]!) * inverseT * inverseTx;
    dr += w * (q * spread - growth);
    dAlpha += w * rx * (q * delta + shrink);
    dA += w * q;
    dB -= w * q * inverseB[k]!;
    if (hessian === undefined) continue;
    // v = q (1 - q), the second derivative of ln(1 + e^d) in d.
    const v = q * (1 - q);
    const inverseBk = inverseB[k]!;
    rr += w * v * spread * spread;
    rAlpha += w * (q * delta + shrink + v * spread * rx * delta);
    ra += w * v * spread;
    rb -= w * v * spread * inverseBk;
    // 1/(α+t_x)² − 1/(α+T)² = −δ (1/(α+t_x) + 1/(α+T)).
    alphaAlpha += w * rx * (-shrinkSquaresT[t]! - q * delta * (inverseTx + inverseT) + v * rx * delta * delta);
    alphaA += w * v * rx * delta;
    alphaB -= w * v * rx * delta * inverseBk;
    aa += w * (v - q);
    ab -= w * v * inverseBk;
    bb += w * (q + v) * inverseBk * inverseBk;
  }
  // −x ln α over the rows.
  let purchases = 0;
  for (let x = 1; x <= maxFrequency; x++) purchases += x * customersAt[x]!;
  total -= purchases * Math.log(alpha);
  dAlpha -= purchases / alpha;
  alphaAlpha += purchases / (alpha * alpha);
  dA /= a;
  ra /= a;
  alphaA /= a;
  aa /= a * a;
  ab /= a;
  // ln Γ(r+x) - ln Γ(r) and ln B(a, b+x) - ln B(a, b), summed over the customers: each ln(c + k)
  // weighted by the customers beyond k.
  let above = 0; // customers with x > k
  for (let k = max - 1; k >= 0; k--) {
    if (k < maxFrequency) above += customersAt[k + 1]!;
    const beyond = shift === 0 ? above : above + customersAt[k]!; // customers with x + shift > k
    const inverseR = 1 / (r + k);
    const inverseAB = 1 / (a + b + k);
    total += (above > 0 ? above * Math.log(r + k) : 0) + beyond * (logB[k]! - Math.log(a + b + k));
    dr += above * inverseR;
    dA -= beyond * inverseAB;
    dB += beyond * (inverseB[k]! - inverseAB);
    rr -= above * inverseR * inverseR;
    aa += beyond * inverseAB * inverseAB;
    ab += beyond * inverseAB * inverseAB;
    bb += beyond * (inverseAB * inverseAB - inverseB[k]! * inverseB[k]!);
  }
  gradient?.set([dr, dAlpha, dA, dB]);
  hessian?.set(
    [
      [rr, rAlpha, ra, rb],
      [rAlpha, alphaAlpha, alphaA, alphaB],
      [ra, alphaA, aa, ab],
      [rb, alphaB, ab, bb],
    ].flat(),
  );
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
  // ln[(α+T)/(α+t_x)] as ln(1 + (T − t_x)/(α + t_x)): the difference of the two logarithms keeps
  // 1e-16 of ln α absolute, which (r + x) in the billions (nearly equal purchase rates) multiplies.
  const spread = Math.log1p((T - recency) / (alpha + recency));
  // b + (x − 1), not b + x − 1: for x = 1 (x = 0 modified) adding 1 first would drop the digits of a
  // small b (b = 1e-12 lost 1e-4 of P(alive); 1e-17 gave 0).
  return Math.log(a) - Math.log(b + (x - 1 + (modified ? 1 : 0))) + (r + x) * spread;
}

/** P(alive) = 1 / (1 + odds of dropout), computed without overflow. */
export function aliveFromLogOdds(logOdds: number): number {
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

// The series of aliveExpectationSeries gives way to the quadrature when it would need more terms
// than this (its terms shrink like z^k, faster for heavy buyers: z above about 0.9996, a horizon
// over ~2500 times α + T). A lower limit would save time there but hand more horizons to the
// quadrature, which loses accuracy when both shapes of Beta(a, b + x) are large (a in the tens).
const MAX_SERIES_TERMS = 100_000;
// ... or when its terms cancel by more than this factor (its relative error is about the factor
// times 1e-16): only for r far below 1 with a + b in the dozens.
const MAX_SERIES_CANCELLATION = 1e4;
// The series stops once the rest of it is provably below this fraction of the sum of |terms|.
const SERIES_TOLERANCE = 1e-17;

/**
 * E_p[(1/p)(1 − (1 + p t/S)^−n)] for p ~ Beta(a, β), with S = `scale`, z = t/(S + t),
 * c = a + β − 1 and A = c − n:
 *
 *   E = c · [1 − (1−z)^(a−1)] / (a − 1) − (1−z)^(a−1) · Σ_{k≥1} (A)_k (a)_(k−1) / ((a+β)_(k−1) k!) z^k,
 *
 * the first bracket ln(1/(1−z)) at a = 1. This is FHL (2005) eq. 10, c/(a−1) · [1 − (1−z)^n
 * 2F1(n, β; c; z)], after Euler's transformation 2F1(n, β; c; z) = (1−z)^(a−1−n) 2F1(A, a−1; c; z)
 * with the leading 1 of that series cancelled and the factor a − 1 divided out of its other terms:
 * so it holds at a = 1 and for c ≤ 0 (a + b < 1 with x = 0), where eq. 10 divides by zero or
 * leaves the domain of 2F1, and loses no digits to 1 − (…) near a = 1. NaN when the series would
 * be slow or its two parts cancel (see the limits above): the caller integrates instead.
 */
function aliveExpectationSeries(n: number, scale: number, a: number, beta: number, t: number): number {
  if (t === 0) return 0;
  const z = t / (scale + t);
  const logOneMinusZ = -Math.log1p(t / scale);
  const c = a + beta - 1;
  const first = c - n;
  const power = Math.exp((a - 1) * logOneMinusZ);
  const leading = c * (a === 1 ? -logOneMinusZ : -Math.expm1((a - 1) * logOneMinusZ) / (a - 1));
  let term = first * z;
  let sum = term;
  let absoluteSum = Math.abs(term);
  for (let k = 1; term !== 0; k++) {
    if (k === MAX_SERIES_TERMS) return NaN;
    // Once A + k > 0, every later ratio of terms, z (A+j)(a+j−1) / ((c+j)(j+1)) for j ≥ k, is at
    // most z · max(1, (A+k)/(k+1)) (each factor is monotone in j); and at most z once
    // (A+j)(a+j−1) < (c+j)(j+1) for every j ≥ k, i.e. k (n+2−a) > A (a−1) − c with n + 2 > a (the
    // inequality is linear in j), which keeps heavy buyers' tails short however close z is to 1.
    if (Math.abs(term) <= SERIES_TOLERANCE * absoluteSum && first + k > 0) {
      const belowOne = n + 2 > a && k * (n + 2 - a) > first * (a - 1) - c;
      const ratio = z * (belowOne ? 1 : Math.max(1, (first + k) / (k + 1)));
      if (ratio < 1 && Math.abs(term) * ratio <= SERIES_TOLERANCE * absoluteSum * (1 - ratio)) break;
    }
    term *= ((first + k) * (a + k - 1) * z) / ((c + k) * (k + 1));
    sum += term;
    absoluteSum += Math.abs(term);
  }
  const value = leading - power * sum;
  // The value is positive; its parts are |leading| and power · Σ|terms|.
  const accurate = value > 0 && Math.abs(leading) + power * absoluteSum <= MAX_SERIES_CANCELLATION * value;
  return accurate ? value : NaN;
}

/**
 * Expected purchases in (T, T + t] of a customer with (x, t_x, T) who is alive, given the
 * posterior p ~ Beta(a, b + x) and λ ~ Gamma(r + x, α + T):
 *
 *   E = E_p[ (1/p) (1 - ((α+T) / (α+T + p t))^(r+x)) ].
 *
 * By the series of FHL (2005) eq. 10 rearranged (see `aliveExpectationSeries`), finite for every
 * a, b > 0 (eq. 10 itself divides by a − 1 and breaks down when a + b + x < 1) and for heavy
 * buyers; where that series would be slow (t over ~2500 times α + T) or cancels, by quadrature
 * over p (one pass for all such horizons). `durations` are several horizons t; x = 0 and T = 0
 * gives a new customer. For MBG/NBD (`modified`) the posterior is p ~ Beta(a, b + x + 1).
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
  const posteriorB = b + x + (modified ? 1 : 0);
  const expectations = durations.map((t) => aliveExpectationSeries(shape, scale, a, posteriorB, t));
  const integrate = durations.filter((_, k) => Number.isNaN(expectations[k]));
  if (integrate.length === 0) return expectations;
  // (1 - (1 + p t / scale)^-shape) / p, with its limit shape · t / scale at p = 0, for every t.
  const integrated = betaExpectations(
    (p, _, out) => {
      for (let k = 0; k < integrate.length; k++) {
        const t = integrate[k]!;
        out[k] = p === 0 ? (shape * t) / scale : -Math.expm1(-shape * Math.log1p((p * t) / scale)) / p;
      }
    },
    integrate.length,
    a,
    posteriorB,
    logBeta(a, posteriorB),
  );
  let next = 0;
  return expectations.map((value) => (Number.isNaN(value) ? integrated[next++]! : value));
}

/** A fitted BG/NBD model: plain data, every time quantity in `unit`. */
export interface BgNbdModel {
  /** `'bg/nbd'`, or `'mbg/nbd'` for the modified model (dropout also possible after the first purchase). */
  kind: 'bg/nbd' | 'mbg/nbd';
  /** Maximum-likelihood parameters. */
  params: BgNbdParams;
  /** Log-likelihood at the estimate (of all customers, weights included). */
  logLikelihood: number;
  /** Standard errors of the parameters (observed information, plus the penalty's curvature when `penalizer` > 0). */
  standardErrors: BgNbdParams;
  /** Covariance matrix of (r, α, a, b), the inverse observed information: for intervals of predictions. */
  covariance: number[][];
  /** Number of customers fitted. */
  n: number;
  /** Optimizer iterations. */
  iterations: number;
  /** Time unit of the summary the model was fitted on (α, recency, T and every horizon are in it). */
  unit: Period;
  /** The L2 penalty used (0: plain maximum likelihood). */
  penalizer: number;
}

/**
 * Number of purchases X(t) of a new customer in a period of length t: P(X(t) = n) for BG/NBD
 * (FHL 2005, eq. 8): alive through t after n purchases, or dropped out after the n-th. For
 * MBG/NBD (`modified`) surviving also needs the first purchase: B(a, b+n+1) and B(a+1, b+n).
 */
export function bgNbdPurchaseProbability(params: BgNbdParams, n: number, t: number, modified: boolean): number {
  const { r, alpha, a, b } = params;
  const shift = modified ? 1 : 0;
  const reach = t / (alpha + t);
  // The negative binomial term NB(n) = Γ(r+n)/(Γ(r) n!) (α/(α+t))^r (t/(α+t))^n, with ln(α/(α+t))
  // as −ln(1 + t/α), which keeps its digits when t is small against α (n ln 0 is 0 at n = 0, t = 0).
  const logReach = n === 0 ? 0 : n * Math.log(reach);
  const logTerm = logGammaRatio(r, n) - logGamma(n + 1) - r * Math.log1p(t / alpha) + logReach;
  // B(a, b+n+shift)/B(a, b) and B(a+1, b+n−1+shift)/B(a, b), taken whole (no cancellation for large a, b).
  const stays = Math.exp(logBetaRatio(a, b, 0, n + shift) + logTerm);
  if (n === 0 && !modified) return stays;
  // Dropped out after the n-th purchase: at least n purchases had the customer stayed,
  // P(NB >= n) = I_{t/(α+t)}(n, r), the tail itself (1 − the terms below it cancelled to nothing,
  // or below 0, far in the tail).
  const tail = n === 0 ? 1 : regularizedBeta(reach, n, r);
  const left = Math.exp(logBetaRatio(a, b, 1, n - 1 + shift)) * tail;
  // At n = 0 the MBG/NBD terms are b/(a+b) and a/(a+b) at t = 0, whose sum can round above 1.
  return Math.min(1, stays + left);
}
