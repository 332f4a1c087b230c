// Survey benchmarks: nps on 10 million answers against hand-written loops and the filter idiom,
// the memory one nps call keeps, and merging 1,000 tallies. See docs/benchmarks.md.
import { mergeTallies, nps, tally, type Tally } from '../dist/index.js';
import { seededRandom, type UniformSource } from '../src/stats/random.ts';
import {
  atLeast,
  atMost,
  collectGarbage,
  formatBytes,
  formatRate,
  formatRatioSpread,
  formatTime,
  heapGrowth,
  type HeapGrowth,
  median,
  medianTime,
  printTable,
  retainedBytes,
  rotate,
} from './harness.ts';

const ANSWERS = 10_000_000;
const SEED = 20261122;

// Per mille of the answers on each score 0..10: a typical NPS survey with 48% promoters (9-10),
// 32% passives and 20% detractors (0-6), so NPS = +28.
const SCORE_PER_MILLE = [20, 10, 15, 20, 25, 50, 60, 120, 200, 200, 280];

/** One answer 0..10 drawn from SCORE_PER_MILLE. Returns a small integer, so arrays stay packed SMI. */
function drawScore(random: UniformSource): number {
  let u = Math.floor(random() * 1000);
  let score = 0;
  while (u >= SCORE_PER_MILLE[score]!) {
    u -= SCORE_PER_MILLE[score]!;
    score++;
  }
  return score;
}

// The baselines: what a user would write by hand for one array type, with no validation at all.
// They are written out once per type (not shared) so that each stays monomorphic, which makes them
// as fast as such a loop can be; nps, a single library function, sees both array types.

/** (a) Promoters and detractors counted in one indexed loop. */
function promoterDetractorLoop(scores: number[]): number {
  let promoters = 0;
  let detractors = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s >= 9) promoters++;
    else if (s <= 6) detractors++;
  }
  return ((promoters - detractors) * 100) / scores.length;
}

function promoterDetractorLoopBytes(scores: Uint8Array): number {
  let promoters = 0;
  let detractors = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s >= 9) promoters++;
    else if (s <= 6) detractors++;
  }
  return ((promoters - detractors) * 100) / scores.length;
}

/** The NPS of a histogram of the scores 0..10. */
function histogramScore(counts: number[], n: number): number {
  let detractors = 0;
  for (let k = 0; k <= 6; k++) detractors += counts[k]!;
  return ((counts[9]! + counts[10]! - detractors) * 100) / n;
}

/** (b) A histogram of the scores, one increment per answer, as nps itself counts. */
function histogramLoop(scores: number[]): number {
  const counts: number[] = [];
  for (let k = 0; k <= 10; k++) counts.push(0);
  for (let i = 0; i < scores.length; i++) counts[scores[i]!]!++;
  return histogramScore(counts, scores.length);
}

function histogramLoopBytes(scores: Uint8Array): number {
  const counts: number[] = [];
  for (let k = 0; k <= 10; k++) counts.push(0);
  for (let i = 0; i < scores.length; i++) counts[scores[i]!]!++;
  return histogramScore(counts, scores.length);
}

/** The idiom of many dashboards: two filters and their lengths. */
function filterIdiom(scores: number[]): number {
  return ((scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length) * 100) / scores.length;
}

function filterIdiomBytes(scores: Uint8Array): number {
  return ((scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length) * 100) / scores.length;
}

interface Case {
  name: string;
  run: () => number;
  /** Median time of one call, per round, in ns. */
  times: number[];
}

interface Input {
  name: string;
  data: number[] | Uint8Array;
  /** Memory the input occupies, in bytes (what a copy would add). */
  bytes: number;
  nps: Case;
  promoterDetractor: Case;
  histogram: Case;
  filter: Case;
}

const newCase = (name: string, run: () => number): Case => ({ name, run, times: [] });

function buildInputs(): Input[] {
  const random = seededRandom(SEED);
  const packed = retainedBytes(() => {
    const scores: number[] = [];
    for (let i = 0; i < ANSWERS; i++) scores.push(drawScore(random));
    return scores;
  });
  const bytes = retainedBytes(() => Uint8Array.from(packed.value));
  const array = packed.value;
  const typed = bytes.value;
  return [
    {
      name: 'number[]',
      data: array,
      bytes: packed.bytes,
      nps: newCase('nps (library)', () => nps(array)),
      promoterDetractor: newCase('(a) promoter/detractor loop', () => promoterDetractorLoop(array)),
      histogram: newCase('(b) histogram loop', () => histogramLoop(array)),
      filter: newCase('filter(...).length idiom', () => filterIdiom(array)),
    },
    {
      name: 'Uint8Array',
      data: typed,
      bytes: bytes.bytes,
      nps: newCase('nps (library)', () => nps(typed)),
      promoterDetractor: newCase('(a) promoter/detractor loop', () => promoterDetractorLoopBytes(typed)),
      histogram: newCase('(b) histogram loop', () => histogramLoopBytes(typed)),
      filter: newCase('filter(...).length idiom', () => filterIdiomBytes(typed)),
    },
  ];
}

const casesOf = (input: Input): Case[] => [input.nps, input.promoterDetractor, input.histogram, input.filter];

/** Per-round throughput of nps over a baseline's: baseline time / nps time. */
const ratios = (input: Input, baseline: Case): number[] =>
  input.nps.times.map((npsTime, round) => baseline.times[round]! / npsTime);

async function timeNps(inputs: Input[], rounds: number): Promise<void> {
  // Every case computes the same score: the baselines do the same work as nps, and nps is right.
  for (const input of inputs) {
    const expected = input.nps.run();
    for (const c of casesOf(input)) {
      if (c.run() !== expected) throw new Error(`${input.name}: ${c.name} gives ${c.run()}, nps gives ${expected}`);
    }
  }
  // Warm-up on both array types before the first round, so that every round measures the same
  // steady state of the JIT (nps having seen both types), not a first round on fresher code.
  for (let i = 0; i < 3; i++) for (const input of inputs) for (const c of casesOf(input)) c.run();

  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    // The order of the cases turns by one each round, so no case always runs first or last.
    for (const input of inputs) for (const c of rotate(casesOf(input), round)) c.times.push(await medianTime(c.run));
    console.log(`  round ${round + 1}/${rounds} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  for (const input of inputs) {
    console.log(`\nnps on ${ANSWERS.toLocaleString('en-US')} answers, ${input.name} (NPS ${input.nps.run()})`);
    printTable(
      ['case', 'time/iter (median)', 'rounds min - max', 'answers/s', 'nps speed vs case'],
      casesOf(input).map((c) => {
        const time = median(c.times);
        return [
          c.name,
          formatTime(time),
          `${formatTime(Math.min(...c.times))} - ${formatTime(Math.max(...c.times))}`,
          formatRate(ANSWERS, time),
          c === input.nps ? '1.00x' : formatRatioSpread(ratios(input, c)),
        ];
      }),
    );
    const versus = (baseline: Case, required: number, label: string): void => {
      const perRound = ratios(input, baseline);
      atLeast(
        `nps >= ${required}x ${label} (${input.name})`,
        median(perRound),
        required,
        `${formatRatioSpread(perRound)} (median [min - max] of ${perRound.length} rounds)`,
      );
    };
    versus(input.promoterDetractor, 0.8, 'promoter/detractor loop (a)');
    versus(input.histogram, 0.8, 'histogram loop (b)');
    versus(input.filter, 20, 'filter(...).length idiom');
  }
}

// A copy of the input would add `input.bytes`; one call's bookkeeping (closures, option checks, the
// result) is a few hundred bytes. 1 MiB is less than one bit per answer of the 10M, so anything
// kept per answer exceeds it, while the engine's own allocation that lands inside the measured
// window (a fresh allocation area, about 230 to 250 KiB, in some calls) does not.
const HEAP_LIMIT = 1024 * 1024;
const HEAP_REPEATS = 9;

/** "min / median / max" of byte counts. */
const byteSpread = (values: number[]): string => `${Math.min(...values)} / ${median(values)} / ${Math.max(...values)}`;

function measureHeap(inputs: Input[]): void {
  console.log(`\nMemory kept by one nps call (${HEAP_REPEATS} calls each; growth across one call, in bytes)`);
  if (!collectGarbage) console.log('  (no --expose-gc: garbage is not collected before each call; figures are rough)');
  const rows: string[][] = [];
  const row = (name: string, size: string, growths: HeapGrowth[]): void => {
    rows.push([
      name,
      size,
      byteSpread(growths.map((g) => g.heapUsed)),
      byteSpread(growths.map((g) => g.arrayBuffers)),
      growths.map((g) => g.heapUsed + g.arrayBuffers).join(' '),
    ]);
  };
  for (const input of inputs) {
    const growths = Array.from({ length: HEAP_REPEATS }, () => heapGrowth(input.nps.run));
    row(`nps, ${input.name}`, formatBytes(input.bytes), growths);
    const totals = growths.map((g) => g.heapUsed + g.arrayBuffers);
    atMost(
      `nps keeps <= ${HEAP_LIMIT / 1024} KiB, input not copied (${input.name})`,
      median(totals),
      HEAP_LIMIT,
      `median growth ${formatBytes(median(totals))}, max ${formatBytes(Math.max(...totals))} of ${HEAP_REPEATS} calls; ` +
        `a copy would add ${formatBytes(input.bytes)}`,
    );
  }
  row(
    'empty call (measurement floor)',
    '',
    Array.from({ length: HEAP_REPEATS }, () => heapGrowth(() => 0)),
  );
  printTable(
    ['call', 'input size', 'heapUsed min / med / max', 'arrayBuffers min / med / max', 'total growth of each call'],
    rows,
  );
}

const MERGED = 1000;

/** `count` tallies of 200..500 answers each, weighted (weights 0.5..2) or not. */
function surveyTallies(count: number, weighted: boolean, seed: number): { tallies: Tally[]; answers: number } {
  const random = seededRandom(seed);
  const tallies: Tally[] = [];
  let answers = 0;
  for (let t = 0; t < count; t++) {
    const size = 200 + Math.floor(random() * 301);
    answers += size;
    const records = Array.from({ length: size }, () => ({ score: drawScore(random), weight: 0.5 + 1.5 * random() }));
    tallies.push(
      weighted
        ? tally(records, { value: (r) => r.score, weight: (r) => r.weight })
        : tally(records, { value: (r) => r.score }),
    );
  }
  return { tallies, answers };
}

async function timeMerges(rounds: number): Promise<void> {
  const sets = [
    { name: `mergeTallies, ${MERGED} unweighted tallies`, ...surveyTallies(MERGED, false, SEED + 1) },
    { name: `mergeTallies, ${MERGED} weighted tallies`, ...surveyTallies(MERGED, true, SEED + 2) },
  ];
  const rows: string[][] = [];
  for (const set of sets) {
    const merged = mergeTallies(...set.tallies);
    const total = merged.counts.reduce((a, b) => a + b, 0);
    if (total !== set.answers) throw new Error(`${set.name}: ${total} answers merged, ${set.answers} expected`);
    const times: number[] = [];
    for (let round = 0; round < rounds; round++) times.push(await medianTime(() => mergeTallies(...set.tallies)));
    const time = median(times);
    rows.push([
      set.name,
      formatTime(time),
      `${formatTime(Math.min(...times))} - ${formatTime(Math.max(...times))}`,
      formatRate(MERGED, time),
      set.answers.toLocaleString('en-US'),
    ]);
    atMost(
      `${set.name} < 1 ms`,
      time,
      1e6,
      `${formatTime(time)} per merge (median of ${rounds} rounds; max ${formatTime(Math.max(...times))})`,
    );
  }
  console.log('\nMerging tallies (each of 200-500 answers)');
  printTable(['case', 'time/merge (median)', 'rounds min - max', 'tallies/s', 'answers merged'], rows);
}

/** Runs the survey benchmarks, prints their tables, and registers their targets. */
export async function surveyBenchmarks(rounds: number): Promise<void> {
  console.log('\n# Survey');
  const inputs = buildInputs();
  console.log(`  data: ${ANSWERS.toLocaleString('en-US')} answers 0..10, seed ${SEED}; ${rounds} rounds`);
  await timeNps(inputs, rounds);
  measureHeap(inputs);
  await timeMerges(rounds);
}
