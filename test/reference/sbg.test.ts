import { describe, expect, it } from 'vitest';
import { fitShiftedBetaGeometric, sbgRetentionRate, survival } from '../../src/models/sbg';
import { expectAsPublished } from '../helpers';

// Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of Interactive
// Marketing 21(1), 76-90: percent of a cohort of 1,000 customers still active after years 0..7, and the
// sBG fits the paper reports on them (REFERENCES.md).
const cohorts = {
  regular: { percent: [100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1], alpha: 0.704, beta: 1.182 },
  highEnd: { percent: [100, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1], alpha: 0.668, beta: 3.806 },
};

describe('shifted-beta-geometric on the cohorts of Fader & Hardie (2007), J. Interactive Marketing 21(1)', () => {
  for (const [name, cohort] of Object.entries(cohorts)) {
    describe(`the ${name} cohort`, () => {
      const survivors = cohort.percent.map((percent) => Math.round(percent * 10));
      const model = fitShiftedBetaGeometric({ survivors });

      it(`reproduces α ${cohort.alpha}, β ${cohort.beta} to the digits the paper prints`, () => {
        expect(model).toMatchObject({ kind: 'sbg', n: 1000, penalizer: 0 });
        expectAsPublished(model.params, { alpha: cohort.alpha.toFixed(3), beta: cohort.beta.toFixed(3) });
        for (const se of Object.values(model.standardErrors)) expect(se).toBeGreaterThan(0);
      });

      it('projects survival that follows the published percentages (within 2 points) and keeps falling', () => {
        for (let t = 0; t < cohort.percent.length; t++) {
          expect(Math.abs(100 * survival(model, t) - cohort.percent[t]!), `year ${t}`).toBeLessThan(2);
        }
        // The model's curve and the data end at the same level: year 7 within half a point.
        expect(Math.abs(100 * survival(model, 7) - cohort.percent[7]!)).toBeLessThan(0.5);
        // Beyond the data: still falling, ever more slowly.
        let previousDrop = Infinity;
        for (let t = 1; t <= 12; t++) {
          const drop = survival(model, t - 1) - survival(model, t);
          expect(drop).toBeGreaterThan(0);
          expect(drop).toBeLessThan(previousDrop);
          previousDrop = drop;
        }
      });

      it('has retention rates that rise year after year and follow the observed ones within 3 points', () => {
        const observed = (t: number): number => cohort.percent[t]! / cohort.percent[t - 1]!;
        for (let t = 1; t < cohort.percent.length; t++) {
          expect(Math.abs(sbgRetentionRate(model, t) - observed(t)), `year ${t}`).toBeLessThan(0.03);
          if (t > 1) expect(sbgRetentionRate(model, t)).toBeGreaterThan(sbgRetentionRate(model, t - 1));
        }
        // The data show the same "retention paradox": year 7 keeps far more of its customers than year 1.
        expect(observed(7) - observed(1)).toBeGreaterThan(0.05);
      });
    });
  }

  it('finds the high-end cohort more loyal: higher survival at every year', () => {
    const regular = fitShiftedBetaGeometric({ survivors: cohorts.regular.percent.map((p) => Math.round(p * 10)) });
    const highEnd = fitShiftedBetaGeometric({ survivors: cohorts.highEnd.percent.map((p) => Math.round(p * 10)) });
    for (let t = 1; t <= 12; t++) expect(survival(highEnd, t)).toBeGreaterThan(survival(regular, t));
  });
});
