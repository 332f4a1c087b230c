import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
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
});
