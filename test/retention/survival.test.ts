import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { kaplanMeier, restrictedMeanSurvival } from '../../src/retention/survival';
import { deepFreeze, expectError } from '../helpers';

interface Observation {
  time: number;
  ended: boolean;
}
const read = {
  duration: (d: Observation) => d.time,
  ended: (d: Observation) => d.ended,
};
const observations = (rows: Array<[number, 0 | 1]>): Observation[] =>
  rows.map(([time, ended]) => ({ time, ended: ended === 1 }));

// Remission times in weeks of the 6-MP group of Freireich et al. (1963), Blood 21(6), 699-716;
// 1 = relapse, 0 = censored. The textbook example of Klein & Moeschberger (2003), Survival
// Analysis, 2nd ed., Table 4.1A, which gives S(t) and its Greenwood standard error:
// 0.857 (0.0764), 0.807 (0.0869), 0.753 (0.0963), 0.690 (0.1068), 0.627 (0.1141),
// 0.538 (0.1282), 0.448 (0.1346) at 6, 7, 10, 13, 16, 22 and 23 weeks; median 23 weeks.
// The log-log 95% bounds below were computed by hand with Python 3 (SciPy's norm.ppf) from
// θ = log(-log S), se_θ = sqrt(Σ d/(n(n-d))) / |log S|; at 6 weeks they are [0.620, 0.952], as R's
// survfit(..., conf.type = "log-log") prints for these data.
// prettier-ignore
const sixMp = observations([
  [6, 1], [6, 1], [6, 1], [6, 0], [7, 1], [9, 0], [10, 1], [10, 0], [11, 0], [13, 1], [16, 1],
  [17, 0], [19, 0], [20, 0], [22, 1], [23, 1], [25, 0], [32, 0], [32, 0], [34, 0], [35, 0],
]);

describe('kaplanMeier', () => {
  it('reproduces the 6-MP example of Klein & Moeschberger (2003), Table 4.1A', () => {
    const curve = kaplanMeier(sixMp, read);
    expect(curve.times).toEqual([6, 7, 9, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 34, 35]);
    expect(curve.atRisk).toEqual([21, 17, 16, 15, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 2, 1]);
    expect(curve.events).toEqual([3, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    expect(curve.censored).toEqual([1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 2, 1, 1]);
    const eventTimes = [6, 7, 10, 13, 16, 22, 23];
    const at = (t: number): number => curve.times.indexOf(t);
    const textbook = [0.857, 0.807, 0.753, 0.69, 0.627, 0.538, 0.448];
    const textbookSe = [0.0764, 0.0869, 0.0963, 0.1068, 0.1141, 0.1282, 0.1346];
    eventTimes.forEach((t, k) => {
      expect(curve.survival[at(t)]).toBeCloseTo(textbook[k]!, 3);
      expect(curve.standardError[at(t)]).toBeCloseTo(textbookSe[k]!, 4);
    });
    // Exact products: S(7) = 18/21 · 16/17.
    expect(curve.survival[at(7)]).toBeCloseTo((18 / 21) * (16 / 17), 14);
    expect(curve.survival[at(9)]).toBe(curve.survival[at(7)]);
    expect(curve.low[at(6)]).toBeCloseTo(0.6197179552659837, 12);
    expect(curve.high[at(6)]).toBeCloseTo(0.9515517476469971, 12);
    expect(curve.low[at(23)]).toBeCloseTo(0.1880520059592324, 12);
    expect(curve.high[at(23)]).toBeCloseTo(0.6801426284952415, 12);
    expect(curve).toMatchObject({ median: 23, confidence: 0.95, n: 21, missing: 0, invalid: 0 });
  });

  it('returns plain JSON', () => {
    const curve = kaplanMeier(sixMp, read);
    expect(JSON.parse(JSON.stringify(curve))).toEqual(curve);
  });

  it('keeps S at 1 with bounds of 1 until the first event, and at 0 with bounds of 0 once all have left', () => {
    const curve = kaplanMeier(
      observations([
        [1, 0],
        [2, 1],
        [3, 1],
        [3, 1],
      ]),
      read,
    );
    expect(curve.survival).toEqual([1, 2 / 3, 0]);
    expect(curve.low[0]).toBe(1);
    expect(curve.high[0]).toBe(1);
    expect(curve.standardError[0]).toBe(0);
    // The last step has d = n: no Greenwood term, and S = 0 is certain.
    expect(curve).toMatchObject({ low: [1, curve.low[1], 0], high: [1, curve.high[1], 0] });
    expect(curve.standardError[2]).toBe(0);
    expect(curve.standardError[1]).toBeCloseTo((2 / 3) * Math.sqrt(1 / (3 * 2)), 14);
    expect(curve.median).toBe(3);
  });

  it('puts the median where S first reaches 0.5, also when the product rounds just above it', () => {
    expect(
      kaplanMeier(
        observations([
          [1, 1],
          [2, 1],
          [3, 1],
          [4, 1],
        ]),
        read,
      ).median,
    ).toBe(2);
    // Π_{k<12} (23 - k)/(24 - k) = 12/24 is 0.5000000000000001 in floating point.
    const rows = Array.from({ length: 24 }, (_, k) => ({ time: k + 1, ended: true }));
    expect(kaplanMeier(rows, read).median).toBe(12);
    expect(
      kaplanMeier(
        observations([
          [1, 1],
          [2, 0],
          [3, 0],
        ]),
        read,
      ).median,
    ).toBeNull();
  });

  it('widens the interval with the confidence level', () => {
    const narrow = kaplanMeier(sixMp, { ...read, confidence: 0.8 });
    const wide = kaplanMeier(sixMp, { ...read, confidence: 0.99 });
    expect(narrow.confidence).toBe(0.8);
    narrow.times.forEach((_, k) => {
      expect(wide.low[k]).toBeLessThanOrEqual(narrow.low[k]!);
      expect(wide.high[k]).toBeGreaterThanOrEqual(narrow.high[k]!);
    });
  });

  it('accepts a duration of 0 and any iterable', () => {
    const curve = kaplanMeier(
      new Set(
        observations([
          [0, 1],
          [0, 0],
          [4, 1],
        ]),
      ),
      read,
    );
    expect(curve).toMatchObject({ times: [0, 4], atRisk: [3, 1], survival: [2 / 3, 0] });
  });

  it('skips and counts missing durations or flags, or refuses them under missing: "throw"', () => {
    const rows = [...sixMp, { time: null, ended: true }, { time: 3, ended: undefined }] as unknown as Observation[];
    const curve = kaplanMeier(rows, read);
    expect(curve).toMatchObject({ n: 21, missing: 2, invalid: 0, median: 23 });
    const error = expectError(() => kaplanMeier(rows, { ...read, missing: 'throw' }), 'INVALID_VALUE', 'kaplanMeier');
    expect(error.details).toMatchObject({ index: 21, field: 'duration' });
  });

  property.prop([
    fc.array(fc.record({ time: fc.nat(50), ended: fc.boolean() }), { minLength: 1, maxLength: 30 }),
    fc.oneof(
      fc.record({ time: fc.constantFrom(-1, -0.5, NaN, Infinity, -Infinity, '3', true), ended: fc.boolean() }),
      fc.record({ time: fc.nat(50), ended: fc.constantFrom(0, 1, 'true', 'yes', {}) }),
    ),
    fc.nat(),
  ])(
    'refuses a negative or non-finite duration or a non-boolean flag with INVALID_VALUE at its index, or skips it',
    (rows, bad, at) => {
      const index = at % (rows.length + 1);
      const withBad = [...rows.slice(0, index), bad, ...rows.slice(index)] as Observation[];
      const error = expectError(() => kaplanMeier(withBad, read), 'INVALID_VALUE', 'kaplanMeier');
      expect(error.details.index).toBe(index);
      expect(error.details.value).toBe(typeof bad.ended === 'boolean' ? bad.time : bad.ended);
      const skipped = kaplanMeier(withBad, { ...read, invalid: 'skip' });
      expect(skipped).toEqual({ ...kaplanMeier(rows, read), invalid: 1 });
    },
  );

  it('refuses empty input with EMPTY_INPUT and bad options with INVALID_ARGUMENT', () => {
    expectError(() => kaplanMeier([], read), 'EMPTY_INPUT', 'kaplanMeier');
    expectError(() => kaplanMeier([{ time: null, ended: true }] as never, read), 'EMPTY_INPUT', 'kaplanMeier');
    for (const options of [
      { ended: read.ended },
      { duration: read.duration },
      { duration: 'time', ended: read.ended },
      { ...read, confidence: 1 },
      { ...read, confidence: 0 },
      { ...read, confidence: '0.9' },
      { ...read, missing: 'drop' },
      { ...read, invalid: 'ignore' },
    ]) {
      expectError(() => kaplanMeier(sixMp, options as never), 'INVALID_ARGUMENT', 'kaplanMeier');
    }
    expectError(() => kaplanMeier(sixMp, undefined as never), 'INVALID_ARGUMENT', 'kaplanMeier');
    expectError(() => kaplanMeier(7 as never, read), 'INVALID_ARGUMENT', 'kaplanMeier');
  });

  const sample = fc.array(fc.record({ time: fc.integer({ min: 0, max: 20 }), ended: fc.boolean() }), {
    minLength: 1,
    maxLength: 60,
  });

  property.prop([fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 60 })])(
    'equals the empirical survival function 1 - F_n(t) without censoring',
    (times) => {
      const curve = kaplanMeier(times, { duration: (t) => t, ended: () => true });
      expect(curve.times).toEqual([...new Set(times)].sort((a, b) => a - b));
      curve.times.forEach((t, k) => {
        expect(curve.survival[k]).toBeCloseTo(times.filter((u) => u > t).length / times.length, 12);
      });
    },
  );

  property.prop([sample, fc.constantFrom(0.8, 0.9, 0.95, 0.99)])(
    'is non-increasing in [0, 1], its bounds contain it, and its counts add up',
    (rows, confidence) => {
      const curve = kaplanMeier(rows, { ...read, confidence });
      expect(curve.n).toBe(rows.length);
      const k = curve.times.length;
      for (const column of [curve.atRisk, curve.events, curve.censored, curve.survival, curve.low, curve.high]) {
        expect(column).toHaveLength(k);
      }
      expect(curve.events.reduce((a, b) => a + b, 0) + curve.censored.reduce((a, b) => a + b, 0)).toBe(rows.length);
      expect(curve.atRisk[0]).toBe(rows.length);
      for (let i = 0; i < k; i++) {
        const s = curve.survival[i]!;
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(curve.low[i]).toBeGreaterThanOrEqual(0);
        expect(curve.low[i]).toBeLessThanOrEqual(s + 1e-12);
        expect(curve.high[i]).toBeGreaterThanOrEqual(s - 1e-12);
        expect(curve.high[i]).toBeLessThanOrEqual(1);
        expect(curve.standardError[i]).toBeGreaterThanOrEqual(0);
        if (i > 0) {
          expect(curve.times[i]).toBeGreaterThan(curve.times[i - 1]!);
          expect(s).toBeLessThanOrEqual(curve.survival[i - 1]!);
          expect(curve.atRisk[i]).toBe(curve.atRisk[i - 1]! - curve.events[i - 1]! - curve.censored[i - 1]!);
        }
      }
      const median = curve.median;
      if (median === null) expect(curve.survival[k - 1]).toBeGreaterThan(0.5);
      else expect(curve.survival[curve.times.indexOf(median)]).toBeLessThanOrEqual(0.5 + 1e-12);
    },
  );

  property.prop([sample])('does not depend on the order of the input and never mutates it', (rows) => {
    const frozen = deepFreeze(rows.map((r) => ({ ...r })));
    const curve = kaplanMeier(frozen, read);
    expect(frozen).toEqual(rows);
    expect(kaplanMeier([...frozen].reverse(), read)).toEqual(curve);
  });

  // Every count is multiplied by k, so each factor 1 - k d / (k n) is the same quotient: exact.
  property.prop([sample, fc.integer({ min: 2, max: 4 })])(
    'keeps its survival and median when every record is duplicated',
    (rows, copies) => {
      const curve = kaplanMeier(rows, read);
      const copied = kaplanMeier(Array.from({ length: copies }, () => rows).flat(), read);
      expect(copied.times).toEqual(curve.times);
      expect(copied.survival).toEqual(curve.survival);
      expect(copied.median).toBe(curve.median);
      expect(copied.atRisk).toEqual(curve.atRisk.map((n) => copies * n));
    },
  );

  // S(t) of a step function: the last survival at or before t, 1 before the first time.
  const survivalAt = (curve: { times: number[]; survival: number[] }, t: number): number => {
    let s = 1;
    for (let i = 0; i < curve.times.length && curve.times[i]! <= t; i++) s = curve.survival[i]!;
    return s;
  };

  property.prop([sample, fc.nat(5), fc.boolean(), fc.nat()])(
    'never falls with one more customer still there after every time, nor with an event read as censored',
    (rows, extra, ended, pick) => {
      const curve = kaplanMeier(rows, read);
      const longer = kaplanMeier([...rows, { time: 21 + extra, ended }], read);
      const index = pick % rows.length;
      const censored = kaplanMeier(
        rows.map((r, i) => (i === index ? { ...r, ended: false } : r)),
        read,
      );
      for (const t of curve.times) {
        expect(survivalAt(longer, t)).toBeGreaterThanOrEqual(survivalAt(curve, t));
        expect(survivalAt(censored, t)).toBeGreaterThanOrEqual(survivalAt(curve, t));
      }
    },
  );
});

describe('restrictedMeanSurvival', () => {
  it('is the area under the 6-MP curve (computed by hand with Python 3 from the step function above)', () => {
    const curve = kaplanMeier(sixMp, read);
    // 6 + S(6)·1 + S(7)·3 + S(10)·3 + S(13)·3 + S(16)·6 + S(22)·1 weeks up to 23.
    expect(restrictedMeanSurvival(curve, 23).mean).toBeCloseTo(17.909243697478992, 12);
    expect(restrictedMeanSurvival(curve, 35)).toEqual({
      tau: 35,
      mean: expect.closeTo(23.287394957983192, 12),
      extrapolated: false,
    });
    // Beyond the last time, 35, S stays at its last value, 0.448, and the result says so.
    expect(restrictedMeanSurvival(curve, 45)).toEqual({
      tau: 45,
      mean: expect.closeTo(23.287394957983192 + 10 * curve.survival.at(-1)!, 12),
      extrapolated: true,
    });
    expect(restrictedMeanSurvival(curve, 35.001).extrapolated).toBe(true);
    // A curve stored as read-only data (frozen, or typed `as const`) is read as it is.
    const stored = Object.freeze({
      times: [2, 3, 5, 8, 12],
      survival: [0.8571, 0.7143, 0.5357, 0.3571, 0.3571],
    } as const);
    expect(restrictedMeanSurvival(stored, 10).mean).toBeCloseTo(6.607, 3);
    expect(restrictedMeanSurvival(curve, 3).mean).toBe(3);
    expect(restrictedMeanSurvival(curve, 6).mean).toBe(6);
  });

  it('reads any { times, survival } step function, including a drop at time 0 and an empty one', () => {
    // A curve that reached 0 stays there: beyond its last time nothing is assumed.
    expect(restrictedMeanSurvival({ times: [0, 2], survival: [0.5, 0] }, 4)).toEqual({
      tau: 4,
      mean: 1,
      extrapolated: false,
    });
    expect(restrictedMeanSurvival({ times: [], survival: [] }, 4)).toEqual({ tau: 4, mean: 4, extrapolated: true });
  });

  property.prop([
    fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 1, maxLength: 40 }),
    fc.double({ min: 0.01, max: 80, noNaN: true }),
  ])('equals the mean of min(duration, tau) without censoring', (times, tau) => {
    const curve = kaplanMeier(times, { duration: (t) => t, ended: () => true });
    const expected = times.reduce((sum, t) => sum + Math.min(t, tau), 0) / times.length;
    expect(restrictedMeanSurvival(curve, tau).mean).toBeCloseTo(expected, 9);
  });

  property.prop([
    fc.array(fc.record({ time: fc.integer({ min: 0, max: 20 }), ended: fc.boolean() }), {
      minLength: 1,
      maxLength: 40,
    }),
    fc.double({ min: 0.01, max: 30, noNaN: true }),
    fc.double({ min: 0, max: 10, noNaN: true }),
  ])('lies in [0, tau], grows with tau, and never mutates the curve', (rows, tau, more) => {
    const curve = deepFreeze(kaplanMeier(rows, read));
    const copy = JSON.parse(JSON.stringify(curve)) as unknown;
    const { mean } = restrictedMeanSurvival(curve, tau);
    expect(mean).toBeGreaterThanOrEqual(0);
    expect(mean).toBeLessThanOrEqual(tau);
    expect(restrictedMeanSurvival(curve, tau + more).mean).toBeGreaterThanOrEqual(mean - 1e-12);
    expect(curve).toEqual(copy);
  });

  // Durations with two decimals, as stored: the widths of the steps before tau add up to tau only
  // up to rounding (2.32 + (7.3 − 2.32) is 7.300000000000001).
  const hundredths = fc.integer({ min: 0, max: 1200 }).map((k) => k / 100);
  property.prop(
    [
      fc.array(fc.record({ time: hundredths, ended: fc.boolean() }), { minLength: 1, maxLength: 8 }),
      hundredths.filter((tau) => tau > 0),
    ],
    { numRuns: 2000 },
  )('lies between S(tau) x tau and tau with durations in hundredths', (rows, tau) => {
    const curve = kaplanMeier(rows, read);
    const { mean } = restrictedMeanSurvival(curve, tau);
    // The level of the last step before tau: S never increases, so the area is at least that times tau.
    const before = curve.times.filter((time) => time < tau).length - 1;
    expect(mean).toBeGreaterThanOrEqual((before < 0 ? 1 : curve.survival[before]!) * tau);
    expect(mean).toBeLessThanOrEqual(tau);
  });

  it('gives tau itself when no one has left before it', () => {
    // The steps' widths summed to 7.300000000000001 and 7.299999999999999.
    for (const time of [2.32, 1.44]) {
      const curve = kaplanMeier([{ time, ended: false }], read);
      expect(restrictedMeanSurvival(curve, 7.3)).toEqual({ tau: 7.3, mean: 7.3, extrapolated: true });
    }
  });

  it('refuses a tau that is not a finite number > 0 and a malformed curve with INVALID_ARGUMENT', () => {
    const curve = kaplanMeier(sixMp, read);
    for (const tau of [0, -1, NaN, Infinity, '10', null]) {
      expectError(() => restrictedMeanSurvival(curve, tau as number), 'INVALID_ARGUMENT', 'restrictedMeanSurvival');
    }
    for (const bad of [
      null,
      5,
      { times: [1, 2] },
      { times: [1, 2], survival: [0.5] },
      { times: [1], survival: [0.5, 0.2] },
      { times: [2, 1], survival: [0.9, 0.5] },
      { times: [-1, 1], survival: [0.9, 0.5] },
      { times: [1, NaN], survival: [0.9, 0.5] },
      { times: [1, 2], survival: [0.5, 0.9] },
      { times: [1, 2], survival: [1.5, 0.9] },
      { times: [1, 2], survival: [0.9, -0.1] },
      { times: [1, 2], survival: [0.9, '0.5'] },
      { times: [1, 50], survival: [0.9, 0.95] }, // checked beyond tau as well
    ]) {
      expectError(() => restrictedMeanSurvival(bad as never, 10), 'INVALID_ARGUMENT', 'restrictedMeanSurvival');
    }
  });
});
