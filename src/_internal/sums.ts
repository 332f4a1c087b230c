import { finiteResult } from './fail';

/**
 * Sum of `values` that does not depend on their order: the values are sorted ascending and
 * added with Neumaier's compensated summation, so two customers with the same amounts in a
 * different order get exactly the same total (and equal totals get equal ranks). Sorts `values`
 * in place: pass an array the caller owns.
 */
function orderFreeSum(values: number[]): number {
  values.sort((a, b) => a - b);
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  return sum + compensation;
}

// Enough for cents, mills and most crypto units; beyond it a value is treated as a real number.
const MAX_DECIMALS = 8;

// The number of digits after the point of the decimal that `value` stands for (12.34 stands for
// a decimal with 2), or -1 when it stands for none with at most MAX_DECIMALS. `value` stands for
// the decimal u / 10^d when it is the double nearest to it: the division of the integer u by a
// power of ten is correctly rounded, so the test below is exact.
function decimalsOf(value: number): number {
  for (let decimals = 0, scale = 1; decimals <= MAX_DECIMALS; decimals++, scale *= 10) {
    if (Math.round(value * scale) / scale === value) return decimals;
  }
  return -1;
}

/**
 * Sum of numbers written as decimals: money amounts, fractional counts. When every value is a
 * decimal with at most 8 digits after the point (19.99, 0.125), the values are added exactly as
 * integers of the smallest unit and the sum is the double nearest to the decimal sum:
 * 77.82 + 18.04 + 4.14 is 100, where floating-point addition gives 99.99999999999999, so equal
 * spends compare equal and a spend of exactly a tier's minimum reaches it, in any order. Other
 * values (computed prices such as 10 / 3), and values whose magnitudes in the smallest unit add up
 * beyond 2^53 (90 million at 8 digits), are added with {@link orderFreeSum}. Sorts `values` in
 * place in that case: pass an array the caller owns.
 *
 * With `parts`, the sum divided by it (a mean over `parts`), in one division of the exact sum
 * while it and the smallest unit times `parts` are safe integers (otherwise two roundings): six
 * days of 19.99 average 19.99, where 119.94 / 6 is 19.990000000000002.
 */
export const decimalSum = (values: number[], parts = 1): number => decimalTotal(values)(parts);

// A sum as decimalTotal gives it: divided by `parts`.
const dividing =
  (sum: number) =>
  (parts = 1): number =>
    sum / parts;

/**
 * The sum of {@link decimalSum}, taken once, as a function that divides it by `parts` (default 1)
 * as decimalSum does: for a total and a mean of the same values.
 */
export function decimalTotal(values: number[]): (parts?: number) => number {
  let decimals = 0;
  for (const value of values) {
    const digits = decimalsOf(value);
    if (digits < 0) return dividing(orderFreeSum(values));
    if (digits > decimals) decimals = digits;
  }
  const scale = 10 ** decimals;
  let units = 0;
  // Every partial sum is an exact integer while the sum of the magnitudes is a safe integer.
  let magnitude = 0;
  for (const value of values) {
    const unit = Math.round(value * scale);
    units += unit;
    magnitude += Math.abs(unit);
  }
  if (!Number.isSafeInteger(magnitude)) return dividing(orderFreeSum(values));
  return (parts = 1) => {
    const divisor = scale * parts;
    return Number.isSafeInteger(divisor) ? units / divisor : units / scale / parts;
  };
}

/**
 * {@link decimalSum} of money amounts for `fn`, refused (INVALID_ARGUMENT) when it passes the
 * largest double: every amount is finite, but two of 1e308 sum to Infinity (or NaN in the
 * compensated sum), which would rank, tier or average as if it were a number.
 */
export const moneySum = (fn: string, values: number[], parts = 1): number =>
  finiteResult(fn, decimalSum(values, parts));
