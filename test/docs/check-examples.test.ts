// The checker behind the documentation tests: if it accepted wrong values, those tests would prove nothing.
import { describe, expect, it } from 'vitest';
import { compare, markdownSnippets, parseExpected, prepareSnippet, runSnippet, toleranceOf } from './check-examples';

const snippet = (code: string) => ({ file: 'example.ts', line: 1, language: 'ts' as const, code });

describe('the `// =>` checker', () => {
  it('compares numbers at the precision written', () => {
    expect(toleranceOf('29.35', 29.35)).toBeCloseTo(0.005, 15);
    expect(toleranceOf('0.6040', 0.604)).toBeCloseTo(0.00005, 15);
    expect(toleranceOf('1.5e-3', 0.0015)).toBeCloseTo(0.00005, 15);
    expect(toleranceOf('45', 45)).toBeCloseTo(45e-9, 20);
    expect(compare(29.343, parseExpected('29.34'))).toEqual([]);
    expect(compare(29.343, parseExpected('29.35'))).toHaveLength(1);
    expect(compare(0.65, parseExpected('0.6'))).toEqual([]);
    expect(compare(45.000001, parseExpected('45'))).toHaveLength(1);
    expect(compare(1e-17, parseExpected('0'))).toEqual([]);
    expect(compare(-100, parseExpected('-100'))).toEqual([]);
    expect(compare(NaN, parseExpected('NaN'))).toEqual([]);
    expect(compare(Infinity, parseExpected('-Infinity'))).toHaveLength(1);
  });

  it('compares only the keys written, arrays by length and element', () => {
    const expected = parseExpected("{ score: 45, low: 29.3, groups: [{ key: 'a' }] }");
    expect(compare({ score: 45, low: 29.34, extra: 1, groups: [{ key: 'a', n: 2 }] }, expected)).toEqual([]);
    expect(compare({ score: 45, low: 29.34, groups: [] }, expected)).toHaveLength(1);
    expect(compare({ score: 45, groups: [{ key: 'a' }] }, expected)).toEqual([expect.stringContaining('missing key')]);
    expect(compare([1, 2, 3], parseExpected('[1, 2]'))).toHaveLength(1);
    expect(compare('45', parseExpected('45'))).toHaveLength(1);
    expect(compare(null, parseExpected('null'))).toEqual([]);
  });

  it('accepts literals only', () => {
    expect(() => parseExpected('foo(1)')).toThrow(/not a literal/);
    expect(() => parseExpected('{ a: b }')).toThrow(/not a literal/);
    expect(() => parseExpected('')).toThrow(/not a valid literal/);
  });

  it('finds checks on the same line and on the next line', () => {
    const { checks } = prepareSnippet(snippet('const x = 2;\nx * 3 // => 6\nx + 1\n// => 3\nconst y = x; // => 2'));
    expect(checks.map((c) => [c.line, c.expression])).toEqual([
      [2, 'x * 3'],
      [4, 'x + 1'],
      [5, 'y'],
    ]);
  });

  it('refuses a check that follows no expression', () => {
    expect(() => prepareSnippet(snippet('const x = 1;\n\n// => 1'))).toThrow(/must follow an expression/);
    // A line starting with "(" continues the expression above (no semicolon): the check cannot attach.
    expect(() => prepareSnippet(snippet('Math.abs(-1) // => 1\n(2 + 2) // => 4'))).toThrow(/must follow/);
  });

  it('fails on a wrong value, a check that never ran, or an exception', async () => {
    await expect(runSnippet(snippet('nps([10, 9, 0]) // => 33.3'), { exportsInScope: true })).resolves.toBe(1);
    await expect(runSnippet(snippet('nps([10, 9, 0]) // => 34'), { exportsInScope: true })).rejects.toThrow(
      /example\.ts:1: nps\(\[10, 9, 0\]\) \/\/ => 34/,
    );
    await expect(runSnippet(snippet('if (false) {\n  1 // => 1\n}'), { exportsInScope: true })).rejects.toThrow(
      /never ran/,
    );
    await expect(runSnippet(snippet('nps([11]);'), { exportsInScope: true })).rejects.toThrow(/INVALID_VALUE|invalid/);
  });

  it('runs markdown snippets as isolated modules importing the package', async () => {
    const markdown = [
      '# Title',
      '```ts',
      "import { nps as score } from 'loyalty-metrics';",
      'score([10, 0]) // => 0',
      '```',
      '```ts',
      '// not run',
      "throw new Error('shown to readers, compiled, never run');",
      '```',
      '```sh',
      'npm test',
      '```',
    ].join('\n');
    const snippets = markdownSnippets('doc.md', markdown);
    expect(snippets.map((s) => [s.name, s.run])).toEqual([
      ['doc.md:3 (Title)', true],
      ['doc.md:7 (Title)', false],
    ]);
    await expect(runSnippet(snippets[0]!, { exportsInScope: false })).resolves.toBe(1);
    // Without the import, the package's exports are not in scope of a markdown snippet.
    await expect(runSnippet(snippet('nps([10])'), { exportsInScope: false })).rejects.toThrow(/nps is not defined/);
  });
});
