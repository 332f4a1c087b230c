import { describe, expect, it } from 'vitest';
import { fitBgNbd } from '../../src/models/fit-bgnbd';
import { fitGammaGamma } from '../../src/models/fit-gamma-gamma';
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
