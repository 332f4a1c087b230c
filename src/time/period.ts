import { LoyaltyMetricsError } from '../errors';
import { civilFromDays, daysFromCivil, parseDay, timeZoneOption, type DateInput } from '../_internal/calendar';
import { describeValue } from '../_internal/fail';
import { numberOption, oneOf } from '../_internal/options';
import { objectArgument } from '../_internal/records';

/** Calendar buckets of {@link periodOf}. */
export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** The calendar buckets, shortest first. */
export const PERIODS: readonly Period[] = ['day', 'week', 'month', 'quarter', 'year'];

/** Options of {@link periodOf}. */
export interface PeriodOfOptions {
  /** The bucket: `'day'`, `'week'`, `'month'`, `'quarter'` or `'year'`. */
  period: Period;
  /** IANA time zone the calendar is read in; default `'UTC'`. */
  timeZone?: string | undefined;
  /** First day of the week, 0 (Sunday) to 6 (Saturday); default 1 (Monday, as ISO 8601). */
  weekStartsOn?: number | undefined;
}

const pad = (value: number, width: number): string =>
  value < 0 ? `-${String(-value).padStart(width, '0')}` : String(value).padStart(width, '0');

/** Key of the calendar bucket that day number `days` (since 1970-01-01) falls in. */
export function periodKeyOfDay(days: number, period: Period, weekStartsOn: number): string {
  if (period === 'week') {
    const weekStart = periodOrdinalStartDay(periodOrdinalOfDay(days, 'week', weekStartsOn), 'week', weekStartsOn);
    // A week belongs to the year of its fourth day; with Monday starts this is ISO 8601.
    const fourthDay = weekStart + 3;
    const { year } = civilFromDays(fourthDay);
    const week = Math.floor((fourthDay - daysFromCivil(year, 1, 1)) / 7) + 1;
    return `${pad(year, 4)}-W${pad(week, 2)}`;
  }
  const { year, month, day } = civilFromDays(days);
  switch (period) {
    case 'day':
      return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
    case 'month':
      return `${pad(year, 4)}-${pad(month, 2)}`;
    case 'quarter':
      return `${pad(year, 4)}-Q${Math.ceil(month / 3)}`;
    case 'year':
      return pad(year, 4);
  }
}

/** `YYYY-MM-DD` of day number `days` (since 1970-01-01). */
export function isoDay(days: number): string {
  return periodKeyOfDay(days, 'day', 1);
}

/**
 * The calendar bucket a date falls in, as a key that sorts in time order: `2024-03-05` (day),
 * `2024-W10` (week), `2024-03` (month), `2024-Q1` (quarter), `2024` (year). Keys sort as strings
 * for the years 0000 to 9999; beyond them a year has a sign or a fifth digit (`-0001`, `10000`)
 * and its keys do not sort among the others. The calendar is
 * read in the IANA `timeZone` with `Intl`, so a bucket is DST-correct and does not depend on
 * the machine's own time zone.
 *
 * Weeks start on `weekStartsOn` (Monday by default) and belong to the year that holds their
 * fourth day; with Monday starts the key is the ISO 8601 week date (`2021-01-01` is in
 * `2020-W53`). Strings without an offset are wall times in `timeZone`; `Z` or `±hh:mm` fix
 * the instant. Use it as the `key` of `tallyBy` to get a metric per month.
 *
 * @see ISO 8601-1:2019, week dates; IANA time zone database.
 * @param date - a `Date`, epoch milliseconds, or an ISO-8601 string
 * @param options - period, timeZone (default `'UTC'`), weekStartsOn (default 1)
 * @returns the bucket key
 * @throws LoyaltyMetricsError `INVALID_VALUE` for an invalid date; `INVALID_ARGUMENT` for a
 *   missing or unknown period, an unknown time zone, or weekStartsOn outside 0..6
 * @example
 * periodOf('2024-03-05T10:00:00Z', { period: 'week' }) // => '2024-W10'
 * periodOf('2024-03-31T23:30:00Z', { period: 'month', timeZone: 'Asia/Tokyo' }) // => '2024-04'
 * periodOf('2024-05-17', { period: 'quarter' }) // => '2024-Q2'
 * periodOf(Date.UTC(2021, 0, 1), { period: 'week' }) // => '2020-W53'
 */
export function periodOf(date: DateInput, options: PeriodOfOptions): string {
  const fn = 'periodOf';
  objectArgument(fn, 'options', options, 'an object with a period');
  const period = oneOf(fn, 'period', options.period, PERIODS);
  const zone = timeZoneOption(fn, options.timeZone);
  const weekStartsOn = weekStartsOnOption(fn, options.weekStartsOn);
  // As every transaction function reads a date: a date-only string names its day in any zone.
  const day = parseDay(date, zone);
  if (Number.isNaN(day)) {
    throw new LoyaltyMetricsError('INVALID_VALUE', `${fn}: invalid value: ${describeValue(date)} (not a valid date)`, {
      value: date,
    });
  }
  return periodKeyOfDay(day, period, weekStartsOn);
}

/** The `weekStartsOn` option: an integer 0 (Sunday) to 6 (Saturday); default 1 (Monday, ISO 8601). */
export const weekStartsOnOption = (fn: string, value: number | undefined): number =>
  numberOption(fn, 'weekStartsOn', value, { lower: 0, upper: 6, lowerInclusive: true, integer: true }, 1);

// Period ordinals: consecutive integers for consecutive periods, computed with arithmetic only (no
// strings), so that a period can be found per event and periods can be counted by subtraction.
// Internal helpers, not exported from the package.

/**
 * Ordinal of the period holding day number `days` (since 1970-01-01): the day itself, weeks since
 * a fixed week start, months since year 0 (year · 12 + month - 1), quarters since year 0, or the year.
 */
export function periodOrdinalOfDay(days: number, period: Period, weekStartsOn: number): number {
  // 1970-01-01 was a Thursday (weekday 4): weeks starting on `weekStartsOn` start on the days d
  // with d + 4 - weekStartsOn ≡ 0 (mod 7).
  if (period === 'day') return days;
  if (period === 'week') return Math.floor((days + 4 - weekStartsOn) / 7);
  const { year, month } = civilFromDays(days);
  if (period === 'month') return year * 12 + month - 1;
  if (period === 'quarter') return year * 4 + Math.floor((month - 1) / 3);
  return year;
}

/** First day number of the period with ordinal `ordinal` (inverse of {@link periodOrdinalOfDay}). */
export function periodOrdinalStartDay(ordinal: number, period: Period, weekStartsOn: number): number {
  switch (period) {
    case 'day':
      return ordinal;
    case 'week':
      return ordinal * 7 - 4 + weekStartsOn;
    case 'month':
      return daysFromCivil(Math.floor(ordinal / 12), ordinal - Math.floor(ordinal / 12) * 12 + 1, 1);
    case 'quarter':
      return daysFromCivil(Math.floor(ordinal / 4), (ordinal - Math.floor(ordinal / 4) * 4) * 3 + 1, 1);
    case 'year':
      return daysFromCivil(ordinal, 1, 1);
  }
}

/** Last day number of the period with ordinal `ordinal`. */
export function periodOrdinalEndDay(ordinal: number, period: Period, weekStartsOn: number): number {
  return periodOrdinalStartDay(ordinal + 1, period, weekStartsOn) - 1;
}

/** Key of the period with ordinal `ordinal`, as {@link periodKeyOfDay} gives it for any of its days. */
export function periodKeyOfOrdinal(ordinal: number, period: Period, weekStartsOn: number): string {
  return periodKeyOfDay(periodOrdinalStartDay(ordinal, period, weekStartsOn), period, weekStartsOn);
}

/** Ordinal of the last period complete on day `day`: the one holding it if `day` is its last day, else the one before. */
export function lastCompleteOrdinal(day: number, period: Period, weekStartsOn: number): number {
  const ordinal = periodOrdinalOfDay(day, period, weekStartsOn);
  return periodOrdinalEndDay(ordinal, period, weekStartsOn) === day ? ordinal : ordinal - 1;
}
