import type { Kysely } from 'kysely';
import { planReminders } from '../app/sessions/reminders.server';
import { zonedWallTimeToUtc } from '../app/sessions/zoned-time';
import type { CoachingSessionKind, Database } from './schema';

interface DemoSession {
  kind: CoachingSessionKind;
  title: string;
  date: string;
  time: string;
  minutes: number;
  meetingNumber: string;
  passcode: string;
  hostedBy: 'facilitator' | 'coach';
}

// pasted-link style, as a cohort without a connected Zoom account runs
const demoSessions: DemoSession[] = [
  {
    kind: 'kickoff',
    title: 'Kickoff: norms, goals and the pre-assessment',
    date: '2027-01-11',
    time: '16:00',
    minutes: 90,
    meetingNumber: '84512093377',
    passcode: 'kick0ff',
    hostedBy: 'facilitator',
  },
  {
    kind: 'coaching',
    title: 'Coaching 1: routines and procedures that stick',
    date: '2027-02-04',
    time: '16:30',
    minutes: 60,
    meetingNumber: '83260417795',
    passcode: 'routine1',
    hostedBy: 'coach',
  },
  {
    kind: 'coaching',
    title: 'Coaching 2: de-escalation in the moment',
    date: '2027-03-04',
    time: '16:30',
    minutes: 60,
    meetingNumber: '86021153849',
    passcode: 'calm2',
    hostedBy: 'coach',
  },
  {
    kind: 'coaching',
    title: 'Coaching 3: action plans and evidence',
    date: '2027-04-01',
    time: '16:30',
    minutes: 60,
    meetingNumber: '81977324508',
    passcode: 'plan3',
    hostedBy: 'coach',
  },
  {
    kind: 'share-out',
    title: 'Share-out: action plans in practice',
    date: '2027-04-27',
    time: '16:00',
    minutes: 90,
    meetingNumber: '87340661192',
    passcode: 'share',
    hostedBy: 'facilitator',
  },
];

/** The demo cohort's coaching sessions, spread over its dates, in the cohort's own zone. */
export async function seedDemoSessions(
  trx: Kysely<Database>,
  input: { cohortId: string; hostId: string },
) {
  const cohort = await trx
    .selectFrom('cohort')
    .select(['timezone', 'facilitator_id as facilitatorId'])
    .where('id', '=', input.cohortId)
    .executeTakeFirstOrThrow();
  for (const session of demoSessions) {
    const startsAt = zonedWallTimeToUtc(session.date, session.time, cohort.timezone);
    if (!startsAt) throw new Error(`demo session "${session.title}" has an impossible start`);
    const row = await trx
      .insertInto('coaching_session')
      .values({
        cohort_id: input.cohortId,
        kind: session.kind,
        title: session.title,
        starts_at: startsAt,
        minutes: session.minutes,
        host_id: session.hostedBy === 'coach' ? input.hostId : cohort.facilitatorId,
        zoom_meeting_id: session.meetingNumber,
        zoom_passcode: session.passcode,
        join_url: `https://zoom.us/j/${session.meetingNumber}`,
        created_by: cohort.facilitatorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await planReminders(trx, { coachingSessionId: row.id, startsAt });
  }
}
