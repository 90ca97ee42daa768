const dateFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "Jan 11, 2027 – Apr 30, 2027" from ISO dates; calendar dates have no time zone to shift them. */
export function formatDateRange(startsOn: string, endsOn: string) {
  // node's ICU pads the dash with thin spaces and browsers' does not; plain spaces hydrate cleanly
  return dateFormat
    .formatRange(new Date(`${startsOn}T00:00:00Z`), new Date(`${endsOn}T00:00:00Z`))
    .replace(/[\u2009\u202f]/g, ' ');
}

/** "Eastern Time (America/New_York)" for showing which zone a cohort's times are in. */
export function describeTimeZone(timeZone: string) {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((part) => part.type === 'timeZoneName')?.value;
    return name ? `${name} (${timeZone})` : timeZone;
  } catch {
    return timeZone;
  }
}

// node's ICU and the browser's disagree on narrow and thin spaces; plain spaces hydrate cleanly
const plainSpaces = (text: string) => text.replace(/[\u2009\u202f]/g, ' ');

/** "Nov 26, 2026, 9:15 AM EST": a moment shown in the cohort's zone, with the zone named. */
export function formatDateTime(iso: string | null, timeZone: string) {
  if (!iso) return '—';
  try {
    return plainSpaces(
      new Intl.DateTimeFormat('en-US', {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone,
        timeZoneName: 'short',
      }).format(new Date(iso)),
    );
  } catch {
    return new Date(iso).toISOString();
  }
}

/** "Nov 26, 2026" in the cohort's zone. */
export function formatDay(iso: string | null, timeZone: string) {
  if (!iso) return '—';
  try {
    return plainSpaces(
      new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone }).format(new Date(iso)),
    );
  } catch {
    return new Date(iso).toISOString().slice(0, 10);
  }
}

/**
 * Whether `value` is a calendar day written YYYY-MM-DD that exists: Date.parse accepts
 * 2027-02-30 (it rolls over to March), and PostgreSQL refuses it.
 */
export function isRealDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** YYYY-MM-DD of the calendar day `now` falls on in `timeZone` */
export function dayIn(now: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export const DEFAULT_COHORT_WEEKS = 12;

/**
 * A new cohort's suggested span: from next Monday (a week ahead when today is Monday, so
 * invitations have time to land) for twelve weeks, ending on the Sunday, in the
 * organization's time zone.
 */
export function defaultCohortSpan(now: Date, timeZone: string) {
  const today = dayIn(now, timeZone);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  const startsOn = addDays(today, (8 - weekday) % 7 || 7);
  return { startsOn, endsOn: addDays(startsOn, DEFAULT_COHORT_WEEKS * 7 - 1) };
}
