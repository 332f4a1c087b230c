/**
 * Contractual retention with the shifted-beta-geometric (sBG) model, on the two cohorts published by
 * Fader & Hardie (2007): fit each from its survivor counts, project survival and the yearly retention
 * rate past the data, check a projection made from the first four years, and value a customer with
 * the discounted expected residual lifetime (DERL).
 *
 *   npm run build && npx tsx examples/sbg-cohorts.ts
 */
import {
  discountedExpectedResidualLifetime,
  fitShiftedBetaGeometric,
  sbgRetentionRate,
  survival,
} from 'loyalty-metrics';

// Percent of a cohort of 1,000 customers still under contract after 0, 1, ..., 7 YEARS, from Fader, P. S.
// & Hardie, B. G. S. (2007), "How to project customer retention", Journal of Interactive Marketing
// 21(1), 76-90. The model reads counts, so the percentages become customers of the 1,000.
const cohorts = [
  { name: 'regular', percent: [100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1], published: 'alpha 0.704, beta 1.182' },
  { name: 'high end', percent: [100, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1], published: 'alpha 0.668, beta 3.806' },
];
const percent = (share: number): string => `${(100 * share).toFixed(1)}%`;

for (const cohort of cohorts) {
  const survivors = cohort.percent.map((p) => Math.round(p * 10));
  // Each customer leaves at the end of a year with their own probability theta ~ Beta(alpha, beta),
  // so alpha and beta have no unit and every prediction is per YEAR, the period of the counts.
  const model = fitShiftedBetaGeometric({ survivors });
  const { alpha, beta } = model.params;
  console.log(
    `\n${cohort.name}: sBG on ${model.n} customers, years 0-7, log-likelihood ${model.logLikelihood.toFixed(2)}`,
  );
  console.log(
    `  alpha ${alpha.toFixed(3)} (standard error ${model.standardErrors.alpha.toFixed(3)}), ` +
      `beta ${beta.toFixed(3)} (standard error ${model.standardErrors.beta.toFixed(3)})`,
  );
  console.log(`  published (Fader & Hardie 2007): ${cohort.published}`);
  console.log(`  mean churn probability alpha / (alpha + beta): ${percent(alpha / (alpha + beta))} a year`);

  // Survival S(t), the share of the cohort still active after t years, and the retention rate of year t,
  // S(t) / S(t - 1), beside the data; from year 8 on, projections. A constant retention rate equal to
  // year 1's would keep r_1^t of the cohort.
  const r1 = sbgRetentionRate(model, 1);
  console.log('  year  survival   data  retention   data  constant r_1');
  for (let t = 1; t <= 12; t++) {
    const data = cohort.percent[t];
    const observedRate = data === undefined ? '' : (data / cohort.percent[t - 1]!).toFixed(3);
    const cells = [
      String(t).padStart(4),
      percent(survival(model, t)).padStart(8),
      (data === undefined ? '' : `${data}%`).padStart(5),
      sbgRetentionRate(model, t).toFixed(3).padStart(9),
      observedRate.padStart(5),
      percent(r1 ** t).padStart(12),
    ];
    console.log(`  ${cells.join('  ')}`);
  }

  // A projection is only as good as its check: fit on years 0-4 only, project years 5-7, compare.
  const early = fitShiftedBetaGeometric({ survivors: survivors.slice(0, 5) });
  const projected = [5, 6, 7].map((t) => percent(survival(early, t)));
  const observed = [5, 6, 7].map((t) => `${cohort.percent[t]}%`);
  console.log(
    `  fitted on years 0-4 only (alpha ${early.params.alpha.toFixed(3)}, beta ${early.params.beta.toFixed(3)}): ` +
      `years 5-7 ${projected.join(', ')} (data ${observed.join(', ')})`,
  );

  // DERL: the expected number of further years a customer pays for, the coming renewal counted in
  // full and each later year discounted at 10% A YEAR (the model's period). Times the yearly net cash
  // flow per customer it is the customer's expected residual value.
  const discountRate = 0.1;
  const derl = [0, 1, 2, 3, 4].map((renewals) =>
    discountedExpectedResidualLifetime(model, { discountRate, renewals }).toFixed(2),
  );
  console.log(`  DERL at 10% a year after 0, 1, 2, 3, 4 renewals: ${derl.join(', ')} years`);
  // Ignoring heterogeneity: one retention rate r_1 for everyone, forever, gives
  // sum_k r_1^(k+1) / 1.1^k = r_1 (1 + d) / (1 + d - r_1), whatever the renewals.
  const constant = (r1 * (1 + discountRate)) / (1 + discountRate - r1);
  console.log(`  with a constant retention rate r_1 = ${r1.toFixed(3)}: ${constant.toFixed(2)} years`);
}
