/**
 * Repeat purchase on the CDNOW sample: how many 1997 buyers bought again (two definitions),
 * how many orders a customer places, and how long they wait between purchases.
 *
 *   npm run build && npx tsx examples/repeat-purchase.ts
 */
import { interPurchaseTimes, purchaseFrequency, repeatPurchaseRatio } from 'loyalty-metrics';
import { readCdnow } from './lib/read-cdnow.ts';

// Records { customerId, date: 'YYYY-MM-DD', cds, amount }: the fields the library reads by default.
const transactions = readCdnow();
const year1997 = { from: '1997-01-01', to: '1997-12-31' }; // both days included
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

// Within the window (the default): customers who bought on two or more days in 1997, of all 1997 buyers.
// Several orders on one day are one purchase occasion.
const within = repeatPurchaseRatio(transactions, year1997);
console.log(`1997 repeat-purchase ratio: ${within.repeatCustomers} of ${within.customers} = ${pct(within.ratio)}`);

// Shopify's "returning customer rate" also counts purchases made before the window. Every CDNOW
// customer first bought in January-March 1997: in 1997 both agree, in 1998 every buyer is returning.
for (const window of [year1997, { from: '1998-01-01', to: '1998-06-30' }]) {
  const returning = repeatPurchaseRatio(transactions, { ...window, definition: 'returning' });
  const inside = repeatPurchaseRatio(transactions, window);
  console.log(`${window.from} to ${window.to}: within ${pct(inside.ratio)}, returning ${pct(returning.ratio)}`);
}

// With occasion: 'order', two orders on the same day already make a repeat customer.
const byOrder = repeatPurchaseRatio(transactions, { ...year1997, occasion: 'order' });
console.log(`counting orders, not days: ${byOrder.repeatCustomers} repeat customers (${pct(byOrder.ratio)})`);

// Purchase frequency: orders per customer in the window; here every order counts.
const frequency = purchaseFrequency(transactions, year1997);
console.log(`1997: ${frequency.orders} orders / ${frequency.customers} customers = ${frequency.frequency.toFixed(2)}`);

// Time between purchase days, pooled over customers. The gaps are skewed (many short, a few very
// long), so the median is the typical gap and the mean is pulled up.
const gaps = interPurchaseTimes(transactions, { ...year1997, unit: 'day' });
console.log(
  `gaps: ${gaps.count} of ${gaps.customers} customers, median ${gaps.median} days, mean ${gaps.mean.toFixed(1)}`,
);
const weeks = interPurchaseTimes(transactions, { ...year1997, unit: 'week' });
console.log(`the same in weeks: median ${weeks.median.toFixed(2)}, mean ${weeks.mean.toFixed(2)}`);
