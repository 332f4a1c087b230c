import { LoyaltyMetricsError } from '../errors';
import { describeValue, invalidArgument, invalidValue } from './fail';
import { accessorOption, oneOf, type BadInputOptions } from './options';

/** A number above 0 and below Infinity (NaN is not). */
export const isPositiveFinite = (value: unknown): value is number =>
  typeof value === 'number' && value > 0 && value < Infinity;

/** Options for reading plain numbers (not answers on a scale). */
export interface NumberReaderOptions<T> extends BadInputOptions {
  /** Reads the number of a record; `null`/`undefined` means "no value". */
  value?: ((d: T, i: number) => number | null | undefined) | undefined;
}

/** How many values were skipped while reading. */
export interface SkipCounts {
  missing: number;
  invalid: number;
}

/**
 * Reads finite numbers from an iterable, calling `visit` for each valid one, and applies the
 * missing/invalid policies of DESIGN.md. Arrays without an accessor take a loop with no call.
 */
export function readNumbers<T>(
  fn: string,
  data: Iterable<T>,
  options: NumberReaderOptions<T>,
  visit: (value: number, index: number) => void,
): SkipCounts {
  if (data === null || data === undefined || typeof (data as Partial<Iterable<T>>)[Symbol.iterator] !== 'function') {
    throw invalidArgument(fn, 'data', data, 'must be an iterable of numbers');
  }
  const valueOf = accessorOption(fn, 'value', options.value);
  const throwOnMissing = oneOf(fn, 'missing', options.missing, ['skip', 'throw'], 'skip') === 'throw';
  const throwOnInvalid = oneOf(fn, 'invalid', options.invalid, ['throw', 'skip'], 'throw') === 'throw';
  const skipped: SkipCounts = { missing: 0, invalid: 0 };
  const handle = (raw: unknown, index: number): void => {
    if (typeof raw === 'number' && Number.isFinite(raw)) {
      visit(raw, index);
    } else if (raw === null || raw === undefined) {
      if (throwOnMissing) {
        throw new LoyaltyMetricsError('INVALID_VALUE', `${fn}: missing value at index ${index} (missing: 'throw')`, {
          index,
          value: raw,
        });
      }
      skipped.missing++;
    } else if (throwOnInvalid) {
      throw invalidValue(
        fn,
        index,
        raw,
        typeof raw === 'number' ? 'not a finite number' : `not a number but ${describeType(raw)}`,
      );
    } else {
      skipped.invalid++;
    }
  };
  if (valueOf === undefined && (Array.isArray(data) || ArrayBuffer.isView(data))) {
    const values = data as unknown as ArrayLike<unknown>;
    for (let i = 0, n = values.length; i < n; i++) handle(values[i], i);
  } else {
    let index = 0;
    for (const d of data) {
      const i = index++;
      handle(valueOf ? valueOf(d, i) : d, i);
    }
  }
  return skipped;
}

function describeType(raw: unknown): string {
  return typeof raw === 'object' ? describeValue(raw) : typeof raw;
}
