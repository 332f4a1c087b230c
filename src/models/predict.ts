import { invalidArgument, invalidValue } from '../_internal/fail';
import { numberOption } from '../_internal/options';
import {
  aliveFromLogOdds,
  bgNbdAliveExpectations,
  bgNbdLogDropoutOdds,
  bgNbdPurchaseProbability,
  type BgNbdModel,
} from './bgnbd';
import type { FrequencyRecencyRow } from './rows';

/** A fitted purchase model: BG/NBD or MBG/NBD. */
export type PurchaseModel = Pick<BgNbdModel, 'kind' | 'params' | 'unit'>;

/** Refuses anything but a fitted purchase model; returns its parameters and whether it is MBG/NBD. */
export function purchaseModel(fn: string, model: PurchaseModel): { params: BgNbdModel['params']; modified: boolean } {
  if ((model?.kind !== 'bg/nbd' && model?.kind !== 'mbg/nbd') || typeof model.params !== 'object') {
    throw invalidArgument(fn, 'model', model, 'must be a fitted purchase model (e.g. from fitBgNbd)');
  }
  return { params: model.params, modified: model.kind === 'mbg/nbd' };
}

function customerRow(fn: string, customer: FrequencyRecencyRow): FrequencyRecencyRow {
  const { frequency, recency, T } = (customer ?? {}) as FrequencyRecencyRow;
  const ok =
    Number.isSafeInteger(frequency) &&
    frequency >= 0 &&
    typeof recency === 'number' &&
    typeof T === 'number' &&
    recency >= 0 &&
    T < Infinity &&
    recency <= T &&
    (frequency > 0 || recency === 0);
  if (!ok)
    throw invalidValue(
      fn,
      0,
      customer,
      'needs an integer frequency >= 0 and 0 <= recency <= T (recency 0 when frequency is 0)',
    );
  return customer;
}

const duration = (fn: string, t: unknown): number => numberOption(fn, 't', t, { lower: 0, lowerInclusive: true });

/**
 * Expected number of purchases of a new customer in a period of length t (in the model's unit),
 * E[X(t)]. For BG/NBD: E[(1/p) (1 - (α / (α + p t))^r)] over p ~ Beta(a, b), computed by
 * quadrature so it is finite for every parameter value (the closed form with 2F1(r, b; a+b-1; ·)
 * returns NaN when a + b < 1).
 *
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. 9.
 * @param model - a fitted purchase model
 * @param t - length of the period, in `model.unit`
 * @returns expected purchases, >= 0
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for a model that is not a purchase model or a negative t
 * @example
 * const model = { kind: 'bg/nbd', unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * expectedPurchases(model, 39) // => 1.197
 */
export function expectedPurchases(model: PurchaseModel, t: number): number {
  const fn = 'expectedPurchases';
  const { params, modified } = purchaseModel(fn, model);
  // A new customer is the history (0, 0, 0): for MBG/NBD they may already have dropped out.
  const alive = aliveFromLogOdds(bgNbdLogDropoutOdds(params, 0, 0, 0, modified));
  return alive * bgNbdAliveExpectations(params, 0, 0, [duration(fn, t)], modified)[0]!;
}

/**
 * Probability that a customer with this history is still alive (has not dropped out) at the end
 * of the calibration period. For BG/NBD: 1 / (1 + 1{x>0} a/(b+x-1) ((α+T)/(α+t_x))^(r+x)),
 * computed in log space, so it stays in [0, 1] for heavy buyers. It rises with recency: a
 * customer who bought recently is more likely alive.
 *
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. 13; Hardie's note 021.
 * @param model - a fitted purchase model
 * @param customer - `{ frequency, recency, T }` in the model's unit
 * @returns P(alive), in [0, 1]
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (not a purchase model), `INVALID_VALUE` (impossible customer)
 * @example
 * const model = { kind: 'bg/nbd', unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * probabilityAlive(model, { frequency: 2, recency: 30.43, T: 38.86 }) // => 0.7266
 * probabilityAlive(model, { frequency: 0, recency: 0, T: 38.86 }) // => 1
 */
export function probabilityAlive(model: PurchaseModel, customer: FrequencyRecencyRow): number {
  const fn = 'probabilityAlive';
  const { params, modified } = purchaseModel(fn, model);
  const { frequency, recency, T } = customerRow(fn, customer);
  return aliveFromLogOdds(bgNbdLogDropoutOdds(params, frequency, recency, T, modified));
}

/**
 * Expected number of purchases of a customer with this history in the next t (in the model's
 * unit), E[Y(t) | x, t_x, T] = P(alive) × E[purchases in t | alive]. For BG/NBD the second
 * factor is E[(1/p)(1 - ((α+T)/(α+T+p t))^(r+x))] over the posterior p ~ Beta(a, b + x),
 * computed by quadrature (finite for every parameter value and for heavy buyers).
 *
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. 10.
 * @param model - a fitted purchase model
 * @param customer - `{ frequency, recency, T }` in the model's unit
 * @param t - length of the future period, in `model.unit`
 * @returns expected purchases, >= 0
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (not a purchase model, negative t), `INVALID_VALUE` (impossible customer)
 * @example
 * const model = { kind: 'bg/nbd', unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * conditionalExpectedPurchases(model, { frequency: 2, recency: 30.43, T: 38.86 }, 39) // => 1.226
 */
export function conditionalExpectedPurchases(model: PurchaseModel, customer: FrequencyRecencyRow, t: number): number {
  const fn = 'conditionalExpectedPurchases';
  const { params, modified } = purchaseModel(fn, model);
  const { frequency, recency, T } = customerRow(fn, customer);
  const alive = aliveFromLogOdds(bgNbdLogDropoutOdds(params, frequency, recency, T, modified));
  return alive * bgNbdAliveExpectations(params, frequency, T, [duration(fn, t)], modified)[0]!;
}

/**
 * Probability that a new customer makes exactly n purchases in a period of length t (in the
 * model's unit), P(X(t) = n). Summed over n it is 1; its mean is {@link expectedPurchases}.
 *
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. 8.
 * @param model - a fitted purchase model
 * @param n - number of purchases, an integer >= 0
 * @param t - length of the period, in `model.unit`
 * @returns a probability in [0, 1]
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (not a purchase model, n not an integer >= 0, negative t)
 * @example
 * const model = { kind: 'bg/nbd', unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * purchaseProbability(model, 0, 39) // => 0.5738
 */
export function purchaseProbability(model: PurchaseModel, n: number, t: number): number {
  const fn = 'purchaseProbability';
  const { params, modified } = purchaseModel(fn, model);
  const count = numberOption(fn, 'n', n, { lower: 0, lowerInclusive: true, integer: true });
  return bgNbdPurchaseProbability(params, count, duration(fn, t), modified);
}
