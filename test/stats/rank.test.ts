import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { averageRanks, rankScores } from '../../src/stats/rank';
import { deepFreeze } from '../helpers';

const values = fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 60 });
const bins = fc.integer({ min: 1, max: 9 });

// The definition, in O(n^2): the average rank of v is #{u < v} + (#{u = v} + 1) / 2.
const naiveRank = (all: number[], v: number): number =>
  all.filter((u) => u < v).length + (all.filter((u) => u === v).length + 1) / 2;

describe('averageRanks', () => {
  it('ranks ascending from 1 and gives a tie group the mean of the ranks it spans', () => {
    // Sorted: 5 (rank 1), 10 (rank 2), 20 and 20 (ranks 3 and 4, so 3.5 each).
    expect(Array.from(averageRanks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
    // Three equal values span ranks 1..3: all get 2.
    expect(Array.from(averageRanks([7, 7, 7]))).toEqual([2, 2, 2]);
    expect(Array.from(averageRanks(new Float64Array([0.5, -0, 0, -1])))).toEqual([4, 2.5, 2.5, 1]);
    expect(Array.from(averageRanks([]))).toEqual([]);
  });

  property.prop([values])('matches the O(n^2) definition, sums to n (n + 1) / 2 and keeps the order', (xs) => {
    const ranks = Array.from(averageRanks(deepFreeze([...xs])));
    expect(ranks).toEqual(xs.map((v) => naiveRank(xs, v)));
    expect(ranks.reduce((a, b) => a + b, 0)).toBe((xs.length * (xs.length + 1)) / 2);
    xs.forEach((a, i) =>
      xs.forEach((b, j) => {
        if (a < b) expect(ranks[i]!).toBeLessThan(ranks[j]!);
        if (a === b) expect(ranks[i]).toBe(ranks[j]);
      }),
    );
  });

  it('runs in O(n log n): 200,000 values with many ties', () => {
    const many = Float64Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 1000);
    const start = performance.now();
    const ranks = averageRanks(many);
    expect(performance.now() - start).toBeLessThan(5000);
    // Each of the 1000 values occurs 200 times: value 0 spans ranks 1..200, so 100.5.
    expect(ranks[0]).toBe(100.5);
  });
});

describe('rankScores', () => {
  it('is floor((averageRank - 1) bins / n) + 1', () => {
    // Ten distinct values, 5 bins: two per score.
    expect(Array.from(rankScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    // Four ties span ranks 1..4 (average 2.5): floor(1.5 * 5 / 5) + 1 = 2; the last has rank 5: score 5.
    expect(Array.from(rankScores([1, 1, 1, 1, 2], 5))).toEqual([2, 2, 2, 2, 5]);
    // Three values, 5 bins: ranks 1, 2, 3 give floor(0), floor(5/3), floor(10/3) + 1 = 1, 2, 4.
    expect(Array.from(rankScores([30, 10, 20], 5))).toEqual([4, 1, 2]);
    // A single value sits at rank 1: score 1; one bin: everyone scores 1.
    expect(Array.from(rankScores([42], 5))).toEqual([1]);
    expect(Array.from(rankScores([3, 1, 2], 1))).toEqual([1, 1, 1]);
    expect(Array.from(rankScores([], 5))).toEqual([]);
  });

  it('puts exactly n / bins values in each score when values are distinct and bins divide n', () => {
    const scores = Array.from(
      rankScores(
        Array.from({ length: 100 }, (_, i) => (i * 37) % 100),
        5,
      ),
    );
    for (let s = 1; s <= 5; s++) expect(scores.filter((x) => x === s)).toHaveLength(20);
  });

  property.prop([values, bins])(
    'lies in 1..bins, gives equal values equal scores, never decreases with the value',
    (xs, b) => {
      const scores = Array.from(rankScores(xs, b));
      expect(scores).toHaveLength(xs.length);
      const ranks = averageRanks(xs);
      xs.forEach((a, i) => {
        expect(scores[i]).toBeGreaterThanOrEqual(1);
        expect(scores[i]).toBeLessThanOrEqual(b);
        expect(scores[i]).toBe(Math.floor(((ranks[i]! - 1) * b) / xs.length) + 1);
        xs.forEach((c, j) => {
          if (a === c) expect(scores[i]).toBe(scores[j]);
          if (a < c) expect(scores[i]).toBeLessThanOrEqual(scores[j]!);
        });
      });
    },
  );

  property.prop([values, bins])('gives a unique top value the top score when n >= bins', (xs, b) => {
    const top = Math.max(...xs, -Infinity);
    fc.pre(xs.length >= b && xs.filter((x) => x === top).length === 1);
    expect(rankScores(xs, b)[xs.indexOf(top)]).toBe(b);
  });
});
