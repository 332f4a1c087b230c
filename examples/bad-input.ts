/**
 * What happens to blank and impossible answers: missing answers are skipped and counted,
 * impossible ones are refused with a LoyaltyMetricsError, unless you ask to skip them too.
 *
 *   npm run build && npx tsx examples/bad-input.ts
 */
import { LoyaltyMetricsError, npsBreakdown, npsInterval } from 'loyalty-metrics';

// A column from a survey export: null is a blank cell; 11, 'N/A', 7.5 and -1 cannot be NPS answers.
const column: unknown[] = [10, 9, null, 8, 11, 'N/A', 6, 7.5, 9, undefined, -1, 10];

// By default an impossible answer stops the computation. The error says where and what.
try {
  npsBreakdown(column);
} catch (error) {
  if (!(error instanceof LoyaltyMetricsError)) throw error;
  console.log('code:', error.code); // INVALID_VALUE
  console.log('details:', error.details); // the index and the value that was refused
  console.log('message:', error.message);
}

// invalid: 'skip' skips impossible answers and counts them, so the result says what was left out.
const breakdown = npsBreakdown(column, { invalid: 'skip' });
console.log(`NPS ${breakdown.score.toFixed(1)} from ${breakdown.n} answers;`, {
  missing: breakdown.missing,
  invalid: breakdown.invalid,
});

// missing: 'throw' refuses blanks too, e.g. where every customer must have answered.
try {
  npsBreakdown([9, null], { missing: 'throw' });
} catch (error) {
  if (error instanceof LoyaltyMetricsError) console.log(error.code, error.details);
}

// Nothing valid left: EMPTY_INPUT. A bad option: INVALID_ARGUMENT (confidence is a fraction).
for (const attempt of [() => npsBreakdown([null, null]), () => npsInterval([9, 10], { confidence: 95 })]) {
  try {
    attempt();
  } catch (error) {
    if (error instanceof LoyaltyMetricsError) console.log(`${error.code}: ${error.message}`);
  }
}
