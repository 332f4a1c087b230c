import { digamma, logGamma } from '../stats/special';

/** Parameters of the Gamma-Gamma spend model: spend per transaction ~ Gamma(p, ν), ν ~ Gamma(q, γ). */
export interface GammaGammaParams {
  /** Shape of the gamma distribution of one transaction's spend. */
  p: number;
  /** Shape of the gamma distribution of the customers' spend rates ν. */
  q: number;
  /** Scale of the gamma distribution of the customers' spend rates ν, in money. */
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
 *
 * and, when `gradient` is given, its derivatives with respect to (p, q, γ).
 */
export function gammaGammaLogLikelihood(params: GammaGammaParams, rows: SpendColumns, gradient?: Float64Array): number {
  const { p, q, gamma } = params;
  const logGammaQ = logGamma(q);
  const digammaQ = gradient ? digamma(q) : 0;
  const logScale = Math.log(gamma);
  // The gamma-function terms depend on x alone, and customers share few distinct x: once per x.
  const logGammaRatio = new Map<number, number>();
  const digammaDifference = new Map<number, { sum: number; difference: number }>();
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
    let ratio = logGammaRatio.get(x);
    if (ratio === undefined) {
      ratio = logGamma(px + q) - logGamma(px);
      logGammaRatio.set(x, ratio);
    }
    const logMean = Math.log(mean);
    const logX = Math.log(x);
    const logTotal = Math.log(gamma + x * mean);
    total += w * (ratio - logGammaQ + q * logScale + (px - 1) * logMean + px * logX - (px + q) * logTotal);
    if (gradient) {
      let psi = digammaDifference.get(x);
      if (psi === undefined) {
        const sum = digamma(px + q);
        psi = { sum, difference: sum - digamma(px) };
        digammaDifference.set(x, psi);
      }
      gp += w * x * (psi.difference + logMean + logX - logTotal);
      gq += w * (psi.sum - digammaQ + logScale - logTotal);
      gGamma += w * (q / gamma - (px + q) / (gamma + x * mean));
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
  return (p * (gamma + x * meanSpend)) / (p * x + q - 1);
}

/** A fitted Gamma-Gamma spend model: plain data, spend in the currency of the data. */
export interface GammaGammaModel {
  /** Always `'gamma-gamma'`. */
  kind: 'gamma-gamma';
  /** Maximum-likelihood parameters. */
  params: GammaGammaParams;
  /** Log-likelihood at the estimate. */
  logLikelihood: number;
  /** Standard errors of the parameters (observed information). */
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
