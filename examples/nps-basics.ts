/**
 * NPS from a list of answers to "How likely are you to recommend us?" (0-10).
 *
 *   npm run build && npx tsx examples/nps-basics.ts
 */
import { nps, npsBreakdown, npsInterval } from 'loyalty-metrics';

// Twenty answers as they came in, and one null: a customer who skipped the question.
const answers = [10, 9, 9, 8, 7, 10, 6, 9, 3, 10, null, 8, 9, 5, 10, 7, 9, 0, 10, 8, 9];

// The score in points, -100..100: % promoters (9-10) minus % detractors (0-6).
// Passives (7-8) count in the base; the skipped answer does not.
console.log('NPS:', nps(answers));

// What is behind the score: counts and shares of each group, and how many answers were skipped.
const breakdown = npsBreakdown(answers);
console.log('promoters:', breakdown.promoters, 'passives:', breakdown.passives, 'detractors:', breakdown.detractors);
console.log('promoter share:', breakdown.promoterShare, 'detractor share:', breakdown.detractorShare);
console.log('valid answers:', breakdown.n, 'missing:', breakdown.missing);

// Twenty answers say little: the 95% interval (adjusted Wald, the default) is wide.
const interval = npsInterval(answers);
console.log(`95% interval: ${interval.low.toFixed(1)} to ${interval.high.toFixed(1)} (${interval.method})`);

// A 90% interval is narrower; the bootstrap is an alternative method, reproducible by its seed.
const ninety = npsInterval(answers, { confidence: 0.9 });
console.log(`90% interval: ${ninety.low.toFixed(1)} to ${ninety.high.toFixed(1)}`);
const bootstrap = npsInterval(answers, { method: 'bootstrap', seed: 42 });
console.log(`bootstrap 95% interval: ${bootstrap.low.toFixed(1)} to ${bootstrap.high.toFixed(1)}`);
