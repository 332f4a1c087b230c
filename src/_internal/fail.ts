import { LoyaltyMetricsError } from '../errors';

/** Short, readable rendering of an offending value for error messages. */
export function describeValue(value: unknown): string {
  const kind = Object.prototype.toString.call(value);
  // Records and arrays by their contents, cut to 60 characters: the common mistake is a record read
  // without a value accessor, and its fields show it. Other objects by their kind: String() may
  // throw on them or print a whole source, and JSON may throw (cycles, bigints) or say nothing.
  try {
    if (kind === '[object Object]' || kind === '[object Array]') {
      const json = JSON.stringify(value);
      return json.length > 60 ? `${json.slice(0, 57)}...` : json;
    }
  } catch {
    return kind;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  return Object(value) === value ? kind : String(value);
}

/** `fn: invalid value at index i: v (why)`, code INVALID_VALUE. */
export function invalidValue(fn: string, index: number, value: unknown, why: string): LoyaltyMetricsError {
  return new LoyaltyMetricsError(
    'INVALID_VALUE',
    `${fn}: invalid value at index ${index}: ${describeValue(value)} (${why})`,
    { index, value },
  );
}

/** `fn: argument why, got value`, code INVALID_ARGUMENT. */
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
