import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { customerDays, readTransactions, type CustomerDays } from '../../src/_internal/transactions';
import { decimalSum } from '../../src/_internal/sums';

const DAY = 86_400_000;

interface Row {
  customerId: number;
  date: number;
  amount: number;
}

// customerDays written the plain way: group by customer, then by day, sort the days.
function expectedDays(rows: readonly Row[], keep: (day: number) => boolean): CustomerDays[] {
  const byCustomer = new Map<number, Map<number, number[]>>();
  for (const { customerId, date, amount } of rows) {
    const days = byCustomer.get(customerId) ?? new Map<number, number[]>();
    byCustomer.set(customerId, days);
    const day = date / DAY;
    days.set(day, [...(days.get(day) ?? []), amount]);
  }
  // Customers in order of first appearance, as readTransactions numbers them.
  return [...byCustomer.values()].map((days) => {
    const kept = [...days.keys()].filter(keep).sort((a, b) => a - b);
    return {
      days: kept,
      amounts: kept.map((day) => decimalSum([...days.get(day)!])),
      orders: kept.map((day) => days.get(day)!.length),
    };
  });
}

describe('customerDays', () => {
  // Few customers and days, so that runs longer than 32 rows (heapsort) and same-day rows occur.
  const rows = fc.array(
    fc.record({
      customerId: fc.integer({ min: 0, max: 3 }),
      date: fc.integer({ min: 0, max: 60 }).map((day) => day * DAY),
      amount: fc.integer({ min: 0, max: 100_000 }).map((cents) => cents / 100),
    }),
    // size 'max': fast-check otherwise keeps arrays near 10 elements, and no run reaches 33.
    { minLength: 1, maxLength: 300, size: 'max' },
  );

  property.prop([rows, fc.integer({ min: 1, max: 5 })])(
    'merges each customer’s rows per day, days ascending, for short and long runs',
    (log, modulus) => {
      const table = readTransactions('test', log, {}, true);
      expect(customerDays(table)).toEqual(expectedDays(log, () => true));
      const keep = (day: number): boolean => day % modulus === 0;
      expect(customerDays(table, keep)).toEqual(expectedDays(log, keep));
    },
  );

  it('sorts a long run given in reverse, leaving the table as it was', () => {
    const log: Row[] = Array.from({ length: 100 }, (_, k) => ({ customerId: 7, date: (99 - k) * DAY, amount: k }));
    const table = readTransactions('test', log, {}, true);
    const before = [Array.from(table.day), Array.from(table.amount)];
    const [only] = customerDays(table);
    expect(only!.days).toEqual(Array.from({ length: 100 }, (_, k) => k));
    expect(only!.amounts).toEqual(Array.from({ length: 100 }, (_, k) => 99 - k));
    expect([Array.from(table.day), Array.from(table.amount)]).toEqual(before);
  });
});

describe('readTransactions', () => {
  // A log of one row per id, without amounts: what the numbering of customers sees.
  const numbered = (ids: readonly (string | number)[]) =>
    readTransactions(
      'test',
      ids.map((id) => ({ customerId: id, date: 0 })),
      {},
      false,
    );
  // Integer ids below the array limit (65,536 for a short log), above it, and ids that are not
  // array indexes at all: every kind numbered by first appearance, as one Map would number them.
  const customerId = fc.oneof(
    fc.integer({ min: 0, max: 40 }),
    fc.integer({ min: 65_530, max: 65_540 }),
    fc.constantFrom(-1, -0, 0.5, 2 ** 31, 2 ** 32, 2 ** 53 - 1, '0', '1', '65536', 'a'),
  );

  property.prop([fc.array(customerId, { minLength: 1, maxLength: 200 }), fc.boolean()])(
    'numbers customers by first appearance, numbers and strings apart, arrays or not',
    (ids, asIterable) => {
      const log = ids.map((id) => ({ customerId: id, date: 0, amount: 1 }));
      const table = readTransactions('test', asIterable ? new Set(log) : log, {}, true);
      const numbering = new Map<string | number, number>();
      const firstSeen: (string | number)[] = [];
      for (const id of ids) {
        if (!numbering.has(id)) {
          numbering.set(id, numbering.size);
          firstSeen.push(id);
        }
      }
      expect(table.customers).toEqual(firstSeen);
      expect(Array.from(table.customerOf)).toEqual(ids.map((id) => numbering.get(id)));
    },
  );

  it('numbers ids up to 4 times the length of a long array log through the array, as a Map would', () => {
    // 20,000 rows: ids below 80,000 take the array, so 65,536..79,999 do too; 80,000 and up the Map.
    const ids = Array.from({ length: 20_000 }, (_, k) => [79_999 - k, 65_536 + k, 80_000 + k, k][k % 4]!);
    const table = numbered(ids);
    const numbering = new Map<number, number>();
    for (const id of ids) if (!numbering.has(id)) numbering.set(id, numbering.size);
    expect(table.customers).toEqual([...numbering.keys()]);
    expect(Array.from(table.customerOf)).toEqual(ids.map((id) => numbering.get(id)));
  });

  it('reads the default fields of a row that is not an object as missing, whatever reads the customer', () => {
    const log = [null, 5, { customerId: 9, date: 0, amount: 1 }];
    const table = readTransactions('test', log, { customer: (_row, index) => index }, true);
    expect([table.rows, table.missing]).toEqual([1, 2]);
    expect(table.customers).toEqual([2]);
  });

  it('grows the array of ids one past its end: an id equal to its length is numbered once', () => {
    // The array starts with room for ids 0..1023.
    const ids = [1024, 5, 1024, 2047, 2048, 2047];
    const table = numbered(ids);
    expect(table.customers).toEqual([1024, 5, 2047, 2048]);
    expect(Array.from(table.customerOf)).toEqual([0, 1, 0, 2, 3, 2]);
  });

  it('reads more rows from an iterable than it first makes room for', () => {
    // An iterable's length is unknown: the columns start at 1,024 rows and double.
    const log = Array.from({ length: 5000 }, (_, k) => ({ customerId: k % 7, date: (k % 400) * DAY, amount: k }));
    const fromIterable = readTransactions('test', new Set(log), {}, true);
    expect(fromIterable.rows).toBe(5000);
    expect(fromIterable).toEqual(readTransactions('test', log, {}, true));
  });

  it('gives -0 and 0 one number, as a Map does, and keeps the id seen first', () => {
    const table = numbered([-0, 0, 7, '7']);
    expect(table.customers).toEqual([-0, 7, '7']);
    expect(Array.from(table.customerOf)).toEqual([0, 0, 1, 2]);
  });
});
