import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { recomputeAttendance, recordSegment } from '../sessions/attendance.server';

type Executor = Kysely<Database>;

/**
 * Opens an attendance segment (source live-room) for one socket's stay in a room and
 * recounts the minutes. Returns the segment's raw event id, which closes it later.
 */
export async function openLiveSegment(
  db: Executor,
  input: { coachingSessionId: string; userId: string; connectionId: string },
) {
  const rawEventId = `live-room:${input.coachingSessionId}:${input.connectionId}:${randomUUID()}`;
  await recordSegment(db, {
    coachingSessionId: input.coachingSessionId,
    userId: input.userId,
    joinedAt: new Date(),
    leftAt: null,
    source: 'live-room',
    rawEventId,
  });
  await recomputeAttendance(db, { coachingSessionId: input.coachingSessionId });
  return rawEventId;
}

export async function closeLiveSegment(
  db: Executor,
  input: { coachingSessionId: string; rawEventId: string },
) {
  await db
    .updateTable('attendance_segment')
    .set({ left_at: sql<Date>`greatest(now(), joined_at)` })
    .where('raw_event_id', '=', input.rawEventId)
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where('left_at', 'is', null)
    .execute();
  await recomputeAttendance(db, { coachingSessionId: input.coachingSessionId });
}
