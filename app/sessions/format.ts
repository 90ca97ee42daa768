import { formatWeekdayDateTime } from '../utils/dates';

/**
 * "Mon, Jan 11, 2027, 4:00 PM EST": a coaching session's moment on the cohort's clocks,
 * with the zone named. Spelled out field by field: Intl refuses timeZoneName next to
 * dateStyle, so the shorthand styles cannot name the zone.
 */
export function formatSessionTime(iso: string | Date, timeZone: string) {
  const moment = typeof iso === 'string' ? new Date(iso) : iso;
  try {
    return formatWeekdayDateTime(moment, timeZone);
  } catch {
    return `${moment.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  }
}
