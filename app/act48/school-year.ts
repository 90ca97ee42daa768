import { dayIn } from '../utils/dates';

/**
 * Pennsylvania's school year runs July 1 to June 30; Chapter 14 counts a paraprofessional's
 * 20 hours per school year. Pure functions, shared by the Chapter 14 totals and letters.
 */

export interface SchoolYear {
  /** the calendar year the school year starts in: 2026 for July 2026 – June 2027 */
  startYear: number;
  /** "2026–27" */
  label: string;
  /** first and last day, YYYY-MM-DD */
  firstDay: string;
  lastDay: string;
}

/** the 20 hours a year Chapter 14 asks of a paraprofessional */
export const CHAPTER_14_HOURS_PER_YEAR = 20;

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone (UTC when the zone is unknown). */
export function calendarDayIn(instant: Date, timeZone: string): string {
  try {
    // the formatter is built once per zone and kept
    return dayIn(instant, timeZone);
  } catch {
    return instant.toISOString().slice(0, 10);
  }
}

export function schoolYearStarting(startYear: number): SchoolYear {
  return {
    startYear,
    label: `${startYear}–${String((startYear + 1) % 100).padStart(2, '0')}`,
    firstDay: `${startYear}-07-01`,
    lastDay: `${startYear + 1}-06-30`,
  };
}

/** The school year of a calendar day (YYYY-MM-DD). */
export function schoolYearOfDay(day: string): SchoolYear {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return schoolYearStarting(month >= 7 ? year : year - 1);
}

/** The school year an instant belongs to, read on the calendar of the given time zone. */
export function schoolYearOf(instant: Date, timeZone: string): SchoolYear {
  return schoolYearOfDay(calendarDayIn(instant, timeZone));
}
