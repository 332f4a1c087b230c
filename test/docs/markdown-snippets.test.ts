// Runs the ```ts and ```js blocks of README.md and docs/*.md against the built package, each as an
// isolated module whose `import ... from 'loyalty-metrics'` gets the built dist/, checking `// =>` lines.
// A block whose first line is `// not run` is shown to readers but not run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownSnippets, repoPath, ROOT, runSnippet } from './check-examples';

const docs = join(ROOT, 'docs');
const files = [
  join(ROOT, 'README.md'),
  ...(existsSync(docs)
    ? readdirSync(docs)
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => join(docs, name))
    : []),
];

for (const path of files) {
  const file = repoPath(path);
  const snippets = markdownSnippets(file, readFileSync(path, 'utf8'));
  describe(file, () => {
    if (snippets.length === 0) {
      it('has no runnable snippet', () => {
        expect(snippets).toEqual([]);
      });
    }
    for (const snippet of snippets) {
      it(snippet.name, async () => {
        await runSnippet(snippet, { exportsInScope: false });
      });
    }
  });
}
