import { describe, expect, it } from 'vitest';
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

  it('refuses bad options with INVALID_ARGUMENT', () => {
    for (const options of [
      { T: 39 },
      { customers: 0, T: 39 },
      { customers: 1.5, T: 39 },
      { customers: NaN, T: 39 },
      { customers: Infinity, T: 39 },
      { customers: '10', T: 39 },
      { customers: 1 },
      { customers: 1, T: 0 },
      { customers: 1, T: -1 },
      { customers: 1, T: NaN },
      { customers: 1, T: Infinity },
      { customers: 1, T: '39' },
      { customers: 1, T: 39, seed: 1.5 },
      { customers: 1, T: 39, output: 'columns' },
    ]) {
      expectError(() => simulateBgNbd(truth, options as never), 'INVALID_ARGUMENT', 'simulateBgNbd');
    }
    for (const params of [null, undefined, 5]) {
      expectError(() => simulateBgNbd(params as never, { customers: 1, T: 39 }), 'INVALID_ARGUMENT', 'simulateBgNbd');
    }
  });
});
