/**
 * The loyalty report of `npm run demo`: a plain-text report on the bundled (synthetic) data.
 *
 * Each section is one function that takes its data and returns its lines; `main` loads the
 * data and joins the sections, so a new section is one more function and one more line there.
 * Numbers are rounded only when printed.
 *
 *   npx tsx examples/loyalty-report.ts
 */
import {
  ces,
  cesInterval,
  compareNps,
  csatBreakdown,
  csatInterval,
  npsBreakdown,
  npsInterval,
  periodOf,
  tally,
  tallyBy,
} from 'loyalty-metrics';
import type { Scale, Tally, TallyGroup } from 'loyalty-metrics';
import { readCsv, type Cell } from './lib/read-csv.ts';

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
const points = (x: number): string => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(1)}`;
const percent = (x: number): string => `${(100 * x).toFixed(1)}%`;
const fixed = (x: number, digits = 2): string => x.toFixed(digits);
const pValue = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

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

/** The verdict of a two-sided test at the 5% level, in words. */
function npsDifference(label: string, a: Tally, b: Tally): string {
  const { difference, low, high, pValue: p } = compareNps(a, b);
  const verdict = p < 0.05 ? 'significant at 5%, unlikely to be noise' : 'not significant at 5%, could be noise';
  return `  ${label}: ${points(difference)} points, 95% CI [${points(low)}, ${points(high)}], ${pValue(p)}: ${verdict}`;
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
    '  (The month was picked for being the lowest of 12: treat a p-value near 0.05 with care.)',
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

function csatSummary(answers: Tally): string[] {
  const breakdown = csatBreakdown(answers);
  const interval = csatInterval(answers);
  return [
    'Customer satisfaction, CSAT (1-5; satisfied = 4 or 5, the top-2 box)',
    `  CSAT ${percent(breakdown.share)} satisfied, 95% CI ${percent(interval.low)} to ${percent(interval.high)} ` +
      `(${interval.method}), from ${count(breakdown.n)} answers`,
    `  Mean answer ${fixed(breakdown.mean)} of 5`,
  ];
}

function cesSummary(answers: Tally): string[] {
  const mean = cesInterval(answers);
  const agree = cesInterval(answers, { report: 'agree' });
  return [
    'Customer effort, CES 2.0 ("The company made it easy to handle my issue", 1-7; higher is easier)',
    `  Mean ${fixed(mean.estimate)} of 7, 95% CI ${fixed(mean.low)} to ${fixed(mean.high)} (${mean.method}), ` +
      `from ${count(mean.n)} answers`,
    `  Agree (5-7) ${percent(agree.estimate)}, 95% CI ${percent(agree.low)} to ${percent(agree.high)} ` +
      `(${agree.method}); net (agree - disagree) ${percent(ces(answers, { report: 'net' }))}`,
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
  return [
    ...heading('Survey', '-'),
    ...npsOverall(npsAll),
    '',
    ...npsByMonth(months),
    '',
    ...npsBySegment(segments),
    '',
    ...csatSummary(csatAll),
    '',
    ...cesSummary(cesAll),
    '',
    ...skippedAnswers(responses, [
      { name: 'NPS', column: 'nps', answers: npsAll },
      { name: 'CSAT', column: 'csat', answers: csatAll },
      { name: 'CES', column: 'ces', answers: cesAll },
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const survey = loadSurvey();
  const sections = [reportHeader(survey), surveySection(survey)];
  console.log(sections.map((lines) => lines.join('\n')).join('\n\n'));
}

main();
