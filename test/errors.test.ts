import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LoyaltyMetricsError, type LoyaltyMetricsErrorCode } from '../src/errors';
import * as library from '../src/index';
import { nps } from '../src/survey/nps';
import { expectError } from './helpers';
import { describeValue } from '../src/_internal/fail';

describe('LoyaltyMetricsError', () => {
  it('is an Error with a code, details and a message naming the function, index and value', () => {
    try {
      nps([10, 'ten' as unknown as number]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(LoyaltyMetricsError);
      const e = error as LoyaltyMetricsError;
      expect(e.name).toBe('LoyaltyMetricsError');
      expect(e.code).toBe('INVALID_VALUE');
      expect(e.details).toEqual({ index: 1, value: 'ten' });
      expect(e.message).toBe('nps: invalid value at index 1: "ten" (not an integer in 0..10)');
    }
  });

  it('is recognised by isLoyaltyMetricsError, which narrows the type, and nothing else is', () => {
    let caught: unknown;
    try {
      nps([10, 11]);
    } catch (error) {
      caught = error;
    }
    expect(library.isLoyaltyMetricsError(caught)).toBe(true);
    if (library.isLoyaltyMetricsError(caught)) expect(caught.details.index).toBe(1);
    const lookalikes: unknown[] = [
      new Error('LoyaltyMetricsError'),
      Object.assign(new Error('x'), { name: 'LoyaltyMetricsError' }),
      Object.assign(new Error('x'), { name: 'LoyaltyMetricsError', code: 'ENOENT' }),
      { name: 'LoyaltyMetricsError', code: 'INVALID_VALUE', message: 'not an Error' },
      null,
      'LoyaltyMetricsError',
      // Whatever was thrown is tested without throwing: a revoked Proxy, a throwing getter.
      (() => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      })(),
      Object.defineProperty(new Error('x'), 'name', {
        get() {
          throw new Error('no name');
        },
      }),
    ];
    for (const value of lookalikes) expect(library.isLoyaltyMetricsError(value)).toBe(false);
    // An error of another realm (a vm context, an iframe) is not an instance of this realm's Error.
    const foreign: unknown = runInNewContext(
      "Object.assign(new Error('nps: x'), { name: 'LoyaltyMetricsError', code: 'INVALID_VALUE' })",
    );
    expect(foreign instanceof Error).toBe(false);
    expect(library.isLoyaltyMetricsError(foreign)).toBe(true);
    expect(
      library.isLoyaltyMetricsError(runInNewContext("({ name: 'LoyaltyMetricsError', code: 'INVALID_VALUE' })")),
    ).toBe(false);
    // Every code of the library, and only with the library's name.
    for (const code of ['INVALID_VALUE', 'EMPTY_INPUT', 'INVALID_ARGUMENT', 'NOT_CONVERGED'] as const) {
      expect(library.isLoyaltyMetricsError(new LoyaltyMetricsError(code, 'f: x')), code).toBe(true);
      expect(library.isLoyaltyMetricsError(Object.assign(new Error('f: x'), { code })), code).toBe(false);
    }
  });

  it('defaults details to an empty object', () => {
    expect(new LoyaltyMetricsError('EMPTY_INPUT', 'x: nothing').details).toEqual({});
  });

  it('describes values readably', () => {
    expect(describeValue('a')).toBe('"a"');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue(-Infinity)).toBe('-Infinity');
    expect(describeValue({})).toBe('{}');
    expect(describeValue(new Date(0))).toBe('[object Date]');
    // A bigint is not the number it prints as: 9n is refused where 9 is an answer.
    expect(describeValue(12n)).toBe('12n');
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
    expect(describeValue(() => 'source')).toBe('[object Function]');
    expect(describeValue(Object.create(null))).toBe('{}');
    expect(describeValue(new Map([[1, 2]]))).toBe('[object Map]');
  });

  it('shows records and arrays by their contents, cut to 60 characters', () => {
    expect(describeValue({ score: 9 })).toBe('{"score":9}');
    expect(describeValue([1, '2'])).toBe('[1,"2"]');
    const long = describeValue({ comment: 'x'.repeat(100) });
    expect(long).toHaveLength(60);
    expect(long).toBe(`{"comment":"${'x'.repeat(45)}...`);
    expect(describeValue({ note: 'y'.repeat(46) })).toBe(`{"note":"${'y'.repeat(46)}"}`);
    // Exactly 60 characters are shown whole.
    expect(describeValue({ note: 'y'.repeat(49) })).toBe(`{"note":"${'y'.repeat(49)}"}`);
    // What JSON cannot show falls back to the kind: a cycle, a bigint field, toJSON saying nothing.
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('[object Object]');
    expect(describeValue({ id: 1n })).toBe('[object Object]');
    expect(describeValue({ toJSON: () => undefined })).toBe('[object Object]');
    expect(describeValue([() => 1])).toBe('[null]');
  });

  it('names a record read without a value accessor in the message', () => {
    expect(() => library.nps([{ score: 9 }] as never)).toThrow(
      'nps: invalid value at index 0: {"score":9} (not an integer in 0..10)',
    );
    expect(() => library.csat([9n] as never)).toThrow('csat: invalid value at index 0: 9n (not an integer in 1..5)');
  });
});

describe('transactions whose field names do not match', () => {
  // CSV columns customer_id/order_date/amount read without accessors: every row lacks customerId
  // and date. Each function refuses the log and says how many rows it skipped, rather than
  // returning an empty table.
  const misnamed = [
    { customer_id: 1, order_date: '2024-01-05', amount: 3 },
    { customer_id: 2, order_date: '2024-02-05', amount: 4 },
  ];
  const window = { from: '2024-01-01', to: '2024-12-31' };
  const calls: Array<[string, () => unknown]> = [
    [
      'summarizeTransactions',
      () => library.summarizeTransactions(misnamed, { calibrationEnd: '2024-12-31', unit: 'week' }),
    ],
    ['rfm', () => library.rfm(misnamed, { asOf: '2024-12-31' })],
    [
      'loyaltyTiers',
      () =>
        library.loyaltyTiers(misnamed, {
          asOf: '2024-12-31',
          metric: 'spend',
          window: 'lifetime',
          tiers: [{ name: 'All', min: 0 }],
        }),
    ],
    ['segmentRevenue', () => library.segmentRevenue(misnamed, window)],
    ['repeatPurchaseRatio', () => library.repeatPurchaseRatio(misnamed, window)],
    ['purchaseFrequency', () => library.purchaseFrequency(misnamed)],
    ['interPurchaseTimes', () => library.interPurchaseTimes(misnamed)],
    ['cohortRetention', () => library.cohortRetention(misnamed, { period: 'month', asOf: '2024-12-31' })],
  ];
  it('subscriptionMetrics says how many subscriptions it skipped when no customer is active', () => {
    const subscriptions = [{ customer_id: 1, start_date: '2023-01-01', end_date: null }];
    const error = expectError(
      () => library.subscriptionMetrics(subscriptions, window),
      'EMPTY_INPUT',
      'subscriptionMetrics',
    );
    expect(error.message).toContain('(skipped: 1 row missing a field, 0 invalid;');
  });

  it('counts one missing and one invalid row apart', () => {
    const rows = [
      { customerId: null, date: '2024-01-05', amount: 3 },
      { customerId: 2, date: 'soon', amount: 4 },
    ];
    const call = () =>
      library.summarizeTransactions(rows, { calibrationEnd: '2024-12-31', unit: 'week', invalid: 'skip' });
    expect(expectError(call, 'EMPTY_INPUT', 'summarizeTransactions').message).toContain(
      '(skipped: 1 row missing a field, 1 invalid;',
    );
  });

  it.each(calls)('%s refuses them with EMPTY_INPUT and the count of skipped rows', (name, run) => {
    const error = expectError(run, 'EMPTY_INPUT', name);
    expect(error.message).toBe(
      `${name}: no valid row (skipped: 2 rows missing a field, 0 invalid; do the field names or accessors match the data?)`,
    );
  });
});

describe('records or counts given as a string', () => {
  // The text of a CSV file passed before it is parsed: iterable by character, never a list of rows.
  const text = 'customerId,date\n1,2024-01-05\n';
  const calls: Array<[string, (data: never) => unknown]> = [
    ['summarizeTransactions', (d) => library.summarizeTransactions(d, { calibrationEnd: '2024-12-31', unit: 'week' })],
    ['compressSummaries', (d) => library.compressSummaries(d)],
    ['repeatPurchaseRatio', (d) => library.repeatPurchaseRatio(d, { from: '2024-01-01', to: '2024-12-31' })],
    ['cohortRetention', (d) => library.cohortRetention(d, { period: 'month', asOf: '2024-12-31' })],
    ['subscriptionMetrics', (d) => library.subscriptionMetrics(d, { from: '2024-01-01', to: '2024-12-31' })],
    ['subscriptionTenures', (d) => library.subscriptionTenures(d, { asOf: '2024-12-31', unit: 'day' })],
    ['subscriptionCohorts', (d) => library.subscriptionCohorts(d, { period: 'month', asOf: '2024-12-31' })],
    ['kaplanMeier', (d) => library.kaplanMeier(d, { duration: (t: number) => t, ended: () => true })],
    ['fitBgNbd', (d) => library.fitBgNbd(d)],
    ['fitGammaGamma', (d) => library.fitGammaGamma(d)],
    ['fitBgBb', (d) => library.fitBgBb(d)],
    ['fitShiftedBetaGeometric', (d) => library.fitShiftedBetaGeometric({ survivors: d })],
  ];

  it.each(calls)('%s refuses it with INVALID_ARGUMENT', (fn, call) => {
    const error = expectError(() => call(text as never), 'INVALID_ARGUMENT', fn);
    expect(error.details).toMatchObject({ value: text });
  });
});

describe('answers given as a string', () => {
  // '9' is iterable by character: read as answers, it would be refused as the answer "9" (the
  // wrong code), and '' would be no answers at all (an all-zero tally, without a word).
  const calls: Array<[string, (data: never) => unknown]> = [
    ['tally', (d) => library.tally(d)],
    ['tallyBy', (d) => library.tallyBy(d, { key: () => 'all' })],
    ['nps', (d) => library.nps(d)],
    ['npsBreakdown', (d) => library.npsBreakdown(d)],
    ['npsInterval', (d) => library.npsInterval(d)],
    ['compareNps', (d) => library.compareNps(d, [9])],
    ['csat', (d) => library.csat(d)],
    ['csatInterval', (d) => library.csatInterval(d)],
    ['compareCsat', (d) => library.compareCsat([5], d)],
    ['ces', (d) => library.ces(d)],
    ['cesInterval', (d) => library.cesInterval(d)],
    ['compareCes', (d) => library.compareCes(d, [5, 6])],
    ['meanInterval', (d) => library.meanInterval(d)],
  ];

  it.each(calls)('%s refuses it with INVALID_ARGUMENT', (fn, call) => {
    for (const text of ['9', '']) {
      const error = expectError(() => call(text as never), 'INVALID_ARGUMENT', fn);
      expect(error.details).toMatchObject({ argument: 'data', value: text });
    }
  });
});

describe('options bags', () => {
  // Every function that takes an options object after its data, with data it would accept.
  const transactions = [{ customerId: 1, date: '2024-01-01', amount: 1 }];
  const calls: Array<[string, (options: never) => unknown]> = [
    ['tally', (o) => library.tally([1], o)],
    ['nps', (o) => library.nps([9], o)],
    ['npsBreakdown', (o) => library.npsBreakdown([9], o)],
    ['npsInterval', (o) => library.npsInterval([9, 0], o)],
    ['compareNps', (o) => library.compareNps([9], [0], o)],
    ['npsSampleSize', (o) => library.npsSampleSize(o)],
    ['csat', (o) => library.csat([5], o)],
    ['csatBreakdown', (o) => library.csatBreakdown([5], o)],
    ['csatInterval', (o) => library.csatInterval([5], o)],
    ['compareCsat', (o) => library.compareCsat([5], [4], o)],
    ['ces', (o) => library.ces([5], o)],
    ['cesBreakdown', (o) => library.cesBreakdown([5], o)],
    ['cesInterval', (o) => library.cesInterval([5, 6], o)],
    ['compareCes', (o) => library.compareCes([5, 6], [4, 7], o)],
    ['proportionInterval', (o) => library.proportionInterval(1, 5, o)],
    ['compareProportions', (o) => library.compareProportions({ successes: 1, n: 5 }, { successes: 2, n: 5 }, o)],
    ['meanInterval', (o) => library.meanInterval([1, 2], o)],
    ['purchaseFrequency', (o) => library.purchaseFrequency([{ customerId: 1, date: '2024-01-01' }], o)],
    ['fitBgNbd', (o) => library.fitBgNbd([{ frequency: 1, recency: 1, T: 2 }], o)],
    ['fitModifiedBgNbd', (o) => library.fitModifiedBgNbd([{ frequency: 1, recency: 1, T: 2 }], o)],
    ['fitParetoNbd', (o) => library.fitParetoNbd([{ frequency: 1, recency: 1, T: 2 }], o)],
    ['fitGammaGamma', (o) => library.fitGammaGamma([{ frequency: 1, monetaryValue: 2 }], o)],
    ['fitShiftedBetaGeometric', (o) => library.fitShiftedBetaGeometric({ survivors: [100, 80, 70] }, o)],
    ['fitBgBb', (o) => library.fitBgBb([{ frequency: 1, recency: 1, periods: 2 }], o)],
    ['summarizeTransactions', (o) => library.summarizeTransactions(transactions, o)],
    ['repeatPurchaseRatio', (o) => library.repeatPurchaseRatio(transactions, o)],
    ['interPurchaseTimes', (o) => library.interPurchaseTimes(transactions, o)],
    ['rfm', (o) => library.rfm(transactions, o)],
    ['loyaltyTiers', (o) => library.loyaltyTiers(transactions, o)],
    ['segmentRevenue', (o) => library.segmentRevenue(transactions, o)],
    ['cohortRetention', (o) => library.cohortRetention(transactions, o)],
    ['subscriptionMetrics', (o) => library.subscriptionMetrics([{ customerId: 1, start: '2024-01-01' }], o)],
    ['subscriptionTenures', (o) => library.subscriptionTenures([{ customerId: 1, start: '2024-01-01' }], o)],
    ['subscriptionCohorts', (o) => library.subscriptionCohorts([{ customerId: 1, start: '2024-01-01' }], o)],
    ['kaplanMeier', (o) => library.kaplanMeier([{ t: 1 }], o)],
    ['convertRate', (o) => library.convertRate(0.1, o)],
    ['customerLifetimeValue', (o) => library.customerLifetimeValue(o)],
    ['ltv', (o) => library.ltv(o)],
    ['ltvFromChurn', (o) => library.ltvFromChurn(o)],
    ['discountedLtv', (o) => library.discountedLtv(o)],
    ['cacPayback', (o) => library.cacPayback(o)],
    ['simulateBgNbd', (o) => library.simulateBgNbd({ r: 1, alpha: 1, a: 1, b: 1 }, o)],
    ['simulateBgBb', (o) => library.simulateBgBb({ alpha: 1, beta: 1, gamma: 1, delta: 1 }, o)],
    [
      'discountedExpectedResidualLifetime',
      (o) => library.discountedExpectedResidualLifetime({ kind: 'sbg', params: { alpha: 1, beta: 1 } }, o),
    ],
  ];

  it.each(calls)('%s refuses options that are not an object with INVALID_ARGUMENT', (fn, call) => {
    for (const options of [null, 5, 'x']) {
      const error = expectError(() => call(options as never), 'INVALID_ARGUMENT', fn);
      expect(error.details).toMatchObject({ argument: 'options', value: options });
    }
  });
});

describe('bad survey and interval options', () => {
  // The error names the option it refuses (details.argument), so that a caller can tell which one.
  const answers = [10, 9, 7, 3, 0];
  const counts = { promoters: 2, passives: 1, detractors: 2 };
  const cases: Array<[string, () => unknown, string]> = [
    ['nps', () => library.nps(answers, { value: 5 as never }), 'value'],
    ['nps', () => library.nps(answers, { weight: 'w' as never }), 'weight'],
    ['nps', () => library.nps(answers, { missing: 'ignore' as never }), 'missing'],
    ['nps', () => library.nps(answers, { invalid: 'drop' as never }), 'invalid'],
    ['npsInterval', () => library.npsInterval(answers, { confidence: '0.95' as never }), 'confidence'],
    ['npsInterval', () => library.npsInterval(answers, { method: 'wilson' as never }), 'method'],
    ['npsInterval', () => library.npsInterval(answers, { method: 'bootstrap', resamples: 99 }), 'resamples'],
    ['npsInterval', () => library.npsInterval(answers, { method: 'bootstrap', seed: 1.5 }), 'seed'],
    [
      'npsInterval',
      () => library.npsInterval(answers, { method: 'bootstrap', value: (s: number) => s, weight: () => 2 }),
      'method',
    ],
    ['compareNps', () => library.compareNps(answers, answers, { method: 'bootstrap' as never }), 'method'],
    ['csat', () => library.csat([5, 4], { satisfiedFrom: 6 }), 'satisfiedFrom'],
    ['csatInterval', () => library.csatInterval([5, 4], { method: 'exact' as never }), 'method'],
    ['ces', () => library.ces([5], { report: 'median' as never }), 'report'],
    ['ces', () => library.ces([5], { version: 3 as never }), 'version'],
    [
      'ces',
      () => library.ces([5], { version: { scale: { min: 1, max: 7 }, direction: 'up' as never } }),
      'version.direction',
    ],
    ['cesBreakdown', () => library.cesBreakdown([5], { version: { scale: { min: 1, max: 1 } } as never }), 'scale'],
    ['cesInterval', () => library.cesInterval([5, 6], { report: 'median' as never }), 'report'],
    ['cesInterval', () => library.cesInterval([5, 6], { method: 'z' as never }), 'method'],
    ['compareCsat', () => library.compareCsat([5, 4], [3], { confidence: 95 }), 'confidence'],
    ['compareCsat', () => library.compareCsat([5, 4], [3], { satisfiedFrom: 1 }), 'satisfiedFrom'],
    ['compareCsat', () => library.compareCsat([5, 4], [3], { weight: 1 as never }), 'weight'],
    ['compareCes', () => library.compareCes([5, 6], [4, 7], { report: 'median' as never }), 'report'],
    ['compareCes', () => library.compareCes([5, 6], [4, 7], { method: 'wald' as never }), 'method'],
    ['compareCes', () => library.compareCes([5, 6], [4, 7], { report: 'agree', method: 'welch' as never }), 'method'],
    ['compareCes', () => library.compareCes([5, 6], [4, 7], { report: 'net', method: 'newcombe' as never }), 'method'],
    ['compareCes', () => library.compareCes([5, 6], [4, 7], { version: '3.0' as never }), 'version'],
    ['compareCes', () => library.compareCes([5, 6], [4, 7], { confidence: 1 }), 'confidence'],
    ['proportionInterval', () => library.proportionInterval(1, 5, { method: 'exact' as never }), 'method'],
    ['cesBreakdown', () => library.cesBreakdown([5], { report: 'median' as never }), 'report'],
    ['ces', () => library.ces([5], { version: { scale: { min: 1, max: 7 } } as never }), 'version.direction'],
    // Answers already counted: no accessor applies, and the policies are checked all the same.
    ['nps', () => library.nps(library.tally(answers), { missing: 'ignore' as never }), 'missing'],
    ['nps', () => library.nps(library.tally(answers), { weight: () => 2 }), 'value/weight'],
    [
      'csat',
      () => library.csat(library.tally([5], { scale: { min: 1, max: 5 } }), { invalid: 'drop' as never }),
      'invalid',
    ],
    ['npsBreakdown', () => library.npsBreakdown(counts, { weight: () => 2 } as never), 'value/weight'],
    ['npsInterval', () => library.npsInterval(counts, { value: () => 9 } as never), 'value/weight'],
    ['npsInterval', () => library.npsInterval(counts, { invalid: 'drop' as never }), 'invalid'],
    ['compareNps', () => library.compareNps(counts, counts, { missing: 'ignore' as never }), 'missing'],
    [
      'compareCsat',
      () => library.compareCsat(library.tally([5], { scale: { min: 1, max: 5 } }), [5], { missing: 'ignore' as never }),
      'missing',
    ],
    [
      'compareCes',
      () => library.compareCes([5, 6], library.tally([5, 6], { scale: { min: 1, max: 7 } }), { value: () => 5 }),
      'value/weight',
    ],
  ];

  it.each(cases)('%s names the option %#', (fn, call, argument) => {
    expect(expectError(call, 'INVALID_ARGUMENT', fn).details).toMatchObject({ argument });
  });

  it('states the bounds of a number option in the message', () => {
    const message = (call: () => unknown): string => expectError(call, 'INVALID_ARGUMENT').message;
    expect(message(() => library.npsSampleSize({ marginOfError: 201 }))).toBe(
      'npsSampleSize: marginOfError must be a finite number > 0 and <= 200, got 201',
    );
    expect(message(() => library.npsInterval(answers, { method: 'bootstrap', resamples: 99 }))).toBe(
      'npsInterval: resamples must be a finite integer >= 100 and <= 10000000, got 99',
    );
    // Their scores are kept to be sorted: ten billion would not fit in memory (a RangeError before).
    expect(message(() => library.npsInterval(answers, { method: 'bootstrap', resamples: 1e10 }))).toBe(
      'npsInterval: resamples must be a finite integer >= 100 and <= 10000000, got 10000000000',
    );
    expect(message(() => library.npsInterval(answers, { method: 'bootstrap', seed: 1.5 }))).toBe(
      'npsInterval: seed must be a finite integer, got 1.5',
    );
  });

  it('accepts each default when it is given by name', () => {
    expect(library.npsInterval(answers, { method: 'adjusted-wald' })).toEqual(library.npsInterval(answers));
    expect(library.npsInterval(answers, { method: 'bootstrap', resamples: 100 }).method).toBe('bootstrap');
    expect(library.compareNps(answers, [10], { method: 'adjusted-wald' })).toEqual(library.compareNps(answers, [10]));
    expect(library.csatInterval([5, 4, 1], { method: 'wilson' })).toEqual(library.csatInterval([5, 4, 1]));
    expect(library.ces([7, 2], { report: 'mean' })).toBe(library.ces([7, 2]));
    expect(library.cesInterval([7, 2], { report: 'mean', method: 't' })).toEqual(library.cesInterval([7, 2]));
    expect(library.proportionInterval(1, 5, { method: 'wilson' })).toEqual(library.proportionInterval(1, 5));
    expect(library.nps(answers, { missing: 'skip', invalid: 'throw' })).toBe(library.nps(answers));
  });
});

describe('bad retention and purchase arguments', () => {
  // As for the survey options: the error names the argument (details.argument) or, for a bad
  // field of one record, the field (details.field), so that a caller can tell which one.
  const log = [
    { customerId: 1, date: '2024-01-05', amount: 10, segment: 'web' },
    { customerId: 2, date: '2024-02-05', amount: 20, segment: 'shop' },
  ];
  const year = { from: '2024-01-01', to: '2024-12-31' };
  const tiers = [
    { name: 'Silver', min: 0 },
    { name: 'Gold', min: 100 },
  ];
  const curve = { times: [1, 2], survival: [0.8, 0.5] };
  // Each function with valid options, but for those given.
  const survival = (rows: Array<{ t: unknown }>, options: object) =>
    library.kaplanMeier(rows, { duration: (d) => d.t as number, ended: () => true, ...options });
  const repeat = (options: object) => library.repeatPurchaseRatio(log, { ...year, ...options });
  const afterFirst = (options: object) =>
    repeat({ definition: 'after-first', within: 30, asOf: '2025-06-30', ...options });
  const cohorts = (options: object) =>
    library.cohortRetention(log, { period: 'month', asOf: '2024-12-31', ...options });
  const summarized = (options: object, rows: unknown = log) =>
    library.summarizeTransactions(rows as never, { calibrationEnd: '2024-06-30', unit: 'week', ...options } as never);
  const plans = [{ customerId: 1, start: '2024-01-01' }];
  const tenures = (rows: unknown[], options: object) =>
    library.subscriptionTenures(rows as never, { asOf: '2024-12-31', unit: 'day', ...options } as never);
  const tiered = (options: object) =>
    library.loyaltyTiers(log, { asOf: '2024-12-31', metric: 'spend', window: 'lifetime', tiers, ...options } as never);
  const scored = (options: object) => library.rfm(log, { asOf: '2024-12-31', ...options });
  const segmented = (options: object) =>
    library.segmentRevenue(log, { ...year, segment: (d) => d.segment, ...options });
  const badArguments: Array<[string, () => unknown, string]> = [
    ['retentionRate', () => library.retentionRate(null as never), 'counts'],
    ['retentionRate', () => library.retentionRate({ start: -1, end: 5, acquired: 0 }), 'start'],
    ['retentionRate', () => library.retentionRate({ start: 10, end: 5, acquired: 6 }), 'end - acquired'],
    ['churnRate', () => library.churnRate('x' as never), 'counts'],
    ['churnRate', () => library.churnRate({ start: 10, lost: 11 }), 'lost'],
    ['convertRate', () => library.convertRate(0.1, { from: 'fortnight' as never, to: 'year' }), 'from'],
    ['convertRate', () => library.convertRate(0.1, { from: 'month', to: 'decade' as never }), 'to'],
    ['expectedLifetime', () => library.expectedLifetime(0), 'churnRate'],
    ['expectedLifetime', () => library.expectedLifetime(1.5), 'churnRate'],
    ['revenueRetention', () => library.revenueRetention([] as never, {}), 'base'],
    ['revenueRetention', () => library.revenueRetention({}, 'x' as never), 'current'],
    ['kaplanMeier', () => survival([{ t: 1 }], { duration: undefined }), 'duration'],
    ['kaplanMeier', () => survival([{ t: 1 }], { ended: undefined }), 'ended'],
    ['restrictedMeanSurvival', () => library.restrictedMeanSurvival({ times: [1] } as never, 2), 'curve'],
    ['restrictedMeanSurvival', () => library.restrictedMeanSurvival(curve, -2), 'tau'],
    ['restrictedMeanSurvival', () => library.restrictedMeanSurvival({ ...curve, times: [2, 1] }, 2), 'curve.times[1]'],
    [
      'restrictedMeanSurvival',
      () => library.restrictedMeanSurvival({ ...curve, survival: [0.5, 0.8] }, 2),
      'curve.survival[1]',
    ],
    ['summarizeTransactions', () => summarized({ unit: undefined }), 'unit'],
    ['summarizeTransactions', () => summarized({ unit: 'month' }), 'unit'],
    ['summarizeTransactions', () => summarized({ calibrationEnd: 'soon' }), 'calibrationEnd'],
    ['summarizeTransactions', () => summarized({ observationEnd: 'later' }), 'observationEnd'],
    ['summarizeTransactions', () => summarized({ observationEnd: '2024-01-01' }), 'observationEnd'],
    ['summarizeTransactions', () => summarized({}, 5), 'transactions'],
    ['summarizeTransactions', () => summarized({ amount: 'total' }), 'amount'],
    ['summarizeTransactions', () => summarized({ refunds: 'yes' }), 'refunds'],
    ['summarizeTransactions', () => summarized({ missing: 'drop' }), 'missing'],
    ['compressSummaries', () => library.compressSummaries(5 as never), 'customers'],
    ['subscriptionMetrics', () => library.subscriptionMetrics(5 as never, year), 'subscriptions'],
    ['subscriptionMetrics', () => library.subscriptionMetrics(plans, { ...year, start: 'begin' as never }), 'start'],
    ['subscriptionMetrics', () => library.subscriptionMetrics(plans, { ...year, end: 'stop' as never }), 'end'],
    ['subscriptionMetrics', () => library.subscriptionMetrics(plans, { ...year, customer: 'id' as never }), 'customer'],
    ['subscriptionTenures', () => tenures(5 as never, {}), 'subscriptions'],
    ['subscriptionTenures', () => tenures(plans, { unit: 'hour' }), 'unit'],
    ['subscriptionTenures', () => tenures(plans, { asOf: 'soon' }), 'asOf'],
    ['subscriptionTenures', () => tenures(plans, { invalid: 'ignore' }), 'invalid'],
    [
      'subscriptionCohorts',
      () => library.subscriptionCohorts(5 as never, { period: 'month', asOf: '2024-12-31' }),
      'subscriptions',
    ],
    [
      'subscriptionCohorts',
      () => library.subscriptionCohorts(plans, { period: 'decade' as never, asOf: '2024-12-31' }),
      'period',
    ],
    ['subscriptionCohorts', () => library.subscriptionCohorts(plans, { period: 'month', asOf: 'soon' }), 'asOf'],
    ['cohortRetention', () => cohorts({ period: undefined }), 'period'],
    ['cohortRetention', () => cohorts({ period: 'decade' }), 'period'],
    ['cohortRetention', () => cohorts({ mode: 'rolling' }), 'mode'],
    ['cohortRetention', () => cohorts({ asOf: 'soon' }), 'asOf'],
    ['cohortRetention', () => cohorts({ timeZone: 'Mars/Olympus' }), 'timeZone'],
    ['repeatPurchaseRatio', () => repeat({ definition: 'x' }), 'definition'],
    ['repeatPurchaseRatio', () => repeat({ occasion: 'x' }), 'occasion'],
    ['repeatPurchaseRatio', () => afterFirst({ within: -1 }), 'within'],
    ['repeatPurchaseRatio', () => afterFirst({ asOf: 'soon' }), 'asOf'],
    ['repeatPurchaseRatio', () => repeat({ customer: 'id' }), 'customer'],
    ['repeatPurchaseRatio', () => repeat({ date: 'day' }), 'date'],
    // A window needs both ends (or, where it is optional, neither).
    ['purchaseFrequency', () => library.purchaseFrequency(log, { to: '2024-12-31' }), 'from'],
    ['purchaseFrequency', () => library.purchaseFrequency(log, { from: '2024-01-01' }), 'to'],
    ['purchaseFrequency', () => library.purchaseFrequency(log, { from: '2024-12-31', to: '2024-01-01' }), 'from'],
    ['interPurchaseTimes', () => library.interPurchaseTimes(log, { unit: 'month' as never }), 'unit'],
    ['loyaltyTiers', () => tiered({ tiers: [] }), 'tiers'],
    ['loyaltyTiers', () => tiered({ tiers: [{ name: 'x' }] }), 'tiers[0]'],
    ['loyaltyTiers', () => tiered({ tiers: [...tiers, { name: 'Silver', min: 5 }] }), 'tiers[2].name'],
    ['loyaltyTiers', () => tiered({ tiers: [...tiers, { name: 'Bronze', min: 0 }] }), 'tiers[2].min'],
    ['loyaltyTiers', () => tiered({ metric: undefined }), 'metric'],
    ['loyaltyTiers', () => tiered({ metric: 'visits' }), 'metric'],
    ['loyaltyTiers', () => tiered({ window: undefined }), 'window'],
    ['loyaltyTiers', () => tiered({ window: 'month' }), 'window'],
    ['loyaltyTiers', () => tiered({ asOf: 'today' }), 'asOf'],
    ['rfm', () => scored({ bins: 10 }), 'bins'],
    ['rfm', () => scored({ bins: 3 }), 'segments'],
    ['rfm', () => scored({ segments: {} }), 'segments'],
    ['rfm', () => scored({ segments: [{ name: 'x', r: [1, 5] }] }), 'segments[0]'],
    ['rfm', () => scored({ asOf: 'today' }), 'asOf'],
    ['segmentRevenue', () => segmented({ segment: 'segment' }), 'segment'],
    ['segmentRevenue', () => segmented({ customer: 'id' }), 'customer'],
  ];
  // Bad values inside the data (INVALID_VALUE): the record's index and field, or the revenue
  // table and the customer's key.
  const badValues: Array<[string, () => unknown, Record<string, unknown>]> = [
    ['revenueRetention', () => library.revenueRetention({ a: -1 }, { a: 1 }), { argument: 'base', key: 'a' }],
    ['revenueRetention', () => library.revenueRetention({ a: 1 }, { a: NaN }), { argument: 'current', key: 'a' }],
    ['kaplanMeier', () => survival([{ t: -1 }], {}), { field: 'duration', index: 0 }],
    ['kaplanMeier', () => survival([{ t: 1 }, { t: null }], { missing: 'throw' }), { field: 'duration', index: 1 }],
    ['kaplanMeier', () => survival([{ t: 1 }], { ended: () => 1 }), { field: 'ended', index: 0 }],
    ['kaplanMeier', () => survival([{ t: 1 }], { ended: () => null, missing: 'throw' }), { field: 'ended' }],
    ['subscriptionTenures', () => tenures([{ customerId: 1, start: 'soon' }], {}), { field: 'start', index: 0 }],
    [
      'subscriptionTenures',
      () => tenures([{ customerId: 1, start: '2024-01-01', end: 'soon' }], {}),
      { field: 'end', index: 0 },
    ],
    ['summarizeTransactions', () => summarized({ amount: () => NaN }), { field: 'amount', index: 0 }],
    ['summarizeTransactions', () => summarized({ amount: () => -5 }), { field: 'amount', index: 0 }],
    [
      'summarizeTransactions',
      () => summarized({ amount: () => null, missing: 'throw' }),
      { field: 'amount', index: 0 },
    ],
    ['segmentRevenue', () => segmented({ segment: () => NaN }), { field: 'segment', index: 0 }],
    ['segmentRevenue', () => segmented({ segment: () => null, missing: 'throw' }), { field: 'segment', index: 0 }],
  ];

  it.each(badArguments)('%s names the argument %#', (fn, call, argument) => {
    expect(expectError(call, 'INVALID_ARGUMENT', fn).details).toMatchObject({ argument });
  });

  it.each(badValues)('%s names the field or key %#', (fn, call, details) => {
    expect(expectError(call, 'INVALID_VALUE', fn).details).toMatchObject(details);
  });

  it('accepts the default bad-input and refund policies when they are given by name', () => {
    const defaults = { missing: 'skip', invalid: 'throw' };
    expect(summarized(defaults)).toEqual(summarized({}));
    expect(summarized({ refunds: 'refuse' })).toEqual(summarized({}));
    expect(tenures(plans, defaults)).toEqual(tenures(plans, {}));
    expect(segmented(defaults)).toEqual(segmented({}));
  });

  it('says how to read refunds when it refuses a negative amount', () => {
    const error = expectError(() => summarized({ amount: () => -5 }), 'INVALID_VALUE', 'summarizeTransactions');
    expect(error.message).toContain("amount: negative; pass refunds: 'allow' if refunds are negative amounts");
  });

  it('says why a customer id is refused', () => {
    const reason = (customerId: unknown) =>
      expectError(() => tenures([{ customerId, start: '2024-01-01' }], {}), 'INVALID_VALUE', 'subscriptionTenures')
        .message;
    // The empty cell of a CSV gets its own hint: it is not one customer shared by all such rows.
    expect(reason('')).toContain('an empty string; give null or undefined');
    expect(reason({})).toContain('a customer must be a string or a finite number');
    expect(reason(NaN)).toContain('a customer must be a string or a finite number');
  });

  it('reads a row that is not an object as a row without fields: missing', () => {
    const rows = [null, 5, 'text'];
    expect(summarized({}).missing).toBe(0);
    expect(summarized({}, [...rows, ...log]).missing).toBe(3);
    expect(tenures([...rows, ...plans], {}).missing).toBe(3);
    // Not through `segmented`, whose segment accessor would read a field of null.
    expect(library.segmentRevenue([...rows, ...log] as never, year).missing).toBe(3);
    const error = expectError(
      () => tenures([null, ...plans], { missing: 'throw' }),
      'INVALID_VALUE',
      'subscriptionTenures',
    );
    expect(error.details).toMatchObject({ field: 'customer', index: 0 });
  });
});

describe('messages of the shared checks', () => {
  // Each says what was expected and what came: the function, the argument, the rule, the value.
  const cases: Array<[() => unknown, LoyaltyMetricsErrorCode, string]> = [
    [
      () => library.nps([9], { missing: 'ignore' as never }),
      'INVALID_ARGUMENT',
      'nps: missing must be one of ["skip","throw"], got "ignore"',
    ],
    [
      () => library.npsInterval([9, 0], { confidence: '0.95' as never }),
      'INVALID_ARGUMENT',
      'npsInterval: confidence must be a number strictly between 0 and 1, got "0.95"',
    ],
    [() => library.nps([9], { value: 5 as never }), 'INVALID_ARGUMENT', 'nps: value must be a function, got 5'],
    [() => library.nps([9], 5 as never), 'INVALID_ARGUMENT', 'nps: options must be an object of options, got 5'],
    // Where options hold a required field, the message names it.
    [
      () => library.segmentRevenue([], 5 as never),
      'INVALID_ARGUMENT',
      'segmentRevenue: options must be an object with from and to, got 5',
    ],
    [
      () => library.periodOf('2024-01-01', 5 as never),
      'INVALID_ARGUMENT',
      'periodOf: options must be an object with a period, got 5',
    ],
    // A required choice left out is refused like a wrong one, listing the choices.
    [
      () => library.periodOf('2024-01-01', {} as never),
      'INVALID_ARGUMENT',
      'periodOf: period must be one of ["day","week","month","quarter","year"], got undefined',
    ],
    [
      () => library.summarizeTransactions([], { calibrationEnd: '2024-12-31' } as never),
      'INVALID_ARGUMENT',
      'summarizeTransactions: unit must be one of ["day","week"], got undefined',
    ],
    [
      () => library.loyaltyTiers([], { asOf: '2024-12-31', metric: 'spend', tiers: [] } as never),
      'INVALID_ARGUMENT',
      'loyaltyTiers: window must be one of ["lifetime","calendar-year","rolling-12-months"], got undefined',
    ],
    [
      () => library.summarizeTransactions(5 as never, { calibrationEnd: '2024-12-31', unit: 'week' }),
      'INVALID_ARGUMENT',
      'summarizeTransactions: transactions must be an iterable of transactions, got 5',
    ],
    [
      () => library.purchaseFrequency([{ customerId: 1, date: 'soon' }]),
      'INVALID_VALUE',
      'purchaseFrequency: invalid value at index 0: "soon" (date: not a valid date (a Date, epoch milliseconds or an ISO-8601 string))',
    ],
    [
      () => library.ltvFromChurn({ revenuePerPeriod: 1e308, churnRate: 1e-10 }),
      'INVALID_ARGUMENT',
      'ltvFromChurn: result is not a finite number: the inputs are out of range, got Infinity',
    ],
  ];

  it.each(cases)('%#', (call, code, message) => {
    expect(expectError(call, code).message).toBe(message);
  });
});

describe('amounts whose sum passes the largest double', () => {
  // Each amount is finite; a's two add to Infinity (NaN in the compensated sum), which ranked a
  // lowest by spend, tiered a nowhere and summed revenue to NaN.
  const rows = [
    { customerId: 'a', date: '2024-03-01', amount: 1e308 },
    { customerId: 'a', date: '2024-03-02', amount: 1e308 },
    { customerId: 'a', date: '2024-03-03', amount: 1e308 },
    { customerId: 'b', date: '2024-03-01', amount: 5 },
  ];
  const calls: Array<[string, () => unknown]> = [
    ['rfm', () => library.rfm(rows, { asOf: '2024-06-30' })],
    [
      'loyaltyTiers',
      () =>
        library.loyaltyTiers(rows, {
          asOf: '2024-06-30',
          metric: 'spend',
          window: 'lifetime',
          tiers: [{ name: 'Member', min: 0 }],
        }),
    ],
    ['segmentRevenue', () => library.segmentRevenue(rows, { from: '2024-01-01', to: '2024-12-31' })],
    ['summarizeTransactions', () => library.summarizeTransactions(rows, { calibrationEnd: '2024-06-30', unit: 'day' })],
  ];

  it.each(calls)('%s refuses the sum with INVALID_ARGUMENT', (fn, call) => {
    expect(expectError(call, 'INVALID_ARGUMENT', fn).details).toMatchObject({ argument: 'result' });
  });
});

describe('date options read before any row', () => {
  // A bad option is named even when a row is bad too, or when there is no row at all.
  const badRow = [{ customerId: 'a', date: 'last tuesday', amount: 5 }];
  const calls: Array<[string, (rows: unknown[]) => unknown, string]> = [
    [
      'summarizeTransactions',
      (rows) => library.summarizeTransactions(rows, { calibrationEnd: 'nope', unit: 'day' }),
      'calibrationEnd',
    ],
    [
      'summarizeTransactions',
      (rows) =>
        library.summarizeTransactions(rows, {
          calibrationEnd: '2024-06-30',
          observationEnd: '2024-01-01',
          unit: 'day',
        }),
      'observationEnd',
    ],
    ['segmentRevenue', (rows) => library.segmentRevenue(rows, { from: '2025-01-01', to: '2024-12-31' }), 'from'],
    ['repeatPurchaseRatio', (rows) => library.repeatPurchaseRatio(rows, undefined as never), 'from'],
    ['purchaseFrequency', (rows) => library.purchaseFrequency(rows, { from: 'nope', to: '2024-12-31' }), 'from'],
    ['interPurchaseTimes', (rows) => library.interPurchaseTimes(rows, { from: '2024-01-01', to: 'nope' }), 'to'],
  ];

  it.each(calls)('%s names the option %#', (fn, call, argument) => {
    for (const rows of [badRow, []]) {
      expect(expectError(() => call(rows), 'INVALID_ARGUMENT', fn).details).toMatchObject({ argument });
    }
  });
});

describe('optional options given as undefined', () => {
  // Callers with exactOptionalPropertyTypes pass `{ confidence }` where `confidence?: number`
  // may be undefined: the types accept it (this file compiles under that flag) and so does the
  // runtime, which reads undefined as the default.
  it('are read as their defaults', () => {
    const confidence: number | undefined = undefined;
    expect(library.npsInterval([10, 9, 3], { confidence, method: undefined })).toEqual(library.npsInterval([10, 9, 3]));
    expect(library.csat([5, 4, 1], { satisfiedFrom: undefined, scale: undefined })).toBe(library.csat([5, 4, 1]));
    const log = [{ customerId: 1, date: '2024-01-01', amount: 10 }];
    expect(library.purchaseFrequency(log, { from: undefined, to: undefined, timeZone: undefined })).toEqual(
      library.purchaseFrequency(log),
    );
    const weighted = library.tally([10, 9], { weight: undefined });
    expect(library.mergeTallies(weighted, { ...weighted, weights: undefined })).toEqual(library.tally([10, 9, 10, 9]));
  });
});

describe('model fits with nothing to fit', () => {
  // Well-formed data without a customer: EMPTY_INPUT, with the reason in the message.
  const cases: Array<[string, () => unknown, string]> = [
    ['fitBgNbd', () => library.fitBgNbd([], { unit: 'week' }), 'no customer to fit'],
    ['fitModifiedBgNbd', () => library.fitModifiedBgNbd([], { unit: 'week' }), 'no customer to fit'],
    ['fitParetoNbd', () => library.fitParetoNbd([], { unit: 'week' }), 'no customer to fit'],
    [
      'fitGammaGamma',
      () => library.fitGammaGamma([{ frequency: 0, monetaryValue: 0 }]),
      'no customer with repeat purchases to fit',
    ],
    ['fitBgBb', () => library.fitBgBb([{ frequency: 1, recency: 1, periods: 2, count: 0 }]), 'no customer to fit'],
    [
      'fitShiftedBetaGeometric',
      () => library.fitShiftedBetaGeometric({ survivors: [0, 0, 0] }),
      'no customer to fit (the cohort size is 0)',
    ],
    [
      'fitShiftedBetaGeometric',
      () => library.fitShiftedBetaGeometric({ lifetimes: [{ periods: 3, churned: true, count: 0 }] }),
      'no customer to fit',
    ],
  ];

  it.each(cases)('%s says so', (fn, call, reason) => {
    expect(expectError(call, 'EMPTY_INPUT').message).toBe(`${fn}: ${reason}`);
  });
});
