import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ces,
  cesBreakdown,
  cesInterval,
  compareCes,
  type CesComparisonMethod,
  type CesInterval,
  type CesIntervalMethod,
  type CesIntervalOptions,
  type CesReport,
  type CompareCesOptions,
} from '../../src/survey/ces';
import { normalCdf } from '../../src/stats/distributions';
import { compareProportions, type NetMethod, type ProportionMethod } from '../../src/stats/intervals';
import { tally } from '../../src/survey/tally';
import { deepFreeze, expectBadAnswersPerSample, expectError, expectMirrored, relativeError } from '../helpers';

const ces2Answers = fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 80 });
// Answers and the same answers in another order.
const shuffledCes2Answers = ces2Answers.chain((values) =>
  fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length })),
);
const reports = fc.constantFrom('mean', 'agree', 'net' as const);
// Not an answer of CES 2.0 (1..7).
const impossibleAnswers = [NaN, Infinity, -Infinity, '5', 0, 8, 4.5];

describe('ces', () => {
  it('reports CES 2.0 (1..7, higher is easier) as a mean, an agree share (5-7) or a net share', () => {
    expect(ces([7, 6, 5, 4, 2])).toBe(4.8);
    expect(ces([7, 6, 5, 4, 2], { report: 'agree' })).toBe(0.6);
    expect(ces([7, 6, 5, 4, 2], { report: 'net' })).toBeCloseTo(0.4, 12);
  });

  it('reports CES 1.0 (1..5, lower is easier) with the easy side 1-2', () => {
    expect(ces([1, 2, 2, 4], { version: '1.0' })).toBe(2.25);
    expect(ces([1, 2, 3, 4], { version: '1.0', report: 'agree' })).toBe(0.5);
    expect(ces([1, 5, 5, 3], { version: '1.0', report: 'net' })).toBe(-0.25);
    expectError(() => ces([6], { version: '1.0' }), 'INVALID_VALUE', 'ces');
  });

  it('takes a custom scale and direction; an even scale has no neutral point', () => {
    const version = { scale: { min: 1, max: 6 }, direction: 'higher-is-easier' as const };
    expect(cesBreakdown([1, 3, 4, 6], { version })).toMatchObject({ agree: 2, neutral: 0, disagree: 2 });
    const lower = { scale: { min: 0, max: 10 }, direction: 'lower-is-easier' as const };
    expect(ces([0, 1, 5, 9], { version: lower, report: 'agree' })).toBe(0.5);
  });

  it('accepts a tally on the version scale only', () => {
    expect(ces(tally([7, 1], { scale: { min: 1, max: 7 } }))).toBe(4);
    expectError(() => ces(tally([7])), 'INVALID_ARGUMENT', 'ces');
  });

  property.prop([ces2Answers])(
    'keeps the mean on the scale, shares in [0, 1], net in [-1, 1]; never mutates',
    (values) => {
      const frozen = deepFreeze([...values]);
      const mean = ces(frozen);
      expect(mean).toBeGreaterThanOrEqual(1);
      expect(mean).toBeLessThanOrEqual(7);
      const b = cesBreakdown(values);
      expect(b.agreeShare + b.neutralShare + b.disagreeShare).toBeCloseTo(1, 12);
      expect(b.net).toBeGreaterThanOrEqual(-1);
      expect(b.net).toBeLessThanOrEqual(1);
      expect(ces([...values].reverse(), { report: 'net' })).toBeCloseTo(b.net, 12);
      expect(frozen).toEqual(values);
    },
  );

  // Answers are integers, so every report is a ratio of exact integer sums: equality is exact.
  property.prop([
    fc.constantFrom('2.0', '1.0' as const).chain((version) =>
      fc.tuple(
        fc.constant(version),
        fc
          .array(fc.integer({ min: 1, max: version === '2.0' ? 7 : 5 }), { minLength: 1, maxLength: 80 })
          .chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length }))),
      ),
    ),
    fc.constantFrom('mean', 'agree', 'net' as const),
    fc.integer({ min: 2, max: 5 }),
  ])(
    'does not change when the answers are reordered or the sample is duplicated',
    ([version, [values, shuffled]], report, copies) => {
      const value = ces(values, { version, report });
      expect(ces(shuffled, { version, report })).toBe(value);
      expect(ces(Array.from({ length: copies }, () => values).flat(), { version, report })).toBe(value);
    },
  );

  property.prop([ces2Answers, fc.constantFrom(5, 6, 7), fc.constantFrom(1, 2, 3)])(
    'CES 2.0: never falls with one more easy answer and never rises with one more hard one',
    (values, easy, hard) => {
      for (const report of ['agree', 'net'] as const) {
        expect(ces([...values, easy], { report })).toBeGreaterThanOrEqual(ces(values, { report }));
        expect(ces([...values, hard], { report })).toBeLessThanOrEqual(ces(values, { report }));
      }
      expect(ces([...values, 7])).toBeGreaterThanOrEqual(ces(values));
      expect(ces([...values, 1])).toBeLessThanOrEqual(ces(values));
    },
  );

  property.prop([
    fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 80 }),
    fc.constantFrom(1, 2),
    fc.constantFrom(4, 5),
  ])(
    'CES 1.0 (lower is easier): never falls with one more easy answer, never rises with one more hard one',
    (values, easy, hard) => {
      const score = (answers: number[], report: 'agree' | 'net') => ces(answers, { version: '1.0', report });
      for (const report of ['agree', 'net'] as const) {
        expect(score([...values, easy], report)).toBeGreaterThanOrEqual(score(values, report));
        expect(score([...values, hard], report)).toBeLessThanOrEqual(score(values, report));
      }
      // The mean is an effort score on 1..5: one more 5 never lowers it, one more 1 never raises it.
      expect(ces([...values, 5], { version: '1.0' })).toBeGreaterThanOrEqual(ces(values, { version: '1.0' }));
      expect(ces([...values, 1], { version: '1.0' })).toBeLessThanOrEqual(ces(values, { version: '1.0' }));
    },
  );

  property.prop([ces2Answers, fc.constantFrom(0, 8, -1, 4.5, NaN, Infinity, -Infinity, '5', true, {}), fc.nat()])(
    'refuses every impossible answer with INVALID_VALUE at its index, or skips and counts it',
    (values, bad, at) => {
      const index = at % (values.length + 1);
      const withBad = [...values.slice(0, index), bad, ...values.slice(index)] as number[];
      expect(expectError(() => ces(withBad), 'INVALID_VALUE', 'ces').details.index).toBe(index);
      expect(ces(withBad, { invalid: 'skip' })).toBe(ces(values));
      expect(cesBreakdown(withBad, { invalid: 'skip' }).invalid).toBe(1);
    },
  );

  it('refuses bad options', () => {
    for (const options of [
      { version: '3.0' },
      { version: { scale: { min: 1, max: 7 } } },
      { version: { scale: { min: 1, max: 7 }, direction: 'up' } },
      { version: { scale: { min: 7, max: 1 }, direction: 'higher-is-easier' } },
      { version: null },
      { report: 'median' },
    ]) {
      expectError(() => ces([5], options as never), 'INVALID_ARGUMENT', 'ces');
    }
    expectError(() => ces([]), 'EMPTY_INPUT', 'ces');
  });

  it('leaves missing answers out, and refuses impossible ones at their index or skips them', () => {
    expect(ces([7, null, 4, undefined])).toBe(5.5);
    for (const bad of impossibleAnswers) {
      const error = expectError(() => ces([7, bad as number]), 'INVALID_VALUE', 'ces');
      expect(error.details).toEqual({ index: 1, value: bad });
    }
    const missing = expectError(() => ces([7, null], { missing: 'throw' }), 'INVALID_VALUE', 'ces');
    expect(missing.details).toEqual({ index: 1, value: null });
    expect(ces([7, NaN, 4, 8], { invalid: 'skip' })).toBe(5.5);
    expectError(() => ces([8, null], { invalid: 'skip' }), 'EMPTY_INPUT', 'ces');
  });
});

describe('cesBreakdown', () => {
  it('carries version, scale and direction with the counts', () => {
    expect(cesBreakdown([7, 6, 5, 4, 2, null])).toEqual({
      version: '2.0',
      scale: { min: 1, max: 7 },
      direction: 'higher-is-easier',
      n: 5,
      mean: 4.8,
      agree: 3,
      neutral: 1,
      disagree: 1,
      agreeShare: 0.6,
      neutralShare: 0.2,
      disagreeShare: 0.2,
      net: 0.39999999999999997,
      effectiveN: 5,
      missing: 1,
      invalid: 0,
    });
    expect(cesBreakdown([1], { version: '1.0' })).toMatchObject({
      version: '1.0',
      direction: 'lower-is-easier',
      agree: 1,
    });
    expectError(() => cesBreakdown([8]), 'INVALID_VALUE', 'cesBreakdown');
  });

  it('refuses impossible answers at their index, or skips and counts them; refuses empty input and bad options', () => {
    for (const bad of impossibleAnswers) {
      const error = expectError(() => cesBreakdown([7, bad as number]), 'INVALID_VALUE', 'cesBreakdown');
      expect(error.details).toEqual({ index: 1, value: bad });
    }
    const missing = expectError(() => cesBreakdown([7, null], { missing: 'throw' }), 'INVALID_VALUE', 'cesBreakdown');
    expect(missing.details).toEqual({ index: 1, value: null });
    expect(cesBreakdown([7, null, NaN, '5' as never, 8, 2], { invalid: 'skip' })).toMatchObject({
      n: 2,
      missing: 1,
      invalid: 3,
    });
    expectError(() => cesBreakdown([]), 'EMPTY_INPUT', 'cesBreakdown');
    expectError(() => cesBreakdown([null]), 'EMPTY_INPUT', 'cesBreakdown');
    expectError(() => cesBreakdown([7], { version: '3.0' as never }), 'INVALID_ARGUMENT', 'cesBreakdown');
    expectError(() => cesBreakdown([7], { invalid: 'drop' as never }), 'INVALID_ARGUMENT', 'cesBreakdown');
  });
});

describe('cesInterval', () => {
  it('refuses Clopper-Pearson for the agree share beyond 2^53 - 1 answers, as proportionInterval does', () => {
    const most = Number.MAX_SAFE_INTEGER;
    const huge = { scale: { min: 1, max: 7 }, counts: [1, 0, 0, most, most, most, 0], missing: 0, invalid: 0 };
    expectError(
      () => cesInterval(huge, { report: 'agree', method: 'clopper-pearson' }),
      'INVALID_ARGUMENT',
      'cesInterval',
    );
    expect(cesInterval(huge, { report: 'agree' }).low).toBeGreaterThan(0);
  });

  it("gives Student's t interval for the mean (value from SciPy: t(0.975, 4) = 2.7764)", () => {
    const result = cesInterval([7, 6, 5, 4, 2]);
    expect(result).toMatchObject({ report: 'mean', estimate: 4.8, method: 't', n: 5, version: '2.0' });
    expect(result.low).toBeCloseTo(2.4116116119000193, 9);
    // 7.1884 from the t formula, clipped to the top of the 1..7 scale.
    expect(result.high).toBe(7);
    expect(cesInterval([7, 6, 5, 5, 4, 6]).high).toBeLessThan(7);
  });

  it('gives a proportion interval for the agree share and an adjusted-Wald interval for net', () => {
    const agree = cesInterval([7, 6, 5, 4, 2], { report: 'agree' });
    expect(agree).toMatchObject({ estimate: 0.6, method: 'wilson' });
    expect(cesInterval([7, 6, 5, 4, 2], { report: 'agree', method: 'wald' }).method).toBe('wald');
    const net = cesInterval([7, 6, 5, 4, 2], { report: 'net', confidence: 0.9 });
    expect(net).toMatchObject({ method: 'adjusted-wald', confidence: 0.9 });
    expect(net.estimate).toBeCloseTo(0.4, 12);
    expect(net.low).toBeGreaterThanOrEqual(-1);
    expect(net.high).toBeLessThanOrEqual(1);
  });

  it('widens the net interval to the observed net share with very few answers', () => {
    // One easy answer: adjusted net (1.75 - 0.75) / 4 = 0.25 ± 1.96 × 0.375 = [-0.485, 0.985].
    const single = cesInterval(tally([7], { scale: { min: 1, max: 7 } }), { report: 'net' });
    expect(single).toMatchObject({ estimate: 1, high: 1 });
    expect(single.low).toBeCloseTo(-0.485, 3);
  });

  property.prop([ces2Answers, fc.constantFrom('wald', 'adjusted-wald'), fc.constantFrom(0.8, 0.95, 0.99)])(
    'holds the net share in its net interval, within [-1, 1]',
    (values, method, confidence) => {
      const { estimate, low, high } = cesInterval(values, { report: 'net', method, confidence });
      expect(low).toBeLessThanOrEqual(estimate);
      expect(high).toBeGreaterThanOrEqual(estimate);
      expect(low).toBeGreaterThanOrEqual(-1);
      expect(high).toBeLessThanOrEqual(1);
    },
  );

  it('weights the mean with the effective sample size', () => {
    const rows = [7, 6, 5, 4, 2].map((s) => ({ s, w: 2 }));
    const weighted = cesInterval(rows, { value: (d) => d.s, weight: (d) => d.w });
    expect(weighted.low).toBeCloseTo(2.4116116119000193, 9);
    expect(weighted.effectiveN).toBe(5);
  });

  property.prop([shuffledCes2Answers, reports, fc.constantFrom(0.8, 0.95, 0.99)])(
    'does not depend on the order of the answers, whatever it reports',
    ([values, shuffled], report, confidence) => {
      expect(cesInterval(shuffled, { report, confidence })).toEqual(cesInterval(values, { report, confidence }));
      // CES 1.0 (1..5) read from the same answers folded onto its scale.
      const folded = (list: number[]) => list.map((v) => 1 + ((v - 1) % 5));
      const v1 = { version: '1.0' as const, report, confidence };
      expect(cesInterval(folded(shuffled), v1)).toEqual(cesInterval(folded(values), v1));
    },
  );

  property.prop([ces2Answers, reports])(
    'never mutates its input: answers, weighted records or options',
    (values, report) => {
      const frozen = deepFreeze([...values]);
      const options = deepFreeze({
        report,
        version: { scale: { min: 1, max: 7 }, direction: 'higher-is-easier' as const },
      });
      cesInterval(frozen, options);
      expect(frozen).toEqual(values);
      expect(options).toEqual({ report, version: { scale: { min: 1, max: 7 }, direction: 'higher-is-easier' } });
      // Equal weights: an effective sample size of n >= 2, which a mean interval needs.
      const rows = values.map((s) => ({ s, w: 2.5 }));
      const frozenRows = deepFreeze(structuredClone(rows));
      cesInterval(frozenRows, { report, value: (d) => d.s, weight: (d) => d.w });
      expect(frozenRows).toEqual(rows);
    },
  );

  property.prop([ces2Answers, fc.constantFrom('mean', 'agree', 'net' as const)])(
    'contains its estimate',
    (values, report) => {
      const result = cesInterval(values, { report });
      expect(result.low).toBeLessThanOrEqual(result.estimate + 1e-9);
      expect(result.high).toBeGreaterThanOrEqual(result.estimate - 1e-9);
    },
  );

  // Weighted answers (weights as stores hold them, short decimals such as 0.3, or any double in
  // range) of either version or a custom scale, unanimous at one end of the scale among them.
  const weight = fc.oneof(
    fc.integer({ min: 1, max: 10_000 }).map((k) => k / 100),
    fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
  );
  const weightedCes = fc
    .constantFrom<CesIntervalOptions['version']>('2.0', '1.0', {
      scale: { min: -2, max: 3 },
      direction: 'lower-is-easier',
    })
    .chain((version) => {
      const { min, max } =
        version === '2.0' ? { min: 1, max: 7 } : version === '1.0' ? { min: 1, max: 5 } : version!.scale;
      const answer = fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
      const values = fc.oneof(
        fc.array(answer, { minLength: 2, maxLength: 30 }),
        fc.constantFrom(min, max).chain((end) => fc.array(fc.constant(end), { minLength: 2, maxLength: 5 })),
      );
      return fc.record({
        version: fc.constant(version),
        scale: fc.constant({ min, max }),
        rows: values.chain((list) => fc.tuple(...list.map((s) => fc.record({ s: fc.constant(s), w: weight })))),
      });
    });
  property.prop([weightedCes, fc.constantFrom('mean', 'agree', 'net' as const)], { numRuns: 300 })(
    'keeps a weighted estimate on its scale and inside its interval',
    ({ version, scale, rows }, report) => {
      const options = { version, report, value: (d: { s: number }) => d.s, weight: (d: { w: number }) => d.w };
      const [lowest, highest] = report === 'mean' ? [scale.min, scale.max] : report === 'agree' ? [0, 1] : [-1, 1];
      const estimate = ces(rows, options);
      expect(estimate).toBeGreaterThanOrEqual(lowest);
      expect(estimate).toBeLessThanOrEqual(highest);
      let result: CesInterval;
      try {
        result = cesInterval(rows, options);
      } catch (error) {
        // Weights so uneven that the effective sample size is below 2: no mean interval.
        expect((error as { code: string }).code).toBe('EMPTY_INPUT');
        return;
      }
      expect(result.estimate).toBe(estimate);
      expect(result.low).toBeLessThanOrEqual(result.estimate);
      expect(result.high).toBeGreaterThanOrEqual(result.estimate);
      expect(result.low).toBeGreaterThanOrEqual(lowest);
      expect(result.high).toBeLessThanOrEqual(highest);
    },
  );

  // Weighted answers all on one point, or a mix: the mean lies among the answers, whatever the rounding.
  const pointWeights = fc.array(weight, { minLength: 2, maxLength: 8 });
  property.prop([fc.integer({ min: 1, max: 7 }), pointWeights, pointWeights])(
    'gives weighted answers all on one point that point as mean, no spread and no difference from another such sample',
    (point, weightsA, weightsB) => {
      const rows = (weights: number[]) => weights.map((w) => ({ s: point, w }));
      const options = { value: (d: { s: number }) => d.s, weight: (d: { w: number }) => d.w };
      expect(ces(rows(weightsA), options)).toBe(point);
      let interval: CesInterval;
      try {
        interval = cesInterval(rows(weightsA), options);
      } catch (error) {
        // Weights so uneven that the effective sample size is below 2: no mean interval.
        expect((error as { code: string }).code).toBe('EMPTY_INPUT');
        return;
      }
      expect(interval).toMatchObject({ estimate: point, low: point, high: point });
      try {
        expect(compareCes(rows(weightsA), rows(weightsB), options)).toMatchObject({
          difference: 0,
          statistic: 0,
          pValue: 1,
        });
      } catch (error) {
        expect((error as { code: string }).code).toBe('EMPTY_INPUT');
      }
    },
  );
  property.prop([fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 60 })])(
    'gives unweighted answers their correctly rounded mean: the exact sum over n',
    (answers) => {
      // 2, 7, 7 is 5.333333333333333; measured from the lowest answer it was 5.333333333333334.
      expect(ces(answers)).toBe(answers.reduce((sum, answer) => sum + answer, 0) / answers.length);
    },
  );
  property.prop([
    fc.array(fc.record({ s: fc.integer({ min: 1, max: 7 }), w: weight }), { minLength: 1, maxLength: 12 }),
  ])('keeps a weighted mean between the lowest and the highest answer', (rows) => {
    const mean = ces(rows, { value: (d) => d.s, weight: (d) => d.w });
    expect(mean).toBeGreaterThanOrEqual(Math.min(...rows.map((d) => d.s)));
    expect(mean).toBeLessThanOrEqual(Math.max(...rows.map((d) => d.s)));
  });

  it('accepts an effective sample size of 2 that rounding put a hair below', () => {
    // Σw (Σw / Σw²) = 0.2 × 9.999999999999998: refused before, as "1.9999999999999998".
    const rows = [
      { s: 6, w: 0.1 },
      { s: 5, w: 0.1 },
    ];
    const weighted = cesInterval(rows, { value: (d) => d.s, weight: (d) => d.w });
    expect(weighted.effectiveN).toBeLessThan(2);
    expect(weighted).toMatchObject({ estimate: 5.5, low: cesInterval([6, 5]).low, high: cesInterval([6, 5]).high });
  });

  it('refuses a method that does not fit the report, too few answers for a mean, and bad options', () => {
    // With a literal report, a method of another report is a type error too.
    expectError(() => cesInterval([7, 6], { method: 'wilson' }), 'INVALID_ARGUMENT', 'cesInterval');
    // @ts-expect-error -- 't' is not a method of the agree share
    expectError(() => cesInterval([7, 6], { report: 'agree', method: 't' }), 'INVALID_ARGUMENT', 'cesInterval');
    // @ts-expect-error -- 'wilson' is not a method of the net share
    expectError(() => cesInterval([7, 6], { report: 'net', method: 'wilson' }), 'INVALID_ARGUMENT', 'cesInterval');
    expectError(() => cesInterval([7]), 'EMPTY_INPUT', 'cesInterval');
    // Two answers, but one carries almost all the weight: n_eff = 1.0002 is below 2.
    const lopsided = [
      { s: 7, w: 1e4 },
      { s: 2, w: 1 },
    ];
    expect(
      expectError(() => cesInterval(lopsided, { value: (d) => d.s, weight: (d) => d.w }), 'EMPTY_INPUT', 'cesInterval')
        .message,
    ).toMatch(/effective sample size of at least 2 for a mean interval, got 1\.000\d* from 2 answers$/);
    expectError(() => cesInterval([]), 'EMPTY_INPUT', 'cesInterval');
    expectError(() => cesInterval([7, 6], { confidence: 0 }), 'INVALID_ARGUMENT', 'cesInterval');
    expectError(() => cesInterval([7, 6], { report: 'total' as never }), 'INVALID_ARGUMENT', 'cesInterval');
  });

  it('leaves missing answers out, and refuses impossible ones at their index or skips them', () => {
    expect(cesInterval([7, null, 4, undefined, 2])).toEqual({ ...cesInterval([7, 4, 2]), missing: 2 });
    for (const bad of impossibleAnswers) {
      const error = expectError(() => cesInterval([7, bad as number, 4]), 'INVALID_VALUE', 'cesInterval');
      expect(error.details).toEqual({ index: 1, value: bad });
    }
    const missing = expectError(() => cesInterval([7, null, 4], { missing: 'throw' }), 'INVALID_VALUE', 'cesInterval');
    expect(missing.details).toEqual({ index: 1, value: null });
    expect(cesInterval([7, NaN, 4, 8, 2], { report: 'agree', invalid: 'skip' })).toEqual({
      ...cesInterval([7, 4, 2], { report: 'agree' }),
      invalid: 2,
    });
  });
});

describe('the types of cesInterval and compareCes', () => {
  const answers = [7, 6, 5, 4, 2];

  it('narrow the method to a literal report, and what they say is what the functions return', () => {
    const mean = cesInterval(answers, { report: 'mean' });
    const agree = cesInterval(answers, { report: 'agree' });
    const net = compareCes(answers, [7, 7, 3], { report: 'net', method: 'wald' });
    expectTypeOf(mean.method).toEqualTypeOf<'t'>();
    expectTypeOf(agree.report).toEqualTypeOf<'agree'>();
    expectTypeOf(agree.method).toEqualTypeOf<ProportionMethod>();
    expectTypeOf(compareCes(answers, answers, { report: 'mean' }).method).toEqualTypeOf<'welch'>();
    expectTypeOf(net.method).toEqualTypeOf<NetMethod>();
    expect([mean.method, agree.report, agree.method, net.report, net.method]).toEqual([
      't',
      'agree',
      'wilson',
      'net',
      'wald',
    ]);
    // A narrowed result is still one of the wide type.
    const results: CesInterval[] = [mean, agree];
    expect(results).toHaveLength(2);
  });

  it('stay wide without a literal report, as before the narrowing, so that such calls still type-check', () => {
    type Row = { score: number };
    const rows: Row[] = answers.map((score) => ({ score }));
    const report = ['mean', 'agree', 'net'][answers.length % 3] as CesReport;
    expectTypeOf(cesInterval(answers).method).toEqualTypeOf<CesIntervalMethod>();
    expectTypeOf(compareCes(answers, answers).method).toEqualTypeOf<CesComparisonMethod>();
    expectTypeOf(cesInterval(answers, { report }).method).toEqualTypeOf<CesIntervalMethod>();
    // The record type given alone leaves the report wide (it once defaulted to the mean).
    const agreeRows = compareCes<Row>(rows, rows, { value: (d) => d.score, report: 'agree' });
    expectTypeOf(agreeRows.method).toEqualTypeOf<CesComparisonMethod>();
    let latest = cesInterval(answers);
    expect(latest.report).toBe('mean');
    latest = cesInterval(answers, { report: 'net' });
    const wrap = <T>(data: T[], options: CesIntervalOptions<T>): CesInterval => cesInterval<T>(data, options);
    expect([agreeRows.method, latest.method, wrap(answers, { report }).report]).toEqual([
      'newcombe',
      'adjusted-wald',
      'net',
    ]);
  });

  it('never type a report that runs as the mean as another one', () => {
    const wantAgree = answers.length > 10;
    // An undefined report runs as the mean: the result is typed wide, not 'agree'.
    const maybe = cesInterval(answers, { report: wantAgree ? 'agree' : undefined });
    expectTypeOf(maybe.report).toEqualTypeOf<CesReport>();
    expect(maybe.report).toBe('mean');
    const chosen = cesInterval(answers, { report: wantAgree ? 'agree' : 'mean' });
    expectTypeOf(chosen.method).toEqualTypeOf<'t' | ProportionMethod>();
    expect(chosen.method).toBe('t');
    // Options typed for 'agree' without saying so would run as the mean: the named type refuses them.
    // @ts-expect-error -- report is required once the options are narrowed to 'agree'
    const unsaid: CompareCesOptions<number, 'agree'> = { confidence: 0.9 };
    expect(compareCes(answers, answers, unsaid).method).toBe('welch');
    // Saying so, the named types narrow the result as a literal report does.
    const agree: CompareCesOptions<number, 'agree'> = { report: 'agree', confidence: 0.9 };
    expectTypeOf(compareCes(answers, answers, agree).method).toEqualTypeOf<'newcombe'>();
    const net: CesIntervalOptions<number, 'net'> = { report: 'net', method: 'wald' };
    const netInterval: CesInterval<'net'> = cesInterval(answers, net);
    expect([compareCes(answers, answers, agree).method, netInterval.method]).toEqual(['newcombe', 'wald']);
    // @ts-expect-error -- narrowed explicitly to 'agree', the options must give the report
    cesInterval<number, 'agree'>(answers, { confidence: 0.9 });
  });
});

describe('compareCes', () => {
  const before = [7, 6, 6, 5, 5, 5, 4, 3, 2, 6];
  const after = [7, 7, 6, 6, 6, 5, 5, 7, 4, 6];

  // Reference values: SciPy 1.17.1, stats.ttest_ind(a, b, equal_var=False) and its
  // confidence_interval(confidence), which implement Welch (1947).
  it.each([
    [
      after,
      before,
      '2.0',
      0.95,
      [1.737853339090477, 15.488469439169025, 0.10207347233737821, -0.22312376365136144, 2.2231237636513614],
    ],
    [
      [7, 7, 7, 6, 6, 5, 4, 7, 7, 6, 5, 6],
      [4, 5, 3, 6, 2, 5],
      '2.0',
      0.9,
      [2.877044081310485, 7.37659603742806, 0.022448364479444396, 0.6641390024750149, 3.169194330858317],
    ],
    [
      [1, 2, 2, 3],
      [2, 2, 2, 2, 3],
      '1.0',
      0.99,
      [-0.4399413450640603, 4.421779141104295, 0.6806390632862666, -2.162798225905198, 1.762798225905198],
    ],
  ] as const)("gives Welch's t test of the means as SciPy does (case %#)", (a, b, version, confidence, expected) => {
    const [t, df, pValue, low, high] = expected;
    const result = compareCes([...a], [...b], { version, confidence });
    expect(result).toMatchObject({ report: 'mean', method: 'welch', confidence, version });
    expect(relativeError(result.statistic, t)).toBeLessThan(1e-13);
    expect(relativeError(result.degreesOfFreedom!, df)).toBeLessThan(1e-13);
    expect(relativeError(result.pValue, pValue)).toBeLessThan(1e-12);
    expect(result.low).toBeCloseTo(low, 12);
    expect(result.high).toBeCloseTo(high, 12);
    expect(result.difference).toBeCloseTo(result.statistic * result.standardError, 12);
  });

  it('counts the answers that do not agree, so agree shares near 1 keep their digits (CES 1.0: agree is 1-2)', () => {
    // 999,999,999 of 1e9 agree against all 1e9: compareProportions' reference (mpmath, 60 digits).
    const scale = { min: 1, max: 5 };
    const a = { scale, counts: [999_999_999, 0, 0, 0, 1], missing: 0, invalid: 0 };
    const b = { scale, counts: [1e9, 0, 0, 0, 0], missing: 0, invalid: 0 };
    const result = compareCes(a, b, { version: '1.0', report: 'agree' });
    expect(result.difference).toBeCloseTo(-1e-9, 23);
    expect(relativeError(result.statistic, -1.00000000025)).toBeLessThan(1e-14);
    expect(relativeError(result.low, -5.664934243297439e-9)).toBeLessThan(1e-14);
    expect(relativeError(result.high, 2.928729764987942e-9)).toBeLessThan(1e-14);
  });

  it('compares agree shares as compareProportions does, and net shares with adjusted-Wald (Rocks 2016)', () => {
    const agree = compareCes(after, before, { report: 'agree' });
    // 9 of 10 answers 5-7 after, 7 of 10 before.
    const proportions = compareProportions({ successes: 9, n: 10 }, { successes: 7, n: 10 });
    expect(agree).toMatchObject({ method: 'newcombe', degreesOfFreedom: null });
    expect(agree.difference).toBeCloseTo(0.2, 14);
    expect(agree.statistic).toBeCloseTo(proportions.z, 12);
    expect(agree.low).toBeCloseTo(proportions.low, 12);
    expect(agree.high).toBeCloseTo(proportions.high, 12);
    expect(agree.pValue).toBeCloseTo(proportions.pValue, 12);

    // Net: after 9 easy, 1 neutral, 0 hard; before 7, 1, 2. Adjusted (+0.75, +1.5, +0.75 of 13):
    const moments = (easy: number, hard: number): [number, number] => {
      const [p, d] = [(easy + 0.75) / 13, (hard + 0.75) / 13];
      return [p - d, p + d - (p - d) ** 2];
    };
    const [dA, vA] = moments(9, 0);
    const [dB, vB] = moments(7, 2);
    const se = Math.sqrt(vA / 13 + vB / 13);
    const net = compareCes(after, before, { report: 'net' });
    expect(net).toMatchObject({ method: 'adjusted-wald', degreesOfFreedom: null });
    expect(net.difference).toBeCloseTo(0.9 - 0.5, 14);
    expect(net.standardError).toBeCloseTo(se, 14);
    expect(net.statistic).toBeCloseTo((dA - dB) / se, 12);
    expect(net.low).toBeCloseTo(dA - dB - 1.959963984540054 * se, 12);
    expect(compareCes(after, before, { report: 'net', method: 'wald' }).method).toBe('wald');
  });

  it('keeps the scale direction: a CES 1.0 mean that rises is more effort', () => {
    const result = compareCes([4, 5, 4, 3], [1, 2, 2, 1], { version: '1.0' });
    expect(result).toMatchObject({ difference: 2.5, direction: 'lower-is-easier', scale: { min: 1, max: 5 } });
    expect(result.statistic).toBeGreaterThan(0);
    // The shares are oriented: fewer low-effort answers give a negative difference.
    expect(compareCes([4, 5, 4, 3], [1, 2, 2, 1], { version: '1.0', report: 'agree' }).difference).toBe(-1);
  });

  it('handles samples without spread: no t distribution when neither has any', () => {
    expect(compareCes([7, 7], [7, 7, 7])).toMatchObject({
      difference: 0,
      statistic: 0,
      pValue: 1,
      degreesOfFreedom: null,
      low: 0,
      high: 0,
    });
    expect(compareCes([7, 7], [5, 5])).toMatchObject({ statistic: Infinity, pValue: 0, low: 2, high: 2 });
    expect(compareCes([5, 5], [7, 7])).toMatchObject({ statistic: -Infinity, pValue: 0, low: -2, high: -2 });
    // One sample without spread: the Welch degrees of freedom are those of the other, n - 1.
    const oneSided = compareCes([7, 7, 7], [5, 6, 7, 6]);
    expect(oneSided.degreesOfFreedom).toBeCloseTo(3, 12);
    expect(oneSided.standardError).toBeCloseTo(Math.sqrt(2 / 3 / 4), 14);
  });

  it('clips the interval of the means to the widest possible difference', () => {
    // 7 against 1 with one dissenting answer each: d = 4.5, t bounds beyond ±6 with 1.9 df.
    const result = compareCes([7, 7, 7, 1], [1, 1, 1, 7]);
    expect(result.high).toBe(6);
    expect(result.low).toBeGreaterThanOrEqual(-6);
  });

  it('weights the means with the effective sample size, as cesInterval does', () => {
    const rows = (values: number[], weight: number) => values.map((s) => ({ s, w: weight }));
    const options = { value: (d: { s: number }) => d.s, weight: (d: { w: number }) => d.w };
    const weighted = compareCes(rows(after, 3), rows(before, 0.5), options);
    const plain = compareCes(after, before);
    for (const key of ['difference', 'statistic', 'degreesOfFreedom', 'pValue', 'low', 'high'] as const) {
      expect(weighted[key]).toBeCloseTo(plain[key]!, 12);
    }
    expect(weighted.samples).toEqual(plain.samples);
    // Uneven weights: x̄ and s² as cesInterval reads them, with n_eff.
    const uneven = [
      { s: 7, w: 2 },
      { s: 5, w: 1 },
      { s: 3, w: 1 },
    ];
    const result = compareCes(uneven, rows([6, 4], 1), options);
    const mean = (2 * 7 + 5 + 3) / 4;
    const nEff = 16 / 6;
    const variance = (((2 * (7 - mean) ** 2 + (5 - mean) ** 2 + (3 - mean) ** 2) / 4) * nEff) / (nEff - 1);
    expect(result.difference).toBeCloseTo(mean - 5, 14);
    expect(result.standardError).toBeCloseTo(Math.sqrt(variance / nEff + 2 / 2), 14);
    expect(result.samples[0]).toEqual({ n: 3, effectiveN: nEff, missing: 0, invalid: 0 });
  });

  it('stays a probability for tallies of 6e16 answers, where the t test is the z test', () => {
    // 1.26e17 degrees of freedom: the incomplete beta gave p = 3.19e-5 for 2.38e-5 here, and NaN bounds.
    const scale = { min: 1, max: 7 };
    const a = { scale, counts: [9e15, 9e15, 9e15, 9e15, 9e15, 9e15, 9e15], missing: 0, invalid: 0 };
    const b = { scale, counts: [9e15, 9e15, 9e15, 9e15, 9e15, 9e15, 8.999999e15], missing: 0, invalid: 0 };
    const result = compareCes(a, b);
    expect(result.degreesOfFreedom).toBeGreaterThan(1e17);
    expect(relativeError(result.pValue, 2 * normalCdf(-Math.abs(result.statistic)))).toBeLessThan(1e-12);
    const half = 1.959963984540054 * result.standardError;
    expect(relativeError(result.low, result.difference - half)).toBeLessThan(1e-12);
    expect(relativeError(result.high, result.difference + half)).toBeLessThan(1e-12);
  });

  it('reads tallies as the answers they count', () => {
    const scale = { min: 1, max: 7 };
    for (const report of ['mean', 'agree', 'net'] as const) {
      expect(compareCes(tally(after, { scale }), before, { report })).toEqual(compareCes(after, before, { report }));
    }
  });

  property.prop([ces2Answers, ces2Answers, fc.constantFrom('mean', 'agree', 'net' as const)])(
    'is antisymmetric, holds its difference in its interval, and never mutates',
    (a, b, report) => {
      const frozenA = deepFreeze([...a]);
      const frozenB = deepFreeze([...b]);
      const ab = compareCes(frozenA, frozenB, { report });
      const ba = compareCes(frozenB, frozenA, { report });
      expect(ab.difference).toBeCloseTo(-ba.difference, 12);
      expect(ab.statistic === -ba.statistic || Math.abs(ab.statistic + ba.statistic) < 1e-9).toBe(true);
      expect(ab.pValue).toBeCloseTo(ba.pValue, 12);
      expect(ab.degreesOfFreedom).toBe(ba.degreesOfFreedom);
      expect(ab.pValue).toBeGreaterThanOrEqual(0);
      expect(ab.pValue).toBeLessThanOrEqual(1);
      expect(ab.low).toBeLessThanOrEqual(ab.difference + 1e-12);
      expect(ab.high).toBeGreaterThanOrEqual(ab.difference - 1e-12);
      const limit = report === 'mean' ? 6 : report === 'agree' ? 1 : 2;
      expect(ab.low).toBeGreaterThanOrEqual(-limit);
      expect(ab.high).toBeLessThanOrEqual(limit);
      if (ab.degreesOfFreedom !== null) {
        // Welch's degrees of freedom lie between min(n) - 1 and n_a + n_b - 2.
        expect(ab.degreesOfFreedom).toBeGreaterThanOrEqual(Math.min(a.length, b.length) - 1 - 1e-9);
        expect(ab.degreesOfFreedom).toBeLessThanOrEqual(a.length + b.length - 2 + 1e-9);
      }
      expect(frozenA).toEqual(a);
    },
  );

  property.prop([ces2Answers, ces2Answers, reports, fc.constantFrom(0.8, 0.95, 0.99)])(
    'mirrors its interval when the samples are swapped, keeping the p-value',
    (a, b, report, confidence) => {
      const ab = compareCes(a, b, { report, confidence });
      const ba = compareCes(b, a, { report, confidence });
      expect(ab.difference + ba.difference).toBeCloseTo(0, 12);
      expectMirrored(ab, ba, { bounds: 9, standardError: 12 });
    },
  );

  property.prop([ces2Answers, ces2Answers])('does not depend on the order of the answers', (a, b) => {
    expect(compareCes([...a].reverse(), b)).toEqual(compareCes(a, b));
  });

  it('refuses a method that does not fit the report, too few answers for a mean, and bad options', () => {
    // With a literal report, a test of another report is a type error too.
    expectError(() => compareCes(after, before, { method: 'newcombe' }), 'INVALID_ARGUMENT', 'compareCes');
    expectError(
      // @ts-expect-error -- 'welch' is not a test of the agree shares
      () => compareCes(after, before, { report: 'agree', method: 'welch' }),
      'INVALID_ARGUMENT',
      'compareCes',
    );
    // @ts-expect-error -- 'welch' is not a test of the net shares
    expectError(() => compareCes(after, before, { report: 'net', method: 'welch' }), 'INVALID_ARGUMENT', 'compareCes');
    expect(expectError(() => compareCes(after, [6]), 'EMPTY_INPUT', 'compareCes').message).toBe(
      'compareCes: sample b: needs an effective sample size of at least 2 for a mean comparison, got 1 from 1 answer',
    );
    expect(compareCes([7], [6], { report: 'agree' }).difference).toBe(0);
    expectError(() => compareCes([], before), 'EMPTY_INPUT', 'compareCes');
    expectError(() => compareCes(after, [null], { report: 'net' }), 'EMPTY_INPUT', 'compareCes');
    expectError(() => compareCes(after, before, { confidence: 0 }), 'INVALID_ARGUMENT', 'compareCes');
  });

  it('leaves missing answers out, and refuses impossible answers of either sample at their index or skips them', () => {
    expectBadAnswersPerSample(
      'compareCes',
      compareCes,
      [
        [7, 4, 2],
        [6, 5],
      ],
      impossibleAnswers,
      [8, NaN],
    );
  });
});
