import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { compareCsat, csat, csatBreakdown, csatInterval } from '../../src/survey/csat';
import { compareProportions } from '../../src/stats/intervals';
import { tally } from '../../src/survey/tally';
import { answers, deepFreeze, expectBadAnswersPerSample, expectError, expectMirrored, relativeError } from '../helpers';

const csatAnswers = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 80 });
// Answers and the same answers in another order.
const shuffledAnswers = csatAnswers.chain((values) =>
  fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length })),
);
const proportionMethods = fc.constantFrom('wilson', 'agresti-coull', 'clopper-pearson', 'wald' as const);
const impossibleAnswers = [NaN, Infinity, -Infinity, '5', 0, 6, 4.5];

describe('csat', () => {
  it('is the top-2-box share on 1..5 by default', () => {
    expect(csat([5, 4, 4, 3, 1])).toBe(0.6);
    expect(csat([3, 2, 1])).toBe(0);
    expect(csat([null, 5])).toBe(1);
  });

  it('takes other scales and thresholds', () => {
    expect(csat([7, 6, 5, 2], { scale: { min: 1, max: 7 } })).toBe(0.5);
    expect(csat([7, 6, 5, 2], { scale: { min: 1, max: 7 }, satisfiedFrom: 5 })).toBe(0.75);
    expect(csat([10, 9, 8, 1], { scale: { min: 1, max: 10 }, satisfiedFrom: 8 })).toBe(0.75);
    expect(csat(tally([5, 1], { scale: { min: 1, max: 5 } }))).toBe(0.5);
  });

  it('counts only the top answer of a two-point scale as satisfied by default', () => {
    // The top two boxes of a yes/no question would be every answer (the default was min, CSAT 1).
    expect(csat([0, 1, 1, 0, 0], { scale: { min: 0, max: 1 } })).toBe(0.4);
    expect(csatBreakdown([2, 1], { scale: { min: 1, max: 2 } })).toMatchObject({ satisfied: 1, share: 0.5 });
  });

  it('weights answers', () => {
    const rows = [
      { s: 5, w: 3 },
      { s: 1, w: 1 },
    ];
    expect(csat(rows, { value: (d) => d.s, weight: (d) => d.w })).toBe(0.75);
  });

  property.prop([csatAnswers])('lies in [0, 1], ignores order and duplication, never mutates', (values) => {
    const frozen = deepFreeze([...values]);
    const share = csat(frozen);
    expect(share).toBeGreaterThanOrEqual(0);
    expect(share).toBeLessThanOrEqual(1);
    expect(csat([...values].reverse())).toBe(share);
    expect(csat([...values, ...values])).toBe(share);
    expect(frozen).toEqual(values);
  });

  property.prop([csatAnswers, fc.constantFrom(4, 5), fc.constantFrom(1, 2, 3)])(
    'never falls with one more satisfied answer and never rises with one more unsatisfied one',
    (values, satisfied, unsatisfied) => {
      expect(csat([...values, satisfied])).toBeGreaterThanOrEqual(csat(values));
      expect(csat([...values, unsatisfied])).toBeLessThanOrEqual(csat(values));
    },
  );

  property.prop([csatAnswers, fc.constantFrom(0, 6, -1, 4.5, NaN, Infinity, -Infinity, '5', true, {}), fc.nat()])(
    'refuses every impossible answer with INVALID_VALUE at its index, or skips and counts it',
    (values, bad, at) => {
      const index = at % (values.length + 1);
      const withBad = [...values.slice(0, index), bad, ...values.slice(index)] as number[];
      expect(expectError(() => csat(withBad), 'INVALID_VALUE', 'csat').details.index).toBe(index);
      expect(csat(withBad, { invalid: 'skip' })).toBe(csat(values));
      expect(csatBreakdown(withBad, { invalid: 'skip' }).invalid).toBe(1);
    },
  );

  it('refuses impossible answers, empty input and bad options with the right codes', () => {
    for (const bad of [0, 6, 4.5, NaN, '5']) {
      expect(expectError(() => csat([5, bad as number]), 'INVALID_VALUE', 'csat').details.index).toBe(1);
    }
    expect(csat([5, 6, 1], { invalid: 'skip' })).toBe(0.5);
    expectError(() => csat([]), 'EMPTY_INPUT', 'csat');
    expectError(() => csat([null]), 'EMPTY_INPUT', 'csat');
    for (const options of [
      { satisfiedFrom: 1 },
      { satisfiedFrom: 6 },
      { satisfiedFrom: 4.5 },
      { scale: { min: 5, max: 1 } },
      { invalid: 'keep' },
    ]) {
      expectError(() => csat([5], options as never), 'INVALID_ARGUMENT', 'csat');
    }
    expectError(() => csat(tally([5])), 'INVALID_ARGUMENT', 'csat');
  });

  it('names the index and the value of a refused answer, and refuses missing answers under missing: throw', () => {
    for (const bad of impossibleAnswers) {
      expect(expectError(() => csat([5, bad as number]), 'INVALID_VALUE', 'csat').details).toEqual({
        index: 1,
        value: bad,
      });
    }
    const missing = expectError(() => csat([5, null], { missing: 'throw' }), 'INVALID_VALUE', 'csat');
    expect(missing.details).toEqual({ index: 1, value: null });
  });
});

describe('csatBreakdown', () => {
  it('returns a scale the caller owns: changing it changes no later call', () => {
    const breakdown = csatBreakdown([5, 4]);
    breakdown.scale.max = 3;
    expect(csat([5, 4, 3])).toBeCloseTo(2 / 3, 15);
    expect(csatBreakdown([5]).scale).toEqual({ min: 1, max: 5 });
  });

  it('reports the share, the mean and the percent of maximum as a fraction', () => {
    expect(csatBreakdown([5, 4, 4, 3, 1, null])).toEqual({
      scale: { min: 1, max: 5 },
      satisfiedFrom: 4,
      n: 5,
      satisfied: 3,
      share: 0.6,
      mean: 3.4,
      percentOfMaximum: 0.6,
      effectiveN: 5,
      missing: 1,
      invalid: 0,
    });
    expect(csatBreakdown([1, 1]).percentOfMaximum).toBe(0);
    expect(csatBreakdown([5]).percentOfMaximum).toBe(1);
  });

  it('weights the mean', () => {
    const rows = [
      { s: 5, w: 3 },
      { s: 1, w: 1 },
    ];
    expect(csatBreakdown(rows, { value: (d) => d.s, weight: (d) => d.w })).toMatchObject({
      mean: 4,
      satisfied: 1,
      n: 2,
    });
  });

  it('refuses what csat refuses', () => {
    expectError(() => csatBreakdown([]), 'EMPTY_INPUT', 'csatBreakdown');
    expectError(() => csatBreakdown([9]), 'INVALID_VALUE', 'csatBreakdown');
    expectError(() => csatBreakdown([5], { satisfiedFrom: 0 }), 'INVALID_ARGUMENT', 'csatBreakdown');
  });

  it('refuses impossible answers at their index, or skips and counts them', () => {
    for (const bad of impossibleAnswers) {
      const error = expectError(() => csatBreakdown([5, bad as number]), 'INVALID_VALUE', 'csatBreakdown');
      expect(error.details).toEqual({ index: 1, value: bad });
    }
    const missing = expectError(() => csatBreakdown([5, null], { missing: 'throw' }), 'INVALID_VALUE', 'csatBreakdown');
    expect(missing.details).toEqual({ index: 1, value: null });
    expect(csatBreakdown([5, null, NaN, '4' as never, 6, 1], { invalid: 'skip' })).toMatchObject({
      n: 2,
      satisfied: 1,
      missing: 1,
      invalid: 3,
    });
    expectError(() => csatBreakdown([5], { missing: 'drop' as never }), 'INVALID_ARGUMENT', 'csatBreakdown');
  });

  // Any scale of 2 to 11 points anywhere on the number line, any threshold, answers with ties.
  const scaled = fc
    .record({ min: fc.integer({ min: -5, max: 5 }), span: fc.integer({ min: 1, max: 10 }) })
    .chain(({ min, span }) =>
      fc.record({
        options: fc.record({
          scale: fc.constant({ min, max: min + span }),
          satisfiedFrom: fc.integer({ min: min + 1, max: min + span }),
        }),
        // Unanimous samples too, all at one end of the scale: where a mean meets its bound.
        values: fc.oneof(
          fc.array(fc.integer({ min, max: min + span }), { minLength: 1, maxLength: 60 }),
          fc.constantFrom(min, min + span).chain((end) => fc.array(fc.constant(end), { minLength: 1, maxLength: 5 })),
        ),
      }),
    );

  property.prop([scaled, fc.integer({ min: 2, max: 4 })])(
    'keeps the mean on the scale and the shares in [0, 1] on any scale; ignores order and duplication; never mutates',
    ({ options, values }, copies) => {
      const frozen = deepFreeze([...values]);
      const b = csatBreakdown(frozen, options);
      expect(frozen).toEqual(values);
      expect(b.mean).toBeGreaterThanOrEqual(options.scale.min);
      expect(b.mean).toBeLessThanOrEqual(options.scale.max);
      for (const share of [b.share, b.percentOfMaximum]) {
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(1);
      }
      expect(b.satisfied).toBe(values.filter((v) => v >= options.satisfiedFrom).length);
      expect(
        csatBreakdown(
          [...values].sort((x, y) => y - x),
          options,
        ),
      ).toEqual(b);
      const copied = csatBreakdown(Array.from({ length: copies }, () => values).flat(), options);
      expect(copied).toEqual({ ...b, n: copies * b.n, satisfied: copies * b.satisfied, effectiveN: copies * b.n });
    },
  );

  property.prop([scaled])(
    'never lowers the mean or the share with one more top answer, never raises them with one more bottom answer',
    ({ options, values }) => {
      const b = csatBreakdown(values, options);
      const top = csatBreakdown([...values, options.scale.max], options);
      const bottom = csatBreakdown([...values, options.scale.min], options);
      expect(top.mean).toBeGreaterThanOrEqual(b.mean);
      expect(top.share).toBeGreaterThanOrEqual(b.share);
      expect(bottom.mean).toBeLessThanOrEqual(b.mean);
      expect(bottom.share).toBeLessThanOrEqual(b.share);
    },
  );

  // Weights as stores hold them (short decimals such as 0.49 or 0.3), and any double in range.
  const weight = fc.oneof(
    fc.integer({ min: 1, max: 10_000 }).map((k) => k / 100),
    fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  );
  property.prop(
    [
      scaled.chain(({ options, values }) =>
        fc.record({
          options: fc.constant(options),
          rows: fc.tuple(...values.map((s) => fc.record({ s: fc.constant(s), w: weight }))),
        }),
      ),
    ],
    { numRuns: 300 },
  )('keeps a weighted mean on the scale and weighted shares in [0, 1]', ({ options, rows }) => {
    const b = csatBreakdown(rows, { ...options, value: (d) => d.s, weight: (d) => d.w });
    expect(b.mean).toBeGreaterThanOrEqual(options.scale.min);
    expect(b.mean).toBeLessThanOrEqual(options.scale.max);
    for (const share of [b.share, b.percentOfMaximum]) {
      expect(share).toBeGreaterThanOrEqual(0);
      expect(share).toBeLessThanOrEqual(1);
    }
  });
});

describe('csatInterval', () => {
  const seventyOfHundred = answers({ 5: 70, 2: 30 });

  it('reproduces Wilson 95% [0.604, 0.781] for 70 of 100 (REFERENCES.md; Brown, Cai & DasGupta 2001)', () => {
    const result = csatInterval(seventyOfHundred);
    expect(result).toMatchObject({ share: 0.7, method: 'wilson', n: 100, satisfied: 70, effectiveN: 100 });
    expect(result.low).toBeCloseTo(0.6041514536665332, 10);
    expect(result.high).toBeCloseTo(0.7810511470506724, 10);
  });

  it('refuses Clopper-Pearson beyond 2^53 - 1 answers, as proportionInterval does, and no other method', () => {
    const most = Number.MAX_SAFE_INTEGER;
    const huge = { scale: { min: 1, max: 5 }, counts: [most, most, most, 0, 1], missing: 0, invalid: 0 };
    const error = expectError(
      () => csatInterval(huge, { method: 'clopper-pearson' }),
      'INVALID_ARGUMENT',
      'csatInterval',
    );
    expect(error.details.argument).toBe('effectiveN');
    expect(csatInterval(huge).high).toBeGreaterThan(0);
  });

  it('offers the other proportion methods (values from SciPy 1.x beta quantiles and the textbook formulas)', () => {
    expect(csatInterval(seventyOfHundred, { method: 'clopper-pearson' }).low).toBeCloseTo(0.6001853238201958, 9);
    expect(csatInterval(seventyOfHundred, { method: 'agresti-coull' }).high).toBeCloseTo(0.7813486444549819, 10);
    expect(csatInterval(seventyOfHundred, { method: 'wald' }).low).toBeCloseTo(0.6101831668145794, 10);
  });

  property.prop([csatAnswers, fc.constantFrom('wilson', 'agresti-coull', 'clopper-pearson', 'wald' as const)])(
    'contains the share and stays in [0, 1]',
    (values, method) => {
      const result = csatInterval(values, { method });
      expect(result.low).toBeLessThanOrEqual(result.share + 1e-12);
      expect(result.high).toBeGreaterThanOrEqual(result.share - 1e-12);
      expect(result.low).toBeGreaterThanOrEqual(0);
      expect(result.high).toBeLessThanOrEqual(1);
    },
  );

  property.prop([shuffledAnswers, proportionMethods, fc.constantFrom(0.8, 0.95, 0.99)])(
    'does not depend on the order of the answers',
    ([values, shuffled], method, confidence) => {
      expect(csatInterval(shuffled, { method, confidence })).toEqual(csatInterval(values, { method, confidence }));
    },
  );

  property.prop([csatAnswers, proportionMethods])(
    'never mutates its input: answers, weighted records or options',
    (values, method) => {
      const frozen = deepFreeze([...values]);
      const options = deepFreeze({ method, scale: { min: 1, max: 5 } });
      csatInterval(frozen, options);
      expect(frozen).toEqual(values);
      expect(options).toEqual({ method, scale: { min: 1, max: 5 } });
      const rows = values.map((s, i) => ({ s, w: 1 + (i % 4) }));
      const frozenRows = deepFreeze(structuredClone(rows));
      csatInterval(frozenRows, { value: (d) => d.s, weight: (d) => d.w, method });
      expect(frozenRows).toEqual(rows);
    },
  );

  it('refuses bad options', () => {
    expectError(() => csatInterval([5], { method: 'exact' as never }), 'INVALID_ARGUMENT', 'csatInterval');
    expectError(() => csatInterval([5], { confidence: 2 }), 'INVALID_ARGUMENT', 'csatInterval');
    expectError(() => csatInterval([]), 'EMPTY_INPUT', 'csatInterval');
  });

  it('leaves missing answers out, and refuses impossible ones at their index or skips them', () => {
    expect(csatInterval([5, null, 1, undefined])).toEqual({ ...csatInterval([5, 1]), missing: 2 });
    for (const bad of impossibleAnswers) {
      const error = expectError(() => csatInterval([5, bad as number]), 'INVALID_VALUE', 'csatInterval');
      expect(error.details).toEqual({ index: 1, value: bad });
    }
    const missing = expectError(() => csatInterval([5, null], { missing: 'throw' }), 'INVALID_VALUE', 'csatInterval');
    expect(missing.details).toEqual({ index: 1, value: null });
    expect(csatInterval([5, NaN, 1, 6], { invalid: 'skip' })).toEqual({ ...csatInterval([5, 1]), invalid: 2 });
    expectError(() => csatInterval([null], { missing: 'skip' }), 'EMPTY_INPUT', 'csatInterval');
  });
});

describe('compareCsat', () => {
  it("reproduces Newcombe's interval for 56/70 against 48/80 (Newcombe 1998, table II, example (a))", () => {
    const a = answers({ 5: 56, 2: 14 });
    const b = answers({ 4: 48, 1: 32 });
    const result = compareCsat(a, b);
    expect(result).toMatchObject({ method: 'newcombe', confidence: 0.95 });
    expect(result.difference).toBeCloseTo(0.2, 14);
    // Published to four decimals: 0.0524 to 0.3339.
    expect(result.low).toBeCloseTo(0.0524, 4);
    expect(result.high).toBeCloseTo(0.3339, 4);
    expect(result.samples).toEqual([
      { n: 70, effectiveN: 70, missing: 0, invalid: 0 },
      { n: 80, effectiveN: 80, missing: 0, invalid: 0 },
    ]);
  });

  it('keeps the digits of shares near 1: the unsatisfied answers are counted, not taken from the share', () => {
    // 999,999,999 satisfied of 1e9 against all 1e9: the reference of compareProportions' test
    // (Newcombe's method 10 and the pooled z with mpmath at 60 digits). Before, every field was 1e-8 to 3e-8 off.
    const scale = { min: 1, max: 5 };
    const a = { scale, counts: [1, 0, 0, 0, 999_999_999], missing: 0, invalid: 0 };
    const b = { scale, counts: [0, 0, 0, 0, 1e9], missing: 0, invalid: 0 };
    const result = compareCsat(a, b);
    expect(result.difference).toBeCloseTo(-1e-9, 23);
    expect(relativeError(result.standardError, 9.9999999975e-10)).toBeLessThan(1e-14);
    expect(relativeError(result.low, -5.664934243297439e-9)).toBeLessThan(1e-14);
    expect(relativeError(result.high, 2.928729764987942e-9)).toBeLessThan(1e-14);
  });

  it('is compareProportions of the satisfied answers out of all answers, for both samples read alike', () => {
    const scale = { min: 1, max: 5 };
    const web = { scale, counts: [6, 8, 14, 60, 72], missing: 0, invalid: 0 };
    const phone = { scale, counts: [9, 11, 22, 58, 60], missing: 0, invalid: 0 };
    const { samples, ...test } = compareCsat(web, phone, { confidence: 0.9 });
    const expected = compareProportions({ successes: 132, n: 160 }, { successes: 118, n: 160 }, { confidence: 0.9 });
    for (const key of ['difference', 'standardError', 'z', 'pValue', 'low', 'high'] as const) {
      expect(test[key]).toBeCloseTo(expected[key], 14);
    }
    expect(samples[1].n).toBe(160);
    // satisfiedFrom and the scale apply to both samples: top box only on 1..7.
    const topBox = compareCsat([7, 7, 6], [7, 5, 5, 5], { scale: { min: 1, max: 7 }, satisfiedFrom: 7 });
    expect(topBox.difference).toBeCloseTo(2 / 3 - 1 / 4, 14);
  });

  it('weights each share over its effective sample size, as csatInterval does', () => {
    const rows = [
      { score: 5, w: 3 },
      { score: 4, w: 1 },
      { score: 2, w: 1 },
      { score: 1, w: 1 },
    ];
    const options = { value: (d: { score: number }) => d.score, weight: (d: { w: number }) => d.w };
    // The accessors read both samples.
    const plain = [5, 3, 2].map((score) => ({ score, w: 1 }));
    const result = compareCsat(rows, plain, options);
    // Weighted share 4/6 over n_eff = 36/12 = 3, against 1/3 of 3 answers.
    const expected = compareProportions({ successes: (4 / 6) * 3, n: 3 }, { successes: 1, n: 3 });
    expect(result.low).toBeCloseTo(expected.low, 14);
    expect(result.pValue).toBeCloseTo(expected.pValue, 14);
    expect(result.samples[0]).toEqual({ n: 4, effectiveN: 3, missing: 0, invalid: 0 });
    expect(csatInterval(rows, options).share).toBeCloseTo(result.difference + 1 / 3, 14);
  });

  it('reads tallies as the answers they count', () => {
    const a = [5, 4, 4, 1, 2];
    expect(compareCsat(tally(a, { scale: { min: 1, max: 5 } }), [5, 3])).toEqual(compareCsat(a, [5, 3]));
  });

  property.prop([csatAnswers, csatAnswers])(
    'is antisymmetric, holds its difference in its interval within [-1, 1], and never mutates',
    (a, b) => {
      const frozenA = deepFreeze([...a]);
      const ab = compareCsat(frozenA, b);
      const ba = compareCsat(b, frozenA);
      expect(ab.difference).toBeCloseTo(-ba.difference, 12);
      expect(ab.z).toBeCloseTo(-ba.z, 9);
      expect(ab.pValue).toBeCloseTo(ba.pValue, 12);
      expect(ab.low).toBeCloseTo(-ba.high, 12);
      expect(ab.pValue).toBeGreaterThanOrEqual(0);
      expect(ab.pValue).toBeLessThanOrEqual(1);
      expect(ab.low).toBeLessThanOrEqual(ab.difference + 1e-12);
      expect(ab.high).toBeGreaterThanOrEqual(ab.difference - 1e-12);
      expect(ab.low).toBeGreaterThanOrEqual(-1);
      expect(ab.high).toBeLessThanOrEqual(1);
      expect(frozenA).toEqual(a);
      expect(compareCsat([...a].reverse(), b)).toEqual(ab);
    },
  );

  property.prop([csatAnswers, csatAnswers, fc.constantFrom(0.8, 0.95, 0.99)])(
    'mirrors its interval when the samples are swapped, keeping the p-value',
    (a, b, confidence) => {
      const ab = compareCsat(a, b, { confidence });
      const ba = compareCsat(b, a, { confidence });
      expect(ab.difference + ba.difference).toBeCloseTo(0, 12);
      expectMirrored(ab, ba, { bounds: 12, standardError: 12 });
    },
  );

  property.prop([csatAnswers, csatAnswers, fc.constantFrom(4, 5), fc.constantFrom(1, 2, 3), fc.nat()])(
    "never lowers the difference when a gains a satisfied answer or one of a's answers becomes satisfied, never raises it when a gains an unsatisfied one",
    (a, b, satisfied, unsatisfied, at) => {
      // The shares are taken of the rarer outcome overall (satisfied or not) for their digits, so
      // an answer that changes which is rarer can move the same exact difference by a rounding:
      // [1] against [1, 4, 1, 4, 4, 4] gives -(1 - 2/6) = -0.6666666666666667, and with one more 1
      // in a, 0/2 - 4/6 = -0.6666666666666666.
      const rounding = 2 * Number.EPSILON;
      const before = compareCsat(a, b).difference;
      expect(compareCsat([...a, satisfied], b).difference).toBeGreaterThanOrEqual(before - rounding);
      expect(compareCsat([...a, unsatisfied], b).difference).toBeLessThanOrEqual(before + rounding);
      const upgraded = a.map((answer, k) => (k === at % a.length ? satisfied : answer));
      expect(compareCsat(upgraded, b).difference).toBeGreaterThanOrEqual(before - rounding);
      // And the other way round for b: a satisfied answer more in b never raises a - b.
      expect(compareCsat(a, [...b, satisfied]).difference).toBeLessThanOrEqual(before + rounding);
    },
  );

  it('leaves missing answers out, and refuses impossible answers of either sample at their index or skips them', () => {
    expectBadAnswersPerSample('compareCsat', compareCsat, [[5, 2], [4]], impossibleAnswers, [6, 0]);
    expectError(() => compareCsat([5], []), 'EMPTY_INPUT', 'compareCsat');
    expectError(() => compareCsat([null], [5]), 'EMPTY_INPUT', 'compareCsat');
    expectError(() => compareCsat([5], [4], { confidence: 1.5 }), 'INVALID_ARGUMENT', 'compareCsat');
  });
});
