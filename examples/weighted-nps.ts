/**
 * Weighted NPS: when some customers answered more than their share (here small accounts),
 * weights make the sample count like the customer base. Weights cost precision, which the
 * effective sample size (Kish) measures and the interval uses.
 *
 *   npm run build && npx tsx examples/weighted-nps.ts
 */
import { npsBreakdown, npsInterval } from 'loyalty-metrics';

// Small accounts are 50% of customers but 80% of answers; large accounts 50% and 20%.
// Weight = share of customers / share of answers.
const weights = { small: 0.5 / 0.8, large: 0.5 / 0.2 };
type Answer = { size: keyof typeof weights; score: number };
const answers: Answer[] = [
  ...[10, 9, 8, 6, 3, 9, 7, 5, 10, 6, 2, 8, 9, 4, 6, 10].map((score) => ({ size: 'small' as const, score })),
  ...[10, 9, 9, 10].map((score) => ({ size: 'large' as const, score })),
];
const options = { value: (a: Answer) => a.score, weight: (a: Answer) => weights[a.size] };

// Unweighted: every answer counts once.
const plain = npsBreakdown(answers, { value: (a) => a.score });
console.log(`unweighted NPS ${plain.score.toFixed(1)} from n = ${plain.n}`);

// Weighted: shares and score use the weights; counts are still answers.
const weighted = npsBreakdown(answers, options);
console.log(`weighted NPS ${weighted.score.toFixed(1)}, promoter share ${weighted.promoterShare.toFixed(3)}`);
console.log(`n = ${weighted.n} answers, but effectiveN = ${weighted.effectiveN.toFixed(1)}`);

// The interval uses effectiveN, so it is wider than 20 equally weighted answers would give.
const interval = npsInterval(answers, options);
console.log(
  `95% CI ${interval.low.toFixed(1)} to ${interval.high.toFixed(1)} (effectiveN ${interval.effectiveN.toFixed(1)})`,
);
