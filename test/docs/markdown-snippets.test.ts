// Runs the ```ts and ```js blocks of README.md and docs/*.md against the built package, each as an
// isolated module whose `import ... from 'loyalty-metrics'` gets the built dist/, checking `// =>` lines.
// A block whose first line is `// not run` is shown to readers but not run (snippet-types compiles it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { markdownFiles, markdownSnippets, repoPath, runSnippet } from './check-examples';

for (const path of markdownFiles()) {
  const file = repoPath(path);
  const snippets = markdownSnippets(file, readFileSync(path, 'utf8')).filter((snippet) => snippet.run);
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
