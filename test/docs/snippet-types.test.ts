// Type-checks every TypeScript example a reader may copy (the ```ts blocks of README.md and docs/*.md,
// and the JSDoc @example blocks of src/) against the built declarations, with the strictest flags
// a user is likely to have, so that an example which runs but does not compile is caught.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  jsdocExamples,
  markdownFiles,
  markdownSnippets,
  PACKAGE_NAME,
  publicExports,
  repoPath,
  ROOT,
  typeScriptFiles,
  type Snippet,
} from './check-examples';

// JSDoc examples use the exports without importing them: the virtual file imports them all.
const exportNames = publicExports(join(ROOT, 'src', 'index.ts')).map((entry) => entry.name);
const jsdocHeader = `import { ${exportNames.join(', ')} } from '${PACKAGE_NAME}';\n`;

interface Source {
  name: string;
  snippet: Snippet;
  /** Path of the virtual file, inside the package so that its name resolves to the built dist/. */
  path: string;
  header: string;
}

const sources: Source[] = [
  ...markdownFiles().flatMap((path) => markdownSnippets(repoPath(path), readFileSync(path, 'utf8'))),
  ...typeScriptFiles(join(ROOT, 'src')).flatMap((path) =>
    jsdocExamples(repoPath(path), readFileSync(path, 'utf8')).map((example) => ({
      ...example,
      name: `${example.file} › ${example.owner}`,
    })),
  ),
]
  .filter((snippet) => snippet.language === 'ts')
  .map((snippet, k) => ({
    name: snippet.name,
    snippet,
    path: join(ROOT, '.snippet-types', `snippet-${k}.ts`),
    header: snippet.file.startsWith('src/') ? jsdocHeader : '',
  }));

const virtual = new Map(sources.map((source) => [source.path, `${source.header}${source.snippet.code}\nexport {};\n`]));

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  skipLibCheck: true,
  // A reader runs the guides in Node, with its types: a snippet may read a data file with node:fs.
  types: ['node'],
};
const host = ts.createCompilerHost(options);
const readFile = host.readFile.bind(host);
const fileExists = host.fileExists.bind(host);
const getSourceFile = host.getSourceFile.bind(host);
host.readFile = (path) => virtual.get(path) ?? readFile(path);
host.fileExists = (path) => virtual.has(path) || fileExists(path);
host.getSourceFile = (path, language, ...rest) => {
  const text = virtual.get(path);
  return text === undefined ? getSourceFile(path, language, ...rest) : ts.createSourceFile(path, text, language);
};
const program = ts.createProgram([...virtual.keys()], options, host);

// Diagnostics of one snippet, as "file:line: message" with the line of the document.
function problems(source: Source): string[] {
  const file = program.getSourceFile(source.path);
  if (file === undefined) return [`${source.name}: not compiled`];
  const headerLines = source.header === '' ? 0 : 1;
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((diagnostic) => {
    const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    return `${source.snippet.file}:${source.snippet.line + line - headerLines}: ${message}`;
  });
}

describe('TypeScript examples compile with strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess', () => {
  it('are found', () => {
    expect(sources.length).toBeGreaterThan(100);
  });

  for (const source of sources) {
    it(source.name, () => {
      expect(problems(source)).toEqual([]);
    });
  }
});
