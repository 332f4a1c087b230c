import { digammaDifference, logBeta } from '../stats/special';

/** Parameters of the Gamma-Gamma spend model: spend per transaction ~ Gamma(p, ν), ν ~ Gamma(q, γ). */
export interface GammaGammaParams {
  /** Shape of the gamma distribution of one transaction's spend. */
  p: number;
  /** Shape of the gamma distribution of the customers' spend rates ν. */
  q: number;
  /** Rate parameter of the gamma distribution of the customers' ν (mean q / γ), in money. */
  gamma: number;
}

/** Customers for the spend model, as columns: repeat transactions x > 0 and their mean spend. */
export interface SpendColumns {
  frequency: Float64Array;
  meanSpend: Float64Array;
  weight: Float64Array;
  rows: number;
  customers: number;
}

/**
 * Weighted Gamma-Gamma log-likelihood of customers with x > 0 repeat transactions of mean value
 * z̄ (Fader, Hardie & Lee 2005, "RFM and CLV", eq. 3; Fader & Hardie note 025):
 *
 *   ln L = ln Γ(px + q) - ln Γ(px) - ln Γ(q) + q ln γ + (px - 1) ln z̄ + px ln x - (px + q) ln(γ + x z̄)
 *        = -ln B(px, q) - px ln(1 + γ / (x z̄)) - q ln(1 + x z̄ / γ) - ln z̄
 *
 * and, when `gradient` is given, its derivatives with respect to (p, q, γ):
 *
 *   ∂/∂p = x [ψ(px + q) - ψ(px) - ln(1 + γ / (x z̄))],   ∂/∂q = ψ(px + q) - ψ(q) - ln(1 + x z̄ / γ),
 *   ∂/∂γ = x (q z̄ - p γ) / (γ (γ + x z̄)).
 *
 * The second forms keep their precision when q and γ are large (customers whose spend rates are
 * nearly the same): there ln Γ(q) and q ln γ are huge and cancel, and the digammas likewise.
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, rows: SpendColumns, gradient?: Float64Array): number {
  const { p, q, gamma } = params;
  // The gamma-function terms depend on x alone, and customers share few distinct x: once per x.
  const byFrequency = new Map<number, { logBeta: number; dp: number; dq: number }>();
  let total = 0;
  let gp = 0;
  let gq = 0;
  let gGamma = 0;
  for (let i = 0; i < rows.rows; i++) {
    const w = rows.weight[i]!;
    if (w === 0) continue;
    const x = rows.frequency[i]!;
    const mean = rows.meanSpend[i]!;
    const px = p * x;
    let terms = byFrequency.get(x);
    if (terms === undefined) {
      terms = {
        logBeta: logBeta(px, q),
        dp: gradient ? digammaDifference(px, q) : 0,
        dq: gradient ? digammaDifference(q, px) : 0,
      };
      byFrequency.set(x, terms);
    }
    const spent = x * mean;
    const logTotalOverSpend = Math.log1p(gamma / spent);
    const logTotalOverScale = Math.log1p(spent / gamma);
    total += w * (-terms.logBeta - px * logTotalOverSpend - q * logTotalOverScale - Math.log(mean));
    if (gradient) {
      gp += w * x * (terms.dp - logTotalOverSpend);
      gq += w * (terms.dq - logTotalOverScale);
      gGamma += (w * x * (q * mean - p * gamma)) / (gamma * (gamma + spent));
    }
  }
  if (gradient) {
    gradient[0] = gp;
    gradient[1] = gq;
    gradient[2] = gGamma;
  }
  return total;
}

/**
 * Expected spend per transaction of a customer with x repeat transactions of mean z̄:
 * the posterior mean (p (γ + x z̄)) / (p x + q - 1), a weighted average of the population mean
 * p γ / (q - 1) and the customer's own mean z̄ (weights (q - 1) and p x). Needs q > 1.
 */
export function gammaGammaExpectedSpend(params: GammaGammaParams, x: number, meanSpend: number): number {
  const { p, q, gamma } = params;
  // Divided through by p: p (γ + x z̄) overflowed for a large p (1e300) where the mean is finite.
  return (gamma + x * meanSpend) / (x + (q - 1) / p);
}

/** A fitted Gamma-Gamma spend model: plain data, spend in the currency of the data. */
export interface GammaGammaModel {
  /** Always `'gamma-gamma'`. */
  kind: 'gamma-gamma';
  /** Maximum-likelihood parameters. */
  params: GammaGammaParams;
  /** Log-likelihood at the estimate. */
  logLikelihood: number;
  /** Standard errors of the parameters (observed information, plus the penalty's curvature when `penalizer` > 0). */
  standardErrors: GammaGammaParams;
  /** Covariance matrix of (p, q, γ), the inverse observed information: for intervals of predictions. */
  covariance: number[][];
  /** Number of customers fitted (those with at least one repeat purchase). */
  n: number;
  /** Optimizer iterations. */
  iterations: number;
  /** The L2 penalty used (0: plain maximum likelihood). */
  penalizer: number;
}
