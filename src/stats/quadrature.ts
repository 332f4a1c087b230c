/**
 * E[g(p)] for p ~ Beta(a, b), for a, b > 0 and g bounded on [0, 1], by tanh-sinh quadrature
 * (Takahasi & Mori 1974) after substitutions that remove the endpoint singularities however
 * small a or b is. With p = u^(1/a), p^(a-1) dp = du / a, so
 *
 *   ∫₀^c g(p) p^(a-1) (1-p)^(b-1) dp = (1/a) ∫₀^(c^a) g(u^(1/a)) (1 - u^(1/a))^(b-1) du.
 *
 * The substitution is made at the end with the smaller shape (mirroring p and 1 - p when
 * a > b) over the whole interval when the other shape is >= 1; when both shapes are below 1 the
 * integral is split at 1/2 and each half substituted at its own end. `g` is called with p and
 * 1 - p, each computed without cancellation. When both shapes exceed 1 the density is bounded
 * with one peak inside (0, 1), as narrow as 1/√(a+b): the integral is then split at the mode
 * instead (see `aroundMode`). Relative accuracy about 1e-14 for smooth g and typical shapes,
 * better than 1e-8 for shapes from 0.05 to 50 (the range of fitted purchase models), and about
 * 1e-14 when both shapes exceed 1, however large (measured up to 1e8).
 */
export function betaExpectation(
  g: (p: number, oneMinusP: number) => number,
  a: number,
  b: number,
  logBetaAB: number,
): number {
  return betaExpectations((p, q, out) => (out[0] = g(p, q)), 1, a, b, logBetaAB)[0]!;
}

/**
 * The vector form of {@link betaExpectation}: `g` writes `size` values for each p into `out`, and
 * every node's position and weight is computed once for all of them (e.g. one expectation per
 * horizon of a prediction).
 */
export function betaExpectations(
  g: (p: number, oneMinusP: number, out: Float64Array) => void,
  size: number,
  a: number,
  b: number,
  logBetaAB: number,
): Float64Array {
  if (a > 1 && b > 1) return aroundMode(g, size, a, b);
  if (a > b) return betaExpectations((q, oneMinusQ, out) => g(oneMinusQ, q, out), size, b, a, logBetaAB);
  const sums = new Float64Array(size);
  const values = new Float64Array(size);
  // Adds ∫₀^c g(p) p^(s-1) (1-p)^(t-1) dp with p = u^(1/s), u in [0, c^s] (p^(s-1) dp = du / s);
  // `reflect` integrates from the other end (p and 1 - p exchanged).
  const add = (c: number, s: number, t: number, reflect: boolean): void => {
    tanhSinh(
      (u, weight) => {
        const logP = Math.log(u) / s;
        const oneMinusP = -Math.expm1(logP);
        const p = Math.exp(logP);
        if (reflect) g(oneMinusP, p, values);
        else g(p, oneMinusP, values);
        const w = (weight * Math.exp((t - 1) * Math.log(oneMinusP))) / s;
        for (let k = 0; k < size; k++) sums[k]! += w * values[k]!;
      },
      Math.exp(s * Math.log(c)),
    );
  };
  if (b >= 1) {
    add(1, a, b, false);
  } else {
    add(0.5, a, b, false);
    add(0.5, b, a, true);
  }
  const scale = Math.exp(-logBetaAB);
  for (let k = 0; k < size; k++) sums[k]! *= scale;
  return sums;
}

// betaExpectations for a, b > 1: the density is bounded, zero at both ends, with one peak at the
// mode m = (a−1)/(a+b−2) that may be as narrow as 1/√(a+b). Each side of the mode is integrated in
// the distance d from it, where the tanh-sinh nodes crowd, out to 64 of its scales (beyond, the
// log-concave density is below e^−60 of its peak): the curvature's √(m(1−m)/(a+b)), or the
// decay length (1−m)/(b−1) (m/(a−1) on the left) where that is longer. The density is taken
// relative to its peak, (1 + d/m)^(a−1) (1 − d/(1−m))^(b−1) on the right (mirrored on the left),
// through log1p, and the sums are divided by the integral of that density on the same nodes rather
// than by B(a, b): nothing underflows or overflows however large a and b are, and the rounding of
// ln B(a, b), about 1e-16 ln Γ(a + b), does not enter.
function aroundMode(
  g: (p: number, oneMinusP: number, out: Float64Array) => void,
  size: number,
  a: number,
  b: number,
): Float64Array {
  const sums = new Float64Array(size);
  const values = new Float64Array(size);
  // (a − 1) + (b − 1), not a + b − 2, which loses the digits of shapes just above 1.
  const mode = (a - 1) / (a - 1 + (b - 1));
  const antimode = (b - 1) / (a - 1 + (b - 1));
  const width = 1 / Math.sqrt((a - 1) / mode ** 2 + (b - 1) / antimode ** 2);
  let total = 0;
  for (const left of [true, false]) {
    // Toward the end of this side: `room` from the mode to it, the shape whose factor falls there.
    const [room, shape, otherRoom, otherShape] = left ? [mode, a, antimode, b] : [antimode, b, mode, a];
    const length = Math.min(room, 64 * Math.max(width, room / (shape - 1)));
    tanhSinh((d, weight, rest) => {
      // What is left to the end, room − d, is (room − length) + rest: no cancellation near the end.
      const toEnd = room - length + rest;
      const logShrink = d < 0.5 * room ? Math.log1p(-d / room) : Math.log(toEnd / room);
      const towardMode = otherRoom + d;
      if (left) g(toEnd, towardMode, values);
      else g(towardMode, toEnd, values);
      const w = weight * Math.exp((shape - 1) * logShrink + (otherShape - 1) * Math.log1p(d / otherRoom));
      total += w;
      for (let k = 0; k < size; k++) sums[k]! += w * values[k]!;
    }, length);
  }
  for (let k = 0; k < size; k++) sums[k]! /= total;
  return sums;
}

// π / 2, as a literal so that bundlers can drop it when the quadrature is not used.
const HALF_PI = 1.5707963267948966;
// 1/32, also written out: bundlers keep top-level arithmetic in every bundle, but drop literals.
const STEP = 0.03125;
const NODES = 128; // 4 / STEP: nodes out to t = ±4

/**
 * Visits the tanh-sinh nodes of [0, L] (x = L (1 + tanh(π/2 sinh t)) / 2, step 1/32 in t out to
 * ±4, 257 nodes) with their weights and L − x (computed without cancellation near L), so that
 * Σ weight · f(x) approximates ∫₀^L f(x) dx for f bounded on (0, L) and analytic inside it (near
 * machine precision).
 */
export function tanhSinh(visit: (x: number, weight: number, rest: number) => void, length: number): void {
  for (let k = -NODES; k <= NODES; k++) {
    const t = k * STEP;
    const inner = HALF_PI * Math.sinh(t);
    const e = Math.exp(-2 * Math.abs(inner));
    // Distance of the node to the nearer end, as a fraction of L, without cancellation.
    const nearer = e / (1 + e);
    const x = length * (inner >= 0 ? 1 - nearer : nearer);
    const rest = length * (inner >= 0 ? nearer : 1 - nearer);
    const weight = ((HALF_PI * Math.cosh(t) * 2 * e) / ((1 + e) * (1 + e))) * STEP * length;
    if (x > 0 && x < length && weight > 0) visit(x, weight, rest);
  }
}
