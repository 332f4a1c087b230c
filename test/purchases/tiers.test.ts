import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { loyaltyTiers, type LoyaltyTier, type LoyaltyTiersOptions } from '../../src/purchases/tiers';
import { deepFreeze, expectError } from '../helpers';

interface Row {
  customerId: string | number;
  date: number | string;
  amount: number;
}

const transaction = fc.record({
  customerId: fc.constantFrom('a', 'b', 'c', 'd', 7, 11),
  date: fc.integer({ min: Date.UTC(2022, 6, 1), max: Date.UTC(2024, 11, 31) }),
  amount: fc.integer({ min: 0, max: 50_000 }).map((cents) => cents / 100),
});
const log = fc.array(transaction, { minLength: 1, maxLength: 60 });
const shuffledLog = log.chain((rows) =>
  fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })),
);
const windows = fc.constantFrom('lifetime', 'calendar-year', 'rolling-12-months') as fc.Arbitrary<
  LoyaltyTiersOptions<Row>['window']
>;
const metrics = fc.constantFrom('spend', 'orders') as fc.Arbitrary<LoyaltyTiersOptions<Row>['metric']>;
// Tiers with distinct thresholds, in random order.
const tierList = fc
  .uniqueArray(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 5 })
  .map((mins) => mins.map((min, k): LoyaltyTier => ({ name: `T${k}`, min })));

const tiers: LoyaltyTier[] = [
  { name: 'Gold', min: 1000 },
  { name: 'Silver', min: 300 },
  { name: 'Bronze', min: 0 },
];

describe('loyaltyTiers', () => {
  // The JSDoc example.
  const example = [
    { customerId: 'ann', date: '2023-11-20', amount: 700 },
    { customerId: 'ann', date: '2024-03-02', amount: 350 },
    { customerId: 'bob', date: '2024-05-10', amount: 120 },
    { customerId: 'bob', date: '2024-06-01', amount: 30 },
  ];

  it('places each customer by lifetime spend, with the next tier and the gap to it (computed by hand)', () => {
    const result = loyaltyTiers(example, { asOf: '2024-06-30', metric: 'spend', window: 'lifetime', tiers });
    // ann: 700 + 350 = 1050 >= 1000: Gold, the top. bob: 120 + 30 = 150: Bronze, 300 - 150 = 150 to Silver.
    expect(result).toEqual({
      asOf: '2024-06-30',
      windowStart: null,
      metric: 'spend',
      window: 'lifetime',
      timeZone: 'UTC',
      customers: [
        { customerId: 'ann', tier: 'Gold', value: 1050, nextTier: null, toNextTier: null },
        { customerId: 'bob', tier: 'Bronze', value: 150, nextTier: 'Silver', toNextTier: 150 },
      ],
      tierCounts: { Bronze: 1, Silver: 0, Gold: 1 },
      untiered: 0,
      transactionsAfterAsOf: 0,
      missing: 0,
      invalid: 0,
    });
  });

  it('counts the calendar year from January 1 of asOf', () => {
    const result = loyaltyTiers(example, { asOf: '2024-06-30', metric: 'spend', window: 'calendar-year', tiers });
    // ann's 2023 order no longer counts: 350, Silver, 650 to Gold.
    expect(result.windowStart).toBe('2024-01-01');
    expect(result.customers[0]).toEqual({
      customerId: 'ann',
      tier: 'Silver',
      value: 350,
      nextTier: 'Gold',
      toNextTier: 650,
    });
    expect(result.tierCounts).toEqual({ Bronze: 1, Silver: 1, Gold: 0 });
  });

  it('counts the rolling 12 months after the same calendar day a year earlier, February 29 going to February 28', () => {
    const days = ['2023-02-28', '2023-03-01', '2024-02-28', '2024-02-29', '2024-03-01', '2025-02-28', '2025-03-01'];
    const rows = days.map((date) => ({ customerId: 'x', date, amount: 1 }));
    const count = (asOf: string) =>
      loyaltyTiers(rows, { asOf, metric: 'orders', window: 'rolling-12-months', tiers: [{ name: 'T', min: 0 }] });
    // 2024-02-29: a year earlier is 2023-02-28 (no 2023-02-29), excluded: 2023-03-01..2024-02-29, 366 days.
    expect(count('2024-02-29')).toMatchObject({ windowStart: '2023-03-01', transactionsAfterAsOf: 3 });
    expect(count('2024-02-29').customers[0]!.value).toBe(3);
    // 2025-02-28: after 2024-02-28, so 2024-02-29..2025-02-28 (366 days, the leap day included).
    expect(count('2025-02-28')).toMatchObject({ windowStart: '2024-02-29' });
    expect(count('2025-02-28').customers[0]!.value).toBe(3);
    // 2024-03-01: after 2023-03-01: 2023-03-02..2024-03-01.
    expect(count('2024-03-01')).toMatchObject({ windowStart: '2023-03-02' });
    expect(count('2024-03-01').customers[0]!.value).toBe(3);
    // 2025-03-01: after 2024-03-01: 2024-03-02..2025-03-01 (365 days).
    expect(count('2025-03-01').customers[0]!.value).toBe(2);
    // Only February 29 moves: the 29th of another month and other February days keep their day.
    expect(count('2024-03-29')).toMatchObject({ windowStart: '2023-03-30' });
    expect(count('2024-02-15')).toMatchObject({ windowStart: '2023-02-16' });
  });

  it('places a spend of exactly a tier minimum in that tier, however the cents add up', () => {
    // 77.82 + 18.04 + 4.14 is 99.99999999999999 in floating point; the customer spent 100.00.
    const rows = [77.82, 18.04, 4.14].map((amount, k) => ({ customerId: 'a', date: `2024-06-0${k + 1}`, amount }));
    const result = loyaltyTiers(rows, {
      asOf: '2024-06-30',
      metric: 'spend',
      window: 'lifetime',
      tiers: [
        { name: 'Bronze', min: 0 },
        { name: 'Silver', min: 100 },
      ],
    });
    expect(result.customers).toEqual([
      { customerId: 'a', tier: 'Silver', value: 100, nextTier: null, toNextTier: null },
    ]);
    // The gap is money too: 100 - 99.99 is 0.010000000000005116 in floating point.
    const short = loyaltyTiers([{ customerId: 'b', date: '2024-06-01', amount: 99.99 }], {
      asOf: '2024-06-30',
      metric: 'spend',
      window: 'lifetime',
      tiers: [{ name: 'Silver', min: 100 }],
    });
    expect(short.customers[0]).toMatchObject({ value: 99.99, nextTier: 'Silver', toNextTier: 0.01 });
  });

  property.prop([
    fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 12 }),
    fc.integer({ min: 0, max: 100_000 }),
  ])('reaches a tier exactly when the spend in cents reaches its minimum', (cents, minCents) => {
    const rows = cents.map((c, k) => ({ customerId: 'a', date: Date.UTC(2024, 0, 1 + k), amount: c / 100 }));
    const total = cents.reduce((sum, c) => sum + c, 0);
    const [customer] = loyaltyTiers(rows, {
      asOf: '2024-06-30',
      metric: 'spend',
      window: 'lifetime',
      tiers: [{ name: 'Member', min: minCents / 100 }],
    }).customers;
    // total / 100 is the double nearest to the decimal total (one correctly rounded division).
    expect(customer!.value).toBe(total / 100);
    expect(customer!.tier).toBe(total >= minCents ? 'Member' : null);
  });

  it('lists customers with nothing in the window at value 0 and leaves out transactions after asOf', () => {
    const rows = [
      { customerId: 'old', date: '2020-05-01', amount: 500 },
      { customerId: 'late', date: '2024-07-01', amount: 500 },
    ];
    const result = loyaltyTiers(rows, {
      asOf: '2024-06-30',
      metric: 'spend',
      window: 'calendar-year',
      tiers: [
        { name: 'Member', min: 50 },
        { name: 'VIP', min: 400 },
      ],
    });
    // Below every tier: tier null, and the next tier is the lowest.
    expect(result.customers).toEqual([{ customerId: 'old', tier: null, value: 0, nextTier: 'Member', toNextTier: 50 }]);
    expect(result).toMatchObject({ untiered: 1, tierCounts: { Member: 0, VIP: 0 }, transactionsAfterAsOf: 1 });
  });

  it('counts orders without reading amounts, and reads days in the time zone', () => {
    const rows = [
      { customerId: 1, date: '2023-12-31T20:00:00Z' },
      { customerId: 1, date: '2024-01-02T10:00:00Z' },
      { customerId: 2, date: '2024-01-03T10:00:00Z', amount: null },
    ];
    const options = {
      asOf: '2024-01-31',
      metric: 'orders',
      window: 'calendar-year',
      tiers: [
        { name: 'One', min: 1 },
        { name: 'Two', min: 2 },
      ],
    } as const;
    const utc = loyaltyTiers(rows, { ...options, tiers: [...options.tiers] });
    expect(utc.customers.map((c) => [c.customerId, c.value, c.tier])).toEqual([
      [1, 1, 'One'],
      [2, 1, 'One'],
    ]);
    expect(utc.missing).toBe(0);
    // 2023-12-31T20:00Z is January 1, 05:00 in Tokyo: in the calendar year 2024.
    const tokyo = loyaltyTiers(rows, { ...options, tiers: [...options.tiers], timeZone: 'Asia/Tokyo' });
    expect(tokyo.customers[0]).toEqual({ customerId: 1, tier: 'Two', value: 2, nextTier: null, toNextTier: null });
    expect(tokyo.timeZone).toBe('Asia/Tokyo');
    // No amount is read, but the amount options are checked: a misspelt one is refused.
    for (const misspelt of [{ refunds: 'alow' }, { amount: 'total' }]) {
      const error = expectError(
        () => loyaltyTiers(rows, { ...options, tiers: [...options.tiers], ...misspelt } as never),
        'INVALID_ARGUMENT',
        'loyaltyTiers',
      );
      expect(Object.keys(misspelt)).toContain(error.details.argument);
    }
  });

  it('subtracts refunds under refunds: allow, possibly below every tier', () => {
    const rows = [
      { customerId: 'r', date: '2024-01-05', amount: 20 },
      { customerId: 'r', date: '2024-01-06', amount: -30 },
    ];
    const options = {
      asOf: '2024-02-01',
      metric: 'spend',
      window: 'lifetime',
      tiers: [{ name: 'Base', min: 0 }],
    } as const;
    expectError(() => loyaltyTiers(rows, { ...options, tiers: [...options.tiers] }), 'INVALID_VALUE', 'loyaltyTiers');
    const result = loyaltyTiers(rows, { ...options, tiers: [...options.tiers], refunds: 'allow' });
    expect(result.customers).toEqual([{ customerId: 'r', tier: null, value: -10, nextTier: 'Base', toNextTier: 10 }]);
  });

  it('skips and counts missing fields, refuses impossible values, or skips them under invalid: skip', () => {
    const rows: unknown[] = [
      { customerId: 'a', date: '2024-01-01', amount: 10 },
      { customerId: undefined, date: '2024-01-01', amount: 10 },
      { customerId: 'b', date: null, amount: 10 },
      { customerId: 'c', date: '2024-01-01' },
      { customerId: 'd', date: '01/02/2024', amount: 10 },
      { customerId: 'e', date: '2024-01-01', amount: NaN },
      { customerId: 'f', date: '2024-01-01', amount: -5 },
    ];
    const options = { asOf: '2024-03-01', metric: 'spend', window: 'lifetime', tiers } as const;
    const error = expectError(() => loyaltyTiers(rows, options), 'INVALID_VALUE', 'loyaltyTiers');
    expect(error.details).toMatchObject({ index: 4, value: '01/02/2024' });
    expect(loyaltyTiers(rows, { ...options, invalid: 'skip' })).toMatchObject({ missing: 3, invalid: 3 });
    for (const amount of [Infinity, -Infinity, '10']) {
      const row = { customerId: 'g', date: '2024-01-01', amount };
      const refused = expectError(() => loyaltyTiers([rows[0], row], options), 'INVALID_VALUE', 'loyaltyTiers');
      expect(refused.details).toMatchObject({ index: 1, value: amount });
      expect(loyaltyTiers([rows[0], row], { ...options, invalid: 'skip' }).invalid).toBe(1);
    }
    expectError(() => loyaltyTiers(rows.slice(0, 2), { ...options, missing: 'throw' }), 'INVALID_VALUE');
  });

  it('refuses bad options and bad tier lists with INVALID_ARGUMENT', () => {
    const rows = [{ customerId: 'a', date: '2024-01-01', amount: 1 }];
    const good = { asOf: '2024-01-31', metric: 'spend', window: 'lifetime', tiers };
    const bad: unknown[] = [
      undefined,
      null,
      { ...good, asOf: undefined },
      { ...good, asOf: 'soon' },
      { ...good, metric: undefined },
      { ...good, metric: 'visits' },
      { ...good, window: undefined },
      { ...good, window: 'quarter' },
      { ...good, tiers: undefined },
      { ...good, tiers: [] },
      { ...good, tiers: { name: 'Gold', min: 1 } },
      { ...good, tiers: [null] },
      { ...good, tiers: [{ name: 'A', min: 0 }, , { name: 'B', min: 5 }] }, // eslint-disable-line no-sparse-arrays
      { ...good, tiers: [{ name: 'A', min: -1 }] },
      { ...good, tiers: [{ name: 'A', min: Infinity }] },
      { ...good, tiers: [{ name: 'A', min: NaN }] },
      { ...good, tiers: [{ name: 'A', min: '5' }] },
      { ...good, tiers: [{ name: 5, min: 5 }] },
      { ...good, tiers: [{ min: 5 }] },
      {
        ...good,
        tiers: [
          { name: 'A', min: 0 },
          { name: 'A', min: 5 },
        ],
      },
      {
        ...good,
        tiers: [
          { name: 'A', min: 5 },
          { name: 'B', min: 5 },
        ],
      },
      { ...good, timeZone: 'Europe/Atlantis' },
      { ...good, date: 'date' },
      { ...good, invalid: 'ignore' },
    ];
    for (const options of bad)
      expectError(() => loyaltyTiers(rows, options as never), 'INVALID_ARGUMENT', 'loyaltyTiers');
    expectError(() => loyaltyTiers(undefined as never, good as never), 'INVALID_ARGUMENT', 'loyaltyTiers');
  });

  property.prop([log, tierList, windows, metrics])(
    'follows the definition: the highest min <= value, then the next tier and the gap to it',
    (rows, list, window, metric) => {
      const result = loyaltyTiers(rows, { asOf: '2024-06-30', metric, window, tiers: list });
      const ascending = [...list].sort((x, y) => x.min - y.min);
      for (const c of result.customers) {
        const reached = ascending.filter((t) => t.min <= c.value);
        const next = ascending.find((t) => t.min > c.value);
        expect(c.tier).toBe(reached.at(-1)?.name ?? null);
        expect(c.nextTier).toBe(next?.name ?? null);
        if (next === undefined) expect(c.toNextTier).toBeNull();
        else expect(c.toNextTier).toBeCloseTo(next.min - c.value, 9);
        if (metric === 'orders') expect(Number.isInteger(c.value)).toBe(true);
        expect(c.value).toBeGreaterThanOrEqual(0);
      }
      const counted = Object.values(result.tierCounts).reduce((a, b) => a + b, 0) + result.untiered;
      expect(counted).toBe(result.customers.length);
    },
  );

  property.prop([log, tierList, windows, fc.constantFrom('a', 'b', 7), fc.integer({ min: 1, max: 100_000 })])(
    'is monotone: more spend never gives a lower tier',
    (rows, list, window, customerId, cents) => {
      const options = { asOf: '2024-06-30', metric: 'spend', window, tiers: list } as const;
      const rank = (name: string | null | undefined) =>
        name === null || name === undefined
          ? -1
          : [...list].sort((x, y) => x.min - y.min).findIndex((t) => t.name === name);
      const before = loyaltyTiers(rows, options).customers.find((c) => c.customerId === customerId);
      const more = [...rows, { customerId, date: '2024-06-30', amount: cents / 100 }];
      const after = loyaltyTiers(more, options).customers.find((c) => c.customerId === customerId)!;
      expect(after.value).toBeGreaterThan(before?.value ?? 0);
      expect(rank(after.tier)).toBeGreaterThanOrEqual(rank(before?.tier));
    },
  );

  property.prop([shuffledLog, windows, metrics])(
    'does not depend on the order of the transactions or of the tiers',
    ([rows, shuffled], window, metric) => {
      const options = { asOf: '2024-06-30', metric, window, tiers };
      expect(loyaltyTiers(shuffled, { ...options, tiers: [...tiers].reverse() })).toEqual(loyaltyTiers(rows, options));
    },
  );

  property.prop([log, windows, metrics])(
    'gives each customer the same value and tier when the log is split by customer',
    (rows, window, metric) => {
      const options = { asOf: '2024-06-30', metric, window, tiers };
      const whole = loyaltyTiers(rows, options).customers;
      const ids = [...new Set(rows.map((t) => t.customerId))];
      const parts = ids.flatMap(
        (id) =>
          loyaltyTiers(
            rows.filter((t) => t.customerId === id),
            options,
          ).customers,
      );
      const byId = (list: typeof whole) => new Map(list.map((c) => [c.customerId, c]));
      expect(byId(parts)).toEqual(byId(whole));
    },
  );

  property.prop([log, windows])('never mutates its input and returns plain JSON', (rows, window) => {
    const copy = structuredClone(rows);
    const list = deepFreeze(structuredClone(tiers));
    const result = loyaltyTiers(deepFreeze(rows), { asOf: '2024-06-30', metric: 'spend', window, tiers: list });
    expect(rows).toEqual(copy);
    expect(list).toEqual(tiers);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});
