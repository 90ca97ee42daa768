export interface TimeSegment {
  joinedAt: Date;
  /** null while the person is still in the meeting */
  leftAt: Date | null;
}

export interface ScheduledWindow {
  startsAt: Date;
  minutes: number;
}

export const DEFAULT_THRESHOLD_PERCENT = 75;

/**
 * Minutes credited to one person: the union of their segments (from Zoom, the live room
 * and manual entries alike), clipped to the scheduled window, so two tabs or a join that
 * overlaps a rejoin count once and time before the start or after the end not at all.
 * An open segment counts up to `now`.
 */
export function creditedMinutes(
  segments: readonly TimeSegment[],
  window: ScheduledWindow,
  now: Date = new Date(),
): number {
  const windowStart = window.startsAt.getTime();
  const windowEnd = windowStart + window.minutes * 60_000;
  const clipped = segments
    .map((segment) => {
      const start = Math.max(segment.joinedAt.getTime(), windowStart);
      const end = Math.min((segment.leftAt ?? now).getTime(), windowEnd);
      return [start, end] as const;
    })
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);

  let totalMs = 0;
  let currentStart = -Infinity;
  let currentEnd = -Infinity;
  for (const [start, end] of clipped) {
    if (start > currentEnd) {
      if (currentEnd > currentStart) totalMs += currentEnd - currentStart;
      currentStart = start;
      currentEnd = end;
    } else if (end > currentEnd) {
      currentEnd = end;
    }
  }
  if (currentEnd > currentStart) totalMs += currentEnd - currentStart;
  return Math.floor(totalMs / 60_000);
}

/** The minutes needed to count as present: the threshold share of the scheduled length. */
export function minutesRequired(scheduledMinutes: number, thresholdPercent: number) {
  return Math.ceil((scheduledMinutes * thresholdPercent) / 100);
}

export function isPresent(credited: number, scheduledMinutes: number, thresholdPercent: number) {
  return credited >= minutesRequired(scheduledMinutes, thresholdPercent);
}

export interface SourcedSegment extends TimeSegment {
  source: 'zoom' | 'live-room' | 'manual';
}

/** Where a person's minutes came from, so a facilitator can see why the total is what it is. */
export interface MinutesBySource {
  /** each source's own minutes inside the window; together they may exceed the total, which counts overlaps once */
  zoom: number;
  liveRoom: number;
  manual: number;
  /** minutes inside the window that more than one source saw; the total counts them once */
  overlap: number;
  /** minutes present before the start or after the end, which count for nothing */
  outsideWindow: number;
}

export function minutesBySource(
  segments: readonly SourcedSegment[],
  window: ScheduledWindow,
  now: Date = new Date(),
): MinutesBySource {
  const of = (source: SourcedSegment['source']) =>
    creditedMinutes(
      segments.filter((segment) => segment.source === source),
      window,
      now,
    );
  // everything from the earliest join to the latest leave, as one very wide window
  const starts = segments.map((segment) => segment.joinedAt.getTime());
  const ends = segments.map((segment) => (segment.leftAt ?? now).getTime());
  const all =
    segments.length === 0
      ? 0
      : creditedMinutes(
          segments,
          {
            startsAt: new Date(Math.min(...starts)),
            minutes: Math.ceil((Math.max(...ends) - Math.min(...starts)) / 60_000) + 1,
          },
          now,
        );
  const zoom = of('zoom');
  const liveRoom = of('live-room');
  const manual = of('manual');
  const counted = creditedMinutes(segments, window, now);
  return {
    zoom,
    liveRoom,
    manual,
    overlap: Math.max(0, zoom + liveRoom + manual - counted),
    outsideWindow: Math.max(0, all - counted),
  };
}
