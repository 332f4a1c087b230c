import { daysInPeriod } from '../_internal/calendar';
import { invalidArgument, invalidValue } from '../_internal/fail';
import { numberOption } from '../_internal/options';
import { iterableArgument, objectArgument } from '../_internal/records';
import type { CustomerId } from '../_internal/transactions';
import { aliveFromLogOdds, bgNbdAliveExpectations, bgNbdLogDropoutOdds } from '../models/bgnbd';
import { expectedSpend, type SpendRow } from '../models/fit-gamma-gamma';
import type { GammaGammaModel } from '../models/gamma-gamma';
import { purchaseModel as purchaseModelParams, type PurchaseModel } from '../models/predict';

/** A length of time with its unit, e.g. `{ length: 12, unit: 'month' }`. */
export interface Duration {
  /** How many units (> 0). */
  length: number;
  /** `'day'`, `'week'`, `'month'` (365.2425 / 12 days), `'quarter'` or `'year'` (365.2425 days). */
  unit: 'day' | 'week' | 'month' | 'quarter' | 'year';
}

/** A customer for {@link customerLifetimeValue}: the summary fields the two models need. */
export interface ClvCustomer {
  /** Optional identifier, copied to the result. */
  customerId?: CustomerId;
  /** x, repeat purchase days. */
  frequency: number;
  /** t_x, in the purchase model's unit. */
  recency: number;
  /** T, in the purchase model's unit. */
  T: number;
  /** Mean value of the repeat purchase days (0 when frequency is 0). */
  monetaryValue: number;
}

/** Options of {@link customerLifetimeValue}. */
export interface CustomerLifetimeValueOptions {
  /** A fitted purchase model (e.g. from `fitBgNbd`). */
  purchaseModel: PurchaseModel;
  /** A fitted spend model (from `fitGammaGamma`). */
  spendModel: Pick<GammaGammaModel, 'kind' | 'params'>;
  /** Customers: summaries in the purchase model's unit. */
  customers: Iterable<ClvCustomer>;
  /** How far ahead to value, with its unit (converted to the model's unit and reported). */
  horizon: Duration;
  /** Number of equal steps the horizon is cut into; the discount applies per step. Default: 1 per horizon unit. */
  steps?: number;
  /** Discount rate per step (e.g. a monthly rate for monthly steps), >= 0. */
  discountRate: number;
}

/** One customer of a {@link CustomerLifetimeValue}. */
export interface CustomerValue {
  /** The customer's id, when given. */
  customerId?: CustomerId;
  /** P(alive) at the end of the calibration period. */
  probabilityAlive: number;
  /** Expected purchases over the horizon (undiscounted). */
  expectedPurchases: number;
  /** Expected value of one purchase (Gamma-Gamma). */
  expectedSpend: number;
  /** Discounted expected value over the horizon, in the currency of the data. */
  value: number;
}

/** Result of {@link customerLifetimeValue}; every time quantity is stated with its unit. */
export interface CustomerLifetimeValue {
  /** Unit of the purchase model (and of every customer's recency and T). */
  unit: string;
  /** The horizon as given. */
  horizon: Duration;
  /** The horizon in the model's unit. */
  horizonInModelUnit: number;
  /** Number of steps. */
  steps: number;
  /** Length of one step, in the model's unit. */
  stepLength: number;
  /** Discount rate per step. */
  discountRate: number;
  /** Always `'step'`: the discount rate applies per step. */
  discountPer: 'step';
  /** One entry per customer, in input order. */
  customers: CustomerValue[];
  /** Sum of the values. */
  total: number;
}

/**
 * Customer lifetime value from a purchase model and a spend model: the discounted sum over the
 * steps k = 1..K of a horizon of (expected spend per purchase) × (expected purchases in step k):
 *
 *   CLV = Σ_k  E[M] · (E[Y(t_k)] − E[Y(t_(k−1))]) / (1 + d)^k,   t_k = k · horizon / K,
 *
 * with E[Y(t) | x, t_x, T] from the purchase model and E[M | x, z̄] from Gamma-Gamma (the
 * approach of Fader, Hardie & Lee 2005, "RFM and CLV", with discrete discounting as in
 * lifetimes). The horizon carries its unit and is converted to the model's unit (a month is
 * 365.2425/12 days), so a horizon in months cannot silently be read as weeks; the result states
 * the unit, the step length and that the discount rate is per step.
 *
 * @see Fader, Hardie & Lee (2005). RFM and CLV: using iso-value curves for customer base analysis.
 *   Journal of Marketing Research 42(4), 415-430.
 * @param options - purchase and spend models, customers, horizon with unit, steps, discount rate per step
 * @returns per-customer values and the total
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (models of the wrong kind, a horizon without a
 *   known unit, a unit that cannot convert to the model's, bad steps or discount rate),
 *   `INVALID_VALUE` (an impossible customer)
 * @example
 * const purchaseModel = { kind: 'bg/nbd', unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } };
 * const spendModel = { kind: 'gamma-gamma', params: { p: 6.25, q: 3.74, gamma: 15.44 } };
 * const result = customerLifetimeValue({
 *   purchaseModel,
 *   spendModel,
 *   customers: [{ frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }],
 *   horizon: { length: 12, unit: 'month' },
 *   steps: 12,
 *   discountRate: 0.01,
 * });
 * result.horizonInModelUnit // => 52.18
 * result.customers[0].value // => 36.31
 */
export function customerLifetimeValue(options: CustomerLifetimeValueOptions): CustomerLifetimeValue {
  const fn = 'customerLifetimeValue';
  objectArgument(fn, 'options', options, 'an object { purchaseModel, spendModel, customers, horizon, discountRate }');
  const { purchaseModel, spendModel, horizon } = options;
  const { params, modified } = purchaseModelParams(fn, purchaseModel);
  const modelDays = daysInPeriod(purchaseModel.unit);
  if (modelDays === undefined) {
    throw invalidArgument(
      fn,
      'purchaseModel.unit',
      purchaseModel.unit,
      "must be 'day', 'week', 'month', 'quarter' or 'year' to convert a horizon",
    );
  }
  objectArgument(fn, 'horizon', horizon, "a length with its unit, e.g. { length: 12, unit: 'month' }");
  const horizonDays = daysInPeriod(horizon.unit);
  if (horizonDays === undefined) {
    throw invalidArgument(fn, 'horizon.unit', horizon.unit, "must be 'day', 'week', 'month', 'quarter' or 'year'");
  }
  const horizonLength = numberOption(fn, 'horizon.length', horizon.length, { lower: 0 });
  const steps = numberOption(
    fn,
    'steps',
    options.steps,
    { lower: 1, lowerInclusive: true, integer: true },
    Math.max(1, Math.round(horizonLength)),
  );
  const discountRate = numberOption(fn, 'discountRate', options.discountRate, { lower: 0, lowerInclusive: true });
  const horizonInModelUnit = (horizonLength * horizonDays) / modelDays;
  const stepLength = horizonInModelUnit / steps;
  const times = Array.from({ length: steps + 1 }, (_, k) => k * stepLength);
  const discounts = times.map((_, k) => Math.pow(1 + discountRate, -k));

  // Purchase predictions depend on (x, t_x, T) only: computed once per distinct row.
  const cache = new Map<string, { alive: number; increments: number[] }>();
  const customers: CustomerValue[] = [];
  let total = 0;
  let index = 0;
  for (const customer of iterableArgument(fn, 'customers', options.customers, 'customers')) {
    const { frequency, recency, T, monetaryValue } = (customer ?? {}) as ClvCustomer;
    const valid =
      Number.isSafeInteger(frequency) &&
      frequency >= 0 &&
      typeof recency === 'number' &&
      typeof T === 'number' &&
      recency >= 0 &&
      recency <= T &&
      T < Infinity &&
      (frequency > 0 || recency === 0);
    if (!valid) throw invalidValue(fn, index, customer, 'needs an integer frequency >= 0 and 0 <= recency <= T');
    const key = `${frequency}|${recency}|${T}`;
    let predicted = cache.get(key);
    if (predicted === undefined) {
      const alive = aliveFromLogOdds(bgNbdLogDropoutOdds(params, frequency, recency, T, modified));
      const cumulative = bgNbdAliveExpectations(params, frequency, T, times, modified);
      predicted = {
        alive,
        increments: cumulative.map((value, k) => (k === 0 ? 0 : alive * (value - cumulative[k - 1]!))),
      };
      cache.set(key, predicted);
    }
    let spend: number;
    try {
      spend = expectedSpend(spendModel, { frequency, monetaryValue } as SpendRow);
    } catch (error) {
      if ((error as { code?: string }).code === 'INVALID_VALUE')
        throw invalidValue(fn, index, customer, 'monetaryValue must be > 0 when frequency > 0');
      throw error;
    }
    let value = 0;
    let purchases = 0;
    for (let k = 1; k <= steps; k++) {
      purchases += predicted.increments[k]!;
      value += spend * predicted.increments[k]! * discounts[k]!;
    }
    const entry: CustomerValue = {
      probabilityAlive: predicted.alive,
      expectedPurchases: purchases,
      expectedSpend: spend,
      value,
    };
    if (customer.customerId !== undefined) entry.customerId = customer.customerId;
    customers.push(entry);
    total += value;
    index++;
  }
  return {
    unit: purchaseModel.unit,
    horizon: { length: horizonLength, unit: horizon.unit },
    horizonInModelUnit,
    steps,
    stepLength,
    discountRate,
    discountPer: 'step',
    customers,
    total,
  };
}
