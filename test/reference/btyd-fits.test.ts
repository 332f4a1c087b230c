import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../src/models/fit-bgnbd';
import { fitGammaGamma } from '../../src/models/fit-gamma-gamma';
import { fitParetoNbd, paretoNbdLogLikelihood } from '../../src/models/pareto-nbd';
import { readRows } from '../../src/models/rows';
import { compressSummaries, summarizeTransactions } from '../../src/purchases/summary';
import { cdnowCustomers } from '../models/cdnow-rows';
import { cdnowSample } from './cdnow';

// Published maximum-likelihood fits on CDNOW (REFERENCES.md), to 3 significant digits and the
// log-likelihood to within 0.05.
const significant = (value: number, digits = 3): number => Number(value.toPrecision(digits));

describe('BG/NBD on CDNOW (Fader, Hardie & Lee 2005, Marketing Science 24(2))', () => {
  it('reproduces r 0.243, α 4.414, a 0.793, b 2.426, LL -9582.4 from the published summary', () => {
    const model = fitBgNbd(compressSummaries(cdnowCustomers()), { unit: 'week' });
    expect(significant(model.params.r)).toBe(0.243);
    expect(significant(model.params.alpha)).toBe(4.41);
    expect(significant(model.params.a)).toBe(0.793);
    expect(significant(model.params.b)).toBe(2.43);
    expect(Math.abs(model.logLikelihood - -9582.4)).toBeLessThan(0.05);
    expect(model).toMatchObject({ kind: 'bg/nbd', n: 2357, unit: 'week', penalizer: 0 });
    for (const se of Object.values(model.standardErrors)) expect(se).toBeGreaterThan(0);
  });

  it('gives the same fit from the raw transactions, taking the unit from the summary', () => {
    const summary = summarizeTransactions(cdnowSample(), { calibrationEnd: '1997-09-30', unit: 'week' });
    const model = fitBgNbd(summary);
    expect(model.unit).toBe('week');
    expect(significant(model.params.r)).toBe(0.243);
    expect(Math.abs(model.logLikelihood - -9582.4)).toBeLessThan(0.05);
  });
});

describe('Pareto/NBD on CDNOW (Schmittlein, Morrison & Colombo 1987; fit in Fader, Hardie & Lee 2005)', () => {
  it('reproduces r 0.553, α 10.578, s 0.606, β 11.669, LL -9595.0 from the published summary', () => {
    // Fader, Hardie & Lee (2005), "Counting your customers" the easy way, Marketing Science 24(2),
    // the Pareto/NBD fit on the same 2,357 customers in weeks.
    const model = fitParetoNbd(compressSummaries(cdnowCustomers()), { unit: 'week' });
    expect(significant(model.params.r)).toBe(0.553);
    expect(significant(model.params.alpha)).toBe(10.6);
    expect(significant(model.params.s)).toBe(0.606);
    expect(significant(model.params.beta)).toBe(11.7);
    expect(Math.abs(model.logLikelihood - -9595.0)).toBeLessThan(0.05);
    expect(model).toMatchObject({ kind: 'pareto/nbd', n: 2357, unit: 'week', penalizer: 0 });
    for (const se of Object.values(model.standardErrors)) expect(se).toBeGreaterThan(0);
  });

  it('gives the same fit from the raw transactions, and a finite likelihood for a heavy buyer', () => {
    const summary = summarizeTransactions(cdnowSample(), { calibrationEnd: '1997-09-30', unit: 'week' });
    const model = fitParetoNbd(summary);
    expect(model.unit).toBe('week');
    expect(significant(model.params.r)).toBe(0.553);
    expect(Math.abs(model.logLikelihood - -9595.0)).toBeLessThan(0.05);
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
    expect(significant(model.params.p)).toBe(6.25);
    expect(significant(model.params.q)).toBe(3.74);
    expect(significant(model.params.gamma)).toBe(15.4);
    expect(Math.abs(model.logLikelihood - -4055.92)).toBeLessThan(0.05);
  });
});
