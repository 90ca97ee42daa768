/**
 * Membership of the organization, as the org admin records it: a member from `since` until
 * `until` (both inclusive, calendar days in the organization's time zone). Nobody recorded
 * as a member is a non-member, which is what the scoring fee and the reports care about.
 */
export interface MembershipDates {
  member_since: Date | string | null;
  member_until: Date | string | null;
}

/** yyyy-mm-dd of a date column, whether the driver handed a Date or a string */
export function dayOf(value: Date | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

export function isMemberOn(person: MembershipDates, day: string): boolean {
  if (!person.member_since) return false;
  if (dayOf(person.member_since) > day) return false;
  return !person.member_until || dayOf(person.member_until) >= day;
}
