import { describe, expect, it } from 'vitest';
import { formatCreditHours, permsProblem, permsRow, splitName, usDate } from './perms-format';

const entry = {
  providerNumber: '9876',
  activityId: 'ACT-2027-0042',
  stateEducatorId: '284-7301',
  name: 'Maria Delgado',
  startsOn: '2027-01-11',
  completedOn: '2027-04-30',
  hours: 15,
};

describe('a PERMS upload row', () => {
  it('carries the provider, the activity, the PPID, the name split and US dates', () => {
    expect(permsRow(entry)).toEqual({
      'Provider ID': '9876',
      'Activity ID': 'ACT-2027-0042',
      PPID: '2847301',
      'Last Name': 'Delgado',
      'First Name': 'Maria',
      'Activity Start Date': '01/11/2027',
      'Completion Date': '04/30/2027',
      'Credit Hours': '15',
    });
  });

  it('splits names at the last word, or at a comma when written surname first', () => {
    expect(splitName('  Mary  Ann   Stoltzfus ')).toEqual({ first: 'Mary Ann', last: 'Stoltzfus' });
    expect(splitName('Nguyen, Thi Lan')).toEqual({ first: 'Thi Lan', last: 'Nguyen' });
    expect(splitName('Đặng Thị Ngọc')).toEqual({ first: 'Đặng Thị', last: 'Ngọc' });
    expect(splitName('Cher')).toEqual({ first: '', last: 'Cher' });
  });

  it('writes hours with at most two decimals', () => {
    expect(formatCreditHours(5)).toBe('5');
    expect(formatCreditHours(1.5)).toBe('1.5');
    expect(formatCreditHours(0.333333)).toBe('0.33');
    expect(usDate('2027-12-05')).toBe('12/05/2027');
  });

  it('says what keeps an entry out of the upload', () => {
    expect(permsProblem(entry)).toBeNull();
    expect(permsProblem({ ...entry, stateEducatorId: null })).toBe('no PPID');
    expect(permsProblem({ ...entry, stateEducatorId: '12345' })).toBe('no PPID');
    expect(permsProblem({ ...entry, activityId: null })).toMatch(/activity id/);
    expect(permsProblem({ ...entry, providerNumber: null })).toMatch(/provider number/);
    expect(permsProblem({ ...entry, hours: -15 })).toMatch(/correct it in PERMS/);
  });
});
