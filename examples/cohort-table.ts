/**
 * A monthly cohort retention table on the CDNOW sample: customers grouped by the month of their
 * first purchase, and the share of each cohort that buys again k months later.
 *
 *   npm run build && npx tsx examples/cohort-table.ts
 */
import { cohortRetention } from 'loyalty-metrics';
import { readCdnow } from './lib/read-cdnow.ts';

const transactions = readCdnow(); // any dated activity works: orders here
const months = Array.from({ length: 13 }, (_, k) => k); // month 0 (the first purchase) to 12
const cell = (rate: number | null | undefined): string =>
  (rate === null || rate === undefined ? '-' : (100 * rate).toFixed(1)).padStart(6);
const print = (label: string, rates: readonly (number | null)[]): void =>
  console.log(label.padEnd(9) + months.map((k) => (k < rates.length ? cell(rates[k]) : '')).join(''));

// 'classic' (the default): bought in exactly month k after the cohort's month. asOf is required, so
// the table does not change with the day it is computed.
const classic = cohortRetention(transactions, { period: 'month', asOf: '1998-06-30' });
console.log('classic retention, % of the cohort');
console.log('cohort   ' + months.map((k) => String(k).padStart(6)).join(''));
for (const cohort of classic.cohorts) print(cohort.cohort, cohort.rates);
print('average', classic.average); // weighted by cohort size
console.log('cohort sizes:', classic.cohorts.map((c) => `${c.cohort} ${c.size}`).join(', '));

// 'unbounded': bought in month k or any later month. It never rises with k.
const unbounded = cohortRetention(transactions, { period: 'month', asOf: '1998-06-30', mode: 'unbounded' });
console.log('unbounded retention, % of all customers');
print('average', unbounded.average);

// A month that is not complete on asOf is null, never a partial count: as of 1997-06-15, June is
// left out (the columns end in May) and the March cohort has three complete months.
const early = cohortRetention(transactions, { period: 'month', asOf: '1997-06-15' });
console.log('classic retention as of 1997-06-15, %');
for (const cohort of early.cohorts) print(cohort.cohort, cohort.rates);
