import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { segmentRevenue } from '../../src/purchases/segments';
import { deepFreeze, expectError, withDefects, type LogRowKind } from '../helpers';

const transaction = fc.record({
  customerId: fc.constantFrom('a', 'b', 'c', 'd', 7, 11),
  date: fc.integer({ min: Date.UTC(2023, 9, 1), max: Date.UTC(2025, 2, 31) }),
  amount: fc.integer({ min: 0, max: 10_000 }).map((cents) => cents / 100),
  tier: fc.constantFrom('Gold', 'Silver', 1, 2),
});
const log = fc.array(transaction, { minLength: 1, maxLength: 60 });
const shuffledLog = log.chain((rows) =>
  fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })),
);
const year = { from: '2024-01-01', to: '2024-12-31' };
// Logs as exports hold them: the clean rows above with refunds, orders of 0 and missing fields.
const defectiveLog = withDefects(log, transaction);
const inYear = (date: number): boolean => date >= Date.UTC(2024, 0, 1) && date < Date.UTC(2025, 0, 1);
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

describe('segmentRevenue', () => {
  // The JSDoc example.
  const example = [
    { customerId: 'ann', date: '2024-02-01', amount: 50, tier: 'Gold' },
    { customerId: 'ann', date: '2024-02-01', amount: 10, tier: 'Gold' },
    { customerId: 'ann', date: '2024-09-15', amount: 60, tier: 'Gold' },
    { customerId: 'bob', date: '2024-04-03', amount: 40, tier: 'Silver' },
    { customerId: 'cat', date: '2024-07-19', amount: 20, tier: 'Silver' },
    { customerId: 'cat', date: '2023-12-30', amount: 99, tier: 'Silver' },
  ];

  it('splits the window into repeat and one-time customers (computed by hand)', () => {
    // ann bought on two days of 2024 (two orders on Feb 1 are one day): repeat, 3 orders, 120.
    // bob and cat bought on one day of 2024 (cat's 2023 order is outside): one-time, 40 + 20 = 60, 30 each.
    expect(segmentRevenue(example, year)).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
      timeZone: 'UTC',
      segments: [
        { segment: 'repeat', customers: 1, orders: 3, revenue: 120, revenuePerCustomer: 120 },
        { segment: 'oneTime', customers: 2, orders: 2, revenue: 60, revenuePerCustomer: 30 },
      ],
      total: { customers: 3, orders: 5, revenue: 180, revenuePerCustomer: 60 },
      difference: { revenue: 60, revenuePerCustomer: 90 },
      transactionsOutsideWindow: 1,
      missing: 0,
      invalid: 0,
    });
  });

  it('groups by a segment accessor instead, with no difference', () => {
    const result = segmentRevenue(example, { ...year, segment: (d) => d.tier });
    expect(result.segments).toEqual([
      { segment: 'Gold', customers: 1, orders: 3, revenue: 120, revenuePerCustomer: 120 },
      { segment: 'Silver', customers: 2, orders: 2, revenue: 60, revenuePerCustomer: 30 },
    ]);
    expect(result.total).toEqual({ customers: 3, orders: 5, revenue: 180, revenuePerCustomer: 60 });
    expect(result.difference).toBeNull();
  });

  it('counts a customer in every segment they bought in, and sorts numbers before strings', () => {
    const rows = [
      { who: 'p', when: '2024-03-01', paid: 10, seg: 'b' },
      { who: 'p', when: '2024-03-02', paid: 20, seg: 10 },
      { who: 'q', when: '2024-03-03', paid: 30, seg: 'a' },
      { who: 'q', when: '2024-03-04', paid: 40, seg: 2 },
      { who: 'q', when: '2024-03-05', paid: 50, seg: 2 },
      // Outside the window: its segment is not listed.
      { who: 'q', when: '2025-01-01', paid: 60, seg: 'z' },
    ];
    const result = segmentRevenue(rows, {
      ...year,
      customer: (d) => d.who,
      date: (d) => d.when,
      amount: (d) => d.paid,
      segment: (d) => d.seg,
    });
    expect(result.segments.map((s) => [s.segment, s.customers, s.orders, s.revenue])).toEqual([
      [2, 1, 2, 90],
      [10, 1, 1, 20],
      ['a', 1, 1, 30],
      ['b', 1, 1, 10],
    ]);
    expect(result.total).toMatchObject({ customers: 2, orders: 5, revenue: 150, revenuePerCustomer: 75 });
    expect(result.transactionsOutsideWindow).toBe(1);
  });

  it('includes both ends of the window, read as calendar days in the time zone', () => {
    const rows = [
      { customerId: 1, date: '2024-01-01T00:00:00Z', amount: 1 },
      { customerId: 1, date: '2024-12-31T23:59:59Z', amount: 2 },
      { customerId: 2, date: '2023-12-31T23:59:59Z', amount: 4 },
      { customerId: 2, date: '2025-01-01T00:00:00Z', amount: 8 },
    ];
    const utc = segmentRevenue(rows, year);
    expect(utc.total).toMatchObject({ customers: 1, orders: 2, revenue: 3 });
    expect(utc.segments[0]).toMatchObject({ segment: 'repeat', customers: 1 });
    // In New York (UTC-5) the window is shifted by five hours.
    const newYork = segmentRevenue(rows, { ...year, timeZone: 'America/New_York' });
    expect(newYork.total).toMatchObject({ customers: 2, orders: 2, revenue: 10 });
    expect(newYork.segments.map((s) => s.customers)).toEqual([0, 2]);
    expect(newYork.timeZone).toBe('America/New_York');
  });

  it('keeps both default segments when one is empty, with null per-customer values', () => {
    const rows = [{ customerId: 'solo', date: '2024-05-05', amount: 12 }];
    const result = segmentRevenue(rows, year);
    expect(result.segments).toEqual([
      { segment: 'repeat', customers: 0, orders: 0, revenue: 0, revenuePerCustomer: null },
      { segment: 'oneTime', customers: 1, orders: 1, revenue: 12, revenuePerCustomer: 12 },
    ]);
    expect(result.difference).toEqual({ revenue: -12, revenuePerCustomer: null });
    const outside = segmentRevenue([{ customerId: 'solo', date: '2023-05-05', amount: 12 }], year);
    expect(outside.total).toEqual({ customers: 0, orders: 0, revenue: 0, revenuePerCustomer: null });
    expect(
      segmentRevenue(rows, { ...year, from: '2025-01-01', to: '2025-12-31', segment: () => 'x' }).segments,
    ).toEqual([]);
    // No row at all is refused, like every empty input.
    expectError(() => segmentRevenue([], year), 'EMPTY_INPUT', 'segmentRevenue');
  });

  it('skips and counts a missing segment, refuses an impossible one, or skips it under invalid: skip', () => {
    const rows: Array<{ customerId: unknown; date: string; amount: number; tier: unknown }> = [
      { customerId: 'a', date: '2024-01-01', amount: 1, tier: 'Gold' },
      { customerId: 'b', date: '2024-01-01', amount: 1, tier: null },
      { customerId: null, date: '2024-01-01', amount: 1, tier: {} },
      { customerId: 'c', date: '2024-01-01', amount: 1, tier: NaN },
      { customerId: [], date: '2024-01-01', amount: 1, tier: 'Gold' },
      { customerId: 'd', date: '2024-01-01', amount: 1, tier: true },
      { customerId: '', date: '2024-01-01', amount: 1, tier: 'Gold' },
    ];
    const options = { ...year, segment: (d: (typeof rows)[number]) => d.tier as string };
    const error = expectError(() => segmentRevenue(rows, options), 'INVALID_VALUE', 'segmentRevenue');
    expect(error.details).toMatchObject({ index: 3, value: NaN });
    expect(error.message).toBe(
      'segmentRevenue: invalid value at index 3: NaN (segment: a segment must be a string or a finite number)',
    );
    // An empty-string customer is refused as in every function reading transactions.
    expect(expectError(() => segmentRevenue(rows.slice(6), options), 'INVALID_VALUE').message).toContain(
      'customer: an empty string',
    );
    const skipped = segmentRevenue(rows, { ...options, invalid: 'skip' });
    expect(skipped).toMatchObject({ missing: 2, invalid: 4 });
    expect(skipped.segments).toEqual([{ segment: 'Gold', customers: 1, orders: 1, revenue: 1, revenuePerCustomer: 1 }]);
    const missing = expectError(() => segmentRevenue(rows, { ...options, missing: 'throw' }), 'INVALID_VALUE');
    expect(missing.details.index).toBe(1);
    expect(missing.message).toContain('missing segment');
  });

  it('refuses impossible amounts and dates, and negative amounts unless refunds are allowed', () => {
    const rows = [
      { customerId: 'a', date: '2024-03-01', amount: 30 },
      { customerId: 'a', date: '2024-03-09', amount: -10 },
    ];
    expectError(() => segmentRevenue(rows, year), 'INVALID_VALUE', 'segmentRevenue');
    expect(segmentRevenue(rows, { ...year, refunds: 'allow' }).segments[0]).toMatchObject({
      segment: 'repeat',
      revenue: 20,
    });
    for (const amount of [NaN, Infinity, -Infinity, '30']) {
      const row = { customerId: 'b', date: '2024-03-01', amount };
      const refused = expectError(
        () => segmentRevenue([...rows, row], { ...year, refunds: 'allow' }),
        'INVALID_VALUE',
        'segmentRevenue',
      );
      expect(refused.details).toMatchObject({ index: 2, value: amount });
      expect(segmentRevenue([...rows, row], { ...year, refunds: 'allow', invalid: 'skip' }).invalid).toBe(1);
    }
    const broken = [...rows, { customerId: 'b', date: '2024-02-30', amount: 1 }];
    const error = expectError(() => segmentRevenue(broken, { ...year, refunds: 'allow' }), 'INVALID_VALUE');
    expect(error.details.index).toBe(2);
    expect(segmentRevenue(broken, { ...year, refunds: 'allow', invalid: 'skip' }).invalid).toBe(1);
  });

  it('refuses bad options with INVALID_ARGUMENT', () => {
    const rows = [{ customerId: 'a', date: '2024-01-01', amount: 1 }];
    const bad: unknown[] = [
      undefined,
      null,
      {},
      { from: '2024-01-01' },
      { to: '2024-01-01' },
      { from: '2024-12-31', to: '2024-01-01' },
      { from: 'last year', to: '2024-01-01' },
      { ...year, timeZone: 'Nowhere/Land' },
      { ...year, segment: 'tier' },
      { ...year, segment: (d: { customerId: string }) => d.customerId, customer: 'id' },
      { ...year, refunds: true },
    ];
    for (const options of bad) {
      expectError(() => segmentRevenue(rows, options as never), 'INVALID_ARGUMENT', 'segmentRevenue');
    }
    expectError(() => segmentRevenue(5 as never, year), 'INVALID_ARGUMENT', 'segmentRevenue');
  });

  property.prop([log])('default segments partition the window: their revenues sum to its total', (rows) => {
    const result = segmentRevenue(rows, year);
    const [repeat, oneTime] = result.segments;
    const inWindow = rows.filter((t) => inYear(t.date));
    expect(result.segments.map((s) => s.segment)).toEqual(['repeat', 'oneTime']);
    expect(repeat!.revenue + oneTime!.revenue).toBeCloseTo(result.total.revenue, 6);
    expect(result.total.revenue).toBeCloseTo(sum(inWindow.map((t) => t.amount)), 6);
    expect(repeat!.customers + oneTime!.customers).toBe(result.total.customers);
    expect(repeat!.orders + oneTime!.orders).toBe(inWindow.length);
    expect(result.total.customers).toBe(new Set(inWindow.map((t) => t.customerId)).size);
    expect(result.transactionsOutsideWindow).toBe(rows.length - inWindow.length);
    expect(result.difference!.revenue).toBeCloseTo(repeat!.revenue - oneTime!.revenue, 9);
    // A repeat customer has at least two orders.
    expect(repeat!.orders).toBeGreaterThanOrEqual(2 * repeat!.customers);
  });

  property.prop([log])('accessor segments also add up to the total revenue and orders', (rows) => {
    const result = segmentRevenue(rows, { ...year, segment: (d) => d.tier });
    expect(sum(result.segments.map((s) => s.revenue))).toBeCloseTo(result.total.revenue, 6);
    expect(sum(result.segments.map((s) => s.orders))).toBe(result.total.orders);
    expect(sum(result.segments.map((s) => s.customers))).toBeGreaterThanOrEqual(result.total.customers);
    const keys = result.segments.map((s) => s.segment);
    expect(keys).toEqual(
      [...keys].sort((x, y) => (typeof x === typeof y ? (x < y ? -1 : 1) : typeof x === 'number' ? -1 : 1)),
    );
  });

  property.prop([shuffledLog, fc.boolean()])(
    'does not depend on the order of the transactions',
    ([rows, shuffled], byTier) => {
      const options = byTier ? { ...year, segment: (d: (typeof rows)[number]) => d.tier } : year;
      expect(segmentRevenue(shuffled, options)).toEqual(segmentRevenue(rows, options));
    },
  );

  property.prop([log])('splitting the log by customer splits each default segment', (rows) => {
    const whole = segmentRevenue(rows, year);
    const ids = [...new Set(rows.map((t) => t.customerId))];
    const parts = ids.map((id) =>
      segmentRevenue(
        rows.filter((t) => t.customerId === id),
        year,
      ),
    );
    whole.segments.forEach((segment, k) => {
      expect(sum(parts.map((p) => p.segments[k]!.customers))).toBe(segment.customers);
      expect(sum(parts.map((p) => p.segments[k]!.orders))).toBe(segment.orders);
      expect(sum(parts.map((p) => p.segments[k]!.revenue))).toBeCloseTo(segment.revenue, 6);
    });
  });

  property.prop([log, fc.boolean()])(
    'gives the same revenue per customer when every customer has a twin with the same transactions',
    (rows, byTier) => {
      const options = byTier ? { ...year, segment: (d: (typeof rows)[number]) => d.tier } : year;
      const once = segmentRevenue(rows, options);
      const twice = segmentRevenue(
        [...rows, ...rows.map((t) => ({ ...t, customerId: `twin ${t.customerId}` }))],
        options,
      );
      const perGroup = (r: typeof once) => [...r.segments, r.total].map((g) => g.revenuePerCustomer);
      // Amounts are added as money (in cents), so twice the revenue over twice the customers is exact.
      expect(perGroup(twice)).toEqual(perGroup(once));
      expect(twice.segments.map((s) => [s.segment, s.customers, s.orders, s.revenue])).toEqual(
        once.segments.map((s) => [s.segment, 2 * s.customers, 2 * s.orders, 2 * s.revenue]),
      );
    },
  );

  property.prop([log, fc.nat(), fc.integer({ min: 0, max: 100_000 }), fc.boolean()])(
    "never lowers a segment's revenue when one of its orders is worth more, and leaves the others as they were",
    (rows, pick, cents, byTier) => {
      const inWindow = rows.flatMap((t, k) => (inYear(t.date) ? [k] : []));
      fc.pre(inWindow.length > 0);
      const k = inWindow[pick % inWindow.length]!;
      // The same days, so every customer stays in their segment (repeat or one-time, or their tier).
      const richer = rows.map((t, j) => (j === k ? { ...t, amount: t.amount + cents / 100 } : t));
      const options = byTier ? { ...year, segment: (d: (typeof rows)[number]) => d.tier } : year;
      const before = segmentRevenue(rows, options);
      const after = segmentRevenue(richer, options);
      const own = byTier
        ? rows[k]!.tier
        : new Set(
              rows
                .filter((t) => t.customerId === rows[k]!.customerId && inYear(t.date))
                .map((t) => Math.floor(t.date / 86_400_000)),
            ).size > 1
          ? 'repeat'
          : 'oneTime';
      expect(after.segments.map((s) => s.segment)).toEqual(before.segments.map((s) => s.segment));
      after.segments.forEach((segment, j) => {
        const was = before.segments[j]!;
        // Amounts are added as money (in cents): exact, so no tolerance.
        if (segment.segment === own) expect(segment.revenue).toBeGreaterThanOrEqual(was.revenue);
        else expect(segment).toEqual(was);
        expect(segment.customers).toBe(was.customers);
        expect(segment.orders).toBe(was.orders);
      });
      expect(after.total.revenue).toBeGreaterThanOrEqual(before.total.revenue);
    },
  );

  property.prop([defectiveLog, fc.boolean()])(
    'skips and counts rows missing a field, refuses refunds unless allowed, and counts orders of 0 as orders',
    (entries, byTier) => {
      type Row = (typeof entries)[number]['row'];
      const rows = entries.map((e) => e.row);
      const options = byTier ? { ...year, segment: (d: Row) => d.tier as string } : year;
      const of = (...kinds: LogRowKind[]) => entries.filter((e) => kinds.includes(e.kind)).map((e) => e.row);
      const missing = of('no customer', 'no date', 'no amount').length;
      const refunds = of('refund');
      const valid = of('clean', 'free order');
      // Skipped and counted (invalid: 'skip'): the result of the valid rows, orders of 0 among them.
      const skipped = segmentRevenue(rows, { ...options, invalid: 'skip' });
      expect(skipped).toEqual({ ...segmentRevenue(valid, options), missing, invalid: refunds.length });
      expect(skipped.total.orders).toBe(valid.filter((t) => inYear(t.date as number)).length);
      // By default a refund is refused (INVALID_VALUE, at its index); rows missing a field before it are skipped.
      const firstRefund = entries.findIndex((e) => e.kind === 'refund');
      if (firstRefund >= 0) {
        const error = expectError(() => segmentRevenue(rows, options), 'INVALID_VALUE', 'segmentRevenue');
        expect(error.details).toMatchObject({ index: firstRefund, value: rows[firstRefund]!.amount });
      } else {
        expect(segmentRevenue(rows, options)).toEqual(skipped);
      }
      // missing: 'throw' refuses the first row that lacks a field or holds a refund.
      const firstBad = entries.findIndex((e) => e.kind !== 'clean' && e.kind !== 'free order');
      if (firstBad >= 0) {
        const refused = expectError(
          () => segmentRevenue(rows, { ...options, missing: 'throw' }),
          'INVALID_VALUE',
          'segmentRevenue',
        );
        expect(refused.details.index).toBe(firstBad);
      } else {
        expect(segmentRevenue(rows, { ...options, missing: 'throw' })).toEqual(skipped);
      }
      // refunds: 'allow': a refund is an order that subtracts from the revenue.
      const allowed = segmentRevenue(rows, { ...options, refunds: 'allow' });
      const kept = of('clean', 'free order', 'refund');
      expect(allowed).toEqual({ ...segmentRevenue(kept, { ...options, refunds: 'allow' }), missing });
      expect(allowed.total.orders).toBe(kept.filter((t) => inYear(t.date as number)).length);
      expect(allowed.total.revenue).toBeCloseTo(
        sum(kept.filter((t) => inYear(t.date as number)).map((t) => t.amount as number)),
        6,
      );
    },
  );

  property.prop([log, fc.boolean()])('never mutates its input and returns plain JSON', (rows, byTier) => {
    const copy = structuredClone(rows);
    const options = byTier ? { ...year, segment: (d: (typeof rows)[number]) => d.tier } : year;
    const result = segmentRevenue(deepFreeze(rows), options);
    expect(rows).toEqual(copy);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('gives the revenue per customer of equal spends as that spend', () => {
    // 0.15 / 3 is 0.049999999999999996: one division of the exact sum in cents instead.
    const rows = [1, 2, 3].map((k) => ({ customerId: k, date: Date.UTC(2024, 2, k), amount: 0.05 }));
    const result = segmentRevenue(rows, { from: '2024-01-01', to: '2024-12-31' });
    expect(result.total).toEqual({ customers: 3, orders: 3, revenue: 0.15, revenuePerCustomer: 0.05 });
  });
});
