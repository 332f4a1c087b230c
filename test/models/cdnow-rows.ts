import { readFileSync } from 'node:fs';
import type { SpendColumns } from '../../src/models/gamma-gamma';

// The published CDNOW summaries of examples/data/ (see its README for origin and licence).
function csv(name: string): number[][] {
  return readFileSync(new URL(`../../examples/data/${name}`, import.meta.url), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',').map(Number));
}

/** The 2,357 CDNOW customers: x, t_x and T in weeks. */
export function cdnowCustomers(): { frequency: number; recency: number; T: number }[] {
  return csv('cdnow_customers_summary.csv').map(([, frequency, recency, T]) => ({
    frequency: frequency!,
    recency: recency!,
    T: T!,
  }));
}

/** The 946 CDNOW customers with repeat purchases: x and the mean value of their repeat purchase days. */
export function cdnowRepeatSpend(): { frequency: number; meanSpend: number }[] {
  return csv('cdnow_customers_summary_with_transactions.csv')
    .filter(([, x]) => x! > 0)
    .map(([, frequency, , , meanSpend]) => ({ frequency: frequency!, meanSpend: meanSpend! }));
}

/** The same customers as the Gamma-Gamma likelihood reads them: columns, one customer a row. */
export function cdnowSpendColumns(): SpendColumns {
  const customers = cdnowRepeatSpend();
  return {
    frequency: Float64Array.from(customers, (c) => c.frequency),
    meanSpend: Float64Array.from(customers, (c) => c.meanSpend),
    weight: new Float64Array(customers.length).fill(1),
    rows: customers.length,
    customers: customers.length,
  };
}
