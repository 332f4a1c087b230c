import { describe, expect, it } from 'vitest';
import { repeatPurchaseRatio } from '../../src/purchases/repeat';
import { compressSummaries, summarizeTransactions } from '../../src/purchases/summary';
import { cdnowSample, numericCsv } from './cdnow';

// The published CDNOW calibration summary (Fader, Hardie & Lee 2005; the files shipped with the
// lifetimes library, see examples/data/README.md): weeks, calibration ending 1997-09-30.
describe('summarizeTransactions on CDNOW_sample.txt', () => {
  const summary = summarizeTransactions(cdnowSample(), {
    calibrationEnd: '1997-09-30',
    observationEnd: '1998-06-30',
    unit: 'week',
  });
  // The reference files round half-up to 2 decimals.
  const round2 = (value: number): number => Math.round(value * 100 + 1e-9) / 100;

  it('reproduces cdnow_customers_summary.csv exactly (2,357 customers)', () => {
    const reference = numericCsv('cdnow_customers_summary.csv');
    expect(summary.customers).toHaveLength(2357);
    reference.forEach(([id, frequency, recency, T], k) => {
      const customer = summary.customers[k]!;
      expect([customer.customerId, customer.frequency, round2(customer.recency), round2(customer.T)]).toEqual([
        id,
        frequency,
        recency,
        T,
      ]);
    });
  });

  it('reproduces the zbar column of cdnow_customers_summary_with_transactions.csv', () => {
    const reference = numericCsv('cdnow_customers_summary_with_transactions.csv');
    reference.forEach(([id, , , , zbar], k) => {
      const customer = summary.customers[k]!;
      expect(customer.customerId).toBe(id);
      expect(round2(customer.monetaryValue)).toBe(zbar);
    });
  });

  it('has the published totals: 946 repeat customers, 2,457 repeat purchase days, max T 38.86 weeks', () => {
    const repeaters = summary.customers.filter((c) => c.frequency > 0);
    expect(repeaters).toHaveLength(946);
    expect(summary.customers.reduce((sum, c) => sum + c.frequency, 0)).toBe(2457);
    expect(round2(Math.max(...summary.customers.map((c) => c.T)))).toBe(38.86);
    expect(summary).toMatchObject({
      unit: 'week',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
      customersAfterCalibration: 0,
      transactionsAfterEnd: 0,
      missing: 0,
      invalid: 0,
    });
  });

  it('counts the 39-week holdout purchase days', () => {
    const holdout = summary.customers.reduce((sum, c) => sum + c.holdoutFrequency!, 0);
    // Purchase days from 1997-10-01 to 1998-06-30, counted directly from the raw file.
    const days = new Set(
      cdnowSample()
        .filter((t) => t.date > '19970930')
        .map((t) => `${t.customerId}|${t.date}`),
    );
    expect(holdout).toBe(days.size);
  });

  it('compresses to weighted rows that sum to the customers', () => {
    const rows = compressSummaries(summary.customers);
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(2357);
    expect(rows.length).toBeLessThan(2357);
    // 1,411 customers made no repeat purchase; they differ only in T (their first purchase day).
    const zeroRows = rows.filter((row) => row.frequency === 0);
    expect(zeroRows.reduce((sum, row) => sum + row.count, 0)).toBe(2357 - 946);
  });
});

describe("repeatPurchaseRatio 'after-first' on CDNOW_sample.txt", () => {
  // Every customer of the cohort first bought in 1997 Q1, and the log runs to 1998-06-30. Expected
  // counts recomputed independently in Python from the same file (distinct purchase days per
  // customer, second day at most `within` days after the first; with orders, also a second order
  // on the first day). The master file (23,570 customers) gives 10,810 (45.9%) within 365 days.
  const options = { from: '1997-01-01', to: '1997-03-31', definition: 'after-first', asOf: '1998-06-30' } as const;
  it.each([
    [365, 'day', 1074],
    [365, 'order', 1087],
    [90, 'day', 687],
    [90, 'order', 705],
  ] as const)('within %i days, by %s: %i of 2,357 bought again', (within, occasion, repeatCustomers) => {
    expect(repeatPurchaseRatio(cdnowSample(), { ...options, within, occasion })).toMatchObject({
      customers: 2357,
      repeatCustomers,
      ratio: repeatCustomers / 2357,
    });
  });
});
