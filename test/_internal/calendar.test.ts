import { fc, test as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  instantOfWallTime,
  parseDay,
  parseInstant,
  zonedDayNumber,
} from '../../src/_internal/calendar';

describe('civil date arithmetic', () => {
  property.prop([fc.integer({ min: -1_000_000, max: 1_000_000 })])('daysFromCivil inverts civilFromDays', (days) => {
    const { year, month, day } = civilFromDays(days);
    expect(daysFromCivil(year, month, day)).toBe(days);
    const date = new Date(days * 86_400_000);
    if (Number.isFinite(date.getTime())) {
      expect([year, month, day]).toEqual([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]);
    }
  });
});

describe('parseInstant', () => {
  it('reads offsets, Z, wall times in the zone and fractional seconds', () => {
    expect(parseInstant('2024-03-05T10:00:00.250Z', 'UTC')).toBe(Date.UTC(2024, 2, 5, 10, 0, 0, 250));
    expect(parseInstant('2024-03-05T10:00:00-0530', 'UTC')).toBe(Date.UTC(2024, 2, 5, 15, 30));
    expect(parseInstant('2024-03-05 10:00:00', 'Asia/Tokyo')).toBe(Date.UTC(2024, 2, 5, 1));
    expect(parseInstant('2024-03-05T10:00z', 'UTC')).toBe(Date.UTC(2024, 2, 5, 10));
    expect(parseInstant(' 2024-03-05 ', 'UTC')).toBe(Date.UTC(2024, 2, 5));
    expect(parseInstant('+010000-01-01', 'UTC')).toBe(Date.UTC(10000, 0, 1));
    expect(parseInstant('+300000-01-01', 'UTC')).toBeNaN();
    expect(parseInstant(true, 'UTC')).toBeNaN();
  });

  it('moves skipped wall times forward and takes the earlier of repeated ones', () => {
    expect(instantOfWallTime(Date.UTC(2024, 2, 10, 2, 30), 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 7, 30));
    expect(instantOfWallTime(Date.UTC(2024, 10, 3, 1, 30), 'America/New_York')).toBe(Date.UTC(2024, 10, 3, 5, 30));
    expect(instantOfWallTime(Date.UTC(2024, 5, 1), 'UTC')).toBe(Date.UTC(2024, 5, 1));
  });

  it('finds the calendar day across an offset change within the hour', () => {
    // Lord Howe Island changes by 30 minutes at 02:00 local time.
    const instant = Date.UTC(2024, 3, 6, 14, 45);
    const expected = new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Lord_Howe' }).format(instant);
    const { year, month, day } = civilFromDays(zonedDayNumber(instant, 'Australia/Lord_Howe'));
    expect(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`).toBe(expected);
  });
});

describe('parseDay', () => {
  const day = (text: string): number =>
    daysFromCivil(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));

  it('reads date-only strings directly and refuses impossible dates', () => {
    expect(parseDay('2024-02-29', 'Asia/Tokyo')).toBe(day('2024-02-29'));
    expect(parseDay('20240229', 'UTC')).toBe(day('2024-02-29'));
    expect(parseDay('2023-02-29', 'UTC')).toBeNaN();
    expect(parseDay('2023-13-01', 'UTC')).toBeNaN();
    expect(parseDay('2023/01/01', 'UTC')).toBeNaN();
  });

  property.prop([fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })])(
    'refuses exactly the dates the Gregorian calendar lacks',
    (year, month, dayOfMonth) => {
      const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
      // Date.UTC rolls a day past the month's end over into the next month.
      const date = new Date(Date.UTC(2000, month - 1, dayOfMonth));
      date.setUTCFullYear(year);
      const exists = date.getUTCMonth() === month - 1 && date.getUTCDate() === dayOfMonth;
      expect(parseDay(text, 'UTC')).toBe(exists ? daysFromCivil(year, month, dayOfMonth) : NaN);
    },
  );

  it('knows the leap years of the Gregorian calendar', () => {
    expect(parseDay('1900-02-29', 'UTC')).toBeNaN();
    expect(parseDay('2100-02-29', 'UTC')).toBeNaN();
    expect(parseDay('2000-02-29', 'UTC')).toBe(day('2000-02-29'));
    expect(parseDay('1600-02-29', 'UTC')).toBe(day('1600-02-29'));
    expect(parseInstant('-000004-02-29', 'UTC')).toBe(Date.UTC(-4, 1, 29));
    expect(parseInstant('-000100-02-29', 'UTC')).toBeNaN();
    expect(parseDay('2024-04-31', 'UTC')).toBeNaN();
    expect(parseDay('2024-12-31 23:59:59', 'UTC')).toBe(day('2024-12-31'));
  });

  it('reads wall times in the zone, sending times skipped by DST through the general path', () => {
    expect(parseDay('2024-03-10 12:00:00', 'America/New_York')).toBe(day('2024-03-10'));
    // 02:30 does not exist in New York that day: moved forward to 03:30, the same day.
    expect(parseDay('2024-03-10T02:30:00', 'America/New_York')).toBe(day('2024-03-10'));
    // Samoa skipped 2011-12-30 entirely: a wall time on it moves to 2011-12-31.
    expect(parseDay('2011-12-30T12:00:00', 'Pacific/Apia')).toBe(day('2011-12-31'));
    expect(parseDay('2024-03-10T25:00:00', 'UTC')).toBeNaN();
    expect(parseDay('2024-03-10X12:00:00', 'UTC')).toBeNaN();
  });

  it('reads UTC timestamps on the fast path and refuses malformed ones', () => {
    expect(parseInstant('2024-03-05T10:00:00.250Z', 'UTC')).toBe(Date.UTC(2024, 2, 5, 10, 0, 0, 250));
    expect(parseInstant('2024-03-05T10:00:00Z', 'UTC')).toBe(Date.UTC(2024, 2, 5, 10));
    expect(parseInstant('2024-03-05T24:00:00Z', 'UTC')).toBeNaN();
    expect(parseInstant('2024-03-05T10:00:00,25xZ', 'UTC')).toBeNaN();
    expect(parseInstant('2024-03-05 10:00:00.250Z', 'UTC')).toBe(Date.UTC(2024, 2, 5, 10, 0, 0, 250));
  });
});
