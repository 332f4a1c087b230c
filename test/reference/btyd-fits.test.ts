import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../src/models/fit-bgnbd';
import { fitGammaGamma } from '../../src/models/fit-gamma-gamma';
import { fitParetoNbd, paretoNbdLogLikelihood } from '../../src/models/pareto-nbd';
import { readRows } from '../../src/models/rows';
import { compressSummaries, summarizeTransactions } from '../../src/purchases/summary';
import { cdnowCustomers } from '../models/cdnow-rows';
import { expectAsPublished } from '../helpers';
import { cdnowSample } from './cdnow';

// Published maximum-likelihood fits on CDNOW (REFERENCES.md), each figure to the digits printed.

describe('BG/NBD on CDNOW (Fader, Hardie & Lee 2005, Marketing Science 24(2))', () => {
  const bgNbdPublished = { r: '0.243', alpha: '4.414', a: '0.793', b: '2.426', logLikelihood: '-9582.4' };

  it('reproduces r 0.243, α 4.414, a 0.793, b 2.426, LL -9582.4 from the published summary', () => {
    const model = fitBgNbd(compressSummaries(cdnowCustomers()), { unit: 'week' });
    expectAsPublished({ ...model.params, logLikelihood: model.logLikelihood }, bgNbdPublished);
    expect(model).toMatchObject({ kind: 'bg/nbd', n: 2357, unit: 'week', penalizer: 0 });
    for (const se of Object.values(model.standardErrors)) expect(se).toBeGreaterThan(0);
  });

  it('gives the same fit from the raw transactions, taking the unit from the summary', () => {
    const summary = summarizeTransactions(cdnowSample(), { calibrationEnd: '1997-09-30', unit: 'week' });
    const model = fitBgNbd(summary);
    expect(model.unit).toBe('week');
    expectAsPublished({ ...model.params, logLikelihood: model.logLikelihood }, bgNbdPublished);
  });
});

describe('Pareto/NBD on CDNOW (Schmittlein, Morrison & Colombo 1987; fit in Fader, Hardie & Lee 2005)', () => {
  // Fader, Hardie & Lee (2005), "Counting your customers" the easy way, Marketing Science 24(2),
  // the Pareto/NBD fit on the same 2,357 customers in weeks.
  const paretoNbdPublished = { r: '0.553', alpha: '10.578', s: '0.606', beta: '11.669', logLikelihood: '-9595.0' };

  it('reproduces r 0.553, α 10.578, s 0.606, β 11.669, LL -9595.0 from the published summary', () => {
    const model = fitParetoNbd(compressSummaries(cdnowCustomers()), { unit: 'week' });
    const { beta, ...others } = paretoNbdPublished;
    expectAsPublished({ ...model.params, logLikelihood: model.logLikelihood }, others);
    // β alone moves with the rounding of the published summary (recency and T to 2 decimals):
    // 11.668 from it, 11.669 from the transactions (next test). The likelihood is flat in β
    // (standard error 6.2): the summary's maximum, -9594.97393, is above its value at the
    // published figures, -9594.97401 (test/models/pareto-nbd.test.ts).
    expect(model.params.beta.toFixed(3)).toBe('11.668');
    expect(Math.abs(model.params.beta - Number(beta))).toBeLessThan(0.0015);
    expect(model).toMatchObject({ kind: 'pareto/nbd', n: 2357, unit: 'week', penalizer: 0 });
    for (const se of Object.values(model.standardErrors)) expect(se).toBeGreaterThan(0);
  });

  it('gives the same fit from the raw transactions, and a finite likelihood for a heavy buyer', () => {
    const summary = summarizeTransactions(cdnowSample(), { calibrationEnd: '1997-09-30', unit: 'week' });
    const model = fitParetoNbd(summary);
    expect(model.unit).toBe('week');
    expectAsPublished({ ...model.params, logLikelihood: model.logLikelihood }, paretoNbdPublished);
    // x = 500 purchases: Γ(r+x), (α+T)^(r+x) and the 2F1 overflow a double; their logarithms do not.
    const heavy = paretoNbdLogLikelihood(model.params, readRows('test', [{ frequency: 500, recency: 30, T: 39 }]));
    expect(Number.isFinite(heavy)).toBe(true);
  });
});

describe('Gamma-Gamma on CDNOW (Fader, Hardie & Lee 2005, JMR 42(4); note 025)', () => {
  it('reproduces p 6.25, q 3.74, γ 15.44, LL -4055.92 on the 946 repeat customers', () => {
    const summary = summarizeTransactions(cdnowSample(), { calibrationEnd: '1997-09-30', unit: 'week' });
    const model = fitGammaGamma(summary);
    expect(model.n).toBe(946);
    expectAsPublished(
      { ...model.params, logLikelihood: model.logLikelihood },
      { p: '6.25', q: '3.74', gamma: '15.44', logLikelihood: '-4055.92' },
    );
  });
});
