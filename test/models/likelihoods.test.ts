import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  aliveFromLogOdds,
  bgNbdAliveExpectations,
  bgNbdLogDropoutOdds,
  bgNbdLogLikelihood,
  type BgNbdParams,
} from '../../src/models/bgnbd';
import { gammaGammaExpectedSpend, gammaGammaLogLikelihood, type GammaGammaParams } from '../../src/models/gamma-gamma';
import { readRows } from '../../src/models/rows';
import { compressSummaries } from '../../src/purchases/summary';
import { expectError, numericGradient, relativeError } from '../helpers';
import { cdnowCustomers, cdnowSpendColumns } from './cdnow-rows';

// Published fits on CDNOW (REFERENCES.md): BG/NBD, Fader, Hardie & Lee (2005), Marketing Science
// 24(2): r 0.243, α 4.414, a 0.793, b 2.426, LL -9582.4. Gamma-Gamma, Fader, Hardie & Lee (2005),
// JMR "RFM and CLV", and note 025: p 6.25, q 3.74, γ 15.44, LL -4055.92.
const bgNbd: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const gammaGamma: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('BG/NBD likelihood', () => {
  const rows = readRows('test', compressSummaries(cdnowCustomers()));

  it('is -9582.4 at the published CDNOW fit, compressed or not', () => {
    expect(bgNbdLogLikelihood(bgNbd, rows)).toBeCloseTo(-9582.43, 1);
    expect(bgNbdLogLikelihood(bgNbd, readRows('test', cdnowCustomers()))).toBeCloseTo(
      bgNbdLogLikelihood(bgNbd, rows),
      8,
    );
    expect(rows.customers).toBe(2357);
  });

  it('has an analytic gradient equal to the numerical one', () => {
    const gradient = new Float64Array(4);
    bgNbdLogLikelihood(bgNbd, rows, gradient);
    const numeric = numericGradient(
      ([r, alpha, a, b]) => bgNbdLogLikelihood({ r: r!, alpha: alpha!, a: a!, b: b! }, rows),
      [bgNbd.r, bgNbd.alpha, bgNbd.a, bgNbd.b],
    );
    numeric.forEach((value, k) => expect(gradient[k]).toBeCloseTo(value, 4));
  });

  it('keeps full precision where r and α are large (mpmath 1.3, 60 digits)', () => {
    const few = readRows('test', [
      { frequency: 0, recency: 0, T: 38.86, count: 3 },
      { frequency: 2, recency: 30.43, T: 38.86 },
      { frequency: 5, recency: 20, T: 38.86, count: 2 },
      { frequency: 1, recency: 2, T: 30 },
      { frequency: 7, recency: 29.9, T: 30 },
    ]);
    // (r, α, a, b), ln L, its derivatives, ln L of MBG/NBD. With r ln α and (r+x) ln(α+T) taken
    // apart, ln L kept 2e-7 of itself at r = 1e9 and 8.5e-5 at 1e12, the derivatives 1e-6 and 1e-3.
    for (const [[r, alpha, a, b], logLikelihood, derivatives, modifiedLogLikelihood] of [
      [
        [1e9, 4e9, 0.8, 2.5],
        -92.27107837097672,
        [-3.61417165938575e-8, 9.035429109968242e-9, 0.37629366684466853, 0.05835857364582942],
        -68.79656783864404,
      ],
      [
        [1e12, 4e12, 0.8, 2.5],
        -92.27107852480728,
        [-3.6141716772793e-11, 9.035429193159754e-12, 0.37629367264929997, 0.05835857249767673],
        -68.79656785213493,
      ],
      [
        [0.243, 4.414, 0.793, 2.426],
        -69.76460945321644,
        [11.404333182217462, -0.3684022670882617, -1.0369048721478107, 0.3642076750770238],
        -70.43078034479456,
      ],
    ] as const) {
      const gradient = new Float64Array(4);
      const value = bgNbdLogLikelihood({ r, alpha, a, b }, few, gradient);
      expect(relativeError(value, logLikelihood), `ln L at r = ${r}`).toBeLessThan(1e-14);
      derivatives.forEach((derivative, k) => {
        expect(relativeError(gradient[k]!, derivative), `derivative ${k} at r = ${r}`).toBeLessThan(1e-13);
      });
      const modified = bgNbdLogLikelihood({ r, alpha, a, b }, few, undefined, true);
      expect(relativeError(modified, modifiedLogLikelihood), `MBG/NBD ln L at r = ${r}`).toBeLessThan(1e-14);
    }
  });

  it('has an analytic Hessian equal to the differences of its gradient, for MBG/NBD and heavy buyers too', () => {
    const heavy = readRows('test', [...compressSummaries(cdnowCustomers()), { frequency: 300, recency: 50, T: 52 }]);
    for (const modified of [false, true]) {
      const hessian = new Float64Array(16);
      bgNbdLogLikelihood(bgNbd, heavy, new Float64Array(4), modified, hessian);
      for (let j = 0; j < 4; j++) {
        const column = numericGradient(
          ([r, alpha, a, b]) => {
            const gradient = new Float64Array(4);
            bgNbdLogLikelihood({ r: r!, alpha: alpha!, a: a!, b: b! }, heavy, gradient, modified);
            return gradient[j]!;
          },
          [bgNbd.r, bgNbd.alpha, bgNbd.a, bgNbd.b],
        );
        column.forEach((value, i) => expect(hessian[i * 4 + j]! / value).toBeCloseTo(1, 6));
      }
    }
  });

  it('gives P(alive) and expected purchases that match the closed forms (SciPy 1.x hyp2f1)', () => {
    // P(alive) of customer 1 (x 2, t_x 30.43, T 38.86): 1 / (1 + a/(b+x-1) ((α+T)/(α+t_x))^(r+x)).
    expect(aliveFromLogOdds(bgNbdLogDropoutOdds(bgNbd, 2, 30.43, 38.86))).toBeCloseTo(0.726578570080673, 12);
    expect(aliveFromLogOdds(bgNbdLogDropoutOdds(bgNbd, 0, 0, 38.86))).toBe(1);
    expect(aliveFromLogOdds(800)).toBeCloseTo(0, 300);
    // e^-720 is a subnormal double: 1 / (1 + e^720) would overflow to 1 / Infinity = 0.
    expect(aliveFromLogOdds(720) / Math.exp(-720)).toBeCloseTo(1, 9);
    expect(aliveFromLogOdds(0)).toBe(0.5);
    expect(aliveFromLogOdds(-800)).toBe(1);
    // (a+b+x-1)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(α+T+t))], by SciPy.
    expect(bgNbdAliveExpectations(bgNbd, 2, 38.86, [39])[0]).toBeCloseTo(1.6873993058053, 11);
    const [newIn39, newIn78, none] = bgNbdAliveExpectations(bgNbd, 0, 0, [39, 78, 0]);
    expect(newIn39).toBeCloseTo(1.1967231933207985, 11);
    expect(newIn78).toBeCloseTo(1.8605190579427455, 11);
    expect(none).toBe(0);
  });

  it('stays finite when a + b < 1 and for heavy buyers', () => {
    const odd: BgNbdParams = { r: 0.5, alpha: 2, a: 0.3, b: 0.4 };
    const [expected] = bgNbdAliveExpectations(odd, 0, 0, [10]);
    expect(Number.isFinite(expected)).toBe(true);
    expect(expected).toBeGreaterThan(0);
    const heavy = readRows('test', [{ frequency: 800, recency: 50, T: 52 }]);
    expect(Number.isFinite(bgNbdLogLikelihood(bgNbd, heavy))).toBe(true);
    expect(Number.isFinite(bgNbdAliveExpectations(bgNbd, 800, 52, [52])[0])).toBe(true);
  });

  property.prop([fc.integer({ min: 1, max: 30 }), fc.double({ min: 1, max: 38, noNaN: true })])(
    'P(alive) lies in [0, 1] and rises with recency',
    (x, recency) => {
      const earlier = aliveFromLogOdds(bgNbdLogDropoutOdds(bgNbd, x, recency / 2, 39));
      const later = aliveFromLogOdds(bgNbdLogDropoutOdds(bgNbd, x, recency, 39));
      expect(earlier).toBeGreaterThanOrEqual(0);
      expect(later).toBeLessThanOrEqual(1);
      expect(later).toBeGreaterThanOrEqual(earlier);
    },
  );

  property.prop([fc.integer({ min: 0, max: 20 }), fc.double({ min: 1, max: 100, noNaN: true })])(
    'expected purchases rise with the horizon',
    (x, t) => {
      const [shorter, longer] = bgNbdAliveExpectations(bgNbd, x, 39, [t, 2 * t]);
      expect(longer).toBeGreaterThan(shorter!);
    },
  );
});

describe('Gamma-Gamma likelihood', () => {
  const columns = cdnowSpendColumns();

  it('is -4055.92 at the published CDNOW fit on the 946 repeat customers', () => {
    expect(columns.rows).toBe(946);
    expect(gammaGammaLogLikelihood(gammaGamma, columns)).toBeCloseTo(-4055.92, 1);
  });

  it('has an analytic gradient equal to the numerical one', () => {
    const gradient = new Float64Array(3);
    gammaGammaLogLikelihood(gammaGamma, columns, gradient);
    const numeric = numericGradient(
      ([p, q, gamma]) => gammaGammaLogLikelihood({ p: p!, q: q!, gamma: gamma! }, columns),
      [gammaGamma.p, gammaGamma.q, gammaGamma.gamma],
    );
    numeric.forEach((value, k) => expect(gradient[k]).toBeCloseTo(value, 4));
  });

  it('keeps full precision where q and γ (or p) are large, value and gradient (mpmath 1.3, 50 digits)', () => {
    const five = {
      frequency: Float64Array.from([1, 3, 2, 5, 2]),
      meanSpend: Float64Array.from([20, 35, 12, 50, 28]),
      weight: new Float64Array(5).fill(1),
      rows: 5,
      customers: 5,
    };
    // With ln Γ(q) and q ln γ taken apart, ln L lost 1e-7 at q = 1e9 and all of it at 1e12, and
    // the small derivatives were noise: fits of customers with nearly equal spend rates stopped on
    // a ridge that still rises.
    for (const [params, logLikelihood, derivatives] of [
      [[6.25, 3.74, 15.44], -20.131912906295028, [-0.04582742222647068, 0.298216207766785, -0.02838416309249313]],
      [[6.25, 1e9, 4.3e9], -25.903000724468356, [2.475956778811572, -2.4563952188158776e-8, 5.7125469362430574e-9]],
      [[1e9, 3.74, 2e-8], -32.87543159955119, [1.4347619036031172e-8, -7.198949894232214, 717380952.059996]],
      [[0.5, 1e12, 1e12], -442.53061556049704, [59.618848514239595, -4.484999999611836e-10, 4.484999999232355e-10]],
    ] as const) {
      const [p, q, gamma] = params;
      const gradient = new Float64Array(3);
      const value = gammaGammaLogLikelihood({ p, q, gamma }, five, gradient);
      expect(relativeError(value, logLikelihood), `ln L at ${params.join(', ')}`).toBeLessThan(1e-14);
      derivatives.forEach((derivative, k) => {
        expect(relativeError(gradient[k]!, derivative), `derivative ${k} at ${params.join(', ')}`).toBeLessThan(1e-12);
      });
    }
  });

  it("shrinks a customer's mean spend toward the population mean p γ / (q - 1)", () => {
    const population = (gammaGamma.p * gammaGamma.gamma) / (gammaGamma.q - 1);
    const one = gammaGammaExpectedSpend(gammaGamma, 1, 100);
    const many = gammaGammaExpectedSpend(gammaGamma, 50, 100);
    expect(one).toBeGreaterThan(population);
    expect(one).toBeLessThan(many);
    expect(many).toBeLessThan(100);
  });
});

describe('readRows', () => {
  it('refuses impossible rows with INVALID_VALUE and the index', () => {
    const bad = [
      { frequency: -1, recency: 0, T: 1 },
      { frequency: 1.5, recency: 1, T: 2 },
      { frequency: 1, recency: 3, T: 2 },
      { frequency: 0, recency: 1, T: 2 },
      { frequency: 1, recency: NaN, T: 2 },
      { frequency: 1, recency: 1, T: Infinity },
      { frequency: 1, recency: 1, T: 2, count: -2 },
      // Numbers only: '1' >= 0 and '1' < Infinity hold for a string too.
      { frequency: 1, recency: '1', T: 2 },
      { frequency: 1, recency: 1, T: '2' },
      null,
    ];
    for (const row of bad) {
      const error = expectError(
        () => readRows('fitX', [{ frequency: 0, recency: 0, T: 1 }, row as never]),
        'INVALID_VALUE',
        'fitX',
      );
      expect(error.details.index).toBe(1);
    }
    expectError(() => readRows('fitX', 5 as never), 'INVALID_ARGUMENT', 'fitX');
    expect(readRows('fitX', new Set([{ frequency: 2, recency: 1, T: 2, count: 3 }]))).toMatchObject({
      rows: 1,
      customers: 3,
      maxFrequency: 2,
    });
    // A customer whose first purchase closes the calibration period has T = 0.
    expect(readRows('fitX', [{ frequency: 0, recency: 0, T: 0 }]).T).toEqual(Float64Array.from([0]));
  });
  it('merges equal rows (0 and -0 alike) and leaves out rows with no customer', () => {
    const columns = readRows('fitX', [
      { frequency: 2, recency: 3, T: 5 },
      { frequency: 0, recency: -0, T: 5, count: 2 },
      { frequency: 2, recency: 3, T: 5, count: 4 },
      { frequency: 7, recency: 4, T: 5, count: 0 },
      { frequency: 0, recency: 0, T: 5 },
    ]);
    expect(columns).toMatchObject({ rows: 2, customers: 8, maxFrequency: 2 });
    expect(Array.from(columns.frequency)).toEqual([0, 2]);
    expect(Object.is(columns.recency[0], 0)).toBe(true);
    expect(Array.from(columns.weight)).toEqual([3, 5]);
  });
  it('refuses counts that add up to more than 2^53 - 1 customers, at the row that passes it', () => {
    const row = { frequency: 1, recency: 1, T: 2 };
    const error = expectError(
      () =>
        readRows('fitX', [
          { ...row, count: 2 ** 53 - 2 },
          { ...row, count: 1 },
          { ...row, count: 1 },
        ]),
      'INVALID_VALUE',
      'fitX',
    );
    expect(error.details.index).toBe(2);
    expect(
      readRows('fitX', [
        { ...row, count: 2 ** 53 - 2 },
        { ...row, count: 1 },
      ]).customers,
    ).toBe(2 ** 53 - 1);
  });

  it('reads -0 as 0 whether or not the rows come sorted', () => {
    const sorted = [
      { frequency: 0, recency: 0, T: -0 },
      { frequency: 0, recency: 0, T: 1 },
    ];
    for (const rows of [sorted, [...sorted].reverse()]) {
      const columns = readRows('fitX', rows);
      expect(Object.is(columns.T[0], 0)).toBe(true);
      expect(Array.from(columns.T)).toEqual([0, 1]);
    }
  });
  // Fits read their customers through readRows: the same customers must give the same columns.
  // Few distinct values, so that rows repeat; -0 (a T, and the recency within it) and values
  // that share all but their lowest bytes, which the sort reads last.
  const countedRows = fc.array(
    fc
      .record({
        frequency: fc.nat(3),
        recency: fc.constantFrom(0, -0, 1, 2.5, 4, 4 + 2 ** -50),
        T: fc.constantFrom(-0, 4, 4 + 2 ** -50, 4.5, 6, 1e300),
        count: fc.nat(3),
      })
      .map((row) => ({ ...row, recency: row.frequency === 0 ? 0 : Math.min(row.recency, row.T) })),
    { maxLength: 30 },
  );
  property.prop([
    countedRows.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length }))),
  ])(
    'gives the same sorted distinct rows in any order of its input, and for a count as for repeated rows',
    ([rows, shuffled]) => {
      const columns = readRows('fitX', rows);
      expect(readRows('fitX', shuffled)).toEqual(columns);
      const repeated = rows.flatMap(({ count, ...row }) => Array.from({ length: count }, () => row));
      expect(readRows('fitX', repeated)).toEqual(columns);
      // So a summary and its compressed rows give the same fit.
      expect(readRows('fitX', compressSummaries(repeated))).toEqual(columns);
      const triples = Array.from({ length: columns.rows }, (_, i) => [
        columns.frequency[i]!,
        columns.recency[i]!,
        columns.T[i]!,
      ]);
      triples.slice(1).forEach((triple, i) => {
        const before = triples[i]!;
        const k = triple.findIndex((value, j) => value !== before[j]);
        expect(k).toBeGreaterThanOrEqual(0);
        expect(triple[k]!).toBeGreaterThan(before[k]!);
      });
      expect(columns.customers).toBe(rows.reduce((sum, row) => sum + row.count, 0));
      expect(columns.weight.every((weight) => weight > 0)).toBe(true);
    },
  );
  // The likelihoods take ln(1 + T/α) and ln(1 + t_x/α) once per distinct value, through these lists.
  property.prop(
    [
      fc.array(fc.tuple(fc.nat({ max: 40 }), fc.nat({ max: 40 }), fc.constantFrom(0, 0.5, 1e-300, 39), fc.boolean()), {
        minLength: 1,
        maxLength: 3000,
        size: 'max',
      }),
    ],
    { numRuns: 20 },
  )('lists each T and each recency once, and indexes every row into those lists', (draws) => {
    // Some rows share a T, many do not, and some have T = -0; recency is T scaled down, 0 for the
    // rows without repeats.
    const source = draws.map(([whole, part, extra, negativeZero]) => {
      const T = negativeZero ? -0 : whole + extra;
      const frequency = part % 3;
      return { frequency, recency: frequency === 0 ? 0 : (T * part) / 40, T };
    });
    const columns = readRows('fitX', source);
    for (const [distinct, index, values] of [
      [columns.distinctT, columns.tIndex, columns.T],
      [columns.distinctRecency, columns.recencyIndex, columns.recency],
    ] as const) {
      // -0 and 0 are one value (a Set keeps one of them).
      expect(distinct.length).toBe(new Set(values).size);
      values.forEach((value, i) => expect(distinct[index[i]!] === value).toBe(true));
    }
  });
});
