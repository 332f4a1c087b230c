import { fc, test as property } from '@fast-check/vitest';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { compressSummaries, summarizeTransactions } from '../../src/purchases/summary';
import { deepFreeze, expectError } from '../helpers';

const transaction = fc.record({
  customerId: fc.constantFrom('a', 'b', 'c', 7, 11),
  date: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2024, 11, 31) }),
  amount: fc.integer({ min: 0, max: 10_000 }).map((cents) => cents / 100),
});
const log = fc.array(transaction, { minLength: 1, maxLength: 60 });
const options = { calibrationEnd: '2024-09-30', observationEnd: '2024-12-31', unit: 'week' } as const;

describe('summarizeTransactions', () => {
  const example = [
    { customerId: 'a', date: '2024-01-01', amount: 10 },
    { customerId: 'a', date: '2024-01-01T18:00:00Z', amount: 5 },
    { customerId: 'a', date: '2024-01-15', amount: 30 },
    { customerId: 'a', date: '2024-01-22', amount: 10 },
    { customerId: 'a', date: '2024-02-10', amount: 12 },
    { customerId: 'b', date: '2024-01-29', amount: 8 },
    { customerId: 'c', date: '2024-02-02', amount: 9 },
    { customerId: 'c', date: '2024-03-02', amount: 9 },
  ];

  it('reads Dates of another realm (an iframe, a vm context) in rows and options as Dates', () => {
    const foreignDate = (text: string) => runInNewContext(`new Date(${JSON.stringify(text)})`) as Date;
    expect(foreignDate('2024-01-29') instanceof Date).toBe(false);
    const native = summarizeTransactions(example, { calibrationEnd: '2024-01-29', unit: 'day' });
    const rows = example.map((row) => ({ ...row, date: foreignDate(row.date) }));
    expect(summarizeTransactions(rows, { calibrationEnd: foreignDate('2024-01-29'), unit: 'day' })).toEqual(native);
  });

  it('merges same-day purchases and excludes the first day from frequency and monetary value', () => {
    const summary = summarizeTransactions(example, { calibrationEnd: '2024-01-29', unit: 'day' });
    expect(summary.customers).toEqual([
      // Days 0 (15 in total), 14 (30) and 21 (10): x = 2, t_x = 21, T = 28, mean repeat amount 20.
      { customerId: 'a', frequency: 2, recency: 21, T: 28, monetaryValue: 20 },
      { customerId: 'b', frequency: 0, recency: 0, T: 0, monetaryValue: 0 },
    ]);
    expect(summary).toMatchObject({
      unit: 'day',
      calibrationEnd: '2024-01-29',
      customersAfterCalibration: 1,
      transactionsAfterEnd: 3,
      timeZone: 'UTC',
    });
    expect(summary.observationEnd).toBeUndefined();
  });

  it('counts holdout purchase days up to observationEnd', () => {
    const summary = summarizeTransactions(example, {
      calibrationEnd: '2024-01-29',
      observationEnd: '2024-02-29',
      unit: 'week',
    });
    expect(summary.customers[0]).toEqual({
      customerId: 'a',
      frequency: 2,
      recency: 3,
      T: 4,
      monetaryValue: 20,
      holdoutFrequency: 1,
      holdoutMonetaryValue: 12,
    });
    expect(summary.customers[1]).toMatchObject({ holdoutFrequency: 0, holdoutMonetaryValue: 0 });
    expect(summary).toMatchObject({ observationEnd: '2024-02-29', transactionsAfterEnd: 1 });
  });

  it('counts a holdout purchase on observationEnd and none after it', () => {
    const rows = [
      { customerId: 'x', date: '2024-01-01', amount: 10 },
      { customerId: 'x', date: '2024-01-29', amount: 20 }, // on calibrationEnd
      { customerId: 'x', date: '2024-02-29', amount: 30 }, // on observationEnd
      { customerId: 'x', date: '2024-03-01', amount: 40 }, // after it
    ];
    const summary = summarizeTransactions(rows, {
      calibrationEnd: '2024-01-29',
      observationEnd: '2024-02-29',
      unit: 'day',
    });
    expect(summary.customers).toEqual([
      {
        customerId: 'x',
        frequency: 1,
        recency: 28,
        T: 28,
        monetaryValue: 20,
        holdoutFrequency: 1,
        holdoutMonetaryValue: 30,
      },
    ]);
    expect(summary.transactionsAfterEnd).toBe(1);
  });

  it('reads calendar days in the time zone', () => {
    const late = [
      { customerId: 1, date: '2024-01-01T10:00:00Z', amount: 1 },
      { customerId: 1, date: '2024-01-01T20:00:00Z', amount: 1 },
    ];
    const utc = summarizeTransactions(late, { calibrationEnd: '2024-01-05', unit: 'day' });
    const tokyo = summarizeTransactions(late, { calibrationEnd: '2024-01-05', unit: 'day', timeZone: 'Asia/Tokyo' });
    expect(utc.customers[0]!.frequency).toBe(0);
    // 20:00 UTC is 05:00 the next day in Tokyo: a second purchase day.
    expect(tokyo.customers[0]!.frequency).toBe(1);
  });

  it('reads other field names through accessors', () => {
    const rows = [{ who: 'x', when: new Date(Date.UTC(2024, 0, 1)), paid: 3 }];
    const summary = summarizeTransactions(rows, {
      calibrationEnd: Date.UTC(2024, 0, 8),
      unit: 'week',
      customer: (d) => d.who,
      date: (d) => d.when,
      amount: (d) => d.paid,
    });
    expect(summary.customers).toEqual([{ customerId: 'x', frequency: 0, recency: 0, T: 1, monetaryValue: 0 }]);
  });

  property.prop([log])('does not depend on the order of the transactions', (transactions) => {
    const reversed = [...transactions].reverse();
    expect(summarizeTransactions(reversed, options)).toEqual(summarizeTransactions(transactions, options));
  });

  property.prop([log])('summarizing the log split by customer equals summarizing the whole', (transactions) => {
    const whole = summarizeTransactions(transactions, options).customers;
    const ids = [...new Set(transactions.map((t) => t.customerId))];
    const parts = ids.flatMap(
      (id) =>
        summarizeTransactions(
          transactions.filter((t) => t.customerId === id),
          options,
        ).customers,
    );
    expect(parts.sort((a, b) => String(a.customerId).localeCompare(String(b.customerId)))).toEqual(
      [...whole].sort((a, b) => String(a.customerId).localeCompare(String(b.customerId))),
    );
  });

  property.prop([log])('keeps 0 <= recency <= T, frequency an integer, and never mutates', (transactions) => {
    const frozen = deepFreeze(transactions.map((t) => ({ ...t })));
    for (const c of summarizeTransactions(frozen, options).customers) {
      expect(c.recency).toBeGreaterThanOrEqual(0);
      expect(c.recency).toBeLessThanOrEqual(c.T);
      expect(Number.isInteger(c.frequency)).toBe(true);
      expect(c.frequency === 0 ? c.monetaryValue === 0 : c.monetaryValue >= 0).toBe(true);
    }
    expect(frozen).toEqual(transactions);
  });

  property.prop([log, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true })])(
    'never lowers frequency with one more purchase, nor recency with a later one, and keeps T',
    (transactions, pick, share) => {
      const before = summarizeTransactions(transactions, options).customers;
      fc.pre(before.length > 0);
      const customer = before[pick % before.length]!;
      const calibrationEnd = Date.UTC(2024, 8, 30, 23, 59, 59, 999);
      const days = transactions.filter((t) => t.customerId === customer.customerId).map((t) => t.date);
      const first = Math.min(...days);
      const last = Math.max(...days.filter((d) => d <= calibrationEnd));
      const after = (date: number) =>
        summarizeTransactions(
          [...transactions, { customerId: customer.customerId, date, amount: 1 }],
          options,
        ).customers.find((c) => c.customerId === customer.customerId)!;
      const anyDay = after(Math.floor(first + share * (calibrationEnd - first)));
      expect(anyDay.frequency).toBeGreaterThanOrEqual(customer.frequency);
      expect(anyDay.T).toBe(customer.T);
      const later = after(Math.floor(last + share * (calibrationEnd - last)));
      expect(later.frequency).toBeGreaterThanOrEqual(customer.frequency);
      expect(later.recency).toBeGreaterThanOrEqual(customer.recency);
      expect(later.T).toBe(customer.T);
    },
  );

  it('adds the amounts of one day exactly, in any order', () => {
    const first = { customerId: 'a', date: '2024-01-01', amount: 5 };
    const sameDay = [0.1, 0.2, 0.3].map((amount) => ({ customerId: 'a', date: '2024-01-05', amount }));
    const monetary = (rows: typeof sameDay) =>
      summarizeTransactions([first, ...rows], { calibrationEnd: '2024-02-01', unit: 'day' }).customers[0]!
        .monetaryValue;
    // 0.1 + 0.2 + 0.3 is 0.6000000000000001 in floating point; the amounts are cents.
    expect(monetary(sameDay)).toBe(0.6);
    expect(monetary([...sameDay].reverse())).toBe(0.6);
  });

  it('skips and counts missing fields, refuses impossible ones', () => {
    const rows = [
      { customerId: 'a', date: '2024-01-01', amount: 1 },
      { customerId: null, date: '2024-01-01', amount: 1 },
      { customerId: 'b', date: undefined, amount: 1 },
      { customerId: 'c', date: '2024-01-01', amount: null },
    ];
    expect(summarizeTransactions(rows, { calibrationEnd: '2024-02-01', unit: 'day' })).toMatchObject({ missing: 3 });
    expectError(
      () => summarizeTransactions(rows, { calibrationEnd: '2024-02-01', unit: 'day', missing: 'throw' }),
      'INVALID_VALUE',
      'summarizeTransactions',
    );
    const bad: unknown[] = [
      { customerId: 'a', date: '2024-02-30', amount: 1 },
      { customerId: 'a', date: 'soon', amount: 1 },
      { customerId: 'a', date: '2024-01-01', amount: -5 },
      { customerId: 'a', date: '2024-01-01', amount: NaN },
      { customerId: 'a', date: '2024-01-01', amount: Infinity },
      { customerId: 'a', date: Infinity, amount: 1 },
      { customerId: 'a', date: '2024-01-01', amount: '5' },
      { customerId: {}, date: '2024-01-01', amount: 1 },
      { customerId: NaN, date: '2024-01-01', amount: 1 },
      { customerId: '', date: '2024-01-01', amount: 1 },
    ];
    for (const row of bad) {
      const error = expectError(
        () => summarizeTransactions([rows[0], row], { calibrationEnd: '2024-02-01', unit: 'day' }),
        'INVALID_VALUE',
        'summarizeTransactions',
      );
      expect(error.details.index).toBe(1);
    }
    expect(
      summarizeTransactions([rows[0], ...bad], { calibrationEnd: '2024-02-01', unit: 'day', invalid: 'skip' }).invalid,
    ).toBe(bad.length);
  });

  it("accepts refunds only with refunds: 'allow'", () => {
    const rows = [
      { customerId: 'a', date: '2024-01-01', amount: 10 },
      { customerId: 'a', date: '2024-01-05', amount: 10 },
      { customerId: 'a', date: '2024-01-05', amount: -4 },
    ];
    const summary = summarizeTransactions(rows, { calibrationEnd: '2024-02-01', unit: 'day', refunds: 'allow' });
    expect(summary.customers[0]!.monetaryValue).toBe(6);
  });

  it('refuses bad options', () => {
    const rows = [{ customerId: 'a', date: '2024-01-01', amount: 1 }];
    for (const bad of [
      { calibrationEnd: '2024-02-01' },
      { calibrationEnd: '2024-02-01', unit: 'month' },
      { calibrationEnd: 'never', unit: 'day' },
      { unit: 'day' },
      { calibrationEnd: '2024-02-01', observationEnd: '2024-01-01', unit: 'day' },
      { calibrationEnd: '2024-02-01', unit: 'day', timeZone: 'Nowhere/City' },
      { calibrationEnd: '2024-02-01', unit: 'day', refunds: 'sometimes' },
      { calibrationEnd: '2024-02-01', unit: 'day', customer: 'id' },
    ]) {
      expectError(() => summarizeTransactions(rows, bad as never), 'INVALID_ARGUMENT', 'summarizeTransactions');
    }
    expectError(() => summarizeTransactions(rows, undefined as never), 'INVALID_ARGUMENT', 'summarizeTransactions');
    expectError(
      () => summarizeTransactions(42 as never, { calibrationEnd: '2024-02-01', unit: 'day' }),
      'INVALID_ARGUMENT',
      'summarizeTransactions',
    );
  });

  it('grows its columns past their first capacity for iterables', () => {
    function* many() {
      for (let i = 0; i < 3000; i++) yield { customerId: i % 7, date: Date.UTC(2024, 0, 1 + (i % 200)), amount: 1 };
    }
    const summary = summarizeTransactions(many(), { calibrationEnd: '2024-12-31', unit: 'day' });
    expect(summary.customers).toHaveLength(7);
  });

  it('refuses an empty-string customer (an empty CSV cell) and says how to mark a missing one', () => {
    const rows = [
      { customerId: 'a', date: '2024-01-01', amount: 1 },
      { customerId: '', date: '2024-01-02', amount: 1 },
    ];
    const error = expectError(
      () => summarizeTransactions(rows, { calibrationEnd: '2024-02-01', unit: 'day' }),
      'INVALID_VALUE',
      'summarizeTransactions',
    );
    expect(error.message).toBe(
      'summarizeTransactions: invalid value at index 1: "" (customer: an empty string; give null or undefined for a row without a customer)',
    );
  });

  it('names the index and the offending value of a refused record', () => {
    const rows = [{ customerId: 'a', date: '2024-01-01', amount: 1 }];
    const options = { calibrationEnd: '2024-02-01', unit: 'day' } as const;
    for (const [row, value] of [
      [{ customerId: 'a', date: '2024-01-02', amount: Infinity }, Infinity],
      [{ customerId: 'a', date: 'soon', amount: 1 }, 'soon'],
      [{ customerId: NaN, date: '2024-01-02', amount: 1 }, NaN],
    ] as const) {
      const error = expectError(
        () => summarizeTransactions([...rows, row], options),
        'INVALID_VALUE',
        'summarizeTransactions',
      );
      expect(error.details).toMatchObject({ index: 1, value });
    }
    // The field is in the details too, for a program that reports it.
    const fields = [
      [{ customerId: 'a', date: '2024-01-02', amount: -1 }, 'amount'],
      [{ customerId: 'a', date: 'soon', amount: 1 }, 'date'],
      [{ customerId: {}, date: '2024-01-02', amount: 1 }, 'customer'],
      [{ customerId: 'a', date: null, amount: 1 }, 'date'],
    ] as const;
    for (const [row, field] of fields) {
      const error = expectError(
        () => summarizeTransactions([...rows, row], { ...options, missing: 'throw' }),
        'INVALID_VALUE',
        'summarizeTransactions',
      );
      expect(error.details.field).toBe(field);
    }
  });

  property.prop([fc.integer({ min: 1, max: 10_000 }).map((cents) => cents / 100), fc.integer({ min: 2, max: 12 })])(
    'gives a customer who always spent the same that amount as monetary value',
    (amount, days) => {
      // Six days of 19.99 came out as 19.990000000000002.
      const rows = Array.from({ length: days }, (_, k) => ({
        customerId: 'ann',
        date: Date.UTC(2024, 0, 15 + 7 * k, 10, 20, 30, 123),
        amount,
      }));
      const [customer] = summarizeTransactions(rows, { calibrationEnd: '2024-06-30', unit: 'week' }).customers;
      expect(customer!.monetaryValue).toBe(amount);
    },
  );
});

describe('compressSummaries', () => {
  it('reads -0 as 0, also in rows that come sorted', () => {
    // Each second row follows the first (T 1 < 2) with a -0 in an earlier field.
    for (const second of [
      { frequency: -0, recency: 0, T: 2 },
      { frequency: 0, recency: -0, T: 2 },
    ]) {
      const rows = compressSummaries([{ frequency: 0, recency: 0, T: 1 }, second]);
      expect(rows).toEqual([
        { frequency: 0, recency: 0, T: 1, count: 1 },
        { frequency: 0, recency: 0, T: 2, count: 1 },
      ]);
      expect(rows.every((row) => Object.is(row.frequency, 0) && Object.is(row.recency, 0))).toBe(true);
    }
  });

  // Possible rows: recency 0 without repeat purchases, never after T.
  const row = fc
    .record({ frequency: fc.nat(3), recency: fc.nat(3), T: fc.constantFrom(5, 6) })
    .map((r) => (r.frequency === 0 ? { ...r, recency: 0 } : r));
  property.prop([fc.array(row)])(
    'has counts that sum to the customers and one row per distinct triple',
    (customers) => {
      const rows = compressSummaries(customers);
      expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(customers.length);
      expect(new Set(rows.map((r) => `${r.frequency}|${r.recency}|${r.T}`)).size).toBe(rows.length);
    },
  );

  property.prop([
    fc
      .array(row, { maxLength: 40 })
      .chain((customers) =>
        fc.tuple(fc.constant(customers), fc.shuffledSubarray(customers, { minLength: customers.length })),
      ),
    fc.integer({ min: 2, max: 4 }),
  ])(
    'does not depend on the order of the customers, multiplies its counts with copies, and never mutates',
    ([customers, shuffled], copies) => {
      const frozen = deepFreeze(structuredClone(customers));
      const rows = compressSummaries(frozen);
      expect(frozen).toEqual(customers);
      expect(compressSummaries(shuffled)).toEqual(rows);
      expect(compressSummaries(Array.from({ length: copies }, () => customers).flat())).toEqual(
        rows.map((r) => ({ ...r, count: copies * r.count })),
      );
    },
  );

  it('sorts the rows by frequency, then recency, then T, whatever the order of the customers', () => {
    const customers = [
      { frequency: 2, recency: 4, T: 10 },
      { frequency: 0, recency: 0, T: 10 },
      { frequency: 2, recency: 3, T: 10 },
      { frequency: 2, recency: 3, T: 9 },
      { frequency: 2, recency: 4, T: 10 },
    ];
    expect(compressSummaries(customers)).toEqual([
      { frequency: 0, recency: 0, T: 10, count: 1 },
      { frequency: 2, recency: 3, T: 9, count: 1 },
      { frequency: 2, recency: 3, T: 10, count: 1 },
      { frequency: 2, recency: 4, T: 10, count: 2 },
    ]);
  });

  it('refuses rows without finite values', () => {
    const error = expectError(
      () =>
        compressSummaries([
          { frequency: 1, recency: 1, T: 2 },
          { frequency: NaN, recency: 0, T: 1 },
        ]),
      'INVALID_VALUE',
      'compressSummaries',
    );
    expect(error.details.index).toBe(1);
    expectError(() => compressSummaries([null as never]), 'INVALID_VALUE', 'compressSummaries');
    expectError(() => compressSummaries(undefined as never), 'INVALID_ARGUMENT', 'compressSummaries');
  });

  it('refuses impossible rows, as the model fits do', () => {
    const impossible: Array<[object, string]> = [
      [{ frequency: -1, recency: 0, T: 5 }, 'frequency must be an integer >= 0'],
      [{ frequency: 1.5, recency: 2, T: 5 }, 'frequency must be an integer >= 0'],
      [{ frequency: 2, recency: -1, T: 5 }, 'recency and T must be finite numbers >= 0'],
      [{ frequency: 2, recency: 1, T: Infinity }, 'recency and T must be finite numbers >= 0'],
      [{ frequency: 2, recency: '1', T: 5 }, 'recency and T must be finite numbers >= 0'],
      [{ frequency: '2', recency: 1, T: 5 }, 'frequency must be an integer >= 0'],
      [{ frequency: 2, recency: 9, T: 5 }, 'recency 9 is after T 5'],
      [{ frequency: 0, recency: 3, T: 5 }, 'recency must be 0 when frequency is 0'],
    ];
    for (const [row, why] of impossible) {
      const error = expectError(() => compressSummaries([row as never]), 'INVALID_VALUE', 'compressSummaries');
      expect(error.message).toContain(why);
      expect(error.details).toMatchObject({ index: 0, value: row });
    }
  });
});
