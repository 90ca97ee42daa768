import { LOCALE } from './locale';

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A date formatter for `options` (time zone included), built once and kept: building one
 * costs far more than using it. Throws a RangeError for an unknown time zone, as Intl does.
 */
export function dateTimeFormat(options: Intl.DateTimeFormatOptions, locale: string = LOCALE) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/**
 * A formatter whose parts are read back as numbers, never shown: its locale is fixed so the
 * digits stay Latin whatever language the app speaks.
 */
export function numericDateTimeFormat(options: Intl.DateTimeFormatOptions) {
  return dateTimeFormat(options, 'en-US');
}

const dateFormat = dateTimeFormat({
  month: 'short',
  day: 'numeric',
  year: 'numeric',
  timeZone: 'UTC',
});

/**
 * What a text function answered for each input, kept: for answers that depend on nothing
 * else and cost more than a lookup (ICU builds an interval formatter on every `formatRange`,
 * a tenth of a millisecond). Emptied when full, so unusual inputs cannot grow it.
 */
function remembered(compute: (key: string) => string, limit = 2000) {
  const answers = new Map<string, string>();
  return (key: string) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = compute(key);
      if (answers.size >= limit) answers.clear();
      answers.set(key, answer);
    }
    return answer;
  };
}

const dateRangeText = remembered((range) => {
  const [startsOn, endsOn] = range.split('|');
  // node's ICU pads the dash with thin spaces and browsers' does not; plain spaces hydrate cleanly
  return dateFormat
    .formatRange(new Date(`${startsOn}T00:00:00Z`), new Date(`${endsOn}T00:00:00Z`))
    .replace(/[\u2009\u202f]/g, ' ');
});

/** "Jan 11, 2027 – Apr 30, 2027" from ISO dates; calendar dates have no time zone to shift them. */
export function formatDateRange(startsOn: string, endsOn: string) {
  return dateRangeText(`${startsOn}|${endsOn}`);
}

// a generic zone name ("Eastern Time") is the same in summer and winter
const timeZoneText = remembered((timeZone) => {
  try {
    const name = dateTimeFormat({ timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((part) => part.type === 'timeZoneName')?.value;
    return name ? `${name} (${timeZone})` : timeZone;
  } catch {
    return timeZone;
  }
});

/** "Eastern Time (America/New_York)" for showing which zone a cohort's times are in. */
export function describeTimeZone(timeZone: string) {
  return timeZoneText(timeZone);
}

// node's ICU and the browser's disagree on narrow and thin spaces; plain spaces hydrate cleanly
const plainSpaces = (text: string) => text.replace(/[\u2009\u202f]/g, ' ');

/** "Nov 26, 2026, 9:15 AM EST": a moment shown in the cohort's zone, with the zone named. */
export function formatDateTime(iso: string | null, timeZone: string) {
  if (!iso) return '—';
  return dateTimeText(`${timeZone}|${iso}`);
}

// a page lists the same moments on every view (its activity, its sessions)
const dateTimeText = remembered((key) => {
  const split = key.indexOf('|');
  const timeZone = key.slice(0, split);
  const iso = key.slice(split + 1);
  try {
    return plainSpaces(dateTimeInZone(timeZone).format(new Date(iso)));
  } catch {
    return new Date(iso).toISOString();
  }
});

// the app's most used formatter, found by zone alone rather than by its options' JSON
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeInZone(timeZone: string) {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = dateTimeFormat({
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    });
    dateTimeFormats.set(timeZone, format);
  }
  return format;
}

/** "Nov 26, 2026" in the cohort's zone. */
export function formatDay(iso: string | null, timeZone: string) {
  if (!iso) return '—';
  try {
    return plainSpaces(dateTimeFormat({ dateStyle: 'medium', timeZone }).format(new Date(iso)));
  } catch {
    return new Date(iso).toISOString().slice(0, 10);
  }
}

/** "Nov 26, 2026" for a calendar day (YYYY-MM-DD); the text itself when it is not a day. */
export function formatCalendarDay(day: string) {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime())
    ? day
    : dateTimeFormat({ dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** "Mon, Jan 25, 2027" for a calendar day (YYYY-MM-DD); the text itself when it is not a day. */
export function formatWeekdayDay(day: string) {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime())
    ? day
    : dateTimeFormat({
        weekday: 'short',
        month: 'short',
        day: 'numeric',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(date);
}

/** "January 25, 2027": a moment's day in a zone, written out. */
export function formatLongDay(date: Date, timeZone: string) {
  return dateTimeFormat({ dateStyle: 'long', timeZone }).format(date);
}

/**
 * "Mon, Jan 11, 2027, 4:00 PM EST": a moment on the given zone's clocks, with the zone named.
 * Spelled out field by field: Intl refuses timeZoneName next to dateStyle. Throws for an
 * unknown zone.
 */
export function formatWeekdayDateTime(moment: Date, timeZone: string) {
  return dateTimeFormat({
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(moment);
}

/** "Jan 11, 2027, 4:00 PM": a moment on the given zone's clocks, the zone left unsaid. */
export function formatShortDateTime(moment: Date, timeZone: string) {
  return dateTimeFormat({ dateStyle: 'medium', timeStyle: 'short', timeZone }).format(moment);
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
  // en-CA writes dates as YYYY-MM-DD, whatever language the app speaks
  return dateTimeFormat(
    { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' },
    'en-CA',
  ).format(now);
}

/** `day` (YYYY-MM-DD) moved by `days` calendar days */
export function addDays(day: string, days: number): string {
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
