import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { periodOf } from '../../src/time/period';
import { expectError } from '../helpers';

describe('periodOf', () => {
  it('gives sortable keys for each period', () => {
    const date = '2024-03-05T10:00:00Z';
    expect(periodOf(date, { period: 'day' })).toBe('2024-03-05');
    expect(periodOf(date, { period: 'week' })).toBe('2024-W10');
    expect(periodOf(date, { period: 'month' })).toBe('2024-03');
    expect(periodOf(date, { period: 'quarter' })).toBe('2024-Q1');
    expect(periodOf(date, { period: 'year' })).toBe('2024');
  });

  it('accepts Date, epoch milliseconds and ISO strings alike', () => {
    const instant = Date.UTC(2024, 6, 1, 12);
    for (const value of [new Date(instant), instant, '2024-07-01T12:00:00Z', '2024-07-01T14:00:00+02:00', '20240701']) {
      expect(periodOf(value, { period: 'day' })).toBe('2024-07-01');
    }
  });

  it('numbers ISO 8601 weeks (Monday start, the week of the year holding its Thursday)', () => {
    // ISO 8601 week dates: 2021-01-01 is in 2020-W53, 2024-12-30 in 2025-W01, 2026-12-31 in 2026-W53.
    expect(periodOf('2021-01-01', { period: 'week' })).toBe('2020-W53');
    expect(periodOf('2021-01-04', { period: 'week' })).toBe('2021-W01');
    expect(periodOf('2024-12-30', { period: 'week' })).toBe('2025-W01');
    expect(periodOf('2026-12-31', { period: 'week' })).toBe('2026-W53');
    expect(periodOf('2024-03-10', { period: 'week' })).toBe('2024-W10');
    expect(periodOf('2024-03-11', { period: 'week' })).toBe('2024-W11');
  });

  it('starts weeks on another day when asked', () => {
    // 2024-03-10 is a Sunday: with Sunday starts it opens a new week.
    expect(periodOf('2024-03-09', { period: 'week', weekStartsOn: 0 })).toBe('2024-W10');
    expect(periodOf('2024-03-10', { period: 'week', weekStartsOn: 0 })).toBe('2024-W11');
  });

  it('reads a date-only string as its own day in any zone, as the transaction functions do', () => {
    // Samoa skipped 2011-12-30 entirely; the day's orders are still dated 2011-12-30.
    expect(periodOf('2011-12-30', { period: 'day', timeZone: 'Pacific/Apia' })).toBe('2011-12-30');
    expect(periodOf('20111230', { period: 'day', timeZone: 'Pacific/Apia' })).toBe('2011-12-30');
    // A time on that day does not exist there: moved forward by the jump, to 2011-12-31.
    expect(periodOf('2011-12-30T12:00', { period: 'day', timeZone: 'Pacific/Apia' })).toBe('2011-12-31');
    // Whitespace around the date (a spreadsheet cell, a byte-order mark) does not make it a wall
    // time: it read as 2011-12-31 before.
    for (const text of [' 2011-12-30', '2011-12-30 ', '\t20111230\n', '\uFEFF2011-12-30', '2011-12-30\u00A0']) {
      expect(periodOf(text, { period: 'day', timeZone: 'Pacific/Apia' }), JSON.stringify(text)).toBe('2011-12-30');
    }
    expect(periodOf(' 2011-12-30T12:00 ', { period: 'day', timeZone: 'Pacific/Apia' })).toBe('2011-12-31');
    for (const text of [' \t ', '', '2011-12-30é', '½2011-12-30']) {
      expect(() => periodOf(text, { period: 'day' }), JSON.stringify(text)).toThrow(/invalid/);
    }
  });

  it('reads the calendar in the time zone, DST-correct', () => {
    const instant = '2024-03-31T23:30:00Z';
    expect(periodOf(instant, { period: 'month' })).toBe('2024-03');
    expect(periodOf(instant, { period: 'month', timeZone: 'Asia/Tokyo' })).toBe('2024-04');
    expect(periodOf('2024-01-01T03:00:00Z', { period: 'year', timeZone: 'America/Los_Angeles' })).toBe('2023');
    // New York: 2024-03-10 02:30 does not exist (clocks jump to 03:30); 2024-11-03 01:30 happens twice.
    expect(periodOf('2024-03-10T02:30', { period: 'day', timeZone: 'America/New_York' })).toBe('2024-03-10');
    expect(periodOf('2024-11-03T01:30', { period: 'day', timeZone: 'America/New_York' })).toBe('2024-11-03');
    // Wall-clock strings are read in the zone: midnight in Tokyo is the previous day in UTC.
    expect(periodOf('2024-05-01', { period: 'day', timeZone: 'Asia/Tokyo' })).toBe('2024-05-01');
    expect(periodOf('2024-05-01T00:00+09:00', { period: 'day' })).toBe('2024-04-30');
  });

  property.prop([
    fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
    fc.constantFrom('UTC', 'America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/London'),
  ])('agrees with Intl.DateTimeFormat on the calendar day of any instant', (instant, timeZone) => {
    const expected = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(instant);
    expect(periodOf(instant, { period: 'day', timeZone })).toBe(expected);
  });

  property.prop([fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2060, 0, 1) })])(
    'orders keys like the instants they come from',
    (instant) => {
      for (const period of ['day', 'week', 'month', 'quarter', 'year'] as const) {
        expect(periodOf(instant, { period }) <= periodOf(instant + 86_400_000 * 3, { period })).toBe(true);
      }
    },
  );

  it('pads years below 1000 and handles years before 1970', () => {
    expect(periodOf('0999-05-05', { period: 'month' })).toBe('0999-05');
    expect(periodOf('1969-12-31T23:59:59Z', { period: 'day' })).toBe('1969-12-31');
  });

  it('writes years before year 0 with a sign before the padded digits', () => {
    // Proleptic Gregorian calendar with a year 0 (ISO 8601 expanded years): Date.UTC(-1, 4, 5) is -0001-05-05.
    const instant = Date.UTC(-1, 4, 5);
    expect(periodOf(instant, { period: 'day' })).toBe('-0001-05-05');
    expect(periodOf(instant, { period: 'month' })).toBe('-0001-05');
    expect(periodOf(instant, { period: 'quarter' })).toBe('-0001-Q2');
    expect(periodOf(instant, { period: 'year' })).toBe('-0001');
    // The last minute of year -1 is followed by year 0, written 0000.
    expect(periodOf(Date.UTC(-1, 11, 31, 23, 59), { period: 'day' })).toBe('-0001-12-31');
    expect(periodOf(Date.UTC(-1, 11, 31, 23, 59) + 60_000, { period: 'day' })).toBe('0000-01-01');
  });

  it('reads the first and last instants that a Date can hold, in any zone', () => {
    // ±8.64e15 ms: 275760-09-13 and -271821-04-20 in UTC; Tokyo is 9 hours ahead at both ends.
    expect(periodOf(8.64e15, { period: 'day', timeZone: 'Asia/Tokyo' })).toBe('275760-09-13');
    expect(periodOf(8.64e15, { period: 'day' })).toBe('275760-09-13');
    expect(periodOf(-8.64e15, { period: 'day', timeZone: 'Asia/Tokyo' })).toBe('-271821-04-20');
    expect(periodOf(-8.64e15, { period: 'day', timeZone: 'America/New_York' })).toBe('-271821-04-19');
  });

  it('refuses invalid dates with INVALID_VALUE', () => {
    for (const bad of [
      '2024-02-30',
      '2024-13-01',
      'yesterday',
      '2024-03-05T25:00',
      '',
      NaN,
      Infinity,
      9e15,
      new Date('x'),
      null,
      {},
      '2024-03-05T10:00+25:00',
    ]) {
      const error = expectError(() => periodOf(bad as string, { period: 'day' }), 'INVALID_VALUE', 'periodOf');
      expect(error.details.value).toBe(bad);
    }
  });

  it('refuses bad options with INVALID_ARGUMENT, naming the option', () => {
    for (const [options, argument] of [
      [{ period: 'fortnight' }, 'period'],
      [{}, 'period'],
      [{ period: 'day', timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ period: 'day', timeZone: 5 }, 'timeZone'],
      [{ period: 'week', weekStartsOn: 7 }, 'weekStartsOn'],
      [{ period: 'week', weekStartsOn: 1.5 }, 'weekStartsOn'],
      [{ period: 'week', weekStartsOn: null }, 'weekStartsOn'],
      [{ period: 'day', timeZone: null }, 'timeZone'],
    ] as const) {
      const error = expectError(() => periodOf('2024-01-01', options as never), 'INVALID_ARGUMENT', 'periodOf');
      expect(error.details.argument).toBe(argument);
    }
    for (const options of [undefined, null, 5, 'day']) {
      const error = expectError(() => periodOf('2024-01-01', options as never), 'INVALID_ARGUMENT', 'periodOf');
      expect(error.details).toEqual({ argument: 'options', value: options });
    }
  });
});
