import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext, runInThisContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import * as source from '../../src/index';

// Tests of the built package as a user receives it: `npm test` builds it first.
const root = fileURLToPath(new URL('../..', import.meta.url));
const esmPath = new URL('../../dist/index.js', import.meta.url);
const cjsPath = fileURLToPath(new URL('../../dist/index.cjs', import.meta.url));
const exportNames = Object.keys(source).sort();

describe('the built package', () => {
  it('exists (run `npm run build` first)', () => {
    expect(existsSync(esmPath)).toBe(true);
    expect(existsSync(cjsPath)).toBe(true);
  });

  it('imports as ESM with every export of the source', async () => {
    const esm = (await import(esmPath.href)) as typeof source;
    expect(Object.keys(esm).sort()).toEqual(exportNames);
    expect(esm.nps([10, 9, 0])).toBeCloseTo(100 / 3, 12);
    expect(() => esm.nps([11])).toThrow(esm.LoyaltyMetricsError);
  });

  it('requires as CommonJS with the same exports and results', () => {
    const require = createRequire(import.meta.url);
    const cjs = require(cjsPath) as typeof source;
    expect(Object.keys(cjs).sort()).toEqual(exportNames);
    expect(cjs.npsInterval({ promoters: 60, passives: 25, detractors: 15 }).low).toBeCloseTo(29.343, 3);
    expect(() => cjs.csat([])).toThrow(cjs.LoyaltyMetricsError);
  });

  it('recognises errors across the two copies with isLoyaltyMetricsError, where instanceof fails', async () => {
    const esm = (await import(esmPath.href)) as typeof source;
    const cjs = createRequire(import.meta.url)(cjsPath) as typeof source;
    const caught = (run: () => unknown): unknown => {
      try {
        run();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const fromCjs = caught(() => cjs.nps([11]));
    const fromEsm = caught(() => esm.nps([11]));
    expect(fromCjs instanceof esm.LoyaltyMetricsError).toBe(false);
    expect(fromEsm instanceof cjs.LoyaltyMetricsError).toBe(false);
    expect(esm.isLoyaltyMetricsError(fromCjs)).toBe(true);
    expect(cjs.isLoyaltyMetricsError(fromEsm)).toBe(true);
    // tallyBy counts a record whose key refuses its date as an invalid key, whichever copy the key calls.
    const answers = [
      { date: '2024-03-05', score: 9 },
      { date: '', score: 3 },
    ];
    for (const [tallies, keys] of [
      [cjs, esm],
      [esm, cjs],
    ] as const) {
      const groups = tallies.tallyBy(answers, {
        key: (d) => keys.periodOf(d.date, { period: 'month' }),
        value: (d) => d.score,
        invalid: 'skip',
      });
      expect(groups.invalidKeys).toBe(1);
      expect(groups.groups.map((group) => group.key)).toEqual(['2024-03']);
      const refused = caught(() =>
        tallies.tallyBy(answers, { key: (d) => keys.periodOf(d.date, { period: 'month' }), value: (d) => d.score }),
      );
      expect(tallies.isLoyaltyMetricsError(refused) && refused.details).toMatchObject({ index: 1, value: '' });
    }
  });

  it('resolves by its own name from both module systems in plain Node', () => {
    const esmOut = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "import { nps } from 'loyalty-metrics'; console.log(nps([10, 10, 0]))"],
      { cwd: root, encoding: 'utf8' },
    );
    const cjsOut = execFileSync(
      process.execPath,
      ['-e', "const { nps } = require('loyalty-metrics'); console.log(nps([10, 10, 0]))"],
      { cwd: root, encoding: 'utf8' },
    );
    expect(esmOut.trim()).toBe(cjsOut.trim());
    expect(Number(esmOut)).toBeCloseTo(100 / 3, 12);
  });

  it('has no runtime dependencies and imports no node: module', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(manifest.dependencies ?? {}).toEqual({});
    for (const file of ['dist/index.js', 'dist/index.cjs']) {
      expect(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')).not.toMatch(/['"]node:/);
    }
  });

  // A browser, worker or edge runtime has the ECMAScript built-ins and Intl, but none of Node's
  // globals (process, Buffer, require, timers). A fresh V8 context is such a runtime:
  // the CommonJS build runs there with `exports` as its only outside object.
  it('runs with the ECMAScript built-ins and Intl only, as in a browser or edge runtime', () => {
    const sandbox = createContext({});
    expect(runInContext('[typeof process, typeof Buffer, typeof require, typeof setTimeout]', sandbox)).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
    runInContext(`var exports = {}; (function (exports) {\n${readFileSync(cjsPath, 'utf8')}\n})(exports);`, sandbox);
    // One call per area, through the paths that use Intl, the seeded random draws and the optimizer.
    const workload = `(lib) => {
      const orders = [
        { customerId: 'a', date: '2024-01-03T23:30:00Z', amount: 20 },
        { customerId: 'a', date: '2024-02-10', amount: 35 },
        { customerId: 'a', date: '2024-05-01', amount: 25 },
        { customerId: 'b', date: '2024-01-20', amount: 50 },
        { customerId: 'c', date: '2024-03-05', amount: 10 },
        { customerId: 'c', date: '2024-03-19', amount: 15 },
      ];
      const summary = lib.summarizeTransactions(orders, { calibrationEnd: '2024-06-30', timeZone: 'America/New_York', unit: 'week' });
      let refused;
      try { lib.nps([11]); } catch (error) { refused = lib.isLoyaltyMetricsError(error) && error.code; }
      return JSON.stringify({
        nps: lib.nps(new Uint8Array([10, 9, 8, 0])),
        bootstrap: lib.npsInterval([10, 9, 9, 7, 3, 10, 0, 8], { method: 'bootstrap', resamples: 200, seed: 7 }),
        csat: lib.csatInterval([5, 4, 4, 3, 1], { method: 'clopper-pearson' }),
        week: lib.periodOf('2024-03-10T06:30:00Z', { period: 'week', timeZone: 'America/Los_Angeles' }),
        summary,
        cohorts: lib.cohortRetention(orders, { period: 'month', asOf: '2024-06-30', timeZone: 'Asia/Tokyo' }),
        sbg: lib.fitShiftedBetaGeometric({ survivors: [1000, 631, 468, 382, 326, 289, 262, 241] }).params,
        refused,
      });
    }`;
    const inSandbox = runInContext(`(${workload})(exports)`, sandbox) as string;
    const require = createRequire(import.meta.url);
    const inNode = (runInThisContext(workload) as (lib: typeof source) => string)(require(cjsPath) as typeof source);
    expect(inSandbox).toBe(inNode);
    expect(JSON.parse(inSandbox)).toMatchObject({ nps: 25, week: '2024-W10', refused: 'INVALID_VALUE' });
  });
});
