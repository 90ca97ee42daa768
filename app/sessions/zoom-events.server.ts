import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { isUuid } from '../utils/ids';
import type { ZoomClient, ZoomReportParticipant } from '../zoom/client.server';
import { closeOpenSegment, recomputeAttendance, recordSegment } from './attendance.server';

type Executor = Kysely<Database>;

const idText = z.union([z.string(), z.number()]).transform(String);
// a time PostgreSQL can store and a meeting can have: Date.parse alone accepts years
// far outside timestamptz's range
const time = z.string().refine((value) => {
  const at = Date.parse(value);
  return !Number.isNaN(at) && at >= Date.UTC(2000, 0, 1) && at < Date.UTC(2200, 0, 1);
}, 'not a time');

const ParticipantSchema = z.object({
  user_id: idText.optional(),
  id: idText.optional(),
  participant_uuid: z.string().optional(),
  user_name: z.string().optional().default(''),
  email: z.string().optional(),
  registrant_id: z.string().optional(),
  customer_key: z.string().optional(),
  join_time: time.optional(),
  leave_time: time.optional(),
});

export const ZoomEventSchema = z.object({
  event: z.string().min(1).max(100),
  event_ts: z.number().optional(),
  payload: z.object({
    account_id: z.string().optional(),
    object: z
      .object({
        id: idText.optional(),
        uuid: z.string().optional(),
        start_time: time.optional(),
        end_time: time.optional(),
        participant: ParticipantSchema.optional(),
      })
      .optional(),
  }),
});

export type ZoomEvent = z.infer<typeof ZoomEventSchema>;
type Participant = z.infer<typeof ParticipantSchema>;

export const HANDLED_EVENTS = [
  'meeting.started',
  'meeting.ended',
  'meeting.participant_joined',
  'meeting.participant_left',
] as const;

interface SessionForEvent {
  id: string;
  cohortId: string;
  meetingUuid: string | null;
}

async function findSession(db: Executor, meetingNumber: string | undefined) {
  if (!meetingNumber || !/^\d{9,12}$/.test(meetingNumber)) return null;
  const row = await db
    .selectFrom('coaching_session')
    .select(['id', 'cohort_id as cohortId', 'zoom_meeting_uuid as meetingUuid'])
    .where('zoom_meeting_id', '=', meetingNumber)
    .where('status', '=', 'scheduled')
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Who a Zoom participant is in Cadre: the customer key the Meeting SDK joined with (our
 * user id), else the registrant id of their personal link. Never the display name.
 */
async function matchPerson(
  db: Executor,
  session: SessionForEvent,
  person: { customerKey?: string | null; registrantId?: string | null },
) {
  if (person.customerKey && isUuid(person.customerKey)) {
    const member = await db
      .selectFrom('cohort_member')
      .select('user_id')
      .where('cohort_id', '=', session.cohortId)
      .where('user_id', '=', person.customerKey)
      .executeTakeFirst();
    if (member) return member.user_id;
  }
  if (person.registrantId) {
    const registrant = await db
      .selectFrom('coaching_session_registrant')
      .select('user_id')
      .where('coaching_session_id', '=', session.id)
      .where('zoom_registrant_id', '=', person.registrantId)
      .executeTakeFirst();
    if (registrant) return registrant.user_id;
  }
  return null;
}

const iso = (value: string) => new Date(value).toISOString();

function participantKey(participant: Participant) {
  return (
    participant.participant_uuid ??
    participant.id ??
    participant.user_id ??
    (participant.user_name || 'unknown')
  );
}

/** the same join seen by a webhook and by the report gets the same id, so it is kept once */
function segmentEventId(meetingUuid: string, who: string, joinTime: string) {
  return `zoom:${meetingUuid}:${who}:${iso(joinTime)}`;
}

async function recordJoin(
  db: Executor,
  session: SessionForEvent,
  meetingUuid: string,
  entry: {
    key: string;
    name: string;
    email: string | null;
    customerKey: string | null;
    registrantId: string | null;
    joinTime: string;
    leaveTime: string | null;
  },
) {
  const userId = await matchPerson(db, session, entry);
  if (userId) {
    await recordSegment(db, {
      coachingSessionId: session.id,
      userId,
      joinedAt: new Date(entry.joinTime),
      leftAt: entry.leaveTime ? new Date(entry.leaveTime) : null,
      source: 'zoom',
      rawEventId: segmentEventId(meetingUuid, userId, entry.joinTime),
    });
    return userId;
  }
  await db
    .insertInto('zoom_unmatched_participant')
    .values({
      coaching_session_id: session.id,
      zoom_participant_key: entry.key,
      display_name: entry.name.slice(0, 200),
      email: entry.email,
      joined_at: new Date(entry.joinTime),
      left_at: entry.leaveTime ? new Date(entry.leaveTime) : null,
      raw_event_id: segmentEventId(meetingUuid, `unmatched:${entry.key}`, entry.joinTime),
    })
    .onConflict((oc) =>
      oc.column('raw_event_id').doUpdateSet({
        left_at: sql<Date>`coalesce(zoom_unmatched_participant.left_at, excluded.left_at)`,
      }),
    )
    .execute();
  return null;
}

/**
 * Applies one verified Zoom event. Returns the coaching session whose meeting ended, so
 * the caller can reconcile it with the participants report after answering Zoom.
 */
export async function applyZoomEvent(
  db: Executor,
  event: ZoomEvent,
): Promise<{ endedCoachingSessionId: string | null }> {
  const object = event.payload.object;
  const session = await findSession(db, object?.id);
  if (!session || !object) return { endedCoachingSessionId: null };
  const meetingUuid = object.uuid ?? session.meetingUuid ?? object.id ?? 'unknown';

  switch (event.event) {
    case 'meeting.started': {
      await db
        .updateTable('coaching_session')
        .set({
          meeting_started_at: object.start_time ? new Date(object.start_time) : new Date(),
          meeting_ended_at: null,
          zoom_meeting_uuid: meetingUuid,
        })
        .where('id', '=', session.id)
        .execute();
      return { endedCoachingSessionId: null };
    }
    case 'meeting.ended': {
      const endedAt = object.end_time ? new Date(object.end_time) : new Date();
      await db
        .updateTable('coaching_session')
        .set({ meeting_ended_at: endedAt, zoom_meeting_uuid: meetingUuid })
        .where('id', '=', session.id)
        .execute();
      // anyone still in when the meeting ended left then
      await db
        .updateTable('attendance_segment')
        .set({ left_at: sql<Date>`greatest(joined_at, ${endedAt})` })
        .where('coaching_session_id', '=', session.id)
        .where('source', '=', 'zoom')
        .where('left_at', 'is', null)
        .execute();
      await db
        .updateTable('zoom_unmatched_participant')
        .set({ left_at: sql<Date>`greatest(joined_at, ${endedAt})` })
        .where('coaching_session_id', '=', session.id)
        .where('left_at', 'is', null)
        .execute();
      await recomputeAttendance(db, { coachingSessionId: session.id });
      return { endedCoachingSessionId: session.id };
    }
    case 'meeting.participant_joined':
    case 'meeting.participant_left': {
      const participant = object.participant;
      if (!participant) return { endedCoachingSessionId: null };
      const joined = event.event === 'meeting.participant_joined';
      if (joined && participant.join_time) {
        await recordJoin(db, session, meetingUuid, {
          key: participantKey(participant),
          name: participant.user_name,
          email: participant.email || null,
          customerKey: participant.customer_key ?? null,
          registrantId: participant.registrant_id ?? null,
          joinTime: participant.join_time,
          leaveTime: null,
        });
      } else if (!joined && participant.leave_time) {
        const leftAt = new Date(participant.leave_time);
        const userId = await matchPerson(db, session, {
          customerKey: participant.customer_key,
          registrantId: participant.registrant_id,
        });
        if (userId) {
          const closed = await closeOpenSegment(db, {
            coachingSessionId: session.id,
            userId,
            leftAt,
            source: 'zoom',
          });
          if (!closed && participant.join_time) {
            await recordJoin(db, session, meetingUuid, {
              key: participantKey(participant),
              name: participant.user_name,
              email: participant.email || null,
              customerKey: participant.customer_key ?? null,
              registrantId: participant.registrant_id ?? null,
              joinTime: participant.join_time,
              leaveTime: participant.leave_time,
            });
          }
        } else {
          await db
            .updateTable('zoom_unmatched_participant')
            .set({ left_at: leftAt })
            .where('coaching_session_id', '=', session.id)
            .where('zoom_participant_key', '=', participantKey(participant))
            .where('left_at', 'is', null)
            .where('joined_at', '<=', leftAt)
            .execute();
        }
      }
      await recomputeAttendance(db, { coachingSessionId: session.id });
      return { endedCoachingSessionId: null };
    }
    default:
      return { endedCoachingSessionId: null };
  }
}

/**
 * After a meeting ends, Zoom's participants report fills in what webhooks missed (a lost
 * delivery, a server restart). Rows already known are matched by their join and kept once.
 */
export async function reconcileFromReport(
  db: Executor,
  input: { coachingSessionId: string; zoom: ZoomClient },
) {
  const session = await db
    .selectFrom('coaching_session')
    .select(['id', 'cohort_id as cohortId', 'zoom_meeting_uuid as meetingUuid'])
    .where('id', '=', input.coachingSessionId)
    .executeTakeFirst();
  if (!session?.meetingUuid) return 0;
  const participants: ZoomReportParticipant[] = await input.zoom.reportParticipants(
    session.meetingUuid,
  );
  for (const participant of participants) {
    await recordJoin(db, session, session.meetingUuid, {
      key: participant.id || participant.name,
      name: participant.name,
      email: participant.email,
      customerKey: participant.customerKey,
      registrantId: participant.registrantId,
      joinTime: participant.joinTime,
      leaveTime: participant.leaveTime,
    });
  }
  await recomputeAttendance(db, { coachingSessionId: session.id });
  return participants.length;
}
