import { describe, expect, it } from 'vitest';
import { addDays } from '../utils/dates';
import { daysBetween, describeDaysLeft, promiseDue } from './promise';

describe('the 30-day promise', () => {
  it('is due 30 calendar days after the day of confirmation', () => {
    const due = promiseDue(
      new Date('2027-01-10T15:00:00Z'),
      new Date('2027-01-20T15:00:00Z'),
      'America/New_York',
    );
    expect(due).toEqual({
      confirmedOn: '2027-01-10',
      dueOn: '2027-02-09',
      daysLeft: 20,
      overdue: false,
    });
  });

  it('counts a late-evening confirmation on the organization’s day, not UTC’s', () => {
    // 9:30 pm on January 31 in Pennsylvania is already February 1 in UTC
    const confirmedAt = new Date('2027-02-01T02:30:00Z');
    expect(promiseDue(confirmedAt, confirmedAt, 'America/New_York')).toMatchObject({
      confirmedOn: '2027-01-31',
      dueOn: '2027-03-02',
      daysLeft: 30,
    });
    expect(promiseDue(confirmedAt, confirmedAt, 'UTC')).toMatchObject({
      confirmedOn: '2027-02-01',
      dueOn: '2027-03-03',
    });
  });

  it('is due today on the 30th day and overdue the day after, by the local clock', () => {
    const confirmedAt = new Date('2027-03-01T17:00:00Z');
    // 11 pm on March 31 in New York is April 1 in UTC: still the due day there
    expect(
      promiseDue(confirmedAt, new Date('2027-04-01T03:00:00Z'), 'America/New_York'),
    ).toMatchObject({
      dueOn: '2027-03-31',
      daysLeft: 0,
      overdue: false,
    });
    expect(
      promiseDue(confirmedAt, new Date('2027-04-01T05:00:00Z'), 'America/New_York'),
    ).toMatchObject({
      daysLeft: -1,
      overdue: true,
    });
  });

  it('is not thrown off by the change to summer time', () => {
    // March 14, 2027 has 23 hours in New York
    expect(
      promiseDue(
        new Date('2027-03-01T12:00:00Z'),
        new Date('2027-03-20T12:00:00Z'),
        'America/New_York',
      ),
    ).toMatchObject({ dueOn: '2027-03-31', daysLeft: 11 });
  });

  it('does calendar arithmetic across months and leap days', () => {
    expect(addDays('2028-02-15', 30)).toBe('2028-03-16');
    expect(addDays('2027-12-15', 30)).toBe('2028-01-14');
    expect(daysBetween('2027-01-01', '2026-12-30')).toBe(-2);
  });

  it('says how many days are left in words', () => {
    expect(describeDaysLeft(0)).toBe('due today');
    expect(describeDaysLeft(1)).toBe('1 day left');
    expect(describeDaysLeft(12)).toBe('12 days left');
    expect(describeDaysLeft(-1)).toBe('1 day overdue');
    expect(describeDaysLeft(-3)).toBe('3 days overdue');
  });
});
