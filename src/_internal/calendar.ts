import { invalidArgument } from './fail';

/** A date as the library accepts it: a `Date`, epoch milliseconds, or an ISO-8601 string. */
export type DateInput = Date | number | string;

const MINUTE = 60_000;
// The mean Gregorian year, in days.
const MEAN_YEAR_DAYS = 365.2425;

/**
 * Mean length in days of a period unit: a day, a week (7), a month (365.2425 / 12, the mean
 * Gregorian month), a quarter (365.2425 / 4) or a year (365.2425); undefined for anything else.
 * So 12 months, 4 quarters and 1 year agree exactly.
 */
export function daysInPeriod(unit: unknown): number | undefined {
  switch (unit) {
    case 'day':
      return 1;
    case 'week':
      return 7;
    case 'month':
      return MEAN_YEAR_DAYS / 12;
    case 'quarter':
      return MEAN_YEAR_DAYS / 4;
    case 'year':
      return MEAN_YEAR_DAYS;
    default:
      return undefined;
  }
}
const HOUR = 3_600_000;
const DAY = 86_400_000;
// The range of a JavaScript Date.
const MAX_TIME = 8.64e15;

// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant, "chrono-compatible low-level date algorithms").
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** A calendar date. */
export interface CivilDate {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
}

// Inverse of daysFromCivil.
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

// One formatter per zone; throws RangeError for an unknown zone.
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * Checks an IANA time zone name (default `'UTC'`) and returns it; an unknown zone throws
 * INVALID_ARGUMENT naming the calling function.
 */
export function timeZoneOption(fn: string, timeZone: string | undefined): string {
  const zone = timeZone === undefined ? 'UTC' : timeZone;
  if (typeof zone !== 'string') throw invalidArgument(fn, 'timeZone', zone, 'must be an IANA time zone name');
  try {
    formatterFor(zone);
  } catch {
    throw invalidArgument(fn, 'timeZone', zone, 'must be an IANA time zone name such as "Europe/Paris"');
  }
  return zone;
}

// Offset (local minus UTC, in ms) of `zone` at instant `ms`, straight from Intl. Intl reads only
// instants of the Date range: beyond its ends the offset is the one at the nearer end (a time
// computed from it lies outside the range too, and its reader refuses it).
function exactOffset(instant: number, zone: string): number {
  const ms = Math.min(Math.max(instant, -MAX_TIME), MAX_TIME);
  const parts = formatterFor(zone).formatToParts(ms);
  const field: Record<string, number> = {};
  let bce = false;
  for (const part of parts) {
    if (part.type === 'era') bce = part.value.startsWith('B');
    else if (part.type !== 'literal') field[part.type] = Number(part.value);
  }
  const year = bce ? 1 - field.year! : field.year!;
  const wall =
    daysFromCivil(year, field.month!, field.day!) * DAY +
    field.hour! * HOUR +
    field.minute! * MINUTE +
    field.second! * 1000;
  return wall - Math.floor(ms / 1000) * 1000;
}

// Offsets per UTC hour. A zone changes offset at most once within an hour, so when the two ends
// of an hour agree the whole hour has that offset; otherwise the hour is looked up exactly.
const offsetCache = new Map<string, Map<number, number>>();
const MIXED_HOUR = NaN;
const MAX_CACHED_HOURS = 200_000;

/** Offset of `zone` from UTC at instant `ms`, in ms (DST-correct). */
export function zoneOffset(ms: number, zone: string): number {
  if (zone === 'UTC') return 0;
  let hours = offsetCache.get(zone);
  if (hours === undefined) {
    hours = new Map();
    offsetCache.set(zone, hours);
  }
  const hour = Math.floor(ms / HOUR);
  let offset = hours.get(hour);
  if (offset === undefined) {
    const start = exactOffset(hour * HOUR, zone);
    offset = exactOffset(hour * HOUR + HOUR - 1000, zone) === start ? start : MIXED_HOUR;
    if (hours.size >= MAX_CACHED_HOURS) hours.clear();
    hours.set(hour, offset);
  }
  return Number.isNaN(offset) ? exactOffset(ms, zone) : offset;
}

/** Days since 1970-01-01 of the calendar day that instant `ms` falls on in `zone`. */
export function zonedDayNumber(ms: number, zone: string): number {
  return Math.floor((ms + zoneOffset(ms, zone)) / DAY);
}

/**
 * The instant at which the wall clock of `zone` reads `wall` (a UTC-based ms count of the wall
 * time). A wall time skipped by a DST jump is moved forward by the jump; a wall time that
 * occurs twice takes the earlier instant (the "compatible" rule of Temporal and RFC 5545).
 */
export function instantOfWallTime(wall: number, zone: string): number {
  if (zone === 'UTC') return wall;
  const before = zoneOffset(wall - 14 * HOUR, zone);
  const after = zoneOffset(wall + 14 * HOUR, zone);
  // A candidate outside the Date range is no answer (the caller refuses a result outside it).
  const candidates = [wall - before, wall - after].filter(
    (t, i) => Math.abs(t) <= MAX_TIME && zoneOffset(t, zone) === (i === 0 ? before : after),
  );
  if (candidates.length === 0) return wall - before;
  return Math.min(...candidates);
}

// Not `instanceof Date` alone, which fails for a Date of another realm (an iframe, a vm context)
// and passes an object made from Date.prototype: Date's own getTime reads the time value of any
// realm's Date and throws for anything else. `instanceof` answers for this realm's Dates without
// reading the tag, and the tag turns other objects away before a throw, which is slow per row
// (other date objects, Luxon's or Firestore's, may fill a column read with invalid: 'skip').
function dateTime(value: object): number {
  if (!(value instanceof Date) && Object.prototype.toString.call(value) !== '[object Date]') return NaN;
  try {
    return Date.prototype.getTime.call(value);
  } catch {
    return NaN;
  }
}

const ISO_EXTENDED =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const ISO_BASIC_DATE = /^(\d{4})(\d{2})(\d{2})$/;

// Length of a month (1..12) of the proleptic Gregorian calendar; year 0 and -4 are leap years.
function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Epoch milliseconds of a date input, or NaN when it is not a valid date. A string without an
 * offset (`2024-03-05`, `2024-03-05T10:00`, `2024-03-05 10:00:00`) is a wall time in `zone`;
 * `Z` or `±hh:mm` fix the instant. `YYYYMMDD` is accepted as ISO-8601's basic date format.
 */
export function parseInstant(value: unknown, zone: string): number {
  if (typeof value === 'object' && value !== null) return dateTime(value);
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= MAX_TIME ? value : NaN;
  if (typeof value !== 'string') return NaN;
  // Fast path for the usual machine-written form YYYY-MM-DDTHH:MM:SS[.sss]Z.
  if ((value.length === 20 || value.length === 24) && value.charCodeAt(value.length - 1) === 90) {
    const fast = utcTimestamp(value);
    if (!Number.isNaN(fast)) return fast;
  }
  const text = value.trim();
  const match = ISO_EXTENDED.exec(text) ?? ISO_BASIC_DATE.exec(text);
  if (match === null) return NaN;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4] ?? 0);
  const minute = Number(match[5] ?? 0);
  const second = Number(match[6] ?? 0);
  const fraction = match[7] === undefined ? 0 : Number(`0.${match[7]}`) * 1000;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return NaN;
  }
  const wall = daysFromCivil(year, month, day) * DAY + hour * HOUR + minute * MINUTE + second * 1000 + fraction;
  const designator = match[8];
  let instant: number;
  if (designator === undefined) {
    instant = instantOfWallTime(wall, zone);
  } else if (designator === 'Z' || designator === 'z') {
    instant = wall;
  } else {
    const sign = designator.startsWith('-') ? -1 : 1;
    const digits = designator.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2) || 0);
    if (offsetHours > 23 || offsetMinutes > 59) return NaN;
    instant = wall - sign * (offsetHours * HOUR + offsetMinutes * MINUTE);
  }
  return Math.abs(instant) <= MAX_TIME ? instant : NaN;
}

// Value of the decimal digits of `text` from `start` (inclusive) to `end` (exclusive), or NaN.
function digitsAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let k = start; k < end; k++) {
    const digit = text.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Calendar day (days since 1970-01-01) in `zone` of a date input, or NaN when it is not a valid
 * date. A date-only string (`YYYY-MM-DD` or `YYYYMMDD`) names its day directly, with no time
 * zone arithmetic: the fast path for logs that store days.
 */
export function parseDay(value: unknown, zone: string): number {
  if (typeof value === 'string' && (value.length === 10 || value.length === 8)) {
    const dashed = value.length === 10;
    if (!dashed || (value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45)) {
      const year = digitsAt(value, 0, 4);
      const month = dashed ? digitsAt(value, 5, 7) : digitsAt(value, 4, 6);
      const day = dashed ? digitsAt(value, 8, 10) : digitsAt(value, 6, 8);
      if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
        return daysFromCivil(year, month, day);
      }
      return NaN;
    }
  }
  if (typeof value === 'string' && value.length === 19) {
    const day = wallDateTimeDay(value, zone);
    if (!Number.isNaN(day)) return day;
  }
  // Surrounding whitespace is allowed (parseInstant trims), and a date-only string inside it still
  // names its day: read as a wall-clock midnight, it would move in a zone that skipped that day.
  // Whitespace, Unicode's included, is a code unit up to 32 or from 160: the first and last tell
  // whether to trim, without a trim per row.
  if (typeof value === 'string' && value.length > 0) {
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(value.length - 1);
    if (first <= 32 || first >= 160 || last <= 32 || last >= 160) {
      const text = value.trim();
      if (text !== value) return parseDay(text, zone);
    }
  }
  const instant = parseInstant(value, zone);
  return Number.isNaN(instant) ? NaN : zonedDayNumber(instant, zone);
}

// Wall-clock ms (UTC-based count) of `YYYY-MM-DD?HH:MM:SS` at the start of `text`, where ? is
// `T` or a space, or NaN when those 19 characters are not exactly that or not a valid time.
function fixedWallTime(text: string): number {
  const separator = text.charCodeAt(10);
  const shaped =
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    (separator === 84 || separator === 32) &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58;
  if (!shaped) return NaN;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  const hour = digitsAt(text, 11, 13);
  const minute = digitsAt(text, 14, 16);
  const second = digitsAt(text, 17, 19);
  const valid =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59;
  return valid ? daysFromCivil(year, month, day) * DAY + hour * HOUR + minute * MINUTE + second * 1000 : NaN;
}

// Day of a wall time `YYYY-MM-DDTHH:MM:SS` (or with a space) without offset, or NaN to take the
// general path. A wall time that exists in the zone falls on its own date (even when it occurs
// twice), so only existence is checked, with cached offsets; a time skipped by a DST jump, which
// moves forward possibly into the next day, takes the general path.
function wallDateTimeDay(text: string, zone: string): number {
  const wall = fixedWallTime(text);
  if (Number.isNaN(wall)) return NaN;
  const days = Math.floor(wall / DAY);
  if (zone === 'UTC') return days;
  const guess = zoneOffset(wall, zone);
  if (zoneOffset(wall - guess, zone) === guess) return days;
  const other = zoneOffset(wall - zoneOffset(wall - guess, zone), zone);
  return zoneOffset(wall - other, zone) === other ? days : NaN;
}

// Epoch ms of `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ`, or NaN if it is not exactly
// that, for a text of 20 or 24 characters ending in Z (the caller checks these).
function utcTimestamp(text: string): number {
  if (text.charCodeAt(10) !== 84 || (text.length === 24 && text.charCodeAt(19) !== 46)) return NaN;
  const millisecond = text.length === 24 ? digitsAt(text, 20, 23) : 0;
  return fixedWallTime(text) + millisecond;
}
