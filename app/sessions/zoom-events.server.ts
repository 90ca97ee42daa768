import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { isUuid } from '../utils/ids';
import { ZoomError, type ZoomClient, type ZoomReportParticipant } from '../zoom/client.server';
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

/** how far before its start and after its end a session claims a join to its meeting */
export const SESSION_WINDOW_SLACK_MS = 30 * 60_000;

/**
 * The coaching session an event belongs to. One recurring meeting or personal room may
 * serve every session of a cohort, so the meeting number alone is not enough: the event's
 * time picks the session whose scheduled window, widened by 30 minutes each side, holds
 * it (the nearest start when two do). Without a time, the meeting instance's uuid that an
 * earlier event tied to a session decides.
 */
export async function findSessionForMeeting(
  db: Executor,
  input: { meetingNumber: string | undefined; at: Date | null; meetingUuid?: string | null },
): Promise<SessionForEvent | null> {
  const { meetingNumber } = input;
  if (!meetingNumber || !/^\d{9,12}$/.test(meetingNumber)) return null;
  const base = db
    .selectFrom('coaching_session')
    .select(['id', 'cohort_id as cohortId', 'zoom_meeting_uuid as meetingUuid'])
    .where('zoom_meeting_id', '=', meetingNumber)
    .where('status', '=', 'scheduled');
  if (input.at) {
    const slack = `${SESSION_WINDOW_SLACK_MS / 60_000} minutes`;
    const byTime = await base
      .where(sql<boolean>`starts_at - ${slack}::interval <= ${input.at}`)
      .where(
        sql<boolean>`starts_at + make_interval(mins => minutes) + ${slack}::interval >= ${input.at}`,
      )
      .orderBy(sql`abs(extract(epoch from (starts_at - ${input.at})))`)
      .limit(1)
      .executeTakeFirst();
    if (byTime) return byTime;
  }
  if (input.meetingUuid) {
    const byInstance = await base
      .where('zoom_meeting_uuid', '=', input.meetingUuid)
      .orderBy('starts_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (byInstance) return byInstance;
  }
  return null;
}

/** remembers which meeting instance a session was, for the report and for timeless events */
async function rememberInstance(
  db: Executor,
  session: SessionForEvent,
  meetingUuid: string | undefined,
) {
  if (!meetingUuid || session.meetingUuid === meetingUuid) return;
  await db
    .updateTable('coaching_session')
    .set({ zoom_meeting_uuid: meetingUuid })
    .where('id', '=', session.id)
    .execute();
  session.meetingUuid = meetingUuid;
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

/** the moment that places an event among a meeting's sessions */
function eventTime(event: ZoomEvent): Date | null {
  const object = event.payload.object;
  const participant = object?.participant;
  const value =
    event.event === 'meeting.participant_joined'
      ? (participant?.join_time ?? null)
      : event.event === 'meeting.participant_left'
        ? (participant?.join_time ?? participant?.leave_time ?? null)
        : event.event === 'meeting.started'
          ? (object?.start_time ?? null)
          : event.event === 'meeting.ended'
            ? (object?.start_time ?? object?.end_time ?? null)
            : null;
  if (value) return new Date(value);
  return event.event_ts ? new Date(event.event_ts) : null;
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
  if (!object) return { endedCoachingSessionId: null };
  const session = await findSessionForMeeting(db, {
    meetingNumber: object.id,
    at: eventTime(event),
    meetingUuid: object.uuid,
  });
  if (!session) return { endedCoachingSessionId: null };
  if (event.event !== 'meeting.ended') await rememberInstance(db, session, object.uuid);
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
      await scheduleReportRetries(db, {
        coachingSessionId: session.id,
        meetingUuid,
        endedAt,
      });
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
 * The report is read for one meeting instance; with a shared meeting, a row that does not
 * touch this session's widened window belongs to another session and is left alone.
 */
export async function reconcileFromReport(
  db: Executor,
  input: { coachingSessionId: string; zoom: ZoomClient; meetingUuid?: string },
) {
  const session = await db
    .selectFrom('coaching_session')
    .select([
      'id',
      'cohort_id as cohortId',
      'zoom_meeting_uuid as meetingUuid',
      'zoom_meeting_id as meetingNumber',
      'starts_at as startsAt',
      'minutes',
    ])
    .where('id', '=', input.coachingSessionId)
    .executeTakeFirst();
  const meetingUuid = input.meetingUuid ?? session?.meetingUuid ?? null;
  if (!session || !meetingUuid) return 0;
  const participants: ZoomReportParticipant[] = await input.zoom.reportParticipants(meetingUuid);
  const opens = new Date(session.startsAt).getTime() - SESSION_WINDOW_SLACK_MS;
  const closes =
    new Date(session.startsAt).getTime() + session.minutes * 60_000 + SESSION_WINDOW_SLACK_MS;
  const mine = participants.filter((participant) => {
    const joined = Date.parse(participant.joinTime);
    const left = participant.leaveTime ? Date.parse(participant.leaveTime) : joined;
    return joined <= closes && left >= opens;
  });
  const target = { id: session.id, cohortId: session.cohortId, meetingUuid };
  for (const participant of mine) {
    await recordJoin(db, target, meetingUuid, {
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
  return mine.length;
}

/** when the participants report is read again after a meeting ends */
export const REPORT_RETRY_DELAYS_MS = [15 * 60_000, 60 * 60_000, 24 * 60 * 60_000] as const;

/**
 * Queues the three report reads for one ended meeting instance. Zoom builds the report a
 * while after the end and keeps amending it, so it is read 15 minutes, 1 hour and 24 hours
 * later; a repeated meeting.ended queues nothing new.
 */
export async function scheduleReportRetries(
  db: Executor,
  input: { coachingSessionId: string; meetingUuid: string; endedAt: Date },
) {
  await db
    .insertInto('zoom_report_retry')
    .values(
      REPORT_RETRY_DELAYS_MS.map((delay, index) => ({
        coaching_session_id: input.coachingSessionId,
        meeting_uuid: input.meetingUuid.slice(0, 200),
        attempt: index + 1,
        due_at: new Date(input.endedAt.getTime() + delay),
      })),
    )
    .onConflict((oc) => oc.columns(['coaching_session_id', 'meeting_uuid', 'attempt']).doNothing())
    .execute();
}

/**
 * Reads the reports that are due, a few at a time. Each row is claimed with FOR UPDATE
 * SKIP LOCKED, so any number of servers can run this at once and each read happens once;
 * a failure is written on the row and the next attempt tries again. After the third
 * attempt nothing more is queued.
 */
export async function processDueReportRetries(
  db: Kysely<Database>,
  input: { zoom: ZoomClient | null; now?: Date; batch?: number },
) {
  const batch = input.batch ?? 5;
  let handled = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('zoom_report_retry')
        .select([
          'coaching_session_id as coachingSessionId',
          'meeting_uuid as meetingUuid',
          'attempt',
        ])
        .where('done_at', 'is', null)
        .where('due_at', '<=', input.now ?? sql<Date>`now()`)
        .orderBy('due_at')
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const retry of due) {
        let participants: number | null = null;
        let failure: string | null = null;
        if (!input.zoom) {
          failure = 'Zoom is not connected on this server.';
        } else {
          try {
            participants = await reconcileFromReport(trx, {
              coachingSessionId: retry.coachingSessionId,
              meetingUuid: retry.meetingUuid,
              zoom: input.zoom,
            });
          } catch (error) {
            if (!(error instanceof ZoomError)) throw error;
            failure = error.message.slice(0, 500);
          }
        }
        await trx
          .updateTable('zoom_report_retry')
          .set({ done_at: new Date(), participants, last_error: failure })
          .where('coaching_session_id', '=', retry.coachingSessionId)
          .where('meeting_uuid', '=', retry.meetingUuid)
          .where('attempt', '=', retry.attempt)
          .execute();
      }
      return due.length;
    });
    handled += done;
    if (done < batch) break;
  }
  return handled;
}
