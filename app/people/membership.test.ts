import { describe, expect, it } from 'vitest';
import { isMemberOn } from './membership';

describe('isMemberOn', () => {
  it('counts nobody without a start day as a member', () => {
    expect(isMemberOn({ member_since: null, member_until: null }, '2026-12-04')).toBe(false);
    expect(isMemberOn({ member_since: null, member_until: '2027-01-01' }, '2026-12-04')).toBe(
      false,
    );
  });

  it('includes the first and the last day', () => {
    const person = { member_since: '2026-09-01', member_until: '2027-08-31' };
    expect(isMemberOn(person, '2026-08-31')).toBe(false);
    expect(isMemberOn(person, '2026-09-01')).toBe(true);
    expect(isMemberOn(person, '2027-08-31')).toBe(true);
    expect(isMemberOn(person, '2027-09-01')).toBe(false);
  });

  it('keeps an open-ended membership going', () => {
    expect(
      isMemberOn(
        { member_since: new Date('2020-01-01T00:00:00Z'), member_until: null },
        '2030-06-01',
      ),
    ).toBe(true);
  });
});
