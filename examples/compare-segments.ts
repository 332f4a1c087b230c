/**
 * Is the NPS of two groups really different, or is the gap sampling noise? compareNps answers
 * with a two-sided z-test and an interval for the difference.
 *
 *   npm run build && npx tsx examples/compare-segments.ts
 */
import { compareNps, nps, tallyBy } from 'loyalty-metrics';

// Group counts are enough: 120 Pro customers against 150 Basic customers.
const pro = { promoters: 66, passives: 30, detractors: 24 };
const basic = { promoters: 63, passives: 42, detractors: 45 };
const result = compareNps(pro, basic);

// difference: Pro NPS minus Basic NPS, in points; low..high: its 95% interval.
console.log(`Pro vs Basic: difference ${result.difference.toFixed(1)} points`);
console.log(`95% CI ${result.low.toFixed(1)} to ${result.high.toFixed(1)}, z = ${result.z.toFixed(2)}`);
// A p-value below 0.05 is the usual bar for "the gap is not just noise".
console.log(`p-value ${result.pValue.toFixed(4)}:`, result.pValue < 0.05 ? 'significant at 5%' : 'not significant');

// An even larger gap from a tenth of the answers is not significant: sample size matters.
const small = compareNps({ promoters: 7, passives: 3, detractors: 2 }, { promoters: 6, passives: 4, detractors: 5 });
console.log(`with 12 and 15 answers: difference ${small.difference.toFixed(1)}, p-value ${small.pValue.toFixed(2)}`);

// From raw answers: tally them per segment (groups come sorted by key), then compare tallies.
const answers = [
  { plan: 'pro', score: 10 },
  { plan: 'basic', score: 6 },
  { plan: 'pro', score: 9 },
  { plan: 'basic', score: 9 },
  { plan: 'pro', score: 8 },
  { plan: 'basic', score: 4 },
];
const [basicGroup, proGroup] = tallyBy(answers, { key: (a) => a.plan, value: (a) => a.score }).groups;
console.log(
  `${basicGroup!.key}: NPS ${nps(basicGroup!.tally).toFixed(1)}, ${proGroup!.key}: NPS ${nps(proGroup!.tally).toFixed(1)}`,
);
const fromTallies = compareNps(proGroup!.tally, basicGroup!.tally);
console.log(`pro - basic: ${fromTallies.difference.toFixed(1)} points, p-value ${fromTallies.pValue.toFixed(2)}`);
