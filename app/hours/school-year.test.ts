import { describe, expect, it } from 'vitest';
import {
  localDay,
  parseSchoolYear,
  schoolYear,
  schoolYearOf,
  schoolYearOfDay,
} from './school-year';

describe('the July–June school year', () => {
  it('puts June 30 in the year that ends and July 1 in the next', () => {
    expect(schoolYearOf('2027-06-30T12:00:00Z', 'America/New_York').label).toBe('2026–27');
    expect(schoolYearOf('2027-07-01T12:00:00Z', 'America/New_York').label).toBe('2027–28');
    expect(schoolYearOf('2027-01-01T12:00:00Z', 'America/New_York').startYear).toBe(2026);
    expect(schoolYearOf('2026-12-31T12:00:00Z', 'America/New_York').startYear).toBe(2026);
  });

  it('judges the day in the organization’s time zone, not UTC', () => {
    // 11:30 pm on June 30 in Pittsburgh is already July 1 in UTC
    expect(schoolYearOf('2027-07-01T03:30:00Z', 'America/New_York').startYear).toBe(2026);
    expect(schoolYearOf('2027-07-01T03:30:00Z', 'UTC').startYear).toBe(2027);
    // 12:30 am on July 1 in Pittsburgh is still June 30 in UTC
    expect(schoolYearOf('2027-07-01T04:30:00Z', 'America/New_York').startYear).toBe(2027);
    expect(schoolYearOf('2027-06-30T23:59:59Z', 'UTC').startYear).toBe(2026);
    // a zone east of UTC moves the boundary the other way
    expect(schoolYearOf('2027-06-30T22:30:00Z', 'Asia/Tokyo').startYear).toBe(2027);
    // daylight time: Honolulu has none, the boundary is at 10:00 UTC
    expect(schoolYearOf('2027-07-01T09:59:59Z', 'Pacific/Honolulu').startYear).toBe(2026);
    expect(schoolYearOf('2027-07-01T10:00:00Z', 'Pacific/Honolulu').startYear).toBe(2027);
  });

  it('falls back to UTC for a zone it does not know', () => {
    expect(schoolYearOf('2027-07-01T03:30:00Z', 'Mars/Olympus').startYear).toBe(2027);
  });

  it('names its first and last day', () => {
    expect(schoolYear(2026)).toEqual({
      startYear: 2026,
      label: '2026–27',
      startsOn: '2026-07-01',
      endsOn: '2027-06-30',
    });
    expect(schoolYear(2099).label).toBe('2099–00');
  });

  it('reads a year from a URL and refuses anything else', () => {
    expect(parseSchoolYear('2026')?.label).toBe('2026–27');
    expect(parseSchoolYear('2026-27')?.startYear).toBe(2026);
    expect(parseSchoolYear('2026-28')).toBeNull();
    expect(parseSchoolYear('26')).toBeNull();
    expect(parseSchoolYear('1999')).toBeNull();
    expect(parseSchoolYear("2026' or 1=1")).toBeNull();
    expect(parseSchoolYear(undefined)).toBeNull();
  });
});

describe('the school year of a day', () => {
  it('starts on July 1 and ends on June 30', () => {
    expect(schoolYearOfDay('2026-06-30')).toMatchObject({ startYear: 2025, label: '2025–26' });
    expect(schoolYearOfDay('2026-07-01')).toEqual({
      startYear: 2026,
      label: '2026–27',
      startsOn: '2026-07-01',
      endsOn: '2027-06-30',
    });
    expect(schoolYearOfDay('2027-01-01')).toMatchObject({ startYear: 2026 });
  });

  it('labels a year that crosses a century with two digits', () => {
    expect(schoolYearOfDay('2099-09-01').label).toBe('2099–00');
  });
});

describe('the school year of an instant, on an organization’s calendar', () => {
  // 03:30 UTC on July 1 is still the evening of June 30 in Pennsylvania
  const boundary = new Date('2026-07-01T03:30:00Z');

  it('follows the local day, not the UTC day', () => {
    expect(localDay(boundary, 'America/New_York')).toBe('2026-06-30');
    expect(schoolYearOf(boundary, 'America/New_York').label).toBe('2025–26');
    expect(schoolYearOf(boundary, 'UTC').label).toBe('2026–27');
    expect(schoolYearOf(new Date('2026-07-01T04:00:00Z'), 'America/New_York').label).toBe(
      '2026–27',
    );
  });

  it('reads the next year early where the day starts earlier', () => {
    expect(schoolYearOf(new Date('2026-06-30T13:00:00Z'), 'Pacific/Auckland').label).toBe(
      '2026–27',
    );
  });

  it('falls back to UTC for a zone it does not know', () => {
    expect(schoolYearOf(boundary, 'Not/AZone').label).toBe('2026–27');
  });
});

describe('the calendar day of an instant, from a kept formatter', () => {
  it('writes what a formatter built on the spot writes, for every zone and hour', () => {
    const zones = ['America/New_York', 'America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'];
    for (const timeZone of zones) {
      for (let hour = 0; hour < 48; hour += 5) {
        const instant = new Date(Date.UTC(2027, 2, 13, hour, 30));
        const fresh = new Intl.DateTimeFormat('en-CA', {
          timeZone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
        }).format(instant);
        expect(localDay(instant, timeZone)).toBe(fresh);
      }
    }
  });

  it('still falls back to the UTC day for a zone Intl does not know', () => {
    expect(localDay(new Date('2027-03-13T23:30:00Z'), 'Mars/Olympus')).toBe('2027-03-13');
  });
});
