import { addDays, defaultCohortSpan } from '../app/utils/dates';
import { demoOrganization } from './seed-people';

/**
 * When the demo's cohorts run, computed from the day the demo is seeded so the story never
 * goes stale: one finished months ago, one at its share-out, one in the middle of learning
 * and one still gathering people. Browser tests compute the same names on the same day.
 */

const SEASONS = [
  'Winter',
  'Winter',
  'Spring',
  'Spring',
  'Spring',
  'Summer',
  'Summer',
  'Summer',
  'Fall',
  'Fall',
  'Fall',
  'Winter',
];

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export const DEMO_PROGRAM_TITLE = 'Classroom Management';

/** "Summer 2026 — Classroom Management" for a cohort starting on 2026-06-08 */
export function seasonalCohortName(startsOn: string, programTitle = DEMO_PROGRAM_TITLE) {
  const month = Number(startsOn.slice(5, 7));
  return `${SEASONS[month - 1]} ${startsOn.slice(0, 4)} — ${programTitle}`;
}

/** the Monday `weeks` weeks from the coming Monday (negative: in the past) */
export function mondayFrom(now: Date, timeZone: string, weeks: number) {
  return addDays(defaultCohortSpan(now, timeZone).startsOn, weeks * 7);
}

export interface DemoCohortDates {
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface DemoTimeline {
  /** twelve weeks that ended about three months ago */
  completed: DemoCohortDates;
  /** fourteen weeks ending in about two weeks, its share-out next week */
  sharing: DemoCohortDates;
  /** twelve weeks, six of them behind it */
  learning: DemoCohortDates;
  /** twelve weeks starting in five weeks */
  forming: DemoCohortDates;
}

export function demoTimeline(
  now: Date = new Date(),
  timeZone: string = demoOrganization.timezone,
): DemoTimeline {
  const span = (weeksFromNextMonday: number, weeks: number) => {
    const startsOn = mondayFrom(now, timeZone, weeksFromNextMonday);
    return { startsOn, endsOn: addDays(startsOn, weeks * 7 - 1) };
  };
  const dates = {
    completed: span(-26, 12),
    sharing: span(-13, 14),
    learning: span(-6, 12),
    forming: span(5, 12),
  };
  // two cohorts starting in the same season go by their months instead
  const taken = new Set<string>();
  const named = (cohort: { startsOn: string; endsOn: string }) => {
    let name = seasonalCohortName(cohort.startsOn);
    if (taken.has(name)) {
      const month = MONTHS[Number(cohort.startsOn.slice(5, 7)) - 1];
      name = `${month} ${cohort.startsOn.slice(0, 4)} — ${DEMO_PROGRAM_TITLE}`;
    }
    taken.add(name);
    return { name, ...cohort };
  };
  return {
    completed: named(dates.completed),
    sharing: named(dates.sharing),
    learning: named(dates.learning),
    forming: named(dates.forming),
  };
}
