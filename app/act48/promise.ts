import { addDays } from '../utils/dates';
import { localDay } from '../hours/school-year';

/** hours are issued within this many days of confirming a complete submission */
export const PROMISE_DAYS = 30;

/** Whole days from one calendar day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round(
    (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / (24 * 60 * 60 * 1000),
  );
}

export interface PromiseDue {
  /** the day the confirmation came, in the organization's zone */
  confirmedOn: string;
  /** the last day the hours may be issued on */
  dueOn: string;
  /** days from today to the due day: 0 is due today, negative is overdue */
  daysLeft: number;
  overdue: boolean;
}

/**
 * When hours confirmed at `confirmedAt` are due: 30 calendar days after the day of the
 * confirmation on the organization's calendar, so a confirmation late in the evening counts
 * on the day the organization saw it, not the UTC day.
 */
export function promiseDue(confirmedAt: Date, now: Date, timeZone: string): PromiseDue {
  const confirmedOn = localDay(confirmedAt, timeZone);
  const dueOn = addDays(confirmedOn, PROMISE_DAYS);
  const daysLeft = daysBetween(localDay(now, timeZone), dueOn);
  return { confirmedOn, dueOn, daysLeft, overdue: daysLeft < 0 };
}

export function describeDaysLeft(daysLeft: number): string {
  if (daysLeft === 0) return 'due today';
  if (daysLeft > 0) return `${daysLeft} ${daysLeft === 1 ? 'day' : 'days'} left`;
  const late = -daysLeft;
  return `${late} ${late === 1 ? 'day' : 'days'} overdue`;
}
