import { invalidValue } from './fail';
import { accessorOption, badInputPolicies, type BadInputOptions, type SkipCounts } from './options';
import { isArrayLike, iterableArgument } from './records';

/** A number above 0 and below Infinity (NaN is not). */
export const isPositiveFinite = (value: unknown): value is number =>
  typeof value === 'number' && value > 0 && value < Infinity;

/** Options for reading plain numbers (not answers on a scale). */
export interface NumberReaderOptions<T> extends BadInputOptions {
  /** Reads the number of a record; `null`/`undefined` means "no value". */
  value?: ((d: T, i: number) => number | null | undefined) | undefined;
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
  iterableArgument(fn, 'data', data, 'numbers');
  const valueOf = accessorOption(fn, 'value', options.value);
  const policies = badInputPolicies(fn, options);
  const throwOnMissing = policies.missing === 'throw';
  const throwOnInvalid = policies.invalid === 'throw';
  const skipped: SkipCounts = { missing: 0, invalid: 0 };
  const handle = (raw: unknown, index: number): void => {
    if (typeof raw === 'number' && Number.isFinite(raw)) {
      visit(raw, index);
    } else if (raw === null || raw === undefined) {
      if (throwOnMissing) {
        // As the survey readers say it: the value (null or undefined) and the policy that refused it.
        throw invalidValue(fn, index, raw, "missing: 'throw'");
      }
      skipped.missing++;
    } else if (throwOnInvalid) {
      throw invalidValue(
        fn,
        index,
        raw,
        // The message shows the value already; its type is what tells why it was refused.
        typeof raw === 'number' ? 'not a finite number' : `not a number but ${typeof raw}`,
      );
    } else {
      skipped.invalid++;
    }
  };
  if (valueOf === undefined && isArrayLike(data)) {
    for (let i = 0, n = data.length; i < n; i++) handle(data[i], i);
  } else {
    let index = 0;
    for (const d of data) {
      const i = index++;
      handle(valueOf ? valueOf(d, i) : d, i);
    }
  }
  return skipped;
}
