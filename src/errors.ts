/**
 * What went wrong, as a stable machine-readable code:
 *
 * - `INVALID_VALUE`: an input value cannot be valid (NaN, Infinity, not a number, outside the
 *   scale, a non-integer on an integer scale, an unparseable date, a missing answer when
 *   `missing: 'throw'`).
 * - `EMPTY_INPUT`: nothing valid remains to compute a single number from.
 * - `INVALID_ARGUMENT`: an option or argument is out of its domain.
 * - `NOT_CONVERGED`: a model fit did not converge; `details.estimate` holds the last estimate.
 */
export type LoyaltyMetricsErrorCode = 'INVALID_VALUE' | 'EMPTY_INPUT' | 'INVALID_ARGUMENT' | 'NOT_CONVERGED';

/** Facts attached to a {@link LoyaltyMetricsError}: where and what the offending value was. */
export interface LoyaltyMetricsErrorDetails {
  /** Position of the offending element in the input, counted from 0. */
  index?: number;
  /** The offending value or option, as given. */
  value?: unknown;
  /** Name of the offending option or argument. */
  argument?: string;
  /** Field of the record that held the offending value (`customer`, `date`, `amount`, `start`, ...). */
  field?: string;
  /** Which sample of a comparison (`compareNps`, `compareCsat`, `compareCes`) held it: `'a'` or `'b'`. */
  sample?: 'a' | 'b';
  /** The customer whose value it was, for a table keyed by customer (`revenueRetention`). */
  key?: unknown;
  /**
   * `NOT_CONVERGED`: the last estimate of the parameters, in the order of the model's `params`
   * (r, α, a, b for BG/NBD).
   */
  estimate?: number[];
  /** `NOT_CONVERGED`: the log-likelihood at `estimate`. */
  logLikelihood?: number;
  /** `NOT_CONVERGED`: the optimizer's iterations. */
  iterations?: number;
  /** Anything else a caller may inspect. */
  [key: string]: unknown;
}

/**
 * The only error type the library throws on purpose. Its message starts with the name of the
 * public function that refused the input; `code` says which rule was broken and `details` where.
 *
 * @example
 * try {
 *   nps([10, 11]);
 * } catch (error) {
 *   if (error instanceof LoyaltyMetricsError) {
 *     error.code; // 'INVALID_VALUE'
 *     error.details.index; // 1
 *   }
 * }
 */
export class LoyaltyMetricsError extends Error {
  // `declare`: assigned in the constructor, so no field initialisers are emitted.
  /** Which rule the input broke. */
  declare readonly code: LoyaltyMetricsErrorCode;
  /** Where and what, when known. */
  declare readonly details: LoyaltyMetricsErrorDetails;

  /**
   * Creates an error; the library does this, callers normally only catch it.
   *
   * @param code - the rule that was broken
   * @param message - a sentence that starts with the public function's name
   * @param details - index, value or argument that caused it
   */
  constructor(code: LoyaltyMetricsErrorCode, message: string, details: LoyaltyMetricsErrorDetails = {}) {
    super(message);
    this.name = 'LoyaltyMetricsError';
    this.code = code;
    this.details = details;
  }
}

/**
 * Whether `value` is a {@link LoyaltyMetricsError} of any copy of the package. An application
 * that loads both the ES module and the CommonJS copy (its own `import` and a dependency's
 * `require`) has two classes, and an error of one is not an `instanceof` the other; this test
 * reads the name and the code instead, and narrows the type like `instanceof` does. It also
 * recognises an error made in another realm (a `vm` context or an iframe), whose `Error` differs.
 *
 * @param value - anything caught
 * @returns `true` for an `Error` named `'LoyaltyMetricsError'` with one of the four codes
 * @example
 * try {
 *   nps([10, 11]);
 * } catch (error) {
 *   if (isLoyaltyMetricsError(error)) {
 *     error.code; // 'INVALID_VALUE'
 *   }
 * }
 * isLoyaltyMetricsError(new LoyaltyMetricsError('EMPTY_INPUT', 'csat: no valid answers')) // => true
 * isLoyaltyMetricsError(new Error('LoyaltyMetricsError')) // => false
 */
export function isLoyaltyMetricsError(value: unknown): value is LoyaltyMetricsError {
  // A test of whatever was thrown never throws itself: a revoked Proxy or a throwing getter is
  // simply not one of ours.
  try {
    return (
      // Not `instanceof Error`, which fails across realms: the tag of any realm's Error objects.
      Object.prototype.toString.call(value) === '[object Error]' &&
      (value as Error).name === 'LoyaltyMetricsError' &&
      ['INVALID_VALUE', 'EMPTY_INPUT', 'INVALID_ARGUMENT', 'NOT_CONVERGED'].includes(
        (value as { code?: unknown }).code as string,
      )
    );
  } catch {
    return false;
  }
}
