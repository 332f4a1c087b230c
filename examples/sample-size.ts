/**
 * How many answers do you need for an NPS that is precise to ± a few points?
 *
 *   npm run build && npx tsx examples/sample-size.ts
 */
import { npsSampleSize } from 'loyalty-metrics';

// Without any prior idea of the result, plan for the worst case (half promoters, half detractors).
for (const marginOfError of [10, 5, 3]) {
  console.log(`±${marginOfError} points, 95% confidence: ${npsSampleSize({ marginOfError })} answers`);
}

// If last quarter had 50% promoters and 20% detractors, fewer answers give the same precision.
const expected = { promoterShare: 0.5, detractorShare: 0.2 };
console.log('±5 points with last quarter as a guide:', npsSampleSize({ marginOfError: 5, ...expected }));

// Accepting 90% confidence instead of 95% also lowers the count.
console.log('±5 points at 90% confidence:', npsSampleSize({ marginOfError: 5, confidence: 0.9, ...expected }));

// These are answers, not invitations: with a 20% response rate, invite five times as many.
const responseRate = 0.2;
console.log('invitations for ±5 points:', Math.ceil(npsSampleSize({ marginOfError: 5, ...expected }) / responseRate));
