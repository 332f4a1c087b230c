import { invalidArgument } from './fail';

/** What to do with a `null`/`undefined` answer: skip and count it (default), or refuse it. */
export type MissingPolicy = 'skip' | 'throw';
/** What to do with a value that cannot be valid: refuse it (default), or skip and count it. */
export type InvalidPolicy = 'throw' | 'skip';

/** Options shared by every function that reads values from an iterable. */
export interface BadInputOptions {
  /** `'skip'` (default) skips `null`/`undefined` and counts them as `missing`; `'throw'` refuses them. */
  missing?: MissingPolicy | undefined;
  /** `'throw'` (default) refuses an impossible value; `'skip'` skips it and counts it as `invalid`. */
  invalid?: InvalidPolicy | undefined;
}

/** How many values were skipped while reading, by kind. */
export interface SkipCounts {
  /** `null`/`undefined` values skipped. */
  missing: number;
  /** Impossible values skipped under `invalid: 'skip'`. */
  invalid: number;
}

/** The `missing` and `invalid` policies of `options`, checked: INVALID_ARGUMENT for anything else. */
export function badInputPolicies(
  fn: string,
  options: BadInputOptions,
): { missing: MissingPolicy; invalid: InvalidPolicy } {
  return {
    missing: oneOf(fn, 'missing', options.missing, ['skip', 'throw'], 'skip'),
    invalid: oneOf(fn, 'invalid', options.invalid, ['throw', 'skip'], 'throw'),
  };
}

/**
 * Checks that `value` is one of `allowed`; returns it, or `fallback` when undefined. Without a
 * fallback the option is required, and undefined is refused like any other value outside `allowed`.
 */
export function oneOf<V extends string>(
  fn: string,
  name: string,
  value: V | undefined,
  allowed: readonly V[],
  fallback?: V,
): V {
  if (value === undefined && fallback !== undefined) return fallback;
  if (value === undefined || !allowed.includes(value)) {
    throw invalidArgument(fn, name, value, `must be one of ${JSON.stringify(allowed)}`);
  }
  return value;
}

/** A confidence level strictly between 0 and 1 (default 0.95), named `name` when refused. */
export function confidenceOption(fn: string, confidence: number | undefined, name = 'confidence'): number {
  if (confidence === undefined) return 0.95;
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw invalidArgument(fn, name, confidence, 'must be a number strictly between 0 and 1');
  }
  return confidence;
}

/** Bounds of {@link numberOption}. */
export interface NumberBounds {
  lower?: number;
  upper?: number;
  lowerInclusive?: boolean;
  integer?: boolean;
}

/**
 * A finite number with `lower < value` (or `<=` when `lowerInclusive`), `value <= upper`, optionally
 * an integer; `fallback` when the option is undefined (null is refused like any other bad value).
 */
export function numberOption(
  fn: string,
  name: string,
  value: unknown,
  bounds: NumberBounds = {},
  fallback?: number,
): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const { lower = -Infinity, upper = Infinity, lowerInclusive = false, integer = false } = bounds;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (lowerInclusive ? value >= lower : value > lower) &&
    value <= upper &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const bounds = [
      Number.isFinite(lower) ? `${lowerInclusive ? '>=' : '>'} ${lower}` : '',
      Number.isFinite(upper) ? `<= ${upper}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    throw invalidArgument(
      fn,
      name,
      value,
      `must be a finite ${integer ? 'integer' : 'number'}${bounds ? ` ${bounds}` : ''}`,
    );
  }
  return value;
}

/** Refuses an accessor option that is given but is not a function. */
export function accessorOption<F>(fn: string, name: string, accessor: F | undefined): F | undefined {
  if (accessor !== undefined && typeof accessor !== 'function') {
    throw invalidArgument(fn, name, accessor, 'must be a function');
  }
  return accessor;
}
