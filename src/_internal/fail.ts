import { LoyaltyMetricsError } from '../errors';

/** Short, readable rendering of an offending value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  // Objects and functions by their kind only: String() may throw on them, or print a whole source.
  return Object(value) === value ? Object.prototype.toString.call(value) : String(value);
}

/** `fn: invalid value at index i: v (why)`, code INVALID_VALUE. */
export function invalidValue(fn: string, index: number, value: unknown, why: string): LoyaltyMetricsError {
  return new LoyaltyMetricsError(
    'INVALID_VALUE',
    `${fn}: invalid value at index ${index}: ${describeValue(value)} (${why})`,
    { index, value },
  );
}

/** `fn: option: why`, code INVALID_ARGUMENT. */
export function invalidArgument(fn: string, argument: string, value: unknown, why: string): LoyaltyMetricsError {
  return new LoyaltyMetricsError('INVALID_ARGUMENT', `${fn}: ${argument} ${why}, got ${describeValue(value)}`, {
    argument,
    value,
  });
}

/** `fn: what`, code EMPTY_INPUT. */
export function emptyInput(fn: string, what: string): LoyaltyMetricsError {
  return new LoyaltyMetricsError('EMPTY_INPUT', `${fn}: ${what}`);
}

/** `value` when finite: finite inputs can still overflow (1e300 × 1e300), refused rather than returned. */
export function finiteResult(fn: string, value: number): number {
  if (!Number.isFinite(value)) {
    throw invalidArgument(fn, 'result', value, 'is not a finite number: the inputs are out of range');
  }
  return value;
}
