// Model benchmarks: maximum-likelihood fits on CDNOW and on a million simulated customers, and
// customer lifetime value for a million customers. The Python library lifetimes cannot be
// installed on the machines this project runs on (no PyPI), so the baselines are the timings the
// project's issue states for lifetimes on this machine class, not measurements of this run.
import {
  compressSummaries,
  customerLifetimeValue,
  LoyaltyMetricsError,
  fitBgNbd,
  fitGammaGamma,
  fitParetoNbd,
  simulateBgNbd,
  summarizeTransactions,
} from '../dist/index.js';
import { atMost, cdnowMaster, exampleData, formatTime, medianWallTime, printTable } from './harness.ts';

// lifetimes timings stated by the issue for this machine class (milliseconds).
const LIFETIMES_MS = { bgNbdCdnow: 105, gammaGammaCdnow: 52, paretoNbdCdnow: 800, bgNbdMaster: 470 };

export async function modelBenchmarks(rounds: number): Promise<void> {
  console.log('\n# Models');
  const sample = exampleData('CDNOW_sample.txt')
    .trim()
    .split(/\r?\n/)
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      return { customerId: Number(fields[1]), date: fields[2]!, amount: Number(fields[4]) };
    });
  const master = cdnowMaster();
  const cdnow = summarizeTransactions(sample, { calibrationEnd: '1997-09-30', unit: 'week' });
  const cdnowRows = compressSummaries(cdnow.customers);
  const masterRows = compressSummaries(
    summarizeTransactions(master, { calibrationEnd: '1997-09-30', unit: 'week' }).customers,
  );
  const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const million = simulateBgNbd(truth, { customers: 1_000_000, T: 39, seed: 20261122 });
  // Recency rounded to days, as a summary of daily data would give it.
  const millionRows = compressSummaries(
    million.map((c) => ({ frequency: c.frequency, recency: Math.round(c.recency * 7) / 7, T: c.T })),
  );
  // Few dropouts: the Pareto/NBD likelihood rises along a ridge where s and β grow together, to β
  // thousands of times α, and the fit ends in NOT_CONVERGED (before the binomial series, 108 s).
  const ridgeRows = compressSummaries(
    simulateBgNbd({ r: 0.25, alpha: 4, a: 0.1, b: 10 }, { customers: 300, T: 39, seed: 1 }),
  );
  const fitOnRidge = (): void => {
    try {
      fitParetoNbd(ridgeRows, { unit: 'week' });
    } catch (error) {
      if (!(error instanceof LoyaltyMetricsError && error.code === 'NOT_CONVERGED')) throw error;
      return;
    }
    throw new Error('fitParetoNbd on the ridge data was expected to throw NOT_CONVERGED');
  };
  const bgNbd = fitBgNbd(cdnowRows, { unit: 'week' });
  const gammaGamma = fitGammaGamma(cdnow.customers);
  const clvCustomers = million.map((c) => ({
    frequency: c.frequency,
    recency: Math.round(c.recency * 7) / 7,
    T: c.T,
    monetaryValue: c.frequency > 0 ? 20 + (c.frequency % 9) * 5 : 0,
  }));

  const cases = [
    {
      name: `fitBgNbd, CDNOW sample (${cdnowRows.length} distinct rows)`,
      run: () => fitBgNbd(cdnowRows, { unit: 'week' }),
      baseline: LIFETIMES_MS.bgNbdCdnow,
    },
    {
      name: 'fitGammaGamma, CDNOW sample (946 repeat customers)',
      run: () => fitGammaGamma(cdnow.customers),
      baseline: LIFETIMES_MS.gammaGammaCdnow,
    },
    {
      name: `fitParetoNbd, CDNOW sample (${cdnowRows.length} distinct rows)`,
      run: () => fitParetoNbd(cdnowRows, { unit: 'week' }),
      baseline: LIFETIMES_MS.paretoNbdCdnow,
    },
    {
      name: 'fitParetoNbd to NOT_CONVERGED, 300 customers on a ridge',
      run: fitOnRidge,
    },
    {
      name: `fitBgNbd, CDNOW master (${masterRows.length} distinct rows)`,
      run: () => fitBgNbd(masterRows, { unit: 'week' }),
      baseline: LIFETIMES_MS.bgNbdMaster,
    },
    {
      name: `fitBgNbd, 1M simulated customers (${millionRows.length} distinct rows)`,
      run: () => fitBgNbd(millionRows, { unit: 'week' }),
      limitMs: 2000,
    },
    {
      name: 'customerLifetimeValue with a 100-draw interval, CDNOW sample',
      run: () =>
        customerLifetimeValue({
          purchaseModel: bgNbd,
          spendModel: gammaGamma,
          customers: cdnow.customers,
          horizon: { length: 12, unit: 'month' },
          steps: 12,
          discountRate: 0.01,
          interval: { draws: 100, seed: 1 },
        }),
    },
    {
      name: 'customerLifetimeValue, 1M customers, 12 monthly steps',
      run: () =>
        customerLifetimeValue({
          purchaseModel: bgNbd,
          spendModel: gammaGamma,
          customers: clvCustomers,
          horizon: { length: 12, unit: 'month' },
          steps: 12,
          discountRate: 0.01,
        }),
      limitMs: 2000,
    },
  ];
  const rows: string[][] = [];
  for (const c of cases) {
    const time = medianWallTime(c.run, rounds);
    const ms = time / 1e6;
    if ('baseline' in c && c.baseline !== undefined) {
      rows.push([c.name, formatTime(time), `${c.baseline} ms`, `${(c.baseline / ms).toFixed(1)}x`]);
      atMost(
        `${c.name}: >= 10x faster than lifetimes (${c.baseline} ms stated)`,
        ms,
        c.baseline / 10,
        `${formatTime(time)}, ${(c.baseline / ms).toFixed(1)}x`,
      );
    } else {
      rows.push([c.name, formatTime(time), '-', '-']);
      if ('limitMs' in c && c.limitMs !== undefined) {
        atMost(`${c.name} < ${c.limitMs} ms`, ms, c.limitMs, `${formatTime(time)} (median of ${rounds} runs)`);
      }
    }
  }
  printTable(['case', 'time (median)', 'lifetimes (stated)', 'speed-up'], rows);
}
