/**
 * The loyalty report of `npm run demo`: a plain-text report on the bundled data, the synthetic
 * survey export, the real CDNOW purchase log and a synthetic subscription log.
 *
 * Each section is one function that takes its data and returns its lines; `main` loads the
 * data and joins the sections, so a new section is one more function and one more line there.
 * Numbers are rounded only when printed.
 *
 *   npm run build && npx tsx examples/loyalty-report.ts
 */
import {
  ces,
  cesInterval,
  cohortRetention,
  compareCes,
  compareCsat,
  compareNps,
  compareProportions,
  compressSummaries,
  conditionalExpectedPurchases,
  convertRate,
  csatBreakdown,
  csatInterval,
  customerLifetimeValue,
  discountedLtv,
  expectedLifetime,
  expectedSpend,
  fitBgNbd,
  fitGammaGamma,
  interPurchaseTimes,
  kaplanMeier,
  loyaltyTiers,
  ltv,
  ltvFromChurn,
  npsBreakdown,
  npsInterval,
  periodOf,
  proportionInterval,
  purchaseFrequency,
  repeatPurchaseRatio,
  restrictedMeanSurvival,
  revenueRetention,
  rfm,
  segmentRevenue,
  subscriptionCohorts,
  subscriptionMetrics,
  subscriptionTenures,
  summarizeTransactions,
  tally,
  tallyBy,
} from 'loyalty-metrics';
import type {
  BgNbdModel,
  CustomerLifetimeValue,
  CustomerTier,
  GammaGammaModel,
  KaplanMeierCurve,
  LoyaltyTier,
  RepeatPurchaseRatio,
  RevenueGroup,
  Scale,
  SubscriptionMetrics,
  Tally,
  TallyGroup,
  TransactionSummary,
} from 'loyalty-metrics';
import { readCsv, type Cell } from './lib/read-csv.ts';
import { CDNOW_SAMPLE_NAME, readCdnow, type CdnowTransaction } from './lib/read-cdnow.ts';

const SURVEY_FILE = 'examples/data/survey-responses.csv';
const SURVEY_URL = new URL('data/survey-responses.csv', import.meta.url);

/** One row of the survey export. Answers stay raw cells: the library decides what is valid. */
interface SurveyResponse {
  id: string;
  date: string;
  segment: string;
  nps: Cell;
  csat: Cell;
  ces: Cell;
}

const CSAT_SCALE: Scale = { min: 1, max: 5 };
const CES_SCALE: Scale = { min: 1, max: 7 };

// The accessor type says number | null | undefined, but the library checks every answer at run
// time: text such as 'N/A' reaches it unchanged and is counted as invalid under invalid: 'skip'.
const answer = (cell: Cell): number | null => cell as number | null;

// Every metric below reads the export the same way: blanks are missing, impossible answers are
// skipped and counted, and the "Answers left out" table reports both.
const npsAnswers = { value: (r: SurveyResponse) => answer(r.nps), invalid: 'skip' } as const;
const csatAnswers = { value: (r: SurveyResponse) => answer(r.csat), invalid: 'skip' } as const;
const cesAnswers = { value: (r: SurveyResponse) => answer(r.ces), invalid: 'skip' } as const;

// ---------------------------------------------------------------------------------------------
// Formatting: the only place where numbers are rounded.

const count = (n: number): string => n.toLocaleString('en-US');
const signed = (x: number, digits: number): string => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(digits)}`;
const points = (x: number): string => signed(x, 1);
const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;
const fixed = (x: number, digits = 2): string => x.toFixed(digits);
const pValue = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);
const dollars = (x: number): string =>
  `${x < 0 ? '-' : ''}$${Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const wholeDollars = (x: number): string => `$${count(x)}`;

/** Columns two spaces apart; `align` has one letter per column, 'l' or 'r' (default: first left, rest right). */
function table(rows: string[][], align = 'l'.padEnd(rows[0]!.length, 'r')): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const pad = (cell: string, c: number): string =>
    align[c] === 'l' ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!);
  return rows.map((row) => `  ${row.map(pad).join('  ')}`.trimEnd());
}

function heading(title: string, underline: string): string[] {
  return [title, underline.repeat(title.length)];
}

// ---------------------------------------------------------------------------------------------
// Data

function loadSurvey(): SurveyResponse[] {
  return readCsv(SURVEY_URL).map((record, i) => {
    const { id, date, segment, nps, csat, ces } = record;
    if (typeof id !== 'string' || typeof date !== 'string' || typeof segment !== 'string') {
      throw new Error(`${SURVEY_FILE}: row ${i + 1} needs an id, a date and a segment`);
    }
    return { id, date, segment, nps: nps ?? null, csat: csat ?? null, ces: ces ?? null };
  });
}

// ---------------------------------------------------------------------------------------------
// Sections

function reportHeader(responses: SurveyResponse[]): string[] {
  const dates = responses.map((r) => r.date).sort();
  return [
    ...heading('Loyalty report', '='),
    `Survey data: ${SURVEY_FILE}, ${count(responses.length)} responses ` +
      `from ${dates[0]!.slice(0, 10)} to ${dates[dates.length - 1]!.slice(0, 10)}.`,
    'The survey data is SYNTHETIC: made by scripts/generate-survey-data.ts, not by real customers.',
    'Intervals are 95% confidence intervals. Scores are rounded for printing only.',
  ];
}

/** NPS with its interval for a table row: answers, score, [low, high]. */
function npsRow(label: string, answers: Tally): string[] {
  const { n, score, low, high } = npsInterval(answers);
  return [label, count(n), points(score), `[${points(low)}, ${points(high)}]`];
}

/** A difference in points (`digits` decimals) with its 95% interval, and the verdict of its two-sided test at the 5% level. */
function difference(label: string, change: number, low: number, high: number, p: number, digits = 1): string {
  const verdict = p < 0.05 ? 'significant at 5%, unlikely to be noise' : 'not significant at 5%, could be noise';
  const show = (x: number): string => signed(x, digits);
  return `  ${label}: ${show(change)} points, 95% CI [${show(low)}, ${show(high)}], ${pValue(p)}: ${verdict}`;
}

function npsDifference(label: string, a: Tally, b: Tally): string {
  const { difference: change, low, high, pValue: p } = compareNps(a, b);
  return difference(label, change, low, high, p);
}

function npsOverall(all: Tally): string[] {
  const breakdown = npsBreakdown(all);
  const interval = npsInterval(all);
  return [
    'Net Promoter Score (0-10; promoters 9-10, passives 7-8, detractors 0-6)',
    `  NPS ${points(breakdown.score)} points, 95% CI ${points(interval.low)} to ${points(interval.high)} ` +
      `(${interval.method}), from ${count(breakdown.n)} answers`,
    ...table([
      ['Promoters', count(breakdown.promoters), percent(breakdown.promoterShare)],
      ['Passives', count(breakdown.passives), percent(breakdown.passiveShare)],
      ['Detractors', count(breakdown.detractors), percent(breakdown.detractorShare)],
    ]),
  ];
}

function npsByMonth(months: TallyGroup[]): string[] {
  // The lowest month against the one before it: is the drop more than sampling noise?
  const lowest = months.reduce((worst, month) =>
    npsBreakdown(month.tally).score < npsBreakdown(worst.tally).score ? month : worst,
  );
  const before = months[months.indexOf(lowest) - 1];
  return [
    'NPS by month (calendar months in UTC)',
    ...table([['Month', 'Answers', 'NPS', '95% CI'], ...months.map((m) => npsRow(String(m.key), m.tally))]),
    '',
    `Lowest month: ${lowest.key}. Is its drop from the month before real?`,
    before === undefined
      ? '  (it is the first month: nothing to compare with)'
      : npsDifference(`${lowest.key} vs ${before.key}`, lowest.tally, before.tally),
    '  (The month was picked for being the lowest of 12, so this p-value overstates the evidence: with no real',
    '  change at all, the lowest month would often pass this 5% test. Confirm with the next months before acting.)',
  ];
}

function npsBySegment(segments: TallyGroup[]): string[] {
  // Highest NPS first; each plan is tested against the next one down.
  const ranked = [...segments].sort((a, b) => npsBreakdown(b.tally).score - npsBreakdown(a.tally).score);
  const tests = ranked.slice(1).map((lower, i) => {
    const higher = ranked[i]!;
    return npsDifference(`${higher.key} vs ${lower.key}`, higher.tally, lower.tally);
  });
  return [
    'NPS by plan',
    ...table([['Plan', 'Answers', 'NPS', '95% CI'], ...ranked.map((s) => npsRow(String(s.key), s.tally))]),
    '',
    'Are neighbouring plans different? (two-sided z-test on the adjusted-Wald scores)',
    ...tests,
  ];
}

function csatSummary(answers: Tally, segments: TallyGroup[]): string[] {
  const breakdown = csatBreakdown(answers);
  const interval = csatInterval(answers);
  // Highest CSAT first; each plan is tested against the next one down, as for NPS.
  const ranked = [...segments].sort((a, b) => csatBreakdown(b.tally).share - csatBreakdown(a.tally).share);
  const tests = ranked.slice(1).map((lower, i) => {
    const higher = ranked[i]!;
    const shares = compareCsat(higher.tally, lower.tally);
    const [change, low, high] = [shares.difference, shares.low, shares.high].map((share) => 100 * share);
    return difference(`${higher.key} vs ${lower.key}`, change!, low!, high!, shares.pValue);
  });
  return [
    'Customer satisfaction, CSAT (1-5; satisfied = 4 or 5, the top-2 box)',
    `  CSAT ${percent(breakdown.share)} satisfied, 95% CI ${percent(interval.low)} to ${percent(interval.high)} ` +
      `(${interval.method}), from ${count(breakdown.n)} answers`,
    `  Mean answer ${fixed(breakdown.mean)} of 5`,
    '',
    'CSAT by plan',
    ...table([
      ['Plan', 'Answers', 'CSAT', '95% CI'],
      ...ranked.map((s) => {
        const { n, share, low, high } = { ...csatBreakdown(s.tally), ...csatInterval(s.tally) };
        return [String(s.key), count(n), percent(share), `[${percent(low)}, ${percent(high)}]`];
      }),
    ]),
    '',
    "Are neighbouring plans different? (difference of the shares, Newcombe's interval, two-proportion z-test)",
    ...tests,
  ];
}

function cesSummary(answers: Tally, segments: TallyGroup[]): string[] {
  const mean = cesInterval(answers);
  const agree = cesInterval(answers, { report: 'agree' });
  // Easiest plan first; each plan is tested against the next one down, as for NPS and CSAT.
  const ranked = [...segments].sort((a, b) => ces(b.tally) - ces(a.tally));
  const tests = ranked.slice(1).map((lower, i) => {
    const higher = ranked[i]!;
    const means = compareCes(higher.tally, lower.tally);
    return difference(`${higher.key} vs ${lower.key}`, means.difference, means.low, means.high, means.pValue, 2);
  });
  return [
    'Customer effort, CES 2.0 ("The company made it easy to handle my issue", 1-7; higher is easier)',
    `  Mean ${fixed(mean.estimate)} of 7, 95% CI ${fixed(mean.low)} to ${fixed(mean.high)} (${mean.method}), ` +
      `from ${count(mean.n)} answers`,
    `  Agree (5-7) ${percent(agree.estimate)}, 95% CI ${percent(agree.low)} to ${percent(agree.high)} ` +
      `(${agree.method});`,
    `  net ${points(100 * ces(answers, { report: 'net' }))} percentage points (share agreeing 5-7 minus share disagreeing 1-3)`,
    '',
    'CES by plan',
    ...table([
      ['Plan', 'Answers', 'Mean', '95% CI'],
      ...ranked.map((s) => {
        const { n, estimate, low, high } = cesInterval(s.tally);
        return [String(s.key), count(n), fixed(estimate), `[${fixed(low)}, ${fixed(high)}]`];
      }),
    ]),
    '',
    "Are neighbouring plans different? (difference of the means on the 1-7 scale, Welch's t-test)",
    ...tests,
  ];
}

/** The distinct raw values the library refused on `scale`, found by asking the library itself. */
function invalidValues(cells: Cell[], scale: Scale): string {
  const refused = [...new Set(cells)].filter(
    (cell) => cell !== null && tally([cell], { scale, invalid: 'skip' }).invalid === 1,
  );
  // Numbers in order first, then text.
  refused.sort((a, b) =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : typeof a === 'number'
        ? -1
        : String(a) < String(b)
          ? -1
          : 1,
  );
  return refused.map((cell) => (typeof cell === 'string' ? JSON.stringify(cell) : String(cell))).join(', ');
}

/** A question of the survey: its name in the report, its column in the export, and its tally. */
interface Question {
  name: string;
  column: 'nps' | 'csat' | 'ces';
  answers: Tally;
}

function skippedAnswers(responses: SurveyResponse[], questions: Question[]): string[] {
  const rows = questions.map(({ name, column, answers }) => {
    const valid = answers.counts.reduce((sum, c) => sum + c, 0);
    const seen = invalidValues(
      responses.map((r) => r[column]),
      answers.scale,
    );
    return [name, count(valid), count(answers.missing), count(answers.invalid), seen];
  });
  return [
    `Answers left out (read with invalid: 'skip'), of ${count(responses.length)} responses`,
    ...table([['Question', 'Valid', 'Missing', 'Invalid', 'Invalid values seen'], ...rows], 'lrrrl'),
    '  Missing: the cell was blank (the question was skipped).',
    "  Invalid: not an integer on the question's scale; counted, never guessed at.",
  ];
}

function surveySection(responses: SurveyResponse[]): string[] {
  const npsAll = tally(responses, npsAnswers);
  const csatAll = tally(responses, { ...csatAnswers, scale: CSAT_SCALE });
  const cesAll = tally(responses, { ...cesAnswers, scale: CES_SCALE });
  const months = tallyBy(responses, { ...npsAnswers, key: (r) => periodOf(r.date, { period: 'month' }) }).groups;
  const segments = tallyBy(responses, { ...npsAnswers, key: (r) => r.segment }).groups;
  const csatSegments = tallyBy(responses, { ...csatAnswers, scale: CSAT_SCALE, key: (r) => r.segment }).groups;
  const cesSegments = tallyBy(responses, { ...cesAnswers, scale: CES_SCALE, key: (r) => r.segment }).groups;
  return [
    ...heading('Survey', '-'),
    ...npsOverall(npsAll),
    '',
    ...npsByMonth(months),
    '',
    ...npsBySegment(segments),
    '',
    ...csatSummary(csatAll, csatSegments),
    '',
    ...cesSummary(cesAll, cesSegments),
    '',
    ...skippedAnswers(responses, [
      { name: 'NPS', column: 'nps', answers: npsAll },
      { name: 'CSAT', column: 'csat', answers: csatAll },
      { name: 'CES', column: 'ces', answers: cesAll },
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Purchases and retention: the CDNOW log, whose customers all made their first purchase in
// January-March 1997 and who are followed up to June 1998.

const YEAR_1997 = { from: '1997-01-01', to: '1997-12-31' };
const FIRST_HALF_1998 = { from: '1998-01-01', to: '1998-06-30' };
/** Last day of the calibration period of the published CDNOW summary (Fader, Hardie & Lee 2005). */
const CALIBRATION_END = '1997-09-30';
/** Last day of the data: the holdout, RFM, tiers, cohorts and tenures all end here. */
const DATA_END = '1998-06-30';
/** A customer whose last purchase is more than this many days before DATA_END has lapsed. */
const LAPSE_DAYS = 180;
/**
 * Tenures (days) at which the survival curve is read, and the horizon of the restricted mean: a
 * lapse needs LAPSE_DAYS quiet days before DATA_END, so none can be seen much after a year.
 */
const TENURE_DAYS = [90, 180, 365];
const TENURE_HORIZON = 365;
/** Columns of the cohort table: the month of the first purchase (0) and the 12 months after it. */
const COHORT_MONTHS = 13;
/** Tiers of a CD shop's programme, on lifetime spend in dollars. */
const CD_TIERS: LoyaltyTier[] = [
  { name: 'Bronze', min: 0 },
  { name: 'Silver', min: 100 },
  { name: 'Gold', min: 250 },
  { name: 'Platinum', min: 500 },
];
/** Near the next tier: the spend still missing is at most this fraction of its threshold. */
const NEAR_NEXT_TIER = 0.1;

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of a `YYYY-MM-DD` date (date-only ISO strings parse as UTC). */
const dayNumber = (date: string): number => Date.parse(date) / DAY_MS;

function purchasesHeader(transactions: CdnowTransaction[]): string[] {
  const dates = transactions.map((t) => t.date).sort();
  const customers = new Set(transactions.map((t) => t.customerId)).size;
  return [
    ...heading('Purchases and retention', '-'),
    `Purchase data: ${CDNOW_SAMPLE_NAME}, ${count(transactions.length)} transactions of ${count(customers)} ` +
      `customers, ${dates[0]} to ${dates[dates.length - 1]}.`,
    'Real data: the 1/10 sample of the CDNOW cohort (Fader & Hardie), customers whose first purchase was in',
    'January-March 1997 (see examples/data/README.md). Days are calendar days in UTC; amounts are US dollars.',
  ];
}

function repeatPurchase(transactions: CdnowTransaction[]): string[] {
  const windows = [
    { label: '1997', window: YEAR_1997 },
    { label: '1998 H1', window: FIRST_HALF_1998 },
  ];
  const rows = windows.map(({ label, window }) => {
    const within = repeatPurchaseRatio(transactions, window);
    const returning = repeatPurchaseRatio(transactions, { ...window, definition: 'returning' });
    return [
      label,
      `${within.from} to ${within.to}`,
      count(within.customers),
      count(within.repeatCustomers),
      percent(within.ratio),
      count(returning.repeatCustomers),
      percent(returning.ratio),
    ];
  });
  const firstQuarter = { from: '1997-01-01', to: '1997-03-31', definition: 'after-first', asOf: DATA_END } as const;
  const [withinYear, within90] = [365, 90].map((within) =>
    repeatPurchaseRatio(transactions, { ...firstQuarter, within }),
  ) as [RepeatPurchaseRatio, RepeatPurchaseRatio];
  const frequency = purchaseFrequency(transactions, YEAR_1997);
  const gaps = interPurchaseTimes(transactions, { ...YEAR_1997, unit: 'day' });
  return [
    'Repeat purchase (a purchase occasion is a day with an order: same-day orders are merged)',
    ...table(
      [['Window', 'Dates', 'Buyers', 'Repeat (within)', 'Ratio', 'Returning (Shopify)', 'Ratio'], ...rows],
      'llrrrrr',
    ),
    '  Within: bought on 2+ days inside the window. Returning: bought in it and on 2+ days up to its end,',
    '  earlier days included. In 1997 the two agree (no one had bought before 1997); in 1998 every buyer returns.',
    `  After the first purchase: of the ${count(withinYear.customers)} customers who first bought in 1997 Q1, ` +
      `${count(withinYear.repeatCustomers)} (${percent(withinYear.ratio)}) bought`,
    `  again on another day within 365 days and ${count(within90.repeatCustomers)} (${percent(within90.ratio)}) ` +
      'within 90 (each observed for the full 365 days).',
    `  Purchase frequency 1997: ${count(frequency.orders)} orders / ${count(frequency.customers)} customers = ` +
      `${fixed(frequency.frequency)} orders per customer (every order counts).`,
    `  Days between purchase days 1997: median ${fixed(gaps.median, 0)}, mean ${fixed(gaps.mean, 1)} ` +
      `(${count(gaps.count)} gaps of ${count(gaps.customers)} customers;`,
    '  a few long gaps pull the mean up).',
  ];
}

function repeatRevenue(transactions: CdnowTransaction[]): string[] {
  const year = segmentRevenue(transactions, YEAR_1997);
  const repeat = year.segments.find((s) => s.segment === 'repeat')!;
  const oneTime = year.segments.find((s) => s.segment === 'oneTime')!;
  const difference = year.difference!;
  const row = (label: string, group: RevenueGroup): string[] => [
    label,
    count(group.customers),
    count(group.orders),
    dollars(group.revenue),
    group.revenuePerCustomer === null ? '-' : dollars(group.revenuePerCustomer),
  ];
  const perCustomer = (group: RevenueGroup): number => group.revenuePerCustomer ?? NaN;
  return [
    'Revenue of repeat and one-time customers, 1997 (dollars; repeat = bought on 2+ days in 1997)',
    ...table([
      ['Group', 'Customers', 'Orders', 'Revenue', 'Per customer'],
      row('Repeat', repeat),
      row('One-time', oneTime),
      row('All', year.total),
    ]),
    `  Repeat customers are ${percent(repeat.customers / year.total.customers)} of the buyers and brought ` +
      `${percent(repeat.revenue / year.total.revenue)} of the revenue.`,
    `  Repeat minus one-time: ${dollars(difference.revenue)} of revenue; ` +
      `${dollars(difference.revenuePerCustomer ?? NaN)} per customer ` +
      `(${fixed(perCustomer(repeat) / perCustomer(oneTime), 1)} times as much).`,
  ];
}

function calibrationSummary(transactions: CdnowTransaction[]): string[] {
  const summary = summarizeTransactions(transactions, {
    calibrationEnd: CALIBRATION_END,
    observationEnd: DATA_END,
    unit: 'week',
  });
  const { customers } = summary;
  const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
  const holdoutWeeks = (dayNumber(DATA_END) - dayNumber(CALIBRATION_END)) / 7;
  return [
    `Calibration summary for the "Buy Till You Die" models (summarizeTransactions; times in ${summary.unit}s)`,
    `  Calibration: from each customer's first purchase to ${summary.calibrationEnd}; ` +
      `holdout: the ${fixed(holdoutWeeks, 0)} weeks to ${summary.observationEnd}`,
    ...table([
      ['Customers', count(customers.length)],
      ['Repeat customers (x > 0)', count(customers.filter((c) => c.frequency > 0).length)],
      ['Repeat purchase days in the calibration (sum of x)', count(sum(customers.map((c) => c.frequency)))],
      ['Purchase days in the holdout (all customers)', count(sum(customers.map((c) => c.holdoutFrequency ?? 0)))],
      ['Longest T (weeks)', fixed(Math.max(...customers.map((c) => c.T)))],
    ]),
    '  Published (Fader, Hardie & Lee 2005): 2,357 customers, 946 repeat customers, 2,457 repeat purchase days.',
  ];
}

function rfmSegments(transactions: CdnowTransaction[]): string[] {
  const analysis = rfm(transactions, { asOf: DATA_END });
  const n = analysis.customers.length;
  const rows = Object.entries(analysis.segmentCounts)
    .filter(([segment, customers]) => segment !== 'Other' || customers > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([segment, customers]) => {
      const members = analysis.customers.filter((c) => c.segment === segment);
      // The mean of one raw measure over the segment's members.
      const mean = (measure: 'recency' | 'frequency' | 'monetary', digits: number): string =>
        customers === 0 ? '-' : fixed(members.reduce((sum, c) => sum + c[measure], 0) / customers, digits);
      return [
        segment,
        count(customers),
        percent(customers / n),
        mean('recency', 0),
        mean('frequency', 1),
        mean('monetary', 2),
      ];
    });
  const oneOrder = analysis.customers.filter((c) => c.frequency === 1);
  // Scores rank customers against each other: the days of recency that each r score stands for.
  const longestRecency = [5, 4, 3, 2].map((r) =>
    Math.max(...analysis.customers.filter((c) => c.r === r).map((c) => c.recency)),
  );
  const hopeful = ['Champions', 'Loyal Customers', 'Potential Loyalist', 'Promising'];
  const hopefulMembers = analysis.customers.filter((c) => hopeful.includes(c.segment));
  const hopefulLapsed = hopefulMembers.filter((c) => c.recency > LAPSE_DAYS).length;
  return [
    `RFM segments as of ${analysis.asOf} (scores 1-5 by quintile of rank, 5 best; the common 11-segment map)`,
    ...table([['Segment', 'Customers', 'Share', 'Mean recency (days)', 'Mean orders', 'Mean spend ($)'], ...rows]),
    `  Equal values share a score: the ${count(oneOrder.length)} one-order customers all get f = ` +
      `${oneOrder[0]?.f ?? '-'}, so buckets are not exactly 20%.`,
    '  No New Customers: every first purchase was in January-March 1997, long before the analysis date.',
    '  Scores rank customers against each other, not against the calendar. The last purchase was at most',
    `  ${longestRecency.map((days, k) => `${days} days ago for r = ${5 - k}`).join(', ')}.`,
    `  So ${count(hopefulLapsed)} of the ${count(hopefulMembers.length)} customers in ` +
      `${hopeful.slice(0, -1).join(', ')} and ${hopeful.at(-1)} have not bought`,
    `  for over ${LAPSE_DAYS} days: in an old cohort like this one, read the names as ranks, not as states.`,
  ];
}

function spendTiers(transactions: CdnowTransaction[]): string[] {
  const result = loyaltyTiers(transactions, { asOf: DATA_END, metric: 'spend', window: 'lifetime', tiers: CD_TIERS });
  const threshold = new Map(CD_TIERS.map((tier) => [tier.name, tier.min]));
  const near = (c: CustomerTier): boolean =>
    c.nextTier !== null && c.toNextTier! <= NEAR_NEXT_TIER * threshold.get(c.nextTier)!;
  const n = result.customers.length;
  const ascending = [...CD_TIERS].sort((a, b) => a.min - b.min);
  const rows = ascending.map((tier, k) => {
    const members = result.customers.filter((c) => c.tier === tier.name);
    const next = ascending[k + 1];
    const close = members.filter(near).length;
    return [
      tier.name,
      wholeDollars(tier.min),
      count(members.length),
      percent(members.length / n),
      next === undefined ? '-' : `${count(close)} (${percent(close / members.length)})`,
      next === undefined ? '-' : `${next.name}, from ${wholeDollars(next.min * (1 - NEAR_NEXT_TIER))}`,
    ];
  });
  const belowTop = result.customers.filter((c) => c.nextTier !== null);
  const top = ascending[ascending.length - 1]!.name;
  return [
    `Loyalty tiers on lifetime spend as of ${result.asOf} (dollars)`,
    ...table(
      [['Tier', 'Spend from', 'Customers', 'Share', 'Within 10% of next', 'Next tier (near from)'], ...rows],
      'lrrrrl',
    ),
    `  Within 10% of their next tier: ${count(belowTop.filter(near).length)} of the ${count(belowTop.length)} ` +
      `customers below ${top} (${percent(belowTop.filter(near).length / belowTop.length)}),`,
    `  that is with a spend of at least ${fixed(100 * (1 - NEAR_NEXT_TIER), 0)}% of the next threshold.`,
  ];
}

function monthlyCohorts(transactions: CdnowTransaction[]): string[] {
  const retention = cohortRetention(transactions, { period: 'month', asOf: DATA_END });
  const months = Array.from({ length: COHORT_MONTHS }, (_, k) => k);
  const cell = (rate: number | null | undefined): string =>
    rate === null || rate === undefined ? '-' : fixed(100 * rate, 1);
  const size = retention.cohorts.reduce((sum, cohort) => sum + cohort.size, 0);
  return [
    `Monthly cohort retention, ${retention.mode} (% of the cohort buying in month k after its first purchase month)`,
    ...table([
      ['Cohort', 'Size', ...months.map(String)],
      ...retention.cohorts.map((c) => [c.cohort, count(c.size), ...months.map((k) => cell(c.rates[k]))]),
      ['Average', count(size), ...months.map((k) => cell(retention.average[k]))],
    ]),
    '  Month 0 is the month of the first purchase (100% by definition). Average: weighted by cohort size.',
    '  The data holds one acquisition quarter, so its months are the cohorts.',
  ];
}

/**
 * A customer's tenure in days (first to last purchase), and whether it is finished (lapsed) or
 * still running. A lapse can only be seen for a tenure ending LAPSE_DAYS before DATA_END, so a
 * customer still buying is censored there: censoring at their last purchase would count lapses
 * that the data end hides as survivals.
 */
interface Tenure {
  days: number;
  lapsed: boolean;
}

function tenures(transactions: CdnowTransaction[]): Tenure[] {
  const span = new Map<number, { first: number; last: number }>();
  for (const { customerId, date } of transactions) {
    const day = dayNumber(date);
    const seen = span.get(customerId);
    if (seen === undefined) span.set(customerId, { first: day, last: day });
    else span.set(customerId, { first: Math.min(seen.first, day), last: Math.max(seen.last, day) });
  }
  const end = dayNumber(DATA_END);
  return [...span.values()].map(({ first, last }) => {
    const observable = end - LAPSE_DAYS - first;
    return last - first < observable ? { days: last - first, lapsed: true } : { days: observable, lapsed: false };
  });
}

/** S(t) and its interval, read off the step function (S = 1 before the first time). */
function survivalAt(curve: KaplanMeierCurve, t: number): { survival: number; low: number; high: number } {
  let k = -1;
  while (k + 1 < curve.times.length && curve.times[k + 1]! <= t) k++;
  if (k < 0) return { survival: 1, low: 1, high: 1 };
  return { survival: curve.survival[k]!, low: curve.low[k]!, high: curve.high[k]! };
}

function tenureSurvival(transactions: CdnowTransaction[]): string[] {
  const observed = tenures(transactions);
  const curve = kaplanMeier(observed, { duration: (c) => c.days, ended: (c) => c.lapsed });
  const lapsed = observed.filter((c) => c.lapsed).length;
  const oneDay = curve.times[0] === 0 ? curve.events[0]! : 0;
  const lastLapse = Math.max(...curve.times.filter((_, k) => curve.events[k]! > 0));
  const rmst = restrictedMeanSurvival(curve, TENURE_HORIZON);
  const rows = TENURE_DAYS.map((t) => {
    const { survival, low, high } = survivalAt(curve, t);
    return [`> ${t} days`, percent(survival), `[${percent(low)}, ${percent(high)}]`];
  });
  return [
    'Customer tenure in days (Kaplan-Meier)',
    `  Lapsed: the last purchase is more than ${LAPSE_DAYS} days before the data end (${DATA_END}): tenure = last - first.`,
    `  Still active: censored at data end - ${LAPSE_DAYS} days - first purchase, the longest tenure whose lapse could be seen.`,
    `  ${count(lapsed)} customers lapsed, ${count(observed.length - lapsed)} are still active.`,
    ...table([['Tenure', 'Share S(t)', `${fixed(100 * curve.confidence, 0)}% CI (log-log)`], ...rows]),
    ...(oneDay > 0
      ? [
          `  ${count(oneDay)} customers (${percent(oneDay / curve.n)}) bought on one day only and lapsed: ` +
            `a tenure of 0 days, so S(0) = ${percent(curve.survival[0]!)}.`,
        ]
      : []),
    `  Median tenure: ${curve.median === null ? 'not reached (the curve stays above 50%)' : `${curve.median} days`}.`,
    `  Restricted mean tenure over the first ${rmst.tau} days: ${fixed(rmst.mean, 1)} days.`,
    "  Censoring: a still-active customer's tenure is not finished, only known to be at least that long; counting",
    '  it as ended would understate tenure. Kaplan-Meier keeps such customers at risk up to their censoring time.',
    `  The longest lapsed tenure is ${lastLapse} days: a lapse needs ${LAPSE_DAYS} quiet days before the data end,`,
    `  so none can be seen after about a year, and the table and the mean stop at ${TENURE_HORIZON} days.`,
  ];
}

function purchasesSection(transactions: CdnowTransaction[]): string[] {
  return [
    ...purchasesHeader(transactions),
    '',
    ...repeatPurchase(transactions),
    '',
    ...repeatRevenue(transactions),
    '',
    ...calibrationSummary(transactions),
    '',
    ...rfmSegments(transactions),
    '',
    ...spendTiers(transactions),
    '',
    ...monthlyCohorts(transactions),
    '',
    ...tenureSurvival(transactions),
  ];
}

// ---------------------------------------------------------------------------------------------
// Lifetime value: the BG/NBD and Gamma-Gamma models fitted on the CDNOW calibration summary, their
// check on the holdout, the most valuable customers, and the closed-form formulas beside them.

/** Published fits on this summary (weeks): BG/NBD of Fader, Hardie & Lee (2005), Marketing Science. */
const PUBLISHED_BGNBD = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 };
/** Gamma-Gamma on the 946 repeat customers: Fader, Hardie & Lee (2005), Journal of Marketing Research. */
const PUBLISHED_GAMMA_GAMMA = { p: 6.25, q: 3.74, gamma: 15.44, logLikelihood: -4055.92 };
/** Customers are grouped by their calibration frequency x = 0, 1, ..., 6, and 7 or more. */
const FREQUENCY_GROUPS = 8;
/** CLV: 12 months ahead in 12 monthly steps, discounted at 1% per month. */
const CLV_HORIZON = { length: 12, unit: 'month' } as const;
const CLV_STEPS = 12;
const MONTHLY_DISCOUNT = 0.01;
const TOP_CUSTOMERS = 10;
/** An ASSUMED acquisition cost per customer, in dollars: the CDNOW data holds no costs. */
const ASSUMED_ACQUISITION_COST = 40;

/** The two models, fitted once and shared by the subsections. */
interface FittedModels {
  summary: TransactionSummary;
  purchases: BgNbdModel;
  spend: GammaGammaModel;
}

function fitModels(transactions: CdnowTransaction[]): FittedModels {
  const summary = summarizeTransactions(transactions, {
    calibrationEnd: CALIBRATION_END,
    observationEnd: DATA_END,
    unit: 'week',
  });
  // One weighted row per distinct (x, t_x, T): the same fit as the 2,357 rows, faster.
  const purchases = fitBgNbd(compressSummaries(summary.customers), { unit: summary.unit });
  const spend = fitGammaGamma(summary.customers);
  return { summary, purchases, spend };
}

/** Pearson correlation of two equally long lists. */
function correlation(xs: number[], ys: number[]): number {
  const mean = (v: number[]): number => v.reduce((sum, value) => sum + value, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    const [dx, dy] = [x - mx, ys[i]! - my];
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  });
  return sxy / Math.sqrt(sxx * syy);
}

function modelFits({ summary, purchases, spend }: FittedModels): string[] {
  const row = (name: string, estimate: number, error: number, published: number): string[] => [
    name,
    fixed(estimate, 3),
    error.toPrecision(3),
    String(published),
  ];
  const repeaters = summary.customers.filter((c) => c.frequency > 0);
  const spendCorrelation = correlation(
    repeaters.map((c) => c.frequency),
    repeaters.map((c) => c.monetaryValue),
  );
  const populationMean = expectedSpend(spend, { frequency: 0, monetaryValue: 0 });
  return [
    `BG/NBD purchase model (fitBgNbd on ${count(purchases.n)} customers; rates per ${purchases.unit})`,
    ...table([
      ['Parameter', 'Estimate', 'Std. error', 'Published'],
      row('r', purchases.params.r, purchases.standardErrors.r, PUBLISHED_BGNBD.r),
      row(`alpha (${purchases.unit}s)`, purchases.params.alpha, purchases.standardErrors.alpha, PUBLISHED_BGNBD.alpha),
      row('a', purchases.params.a, purchases.standardErrors.a, PUBLISHED_BGNBD.a),
      row('b', purchases.params.b, purchases.standardErrors.b, PUBLISHED_BGNBD.b),
      ['Log-likelihood', fixed(purchases.logLikelihood, 2), '', String(PUBLISHED_BGNBD.logLikelihood)],
    ]),
    '  Published: Fader, Hardie & Lee (2005), Marketing Science 24(2). Standard errors: observed information.',
    `  Mean purchase rate while alive r / alpha = ${fixed(purchases.params.r / purchases.params.alpha, 4)} a week;`,
    `  mean chance of dropping out after a purchase a / (a + b) = ` +
      `${percent(purchases.params.a / (purchases.params.a + purchases.params.b))}.`,
    '',
    `Gamma-Gamma spend model (fitGammaGamma on the ${count(spend.n)} repeat customers; dollars per purchase day)`,
    ...table([
      ['Parameter', 'Estimate', 'Std. error', 'Published'],
      row('p', spend.params.p, spend.standardErrors.p, PUBLISHED_GAMMA_GAMMA.p),
      row('q', spend.params.q, spend.standardErrors.q, PUBLISHED_GAMMA_GAMMA.q),
      row('gamma ($)', spend.params.gamma, spend.standardErrors.gamma, PUBLISHED_GAMMA_GAMMA.gamma),
      ['Log-likelihood', fixed(spend.logLikelihood, 2), '', String(PUBLISHED_GAMMA_GAMMA.logLikelihood)],
    ]),
    '  Published: Fader, Hardie & Lee (2005), Journal of Marketing Research 42(4).',
    `  Mean spend per purchase day in the population p gamma / (q - 1) = ${dollars(populationMean)}. The model assumes`,
    `  spend does not depend on frequency: their correlation over the repeat customers is ${fixed(spendCorrelation)}, weak.`,
  ];
}

function holdoutCheck({ summary, purchases }: FittedModels): string[] {
  const weeks = (dayNumber(DATA_END) - dayNumber(CALIBRATION_END)) / 7;
  const firstHoldoutDay = new Date((dayNumber(CALIBRATION_END) + 1) * DAY_MS).toISOString().slice(0, 10);
  const groups = Array.from({ length: FREQUENCY_GROUPS }, () => ({ customers: 0, actual: 0, predicted: 0 }));
  for (const customer of summary.customers) {
    const group = groups[Math.min(customer.frequency, FREQUENCY_GROUPS - 1)]!;
    group.customers++;
    group.actual += customer.holdoutFrequency ?? 0;
    group.predicted += conditionalExpectedPurchases(purchases, customer, weeks);
  }
  const total = groups.reduce(
    (sum, g) => ({
      customers: sum.customers + g.customers,
      actual: sum.actual + g.actual,
      predicted: sum.predicted + g.predicted,
    }),
    { customers: 0, actual: 0, predicted: 0 },
  );
  const oneDecimal = (x: number): string =>
    x.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const row = (label: string, g: { customers: number; actual: number; predicted: number }): string[] => [
    label,
    count(g.customers),
    count(g.actual),
    oneDecimal(g.predicted),
    oneDecimal(g.predicted - g.actual),
    fixed(g.actual / g.customers, 3),
    fixed(g.predicted / g.customers, 3),
  ];
  const last = FREQUENCY_GROUPS - 1;
  const shortfall = (g: { actual: number; predicted: number }): number => g.actual - g.predicted;
  const lowRepeat = shortfall(groups[1]!) + shortfall(groups[2]!);
  return [
    `Calibration vs holdout: purchase days in the ${fixed(weeks, 0)} holdout weeks, ${firstHoldoutDay} to ${DATA_END}`,
    ...table([
      ['x in calibration', 'Customers', 'Actual', 'Predicted', 'Difference', 'Actual/customer', 'Predicted/customer'],
      ...groups.map((g, x) => row(x === last ? `${x}+` : String(x), g)),
      row('Total', total),
    ]),
    '  x: repeat purchase days in the calibration. Predicted: the sum over the customers of the group of',
    `  conditionalExpectedPurchases(model, customer, ${fixed(weeks, 0)}), their expected purchase days in the holdout.`,
    `  The model predicts ${percent(1 - total.predicted / total.actual)} fewer purchase days than happened, and ` +
      `${percent(lowRepeat / shortfall(total))} of the shortfall is in x = 1 and 2;`,
    '  per customer, the predictions rise with x as the actual purchases do.',
  ];
}

function mostValuable({ summary }: FittedModels, clv: CustomerLifetimeValue): string[] {
  const ranked = summary.customers
    .map((customer, i) => ({ customer, value: clv.customers[i]! }))
    .sort((a, b) => b.value.value - a.value.value)
    .slice(0, TOP_CUSTOMERS);
  const rows = ranked.map(({ customer, value }) => [
    String(customer.customerId),
    String(customer.frequency),
    fixed(customer.recency),
    fixed(customer.T),
    fixed(value.probabilityAlive, 3),
    fixed(value.expectedPurchases, 2),
    dollars(value.expectedSpend),
    dollars(value.value),
  ]);
  const topValue = ranked.reduce((sum, { value }) => sum + value.value, 0);
  return [
    `The ${TOP_CUSTOMERS} most valuable customers: CLV over the next ${clv.horizon.length} ${clv.horizon.unit}s ` +
      `after ${summary.calibrationEnd} (t_x and T in ${clv.unit}s)`,
    ...table([['Customer', 'x', 't_x', 'T', 'P(alive)', 'Purchases', 'Spend/purchase', 'CLV'], ...rows]),
    '  The parts of each CLV, as customerLifetimeValue reports them: P(alive) at the calibration end, purchase days',
    '  expected over the horizon (undiscounted), and expected spend per purchase day.',
    `  CLV (customerLifetimeValue): horizon ${clv.horizon.length} ${clv.horizon.unit}s = ` +
      `${fixed(clv.horizonInModelUnit)} ${clv.unit}s, the model's unit (a month: 365.2425 / 12 days),`,
    `  cut into ${clv.steps} steps of ${fixed(clv.stepLength, 3)} ${clv.unit}s; discount ${percent(clv.discountRate)} ` +
      `per ${clv.discountPer}, that is per month.`,
    `  All ${count(clv.customers.length)} customers: ${wholeDollars(Math.round(clv.total))}, ` +
      `${dollars(clv.total / clv.customers.length)} per customer; these ${TOP_CUSTOMERS} hold ` +
      `${percent(topValue / clv.total)} of it.`,
  ];
}

function closedFormLtv(transactions: CdnowTransaction[], clv: CustomerLifetimeValue): string[] {
  const revenue = segmentRevenue(transactions, YEAR_1997).total;
  const annualRevenue = revenue.revenuePerCustomer!;
  // ASSUMPTION: a customer who bought again within 1997 is "retained" for the year, one who did not
  // has churned. Crude (a one-time buyer of March 1997 may come back in 1998), but it comes from the
  // data: the repeat-purchase ratio of 1997, and a lifespan of 1 / churn years. The share of these
  // customers who bought at all in the first half of 1998 is printed beside it as a check.
  const retention = repeatPurchaseRatio(transactions, YEAR_1997).ratio;
  const buyersIn1998 = repeatPurchaseRatio(transactions, FIRST_HALF_1998).customers;
  const churn = 1 - retention;
  const years = expectedLifetime(churn);
  const seed = ltv({ annualRevenue, years, acquisitionCost: ASSUMED_ACQUISITION_COST });
  const fromChurn = ltvFromChurn({ revenuePerPeriod: annualRevenue, churnRate: churn });
  // The closed forms below work in years: 1% a month compounds to 12.68% a year.
  const yearlyDiscount = (1 + MONTHLY_DISCOUNT) ** 12 - 1;
  const discounted = (timing: 'start' | 'end', periods?: number): number =>
    discountedLtv({
      margin: annualRevenue,
      retentionRate: retention,
      discountRate: yearlyDiscount,
      timing,
      ...(periods === undefined ? {} : { periods }),
    });
  const perCustomer = clv.total / clv.customers.length;
  const m = dollars(annualRevenue);
  const cost = dollars(ASSUMED_ACQUISITION_COST);
  return [
    'Closed-form lifetime value of an average customer (dollars of revenue, no margin applied; periods of a year)',
    `  From the data: 1997 revenue ${dollars(revenue.revenue)} / ${count(revenue.customers)} customers = ` +
      `${m} a year (segmentRevenue).`,
    `  ASSUMED yearly retention: the 1997 repeat-purchase ratio, ${percent(retention)}; so churn ${percent(churn)} ` +
      'a year',
    `  and a lifespan of 1 / churn = ${fixed(years)} years (expectedLifetime). ASSUMED acquisition cost: ${cost} ` +
      'a customer.',
    `  ASSUMED discount rate: 1% a month, that is ${percent(yearlyDiscount)} a year.`,
    ...table(
      [
        ['Formula', 'Inputs', 'Value'],
        ['ltv (seed formula)', `${m} a year x ${fixed(years)} years - ${cost}`, dollars(seed)],
        ['ltvFromChurn', `${m} a year / ${percent(churn)} churn a year`, dollars(fromChurn)],
        [
          "discountedLtv 'start'",
          `m ${m}, r ${percent(retention)}, d ${percent(yearlyDiscount)}; the first year at once`,
          dollars(discounted('start')),
        ],
        [
          "discountedLtv 'end'",
          'the same, received at each year end if the customer stays',
          dollars(discounted('end')),
        ],
        ["discountedLtv 'end'", 'the same, periods: 1 (the next year only)', dollars(discounted('end', 1))],
      ],
      'llr',
    ),
    `  The ${percent(retention)} is a repeat ratio within the first year, standing in for retention: only ` +
      `${count(buyersIn1998)} of the ${count(revenue.customers)}`,
    `  customers (${percent(buyersIn1998 / revenue.customers)}) bought at all in 1998 H1, so the values above lean high: ` +
      'illustrations of the formulas, not estimates.',
    '  The closed forms value one average customer from acquisition, with one constant churn and no uncertainty;',
    `  the model CLV values each customer's own next ${clv.horizon.length} months from their history:`,
    `  ${dollars(perCustomer)} a customer on average, against ${dollars(discounted('end', 1))} for the next year above.`,
  ];
}

function lifetimeValueSection(transactions: CdnowTransaction[]): string[] {
  const models = fitModels(transactions);
  const clv = customerLifetimeValue({
    purchaseModel: models.purchases,
    spendModel: models.spend,
    customers: models.summary.customers,
    horizon: CLV_HORIZON,
    steps: CLV_STEPS,
    discountRate: MONTHLY_DISCOUNT,
  });
  return [
    ...heading('Lifetime value', '-'),
    `Models fitted on the CDNOW calibration summary of the section above: times in ${models.summary.unit}s,`,
    `calibration to ${CALIBRATION_END}, holdout to ${DATA_END}. Amounts are US dollars of revenue (no margins or costs).`,
    '',
    ...modelFits(models),
    '',
    ...holdoutCheck(models),
    '',
    ...mostValuable(models, clv),
    '',
    ...closedFormLtv(transactions, clv),
  ];
}

// ---------------------------------------------------------------------------------------------
// Subscriptions: the synthetic billing log of a software business on three monthly plans, observed
// to 2026-01-01.

const SUBSCRIPTIONS_FILE = 'examples/data/subscriptions.csv';
const SUBSCRIPTIONS_URL = new URL('data/subscriptions.csv', import.meta.url);
/** The last day of the log, the first of 2026, so that every month of 2025 is complete: later is unknown. */
const SUBSCRIPTIONS_END = '2026-01-01';
/** Monthly prices of the plans, ASSUMED for the revenue lines: the log holds no amounts. */
const PLAN_PRICES: Record<string, number> = { Starter: 29, Growth: 99, Enterprise: 399 };
const PLAN_NAMES = Object.keys(PLAN_PRICES);
/** First days of the months of 2025 and of January 2026: each monthly window runs from one to the next. */
const MONTH_STARTS = Array.from({ length: 13 }, (_, m) => new Date(Date.UTC(2025, m, 1)).toISOString().slice(0, 10));
/** Starter's price rise, built into the synthetic data: the months before and after it. */
const PRICE_RISE = { on: '2025-09-01', before: ['2025-07', '2025-08'], after: ['2025-09', '2025-10'] };
const TENURE_MONTHS = [6, 12];
const TENURE_MONTHS_HORIZON = 12;

interface BilledSubscription {
  id: string;
  customerId: string;
  plan: string;
  start: string;
  /** First day without service; null while the subscription runs (a blank cell). */
  end: string | null;
}

function loadSubscriptions(): BilledSubscription[] {
  return readCsv(SUBSCRIPTIONS_URL).map((record, i) => {
    const { subscription_id: id, customer_id: customerId, plan, start, end } = record;
    if (typeof id !== 'string' || typeof customerId !== 'string' || typeof plan !== 'string') {
      throw new Error(`${SUBSCRIPTIONS_FILE}: row ${i + 1} needs a subscription id, a customer id and a plan`);
    }
    if (typeof start !== 'string' || (end !== null && typeof end !== 'string')) {
      throw new Error(`${SUBSCRIPTIONS_FILE}: row ${i + 1} needs a start date and an end date or a blank`);
    }
    return { id, customerId, plan, start, end };
  });
}

/** The subscriptions of each customer. */
function byCustomer(subscriptions: BilledSubscription[]): Map<string, BilledSubscription[]> {
  const customers = new Map<string, BilledSubscription[]>();
  for (const s of subscriptions) {
    const own = customers.get(s.customerId);
    if (own === undefined) customers.set(s.customerId, [s]);
    else own.push(s);
  }
  return customers;
}

/** The subscription that serves a customer on `day` (YYYY-MM-DD strings compare as dates). */
const servingOn = (own: BilledSubscription[], day: string): BilledSubscription | undefined =>
  own.find((s) => s.start <= day && (s.end === null || s.end > day));

/** Counts of one month: the window from its first day to the next month's first day. */
function monthCounts(subscriptions: BilledSubscription[], month: number): SubscriptionMetrics {
  return subscriptionMetrics(subscriptions, { from: MONTH_STARTS[month]!, to: MONTH_STARTS[month + 1]! });
}

/** The records of the customers on `plan` on the first day of month `month` of 2025. */
function onPlan(customers: Map<string, BilledSubscription[]>, plan: string, month: number): BilledSubscription[] {
  return [...customers.values()].filter((own) => servingOn(own, MONTH_STARTS[month]!)?.plan === plan).flat();
}

/** Customers on the 1st (S) and those of them lost by the next 1st, summed over months. */
function pooledChurn(monthly: SubscriptionMetrics[]): { start: number; lost: number } {
  return monthly.reduce((sum, m) => ({ start: sum.start + m.start, lost: sum.lost + m.lost }), { start: 0, lost: 0 });
}

function subscriptionsHeader(subscriptions: BilledSubscription[], customers: number): string[] {
  const starts = subscriptions.map((s) => s.start).sort();
  return [
    ...heading('Subscriptions', '-'),
    `Subscription data: ${SUBSCRIPTIONS_FILE}, ${count(subscriptions.length)} subscriptions of ${count(customers)} ` +
      `customers, started from ${starts[0]} to ${starts[starts.length - 1]}; observed to ${SUBSCRIPTIONS_END}.`,
    'The subscription data is SYNTHETIC: made by scripts/generate-subscription-data.ts, not by real customers.',
    `Monthly plans: ${PLAN_NAMES.map((p) => `${p} $${PLAN_PRICES[p]}`).join(', ')} a month (ASSUMED prices: the log holds no amounts).`,
    'An end date is the first day without service; a plan change ends one subscription on the day the next starts.',
  ];
}

function monthlyChurn(subscriptions: BilledSubscription[]): string[] {
  const months = MONTH_STARTS.slice(0, -1).map((_, m) => monthCounts(subscriptions, m));
  const rows = months.map((m) => [
    m.from.slice(0, 7),
    count(m.start),
    count(m.lost),
    percent(m.churnRate),
    count(m.acquired),
    count(m.reactivated),
  ]);
  const pooled = pooledChurn(months);
  const monthly = pooled.lost / pooled.start;
  const yearly = convertRate(monthly, { from: 'month', to: 'year' });
  const year = subscriptionMetrics(subscriptions, { from: MONTH_STARTS[0]!, to: MONTH_STARTS[12]! });
  return [
    'Monthly customer churn in 2025 (subscriptionMetrics; each window runs from the 1st to the next 1st)',
    ...table([['Month', 'Start (S)', 'Lost', 'Churn', 'Acquired', 'Came back'], ...rows]),
    '  Churn = lost / S: of the customers subscribed on the 1st, the share not subscribed on the next 1st.',
    '  Acquired: subscribed on the next 1st and not on the 1st; came back: of those, had a subscription before.',
    `  2025 pooled: ${count(pooled.lost)} lost of ${count(pooled.start)} customer-months = ${percent(monthly)} a month;`,
    `  a year at that rate is 1 - (1 - ${percent(monthly)})^12 = ${percent(yearly)} (convertRate), not 12 x ${percent(monthly)} = ` +
      `${percent(12 * monthly)};`,
    `  expected lifetime 1 / churn = ${fixed(expectedLifetime(monthly), 1)} months (expectedLifetime).`,
    `  Both assume one constant churn rate. Here new customers leave faster than those who have stayed: of the`,
    `  ${count(year.start)} customers subscribed on ${year.from}, ${percent(year.churnRate)} were gone on ${year.to}, ` +
      `not ${percent(yearly)}; the tenure table below shows the difference.`,
  ];
}

function churnByPlan(customers: Map<string, BilledSubscription[]>): string[] {
  const planMonths = new Map(
    PLAN_NAMES.map((plan) => [
      plan,
      MONTH_STARTS.slice(0, -1).map((_, m) => monthCounts(onPlan(customers, plan, m), m)),
    ]),
  );
  const rows = PLAN_NAMES.map((plan) => {
    const { start, lost } = pooledChurn(planMonths.get(plan)!);
    const { proportion, low, high } = proportionInterval(lost, start);
    return [
      plan,
      count(start),
      count(lost),
      percent(proportion),
      `[${percent(low)}, ${percent(high)}]`,
      `${fixed(expectedLifetime(proportion), 1)} months`,
      dollars(ltvFromChurn({ revenuePerPeriod: PLAN_PRICES[plan]!, churnRate: proportion })),
    ];
  });
  // Starter before and after its price rise: lost / S pooled over two months each.
  const starterMonths = (keys: string[]) =>
    pooledChurn(planMonths.get('Starter')!.filter((m) => keys.includes(m.from.slice(0, 7))));
  const before = starterMonths(PRICE_RISE.before);
  const after = starterMonths(PRICE_RISE.after);
  const change = compareProportions(
    { successes: after.lost, n: after.start },
    { successes: before.lost, n: before.start },
  );
  return [
    'Churn by plan, 2025 (customers on the plan on the 1st of a month; months pooled; an upgrade is no loss)',
    ...table([
      ['Plan', 'Customer-months', 'Lost', 'Monthly churn', '95% CI (wilson)', 'Lifetime 1/c', 'LTV price/c'],
      ...rows,
    ]),
    '  LTV price/c: monthly price / monthly churn (ltvFromChurn), revenue with no margin or discounting.',
    '  The intervals, and the test below, treat each customer-month as an independent trial, as life tables',
    '  do for monthly hazards, though the same customers appear in several months.',
    '',
    `Is churn changing? Starter's price rose on ${PRICE_RISE.on}.`,
    `  Starter churn ${PRICE_RISE.after.join(' and ')}: ${count(after.lost)} of ${count(after.start)} (${percent(after.lost / after.start)}); ` +
      `${PRICE_RISE.before.join(' and ')}: ${count(before.lost)} of ${count(before.start)} (${percent(before.lost / before.start)})`,
    difference(
      `${PRICE_RISE.after.join('/')} vs ${PRICE_RISE.before.join('/')}`,
      100 * change.difference,
      100 * change.low,
      100 * change.high,
      change.pValue,
    ),
    "  (Newcombe's interval and a two-proportion z-test.)",
  ];
}

function revenueRetained(customers: Map<string, BilledSubscription[]>): string[] {
  const mrrOn = (day: string): Map<string, number> => {
    const mrr = new Map<string, number>();
    for (const [customerId, own] of customers) {
      const serving = servingOn(own, day);
      if (serving !== undefined) mrr.set(customerId, PLAN_PRICES[serving.plan]!);
    }
    return mrr;
  };
  const [from, to] = [MONTH_STARTS[0]!, SUBSCRIPTIONS_END];
  const base = mrrOn(from);
  const current = mrrOn(to);
  const retained = revenueRetention(base, current);
  const newRevenue = [...current].filter(([id]) => !base.has(id)).reduce((sum, [, mrr]) => sum + mrr, 0);
  return [
    `Revenue retention over 12 months: the customers subscribed on ${from}, on ${to} (monthly recurring revenue at the prices above)`,
    `  ${count(retained.customers)} customers paid ${wholeDollars(retained.baseRevenue)} a month on ${from}.`,
    `  Gross revenue retention ${percent(retained.gross)}: what they still pay, each capped at their ${from} amount.`,
    `  Net revenue retention ${percent(retained.net)}: upgrades included. New customers since (${wholeDollars(newRevenue)} a month) are in neither.`,
  ];
}

function subscriptionCohortTable(subscriptions: BilledSubscription[]): string[] {
  const cohorts = subscriptionCohorts(subscriptions, { period: 'quarter', asOf: SUBSCRIPTIONS_END });
  const columns = cohorts.average.map((_, k) => String(k));
  const cell = (rate: number | null): string => (rate === null ? '' : fixed(100 * rate, 1));
  return [
    'Quarterly customer retention cohorts (subscriptionCohorts; % of the cohort subscribed on the first day of quarter k)',
    ...table([
      ['Cohort', 'Size', ...columns],
      ...cohorts.cohorts.map((c) => [c.cohort, count(c.size), ...c.rates.map(cell)]),
      ['Average', count(cohorts.cohorts.reduce((sum, c) => sum + c.size, 0)), ...cohorts.average.map(cell)],
    ]),
    '  Quarter 0 is the quarter of the first subscription (100% by definition). Cells after the end of the log are blank.',
    '  Column 1 counts on the first day of the next quarter: a customer who joined on March 30 has had two days.',
    '  A customer who comes back counts again. The average is weighted by cohort size, over the cohorts old enough:',
    `  column ${columns.length - 1} is ${cohorts.cohorts[0]!.cohort} alone, so the average can rise at its end.`,
  ];
}

function subscriptionTenureByPlan(subscriptions: BilledSubscription[]): string[] {
  const { tenures } = subscriptionTenures(subscriptions, { asOf: SUBSCRIPTIONS_END, unit: 'month' });
  // The plan a stay began on: the customer's subscription starting on that day.
  const planAtStart = new Map(subscriptions.map((s) => [`${s.customerId} ${s.start}`, s.plan]));
  const rows = PLAN_NAMES.map((plan) => {
    const stays = tenures.filter((t) => planAtStart.get(`${t.customerId} ${t.start}`) === plan);
    const curve = kaplanMeier(stays, { duration: (t) => t.duration, ended: (t) => t.ended });
    const rmst = restrictedMeanSurvival(curve, TENURE_MONTHS_HORIZON);
    return [
      plan,
      count(stays.length),
      count(stays.filter((t) => t.ended).length),
      ...TENURE_MONTHS.map((t) => percent(survivalAt(curve, t).survival)),
      curve.median === null ? 'not reached' : `${fixed(curve.median, 1)} months`,
      `${fixed(rmst.mean, 1)} months${rmst.extrapolated ? ' (extrapolated)' : ''}`,
    ];
  });
  const changed = tenures.filter((t) => t.subscriptions > 1).length;
  return [
    'How long customers stay, by the plan they started on (subscriptionTenures, then Kaplan-Meier; months)',
    ...table([
      [
        'Plan',
        'Stays',
        'Ended',
        ...TENURE_MONTHS.map((t) => `S(${t})`),
        'Median',
        `Mean over ${TENURE_MONTHS_HORIZON} months`,
      ],
      ...rows,
    ]),
    `  A stay is a run of subscriptions without a day's gap: ${count(changed)} of the ${count(tenures.length)} stays include a plan change.`,
    '  Stays still running at the end of the log are censored, not counted as ended. A customer who came back',
    `  has a stay for each return. Mean over ${TENURE_MONTHS_HORIZON} months: the restricted mean survival time.`,
  ];
}

function subscriptionsSection(subscriptions: BilledSubscription[]): string[] {
  const customers = byCustomer(subscriptions);
  return [
    ...subscriptionsHeader(subscriptions, customers.size),
    '',
    ...monthlyChurn(subscriptions),
    '',
    ...churnByPlan(customers),
    '',
    ...revenueRetained(customers),
    '',
    ...subscriptionCohortTable(subscriptions),
    '',
    ...subscriptionTenureByPlan(subscriptions),
  ];
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const survey = loadSurvey();
  const purchases = readCdnow();
  const sections = [
    reportHeader(survey),
    surveySection(survey),
    purchasesSection(purchases),
    lifetimeValueSection(purchases),
    subscriptionsSection(loadSubscriptions()),
  ];
  console.log(sections.map((lines) => lines.join('\n')).join('\n\n'));
}

main();
