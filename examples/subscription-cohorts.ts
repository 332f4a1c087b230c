/**
 * A cohort retention table from subscription records, and the sBG model fitted on its rows. The
 * records are the two cohorts published by Fader & Hardie (2007), written out as a billing system
 * keeps them: one record per one-year contract, renewals included.
 *
 *   npm run build && npx tsx examples/subscription-cohorts.ts
 */
import { fitShiftedBetaGeometric, subscriptionCohorts, survival, type Subscription } from 'loyalty-metrics';

// Percent of a cohort of 1,000 customers still under contract after 0, 1, ..., 7 years, from Fader,
// P. S. & Hardie, B. G. S. (2007), "How to project customer retention", Journal of Interactive
// Marketing 21(1), 76-90. Here both segments signed in January 2000.
const published = [
  { plan: 'regular', percent: [100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1], fit: 'alpha 0.704, beta 1.182' },
  { plan: 'high end', percent: [100, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1], fit: 'alpha 0.668, beta 3.806' },
];

// A customer who stays t years holds t contracts: each starts on January 1 and ends on the next
// January 1, the first day without service. The customers still there in the last year observed,
// 2007, hold an open contract (no end yet).
const contracts: (Subscription & { plan: string })[] = [];
for (const { plan, percent } of published) {
  const inForce = percent.map((p) => Math.round(p * 10)); // customers of the 1,000
  for (let customer = 0; customer < 1000; customer++) {
    const customerId = `${plan} ${customer}`;
    let year = 0;
    while (year + 1 < inForce.length && customer < inForce[year + 1]!) {
      contracts.push({ customerId, plan, start: `${2000 + year}-01-01`, end: `${2001 + year}-01-01` });
      year++;
    }
    const open = year + 1 === inForce.length;
    contracts.push({ customerId, plan, start: `${2000 + year}-01-01`, end: open ? null : `${2001 + year}-01-01` });
  }
}
console.log(`${contracts.length.toLocaleString('en-US')} contract records of 2,000 customers`);
console.log('customers under contract on January 1 of year k, as of 2007-01-01');
console.log('plan      cohort  ' + published[0]!.percent.map((_, k) => String(k).padStart(6)).join(''));

for (const { plan, fit } of published) {
  // Yearly cohorts: a cell counts on January 1 of its year, so it is filled once that day is
  // observed. Renewals follow each other without a day's gap, so a renewing customer stays.
  const table = subscriptionCohorts(
    contracts.filter((c) => c.plan === plan),
    { period: 'year', asOf: '2007-01-01' },
  );
  const cohort = table.cohorts[0]!; // one cohort: everyone signed in 2000
  console.log(plan.padEnd(10) + cohort.cohort.padEnd(8) + cohort.active.map((n) => String(n).padStart(6)).join(''));

  // The row is the cohort's survivor counts, which the sBG model reads. It never rises (no customer
  // came back), as the model assumes.
  const model = fitShiftedBetaGeometric({ survivors: cohort.active.filter((n) => n !== null) });
  const { alpha, beta } = model.params;
  console.log(
    `  sBG: alpha ${alpha.toFixed(3)}, beta ${beta.toFixed(3)} (published ${fit}); ` +
      `projected in force after 12 years: ${(100 * survival(model, 12)).toFixed(1)}%`,
  );
}
