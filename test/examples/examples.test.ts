/**
 * Runs every example script and the demo report as a reader would, and compares what they
 * print with the committed output in __output__/, so any change in a result shows up in review.
 * The scripts import the built package: run `npm run build` first. Update the expected output
 * after an intended change with `npx vitest run test/examples -u`, and read the diff.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const examplesDir = new URL('../../examples/', import.meta.url);

// Every runnable script at the top of examples/ (helpers live in examples/lib/).
const scripts = readdirSync(examplesDir)
  .filter((file) => file.endsWith('.ts'))
  .sort();

describe('examples', () => {
  it('finds the example scripts and the built package', () => {
    expect(scripts).toContain('loyalty-report.ts');
    expect(existsSync(new URL('../../dist/index.js', import.meta.url)), 'dist/ is missing: run npm run build').toBe(
      true,
    );
  });

  it.each(scripts)('%s runs and prints the expected output', { timeout: 30_000 }, async (script) => {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `examples/${script}`], {
      cwd: repoRoot,
      // A fixed environment: no colours, and a time zone that must not leak into any result.
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', TZ: 'Pacific/Chatham' },
    });
    expect(stderr).toBe('');
    await expect(stdout).toMatchFileSnapshot(`./__output__/${script.replace(/\.ts$/, '.txt')}`);
  });
});
