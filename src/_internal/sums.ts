/**
 * Sum of `values` that does not depend on their order: the values are sorted ascending and
 * added with Neumaier's compensated summation, so two customers with the same amounts in a
 * different order get exactly the same total (and equal totals get equal ranks). Sorts `values`
 * in place: pass an array the caller owns.
 */
export function orderFreeSum(values: number[]): number {
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
