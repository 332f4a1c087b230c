import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { nps, npsInterval } from '../../src/survey/nps';
import { LoyaltyMetricsError } from '../../src/errors';
import { emptyInput, invalidArgument, invalidValue } from '../../src/_internal/fail';
import { mergeTallies, readSample, tally, tallyBy, type Tally, type TallyOptions } from '../../src/survey/tally';
import { periodOf } from '../../src/time/period';
import { deepFreeze, expectError } from '../helpers';

const npsAnswer = fc.integer({ min: 0, max: 10 });
const npsAnswers = fc.array(npsAnswer, { maxLength: 60 });

describe('tally', () => {
  it('counts answers per scale point, lowest point first, with missing answers counted apart', () => {
    expect(tally([10, 9, null, 7, 0, undefined])).toEqual({
      scale: { min: 0, max: 10 },
      counts: [1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1],
      missing: 2,
      invalid: 0,
    });
  });

  it('reads other scales, typed arrays, iterables and records', () => {
    expect(tally([5, 4, 4], { scale: { min: 1, max: 5 } }).counts).toEqual([0, 0, 0, 2, 1]);
    expect(tally(new Uint8Array([3, 3, 1]), { scale: { min: 1, max: 5 } }).counts).toEqual([1, 0, 2, 0, 0]);
    expect(tally(new Set([1, 2]), { scale: { min: 1, max: 3 } }).counts).toEqual([1, 1, 0]);
    const records = [{ s: 2 }, { s: null }, { s: -1 }];
    expect(tally(records, { scale: { min: -2, max: 2 }, value: (d) => d.s })).toMatchObject({
      counts: [0, 1, 0, 0, 1],
      missing: 1,
    });
  });

  it('sums weights and squared weights per point when a weight accessor is given', () => {
    const t = tally(
      [
        { s: 10, w: 2 },
        { s: 10, w: 0.5 },
        { s: 0, w: 1 },
      ],
      { value: (d) => d.s, weight: (d) => d.w },
    );
    expect(t.counts[10]).toBe(2);
    expect(t.weights?.[10]).toBe(2.5);
    expect(t.weightSquares?.[10]).toBe(4.25);
    expect(t.weights?.[0]).toBe(1);
  });

  it('gives a tally of zeros for empty input (emptiness is refused by the metrics)', () => {
    expect(tally([]).counts.every((c) => c === 0)).toBe(true);
  });

  it('refuses impossible answers with INVALID_VALUE naming index and value', () => {
    for (const bad of [11, -1, 7.5, NaN, Infinity, -Infinity, '9', true, {}, 10n]) {
      const error = expectError(() => tally([10, bad as number]), 'INVALID_VALUE', 'tally');
      expect(error.details.index).toBe(1);
      expect(error.details.value).toBe(bad);
      expect(error.message).toContain('index 1');
    }
    expectError(() => tally(new Float64Array([1, 2.5])), 'INVALID_VALUE', 'tally');
    expectError(() => tally(new BigInt64Array([1n])), 'INVALID_VALUE', 'tally');
  });

  it("skips and counts impossible answers and weights under invalid: 'skip'", () => {
    expect(tally([10, 11, 'x' as unknown as number, 3], { invalid: 'skip' })).toMatchObject({ invalid: 2, missing: 0 });
    const weighted = tally(
      [
        { s: 1, w: -1 },
        { s: 1, w: NaN },
        { s: 1, w: 1 },
      ],
      {
        value: (d) => d.s,
        weight: (d) => d.w,
        invalid: 'skip',
      },
    );
    expect(weighted).toMatchObject({ invalid: 2 });
    expect(weighted.counts[1]).toBe(1);
  });

  it("refuses missing answers under missing: 'throw'", () => {
    const error = expectError(() => tally([1, null], { missing: 'throw' }), 'INVALID_VALUE', 'tally');
    expect(error.details.index).toBe(1);
  });

  it('refuses invalid weights', () => {
    // Below 1e-150 a squared weight vanishes, and beyond 1e145 the squares of 2^53 answers would
    // sum past the largest double: Kish's n_eff would be NaN.
    for (const w of [-1, NaN, Infinity, '1', null, 1.1e145, 1e150, 1e-151, 5e-324]) {
      expectError(() => tally([{ s: 1 }], { value: (d) => d.s, weight: () => w as number }), 'INVALID_VALUE', 'tally');
    }
    for (const w of [0, 1e-150, 1e145]) {
      expect(tally([{ s: 1 }], { value: (d) => d.s, weight: () => w }).weights![1]).toBe(w);
    }
  });

  it('takes scales of up to 1001 points, wherever they lie on the number line', () => {
    expect(tally([1000], { scale: { min: 0, max: 1000 } }).counts).toHaveLength(1001);
    expect(tally([5010], { scale: { min: 5000, max: 5010 } }).counts[10]).toBe(1);
    expect(tally([-3], { scale: { min: -5, max: 5 } }).counts[2]).toBe(1);
    const error = expectError(() => tally([1], { scale: { min: 0, max: 1001 } }), 'INVALID_ARGUMENT', 'tally');
    expect(error.details).toMatchObject({ argument: 'scale' });
  });

  it('refuses bad options with INVALID_ARGUMENT', () => {
    const bad: unknown[] = [
      { scale: { min: 1, max: 1 } },
      { scale: { min: 0.5, max: 3 } },
      { scale: { min: 0, max: 5000 } },
      { scale: null },
      { value: 3 },
      { weight: 'w' },
      { missing: 'ignore' },
      { invalid: 'drop' },
    ];
    for (const options of bad) expectError(() => tally([1], options as never), 'INVALID_ARGUMENT', 'tally');
    for (const options of [null, 5, 'skip']) {
      const error = expectError(() => tally([1], options as never), 'INVALID_ARGUMENT', 'tally');
      expect(error.details).toEqual({ argument: 'options', value: options });
    }
    expectError(() => tally(null as never), 'INVALID_ARGUMENT', 'tally');
    expect(expectError(() => tally(5 as never), 'INVALID_ARGUMENT', 'tally').message).toContain(
      'must be an iterable of answers,',
    );
  });

  property.prop([npsAnswers])('never mutates its input', (values) => {
    const frozen = deepFreeze([...values]);
    tally(frozen);
    expect(frozen).toEqual(values);
  });

  property.prop([npsAnswers.chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length })))])(
    'does not depend on the order of the answers',
    ([values, shuffled]) => {
      expect(tally(shuffled)).toEqual(tally(values));
    },
  );
});

describe('mergeTallies', () => {
  it('reads tallies stored as read-only data (frozen, or typed `as const`)', () => {
    const stored = { scale: { min: 1, max: 5 }, counts: [6, 8, 14, 60, 72], missing: 1, invalid: 0 } as const;
    const merged = mergeTallies(stored, Object.freeze(stored));
    expect(merged).toEqual({ scale: { min: 1, max: 5 }, counts: [12, 16, 28, 120, 144], missing: 2, invalid: 0 });
    // The option types default to plain answers with missing ones, so a named options object fits them.
    const options: TallyOptions = { scale: { min: 1, max: 5 } };
    expect(tally([5, null, 4], options).missing).toBe(1);
  });

  property.prop([npsAnswers, npsAnswers, npsAnswers])('is associative and commutative', (a, b, c) => {
    const [ta, tb, tc] = [tally(a), tally(b), tally(c)];
    expect(mergeTallies(mergeTallies(ta, tb), tc)).toEqual(mergeTallies(ta, mergeTallies(tb, tc)));
    expect(mergeTallies(ta, tb)).toEqual(mergeTallies(tb, ta));
  });

  property.prop([npsAnswers, npsAnswers])('equals tallying the concatenation', (a, b) => {
    expect(mergeTallies(tally(a), tally(b))).toEqual(tally([...a, ...b]));
  });

  property.prop([fc.array(npsAnswers, { minLength: 1, maxLength: 8 })])(
    'takes the tallies one by one or as one iterable, with the same result',
    (samples) => {
      const tallies = samples.map((answers) => tally(answers));
      const oneByOne = mergeTallies(...tallies);
      expect(mergeTallies(tallies)).toEqual(oneByOne);
      expect(mergeTallies(new Set(tallies))).toEqual(oneByOne);
      expect(mergeTallies(tallies.values())).toEqual(oneByOne);
    },
  );

  // Answers as surveys deliver them: missing ones (null, undefined) and impossible ones, skipped and counted.
  const messyAnswers = fc.array(
    fc.oneof({ weight: 6, arbitrary: npsAnswer }, fc.constantFrom(null, undefined, 11, -1, 7.5, NaN, '9')),
    { maxLength: 40 },
  );
  const skipping = { invalid: 'skip' } as const;
  property.prop([messyAnswers, messyAnswers, messyAnswers])(
    'with missing and skipped answers: associative, commutative, the tally of the concatenation, inputs untouched',
    (a, b, c) => {
      const [ta, tb, tc] = [a, b, c].map((answers) => deepFreeze(tally(answers as number[], skipping)));
      const copies = structuredClone([ta, tb, tc]);
      const all = mergeTallies(ta!, tb!, tc!);
      expect(mergeTallies(mergeTallies(ta!, tb!), tc!)).toEqual(all);
      expect(mergeTallies(ta!, mergeTallies(tb!, tc!))).toEqual(all);
      expect(mergeTallies(tc!, ta!, tb!)).toEqual(all);
      expect(all).toEqual(tally([...a, ...b, ...c] as number[], skipping));
      expect([ta, tb, tc]).toEqual(copies);
    },
  );

  property.prop([
    fc.array(
      fc.array(fc.tuple(fc.oneof(npsAnswer, fc.constant(null)), fc.double({ min: 1e-3, max: 1e3, noNaN: true }))),
      {
        minLength: 3,
        maxLength: 3,
      },
    ),
  ])('merges weighted tallies commutatively, associatively up to rounding, with exact counts', (parts) => {
    const options = { value: (d: [number | null, number]) => d[0], weight: (d: [number | null, number]) => d[1] };
    const [ta, tb, tc] = parts.map((rows) => tally(rows, options)) as [Tally, Tally, Tally];
    // Two tallies: x + y is y + x in floating point, exactly.
    expect(mergeTallies(ta, tb)).toEqual(mergeTallies(tb, ta));
    const left = mergeTallies(mergeTallies(ta, tb), tc);
    const right = mergeTallies(ta, mergeTallies(tb, tc));
    const whole = tally(parts.flat(), options);
    for (const merged of [left, right]) {
      expect({ counts: merged.counts, missing: merged.missing, invalid: merged.invalid }).toEqual({
        counts: whole.counts,
        missing: whole.missing,
        invalid: whole.invalid,
      });
      merged.weights!.forEach((w, k) => expect(Math.abs(w - whole.weights![k]!)).toBeLessThanOrEqual(1e-12 * w));
      merged.weightSquares!.forEach((w, k) =>
        expect(Math.abs(w - whole.weightSquares![k]!)).toBeLessThanOrEqual(1e-12 * w),
      );
    }
  });

  it('merges more tallies than a call can take arguments, given as one list', () => {
    // Spread, 200,000 tallies overflow V8's stack before the call (about 120,000 fit); a list does not.
    const shards = Array.from({ length: 200_000 }, (_, i) => tally([i % 11]));
    const merged = mergeTallies(shards);
    expect(merged.counts.reduce((sum, count) => sum + count, 0)).toBe(200_000);
    // i % 11 === 10 for i = 10, 21, ..., 199,990: 18,181 of them.
    expect(merged.counts[10]).toBe(18_181);
  });

  // Weights 0 or from 1e-150 (the smallest a weight may be) to 100.
  const weight = fc.oneof(fc.constant(0), fc.double({ min: 1e-150, max: 100, noNaN: true }));
  property.prop([fc.array(fc.tuple(npsAnswer, weight), { maxLength: 40 })])(
    'merges weighted tallies like tallying everything at once',
    (rows) => {
      const options = { value: (d: [number, number]) => d[0], weight: (d: [number, number]) => d[1] };
      const half = Math.floor(rows.length / 2);
      const merged = mergeTallies(tally(rows.slice(0, half), options), tally(rows.slice(half), options));
      const whole = tally(rows, options);
      expect(merged.counts).toEqual(whole.counts);
      merged.weights!.forEach((w, k) => expect(w).toBeCloseTo(whole.weights![k]!, 9));
      // The squared weights too: Kish's effective sample size of the merged tally is read from them.
      merged.weightSquares!.forEach((w, k) => expect(w).toBeCloseTo(whole.weightSquares![k]!, 9));
    },
  );

  it('keeps missing and invalid counts and never mutates its inputs', () => {
    const a = deepFreeze(tally([1, null, 99], { invalid: 'skip' }));
    const b = deepFreeze(tally([null, 2]));
    expect(mergeTallies(a, b)).toMatchObject({ missing: 2, invalid: 1 });
  });

  it('reads `weights: null` as unweighted in any order, as nps does', () => {
    // JSON has no undefined: a store may write an absent field as null.
    const plain = tally([10, 9, 3]);
    const stored = { ...plain, weights: null } as unknown as Tally;
    expect(nps(stored)).toBe(nps(plain));
    expect(mergeTallies(stored, plain)).toEqual(mergeTallies(plain, plain));
    expect(mergeTallies(plain, stored)).toEqual(mergeTallies(plain, plain));
  });

  it('merges a thousand tallies', () => {
    const parts = Array.from({ length: 1000 }, (_, i) => tally([i % 11, (i * 7) % 11]));
    expect(mergeTallies(...parts).counts.reduce((sum, c) => sum + c, 0)).toBe(2000);
  });

  it('refuses no tally, malformed tallies, different scales and mixed weighting', () => {
    expect(expectError(() => mergeTallies(), 'INVALID_ARGUMENT', 'mergeTallies').details).toMatchObject({
      argument: 'tallies',
    });
    // The first tally is named by its position too: its scale sets the merge's (it was named 'scale',
    // an option the caller never passed).
    const firstBad = expectError(() => mergeTallies(null as never), 'INVALID_ARGUMENT', 'mergeTallies');
    expect(firstBad.details.argument).toBe('tallies[0].scale');
    const badScale = { scale: { min: 0, max: 'x' }, counts: [], missing: 0, invalid: 0 };
    expect(
      expectError(() => mergeTallies(badScale as never, tally([1])), 'INVALID_ARGUMENT', 'mergeTallies').message,
    ).toBe(
      'mergeTallies: tallies[0].scale must be { min, max }, integers, min < max, at most 1001 points, got {"min":0,"max":"x"}',
    );
    expectError(() => mergeTallies(tally([1]), null as never), 'INVALID_ARGUMENT', 'mergeTallies');
    expect(expectError(() => mergeTallies([]), 'INVALID_ARGUMENT', 'mergeTallies').details.argument).toBe('tallies');
    expect(expectError(() => mergeTallies('tally' as never), 'INVALID_ARGUMENT', 'mergeTallies').message).toBe(
      'mergeTallies: tallies must be an iterable of tallies, got "tally"',
    );
    // A list where a tally belongs: two lists, a list in a list, a Map (whose entries are lists).
    const [one, two] = [tally([9]), tally([3])];
    const byDay = new Map([['monday', one]]);
    for (const nearMiss of [
      () => mergeTallies([one] as never, [two] as never),
      () => mergeTallies([[one, two]] as never),
      () => mergeTallies(byDay as never),
    ]) {
      const error = expectError(nearMiss, 'INVALID_ARGUMENT', 'mergeTallies');
      expect(error.message).toMatch(
        /^mergeTallies: tallies\[0\] is a list, not a tally \(of a Map, pass values\(\)\), got /,
      );
      expect(error.details.argument).toBe('tallies[0]');
    }
    expect(mergeTallies(byDay.values())).toEqual(one);
    const plain = tally([1]);
    const weighted = tally([{ s: 1 }], { value: (d) => d.s, weight: () => 1 });
    const other = tally([1], { scale: { min: 1, max: 5 } });
    // The refusal names the tally by its position among the arguments.
    const otherScale = expectError(() => mergeTallies(plain, plain, other), 'INVALID_ARGUMENT', 'mergeTallies');
    expect(otherScale.message).toMatch(
      /^mergeTallies: tallies\[2\] is malformed or not on 0\.\.10 \(see the Tally type\), got /,
    );
    expect(otherScale.details).toEqual({ argument: 'tallies[2]', value: other });
    expect(expectError(() => mergeTallies(plain, weighted), 'INVALID_ARGUMENT', 'mergeTallies').message).toMatch(
      /^mergeTallies: tallies\[1\] must be all weighted or all unweighted, got /,
    );
    expectError(() => mergeTallies(weighted, plain), 'INVALID_ARGUMENT', 'mergeTallies');
    const malformed: unknown[] = [
      { ...plain, counts: [1, 2] },
      { ...plain, counts: [...plain.counts, 0] },
      { ...weighted, weights: weighted.weights!.map(() => Infinity) },
      { ...plain, counts: plain.counts.map(() => -1) },
      { ...plain, counts: plain.counts.map(() => 0.5) },
      { ...plain, missing: -1 },
      { ...plain, invalid: 'x' },
      { ...plain, weights: plain.counts },
      { ...weighted, weights: weighted.weights!.map(() => NaN) },
      { ...plain, scale: undefined },
      // Holes are not counts (the check once skipped them, and the merge then summed to NaN).
      // eslint-disable-next-line no-sparse-arrays
      { ...plain, counts: [0, 1, , 0, 0, 0, 0, 0, 0, 0, 0] },
      // eslint-disable-next-line no-sparse-arrays
      { ...weighted, weightSquares: [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, ,] },
    ];
    for (const t of malformed) expectError(() => mergeTallies(t as Tally), 'INVALID_ARGUMENT', 'mergeTallies');
    // Eleven counts labelled 0..9: a 0..9 tally with one count too many, and not a 0..10 tally.
    const relabelled = { ...tally([10]), scale: { min: 0, max: 9 } };
    expectError(() => mergeTallies(relabelled), 'INVALID_ARGUMENT', 'mergeTallies');
    expectError(() => mergeTallies(tally([10]), relabelled), 'INVALID_ARGUMENT', 'mergeTallies');
    expectError(() => nps(relabelled), 'INVALID_ARGUMENT', 'nps');
  });

  it('refuses weight sums that no answers could have given', () => {
    const weighted = tally([{ s: 10 }, { s: 0 }, { s: 10 }], { value: (d) => d.s, weight: () => 2 });
    const forged: Tally[] = [
      // A weight on a point without answers: a score of 100 from no answer at all.
      { ...weighted, weights: weighted.weights!.map((w, k) => (k === 5 ? 5 : w)) },
      // Weights without squares: an infinite effective sample size, and NaN bounds.
      { ...weighted, weightSquares: weighted.weightSquares!.map(() => 0) },
      // Squares without weights.
      { ...weighted, weights: weighted.weights!.map((w, k) => (k === 0 ? 0 : w)) },
      // Squares below the squared mean weight: an effective sample size above the answers (2e10 of 3).
      { ...weighted, weightSquares: weighted.weightSquares!.map((w) => w * 1e-10) },
      // Sums of 1e300 and 1e-300: an infinite effective sample size, and NaN means and p-values.
      {
        ...weighted,
        weights: weighted.weights!.map((w) => (w > 0 ? 1e300 : 0)),
        weightSquares: weighted.weightSquares!.map((w) => (w > 0 ? 1e-300 : 0)),
      },
    ];
    for (const t of forged) {
      expectError(() => mergeTallies(t), 'INVALID_ARGUMENT', 'mergeTallies');
      expectError(() => npsInterval(t), 'INVALID_ARGUMENT', 'npsInterval');
    }
    // Answers of weight 0 are counted with weight sums of 0: that tally is whole.
    const zeroWeights = tally([{ s: 10 }, { s: 0 }], { value: (d) => d.s, weight: (d) => (d.s === 0 ? 0 : 1) });
    expect(npsInterval(zeroWeights).n).toBe(2);
  });

  it('refuses a merge whose sums no tally can hold', () => {
    const big = { ...tally([10]), counts: tally([10]).counts.map((c) => c * Number.MAX_SAFE_INTEGER) };
    const error = expectError(() => mergeTallies(big, tally([10])), 'INVALID_ARGUMENT', 'mergeTallies');
    expect(error.message).toContain('tallies[1] must sum to at most 2^53 - 1 answers of each kind and finite weights');
    expect(error.details).toEqual({ argument: 'tallies[1]', value: tally([10]) });
    expectError(
      () => mergeTallies(tally([null]), { ...tally([]), missing: Number.MAX_SAFE_INTEGER }),
      'INVALID_ARGUMENT',
    );
    expectError(
      () =>
        mergeTallies(tally([11], { invalid: 'skip' }), {
          ...tally([11], { invalid: 'skip' }),
          invalid: Number.MAX_SAFE_INTEGER,
        }),
      'INVALID_ARGUMENT',
    );
    // Squares of 1e308 written by hand are finite (and possible, for uneven weights); their sum is not.
    const heavy = tally([{ s: 10 }], { value: (d) => d.s, weight: () => 1 });
    const huge = { ...heavy, weightSquares: heavy.weightSquares!.map((w) => w * 1e308) };
    expectError(() => mergeTallies(huge, huge), 'INVALID_ARGUMENT', 'mergeTallies');
    // The largest sums that fit merge.
    const half = { ...tally([]), counts: tally([]).counts.map(() => 2 ** 52) };
    const rest = { ...tally([]), counts: tally([]).counts.map(() => 2 ** 52 - 1) };
    expect(mergeTallies(half, rest).counts[0]).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('tallyBy', () => {
  const rows = [
    { plan: 'pro', score: 10 },
    { plan: 'basic', score: 3 },
    { plan: 'pro', score: 9 },
    { plan: 'pro', score: null },
  ];

  it('tallies each group apart, sorted by key', () => {
    const { groups, invalidKeys } = tallyBy(rows, { key: (d) => d.plan, value: (d) => d.score });
    expect(groups.map((g) => g.key)).toEqual(['basic', 'pro']);
    expect(groups[1]!.tally).toMatchObject({ missing: 1 });
    expect(groups[1]!.tally.counts[10]).toBe(1);
    expect(invalidKeys).toBe(0);
  });

  it('refuses a row whose key accessor meets an invalid value with its index, or skips and counts it', () => {
    // A blank date cell given to periodOf, as the README's "NPS by month" recipe does.
    const dated = [
      { at: '2024-03-08', score: 10 },
      { at: '', score: 9 },
      { at: '2024-04-02', score: 6 },
    ];
    const byMonth = (invalid?: 'skip') =>
      tallyBy(dated, {
        key: (d) => periodOf(d.at, { period: 'month' }),
        value: (d) => d.score,
        ...(invalid === undefined ? {} : { invalid }),
      });
    const error = expectError(() => byMonth(), 'INVALID_VALUE', 'tallyBy');
    expect(error.details).toMatchObject({ index: 1, value: '' });
    expect(error.message).toBe(
      'tallyBy: invalid value at index 1: "" (key: periodOf: invalid value: "" (not a valid date))',
    );
    const skipped = byMonth('skip');
    expect(skipped.invalidKeys).toBe(1);
    expect(skipped.groups.map((g) => [g.key, g.tally.counts[10], g.tally.counts[6]])).toEqual([
      ['2024-03', 1, 0],
      ['2024-04', 0, 1],
    ]);
    // A bad option of periodOf is the caller's mistake, not a bad row: it propagates under 'skip' too.
    expectError(
      () => tallyBy(dated, { key: (d) => periodOf(d.at, { period: 'fortnight' as never }), invalid: 'skip' }),
      'INVALID_ARGUMENT',
      'periodOf',
    );
    // So does any other error of the accessor.
    const bug = new TypeError('a bug in the accessor');
    expect(() =>
      tallyBy(dated, {
        key: () => {
          throw bug;
        },
        invalid: 'skip',
      }),
    ).toThrow(bug);
  });

  it('sorts numeric keys numerically before string keys', () => {
    const data = [10, 9, 2, 'b', 'a'].map((key) => ({ key, score: 5 }));
    const { groups } = tallyBy(data, { key: (d) => d.key, value: (d) => d.score });
    expect(groups.map((g) => g.key)).toEqual([2, 9, 10, 'a', 'b']);
  });

  property.prop([fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), npsAnswer), { maxLength: 50 })])(
    'groups merge back to the tally of everything',
    (pairs) => {
      const { groups } = tallyBy(pairs, { key: (d) => d[0], value: (d) => d[1] });
      const whole = tally(pairs, { value: (d) => d[1] });
      if (groups.length > 0) expect(mergeTallies(...groups.map((g) => g.tally))).toEqual(whole);
      for (const group of groups) {
        expect(group.tally).toEqual(tally(pairs.filter((p) => p[0] === group.key).map((p) => p[1])));
      }
    },
  );

  property.prop([
    fc
      .array(
        fc.tuple(
          fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 0, max: 3 })),
          fc.oneof(npsAnswer, fc.constant(null)),
        ),
        {
          maxLength: 50,
        },
      )
      .chain((pairs) => fc.tuple(fc.constant(pairs), fc.shuffledSubarray(pairs, { minLength: pairs.length }))),
  ])('does not depend on the order of the records, and never mutates them', ([pairs, shuffled]) => {
    const options = {
      key: (d: [string | number, number | null]) => d[0],
      value: (d: [string | number, number | null]) => d[1],
    };
    const frozen = deepFreeze(structuredClone(pairs));
    const groups = tallyBy(frozen, options);
    expect(frozen).toEqual(pairs);
    expect(tallyBy(shuffled, options)).toEqual(groups);
  });

  it('names the index of the whole input when a group member is invalid', () => {
    const data = [
      { plan: 'a', score: 1 },
      { plan: 'b', score: 2 },
      { plan: 'b', score: 12 },
    ];
    const error = expectError(
      () => tallyBy(data, { key: (d) => d.plan, value: (d) => d.score }),
      'INVALID_VALUE',
      'tallyBy',
    );
    expect(error.details.index).toBe(2);
    // Records are read in the order of the input, key first, as tally reads them: the accessors
    // see every index once and in turn (they were called group by group, 0, 2, 1).
    const calls: string[] = [];
    tallyBy([5, 6, 7], {
      key: (d, i) => (calls.push(`key ${i}`), d % 2 === 0 ? 'even' : 'odd'),
      value: (d, i) => (calls.push(`value ${i}`), d),
      weight: (_, i) => (calls.push(`weight ${i}`), 1),
    });
    expect(calls).toEqual([
      'key 0',
      'value 0',
      'weight 0',
      'key 1',
      'value 1',
      'weight 1',
      'key 2',
      'value 2',
      'weight 2',
    ]);
  });

  it('refuses the first bad record of the input, whatever its group', () => {
    const answerFirst = [
      { plan: 'a', score: 10 },
      { plan: 'b', score: 12 },
      { plan: 'a', score: 13 },
    ];
    const byPlan = { key: (d: { plan: string | null }) => d.plan, value: (d: { score: number }) => d.score };
    expect(expectError(() => tallyBy(answerFirst, byPlan), 'INVALID_VALUE', 'tallyBy').details).toMatchObject({
      index: 1,
      value: 12,
    });
    // A bad answer before a bad key: the answer is refused, as tally would refuse it.
    const keyLater = [
      { plan: 'a', score: 12 },
      { plan: null, score: 10 },
    ];
    expect(expectError(() => tallyBy(keyLater, byPlan), 'INVALID_VALUE', 'tallyBy').details).toMatchObject({
      index: 0,
      value: 12,
    });
  });

  it("refuses missing or non-string keys, or skips and counts them under invalid: 'skip'", () => {
    const data = [{ k: 'a' }, { k: null }, { k: NaN }, { k: {} }];
    const error = expectError(
      () => tallyBy(data, { key: (d) => d.k as string, value: () => 5 }),
      'INVALID_VALUE',
      'tallyBy',
    );
    expect(error.details.index).toBe(1);
    expect(tallyBy(data, { key: (d) => d.k as string, value: () => 5, invalid: 'skip' }).invalidKeys).toBe(3);
  });

  it('refuses bad options', () => {
    expectError(() => tallyBy([1], {} as never), 'INVALID_ARGUMENT', 'tallyBy');
    expectError(() => tallyBy([1], { key: () => 'a', scale: { min: 3, max: 1 } }), 'INVALID_ARGUMENT', 'tallyBy');
    expectError(() => tallyBy([1], { key: () => 'a', missing: 'x' as never }), 'INVALID_ARGUMENT', 'tallyBy');
    expectError(() => tallyBy(undefined as never, { key: () => 'a' }), 'INVALID_ARGUMENT', 'tallyBy');
  });

  it("refuses impossible answers at their index, or skips and counts them in their group's tally", () => {
    const data = (score: unknown) => [
      { plan: 'a', score: 1 },
      { plan: 'a', score },
    ];
    const options = { key: (d: { plan: string }) => d.plan, value: (d: { score: unknown }) => d.score as number };
    for (const bad of [NaN, Infinity, -Infinity, '5', 11, -1, 4.5]) {
      const error = expectError(() => tallyBy(data(bad), options), 'INVALID_VALUE', 'tallyBy');
      expect(error.details).toEqual({ index: 1, value: bad });
    }
    const missing = expectError(
      () => tallyBy(data(null), { ...options, missing: 'throw' }),
      'INVALID_VALUE',
      'tallyBy',
    );
    expect(missing.details).toEqual({ index: 1, value: null });
    const skipped = tallyBy([...data(NaN), ...data('5')], { ...options, invalid: 'skip' });
    expect(skipped.groups[0]!.tally).toMatchObject({ missing: 0, invalid: 2 });
    expect(skipped.groups[0]!.tally.counts[1]).toBe(2);
  });

  it('types the group keys as the accessor returns them', () => {
    const answers = [
      { plan: 'pro' as const, score: 10, at: '2024-03-08' },
      { plan: 'basic' as const, score: 6, at: '2024-04-02' },
    ];
    // These annotations compile only if the key type flows from the accessor to the groups.
    const plans: Array<'pro' | 'basic'> = tallyBy(answers, { key: (d) => d.plan, value: (d) => d.score }).groups.map(
      (g) => g.key,
    );
    const months: string[] = tallyBy(answers, {
      key: (d) => periodOf(d.at, { period: 'month' }),
      value: (d) => d.score,
    }).groups.map((g) => g.key);
    expect(plans).toEqual(['basic', 'pro']);
    expect(months).toEqual(['2024-03', '2024-04']);
  });

  it('refuses options that are not an object', () => {
    for (const options of [null, undefined, 5, 'plan']) {
      const error = expectError(() => tallyBy([1], options as never), 'INVALID_ARGUMENT', 'tallyBy');
      expect(error.details).toEqual({ argument: 'options', value: options });
    }
  });
});

describe('readSample', () => {
  const refusing = (error: unknown) => () => {
    throw error;
  };

  it('names the sample in refusals of its answers, its data and its tally, keeping code and details', () => {
    const bad = expectError(
      () => readSample('compareNps', 'b', refusing(invalidValue('compareNps', 3, 11, 'not an integer in 0..10'))),
      'INVALID_VALUE',
      'compareNps',
    );
    expect(bad.message).toBe('compareNps: sample b: invalid value at index 3: 11 (not an integer in 0..10)');
    expect(bad.details).toEqual({ index: 3, value: 11, sample: 'b' });
    const empty = expectError(
      () => readSample('compareCsat', 'a', refusing(emptyInput('compareCsat', 'no valid answers'))),
      'EMPTY_INPUT',
    );
    expect(empty.message).toBe('compareCsat: sample a: no valid answers');
    expect(empty.details).toEqual({ sample: 'a' });
    for (const argument of ['data', 'tally', 'counts', 'value/weight']) {
      const error = expectError(
        () => readSample('compareCes', 'a', refusing(invalidArgument('compareCes', argument, 1, 'is wrong'))),
        'INVALID_ARGUMENT',
      );
      expect(error.message).toBe(`compareCes: sample a: ${argument} is wrong, got 1`);
      expect(error.details).toEqual({ argument, value: 1, sample: 'a' });
    }
  });

  it('passes refusals of options, errors of other functions and other errors unchanged', () => {
    const labelled = new LoyaltyMetricsError('INVALID_VALUE', 'compareNps: sample b: invalid value at index 0: 11', {
      sample: 'b',
    });
    for (const error of [
      invalidArgument('compareNps', 'missing', 'never', 'must be one of ["skip","throw"]'),
      invalidValue('periodOf', 0, '', 'not a date'),
      // From a comparison called inside an accessor: it named its own sample already.
      labelled,
      new TypeError('compareNps: from an accessor'),
    ]) {
      let caught: unknown;
      try {
        readSample('compareNps', 'a', refusing(error));
      } catch (thrown) {
        caught = thrown;
      }
      expect(caught).toBe(error);
    }
    expect(readSample('compareNps', 'b', () => 42)).toBe(42);
  });
});
