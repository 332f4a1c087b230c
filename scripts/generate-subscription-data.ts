/**
 * Generates examples/data/subscriptions.csv: a SYNTHETIC subscription log of a made-up software
 * business, for the demo report. No row in it comes from a real customer.
 *
 * Regenerate (the output is the same byte for byte, because the generator is seeded):
 *
 *   npx tsx scripts/generate-subscription-data.ts
 *
 * (or with a path as argument, to write the file there instead).
 *
 * What is in it, on purpose:
 * - customers who sign up from January 2024 to December 2025, more each month, on three monthly
 *   plans; the log is cut at 2026-01-01, so later ends are not known yet and stay blank;
 * - each customer has their own monthly chance of cancelling at a renewal, drawn once from a beta
 *   distribution of their sign-up plan, as the shifted-beta-geometric model assumes: the
 *   customers who stay longest are the least likely to leave, so churn falls with tenure;
 * - Starter's price went up on 2025-09-01: Starter renewals in September and October 2025 are
 *   cancelled more often, so the report has a real rise in churn to test;
 * - upgrades (Starter to Growth, Growth to Enterprise): the old subscription ends on the day the
 *   new one starts, which is no departure;
 * - customers who cancel and come back with a new subscription, on a random day of the month 2 to
 *   6 months after their end (if that is still in the log).
 */
import { betaDraw, seededRandom, type UniformSource } from '../src/stats/random.ts';
import { writeDataSet } from './lib/output.ts';
import { pick } from './lib/pick.ts';

/** Changing the seed changes every row; the README beside the data names it. */
const SEED = 2026;
const FIRST_MONTH = { year: 2024, month: 1 };
const MONTHS = 24;
/**
 * The last day of the log, the first of 2026, so that the status of every customer on that day
 * is known and monthly windows of 2025 can run to it: what happens later is unknown.
 */
const DATA_END = '2026-01-01';
/** Sign-ups in the first month, and how many more each month after. */
const SIGNUPS = { first: 40, growth: 2 };

const OUTPUT = new URL('../examples/data/subscriptions.csv', import.meta.url);

interface Plan {
  name: string;
  /** Share of the sign-ups. */
  share: number;
  /** Beta(a, b) of a customer's chance of cancelling at a monthly renewal: mean a / (a + b). */
  churn: { a: number; b: number };
  /** Chance of moving to the next plan at a renewal. */
  upgrade: number;
}

// Mean monthly churn about 10% (Starter), 6% (Growth) and 3% (Enterprise).
const PLANS: Plan[] = [
  { name: 'Starter', share: 0.6, churn: { a: 0.9, b: 8 }, upgrade: 0.015 },
  { name: 'Growth', share: 0.3, churn: { a: 1.2, b: 18 }, upgrade: 0.005 },
  { name: 'Enterprise', share: 0.1, churn: { a: 1.5, b: 48 }, upgrade: 0 },
];

/** Starter renewals in these months (after the price rise) are this much more likely to cancel. */
const PRICE_RISE = { plan: 'Starter', months: ['2025-09', '2025-10'], factor: 1.8 };
/** Chance that a customer who cancelled comes back, and in which month after the end (uniform). */
const COMEBACK = { chance: 0.12, months: { min: 2, max: 6 } };

// Calendar arithmetic on UTC day numbers (days since 1970-01-01).
const DAY_MS = 86_400_000;
const dayOf = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day) / DAY_MS;
const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
const dataEnd = Date.parse(DATA_END) / DAY_MS;

/** The renewal `months` after `start`, on the same day of the month (the month's last day if shorter). */
function addMonths(start: number, months: number): number {
  const date = new Date(start * DAY_MS);
  const total = date.getUTCMonth() + months;
  const year = date.getUTCFullYear() + Math.floor(total / 12);
  const month = (total % 12) + 1;
  return dayOf(year, month, Math.min(date.getUTCDate(), daysInMonth(year, month)));
}

interface Row {
  customer: number;
  plan: string;
  start: number;
  /** First day without service; undefined while active at the end of the log. */
  end: number | undefined;
}

/** One customer's subscriptions from `start`: renewals, upgrades, a cancellation, maybe a comeback. */
function customerRows(random: UniformSource, customer: number, firstPlan: number, firstStart: number): Row[] {
  const rows: Row[] = [];
  let planIndex = firstPlan;
  let start = firstStart;
  // The customer's own chance of cancelling at a renewal, kept through upgrades and comebacks.
  const churn = betaDraw(random, PLANS[firstPlan]!.churn.a, PLANS[firstPlan]!.churn.b);
  while (start <= dataEnd) {
    const plan = PLANS[planIndex]!;
    let renewals = 1;
    let next: 'cancel' | 'upgrade' | 'open' = 'open';
    for (; ; renewals++) {
      const renewal = addMonths(start, renewals);
      if (renewal > dataEnd) break;
      const rise = plan.name === PRICE_RISE.plan && PRICE_RISE.months.includes(isoDay(renewal).slice(0, 7));
      if (random() < churn * (rise ? PRICE_RISE.factor : 1)) {
        next = 'cancel';
        break;
      }
      if (random() < plan.upgrade) {
        next = 'upgrade';
        break;
      }
    }
    const end = next === 'open' ? undefined : addMonths(start, renewals);
    rows.push({ customer, plan: plan.name, start, end });
    if (end === undefined) break;
    if (next === 'upgrade') {
      planIndex++;
      start = end;
    } else {
      if (random() >= COMEBACK.chance) break;
      const gap = COMEBACK.months.min + Math.floor(random() * (COMEBACK.months.max - COMEBACK.months.min + 1));
      const month = addMonths(end, gap);
      const date = new Date(month * DAY_MS);
      const days = daysInMonth(date.getUTCFullYear(), date.getUTCMonth() + 1);
      start = dayOf(date.getUTCFullYear(), date.getUTCMonth() + 1, 1 + Math.floor(random() * days));
    }
  }
  return rows;
}

function generateRows(random: UniformSource): Row[] {
  const rows: Row[] = [];
  let customer = 0;
  for (let m = 0; m < MONTHS; m++) {
    const year = FIRST_MONTH.year + Math.floor((FIRST_MONTH.month - 1 + m) / 12);
    const month = ((FIRST_MONTH.month - 1 + m) % 12) + 1;
    const signups = SIGNUPS.first + SIGNUPS.growth * m;
    for (let i = 0; i < signups; i++) {
      const start = dayOf(year, month, 1 + Math.floor(random() * daysInMonth(year, month)));
      const plan = pick(
        random,
        PLANS.map((p) => p.share),
      );
      rows.push(...customerRows(random, ++customer, plan, start));
    }
  }
  // A billing export comes in order of start; ids follow it.
  return rows.sort((a, b) => a.start - b.start || a.customer - b.customer);
}

function toCsv(rows: Row[]): string {
  const lines = ['subscription_id,customer_id,plan,start,end'];
  rows.forEach((row, i) => {
    const id = `s${String(i + 1).padStart(4, '0')}`;
    const customer = `c${String(row.customer).padStart(4, '0')}`;
    lines.push([id, customer, row.plan, isoDay(row.start), row.end === undefined ? '' : isoDay(row.end)].join(','));
  });
  return `${lines.join('\n')}\n`;
}

const csv = toCsv(generateRows(seededRandom(SEED)));
writeDataSet(OUTPUT, csv, `${csv.split('\n').length - 2} subscriptions (seed ${SEED})`);
