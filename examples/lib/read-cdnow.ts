/**
 * A reader for the CDNOW transaction log bundled in examples/data/: example code, not part of the library.
 *
 * `CDNOW_sample.txt` is the 1/10 sample of the CDNOW cohort of Fader & Hardie (customers whose first
 * purchase was in the first quarter of 1997), as shipped by the Python library lifetimes; see
 * examples/data/README.md for its origin and attribution. Each line is one transaction, fields separated
 * by whitespace, no header, Windows line endings:
 *
 *   master customer id, sample customer id (1..2357), date YYYYMMDD, number of CDs, dollar value
 *
 * Each line becomes a record with the field names the library reads by default (`customerId`, `date`,
 * `amount`), so it can be passed to `summarizeTransactions`, `rfm`, `cohortRetention`, ... without
 * accessors. The date is rewritten as `YYYY-MM-DD`, a calendar day (read in UTC by default).
 */
import { readFileSync } from 'node:fs';

/** One CDNOW transaction. */
export interface CdnowTransaction {
  /** Sample customer id, 1..2357. */
  customerId: number;
  /** Day of the purchase, `YYYY-MM-DD`. */
  date: string;
  /** Number of CDs bought. */
  cds: number;
  /** Dollar value of the purchase. */
  amount: number;
}

/** The bundled 1/10 sample: 6,919 transactions of 2,357 customers, 1997-01-01 to 1998-06-30. */
export const CDNOW_SAMPLE = new URL('../data/CDNOW_sample.txt', import.meta.url);

/** Path of the sample as the reports print it (relative to the repository root). */
export const CDNOW_SAMPLE_NAME = 'examples/data/CDNOW_sample.txt';

const LINE = /^\s*\d+\s+(\d+)\s+(\d{4})(\d{2})(\d{2})\s+(\d+)\s+(\d+(?:\.\d+)?)\s*$/;

/**
 * Reads a CDNOW transaction file (by default the bundled sample).
 *
 * @param file - a path, or a `URL` such as `new URL('data/x.txt', import.meta.url)`
 * @returns one record per non-blank line, in file order
 * @throws Error naming the line when a line does not have the five fields
 */
export function readCdnow(file: string | URL = CDNOW_SAMPLE): CdnowTransaction[] {
  const records: CdnowTransaction[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const fields = LINE.exec(line);
      if (fields === null) throw new Error(`${String(file)}: line ${i + 1} is not a CDNOW transaction: ${line}`);
      const [, customer, year, month, day, cds, amount] = fields;
      records.push({
        customerId: Number(customer),
        date: `${year}-${month}-${day}`,
        cds: Number(cds),
        amount: Number(amount),
      });
    });
  return records;
}
