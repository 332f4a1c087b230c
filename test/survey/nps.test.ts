import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  classifyNps,
  compareNps,
  nps,
  npsBreakdown,
  npsInterval,
  npsSampleSize,
  type NpsBreakdown,
  type NpsBreakdownOptions,
  type NpsInput,
  type NpsIntervalOptions,
  type NpsOptions,
} from '../../src/survey/nps';
import { tally, type Tally } from '../../src/survey/tally';
import type { LoyaltyMetricsError } from '../../src/errors';
import { answers, deepFreeze, expectBadAnswersPerSample, expectError, expectMirrored, relativeError } from '../helpers';

const npsAnswer = fc.integer({ min: 0, max: 10 });
const sample = fc.array(npsAnswer, { minLength: 1, maxLength: 80 });
// A sample and the same answers in another order.
const shuffledSample = sample.chain((values) =>
  fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length })),
);
// Weighted records (weights as stores hold them, 0.01 to 100) and the same records in another order.
const shuffledWeightedSample = fc
  .array(fc.record({ s: npsAnswer, w: fc.integer({ min: 1, max: 10_000 }).map((k) => k / 100) }), {
    minLength: 1,
    maxLength: 40,
  })
  .chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })));
const recode = (s: number): number => (s >= 9 ? 1 : s <= 6 ? -1 : 0);

/** A weighted record of the tests: answer `s`, weight `w`. */
interface WeightedAnswer {
  s: number;
  w: number;
}

// Runs `read` on the answers, on weighted records of them and on group counts, each frozen, and
// asserts that none of them changed.
function expectInputsKept(
  values: number[],
  read: (input: NpsInput<number> | NpsInput<WeightedAnswer>, records?: NpsOptions<WeightedAnswer>) => unknown,
): void {
  const frozen = deepFreeze([...values]);
  read(frozen);
  expect(frozen).toEqual(values);
  const rows = values.map((s, i) => ({ s, w: 1 + (i % 4) }));
  const frozenRows = deepFreeze(structuredClone(rows));
  read(frozenRows, { value: (d) => d.s, weight: (d) => d.w });
  expect(frozenRows).toEqual(rows);
  const counts = { promoters: values.length, passives: 1, detractors: 2 };
  const frozenCounts = deepFreeze({ ...counts });
  read(frozenCounts);
  expect(frozenCounts).toEqual(counts);
}
const impossibleAnswers = [NaN, Infinity, -Infinity, '9', 11, -1, 7.5];

describe('classifyNps', () => {
  it('puts 0-6 in detractors, 7-8 in passives and 9-10 in promoters (Reichheld 2003)', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(classifyNps)).toEqual([
      ...new Array(7).fill('detractor'),
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('refuses anything but an integer from 0 to 10', () => {
    for (const bad of [-1, 11, 8.5, NaN, Infinity, -Infinity, '9', null]) {
      const error = expectError(() => classifyNps(bad as number), 'INVALID_VALUE', 'classifyNps');
      expect(error.details.value).toBe(bad);
    }
  });
});

describe('nps', () => {
  it('is 100 (P - D) / n with passives in the base (Reichheld 2003)', () => {
    expect(nps([10, 9, 8, 7, 6, 0])).toBe(0);
    expect(nps([10, 10, 9, 8, 3])).toBe(40);
    expect(nps(answers({ 10: 60, 8: 25, 5: 15 }))).toBe(45);
    expect(nps([10])).toBe(100);
    expect(nps([0])).toBe(-100);
  });

  it('reads typed arrays, iterables, records, and tallies alike', () => {
    const values = [10, 10, 9, 8, 3];
    expect(nps(new Uint8Array(values))).toBe(40);
    expect(nps(new Float64Array(values))).toBe(40);
    expect(nps(new Set([10, 3]))).toBe(0);
    expect(
      nps(
        values.map((score) => ({ score })),
        { value: (d) => d.score },
      ),
    ).toBe(40);
    expect(nps(tally(values))).toBe(40);
  });

  it('leaves missing answers out of the base', () => {
    expect(nps([10, null, undefined, 0, 10])).toBeCloseTo(100 / 3, 12);
  });

  it('weights answers: 100 (W_P - W_D) / W', () => {
    const rows = [
      { s: 10, w: 3 },
      { s: 0, w: 1 },
      { s: 8, w: 1 },
    ];
    expect(nps(rows, { value: (d) => d.s, weight: (d) => d.w })).toBe(40);
    expect(nps(tally(rows, { value: (d) => d.s, weight: (d) => d.w }))).toBe(40);
  });

  // Weighted answers are read once into weight sums per answer; every route must add them alike.
  property.prop([
    fc.array(fc.record({ s: npsAnswer, w: fc.double({ min: 1e-6, max: 1e6, noNaN: true }) }), {
      minLength: 1,
      maxLength: 60,
    }),
  ])('gives weighted records the score of their tally and of npsBreakdown, bit for bit', (rows) => {
    const options = { value: (d: { s: number }) => d.s, weight: (d: { w: number }) => d.w };
    const score = nps(rows, options);
    expect(nps(tally(rows, options))).toBe(score);
    expect(npsBreakdown(rows, options).score).toBe(score);
  });

  // Weights as stores hold them (short decimals such as 0.3 or 0.69), and any double in range.
  const weightedSample = fc.array(
    fc.record({
      s: npsAnswer,
      w: fc.oneof(
        fc.integer({ min: 1, max: 10_000 }).map((k) => k / 100),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
      ),
    }),
    { minLength: 1, maxLength: 20 },
  );
  property.prop([weightedSample, weightedSample])(
    'keeps weighted scores and their bounds in [-100, 100], effective sizes in [1, n], and differences in [-200, 200]',
    (a, b) => {
      const options = { value: (d: { s: number }) => d.s, weight: (d: { w: number }) => d.w };
      for (const rows of [a, b]) {
        const score = nps(rows, options);
        expect(score).toBeGreaterThanOrEqual(-100);
        expect(score).toBeLessThanOrEqual(100);
        const interval = npsInterval(rows, options);
        expect(interval.low).toBeGreaterThanOrEqual(-100);
        expect(interval.high).toBeLessThanOrEqual(100);
        expect(interval.effectiveN).toBeGreaterThanOrEqual(1);
        expect(interval.effectiveN).toBeLessThanOrEqual(rows.length);
      }
      const comparison = compareNps(a, b, options);
      expect(comparison.difference).toBeGreaterThanOrEqual(-200);
      expect(comparison.difference).toBeLessThanOrEqual(200);
      expect(comparison.low).toBeGreaterThanOrEqual(-200);
      expect(comparison.high).toBeLessThanOrEqual(200);
    },
  );

  property.prop([weightedSample, fc.constantFrom(9, 10), fc.double({ min: 1e-6, max: 1e6, noNaN: true })])(
    'gives weighted answers all in one outer band exactly 100 or -100; one more promoter never lowers a weighted score beyond rounding',
    (rows, promoter, extra) => {
      const options = { value: (d: { s: number }) => d.s, weight: (d: { w: number }) => d.w };
      const promoters = rows.map((d) => ({ ...d, s: d.s < 9 ? 9 : d.s }));
      const detractors = rows.map((d) => ({ ...d, s: Math.min(d.s, 6) }));
      expect(nps(promoters, options)).toBe(100);
      expect(nps(detractors, options)).toBe(-100);
      // Exact from the band of all detractors, where the score is -100; elsewhere the sums round, and
      // near ±100 the last bit of a score can move against the answer added (58 in 300,000 cases).
      expect(nps([...detractors, { s: promoter, w: extra }], options)).toBeGreaterThan(-100);
      expect(nps([...rows, { s: promoter, w: extra }], options)).toBeGreaterThanOrEqual(nps(rows, options) - 1e-12);
    },
  );

  property.prop([sample])('lies in [-100, 100] and equals 100 x the mean of the +1/0/-1 recoding', (values) => {
    const score = nps(values);
    expect(score).toBeGreaterThanOrEqual(-100);
    expect(score).toBeLessThanOrEqual(100);
    expect(score).toBeCloseTo((100 * values.map(recode).reduce((a, b) => a + b, 0)) / values.length, 9);
  });

  property.prop([sample, fc.integer({ min: 1, max: 5 })])(
    'does not change when the answers are reordered or the sample is duplicated',
    (values, copies) => {
      expect(nps([...values].reverse())).toBe(nps(values));
      expect(nps([...values].sort((a, b) => a - b))).toBe(nps(values));
      expect(nps(Array.from({ length: copies }, () => values).flat())).toBe(nps(values));
    },
  );

  property.prop([sample, fc.constantFrom(9, 10), fc.integer({ min: 0, max: 6 })])(
    'never falls with one more promoter and never rises with one more detractor',
    (values, promoter, detractor) => {
      expect(nps([...values, promoter])).toBeGreaterThanOrEqual(nps(values) - 1e-9);
      expect(nps([...values, detractor])).toBeLessThanOrEqual(nps(values) + 1e-9);
    },
  );

  property.prop([sample])('never mutates its input', (values) => {
    const frozen = deepFreeze([...values]);
    nps(frozen);
    expect(frozen).toEqual(values);
  });

  property.prop([
    sample,
    fc.oneof(
      fc.integer({ min: 11, max: 1000 }),
      fc.integer({ min: -1000, max: -1 }),
      fc.double({ min: 0.01, max: 9.99 }).filter((x) => !Number.isInteger(x)),
      fc.constantFrom(NaN, Infinity, -Infinity, '7', true, [], {}),
    ),
    fc.nat(),
  ])('refuses every impossible answer with INVALID_VALUE at its index, or skips and counts it', (values, bad, at) => {
    const index = at % (values.length + 1);
    const withBad: unknown[] = [...values.slice(0, index), bad, ...values.slice(index)];
    const error = expectError(() => nps(withBad as number[]), 'INVALID_VALUE', 'nps');
    expect(error.details.index).toBe(index);
    expect(nps(withBad as number[], { invalid: 'skip' })).toBe(nps(values));
    expect(npsBreakdown(withBad as number[], { invalid: 'skip' }).invalid).toBe(1);
  });

  // Arrays and typed arrays read without accessors take loops of their own (four answers a step
  // for arrays); any other iterable takes the tally. Both must give the same score, bit for bit,
  // and the same refusal, wherever a bad answer falls in a step of four.
  const viaIterator = <T>(values: readonly T[]): Iterable<T> => ({
    [Symbol.iterator]: () => values[Symbol.iterator](),
  });
  const outcome = (run: () => number): unknown => {
    try {
      return run();
    } catch (error) {
      const { code, message, details } = error as LoyaltyMetricsError;
      return { code, message, details };
    }
  };
  property.prop([
    fc.array(
      fc.oneof(
        { weight: 12, arbitrary: npsAnswer },
        fc.constantFrom(null, undefined, -0, -1, 11, 2 ** 32 + 5, 7.5, NaN, Infinity, '9', true, 1e21),
      ),
      { maxLength: 40 },
    ),
    fc.constantFrom('skip', 'throw'),
    fc.constantFrom('skip', 'throw'),
  ])('gives arrays the score and refusals of any other iterable', (values, missing, invalid) => {
    const options = { missing, invalid } as const;
    const expected = outcome(() => nps(viaIterator(values), options));
    expect(outcome(() => nps(values, options))).toEqual(expected);
    if (values.every((value) => typeof value === 'number')) {
      expect(outcome(() => nps(Float64Array.from(values as number[]), options))).toEqual(expected);
    }
  });

  it('refuses null and undefined as data with INVALID_ARGUMENT', () => {
    for (const data of [null, undefined]) {
      expect(expectError(() => nps(data as never), 'INVALID_ARGUMENT', 'nps').details).toMatchObject({
        argument: 'data',
      });
    }
  });

  it('refuses a DataView, which holds bytes, not answers', () => {
    const view = new DataView(new Uint8Array([10, 9]).buffer);
    expectError(() => nps(view as unknown as number[]), 'INVALID_ARGUMENT', 'nps');
    expectError(() => tally(view as unknown as number[]), 'INVALID_ARGUMENT', 'tally');
  });

  it('reads the holes of a sparse array as missing answers', () => {
    // eslint-disable-next-line no-sparse-arrays
    const sparse = [10, , 9, , , 0];
    expect(nps(sparse)).toBe(nps([10, 9, 0]));
    expect(expectError(() => nps(sparse, { missing: 'throw' }), 'INVALID_VALUE', 'nps').details.index).toBe(1);
  });

  it('names the function, the index and the value of every refused answer or weight', () => {
    const records = [{ s: 9 }, { s: 10, w: -2 }];
    const messages = [
      expectError(() => nps([10, 7.5]), 'INVALID_VALUE', 'nps').message,
      expectError(() => nps([10, null], { missing: 'throw' }), 'INVALID_VALUE', 'nps').message,
      expectError(() => nps(records, { value: (d) => d.s, weight: (d) => d.w ?? 1 }), 'INVALID_VALUE', 'nps').message,
    ];
    expect(messages).toEqual([
      'nps: invalid value at index 1: 7.5 (not an integer in 0..10)',
      "nps: invalid value at index 1: null (missing: 'throw')",
      'nps: invalid value at index 1: -2 (a weight must be 0 or a number from 1e-150 to 1e145)',
    ]);
  });

  it('refuses empty input, all-missing input and zero total weight with EMPTY_INPUT', () => {
    expectError(() => nps([]), 'EMPTY_INPUT', 'nps');
    expect(expectError(() => nps([null, undefined]), 'EMPTY_INPUT', 'nps').message).toBe(
      'nps: no valid answers (missing: 2, invalid: 0)',
    );
    expectError(() => nps([11], { invalid: 'skip' }), 'EMPTY_INPUT', 'nps');
    expect(
      expectError(() => nps([{ s: 9 }], { value: (d) => d.s, weight: () => 0 }), 'EMPTY_INPUT', 'nps').message,
    ).toBe('nps: no valid answers with a weight > 0 (missing: 0, invalid: 0)');
    expectError(() => nps(tally([])), 'EMPTY_INPUT', 'nps');
  });

  it('refuses bad options and mismatched tallies with INVALID_ARGUMENT', () => {
    expectError(() => nps([1], { missing: 'drop' as never }), 'INVALID_ARGUMENT', 'nps');
    expectError(() => nps([1], { value: 'score' as never }), 'INVALID_ARGUMENT', 'nps');
    // nps takes a tally too, and says so (tally itself takes only answers).
    expect(expectError(() => nps(5 as never), 'INVALID_ARGUMENT', 'nps').message).toContain(
      'must be an iterable of answers or a tally',
    );
    expectError(() => nps(tally([1], { scale: { min: 1, max: 5 } })), 'INVALID_ARGUMENT', 'nps');
    expectError(() => nps(tally([1]), { value: (d: number) => d }), 'INVALID_ARGUMENT', 'nps');
    expectError(() => nps({ promoters: 1, passives: 0, detractors: 0 } as never), 'INVALID_ARGUMENT', 'nps');
    expectError(() => nps(42 as never), 'INVALID_ARGUMENT', 'nps');
  });
});

describe('npsBreakdown', () => {
  it('reports counts, shares, score, effective n and skipped answers', () => {
    expect(npsBreakdown([10, 9, 8, null, 2])).toEqual({
      n: 4,
      promoters: 2,
      passives: 1,
      detractors: 1,
      promoterShare: 0.5,
      passiveShare: 0.25,
      detractorShare: 0.25,
      score: 25,
      effectiveN: 4,
      missing: 1,
      invalid: 0,
    });
  });

  it('accepts group counts and refuses malformed ones', () => {
    expect(npsBreakdown({ promoters: 60, passives: 25, detractors: 15 })).toMatchObject({ n: 100, score: 45 });
    expectError(() => npsBreakdown({ promoters: -1, passives: 0, detractors: 0 }), 'INVALID_ARGUMENT', 'npsBreakdown');
    expectError(() => npsBreakdown({ promoters: 1.5, passives: 0, detractors: 0 }), 'INVALID_ARGUMENT', 'npsBreakdown');
    expectError(() => npsBreakdown({ promoters: 0, passives: 0, detractors: 0 }), 'EMPTY_INPUT', 'npsBreakdown');
  });

  it("reports Kish's effective sample size for weighted answers", () => {
    const rows = [1, 1, 2, 4].map((w, i) => ({ s: i % 2 === 0 ? 10 : 0, w }));
    const result = npsBreakdown(rows, { value: (d) => d.s, weight: (d) => d.w });
    // (1 + 1 + 2 + 4)^2 / (1 + 1 + 4 + 16) = 64 / 22.
    expect(result.effectiveN).toBeCloseTo(64 / 22, 12);
    expect(result.promoterShare).toBeCloseTo(3 / 8, 12);
    expect(result.promoters).toBe(2);
  });

  it('keeps the effective sample size of the heaviest weights', () => {
    // A billion answers of weight 1e145 on each end: (Σw)² = 4e308 is past the largest double,
    // and (Σw)² / Σw² was Infinity, with NaN bounds. The interval is the unweighted one.
    const plain = tally([10, 0]);
    const heavy: Tally = {
      ...plain,
      counts: plain.counts.map((c) => c * 1e9),
      weights: plain.counts.map((c) => c * 1e9 * 1e145),
      weightSquares: plain.counts.map((c) => c * 1e9 * 1e290),
    };
    const weighted = npsInterval(heavy);
    expect(weighted.effectiveN).toBeCloseTo(2e9, 3);
    const unweighted = npsInterval({ ...plain, counts: heavy.counts });
    expect(weighted.low).toBeCloseTo(unweighted.low, 9);
    expect(weighted.high).toBeCloseTo(unweighted.high, 9);
  });

  property.prop([sample])('has shares that sum to 1 and counts that sum to n', (values) => {
    const b = npsBreakdown(values);
    expect(b.promoterShare + b.passiveShare + b.detractorShare).toBeCloseTo(1, 12);
    expect(b.promoters + b.passives + b.detractors).toBe(b.n);
    expect(b.score).toBeCloseTo(100 * (b.promoterShare - b.detractorShare), 9);
  });

  property.prop([shuffledSample, shuffledWeightedSample])(
    'does not depend on the order of the answers, weighted or not',
    ([values, shuffled], [rows, shuffledRows]) => {
      expect(npsBreakdown(shuffled)).toEqual(npsBreakdown(values));
      const weighted = { value: (d: { s: number }) => d.s, weight: (d: { w: number }) => d.w };
      const b = npsBreakdown(rows, weighted);
      const reordered = npsBreakdown(shuffledRows, weighted);
      // Counts are exact; weight sums are floating-point sums in the order of the rows, equal to rounding.
      const counts = ({ n, promoters, passives, detractors, missing, invalid }: NpsBreakdown) => [
        n,
        promoters,
        passives,
        detractors,
        missing,
        invalid,
      ];
      expect(counts(reordered)).toEqual(counts(b));
      for (const key of ['promoterShare', 'passiveShare', 'detractorShare', 'effectiveN'] as const) {
        expect(Math.abs(reordered[key] - b[key])).toBeLessThanOrEqual(1e-12 * b[key]);
      }
      expect(Math.abs(reordered.score - b.score)).toBeLessThan(1e-10);
    },
  );

  property.prop([sample, fc.constantFrom(9, 10), fc.integer({ min: 0, max: 6 })])(
    'never lowers the promoter share or the score with one more promoter, and never raises them with one more detractor',
    (values, promoter, detractor) => {
      // Shares and score are correctly rounded quotients of integer counts, so the order of the
      // exact values survives rounding: no tolerance.
      const before = npsBreakdown(values);
      const promoted = npsBreakdown([...values, promoter]);
      expect(promoted.promoterShare).toBeGreaterThanOrEqual(before.promoterShare);
      expect(promoted.score).toBeGreaterThanOrEqual(before.score);
      expect(promoted.detractorShare).toBeLessThanOrEqual(before.detractorShare);
      const demoted = npsBreakdown([...values, detractor]);
      expect(demoted.promoterShare).toBeLessThanOrEqual(before.promoterShare);
      expect(demoted.score).toBeLessThanOrEqual(before.score);
      expect(demoted.detractorShare).toBeGreaterThanOrEqual(before.detractorShare);
    },
  );

  property.prop([sample, fc.integer({ min: 2, max: 5 })])(
    'keeps its shares and score when the sample is duplicated, and multiplies its counts',
    (values, copies) => {
      const once = npsBreakdown(values);
      const repeated = npsBreakdown(Array.from({ length: copies }, () => values).flat());
      expect(repeated).toEqual({
        ...once,
        n: copies * once.n,
        promoters: copies * once.promoters,
        passives: copies * once.passives,
        detractors: copies * once.detractors,
        effectiveN: copies * once.effectiveN,
      });
      // Group counts multiplied alike.
      const counts = { promoters: once.promoters, passives: once.passives, detractors: once.detractors };
      const scaled = npsBreakdown({
        promoters: copies * counts.promoters,
        passives: copies * counts.passives,
        detractors: copies * counts.detractors,
      });
      for (const key of ['promoterShare', 'passiveShare', 'detractorShare', 'score'] as const) {
        expect(scaled[key]).toBe(once[key]);
      }
    },
  );

  property.prop([sample])('never mutates its input: answers, weighted records or group counts', (values) => {
    expectInputsKept(values, (input, records) => npsBreakdown(input as NpsInput<WeightedAnswer>, records));
  });

  it('refuses impossible answers at their index, or skips and counts them, and refuses bad options', () => {
    for (const bad of impossibleAnswers) {
      const error = expectError(() => npsBreakdown([10, bad as number]), 'INVALID_VALUE', 'npsBreakdown');
      expect(error.details).toEqual({ index: 1, value: bad });
    }
    const missing = expectError(() => npsBreakdown([10, null], { missing: 'throw' }), 'INVALID_VALUE', 'npsBreakdown');
    expect(missing.details).toEqual({ index: 1, value: null });
    expect(npsBreakdown([10, null, NaN, '9' as never, 11], { invalid: 'skip' })).toMatchObject({
      n: 1,
      missing: 1,
      invalid: 3,
    });
    expectError(() => npsBreakdown([]), 'EMPTY_INPUT', 'npsBreakdown');
    expectError(() => npsBreakdown([null, 11], { invalid: 'skip' }), 'EMPTY_INPUT', 'npsBreakdown');
    expectError(() => npsBreakdown([10], { invalid: 'drop' as never }), 'INVALID_ARGUMENT', 'npsBreakdown');
  });
});

describe('npsInterval', () => {
  const counts = { promoters: 60, passives: 25, detractors: 15 };

  it('takes options built apart under their named type, for answers with missing ones', () => {
    // The named option types default to plain answers, null and undefined included.
    const options: NpsIntervalOptions = { confidence: 0.9 };
    const breakdownOptions: NpsBreakdownOptions = { missing: 'skip' };
    expect(npsInterval([10, 9, null, 3], options)).toMatchObject({ score: 100 / 3, confidence: 0.9, n: 3 });
    expect(npsBreakdown([10, 9, null, 3], breakdownOptions).missing).toBe(1);
  });

  it('reproduces the worked example of REFERENCES.md (Rocks 2016): Wald [30.5, 59.5], adjusted-Wald [29.3, 58.0]', () => {
    const adjusted = npsInterval(counts);
    expect(adjusted).toMatchObject({ score: 45, method: 'adjusted-wald', confidence: 0.95, n: 100, effectiveN: 100 });
    expect(adjusted.low).toBeCloseTo(29.34, 2);
    expect(adjusted.high).toBeCloseTo(58.04, 2);
    const wald = npsInterval(counts, { method: 'wald' });
    expect(wald.low).toBeCloseTo(30.5, 2);
    expect(wald.high).toBeCloseTo(59.5, 2);
    // SE = 100 sqrt((0.75 - 0.45^2) / 100).
    expect(wald.standardError).toBeCloseTo(100 * Math.sqrt(0.5475 / 100), 10);
  });

  it('keeps the digits of its standard error for samples almost all in one band', () => {
    // 100 sqrt((p₊ + p₋ − (p₊ − p₋)²) / n) of the adjusted shares, mpmath 1.3 at 50 digits. Taken
    // as that difference, the variance cancelled: 1.5e-9 relative off at n = 1e8, 2e-3 at 1e14.
    for (const [counts, standardError] of [
      [{ promoters: 1e8, passives: 0, detractors: 0 }, 2.121320258706832e-6],
      [{ promoters: 1e14, passives: 0, detractors: 0 }, 2.121320343559558e-12],
      [{ promoters: 999999, passives: 1, detractors: 0 }, 0.00023451974331157064],
    ] as const) {
      const result = npsInterval(counts);
      expect(relativeError(result.standardError, standardError), JSON.stringify(counts)).toBeLessThan(1e-15);
    }
    const apart = compareNps(
      { promoters: 1e8, passives: 0, detractors: 0 },
      { promoters: 0, passives: 1e8, detractors: 0 },
    );
    expect(relativeError(apart.standardError, 2.449489650927316e-6)).toBeLessThan(1e-15);
  });

  it('gives the same interval from answers, a tally and counts', () => {
    const values = answers({ 10: 60, 7: 25, 2: 15 });
    expect(npsInterval(values)).toEqual(npsInterval(counts));
    expect(npsInterval(tally(values))).toEqual(npsInterval(counts));
  });

  it('clips to [-100, 100] and widens to the raw score when very few answers are adjusted', () => {
    // One promoter: adjusted NPS' = 100 (1.75 - 0.75) / 4 = 25, Var' = 2.5/4 - 0.0625 = 0.5625,
    // SE' = 100 sqrt(0.5625 / 4) = 37.5, 25 ± 1.96 × 37.5 = [-48.5, 98.5], which misses 100.
    const one = npsInterval([10]);
    expect(one.score).toBe(100);
    expect(one.high).toBe(100);
    expect(one.low).toBeCloseTo(-48.5, 1);
    expect(one.standardError).toBeCloseTo(37.5, 10);
    const oneDetractor = npsInterval([0]);
    expect(oneDetractor.low).toBe(-100);
    expect(oneDetractor.high).toBeCloseTo(48.5, 1);
    const wald = npsInterval([10, 10], { method: 'wald' });
    expect(wald).toMatchObject({ low: 100, high: 100, standardError: 0 });
  });

  it('uses the effective sample size for weighted answers', () => {
    const rows = [
      { s: 10, w: 1 },
      { s: 10, w: 1 },
      { s: 0, w: 4 },
    ];
    const result = npsInterval(rows, { value: (d) => d.s, weight: (d) => d.w, method: 'wald' });
    expect(result.effectiveN).toBeCloseTo(36 / 18, 12);
    const share = 2 / 6;
    const variance = share + (1 - share) - (share - (1 - share)) ** 2;
    expect(result.standardError).toBeCloseTo(100 * Math.sqrt(variance / 2), 10);
    expectError(
      () => npsInterval(rows, { value: (d) => d.s, weight: (d) => d.w, method: 'bootstrap' }),
      'INVALID_ARGUMENT',
      'npsInterval',
    );
  });

  it('bootstraps reproducibly from a seed, close to the Wald interval for a large sample', () => {
    const first = npsInterval(counts, { method: 'bootstrap', seed: 7 });
    expect(npsInterval(counts, { method: 'bootstrap', seed: 7 })).toEqual(first);
    expect(npsInterval(counts, { method: 'bootstrap', seed: 8 })).not.toEqual(first);
    const big = { promoters: 6000, passives: 2500, detractors: 1500 };
    const bootstrap = npsInterval(big, { method: 'bootstrap', resamples: 4000 });
    const wald = npsInterval(big, { method: 'wald' });
    expect(bootstrap.low).toBeCloseTo(wald.low, 0);
    expect(bootstrap.high).toBeCloseTo(wald.high, 0);
    expect(bootstrap.standardError).toBeCloseTo(wald.standardError, 1);
    const unanimous = npsInterval({ promoters: 5, passives: 0, detractors: 0 }, { method: 'bootstrap' });
    expect(unanimous).toMatchObject({ low: 100, high: 100, standardError: 0 });
  });

  property.prop([sample, fc.constantFrom(0.8, 0.9, 0.95, 0.99)])(
    'contains the score and its centre (the adjusted score for adjusted-Wald) and stays in [-100, 100]',
    (values, confidence) => {
      const wald = npsInterval(values, { method: 'wald', confidence });
      const b = npsBreakdown(values);
      const adjustedScore = (100 * (b.promoters - b.detractors)) / (b.n + 3);
      const adjusted = npsInterval(values, { confidence });
      expect(adjusted.low).toBeLessThanOrEqual(adjustedScore + 1e-9);
      expect(adjusted.high).toBeGreaterThanOrEqual(adjustedScore - 1e-9);
      const bootstrap = npsInterval(values, { method: 'bootstrap', confidence, resamples: 100 });
      for (const interval of [wald, adjusted, bootstrap]) {
        expect(interval.low).toBeLessThanOrEqual(interval.score);
        expect(interval.high).toBeGreaterThanOrEqual(interval.score);
        expect(interval.low).toBeGreaterThanOrEqual(-100);
        expect(interval.high).toBeLessThanOrEqual(100);
      }
    },
  );

  it('contains the score for every split of up to 30 answers', () => {
    // Exhaustive where the adjusted centre is furthest from the score: tiny samples.
    for (let n = 1; n <= 30; n++) {
      for (let promoters = 0; promoters <= n; promoters++) {
        for (let detractors = 0; detractors <= n - promoters; detractors++) {
          const split = { promoters, passives: n - promoters - detractors, detractors };
          for (const confidence of [0.8, 0.95, 0.99]) {
            const { score, low, high } = npsInterval(split, { confidence });
            expect(low <= score && score <= high, JSON.stringify({ split, confidence })).toBe(true);
          }
        }
      }
    }
  });

  property.prop([fc.array(npsAnswer, { minLength: 2, maxLength: 40 })])(
    'narrows as n grows with the same shares',
    (values) => {
      const four = [...values, ...values, ...values, ...values];
      for (const method of ['wald', 'adjusted-wald'] as const) {
        const small = npsInterval(values, { method });
        const large = npsInterval(four, { method });
        expect(large.high - large.low).toBeLessThanOrEqual(small.high - small.low + 1e-9);
      }
    },
  );

  property.prop([sample])('widens with the confidence level', (values) => {
    const narrow = npsInterval(values, { confidence: 0.8 });
    const wide = npsInterval(values, { confidence: 0.99 });
    expect(wide.high - wide.low).toBeGreaterThanOrEqual(narrow.high - narrow.low - 1e-9);
  });

  const methods = fc.constantFrom('adjusted-wald', 'wald', 'bootstrap' as const);
  property.prop([shuffledSample, methods, fc.constantFrom(0.8, 0.95, 0.99)])(
    'does not depend on the order of the answers, with every method',
    ([values, shuffled], method, confidence) => {
      // The bootstrap redraws from the shares with its seed: the same shares, the same interval.
      const options = { method, confidence, resamples: 200 };
      expect(npsInterval(shuffled, options)).toEqual(npsInterval(values, options));
    },
  );

  property.prop([sample, methods])(
    'never mutates its input: answers, weighted records, group counts or options',
    (values, method) => {
      const options = deepFreeze({ method, resamples: 200 });
      expectInputsKept(values, (input, records) =>
        // Weighted records take the default method: the bootstrap refuses weights.
        npsInterval(input as NpsInput<WeightedAnswer>, records ?? options),
      );
      expect(options).toEqual({ method, resamples: 200 });
    },
  );

  it('refuses bad options', () => {
    for (const options of [
      { confidence: 0 },
      { confidence: 1 },
      { confidence: 95 },
      { method: 'score' },
      { resamples: 10 },
      { resamples: 1000.5 },
      { seed: 1.5 },
    ]) {
      expectError(() => npsInterval(counts, options as never), 'INVALID_ARGUMENT', 'npsInterval');
    }
    expectError(() => npsInterval([]), 'EMPTY_INPUT', 'npsInterval');
    expectError(() => npsInterval([12]), 'INVALID_VALUE', 'npsInterval');
  });

  it('leaves missing answers out, and refuses impossible ones at their index or skips them', () => {
    // The same interval, and the result says what was left out.
    expect(npsInterval([10, null, 0, undefined])).toEqual({ ...npsInterval([10, 0]), missing: 2 });
    for (const bad of impossibleAnswers) {
      const error = expectError(() => npsInterval([10, bad as number]), 'INVALID_VALUE', 'npsInterval');
      expect(error.details).toEqual({ index: 1, value: bad });
    }
    const missing = expectError(() => npsInterval([10, null], { missing: 'throw' }), 'INVALID_VALUE', 'npsInterval');
    expect(missing.details).toEqual({ index: 1, value: null });
    expect(npsInterval([10, NaN, 0, '9' as never], { invalid: 'skip' })).toEqual({
      ...npsInterval([10, 0]),
      invalid: 2,
    });
    expectError(() => npsInterval([10], { invalid: 'drop' as never }), 'INVALID_ARGUMENT', 'npsInterval');
  });
});

describe('compareNps', () => {
  const march = { promoters: 60, passives: 25, detractors: 15 };
  const april = { promoters: 45, passives: 30, detractors: 25 };

  it('tests the difference of adjusted scores with SE = sqrt(Var1/n1 + Var2/n2) (Rocks 2016)', () => {
    const result = compareNps(march, april);
    expect(result.difference).toBe(25);
    // Adjusted shares: (60.75, 15.75) / 103 and (45.75, 25.75) / 103.
    const moments = (p: number, d: number): [number, number] => [(p - d) / 103, (p + d) / 103 - ((p - d) / 103) ** 2];
    const [dA, vA] = moments(60.75, 15.75);
    const [dB, vB] = moments(45.75, 25.75);
    const se = Math.sqrt(vA / 103 + vB / 103);
    expect(result.standardError).toBeCloseTo(100 * se, 10);
    expect(result.z).toBeCloseTo((dA - dB) / se, 10);
    expect(result.pValue).toBeCloseTo(0.02503, 4);
    expect(result.low).toBeCloseTo(100 * (dA - dB - 1.959963984540054 * se), 8);
    expect(result.method).toBe('adjusted-wald');
  });

  it('offers the plain Wald test', () => {
    const result = compareNps(march, april, { method: 'wald', confidence: 0.9 });
    const se = Math.sqrt((0.75 - 0.45 ** 2) / 100 + (0.7 - 0.2 ** 2) / 100);
    expect(result.standardError).toBeCloseTo(100 * se, 10);
    expect(result.z).toBeCloseTo(0.25 / se, 10);
    expect(result.confidence).toBe(0.9);
  });

  it('gives z = 0 and p = 1 for equal samples, and handles zero Wald variance', () => {
    expect(compareNps([10, 0], [0, 10])).toMatchObject({ difference: 0, z: 0, pValue: 1 });
    expect(compareNps([10], [10], { method: 'wald' })).toMatchObject({ z: 0, pValue: 1, standardError: 0 });
    // A difference with no variance at all: z is infinite and the p-value 0 (scipy: 2 * norm.sf(inf)).
    expect(compareNps([10], [0], { method: 'wald' })).toMatchObject({ z: Infinity, pValue: 0 });
    expect(compareNps([0], [10], { method: 'wald' })).toMatchObject({ z: -Infinity, pValue: 0 });
  });

  it('widens its interval to the observed difference when few answers are adjusted', () => {
    // One detractor against one promoter: adjusted scores -25 and 25, SE' = sqrt(2) × 37.5 = 53.03,
    // -50 ± 1.96 × 53.03 = [-153.9, 53.9], which misses the observed -200.
    const result = compareNps([0], [10]);
    expect(result.difference).toBe(-200);
    expect(result.low).toBe(-200);
    expect(result.high).toBeCloseTo(53.9, 1);
    expect(result.z).toBeCloseTo(-50 / (Math.SQRT2 * 37.5), 10);
  });

  property.prop([sample, sample, fc.constantFrom('wald', 'adjusted-wald'), fc.constantFrom(0.8, 0.95, 0.99)])(
    'holds the observed difference in its interval, within [-200, 200]',
    (a, b, method, confidence) => {
      const { difference, low, high } = compareNps(a, b, { method, confidence });
      expect(low).toBeLessThanOrEqual(difference);
      expect(high).toBeGreaterThanOrEqual(difference);
      expect(low).toBeGreaterThanOrEqual(-200);
      expect(high).toBeLessThanOrEqual(200);
    },
  );

  property.prop([sample, sample])('is antisymmetric and its p-value lies in [0, 1]', (a, b) => {
    const ab = compareNps(a, b);
    const ba = compareNps(b, a);
    expect(ab.difference).toBeCloseTo(-ba.difference, 9);
    expect(ab.z).toBeCloseTo(-ba.z, 9);
    expect(ab.pValue).toBeCloseTo(ba.pValue, 12);
    expect(ab.pValue).toBeGreaterThanOrEqual(0);
    expect(ab.pValue).toBeLessThanOrEqual(1);
    expect(ab.low).toBeGreaterThanOrEqual(-200);
    expect(ab.high).toBeLessThanOrEqual(200);
  });

  property.prop([sample, sample, fc.constantFrom('wald', 'adjusted-wald'), fc.constantFrom(0.8, 0.95, 0.99)])(
    'mirrors its interval when the samples are swapped, keeping the p-value and the standard error',
    (a, b, method, confidence) => {
      const ab = compareNps(a, b, { method, confidence });
      const ba = compareNps(b, a, { method, confidence });
      // x - y and y - x round alike: exactly opposite (0 and -0 included).
      expect(ab.difference === -ba.difference).toBe(true);
      expectMirrored(ab, ba, { bounds: 9, standardError: 9 });
    },
  );

  property.prop([shuffledSample, sample])(
    'does not depend on the order of the answers, and never mutates either sample',
    ([a, shuffled], b) => {
      const frozenA = deepFreeze([...a]);
      const frozenB = deepFreeze([...b]);
      const result = compareNps(frozenA, frozenB);
      expect(frozenA).toEqual(a);
      expect(frozenB).toEqual(b);
      expect(compareNps(shuffled, b)).toEqual(result);
      expect(compareNps(b, shuffled)).toEqual(compareNps(b, a));
    },
  );

  it('refuses bad input in either sample and bad options', () => {
    expectError(() => compareNps([], [10]), 'EMPTY_INPUT', 'compareNps');
    expectError(() => compareNps([10], [11]), 'INVALID_VALUE', 'compareNps');
    expectError(() => compareNps([10], [10], { method: 'bootstrap' as never }), 'INVALID_ARGUMENT', 'compareNps');
    expectError(() => compareNps([10], [10], { confidence: -1 }), 'INVALID_ARGUMENT', 'compareNps');
    // What is wrong with one sample says which; what is wrong with the options does not.
    expect(expectError(() => compareNps([10], [null]), 'EMPTY_INPUT').message).toBe(
      'compareNps: sample b: no valid answers (missing: 1, invalid: 0)',
    );
    const malformed = { scale: { min: 1, max: 5 }, counts: [1, 1, 1, 1, 1], missing: 0, invalid: 0 };
    const error = expectError(() => compareNps(malformed, [10]), 'INVALID_ARGUMENT');
    expect(error.message).toMatch(/^compareNps: sample a: tally is malformed or not on 0\.\.10 /);
    expect(error.details).toEqual({ argument: 'tally', value: malformed, sample: 'a' });
    const records = [{ score: 10 }];
    const counted = { promoters: 1, passives: 0, detractors: 0 };
    expect(
      expectError(() => compareNps(records, counted as never, { value: (d) => d.score }), 'INVALID_ARGUMENT').details,
    ).toEqual({ argument: 'value/weight', value: 'accessor', sample: 'b' });
    expect(
      expectError(() => compareNps([10], [10], { missing: 'never' as never }), 'INVALID_ARGUMENT').details,
    ).toEqual({ argument: 'missing', value: 'never' });
  });

  it('leaves missing answers out, and refuses impossible answers of either sample at their index or skips them', () => {
    expectBadAnswersPerSample('compareNps', compareNps, [[10, 0], [9]], impossibleAnswers, [11, 7.5]);
    expect(compareNps([10, 0], [9]).samples).toEqual([
      { n: 2, effectiveN: 2, missing: 0, invalid: 0 },
      { n: 1, effectiveN: 1, missing: 0, invalid: 0 },
    ]);
    const missing = expectError(() => compareNps([10], [0, null], { missing: 'throw' }), 'INVALID_VALUE', 'compareNps');
    expect(missing.details).toEqual({ index: 1, value: null, sample: 'b' });
  });
});

describe('npsSampleSize', () => {
  it('plans n = z^2 Var / E^2 - 3, worst case Var = 1 (Rocks 2016)', () => {
    // 1.959964^2 / 0.05^2 - 3 = 1533.66 -> 1534.
    expect(npsSampleSize({ marginOfError: 5 })).toBe(1534);
    // Var = 0.75 - 0.45^2 = 0.5475: 3.841459 * 0.5475 / 0.0025 - 3 = 838.28 -> 839.
    expect(npsSampleSize({ marginOfError: 5, promoterShare: 0.6, detractorShare: 0.15 })).toBe(839);
    expect(npsSampleSize({ marginOfError: 10, confidence: 0.9 })).toBe(Math.ceil(1.6448536269514722 ** 2 / 0.01 - 3));
    expect(npsSampleSize({ marginOfError: 200 })).toBe(1);
    expect(npsSampleSize({ marginOfError: 5, promoterShare: 1, detractorShare: 0 })).toBe(1);
  });

  // Expected shares: none (the worst case), or a promoter and a detractor share summing to at most 1.
  const expectedShares = fc.option(
    fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([p, d]) => ({ promoterShare: p, detractorShare: d * (1 - p) }))
      .filter(({ promoterShare, detractorShare }) => promoterShare + detractorShare <= 1),
    { nil: undefined },
  );
  const margin = fc.double({ min: 0.01, max: 200, noNaN: true });
  const confidence = fc.double({ min: 0.01, max: 0.9999, noNaN: true });
  property.prop([expectedShares, margin, margin, confidence, confidence])(
    'is a whole number >= 1 that never rises as the margin grows or the confidence falls',
    (shares, margin1, margin2, confidence1, confidence2) => {
      const size = (marginOfError: number, confidence: number): number =>
        npsSampleSize({ marginOfError, confidence, ...shares });
      const [narrow, wide] = margin1 <= margin2 ? [margin1, margin2] : [margin2, margin1];
      const [low, high] = confidence1 <= confidence2 ? [confidence1, confidence2] : [confidence2, confidence1];
      for (const n of [size(narrow, low), size(wide, high)]) {
        expect(Number.isSafeInteger(n)).toBe(true);
        expect(n).toBeGreaterThanOrEqual(1);
      }
      expect(size(wide, high)).toBeLessThanOrEqual(size(narrow, high));
      expect(size(narrow, low)).toBeLessThanOrEqual(size(narrow, high));
      expect(size(wide, low)).toBeLessThanOrEqual(size(narrow, high));
    },
  );

  property.prop([fc.double({ min: 0.5, max: 50, noNaN: true })])(
    'needs more answers for a smaller margin',
    (margin) => {
      expect(npsSampleSize({ marginOfError: margin / 2 })).toBeGreaterThanOrEqual(
        npsSampleSize({ marginOfError: margin }),
      );
    },
  );

  it('refuses bad options', () => {
    for (const options of [
      { marginOfError: 0 },
      { marginOfError: -5 },
      { marginOfError: 201 },
      { marginOfError: NaN },
      { marginOfError: Infinity },
      { marginOfError: '5' },
      // The sample would need more answers than doubles count exactly (E² underflows at 1e-160).
      { marginOfError: 1e-7 },
      { marginOfError: 1e-160 },
      null,
      { marginOfError: 5, confidence: 1.5 },
      { marginOfError: 5, promoterShare: 0.5 },
      { marginOfError: 5, promoterShare: 0.7, detractorShare: 0.4 },
      { marginOfError: 5, promoterShare: -0.1, detractorShare: 0.4 },
      {},
    ]) {
      expectError(() => npsSampleSize(options as never), 'INVALID_ARGUMENT', 'npsSampleSize');
    }
    // Each share is checked on its own, and a lone share is refused whichever it is.
    const named = (options: object): unknown =>
      expectError(() => npsSampleSize(options as never), 'INVALID_ARGUMENT').details;
    expect(named({ marginOfError: 5, detractorShare: 0.2 })).toEqual({ argument: 'promoterShare', value: undefined });
    expect(named({ marginOfError: 5, promoterShare: 0.5, detractorShare: -0.1 })).toEqual({
      argument: 'detractorShare',
      value: -0.1,
    });
    expect(named({ marginOfError: 5, promoterShare: 0.75, detractorShare: 0.5 })).toEqual({
      argument: 'promoterShare + detractorShare',
      value: 1.25,
    });
    // Shares of exactly 0 are allowed: no variance, one answer (see the JSDoc's edge cases).
    expect(npsSampleSize({ marginOfError: 5, promoterShare: 0, detractorShare: 1 })).toBe(1);
    expectError(() => npsSampleSize(undefined as never), 'INVALID_ARGUMENT', 'npsSampleSize');
  });
});
