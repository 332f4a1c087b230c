import { invalidArgument, invalidValue } from '../_internal/fail';
import { isPositiveFinite } from '../_internal/numbers';
import { numberOption } from '../_internal/options';
import {
  aliveFromLogOdds,
  bgNbdAliveExpectations,
  bgNbdLogDropoutOdds,
  bgNbdPurchaseProbability,
  type BgNbdModel,
} from './bgnbd';
import {
  paretoNbdAliveExpectation,
  paretoNbdExpectedPurchases,
  paretoNbdLogDropoutOdds,
  paretoNbdPurchaseProbability,
  type ParetoNbdModel,
} from './pareto-nbd';
import { rowProblem, type FrequencyRecencyRow } from './rows';

/** A fitted purchase model: BG/NBD, MBG/NBD or Pareto/NBD. */
export type PurchaseModel =
  Pick<BgNbdModel, 'kind' | 'params' | 'unit'> | Pick<ParetoNbdModel, 'kind' | 'params' | 'unit'>;

/** The parameters of a BG/NBD-family model, and whether it is MBG/NBD. */
export interface BgNbdFamilyParams {
  kind: 'bg/nbd';
  params: BgNbdModel['params'];
  modified: boolean;
}

/** The parameters of a Pareto/NBD model. */
export interface ParetoNbdFamilyParams {
  kind: 'pareto/nbd';
  params: ParetoNbdModel['params'];
}

/** A purchase model read by {@link purchaseModel}: its family and parameters. */
export type PurchaseFamily = BgNbdFamilyParams | ParetoNbdFamilyParams;

const BG_NBD_PARAMS = ['r', 'alpha', 'a', 'b'] as const;
const PARETO_NBD_PARAMS = ['r', 'alpha', 's', 'beta'] as const;

/**
 * Refuses anything but a fitted purchase model (INVALID_ARGUMENT naming the argument `name`);
 * returns its family and parameters, and for the BG/NBD family whether it is MBG/NBD.
 */
export function purchaseFamily(fn: string, model: PurchaseModel, name = 'model'): PurchaseFamily {
  const kind = (model as { kind?: unknown } | null | undefined)?.kind;
  const params = (model as unknown as { params?: Record<string, unknown> } | null | undefined)?.params;
  // Checked on every prediction, hence fixed name lists and a plain loop.
  const names = kind === 'pareto/nbd' ? PARETO_NBD_PARAMS : BG_NBD_PARAMS;
  let valid = kind === 'bg/nbd' || kind === 'mbg/nbd' || kind === 'pareto/nbd';
  for (const name of names) valid &&= isPositiveFinite(params?.[name]);
  if (!valid) {
    throw invalidArgument(
      fn,
      name,
      model,
      `must be a fitted purchase model (e.g. from fitBgNbd or fitParetoNbd) with finite parameters ${names.join(', ')} > 0`,
    );
  }
  if (model.kind === 'pareto/nbd') return { kind: 'pareto/nbd', params: model.params };
  return { kind: 'bg/nbd', params: model.params, modified: model.kind === 'mbg/nbd' };
}

/**
 * Refuses (INVALID_VALUE, at `index`) a customer whose x, t_x, T no purchase model can read, with
 * the reason the fits give ({@link rowProblem}); returns it unchanged otherwise.
 */
export function customerRow<Customer extends FrequencyRecencyRow>(fn: string, customer: Customer, index = 0): Customer {
  const { frequency, recency, T } = (customer ?? {}) as FrequencyRecencyRow;
  const why = rowProblem(frequency, recency, T, 1);
  if (why !== undefined) throw invalidValue(fn, index, customer, why);
  return customer;
}

/** Log-odds of having dropped out by T, for either model family. */
export function logDropoutOdds(family: PurchaseFamily, x: number, recency: number, T: number): number {
  return family.kind === 'pareto/nbd'
    ? paretoNbdLogDropoutOdds(family.params, x, recency, T)
    : bgNbdLogDropoutOdds(family.params, x, recency, T, family.modified);
}

/**
 * Expected purchases in (T, T + t] of a customer with x purchases over T who is alive, for each t
 * of `durations`, for either model family (times P(alive) they are E[Y(t) | x, t_x, T]).
 */
export function aliveExpectations(
  family: PurchaseFamily,
  x: number,
  T: number,
  durations: readonly number[],
): number[] {
  return family.kind === 'pareto/nbd'
    ? durations.map((t) => paretoNbdAliveExpectation(family.params, x, T, t))
    : bgNbdAliveExpectations(family.params, x, T, durations, family.modified);
}

const duration = (fn: string, t: unknown): number => numberOption(fn, 't', t, { lower: 0, lowerInclusive: true });

/**
 * Expected number of purchases of a new customer in a period of length t (in the model's unit),
 * E[X(t)]. For BG/NBD: E[(1/p) (1 - (α / (α + p t))^r)] over p ~ Beta(a, b), computed by a
 * rearranged hypergeometric series (by quadrature where that series is slow) so it is finite for
 * every parameter value (the closed form with 2F1(r, b; a+b-1; ·) returns NaN when a + b < 1 and
 * divides by zero at a = 1). For MBG/NBD, where a customer can drop out before any repeat
 * purchase: b / (a − 1) · [1 − (α / (α + t))^r · 2F1(r, b + 1; a + b; t / (α + t))], computed
 * the same way. For Pareto/NBD: r β / (α (s − 1)) · [1 − (β / (β + t))^(s−1)] (its limit
 * (r/α) β ln((β + t)/β) at s = 1).
 *
 * Accuracy of the BG/NBD values, against mpmath: better than 1e-8 for a from 0.05 to 50 at the
 * horizons of a plan. Beyond about 2,500 × (α + T) a quadrature takes over from the series, and
 * its error grows with the horizon, with either sign, as its nodes miss more of the mass near
 * p = 0. For the CDNOW fit (a = 0.79, α = 4.4): 2e-9 at t = 1e15 weeks, 5e-8 at 1e18, 1e-5 at
 * 1e30, 5e-4 at 1e40 and 40% short at 1e50. With a = 0.001 instead: 6e-7 at 1e5 weeks (1,900
 * years), 8e-6 at 1e9 and 2e-4 at 1e18.
 *
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. 9.
 * @see Batislam, Denizel & Filiztekin (2007), International Journal of Research in Marketing
 *   24(3), 201-209 (MBG/NBD).
 * @see Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions".
 * @param model - a fitted purchase model
 * @param t - length of the period, in `model.unit`
 * @returns expected purchases, >= 0
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for a model that is not a purchase model or a negative t
 * @example
 * const model = { kind: 'bg/nbd', unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * expectedPurchases(model, 39) // => 1.197
 * const pareto = { kind: 'pareto/nbd', unit: 'week', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } } as const;
 * expectedPurchases(pareto, 39) // => 1.213
 */
export function expectedPurchases(model: PurchaseModel, t: number): number {
  const fn = 'expectedPurchases';
  const family = purchaseFamily(fn, model);
  if (family.kind === 'pareto/nbd') return paretoNbdExpectedPurchases(family.params, duration(fn, t));
  const { params, modified } = family;
  // A new customer is the history (0, 0, 0): for MBG/NBD they may already have dropped out.
  const alive = aliveFromLogOdds(bgNbdLogDropoutOdds(params, 0, 0, 0, modified));
  return alive * bgNbdAliveExpectations(params, 0, 0, [duration(fn, t)], modified)[0]!;
}

/**
 * Probability that a customer with this history is still alive (has not dropped out) at the end
 * of the calibration period. For BG/NBD: 1 / (1 + 1{x>0} a/(b+x-1) ((α+T)/(α+t_x))^(r+x)),
 * computed in log space, so it stays in [0, 1] for heavy buyers. It rises with recency: a
 * customer who bought recently is more likely alive. For MBG/NBD: 1 / (1 + a/(b+x)
 * ((α+T)/(α+t_x))^(r+x)), without the 1{x>0}: a customer with no repeat purchase may have dropped
 * out already. For Pareto/NBD:
 * 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A0), A0 through the Gauss hypergeometric function,
 * also in log space (finite for x in the thousands). Its log-odds add terms of the size of
 * (r + s) ln α that cancel, so with shapes in the millions and beyond (customers who all buy, or
 * all drop out, at nearly one rate) it loses digits: about 3e-9 of P(alive) at r = s = 1e6 and
 * 6e-6 at 1e9, where BG/NBD keeps 1e-14 (an audit against 50-digit mpmath values).
 *
 * @see Fader, Hardie & Lee (2008), "Computing P(alive) using the BG/NBD model" (note 021).
 * @see Batislam, Denizel & Filiztekin (2007), International Journal of Research in Marketing
 *   24(3), 201-209 (MBG/NBD).
 * @see Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions".
 * @param model - a fitted purchase model
 * @param customer - `{ frequency, recency, T }` in the model's unit
 * @returns P(alive), in [0, 1]
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (not a purchase model), `INVALID_VALUE` (impossible customer)
 * @example
 * const model = { kind: 'bg/nbd', unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * probabilityAlive(model, { frequency: 2, recency: 30.43, T: 38.86 }) // => 0.7266
 * probabilityAlive(model, { frequency: 0, recency: 0, T: 38.86 }) // => 1
 * const pareto = { kind: 'pareto/nbd', unit: 'week', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } } as const;
 * probabilityAlive(pareto, { frequency: 2, recency: 30.43, T: 38.86 }) // => 0.8692
 */
export function probabilityAlive(model: PurchaseModel, customer: FrequencyRecencyRow): number {
  const fn = 'probabilityAlive';
  const family = purchaseFamily(fn, model);
  const { frequency, recency, T } = customerRow(fn, customer);
  return aliveFromLogOdds(logDropoutOdds(family, frequency, recency, T));
}

/**
 * Expected number of purchases of a customer with this history in the next t (in the model's
 * unit), E[Y(t) | x, t_x, T] = P(alive) × E[purchases in t | alive]. For BG/NBD the second
 * factor is E[(1/p)(1 - ((α+T)/(α+T+p t))^(r+x))] over the posterior p ~ Beta(a, b + x),
 * computed as in {@link expectedPurchases}, with its accuracy at long horizons (finite for
 * every parameter value and for heavy buyers); for MBG/NBD the posterior is Beta(a, b + x + 1).
 * For Pareto/NBD it is (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] (limit at s = 1
 * as in {@link expectedPurchases}).
 *
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. 10.
 * @see Batislam, Denizel & Filiztekin (2007), International Journal of Research in Marketing
 *   24(3), 201-209 (MBG/NBD).
 * @see Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions".
 * @param model - a fitted purchase model
 * @param customer - `{ frequency, recency, T }` in the model's unit
 * @param t - length of the future period, in `model.unit`
 * @returns expected purchases, >= 0
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (not a purchase model, negative t), `INVALID_VALUE` (impossible customer)
 * @example
 * const model = { kind: 'bg/nbd', unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * conditionalExpectedPurchases(model, { frequency: 2, recency: 30.43, T: 38.86 }, 39) // => 1.226
 * const pareto = { kind: 'pareto/nbd', unit: 'week', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } } as const;
 * conditionalExpectedPurchases(pareto, { frequency: 2, recency: 30.43, T: 38.86 }, 39) // => 1.455
 */
export function conditionalExpectedPurchases(model: PurchaseModel, customer: FrequencyRecencyRow, t: number): number {
  const fn = 'conditionalExpectedPurchases';
  const family = purchaseFamily(fn, model);
  const { frequency, recency, T } = customerRow(fn, customer);
  const horizon = duration(fn, t);
  const alive = aliveFromLogOdds(logDropoutOdds(family, frequency, recency, T));
  // A customer who is certainly dropped out (P(alive) underflows to 0) buys nothing.
  if (alive === 0) return 0;
  return alive * aliveExpectations(family, frequency, T, [horizon])[0]!;
}

/**
 * Probability that a new customer makes exactly n purchases in a period of length t (in the
 * model's unit), P(X(t) = n). Summed over n it is 1; its mean is {@link expectedPurchases}.
 * BG/NBD and MBG/NBD by FHL 2005 eq. 8, with the tail after n taken as an incomplete beta;
 * Pareto/NBD by its definition (alive through t, or dropped out after the n-th purchase) with the
 * dropout integral taken by quadrature around the peak of its integrand, which stays accurate for
 * heavy counts and for nearly equal purchase or dropout rates (see the Pareto/NBD module).
 *
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), eq. 8.
 * @see Fader & Hardie (2006), "Deriving an expression for P(X(t) = x) under the Pareto/NBD model",
 *   http://brucehardie.com/notes/012/
 * @param model - a fitted purchase model
 * @param n - number of purchases, an integer >= 0
 * @param t - length of the period, in `model.unit`
 * @returns a probability in [0, 1]
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (not a purchase model, n not an integer >= 0, negative t)
 * @example
 * const model = { kind: 'bg/nbd', unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * purchaseProbability(model, 0, 39) // => 0.5738
 * const pareto = { kind: 'pareto/nbd', unit: 'week', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } } as const;
 * purchaseProbability(pareto, 0, 39) // => 0.5936
 */
export function purchaseProbability(model: PurchaseModel, n: number, t: number): number {
  const fn = 'purchaseProbability';
  const family = purchaseFamily(fn, model);
  const count = numberOption(fn, 'n', n, { lower: 0, lowerInclusive: true, integer: true });
  const length = duration(fn, t);
  return family.kind === 'pareto/nbd'
    ? paretoNbdPurchaseProbability(family.params, count, length)
    : bgNbdPurchaseProbability(family.params, count, length, family.modified);
}
