// Ranks with ties and the quantile scores built on them (RFM scores, any "top 20%" bucketing).

/**
 * Calls `group(start, end, order)` for every group of equal values, in ascending order of value:
 * `order` holds the indices of `values` sorted ascending, and positions `start..end` (inclusive,
 * 0-based) of `order` are one tie group. O(n log n). Values must not be NaN.
 */
function forEachTieGroup(
  values: ArrayLike<number>,
  group: (start: number, end: number, order: Uint32Array) => void,
): void {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]!);
  let start = 0;
  while (start < n) {
    const value = values[order[start]!]!;
    let end = start;
    while (end + 1 < n && values[order[end + 1]!]! === value) end++;
    group(start, end, order);
    start = end + 1;
  }
}

/**
 * Ranks of `values` in ascending order, 1 for the smallest and n for the largest; equal values
 * share the average of the ranks they span (the "fractional" or "mid-rank" convention of the
 * Spearman and Mann-Whitney statistics), so the ranks always sum to n (n + 1) / 2. O(n log n).
 * `-0` and `0` are equal. Values must not be NaN.
 *
 * @param values - the values to rank (not modified)
 * @returns the average rank of each value, in input order, in [1, n]
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const ranks = new Float64Array(values.length);
  forEachTieGroup(values, (start, end, order) => {
    // Positions start..end hold ranks start + 1..end + 1; their mean is (start + end) / 2 + 1.
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!] = rank;
  });
  return ranks;
}

/**
 * Quantile scores 1..bins of `values` by rank, higher values getting higher scores:
 * `score = floor((averageRank - 1) * bins / n) + 1`, with {@link averageRanks}. Equal values get
 * equal scores, so with ties the buckets are not all of size n / bins. Computed in integers
 * (twice the average rank is an integer), so no rounding can move a value across a bucket edge.
 *
 * @param values - the values to score (not modified); not NaN
 * @param bins - number of scores, an integer >= 1
 * @returns the score of each value, in input order, in 1..bins
 */
export function rankScores(values: ArrayLike<number>, bins: number): Int32Array {
  const n = values.length;
  const scores = new Int32Array(n);
  forEachTieGroup(values, (start, end, order) => {
    // averageRank - 1 = (start + end) / 2, so the score is floor((start + end) bins / (2 n)) + 1.
    const score = Math.floor(((start + end) * bins) / (2 * n)) + 1;
    for (let k = start; k <= end; k++) scores[order[k]!] = score;
  });
  return scores;
}
