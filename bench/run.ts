// The benchmark runner (`npm run bench`): benchmarks the built package in dist/, prints one
// table per benchmark and a PASS/MISS line per target. Each area lives in its own module
// (bench/survey.ts, ...) and registers its targets in harness.ts; add new areas to `allAreas`.
// Run node with --expose-gc for reliable memory figures (the runner works without it).
import { availableParallelism, cpus, totalmem } from 'node:os';
import { collectGarbage, targets } from './harness.ts';
import { modelBenchmarks } from './models.ts';
import { purchasesBenchmarks } from './purchases.ts';
import { surveyBenchmarks } from './survey.ts';

/**
 * Each case is measured once per round (mitata sampling for at least ~0.6 s) and every ratio is
 * computed within a round, then the median over the rounds is reported with its spread.
 */
const ROUNDS = 5;

// `npm run bench -- purchases` runs only the named areas.
const allAreas: Record<string, (rounds: number) => Promise<void>> = {
  survey: surveyBenchmarks,
  purchases: purchasesBenchmarks,
  models: modelBenchmarks,
};
const chosen = process.argv.slice(2);
const areas = Object.entries(allAreas)
  .filter(([name]) => chosen.length === 0 || chosen.includes(name))
  .map(([, run]) => run);

const started = performance.now();
console.log('loyalty-metrics benchmarks (the built package, dist/)');
console.log(`  date: ${new Date().toISOString()}`);
console.log(`  node ${process.version} (${process.platform}-${process.arch}), V8 ${process.versions.v8}`);
console.log(
  `  cpu: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} logical cores; memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
);
console.log(`  gc exposed: ${collectGarbage ? 'yes' : 'no (run node with --expose-gc for exact memory figures)'}`);

for (const area of areas) await area(ROUNDS);

console.log('\n# Targets');
for (const target of targets) console.log(`${target.pass ? 'PASS' : 'MISS'}  ${target.label}: ${target.detail}`);
const missed = targets.filter((target) => !target.pass).length;
console.log(
  `\n${targets.length - missed} of ${targets.length} targets met; finished in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
