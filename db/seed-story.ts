import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashToken } from '../app/cohorts/invitations.server';
import { revokeCredential } from '../app/credentials/credentials.server';
import { recordEarnedMicroCredential } from '../app/credentials/issue.server';
import { recordCohortCompletion } from '../app/hours/ledger.server';
import { recomputeAttendance, recordSegment } from '../app/sessions/attendance.server';
import { zonedWallTimeToUtc } from '../app/sessions/zoned-time';
import { addDays, dayIn } from '../app/utils/dates';
import { buildCohort, buildEarnedSubmission, buildMember } from './builders';
import type { Database } from './schema';
import { demoSessionPlan, seedDemoSessions } from './seed-sessions';
import type { DemoCohortDates } from './seed-timeline';

/**
 * The demo's cohorts before and after the ones people work in, dated from the day the demo
 * is seeded so the story never goes stale: a cohort that finished months ago with its hours
 * and credentials (one revoked), and the next cohort, still gathering people.
 */

/** alumni of the finished cohort; Nguyễn Thị Hạnh shows that names outside Latin-1 print */
export const demoAlumni: { name: string; stateEducatorId: string }[] = [
  { name: 'Nguyễn Thị Hạnh', stateEducatorId: '8450193' },
  { name: 'Hannah Weiss', stateEducatorId: '8450207' },
  { name: 'Oluwaseun Adebayo', stateEducatorId: '8450215' },
  { name: 'Carmen Ruiz', stateEducatorId: '8450223' },
  { name: 'Zofia Wiśniewska', stateEducatorId: '8450231' },
  { name: 'Marcus Greene', stateEducatorId: '8450249' },
];

/** people invited to the next cohort who have not answered yet (no account) */
const pendingInvitees = [
  { name: 'Rachel Levin', email: 'rachel.levin@example.org' },
  { name: 'Tomás Herrera', email: 'tomas.herrera@example.org' },
  { name: 'Brianna Scott', email: 'brianna.scott@example.org' },
];

interface StoryInput {
  organizationId: string;
  programId: string;
  /** the cohort's name and dates, from the demo's timeline */
  dates: DemoCohortDates;
  facilitatorId: string;
  coachId: string;
  adminId: string;
  timezone: string;
  /** the alumni's user ids, in `demoAlumni` order */
  alumniIds: string[];
  moduleIds: string[];
  origin: string;
  now?: Date;
}

/**
 * A Completed cohort: twelve weeks that ended about three months ago, every module done,
 * four coaching sessions held with attendance from Zoom and from the live room, completion
 * hours for everyone who met the rule (one did not attend enough), micro-credentials earned
 * by four, and one of those revoked by the org admin with its reason.
 */
export async function seedDemoCompletedCohort(trx: Kysely<Database>, input: StoryInput) {
  const now = input.now ?? new Date();
  const { startsOn, endsOn } = input.dates;
  const cohort = await buildCohort(trx, {
    organizationId: input.organizationId,
    programId: input.programId,
    facilitatorId: input.facilitatorId,
    coachId: input.coachId,
    name: input.dates.name,
    startsOn,
    endsOn,
    timezone: input.timezone,
    capacity: 20,
    // completion hours are recorded from the share-out on, once every session is counted
    status: 'learning',
  });
  const members: { id: string; userId: string }[] = [];
  for (const userId of input.alumniIds) {
    const member = await buildMember(trx, { cohortId: cohort.id, userId, role: 'participant' });
    members.push({ id: member.id, userId });
  }
  const atDay = (day: string, time = '16:00') => {
    const moment = zonedWallTimeToUtc(day, time, input.timezone);
    if (!moment) throw new Error(`the demo has an impossible time ${day} ${time}`);
    return moment;
  };
  await trx
    .insertInto('pathway')
    .values({
      cohort_id: cohort.id,
      published_at: atDay(addDays(startsOn, 10), '09:00'),
      published_by: input.coachId,
    })
    .execute();
  const [unit] = await trx
    .insertInto('pathway_unit')
    .values({
      cohort_id: cohort.id,
      position: 1,
      title: 'Classroom management, start to finish',
      action_plan_prompt: 'Plan one change to a routine and measure it for four weeks.',
    })
    .returning('id')
    .execute();
  await trx
    .insertInto('pathway_module')
    .values(
      input.moduleIds.map((moduleId, index) => ({
        cohort_id: cohort.id,
        unit_id: unit!.id,
        module_id: moduleId,
        position: index + 1,
      })),
    )
    .execute();
  await trx
    .insertInto('module_progress')
    .values(
      members.flatMap((member) =>
        input.moduleIds.map((moduleId, index) => ({
          member_id: member.id,
          module_id: moduleId,
          status: 'completed' as const,
          completed_at: atDay(addDays(startsOn, 14 + index * 5), '20:00'),
          updated_at: atDay(addDays(startsOn, 14 + index * 5), '20:00'),
        })),
      ),
    )
    .execute();

  // four sessions, three weeks apart; the last alumnus missed three of them
  const sessions = [
    { kind: 'kickoff' as const, title: 'Kickoff: norms and goals', week: 0 },
    { kind: 'coaching' as const, title: 'Coaching 1: routines that stick', week: 3 },
    { kind: 'coaching' as const, title: 'Coaching 2: de-escalation', week: 7 },
    { kind: 'share-out' as const, title: 'Share-out: our action plans', week: 11 },
  ];
  for (const [index, session] of sessions.entries()) {
    const startsAt = atDay(addDays(startsOn, session.week * 7 + 2));
    const row = await trx
      .insertInto('coaching_session')
      .values({
        cohort_id: cohort.id,
        kind: session.kind,
        title: session.title,
        starts_at: startsAt,
        minutes: 60,
        host_id: session.kind === 'share-out' ? input.facilitatorId : input.coachId,
        created_by: input.facilitatorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [position, member] of members.entries()) {
      const absent = position === members.length - 1 && index > 0;
      if (absent) continue;
      // even sessions were met in Zoom, odd ones in the live room
      const source = index % 2 === 0 ? ('zoom' as const) : ('live-room' as const);
      await recordSegment(trx, {
        coachingSessionId: row.id,
        userId: member.userId,
        joinedAt: new Date(startsAt.getTime() + (position % 3) * 60_000),
        leftAt: new Date(startsAt.getTime() + 58 * 60_000),
        source,
        rawEventId: `demo:${row.id}:${member.userId}`,
      });
    }
    await recomputeAttendance(trx, { coachingSessionId: row.id, now });
  }

  await trx.updateTable('cohort').set({ status: 'sharing' }).where('id', '=', cohort.id).execute();
  await recordCohortCompletion(trx, {
    cohortId: cohort.id,
    actorId: input.facilitatorId,
    now,
    // the day after the share-out
    awardedAt: atDay(addDays(startsOn, 11 * 7 + 3), '09:00'),
  });
  await trx
    .updateTable('cohort')
    .set({ status: 'completed' })
    .where('id', '=', cohort.id)
    .execute();

  const credential = await trx
    .selectFrom('micro_credential')
    .select('id')
    .where('program_id', '=', input.programId)
    .orderBy('position')
    .executeTakeFirstOrThrow();
  const credentialIds: string[] = [];
  for (const [index, member] of members.slice(0, 4).entries()) {
    const submission = await buildEarnedSubmission(trx, {
      memberId: member.id,
      microCredentialId: credential.id,
      scorerId: input.coachId,
      earnedAt: atDay(addDays(endsOn, -14 + index), '18:00'),
      evidence: [
        { url: 'https://example.org/portfolio/routine-plan', label: 'Routine plan' },
        { url: 'https://example.org/portfolio/reflection', label: 'Reflection on four weeks' },
      ],
    });
    const outcome = await recordEarnedMicroCredential(trx, {
      submissionId: submission.id,
      actorId: input.coachId,
      origin: input.origin,
    });
    if (outcome.credentialId) credentialIds.push(outcome.credentialId);
  }
  const revoked = credentialIds[3];
  if (revoked) {
    await revokeCredential(trx, {
      credentialId: revoked,
      reason: 'The evidence turned out to be another teacher’s work; the coach re-scored it.',
      reverseHours: true,
      actor: { id: input.adminId, organizationId: input.organizationId, isOrgAdmin: true },
    });
  }
  return cohort;
}

/**
 * A Forming cohort: starting in five weeks with its sessions scheduled, three people in,
 * three invitations not yet answered (so every seat is spoken for) and two people on the
 * waitlist.
 */
export async function seedDemoFormingCohort(
  trx: Kysely<Database>,
  input: StoryInput & { waitlistIds: string[] },
) {
  const now = input.now ?? new Date();
  const { startsOn } = input.dates;
  const cohort = await buildCohort(trx, {
    organizationId: input.organizationId,
    programId: input.programId,
    facilitatorId: input.facilitatorId,
    coachId: input.coachId,
    name: input.dates.name,
    startsOn,
    endsOn: input.dates.endsOn,
    timezone: input.timezone,
    capacity: input.alumniIds.length + pendingInvitees.length,
    status: 'forming',
  });
  for (const userId of input.alumniIds) {
    await buildMember(trx, { cohortId: cohort.id, userId, role: 'participant' });
  }
  // its sessions are on the calendar already, each with its Zoom link
  await seedDemoSessions(trx, {
    cohortId: cohort.id,
    startsOn,
    sessions: demoSessionPlan,
    now,
  });
  const today = dayIn(now, input.timezone);
  await trx
    .insertInto('invitation')
    .values(
      pendingInvitees.map((invitee, index) => ({
        cohort_id: cohort.id,
        email: invitee.email,
        name: invitee.name,
        role: 'participant' as const,
        // the link went out by email; nobody can know it from the demo
        token_hash: hashToken(randomBytes(32).toString('base64url')),
        invited_by: input.facilitatorId,
        last_sent_at: zonedWallTimeToUtc(addDays(today, -3 + index), '10:00', input.timezone)!,
        expires_at: zonedWallTimeToUtc(addDays(today, 11 + index), '10:00', input.timezone)!,
      })),
    )
    .execute();
  for (const [index, userId] of input.waitlistIds.entries()) {
    await trx
      .insertInto('cohort_member')
      .values({
        cohort_id: cohort.id,
        user_id: userId,
        role: 'participant',
        status: 'waitlisted',
        waitlisted_at: zonedWallTimeToUtc(addDays(today, -2 + index), '12:00', input.timezone)!,
      })
      .execute();
  }
  return cohort;
}
