import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { churnRate, retentionRate } from '../../src/retention/rates';
import { fitShiftedBetaGeometric } from '../../src/models/sbg';
import { betaDraw, seededRandom } from '../../src/stats/random';
import { kaplanMeier } from '../../src/retention/survival';
import {
  subscriptionCohorts,
  subscriptionMetrics,
  subscriptionTenures,
  type Subscription,
} from '../../src/retention/subscriptions';
import { periodOf, type Period } from '../../src/time/period';
import { deepFreeze, expectError } from '../helpers';

const fn = 'subscriptionMetrics';
// Day k of 2024 (k = 0 is 2024-01-01) as YYYY-MM-DD.
const day = (k: number): string => new Date(Date.UTC(2024, 0, 1 + k)).toISOString().slice(0, 10);

// A random subscription of customer 0..lastCustomer on days 0..40 of 2024: start and end as day
// numbers, the end `length` days later or absent (still active).
const randomSubscription = (lastCustomer: number, length: { min: number; max: number }) =>
  fc
    .record({
      customer: fc.integer({ min: 0, max: lastCustomer }),
      first: fc.integer({ min: 0, max: 40 }),
      length: fc.option(fc.integer(length), { nil: undefined }),
    })
    .map(({ customer, first, length }) => ({
      customerId: customer,
      start: first,
      end: length === undefined ? undefined : first + length,
    }));

interface DaySubscription {
  customerId: number;
  start: number;
  end: number | undefined;
}

// Random subscriptions observed on day `asOf`: as records (frozen, so that the function under test
// cannot change them), those started by then, and whether they serve customer c on day d.
function observe(rows: DaySubscription[], asOf: number) {
  const records = deepFreeze(
    rows.map((r) => ({ customerId: r.customerId, start: day(r.start), end: r.end === undefined ? null : day(r.end) })),
  );
  const started = rows.filter((r) => r.start <= asOf);
  const served = (c: number, d: number): boolean =>
    started.some((r) => r.customerId === c && r.start <= d && (r.end === undefined || r.end > d));
  return { records, started, served };
}

// The example of the JSDoc: window 2024-01-01 to 2024-03-31.
const example: Subscription[] = [
  { customerId: 'a', start: '2023-06-01' }, // active throughout: kept
  { customerId: 'b', start: '2023-09-15', end: '2024-03-01' }, // active on from, gone on to: lost
  { customerId: 'c', start: '2023-01-01', end: '2023-11-01' }, // ended before from ...
  { customerId: 'c', start: '2024-02-01' }, // ... and came back: acquired and reactivated
  { customerId: 'd', start: '2024-01-10', end: '2024-02-10' }, // joined and left inside the window
  { customerId: 'e', start: '2024-01-20' }, // new: acquired
];

describe('subscriptionMetrics', () => {
  it('counts S, E, acquired, lost, reactivated and joined-and-left by the rules of its JSDoc', () => {
    expect(subscriptionMetrics(example, { from: '2024-01-01', to: '2024-03-31' })).toEqual({
      from: '2024-01-01',
      to: '2024-03-31',
      timeZone: 'UTC',
      start: 2,
      end: 3,
      acquired: 2,
      lost: 1,
      retentionRate: 0.5,
      churnRate: 0.5,
      reactivated: 1,
      joinedAndLeft: 1,
      missing: 0,
      invalid: 0,
    });
  });

  it('agrees with retentionRate (E - N) / S and churnRate lost / S (REFERENCES.md, "Purchases and retention")', () => {
    const result = subscriptionMetrics(example, { from: '2024-01-01', to: '2024-03-31' });
    expect(result.retentionRate).toBe(
      retentionRate({ start: result.start, end: result.end, acquired: result.acquired }),
    );
    expect(result.churnRate).toBe(churnRate({ start: result.start, lost: result.lost }));
  });

  it('reads a date-only start or end as its own day in any zone, as the transaction functions do', () => {
    // Samoa skipped 2011-12-30: service from that date to 2012-01-02 is three days (30, 31, 1).
    const skipped = [{ customerId: 'a', start: '2011-12-30', end: '2012-01-02' }];
    const options = { asOf: '2012-01-31', unit: 'day', timeZone: 'Pacific/Apia' } as const;
    expect(subscriptionTenures(skipped, options).tenures[0]).toMatchObject({ start: '2011-12-30', duration: 3 });
  });

  it('treats an end date as the first day without service', () => {
    const subscriptions = [
      { customerId: 1, start: '2024-01-01', end: '2024-02-01' }, // not active on 2024-02-01
      { customerId: 2, start: '2024-01-01', end: '2024-02-02' }, // still active on 2024-02-01
      { customerId: 3, start: '2024-02-01' }, // active from its first day
    ];
    const result = subscriptionMetrics(subscriptions, { from: '2024-01-01', to: '2024-02-01' });
    expect(result).toMatchObject({ start: 2, end: 2, lost: 1, acquired: 1, reactivated: 0 });
  });

  it('counts as reactivated only customers whose earlier subscription ended on or before from', () => {
    const subscriptions = [
      { customerId: 'on-from', start: '2023-10-01', end: '2024-01-01' },
      { customerId: 'on-from', start: '2024-01-15' },
      { customerId: 'inside', start: '2024-01-02', end: '2024-01-05' },
      { customerId: 'inside', start: '2024-01-15' },
      { customerId: 'kept', start: '2023-01-01' },
    ];
    const result = subscriptionMetrics(subscriptions, { from: '2024-01-01', to: '2024-01-31' });
    expect(result).toMatchObject({ start: 1, end: 3, acquired: 2, reactivated: 1, joinedAndLeft: 0 });
    // Service through December 31 (ended on from) is not service in the window: not joined and left.
    const endedOnFrom = [...subscriptions, { customerId: 'before', start: '2023-12-01', end: '2024-01-01' }];
    expect(subscriptionMetrics(endedOnFrom, { from: '2024-01-01', to: '2024-01-31' })).toMatchObject({
      start: 1,
      joinedAndLeft: 0,
    });
  });

  it('counts a customer once whatever their subscriptions, and skips service of no day', () => {
    const subscriptions = [
      { customerId: 'x', start: '2023-01-01', end: '2024-06-01' },
      { customerId: 'x', start: '2023-05-01' },
      { customerId: 'y', start: '2023-01-01' },
      { customerId: 'z', start: '2024-02-10T08:00:00Z', end: '2024-02-10T09:00:00Z' }, // no full day
      { customerId: 'w', start: '2024-02-10', end: '2024-02-11' }, // one day inside the window
    ];
    const result = subscriptionMetrics(subscriptions, { from: '2024-01-01', to: '2024-03-31' });
    expect(result).toMatchObject({ start: 2, end: 2, acquired: 0, lost: 0, retentionRate: 1, joinedAndLeft: 1 });
  });

  it('accepts a one-day window (from = to), Dates and epoch milliseconds', () => {
    const subscriptions = [
      { customerId: 'a', start: new Date('2024-01-01T00:00:00Z') },
      { customerId: 'b', start: Date.UTC(2023, 11, 1), end: Date.UTC(2024, 0, 1) },
    ];
    expect(subscriptionMetrics(subscriptions, { from: '2023-12-31', to: '2023-12-31' })).toMatchObject({
      start: 1,
      end: 1,
      retentionRate: 1,
    });
    expect(
      subscriptionMetrics(subscriptions, { from: new Date('2023-12-31'), to: Date.UTC(2024, 0, 1) }),
    ).toMatchObject({ start: 1, end: 1, lost: 1, acquired: 1 });
  });

  it('reads calendar days in the time zone', () => {
    // 2024-01-31T20:00Z is already 2024-02-01 in Tokyo (UTC+9).
    const subscriptions = [
      { customerId: 'a', start: '2023-12-01' },
      { customerId: 'b', start: '2023-12-01', end: '2024-01-31T20:00:00Z' },
    ];
    const utc = subscriptionMetrics(subscriptions, { from: '2024-01-01', to: '2024-01-31' });
    expect(utc).toMatchObject({ lost: 1, timeZone: 'UTC' });
    const tokyo = subscriptionMetrics(subscriptions, { from: '2024-01-01', to: '2024-01-31', timeZone: 'Asia/Tokyo' });
    expect(tokyo).toMatchObject({ lost: 0, retentionRate: 1, timeZone: 'Asia/Tokyo' });
  });

  it('reads other field names through accessors', () => {
    const rows = [
      { who: 'a', since: '2023-01-01', until: null },
      { who: 'b', since: '2023-01-01', until: '2024-01-15' },
    ];
    const result = subscriptionMetrics(rows, {
      from: '2024-01-01',
      to: '2024-01-31',
      customer: (d) => d.who,
      start: (d) => d.since,
      end: (d) => d.until,
    });
    expect(result).toMatchObject({ start: 2, end: 1, churnRate: 0.5 });
  });

  it('skips and counts subscriptions without customer or start, or refuses them under missing: "throw"', () => {
    const rows = [...example, { customerId: null, start: '2023-01-01' }, { customerId: 'q' }, 'not a record'];
    const result = subscriptionMetrics(rows as Subscription[], { from: '2024-01-01', to: '2024-03-31' });
    expect(result).toMatchObject({ start: 2, end: 3, missing: 3, invalid: 0 });
    const error = expectError(
      () => subscriptionMetrics(rows as Subscription[], { from: '2024-01-01', to: '2024-03-31', missing: 'throw' }),
      'INVALID_VALUE',
      fn,
    );
    expect(error.details).toMatchObject({ index: 6, field: 'customer' });
  });

  const invalidRows: Array<[string, unknown]> = [
    ['end before start', { customerId: 'z', start: '2024-01-10', end: '2024-01-09' }],
    [
      'end an hour before start, on the day before',
      { customerId: 'z', start: '2024-01-10T00:30Z', end: '2024-01-09T23:30Z' },
    ],
    ['unparseable start', { customerId: 'z', start: '2024-13-01' }],
    ['unparseable end', { customerId: 'z', start: '2024-01-01', end: 'soon' }],
    ['empty end (a CSV cell)', { customerId: 'z', start: '2024-01-01', end: '' }],
    ['start of another type', { customerId: 'z', start: true }],
    ['customer of another type', { customerId: { id: 1 }, start: '2024-01-01' }],
    ['non-finite customer', { customerId: NaN, start: '2024-01-01' }],
    ['empty-string customer (a CSV cell)', { customerId: '', start: '2024-01-01' }],
    ['start NaN', { customerId: 'z', start: NaN }],
    ['infinite start', { customerId: 'z', start: Infinity }],
    ['infinite end', { customerId: 'z', start: '2024-01-01', end: Infinity }],
  ];
  for (const [what, row] of invalidRows) {
    it(`refuses a subscription with ${what} with INVALID_VALUE at its index, or skips and counts it`, () => {
      const rows = [...example.slice(0, 2), row, ...example.slice(2)] as Subscription[];
      const error = expectError(
        () => subscriptionMetrics(rows, { from: '2024-01-01', to: '2024-03-31' }),
        'INVALID_VALUE',
        fn,
      );
      expect(error.details.index).toBe(2);
      const skipped = subscriptionMetrics(rows, { from: '2024-01-01', to: '2024-03-31', invalid: 'skip' });
      expect(skipped).toMatchObject({ start: 2, end: 3, invalid: 1, missing: 0 });
    });
  }

  it('compares an end with its start by calendar day in the time zone, not by instant', () => {
    // Ends earlier on the start's own day: a subscription of no day, not an end before the start.
    const sameDay = [{ customerId: 'z', start: '2024-02-01T10:00:00Z', end: '2024-02-01' }];
    expect(subscriptionTenures(sameDay, { asOf: '2024-06-30', unit: 'day' }).tenures).toMatchObject([
      { duration: 0, ended: true },
    ]);
    // 23:00 UTC on Jan 31 is a day before the start in UTC, but Feb 1 08:00 in Tokyo, as is the start (19:00).
    const acrossMidnight = [{ customerId: 'z', start: '2024-02-01T10:00:00Z', end: '2024-01-31T23:00:00Z' }];
    expectError(() => subscriptionTenures(acrossMidnight, { asOf: '2024-06-30', unit: 'day' }), 'INVALID_VALUE');
    const tokyo = subscriptionTenures(acrossMidnight, { asOf: '2024-06-30', unit: 'day', timeZone: 'Asia/Tokyo' });
    expect(tokyo.tenures).toMatchObject([{ start: '2024-02-01', duration: 0, ended: true }]);
  });

  it.each([
    [
      // 20240301 as a number is epoch milliseconds: a few hours into 1970; both instants are shown.
      { customerId: 'z', start: '2024-01-15', end: 20240301 },
      'subscriptionMetrics: invalid value at index 0: 20240301 (end: 1970-01-01T05:37:20.301Z comes before the start, 2024-01-15T00:00:00.000Z)',
    ],
    [
      // An empty string says how to mark a subscription still active.
      { customerId: 'z', start: '2024-01-01', end: '' },
      'subscriptionMetrics: invalid value at index 0: "" (end: not a date; give null or undefined for a subscription still active)',
    ],
  ])('explains a refused end: %o', (row, message) => {
    const error = expectError(
      () => subscriptionMetrics([row] as Subscription[], { from: '2024-01-01', to: '2024-03-31' }),
      'INVALID_VALUE',
      fn,
    );
    expect(error.message).toBe(message);
  });

  it('refuses bad options with INVALID_ARGUMENT', () => {
    const window = { from: '2024-01-01', to: '2024-03-31' };
    for (const options of [
      { from: '2024-03-31', to: '2024-01-01' },
      { from: 'yesterday', to: '2024-01-01' },
      { to: '2024-01-01' },
      { from: '2024-01-01' },
      {},
      { ...window, timeZone: 'Mars/Olympus' },
      { ...window, customer: 'customerId' },
      { ...window, start: 3 },
      { ...window, end: {} },
      { ...window, missing: 'ignore' },
      { ...window, invalid: 'drop' },
    ]) {
      expectError(() => subscriptionMetrics(example, options as never), 'INVALID_ARGUMENT', fn);
    }
    expectError(() => subscriptionMetrics(example, undefined as never), 'INVALID_ARGUMENT', fn);
    expectError(() => subscriptionMetrics(null as never, window), 'INVALID_ARGUMENT', fn);
    expectError(() => subscriptionMetrics(42 as never, window), 'INVALID_ARGUMENT', fn);
  });

  it('refuses a window with no customer active on from with EMPTY_INPUT', () => {
    expectError(() => subscriptionMetrics([], { from: '2024-01-01', to: '2024-01-31' }), 'EMPTY_INPUT', fn);
    const later = [{ customerId: 'a', start: '2024-01-02' }];
    const error = expectError(
      () => subscriptionMetrics(later, { from: '2024-01-01', to: '2024-01-31' }),
      'EMPTY_INPUT',
      fn,
    );
    expect(error.message).toContain('2024-01-01');
  });

  // Random subscriptions on days 0..40 of 2024, checked against the rules applied day by day.
  const subscription = randomSubscription(8, { min: 0, max: 30 });
  const window = fc
    .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }))
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

  property.prop([fc.array(subscription, { maxLength: 30 }), window])(
    'matches the counting rules applied day by day; retention + churn = 1; rates in [0, 1]; input not mutated',
    (rows, [from, to]) => {
      const customers = [...new Set(rows.map((r) => r.customerId))];
      const activeOn = (c: number, d: number): boolean =>
        rows.some((r) => r.customerId === c && r.start <= d && (r.end === undefined || r.end > d));
      const inS = customers.filter((c) => activeOn(c, from));
      const inE = customers.filter((c) => activeOn(c, to));
      const acquired = inE.filter((c) => !inS.includes(c));
      const days = Array.from({ length: to - from + 1 }, (_, k) => from + k);
      const expected = {
        start: inS.length,
        end: inE.length,
        acquired: acquired.length,
        lost: inS.filter((c) => !inE.includes(c)).length,
        reactivated: acquired.filter((c) =>
          rows.some((r) => r.customerId === c && r.end !== undefined && r.end <= from),
        ).length,
        joinedAndLeft: customers.filter((c) => !inS.includes(c) && !inE.includes(c) && days.some((d) => activeOn(c, d)))
          .length,
      };
      const records = rows.map((r) => ({
        customerId: r.customerId,
        start: day(r.start),
        end: r.end === undefined ? null : day(r.end),
      }));
      const frozen = deepFreeze(records.map((r) => ({ ...r })));
      const run = (): ReturnType<typeof subscriptionMetrics> =>
        subscriptionMetrics(frozen, { from: day(from), to: day(to) });
      if (inS.length === 0) {
        expectError(run, 'EMPTY_INPUT', fn);
        return;
      }
      const result = run();
      expect(frozen).toEqual(records);
      expect(result).toMatchObject(expected);
      expect(result.retentionRate + result.churnRate).toBeCloseTo(1, 12);
      for (const rate of [result.retentionRate, result.churnRate]) {
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(1);
      }
      expect(subscriptionMetrics([...frozen].reverse(), { from: day(from), to: day(to) })).toEqual(result);
    },
  );

  it('names the index and the offending value of a refused subscription', () => {
    for (const [row, value] of [
      [{ customerId: 'z', start: 'soon' }, 'soon'],
      [{ customerId: 'z', start: '2024-01-01', end: Infinity }, Infinity],
      [{ customerId: NaN, start: '2024-01-01' }, NaN],
    ] as const) {
      const rows = [example[0], row] as Subscription[];
      const error = expectError(
        () => subscriptionMetrics(rows, { from: '2024-01-01', to: '2024-03-31' }),
        'INVALID_VALUE',
        fn,
      );
      expect(error.details).toMatchObject({ index: 1, value });
    }
  });

  property.prop([fc.array(subscription, { maxLength: 30 }), window, fc.nat()])(
    'is unchanged by duplicated records, keeps its rates with twin customers, and never loses retention to an open end',
    (rows, [from, to], pick) => {
      const records = rows.map((r) => ({
        customerId: r.customerId,
        start: day(r.start),
        end: r.end === undefined ? null : day(r.end),
      }));
      const options = { from: day(from), to: day(to) };
      fc.pre(rows.some((r) => r.start <= from && (r.end === undefined || r.end > from)));
      const result = subscriptionMetrics(records, options);
      expect(subscriptionMetrics([...records, ...records], options)).toEqual(result);
      const twins = subscriptionMetrics(
        [...records, ...records.map((r) => ({ ...r, customerId: r.customerId + 100 }))],
        options,
      );
      // Integer counts, each doubled: the rates are the same quotients, exactly.
      expect(twins.retentionRate).toBe(result.retentionRate);
      expect(twins.churnRate).toBe(result.churnRate);
      expect(twins.start).toBe(2 * result.start);
      const index = pick % records.length;
      const open = subscriptionMetrics(
        records.map((r, i) => (i === index ? { ...r, end: null } : r)),
        options,
      );
      expect(open.retentionRate).toBeGreaterThanOrEqual(result.retentionRate);
    },
  );
});

describe('subscriptionTenures', () => {
  const tenuresFn = 'subscriptionTenures';
  // The JSDoc example, observed through 2024-06-30.
  const subscriptions: Subscription[] = [
    { customerId: 'a', start: '2024-01-01', end: '2024-03-01' }, // ended: Jan 31 + Feb 29 = 60 days
    { customerId: 'b', start: '2024-01-15' }, // running: Jan 15 to Jun 30 served, 168 days
    { customerId: 'c', start: '2024-02-01', end: '2024-08-01' }, // ends after asOf: 151 days so far
    { customerId: 'd', start: '2024-07-01' }, // starts after asOf
  ];

  it('gives ended tenures as end - start and running ones as the days served through asOf', () => {
    expect(subscriptionTenures(subscriptions, { asOf: '2024-06-30', unit: 'day' })).toEqual({
      unit: 'day',
      asOf: '2024-06-30',
      timeZone: 'UTC',
      tenures: [
        { customerId: 'a', start: '2024-01-01', duration: 60, ended: true, subscriptions: 1 },
        { customerId: 'b', start: '2024-01-15', duration: 168, ended: false, subscriptions: 1 },
        { customerId: 'c', start: '2024-02-01', duration: 151, ended: false, subscriptions: 1 },
      ],
      startedAfterAsOf: 1,
      missing: 0,
      invalid: 0,
    });
  });

  it('feeds kaplanMeier: running subscriptions are censored, not counted as departures', () => {
    const { tenures } = subscriptionTenures(subscriptions, { asOf: '2024-06-30', unit: 'day' });
    const curve = kaplanMeier(tenures, { duration: (t) => t.duration, ended: (t) => t.ended });
    expect(curve.times).toEqual([60, 151, 168]);
    expect(curve.events).toEqual([1, 0, 0]);
    expect(curve.survival[0]).toBeCloseTo(2 / 3, 15);
  });

  it('treats the end as the first day without service, on the edges of asOf', () => {
    const edges = [
      { customerId: 1, start: '2024-06-01', end: '2024-06-30' }, // ends on asOf: seen to end
      { customerId: 2, start: '2024-06-01', end: '2024-07-01' }, // served through asOf: running
      { customerId: 3, start: '2024-06-30' }, // starts on asOf: one day served
      { customerId: 4, start: '2024-06-10', end: '2024-06-10' }, // no day of service
    ];
    const { tenures } = subscriptionTenures(edges, { asOf: '2024-06-30', unit: 'day' });
    expect(tenures.map((t) => [t.duration, t.ended])).toEqual([
      [29, true],
      [30, false],
      [1, false],
      [0, true],
    ]);
  });

  it('joins the subscriptions of one customer that overlap or touch into one spell, and no others', () => {
    const rows = [
      { customerId: 'plan change', start: '2024-01-01', end: '2024-02-01' },
      { customerId: 'came back', start: '2024-01-01', end: '2024-02-01' },
      { customerId: 'plan change', start: '2024-02-01', end: '2024-05-01' },
      { customerId: 'came back', start: '2024-02-02' }, // a day without service between
      { customerId: 'overlap', start: '2024-03-01', end: '2024-04-01' },
      { customerId: 'overlap', start: '2024-01-01', end: '2024-03-15' }, // given later, starts earlier
      { customerId: 'overlap', start: '2024-03-20', end: '2024-03-25' }, // inside the one before
      { customerId: 'no service', start: '2024-06-10', end: '2024-06-10' },
    ];
    const { tenures } = subscriptionTenures(rows, { asOf: '2024-06-30', unit: 'day' });
    expect(tenures.map((t) => [t.customerId, t.start, t.duration, t.ended, t.subscriptions])).toEqual([
      ['plan change', '2024-01-01', 121, true, 2],
      ['came back', '2024-01-01', 31, true, 1],
      ['came back', '2024-02-02', 150, false, 1],
      ['overlap', '2024-01-01', 91, true, 3],
      ['no service', '2024-06-10', 0, true, 1],
    ]);
  });

  it('expresses durations in weeks, mean Gregorian months, quarters or years', () => {
    const one = [{ customerId: 1, start: '2023-01-01', end: '2024-01-01' }]; // 365 days
    const duration = (unit: 'week' | 'month' | 'quarter' | 'year'): number =>
      subscriptionTenures(one, { asOf: '2024-06-30', unit }).tenures[0]!.duration;
    expect(duration('week')).toBe(365 / 7);
    expect(duration('month')).toBe(365 / 30.436875);
    expect(duration('quarter')).toBe(365 / (365.2425 / 4));
    expect(duration('year')).toBe(365 / 365.2425);
  });

  it('reads calendar days in the time zone', () => {
    // 20:00 UTC on Jan 1 is already Jan 2 in Tokyo; the end, 2024-01-31T00:00Z, is Jan 31 there.
    const rows = [{ customerId: 1, start: '2024-01-01T20:00:00Z', end: '2024-01-31T00:00:00Z' }];
    const utc = subscriptionTenures(rows, { asOf: '2024-06-30', unit: 'day' });
    const tokyo = subscriptionTenures(rows, { asOf: '2024-06-30', unit: 'day', timeZone: 'Asia/Tokyo' });
    expect(utc.tenures[0]).toMatchObject({ start: '2024-01-01', duration: 30 });
    expect(tokyo.tenures[0]).toMatchObject({ start: '2024-01-02', duration: 29 });
    expect(tokyo.timeZone).toBe('Asia/Tokyo');
  });

  it('skips and counts missing fields, and refuses or skips invalid rows like subscriptionMetrics', () => {
    const rows = [
      ...subscriptions,
      { customerId: 'e', start: null },
      { customerId: null, start: '2024-01-01' },
      { customerId: 'f', start: '2024-01-01', end: '' },
    ] as Subscription[];
    const error = expectError(
      () => subscriptionTenures(rows, { asOf: '2024-06-30', unit: 'day' }),
      'INVALID_VALUE',
      tenuresFn,
    );
    expect(error.message).toBe(
      'subscriptionTenures: invalid value at index 6: "" (end: not a date; give null or undefined for a subscription still active)',
    );
    const skipped = subscriptionTenures(rows, { asOf: '2024-06-30', unit: 'day', invalid: 'skip' });
    expect(skipped).toMatchObject({ missing: 2, invalid: 1, startedAfterAsOf: 1 });
    expect(skipped.tenures).toHaveLength(3);
    // An unparseable end skips the whole subscription; it is not read as one still active.
    const badEnd = [...rows, { customerId: 'i', start: '2024-01-01', end: 'soon' }] as Subscription[];
    expect(subscriptionTenures(badEnd, { asOf: '2024-06-30', unit: 'day', invalid: 'skip' })).toEqual({
      ...skipped,
      invalid: 2,
    });
    const backwards = [{ customerId: 'g', start: '2024-02-01', end: '2024-01-01' }];
    expectError(() => subscriptionTenures(backwards, { asOf: '2024-06-30', unit: 'day' }), 'INVALID_VALUE', tenuresFn);
    expectError(
      () =>
        subscriptionTenures([{ customerId: 'h' }] as Subscription[], {
          asOf: '2024-06-30',
          unit: 'day',
          missing: 'throw',
        }),
      'INVALID_VALUE',
      tenuresFn,
    );
  });

  it('refuses bad options with INVALID_ARGUMENT', () => {
    const options = { asOf: '2024-06-30', unit: 'day' } as const;
    for (const bad of [
      { unit: 'day' },
      { asOf: 'someday', unit: 'day' },
      { asOf: '2024-06-30' },
      { asOf: '2024-06-30', unit: 'days' },
      { ...options, timeZone: 'Mars/Olympus' },
      { ...options, customer: 'customerId' },
      { ...options, start: 3 },
      { ...options, end: {} },
      { ...options, missing: 'ignore' },
      { ...options, invalid: 'drop' },
    ]) {
      expectError(() => subscriptionTenures(subscriptions, bad as never), 'INVALID_ARGUMENT', tenuresFn);
    }
    expectError(() => subscriptionTenures(subscriptions, undefined as never), 'INVALID_ARGUMENT', tenuresFn);
    expectError(() => subscriptionTenures(null as never, options), 'INVALID_ARGUMENT', tenuresFn);
  });

  it('refuses data with no subscription started by asOf with EMPTY_INPUT, saying what it skipped', () => {
    expectError(() => subscriptionTenures([], { asOf: '2024-06-30', unit: 'day' }), 'EMPTY_INPUT', tenuresFn);
    const error = expectError(
      () => subscriptionTenures([{ id: 1, from: '2024-01-01' }] as never, { asOf: '2024-06-30', unit: 'day' }),
      'EMPTY_INPUT',
      tenuresFn,
    );
    expect(error.message).toContain('no subscription started by 2024-06-30 (skipped: 1 row missing a field');
  });

  // Random subscriptions that serve at least one day, and a day to observe them, checked against
  // spells found day by day: runs of days on which the customer is served.
  const servingSubscription = randomSubscription(5, { min: 1, max: 20 });

  property.prop([fc.array(servingSubscription, { maxLength: 30 }), fc.integer({ min: 0, max: 40 })])(
    'finds the spells of days served; counts every subscription once; a later asOf never shortens a spell',
    (rows, asOf) => {
      const { records, started, served } = observe(rows, asOf);
      fc.pre(started.length > 0);
      const expected = [...new Set(started.map((r) => r.customerId))].flatMap((c) => {
        const spells: { customerId: number; start: string; duration: number; ended: boolean }[] = [];
        for (let d = 0; d <= asOf; d++) {
          if (!served(c, d) || (d > 0 && served(c, d - 1))) continue;
          let last = d;
          while (last < asOf && served(c, last + 1)) last++;
          const ended = !served(c, asOf) || last < asOf;
          spells.push({ customerId: c, start: day(d), duration: last - d + 1, ended });
        }
        return spells;
      });
      const result = subscriptionTenures(records, { asOf: day(asOf), unit: 'day' });
      expect(
        result.tenures.map(({ customerId, start, duration, ended }) => ({ customerId, start, duration, ended })),
      ).toEqual(expected);
      const counted = result.tenures.reduce((sum, t) => sum + t.subscriptions, 0);
      expect(counted + result.startedAfterAsOf).toBe(rows.length);

      const later = subscriptionTenures(records, { asOf: day(asOf + 5), unit: 'day' });
      for (const tenure of result.tenures) {
        const same = later.tenures.find((t) => t.customerId === tenure.customerId && t.start === tenure.start)!;
        expect(same.duration).toBeGreaterThanOrEqual(tenure.duration);
        if (tenure.ended) expect(same).toEqual(tenure);
      }
    },
  );

  // Copies of a customer's subscriptions serve the same days: the spells are those of the
  // subscriptions once (the same starts, durations and ends), each counting its copies too.
  property.prop([
    fc.array(randomSubscription(5, { min: 0, max: 20 }), { minLength: 1, maxLength: 30 }),
    fc.nat(),
    fc.integer({ min: 2, max: 3 }),
    fc.integer({ min: 0, max: 40 }),
  ])(
    "changes nothing but the subscription counts when a customer's subscriptions are duplicated",
    (rows, pick, copies, asOf) => {
      const { records } = observe(rows, asOf);
      fc.pre(rows.some((r) => r.start <= asOf));
      const customer = rows[pick % rows.length]!.customerId;
      const own = records.filter((r) => r.customerId === customer);
      const options = { asOf: day(asOf), unit: 'day' } as const;
      const once = subscriptionTenures(records, options);
      const duplicated = subscriptionTenures(
        [...records, ...Array.from({ length: copies - 1 }, () => own).flat()],
        options,
      );
      expect(duplicated).toEqual({
        ...once,
        tenures: once.tenures.map((t) =>
          t.customerId === customer ? { ...t, subscriptions: copies * t.subscriptions } : t,
        ),
        startedAfterAsOf:
          once.startedAfterAsOf + (copies - 1) * rows.filter((r) => r.customerId === customer && r.start > asOf).length,
      });
      // Every customer duplicated, each copy next to its original: the same again for all.
      const everyone = subscriptionTenures(
        records.flatMap((r) => Array.from({ length: copies }, () => r)),
        options,
      );
      expect(everyone).toEqual({
        ...once,
        tenures: once.tenures.map((t) => ({ ...t, subscriptions: copies * t.subscriptions })),
        startedAfterAsOf: copies * once.startedAfterAsOf,
      });
    },
  );
});

describe('subscriptionCohorts', () => {
  const cohortsFn = 'subscriptionCohorts';
  // The JSDoc example, observed through 2024-04-15.
  const subscriptions: Subscription[] = [
    { customerId: 'a', start: '2024-01-01' }, // subscribed on Feb 1, Mar 1 and Apr 1
    { customerId: 'b', start: '2024-01-15', end: '2024-03-01' }, // on Feb 1; gone on Mar 1
    { customerId: 'c', start: '2024-01-20', end: '2024-02-01' }, // gone on Feb 1, the first day without service
    { customerId: 'd', start: '2024-02-10' }, // on Mar 1 and Apr 1
    { customerId: 'e', start: '2024-02-20', end: '2024-03-10' }, // on Mar 1 only
    { customerId: 'f', start: '2024-04-02' }, // April is not complete on asOf
  ];

  it("counts the members subscribed on the first day of each period after the cohort's", () => {
    const table = subscriptionCohorts(subscriptions, { period: 'month', asOf: '2024-04-15' });
    expect(table).toEqual({
      period: 'month',
      asOf: '2024-04-15',
      timeZone: 'UTC',
      cohorts: [
        { cohort: '2024-01', size: 3, active: [3, 2, 1, 1], rates: [1, 2 / 3, 1 / 3, 1 / 3] },
        { cohort: '2024-02', size: 2, active: [2, 2, 1, null], rates: [1, 1, 0.5, null] },
        { cohort: '2024-04', size: 1, active: [null, null, null, null], rates: [null, null, null, null] },
      ],
      average: [1, 4 / 5, 2 / 5, 1 / 3],
      startedAfterAsOf: 0,
      missing: 0,
      invalid: 0,
    });
  });

  it('fills a cell once its first day is observed, and a cohort once its own period is complete', () => {
    const rows = (asOf: string) =>
      subscriptionCohorts(subscriptions, { period: 'month', asOf }).cohorts.map((c) => c.active);
    // On Mar 31 the January cohort's April cell and the whole of April are not observed yet ...
    expect(rows('2024-03-31')).toEqual([
      [3, 2, 1],
      [2, 2, null],
    ]);
    // ... on Apr 1 the April cells of January (column 3) and February (column 2) are.
    expect(rows('2024-04-01')).toEqual([
      [3, 2, 1, 1],
      [2, 2, 1, null],
    ]);
    // On Apr 30 the April cohort is complete: its own column 0 is filled.
    expect(rows('2024-04-30')[2]).toEqual([1, null, null, null]);
    const early = subscriptionCohorts(subscriptions, { period: 'month', asOf: '2024-01-31' });
    expect(early.cohorts).toEqual([{ cohort: '2024-01', size: 3, active: [3], rates: [1] }]);
    expect(subscriptionCohorts(subscriptions, { period: 'month', asOf: '2024-01-20' })).toMatchObject({
      cohorts: [{ cohort: '2024-01', size: 3, active: [], rates: [] }],
      average: [],
      startedAfterAsOf: 3,
    });
  });

  it('counts a customer once per cell whatever their subscriptions, and again after a return', () => {
    const rows = [
      { customerId: 'renewed', start: '2024-01-01', end: '2024-02-01' },
      { customerId: 'renewed', start: '2024-02-01', end: '2024-03-01' }, // touches: no gap on Feb 1
      { customerId: 'renewed', start: '2024-03-01' },
      { customerId: 'overlap', start: '2024-01-05', end: '2024-04-10' },
      { customerId: 'overlap', start: '2024-02-01', end: '2024-03-15' }, // inside the one before
      { customerId: 'returned', start: '2024-01-10', end: '2024-02-01' },
      { customerId: 'returned', start: '2024-03-01', end: '2024-04-01' }, // back for March only
      { customerId: 'no service', start: '2024-01-15', end: '2024-01-15' }, // a member, never subscribed
    ];
    const table = subscriptionCohorts(rows, { period: 'month', asOf: '2024-04-30' });
    expect(table.cohorts).toEqual([{ cohort: '2024-01', size: 4, active: [4, 2, 3, 2], rates: [1, 0.5, 0.75, 0.5] }]);
  });

  it('gives the survivor counts that fitShiftedBetaGeometric reads (Fader & Hardie 2007, "regular" cohort)', () => {
    // 1,000 yearly contracts signed on 2000-01-01, of which `regular[t]` are still in force after t
    // years: each leaver's last contract ends on the first day of the year they do not renew.
    const regular = [1000, 631, 468, 382, 326, 289, 262, 241];
    const contracts: Subscription[] = [];
    let customerId = 0;
    for (let t = 1; t < regular.length; t++) {
      for (let i = 0; i < regular[t - 1]! - regular[t]!; i++) {
        contracts.push({ customerId: customerId++, start: '2000-01-01', end: `${2000 + t}-01-01` });
      }
    }
    while (customerId < 1000) contracts.push({ customerId: customerId++, start: '2000-01-01' });
    const table = subscriptionCohorts(contracts, { period: 'year', asOf: '2007-01-01' });
    const survivors = table.cohorts[0]!.active as number[];
    expect(survivors).toEqual(regular);
    // The published fit: alpha 0.704, beta 1.182 (Fader & Hardie 2007, table 1).
    const { alpha, beta } = fitShiftedBetaGeometric({ survivors }).params;
    expect(alpha).toBeCloseTo(0.704, 3);
    expect(beta).toBeCloseTo(1.182, 3);
  });

  it('gives rows that understate churn for members who join during the month; tenures recover it (retention guide)', () => {
    // 4,000 customers join in January 2023 on days 1 to 28, billed monthly from their own start;
    // each renews with their own churn chance θ ~ Beta(0.7, 1.2), as the sBG model assumes.
    const truth = { alpha: 0.7, beta: 1.2 };
    const random = seededRandom(20261123);
    const asOf = '2024-12-31';
    const monthDay = (day: number, months: number): string =>
      new Date(Date.UTC(2023, months, day)).toISOString().slice(0, 10);
    const subscriptions: Subscription[] = [];
    for (let customerId = 0; customerId < 4000; customerId++) {
      const day = 1 + Math.floor(random() * 28);
      const theta = betaDraw(random, truth.alpha, truth.beta);
      let months = 1;
      while (monthDay(day, months) <= asOf && random() >= theta) months++;
      const end = monthDay(day, months);
      subscriptions.push({ customerId, start: monthDay(day, 0), end: end <= asOf ? end : null });
    }
    const firstPeriodChurn = ({ alpha, beta }: { alpha: number; beta: number }): number => alpha / (alpha + beta);

    const row = subscriptionCohorts(subscriptions, { period: 'month', asOf }).cohorts[0]!.active as number[];
    expect(row).toHaveLength(24);
    const byCalendar = fitShiftedBetaGeometric({ survivors: row }).params;
    const { tenures } = subscriptionTenures(subscriptions, { asOf, unit: 'month' });
    // As the retention guide counts them: an ended stay lasted its duration rounded to whole
    // months; one still running has renewed 23 times (every start was in January 2023 on a day
    // up to the 28th, and asOf is the last day of December 2024).
    const lifetimes = tenures.map((t) => ({ periods: t.ended ? Math.round(t.duration) : 23, churned: t.ended }));
    const byTenure = fitShiftedBetaGeometric({ lifetimes }).params;

    // The figures the retention guide quotes, from this seed.
    expect(byTenure.alpha).toBeCloseTo(0.698, 3);
    expect(byTenure.beta).toBeCloseTo(1.209, 3);
    expect(firstPeriodChurn(byTenure)).toBeCloseTo(firstPeriodChurn(truth), 2);
    expect(byCalendar.alpha).toBeCloseTo(1.553, 3);
    expect(byCalendar.beta).toBeCloseTo(6.23, 2);
    expect(firstPeriodChurn(byCalendar)).toBeCloseTo(0.2, 2);
    expect(firstPeriodChurn(truth)).toBeCloseTo(0.368, 3);
  });

  it('reads weeks from weekStartsOn and calendar days in the time zone', () => {
    // 2024-01-01 is a Monday. Served Jan 3 to 7: gone on Monday Jan 8, still there on Sunday Jan 7.
    const rows = [{ customerId: 1, start: '2024-01-03', end: '2024-01-08' }];
    const monday = subscriptionCohorts(rows, { period: 'week', asOf: '2024-01-21' });
    expect(monday.cohorts).toEqual([{ cohort: '2024-W01', size: 1, active: [1, 0, 0], rates: [1, 0, 0] }]);
    // Weeks from Sunday: the cohort's week starts on Dec 31, and asOf, Sunday Jan 21, begins a fourth.
    const sunday = subscriptionCohorts(rows, { period: 'week', asOf: '2024-01-21', weekStartsOn: 0 });
    expect(sunday.cohorts[0]!.active).toEqual([1, 1, 0, 0]);
    // 20:00 UTC on Jan 31 is Feb 1 in Tokyo: a February member there, subscribed on Mar 1 in both.
    const late = [{ customerId: 1, start: '2024-01-31T20:00:00Z' }];
    expect(subscriptionCohorts(late, { period: 'month', asOf: '2024-03-31' }).cohorts[0]).toMatchObject({
      cohort: '2024-01',
      active: [1, 1, 1],
    });
    const tokyo = subscriptionCohorts(late, { period: 'month', asOf: '2024-03-31', timeZone: 'Asia/Tokyo' });
    expect(tokyo).toMatchObject({ timeZone: 'Asia/Tokyo', cohorts: [{ cohort: '2024-02', active: [1, 1] }] });
  });

  it('skips and counts missing fields, and refuses or skips invalid rows like subscriptionMetrics', () => {
    const rows = [
      ...subscriptions,
      { customerId: 'g', start: null },
      { customerId: '', start: '2024-01-01' },
      { customerId: 'h', start: '2024-03-01', end: '2024-02-01' },
    ] as Subscription[];
    const options = { period: 'month', asOf: '2024-04-15' } as const;
    const error = expectError(() => subscriptionCohorts(rows, options), 'INVALID_VALUE', cohortsFn);
    expect(error.details).toMatchObject({ index: 7, field: 'customer' });
    const skipped = subscriptionCohorts(rows, { ...options, invalid: 'skip' });
    expect(skipped).toMatchObject({ missing: 1, invalid: 2 });
    expect(skipped.cohorts).toEqual(subscriptionCohorts(subscriptions, options).cohorts);
    expectError(() => subscriptionCohorts(rows, { ...options, missing: 'throw' }), 'INVALID_VALUE', cohortsFn);
  });

  it('refuses bad options with INVALID_ARGUMENT', () => {
    const options = { period: 'month', asOf: '2024-04-15' } as const;
    for (const bad of [
      { asOf: '2024-04-15' },
      { period: 'month' },
      { period: 'fortnight', asOf: '2024-04-15' },
      { ...options, asOf: 'someday' },
      { ...options, weekStartsOn: 7 },
      { ...options, weekStartsOn: 1.5 },
      { ...options, timeZone: 'Mars/Olympus' },
      { ...options, customer: 'customerId' },
      { ...options, end: 3 },
      { ...options, invalid: 'drop' },
    ]) {
      expectError(() => subscriptionCohorts(subscriptions, bad as never), 'INVALID_ARGUMENT', cohortsFn);
    }
    expectError(() => subscriptionCohorts(subscriptions, undefined as never), 'INVALID_ARGUMENT', cohortsFn);
    expectError(() => subscriptionCohorts(42 as never, options), 'INVALID_ARGUMENT', cohortsFn);
  });

  it('refuses data with no subscription started by asOf with EMPTY_INPUT, saying what it skipped', () => {
    const options = { period: 'month', asOf: '2024-04-15' } as const;
    expectError(() => subscriptionCohorts([], options), 'EMPTY_INPUT', cohortsFn);
    const error = expectError(
      () => subscriptionCohorts([{ customerId: 1, start: '2024-05-01' }, { id: 2 }] as never, options),
      'EMPTY_INPUT',
      cohortsFn,
    );
    expect(error.message).toContain('no subscription started by 2024-04-15 (skipped: 1 row missing a field');
  });

  // Random subscriptions on days 0..40 of 2024 (day 0 a Monday) in weekly cohorts, against the
  // definition read day by day: cohort = week of the first start, cell k = served on the first
  // day of week cohort + k, filled when the cohort's week is complete and that day is observed.
  property.prop([
    fc.array(randomSubscription(5, { min: 0, max: 20 }), { maxLength: 30 }),
    fc.integer({ min: 0, max: 45 }),
  ])("counts by the definition, day by day; rows have the oldest cohort's columns; inputs untouched", (rows, asOf) => {
    const { records, started, served } = observe(rows, asOf);
    fc.pre(started.length > 0);
    const customers = [...new Set(started.map((r) => r.customerId))];
    const weekOf = (c: number): number =>
      Math.floor(Math.min(...started.filter((r) => r.customerId === c).map((r) => r.start)) / 7);
    const weeks = [...new Set(customers.map(weekOf))].sort((a, b) => a - b);
    const complete = (week: number): boolean => 7 * week + 6 <= asOf;
    const columns = complete(weeks[0]!) ? Math.floor(asOf / 7) - weeks[0]! + 1 : 0;
    const expected = weeks.map((week) => {
      const members = customers.filter((c) => weekOf(c) === week);
      const active = Array.from({ length: columns }, (_, k) =>
        !complete(week) || 7 * (week + k) > asOf
          ? null
          : k === 0
            ? members.length
            : members.filter((c) => served(c, 7 * (week + k))).length,
      );
      return { size: members.length, active };
    });
    const table = subscriptionCohorts(records, { period: 'week', asOf: day(asOf) });
    expect(table.cohorts.map(({ size, active }) => ({ size, active }))).toEqual(expected);
    expect(table.startedAfterAsOf).toBe(rows.length - started.length);
    for (const cohort of table.cohorts) {
      cohort.rates.forEach((rate, k) =>
        expect(rate).toBe(cohort.active[k] === null ? null : cohort.active[k]! / cohort.size),
      );
    }
  });

  // Subscriptions over two and a half years, as instants read in zones with and without daylight
  // saving time, tabled by every period and first day of the week.
  const zones = ['UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
  const DAY = 86_400_000;
  const isoDay = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
  const zonedSubscription = fc
    .record({
      customerId: fc.integer({ min: 0, max: 6 }),
      start: fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2025, 5, 30) }),
      length: fc.option(fc.integer({ min: 0, max: 400 * DAY }), { nil: undefined }),
    })
    .map(({ customerId, start, length }) => ({
      customerId,
      start,
      end: length === undefined ? null : start + length,
    }));
  property.prop(
    [
      fc.array(zonedSubscription, { minLength: 1, maxLength: 25 }),
      fc.integer({ min: 0, max: 900 }).map((k) => isoDay(19_358 + k)),
      fc.constantFrom<Period>('day', 'week', 'month', 'quarter', 'year'),
      fc.integer({ min: 0, max: 6 }),
      fc.constantFrom(...zones),
    ],
    { numRuns: 60 },
  )(
    'counts by the definition in any period and time zone, whatever the order of the subscriptions',
    (records, asOf, period, weekStartsOn, timeZone) => {
      // The oracle reads calendar days through periodOf, one day at a time.
      const dayOf = (instant: number): number => Date.parse(periodOf(instant, { period: 'day', timeZone })) / DAY;
      const keyOf = (day: number): string => periodOf(isoDay(day), { period, weekStartsOn });
      const asOfDay = Date.parse(asOf) / DAY;
      const spans = records
        .map((r) => ({
          customerId: r.customerId,
          first: dayOf(r.start),
          stop: r.end === null ? Infinity : dayOf(r.end),
        }))
        .filter((r) => r.first <= asOfDay);
      const options = { period, weekStartsOn, timeZone, asOf };
      if (spans.length === 0) {
        expectError(() => subscriptionCohorts(records, options), 'EMPTY_INPUT', 'subscriptionCohorts');
        return;
      }
      const served = (c: number, d: number): boolean =>
        spans.some((r) => r.customerId === c && r.first <= d && d < r.stop);
      const customers = [...new Set(spans.map((r) => r.customerId))];
      const firstDay = (c: number): number => Math.min(...spans.filter((r) => r.customerId === c).map((r) => r.first));
      // The periods from the oldest first day to asOf, with their first and last days.
      const periods: Array<{ key: string; first: number; last: number }> = [];
      for (let d = Math.min(...customers.map(firstDay)); d <= asOfDay + 400; d++) {
        const key = keyOf(d);
        if (periods.at(-1)?.key === key) periods.at(-1)!.last = d;
        else periods.push({ key, first: d, last: d });
      }
      const at = (key: string): number => periods.findIndex((p) => p.key === key);
      const cohortKeys = [...new Set(customers.map((c) => keyOf(firstDay(c))))].sort((x, y) => at(x) - at(y));
      const complete = (key: string): boolean => periods[at(key)]!.last <= asOfDay;
      const columns = complete(cohortKeys[0]!) ? at(keyOf(asOfDay)) - at(cohortKeys[0]!) + 1 : 0;
      const expected = cohortKeys.map((cohort) => {
        const members = customers.filter((c) => keyOf(firstDay(c)) === cohort);
        const active = Array.from({ length: columns }, (_, k) => {
          const first = periods[at(cohort) + k]?.first ?? Infinity;
          if (!complete(cohort) || first > asOfDay) return null;
          return k === 0 ? members.length : members.filter((c) => served(c, first)).length;
        });
        return { cohort, size: members.length, active };
      });
      const table = subscriptionCohorts(deepFreeze(structuredClone(records)), options);
      expect(table.cohorts.map(({ cohort, size, active }) => ({ cohort, size, active }))).toEqual(expected);
      expect(table.startedAfterAsOf).toBe(records.length - spans.length);
      expect(subscriptionCohorts([...records].reverse(), options)).toEqual(table);
      // Tenures list customers in input order: the same spells, in another order.
      const spells = (list: typeof records) =>
        subscriptionTenures(list, { asOf, unit: 'day', timeZone })
          .tenures.map((t) => JSON.stringify(t))
          .sort();
      expect(spells([...records].reverse())).toEqual(spells(records));
    },
  );
});
