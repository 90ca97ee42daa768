/**
 * Pennsylvania's school year runs July 1 to June 30 (22 Pa. Code § 14.105 counts a
 * paraprofessional's 20 hours "each school year"). A year is named by the calendar year it
 * starts in: 2026 is July 1, 2026 – June 30, 2027, shown as "2026–27".
 */

import { dayIn } from '../utils/dates';

/** the 20 hours a year Chapter 14 asks of a paraprofessional */
export const CHAPTER_14_HOURS_PER_YEAR = 20;

export interface SchoolYear {
  startYear: number;
  label: string;
  /** first and last day, YYYY-MM-DD */
  startsOn: string;
  endsOn: string;
}

export function schoolYear(startYear: number): SchoolYear {
  return {
    startYear,
    label: `${startYear}–${String((startYear + 1) % 100).padStart(2, '0')}`,
    startsOn: `${startYear}-07-01`,
    endsOn: `${startYear + 1}-06-30`,
  };
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone; UTC for an unknown zone. */
export function localDay(instant: Date | string, timeZone: string) {
  const date = new Date(instant);
  try {
    return dayIn(date, timeZone);
  } catch {
    return dayIn(date, 'UTC');
  }
}

/** The school year of a calendar day (YYYY-MM-DD). */
export function schoolYearOfDay(day: string): SchoolYear {
  const [year = 0, month = 0] = day.split('-').map(Number);
  return schoolYear(month >= 7 ? year : year - 1);
}

/** The school year an instant belongs to, judged by the day it is in the organization's zone. */
export function schoolYearOf(instant: Date | string, timeZone: string): SchoolYear {
  return schoolYearOfDay(localDay(instant, timeZone));
}

/** "2026" or "2026-27" from a URL; null for anything else or a year out of any plausible range. */
export function parseSchoolYear(value: string | null | undefined): SchoolYear | null {
  const match = /^(\d{4})(?:[-–](\d{2}))?$/.exec(value?.trim() ?? '');
  if (!match) return null;
  const startYear = Number(match[1]);
  if (startYear < 2000 || startYear > 2200) return null;
  if (match[2] && Number(match[2]) !== (startYear + 1) % 100) return null;
  return schoolYear(startYear);
}
