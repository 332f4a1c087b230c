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
 * 1 - p, each computed without cancellation. Relative accuracy about 1e-14 for smooth g and
 * typical shapes, better than 1e-8 for shapes from 0.05 to 50 (the range of fitted purchase
 * models); both shapes large (a narrow peak) is less accurate and would want a Gauss-Jacobi rule.
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

// π / 2, as a literal so that bundlers can drop it when the quadrature is not used.
const HALF_PI = 1.5707963267948966;
// 1/32, also written out: bundlers keep top-level arithmetic in every bundle, but drop literals.
const STEP = 0.03125;
const NODES = 128; // 4 / STEP: nodes out to t = ±4

// Visits the tanh-sinh nodes of [0, L] (x = L (1 + tanh(π/2 sinh t)) / 2) with their weights, so
// that Σ weight · f(x) approximates ∫₀^L f(x) dx for f bounded on (0, L).
function tanhSinh(visit: (x: number, weight: number) => void, length: number): void {
  for (let k = -NODES; k <= NODES; k++) {
    const t = k * STEP;
    const inner = HALF_PI * Math.sinh(t);
    const e = Math.exp(-2 * Math.abs(inner));
    // Distance of the node to the nearer end, as a fraction of L, without cancellation.
    const nearer = e / (1 + e);
    const x = length * (inner >= 0 ? 1 - nearer : nearer);
    const weight = ((HALF_PI * Math.cosh(t) * 2 * e) / ((1 + e) * (1 + e))) * STEP * length;
    if (x > 0 && x < length && weight > 0) visit(x, weight);
  }
}
