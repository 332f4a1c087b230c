import { numberOption } from '../_internal/options';
import { objectArgument } from '../_internal/records';
import { betaDraw, gammaDraw, seededRandom } from '../stats/random';
import type { BgNbdParams } from './bgnbd';

/** Options of {@link simulateBgNbd}. */
export interface SimulateBgNbdOptions {
  /** Number of customers to simulate (an integer from 1 to 10,000,000). */
  customers: number;
  /** Length of each customer's observation period T, in the unit of the parameters. */
  T: number;
  /** Seed of the generator (an integer); the same seed gives the same customers. Default 1. */
  seed?: number | undefined;
}

/** A simulated customer: the summary the model sees, plus the hidden truth. */
export interface SimulatedCustomer {
  /** Repeat purchases x in (0, T]. */
  frequency: number;
  /** Time of the last repeat purchase, 0 when none. */
  recency: number;
  /** Observation period. */
  T: number;
  /** The customer's purchase rate λ. */
  rate: number;
  /** The customer's dropout probability p. */
  dropout: number;
  /** Whether the customer is still alive at T. */
  alive: boolean;
}

/**
 * The number of customers a simulation makes: an integer from 1 to 10,000,000. Each is an object
 * of the result, so a larger count would exhaust memory before it returned.
 */
export function simulatedCustomersOption(fn: string, value: unknown): number {
  return numberOption(fn, 'customers', value, { lower: 1, lowerInclusive: true, upper: 10_000_000, integer: true });
}

/**
 * Simulates customers from the BG/NBD model, reproducibly from `seed`: each draws a purchase
 * rate λ ~ Gamma(r, α) and a dropout probability p ~ Beta(a, b); from their first purchase at
 * time 0 they buy at the times of a Poisson process of rate λ, and after each repeat purchase
 * they drop out with probability p. Fitting {@link fitBgNbd} to the result recovers the
 * parameters (within sampling error): the check that the model code is right.
 *
 * @see Fader, Hardie & Lee (2005), Marketing Science 24(2), section 2 (the model's story).
 * @param params - true parameters `{ r, alpha, a, b }`
 * @param options - customers, T, seed
 * @returns one simulated customer per row
 * @throws LoyaltyMetricsError `INVALID_ARGUMENT` for non-positive parameters or bad options
 * @example
 * const customers = simulateBgNbd({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { customers: 3, T: 39, seed: 7 });
 * customers.length // => 3
 * customers.every((c) => c.recency <= c.T) // => true
 */
export function simulateBgNbd(params: BgNbdParams, options: SimulateBgNbdOptions): SimulatedCustomer[] {
  const fn = 'simulateBgNbd';
  objectArgument(fn, 'params', params, 'an object { r, alpha, a, b }');
  objectArgument(fn, 'options', options, 'an object { customers, T }');
  const r = numberOption(fn, 'params.r', params.r, { lower: 0 });
  const alpha = numberOption(fn, 'params.alpha', params.alpha, { lower: 0 });
  const a = numberOption(fn, 'params.a', params.a, { lower: 0 });
  const b = numberOption(fn, 'params.b', params.b, { lower: 0 });
  const count = simulatedCustomersOption(fn, options.customers);
  const T = numberOption(fn, 'T', options.T, { lower: 0 });
  const random = seededRandom(numberOption(fn, 'seed', options.seed, { integer: true }, 1));
  const customers: SimulatedCustomer[] = [];
  for (let k = 0; k < count; k++) {
    const rate = gammaDraw(random, r) / alpha;
    const dropout = betaDraw(random, a, b);
    let time = 0;
    let frequency = 0;
    let recency = 0;
    let alive = true;
    for (;;) {
      time -= Math.log(1 - random()) / rate;
      if (!(time <= T)) break;
      frequency++;
      recency = time;
      if (random() < dropout) {
        alive = false;
        break;
      }
    }
    customers.push({ frequency, recency, T, rate, dropout, alive });
  }
  return customers;
}
