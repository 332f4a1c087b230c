/**
 * Generates examples/data/survey-responses.csv: a SYNTHETIC survey data set for the examples
 * and the demo report. No answer in it comes from a real customer.
 *
 * Regenerate (the output is the same byte for byte, because the generator is seeded):
 *
 *   npx tsx scripts/generate-survey-data.ts
 *
 * (or with a path as argument, to write the file there instead).
 *
 * What is in it, on purpose:
 * - 3,000 responses spread uniformly over calendar year 2025 (UTC timestamps);
 * - three plans whose customers answer differently (Enterprise happiest, Starter least);
 * - a dip in August (fewer promoters, more detractors), so the report has a real drop to test;
 * - CSAT (1-5) and CES 2.0 (1-7) answers that go with the customer's NPS group;
 * - blank cells (skipped questions) and a handful of impossible answers (11, N/A, 7.5, -1)
 *   the way real survey exports have them.
 */
import { seededRandom, type UniformSource } from '../src/stats/random.ts';
import { writeDataSet } from './lib/output.ts';
import { pick } from './lib/pick.ts';

/** Changing the seed changes every answer; the README beside the data names it. */
const SEED = 2025;
const RESPONSES = 3000;
const YEAR_START = Date.UTC(2025, 0, 1);
const YEAR_END = Date.UTC(2026, 0, 1);
/** Month (1-12) whose answers are pulled down. */
const DIP_MONTH = 8;

const OUTPUT = new URL('../examples/data/survey-responses.csv', import.meta.url);

type NpsGroup = 'promoter' | 'passive' | 'detractor';

interface Plan {
  name: string;
  /** Share of responses from this plan. */
  share: number;
  /** Probability of each NPS group for a customer of this plan. */
  groups: Record<NpsGroup, number>;
}

// Underlying NPS: Starter about +13, Growth about +30, Enterprise about +38.
const PLANS: Plan[] = [
  { name: 'Starter', share: 0.5, groups: { promoter: 0.4, passive: 0.33, detractor: 0.27 } },
  { name: 'Growth', share: 0.33, groups: { promoter: 0.5, passive: 0.3, detractor: 0.2 } },
  { name: 'Enterprise', share: 0.17, groups: { promoter: 0.55, passive: 0.28, detractor: 0.17 } },
];

/** In the dip month this share of all answers moves from promoters to detractors: about -20 NPS points. */
const DIP_SHIFT = 0.1;

// Answers within each NPS group, lowest point first (detractors 0-6, passives 7-8, promoters 9-10).
const NPS_POINTS: Record<NpsGroup, { from: number; weights: number[] }> = {
  detractor: { from: 0, weights: [0.05, 0.03, 0.05, 0.08, 0.12, 0.27, 0.4] },
  passive: { from: 7, weights: [0.45, 0.55] },
  promoter: { from: 9, weights: [0.45, 0.55] },
};

// CSAT 1..5 and CES 2.0 1..7 given the NPS group: happier customers find things easier.
const CSAT_POINTS: Record<NpsGroup, number[]> = {
  promoter: [0.01, 0.02, 0.07, 0.4, 0.5],
  passive: [0.03, 0.07, 0.25, 0.45, 0.2],
  detractor: [0.15, 0.22, 0.33, 0.22, 0.08],
};
const CES_POINTS: Record<NpsGroup, number[]> = {
  promoter: [0.01, 0.02, 0.04, 0.08, 0.2, 0.35, 0.3],
  passive: [0.03, 0.05, 0.1, 0.17, 0.28, 0.25, 0.12],
  detractor: [0.12, 0.15, 0.18, 0.2, 0.17, 0.11, 0.07],
};

/** Chance that a question was left blank; later questions are skipped more often. */
const MISSING_RATE = { nps: 0.015, csat: 0.04, ces: 0.07 };

/** Impossible answers written over valid ones, as exports from real survey tools contain them. */
const INVALID_CELLS = {
  nps: ['11', 'N/A', '7.5', '-1', '11', 'N/A'],
  csat: ['6', 'N/A', '4.5', '0'],
  ces: ['8', 'N/A', '0', '5.5'],
};

function npsGroupOf(random: UniformSource, plan: Plan, inDip: boolean): NpsGroup {
  const { promoter, passive, detractor } = plan.groups;
  const shift = inDip ? DIP_SHIFT : 0;
  const groups: NpsGroup[] = ['promoter', 'passive', 'detractor'];
  return groups[pick(random, [promoter - shift, passive, detractor + shift])]!;
}

interface Row {
  time: number;
  segment: string;
  nps: string;
  csat: string;
  ces: string;
}

function generateRows(random: UniformSource): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < RESPONSES; i++) {
    // Whole seconds, so the timestamps print without milliseconds.
    const time = YEAR_START + Math.floor((random() * (YEAR_END - YEAR_START)) / 1000) * 1000;
    const plan =
      PLANS[
        pick(
          random,
          PLANS.map((p) => p.share),
        )
      ]!;
    const group = npsGroupOf(random, plan, new Date(time).getUTCMonth() + 1 === DIP_MONTH);
    const npsPoints = NPS_POINTS[group];
    const answer = (rate: number, value: number): string => (random() < rate ? '' : String(value));
    rows.push({
      time,
      segment: plan.name,
      nps: answer(MISSING_RATE.nps, npsPoints.from + pick(random, npsPoints.weights)),
      csat: answer(MISSING_RATE.csat, 1 + pick(random, CSAT_POINTS[group])),
      ces: answer(MISSING_RATE.ces, 1 + pick(random, CES_POINTS[group])),
    });
  }
  for (const column of ['nps', 'csat', 'ces'] as const) {
    for (const cell of INVALID_CELLS[column]) rows[Math.floor(random() * rows.length)]![column] = cell;
  }
  // Exports come in time order; ids follow it.
  return rows.sort((a, b) => a.time - b.time);
}

function toCsv(rows: Row[]): string {
  const lines = ['id,date,segment,nps,csat,ces'];
  rows.forEach((row, i) => {
    const id = `r${String(i + 1).padStart(4, '0')}`;
    const date = new Date(row.time).toISOString().replace('.000Z', 'Z');
    lines.push([id, date, row.segment, row.nps, row.csat, row.ces].join(','));
  });
  return `${lines.join('\n')}\n`;
}

const csv = toCsv(generateRows(seededRandom(SEED)));
writeDataSet(OUTPUT, csv, `${csv.split('\n').length - 2} responses (seed ${SEED})`);
