/**
 * Special functions in double precision, written for this library:
 * log-gamma (Lanczos), log-beta, ratios of gamma and beta functions and differences of
 * digammas taken whole (no cancellation for large arguments), the regularized incomplete gamma
 * and beta functions (series and Lentz continued fractions, Numerical Recipes 3rd ed. §6.2,
 * §6.4) and the inverse of the incomplete beta (Newton steps guarded by bisection).
 */

// Lanczos approximation with g = 7, n = 9: relative error below 1e-15 for x > 0.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.9189385332046728;

/** ln Γ(x) for x > 0 (NaN otherwise). */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x < 0.5) {
    // Reflection keeps the accuracy near 0: Γ(x) Γ(1 - x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let k = 1; k < LANCZOS.length; k++) sum += LANCZOS[k]! / (z + k);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

// δ(x) = ln Γ(x) - [(x - 1/2) ln x - x + ln √(2π)] by its Stirling series, for x >= 10: the
// truncation error is about 2e-14 (10/x)^11 (see ASYMPTOTIC_FROM), at the rounding level from 15 on.
function stirlingCorrection(x: number): number {
  const r = 1 / (x * x);
  return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r / 1188)))) / x;
}

// δ(x) for any x > 0: the series from 10 on, below it from log-gamma (small values, no cancellation).
function stirlingError(x: number): number {
  return x >= 10 ? stirlingCorrection(x) : logGamma(x) - (x - 0.5) * Math.log(x) + x - HALF_LOG_TWO_PI;
}

// x ln(x / m) + m - x without cancellation: Loader's bd0, a series in v = (x - m) / (x + m) when x is
// near m, where the direct formula would subtract nearly equal terms.
function deviance(x: number, m: number): number {
  return Math.abs(x - m) < 0.1 * (x + m) ? devianceSeries(x, m - x) : x * Math.log(x / m) + m - x;
}

// Loader's series for x ln(x / (x + d)) + d, d the gap from x to the mean, for |d| < 0.1 (2x + d):
// in v = −d / (2x + d), d(v + 2x Σ_j v^(2j+1) / (2j + 1)). The gap is taken as given, so a gap
// far below x keeps its digits (x + d would round them away).
function devianceSeries(x: number, d: number): number {
  let v = -d / (2 * x + d);
  let sum = -d * v;
  let term = 2 * x * v;
  v *= v;
  for (let j = 1; j < 100; j++) {
    term *= v;
    const next = sum + term / (2 * j + 1);
    if (next === sum) return next;
    sum = next;
  }
  return sum;
}

/**
 * ln of the Binomial(n, p) probability of k, accurate in relative terms for any n (Loader 2000,
 * "Fast and accurate computation of binomial probabilities"): from Stirling errors and
 * deviances, where log-gammas of n and k would cancel to a few digits once n is in the billions.
 */
export function logBinomialProbability(k: number, n: number, p: number): number {
  if (k === 0) return n * Math.log1p(-p);
  if (k === n) return n * Math.log(p);
  return (
    stirlingError(n) -
    stirlingError(k) -
    stirlingError(n - k) -
    deviance(k, n * p) -
    deviance(n - k, n * (1 - p)) +
    0.5 * Math.log(n / (2 * Math.PI * k * (n - k)))
  );
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b), for a, b > 0. When an argument is large the
 * three log-gammas are huge and nearly cancel, so the large ones are expanded with Stirling's
 * series and the cancellation is done analytically (the approach of R's `lbeta`).
 */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  if (large < 10) return logGamma(a) + logGamma(b) - logGamma(a + b);
  const sum = a + b;
  const correction = stirlingCorrection(large) - stirlingCorrection(sum);
  if (small >= 10) {
    return (
      -0.5 * Math.log(large) +
      HALF_LOG_TWO_PI +
      correction +
      stirlingCorrection(small) +
      (small - 0.5) * Math.log(small / sum) +
      large * Math.log1p(-small / sum)
    );
  }
  return logGamma(small) + correction + small - small * Math.log(sum) + (large - 0.5) * Math.log1p(-small / sum);
}

// Where the two differenced expansions below start. Their truncation errors, about 2e-14 (10/x)^11
// for Stirling's and 2e-16 (15/x)^12 for ψ's, are at the rounding level from 15 on; from 10 on,
// where logBeta and digamma start them, they reach 2e-14.
const ASYMPTOTIC_FROM = 15;

/**
 * ln Γ(x + h) − ln Γ(x) = ln of the rising factorial (x)_h, for x > 0, h >= 0. Two log-gammas of
 * a large x are huge and cancel to the few digits that are left of their difference (at x = 1e12,
 * ln Γ(x) ≈ 2.6e13 keeps 1e-3 absolute), so below 15 the recurrence Γ(x + 1) = x Γ(x) lifts x, and
 * from 15 on Stirling's expansion is differenced analytically:
 * (x − ½) ln(1 + h/x) + h ln(x + h) − h + δ(x + h) − δ(x).
 * The error is the rounding of the logarithms added, a few 1e-16 of |ln x| + h ln(x + h + 15) (at
 * x = 1e12 and h = 1, 1e-15 of 27.6); for a tiny h the two δ leave about 1e-18.
 */
export function logGammaRatio(x: number, h: number): number {
  if (h === 0) return 0;
  let shift = 0;
  while (x < ASYMPTOTIC_FROM) {
    // ln Γ(x + h) − ln Γ(x) = [ln Γ(x + 1 + h) − ln Γ(x + 1)] − ln(1 + h/x).
    shift -= Math.log1p(h / x);
    x += 1;
  }
  return (
    shift + (x - 0.5) * Math.log1p(h / x) + h * Math.log(x + h) - h + stirlingCorrection(x + h) - stirlingCorrection(x)
  );
}

/**
 * ln[B(a + i, b + j) / B(a, b)] for a, b > 0 and shifts i, j >= 0, accurate where a difference of
 * two log-betas would cancel (both shapes large: ln B(1e12, 1e12) ≈ −1.4e12). The six log-gammas
 * group into three ratios of {@link logGammaRatio} in three ways, shifting by i + j, by a + i or by
 * b + j:
 *
 *   ln (a)_i + ln (b)_j − ln (a + b)_{i+j} = ln (a)_i + ln (b)_a − ln (b + j)_{a+i} = ln (b)_j + ln (a)_b − ln (a + i)_{b+j}
 *
 * Each term is about its shift times a logarithm, and the terms' rounding is what the result keeps
 * of it, so the smallest shift is taken (S(t) of the sBG with t = 1e14 and α = 11 shifts by α).
 * When i or j is 0 two of the terms are one ratio at two bases, and their difference is taken
 * whole ({@link logGammaRatioChange}): then neither shift's size costs digits.
 */
export function logBetaRatio(a: number, b: number, i: number, j: number): number {
  if (i === 0 && j === 0) return 0;
  // One shift 0: the change of a single ratio between two bases (B(a, b + j) / B(a, b) =
  // (b)_j / (a + b)_j = (b)_a / (b + j)_a), shifted by the smaller of j and a.
  if (i === 0) return -(j <= a ? logGammaRatioChange(b, a, j) : logGammaRatioChange(b, j, a));
  if (j === 0) return -(i <= b ? logGammaRatioChange(a, b, i) : logGammaRatioChange(a, i, b));
  const byShifts = i + j;
  if (byShifts <= a + i && byShifts <= b + j)
    return logGammaRatio(a, i) + logGammaRatio(b, j) - logGammaRatio(a + b, byShifts);
  if (a + i <= b + j) return logGammaRatio(a, i) + logGammaRatio(b, a) - logGammaRatio(b + j, a + i);
  return logGammaRatio(b, j) + logGammaRatio(a, b) - logGammaRatio(a + i, b + j);
}

/**
 * ln (x + gap)_h − ln (x)_h, the change of {@link logGammaRatio} when its base grows by gap. For
 * x >= 15 Stirling's forms are differenced term by term, (x − ½) ln(1 + h/x) written as
 * h − φ(x) with φ(x) = x [u − ln(1 + u)] + ½ ln(1 + u), u = h/x, where x [u − ln(1 + u)] is the
 * deviance of x from x + h (Loader's series while h is small against x):
 *
 *   φ(x) − φ(x + gap) + h ln(1 + gap / (x + h)) + [δ(x + gap + h) − δ(x + gap)] − [δ(x + h) − δ(x)],
 *
 * where the two ratios, each about h ln x, would cancel to what h gap / x leaves (the sBG's
 * survival at α = 1e7, β = 1e14 and t = 1e7 kept 4e-8 of it). Below 15, the plain difference.
 */
function logGammaRatioChange(x: number, gap: number, h: number): number {
  if (x < ASYMPTOTIC_FROM) return logGammaRatio(x + gap, h) - logGammaRatio(x, h);
  const y = x + gap;
  const phi = (base: number): number => {
    const log1pU = Math.log1p(h / base);
    return (h < 0.1 * (2 * base + h) ? devianceSeries(base, h) : h - base * log1pU) + 0.5 * log1pU;
  };
  return (
    phi(x) -
    phi(y) +
    h * Math.log1p(gap / (x + h)) +
    (stirlingCorrection(y + h) - stirlingCorrection(y)) -
    (stirlingCorrection(x + h) - stirlingCorrection(x))
  );
}

const EPSILON = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a), for a > 0, x >= 0. */
export function regularizedGammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // Series for P(a, x), accurate where Q is not small.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  // Continued fraction for Q(a, x) (modified Lentz), accurate in the far tail.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(logPrefix) * h;
}

// Continued fraction of the incomplete beta (modified Lentz).
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  // Near the mean the fraction needs a number of terms growing like sqrt(a b / (a + b)).
  const limit = MAX_ITERATIONS + 20 * Math.sqrt((a * b) / qab);
  for (let m = 1; m < limit; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b), for a, b > 0 and 0 <= x <= 1; with `upper`, its
 * complement 1 − I_x(a, b), as precise in its own far tail (where 1 − I_x would keep no digits).
 */
export function regularizedBeta(x: number, a: number, b: number, upper = false): number {
  if (x <= 0) return upper ? 1 : 0;
  if (x >= 1) return upper ? 0 : 1;
  // x^a (1 - x)^b / B(a, b); for large shapes as deviances from the mean a / (a + b), whose terms,
  // unlike a ln x + b ln(1 - x) and ln B(a, b), do not cancel (each is about 1e13 when a + b is).
  const n = a + b;
  const logFront =
    Math.min(a, b) >= 10
      ? 0.5 * Math.log((a * b) / n) -
        HALF_LOG_TWO_PI -
        deviance(a, n * x) -
        deviance(b, n * (1 - x)) -
        stirlingCorrection(a) -
        stirlingCorrection(b) +
        stirlingCorrection(n)
      : a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  // The continued fraction converges fast for the tail on x's side of the mean: that tail is taken
  // directly, the other as its complement.
  const below = x < (a + 1) / (a + b + 2);
  const tail = below
    ? (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a
    : (Math.exp(logFront) * betaContinuedFraction(b, a, 1 - x)) / b;
  return below === upper ? 1 - tail : tail;
}

/**
 * The x with I_x(a, b) = p, for a, b > 0 and 0 <= p <= 1 (with `upper`, the x with
 * 1 − I_x(a, b) = p, which keeps the digits of a small upper tail p that 1 − p would round):
 * Newton steps on the Beta(a, b) density, kept inside a shrinking bracket and replaced by
 * bisection whenever they would leave it (or the density underflows), so it converges even for
 * sharply peaked distributions.
 */
export function inverseRegularizedBeta(p: number, a: number, b: number, upper = false): number {
  if (p <= 0) return upper ? 1 : 0;
  if (p >= 1) return upper ? 0 : 1;
  const logB = logBeta(a, b);
  let low = 0;
  let high = 1;
  let x = a / (a + b);
  for (let iteration = 0; iteration < 2000; iteration++) {
    // Positive when x is above the answer: the lower tail rises with x, the upper one falls.
    const error = upper ? p - regularizedBeta(x, a, b, true) : regularizedBeta(x, a, b) - p;
    if (error === 0) return x;
    if (error < 0) low = x;
    else high = x;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logB);
    let next = x - error / density;
    if (!(next > low && next < high)) {
      // Bisect, geometrically while the lower end is 0 so tiny quantiles are reached quickly.
      next = low === 0 ? high / 16 : 0.5 * (low + high);
    }
    if (Math.abs(next - x) <= 2e-16 * x) return next;
    x = next;
  }
  return x;
}

/**
 * Digamma ψ(x) = d/dx ln Γ(x), for x > 0: the recurrence ψ(x) = ψ(x + 1) - 1/x up to x >= 10,
 * then the asymptotic series ln x - 1/(2x) - Σ B_2k / (2k x^2k). Absolute error below 1e-14.
 */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  return shift + Math.log(x) - 0.5 / x - digammaSeries(x);
}

// Σ B_2k / (2k x^2k), k = 1..5: the tail of the asymptotic series of ψ(x), for x >= 10 (1e-14 there).
function digammaSeries(x: number): number {
  const r = 1 / (x * x);
  return r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r * (1 / 132)))));
}

/**
 * ψ(x + h) − ψ(x) for x > 0, h >= 0, the derivative of {@link logGammaRatio} in x. Two digammas of a
 * large x are both near ln x and cancel (at x = 1e12 and h = 1 the difference 1e-12 would keep
 * four digits), so below 15 the recurrence adds 1/x − 1/(x + h) = h / (x (x + h)), and from 15 on
 * the asymptotic series is differenced analytically: ln(1 + h/x) + h / (2x (x + h)) + series.
 */
export function digammaDifference(x: number, h: number): number {
  let shift = 0;
  while (x < ASYMPTOTIC_FROM) {
    shift += h / (x * (x + h));
    x += 1;
  }
  return shift + Math.log1p(h / x) + h / (2 * x * (x + h)) + digammaSeries(x) - digammaSeries(x + h);
}
