import { describe, expect, it } from 'vitest';
import { formatDateRange, formatDateTime, formatDay } from './dates';

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
});
