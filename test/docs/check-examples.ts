/**
 * Executed documentation: finds the code examples of the JSDoc comments and of the markdown guides,
 * turns each `// => value` comment into an assertion, and runs the example against the built package.
 *
 * An example is a TypeScript or JavaScript snippet. A check is written either after an expression on
 * the same line, `nps([10, 9, 3]) // => 33.3`, or alone on the line right after the expression:
 *
 *     tally([10, 9]).counts
 *     // => [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
 *
 * The expected value is a literal: a number, string, boolean, null, undefined, NaN, Infinity, an
 * array or an object. Numbers compare at the precision written: `29.34` accepts anything within
 * 0.005, `0.6042` within 0.00005; a number written without a decimal point (`45`, `1534`) must
 * match to 1e-9 relative (1e-9 absolute around zero). Objects compare only the keys written, arrays
 * element by element with the same length, both recursively with the same rules.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import ts from 'typescript';

/** The repository root (two folders above this file). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The package name that markdown snippets import. */
export const PACKAGE_NAME = 'loyalty-metrics';

/** A path relative to the repository root, with forward slashes, for test names and messages. */
export function repoPath(path: string): string {
  return relative(ROOT, path).split(sep).join('/');
}

/** The exports of the package as built into dist/. */
export type Library = Readonly<Record<string, unknown>>;

let library: Promise<Library> | undefined;

/** Imports the built package (dist/index.js) once. */
export function loadLibrary(): Promise<Library> {
  library ??= (async () => {
    const entry = join(ROOT, 'dist', 'index.js');
    try {
      return (await import(/* @vite-ignore */ pathToFileURL(entry).href)) as Library;
    } catch (error) {
      throw new Error(`cannot import the built package (${repoPath(entry)}): run \`npm run build\` first`, {
        cause: error,
      });
    }
  })();
  return library;
}

// ---------------------------------------------------------------------------------------------
// Expected values

/** An expected value, parsed from the literal after `// =>`. */
export type Expected =
  | { kind: 'number'; value: number; tolerance: number; text: string }
  | { kind: 'exact'; value: string | boolean | null | undefined }
  | { kind: 'array'; items: Expected[] }
  | { kind: 'object'; entries: Array<[string, Expected]> };

/**
 * How far an actual number may be from the one written: half a unit of the last decimal written
 * (29.35 -> 0.005, 1.5e-3 -> 0.00005), or 1e-9 relative for a number written without a decimal point.
 */
export function toleranceOf(text: string, value: number): number {
  if (!Number.isFinite(value)) return 0;
  const literal = text.replace(/_/g, '').toLowerCase();
  const decimal = /^(\d*)\.(\d*)(?:e([+-]?\d+))?$/.exec(literal);
  if (decimal === null) return 1e-9 * Math.max(1, Math.abs(value));
  const decimals = (decimal[2] ?? '').length - Number(decimal[3] ?? 0);
  return 5 / 10 ** (decimals + 1);
}

function parseLiteral(node: ts.Expression, text: string): Expected {
  const fail = (what: string): never => {
    throw new Error(`\`${text}\`: ${what} is not a literal (expected a number, string, array or object)`);
  };
  if (ts.isParenthesizedExpression(node)) return parseLiteral(node.expression, text);
  if (ts.isNumericLiteral(node)) {
    const value = Number(node.text);
    return { kind: 'number', value, tolerance: toleranceOf(node.getText(), value), text: node.getText() };
  }
  if (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand)) {
    const sign = node.operator === ts.SyntaxKind.MinusToken ? -1 : node.operator === ts.SyntaxKind.PlusToken ? 1 : 0;
    if (sign === 0) fail(node.getText());
    const value = sign * Number(node.operand.text);
    return { kind: 'number', value, tolerance: toleranceOf(node.operand.getText(), value), text: node.getText() };
  }
  if (ts.isPrefixUnaryExpression(node) && ts.isIdentifier(node.operand) && node.operand.text === 'Infinity') {
    if (node.operator === ts.SyntaxKind.MinusToken)
      return { kind: 'number', value: -Infinity, tolerance: 0, text: '-Infinity' };
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: 'exact', value: node.text };
  if (node.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'exact', value: true };
  if (node.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'exact', value: false };
  if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: 'exact', value: null };
  if (ts.isIdentifier(node)) {
    if (node.text === 'undefined') return { kind: 'exact', value: undefined };
    if (node.text === 'NaN') return { kind: 'number', value: NaN, tolerance: 0, text: 'NaN' };
    if (node.text === 'Infinity') return { kind: 'number', value: Infinity, tolerance: 0, text: 'Infinity' };
  }
  if (ts.isArrayLiteralExpression(node)) {
    return { kind: 'array', items: node.elements.map((element) => parseLiteral(element, text)) };
  }
  if (ts.isObjectLiteralExpression(node)) {
    const entries = node.properties.map((property): [string, Expected] => {
      if (!ts.isPropertyAssignment(property)) return fail(property.getText());
      const { name } = property;
      if (!(ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)))
        return fail(name.getText());
      return [name.text, parseLiteral(property.initializer, text)];
    });
    return { kind: 'object', entries };
  }
  return fail(node.getText());
}

/** Parses the text after `// =>` into an expected value; throws on anything but a literal. */
export function parseExpected(text: string): Expected {
  const wrapped = `(${text}\n)`;
  const { diagnostics = [] } = ts.transpileModule(wrapped, { reportDiagnostics: true });
  const source = ts.createSourceFile('expected.ts', wrapped, ts.ScriptTarget.Latest, true);
  const [statement, ...rest] = source.statements;
  if (
    text.trim() === '' ||
    diagnostics.length > 0 ||
    rest.length > 0 ||
    !statement ||
    !ts.isExpressionStatement(statement)
  ) {
    throw new Error(`\`${text.trim()}\` is not a valid literal`);
  }
  return parseLiteral(statement.expression, text.trim());
}

const show = (value: unknown): string => inspect(value, { depth: 4, breakLength: Infinity, maxArrayLength: 20 });

/**
 * Compares an actual value with an expected one; returns what differs (empty when it matches),
 * each line naming the path inside the value.
 */
export function compare(actual: unknown, expected: Expected, path = ''): string[] {
  const at = path === '' ? '' : ` at ${path}`;
  switch (expected.kind) {
    case 'number': {
      if (typeof actual !== 'number') return [`expected a number${at}, got ${show(actual)}`];
      const want = expected.value;
      if (Number.isNaN(want)) return Number.isNaN(actual) ? [] : [`expected NaN${at}, got ${show(actual)}`];
      if (!Number.isFinite(want)) return actual === want ? [] : [`expected ${expected.text}${at}, got ${show(actual)}`];
      // The slack absorbs binary rounding at the edge of the written precision (0.65 vs 0.6 ± 0.05).
      const ok = Math.abs(actual - want) <= expected.tolerance * (1 + 1e-9) + 1e-15;
      return ok
        ? []
        : [`expected ${expected.text} (± ${Number(expected.tolerance.toPrecision(3))})${at}, got ${show(actual)}`];
    }
    case 'exact':
      return Object.is(actual, expected.value) ? [] : [`expected ${show(expected.value)}${at}, got ${show(actual)}`];
    case 'array': {
      const items = Array.isArray(actual) ? actual : ArrayBuffer.isView(actual) ? Array.from(actual as never) : null;
      if (items === null) return [`expected an array${at}, got ${show(actual)}`];
      if (items.length !== expected.items.length) {
        return [`expected ${expected.items.length} elements${at}, got ${items.length}: ${show(actual)}`];
      }
      return expected.items.flatMap((item, i) => compare(items[i], item, `${path}[${i}]`));
    }
    case 'object': {
      if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
        return [`expected an object${at}, got ${show(actual)}`];
      }
      return expected.entries.flatMap(([key, value]) => {
        const keyPath = `${path}.${key}`;
        if (!(key in actual)) return [`missing key ${keyPath} in ${show(actual)}`];
        return compare((actual as Record<string, unknown>)[key], value, keyPath);
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Snippets

/** A code example found in a source or markdown file. */
export interface Snippet {
  /** File it comes from, relative to the repository root. */
  file: string;
  /** Line of the file that holds the first line of `code` (1-based). */
  line: number;
  /** `ts` or `js`. */
  language: 'ts' | 'js';
  /** The code. */
  code: string;
}

/** One `// =>` assertion of a snippet. */
export interface Check {
  /** Line in the snippet's file. */
  line: number;
  /** The expression whose value is checked, as written. */
  expression: string;
  /** The expected literal, as written. */
  expectedText: string;
  /** The expected literal, parsed. */
  expected: Expected;
}

/** A snippet ready to run: JavaScript with its checks wired to `__check`. */
export interface PreparedSnippet {
  javascript: string;
  checks: Check[];
}

const CHECK_COMMENT = /^\/\/\s*=>(.*)$/;

function syntaxErrors(snippet: Snippet, code: string): string[] {
  const output = ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    fileName: `snippet.${snippet.language}`,
    reportDiagnostics: true,
  });
  return (output.diagnostics ?? []).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const line =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
        : 0;
    return `${snippet.file}:${snippet.line + line}: ${message}`;
  });
}

// Statements a check can follow: an expression, or a declaration of one variable (its value is checked).
type Checkable = ts.ExpressionStatement | ts.VariableStatement;

/**
 * Finds the `// =>` comments of a snippet and rewrites each checked statement into a call
 * `__check(i, value)`, then transpiles TypeScript to JavaScript and turns `import` declarations
 * into `await __import(...)`, so that the snippet runs as the body of an async function.
 */
export function prepareSnippet(snippet: Snippet): PreparedSnippet {
  const { code } = snippet;
  const errors = syntaxErrors(snippet, code);
  if (errors.length > 0) throw new Error(`syntax error in the example:\n${errors.join('\n')}`);
  const kind = snippet.language === 'ts' ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(`snippet.${snippet.language}`, code, ts.ScriptTarget.Latest, true, kind);
  const lineOf = (position: number): number => source.getLineAndCharacterOfPosition(position).line;

  const comments = new Map<number, ts.CommentRange>();
  const statements: Checkable[] = [];
  const visit = (node: ts.Node): void => {
    for (const range of [
      ...(ts.getLeadingCommentRanges(code, node.pos) ?? []),
      ...(ts.getTrailingCommentRanges(code, node.end) ?? []),
    ]) {
      comments.set(range.pos, range);
    }
    if (ts.isExpressionStatement(node) || ts.isVariableStatement(node)) statements.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);

  const checks: Check[] = [];
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const sorted = [...comments.values()].sort((a, b) => a.pos - b.pos);
  for (const comment of sorted) {
    if (comment.kind !== ts.SyntaxKind.SingleLineCommentTrivia) continue;
    const match = CHECK_COMMENT.exec(code.slice(comment.pos, comment.end));
    if (match === null) continue;
    const line = snippet.line + lineOf(comment.pos);
    const where = `${snippet.file}:${line}`;
    // The checked statement ends right before the comment: on its line, or on the line above it.
    const statement = statements
      .filter((s) => s.end <= comment.pos && code.slice(s.end, comment.pos).trim() === '')
      .sort((a, b) => b.end - a.end || a.getStart() - b.getStart())[0];
    const gap = statement ? lineOf(comment.pos) - lineOf(statement.end) : -1;
    if (statement === undefined || gap > 1) {
      throw new Error(`${where}: \`// =>\` must follow an expression on its line or on the line above`);
    }
    let expected: Expected;
    try {
      expected = parseExpected(match[1] ?? '');
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
    }
    const index = checks.length;
    if (ts.isExpressionStatement(statement)) {
      const expression = statement.expression.getText();
      checks.push({ line, expression, expectedText: (match[1] ?? '').trim(), expected });
      edits.push({ start: statement.getStart(), end: statement.end, text: `__check(${index}, (${expression}));` });
    } else {
      const [declaration, ...others] = statement.declarationList.declarations;
      if (declaration === undefined || others.length > 0 || !ts.isIdentifier(declaration.name)) {
        throw new Error(`${where}: \`// =>\` after a declaration needs exactly one variable`);
      }
      const name = declaration.name.text;
      checks.push({ line, expression: name, expectedText: (match[1] ?? '').trim(), expected });
      edits.push({ start: statement.end, end: statement.end, text: ` __check(${index}, ${name});` });
    }
  }

  let rewritten = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    rewritten = rewritten.slice(0, edit.start) + edit.text + rewritten.slice(edit.end);
  }
  const { outputText } = ts.transpileModule(rewritten, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    fileName: `snippet.${snippet.language}`,
  });
  return { javascript: rewriteImports(outputText, snippet), checks };
}

/** Turns static `import` declarations into `await __import(specifier)`; refuses `export`. */
function rewriteImports(javascript: string, snippet: Snippet): string {
  const source = ts.createSourceFile('snippet.js', javascript, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      if (statement.getText() === 'export {};') {
        edits.push({ start: statement.getStart(), end: statement.end, text: '' });
        continue;
      }
      throw new Error(`${snippet.file}:${snippet.line}: an example may import but not export`);
    }
    if (!ts.isImportDeclaration(statement)) continue;
    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    const load = `await __import(${JSON.stringify(specifier)})`;
    const clause = statement.importClause;
    const parts: string[] = [];
    if (clause === undefined) parts.push(`${load};`);
    else {
      const names: string[] = [];
      if (clause.name) names.push(`default: ${clause.name.text}`);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) parts.push(`const ${bindings.name.text} = ${load};`);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          const imported = element.propertyName ? element.propertyName.getText() : element.name.text;
          names.push(imported === element.name.text ? imported : `${imported}: ${element.name.text}`);
        }
      }
      if (names.length > 0) parts.push(`const { ${names.join(', ')} } = ${load};`);
    }
    edits.push({ start: statement.getStart(), end: statement.end, text: parts.join(' ') });
  }
  let rewritten = javascript;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    rewritten = rewritten.slice(0, edit.start) + edit.text + rewritten.slice(edit.end);
  }
  return rewritten;
}

type SnippetBody = (...args: unknown[]) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (...args: string[]) => SnippetBody;

/** How a snippet sees the library. */
export interface RunOptions {
  /**
   * `true` (JSDoc examples): every export of the package is in scope without an import.
   * `false` (markdown snippets): the snippet imports what it uses from `loyalty-metrics`.
   */
  exportsInScope: boolean;
}

/**
 * Runs a snippet in isolation (its own function scope, strict mode) against the built package,
 * checking every `// =>` line. Throws an error listing every failed check, every check that never
 * ran, or what the snippet threw. Returns the number of checks.
 */
export async function runSnippet(snippet: Snippet, options: RunOptions): Promise<number> {
  const lib = await loadLibrary();
  const { javascript, checks } = prepareSnippet(snippet);
  const failures: string[] = [];
  const ran = new Set<number>();
  const check = (index: number, actual: unknown): void => {
    const { line, expression, expectedText, expected } = checks[index]!;
    ran.add(index);
    const differences = compare(actual, expected);
    if (differences.length > 0) {
      failures.push(`${snippet.file}:${line}: ${expression} // => ${expectedText}\n  ${differences.join('\n  ')}`);
    }
  };
  const importModule = (specifier: string): Promise<unknown> =>
    specifier === PACKAGE_NAME ? Promise.resolve(lib) : import(/* @vite-ignore */ specifier);
  const names = options.exportsInScope
    ? Object.keys(lib).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name))
    : [];
  const prelude = names.length > 0 ? `const { ${names.join(', ')} } = __lib;\n` : '';
  // The inner block lets a snippet declare a name that is also an export without a clash.
  const body = `'use strict';\n${prelude}{\n${javascript}\n}`;
  try {
    await new AsyncFunction('__lib', '__import', '__check', body)(lib, importModule, check);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    failures.push(`${snippet.file}:${snippet.line}: the example threw ${message}`);
  }
  checks.forEach((c, index) => {
    if (!ran.has(index)) failures.push(`${snippet.file}:${c.line}: this check never ran: ${c.expression}`);
  });
  if (failures.length > 0) throw new Error(failures.join('\n'));
  return checks.length;
}

// ---------------------------------------------------------------------------------------------
// Finding examples

/** An `@example` block of a JSDoc comment, with the declaration it documents. */
export interface JsdocExample extends Snippet {
  /** Name of the documented declaration (`Class.member` for members). */
  owner: string;
}

/** Every `.ts` file under `dir` (declarations excluded), sorted. */
export function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => join(dir, name))
    .sort();
}

// The named declarations of a file, in order, to find which one a JSDoc comment documents.
function declarations(source: ts.SourceFile): Array<{ start: number; name: string }> {
  const found: Array<{ start: number; name: string }> = [];
  const visit = (node: ts.Node, owner: string): void => {
    let name: string | undefined;
    if (ts.isVariableStatement(node)) {
      const first = node.declarationList.declarations[0];
      if (first && ts.isIdentifier(first.name)) name = first.name.text;
    } else if (ts.isConstructorDeclaration(node)) {
      name = 'constructor';
    } else if (
      ts.isFunctionDeclaration(node) ||
      ts.isClassDeclaration(node) ||
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isEnumDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isPropertyDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isPropertySignature(node) ||
      ts.isMethodSignature(node)
    ) {
      name = node.name?.getText(source);
    }
    const full = name === undefined ? undefined : owner === '' ? name : `${owner}.${name}`;
    if (full !== undefined) found.push({ start: node.getStart(source), name: full });
    const container = ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node);
    ts.forEachChild(node, (child) => visit(child, container && full !== undefined ? full : owner));
  };
  ts.forEachChild(source, (child) => visit(child, ''));
  return found.sort((a, b) => a.start - b.start);
}

/** Extracts the `@example` blocks of the JSDoc comments of a TypeScript source. */
export function jsdocExamples(file: string, text: string): JsdocExample[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const named = declarations(source);
  const examples: JsdocExample[] = [];
  for (const comment of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const commentEnd = comment.index + comment[0].length;
    const owner = named.find((d) => d.start >= commentEnd)?.name ?? '(file)';
    const firstLine = text.slice(0, comment.index).split('\n').length;
    const lines = (comment[1] ?? '').split('\n').map((line) => line.replace(/^\s*\*(?: |$)/, ''));
    let current: { line: number; code: string[] } | undefined;
    const finish = (): void => {
      if (current === undefined) return;
      let { code } = current;
      let { line } = current;
      // Drop blank lines around the code and an optional markdown fence.
      while (code.length > 0 && code[0]!.trim() === '') [code, line] = [code.slice(1), line + 1];
      while (code.length > 0 && code[code.length - 1]!.trim() === '') code = code.slice(0, -1);
      if (code.length > 0 && /^\s*```/.test(code[0]!)) [code, line] = [code.slice(1), line + 1];
      if (code.length > 0 && /^\s*```\s*$/.test(code[code.length - 1]!)) code = code.slice(0, -1);
      examples.push({ file, line, language: 'ts', code: code.join('\n'), owner });
      current = undefined;
    };
    lines.forEach((line, i) => {
      const tag = /^\s*@(\w+)/.exec(line);
      if (tag) {
        finish();
        // Text after `@example` on its own line is a caption, not code.
        if (tag[1] === 'example') current = { line: firstLine + i + 1, code: [] };
      } else if (current) {
        current.code.push(line.replace(/\s+$/, ''));
      }
    });
    finish();
  }
  return examples;
}

/** A fenced code block of a markdown file. */
export interface MarkdownBlock {
  /** Info string's first word, lower-cased (`ts`, `sh`, ...; empty when none). */
  info: string;
  /** Line of the first line of code (1-based). */
  line: number;
  /** The code, de-indented to the fence. */
  code: string;
  /** The nearest heading above the block. */
  heading: string;
}

/** Extracts the fenced code blocks (``` or ~~~) of a markdown text. */
export function markdownBlocks(text: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let heading = '';
  let open: { fence: string; indent: number; info: string; line: number; code: string[] } | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (open === undefined) {
      const start = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/.exec(line);
      if (start) {
        open = { fence: start[2]!, indent: start[1]!.length, info: start[3]!.toLowerCase(), line: i + 2, code: [] };
      } else if (/^#{1,6}\s/.test(line)) {
        heading = line.replace(/^#+\s*/, '').trim();
      }
      return;
    }
    const close = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
    if (close && close[1]![0] === open.fence[0] && close[1]!.length >= open.fence.length) {
      blocks.push({ info: open.info, line: open.line, code: open.code.join('\n'), heading });
      open = undefined;
      return;
    }
    const indent = /^ */.exec(line)![0].length;
    open.code.push(line.slice(Math.min(indent, open.indent)));
  });
  return blocks;
}

const RUNNABLE: Record<string, 'ts' | 'js'> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js' };

/** README.md and the guides in docs/, the markdown a reader follows. */
export function markdownFiles(): string[] {
  const docs = join(ROOT, 'docs');
  const guides = existsSync(docs)
    ? readdirSync(docs)
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => join(docs, name))
    : [];
  return [join(ROOT, 'README.md'), ...guides];
}

/**
 * The code snippets of a markdown file: its ```ts and ```js blocks, each with a readable test name.
 * A block whose first line is `// not run` (one that reads a data file of a clone and shows its
 * printed output) has `run: false`: it is compiled but not run.
 */
export function markdownSnippets(file: string, text: string): Array<Snippet & { name: string; run: boolean }> {
  return markdownBlocks(text).flatMap((block) => {
    const language = RUNNABLE[block.info];
    if (language === undefined) return [];
    const name = `${file}:${block.line}${block.heading ? ` (${block.heading})` : ''}`;
    const run = block.code.split('\n')[0]!.trim() !== '// not run';
    return [{ file, line: block.line, language, code: block.code, name, run }];
  });
}

// ---------------------------------------------------------------------------------------------
// The public API

/** A value export of the public entry point, traced to its declaration. */
export interface PublicExport {
  /** Name under which the package exports it. */
  name: string;
  /** Name of the declaration in its file. */
  localName: string;
  /** File that declares it, relative to the repository root. */
  file: string;
  /** What the declaration is. */
  kind: 'function' | 'class' | 'value' | 'unknown';
}

/** The value (non-type) exports of an entry point made only of `export { ... } from` lines. */
export function publicExports(entry: string): PublicExport[] {
  const source = ts.createSourceFile(entry, readFileSync(entry, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: PublicExport[] = [];
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || statement.isTypeOnly) continue;
    const specifier = statement.moduleSpecifier;
    const clause = statement.exportClause;
    if (!specifier || !ts.isStringLiteral(specifier) || !clause || !ts.isNamedExports(clause)) {
      throw new Error(`${repoPath(entry)}: only \`export { ... } from './file'\` is supported: ${statement.getText()}`);
    }
    const base = join(dirname(entry), specifier.text);
    const candidates = [`${base}.ts`, join(base, 'index.ts'), base];
    const file = candidates.find((path) => existsSync(path) && statSync(path).isFile());
    const declared = file ? ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true) : null;
    for (const element of clause.elements) {
      if (element.isTypeOnly) continue;
      const localName = (element.propertyName ?? element.name).getText();
      found.push({
        name: element.name.getText(),
        localName,
        file: repoPath(file ?? base),
        kind: declared ? kindOf(declared, localName) : 'unknown',
      });
    }
  }
  return found;
}

function kindOf(source: ts.SourceFile, name: string): PublicExport['kind'] {
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return 'function';
    if (ts.isClassDeclaration(statement) && statement.name?.text === name) return 'class';
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name) continue;
        const init = declaration.initializer;
        return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? 'function' : 'value';
      }
    }
  }
  return 'unknown';
}
