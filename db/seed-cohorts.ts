import type { Kysely } from 'kysely';
import { addDays } from '../app/utils/dates';
import { buildCohort, buildMember } from './builders';
import { seedDemoPlans, type DemoPlanMember } from './seed-plans';
import { demoMoment, seedDemoSessions, type DemoAttendee, type DemoSession } from './seed-sessions';
import type { DemoCohortDates } from './seed-timeline';
import type { Database } from './schema';

/**
 * The two demo cohorts people work in: one six weeks into learning, one at its share-out.
 * Everything is dated from the cohort's start, which is dated from the day of seeding.
 */

interface CohortInput {
  cohortId: string;
  startsOn: string;
  timezone: string;
  coachId: string;
  members: DemoPlanMember[];
  moduleIds: string[];
  now: Date;
}

/** A published pathway of two units over the program's modules; returns the unit ids. */
async function seedPathway(
  trx: Kysely<Database>,
  input: CohortInput & { publishedAt: Date; firstDueDay?: number },
) {
  await trx
    .insertInto('pathway')
    .values({
      cohort_id: input.cohortId,
      published_at: input.publishedAt,
      published_by: input.coachId,
    })
    .execute();
  const units = await trx
    .insertInto('pathway_unit')
    .values([
      {
        cohort_id: input.cohortId,
        position: 1,
        title: 'Routines, relationships and engagement',
        action_plan_prompt:
          'Plan one four-week change to a routine, a relationship habit or a transition.',
      },
      {
        cohort_id: input.cohortId,
        position: 2,
        title: 'Behavior support, repair and partnership',
        action_plan_prompt:
          'Plan how you will prevent, de-escalate or repair, or how you will partner with families.',
      },
    ])
    .returning('id')
    .execute();
  const half = Math.ceil(input.moduleIds.length / 2);
  await trx
    .insertInto('pathway_module')
    .values(
      input.moduleIds.map((moduleId, index) => ({
        cohort_id: input.cohortId,
        unit_id: (index < half ? units[0]?.id : units[1]?.id) ?? '',
        module_id: moduleId,
        position: index < half ? index + 1 : index - half + 1,
        due_on:
          input.firstDueDay === undefined
            ? null
            : demoDay(input.startsOn, input.firstDueDay + index * 7),
      })),
    )
    .execute();
  return units.map((unit) => unit.id);
}

function demoDay(startsOn: string, days: number) {
  return addDays(startsOn, days);
}

/** Member `index` has finished the first `done(index)` modules, a few days apart. */
async function seedProgress(
  trx: Kysely<Database>,
  input: CohortInput & { fromDay: number; done: (index: number) => number },
) {
  const rows = input.members.flatMap((member, index) =>
    input.moduleIds.slice(0, input.done(index)).map((moduleId, position) => {
      const at = demoMoment(input.startsOn, input.fromDay + position * 4, '20:00', input.timezone);
      return {
        member_id: member.memberId,
        module_id: moduleId,
        status: 'completed' as const,
        reflection: 'I tried it with my class this week and wrote down what changed.',
        started_at: at,
        completed_at: at,
        updated_at: at,
      };
    }),
  );
  if (rows.length > 0) await trx.insertInto('module_progress').values(rows).execute();
}

/** Everyone but the last two took the pre-assessment in the first week. */
async function seedAssessmentResults(trx: Kysely<Database>, input: CohortInput) {
  const cohort = await trx
    .selectFrom('cohort')
    .select('program_id')
    .where('id', '=', input.cohortId)
    .executeTakeFirstOrThrow();
  const assessment = await trx
    .selectFrom('assessment')
    .select('id')
    .where('program_id', '=', cohort.program_id)
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('cohort_assessment')
    .values({
      cohort_id: input.cohortId,
      assessment_id: assessment.id,
      pinned_at: demoMoment(input.startsOn, 0, '17:00', input.timezone),
    })
    .execute();
  const items = await trx
    .selectFrom('assessment_item')
    .select(['id', 'kind', 'correct', 'options'])
    .where('assessment_id', '=', assessment.id)
    .orderBy('position')
    .execute();
  for (const [index, member] of input.members.entries()) {
    // the last one started and stopped; the one before never opened it
    if (index === input.members.length - 2) continue;
    const finished = index < input.members.length - 2;
    const at = demoMoment(input.startsOn, 1 + (index % 5), '19:00', input.timezone);
    const response = await trx
      .insertInto('assessment_response')
      .values({
        cohort_id: input.cohortId,
        assessment_id: assessment.id,
        member_id: member.memberId,
        started_at: at,
        updated_at: at,
        submitted_at: finished ? at : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const answered = finished ? items : items.slice(0, 3);
    await trx
      .insertInto('assessment_answer')
      .values(
        answered.map((item, position) => {
          // a spread of strengths: some right, some wrong, ratings from 1 to 4
          const right = (index + position) % 3 !== 0;
          const wrong = item.options.findIndex((_, option) => !item.correct.includes(option));
          return {
            response_id: response.id,
            assessment_id: assessment.id,
            item_id: item.id,
            rating: item.kind === 'self-rating' ? 1 + ((index * 3 + position) % 4) : null,
            choices:
              item.kind === 'single-choice' || item.kind === 'multi-choice'
                ? right
                  ? item.correct
                  : [Math.max(0, wrong)]
                : null,
            text_answer:
              item.kind === 'open-text'
                ? 'A morning greeting at the door and a two-minute check-in with anyone who seems off.'
                : null,
            updated_at: at,
          };
        }),
      )
      .execute();
  }
}

/** the live room for some, Zoom for others, both for a few; one person misses a session */
function attendanceOf(members: DemoPlanMember[], session: number): DemoAttendee[] {
  return members.flatMap((member, index): DemoAttendee[] => {
    if ((index + session) % 9 === 8) return [];
    const source =
      session % 2 === 0
        ? index % 4 === 0
          ? 'both'
          : 'zoom'
        : index % 5 === 0
          ? 'zoom'
          : 'live-room';
    return [{ userId: member.userId, source, late: index % 7 === 3 ? 25 : index % 3 }];
  });
}

// the cohort's recurring meeting, shared by its sessions
const learningSessions: DemoSession[] = [
  {
    kind: 'kickoff',
    title: 'Kickoff: norms, goals and the pre-assessment',
    day: 0,
    time: '16:00',
    minutes: 90,
    meetingNumber: '89214406613',
    passcode: 'kick0ff',
    hostedBy: 'facilitator',
  },
  {
    kind: 'coaching',
    title: 'Coaching 1: routines and procedures that stick',
    day: 17,
    time: '16:30',
    minutes: 60,
    meetingNumber: '89214406614',
    passcode: 'routine1',
    hostedBy: 'coach',
  },
  {
    kind: 'coaching',
    title: 'Coaching 2: de-escalation in the moment',
    // the Thursday after the coming Monday
    day: 45,
    time: '16:30',
    minutes: 60,
    meetingNumber: '89214406615',
    passcode: 'calm2',
    hostedBy: 'coach',
  },
  {
    kind: 'coaching',
    title: 'Coaching 3: action plans and evidence',
    day: 66,
    time: '16:30',
    minutes: 60,
    meetingNumber: '89214406616',
    passcode: 'plan3',
    hostedBy: 'coach',
  },
  {
    kind: 'share-out',
    title: 'Share-out: action plans in practice',
    day: 78,
    time: '16:00',
    minutes: 90,
    meetingNumber: '89214406617',
    passcode: 'share',
    hostedBy: 'facilitator',
  },
];

/**
 * A cohort six weeks into learning: pre-assessment results, a published pathway with due
 * dates, modules under way, two sessions held (Zoom and the live room) and three ahead, and
 * action plans in every state among participants 3–8.
 */
export async function seedDemoLearningCohort(trx: Kysely<Database>, input: CohortInput) {
  await seedAssessmentResults(trx, input);
  const [unitId] = await seedPathway(trx, {
    ...input,
    publishedAt: demoMoment(input.startsOn, 9, '09:00', input.timezone),
    firstDueDay: 18,
  });
  await seedProgress(trx, { ...input, fromDay: 12, done: (index) => (index * 7) % 5 });
  await seedDemoSessions(trx, {
    cohortId: input.cohortId,
    startsOn: input.startsOn,
    sessions: learningSessions,
    attendance: (session) => attendanceOf(input.members, session),
    now: input.now,
  });
  const handedInOn = demoDay(input.startsOn, 31);
  await seedDemoPlans(trx, {
    cohortId: input.cohortId,
    unitId: unitId!,
    coachId: input.coachId,
    members: input.members.slice(2, 8),
    handedInAt: demoMoment(input.startsOn, 31, '20:00', input.timezone),
    handedInOn,
  });
}

/**
 * A cohort at its share-out: fourteen weeks nearly done, every module done by most, four
 * sessions held, the share-out session next week and plans in every state.
 */
export async function seedDemoSharingCohort(
  trx: Kysely<Database>,
  input: {
    organizationId: string;
    programId: string;
    facilitatorId: string;
    coachId: string;
    timezone: string;
    participantIds: string[];
    moduleIds: string[];
    dates: DemoCohortDates;
    now: Date;
  },
) {
  const cohort = await buildCohort(trx, {
    organizationId: input.organizationId,
    programId: input.programId,
    facilitatorId: input.facilitatorId,
    coachId: input.coachId,
    name: input.dates.name,
    startsOn: input.dates.startsOn,
    endsOn: input.dates.endsOn,
    timezone: input.timezone,
    status: 'sharing',
  });
  const members: DemoPlanMember[] = [];
  for (const userId of input.participantIds) {
    const member = await buildMember(trx, { cohortId: cohort.id, userId, role: 'participant' });
    members.push({ memberId: member.id, userId });
  }
  const common: CohortInput = {
    cohortId: cohort.id,
    startsOn: input.dates.startsOn,
    timezone: input.timezone,
    coachId: input.coachId,
    members,
    moduleIds: input.moduleIds,
    now: input.now,
  };
  const [unitId] = await seedPathway(trx, {
    ...common,
    publishedAt: demoMoment(input.dates.startsOn, 14, '09:00', input.timezone),
  });
  await seedProgress(trx, {
    ...common,
    fromDay: 16,
    done: (index) => input.moduleIds.length - (index % 3),
  });
  // the share-out is on the Thursday after the coming Monday, a week before the end
  const shareOutDay = 13 * 7 + 3;
  await seedDemoSessions(trx, {
    cohortId: cohort.id,
    startsOn: input.dates.startsOn,
    sessions: [
      {
        kind: 'kickoff',
        title: 'Kickoff: norms and goals',
        day: 1,
        time: '16:00',
        minutes: 60,
        hostedBy: 'facilitator',
      },
      {
        kind: 'coaching',
        title: 'Coaching 1: routines that stick',
        day: 23,
        time: '16:30',
        minutes: 60,
        hostedBy: 'coach',
      },
      {
        kind: 'coaching',
        title: 'Coaching 2: de-escalation',
        day: 51,
        time: '16:30',
        minutes: 60,
        hostedBy: 'coach',
      },
      {
        kind: 'coaching',
        title: 'Coaching 3: action plans and evidence',
        day: 79,
        time: '16:30',
        minutes: 60,
        hostedBy: 'coach',
      },
      {
        kind: 'share-out',
        title: 'Share-out: our action plans',
        day: shareOutDay,
        time: '16:00',
        minutes: 90,
        hostedBy: 'facilitator',
      },
    ],
    attendance: (session) => attendanceOf(members, session + 1),
    now: input.now,
  });
  await seedDemoPlans(trx, {
    cohortId: cohort.id,
    unitId: unitId!,
    coachId: input.coachId,
    members,
    handedInAt: demoMoment(input.dates.startsOn, 25, '20:00', input.timezone),
    handedInOn: demoDay(input.dates.startsOn, 25),
  });
  return cohort;
}
