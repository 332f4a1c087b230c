import { LoyaltyMetricsError } from '../errors';
import { describeValue, invalidArgument, invalidValue } from './fail';
import { badInputPolicies, type BadInputOptions } from './options';
import type { CustomerId } from './transactions';

/**
 * Applies the bad-input policies of DESIGN.md to records read field by field: `reject` either
 * throws or counts the row as skipped.
 */
export interface RowPolicy {
  /** Rows skipped because a field was missing. */
  missing: number;
  /** Rows skipped as invalid under `invalid: 'skip'`. */
  invalid: number;
  /**
   * Refuses row `index` because of `field`: `why` undefined means the field is missing. Throws
   * INVALID_VALUE (a missing field only under `missing: 'throw'`), otherwise counts the row.
   */
  reject(index: number, field: string, value: unknown, why?: string): void;
}

/** Reads the `missing` and `invalid` options of `fn` into a {@link RowPolicy}. */
export function rowPolicy(fn: string, options: BadInputOptions): RowPolicy {
  const policies = badInputPolicies(fn, options);
  const throwOnMissing = policies.missing === 'throw';
  const skipInvalid = policies.invalid === 'skip';
  const policy: RowPolicy = {
    missing: 0,
    invalid: 0,
    reject(index, field, value, why) {
      if (why === undefined) {
        if (throwOnMissing) {
          throw new LoyaltyMetricsError(
            'INVALID_VALUE',
            `${fn}: missing ${field} at index ${index}: ${describeValue(value)} (missing: 'throw')`,
            { index, value, field },
          );
        }
        policy.missing++;
      } else if (skipInvalid) {
        policy.invalid++;
      } else {
        const error = invalidValue(fn, index, value, `${field}: ${why}`);
        error.details.field = field;
        throw error;
      }
    },
  };
  return policy;
}

/** Whether `value` can be iterated (strings included). */
export const isIterable = (value: unknown): value is Iterable<unknown> =>
  typeof (value as Partial<Iterable<unknown>> | null | undefined)?.[Symbol.iterator] === 'function';

/** Refuses (INVALID_ARGUMENT) a `data` argument that is not iterable, or is a string. */
export function iterableArgument<T>(fn: string, name: string, data: Iterable<T>, what: string): Iterable<T> {
  // A string is iterable, by character, but never a list of records, answers or counts: a file's
  // text passed unparsed would otherwise be read as rows that each lack every field, and '' as
  // no answers at all.
  if (typeof data === 'string' || !isIterable(data)) {
    throw invalidArgument(fn, name, data, `must be an iterable of ${what}`);
  }
  return data;
}

/** Arrays and typed arrays (not DataViews, which have no length): read by index, with no iterator. */
export const isArrayLike = (data: unknown): data is ArrayLike<unknown> =>
  Array.isArray(data) || (ArrayBuffer.isView(data) && typeof (data as { length?: unknown }).length === 'number');

/** Refuses (INVALID_ARGUMENT) an options argument that is not an object. */
export function objectArgument<O>(fn: string, name: string, value: O, what: string): O {
  if (typeof value !== 'object' || value === null) throw invalidArgument(fn, name, value, `must be ${what}`);
  return value;
}

/** Reads field `name` of a record; undefined for anything that is not an object. */
export const fieldOf =
  (name: string) =>
  (d: unknown): unknown =>
    typeof d === 'object' && d !== null ? (d as Record<string, unknown>)[name] : undefined;

/** Whether `value` can identify a customer: a non-empty string or a finite number. */
export const isCustomerId = (value: unknown): value is CustomerId =>
  (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));

/**
 * Reads a customer id for row `index`: a non-empty string or a finite number. A missing or
 * impossible id is handed to the policy (which throws or counts it) and gives undefined.
 */
export function customerField(policy: RowPolicy, index: number, value: unknown): CustomerId | undefined {
  if (value === null || value === undefined) {
    policy.reject(index, 'customer', value);
    return undefined;
  }
  if (isCustomerId(value)) return value;
  // The empty cell of a CSV is not one customer that all such rows share.
  const why =
    value === ''
      ? 'an empty string; give null or undefined for a row without a customer'
      : 'a customer must be a string or a finite number';
  policy.reject(index, 'customer', value, why);
  return undefined;
}

/**
 * Reads date `field` of row `index` through `parse` (which returns NaN for an invalid date). A
 * missing or invalid date is handed to the policy (which throws or counts it) and gives undefined.
 */
export function dateField(
  policy: RowPolicy,
  index: number,
  field: string,
  value: unknown,
  parse: (value: unknown) => number,
): number | undefined {
  if (value === null || value === undefined) {
    policy.reject(index, field, value);
    return undefined;
  }
  const parsed = parse(value);
  if (Number.isNaN(parsed)) {
    policy.reject(index, field, value, 'not a valid date (a Date, epoch milliseconds or an ISO-8601 string)');
    return undefined;
  }
  return parsed;
}
