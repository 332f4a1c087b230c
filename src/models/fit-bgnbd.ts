import { emptyInput, invalidArgument } from '../_internal/fail';
import { oneOf } from '../_internal/options';
import { objectArgument } from '../_internal/records';
import { PERIODS, type Period } from '../time/period';
import { bgNbdLogLikelihood, type BgNbdModel } from './bgnbd';
import { fitMaximumLikelihood, penalizerOption } from './mle';
import { readRows, type FrequencyRecencyRow } from './rows';

/** Customers to fit a purchase model on: a transaction summary (which carries its unit) or rows. */
export type PurchaseModelData = SummaryOfRows | Iterable<FrequencyRecencyRow>;

/** Rows with the time unit they are in, as a transaction summary carries them. */
export interface SummaryOfRows {
  /** Time unit of the rows (e.g. `'week'`). */
  unit: Period;
  /** The customers' rows. */
  customers: Iterable<FrequencyRecencyRow>;
}

/** Options of {@link fitBgNbd}. */
export interface FitBgNbdOptions {
  /**
   * Time unit of the rows, `'day'` to `'year'` (e.g. `'week'`); required for rows, taken from a
   * summary otherwise. Predictions and lifetime values say their times in it.
   */
  unit?: Period | undefined;
  /**
   * L2 penalty λ Σ θ² on the parameters (added to the mean negative log-likelihood), to keep small
   * or sparse data sets in range; default 0. It pulls every parameter toward 0, and α is a time
   * scale, so the same λ acts differently on a summary in days and in weeks: keep it small and
   * compare fits in one unit.
   */
  penalizer?: number | undefined;
}

/** Options of {@link fitModifiedBgNbd}: the same as those of {@link fitBgNbd}. */
export type FitModifiedBgNbdOptions = FitBgNbdOptions;

/** Rows and unit of purchase-model data; refuses rows without a unit, or a unit that disagrees. */
export function purchaseModelData(
  fn: string,
  data: PurchaseModelData,
  unit: Period | undefined,
): { rows: ReturnType<typeof readRows>; unit: Period } {
  objectArgument(fn, 'data', data, 'a transaction summary or an iterable of { frequency, recency, T } rows');
  const summary = !(Symbol.iterator in data) && 'customers' in data ? data : undefined;
  if (summary && unit !== undefined && unit !== summary.unit) {
    throw invalidArgument(fn, 'unit', unit, `disagrees with the summary's unit '${summary.unit}'`);
  }
  // A unit customerLifetimeValue and the summaries know: a misspelt one ('weeks') is refused here,
  // not by the first function that converts a horizon.
  const resolved = oneOf(fn, 'unit', summary?.unit ?? unit, PERIODS);
  return { rows: readRows(fn, summary ? summary.customers : (data as Iterable<FrequencyRecencyRow>)), unit: resolved };
}

/**
 * Fits the BG/NBD model ("beta-geometric/negative binomial distribution") of Fader, Hardie &
 * Lee (2005) by maximum likelihood: while alive, a customer buys at rate λ ~ Gamma(r, α); after
 * each purchase they drop out with probability p ~ Beta(a, b). The likelihood is the numerically
 * stable form of Hardie's note 027, by Newton steps on its analytic second derivatives. The
 * customers are read as one weighted row per distinct (x, t_x, T), sorted as `compressSummaries`
 * sorts them: a million customers take one pass to group (about 0.1 s when they share a few
 * thousand distinct rows, 1.5 s when every row is distinct) and then only as long as their
 * distinct rows, and the result does not depend on their order, to the last bit. Standard errors
 * come from the observed information (the same second derivatives at the estimate).
 *
 * On the CDNOW sample (weeks, calibration to 1997-09-30) it gives the published fit
 * r 0.243, α 4.414, a 0.793, b 2.426, log-likelihood -9582.4.
 *
 * @see Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy
 *   way: an alternative to the Pareto/NBD model. Marketing Science 24(2), 275-284.
 * @param data - a {@link TransactionSummary} (its unit is used), or rows `{ frequency, recency, T, count? }`
 * @param options - unit (required with rows), penalizer
 * @returns the fitted model, plain data
 * @throws LoyaltyMetricsError `INVALID_VALUE` (impossible rows, or a frequency above 1,000,000),
 *   `EMPTY_INPUT` (no customer), `INVALID_ARGUMENT` (no unit, bad penalizer), `NOT_CONVERGED`
 *   (with the last estimate in `details.estimate`)
 * @example
 * const simulated = simulateBgNbd({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers: 2000, T: 39, seed: 3 });
 * const rows = compressSummaries(simulated);
 * fitBgNbd(rows, { unit: 'week' }) // => { kind: 'bg/nbd', n: 2000, unit: 'week' }
 */
export function fitBgNbd(data: PurchaseModelData, options: FitBgNbdOptions = {}): BgNbdModel {
  return fitBgNbdFamily('fitBgNbd', 'bg/nbd', data, options);
}

/**
 * Fits the modified BG/NBD model (MBG/NBD) of Batislam, Denizel & Filiztekin (2007) by maximum
 * likelihood: as BG/NBD, but a customer may also drop out right after the first purchase, so a
 * customer with no repeat purchase is not certainly alive. Same data, options and result as
 * {@link fitBgNbd}, with `kind: 'mbg/nbd'`; the predictions accept either model.
 *
 * @see Batislam, E. P., Denizel, M. & Filiztekin, A. (2007). Empirical validation and comparison
 *   of models for customer base analysis. International Journal of Research in Marketing 24(3), 201-209.
 * @param data - a {@link TransactionSummary} (its unit is used), or rows `{ frequency, recency, T, count? }`
 * @param options - unit (required with rows), penalizer
 * @returns the fitted model, plain data
 * @throws LoyaltyMetricsError `INVALID_VALUE`, `EMPTY_INPUT`, `INVALID_ARGUMENT`, `NOT_CONVERGED` (as
 *   {@link fitBgNbd})
 * @example
 * const simulated = simulateBgNbd({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers: 2000, T: 39, seed: 3 });
 * fitModifiedBgNbd(compressSummaries(simulated), { unit: 'week' }) // => { kind: 'mbg/nbd', n: 2000 }
 */
export function fitModifiedBgNbd(data: PurchaseModelData, options: FitModifiedBgNbdOptions = {}): BgNbdModel {
  return fitBgNbdFamily('fitModifiedBgNbd', 'mbg/nbd', data, options);
}

/**
 * What every purchase-model fit reads first: its options, the rows and their unit (refusing no
 * customer), and the customers' mean T, the scale at which the rate parameters start.
 */
export function purchaseFitSetup(
  fn: string,
  data: PurchaseModelData,
  options: FitBgNbdOptions,
): { rows: ReturnType<typeof readRows>; unit: Period; penalizer: number; timeScale: number } {
  objectArgument(fn, 'options', options, 'an object of options');
  const penalizer = penalizerOption(fn, options.penalizer);
  const { rows, unit } = purchaseModelData(fn, data, options.unit);
  if (rows.customers === 0) throw emptyInput(fn, 'no customer to fit');
  let meanT = 0;
  // Each T times its share of the customers: count × T could overflow (T near 1e308).
  for (let i = 0; i < rows.rows; i++) meanT += rows.T[i]! * (rows.weight[i]! / rows.customers);
  return { rows, unit, penalizer, timeScale: Math.max(meanT, 1e-3) };
}

function fitBgNbdFamily(
  fn: string,
  kind: BgNbdModel['kind'],
  data: PurchaseModelData,
  options: FitBgNbdOptions,
): BgNbdModel {
  const { rows, unit, penalizer, timeScale } = purchaseFitSetup(fn, data, options);
  const modified = kind === 'mbg/nbd';
  const fit = fitMaximumLikelihood({
    fn,
    start: [1, timeScale, 1, 1],
    customers: rows.customers,
    penalizer,
    logLikelihood: ([r, alpha, a, b], gradient, hessian) =>
      bgNbdLogLikelihood({ r: r!, alpha: alpha!, a: a!, b: b! }, rows, gradient, modified, hessian),
    analyticHessian: true,
  });
  const [r, alpha, a, b] = fit.params as [number, number, number, number];
  const [seR, seAlpha, seA, seB] = fit.standardErrors as [number, number, number, number];
  return {
    kind,
    params: { r, alpha, a, b },
    logLikelihood: fit.logLikelihood,
    standardErrors: { r: seR, alpha: seAlpha, a: seA, b: seB },
    covariance: fit.covariance,
    n: rows.customers,
    iterations: fit.iterations,
    unit,
    penalizer,
  };
}
