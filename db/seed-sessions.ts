import type { Kysely } from 'kysely';
import { recomputeAttendance, recordSegment } from '../app/sessions/attendance.server';
import { planReminders } from '../app/sessions/reminders.server';
import { zonedWallTimeToUtc } from '../app/sessions/zoned-time';
import { addDays } from '../app/utils/dates';
import type { CoachingSessionKind, Database } from './schema';

export interface DemoSession {
  kind: CoachingSessionKind;
  title: string;
  /** days after the cohort starts (a Monday) */
  day: number;
  time: string;
  minutes: number;
  meetingNumber?: string;
  passcode?: string;
  hostedBy: 'facilitator' | 'coach';
}

/** a moment in the cohort's zone, `day` days after `startsOn` */
export function demoMoment(startsOn: string, day: number, time: string, timeZone: string) {
  const moment = zonedWallTimeToUtc(addDays(startsOn, day), time, timeZone);
  if (!moment) throw new Error(`the demo has an impossible time ${startsOn}+${day} ${time}`);
  return moment;
}

// pasted-link style, as a cohort without a connected Zoom account runs
export const demoSessionPlan: DemoSession[] = [
  {
    kind: 'kickoff',
    title: 'Kickoff: norms, goals and the pre-assessment',
    day: 0,
    time: '16:00',
    minutes: 90,
    meetingNumber: '84512093377',
    passcode: 'kick0ff',
    hostedBy: 'facilitator',
  },
  {
    kind: 'coaching',
    title: 'Coaching 1: routines and procedures that stick',
    day: 24,
    time: '16:30',
    minutes: 60,
    meetingNumber: '83260417795',
    passcode: 'routine1',
    hostedBy: 'coach',
  },
  {
    kind: 'coaching',
    title: 'Coaching 2: de-escalation in the moment',
    day: 45,
    time: '16:30',
    minutes: 60,
    meetingNumber: '86021153849',
    passcode: 'calm2',
    hostedBy: 'coach',
  },
  {
    kind: 'coaching',
    title: 'Coaching 3: action plans and evidence',
    day: 66,
    time: '16:30',
    minutes: 60,
    meetingNumber: '81977324508',
    passcode: 'plan3',
    hostedBy: 'coach',
  },
  {
    kind: 'share-out',
    title: 'Share-out: action plans in practice',
    day: 78,
    time: '16:00',
    minutes: 90,
    meetingNumber: '87340661192',
    passcode: 'share',
    hostedBy: 'facilitator',
  },
];

/** Where each attendee was during a held session. */
export interface DemoAttendee {
  userId: string;
  /** the live room, the Zoom meeting, or both (the record is their union) */
  source: 'zoom' | 'live-room' | 'both';
  /** minutes after the start they joined */
  late?: number;
  /** minutes before the end they left */
  early?: number;
}

/**
 * A cohort's coaching sessions in its own zone. Sessions already over are held: each
 * attendee's time comes from the live room, from Zoom or both, and attendance is computed
 * from it as it would be after a real session. Sessions still ahead get their reminders.
 */
export async function seedDemoSessions(
  trx: Kysely<Database>,
  input: {
    cohortId: string;
    startsOn: string;
    sessions: DemoSession[];
    /** who attended the sessions already held, by session index */
    attendance?: (index: number) => DemoAttendee[];
    now: Date;
  },
) {
  const cohort = await trx
    .selectFrom('cohort')
    .select(['timezone', 'facilitator_id as facilitatorId', 'coach_id as coachId'])
    .where('id', '=', input.cohortId)
    .executeTakeFirstOrThrow();
  for (const [index, session] of input.sessions.entries()) {
    const startsAt = demoMoment(input.startsOn, session.day, session.time, cohort.timezone);
    const row = await trx
      .insertInto('coaching_session')
      .values({
        cohort_id: input.cohortId,
        kind: session.kind,
        title: session.title,
        starts_at: startsAt,
        minutes: session.minutes,
        host_id:
          session.hostedBy === 'coach' && cohort.coachId ? cohort.coachId : cohort.facilitatorId,
        zoom_meeting_id: session.meetingNumber ?? null,
        zoom_passcode: session.passcode ?? null,
        join_url: session.meetingNumber ? `https://zoom.us/j/${session.meetingNumber}` : null,
        created_by: cohort.facilitatorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const endsAt = new Date(startsAt.getTime() + session.minutes * 60_000);
    if (endsAt > input.now) {
      await planReminders(trx, { coachingSessionId: row.id, startsAt });
      continue;
    }
    for (const attendee of input.attendance?.(index) ?? []) {
      const joinedAt = new Date(startsAt.getTime() + (attendee.late ?? 0) * 60_000);
      const leftAt = new Date(endsAt.getTime() - (attendee.early ?? 0) * 60_000);
      const sources =
        attendee.source === 'both' ? (['live-room', 'zoom'] as const) : [attendee.source];
      for (const [position, source] of sources.entries()) {
        // with both, the Zoom stay starts a little later and runs to the end
        const from = position === 0 ? joinedAt : new Date(joinedAt.getTime() + 10 * 60_000);
        const to =
          position === 0 && sources.length > 1 ? new Date(from.getTime() + 20 * 60_000) : leftAt;
        await recordSegment(trx, {
          coachingSessionId: row.id,
          userId: attendee.userId,
          joinedAt: from,
          leftAt: to,
          source,
          rawEventId: `demo:${row.id}:${attendee.userId}:${source}`,
        });
      }
    }
    await recomputeAttendance(trx, { coachingSessionId: row.id, now: input.now });
  }
}
