/**
 * Loyalty tiers for a CD shop on the CDNOW sample: who holds which tier, who is close to the next
 * one, and whether last year's tiers still bring revenue.
 *
 *   npm run build && npx tsx examples/loyalty-tiers.ts
 */
import { loyaltyTiers, segmentRevenue } from 'loyalty-metrics';
import { readCdnow } from './lib/read-cdnow.ts';

const transactions = readCdnow();

// Thresholds in dollars of spend (listed in any order): the highest min reached is the tier.
const tiers = [
  { name: 'Bronze', min: 0 },
  { name: 'Silver', min: 100 },
  { name: 'Gold', min: 250 },
  { name: 'Platinum', min: 500 },
];

// Everything bought up to asOf counts ('lifetime'); 'calendar-year' and 'rolling-12-months' requalify.
const lifetime = loyaltyTiers(transactions, { asOf: '1998-06-30', metric: 'spend', window: 'lifetime', tiers });
console.log('lifetime spend tiers:', lifetime.tierCounts);
console.log('first customer:', lifetime.customers[0]); // spend, tier, next tier and what is missing
const rolling = loyaltyTiers(transactions, { asOf: '1998-06-30', metric: 'spend', window: 'rolling-12-months', tiers });
console.log('spend in the last 12 months:', rolling.tierCounts);
// Every customer seen up to asOf is listed; one who bought nothing in the window has value 0 and,
// with a tier at min 0, lands in Bronze: most of these Bronze customers have lapsed.
const spentNothing = rolling.customers.filter((c) => c.value === 0).length;
console.log(`  of them with no purchase in the 12 months: ${spentNothing}`);

// Close to the next tier: what is missing is at most 10% of its threshold (e.g. $90 or more for Silver).
const threshold = new Map(tiers.map((tier) => [tier.name, tier.min]));
const near = lifetime.customers.filter((c) => c.nextTier !== null && c.toNextTier! <= 0.1 * threshold.get(c.nextTier)!);
console.log(`within 10% of the next tier: ${near.length} customers`);

// Do last year's tiers still buy? Tiers as of 1997-12-31, revenue of 1998-01-01 to 1998-06-30.
const lastYear = loyaltyTiers(transactions, { asOf: '1997-12-31', metric: 'spend', window: 'lifetime', tiers });
const tierOf = new Map(lastYear.customers.map((c) => [c.customerId, c.tier]));
const revenue = segmentRevenue(transactions, {
  from: '1998-01-01',
  to: '1998-06-30',
  segment: (t) => tierOf.get(t.customerId) ?? 'None', // a null segment would be skipped as missing
});
for (const { name } of tiers) {
  const row = revenue.segments.find((r) => r.segment === name)!;
  const members = lastYear.tierCounts[name]!;
  const perMember = (row.revenue / members).toFixed(2);
  console.log(`  ${name}: ${row.customers} of ${members} bought, $${row.revenue.toFixed(2)}, $${perMember} per member`);
}
