/** iCalendar (RFC 5545) for coaching sessions: one event per session, times in UTC. */

export interface CalendarEvent {
  uid: string;
  title: string;
  description: string;
  startsAt: Date;
  minutes: number;
  url: string | null;
  location: string | null;
  cancelled: boolean;
  /** bumps when the event changes, so calendar apps take the new version */
  sequence: number;
  updatedAt: Date;
}

function stamp(date: Date) {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function escapeText(value: string) {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** lines longer than 75 octets continue on the next line after a space */
function fold(line: string) {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const pieces: string[] = [];
  let current = '';
  for (const character of line) {
    const limit = pieces.length === 0 ? 75 : 74;
    if (Buffer.byteLength(current + character, 'utf8') > limit) {
      pieces.push(current);
      current = character;
    } else {
      current += character;
    }
  }
  pieces.push(current);
  return pieces.join('\r\n ');
}

export function buildCalendar(input: { name: string; events: readonly CalendarEvent[] }) {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Cadre//Coaching sessions//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(input.name)}`,
  ];
  for (const event of input.events) {
    const endsAt = new Date(event.startsAt.getTime() + event.minutes * 60_000);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${stamp(event.updatedAt)}`,
      `DTSTART:${stamp(event.startsAt)}`,
      `DTEND:${stamp(endsAt)}`,
      `SEQUENCE:${event.sequence}`,
      `SUMMARY:${escapeText(event.title)}`,
      `DESCRIPTION:${escapeText(event.description)}`,
      `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    );
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
    if (event.url) lines.push(`URL:${event.url}`);
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
