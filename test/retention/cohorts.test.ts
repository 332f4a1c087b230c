import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { daysFromCivil } from '../../src/_internal/calendar';
import {
  cohortRetention,
  type CohortRetention,
  type CohortRetentionMode,
  type CohortRetentionOptions,
} from '../../src/retention/cohorts';
import {
  periodKeyOfDay,
  periodKeyOfOrdinal,
  periodOf,
  periodOrdinalEndDay,
  periodOrdinalOfDay,
  periodOrdinalStartDay,
  PERIODS,
  type Period,
} from '../../src/time/period';
import { deepFreeze, expectError } from '../helpers';

const DAY = 86_400_000;

interface Activity {
  customerId: string | number | null | undefined;
  date: Date | number | string | null | undefined;
}

const act = (customerId: string | number, date: Date | number | string): Activity => ({ customerId, date });

// `YYYY-MM-DD` of the UTC day `offset` days after 2023-01-01 (independent of the machine's zone).
const dayAfter = (offset: number): string => new Date(Date.UTC(2023, 0, 1) + offset * DAY).toISOString().slice(0, 10);

// The worked example of the JSDoc: a and b start in January, c in February; c's April login is after asOf.
const logins: Activity[] = [
  act('a', '2024-01-05'),
  act('a', '2024-03-02'),
  act('b', '2024-01-20'),
  act('b', '2024-02-11'),
  act('c', '2024-02-03'),
  act('c', '2024-04-09'),
];

describe('period ordinals', () => {
  it('number months, quarters and years from year 0, weeks from a week start, days as day numbers', () => {
    const march5 = daysFromCivil(2024, 3, 5);
    expect(periodOrdinalOfDay(march5, 'day', 1)).toBe(march5);
    expect(periodOrdinalOfDay(march5, 'month', 1)).toBe(2024 * 12 + 2);
    expect(periodOrdinalOfDay(march5, 'quarter', 1)).toBe(2024 * 4);
    expect(periodOrdinalOfDay(march5, 'year', 1)).toBe(2024);
    // 2024-03-04 is a Monday: the Monday week of 2024-03-05 starts on it, the Sunday week on 2024-03-03.
    expect(periodOrdinalStartDay(periodOrdinalOfDay(march5, 'week', 1), 'week', 1)).toBe(daysFromCivil(2024, 3, 4));
    expect(periodOrdinalStartDay(periodOrdinalOfDay(march5, 'week', 0), 'week', 0)).toBe(daysFromCivil(2024, 3, 3));
    expect(periodOrdinalEndDay(2024 * 12 + 1, 'month', 1)).toBe(daysFromCivil(2024, 2, 29));
    expect(periodOrdinalEndDay(2023 * 4 + 3, 'quarter', 1)).toBe(daysFromCivil(2023, 12, 31));
    expect(periodOrdinalStartDay(2024, 'year', 1)).toBe(daysFromCivil(2024, 1, 1));
    expect(periodKeyOfOrdinal(2024 * 12 + 2, 'month', 1)).toBe('2024-03');
    expect(periodKeyOfOrdinal(periodOrdinalOfDay(daysFromCivil(2021, 1, 1), 'week', 1), 'week', 1)).toBe('2020-W53');
  });

  property.prop([
    fc.integer({ min: -800_000, max: 800_000 }),
    fc.constantFrom(...PERIODS),
    fc.integer({ min: 0, max: 6 }),
  ])(
    'give every day of a period the ordinal and key of periodKeyOfDay, and consecutive periods consecutive ordinals',
    (day, period, weekStartsOn) => {
      const ordinal = periodOrdinalOfDay(day, period, weekStartsOn);
      const start = periodOrdinalStartDay(ordinal, period, weekStartsOn);
      const end = periodOrdinalEndDay(ordinal, period, weekStartsOn);
      const key = periodKeyOfOrdinal(ordinal, period, weekStartsOn);
      expect(start).toBeLessThanOrEqual(day);
      expect(end).toBeGreaterThanOrEqual(day);
      for (let d = start; d <= end; d++) {
        if (periodOrdinalOfDay(d, period, weekStartsOn) !== ordinal) expect.fail(`day ${d} left period ${ordinal}`);
        if (periodKeyOfDay(d, period, weekStartsOn) !== key) expect.fail(`day ${d} is not in ${key}`);
      }
      expect(periodOrdinalOfDay(start - 1, period, weekStartsOn)).toBe(ordinal - 1);
      expect(periodOrdinalOfDay(end + 1, period, weekStartsOn)).toBe(ordinal + 1);
      expect(periodKeyOfDay(start - 1, period, weekStartsOn)).not.toBe(key);
      expect(periodKeyOfDay(end + 1, period, weekStartsOn)).not.toBe(key);
    },
  );
});

// An independent reading of the definitions, on period keys from periodOf and day-by-day enumeration.
function naiveRetention(
  activity: Activity[],
  period: Period,
  asOf: string,
  mode: CohortRetentionMode,
  timeZone: string,
  weekStartsOn: number,
): Pick<CohortRetention, 'cohorts' | 'average' | 'afterAsOf'> | null {
  const dayOf = (date: Activity['date']): string => periodOf(date!, { period: 'day', timeZone });
  const kept = activity.filter((a) => dayOf(a.date) <= asOf);
  if (kept.length === 0) return null;
  const firstDay = kept.map((a) => dayOf(a.date)).sort()[0]!;
  // The periods from the first activity to asOf, in order; the last one counts only if asOf ends it.
  const keys: string[] = [];
  for (let t = Date.parse(`${firstDay}T00:00:00Z`); ; t += DAY) {
    const day = new Date(t).toISOString().slice(0, 10);
    const key = periodOf(day, { period, weekStartsOn });
    if (day > asOf) {
      if (key === keys[keys.length - 1]) keys.pop();
      break;
    }
    if (key !== keys[keys.length - 1]) keys.push(key);
  }
  const complete = keys.length;
  const index = new Map<string, number>();
  let t = Date.parse(`${firstDay}T00:00:00Z`);
  for (let i = 0; ; t += DAY) {
    const key = periodOf(new Date(t).toISOString().slice(0, 10), { period, weekStartsOn });
    if (!index.has(key)) index.set(key, i++);
    if (new Date(t).toISOString().slice(0, 10) >= asOf) break;
  }
  const periodsOf = new Map<string | number, Set<number>>();
  for (const a of kept) {
    const i = index.get(periodOf(a.date!, { period, timeZone, weekStartsOn }))!;
    const set = periodsOf.get(a.customerId!) ?? new Set<number>();
    set.add(i);
    periodsOf.set(a.customerId!, set);
  }
  const members = new Map<number, Array<Set<number>>>();
  for (const set of periodsOf.values()) {
    const cohort = Math.min(...set);
    members.set(cohort, [...(members.get(cohort) ?? []), set]);
  }
  const keyOfIndex = [...index.keys()];
  const cohorts = [...members.keys()]
    .sort((a, b) => a - b)
    .map((c) => {
      const sets = members.get(c)!;
      const active = Array.from({ length: complete }, (_, k) =>
        c + k >= complete
          ? null
          : sets.filter((s) => (mode === 'classic' ? s.has(c + k) : Math.max(...s) >= c + k)).length,
      );
      return {
        cohort: keyOfIndex[c]!,
        size: sets.length,
        active,
        rates: active.map((a) => (a === null ? null : a / sets.length)),
      };
    });
  const average = Array.from({ length: complete }, (_, k) => {
    const having = cohorts.filter((c) => c.active[k] !== null);
    return having.reduce((s, c) => s + c.active[k]!, 0) / having.reduce((s, c) => s + c.size, 0);
  });
  return { cohorts, average, afterAsOf: activity.length - kept.length };
}

const zones = ['UTC', 'America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/London'];
const instant = fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2025, 5, 30) });
const events = fc.array(
  fc.record({
    customerId: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom('x', 'y', 'z')),
    date: instant,
  }),
  { minLength: 1, maxLength: 40 },
);
const settings = fc.record({
  period: fc.constantFrom<Period>('week', 'month', 'quarter', 'year', 'day'),
  mode: fc.constantFrom<CohortRetentionMode>('classic', 'unbounded'),
  timeZone: fc.constantFrom(...zones),
  weekStartsOn: fc.integer({ min: 0, max: 6 }),
  asOf: fc.integer({ min: 120, max: 1000 }).map(dayAfter),
});

// The invariants every table satisfies, whatever the input: a list of violations (empty when none).
function violations(table: CohortRetention): string[] {
  const found: string[] = [];
  const columns = table.average.length;
  const keys = table.cohorts.map((c) => c.cohort);
  if (keys.join() !== [...keys].sort().join()) found.push(`cohorts out of order: ${keys.join()}`);
  for (const { cohort, size, active, rates } of table.cohorts) {
    if (!(Number.isInteger(size) && size > 0)) found.push(`${cohort}: size ${size}`);
    if (active.length !== columns || rates.length !== columns) found.push(`${cohort}: not ${columns} columns`);
    let seenNull = false;
    active.forEach((a, k) => {
      if (a === null) {
        seenNull = true;
        if (rates[k] !== null) found.push(`${cohort}[${k}]: rate without a count`);
      } else if (seenNull) {
        found.push(`${cohort}[${k}]: a count after a null cell`);
      } else if (!(Number.isInteger(a) && a >= 0 && a <= size)) {
        found.push(`${cohort}[${k}]: count ${a} outside 0..${size}`);
      } else if (rates[k] !== a / size || !(rates[k]! >= 0 && rates[k]! <= 1)) {
        found.push(`${cohort}[${k}]: rate ${rates[k]} for ${a} of ${size}`);
      }
    });
    if (active[0] !== null && active[0] !== undefined && rates[0] !== 1)
      found.push(`${cohort}: rate ${rates[0]} at k = 0`);
  }
  for (let k = 0; k < columns; k++) {
    const having = table.cohorts.filter((c) => c.active[k] !== null);
    const expected = having.reduce((s, c) => s + c.active[k]!, 0) / having.reduce((s, c) => s + c.size, 0);
    if (having.length === 0 || Math.abs(table.average[k]! - expected) > 1e-12 || !(table.average[k]! <= 1)) {
      found.push(`average[${k}] = ${table.average[k]}, expected ${expected}`);
    }
  }
  return found;
}

describe('cohortRetention', () => {
  it('computes the classic table by hand (JSDoc example)', () => {
    // a: January cohort, active in January and March. b: January cohort, active in January and February.
    // c: February cohort, active in February; its April login comes after asOf and is ignored.
    // Columns run from January (the oldest cohort) to March (complete on 2024-03-31): 3 columns.
    // January: active [2, b, a] = [2, 1, 1]; February: [1, 0 (nobody in March)], then null for April.
    const table = cohortRetention(logins, { period: 'month', asOf: '2024-03-31' });
    expect(table).toEqual({
      period: 'month',
      mode: 'classic',
      asOf: '2024-03-31',
      timeZone: 'UTC',
      cohorts: [
        { cohort: '2024-01', size: 2, active: [2, 1, 1], rates: [1, 0.5, 0.5] },
        { cohort: '2024-02', size: 1, active: [1, 0, null], rates: [1, 0, null] },
      ],
      // (2 + 1) / 3, (1 + 0) / (2 + 1), 1 / 2 (only January has column 2).
      average: [1, 1 / 3, 0.5],
      afterAsOf: 1,
      missing: 0,
      invalid: 0,
    });
    expect(JSON.parse(JSON.stringify(table))).toEqual(table);
  });

  it('computes the unbounded table by hand', () => {
    // January column 1: a (active in March, later) and b (February) -> 2; column 2: a -> 1.
    const table = cohortRetention(logins, { period: 'month', asOf: '2024-03-31', mode: 'unbounded' });
    expect(table.mode).toBe('unbounded');
    expect(table.cohorts).toEqual([
      { cohort: '2024-01', size: 2, active: [2, 2, 1], rates: [1, 1, 0.5] },
      { cohort: '2024-02', size: 1, active: [1, 0, null], rates: [1, 0, null] },
    ]);
    expect(table.average).toEqual([1, 2 / 3, 0.5]);
  });

  it('lets classic retention dip and rise while unbounded retention never rises', () => {
    // a is active in January and March, b only in January: classic [2, 0, 1], unbounded [2, 1, 1].
    const activity = [act('a', '2024-01-02'), act('a', '2024-03-09'), act('b', '2024-01-30')];
    const classic = cohortRetention(activity, { period: 'month', asOf: '2024-03-31' });
    const unbounded = cohortRetention(activity, { period: 'month', asOf: '2024-03-31', mode: 'unbounded' });
    expect(classic.cohorts[0]!.active).toEqual([2, 0, 1]);
    expect(unbounded.cohorts[0]!.active).toEqual([2, 1, 1]);
  });

  it('counts a customer once per period however many records it has there', () => {
    const activity = [
      act('a', '2024-01-02'),
      act('a', '2024-01-03'),
      act('a', '2024-02-01'),
      act('a', '2024-02-01'),
      act('a', '2024-02-28'),
      act('b', '2024-01-09'),
    ];
    const table = cohortRetention(activity, { period: 'month', asOf: '2024-02-29' });
    expect(table.cohorts).toEqual([{ cohort: '2024-01', size: 2, active: [2, 1], rates: [1, 0.5] }]);
  });

  it('leaves cells of periods not complete at asOf null, never partial', () => {
    // p: Q1 and Q2; q: Q1; r: Q2. On 2024-06-29 Q2 is not complete: one column (Q1) only,
    // and the Q2 cohort is listed with its members so far and a null cell.
    const activity = [act('p', '2024-01-15'), act('p', '2024-05-01'), act('q', '2024-02-01'), act('r', '2024-04-10')];
    expect(cohortRetention(activity, { period: 'quarter', asOf: '2024-06-29' })).toMatchObject({
      asOf: '2024-06-29',
      cohorts: [
        { cohort: '2024-Q1', size: 2, active: [2], rates: [1] },
        { cohort: '2024-Q2', size: 1, active: [null], rates: [null] },
      ],
      average: [1],
    });
    // On 2024-06-30 Q2 is complete: Q1 retains p in Q2 (1 of 2); only Q1 has column 1.
    expect(cohortRetention(activity, { period: 'quarter', asOf: '2024-06-30' })).toMatchObject({
      cohorts: [
        { cohort: '2024-Q1', size: 2, active: [2, 1], rates: [1, 0.5] },
        { cohort: '2024-Q2', size: 1, active: [1, null], rates: [1, null] },
      ],
      average: [1, 0.5],
    });
    // Unbounded counts p's May activity (after the last complete period, before asOf) in Q1 column 0 only.
    expect(
      cohortRetention(activity, { period: 'quarter', asOf: '2024-06-29', mode: 'unbounded' }).cohorts[0]!.active,
    ).toEqual([2]);
  });

  it('counts activity observed after the last complete period in unbounded columns', () => {
    // a: January and 2024-03-10; asOf 2024-03-15 leaves March incomplete. Column 1 (February) is
    // complete: classic 0 (a was not active in February), unbounded 1 (a came back later, in March).
    const activity = [act('a', '2024-01-10'), act('a', '2024-03-10')];
    expect(cohortRetention(activity, { period: 'month', asOf: '2024-03-15' }).cohorts[0]!.active).toEqual([1, 0]);
    expect(
      cohortRetention(activity, { period: 'month', asOf: '2024-03-15', mode: 'unbounded' }).cohorts[0]!.active,
    ).toEqual([1, 1]);
  });

  it('gives no columns when no period is complete yet', () => {
    const activity = [act('a', '2024-03-01'), act('b', '2024-03-02')];
    for (const mode of ['classic', 'unbounded'] as const) {
      expect(cohortRetention(activity, { period: 'month', asOf: '2024-03-15', mode })).toMatchObject({
        cohorts: [{ cohort: '2024-03', size: 2, active: [], rates: [] }],
        average: [],
      });
    }
  });

  it('starts weeks on weekStartsOn (worked by hand)', () => {
    // 2024-03-04 and 2024-03-11 and 2024-03-18 are Mondays; 2024-03-10 is a Sunday.
    const activity = [
      act('x', '2024-03-04'),
      act('x', '2024-03-10'),
      act('x', '2024-03-18'),
      act('y', '2024-03-10'),
      act('y', '2024-03-11'),
      act('z', '2024-03-12'),
    ];
    // Monday weeks (ISO): W10 = Mar 4-10 {x, y}, W11 = Mar 11-17 {y, z}, W12 = Mar 18-24 {x}; asOf Sunday
    // 2024-03-24 ends W12. Cohorts W10 = {x, y}, W11 = {z}.
    expect(cohortRetention(activity, { period: 'week', asOf: '2024-03-24' }).cohorts).toEqual([
      { cohort: '2024-W10', size: 2, active: [2, 1, 1], rates: [1, 0.5, 0.5] },
      { cohort: '2024-W11', size: 1, active: [1, 0, null], rates: [1, 0, null] },
    ]);
    expect(cohortRetention(activity, { period: 'week', asOf: '2024-03-24', mode: 'unbounded' }).cohorts).toEqual([
      { cohort: '2024-W10', size: 2, active: [2, 2, 1], rates: [1, 1, 0.5] },
      { cohort: '2024-W11', size: 1, active: [1, 0, null], rates: [1, 0, null] },
    ]);
    // Sunday weeks: W10 = Mar 3-9 {x}, W11 = Mar 10-16 {x, y, z}, W12 = Mar 17-23 {x}; the week of asOf
    // (Sunday Mar 24) has just started, so W12 is the last complete one. Cohorts W10 = {x}, W11 = {y, z}.
    expect(cohortRetention(activity, { period: 'week', asOf: '2024-03-24', weekStartsOn: 0 }).cohorts).toEqual([
      { cohort: '2024-W10', size: 1, active: [1, 1, 1], rates: [1, 1, 1] },
      { cohort: '2024-W11', size: 2, active: [2, 0, null], rates: [1, 0, null] },
    ]);
  });

  it('buckets days and years too', () => {
    const activity = [act(1, '2023-12-31T23:00:00Z'), act(1, '2024-01-01T01:00:00Z'), act(2, '2024-01-01T12:00:00Z')];
    expect(cohortRetention(activity, { period: 'day', asOf: '2024-01-01' }).cohorts).toEqual([
      { cohort: '2023-12-31', size: 1, active: [1, 1], rates: [1, 1] },
      { cohort: '2024-01-01', size: 1, active: [1, null], rates: [1, null] },
    ]);
    expect(cohortRetention(activity, { period: 'year', asOf: '2024-12-31' }).cohorts).toEqual([
      { cohort: '2023', size: 1, active: [1, 1], rates: [1, 1] },
      { cohort: '2024', size: 1, active: [1, null], rates: [1, null] },
    ]);
  });

  it('leaves out activity after asOf in every cohort, also in the first days of 1970', () => {
    // Day numbers there are small: a record after asOf, if it were counted, would land in the
    // cells of another cohort instead of outside the table.
    const activity = [act('a', '1970-01-01'), act('b', '1970-01-02'), act('c', '1970-01-04'), act('c', '1970-01-20')];
    expect(cohortRetention(activity, { period: 'day', asOf: '1970-01-05' })).toMatchObject({
      cohorts: [
        { cohort: '1970-01-01', size: 1, active: [1, 0, 0, 0, 0] },
        { cohort: '1970-01-02', size: 1, active: [1, 0, 0, 0, null] },
        { cohort: '1970-01-04', size: 1, active: [1, 0, null, null, null] },
      ],
      afterAsOf: 1,
    });
  });

  it('reads the calendar in the time zone: 23:30 on the last day of a month in New York', () => {
    // Instants: a on Jan 15 and at 2024-03-01T03:30Z (New York: Feb 29, 22:30 EST);
    // b at 2024-02-01T04:30Z (New York: Jan 31, 23:30 EST) and 2024-04-01T03:30Z (New York: Mar 31, 23:30 EDT).
    const activity = [
      act('a', '2024-01-15T12:00:00Z'),
      act('a', Date.UTC(2024, 2, 1, 3, 30)),
      act('b', new Date(Date.UTC(2024, 1, 1, 4, 30))),
      act('b', '2024-03-31T23:30:00-04:00'),
    ];
    // New York: a in Jan and Feb, b in Jan and Mar; one January cohort of 2.
    const newYork = cohortRetention(activity, { period: 'month', asOf: '2024-03-31', timeZone: 'America/New_York' });
    expect(newYork).toMatchObject({
      timeZone: 'America/New_York',
      cohorts: [{ cohort: '2024-01', size: 2, active: [2, 1, 1] }],
      afterAsOf: 0,
    });
    // UTC: a in Jan and Mar, b in Feb and Apr (after asOf).
    const utc = cohortRetention(activity, { period: 'month', asOf: '2024-03-31' });
    expect(utc).toMatchObject({
      timeZone: 'UTC',
      cohorts: [
        { cohort: '2024-01', size: 1, active: [1, 0, 1] },
        { cohort: '2024-02', size: 1, active: [1, 0, null] },
      ],
      afterAsOf: 1,
    });
    // Wall-clock strings are read in the zone: 23:30 on Mar 31 is March in New York, whatever the season.
    const wall = [act('c', '2024-03-31T23:30'), act('c', '2024-11-30T23:30'), act('c', '2024-11-03T01:30')];
    expect(
      cohortRetention(wall, { period: 'month', asOf: '2024-11-30', timeZone: 'America/New_York' }).cohorts,
    ).toMatchObject([{ cohort: '2024-03', active: [1, 0, 0, 0, 0, 0, 0, 0, 1] }]);
  });

  it('reads the calendar in the time zone: Asia/Tokyo against UTC', () => {
    // 2024-03-31T20:00Z is Apr 1, 05:00 in Tokyo; 2024-04-30T16:00Z is May 1, 01:00 in Tokyo.
    const activity = [act('c', '2024-03-31T20:00:00Z'), act('c', Date.UTC(2024, 3, 30, 16))];
    expect(cohortRetention(activity, { period: 'month', asOf: '2024-05-31', timeZone: 'Asia/Tokyo' })).toMatchObject({
      cohorts: [{ cohort: '2024-04', size: 1, active: [1, 1] }],
    });
    expect(cohortRetention(activity, { period: 'month', asOf: '2024-05-31' })).toMatchObject({
      cohorts: [{ cohort: '2024-03', size: 1, active: [1, 1, 0] }],
    });
  });

  it('reads asOf in the time zone', () => {
    const activity = [act('a', '2024-03-05T12:00:00Z')];
    // 2024-04-01T02:00Z is still Mar 31 in New York: March is complete there, and in UTC, where asOf is Apr 1.
    const asOf = '2024-04-01T02:00:00Z';
    expect(cohortRetention(activity, { period: 'month', asOf, timeZone: 'America/New_York' }).asOf).toBe('2024-03-31');
    expect(cohortRetention(activity, { period: 'month', asOf }).asOf).toBe('2024-04-01');
    // 2024-03-31T12:00Z is Mar 31 in UTC (March complete) but Mar 31, 21:00 in Tokyo too; 2024-03-30T20:00Z is Mar 31 in Tokyo only.
    expect(
      cohortRetention(activity, { period: 'month', asOf: '2024-03-30T20:00:00Z', timeZone: 'Asia/Tokyo' }).average,
    ).toEqual([1]);
    expect(cohortRetention(activity, { period: 'month', asOf: '2024-03-30T20:00:00Z' }).average).toEqual([]);
    expect(cohortRetention(activity, { period: 'month', asOf: new Date(Date.UTC(2024, 3, 30)) }).asOf).toBe(
      '2024-04-30',
    );
  });

  it('depends only on the timeZone option, not on the time zone of the machine', () => {
    const activity = [
      act('a', Date.UTC(2024, 0, 31, 23, 30)),
      act('a', '2024-02-29T23:30:00Z'),
      act('b', new Date(Date.UTC(2024, 2, 31, 15))),
      act('b', '2024-04-30T23:59'),
      act('c', '2024-03-10T02:30'),
    ];
    const original = process.env.TZ;
    const tables: Record<string, CohortRetention[]> = {};
    try {
      for (const machine of ['UTC', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'America/St_Johns']) {
        process.env.TZ = machine;
        for (const timeZone of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
          (tables[timeZone] ??= []).push(
            cohortRetention(activity, { period: 'month', asOf: '2024-04-30', timeZone, mode: 'unbounded' }),
          );
        }
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
    for (const results of Object.values(tables)) for (const table of results) expect(table).toEqual(results[0]);
    expect(tables['UTC']![0]!.cohorts.map((c) => c.cohort)).toEqual(['2024-01', '2024-03']);
    expect(tables['Asia/Tokyo']![0]!.cohorts.map((c) => c.cohort)).toEqual(['2024-02', '2024-03', '2024-04']);
  });

  it('reads records through accessors and any iterable', () => {
    const rows = [
      { user: 'a', at: '2024-01-05' },
      { user: 'a', at: '2024-02-05' },
      { user: 'b', at: '2024-01-06' },
    ];
    const options: CohortRetentionOptions<{ user: string; at: string }> = {
      customer: (d) => d.user,
      date: (d) => d.at,
      period: 'month',
      asOf: '2024-02-29',
    };
    const expected = [{ cohort: '2024-01', size: 2, active: [2, 1], rates: [1, 0.5] }];
    expect(cohortRetention(rows, options).cohorts).toEqual(expected);
    expect(cohortRetention(new Set(rows), options).cohorts).toEqual(expected);
    function* generate(): Generator<{ user: string; at: string }> {
      yield* rows;
    }
    expect(cohortRetention(generate(), options).cohorts).toEqual(expected);
  });

  it('skips and counts missing customers and dates, or refuses them with missing: throw', () => {
    const activity: Activity[] = [...logins, act('d', '2024-01-01'), { customerId: null, date: '2024-01-01' }];
    activity.push({ customerId: 'e', date: undefined }, { customerId: undefined, date: '2024-02-01' });
    const table = cohortRetention(activity, { period: 'month', asOf: '2024-03-31' });
    expect(table.missing).toBe(3);
    expect(table.cohorts[0]).toEqual({ cohort: '2024-01', size: 3, active: [3, 1, 1], rates: [1, 1 / 3, 1 / 3] });
    const error = expectError(
      () => cohortRetention(activity, { period: 'month', asOf: '2024-03-31', missing: 'throw' }),
      'INVALID_VALUE',
      'cohortRetention',
    );
    expect(error.details.index).toBe(7);
  });

  it('refuses unparseable dates and bad customer ids with INVALID_VALUE, or skips and counts them', () => {
    for (const bad of [
      act('x', '2024-02-30'),
      act('x', 'yesterday'),
      act('x', NaN),
      act('x', Infinity),
      act(NaN, '2024-01-01'),
    ]) {
      const activity = [...logins.slice(0, 2), bad, ...logins.slice(2)];
      const error = expectError(
        () => cohortRetention(activity, { period: 'month', asOf: '2024-03-31' }),
        'INVALID_VALUE',
        'cohortRetention',
      );
      expect(error.details).toMatchObject({ index: 2, value: Number.isNaN(bad.customerId) ? NaN : bad.date });
      const skipped = cohortRetention(activity, { period: 'month', asOf: '2024-03-31', invalid: 'skip' });
      expect(skipped.invalid).toBe(1);
      expect(skipped.cohorts).toEqual(cohortRetention(logins, { period: 'month', asOf: '2024-03-31' }).cohorts);
    }
    const object = [{ customerId: { id: 1 }, date: '2024-01-01' }];
    expectError(
      () => cohortRetention(object as never, { period: 'month', asOf: '2024-03-31' }),
      'INVALID_VALUE',
      'cohortRetention',
    );
  });

  it('refuses input with no valid activity on or before asOf with EMPTY_INPUT', () => {
    const options = { period: 'month', asOf: '2024-03-31' } as const;
    expectError(() => cohortRetention([], options), 'EMPTY_INPUT', 'cohortRetention');
    const skipped = expectError(
      () => cohortRetention([act('a', 'never')], { ...options, invalid: 'skip' }),
      'EMPTY_INPUT',
      'cohortRetention',
    );
    expect(skipped.message).toContain('(skipped: 0 rows missing a field, 1 invalid;');
    const misnamed = expectError(
      () => cohortRetention([{ customerId: null, date: null }], options),
      'EMPTY_INPUT',
      'cohortRetention',
    );
    expect(misnamed.message).toContain('(skipped: 1 row missing a field, 0 invalid;');
    const late = expectError(
      () => cohortRetention([act('a', '2024-04-01')], options),
      'EMPTY_INPUT',
      'cohortRetention',
    );
    expect(late.message).toContain('2024-03-31');
  });

  it('refuses bad options with INVALID_ARGUMENT', () => {
    const ok = { period: 'month', asOf: '2024-03-31' } as const;
    const bad: unknown[] = [
      undefined,
      null,
      'month',
      { asOf: '2024-03-31' },
      { ...ok, period: 'fortnight' },
      { ...ok, period: null },
      { ...ok, mode: 'rolling' },
      { ...ok, timeZone: 'Mars/Olympus_Mons' },
      { ...ok, timeZone: 42 },
      { ...ok, asOf: undefined },
      { ...ok, asOf: null },
      { ...ok, asOf: '2024-13-01' },
      { ...ok, asOf: 'today' },
      { ...ok, asOf: NaN },
      { ...ok, asOf: new Date(NaN) },
      { ...ok, weekStartsOn: 7 },
      { ...ok, weekStartsOn: 1.5 },
      { ...ok, weekStartsOn: -1 },
      { ...ok, customer: 'customerId' },
      { ...ok, date: 'date' },
      { ...ok, missing: 'ignore' },
      { ...ok, invalid: 'drop' },
    ];
    for (const options of bad) {
      expectError(() => cohortRetention(logins, options as never), 'INVALID_ARGUMENT', 'cohortRetention');
    }
    for (const data of [null, undefined, 42, { customerId: 'a' }]) {
      expectError(() => cohortRetention(data as never, ok), 'INVALID_ARGUMENT', 'cohortRetention');
    }
  });

  property.prop([events, settings])(
    'agrees with a direct reading of the definitions on period keys',
    (activity, { period, mode, timeZone, weekStartsOn, asOf }) => {
      const expected = naiveRetention(activity, period, asOf, mode, timeZone, weekStartsOn);
      const run = (): CohortRetention => cohortRetention(activity, { period, mode, timeZone, weekStartsOn, asOf });
      if (expected === null) {
        expectError(run, 'EMPTY_INPUT', 'cohortRetention');
        return;
      }
      const table = run();
      expect({ cohorts: table.cohorts, average: table.average, afterAsOf: table.afterAsOf }).toEqual(expected);
      expect(table).toMatchObject({ period, mode, timeZone, asOf, missing: 0, invalid: 0 });
    },
  );

  property.prop([events, settings])(
    'keeps cells within the cohort size, rates in [0, 1], column 0 at 1, and unbounded >= classic',
    (activity, { period, timeZone, weekStartsOn }) => {
      const options = { period, timeZone, weekStartsOn, asOf: '2025-06-30' };
      const classic = cohortRetention(activity, options);
      const unbounded = cohortRetention(activity, { ...options, mode: 'unbounded' });
      expect(violations(classic)).toEqual([]);
      expect(violations(unbounded)).toEqual([]);
      expect(unbounded.cohorts.map((c) => [c.cohort, c.size])).toEqual(classic.cohorts.map((c) => [c.cohort, c.size]));
      const below: string[] = [];
      unbounded.cohorts.forEach((row, i) => {
        row.active.forEach((a, k) => {
          const c = classic.cohorts[i]!.active[k]!;
          const previous = k > 0 ? row.active[k - 1]! : Infinity;
          if ((a === null) !== (c === null) || (a !== null && (a < c || a > previous))) {
            below.push(`${row.cohort}[${k}]: unbounded ${a}, classic ${c}, before ${previous}`);
          }
        });
      });
      expect(below).toEqual([]);
      unbounded.average.forEach((a, k) => expect(a).toBeGreaterThanOrEqual(classic.average[k]! - 1e-12));
    },
  );

  property.prop([events, settings])(
    'fills a cell exactly when its period is complete at asOf',
    (activity, { period, timeZone, weekStartsOn, asOf }) => {
      if (naiveRetention(activity, period, asOf, 'classic', timeZone, weekStartsOn) === null) return;
      const table = cohortRetention(activity, { period, timeZone, weekStartsOn, asOf });
      const asOfDay = Date.parse(`${asOf}T00:00:00Z`) / DAY;
      const asOfOrdinal = periodOrdinalOfDay(asOfDay, period, weekStartsOn);
      const asOfComplete = periodOrdinalEndDay(asOfOrdinal, period, weekStartsOn) === asOfDay;
      for (const row of table.cohorts) {
        // The cohort's period, found by walking back from the period of asOf.
        let back = 0;
        while (periodKeyOfOrdinal(asOfOrdinal - back, period, weekStartsOn) !== row.cohort) back++;
        // Complete periods from the cohort's to the last complete one, the cohort's included.
        const complete = asOfComplete ? back + 1 : back;
        expect(row.active.filter((a) => a !== null)).toHaveLength(Math.min(row.active.length, complete));
        expect(row.active.slice(0, complete).every((a) => a !== null)).toBe(true);
      }
    },
  );

  property.prop([
    events.chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length }))),
    settings,
  ])(
    'does not depend on the order of the activity',
    ([activity, shuffled], { period, mode, timeZone, weekStartsOn }) => {
      const options = { period, mode, timeZone, weekStartsOn, asOf: '2025-06-30' };
      expect(cohortRetention(shuffled, options)).toEqual(cohortRetention(activity, options));
    },
  );

  property.prop([events, settings])(
    'gives the same table for epoch ms, Date and ISO strings of the same instants',
    (activity, settings) => {
      const options = { ...settings, asOf: '2025-06-30' };
      const table = cohortRetention(activity, options);
      const asDates = activity.map((a) => ({ ...a, date: new Date(a.date) }));
      const asStrings = activity.map((a) => ({ ...a, date: new Date(a.date).toISOString() }));
      expect(cohortRetention(asDates, options)).toEqual(table);
      expect(cohortRetention(asStrings, options)).toEqual(table);
    },
  );

  property.prop([events, settings])(
    'gives the same table when every record is duplicated, and the same rates when every customer has a twin',
    (activity, { period, mode, timeZone, weekStartsOn }) => {
      const options = { period, mode, timeZone, weekStartsOn, asOf: '2025-06-30' };
      const table = cohortRetention(activity, options);
      const doubled = cohortRetention([...activity, ...activity], options);
      expect(doubled).toEqual({ ...table, afterAsOf: 2 * table.afterAsOf });
      const twins = cohortRetention(
        [...activity, ...activity.map((a) => ({ ...a, customerId: `twin ${a.customerId}` }))],
        options,
      );
      // Counts are integers: 2a / 2s is the same quotient as a / s, exactly.
      expect(twins.cohorts.map((c) => [c.cohort, c.size, c.rates])).toEqual(
        table.cohorts.map((c) => [c.cohort, 2 * c.size, c.rates]),
      );
      expect(twins.average).toEqual(table.average);
    },
  );

  property.prop([events, settings, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true })], { numRuns: 50 })(
    'never lowers a cell with one more record of a customer, on or after their first activity',
    (activity, { period, mode, timeZone, weekStartsOn }, pick, share) => {
      const options = { period, mode, timeZone, weekStartsOn, asOf: '2025-06-30' };
      const customerId = activity[pick % activity.length]!.customerId;
      const first = Math.min(...activity.filter((a) => a.customerId === customerId).map((a) => a.date));
      // Up to 2025-06-29T00:00Z, which is on or before asOf in every zone.
      const last = Date.UTC(2025, 5, 29);
      fc.pre(first <= last);
      const table = cohortRetention(activity, options);
      const more = cohortRetention(
        [...activity, { customerId, date: Math.floor(first + share * (last - first)) }],
        options,
      );
      expect(more.cohorts.map((c) => [c.cohort, c.size])).toEqual(table.cohorts.map((c) => [c.cohort, c.size]));
      table.cohorts.forEach((row, i) => {
        row.active.forEach((cell, k) => {
          const after = more.cohorts[i]!.active[k]!;
          if (cell === null) expect(after).toBeNull();
          else expect(after).toBeGreaterThanOrEqual(cell);
        });
      });
      table.average.forEach((rate, k) => expect(more.average[k]).toBeGreaterThanOrEqual(rate));
    },
  );

  property.prop([events, settings])('never mutates its input', (activity, settings) => {
    const copy = structuredClone(activity);
    const frozen = deepFreeze(activity);
    const options = deepFreeze({ ...settings, asOf: '2025-06-30' });
    cohortRetention(frozen, options);
    expect(frozen).toEqual(copy);
  });
});
