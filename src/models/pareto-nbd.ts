import { logHypergeometric2F1 } from '../stats/hypergeometric';
import { tanhSinh } from '../stats/quadrature';
import { logGamma, logGammaRatio } from '../stats/special';
import { logAddExp, logDiffExp, logShare } from '../stats/optimize';
import { purchaseFitSetup, type FitBgNbdOptions, type PurchaseModelData } from './fit-bgnbd';
import { fitMaximumLikelihood } from './mle';
import type { Period } from '../time/period';
import type { RowColumns } from './rows';

/**
 * Parameters of the Pareto/NBD model: purchase rates λ ~ Gamma(r, α) and dropout rates
 * μ ~ Gamma(s, β), both per unit of time.
 */
export interface ParetoNbdParams {
  /** Shape of the gamma distribution of purchase rates. */
  r: number;
  /** Rate parameter of the gamma distribution of purchase rates (mean rate r / α), in the summary's time unit. */
  alpha: number;
  /** Shape of the gamma distribution of dropout rates. */
  s: number;
  /** Rate parameter of the gamma distribution of dropout rates (mean rate s / β), in the summary's time unit. */
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
  /**
   * Standard errors of the parameters (observed information, plus the penalty's curvature when
   * `penalizer` > 0). A fit whose information is singular throws `NOT_CONVERGED` instead.
   */
  standardErrors: ParetoNbdParams;
  /** Covariance matrix of (r, α, s, β), the inverse observed information: for intervals of predictions. */
  covariance: number[][];
  /** Number of customers fitted. */
  n: number;
  /** Optimizer iterations. */
  iterations: number;
  /** Time unit of the summary the model was fitted on (α, β, recency, T and every horizon are in it). */
  unit: Period;
  /** The L2 penalty used (0: plain maximum likelihood). */
  penalizer: number;
}

/** Options of {@link fitParetoNbd}: the same as those of {@link fitBgNbd}. */
export type FitParetoNbdOptions = FitBgNbdOptions;

// Below this 1 − z (1/256, written out: bundlers keep top-level arithmetic in every bundle) the
// hypergeometric series would take over 1e4 terms, about ten times the cost of the 257 nodes of
// logTailIntegral's quadrature, which takes over.
const QUADRATURE_BELOW = 0.00390625;

/**
 * The two factors of the dropout integrand (α+τ)^−(r+x) (β+τ)^−(s+1) as (near+τ)^−(nearShape +
 * nearExtra) (far+τ)^−(farShape + farExtra): `near` the smaller scale, `far` the larger, each shape
 * the one of α^r β^s that goes with its scale (the integrals carry that factor, see
 * {@link logTermAt}) and each extra what the exponent adds to it (x or 1).
 */
interface DropoutFactors {
  near: number;
  nearShape: number;
  nearExtra: number;
  far: number;
  farShape: number;
  farExtra: number;
}

function dropoutFactors({ r, alpha, s, beta }: ParetoNbdParams, x: number): DropoutFactors {
  return alpha >= beta
    ? { near: beta, nearShape: s, nearExtra: 1, far: alpha, farShape: r, farExtra: x }
    : { near: alpha, nearShape: r, nearExtra: x, far: beta, farShape: s, farExtra: 1 };
}

/**
 * ln a0, the dropout term of the likelihood in Fader & Hardie's note on the Pareto/NBD (2005)
 * before the factor s / (r+s+x), as a function of time (A0 = a0(t_x) − a0(T)), with a = r+s+x:
 *
 *   α ≥ β: 2F1(r+s+x, s+1; r+s+x+1; (α−β)/(α+t)) / (α+t)^(r+s+x);
 *   α < β: 2F1(r+s+x, r+x; r+s+x+1; (β−α)/(β+t)) / (β+t)^(r+s+x);
 *
 * that is a ∫_t^∞ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ. `logTermAt` is the log of a0 at time t times
 * α^r β^s, the factor of the likelihood that it cancels (and, with `gradient`, the derivatives of
 * ln a0 in (r, α, s, β), without the factor's): along a ridge where s and β grow together, s ln β
 * reached 4.5e9, and taking it apart from s ln(β+t) left the log-likelihood only 1e-5 precise. The series of 2F1 needs about 40 / (1 − z) terms,
 * 1 − z = (min(α, β) + t) / (max(α, β) + t), so it is only taken at times t ≥ {@link splitTime},
 * where 1 − z ≥ 1/5 for shapes up to 8 and about 2 / shape beyond (earlier times go to
 * {@link logSeriesIntegral}); below 1 − z = 1/256, which takes a shape in the hundreds, the
 * integral is taken by {@link logTailIntegral} instead.
 */
function logTermAt(params: ParetoNbdParams, x: number, t: number, gradient?: Float64Array): number {
  const { r, alpha, s, beta } = params;
  const a = r + s + x;
  const alphaLarger = alpha >= beta;
  const factors = dropoutFactors(params, x);
  const { near: smaller, far: larger, nearShape: smallerShape, farShape: largerShape } = factors;
  // The 2F1's second parameter: the smaller scale's exponent.
  const second = smallerShape + factors.nearExtra;
  if (smaller + t < QUADRATURE_BELOW * (larger + t)) {
    const logTail = logTailIntegral(factors, t, gradient);
    if (gradient) {
      // d ln a = 1/a in p and in q, then (p, near, q, far) to (r, α, s, β).
      gradient[0]! += 1 / a;
      gradient[2]! += 1 / a;
      toModelOrder(gradient, alphaLarger);
    }
    return Math.log(a) + logTail;
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
  // (larger + t)^−a · larger^largerShape · smaller^smallerShape, each power of a ratio.
  return (
    log2F1 - largerShape * Math.log1p(t / larger) - smallerShape * Math.log((larger + t) / smaller) - x * logLarger
  );
}

// Derivatives in (p, near, q, far) of the dropout integrand (near+τ)^−p (far+τ)^−q, put in place in
// the order (r, α, s, β): far is α and q is r + x when α ≥ β; otherwise p is r + x, near α, q s + 1
// and far β, already that order.
function toModelOrder(gradient: Float64Array, alphaLarger: boolean): void {
  if (!alphaLarger) return;
  const [dP, dNear, dQ, dFar] = gradient as unknown as [number, number, number, number];
  gradient.set([dQ, dFar, dP, dNear]);
}

/**
 * ln ∫_t^∞ (near+τ)^−p (far+τ)^−q dτ + nearShape ln near + farShape ln far, with p = nearShape +
 * nearExtra and q = farShape + farExtra (the shapes of α^r β^s, see {@link logTermAt}), for
 * far > near > −t, p > 0 and q > 1, by tanh-sinh quadrature in w = q ln((far+τ)/(far+t)), where the integrand is e^(−w(1 − 1/q)) times
 * ((near+τ)/(near+t))^−p: no power of the distant scale is left to overflow, and the rest varies
 * on a scale of w that the nodes resolve when q (1 − z) is about 2 or more, 1 − z = (near+t) /
 * (far+t), which holds after {@link splitTime} (the nearest singularity of the integrand is at
 * w = q ln z). The range is cut where the integrand has fallen below e^−46 of its start. With
 * `gradient`, fills d/d(p, near, q, far) of the log: −E[ln(near+τ)], −p E[1/(near+τ)],
 * −E[ln(far+τ)] and −q E[1/(far+τ)], the expectations under the normalized integrand, from the
 * same nodes.
 */
function logTailIntegral(
  { near, nearShape, nearExtra, far, farShape, farExtra }: DropoutFactors,
  t: number,
  gradient?: Float64Array,
): number {
  const p = nearShape + nearExtra;
  const q = farShape + farExtra;
  const nearT = near + t;
  const farT = far + t;
  // Σ weight · integrand, and the same times ℓ, (near+t)/(near+τ), w and (far+t)/(far+τ).
  let sum = 0;
  let logNearRatioSum = 0;
  let nearInverseSum = 0;
  let wSum = 0;
  let farInverseSum = 0;
  tanhSinh(
    (w, weight) => {
      // ℓ = ln((near+τ)/(near+t)), with near+τ = near+t + (far+t)(e^(w/q) − 1) taken without cancellation.
      const growth = Math.expm1(w / q);
      const ell = Math.log1p((farT * growth) / nearT);
      const value = weight * Math.exp(w / q - w - p * ell);
      sum += value;
      if (!gradient) return;
      logNearRatioSum += value * ell;
      nearInverseSum += value * Math.exp(-ell);
      wSum += value * w;
      farInverseSum += value / (1 + growth);
    },
    46 / (1 - 1 / q),
  );
  const logFarT = Math.log(farT);
  const logNearT = Math.log(nearT);
  gradient?.set([
    -(logNearT + logNearRatioSum / sum),
    (-p * nearInverseSum) / sum / nearT,
    -(logFarT + wSum / sum / q),
    (-q * farInverseSum) / sum / farT,
  ]);
  // (far+t)^(1−q) (near+t)^−p times near^nearShape far^farShape, each power of a ratio.
  return (
    -farShape * Math.log1p(t / far) +
    (1 - farExtra) * logFarT -
    nearShape * Math.log1p(t / near) -
    nearExtra * logNearT -
    Math.log(q) +
    Math.log(sum)
  );
}

/**
 * The time before which the dropout integral of a customer with x purchases is summed as a
 * binomial series ({@link logSeriesIntegral}) rather than through 2F1: where min(α, β) + τ reaches
 * ρ |α − β|, ρ = min(1/4, 2 / q) with q the exponent of the larger scale (s+1 when β > α, r+x
 * when α ≥ β). The series' terms then shrink at least like ρ (after the first q) and cancel by at
 * most ((1+ρ)/(1−ρ))^q ≤ e^4.3; past it, 1 − z ≥ ρ/(1+ρ) bounds the 2F1 series to about 40/ρ terms.
 * Negative (no series) unless one scale is several times the other.
 */
function splitTime({ r, alpha, s, beta }: ParetoNbdParams, x: number): number {
  const largerShape = alpha >= beta ? r + x : s + 1;
  return Math.min(0.25, 2 / largerShape) * Math.abs(alpha - beta) - Math.min(alpha, beta);
}

// Stop the binomial series once a term falls below this share of the sum; give up after the
// maximum number of terms (the split time makes the terms shrink by half or more after a few dozen).
const SERIES_TOLERANCE = 1e-17;
const MAX_SERIES_TERMS = 500;
// ln ∫_{u0}^{u1} u^(e−1) du of powerIntegral, and here its derivative in e.
let powerIntegralSlope = 0;

/**
 * ln ∫_{u0}^{u1} u^(e−1) du = ln[(u1^e − u0^e) / e] (ln ln(u1/u0) at e = 0), from ln u0, ln u1
 * and Λ = ln(u1/u0) > 0, as ln Λ + e ln u + ln φ(−|e| Λ) with φ(y) = expm1(y)/y and u the end
 * where u^e is larger, so that nothing overflows however large |e| Λ is. Leaves the derivative in
 * e in `powerIntegralSlope`: ln u ∓ Λ g(−|e| Λ), g = (ln φ)' = 1/(1 − e^−y) − 1/y.
 */
function logPowerIntegral(e: number, logStart: number, logEnd: number, span: number, logSpan: number): number {
  const y = -Math.abs(e) * span;
  const expm1 = Math.expm1(y);
  // g by its Bernoulli series near 0 (to y^7: error below 1e-16 there), where the closed form cancels.
  const square = y * y;
  const g =
    y > -0.1
      ? 0.5 + y * (1 / 12 - square * (1 / 720 - square * (1 / 30240 - square / 1209600)))
      : (1 + expm1) / expm1 - 1 / y;
  const logPhi = y === 0 ? 0 : Math.log(expm1 / y);
  if (e >= 0) {
    powerIntegralSlope = logEnd - span * g;
    return logSpan + e * logEnd + logPhi;
  }
  powerIntegralSlope = logStart + span * g;
  return logSpan + e * logStart + logPhi;
}

/**
 * ln ∫_{t0}^{t1} (near+τ)^−p (far+τ)^−q dτ + nearShape ln near + farShape ln far, with p =
 * nearShape + nearExtra and q = farShape + farExtra (see {@link logTermAt}), for far > near > 0,
 * 0 ≤ t0 ≤ t1, when near + t1 is small against D = far − near (see {@link splitTime}): the binomial series of
 * (far+τ)^−q = D^−q (1 + u/D)^−q in u = near + τ, integrated term by term,
 *
 *   Σ_k (−1)^k (q)_k / k! · D^−(q+k) · ∫_{near+t0}^{near+t1} u^(k−p) du.
 *
 * Each term is exact (no special case when p is an integer), and the definite integral is taken
 * as a whole, so nothing cancels between its two ends. With `gradient`, fills
 * d/d(p, near, q, far) of the log, term by term: ∂/∂near of ∫ u^(k−p) du is (k−p) ∫ u^(k−p−1) du,
 * the previous term's integral. −Infinity when t0 = t1; NaN if the series has not converged
 * after {@link MAX_SERIES_TERMS} terms (it needs a few dozen).
 */
function logSeriesIntegral(
  { near, nearShape, nearExtra, far, farShape, farExtra }: DropoutFactors,
  t0: number,
  t1: number,
  gradient?: Float64Array,
): number {
  const p = nearShape + nearExtra;
  const q = farShape + farExtra;
  const distance = far - near;
  const logDistance = Math.log(distance);
  const logStart = Math.log(near + t0);
  const logEnd = Math.log(near + t1);
  const span = logEnd - logStart;
  if (!(span > 0)) {
    gradient?.fill(0);
    return -Infinity;
  }
  const logSpan = Math.log(span);
  // The first term's log with near^nearShape far^farShape, each power of a ratio: D^−q and the
  // power of u that logPowerIntegral takes at the end where it is larger.
  const firstExponent = 1 - p;
  const shiftedFirst =
    -farShape * Math.log1p(-near / far) -
    farExtra * logDistance +
    logPowerIntegral(firstExponent, 0, 0, span, logSpan) -
    nearShape * Math.log1p((firstExponent >= 0 ? t1 : t0) / near) +
    (1 - nearExtra) * (firstExponent >= 0 ? logEnd : logStart);
  // ln[(q)_k / k! · D^−k], the coefficient relative to the first one's D^−q (in shiftedFirst: taken
  // here, −q ln D reached −4.5e9 on a ridge and left the terms' ratios 1e-6 precise), and
  // Σ_{j<k} 1/(q+j), its derivative in q plus ln D.
  let logCoefficient = 0;
  let harmonic = 0;
  let previousLogPower = logPowerIntegral(-p, logStart, logEnd, span, logSpan);
  let reference = 0;
  let sum = 0;
  let dP = 0;
  let dNear = 0;
  let dQ = 0;
  let dFar = 0;
  for (let k = 0; ; k++) {
    if (k === MAX_SERIES_TERMS || !Number.isFinite(sum)) {
      gradient?.fill(NaN);
      return NaN;
    }
    const logPower = logPowerIntegral(k + 1 - p, logStart, logEnd, span, logSpan);
    const logTerm = logCoefficient + logPower;
    if (k === 0) reference = logTerm;
    const term = (k % 2 === 0 ? 1 : -1) * Math.exp(logTerm - reference);
    sum += term;
    if (gradient) {
      const shift = (q + k) / distance;
      dP -= term * powerIntegralSlope;
      dNear += term * (shift + (k - p) * Math.exp(previousLogPower - logPower));
      dQ += term * (harmonic - logDistance);
      dFar -= term * shift;
    }
    // Once (q+k)/(k+1) · u1/D ≤ 1/2 bounds the ratio of the next terms, the rest is below the last one.
    if (Math.abs(term) <= SERIES_TOLERANCE * Math.abs(sum) && 2 * (q + k) * (near + t1) <= (k + 1) * distance) break;
    previousLogPower = logPower;
    logCoefficient += Math.log((q + k) / ((k + 1) * distance));
    harmonic += 1 / (q + k);
  }
  gradient?.set([dP / sum, dNear / sum, dQ / sum, dFar / sum]);
  return shiftedFirst + Math.log(sum);
}

// Scratch space for rowLogIntegral (not re-entrant): the part before the split time and the term at it.
const seriesGradient = /* @__PURE__ */ new Float64Array(4);
const splitGradient = /* @__PURE__ */ new Float64Array(4);

/**
 * ln I + r ln α + s ln β of one customer, I = ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ, the
 * dropout branch of the likelihood (A0 = (r+s+x) I) with the factor α^r β^s it cancels (see
 * {@link logTermAt}; the derivatives are those of ln I): the binomial series before `split` (the customer's
 * {@link splitTime}), the difference of the 2F1 terms after it. `atRecency` and `atT` are the logs
 * of the 2F1 terms at t_x and T, read only at or after the split time (the caller computes only
 * those); with `gradient`, their derivatives are read from `termGradients` at the two offsets and
 * d ln I / d(r, α, s, β) is filled. −Infinity when t_x = T.
 */
function rowLogIntegral(
  params: ParetoNbdParams,
  x: number,
  recency: number,
  T: number,
  split: number,
  atRecency: number,
  atT: number,
  gradient?: Float64Array,
  termGradients?: Float64Array,
  recencyOffset = 0,
  tOffset = 0,
): number {
  if (recency >= split) {
    return logTermDifference(params, x, atRecency, atT, gradient, termGradients, recencyOffset, termGradients, tOffset);
  }
  const { alpha, beta } = params;
  const alphaLarger = alpha >= beta;
  const seriesEnd = Math.min(T, split);
  const series = gradient && seriesGradient;
  const logSeries = logSeriesIntegral(dropoutFactors(params, x), recency, seriesEnd, series);
  if (series) toModelOrder(series, alphaLarger);
  if (!(T > split)) {
    if (gradient) gradient.set(seriesGradient);
    return logSeries;
  }
  const atSplit = logTermAt(params, x, split, gradient && splitGradient);
  const logRest = logTermDifference(params, x, atSplit, atT, gradient, splitGradient, 0, termGradients, tOffset);
  const logTotal = logAddExp(logSeries, logRest);
  if (gradient) {
    const seriesShare = Math.exp(logSeries - logTotal);
    for (let k = 0; k < 4; k++) gradient[k] = seriesShare * seriesGradient[k]! + (1 - seriesShare) * gradient[k]!;
  }
  return logTotal;
}

// ln ∫_{t0}^{t1} of the dropout integrand from the 2F1 terms at t0 and t1, ln A0 − ln(r+s+x),
// and its derivatives from theirs (read at the offsets, with `gradient` only): d ln A0 =
// (d at t0 − ρ · d at t1) / (1 − ρ), ρ = exp(at t1 − at t0).
function logTermDifference(
  { r, s }: ParetoNbdParams,
  x: number,
  atStart: number,
  atEnd: number,
  gradient: Float64Array | undefined,
  startGradients: Float64Array | undefined,
  startOffset: number,
  endGradients: Float64Array | undefined,
  endOffset: number,
): number {
  const logIntegral = logA0(atStart, atEnd) - Math.log(r + s + x);
  if (gradient) {
    const ratio = Math.exp(atEnd - atStart);
    const scale = logIntegral === -Infinity ? 0 : 1 / (1 - ratio);
    const inverseShape = 1 / (r + s + x);
    for (let k = 0; k < 4; k++) {
      const shape = k % 2 === 0 && scale !== 0 ? inverseShape : 0;
      gradient[k] = scale * (startGradients![startOffset + k]! - ratio * endGradients![endOffset + k]!) - shape;
    }
  }
  return logIntegral;
}

function logA0(atRecency: number, atT: number): number {
  // A0 ≥ 0 exactly; a rounding-level negative difference (t_x just below T) counts as 0.
  return atRecency > atT ? logDiffExp(atRecency, atT) : Number.isNaN(atRecency + atT) ? NaN : -Infinity;
}

// The distinct (x, t) pairs at which the rows take their 2F1 terms (each row one at t_x and one at
// T), and each row's index into them: computed once per set of rows, reused by every evaluation.
interface TermPairs {
  frequency: Int32Array;
  time: Float64Array;
  atRecency: Int32Array;
  atT: Int32Array;
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
  for (let i = 0; i < rows.rows; i++) {
    const x = rows.frequency[i]!;
    atRecency[i] = slot(x, rows.distinctT.length + rows.recencyIndex[i]!, rows.recency[i]!);
    atT[i] = slot(x, rows.tIndex[i]!, rows.T[i]!);
  }
  pairs = { frequency: Int32Array.from(frequency), time: Float64Array.from(time), atRecency, atT };
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
 * same (x, t_x) or (x, T).
 *
 * s/(r+s+x) · A0 is s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ (dropout at τ after x purchases).
 * When one scale is many times the other plus t (β/α in the thousands, say, as on a ridge where
 * s and β grow together), the 2F1 argument z comes so close to 1 that its series would need
 * 40 / (1 − z) terms; that part of the integral is summed instead as a binomial series in
 * (min(α, β) + τ) / |α − β|, a few dozen terms (see `splitTime`), so every point costs about
 * the same. After the split, a term whose 2F1 would still need more than about 1e4 terms (the
 * shape of the larger scale in the hundreds: s + 1 when β > α, r + x otherwise) is taken by
 * quadrature instead (see `logTailIntegral`), so the likelihood stays finite however far the
 * ridge goes.
 *
 * When `gradient` is given it is filled with d ln L / d(r, α, s, β), analytically: the
 * hypergeometric series carries its own parameter derivatives (see the 2F1 module), so does the
 * binomial series, and the rest is the chain rule through logDiffExp and logAddExp (weights
 * P(alive | the row) and its complement). It costs about twice the value.
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
  const pairs = termPairs(rows);
  const terms = new Float64Array(pairs.time.length);
  // Derivatives of each term in (r, α, s, β), four per pair.
  const termGradients = gradient && new Float64Array(4 * terms.length);
  const termGradient = gradient && new Float64Array(4);
  for (let j = 0; j < terms.length; j++) {
    const x = pairs.frequency[j]!;
    const t = pairs.time[j]!;
    // Before the split time the rows use the binomial series (and the 2F1 series could be slow).
    if (t < splitTime(params, x)) continue;
    terms[j] = logTermAt(params, x, t, termGradient);
    if (termGradients) termGradients.set(termGradient!, 4 * j);
  }
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  const logS = Math.log(s);
  const integralGradient = gradient && new Float64Array(4);
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
    // Both branches times α^r β^s, each power of a ratio (see logTermAt).
    const alive = -r * Math.log1p(T / alpha) - x * logAlphaT - s * Math.log1p(T / beta);
    const fromRecency = pairs.atRecency[i]!;
    const fromT = pairs.atT[i]!;
    const logIntegral = rowLogIntegral(
      params,
      x,
      rows.recency[i]!,
      T,
      splitTime(params, x),
      terms[fromRecency]!,
      terms[fromT]!,
      integralGradient,
      termGradients,
      4 * fromRecency,
      4 * fromT,
    );
    const dropped = logS + logIntegral;
    const row = logAddExp(alive, dropped);
    total += w * (rising[x]! + row);
    if (!integralGradient) continue;
    // Share of the dropout branch in the row's likelihood (0 when t_x = T, where d ln I is moot).
    const droppedShare = Math.exp(dropped - row);
    const aliveShare = 1 - droppedShare;
    const dI = (k: number): number => (droppedShare === 0 ? 0 : droppedShare * integralGradient[k]!);
    dR += w * (risingSlope[x]! + logAlpha - aliveShare * logAlphaT + dI(0));
    dAlpha += w * (r / alpha - (aliveShare * (r + x)) / (alpha + T) + dI(1));
    dS += w * (logBeta - aliveShare * logBetaT + droppedShare / s + dI(2));
    dBeta += w * (s / beta - (aliveShare * s) / (beta + T) + dI(3));
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
  const split = splitTime(params, x);
  // Only the 2F1 terms at or after the split time are read.
  const termAt = (t: number): number => (t >= split ? logTermAt(params, x, t) : NaN);
  const logIntegral = rowLogIntegral(params, x, recency, T, split, termAt(recency), termAt(T));
  // The integral carries α^r β^s (see logTermAt), and so does the alive branch here.
  return Math.log(s) + r * Math.log1p(T / alpha) + x * Math.log(alpha + T) + s * Math.log1p(T / beta) + logIntegral;
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
 * grows with n: it equals C (α s / β) v_t^(n+1) ∫₀¹ y^n (1 − v_t y)^(r+s−1) (1 + (α − β) v_t y / β)^−(s+1) dy,
 * C = Γ(r+n)/(Γ(r) n!), with the powers of β divided out (they overflowed once s ln β passed 709).
 * The integrand has one peak, as narrow as 1/√n or 1/(r v_t) when the shapes are large (nearly
 * equal purchase or dropout rates); it is integrated in log space relative to that peak, on each
 * side of it by tanh-sinh quadrature over the stretch where it falls by e^−40 and then over the
 * rest, so that neither heavy counts (n in the thousands) nor large shapes lose it, nothing
 * overflows, and no alternating sum of hypergeometric functions (the published closed form) loses
 * digits to cancellation.
 */
export function paretoNbdPurchaseProbability(params: ParetoNbdParams, n: number, t: number): number {
  const { r, alpha, s, beta } = params;
  if (t === 0) return n === 0 ? 1 : 0;
  // ln[Γ(r+n) / Γ(r)] whole, and ln(α/(α+t)) as −ln(1 + t/α): both keep their digits for large
  // shapes and scales (nearly identical customers), where the differences cancel.
  const logCoefficient = logGammaRatio(r, n) - logGamma(n + 1);
  const share = alpha / (alpha + t);
  const reach = t / (alpha + t);
  const logAlive = logCoefficient - r * Math.log1p(t / alpha) + n * Math.log(reach) - s * Math.log1p(t / beta);
  const logFront = logCoefficient + Math.log((alpha * s) / beta) + (n + 1) * Math.log(reach);
  const logDropped = logFront + logPeakIntegral(n, r, s, alpha, beta, share, reach);
  return Math.min(1, Math.exp(logAlive) + Math.exp(logDropped));
}

/**
 * ln ∫₀¹ y^n (1 − v y)^(r+s−1) (1 + (α − β) v y / β)^−(s+1) dy (v = t/(α+t), share = 1 − v) for
 * {@link paretoNbdPurchaseProbability}. With 1 − v y = share + v (1 − y) and β + (α − β) v y =
 * β (1 − y) + α (β+t)/(α+t) · y, sums of positive terms, the log-integrand is
 *
 *   ℓ(y) = n ln y + (r − 2) ln(1 − v y) + (s + 1) ln(1 − α v y / (β (1 − y) + α (β+t)/(α+t) y)),
 *   ℓ'(y) = n/y − (r + s − 1) v / (1 − v y) − (s + 1) v (α − β) / (β (1 − y) + α (β+t)/(α+t) y).
 *
 * The peak is where ℓ' changes sign (found by bisection, or an end of [0, 1]); on each side the
 * stretch out to where ℓ has fallen by 40 (found by doubling) and the rest beyond it are summed
 * by tanh-sinh, each node's e^(ℓ − ℓ(peak)).
 */
function logPeakIntegral(
  n: number,
  r: number,
  s: number,
  alpha: number,
  beta: number,
  share: number,
  reach: number,
): number {
  // α (β+t)/(α+t) = β share + α v.
  const end = beta * share + alpha * reach;
  // ln(1 − v y) through log1p while v y is small: r − 2 in the billions multiplies its rounding.
  const logAt = (y: number, oneMinusY: number): number =>
    (n === 0 ? 0 : n * Math.log(y)) +
    (r - 2) * logShare(share + reach * oneMinusY, reach * y, 1) +
    (s + 1) * Math.log1p(-(alpha * reach * y) / (beta * oneMinusY + end * y));
  const slope = (y: number): number =>
    (n === 0 ? 0 : n / y) -
    ((r + s - 1) * reach) / (share + reach * (1 - y)) -
    ((s + 1) * reach * (alpha - beta)) / (beta * (1 - y) + end * y);
  let peak = 0;
  if (slope(1) >= 0) {
    peak = 1;
  } else if (n > 0 || slope(0) > 0) {
    // ℓ' > 0 at `low`, < 0 at `high`; halving `high` while `low` is 0 finds a peak near 0 in
    // relative terms.
    let low = 0;
    let high = 1;
    for (let k = 0; k < 400 && high - low > 1e-15 * high; k++) {
      const middle = low === 0 ? high / 2 : (low + high) / 2;
      if (slope(middle) > 0) low = middle;
      else high = middle;
    }
    peak = (low + high) / 2;
  }
  const top = logAt(peak, 1 - peak);
  let sum = 0;
  for (const right of [false, true]) {
    const room = right ? 1 - peak : peak;
    if (!(room > 0)) continue;
    // ℓ − ℓ(peak) at distance d from the peak, with 1 − y (right) or y (left) passed as `toEdge`
    // when the node gives it without cancellation.
    const relative = (d: number, toEdge: number): number =>
      (right ? logAt(peak + d, toEdge) : logAt(toEdge, 1 - toEdge)) - top;
    // Out to where ℓ has fallen by 40, doubling from 2^-200 of the room.
    let stretch = room * 6.223015277861142e-61;
    while (stretch < room && relative(stretch, room - stretch) > -40) stretch *= 2;
    stretch = Math.min(stretch, room);
    tanhSinh((d, weight) => {
      sum += weight * Math.exp(relative(d, room - d));
    }, stretch);
    if (stretch < room) {
      tanhSinh((d, weight, rest) => {
        sum += weight * Math.exp(relative(stretch + d, rest));
      }, room - stretch);
    }
  }
  return top + Math.log(sum);
}

/**
 * Fits the Pareto/NBD model of Schmittlein, Morrison & Colombo (1987) by maximum likelihood:
 * while alive, a customer buys at rate λ ~ Gamma(r, α) (Poisson purchases) and drops out after an
 * exponential lifetime of rate μ ~ Gamma(s, β), unobserved. The likelihood is that of Fader &
 * Hardie's note on the Pareto/NBD, with the Gauss hypergeometric function evaluated in log
 * space, so heavy buyers (hundreds of purchases) stay finite; the customers are read as distinct
 * weighted rows, as for {@link fitBgNbd}. Standard errors come from the observed
 * information. The predictions ({@link probabilityAlive}, {@link expectedPurchases},
 * {@link conditionalExpectedPurchases}, {@link purchaseProbability}) and
 * {@link customerLifetimeValue} accept the model.
 *
 * Data that cannot tell the dropout parameters apart (few customers who visibly stopped) make
 * the likelihood rise along a ridge where s and β grow together, and the fit throws NOT_CONVERGED
 * with the last estimate. On a handful of customers the rise can be slight (1e-7 of
 * log-likelihood over orders of magnitude); the fit looks for it along pairs of loose parameters
 * and of parameters a million times above or below their start, and the outcome does not depend
 * on the order of the customers. Read a shape estimate in the millions as such a ridge, whatever
 * its standard error. Far along such a ridge β is thousands of times α; the part of the
 * likelihood that the hypergeometric series would need 40 β/α terms for is summed there as a
 * binomial series of a few dozen terms, or by a quadrature of 257 nodes for each distinct
 * (x, t_x) and (x, T), so every step costs about the same: such a fit gives up in about 0.1 s on
 * 300 customers, but on thousands whose recency takes many distinct values it can take tens of
 * seconds (43 s on 3,000 customers simulated from a BG/NBD model whose customers all drop out alike). Well-identified data
 * such as CDNOW fit in tens of milliseconds.
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
 * @throws LoyaltyMetricsError `INVALID_VALUE` (impossible rows, or a frequency above 1,000,000),
 *   `EMPTY_INPUT` (no customer), `INVALID_ARGUMENT` (no unit, bad penalizer), `NOT_CONVERGED`
 *   (with the last estimate in `details.estimate`)
 * @example
 * const simulated = simulateBgNbd({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers: 2000, T: 39, seed: 3 });
 * fitParetoNbd(compressSummaries(simulated), { unit: 'week' }) // => { kind: 'pareto/nbd', n: 2000, unit: 'week' }
 */
export function fitParetoNbd(data: PurchaseModelData, options: FitParetoNbdOptions = {}): ParetoNbdModel {
  const fn = 'fitParetoNbd';
  const { rows, unit, penalizer, timeScale } = purchaseFitSetup(fn, data, options);
  const fit = fitMaximumLikelihood({
    fn,
    start: [1, timeScale, 1, timeScale],
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
