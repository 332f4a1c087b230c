import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// `npm ci` refuses a lock that lacks any optional dependency of a locked package; the registry this
// project is built against cannot supply other platforms' native packages, so
// scripts/complete-lockfile.mjs adds them. This test fails when a lock was regenerated without it.
describe('package-lock.json', () => {
  it('records every optional dependency of every locked package', () => {
    const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
      packages: Record<string, { optionalDependencies?: Record<string, string> }>;
    };
    const missing: string[] = [];
    for (const [location, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        const key = `node_modules/${name}`;
        if (!lock.packages[key] && !lock.packages[`${location}/${key}`]) missing.push(`${name} (of ${location})`);
      }
    }
    expect(missing, 'run `node scripts/complete-lockfile.mjs` after `npm install`').toEqual([]);
  });
});
