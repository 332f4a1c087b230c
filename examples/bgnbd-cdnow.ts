/**
 * The BG/NBD purchase model on the CDNOW data: fit it on the calibration period, read P(alive) and
 * the expected purchases of a few customers, and check the predictions on the holdout period.
 *
 *   npm run build && npx tsx examples/bgnbd-cdnow.ts
 */
import {
  compressSummaries,
  conditionalExpectedPurchases,
  expectedPurchases,
  fitBgNbd,
  probabilityAlive,
  summarizeTransactions,
} from 'loyalty-metrics';
import { readCdnow } from './lib/read-cdnow.ts';

// Calibration up to 1997-09-30, holdout to 1998-06-30 (39 weeks), times in WEEKS: every time the
// model reads or returns (recency, T, the horizon t, the rate scale alpha) is in weeks from now on.
const summary = summarizeTransactions(readCdnow(), {
  calibrationEnd: '1997-09-30',
  observationEnd: '1998-06-30',
  unit: 'week',
});
const HOLDOUT_WEEKS = 39;

// Fit on one weighted row per distinct (x, t_x, T): the same likelihood as 2,357 rows, fewer terms.
// The summary carries its unit; with bare rows, pass { unit: 'week' }.
const model = fitBgNbd(compressSummaries(summary.customers), { unit: summary.unit });
const { r, alpha, a, b } = model.params;
console.log(`BG/NBD on ${model.n} customers, unit ${model.unit}, log-likelihood ${model.logLikelihood.toFixed(1)}`);
for (const [name, value] of Object.entries(model.params)) {
  const se = model.standardErrors[name as keyof typeof model.standardErrors];
  console.log(`  ${name.padEnd(5)} ${value.toFixed(3)} (standard error ${se.toFixed(3)})`);
}
console.log('  published (Fader, Hardie & Lee 2005): r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4');
// Reading the parameters: while alive, a customer buys r / alpha times a week on average; after
// each purchase they drop out with probability a / (a + b) on average.
console.log(
  `  mean rate ${(r / alpha).toFixed(3)} a week, mean dropout ${((100 * a) / (a + b)).toFixed(1)}% a purchase`,
);

// A new customer, over the 39 weeks after their first purchase:
console.log(`a new customer's expected repeat purchases in 39 weeks: ${expectedPurchases(model, 39).toFixed(3)}`);

// Three customers with the same history length (T about 38.8 weeks) and the same number of repeat
// purchase days (x = 2), but a different last purchase (t_x): the longer a customer has been quiet,
// the more likely they have dropped out, so the fewer purchases they are expected to make.
for (const id of [9, 1, 21]) {
  const c = summary.customers.find((customer) => customer.customerId === id)!;
  const alive = probabilityAlive(model, c);
  const expected = conditionalExpectedPurchases(model, c, HOLDOUT_WEEKS);
  console.log(
    `customer ${id}: x ${c.frequency}, t_x ${c.recency.toFixed(2)}, T ${c.T.toFixed(2)} weeks -> ` +
      `P(alive) ${alive.toFixed(3)}, expected ${expected.toFixed(2)} purchase days in 39 weeks ` +
      `(actual ${c.holdoutFrequency})`,
  );
}

// The holdout check: the purchase days each customer is expected to make in the 39 weeks after
// the calibration, summed, against what the customers actually did.
let predicted = 0;
let actual = 0;
for (const c of summary.customers) {
  predicted += conditionalExpectedPurchases(model, c, HOLDOUT_WEEKS);
  actual += c.holdoutFrequency ?? 0;
}
console.log(`holdout purchase days: predicted ${predicted.toFixed(1)}, actual ${actual}`);

// The same by calibration frequency x, per customer: customers who bought more in the calibration
// are expected to buy more in the holdout, and do.
const groups = [
  { label: 'x = 0', from: 0, to: 0 },
  { label: 'x = 1', from: 1, to: 1 },
  { label: 'x = 2-3', from: 2, to: 3 },
  { label: 'x = 4-6', from: 4, to: 6 },
  { label: 'x >= 7', from: 7, to: Infinity },
];
for (const { label, from, to } of groups) {
  const group = summary.customers.filter((c) => c.frequency >= from && c.frequency <= to);
  const mean = (values: number[]): string => (values.reduce((sum, v) => sum + v, 0) / group.length).toFixed(2);
  const expected = mean(group.map((c) => conditionalExpectedPurchases(model, c, HOLDOUT_WEEKS)));
  const observed = mean(group.map((c) => c.holdoutFrequency ?? 0));
  console.log(`${label}: ${group.length} customers, predicted ${expected} a customer, actual ${observed}`);
}
