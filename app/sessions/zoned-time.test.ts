import { describe, expect, it } from 'vitest';
import { utcToZonedWallTime, zonedWallTimeToUtc } from './zoned-time';

describe('wall-clock times in the cohort’s zone', () => {
  it('converts winter and summer times in New York to UTC', () => {
    expect(zonedWallTimeToUtc('2027-01-11', '16:00', 'America/New_York')?.toISOString()).toBe(
      '2027-01-11T21:00:00.000Z',
    );
    expect(zonedWallTimeToUtc('2027-04-27', '16:00', 'America/New_York')?.toISOString()).toBe(
      '2027-04-27T20:00:00.000Z',
    );
  });

  it('refuses the hour that does not exist when clocks spring forward', () => {
    expect(zonedWallTimeToUtc('2027-03-14', '02:30', 'America/New_York')).toBeNull();
  });

  it('refuses malformed and impossible dates', () => {
    expect(zonedWallTimeToUtc('2027-02-30', '10:00', 'America/New_York')).toBeNull();
    expect(zonedWallTimeToUtc('tomorrow', '10:00', 'America/New_York')).toBeNull();
    expect(zonedWallTimeToUtc('2027-02-03', '25:00', 'America/New_York')).toBeNull();
  });

  it('shows a UTC moment as the zone’s wall clock', () => {
    expect(utcToZonedWallTime(new Date('2027-02-04T21:30:00Z'), 'America/New_York')).toEqual({
      date: '2027-02-04',
      time: '16:30',
    });
    expect(utcToZonedWallTime(new Date('2027-02-04T21:30:00Z'), 'Asia/Kolkata')).toEqual({
      date: '2027-02-05',
      time: '03:00',
    });
  });
});

describe('showing a session time', () => {
  it('names the zone, in winter and in summer', async () => {
    const { formatSessionTime } = await import('./format');
    expect(formatSessionTime('2027-01-11T21:00:00Z', 'America/New_York')).toBe(
      'Mon, Jan 11, 2027, 4:00 PM EST',
    );
    expect(formatSessionTime('2027-04-27T20:00:00Z', 'America/New_York')).toBe(
      'Tue, Apr 27, 2027, 4:00 PM EDT',
    );
  });
});
