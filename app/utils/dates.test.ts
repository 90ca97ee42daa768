import { describe, expect, it } from 'vitest';
import {
  dateTimeFormat,
  defaultCohortSpan,
  describeTimeZone,
  formatCalendarDay,
  formatDateRange,
  formatDateTime,
  formatDay,
  formatWeekdayDay,
} from './dates';
import { formatCount } from './locale';

describe('dates shown to people', () => {
  it('name the cohort zone and convert from UTC', () => {
    expect(formatDateTime('2027-01-11T23:30:00Z', 'America/New_York')).toBe(
      'Jan 11, 2027, 6:30 PM EST',
    );
    expect(formatDateTime('2027-07-01T15:00:00Z', 'America/Los_Angeles')).toBe(
      'Jul 1, 2027, 8:00 AM PDT',
    );
  });

  it('put a late-evening moment on the right local day', () => {
    expect(formatDay('2027-03-02T03:00:00Z', 'America/Chicago')).toBe('Mar 1, 2027');
  });

  it('use plain spaces only, so the server and the browser render the same text', () => {
    for (const text of [
      formatDateTime('2027-01-11T23:30:00Z', 'America/New_York'),
      formatDateRange('2027-01-11', '2027-04-30'),
    ]) {
      expect(text).not.toMatch(/[\u2009\u202f]/);
    }
  });

  it('show a dash for a missing moment', () => {
    expect(formatDateTime(null, 'America/New_York')).toBe('—');
  });

  it('answer each range and zone the same on every call, each its own', () => {
    for (let call = 0; call < 2; call += 1) {
      expect(formatDateRange('2027-01-11', '2027-04-30')).toBe('Jan 11 – Apr 30, 2027');
      expect(formatDateRange('2026-09-01', '2027-01-15')).toBe('Sep 1, 2026 – Jan 15, 2027');
      expect(describeTimeZone('America/New_York')).toBe('Eastern Time (America/New_York)');
      expect(describeTimeZone('America/Chicago')).toBe('Central Time (America/Chicago)');
      expect(formatDateTime('2027-01-11T23:30:00Z', 'America/Chicago')).toBe(
        'Jan 11, 2027, 5:30 PM CST',
      );
    }
  });

  it('name an unknown zone as it was given', () => {
    expect(describeTimeZone('Mars/Olympus_Mons')).toBe('Mars/Olympus_Mons');
    expect(formatDateTime('2027-01-11T23:30:00Z', 'Mars/Olympus_Mons')).toBe(
      '2027-01-11T23:30:00.000Z',
    );
  });
});

describe("a new cohort's suggested span", () => {
  it("starts next Monday in the organization's zone and lasts twelve weeks", () => {
    // Friday 4 Dec 2026, 22:00 in New York
    expect(defaultCohortSpan(new Date('2026-12-05T03:00:00Z'), 'America/New_York')).toEqual({
      startsOn: '2026-12-07',
      endsOn: '2027-02-28',
    });
  });

  it("uses the zone's day, not the server's, near midnight", () => {
    // Sunday 6 Dec in New York is already Monday 7 Dec in UTC
    expect(defaultCohortSpan(new Date('2026-12-07T03:00:00Z'), 'America/New_York').startsOn).toBe(
      '2026-12-07',
    );
    expect(defaultCohortSpan(new Date('2026-12-07T03:00:00Z'), 'UTC').startsOn).toBe('2026-12-14');
  });

  it('moves a Monday to the following Monday so invitations have a week', () => {
    expect(defaultCohortSpan(new Date('2026-12-07T15:00:00Z'), 'America/Chicago').startsOn).toBe(
      '2026-12-14',
    );
  });
});

describe('formatters', () => {
  it('are built once per locale, zone and options', () => {
    const first = dateTimeFormat({ dateStyle: 'medium', timeZone: 'America/Denver' });
    expect(dateTimeFormat({ dateStyle: 'medium', timeZone: 'America/Denver' })).toBe(first);
    expect(dateTimeFormat({ dateStyle: 'medium', timeZone: 'America/Chicago' })).not.toBe(first);
    expect(dateTimeFormat({ dateStyle: 'long', timeZone: 'America/Denver' })).not.toBe(first);
  });

  it('refuse an unknown zone as Intl does', () => {
    expect(() => dateTimeFormat({ timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });

  it('write calendar days without shifting them, and leave a bad value as it is', () => {
    expect(formatCalendarDay('2027-01-25')).toBe('Jan 25, 2027');
    expect(formatWeekdayDay('2027-01-25')).toBe('Mon, Jan 25, 2027');
    expect(formatCalendarDay('soon')).toBe('soon');
  });

  it('write counts with grouping', () => {
    expect(formatCount(100_000)).toBe('100,000');
  });
});
