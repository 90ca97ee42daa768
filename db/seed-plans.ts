import type { Kysely } from 'kysely';
import { addDays } from '../app/utils/dates';
import type { ActionPlanStep, Database } from './schema';

interface DemoPlan {
  goal: string;
  measure: string;
  /** each step is due some days after the plan is handed in */
  steps: (Omit<ActionPlanStep, 'due'> & { dueInDays: number })[];
  support: string;
  context: string;
}

const plans: DemoPlan[] = [
  {
    goal: 'Within four weeks, my Grade 2 class lines up for lunch and specials in under 90 seconds using a practiced three-step signal.',
    measure: 'I will time each transition for three weeks and tally how many reminders I give.',
    steps: [
      {
        action: 'Write the three-step signal on a visual card',
        owner: 'Me',
        dueInDays: 3,
        resources: 'Card stock',
      },
      {
        action: 'Practice the routine twice a day for a week',
        owner: 'Me and the class',
        dueInDays: 10,
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
        dueInDays: 4,
        resources: 'Class roster',
      },
    ],
    support: '',
    context: 'Mornings set the tone for my homeroom.',
  },
  {
    goal: 'Within six weeks, my 7th-grade science class uses a posted lab-cleanup routine so that cleanup takes under 4 minutes.',
    measure: 'Time cleanup in every lab for four weeks; note missing or damaged equipment.',
    steps: [
      {
        action: 'Assign lab roles and post role cards at each station',
        owner: 'Me',
        dueInDays: 18,
        resources: 'Role cards, 20 minutes',
      },
      {
        action: 'Model and rehearse cleanup with a timer',
        owner: 'Me and the class',
        dueInDays: 21,
        resources: 'Visual timer',
      },
      {
        action: 'Share timing data with the class each Friday',
        owner: 'Me',
        dueInDays: 49,
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
        dueInDays: 7,
        resources: 'Talking piece',
      },
      {
        action: 'Run the first circle and write down who spoke and who passed',
        owner: 'Me',
        dueInDays: 10,
        resources: '',
      },
      {
        action: 'Use the restorative questions card after any conflict',
        owner: 'Me',
        dueInDays: 49,
        resources: 'Question card',
      },
    ],
    support: 'A co-facilitator for the first circle, if someone is free 4th period.',
    context: '4th period has several new students and a few long-running conflicts.',
  },
  {
    goal: 'Send a two-sentence positive note home to every family in my homeroom within six weeks, starting with families I have not reached yet.',
    measure: 'A contact log: notes sent, replies received, and follow-up conversations.',
    steps: [
      {
        action: 'List families not contacted this year',
        owner: 'Me',
        dueInDays: 14,
        resources: 'Contact log',
      },
      {
        action: 'Send five notes a week',
        owner: 'Me',
        dueInDays: 42,
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
        dueInDays: 12,
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

export interface DemoPlanMember {
  memberId: string;
  userId: string;
}

const DAY = 86_400_000;

/**
 * Action plans in every state for the first six members: two drafts, one waiting for the
 * coach, two accepted and shared with glows and grows, one sent back for revision.
 */
export async function seedDemoPlans(
  trx: Kysely<Database>,
  input: {
    cohortId: string;
    unitId: string;
    coachId: string;
    members: DemoPlanMember[];
    /** when the plans were handed in; the coach decides three days later */
    handedInAt: Date;
    /** the calendar day they were handed in, in the cohort's zone */
    handedInOn: string;
  },
) {
  const decidedAt = new Date(input.handedInAt.getTime() + 3 * DAY);
  const sharedAt = new Date(input.handedInAt.getTime() + 4 * DAY);
  const planIds: string[] = [];
  for (const [index, plan] of plans.entries()) {
    const member = input.members[index];
    if (!member) break;
    const status =
      index < 2
        ? 'draft'
        : index === 2
          ? 'submitted'
          : index === 5
            ? 'revision-requested'
            : 'accepted';
    const handedIn = status !== 'draft';
    const content = {
      goal: plan.goal,
      measure: plan.measure,
      support: plan.support,
      context: plan.context,
      steps: plan.steps.map(({ dueInDays, ...step }) => ({
        ...step,
        due: addDays(input.handedInOn, dueInDays),
      })),
    };
    const row = await trx
      .insertInto('action_plan')
      .values({
        cohort_id: input.cohortId,
        member_id: member.memberId,
        unit_id: input.unitId,
        status,
        ...content,
        version: handedIn ? 3 : 2,
        submitted_at: handedIn ? input.handedInAt : null,
        decided_at: status === 'accepted' || status === 'revision-requested' ? decidedAt : null,
        shared_at: status === 'accepted' ? sharedAt : null,
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
        ...content,
        submitted_by: member.userId,
        submitted_at: input.handedInAt,
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
        reviewed_at: decidedAt,
      })
      .execute();
  }
  for (const comment of comments) {
    const planId = planIds[comment.plan];
    const authorId = input.members[comment.author]?.userId;
    if (!planId || !authorId) continue;
    await trx
      .insertInto('action_plan_comment')
      .values({
        plan_id: planId,
        author_id: authorId,
        kind: comment.kind,
        body: comment.body,
        created_at: new Date(sharedAt.getTime() + DAY),
      })
      .execute();
  }
}
