import { readFileSync } from 'node:fs';

// The CDNOW data shipped in examples/data/ (see examples/data/README.md for origin and licence).
const dataFile = (name: string): string =>
  readFileSync(new URL(`../../examples/data/${name}`, import.meta.url), 'utf8');

/** One CDNOW transaction: sample customer id (1..2357), date YYYYMMDD, dollar value. */
export interface CdnowTransaction {
  customerId: number;
  date: string;
  amount: number;
}

/** The 6,919 transactions of the 1/10 CDNOW sample (whitespace-separated, CRLF, no header). */
export function cdnowSample(): CdnowTransaction[] {
  return dataFile('CDNOW_sample.txt')
    .trim()
    .split(/\r?\n/)
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      return { customerId: Number(fields[1]), date: fields[2]!, amount: Number(fields[4]) };
    });
}

/** Rows of a CSV file with a header, as numbers. */
export function numericCsv(name: string): number[][] {
  return dataFile(name)
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(',').map(Number));
}
