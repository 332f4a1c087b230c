import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { interPurchaseTimes, purchaseFrequency, repeatPurchaseRatio } from '../../src/purchases/repeat';
import { deepFreeze, expectError, withDefects } from '../helpers';

const log = [
  { customerId: 1, date: '2023-12-20' },
  { customerId: 1, date: '2024-03-01' },
  { customerId: 2, date: '2024-02-01' },
  { customerId: 2, date: '2024-02-01' },
  { customerId: 2, date: '2024-05-01' },
  { customerId: 3, date: '2024-07-01' },
  { customerId: 3, date: '2024-07-01' },
  { customerId: 4, date: '2025-01-03' },
];
const year2024 = { from: '2024-01-01', to: '2024-12-31' };

const transactions = fc.array(
  fc.record({
    customerId: fc.integer({ min: 1, max: 6 }),
    date: fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2025, 11, 31) }),
  }),
  { minLength: 1, maxLength: 60 },
);
// A log and the same transactions in another order.
const shuffledTransactions = transactions.chain((rows) =>
  fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })),
);
const inWindow2024 = (date: number): boolean => date >= Date.UTC(2024, 0, 1) && date < Date.UTC(2025, 0, 1);
// The log with a twin of every customer (id + 100) who bought on the same days.
const withTwins = (rows: Array<{ customerId: number; date: number }>) => [
  ...rows,
  ...rows.map((r) => ({ ...r, customerId: r.customerId + 100 })),
];

describe('repeatPurchaseRatio', () => {
  it('counts customers with two purchase days in the window over customers with one', () => {
    // In 2024: customer 1 one day, 2 two days, 3 one day (two orders the same day); 4 is outside.
    expect(repeatPurchaseRatio(log, year2024)).toEqual({
      definition: 'within-window',
      from: '2024-01-01',
      to: '2024-12-31',
      customers: 3,
      repeatCustomers: 1,
      ratio: 1 / 3,
      missing: 0,
      invalid: 0,
    });
  });

  it("counts orders as occasions with occasion: 'order'", () => {
    expect(repeatPurchaseRatio(log, { ...year2024, occasion: 'order' })).toMatchObject({ repeatCustomers: 2 });
  });

  it("counts earlier purchases for Shopify's returning customer rate", () => {
    // Customer 1 bought in 2023 and again in 2024: returning.
    expect(repeatPurchaseRatio(log, { ...year2024, definition: 'returning' })).toMatchObject({
      definition: 'returning',
      repeatCustomers: 2,
      ratio: 2 / 3,
    });
    // Counting orders, customer 3's two orders on one day make a returning customer too.
    expect(repeatPurchaseRatio(log, { ...year2024, definition: 'returning', occasion: 'order' })).toMatchObject({
      repeatCustomers: 3,
      ratio: 1,
    });
  });

  property.prop([transactions])('lies in [0, 1], returning >= within-window, and ignores order', (rows) => {
    const window = { from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 11, 31) };
    const inWindow = rows.some((r) => r.date >= window.from && r.date < window.to + 86_400_000);
    if (!inWindow) {
      expectError(() => repeatPurchaseRatio(rows, window), 'EMPTY_INPUT', 'repeatPurchaseRatio');
      return;
    }
    const within = repeatPurchaseRatio(deepFreeze(rows), window);
    const returning = repeatPurchaseRatio(rows, { ...window, definition: 'returning' });
    expect(within.ratio).toBeGreaterThanOrEqual(0);
    expect(within.ratio).toBeLessThanOrEqual(1);
    expect(returning.ratio).toBeGreaterThanOrEqual(within.ratio);
    expect(repeatPurchaseRatio([...rows].reverse(), window)).toEqual(within);
  });

  const window2024 = { from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 11, 31) };
  const inWindow2024 = (date: number): boolean => date >= window2024.from && date < window2024.to + 86_400_000;
  const definitions = fc.constantFrom('within-window', 'returning' as const);
  const occasions = fc.constantFrom('day', 'order' as const);

  property.prop([transactions, definitions, occasions])(
    'keeps its ratio when every customer has a twin with the same purchases',
    (rows, definition, occasion) => {
      fc.pre(rows.some((r) => inWindow2024(r.date)));
      const options = { ...window2024, definition, occasion };
      const once = repeatPurchaseRatio(rows, options);
      const twice = repeatPurchaseRatio(withTwins(rows), options);
      expect(twice).toEqual({ ...once, customers: 2 * once.customers, repeatCustomers: 2 * once.repeatCustomers });
    },
  );

  property.prop([
    transactions,
    fc.nat(),
    fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 11, 31) }),
    definitions,
    occasions,
  ])(
    'never falls with one more purchase by a customer of the window, never rises with one more new customer',
    (rows, pick, date, definition, occasion) => {
      const buyers = rows.filter((r) => inWindow2024(r.date)).map((r) => r.customerId);
      fc.pre(buyers.length > 0);
      const options = { ...window2024, definition, occasion };
      const ratio = repeatPurchaseRatio(rows, options).ratio;
      const again = [...rows, { customerId: buyers[pick % buyers.length]!, date }];
      expect(repeatPurchaseRatio(again, options).ratio).toBeGreaterThanOrEqual(ratio);
      expect(repeatPurchaseRatio([...rows, { customerId: 99, date }], options).ratio).toBeLessThanOrEqual(ratio);
    },
  );

  describe("'after-first': new customers who buy again within some days", () => {
    const firsts = [
      { customerId: 'before', date: '2023-12-31' }, // first bought before the window: not counted
      { customerId: 'before', date: '2024-01-10' },
      { customerId: 'edge', date: '2024-01-01' },
      { customerId: 'edge', date: '2024-03-31' }, // 90 days later (2024 is a leap year): counts
      { customerId: 'late', date: '2024-01-15' },
      { customerId: 'late', date: '2024-04-15' }, // 91 days later: too late for 90
      { customerId: 'twice', date: '2024-02-01' },
      { customerId: 'twice', date: '2024-02-01' }, // a second order on the first day only
      { customerId: 'once', date: '2024-03-01' },
      { customerId: 'after', date: '2024-05-01' }, // first bought after the window
    ];
    const options = {
      from: '2024-01-01',
      to: '2024-03-31',
      definition: 'after-first',
      within: 90,
      asOf: '2024-06-30',
    } as const;

    it('counts the customers whose first purchase is in the window, and those back within the days', () => {
      expect(repeatPurchaseRatio(firsts, options)).toEqual({
        definition: 'after-first',
        from: '2024-01-01',
        to: '2024-03-31',
        customers: 4,
        repeatCustomers: 1,
        ratio: 0.25,
        missing: 0,
        invalid: 0,
      });
      // A second order on the first day is a second occasion only when orders are counted.
      expect(repeatPurchaseRatio(firsts, { ...options, occasion: 'order' }).repeatCustomers).toBe(2);
      expect(repeatPurchaseRatio(firsts, { ...options, within: 91 }).repeatCustomers).toBe(2);
      expect(repeatPurchaseRatio(firsts, { ...options, within: 0 }).repeatCustomers).toBe(0);
      expect(repeatPurchaseRatio(firsts, { ...options, within: 0, occasion: 'order' }).repeatCustomers).toBe(1);
    });

    it('refuses a window whose last first buyers have not had the days to come back', () => {
      // 2024-03-31 + 90 days = 2024-06-29 <= asOf; one day less of log is refused.
      expect(repeatPurchaseRatio(firsts, { ...options, asOf: '2024-06-29' }).customers).toBe(4);
      const error = expectError(
        () => repeatPurchaseRatio(firsts, { ...options, asOf: '2024-06-28' }),
        'INVALID_ARGUMENT',
        'repeatPurchaseRatio',
      );
      expect(error.message).toBe(
        'repeatPurchaseRatio: to must be at least within (90) days before asOf (2024-06-28): ' +
          'later first buyers have not had 90 days to buy again, got "2024-03-31"',
      );
      // Before any row, as every option: a log with a bad date still gets the refusal of the window.
      const badLog = [...firsts, { customerId: 'z', date: 'last tuesday' }];
      const beforeRows = expectError(
        () => repeatPurchaseRatio(badLog, { ...options, asOf: '2024-06-28' }),
        'INVALID_ARGUMENT',
        'repeatPurchaseRatio',
      );
      expect(beforeRows.message).toMatch(/^repeatPurchaseRatio: to must be at least within \(90\) days before asOf/);
      expect(beforeRows.details.argument).toBe('to');
    });

    it('refuses missing or bad within and asOf, and either with another definition', () => {
      for (const bad of [
        { within: undefined },
        { within: -1 },
        { within: 1.5 },
        { within: NaN },
        { asOf: undefined },
        { asOf: 'soon' },
      ]) {
        expectError(
          () => repeatPurchaseRatio(firsts, { ...options, ...bad }),
          'INVALID_ARGUMENT',
          'repeatPurchaseRatio',
        );
      }
      for (const extra of [{ within: 90 }, { asOf: '2024-06-30' }]) {
        const error = expectError(() => repeatPurchaseRatio(firsts, { ...year2024, ...extra }), 'INVALID_ARGUMENT');
        expect(error.message).toContain("definition must be 'after-first' for the within and asOf options");
      }
    });

    it('refuses a window in which nobody bought for the first time', () => {
      const error = expectError(
        () => repeatPurchaseRatio(firsts, { ...options, from: '2024-01-02', to: '2024-01-09', within: 30 }),
        'EMPTY_INPUT',
        'repeatPurchaseRatio',
      );
      expect(error.message).toBe('repeatPurchaseRatio: no customer bought for the first time in the window');
    });

    const window = { from: '2023-01-01', to: '2024-06-30', definition: 'after-first', asOf: '2025-12-31' } as const;
    const withFirstInWindow = transactions.filter((rows) => rows.some((r) => r.date <= Date.UTC(2024, 5, 30)));
    property.prop([withFirstInWindow, fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 })])(
      'lies in [0, 1], never falls as the days grow, and counts orders at least as often as days',
      (rows, a, b) => {
        const [shorter, longer] = a <= b ? [a, b] : [b, a];
        const short = repeatPurchaseRatio(rows, { ...window, within: shorter });
        const long = repeatPurchaseRatio(rows, { ...window, within: longer });
        expect(short.ratio).toBeGreaterThanOrEqual(0);
        expect(long.ratio).toBeLessThanOrEqual(1);
        expect(long.customers).toBe(short.customers);
        expect(long.repeatCustomers).toBeGreaterThanOrEqual(short.repeatCustomers);
        const byOrder = repeatPurchaseRatio(rows, { ...window, within: shorter, occasion: 'order' });
        expect(byOrder.repeatCustomers).toBeGreaterThanOrEqual(short.repeatCustomers);
      },
    );

    property.prop([withFirstInWindow, fc.integer({ min: 0, max: 500 })])(
      'does not depend on the order of the transactions, and a twin of every customer keeps the ratio',
      (rows, within) => {
        const result = repeatPurchaseRatio(rows, { ...window, within });
        expect(repeatPurchaseRatio([...rows].reverse(), { ...window, within })).toEqual(result);
        const twins = repeatPurchaseRatio(withTwins(rows), { ...window, within });
        expect(twins.customers).toBe(2 * result.customers);
        expect(twins.ratio).toBeCloseTo(result.ratio, 12);
      },
    );

    property.prop([
      withFirstInWindow,
      fc.nat(),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 500 }),
      occasions,
    ])(
      "never falls with one more purchase on or after a customer's first day, never rises with one more one-time buyer",
      (rows, pick, share, within, occasion) => {
        const options = { ...window, within, occasion };
        const result = repeatPurchaseRatio(rows, options);
        const customerId = rows[pick % rows.length]!.customerId;
        const first = Math.min(...rows.filter((r) => r.customerId === customerId).map((r) => r.date));
        const date = Math.floor(first + share * (Date.UTC(2025, 11, 31) - first));
        const again = repeatPurchaseRatio([...rows, { customerId, date }], options);
        expect(again.customers).toBe(result.customers);
        expect(again.ratio).toBeGreaterThanOrEqual(result.ratio);
        const newcomer = repeatPurchaseRatio([...rows, { customerId: 99, date: Date.UTC(2024, 0, 15) }], options);
        expect(newcomer.customers).toBe(result.customers + 1);
        expect(newcomer.ratio).toBeLessThanOrEqual(result.ratio);
      },
    );
  });

  it('refuses bad windows and options, and empty windows', () => {
    for (const options of [
      { from: '2024-12-31', to: '2024-01-01' },
      { from: '2024-01-01' },
      { from: 'then', to: '2024-01-01' },
      { ...year2024, definition: 'shopify' },
      { ...year2024, occasion: 'visit' },
      { ...year2024, timeZone: 'Europe/Atlantis' },
    ]) {
      expectError(() => repeatPurchaseRatio(log, options as never), 'INVALID_ARGUMENT', 'repeatPurchaseRatio');
    }
    expectError(() => repeatPurchaseRatio(log, undefined as never), 'INVALID_ARGUMENT', 'repeatPurchaseRatio');
    expectError(() => repeatPurchaseRatio(log, 'week' as never), 'INVALID_ARGUMENT', 'repeatPurchaseRatio');
    // No window at all says that one is needed, rather than that undefined is not a date.
    const noWindow = expectError(
      () => repeatPurchaseRatio(log, {} as never),
      'INVALID_ARGUMENT',
      'repeatPurchaseRatio',
    );
    expect(noWindow.message).toContain('repeatPurchaseRatio: from and to are required');
    expectError(
      () => repeatPurchaseRatio(log, { from: '2030-01-01', to: '2030-12-31' }),
      'EMPTY_INPUT',
      'repeatPurchaseRatio',
    );
    expectError(
      () => repeatPurchaseRatio([{ customerId: 1, date: 'x' }], year2024),
      'INVALID_VALUE',
      'repeatPurchaseRatio',
    );
  });
});

describe('purchaseFrequency', () => {
  it('is orders over distinct customers, in the window or over the whole log', () => {
    expect(purchaseFrequency(log)).toEqual({ orders: 8, customers: 4, frequency: 2, missing: 0, invalid: 0 });
    expect(purchaseFrequency(log, year2024)).toMatchObject({ orders: 6, customers: 3, frequency: 2 });
  });

  property.prop([transactions])('is at least 1 and ignores order', (rows) => {
    const result = purchaseFrequency(rows);
    expect(result.frequency).toBeGreaterThanOrEqual(1);
    expect(result.orders).toBe(rows.length);
    expect(purchaseFrequency([...rows].reverse())).toEqual(result);
  });

  property.prop([transactions, fc.boolean()])(
    'keeps its frequency when every customer has a twin with the same orders',
    (rows, windowed) => {
      const options = windowed ? { from: Date.UTC(2024, 0, 1), to: Date.UTC(2024, 11, 31) } : {};
      fc.pre(!windowed || rows.some((r) => r.date >= Date.UTC(2024, 0, 1) && r.date < Date.UTC(2025, 0, 1)));
      const once = purchaseFrequency(rows, options);
      const twice = purchaseFrequency(withTwins(rows), options);
      expect(twice).toEqual({ ...once, orders: 2 * once.orders, customers: 2 * once.customers });
    },
  );

  property.prop([shuffledTransactions, fc.boolean()])(
    'does not depend on the order of the transactions, and never mutates them',
    ([rows, shuffled], windowed) => {
      const options = windowed ? year2024 : {};
      fc.pre(!windowed || rows.some((r) => inWindow2024(r.date)));
      const frozen = deepFreeze(structuredClone(rows));
      const result = purchaseFrequency(frozen, options);
      expect(frozen).toEqual(rows);
      expect(purchaseFrequency(shuffled, options)).toEqual(result);
    },
  );

  property.prop([transactions, fc.nat(), fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 11, 31) })])(
    "rises by 1 / customers with one more order of a customer in the window, and never rises with a new customer's",
    (rows, pick, date) => {
      const inWindow = rows.filter((r) => inWindow2024(r.date));
      fc.pre(inWindow.length > 0);
      const before = purchaseFrequency(rows, year2024);
      const known = inWindow[pick % inWindow.length]!.customerId;
      const again = purchaseFrequency([...rows, { customerId: known, date }], year2024);
      expect(again).toMatchObject({ orders: before.orders + 1, customers: before.customers });
      expect(again.frequency).toBeGreaterThan(before.frequency);
      expect(again.frequency).toBeCloseTo(before.frequency + 1 / before.customers, 12);
      // A first order of a new customer: (orders + 1) / (customers + 1) <= orders / customers, as orders >= customers.
      const newcomer = purchaseFrequency([...rows, { customerId: 999, date }], year2024);
      expect(newcomer).toMatchObject({ orders: before.orders + 1, customers: before.customers + 1 });
      expect(newcomer.frequency).toBeLessThanOrEqual(before.frequency);
      expect(newcomer.frequency).toBeGreaterThanOrEqual(1);
      // An order outside the window changes nothing.
      const outside = purchaseFrequency([...rows, { customerId: known, date: Date.UTC(2023, 5, 1) }], year2024);
      expect(outside).toEqual(before);
    },
  );

  it('counts orders whatever their amount: it reads no amounts and takes no amount options', () => {
    const rows = [
      { customerId: 1, date: '2024-01-01', amount: -5 },
      { customerId: 1, date: '2024-01-02', amount: null },
    ];
    expect(purchaseFrequency(rows)).toMatchObject({ orders: 2, customers: 1, missing: 0, invalid: 0 });
    // Amount options of the amount-reading functions are not this function's options.
    expect(purchaseFrequency(rows, { refunds: 'x', amount: 'x' } as never)).toMatchObject({ orders: 2 });
  });

  it('says how many rows it skipped when nothing is left, the sign of field names that do not match', () => {
    const misnamed = [
      { customer_id: 1, order_date: '2024-01-05' },
      { customer_id: 1, order_date: '2024-02-05' },
    ];
    const window = { from: '2024-01-01', to: '2024-12-31' };
    for (const run of [
      () => purchaseFrequency(misnamed),
      () => repeatPurchaseRatio(misnamed, window),
      () => interPurchaseTimes(misnamed),
    ]) {
      const error = expectError(run, 'EMPTY_INPUT');
      expect(error.message).toContain('(skipped: 2 rows missing a field, 0 invalid;');
    }
    // Nothing skipped, nothing added.
    expect(expectError(() => purchaseFrequency([]), 'EMPTY_INPUT').message).toBe('purchaseFrequency: no valid row');
    expect(
      expectError(() => purchaseFrequency(log, { from: '1990-01-01', to: '1990-12-31' }), 'EMPTY_INPUT').message,
    ).toBe('purchaseFrequency: no order in the window');
  });

  it('refuses an empty window', () => {
    expectError(() => purchaseFrequency([]), 'EMPTY_INPUT', 'purchaseFrequency');
    expectError(() => purchaseFrequency(log, { from: '2024-01-01' }), 'INVALID_ARGUMENT', 'purchaseFrequency');
  });

  it('refuses options that are not an object, rather than ignoring them', () => {
    for (const bad of [5, 'week', null]) {
      const error = expectError(() => purchaseFrequency(log, bad as never), 'INVALID_ARGUMENT', 'purchaseFrequency');
      expect(error.details).toMatchObject({ argument: 'options', value: bad });
    }
  });
});

describe('interPurchaseTimes', () => {
  it('pools the gaps between consecutive purchase days of each customer', () => {
    // Gaps: customer 1: 2023-12-20 -> 2024-03-01 = 72 days; customer 2: 90 days.
    expect(interPurchaseTimes(log)).toEqual({
      count: 2,
      customers: 2,
      mean: 81,
      median: 81,
      unit: 'day',
      missing: 0,
      invalid: 0,
    });
    expect(interPurchaseTimes(log, { unit: 'week' })).toMatchObject({ mean: 81 / 7, median: 81 / 7, unit: 'week' });
    // Inside 2024 only customer 2 has two purchase days.
    expect(interPurchaseTimes(log, year2024)).toMatchObject({ count: 1, mean: 90, median: 90 });
  });

  it('takes the middle gap for an odd count', () => {
    const rows = [0, 1, 4, 10].map((day) => ({ customerId: 'a', date: Date.UTC(2024, 0, 1 + day) }));
    // Gaps 1, 3, 6.
    expect(interPurchaseTimes(rows)).toMatchObject({ count: 3, median: 3, mean: 10 / 3 });
  });

  property.prop([transactions])('has a positive median and mean between the smallest and largest gap', (rows) => {
    try {
      const result = interPurchaseTimes(rows, { unit: 'day' });
      // The gaps by hand: distinct purchase days of each customer, consecutive differences.
      const days = new Map<number, Set<number>>();
      for (const { customerId, date } of rows) {
        const seen = days.get(customerId) ?? new Set<number>();
        seen.add(Math.floor(date / 86_400_000)); // calendar days in UTC
        days.set(customerId, seen);
      }
      const gaps = [...days.values()].flatMap((set) => {
        const sorted = [...set].sort((a, b) => a - b);
        return sorted.slice(1).map((day, k) => day - sorted[k]!);
      });
      expect(result.median).toBeGreaterThan(0);
      expect(result.mean).toBeGreaterThan(0);
      for (const middle of [result.median, result.mean]) {
        expect(middle).toBeGreaterThanOrEqual(Math.min(...gaps));
        expect(middle).toBeLessThanOrEqual(Math.max(...gaps));
      }
    } catch (error) {
      expect((error as { code: string }).code).toBe('EMPTY_INPUT');
    }
  });

  // Gaps are whole days: the mean is an exact integer sum over the count, the median a middle gap.
  property.prop([transactions, fc.constantFrom('day', 'week' as const)])(
    'keeps its mean and median when every customer has a twin with the same purchases',
    (rows, unit) => {
      fc.pre(
        new Set(rows.map((r) => `${r.customerId} ${Math.floor(r.date / 86_400_000)}`)).size >
          new Set(rows.map((r) => r.customerId)).size,
      );
      const once = interPurchaseTimes(rows, { unit });
      const twice = interPurchaseTimes(withTwins(rows), { unit });
      expect(twice).toEqual({ ...once, count: 2 * once.count, customers: 2 * once.customers });
    },
  );

  property.prop([shuffledTransactions, fc.boolean(), fc.constantFrom('day', 'week' as const)])(
    'does not depend on the order of the transactions, and never mutates them',
    ([rows, shuffled], windowed, unit) => {
      const options = windowed ? { ...year2024, unit } : { unit };
      const days = (list: typeof rows) =>
        new Set(
          list
            .filter((r) => !windowed || inWindow2024(r.date))
            .map((r) => `${r.customerId} ${Math.floor(r.date / 86_400_000)}`),
        );
      const customers = (list: typeof rows) =>
        new Set(list.filter((r) => !windowed || inWindow2024(r.date)).map((r) => r.customerId));
      // Some customer bought on two days (of the window): otherwise EMPTY_INPUT, tested below.
      fc.pre(days(rows).size > customers(rows).size);
      const frozen = deepFreeze(structuredClone(rows));
      const result = interPurchaseTimes(frozen, options);
      expect(frozen).toEqual(rows);
      expect(interPurchaseTimes(shuffled, options)).toEqual(result);
    },
  );

  it('refuses logs where nobody bought twice, and bad options', () => {
    expectError(() => interPurchaseTimes([{ customerId: 1, date: '2024-01-01' }]), 'EMPTY_INPUT', 'interPurchaseTimes');
    expectError(() => interPurchaseTimes(log, { unit: 'month' as never }), 'INVALID_ARGUMENT', 'interPurchaseTimes');
    expectError(() => interPurchaseTimes(log, 'week' as never), 'INVALID_ARGUMENT', 'interPurchaseTimes');
  });
});

describe('the ends of a window', () => {
  // from and to are both included: a purchase on either day counts, the days just outside do not.
  const edges = [
    { customerId: 'a', date: '2023-12-31' }, // the day before the window
    { customerId: 'a', date: '2024-01-01' }, // its first day
    { customerId: 'b', date: '2024-12-31' }, // its last day
    { customerId: 'b', date: '2025-01-01' }, // the day after
    { customerId: 'c', date: '2024-01-01' },
    { customerId: 'c', date: '2024-12-31' },
  ];

  it('count in repeatPurchaseRatio, with every definition', () => {
    // Within the window a and b have one purchase day each, c two.
    expect(repeatPurchaseRatio(edges, year2024)).toMatchObject({ customers: 3, repeatCustomers: 1 });
    // a also bought the day before: returning. b's purchase the day after is too late to count.
    expect(repeatPurchaseRatio(edges, { ...year2024, definition: 'returning' })).toMatchObject({
      customers: 3,
      repeatCustomers: 2,
    });
    // First purchases on the last day (b) and the first day (c) are in; a's first was the day
    // before. b is back 1 day later, after the window, which counts; c only after 365 days.
    const afterFirst = { ...year2024, definition: 'after-first', within: 1, asOf: '2025-01-01' } as const;
    expect(repeatPurchaseRatio(edges, afterFirst)).toMatchObject({ customers: 2, repeatCustomers: 1 });
  });

  it('count in purchaseFrequency and interPurchaseTimes', () => {
    expect(purchaseFrequency(edges, year2024)).toMatchObject({ orders: 4, customers: 3 });
    // Whole log: gaps of 1 day (a and b) and 365 days (c, 2024 being a leap year); in 2024, c's only.
    expect(interPurchaseTimes(edges)).toMatchObject({ count: 3, customers: 3, median: 1 });
    expect(interPurchaseTimes(edges, year2024)).toMatchObject({ count: 1, customers: 1, median: 365 });
  });
});

// Logs as exports hold them, with amounts: refunds (negative), orders of 0, and rows missing a field
// (null or undefined) put in anywhere. These functions read no amount (docs/purchases.md, section 10):
// a refund or a row without an amount is an order like any other, never refused; a row without
// a customer or a date is skipped and counted as missing.
const withAmounts = transactions.map((rows) => rows.map((row, k) => ({ ...row, amount: 1 + (k % 7) * 10 })));
const loggedWithAmounts = withDefects(
  withAmounts,
  withAmounts.map((rows) => rows[0]!),
);
const outcome = (run: () => object): unknown => {
  try {
    return run();
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('logs with refunds, orders of 0 and missing fields', () => {
  property.prop([loggedWithAmounts, fc.constantFrom('throw', 'skip' as const)])(
    'count refunds and rows without an amount as orders, and skip and count rows without a customer or a date',
    (entries, invalid) => {
      const rows = entries.map((e) => e.row);
      const counted = entries.filter((e) => e.kind !== 'no customer' && e.kind !== 'no date').map((e) => e.row);
      const missing = rows.length - counted.length;
      const calls: Array<(list: unknown[]) => object> = [
        (list) => purchaseFrequency(list, { invalid }),
        (list) => interPurchaseTimes(list, { invalid }),
        (list) => repeatPurchaseRatio(list, { ...year2024, invalid }),
      ];
      for (const call of calls) {
        const expected = outcome(() => call(counted));
        expect(outcome(() => call(rows))).toEqual(
          typeof expected === 'string' ? expected : { ...(expected as object), missing },
        );
      }
      expect(purchaseFrequency(rows)).toMatchObject({ orders: counted.length, missing, invalid: 0 });
      const firstMissing = entries.findIndex((e) => e.kind === 'no customer' || e.kind === 'no date');
      if (firstMissing >= 0) {
        const error = expectError(
          () => purchaseFrequency(rows, { missing: 'throw' }),
          'INVALID_VALUE',
          'purchaseFrequency',
        );
        expect(error.details.index).toBe(firstMissing);
      }
    },
  );
});

// The three functions read the same log; each must skip, count and refuse bad records itself.
describe('bad records', () => {
  const calls: Array<[string, (rows: unknown[], options?: object) => { missing: number; invalid: number }]> = [
    ['repeatPurchaseRatio', (rows, options) => repeatPurchaseRatio(rows, { ...year2024, ...options })],
    ['purchaseFrequency', (rows, options) => purchaseFrequency(rows, options)],
    ['interPurchaseTimes', (rows, options) => interPurchaseTimes(rows, options)],
  ];
  const withRow = (row: unknown): unknown[] => [log[0], row, ...log.slice(1)];

  it.each(calls)(
    '%s skips and counts missing customers and dates, or refuses them under missing: throw',
    (fn, call) => {
      expect(call(withRow({ customerId: null, date: '2024-03-01' }))).toMatchObject({ missing: 1, invalid: 0 });
      expect(call(withRow({ customerId: 5 }))).toMatchObject({ missing: 1, invalid: 0 });
      const error = expectError(() => call(withRow({ customerId: 5 }), { missing: 'throw' }), 'INVALID_VALUE', fn);
      expect(error.details).toMatchObject({ index: 1, value: undefined });
    },
  );

  it.each(calls)(
    '%s refuses an impossible date or customer with INVALID_VALUE at its index, or skips and counts it',
    (fn, call) => {
      for (const [row, value] of [
        [{ customerId: 5, date: NaN }, NaN],
        [{ customerId: 5, date: Infinity }, Infinity],
        [{ customerId: 5, date: 'soon' }, 'soon'],
        [{ customerId: 5, date: '2024-02-30' }, '2024-02-30'],
        [{ customerId: NaN, date: '2024-03-01' }, NaN],
        [{ customerId: {}, date: '2024-03-01' }, {}],
      ] as const) {
        const error = expectError(() => call(withRow(row)), 'INVALID_VALUE', fn);
        expect(error.details).toMatchObject({ index: 1, value });
        expect(call(withRow(row), { invalid: 'skip' })).toMatchObject({ missing: 0, invalid: 1 });
      }
    },
  );
});
