/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) in log space, written for this library, for
 * the Pareto/NBD likelihood (Schmittlein, Morrison & Colombo 1987, Management Science 33(1)), where
 * 2F1(r + s + x, s + 1 or r + x; r + s + x + 1; z) with 0 ≤ z < 1 has a = r + s + x in the
 * thousands for heavy buyers and a value that overflows a double long before its logarithm is large.
 *
 * Method: the power series Σ (a)_k (b)_k / ((c)_k k!) z^k, always summed at an argument
 * w ∈ [0, 1) (DLMF 15.2.1), with the terms carried relative to a running scale so neither the
 * terms nor the sum overflow. Of the two linear transformations that keep such an argument,
 * the one whose coefficients grow least is used:
 * - z in [0, 1): the series itself, or Euler's transformation (DLMF 15.8.1)
 *   2F1(a, b; c; z) = (1 − z)^(c−a−b) 2F1(c − a, c − b; c; z);
 * - z < 0: Pfaff's transformations (DLMF 15.8.1), w = z / (z − 1) ∈ (0, 1),
 *   2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; w) = (1 − z)^(−b) 2F1(c − a, b; c; w).
 * Only exact identities and a convergent series are involved (no Γ-function connection formula
 * with its special cases at integer c − a − b), so the result is a smooth function of the
 * parameters to rounding: numerical derivatives of a likelihood built on it are reliable.
 */

/** A real number as its sign and the logarithm of its magnitude: value = sign × exp(log). */
export interface SignedLog {
  /** ln |value|; NaN when it could not be computed. */
  log: number;
  /** −1 or 1; NaN when the value could not be computed. */
  sign: number;
}

// Stop when the remaining tail is provably below this fraction of the sum (about half an ulp).
const RELATIVE_TOLERANCE = 1e-16;
// The series needs about 40 / (1 − w) terms; this admits w up to about 0.99995.
const MAX_TERMS = 1_000_000;
// Terms and sum are divided by 1e250 whenever they exceed it, the logarithm keeping count.
const RESCALE_ABOVE = 1e250;
const RESCALE_BY = 1e-250;
// 250 ln 10, as a literal so that bundlers can drop it.
const LOG_RESCALE = 575.6462732485114;
// A sum that lost more than three digits to cancellation is retried with the other transformation.
const CANCELLATION_LIMIT = 1e3;
// Beyond this the cancellation leaves fewer than about eight digits: the value is refused (NaN).
const CONDITION_LIMIT = 1e8;

interface Series {
  log: number;
  sign: number;
  /** Σ|terms| / |Σ terms|: 1 for a series of positive terms, large when terms cancel. */
  condition: number;
}

/**
 * ln |2F1(p, q; c; w)| with its sign and condition number, by the power series, for 0 ≤ w < 1 and
 * c > 0. Each term is the previous one times the ratio (p+k)(q+k) / ((c+k)(k+1)) · w, added with
 * Neumaier's compensation. The stopping rule is a rigorous bound on the tail: for j ≥ k, once
 * p + k and q + k are positive, each of (p+j)/(1+j) and (q+j)/(c+j) is monotone in j, so every
 * later ratio is at most R = w · max((p+k)/(1+k), 1) · max((q+k)/(c+k), 1) (or the same with the
 * pairing swapped, whichever is smaller), and when R < 1 the tail is at most |term| · R / (1 − R).
 * A terminating series (p or q a non-positive integer) stops at its exact zero term.
 *
 * With `derivatives`, it also fills d ln|S| / d(p, q, c, w), S the sum: term k times
 * Σ_{j<k} 1/(p+j), Σ_{j<k} 1/(q+j), −Σ_{j<k} 1/(c+j) and k / w, summed alongside, over S. Those
 * weights grow like ln k (and k), so the sum goes on until the tail bound, times
 * (k + the weights) / (1 − R), is below the tolerance too. NaN for a terminating series (p or q
 * a non-positive integer, or within rounding of one), whose derivatives need the terms it never
 * reaches.
 */
function logSeries(p: number, q: number, c: number, w: number, derivatives?: Float64Array): Series {
  let term = 1;
  let sum = 1;
  let compensation = 0;
  let absoluteSum = 1;
  let logScale = 0;
  const floor = Math.max(0, -p, -q);
  // (p+k)/(c+k) = 1 + (p−c)/(c+k) and (q+k)/(k+1) = 1 + (q−1)/(k+1): rounding p + k to the grid of
  // k would bias every ratio the same way (an error growing like the number of terms times ε);
  // rounding the small correction instead leaves unbiased errors that grow like its square root.
  const pMinusC = p - c;
  const qMinusOne = q - 1;
  // Running Σ_{j<k} 1/(p+j), 1/(q+j), 1/(c+j), and the weighted sums of the terms.
  let harmonicP = 0;
  let harmonicQ = 0;
  let harmonicC = 0;
  let sumP = 0;
  let sumQ = 0;
  let sumC = 0;
  let sumW = 0;
  let terminated = false;
  for (let k = 0; k < MAX_TERMS; k++) {
    if (derivatives) {
      harmonicP += 1 / (p + k);
      harmonicQ += 1 / (q + k);
      harmonicC += 1 / (c + k);
    }
    const ratio = (1 + pMinusC / (c + k)) * (1 + qMinusOne / (k + 1)) * w;
    term *= ratio;
    if (term === 0) {
      // A zero factor ends the series (p or q a non-positive integer, or within rounding of one):
      // its derivatives would need the terms after it.
      terminated ||= ratio === 0;
      break;
    }
    const next = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
    absoluteSum += Math.abs(term);
    if (derivatives) {
      sumP += term * harmonicP;
      sumQ += term * harmonicQ;
      sumC += term * harmonicC;
      sumW += term * (k + 1);
    }
    if (absoluteSum > RESCALE_ABOVE) {
      term *= RESCALE_BY;
      sum *= RESCALE_BY;
      compensation *= RESCALE_BY;
      absoluteSum *= RESCALE_BY;
      sumP *= RESCALE_BY;
      sumQ *= RESCALE_BY;
      sumC *= RESCALE_BY;
      sumW *= RESCALE_BY;
      logScale += LOG_RESCALE;
    }
    // The tail bound applies from index j = k + 1 on; test it only when it could pass (R ≥ w).
    const j = k + 1;
    const total = Math.abs(sum + compensation);
    if (j > floor && Math.abs(term) * w <= RELATIVE_TOLERANCE * total) {
      const pOverOne = Math.max((p + j) / (1 + j), 1);
      const qOverC = Math.max((q + j) / (c + j), 1);
      const pOverC = Math.max((p + j) / (c + j), 1);
      const qOverOne = Math.max((q + j) / (1 + j), 1);
      const bound = w * Math.min(pOverOne * qOverC, pOverC * qOverOne);
      const weight = derivatives
        ? (j + Math.abs(harmonicP) + Math.abs(harmonicQ) + Math.abs(harmonicC)) / (1 - bound)
        : 1;
      if (bound < 1 && (Math.abs(term) * bound * weight) / (1 - bound) <= RELATIVE_TOLERANCE * total) break;
    }
    if (k === MAX_TERMS - 1) return { log: NaN, sign: NaN, condition: Infinity };
  }
  // A sum that cancels to exactly 0 has an infinite condition number, so it is refused below.
  const total = sum + compensation;
  if (derivatives) {
    derivatives[0] = terminated ? NaN : sumP / total;
    derivatives[1] = terminated ? NaN : sumQ / total;
    derivatives[2] = terminated ? NaN : -sumC / total;
    derivatives[3] = terminated ? NaN : sumW / (w * total);
  }
  return {
    log: logScale + Math.log(Math.abs(total)),
    sign: Math.sign(total),
    condition: absoluteSum / Math.abs(total),
  };
}

// A linear transformation of 2F1(a, b; c; z) into (1 − z)^e · 2F1(p, q; c; w): the coefficients
// of a, b and c in p, in q and in e (DLMF 15.8.1).
interface Transformation {
  p: readonly [number, number, number];
  q: readonly [number, number, number];
  e: readonly [number, number, number];
}
const DIRECT: Transformation = { p: [1, 0, 0], q: [0, 1, 0], e: [0, 0, 0] };
const EULER: Transformation = { p: [-1, 0, 1], q: [0, -1, 1], e: [-1, -1, 1] };
const PFAFF_A: Transformation = { p: [1, 0, 0], q: [0, -1, 1], e: [-1, 0, 0] };
const PFAFF_B: Transformation = { p: [-1, 0, 1], q: [0, 1, 0], e: [0, -1, 0] };

const combine = (coefficients: readonly [number, number, number], a: number, b: number, c: number): number =>
  coefficients[0] * a + coefficients[1] * b + coefficients[2] * c;
// σ = p + q − c decides how fast the coefficients grow; c is common to both candidates.
const sigma = (form: Transformation, a: number, b: number, c: number): number =>
  combine(form.p, a, b, c) + combine(form.q, a, b, c);
// Scratch space for the series' derivatives (the function is not re-entrant, so one buffer serves).
const seriesDerivatives = /* @__PURE__ */ new Float64Array(4);
const savedDerivatives = /* @__PURE__ */ new Float64Array(4);

/**
 * ln |2F1(a, b; c; z)| and the sign of 2F1(a, b; c; z), for real a and b, c > 0 and z < 1 (a or b a
 * non-positive integer gives a polynomial).
 *
 * Method (see the module comment): the hypergeometric series at w = z (z ≥ 0) or w = z/(z − 1)
 * (z < 0), under whichever of the two linear transformations that keep w gives coefficients
 * growing like k^(σ−1) with the smaller σ (σ = p + q − c for the transformed parameters p, q);
 * should its terms cancel by more than three digits, the other transformation is evaluated too
 * and the better conditioned of the two kept. The prefactors (1 − z)^e are applied as
 * e · log1p(−z), so nothing overflows however large a, b or 1/(1 − z) are.
 *
 * Accuracy (absolute error of the logarithm = relative error of the value), measured against
 * SciPy and a high-precision `decimal` summation (see the tests): when c ≥ max(a, b), as in the
 * Pareto/NBD, every term summed is positive and the error stays below 1e-13 + 4e-16·|ln F| plus,
 * for parameters in the thousands, the rounding of c − a and c − b (at most a few 1e-13 in the
 * tests); typical errors are a few 1e-16. Otherwise the same holds while the terms cancel by less
 * than a factor 1e3; between 1e3 and 1e8 the error grows to about 1e-17 × that factor; beyond it
 * the value is refused. Cost: at worst about 40 / (1 − w) terms of 10–30 ns each, so z near 1 (or
 * far below −1) is slow: up to 4e4 terms (~0.3 ms) at z = 0.999, 4e5 at 0.9999, against a few dozen
 * for the Pareto/NBD arguments of the CDNOW fit.
 *
 * Edge cases: z = 0, a = 0 or b = 0 give ln 1 = 0. The value may be negative (e.g.
 * 2F1(10, 3/2; 1/2; −1) = −9/1024). The result is `{ log: NaN, sign: NaN }` out of the domain
 * (a non-finite argument, c ≤ 0, z ≥ 1), when the series needs more than a million terms (1 − w
 * below about 5e-5: z above 0.99995 or below about −2e4), and when the terms cancel by more than
 * 1e8 (large a, b with small c and z < 0, for instance), including a value that cancels to zero
 * and cannot be told from rounding noise. An objective handed to `minimize` that returns NaN there
 * simply has that point rejected.
 *
 * With `gradient` (length ≥ 4), it also fills d ln|2F1| / d(a, b, c, z): the series' own
 * derivatives (see `logSeries`) carried through the transformation used. NaN where the series
 * used terminates (one of its parameters a, b, c − a or c − b a non-positive integer, or within
 * rounding of one: the derivatives need the terms after the zero one) and wherever the value is NaN.
 *
 * @param a - first numerator parameter
 * @param b - second numerator parameter
 * @param c - denominator parameter, > 0
 * @param z - argument, < 1
 * @param gradient - optional output: d ln|2F1| / d(a, b, c, z)
 * @returns ln |2F1| and its sign
 */
export function signedLogHypergeometric2F1(
  a: number,
  b: number,
  c: number,
  z: number,
  gradient?: Float64Array,
): SignedLog {
  gradient?.fill(NaN, 0, 4);
  if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && c > 0 && z < 1 && z > -Infinity)) {
    return { log: NaN, sign: NaN };
  }
  if (z === 0) {
    // 2F1 = 1 + (ab/c) z + O(z²).
    gradient?.set([0, 0, 0, (a * b) / c]);
    return { log: 0, sign: 1 };
  }
  if ((a === 0 || b === 0) && !gradient) return { log: 0, sign: 1 };
  // w ∈ [0, 1) under either pair of transformations; the two candidates' σ are opposite in sign
  // (a + b − c vs c − a − b, a − b vs b − a).
  const w = z > 0 ? z : z / (z - 1);
  let first = z > 0 ? DIRECT : PFAFF_A;
  let second = z > 0 ? EULER : PFAFF_B;
  if (sigma(second, a, b, c) < sigma(first, a, b, c)) [first, second] = [second, first];
  const logOneMinusZ = Math.log1p(-z);
  const derivatives = gradient && seriesDerivatives;
  let form = first;
  let result = logSeries(combine(form.p, a, b, c), combine(form.q, a, b, c), c, w, derivatives);
  if (!(result.condition <= CANCELLATION_LIMIT)) {
    if (derivatives) savedDerivatives.set(derivatives);
    const other = logSeries(combine(second.p, a, b, c), combine(second.q, a, b, c), c, w, derivatives);
    if (other.condition < result.condition) {
      result = other;
      form = second;
    } else if (derivatives) derivatives.set(savedDerivatives);
  }
  // Relative error ≈ condition × 1e-17 (measured): beyond the limit the digits, even the sign, are noise.
  if (!(result.condition <= CONDITION_LIMIT)) return { log: NaN, sign: NaN };
  const exponent = combine(form.e, a, b, c);
  if (gradient && derivatives) {
    // ln F = e · ln(1 − z) + ln S(p, q; c; w), with p, q, e linear in (a, b, c) and w = z or z/(z − 1).
    const dw = derivatives[3]!;
    for (let k = 0; k < 3; k++) {
      const direct = k === 2 ? derivatives[2]! : 0;
      gradient[k] = form.e[k]! * logOneMinusZ + form.p[k]! * derivatives[0]! + form.q[k]! * derivatives[1]! + direct;
    }
    gradient[3] = -exponent / (1 - z) + dw * (z > 0 ? 1 : -1 / ((1 - z) * (1 - z)));
  }
  return { log: result.log + exponent * logOneMinusZ, sign: result.sign };
}

/**
 * ln 2F1(a, b; c; z) for a value known to be positive, as in the Pareto/NBD likelihood
 * (a, b > 0, c > 0, 0 ≤ z < 1: every term of the series is positive). Same method, accuracy and
 * domain as {@link signedLogHypergeometric2F1}; NaN when the value is negative or zero (its
 * logarithm is not real) or cannot be computed.
 *
 * @param a - first numerator parameter
 * @param b - second numerator parameter
 * @param c - denominator parameter, > 0
 * @param z - argument, < 1
 * @param gradient - optional output: d ln 2F1 / d(a, b, c, z), as {@link signedLogHypergeometric2F1} fills it
 * @returns ln 2F1(a, b; c; z), or NaN
 */
export function logHypergeometric2F1(a: number, b: number, c: number, z: number, gradient?: Float64Array): number {
  const { log, sign } = signedLogHypergeometric2F1(a, b, c, z, gradient);
  if (sign === 1) return log;
  gradient?.fill(NaN, 0, 4);
  return NaN;
}

/**
 * 2F1(a, b; c; z) itself, sign × exp(log) of {@link signedLogHypergeometric2F1}: ±Infinity when
 * it overflows a double, NaN out of the domain.
 *
 * @param a - first numerator parameter
 * @param b - second numerator parameter
 * @param c - denominator parameter, > 0
 * @param z - argument, < 1
 * @returns 2F1(a, b; c; z)
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  const { log, sign } = signedLogHypergeometric2F1(a, b, c, z);
  return sign * Math.exp(log);
}
