/**
 * Wall-clock times in a named zone, converted without a date library: Intl tells us the
 * zone's offset at a moment, and two passes settle the offset around DST changes.
 */

import { numericDateTimeFormat } from '../utils/dates';

function offsetMs(timeZone: string, at: Date) {
  const parts = numericDateTimeFormat({
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The UTC moment of `date` (YYYY-MM-DD) at `time` (HH:MM) in `timeZone`, or null when the
 * input is malformed or names a time the zone skips (the spring-forward hour).
 */
export function zonedWallTimeToUtc(date: string, time: string, timeZone: string): Date | null {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dateMatch || !timeMatch) return null;
  const [, year, month, day] = dateMatch.map(Number) as [number, number, number, number];
  const [, hour, minute] = timeMatch.map(Number) as [number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  try {
    let guess = wall - offsetMs(timeZone, new Date(wall));
    guess = wall - offsetMs(timeZone, new Date(guess));
    const result = new Date(guess);
    const back = utcToZonedWallTime(result, timeZone);
    if (back.date !== date || back.time !== time) return null;
    return result;
  } catch {
    return null;
  }
}

/** The date (YYYY-MM-DD) and time (HH:MM) a moment shows on clocks in `timeZone`. */
export function utcToZonedWallTime(moment: Date, timeZone: string) {
  const local = new Date(moment.getTime() + offsetMs(timeZone, moment));
  const iso = local.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}
