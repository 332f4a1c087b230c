import { daysInPeriod } from '../_internal/calendar';
import { emptyInput, invalidArgument, invalidValue } from '../_internal/fail';
import { confidenceOption, numberOption } from '../_internal/options';
import { cholesky } from '../stats/optimize';
import { quantileSorted } from '../stats/quantile';
import { normalDraw, seededRandom, type UniformSource } from '../stats/random';
import { isCustomerId, iterableArgument, objectArgument } from '../_internal/records';
import type { CustomerId } from '../_internal/transactions';
import type { Period } from '../time/period';
import { aliveFromLogOdds } from '../models/bgnbd';
import { lacksSpend, spendModelParams } from '../models/fit-gamma-gamma';
import { gammaGammaExpectedSpend, type GammaGammaModel, type GammaGammaParams } from '../models/gamma-gamma';
import {
  aliveExpectations,
  customerRow,
  logDropoutOdds,
  purchaseFamily,
  type PurchaseFamily,
  type PurchaseModel,
} from '../models/predict';

/** A length of time with its unit, e.g. `{ length: 12, unit: 'month' }`. */
export interface Duration {
  /** How many units (> 0). */
  length: number;
  /** `'day'`, `'week'`, `'month'` (365.2425 / 12 days), `'quarter'` or `'year'` (365.2425 days). */
  unit: Period;
}

/** A customer for {@link customerLifetimeValue}: the summary fields the two models need. */
export interface ClvCustomer {
  /**
   * Optional identifier, copied to the result: a non-empty string or a finite number, as in the
   * transaction functions (`null` or `undefined` for none; anything else is `INVALID_VALUE`).
   */
  customerId?: CustomerId | null | undefined;
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
  /** A fitted purchase model (from `fitBgNbd`, `fitModifiedBgNbd` or `fitParetoNbd`). */
  purchaseModel: PurchaseModel;
  /** A fitted spend model (from `fitGammaGamma`). */
  spendModel: Pick<GammaGammaModel, 'kind' | 'params'>;
  /** Customers: summaries in the purchase model's unit, one row per customer. */
  customers: Iterable<ClvCustomer>;
  /** How far ahead to value, with its unit (converted to the model's unit and reported). */
  horizon: Duration;
  /**
   * Number of equal steps the horizon is cut into, at most 1,000,000; the discount applies per
   * step. Default: the horizon's length rounded to a whole number, at least 1 (12 for 12 months;
   * 3 steps of 0.83 month for 2.5 months).
   */
  steps?: number | undefined;
  /** Discount rate per step (e.g. a monthly rate for monthly steps), >= 0. */
  discountRate: number;
  /**
   * An interval from the uncertainty of the fitted parameters: both models' parameters are drawn
   * log-normally (ln θ normal around ln θ̂, with the fit's covariance carried to the log scale by
   * the delta method, so every draw is positive) and the values recomputed, reproducibly from `seed`.
   * Needs models fitted by this library (they carry their covariance matrix).
   */
  interval?: ClvIntervalOptions | undefined;
}

/** Options of the parameter-uncertainty interval of {@link customerLifetimeValue}. */
export interface ClvIntervalOptions {
  /** Confidence level in (0, 1); default 0.95. */
  confidence?: number | undefined;
  /**
   * Number of parameter draws (integer from 20 to 1,000,000); default 100. Each draw recomputes
   * the predictions of every distinct customer history (the purchases expected while alive once
   * per distinct (x, T)): on CDNOW (1,016 distinct histories, 464 distinct (x, T), 12 steps)
   * about 5 ms a draw on a 2-core machine, with either purchase model; the time grows with the
   * number of distinct histories, so start with few draws on large data.
   */
  draws?: number | undefined;
  /** Seed of the draws (an integer); default 1. */
  seed?: number | undefined;
}

/** The parameter-uncertainty interval of a total lifetime value. */
export interface ClvInterval {
  /** Lower bound. */
  low: number;
  /** Upper bound. */
  high: number;
  /** Confidence level. */
  confidence: number;
  /** Draws asked for. */
  draws: number;
  /** Draws used (left out: a drawn spend model with q <= 1, which has no finite mean, and a draw whose total is not a finite number). */
  usedDraws: number;
  /** The seed of the draws. */
  seed: number;
  /** Always `'parameter-draws'`: percentiles over log-normal draws of the parameters. */
  method: 'parameter-draws';
  /** Whether each customer got `low` and `high` (only when customers × draws <= 10 million). */
  customerBounds: boolean;
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
  /** Lower bound of the parameter-uncertainty interval (with `interval`, when kept per customer). */
  low?: number;
  /** Upper bound of the parameter-uncertainty interval. */
  high?: number;
}

/** Result of {@link customerLifetimeValue}; every time quantity is stated with its unit. */
export interface CustomerLifetimeValue {
  /** Unit of the purchase model (and of every customer's recency and T). */
  unit: Period;
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
  /** Sum of the values, added in input order (another order can change its last digit). */
  total: number;
  /** Interval of the total from the parameters' uncertainty (with the `interval` option). */
  interval?: ClvInterval;
}

/**
 * Customer lifetime value from a purchase model and a spend model: the discounted sum over the
 * steps k = 1..K of a horizon of (expected spend per purchase) × (expected purchases in step k):
 *
 *   CLV = Σ_k  E[M] · (E[Y(t_k)] − E[Y(t_(k−1))]) / (1 + d)^k,   t_k = k · horizon / K,
 *
 * with E[Y(t) | x, t_x, T] = P(alive) · E[purchases in (T, T + t] | alive] from the purchase
 * model (BG/NBD, MBG/NBD or Pareto/NBD, as in `conditionalExpectedPurchases`) and E[M | x, z̄]
 * from Gamma-Gamma (the approach of Fader, Hardie & Lee 2005, "RFM and CLV", with discrete
 * discounting as in lifetimes). The horizon carries its unit and is converted to the model's unit
 * (a month is 365.2425/12 days), so a horizon in months cannot silently be read as weeks; the
 * result states the unit, the step length and that the discount rate is per step.
 *
 * @see Fader, Hardie & Lee (2005). RFM and CLV: using iso-value curves for customer base analysis.
 *   Journal of Marketing Research 42(4), 415-430.
 * @see Fader & Hardie (2005), "A note on deriving the Pareto/NBD model and related expressions"
 *   (P(alive) and E[Y(t)] of the Pareto/NBD).
 * @param options - purchase and spend models, customers, horizon with unit, steps, discount rate per step
 * @returns per-customer values and the total
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` (models of the wrong kind, a horizon without a
 *   known unit, a unit that cannot convert to the model's, bad steps or discount rate, or with
 *   `interval` a model whose covariance is not a positive-definite n × n matrix of numbers; only
 *   its lower triangle is read),
 *   `INVALID_VALUE` (an impossible customer, or a row with a `count` other than 1: compressed rows
 *   are for fitting), `EMPTY_INPUT` (no customer, or with `interval` no usable parameter draw)
 * @example
 * const purchaseModel = { kind: 'bg/nbd', unit: 'week', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } } as const;
 * const spendModel = { kind: 'gamma-gamma', params: { p: 6.25, q: 3.74, gamma: 15.44 } } as const;
 * const options = {
 *   purchaseModel,
 *   spendModel,
 *   customers: [{ frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }],
 *   horizon: { length: 12, unit: 'month' as const },
 *   steps: 12,
 *   discountRate: 0.01,
 * };
 * const result = customerLifetimeValue(options);
 * result.horizonInModelUnit // => 52.18
 * result.customers[0]?.value // => 36.31
 * // The same customer under the published Pareto/NBD fit of the same data
 * const pareto = { kind: 'pareto/nbd', unit: 'week', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } } as const;
 * customerLifetimeValue({ ...options, purchaseModel: pareto }).customers[0]?.value // => 43.12
 */
export function customerLifetimeValue(options: CustomerLifetimeValueOptions): CustomerLifetimeValue {
  const fn = 'customerLifetimeValue';
  objectArgument(fn, 'options', options, 'an object { purchaseModel, spendModel, customers, horizon, discountRate }');
  const { purchaseModel, spendModel, horizon } = options;
  const family = purchaseFamily(fn, purchaseModel, 'purchaseModel');
  const spendParams = spendModelParams(fn, 'spendModel', spendModel);
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
  // The default (one step per horizon unit) is checked like a given number: a horizon of 1e10 days
  // would otherwise ask for an array of 1e10 times.
  const steps = numberOption(fn, 'steps', options.steps ?? Math.max(1, Math.round(horizonLength)), {
    lower: 1,
    lowerInclusive: true,
    upper: 1_000_000,
    integer: true,
  });
  const discountRate = numberOption(fn, 'discountRate', options.discountRate, { lower: 0, lowerInclusive: true });
  const horizonInModelUnit = (horizonLength * horizonDays) / modelDays;
  const stepLength = horizonInModelUnit / steps;
  const times = Array.from({ length: steps + 1 }, (_, k) => k * stepLength);
  const discounts = times.map((_, k) => Math.pow(1 + discountRate, -k));

  // Validate every customer first, so the valuation below can run once per parameter draw.
  const rows: ClvCustomer[] = [];
  let index = 0;
  for (const customer of iterableArgument(fn, 'customers', options.customers, 'customers')) {
    const { frequency, monetaryValue } = customerRow(fn, customer, index);
    if (lacksSpend(frequency, monetaryValue)) {
      throw invalidValue(fn, index, customer, 'monetaryValue must be > 0 when frequency > 0');
    }
    // The id is copied into the result, which must stay plain JSON (a BigInt id would not);
    // null, like undefined, is a row without one.
    const { customerId } = customer as { customerId?: unknown };
    if (customerId !== undefined && customerId !== null && !isCustomerId(customerId)) {
      throw invalidValue(fn, index, customer, 'customerId must be a non-empty string or a finite number');
    }
    // A row of compressSummaries stands for `count` customers, and would be valued as one.
    const { count } = customer as { count?: unknown };
    if (count !== undefined && count !== 1) {
      throw invalidValue(fn, index, customer, 'one row per customer: a count other than 1 is not read here');
    }
    rows.push(customer);
    index++;
  }
  if (index === 0) throw emptyInput(fn, 'no customer to value');
  const valuation = valueCustomers(rows, family, spendParams, times, discounts);
  const customers: CustomerValue[] = rows.map((customer, k) => {
    const entry: CustomerValue = {
      probabilityAlive: valuation.alive[k]!,
      expectedPurchases: valuation.purchases[k]!,
      expectedSpend: valuation.spend[k]!,
      value: valuation.values[k]!,
    };
    if (customer.customerId !== undefined && customer.customerId !== null) entry.customerId = customer.customerId;
    return entry;
  });
  const total = valuation.total;
  const result: CustomerLifetimeValue = {
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
  if (options.interval !== undefined) {
    const interval = parameterInterval(
      fn,
      options.interval,
      purchaseModel,
      family,
      spendModel,
      rows.length,
      (purchase, spend) => valueCustomers(rows, purchase, spend, times, discounts),
    );
    result.interval = interval.total;
    if (interval.customers) {
      interval.customers.forEach(([low, high], k) => {
        customers[k]!.low = low;
        customers[k]!.high = high;
      });
    }
  }
  return result;
}

interface Valuation {
  alive: Float64Array;
  purchases: Float64Array;
  spend: Float64Array;
  values: Float64Array;
  total: number;
}

// What a customer alive now is expected to buy over the horizon: the purchases, and the
// purchases discounted step by step.
interface WhileAlive {
  purchases: number;
  discounted: number;
}

// Values every customer under given parameters. A customer's value is P(alive) × spend × the
// discounted purchases while alive; P(alive) depends on (x, t_x, T) and is computed once per
// distinct history, and the purchases while alive, the costly part (one expectation per step),
// depend on (x, T) only, so once per distinct (x, T). Only their two sums are kept, so time and
// memory per customer do not grow with the number of steps.
function valueCustomers(
  rows: readonly ClvCustomer[],
  purchase: PurchaseFamily,
  spendParams: GammaGammaParams,
  times: readonly number[],
  discounts: readonly number[],
): Valuation {
  // Per history: P(alive) and the purchases while alive of its (x, T), so that a customer whose
  // history was seen costs one key and one lookup.
  const historyCache = new Map<string, { probability: number; whileAlive: WhileAlive }>();
  const whileAliveCache = new Map<string, WhileAlive>();
  const alive = new Float64Array(rows.length);
  const purchases = new Float64Array(rows.length);
  const spend = new Float64Array(rows.length);
  const values = new Float64Array(rows.length);
  let total = 0;
  rows.forEach(({ frequency, recency, T, monetaryValue }, k) => {
    const history = `${frequency}|${recency}|${T}`;
    let seen = historyCache.get(history);
    if (seen === undefined) {
      const frequencyAndT = `${frequency}|${T}`;
      let whileAlive = whileAliveCache.get(frequencyAndT);
      if (whileAlive === undefined) {
        const cumulative = aliveExpectations(purchase, frequency, T, times);
        // The purchases telescope to the last expectation less the first.
        whileAlive = { purchases: cumulative.at(-1)! - cumulative[0]!, discounted: 0 };
        for (let j = 1; j < cumulative.length; j++) {
          whileAlive.discounted += (cumulative[j]! - cumulative[j - 1]!) * discounts[j]!;
        }
        whileAliveCache.set(frequencyAndT, whileAlive);
      }
      seen = { probability: aliveFromLogOdds(logDropoutOdds(purchase, frequency, recency, T)), whileAlive };
      historyCache.set(history, seen);
    }
    const { probability, whileAlive } = seen;
    spend[k] = gammaGammaExpectedSpend(spendParams, frequency, frequency > 0 ? monetaryValue : 0);
    alive[k] = probability;
    purchases[k] = probability * whileAlive.purchases;
    values[k] = spend[k]! * probability * whileAlive.discounted;
    total += values[k]!;
  });
  return { alive, purchases, spend, values, total };
}

// Largest customers × draws for which per-customer bounds are kept (8 bytes each).
const MAX_CUSTOMER_DRAWS = 10_000_000;

// Percentile interval of the values under parameters drawn from their asymptotic normal on the log
// scale: log θ ~ N(log θ̂, D⁻¹ Σ D⁻¹) with D = diag(θ̂) (the delta method), so draws stay positive.
function parameterInterval(
  fn: string,
  options: ClvIntervalOptions,
  purchaseModel: PurchaseModel,
  purchaseEstimate: PurchaseFamily,
  spendModel: Pick<GammaGammaModel, 'kind' | 'params'> & { covariance?: number[][] },
  customerCount: number,
  value: (purchase: PurchaseFamily, spend: GammaGammaParams) => Valuation,
): { total: ClvInterval; customers: [number, number][] | undefined } {
  objectArgument(fn, 'interval', options, 'an object { confidence?, draws?, seed? }');
  const confidence = confidenceOption(fn, options.confidence, 'interval.confidence');
  const draws = numberOption(
    fn,
    'interval.draws',
    options.draws,
    { lower: 20, lowerInclusive: true, upper: 1_000_000, integer: true },
    100,
  );
  const seed = numberOption(fn, 'interval.seed', options.seed, { integer: true }, 1);
  const purchaseCovariance = (purchaseModel as { covariance?: number[][] }).covariance;
  const purchaseDraw = logNormalSampler(fn, 'purchaseModel', purchaseVector(purchaseEstimate), purchaseCovariance);
  const spendDraw = logNormalSampler(
    fn,
    'spendModel',
    [spendModel.params.p, spendModel.params.q, spendModel.params.gamma],
    spendModel.covariance,
  );
  const random = seededRandom(seed);
  const totals: number[] = [];
  const keepCustomers = customerCount * draws <= MAX_CUSTOMER_DRAWS;
  const perCustomer = keepCustomers ? Array.from({ length: customerCount }, (): number[] => []) : undefined;
  for (let d = 0; d < draws; d++) {
    const purchase = withPurchaseVector(purchaseEstimate, purchaseDraw(random));
    const [p, q, gamma] = spendDraw(random) as [number, number, number];
    // A draw with q <= 1 has no finite mean spend: it is not a usable spend model.
    if (!(q > 1)) continue;
    const valuation = value(purchase, { p, q, gamma });
    // Nor is a draw whose value cannot be computed: beyond the range of doubles, such as s = e^200
    // from a covariance with a log-scale standard deviation of 100 (NaN), or a spend model whose
    // mean spend overflows (Infinity, which would make a percentile Infinity - Infinity). It is
    // left out, so not counted in `usedDraws`.
    if (!Number.isFinite(valuation.total)) continue;
    totals.push(valuation.total);
    if (perCustomer) valuation.values.forEach((v, k) => perCustomer[k]!.push(v));
  }
  // Percentiles of no draws are NaN: refused rather than returned as bounds.
  if (totals.length === 0) {
    throw emptyInput(
      fn,
      `none of the ${draws} parameter draws gave a value (each drew a spend model with q <= 1 or predictions beyond the range of doubles): the models' covariance is too wide for an interval`,
    );
  }
  const bounds = (values: number[]): [number, number] => {
    values.sort((x, y) => x - y);
    return [quantileSorted(values, (1 - confidence) / 2), quantileSorted(values, (1 + confidence) / 2)];
  };
  const [low, high] = bounds(totals);
  return {
    total: {
      low,
      high,
      confidence,
      draws,
      usedDraws: totals.length,
      seed,
      method: 'parameter-draws',
      customerBounds: keepCustomers,
    },
    customers: perCustomer?.map(bounds),
  };
}

// The purchase parameters in the order of the fitted model's covariance matrix: (r, α, a, b) for
// BG/NBD and MBG/NBD, (r, α, s, β) for Pareto/NBD; and a family with such a vector put back.
function purchaseVector({ kind, params }: PurchaseFamily): number[] {
  return kind === 'pareto/nbd'
    ? [params.r, params.alpha, params.s, params.beta]
    : [params.r, params.alpha, params.a, params.b];
}

function withPurchaseVector(family: PurchaseFamily, vector: number[]): PurchaseFamily {
  const [r, alpha, third, fourth] = vector as [number, number, number, number];
  return family.kind === 'pareto/nbd'
    ? { kind: family.kind, params: { r, alpha, s: third, beta: fourth } }
    : { kind: family.kind, params: { r, alpha, a: third, b: fourth }, modified: family.modified };
}

// A sampler of parameter vectors exp(log θ̂ + L z), z standard normal, L the Cholesky factor of the
// log-scale covariance; refuses a model without a usable covariance matrix.
function logNormalSampler(
  fn: string,
  name: string,
  estimate: number[],
  covariance: number[][] | undefined,
): (random: UniformSource) => number[] {
  const n = estimate.length;
  // Array.from reads a hole as undefined, which cholesky refuses; map would keep the hole.
  const rows: unknown[] = Array.isArray(covariance) ? Array.from(covariance) : [];
  const lower =
    rows.length === n && rows.every(Array.isArray)
      ? cholesky(
          rows.map((row, i) =>
            // A non-number entry becomes NaN, which cholesky refuses, rather than be coerced.
            Array.from(row, (value, j) => (typeof value === 'number' ? value : NaN) / (estimate[i]! * estimate[j]!)),
          ),
        )
      : null;
  if (lower === null) {
    throw invalidArgument(
      fn,
      `${name}.covariance`,
      covariance,
      'must be the covariance matrix of a fitted model (fit it with this library)',
    );
  }
  return (random) => {
    const z = estimate.map(() => normalDraw(random));
    return estimate.map((value, i) => {
      let shift = 0;
      for (let j = 0; j <= i; j++) shift += lower[i * n + j]! * z[j]!;
      return value * Math.exp(shift);
    });
  };
}
