/**
 * Closed-form customer lifetime value on a small made-up subscription business: the seed formula,
 * LTV from a churn rate, discounted LTV (start vs end of period, finite horizon), LTV:CAC and CAC
 * payback. Every input is per customer, and revenue, churn and discount rate are per the same period.
 *
 *   npm run build && npx tsx examples/closed-form-ltv.ts
 */
import { cacPayback, convertRate, discountedLtv, expectedLifetime, ltv, ltvFromChurn, ltvToCac } from 'loyalty-metrics';

const money = (x: number): string =>
  `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

// The business: $50 of revenue per customer per month, 70% gross margin, 4% of customers cancel
// each month, and acquiring a customer costs $300 of marketing.
const monthlyRevenue = 50;
const grossMargin = 0.7;
const monthlyChurn = 0.04;
const cac = 300;

// 1. The seed formula: annual revenue x lifespan in years - acquisition cost. Its inputs are per
//    YEAR. The expected lifespan under a constant churn is 1 / churn periods: take it in the
//    period the churn was measured in (1 / 4% = 25 months), then express it in years.
const years = expectedLifetime(monthlyChurn) / 12;
const seed = ltv({ annualRevenue: 12 * monthlyRevenue, years, acquisitionCost: cac });
console.log(`lifespan 1 / 4% = 25 months = ${years.toFixed(2)} years`);
console.log(`seed LTV: $600 a year x ${years.toFixed(2)} years - $300 = ${money(seed)} (revenue, after CAC)`);
// Not the other way round: churn compounds, so 4% a month is 38.7% a year (not 48%), and 1 / 38.7%
// is 2.58 years, 31 months, because 1 / churn counts the period of leaving as a whole period.
const yearlyChurn = convertRate(monthlyChurn, { from: 'month', to: 'year' });
console.log(`(not: yearly churn ${(100 * yearlyChurn).toFixed(1)}%, lifespan ${(1 / yearlyChurn).toFixed(2)} years)`);

// 2. From the churn rate of the SAME period as the revenue: revenue x margin / churn. Monthly
//    revenue with monthly churn: 1 / 4% = 25 months of margin.
const margin = ltvFromChurn({ revenuePerPeriod: monthlyRevenue, churnRate: monthlyChurn, grossMargin });
console.log(`LTV from churn: $50 x 70% / 4% = ${money(margin)} of margin`);

// 3. Discounted: the present value of $35 of margin a month while the customer stays (retention
//    96% a month), at 10% a year. The discount rate must be monthly too: (1 + 10%)^(1/12) - 1.
const monthlyDiscount = 1.1 ** (1 / 12) - 1;
const discounted = {
  margin: monthlyRevenue * grossMargin,
  retentionRate: 1 - monthlyChurn,
  discountRate: monthlyDiscount,
};
// The timing is required: 'start' = the first margin at once, 'end' = at the end of each month the
// customer survives (Gupta & Lehmann 2003). They differ by a factor (1 + d) / r, here 1.05.
const atStart = discountedLtv({ ...discounted, timing: 'start' });
const atEnd = discountedLtv({ ...discounted, timing: 'end' });
console.log(`discounted LTV: ${money(atStart)} paid at the start of each month, ${money(atEnd)} at the end`);
// A finite horizon: only the first 36 months count.
const threeYears = discountedLtv({ ...discounted, timing: 'end', periods: 36 });
console.log(`discounted LTV over 36 months: ${money(threeYears)} (${((100 * threeYears) / atEnd).toFixed(1)}% of all)`);

// 4. LTV:CAC, with an LTV BEFORE acquisition cost (otherwise the cost counts twice); >= 3 is the
//    usual rule of thumb. Payback: months of margin to earn the CAC back (no churn, no discount).
const ratio = ltvToCac(atEnd, cac);
console.log(`LTV:CAC ${ratio.ratio.toFixed(2)} (rule of thumb >= 3: ${ratio.meetsRuleOfThumb ? 'met' : 'not met'})`);
const payback = cacPayback({ cac, revenuePerPeriod: monthlyRevenue, grossMargin });
console.log(`CAC payback ${payback.toFixed(1)} months of margin`);
