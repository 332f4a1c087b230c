/**
 * Tally answers where they are (per day, per shard, per worker), keep only the small tallies,
 * and merge them later: the result is exactly the tally of all answers together.
 *
 *   npm run build && npx tsx examples/merge-tallies.ts
 */
import { mergeTallies, nps, npsInterval, tally } from 'loyalty-metrics';

// Answers collected on three days, perhaps by three different servers.
const days = {
  monday: [10, 9, 7, 3, 10, null, 8],
  tuesday: [6, 9, 9, 10, 2],
  wednesday: [8, 10, 9, 9, 5, 7, null, 10],
};

// Each day becomes a tally: counts per scale point plus missing and invalid. Plain JSON.
const dailyTallies = Object.values(days).map((answers) => tally(answers));
console.log('monday as JSON:', JSON.stringify(dailyTallies[0]));

// Merging is addition, so the order and grouping do not matter. A list is passed whole (the
// tallies can also come one by one), so there is no limit on how many are merged.
const merged = mergeTallies(dailyTallies);
const everything = tally(Object.values(days).flat());
console.log('merged equals tallying everything:', JSON.stringify(merged) === JSON.stringify(everything));

// Every survey metric accepts a tally in place of the answers.
console.log(`NPS of the three days: ${nps(merged).toFixed(2)} (from the answers: ${nps(everything).toFixed(2)})`);
const { low, high } = npsInterval(merged);
console.log(`95% interval: ${low.toFixed(1)} to ${high.toFixed(1)}; missing answers: ${merged.missing}`);

// Tallies on other scales merge the same way, e.g. CSAT 1-5.
const csatShards = [tally([5, 4, 4], { scale: { min: 1, max: 5 } }), tally([3, 5], { scale: { min: 1, max: 5 } })];
console.log('CSAT counts 1..5:', mergeTallies(...csatShards).counts);
