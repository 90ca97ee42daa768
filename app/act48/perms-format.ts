import { checkEducatorId } from '../people/educator-id';

/**
 * The PERMS attendance upload, one row per educator per credit. PDE does not publish the
 * provider upload layout openly; these are the fields its Act 48 provider guidance and
 * PERMS's own error messages name (see README, "PERMS upload"): the provider's number, the
 * activity PERMS knows the course by, the educator's PPID and name as certified, and the
 * hours with the day they were completed. Dates are US style, as PERMS shows them.
 */
export const PERMS_COLUMNS = [
  'Provider ID',
  'Activity ID',
  'PPID',
  'Last Name',
  'First Name',
  'Activity Start Date',
  'Completion Date',
  'Credit Hours',
] as const;

export interface PermsEntry {
  providerNumber: string | null;
  activityId: string | null;
  stateEducatorId: string | null;
  name: string;
  /** YYYY-MM-DD */
  startsOn: string;
  /** YYYY-MM-DD, in the cohort's time zone */
  completedOn: string;
  hours: number;
}

export type PermsRow = Record<(typeof PERMS_COLUMNS)[number], string>;

/** YYYY-MM-DD as MM/DD/YYYY */
export function usDate(day: string): string {
  const [year, month, date] = day.split('-');
  return `${month}/${date}/${year}`;
}

/**
 * A full name split as PERMS files it: "Last, First" when written that way, otherwise the
 * last word is the surname ("Nguyen Thi Lan" is best written "Nguyen, Thi Lan").
 */
export function splitName(name: string): { first: string; last: string } {
  const clean = name.replace(/\s+/g, ' ').trim();
  const comma = clean.indexOf(',');
  if (comma > 0) {
    return { last: clean.slice(0, comma).trim(), first: clean.slice(comma + 1).trim() };
  }
  const space = clean.lastIndexOf(' ');
  if (space < 0) return { first: '', last: clean };
  return { first: clean.slice(0, space), last: clean.slice(space + 1) };
}

/** hours with at most two decimals and no trailing zeros: 15, 1.5, 0.25 */
export function formatCreditHours(hours: number): string {
  return String(Math.round(hours * 100) / 100);
}

/** what keeps an entry out of the upload, or null when it can go */
export function permsProblem(entry: PermsEntry): string | null {
  if (!entry.providerNumber) return 'the organization has no provider number';
  if (!entry.activityId) return 'the cohort has no PERMS activity id';
  const ppid = checkEducatorId(entry.stateEducatorId);
  if (!ppid.ok || ppid.value === null) return 'no PPID';
  if (!(entry.hours > 0)) return 'not a positive credit: correct it in PERMS';
  return null;
}

export function permsRow(entry: PermsEntry): PermsRow {
  const { first, last } = splitName(entry.name);
  const ppid = checkEducatorId(entry.stateEducatorId);
  return {
    'Provider ID': entry.providerNumber ?? '',
    'Activity ID': entry.activityId ?? '',
    PPID: ppid.ok && ppid.value ? ppid.value : '',
    'Last Name': last,
    'First Name': first,
    'Activity Start Date': usDate(entry.startsOn),
    'Completion Date': usDate(entry.completedOn),
    'Credit Hours': formatCreditHours(entry.hours),
  };
}
