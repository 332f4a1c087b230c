/**
 * A tiny CSV reader for the example data sets: example code, not part of the library.
 *
 * It understands exactly what the bundled files use: a header row, one record per line,
 * cells separated by commas, no quoting and no commas inside cells. Each cell becomes
 *
 * - `null` when it is blank (a question the customer skipped: the library counts it as missing);
 * - a number when it is written as one (`7`, `-1`, `7.5`), whether or not it is a valid answer;
 * - the text itself otherwise (`N/A`, a date, a segment name).
 *
 * Nothing is cleaned or dropped here on purpose: deciding what is a valid answer is the
 * library's job, and it says how many answers it left out.
 */
import { readFileSync } from 'node:fs';

/** One cell of a CSV file: blank, numeric or text. */
export type Cell = number | string | null;

/** One record: the header names as keys. */
export type CsvRecord = Record<string, Cell>;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

function parseCell(text: string): Cell {
  const cell = text.trim();
  if (cell === '') return null;
  return NUMBER.test(cell) ? Number(cell) : cell;
}

/**
 * Reads a CSV file into records keyed by the header row.
 *
 * @param file - a path, or a `URL` such as `new URL('data/x.csv', import.meta.url)`
 * @returns one record per data line; blank lines are skipped
 */
export function readCsv(file: string | URL): CsvRecord[] {
  // Windows line endings are accepted too, since files get edited everywhere.
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const [header, ...rows] = lines;
  if (header === undefined) return [];
  const names = header.split(',').map((name) => name.trim());
  return rows.map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== names.length) {
      throw new Error(`${String(file)}: line ${i + 2} has ${cells.length} cells, the header has ${names.length}`);
    }
    return Object.fromEntries(names.map((name, k) => [name, parseCell(cells[k]!)]));
  });
}
