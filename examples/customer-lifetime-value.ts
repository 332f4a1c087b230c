/**
 * Customer lifetime value from two fitted models on the CDNOW data: BG/NBD for how many purchases
 * a customer will make, Gamma-Gamma for how much each will be worth, combined by
 * customerLifetimeValue over a horizon that states its unit.
 *
 *   npm run build && npx tsx examples/customer-lifetime-value.ts
 */
import {
  compressSummaries,
  customerLifetimeValue,
  expectedSpend,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  summarizeTransactions,
} from 'loyalty-metrics';
import { readCdnow } from './lib/read-cdnow.ts';

const money = (x: number): string =>
  `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
// Totals over 2,357 customers are printed to the dollar.
const dollars = (x: number): string => `$${Math.round(x).toLocaleString('en-US')}`;

// The calibration summary in WEEKS (calibration to 1997-09-30): the purchase model is in weeks too.
const summary = summarizeTransactions(readCdnow(), { calibrationEnd: '1997-09-30', unit: 'week' });
const purchaseModel = fitBgNbd(compressSummaries(summary.customers), { unit: summary.unit });

// The spend model reads each customer's repeat purchase days x and their mean value (monetaryValue,
// the first purchase excluded); customers with x = 0 tell nothing about spend and are left out.
const spendModel = fitGammaGamma(summary.customers);
const { p, q, gamma } = spendModel.params;
console.log(
  `Gamma-Gamma on ${spendModel.n} repeat customers: p ${p.toFixed(2)}, q ${q.toFixed(2)}, gamma ${gamma.toFixed(2)}`,
);
console.log('  published (Fader, Hardie & Lee 2005): p 6.25, q 3.74, gamma 15.44');

// The model assumes a customer's spend does not depend on how often they buy: check that the two are
// at most weakly correlated before using it.
const repeaters = summary.customers.filter((c) => c.frequency > 0);
const xs = repeaters.map((c) => c.frequency);
const ms = repeaters.map((c) => c.monetaryValue);
const mean = (v: number[]): number => v.reduce((sum, value) => sum + value, 0) / v.length;
const [mx, mm] = [mean(xs), mean(ms)];
const cov = mean(xs.map((x, i) => (x - mx) * (ms[i]! - mm)));
const sd = (v: number[], m: number): number => Math.sqrt(mean(v.map((value) => (value - m) ** 2)));
console.log(`  correlation of frequency and mean spend: ${(cov / (sd(xs, mx) * sd(ms, mm))).toFixed(2)}`);

// Expected spend per purchase: between the customer's own mean and the population mean, closer to
// their own the more purchases it rests on.
const one = summary.customers[0]!;
console.log(
  `customer 1 spent ${money(one.monetaryValue)} on average over ${one.frequency} repeat days; expected spend ` +
    `${money(expectedSpend(spendModel, one))}; a customer with no repeat day: ` +
    `${money(expectedSpend(spendModel, { frequency: 0, monetaryValue: 0 }))}`,
);

// CLV over the next 12 MONTHS, in 12 monthly steps, discounted at 1% per step (a monthly rate for
// monthly steps). The horizon carries its unit and is converted to the model's weeks.
const clv = customerLifetimeValue({
  purchaseModel,
  spendModel,
  customers: summary.customers,
  horizon: { length: 12, unit: 'month' },
  steps: 12,
  discountRate: 0.01,
});
console.log(
  `horizon ${clv.horizon.length} ${clv.horizon.unit}s = ${clv.horizonInModelUnit.toFixed(2)} ${clv.unit}s; ` +
    `${clv.steps} steps of ${clv.stepLength.toFixed(3)} ${clv.unit}s; discount ${100 * clv.discountRate}% per ${clv.discountPer}`,
);
console.log(`total ${dollars(clv.total)} for ${clv.customers.length} customers`);
const best = clv.customers
  .map((value, i) => ({ id: summary.customers[i]!.customerId, ...value }))
  .sort((a, b) => b.value - a.value)
  .slice(0, 3);
for (const c of best) {
  console.log(
    `  customer ${c.id}: P(alive) ${c.probabilityAlive.toFixed(3)}, ${c.expectedPurchases.toFixed(2)} purchases ` +
      `x ${money(c.expectedSpend)} -> ${money(c.value)} (discounted)`,
  );
}

// The unit trap: a 12 in the wrong unit. 12 weeks is not 12 months; the result says which it used.
const twelveWeeks = customerLifetimeValue({
  purchaseModel,
  spendModel,
  customers: summary.customers,
  horizon: { length: 12, unit: 'week' },
  discountRate: 0.01,
});
console.log(
  `with horizon { length: 12, unit: 'week' }: ${twelveWeeks.horizonInModelUnit} weeks in ${twelveWeeks.steps} ` +
    `steps (1% per week!), total ${dollars(twelveWeeks.total)}`,
);
// And the discount rate is per STEP: with yearly money costs of 10%, monthly steps need
// (1 + 10%)^(1/12) - 1 = 0.797% per step, not 10%.
const yearlyRate = customerLifetimeValue({
  purchaseModel,
  spendModel,
  customers: summary.customers,
  horizon: { length: 12, unit: 'month' },
  steps: 12,
  discountRate: 1.1 ** (1 / 12) - 1,
});
console.log(
  `12 months at 10% a year, converted to ${(100 * yearlyRate.discountRate).toFixed(3)}% a month: ${dollars(yearlyRate.total)}`,
);

// How sure is the total? `interval` draws the parameters of both models from their estimated
// distribution (200 draws, reproducible from the seed) and recomputes every value. And how much
// does the choice of purchase model matter? The same CLV with a Pareto/NBD fit in place of BG/NBD.
const paretoNbd = fitParetoNbd(compressSummaries(summary.customers), { unit: summary.unit });
for (const [name, model] of [
  ['BG/NBD', purchaseModel],
  ['Pareto/NBD', paretoNbd],
] as const) {
  const withInterval = customerLifetimeValue({
    purchaseModel: model,
    spendModel,
    customers: summary.customers,
    horizon: { length: 12, unit: 'month' },
    steps: 12,
    discountRate: 0.01,
    interval: { draws: 200, seed: 7 },
  });
  const { low, high } = withInterval.interval!;
  console.log(
    `${name.padEnd(10)}  ${money(withInterval.total)}  (95% interval ${money(low)} to ${money(high)})  ` +
      `customer 1: ${money(withInterval.customers[0]!.value)}`,
  );
}
