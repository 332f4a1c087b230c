/**
 * NPS per calendar month with tallyBy and periodOf, read in the customers' time zone.
 *
 *   npm run build && npx tsx examples/nps-by-month.ts
 */
import { npsInterval, periodOf, tallyBy } from 'loyalty-metrics';

// Survey answers with UTC timestamps, as most tools export them.
const responses = [
  { at: '2025-01-14T10:00:00Z', score: 9 },
  { at: '2025-01-20T16:30:00Z', score: 10 },
  { at: '2025-01-31T23:00:00Z', score: 6 },
  { at: '2025-02-01T03:30:00Z', score: 3 },
  { at: '2025-02-11T09:15:00Z', score: 8 },
  { at: '2025-02-18T13:45:00Z', score: 9 },
  { at: '2025-02-28T22:10:00Z', score: 10 },
  { at: '2025-03-01T02:00:00Z', score: 7 },
  { at: '2025-03-09T12:00:00Z', score: 10 },
  { at: '2025-03-22T18:20:00Z', score: 9 },
];

// The same instants fall in different months depending on where you read the calendar:
// 2025-02-01T03:30Z is still 31 January in New York.
for (const timeZone of ['UTC', 'America/New_York']) {
  const byMonth = tallyBy(responses, {
    key: (r) => periodOf(r.at, { period: 'month', timeZone }),
    value: (r) => r.score,
  });
  console.log(`Months in ${timeZone}:`);
  for (const { key, tally } of byMonth.groups) {
    // Each group is a tally: every NPS function accepts it in place of the raw answers.
    const { n, score, low, high } = npsInterval(tally);
    console.log(`  ${key}  n=${n}  NPS ${score.toFixed(1)}  95% CI ${low.toFixed(1)} to ${high.toFixed(1)}`);
  }
}

// Other buckets: 'day', 'week' (ISO weeks, Monday first), 'quarter', 'year'.
console.log(periodOf('2025-02-01T03:30:00Z', { period: 'week' }));
console.log(periodOf('2025-02-01T03:30:00Z', { period: 'quarter', timeZone: 'Asia/Tokyo' }));
