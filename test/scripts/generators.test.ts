/**
 * The synthetic data sets in examples/data/ are what their seeded generators write: each is
 * regenerated into a temporary file and compared byte for byte, as examples/data/README.md promises.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'loyalty-metrics-data-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('data generators', () => {
  it.each([
    ['scripts/generate-survey-data.ts', 'examples/data/survey-responses.csv'],
    ['scripts/generate-subscription-data.ts', 'examples/data/subscriptions.csv'],
  ])('%s writes %s byte for byte', { timeout: 30_000 }, async (script, dataFile) => {
    const target = join(scratch, dataFile.replace(/^.*\//, ''));
    await run(process.execPath, ['--import', 'tsx', script, target], { cwd: repoRoot });
    expect(readFileSync(target).equals(readFileSync(join(repoRoot, dataFile)))).toBe(true);
  });
});
