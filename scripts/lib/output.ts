/** Where the data generators in scripts/ write. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Writes a generated data set to the path given as the script's first argument, or else to its
 * place in examples/data/ (a test regenerates each data set elsewhere and compares the bytes).
 */
export function writeDataSet(defaultFile: URL, csv: string, summary: string): void {
  const target = process.argv[2] ?? fileURLToPath(defaultFile);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, csv);
  console.log(`wrote ${summary} to ${relative(process.cwd(), target)}`);
}
