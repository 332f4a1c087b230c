import { fc, test as property } from '@fast-check/vitest';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  instantOfWallTime,
  parseDay,
  parseInstant,
  zonedDayNumber,
  zoneOffset,
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

  it('reads the last day of a 400-year cycle', () => {
    // Hinnant's algorithm counts eras from March 1 of years divisible by 400, so the day before
    // is the era's last (day 146096) and a case of its own in civilFromDays.
    for (const year of [1600, 2000, 2400]) {
      expect(civilFromDays(daysFromCivil(year, 2, 29))).toEqual({ year, month: 2, day: 29 });
      expect(civilFromDays(daysFromCivil(year, 3, 1))).toEqual({ year, month: 3, day: 1 });
    }
  });
});

describe('zoneOffset', () => {
  it('keeps the seconds of local mean time', () => {
    // New York kept local mean time, UTC-4:56:02, until 1883-11-18 (IANA tz database).
    expect(zoneOffset(Date.UTC(1880, 0, 1), 'America/New_York')).toBe(-(4 * 3600 + 56 * 60 + 2) * 1000);
  });

  it('is exact within an hour that changes offset off the hour', () => {
    // Iran left daylight time at 2021-09-22 00:00 (+04:30), back to 2021-09-21 23:00 (+03:30),
    // that is at 19:30 UTC: the UTC hour from 19:00 has two offsets.
    expect(zoneOffset(Date.UTC(2021, 8, 21, 19, 15), 'Asia/Tehran')).toBe(4.5 * 3_600_000);
    expect(zoneOffset(Date.UTC(2021, 8, 21, 19, 45), 'Asia/Tehran')).toBe(3.5 * 3_600_000);
    // 19:45 UTC is 23:15 on the 21st; the offset of 19:00 would put it at 00:15 on the 22nd.
    expect(zonedDayNumber(Date.UTC(2021, 8, 21, 19, 45), 'Asia/Tehran')).toBe(daysFromCivil(2021, 9, 21));
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
    expect(parseInstant('2024-03-05T10:20:30.5+01:30', 'UTC')).toBe(Date.UTC(2024, 2, 5, 8, 50, 30, 500));
    expect(parseInstant('2024-03-05T10:00+05', 'UTC')).toBe(Date.UTC(2024, 2, 5, 5));
  });

  it('accepts offsets up to ±23:59 and no further', () => {
    expect(parseInstant('2024-03-05T10:00+23:59', 'UTC')).toBe(Date.UTC(2024, 2, 5, 10) - (23 * 60 + 59) * 60_000);
    expect(parseInstant('2024-03-05T10:00-23:59', 'UTC')).toBe(Date.UTC(2024, 2, 5, 10) + (23 * 60 + 59) * 60_000);
    expect(parseInstant('2024-03-05T10:00+24:00', 'UTC')).toBeNaN();
    expect(parseInstant('2024-03-05T10:00+10:60', 'UTC')).toBeNaN();
  });

  it('reads wall times at the ends of the Date range in any zone, refusing those whose instant is outside', () => {
    // At the last instant, 8.64e15, midnight in Tokyo (+9:00) is before it and in New York (-5:00)
    // after it; at the first, -8.64e15, the zones keep their local mean time (New York -4:56:02,
    // Paris +0:09:21). Intl reads no instant outside the range, so neither may a probe.
    expect(parseInstant('+275760-09-13', 'Asia/Tokyo')).toBe(8.64e15 - 9 * 3600 * 1000);
    expect(parseInstant('+275760-09-13', 'America/New_York')).toBeNaN();
    expect(parseInstant('-271821-04-20', 'America/New_York')).toBe(-8.64e15 + (4 * 3600 + 56 * 60 + 2) * 1000);
    expect(parseInstant('-271821-04-20', 'Europe/Paris')).toBeNaN();
    expect(parseInstant('+275761-01-01', 'Asia/Tokyo')).toBeNaN();
  });

  it('accepts the last instant a Date can hold and nothing after it', () => {
    expect(parseInstant('+275760-09-13T00:00:00Z', 'UTC')).toBe(8.64e15);
    expect(parseInstant('+275760-09-13T00:00:00.001Z', 'UTC')).toBeNaN();
    expect(parseInstant('-271821-04-20T00:00:00Z', 'UTC')).toBe(-8.64e15);
  });

  it('reads a Date of another realm (an iframe, a vm context), and no object that only looks like one', () => {
    const foreign = runInNewContext('new Date(Date.UTC(2024, 2, 5, 10))') as Date;
    expect(foreign instanceof Date).toBe(false);
    expect(parseInstant(foreign, 'Asia/Tokyo')).toBe(Date.UTC(2024, 2, 5, 10));
    expect(parseInstant(runInNewContext('new Date(NaN)'), 'UTC')).toBeNaN();
    const lookalike = { [Symbol.toStringTag]: 'Date', getTime: () => 0, valueOf: () => 0 };
    const proxy = new Proxy(new Date(0), {});
    for (const value of [lookalike, proxy, Object.create(Date.prototype), {}, [], null]) {
      expect(parseInstant(value, 'UTC')).toBeNaN();
    }
  });

  it('refuses text around a date', () => {
    for (const text of ['x2024-03-05', '2024-03-05x', '120240305', '20240305x', '2024-03-05T10:00:00x250Z']) {
      expect(parseInstant(text, 'UTC')).toBeNaN();
    }
  });

  it('moves skipped wall times forward and takes the earlier of repeated ones', () => {
    expect(instantOfWallTime(Date.UTC(2024, 2, 10, 2, 30), 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 7, 30));
    expect(instantOfWallTime(Date.UTC(2024, 10, 3, 1, 30), 'America/New_York')).toBe(Date.UTC(2024, 10, 3, 5, 30));
    expect(instantOfWallTime(Date.UTC(2024, 5, 1), 'UTC')).toBe(Date.UTC(2024, 5, 1));
  });

  it('reads wall times in the hours after a change with the new offset', () => {
    // New York: EDT (-4) from 2024-03-10 03:00, EST (-5) from 2024-11-03 01:00 (second pass).
    expect(instantOfWallTime(Date.UTC(2024, 2, 10, 12), 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 16));
    expect(instantOfWallTime(Date.UTC(2024, 10, 3, 12), 'America/New_York')).toBe(Date.UTC(2024, 10, 3, 17));
    // ... and in the hours before it with the old one.
    expect(instantOfWallTime(Date.UTC(2024, 2, 9, 23), 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 4));
    expect(instantOfWallTime(Date.UTC(2024, 10, 2, 23), 'America/New_York')).toBe(Date.UTC(2024, 10, 3, 3));
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
    for (const text of ['2024x03-05', '2024-03x05', '2024-0a-05', '2024-0/-05', '2024-03-0a', '202a0305', '20240230']) {
      expect(parseDay(text, 'UTC')).toBeNaN();
    }
  });

  it('knows the months of 30 days', () => {
    for (const month of ['04', '06', '09', '11']) {
      expect(parseDay(`2024-${month}-30`, 'UTC')).toBe(day(`2024-${month}-30`));
      expect(parseDay(`2024-${month}-31`, 'UTC')).toBeNaN();
      expect(parseDay(`2024-${month}-31T12:00:00`, 'UTC')).toBeNaN();
      expect(parseInstant(`2024-${month}-31T12:00Z`, 'UTC')).toBeNaN();
    }
  });

  // Each date is read on the three paths that check it: the date-only fast path, the wall-time
  // fast path (19 characters) and the general parser (here with an offset).
  property.prop([fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })])(
    'refuses exactly the dates the Gregorian calendar lacks',
    (year, month, dayOfMonth) => {
      const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
      // Date.UTC rolls a day past the month's end over into the next month.
      const date = new Date(Date.UTC(2000, month - 1, dayOfMonth));
      date.setUTCFullYear(year);
      const exists = date.getUTCMonth() === month - 1 && date.getUTCDate() === dayOfMonth;
      const days = exists ? daysFromCivil(year, month, dayOfMonth) : NaN;
      expect(parseDay(text, 'UTC')).toBe(days);
      expect(parseDay(`${text}T12:00:00`, 'UTC')).toBe(days);
      expect(parseInstant(`${text}T12:00+00:00`, 'UTC')).toBe(days * 86_400_000 + 43_200_000);
    },
  );

  property.prop([fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 })])(
    'refuses exactly the times of day that do not exist',
    (hour, minute, second) => {
      const time = [hour, minute, second].map((part) => String(part).padStart(2, '0')).join(':');
      const exists = hour <= 23 && minute <= 59 && second <= 59;
      const instant = exists ? Date.UTC(2024, 2, 5, hour, minute, second) : NaN;
      expect(parseDay(`2024-03-05T${time}`, 'UTC')).toBe(exists ? day('2024-03-05') : NaN);
      expect(parseInstant(`2024-03-05T${time}Z`, 'UTC')).toBe(instant);
      expect(parseInstant(`2024-03-05T${time}+00:00`, 'UTC')).toBe(instant);
    },
  );

  it('reads the last second of a day and refuses the next one on every path', () => {
    expect(parseDay('2024-03-05T23:59:59', 'UTC')).toBe(day('2024-03-05'));
    expect(parseInstant('2024-03-05T23:59:59Z', 'UTC')).toBe(Date.UTC(2024, 2, 5, 23, 59, 59));
    for (const time of ['24:00:00', '23:60:00', '23:59:60']) {
      expect(parseDay(`2024-03-05T${time}`, 'UTC')).toBeNaN();
      expect(parseInstant(`2024-03-05T${time}Z`, 'UTC')).toBeNaN();
      expect(parseInstant(`2024-03-05T${time}+00:00`, 'UTC')).toBeNaN();
    }
  });

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
    for (const text of [
      '2024-03-10X12:00:00',
      '2024x03-10T12:00:00',
      '2024-03x10T12:00:00',
      '2024-03-10T12x00:00',
      '2024-03-10T12:00x00',
    ]) {
      expect(parseDay(text, 'UTC')).toBeNaN();
    }
    // Characters just below and above the digits ('/' and ':') are not digits either.
    for (const text of [
      '2024-03-10T1a:00:00',
      '2024-03-10T1/:00:00',
      '202/-03-10T12:00:00',
      '202/-03-10',
      '202:-03-10',
    ]) {
      expect(parseDay(text, 'UTC')).toBeNaN();
    }
  });

  it('reads UTC timestamps on the fast path and refuses malformed ones', () => {
    expect(parseInstant('2024-03-05T10:00:00.250Z', 'UTC')).toBe(Date.UTC(2024, 2, 5, 10, 0, 0, 250));
    expect(parseInstant('2024-03-05T10:00:00Z', 'UTC')).toBe(Date.UTC(2024, 2, 5, 10));
    expect(parseInstant('2024-03-05T24:00:00Z', 'UTC')).toBeNaN();
    expect(parseInstant('2024-03-05T10:00:00,25xZ', 'UTC')).toBeNaN();
    expect(parseInstant('2024-03-05 10:00:00.250Z', 'UTC')).toBe(Date.UTC(2024, 2, 5, 10, 0, 0, 250));
  });
});
