/**
 * Customer satisfaction (CSAT) and customer effort (CES): scores, breakdowns, intervals, and
 * whether two groups really differ.
 *
 *   npm run build && npx tsx examples/csat-and-ces.ts
 */
import {
  ces,
  cesBreakdown,
  cesInterval,
  compareCes,
  compareCsat,
  csat,
  csatBreakdown,
  csatInterval,
} from 'loyalty-metrics';

// CSAT on 1-5: the share of satisfied answers (4 or 5, the "top-2 box"), a fraction in [0, 1].
const satisfaction = [5, 4, 4, 3, 5, 2, 4, 5, 1, 4, 5, 3, null, 4, 5];
console.log('CSAT:', csat(satisfaction).toFixed(3)); // 10 satisfied of 14 answers; the null is skipped
const csatDetails = csatBreakdown(satisfaction);
console.log('satisfied', csatDetails.satisfied, 'of', csatDetails.n, '| mean', csatDetails.mean.toFixed(2));
const csatRange = csatInterval(satisfaction); // Wilson by default
console.log(`CSAT 95% CI ${csatRange.low.toFixed(3)} to ${csatRange.high.toFixed(3)} (${csatRange.method})`);

// On a 1-7 scale say which answers count as satisfied.
console.log('CSAT 1-7, 5 and up:', csat([7, 6, 5, 2, 4], { scale: { min: 1, max: 7 }, satisfiedFrom: 5 }));

// CES 2.0 (the default): "The company made it easy to handle my issue", 1-7, higher is easier.
const effort = [7, 6, 5, 6, 4, 2, 7, 5, 3, 6, 6, 7];
console.log('CES mean:', ces(effort).toFixed(2));
console.log('CES agree share (5-7):', ces(effort, { report: 'agree' }).toFixed(3));
console.log('CES net (agree - disagree):', ces(effort, { report: 'net' }).toFixed(3));
const cesDetails = cesBreakdown(effort);
console.log('agree', cesDetails.agree, 'neutral', cesDetails.neutral, 'disagree', cesDetails.disagree);
const meanRange = cesInterval(effort); // Student's t for the mean
console.log(`CES mean 95% CI ${meanRange.low.toFixed(2)} to ${meanRange.high.toFixed(2)} (${meanRange.method})`);
const agreeRange = cesInterval(effort, { report: 'agree' });
console.log(`CES agree 95% CI ${agreeRange.low.toFixed(3)} to ${agreeRange.high.toFixed(3)}`);

// CES 1.0 asks about effort, 1-5, where LOWER is better: the result says so.
const old = cesBreakdown([1, 2, 2, 4, 1], { version: '1.0' });
console.log('CES 1.0 mean', old.mean, `(${old.direction}), low-effort share`, old.agreeShare);

// Did CSAT or CES change between two groups (two months, two channels)? Each comparison tests the
// difference first minus second and gives its 95% interval; the groups are read with the same options.
const lastMonth = [5, 4, 3, 2, 4, 5, 3, 3, 4, 2, 5, 4];
const satisfactionGap = compareCsat(satisfaction, lastMonth);
console.log(
  `CSAT change ${satisfactionGap.difference.toFixed(3)}, 95% CI ${satisfactionGap.low.toFixed(3)} to ` +
    `${satisfactionGap.high.toFixed(3)}, p = ${satisfactionGap.pValue.toFixed(3)}`,
);
const effortBefore = [5, 4, 6, 3, 4, 5, 2, 4, 5, 3, 4, 6];
const effortGap = compareCes(effort, effortBefore); // Welch's t-test of the means
// degreesOfFreedom is null only when neither group has any spread (then t is 0 or ±Infinity).
const freedom = effortGap.degreesOfFreedom === null ? 'no' : effortGap.degreesOfFreedom.toFixed(1);
console.log(
  `CES mean change ${effortGap.difference.toFixed(2)}, t = ${effortGap.statistic.toFixed(2)} on ` +
    `${freedom} degrees of freedom, p = ${effortGap.pValue.toFixed(3)}`,
);
