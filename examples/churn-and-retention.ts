/**
 * Retention and churn rates from customer counts, converting a monthly churn rate to a yearly one,
 * whether churn changed from one month to the next, expected lifetime, and revenue retention, on a
 * small made-up subscription business.
 *
 *   npm run build && npx tsx examples/churn-and-retention.ts
 */
import {
  churnRate,
  compareProportions,
  convertRate,
  expectedLifetime,
  retentionRate,
  revenueRetention,
} from 'loyalty-metrics';

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

// March: 400 customers on March 1 (S); 20 of them left; 55 new customers joined and stayed,
// so 435 customers on March 31 (E). Retention = (E - N) / S, churn = lost / S: both fractions.
const retention = retentionRate({ start: 400, end: 435, acquired: 55 });
const churn = churnRate({ start: 400, lost: 20 });
console.log(`monthly retention ${pct(retention)}, monthly churn ${pct(churn)}`);

// A yearly churn rate is NOT 12 x the monthly one: churn compounds, since each month only the
// customers still there can leave. With a constant hazard, 1 - (1 - 5%)^12 = 45.96%, not 60%.
const yearly = convertRate(churn, { from: 'month', to: 'year' });
console.log(`yearly churn ${pct(yearly)} (12 x ${pct(churn)} would say ${pct(12 * churn)})`);
// (At 9% a month, 12 x would even exceed 100%.) The conversion works both ways, and for retention.
console.log(`back to a month: ${pct(convertRate(yearly, { from: 'year', to: 'month' }))}`);
console.log(`yearly retention: ${pct(convertRate(retention, { from: 'month', to: 'year', kind: 'retention' }))}`);

// Is churn changing? April lost 28 of its 435 customers (6.4%) against March's 20 of 400 (5.0%).
// compareProportions gives the difference of the two rates with its 95% interval and a z-test.
const april = compareProportions({ successes: 28, n: 435 }, { successes: 20, n: 400 });
console.log(
  `April vs March churn: ${(100 * april.difference).toFixed(1)} points, ` +
    `95% CI ${(100 * april.low).toFixed(1)} to ${(100 * april.high).toFixed(1)}, p = ${april.pValue.toFixed(2)}`,
);

// Expected lifetime under a constant churn c is 1 / c, in periods of the rate: months here.
console.log(`expected lifetime: ${expectedLifetime(churn).toFixed(1)} months`);

// Revenue retention of last year's customers (monthly revenue per customer): cat left, bob pays
// less, ann pays more; eve is new, so she is left out of both ratios.
const lastYear = { ann: 100, bob: 50, cat: 80, dan: 20 };
const thisYear = { ann: 120, bob: 30, dan: 20, eve: 60 };
const revenue = revenueRetention(lastYear, thisYear);
// Gross: min(now, then) per customer, so expansion cannot hide losses; net counts expansion too.
console.log(`gross revenue retention ${pct(revenue.gross)}, net ${pct(revenue.net)} of $${revenue.baseRevenue}`);
