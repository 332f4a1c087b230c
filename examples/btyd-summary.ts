/**
 * The customer summary that "Buy Till You Die" models (BG/NBD, Pareto/NBD, Gamma-Gamma) are fitted
 * on, from the CDNOW transaction log: it reproduces the published summary of Fader, Hardie & Lee.
 *
 *   npm run build && npx tsx examples/btyd-summary.ts
 */
import { compressSummaries, summarizeTransactions } from 'loyalty-metrics';
import { readCdnow } from './lib/read-cdnow.ts';

// Calibration up to 1997-09-30, holdout to 1998-06-30, times in weeks. The unit is required, so a
// model fitted on this summary is in weeks too.
const summary = summarizeTransactions(readCdnow(), {
  calibrationEnd: '1997-09-30',
  observationEnd: '1998-06-30',
  unit: 'week',
});

// Per customer: x = purchase days after the first, t_x = first to last purchase day, T = first
// purchase day to the calibration end, the mean value of the repeat days (the first day excluded),
// and the purchase days in the holdout.
const money = (x: number): string => (Math.round(x * 100 + 1e-9) / 100).toFixed(2); // half up, as published
console.log('id    x   t_x      T  mean $  holdout x');
for (const c of summary.customers.slice(0, 6)) {
  const cells = [c.frequency, c.recency.toFixed(2), c.T.toFixed(2), money(c.monetaryValue), c.holdoutFrequency];
  console.log(String(c.customerId).padEnd(4), cells.map((v, k) => String(v).padStart([2, 6, 6, 7, 10][k]!)).join(' '));
}

// The published totals: 2,357 customers, 946 repeat customers, 2,457 repeat purchase days.
const customers = summary.customers;
const repeaters = customers.filter((c) => c.frequency > 0).length;
const repeatDays = customers.reduce((sum, c) => sum + c.frequency, 0);
console.log(`customers ${customers.length}, repeat customers ${repeaters}, repeat purchase days ${repeatDays}`);
const holdout = customers.reduce((sum, c) => sum + (c.holdoutFrequency ?? 0), 0);
console.log(`holdout purchase days ${holdout}; longest T ${Math.max(...customers.map((c) => c.T)).toFixed(2)} weeks`);

// The models only need (x, t_x, T): one weighted row per distinct triple fits just as well, and much faster.
const rows = compressSummaries(customers);
console.log(`${customers.length} customers -> ${rows.length} weighted rows; the first three:`);
for (const row of rows.slice(0, 3)) console.log(' ', row);
