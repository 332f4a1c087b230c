/**
 * The BG/BB model for discrete transaction opportunities, on the donation data of Fader, Hardie &
 * Shang (2010): 11,104 donors who first gave in 1995, followed over the six annual drives of
 * 1996-2001. Fit the model, check it on the years it was fitted on, predict who is still alive and
 * how much each kind of donor will give in 2002-2006, and check the fit on simulated donors.
 *
 *   npm run build && npx tsx examples/bgbb-donations.ts
 */
import {
  bgBbConditionalExpectedTransactions,
  bgBbExpectedTransactions,
  bgBbProbabilityAlive,
  bgBbTransactionProbability,
  fitBgBb,
  simulateBgBb,
} from 'loyalty-metrics';
import { readCsv } from './lib/read-csv.ts';

// One row per donation history (see examples/data/README.md for the origin of the file): x repeat
// donations in the n = 6 opportunities (1996 = 1, ..., 2001 = 6), t_x the opportunity of the last one
// (0 when there is none), and how many donors have that history.
const donors = readCsv(new URL('data/donations.csv', import.meta.url)).map((row) => ({
  frequency: Number(row.frequency),
  recency: Number(row.recency),
  periods: Number(row.periods),
  count: Number(row.weights),
}));
const year = (opportunity: number): string => (opportunity === 0 ? 'none' : String(1995 + opportunity));

// Every probability of the model is PER OPPORTUNITY, here per annual drive: p, the chance that a
// donor who is still alive gives in a year, ~ Beta(alpha, beta); theta, the chance of dropping out
// for good at the start of a year, ~ Beta(gamma, delta).
const model = fitBgBb(donors);
console.log(
  `BG/BB on ${model.n} donors (${donors.length} distinct histories), log-likelihood ${model.logLikelihood.toFixed(2)}`,
);
for (const [name, value] of Object.entries(model.params)) {
  const se = model.standardErrors[name as keyof typeof model.standardErrors];
  console.log(`  ${name.padEnd(5)} ${value.toFixed(3)} (standard error ${se.toFixed(3)})`);
}
console.log(
  '  published (Fader, Hardie & Shang 2010): alpha 1.204, beta 0.750, gamma 0.657, delta 2.783, LL -33225.58',
);
const { alpha, beta, gamma, delta } = model.params;
console.log(
  `  mean chance of giving in a year while alive ${(alpha / (alpha + beta)).toFixed(3)}, ` +
    `mean chance of dropping out at the start of a year ${(gamma / (gamma + delta)).toFixed(3)}`,
);

// The years the model was fitted on: donors by number of repeat donations in 1996-2001, against the
// number the model expects, n P(X(6) = x).
console.log('\nDonors by repeat donations in 1996-2001');
console.log('x   expected    actual');
for (let x = 0; x <= 6; x++) {
  const expected = model.n * bgBbTransactionProbability(model, x, 6);
  const actual = donors.filter((d) => d.frequency === x).reduce((sum, d) => sum + d.count, 0);
  console.log(`${x}   ${expected.toFixed(1).padStart(8)}  ${String(actual).padStart(8)}`);
}

// A few histories: P(alive in 2002, the next opportunity) and the donations expected in the five
// drives of 2002-2006. Recency matters as much as frequency: 4 donations ending in 1999 is a donor
// who has probably left; 4 donations ending in 2001 is one who has probably not.
console.log('\nx  last gift  P(alive in 2002)  expected donations 2002-2006');
for (const [frequency, recency] of [
  [6, 6],
  [4, 6],
  [4, 4],
  [2, 4],
  [1, 1],
  [0, 0],
]) {
  const donor = { frequency: frequency!, recency: recency!, periods: 6 };
  const alive = bgBbProbabilityAlive(model, donor);
  const expected = bgBbConditionalExpectedTransactions(model, donor, 5);
  console.log(
    `${frequency}  ${year(recency!).padEnd(9)}  ${alive.toFixed(3).padStart(16)}  ${expected.toFixed(3).padStart(28)}`,
  );
}

// Over all donors: how many are expected to be alive in 2002, and how many donations in 2002-2006.
let alive2002 = 0;
let donations = 0;
for (const d of donors) {
  alive2002 += d.count * bgBbProbabilityAlive(model, d);
  donations += d.count * bgBbConditionalExpectedTransactions(model, d, 5);
}
console.log(
  `all ${model.n} donors: ${alive2002.toFixed(0)} expected alive in 2002, ${donations.toFixed(1)} donations in 2002-2006`,
);
// A new donor, from their first gift: repeat donations expected over the next 6 and 11 annual drives.
console.log(
  `a new donor: ${bgBbExpectedTransactions(model, 6).toFixed(3)} repeat donations expected in 6 years, ` +
    `${bgBbExpectedTransactions(model, 11).toFixed(3)} in 11`,
);

// Can 11,104 donors over 6 drives pin the four parameters down? Simulate donors from the fitted
// parameters (reproducibly, from the seed), fit again, and compare with what they were drawn from.
const simulated = simulateBgBb(model.params, { customers: model.n, periods: 6, seed: 1 });
const refit = fitBgBb(simulated);
console.log('\nRefit on 11,104 donors simulated from the fit (seed 1):');
for (const [name, truth] of Object.entries(model.params)) {
  const key = name as keyof typeof refit.params;
  const estimate = refit.params[key];
  const within = Math.abs(estimate - truth) < 2 * refit.standardErrors[key] ? 'within' : 'NOT within';
  console.log(
    `  ${name.padEnd(5)} ${estimate.toFixed(3)} (drawn from ${truth.toFixed(3)}; ${within} 2 standard errors)`,
  );
}
