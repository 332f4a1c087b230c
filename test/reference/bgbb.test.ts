import { describe, expect, it } from 'vitest';
import {
  bgBbConditionalExpectedTransactions,
  bgBbProbabilityAlive,
  bgBbTransactionProbability,
  fitBgBb,
  type BgBbRow,
} from '../../src/models/bgbb';
import { expectAsPublished } from '../helpers';
import { numericCsv } from './cdnow';

// The donation data of Fader, Hardie & Shang (2010), shipped as examples/data/donations.csv (see
// examples/data/README.md for origin and licence): `frequency,recency,periods,weights`.
const donations = (): BgBbRow[] =>
  numericCsv('donations.csv').map(([frequency, recency, periods, count]) => ({
    frequency: frequency!,
    recency: recency!,
    periods: periods!,
    count: count!,
  }));

describe('BG/BB on the donation data (Fader, Hardie & Shang 2010, Marketing Science 29(6))', () => {
  const model = fitBgBb(donations());

  it('reproduces α 1.204, β 0.750, γ 0.657, δ 2.783, LL -33225.58 on 11,104 donors', () => {
    expect(model).toMatchObject({ kind: 'bg/bb', n: 11104, penalizer: 0 });
    expectAsPublished(
      { ...model.params, logLikelihood: model.logLikelihood },
      { alpha: '1.204', beta: '0.750', gamma: '0.657', delta: '2.783', logLikelihood: '-33225.58' },
    );
    for (const se of Object.values(model.standardErrors)) expect(se).toBeGreaterThan(0);
  });

  it('reproduces P(alive in 2002) of Table 6 for three donors (0.11, 0.59, 0.93)', () => {
    // Last donation 1995 with no repeat, 1999 with 2 repeats, 2001 with 6 repeats; n = 6 (1996-2001).
    expect(bgBbProbabilityAlive(model, { frequency: 0, recency: 0, periods: 6 })).toBeCloseTo(0.11, 2);
    expect(bgBbProbabilityAlive(model, { frequency: 2, recency: 4, periods: 6 })).toBeCloseTo(0.59, 2);
    expect(bgBbProbabilityAlive(model, { frequency: 6, recency: 6, periods: 6 })).toBeCloseTo(0.93, 2);
  });

  it('reproduces the totals of Hardie’s BG/BB spreadsheet (note 010)', () => {
    // In-sample fit: donors expected to make 0 and 6 repeat donations in 1996-2001.
    expect(Math.abs(11104 * bgBbTransactionProbability(model, 0, 6) - 3454.9)).toBeLessThan(0.1);
    expect(Math.abs(11104 * bgBbTransactionProbability(model, 6, 6) - 1253.1)).toBeLessThan(0.1);
    // Conditional expectations: total repeat donations expected in 2002-2006.
    const total = donations().reduce(
      (sum, row) => sum + row.count! * bgBbConditionalExpectedTransactions(model, row, 5),
      0,
    );
    expect(Math.abs(total - 12884.2)).toBeLessThan(0.1);
  });
});
