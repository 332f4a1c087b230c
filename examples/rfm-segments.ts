/**
 * RFM analysis of the CDNOW customers: recency, frequency and monetary value as of an analysis
 * date, scores 1-5 by quintile of rank, and the segment each score pair falls in.
 *
 *   npm run build && npx tsx examples/rfm-segments.ts
 */
import { RFM_SEGMENTS, rfm } from 'loyalty-metrics';
import { readCdnow } from './lib/read-cdnow.ts';

const transactions = readCdnow();

// Transactions after asOf are left out; recency is in days up to asOf, monetary in dollars.
const analysis = rfm(transactions, { asOf: '1998-06-30' });
console.log(`${analysis.customers.length} customers as of ${analysis.asOf}`);

// One entry per customer (sorted by id): raw values, scores (5 is best) and the segment.
console.log(analysis.customers[0]);

// Customers per segment, largest first. Equal values share a score (all one-order customers get
// the same f), so the score buckets are not exactly 20% each.
const bySize = Object.entries(analysis.segmentCounts).sort(([, a], [, b]) => b - a);
for (const [segment, n] of bySize) console.log(`  ${segment.padEnd(19)} ${String(n).padStart(5)}`);

// The best customers by every measure: code '555'.
const best = analysis.customers.filter((c) => c.code === '555');
console.log(
  `code 555: ${best.length} customers, e.g. ids ${best
    .slice(0, 5)
    .map((c) => c.customerId)
    .join(', ')}`,
);

// The segment map is plain data, matched first to last: put your own rule in front of the default.
// Here big spenders who have not bought for a long time form one "Win back" list.
const winBack = rfm(transactions, {
  asOf: '1998-06-30',
  segments: [{ name: 'Win back', r: [1, 2], fm: [4, 5] }, ...RFM_SEGMENTS],
});
console.log(`Win back: ${winBack.segmentCounts['Win back']} customers (r 1-2, fm = floor((f + m) / 2) 4-5)`);
