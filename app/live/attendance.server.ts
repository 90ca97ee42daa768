import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { recomputeAttendance, recordSegment } from '../sessions/attendance.server';

type Executor = Kysely<Database>;

const ORPHAN_GRACE_MS = 30_000;

/** `live-room:<session>:<socket id>:<random>`; the socket id says whose connection it was */
function liveSegmentId(coachingSessionId: string, connectionId: string) {
  return `live-room:${coachingSessionId}:${connectionId}:${randomUUID()}`;
}

/**
 * Opens an attendance segment (source live-room) for one socket's stay in a room and
 * recounts the minutes. Returns the segment's raw event id, which closes it later.
 */
export async function openLiveSegment(
  db: Executor,
  input: { coachingSessionId: string; userId: string; connectionId: string; nodeId: string },
) {
  const rawEventId = liveSegmentId(input.coachingSessionId, input.connectionId);
  await recordSegment(db, {
    coachingSessionId: input.coachingSessionId,
    userId: input.userId,
    joinedAt: new Date(),
    leftAt: null,
    source: 'live-room',
    rawEventId,
    nodeId: input.nodeId,
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

/**
 * Closes the open live-room segments of a coaching session whose socket is no longer in the
 * room on any node. Only segments without a node id: they were opened before nodes held
 * leases, so no lease can tell when their node died (app/live/node-lease.server.ts closes the
 * others at their node's last beat).
 */
export async function closeOrphanedLiveSegments(
  db: Executor,
  input: { coachingSessionId: string; connectedSocketIds: readonly string[]; seenAt: Date },
) {
  // a socket that joined just after the room was looked at is not in the list yet; leave
  // young segments alone (with room for clocks that differ between nodes)
  const olderThan = new Date(input.seenAt.getTime() - ORPHAN_GRACE_MS);
  const closed = await db
    .updateTable('attendance_segment')
    .set({ left_at: sql<Date>`greatest(now(), joined_at)` })
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where('source', '=', 'live-room')
    .where('node_id', 'is', null)
    .where('left_at', 'is', null)
    .where('joined_at', '<', olderThan)
    .where(
      sql<string>`split_part(raw_event_id, ':', 3)`,
      'not in',
      // a value no socket id takes keeps the list from being empty
      input.connectedSocketIds.length > 0 ? [...input.connectedSocketIds] : [''],
    )
    .returning('id')
    .execute();
  if (closed.length > 0) {
    await recomputeAttendance(db, { coachingSessionId: input.coachingSessionId });
  }
  return closed.length;
}

/**
 * Closes this node's open live-room segments whose socket is no longer connected to it: a
 * leave whose close failed (the database was away) or a socket that went while it joined.
 * Segments opened after `seenAt` (this node's clock, like joined_at) are left alone, since
 * their socket may have connected after the list was taken. Returns the sessions touched.
 */
export async function closeStaysOfGoneConnections(
  db: Executor,
  input: { nodeId: string; connectedSocketIds: readonly string[]; seenAt: Date },
) {
  const closed = await db
    .updateTable('attendance_segment')
    .set({ left_at: sql<Date>`greatest(now(), joined_at)` })
    .where('node_id', '=', input.nodeId)
    .where('source', '=', 'live-room')
    .where('left_at', 'is', null)
    .where('joined_at', '<', input.seenAt)
    .where(
      sql<string>`split_part(raw_event_id, ':', 3)`,
      'not in',
      // a value no socket id takes keeps the list from being empty
      input.connectedSocketIds.length > 0 ? [...input.connectedSocketIds] : [''],
    )
    .returning('coaching_session_id as coachingSessionId')
    .execute();
  const coachingSessionIds = [...new Set(closed.map((row) => row.coachingSessionId))];
  for (const coachingSessionId of coachingSessionIds) {
    await recomputeAttendance(db, { coachingSessionId });
  }
  return coachingSessionIds;
}

/** Which of these live-room segments are closed already (e.g. by a node that took this one for dead). */
export async function listClosedLiveSegments(db: Executor, rawEventIds: readonly string[]) {
  if (rawEventIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('attendance_segment')
    .select('raw_event_id')
    .where('raw_event_id', 'in', [...rawEventIds])
    .where('left_at', 'is not', null)
    .execute();
  return new Set(rows.flatMap((row) => (row.raw_event_id ? [row.raw_event_id] : [])));
}
