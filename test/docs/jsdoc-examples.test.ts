// Runs every @example of the JSDoc comments in src/ against the built package and checks its `// =>` lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  jsdocExamples,
  loadLibrary,
  prepareSnippet,
  publicExports,
  repoPath,
  ROOT,
  runSnippet,
  typeScriptFiles,
  type JsdocExample,
} from './check-examples';

const examples: JsdocExample[] = typeScriptFiles(join(ROOT, 'src')).flatMap((path) =>
  jsdocExamples(repoPath(path), readFileSync(path, 'utf8')),
);

// Test names: "src/survey/nps.ts › npsInterval", with " #2" for a second example of the same declaration.
const seen = new Map<string, number>();
const named = examples.map((example) => {
  const base = `${example.file} › ${example.owner}`;
  const count = (seen.get(base) ?? 0) + 1;
  seen.set(base, count);
  return { example, name: count === 1 ? base : `${base} #${count}` };
});

describe('JSDoc @example blocks', () => {
  it('are found', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const { example, name } of named) {
    it(name, async () => {
      await runSnippet(example, { exportsInScope: true });
    });
  }
});

describe('the public API', () => {
  const exported = publicExports(join(ROOT, 'src', 'index.ts'));

  it('is fully present in the built package', async () => {
    const lib = await loadLibrary();
    const absent = exported.filter((e) => !(e.name in lib)).map((e) => e.name);
    expect(absent, 'exports of src/index.ts missing from dist/ (rebuild with `npm run build`)').toEqual([]);
  });

  it('has a checked @example for every exported function', () => {
    const checked = new Set<string>();
    for (const example of examples) {
      let checks = 0;
      try {
        checks = prepareSnippet(example).checks.length;
      } catch {
        // A broken example fails its own test; here it simply does not count.
      }
      if (checks > 0) checked.add(`${example.file}#${example.owner}`);
    }
    const unknown = exported.filter((e) => e.kind === 'unknown').map((e) => `${e.name} (${e.file})`);
    expect(unknown, 'exports whose declaration was not found').toEqual([]);
    const functions = exported.filter((e) => e.kind === 'function');
    expect(functions.length).toBeGreaterThan(0);
    const unchecked = functions.filter((e) => !checked.has(`${e.file}#${e.localName}`)).map((e) => e.name);
    expect(unchecked, 'exported functions without an @example that has a `// =>` check').toEqual([]);
  });
});
