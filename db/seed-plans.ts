import type { Kysely } from 'kysely';
import { zonedWallTimeToUtc } from '../app/sessions/zoned-time';
import { buildCohort, buildMember } from './builders';
import type { ActionPlanStep, Database } from './schema';

export const demoSharingCohort = {
  name: 'Fall 2026 — Classroom Management',
  startsOn: '2026-09-08',
  endsOn: '2026-12-18',
};

interface DemoPlan {
  goal: string;
  measure: string;
  steps: ActionPlanStep[];
  support: string;
  context: string;
}

const plans: DemoPlan[] = [
  {
    goal: 'By October 30, my Grade 2 class lines up for lunch and specials in under 90 seconds using a practiced three-step signal.',
    measure: 'I will time each transition for three weeks and tally how many reminders I give.',
    steps: [
      {
        action: 'Write the three-step signal on a visual card',
        owner: 'Me',
        due: '2026-10-05',
        resources: 'Card stock',
      },
      {
        action: 'Practice the routine twice a day for a week',
        owner: 'Me and the class',
        due: '2026-10-12',
        resources: '',
      },
    ],
    support: 'A short observation of a lunch transition.',
    context: 'Transitions are where we lose the most time and where two students struggle most.',
  },
  {
    goal: 'Greet every student by name at the door each morning and check in privately with the five students who start the day unsettled.',
    measure: 'A daily checklist of greetings and a weekly count of first-period redirections.',
    steps: [
      {
        action: 'Make a door-greeting checklist',
        owner: 'Me',
        due: '2026-10-06',
        resources: 'Class roster',
      },
    ],
    support: '',
    context: 'Mornings set the tone for my homeroom.',
  },
  {
    goal: 'By November 20, my 7th-grade science class uses a posted lab-cleanup routine so that cleanup takes under 4 minutes.',
    measure: 'Time cleanup in every lab for four weeks; note missing or damaged equipment.',
    steps: [
      {
        action: 'Assign lab roles and post role cards at each station',
        owner: 'Me',
        due: '2026-10-20',
        resources: 'Role cards, 20 minutes',
      },
      {
        action: 'Model and rehearse cleanup with a timer',
        owner: 'Me and the class',
        due: '2026-10-23',
        resources: 'Visual timer',
      },
      {
        action: 'Share timing data with the class each Friday',
        owner: 'Me',
        due: '2026-11-20',
        resources: '',
      },
    ],
    support: 'Ideas from colleagues who run labs with 30 students.',
    context: 'Labs are the favourite part of class, and rushed cleanups are costing us lab time.',
  },
  {
    goal: 'Hold a 12-minute community circle every Monday with my 4th period and use restorative questions after conflicts, for six weeks.',
    measure:
      'Circle participation counts, and the number of conflicts that return to me after a restorative conversation.',
    steps: [
      {
        action: 'Prepare six circle prompts and a talking piece',
        owner: 'Me',
        due: '2026-10-09',
        resources: 'Talking piece',
      },
      {
        action: 'Run the first circle and write down who spoke and who passed',
        owner: 'Me',
        due: '2026-10-12',
        resources: '',
      },
      {
        action: 'Use the restorative questions card after any conflict',
        owner: 'Me',
        due: '2026-11-20',
        resources: 'Question card',
      },
    ],
    support: 'A co-facilitator for the first circle, if someone is free 4th period.',
    context: '4th period has several new students and a few long-running conflicts.',
  },
  {
    goal: 'Send a two-sentence positive note home to every family in my homeroom by December 1, starting with families I have not reached yet.',
    measure: 'A contact log: notes sent, replies received, and follow-up conversations.',
    steps: [
      {
        action: 'List families not contacted this year',
        owner: 'Me',
        due: '2026-10-16',
        resources: 'Contact log',
      },
      {
        action: 'Send five notes a week',
        owner: 'Me',
        due: '2026-12-01',
        resources: 'Translated templates',
      },
    ],
    support: 'Help from our family liaison with Spanish and Haitian Creole notes.',
    context: 'Many of my families only hear from school when something goes wrong.',
  },
  {
    goal: 'Use a calm-down corner with a visual menu of choices so students can reset without leaving the room.',
    measure: 'Count room exits for behavior before and after, over four weeks.',
    steps: [
      {
        action: 'Set up the corner with a timer and choice cards',
        owner: 'Me',
        due: '2026-10-14',
        resources: 'Timer, cards',
      },
    ],
    support: 'Feedback on the choice cards from our counselor.',
    context: 'Several students leave the room to reset and miss instruction.',
  },
];

const comments: { plan: number; author: number; kind: 'glow' | 'grow'; body: string }[] = [
  {
    plan: 3,
    author: 4,
    kind: 'glow',
    body: 'The talking piece and a prompt everyone can answer are a great way to start.',
  },
  {
    plan: 3,
    author: 1,
    kind: 'grow',
    body: 'Could you track who passes over time, to see if quieter students join in?',
  },
  {
    plan: 4,
    author: 3,
    kind: 'glow',
    body: 'Starting with families you have not reached yet is such a thoughtful choice.',
  },
  {
    plan: 4,
    author: 2,
    kind: 'grow',
    body: 'Maybe add a phone call option for families who do not read email.',
  },
];

/**
 * A second demo cohort, already at its share-out: a published pathway of two units, a
 * share-out coaching session and plans in every state (drafts, one waiting for the coach,
 * one sent back for revision, two shared with glows and grows), so the gallery and the
 * share-out have something to show.
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
  },
) {
  const cohort = await buildCohort(trx, {
    organizationId: input.organizationId,
    programId: input.programId,
    facilitatorId: input.facilitatorId,
    coachId: input.coachId,
    name: demoSharingCohort.name,
    startsOn: demoSharingCohort.startsOn,
    endsOn: demoSharingCohort.endsOn,
    timezone: input.timezone,
    status: 'sharing',
  });
  const memberIds: string[] = [];
  for (const userId of input.participantIds) {
    const member = await buildMember(trx, { cohortId: cohort.id, userId, role: 'participant' });
    memberIds.push(member.id);
  }
  await trx
    .insertInto('pathway')
    .values({
      cohort_id: cohort.id,
      published_at: new Date('2026-09-28T14:00:00Z'),
      published_by: input.coachId,
    })
    .execute();
  const units = await trx
    .insertInto('pathway_unit')
    .values([
      {
        cohort_id: cohort.id,
        position: 1,
        title: 'Routines, relationships and engagement',
        action_plan_prompt:
          'Plan one four-week change to a routine, a relationship habit or a transition.',
      },
      {
        cohort_id: cohort.id,
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
        cohort_id: cohort.id,
        unit_id: (index < half ? units[0]?.id : units[1]?.id) ?? '',
        module_id: moduleId,
        position: index < half ? index + 1 : index - half + 1,
      })),
    )
    .execute();
  const startsAt = zonedWallTimeToUtc('2026-12-10', '16:00', input.timezone);
  if (!startsAt) throw new Error('the demo share-out has an impossible start');
  await trx
    .insertInto('coaching_session')
    .values({
      cohort_id: cohort.id,
      kind: 'share-out',
      title: 'Share-out: our action plans',
      starts_at: startsAt,
      minutes: 90,
      host_id: input.facilitatorId,
      created_by: input.facilitatorId,
    })
    .execute();

  // plans 0–1 drafts, 2 waiting, 3–4 accepted and shared, 5 sent back for revision
  const unitId = units[0]?.id ?? '';
  const planIds: string[] = [];
  for (const [index, plan] of plans.entries()) {
    const memberId = memberIds[index];
    if (!memberId) break;
    const status =
      index < 2
        ? 'draft'
        : index === 2
          ? 'submitted'
          : index === 5
            ? 'revision-requested'
            : 'accepted';
    const handedIn = status !== 'draft';
    const row = await trx
      .insertInto('action_plan')
      .values({
        cohort_id: cohort.id,
        member_id: memberId,
        unit_id: unitId,
        status,
        ...plan,
        version: handedIn ? 3 : 2,
        submitted_at: handedIn ? new Date('2026-10-02T20:00:00Z') : null,
        decided_at:
          status === 'accepted' || status === 'revision-requested'
            ? new Date('2026-10-05T15:00:00Z')
            : null,
        shared_at: status === 'accepted' ? new Date('2026-10-06T12:00:00Z') : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    planIds.push(row.id);
    if (!handedIn) continue;
    const version = await trx
      .insertInto('action_plan_version')
      .values({
        plan_id: row.id,
        number: 1,
        ...plan,
        submitted_by: input.participantIds[index] ?? null,
        submitted_at: new Date('2026-10-02T20:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (status === 'submitted') continue;
    await trx
      .insertInto('action_plan_review')
      .values({
        plan_id: row.id,
        version_id: version.id,
        reviewer_id: input.coachId,
        decision: status === 'accepted' ? 'accepted' : 'revision-requested',
        measure_note:
          status === 'accepted'
            ? 'Clear and countable. Share the numbers with your students too.'
            : 'How will you know the corner helps? Add what you will count each day.',
        overall_note:
          status === 'accepted' ? 'A focused, doable plan.' : 'Good start; tighten the measure.',
        reviewed_at: new Date('2026-10-05T15:00:00Z'),
      })
      .execute();
  }
  for (const comment of comments) {
    const planId = planIds[comment.plan];
    const authorId = input.participantIds[comment.author];
    if (!planId || !authorId) continue;
    await trx
      .insertInto('action_plan_comment')
      .values({ plan_id: planId, author_id: authorId, kind: comment.kind, body: comment.body })
      .execute();
  }
  return cohort;
}
