/**
 * The Pareto/NBD purchase model on the CDNOW data, side by side with BG/NBD and MBG/NBD: fit all
 * three on the calibration period, compare how they fit it, what they say about a few customers,
 * and how well each predicts the 39-week holdout period.
 *
 *   npm run build && npx tsx examples/pareto-nbd-cdnow.ts
 */
import {
  compressSummaries,
  conditionalExpectedPurchases,
  fitBgNbd,
  fitModifiedBgNbd,
  fitParetoNbd,
  probabilityAlive,
  purchaseProbability,
  summarizeTransactions,
} from 'loyalty-metrics';
import { readCdnow } from './lib/read-cdnow.ts';

// Calibration up to 1997-09-30, holdout to 1998-06-30 (39 weeks), times in WEEKS: recency, T, every
// horizon and the rate scales alpha and beta of the models are in weeks.
const summary = summarizeTransactions(readCdnow(), {
  calibrationEnd: '1997-09-30',
  observationEnd: '1998-06-30',
  unit: 'week',
});
const HOLDOUT_WEEKS = 39;
const rows = compressSummaries(summary.customers);

// Pareto/NBD: purchases at rate lambda ~ Gamma(r, alpha) while alive, dropout at ANY time after an
// exponential lifetime of rate mu ~ Gamma(s, beta). Both rates are per week here.
const pareto = fitParetoNbd(rows, { unit: summary.unit });
console.log(
  `Pareto/NBD on ${pareto.n} customers, unit ${pareto.unit}, log-likelihood ${pareto.logLikelihood.toFixed(1)}`,
);
for (const [name, value] of Object.entries(pareto.params)) {
  const se = pareto.standardErrors[name as keyof typeof pareto.standardErrors];
  console.log(`  ${name.padEnd(5)} ${value.toFixed(3)} (standard error ${se.toFixed(3)})`);
}
console.log('  published (Fader, Hardie & Lee 2005): r 0.553, alpha 10.578, s 0.606, beta 11.669, LL -9595.0');
const { r, alpha, s, beta } = pareto.params;
console.log(
  `  mean purchase rate r / alpha ${(r / alpha).toFixed(4)} a week while alive, ` +
    `mean dropout rate s / beta ${(s / beta).toFixed(4)} a week`,
);
// A new customer is still alive after t weeks with probability (beta / (beta + t))^s.
console.log(
  `  a new customer still alive 52 weeks after the first purchase: ${((beta / (beta + 52)) ** s).toFixed(3)}`,
);

// BG/NBD (dropout only right after a purchase) and MBG/NBD (also right after the first purchase).
const bgnbd = fitBgNbd(rows, { unit: summary.unit });
const mbgnbd = fitModifiedBgNbd(rows, { unit: summary.unit });
const models = [
  { name: 'BG/NBD', model: bgnbd },
  { name: 'MBG/NBD', model: mbgnbd },
  { name: 'Pareto/NBD', model: pareto },
];
const { r: mr, alpha: malpha, a: ma, b: mb } = mbgnbd.params;
console.log(
  `MBG/NBD: r ${mr.toFixed(3)}, alpha ${malpha.toFixed(3)}, a ${ma.toFixed(3)}, b ${mb.toFixed(3)}, ` +
    `log-likelihood ${mbgnbd.logLikelihood.toFixed(1)} (BG/NBD ${bgnbd.logLikelihood.toFixed(1)})`,
);

const cell = (text: string | number, width = 12): string => String(text).padStart(width);
const header = (first: string): string => first.padEnd(9) + models.map((m) => cell(m.name)).join('');

// The calibration period: how many customers made x repeat purchase days, against the number each
// model expects, the sum over customers of P(X(T) = x) for their own T (weeks since their first purchase).
console.log('\nCustomers by repeat purchase days x in the calibration period (expected: sum of P(X(T) = x))');
console.log(header('x') + cell('actual'));
const ageCounts = new Map<number, number>();
for (const c of summary.customers) ageCounts.set(c.T, (ageCounts.get(c.T) ?? 0) + 1);
// P(X(T) = x), and for 7+ one minus the probabilities of 0..6.
const probability = (model: (typeof models)[number]['model'], x: number, T: number): number =>
  x < 7
    ? purchaseProbability(model, x, T)
    : 1 - [0, 1, 2, 3, 4, 5, 6].reduce((sum, k) => sum + purchaseProbability(model, k, T), 0);
const expectedCustomers = (model: (typeof models)[number]['model'], x: number): number => {
  let sum = 0;
  for (const [T, count] of ageCounts) sum += count * probability(model, x, T);
  return sum;
};
for (let x = 0; x <= 7; x++) {
  const actual = summary.customers.filter((c) => (x < 7 ? c.frequency === x : c.frequency >= 7)).length;
  const label = x < 7 ? String(x) : '7+';
  console.log(
    label.padEnd(9) + models.map((m) => cell(expectedCustomers(m.model, x).toFixed(1))).join('') + cell(actual),
  );
}

// P(alive) at the end of the calibration period. Customers 9, 1 and 21 made two repeat purchase days
// and last bought 3, 8 and 24 weeks before its end; customer 3 never bought again in 38.86 weeks.
const chosen = [9, 1, 21, 3].map((id) => summary.customers.find((c) => c.customerId === id)!);
console.log('\nP(alive) on 1997-09-30');
console.log(header('customer') + '   history (weeks)');
for (const c of chosen) {
  const alive = models.map(({ model }) => cell(probabilityAlive(model, c).toFixed(3))).join('');
  console.log(
    `${String(c.customerId).padEnd(9)}${alive}   x ${c.frequency}, t_x ${c.recency.toFixed(2)}, T ${c.T.toFixed(2)}`,
  );
}
// Summed over all customers, P(alive) is the number of customers each model believes still active.
const aliveCounts = models.map(({ name, model }) => {
  const alive = summary.customers.reduce((sum, c) => sum + probabilityAlive(model, c), 0);
  return `${name} ${alive.toFixed(0)}`;
});
console.log(
  `customers alive on 1997-09-30 (sum of P(alive)): ${aliveCounts.join(', ')} of ${summary.customers.length}`,
);
console.log('Expected purchase days in the 39-week holdout');
console.log(header('customer') + cell('actual'));
for (const c of chosen) {
  const expected = models.map(({ model }) => cell(conditionalExpectedPurchases(model, c, HOLDOUT_WEEKS).toFixed(2)));
  console.log(String(c.customerId).padEnd(9) + expected.join('') + cell(c.holdoutFrequency ?? 0));
}

// The holdout check: purchase days predicted over the 39 weeks after the calibration, per customer in
// each calibration frequency group and in total, against what the customers did.
console.log('\nHoldout purchase days per customer, by x in the calibration period');
console.log(header('x') + cell('actual') + cell('customers'));
const groups = [
  { label: '0', from: 0, to: 0 },
  { label: '1', from: 1, to: 1 },
  { label: '2-3', from: 2, to: 3 },
  { label: '4-6', from: 4, to: 6 },
  { label: '7+', from: 7, to: Infinity },
  { label: 'all', from: 0, to: Infinity },
];
for (const { label, from, to } of groups) {
  const group = summary.customers.filter((c) => c.frequency >= from && c.frequency <= to);
  const perCustomer = (total: number): string => (total / group.length).toFixed(3);
  const predicted = models.map(({ model }) =>
    cell(perCustomer(group.reduce((sum, c) => sum + conditionalExpectedPurchases(model, c, HOLDOUT_WEEKS), 0))),
  );
  const actual = group.reduce((sum, c) => sum + (c.holdoutFrequency ?? 0), 0);
  console.log(label.padEnd(9) + predicted.join('') + cell(perCustomer(actual)) + cell(group.length));
}
const totals = models.map(({ name, model }) => {
  const total = summary.customers.reduce((sum, c) => sum + conditionalExpectedPurchases(model, c, HOLDOUT_WEEKS), 0);
  return `${name} ${total.toFixed(1)}`;
});
const actualTotal = summary.customers.reduce((sum, c) => sum + (c.holdoutFrequency ?? 0), 0);
console.log(`total purchase days in the holdout: ${totals.join(', ')}; actual ${actualTotal}`);
