import { expect } from 'vitest';
import { LoyaltyMetricsError, type LoyaltyMetricsErrorCode } from '../src/errors';

/** Runs `action` and asserts it throws a LoyaltyMetricsError with `code`, naming `fn` first. */
export function expectError(action: () => unknown, code: LoyaltyMetricsErrorCode, fn?: string): LoyaltyMetricsError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a LoyaltyMetricsError').toBeInstanceOf(LoyaltyMetricsError);
  const error = caught as LoyaltyMetricsError;
  expect(error.code).toBe(code);
  if (fn !== undefined) expect(error.message.startsWith(`${fn}: `), error.message).toBe(true);
  return error;
}

/** Deep-freezes a value so that any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Expands `{ score: count }` into an array of answers, e.g. { 10: 2, 0: 1 } -> [10, 10, 0]. */
export function answers(counts: Record<number, number>): number[] {
  return Object.entries(counts).flatMap(([score, count]) => new Array<number>(count).fill(Number(score)));
}

/** Central-difference gradient of `f` at `at`, with steps 1e-6 relative: to check analytic gradients. */
export function numericGradient(f: (values: number[]) => number, at: number[]): number[] {
  return at.map((value, k) => {
    const h = 1e-6 * value;
    const up = [...at];
    const down = [...at];
    up[k] = value + h;
    down[k] = value - h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/**
 * Derivative at 0 of `f(shift)` by Richardson-extrapolated central differences with steps h and
 * h/2 (error O(h⁴)): to check analytic derivatives where plain differences are not accurate enough.
 */
export function extrapolatedDerivative(f: (shift: number) => number, h: number): number {
  const central = (step: number): number => (f(step) - f(-step)) / (2 * step);
  return (4 * central(h / 2) - central(h)) / 3;
}
