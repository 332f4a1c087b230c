import { describe, expect, it } from 'vitest';
import { probabilityAlive } from '../../src/models/predict';
import { simulateBgNbd } from '../../src/models/simulate';
import { expectError } from '../helpers';

describe('simulateBgNbd', () => {
  const truth = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };

  it('refuses parameters that are not finite numbers > 0 with INVALID_ARGUMENT naming them', () => {
    for (const bad of [0, -1, NaN, Infinity, '1', null]) {
      for (const name of ['r', 'alpha', 'a', 'b'] as const) {
        const error = expectError(
          () => simulateBgNbd({ ...truth, [name]: bad }, { customers: 1, T: 39 }),
          'INVALID_ARGUMENT',
          'simulateBgNbd',
        );
        expect(error.details).toEqual({ argument: `params.${name}`, value: bad });
      }
    }
  });

  it('refuses bad options with INVALID_ARGUMENT naming the option', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ T: 39 }, 'customers'],
      [{ customers: 0, T: 39 }, 'customers'],
      [{ customers: 1.5, T: 39 }, 'customers'],
      [{ customers: NaN, T: 39 }, 'customers'],
      [{ customers: Infinity, T: 39 }, 'customers'],
      [{ customers: '10', T: 39 }, 'customers'],
      [{ customers: 1 }, 'T'],
      [{ customers: 1, T: 0 }, 'T'],
      [{ customers: 1, T: -1 }, 'T'],
      [{ customers: 1, T: NaN }, 'T'],
      [{ customers: 1, T: Infinity }, 'T'],
      [{ customers: 1, T: '39' }, 'T'],
      [{ customers: 1, T: 39, seed: 1.5 }, 'seed'],
      // Each customer is an object of the result: a billion would exhaust memory first.
      [{ customers: 10_000_001, T: 39 }, 'customers'],
    ];
    for (const [options, argument] of cases) {
      const error = expectError(() => simulateBgNbd(truth, options as never), 'INVALID_ARGUMENT', 'simulateBgNbd');
      expect(error.details.argument, JSON.stringify(options)).toBe(argument);
    }
    for (const params of [null, undefined, 5]) {
      const error = expectError(
        () => simulateBgNbd(params as never, { customers: 1, T: 39 }),
        'INVALID_ARGUMENT',
        'simulateBgNbd',
      );
      expect(error.details.argument).toBe('params');
    }
    expect(expectError(() => simulateBgNbd(truth, null as never), 'INVALID_ARGUMENT').details.argument).toBe('options');
  });

  it('accepts one customer, and the default seed by name', () => {
    const [one] = simulateBgNbd(truth, { customers: 1, T: 39, seed: 1 });
    expect(simulateBgNbd(truth, { customers: 1, T: 39 })).toEqual([one]);
  });

  // 20,000 customers from the truth; the tolerances are four standard errors of the mean of
  // that many independent draws, so a correct simulator stays within them (this seed is fixed).
  const customers = simulateBgNbd(truth, { customers: 20000, T: 39, seed: 11 });
  const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  const standardError = (variance: number): number => Math.sqrt(variance / customers.length);

  it('draws rates from Gamma(r, α) and dropout probabilities from Beta(a, b)', () => {
    const { r, alpha, a, b } = truth;
    // Gamma(r, α): mean r / α, variance r / α²; Beta(a, b): mean a / (a + b), variance ab / ((a + b)² (a + b + 1)).
    const rateError = standardError(r / alpha ** 2);
    expect(Math.abs(mean(customers.map((c) => c.rate)) - r / alpha)).toBeLessThan(4 * rateError);
    const dropoutError = standardError((a * b) / ((a + b) ** 2 * (a + b + 1)));
    expect(Math.abs(mean(customers.map((c) => c.dropout)) - a / (a + b))).toBeLessThan(4 * dropoutError);
  });

  it('tells who is alive: only a repeat purchase can end a life, and the share alive is the mean P(alive)', () => {
    // BG/NBD: a customer can drop out only right after a repeat purchase.
    for (const customer of customers) {
      if (customer.frequency === 0) expect(customer.alive).toBe(true);
      expect(customer.recency <= customer.T && customer.T === 39).toBe(true);
    }
    // The law of total probability: the share still alive at T is the mean over customers of the
    // model's P(alive | x, t_x, T) at the true parameters.
    const model = { kind: 'bg/nbd' as const, unit: 'week' as const, params: truth };
    const alive = customers.map((c) => (c.alive ? 1 : 0));
    const share = mean(alive);
    const expected = mean(customers.map((c) => probabilityAlive(model, c)));
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.9);
    expect(Math.abs(share - expected)).toBeLessThan(4 * standardError(share * (1 - share)));
  });
});
