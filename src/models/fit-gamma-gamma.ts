import { emptyInput, invalidArgument, invalidValue } from '../_internal/fail';
import { isPositiveFinite } from '../_internal/numbers';
import { iterableArgument, objectArgument } from '../_internal/records';
import {
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
  type GammaGammaModel,
  type GammaGammaParams,
  type SpendColumns,
} from './gamma-gamma';
import { fitMaximumLikelihood, penalizerOption } from './mle';
import { addCustomers, distinctRows } from './rows';

/** A customer for the spend model: repeat purchases and their mean value. */
export interface SpendRow {
  /** x: repeat purchase days (customers with x = 0 carry no spend information and are skipped). */
  frequency: number;
  /** Mean value of the repeat purchase days (`monetaryValue` of a summary), > 0 when x > 0. */
  monetaryValue: number;
  /** Number of customers with these values; default 1. */
  count?: number | undefined;
}

/** Options of {@link fitGammaGamma}. */
export interface FitGammaGammaOptions {
  /** L2 penalty λ Σ θ² on the parameters; default 0. */
  penalizer?: number | undefined;
}

// Customers with repeat purchases, as distinct rows (distinctRows).
function readSpendRows(fn: string, data: Iterable<SpendRow>): SpendColumns {
  const rows = [...iterableArgument(fn, 'customers', data, '{ frequency, monetaryValue } rows')];
  const frequencies = new Float64Array(rows.length);
  const meanSpends = new Float64Array(rows.length);
  // Customers without repeat purchases keep a count of 0: distinctRows leaves them out.
  const counts = new Float64Array(rows.length);
  let customers = 0;
  rows.forEach((row, index) => {
    const { frequency, monetaryValue, count = 1 } = (row ?? {}) as SpendRow;
    if (!(Number.isSafeInteger(frequency) && frequency >= 0) || !(Number.isSafeInteger(count) && count >= 0)) {
      throw invalidValue(fn, index, row, 'frequency and count must be integers >= 0');
    }
    if (frequency === 0) return;
    if (!isPositiveFinite(monetaryValue)) {
      throw invalidValue(fn, index, row, 'the spend model needs a finite monetaryValue > 0 when frequency > 0');
    }
    frequencies[index] = frequency;
    meanSpends[index] = monetaryValue;
    counts[index] = count;
    customers = addCustomers(fn, customers, count, index, row);
  });
  const distinct = distinctRows([frequencies, meanSpends], counts);
  const [frequency, meanSpend] = distinct.columns as [Float64Array, Float64Array];
  const weight = distinct.counts;
  return {
    frequency,
    meanSpend,
    weight,
    rows: weight.length,
    customers,
  };
}

/**
 * Fits the Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV";
 * Fader & Hardie note 025) by maximum likelihood: the value of a customer's transactions varies
 * around their own mean as Gamma(p, ν), and ν varies across customers as Gamma(q, γ). Only
 * customers with repeat purchases are used (their `monetaryValue` is the mean of the repeat
 * purchase days, the first purchase excluded, as `summarizeTransactions` gives it). The model
 * assumes spend is independent of purchase frequency: check that the two are weakly correlated.
 *
 * On the 946 CDNOW repeat customers it gives the published fit p 6.25, q 3.74, γ 15.44,
 * log-likelihood -4055.92.
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves
 *   for customer base analysis. Journal of Marketing Research 42(4), 415-430.
 * @param data - customers `{ frequency, monetaryValue, count? }` (e.g. `summary.customers`), or a summary
 * @param options - penalizer
 * @returns the fitted model, plain data
 * @throws LoyaltyMetricsError `INVALID_VALUE` (zero, negative or non-finite spend for a repeat
 *   customer), `EMPTY_INPUT` (no repeat customer), `INVALID_ARGUMENT` (bad penalizer), `NOT_CONVERGED`
 * @example
 * const customers = [
 *   { frequency: 1, monetaryValue: 20 },
 *   { frequency: 3, monetaryValue: 35 },
 *   { frequency: 2, monetaryValue: 12 },
 *   { frequency: 5, monetaryValue: 50 },
 *   { frequency: 2, monetaryValue: 28 },
 *   { frequency: 0, monetaryValue: 0 },
 * ];
 * // Five customers cannot pin down the spread of spend across customers (without a penalty the
 * // estimate drifts toward q, γ → ∞): a small penalty keeps the fit well defined.
 * fitGammaGamma(customers, { penalizer: 0.01 }) // => { kind: 'gamma-gamma', n: 5 }
 */
export function fitGammaGamma(
  data: Iterable<SpendRow> | { customers: Iterable<SpendRow> },
  options: FitGammaGammaOptions = {},
): GammaGammaModel {
  const fn = 'fitGammaGamma';
  objectArgument(fn, 'options', options, 'an object of options');
  const penalizer = penalizerOption(fn, options.penalizer);
  objectArgument(fn, 'data', data, 'customers { frequency, monetaryValue } or a transaction summary');
  // A lone row (no iterator, no `customers`) is reported as it is, not as its missing `customers`.
  const rows = readSpendRows(
    fn,
    Symbol.iterator in data || !('customers' in data) ? (data as Iterable<SpendRow>) : data.customers,
  );
  if (rows.customers === 0) throw emptyInput(fn, 'no customer with repeat purchases to fit');
  let meanSpend = 0;
  // Each mean times its share of the customers: count × mean could overflow (means near 1e308).
  for (let i = 0; i < rows.rows; i++) meanSpend += rows.meanSpend[i]! * (rows.weight[i]! / rows.customers);
  const fit = fitMaximumLikelihood({
    fn,
    start: [1, 1, meanSpend],
    customers: rows.customers,
    penalizer,
    logLikelihood: ([p, q, gamma], gradient) =>
      gammaGammaLogLikelihood({ p: p!, q: q!, gamma: gamma! }, rows, gradient),
  });
  const [p, q, gamma] = fit.params as [number, number, number];
  const [seP, seQ, seGamma] = fit.standardErrors as [number, number, number];
  return {
    kind: 'gamma-gamma',
    params: { p, q, gamma },
    logLikelihood: fit.logLikelihood,
    standardErrors: { p: seP, q: seQ, gamma: seGamma },
    covariance: fit.covariance,
    n: rows.customers,
    iterations: fit.iterations,
    penalizer,
  };
}

/**
 * Expected value of a customer's future transactions under a fitted Gamma-Gamma model: the
 * posterior mean (p (γ + x z̄)) / (p x + q - 1), a weighted average of the population mean
 * p γ / (q - 1) (weight q - 1) and the customer's own mean z̄ (weight p x). A customer without
 * repeat purchases gets the population mean.
 *
 * @see Fader, Hardie & Lee (2005), Journal of Marketing Research 42(4), eq. 5.
 * @param model - a fitted Gamma-Gamma model (q > 1, so the population mean exists)
 * @param customer - `{ frequency, monetaryValue }`
 * @returns expected spend per transaction, in the currency of the data
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (not a Gamma-Gamma model, or q <= 1),
 *   `INVALID_VALUE` (impossible customer)
 * @example
 * const model = { kind: 'gamma-gamma', params: { p: 6.25, q: 3.74, gamma: 15.44 } } as const;
 * expectedSpend(model, { frequency: 2, monetaryValue: 22.35 }) // => 24.66
 * expectedSpend(model, { frequency: 0, monetaryValue: 0 }) // => 35.2
 */
export function expectedSpend(
  model: Pick<GammaGammaModel, 'kind' | 'params'>,
  customer: Pick<SpendRow, 'frequency' | 'monetaryValue'>,
): number {
  const fn = 'expectedSpend';
  const params = spendModelParams(fn, 'model', model);
  const { frequency, monetaryValue } = (customer ?? {}) as SpendRow;
  if (!(Number.isSafeInteger(frequency) && frequency >= 0)) {
    throw invalidValue(fn, 0, customer, 'frequency must be an integer >= 0');
  }
  if (lacksSpend(frequency, monetaryValue)) {
    throw invalidValue(fn, 0, customer, 'monetaryValue must be finite and > 0 when frequency > 0');
  }
  return gammaGammaExpectedSpend(params, frequency, frequency > 0 ? monetaryValue : 0);
}

/** Whether a customer with repeat purchases lacks the positive mean spend the spend model needs. */
export const lacksSpend = (frequency: number, monetaryValue: number): boolean =>
  frequency > 0 && !isPositiveFinite(monetaryValue);

/**
 * The parameters of a Gamma-Gamma model that can predict spend (finite p, γ > 0 and q > 1, so
 * that the population mean pγ / (q − 1) is finite), or an `INVALID_ARGUMENT` naming `fn`.
 */
export function spendModelParams(
  fn: string,
  name: string,
  model: Pick<GammaGammaModel, 'kind' | 'params'>,
): GammaGammaParams {
  const params = model?.params;
  if (
    model?.kind !== 'gamma-gamma' ||
    !(isPositiveFinite(params?.p) && isPositiveFinite(params.gamma) && isPositiveFinite(params.q) && params.q > 1)
  ) {
    throw invalidArgument(fn, name, model, 'must be a fitted Gamma-Gamma model with finite p, gamma > 0 and q > 1');
  }
  return params;
}
