/**
 * Customer tenure on the CDNOW sample with Kaplan-Meier: how long customers keep buying, when
 * many of them are still buying at the end of the data.
 *
 *   npm run build && npx tsx examples/tenure-survival.ts
 */
import { kaplanMeier, restrictedMeanSurvival } from 'loyalty-metrics';
import { readCdnow } from './lib/read-cdnow.ts';

const end = Date.parse('1998-06-30') / 86_400_000; // the last day of the data, in days since 1970
const lapseAfter = 180; // days without a purchase before the data end that make a customer lapsed

// First and last purchase day of every customer.
const span = new Map<number, { first: number; last: number }>();
for (const { customerId, date } of readCdnow()) {
  const day = Date.parse(date) / 86_400_000; // 'YYYY-MM-DD' parses as UTC
  const seen = span.get(customerId) ?? { first: day, last: day };
  span.set(customerId, { first: Math.min(seen.first, day), last: Math.max(seen.last, day) });
}

// A lapsed customer's tenure is finished: last - first purchase (the event). A lapse can only be
// seen for a tenure that ends 180 days before the data end, so a customer still buying is censored
// there, at end - 180 - first: their tenure is known to be longer, and nothing later can be seen.
// (Censoring at their last purchase instead would count lapses hidden by the data end as survivals.)
const tenures = [...span.values()].map(({ first, last }) => {
  const observable = end - lapseAfter - first; // the longest tenure whose lapse the data can show
  return last - first < observable ? { days: last - first, lapsed: true } : { days: observable, lapsed: false };
});
const curve = kaplanMeier(tenures, { duration: (c) => c.days, ended: (c) => c.lapsed });

// S(t): the share of customers whose tenure exceeds t days, with its 95% log-log interval.
for (const t of [0, 30, 90, 180, 365]) {
  const k = curve.times.filter((time) => time <= t).length - 1; // the last step at or before t
  const [s, low, high] = [curve.survival[k]!, curve.low[k]!, curve.high[k]!].map((x) => (100 * x).toFixed(1));
  console.log(`S(${t}) = ${s}%  [${low}%, ${high}%]`);
}
console.log(`median tenure: ${curve.median ?? 'not reached'} days (more than half bought on one day only)`);

// The restricted mean: the average number of the first 365 days a customer keeps buying. Not
// further: every first purchase is in early 1997, so no lapse can be seen after a year.
console.log('restricted mean up to 365 days:', restrictedMeanSurvival(curve, 365).mean.toFixed(1));

// Why censoring matters: leaving out the still-active customers (the longest tenures) is biased.
const lapsed = tenures.filter((c) => c.lapsed);
const naive = lapsed.reduce((sum, c) => sum + c.days, 0) / lapsed.length;
console.log(
  `mean tenure of the lapsed customers only: ${naive.toFixed(1)} days (${tenures.length - lapsed.length} left out)`,
);
