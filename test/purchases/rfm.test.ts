import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { RFM_SEGMENTS, rfm, type RfmSegmentRule } from '../../src/purchases/rfm';
import { deepFreeze, expectError } from '../helpers';

const transaction = fc.record({
  customerId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 7, 11),
  date: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 11, 31) }),
  amount: fc.integer({ min: 0, max: 10_000 }).map((cents) => cents / 100),
});
const log = fc.array(transaction, { minLength: 1, maxLength: 60 });
const shuffledLog = log.chain((rows) =>
  fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })),
);
const asOf = '2024-09-30';

// The matching rule, written out: the first rule whose r and fm ranges hold the scores.
const firstMatch = (rules: readonly RfmSegmentRule[], r: number, fm: number): string =>
  rules.find((rule) => rule.r[0] <= r && r <= rule.r[1] && rule.fm[0] <= fm && fm <= rule.fm[1])?.name ?? 'Other';

describe('RFM_SEGMENTS', () => {
  it('lists the eleven segments in their matching order with their ranges', () => {
    expect(RFM_SEGMENTS).toEqual([
      { name: 'Lost', r: [1, 1], fm: [1, 1] },
      { name: 'New Customers', r: [4, 5], fm: [1, 1] },
      { name: 'Promising', r: [3, 4], fm: [1, 1] },
      { name: "Can't Lose Them", r: [1, 1], fm: [4, 5] },
      { name: 'Champions', r: [4, 5], fm: [4, 5] },
      { name: 'Need Attention', r: [2, 3], fm: [2, 3] },
      { name: 'About To Sleep', r: [2, 3], fm: [1, 2] },
      { name: 'Hibernating', r: [1, 2], fm: [1, 2] },
      { name: 'At Risk', r: [1, 2], fm: [2, 5] },
      { name: 'Potential Loyalist', r: [3, 5], fm: [1, 3] },
      { name: 'Loyal Customers', r: [2, 5], fm: [3, 5] },
    ]);
  });

  it('partitions the 25 (r, fm) cells as the JSDoc table says, every segment reachable, no "Other"', () => {
    // Rows r = 1..5, columns fm = 1..5, matched first to last.
    const L = 'Lost';
    const H = 'Hibernating';
    const AR = 'At Risk';
    const CL = "Can't Lose Them";
    const AS = 'About To Sleep';
    const NA = 'Need Attention';
    const PR = 'Promising';
    const LC = 'Loyal Customers';
    const NC = 'New Customers';
    const PL = 'Potential Loyalist';
    const CH = 'Champions';
    const grid = [
      [L, H, AR, CL, CL],
      [AS, NA, NA, AR, AR],
      [PR, NA, NA, LC, LC],
      [NC, PL, PL, CH, CH],
      [NC, PL, PL, CH, CH],
    ];
    for (let r = 1; r <= 5; r++) {
      for (let fm = 1; fm <= 5; fm++)
        expect(firstMatch(RFM_SEGMENTS, r, fm), `r ${r}, fm ${fm}`).toBe(grid[r - 1]![fm - 1]);
    }
    expect(new Set(grid.flat()).size).toBe(11);
    // Every rule lies within the 1..5 scale.
    for (const rule of RFM_SEGMENTS) expect([...rule.r, ...rule.fm].every((s) => s >= 1 && s <= 5)).toBe(true);
  });

  it('is frozen to its last level, so that editing a shallow copy cannot change the default map', () => {
    const copy = [...RFM_SEGMENTS] as RfmSegmentRule[];
    expect(() => {
      copy[4]!.name = 'VIP';
    }).toThrow(TypeError);
    expect(() => {
      (copy[4]!.r as unknown as number[])[0] = 1;
    }).toThrow(TypeError);
    expect(() => {
      (RFM_SEGMENTS as RfmSegmentRule[]).pop();
    }).toThrow(TypeError);
    expect(RFM_SEGMENTS[4]).toEqual({ name: 'Champions', r: [4, 5], fm: [4, 5] });
    // Edited copies of the rules are the way to change it.
    const edited = RFM_SEGMENTS.map((rule) => (rule.name === 'Champions' ? { ...rule, name: 'VIP' } : rule));
    expect(edited[4]).toEqual({ name: 'VIP', r: [4, 5], fm: [4, 5] });
  });
});

describe('rfm', () => {
  // The JSDoc example. asOf 2024-06-30: recency = days since the last purchase day.
  const example = [
    { customerId: 'ann', date: '2024-06-28', amount: 120 },
    { customerId: 'ann', date: '2024-05-02', amount: 80 },
    { customerId: 'ann', date: '2024-03-10', amount: 60 },
    { customerId: 'bob', date: '2024-01-15', amount: 400 },
    { customerId: 'cat', date: '2024-06-20', amount: 30 },
    { customerId: 'dan', date: '2024-02-01', amount: 10 },
    { customerId: 'eve', date: '2024-06-01', amount: 45 },
    { customerId: 'eve', date: '2024-04-11', amount: 35 },
    { customerId: 'eve', date: '2024-07-04', amount: 99 },
  ];

  it('scores quintiles of rank, ties at their average rank (computed by hand)', () => {
    const result = rfm(example, { asOf: '2024-06-30' });
    // Recency: ann 2, bob 167, cat 10, dan 150, eve 29 (eve's 2024-07-04 order is after asOf).
    // Distinct values, n = 5: score = rank, lowest recency best -> bob 1, dan 2, eve 3, cat 4, ann 5.
    // Frequency: bob, cat, dan have 1 order (ranks 1..3, average 2 -> floor(1 * 5 / 5) + 1 = 2),
    //   eve 2 (rank 4 -> 4), ann 3 (rank 5 -> 5).
    // Monetary: dan 10, cat 30, eve 80, ann 260, bob 400 -> 1, 2, 3, 4, 5.
    // fm = floor((f + m) / 2): ann 4, bob 3, cat 2, dan 1, eve 3.
    expect(result.customers).toEqual([
      {
        customerId: 'ann',
        recency: 2,
        frequency: 3,
        monetary: 260,
        r: 5,
        f: 5,
        m: 4,
        code: '554',
        segment: 'Champions',
      },
      {
        customerId: 'bob',
        recency: 167,
        frequency: 1,
        monetary: 400,
        r: 1,
        f: 2,
        m: 5,
        code: '125',
        segment: 'At Risk',
      },
      {
        customerId: 'cat',
        recency: 10,
        frequency: 1,
        monetary: 30,
        r: 4,
        f: 2,
        m: 2,
        code: '422',
        segment: 'Potential Loyalist',
      },
      {
        customerId: 'dan',
        recency: 150,
        frequency: 1,
        monetary: 10,
        r: 2,
        f: 2,
        m: 1,
        code: '221',
        segment: 'About To Sleep',
      },
      {
        customerId: 'eve',
        recency: 29,
        frequency: 2,
        monetary: 80,
        r: 3,
        f: 4,
        m: 3,
        code: '343',
        segment: 'Need Attention',
      },
    ]);
    expect(result).toMatchObject({
      asOf: '2024-06-30',
      timeZone: 'UTC',
      bins: 5,
      transactionsAfterAsOf: 1,
      missing: 0,
      invalid: 0,
    });
    expect(result.segmentCounts).toEqual({
      Lost: 0,
      'New Customers': 0,
      Promising: 0,
      "Can't Lose Them": 0,
      Champions: 1,
      'Need Attention': 1,
      'About To Sleep': 1,
      Hibernating: 0,
      'At Risk': 1,
      'Potential Loyalist': 1,
      'Loyal Customers': 0,
      Other: 0,
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('counts every order (same-day orders too) and reads recency in calendar days of the time zone', () => {
    const rows = [
      { customerId: 1, date: '2024-06-29T10:00:00Z', amount: 5 },
      { customerId: 1, date: '2024-06-29T20:00:00Z', amount: 7 },
      // On asOf itself, late in the day: included.
      { customerId: 2, date: '2024-06-30T23:59:59Z', amount: 1 },
      // The next day: left out.
      { customerId: 3, date: '2024-07-01T00:00:00Z', amount: 1 },
    ];
    const utc = rfm(rows, { asOf: '2024-06-30' });
    expect(utc.customers.map((c) => [c.customerId, c.recency, c.frequency, c.monetary])).toEqual([
      [1, 1, 2, 12],
      [2, 0, 1, 1],
    ]);
    expect(utc.transactionsAfterAsOf).toBe(1);
    // In Tokyo (UTC+9) the 20:00Z order falls on June 30, the 23:59Z one on July 1, and 00:00Z July 1 is 09:00 July 1.
    const tokyo = rfm(rows, { asOf: '2024-06-30', timeZone: 'Asia/Tokyo' });
    expect(tokyo.customers.map((c) => [c.customerId, c.recency, c.frequency])).toEqual([[1, 0, 2]]);
    expect(tokyo).toMatchObject({ timeZone: 'Asia/Tokyo', transactionsAfterAsOf: 2 });
  });

  it('gives the same monetary value whatever the order of the amounts', () => {
    const rows = [0.1, 0.2, 0.3].map((amount) => ({ customerId: 'x', date: '2024-01-01', amount }));
    const twin = [0.3, 0.2, 0.1].map((amount) => ({ customerId: 'y', date: '2024-01-01', amount }));
    const [x, y] = rfm([...rows, ...twin], { asOf: '2024-02-01' }).customers;
    expect(x!.monetary).toBe(y!.monetary);
    expect(x!.monetary).toBe(0.6);
    expect(x!.m).toBe(y!.m);
  });

  it('gives equal spends in cents equal monetary values and scores', () => {
    // 77.82 + 18.04 + 4.14 is 99.99999999999999 in floating point; both spent exactly 100.00.
    const rows = [
      ...[77.82, 18.04, 4.14].map((amount) => ({ customerId: 'a', date: '2024-06-01', amount })),
      ...[50, 50, 0].map((amount) => ({ customerId: 'b', date: '2024-06-01', amount })),
      { customerId: 'c', date: '2024-06-01', amount: 20 },
    ];
    const [a, b] = rfm(rows, { asOf: '2024-06-30' }).customers;
    expect(a!.monetary).toBe(100);
    expect(b!.monetary).toBe(100);
    expect(a!.m).toBe(b!.m);
  });

  it('sorts customers by id: numbers first, then strings', () => {
    const rows = ['b', 10, 'a', 2].map((customerId) => ({ customerId, date: '2024-01-01', amount: 1 }));
    expect(rfm(rows, { asOf: '2024-01-31' }).customers.map((c) => c.customerId)).toEqual([2, 10, 'a', 'b']);
  });

  it('returns no customers when nothing happened up to asOf', () => {
    const result = rfm([{ customerId: 'a', date: '2025-01-01', amount: 3 }], { asOf: '2024-12-31' });
    expect(result.customers).toEqual([]);
    expect(Object.values(result.segmentCounts).every((count) => count === 0)).toBe(true);
    expectError(() => rfm([], { asOf: '2024-12-31' }), 'EMPTY_INPUT', 'rfm');
  });

  it('uses a caller-given map and other numbers of bins; "Other" when no rule matches', () => {
    const segments = [
      { name: 'Top', r: [3, 3], fm: [3, 3] },
      // Two rules with one name make an L-shaped segment.
      { name: 'Active', r: [3, 3], fm: [1, 2] },
      { name: 'Active', r: [2, 2], fm: [1, 3] },
    ] as const;
    const rows = [
      { customerId: 'a', date: '2024-06-01', amount: 100 },
      { customerId: 'a', date: '2024-06-02', amount: 100 },
      { customerId: 'b', date: '2024-05-01', amount: 50 },
      { customerId: 'c', date: '2024-01-01', amount: 10 },
    ];
    // n = 3, 3 bins: score = floor(rank - 1) + 1. Recency a 28, b 60, c 181 -> r 3, 2, 1. Frequency a 2,
    // b and c 1 (tied at ranks 1 and 2: 1.5 -> floor(0.5) + 1 = 1) -> f 3, 1, 1. Monetary 200, 50, 10 -> 3, 2, 1.
    // b: r 2, fm floor(3 / 2) = 1 -> the second "Active" rule; c: r 1 matches nothing.
    const result = rfm(rows, { asOf: '2024-06-30', bins: 3, segments: [...segments] });
    expect(result.customers.map((c) => [c.code, c.segment])).toEqual([
      ['333', 'Top'],
      ['212', 'Active'],
      ['111', 'Other'],
    ]);
    expect(result.segmentCounts).toEqual({ Top: 1, Active: 1, Other: 1 });
    // An empty map puts everyone in "Other".
    expect(rfm(rows, { asOf: '2024-06-30', bins: 4, segments: [] }).segmentCounts).toEqual({ Other: 3 });
    // The default map can be replaced with 5 bins too.
    const custom = rfm(rows, { asOf: '2024-06-30', segments: [{ name: 'All', r: [1, 5], fm: [-Infinity, Infinity] }] });
    expect(custom.segmentCounts).toEqual({ All: 3, Other: 0 });
  });

  it('reads records through accessors and allows refunds when asked', () => {
    const rows = [
      { who: 'p', when: new Date(Date.UTC(2024, 2, 1)), paid: 40 },
      { who: 'p', when: Date.UTC(2024, 2, 5), paid: -15 },
    ];
    const accessors = { customer: (d: (typeof rows)[number]) => d.who, date: (d: (typeof rows)[number]) => d.when };
    const error = expectError(
      () => rfm(rows, { asOf: '2024-03-31', ...accessors, amount: (d) => d.paid }),
      'INVALID_VALUE',
      'rfm',
    );
    expect(error.details.index).toBe(1);
    const result = rfm(rows, { asOf: '2024-03-31', ...accessors, amount: (d) => d.paid, refunds: 'allow' });
    expect(result.customers).toEqual([
      { customerId: 'p', recency: 26, frequency: 2, monetary: 25, r: 1, f: 1, m: 1, code: '111', segment: 'Lost' },
    ]);
  });

  it('skips and counts missing fields, refuses impossible values, or skips them under invalid: skip', () => {
    const rows: unknown[] = [
      { customerId: 'a', date: '2024-01-01', amount: 10 },
      { customerId: null, date: '2024-01-01', amount: 10 },
      { customerId: 'b', amount: 10 },
      { customerId: 'c', date: '2024-01-02' },
      { customerId: 'd', date: '2024-02-31', amount: 10 },
      { customerId: 'e', date: '2024-01-01', amount: Infinity },
      { customerId: 'f', date: '2024-01-01', amount: -1 },
      { customerId: {}, date: '2024-01-01', amount: 1 },
    ];
    const error = expectError(() => rfm(rows, { asOf: '2024-03-01' }), 'INVALID_VALUE', 'rfm');
    expect(error.details).toMatchObject({ index: 4, value: '2024-02-31' });
    const skipped = rfm(rows, { asOf: '2024-03-01', invalid: 'skip' });
    expect(skipped).toMatchObject({ missing: 3, invalid: 4 });
    expect(skipped.customers.map((c) => c.customerId)).toEqual(['a']);
    const missing = expectError(() => rfm(rows.slice(0, 2), { asOf: '2024-03-01', missing: 'throw' }), 'INVALID_VALUE');
    expect(missing.details.index).toBe(1);
  });

  it('refuses bad options with INVALID_ARGUMENT', () => {
    const rows = [{ customerId: 'a', date: '2024-01-01', amount: 1 }];
    const bad: unknown[] = [
      undefined,
      null,
      {},
      { asOf: 'yesterday' },
      { asOf: '2024-13-01' },
      { asOf: '2024-01-31', timeZone: 'Mars/Olympus' },
      { asOf: '2024-01-31', bins: 0 },
      { asOf: '2024-01-31', bins: 10 },
      { asOf: '2024-01-31', bins: 2.5 },
      { asOf: '2024-01-31', bins: NaN },
      { asOf: '2024-01-31', bins: '5' },
      // The default map is for 5 bins.
      { asOf: '2024-01-31', bins: 3 },
      { asOf: '2024-01-31', segments: 'default' },
      { asOf: '2024-01-31', segments: {} },
      { asOf: '2024-01-31', segments: [null] },
      // A hole, which forEach and map skip.
      { asOf: '2024-01-31', segments: [RFM_SEGMENTS[0], , RFM_SEGMENTS[1]] }, // eslint-disable-line no-sparse-arrays
      { asOf: '2024-01-31', segments: [{ name: 'x', r: [2, 1], fm: [1, 5] }] },
      { asOf: '2024-01-31', segments: [{ name: 'x', r: [1, 5], fm: [1, NaN] }] },
      // '1' <= 5 holds in JavaScript: the ends must be numbers, not merely compare as ordered.
      { asOf: '2024-01-31', segments: [{ name: 'x', r: ['1', 5], fm: [1, 5] }] },
      { asOf: '2024-01-31', segments: [{ name: 'x', r: [1, 5], fm: [1, '5'] }] },
      { asOf: '2024-01-31', segments: [{ name: 'x', r: [1, 5, 6], fm: [1, 5] }] },
      { asOf: '2024-01-31', segments: [{ name: 1, r: [1, 5], fm: [1, 5] }] },
      { asOf: '2024-01-31', segments: [{ name: 'x', r: 3, fm: [1, 5] }] },
      { asOf: '2024-01-31', customer: 'customerId' },
      { asOf: '2024-01-31', refunds: 'yes' },
      { asOf: '2024-01-31', missing: 'drop' },
    ];
    for (const options of bad) expectError(() => rfm(rows, options as never), 'INVALID_ARGUMENT', 'rfm');
    expectError(() => rfm(42 as never, { asOf: '2024-01-31' }), 'INVALID_ARGUMENT', 'rfm');
    expectError(() => rfm(null as never, { asOf: '2024-01-31' }), 'INVALID_ARGUMENT', 'rfm');
  });

  property.prop([log, fc.integer({ min: 1, max: 9 })])(
    'scores in 1..bins, equal values get equal scores, and codes and segments follow the scores',
    (rows, bins) => {
      const result = rfm(rows, { asOf, bins, segments: bins === 5 ? RFM_SEGMENTS : [] });
      const customers = result.customers;
      for (const c of customers) {
        for (const score of [c.r, c.f, c.m]) {
          expect(Number.isInteger(score) && score >= 1 && score <= bins).toBe(true);
        }
        expect(c.code).toBe(`${c.r}${c.f}${c.m}`);
        expect(c.segment).toBe(bins === 5 ? firstMatch(RFM_SEGMENTS, c.r, Math.floor((c.f + c.m) / 2)) : 'Other');
        for (const d of customers) {
          if (c.recency === d.recency) expect(c.r).toBe(d.r);
          if (c.recency < d.recency) expect(c.r).toBeGreaterThanOrEqual(d.r);
          if (c.frequency === d.frequency) expect(c.f).toBe(d.f);
          if (c.frequency > d.frequency) expect(c.f).toBeGreaterThanOrEqual(d.f);
          if (c.monetary === d.monetary) expect(c.m).toBe(d.m);
          if (c.monetary > d.monetary) expect(c.m).toBeGreaterThanOrEqual(d.m);
        }
      }
      const counted = Object.values(result.segmentCounts).reduce((a, b) => a + b, 0);
      expect(counted).toBe(customers.length);
      expect(customers.length).toBe(
        new Set(rows.filter((t) => t.date <= Date.parse(asOf) + 86_399_999).map((t) => t.customerId)).size,
      );
    },
  );

  // The customer is one of the log's, with a transaction by asOf (added if need be), so that both
  // are scored: a customer absent from the log made the check pass with nothing to compare.
  property.prop([log, transaction, fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 8, 30) })])(
    'gives a customer and their twin (the same transactions) the same scores',
    (rows, own, date) => {
      const customer = own.customerId;
      const withCustomer = [...rows, { ...own, date }];
      const twin = withCustomer.filter((t) => t.customerId === customer).map((t) => ({ ...t, customerId: 'twin' }));
      const result = rfm([...withCustomer, ...twin], { asOf });
      const original = result.customers.find((c) => c.customerId === customer);
      const copy = result.customers.find((c) => c.customerId === 'twin');
      expect(original).toBeDefined();
      expect(copy).toBeDefined();
      expect({ ...copy, customerId: customer }).toEqual(original);
      expect(result.customers).toHaveLength(rfm(withCustomer, { asOf }).customers.length + 1);
    },
  );

  property.prop([shuffledLog])('does not depend on the order of the transactions', ([rows, shuffled]) => {
    expect(rfm(shuffled, { asOf })).toEqual(rfm(rows, { asOf }));
  });

  property.prop([log])(
    'gives the same recency, frequency and monetary value when the log is split by customer',
    (rows) => {
      const whole = rfm(rows, { asOf }).customers;
      const ids = [...new Set(rows.map((t) => t.customerId))];
      const parts = ids.flatMap(
        (id) =>
          rfm(
            rows.filter((t) => t.customerId === id),
            { asOf },
          ).customers,
      );
      const raw = (list: typeof whole) =>
        list
          .map(({ customerId, recency, frequency, monetary }) => ({ customerId, recency, frequency, monetary }))
          .sort((x, y) => String(x.customerId).localeCompare(String(y.customerId)));
      expect(raw(parts)).toEqual(raw(whole));
    },
  );

  property.prop([log, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 10_000 })])(
    "never lowers a customer's r, f or m score when they buy again, on or after their last purchase day",
    (rows, pick, share, cents) => {
      const before = rfm(rows, { asOf }).customers;
      fc.pre(before.length > 0);
      const customer = before[pick % before.length]!;
      const asOfEnd = Date.UTC(2024, 8, 30, 23, 59, 59, 999);
      const own = rows.filter((t) => t.customerId === customer.customerId && t.date <= asOfEnd);
      const last = Math.max(...own.map((t) => t.date));
      const date = Math.floor(last + share * (asOfEnd - last));
      const after = rfm([...rows, { customerId: customer.customerId, date, amount: cents / 100 }], { asOf });
      const again = after.customers.find((c) => c.customerId === customer.customerId)!;
      expect(again.r).toBeGreaterThanOrEqual(customer.r);
      expect(again.f).toBeGreaterThanOrEqual(customer.f);
      expect(again.m).toBeGreaterThanOrEqual(customer.m);
    },
  );

  property.prop([log])('never mutates its input and returns plain JSON', (rows) => {
    const copy = structuredClone(rows);
    const segments = deepFreeze(structuredClone(RFM_SEGMENTS) as RfmSegmentRule[]);
    const result = rfm(deepFreeze(rows), { asOf, segments });
    expect(rows).toEqual(copy);
    expect(segments).toEqual(RFM_SEGMENTS);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  property.prop([
    log,
    fc.constantFrom(NaN, Infinity, -1, '12', 'not a date', {}, true),
    fc.constantFrom('date', 'amount'),
    fc.nat(),
  ])('refuses an impossible date or amount at its index, or skips and counts it', (rows, bad, field, at) => {
    fc.pre(!(field === 'date' && bad === -1));
    const index = at % (rows.length + 1);
    const broken: unknown[] = [...rows];
    broken.splice(index, 0, { customerId: 'z', date: Date.UTC(2024, 0, 1), amount: 1, [field]: bad });
    const error = expectError(() => rfm(broken, { asOf }), 'INVALID_VALUE', 'rfm');
    expect(error.details.index).toBe(index);
    const skipped = rfm(broken, { asOf, invalid: 'skip' });
    expect(skipped.invalid).toBe(1);
    expect(skipped.customers).toEqual(rfm(rows, { asOf }).customers);
  });
});
