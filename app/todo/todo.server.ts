import { sql } from 'kysely';
import type { DB } from '../../db/db.server';
import { getCohortResults } from '../assessment/results.server';
import { scoreBand } from '../assessment/score-band';
import { facilitatorItems } from './facilitator-items.server';
import {
  ACTIVE_STATUSES,
  base,
  day,
  daysAgo,
  daysWaiting,
  iso,
  MODULES_PER_COHORT,
  sortTodo,
  waited,
  type Membership,
  type TodoItem,
} from './todo-items';

export type { TodoItem } from './todo-items';

async function memberships(db: DB, userId: string): Promise<Membership[]> {
  return db
    .selectFrom('cohort_member')
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .select([
      'cohort_member.id as memberId',
      'cohort_member.role',
      'cohort.id as cohortId',
      'cohort.name as cohortName',
      'cohort.status',
      'cohort.timezone',
    ])
    .where('cohort_member.user_id', '=', userId)
    .where('cohort_member.status', '=', 'active')
    .where('cohort.status', 'in', ACTIVE_STATUSES)
    .execute();
}

/**
 * What needs a person now, across every cohort they belong to, most urgent first: the
 * home page's to-do list. Each item leads to the page that does it.
 */
export async function getTodoList(
  db: DB,
  input: { userId: string; now?: Date },
): Promise<TodoItem[]> {
  const now = input.now ?? new Date();
  const all = await memberships(db, input.userId);
  const byRole = (role: Membership['role']) => all.filter((member) => member.role === role);
  const items = [
    ...(await participantItems(db, byRole('participant'), now)),
    ...(await coachItems(db, byRole('coach'), now)),
    ...(await facilitatorItems(db, byRole('facilitator'), now)),
  ];
  return sortTodo(items);
}

async function participantItems(db: DB, members: Membership[], now: Date): Promise<TodoItem[]> {
  if (members.length === 0) return [];
  const memberIds = members.map((member) => member.memberId);
  const cohortIds = members.map((member) => member.cohortId);
  const byMember = new Map(members.map((member) => [member.memberId, member]));
  const byCohort = new Map(members.map((member) => [member.cohortId, member]));
  const items: TodoItem[] = [];

  const [responses, modules, plans, unitsReady, submissions, owed, waiting, sessions] =
    await Promise.all([
      db
        .selectFrom('assessment_response')
        .select(['member_id as memberId', 'submitted_at as submittedAt'])
        .where('member_id', 'in', memberIds)
        .execute(),
      db
        .selectFrom('pathway_module as pm')
        .innerJoin('pathway', 'pathway.cohort_id', 'pm.cohort_id')
        .innerJoin('module', 'module.id', 'pm.module_id')
        .innerJoin('cohort_member as cm', 'cm.cohort_id', 'pm.cohort_id')
        .select([
          'cm.id as memberId',
          'pm.module_id as moduleId',
          'module.title',
          'pm.due_on as dueOn',
        ])
        .where('cm.id', 'in', memberIds)
        .where('pathway.published_at', 'is not', null)
        .where((eb) =>
          eb.or([
            eb('pm.assign_to', '=', 'everyone'),
            eb.exists(
              eb
                .selectFrom('pathway_assignment as pa')
                .select('pa.member_id')
                .whereRef('pa.pathway_module_id', '=', 'pm.id')
                .whereRef('pa.member_id', '=', 'cm.id'),
            ),
          ]),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('module_progress as mp')
                .select('mp.id')
                .whereRef('mp.member_id', '=', 'cm.id')
                .whereRef('mp.module_id', '=', 'pm.module_id')
                .where('mp.status', '=', 'completed'),
            ),
          ),
        )
        .orderBy(sql`pm.due_on asc nulls last`)
        .orderBy('pm.position')
        .execute(),
      db
        .selectFrom('action_plan')
        .innerJoin('pathway_unit', 'pathway_unit.id', 'action_plan.unit_id')
        .select([
          'action_plan.id',
          'action_plan.member_id as memberId',
          'action_plan.status',
          'action_plan.updated_at as updatedAt',
          'action_plan.decided_at as decidedAt',
          'pathway_unit.title as unitTitle',
        ])
        .where('action_plan.member_id', 'in', memberIds)
        .where('action_plan.status', 'in', ['draft', 'revision-requested'])
        .execute(),
      // units whose assigned modules are all done and that have no plan yet
      db
        .selectFrom('pathway_unit as unit')
        .innerJoin('cohort_member as cm', 'cm.cohort_id', 'unit.cohort_id')
        .innerJoin('pathway', 'pathway.cohort_id', 'unit.cohort_id')
        .select(['cm.id as memberId', 'unit.id as unitId', 'unit.title'])
        .where('cm.id', 'in', memberIds)
        .where('pathway.published_at', 'is not', null)
        .where(sql<boolean>`exists (select 1 from pathway_module pm where pm.unit_id = unit.id)`)
        .where(
          sql<boolean>`not exists (
            select 1 from pathway_module pm
            where pm.unit_id = unit.id
              and (pm.assign_to = 'everyone' or exists (select 1 from pathway_assignment pa
                where pa.pathway_module_id = pm.id and pa.member_id = cm.id))
              and not exists (select 1 from module_progress mp
                where mp.member_id = cm.id and mp.module_id = pm.module_id and mp.status = 'completed'))`,
        )
        .where(
          sql<boolean>`not exists (select 1 from action_plan ap
            where ap.unit_id = unit.id and ap.member_id = cm.id)`,
        )
        .execute(),
      db
        .selectFrom('submission')
        .innerJoin('micro_credential', 'micro_credential.id', 'submission.micro_credential_id')
        .select([
          'submission.id',
          'submission.member_id as memberId',
          'submission.status',
          'submission.updated_at as updatedAt',
          'micro_credential.title',
        ])
        .where('submission.member_id', 'in', memberIds)
        .where('submission.status', 'in', ['draft', 'not-yet', 'incomplete'])
        .execute(),
      db
        .selectFrom('critique')
        .innerJoin('submission', 'submission.id', 'critique.submission_id')
        .innerJoin('cohort_member as author', 'author.id', 'submission.member_id')
        .innerJoin('app_user', 'app_user.id', 'author.user_id')
        .innerJoin('micro_credential', 'micro_credential.id', 'submission.micro_credential_id')
        .select([
          'critique.id',
          'critique.reviewer_member_id as memberId',
          'critique.requested_at as requestedAt',
          'submission.id as submissionId',
          'app_user.name as authorName',
          'micro_credential.title',
        ])
        .where('critique.reviewer_member_id', 'in', memberIds)
        .where('critique.completed_at', 'is', null)
        .where('critique.cancelled_at', 'is', null)
        .execute(),
      db
        .selectFrom('critique')
        .innerJoin('submission', 'submission.id', 'critique.submission_id')
        .innerJoin('cohort_member as reviewer', 'reviewer.id', 'critique.reviewer_member_id')
        .innerJoin('app_user', 'app_user.id', 'reviewer.user_id')
        .innerJoin('micro_credential', 'micro_credential.id', 'submission.micro_credential_id')
        .select([
          'critique.id',
          'submission.member_id as memberId',
          'submission.id as submissionId',
          'critique.requested_at as requestedAt',
          'critique.nudged_at as nudgedAt',
          'app_user.name as partnerName',
          'micro_credential.title',
        ])
        .where('submission.member_id', 'in', memberIds)
        .where('submission.status', '=', 'in-critique')
        .where('critique.completed_at', 'is', null)
        .where('critique.cancelled_at', 'is', null)
        .execute(),
      db
        .selectFrom('coaching_session')
        .select(['id', 'cohort_id as cohortId', 'title', 'starts_at as startsAt', 'minutes'])
        .where('cohort_id', 'in', cohortIds)
        .where('status', '=', 'scheduled')
        .where(sql<boolean>`starts_at + make_interval(mins => minutes) > ${now}`)
        .orderBy('starts_at')
        .execute(),
    ]);

  for (const member of members) {
    if (member.status !== 'assessing') continue;
    const response = responses.find((row) => row.memberId === member.memberId);
    if (response?.submittedAt) continue;
    items.push({
      ...base(member, 'participant'),
      key: `assessment:${member.memberId}`,
      title: response ? 'Finish the pre-assessment' : 'Take the pre-assessment',
      detail: 'Your coach chooses the cohort’s modules from everyone’s answers.',
      href: `/cohorts/${member.cohortId}/assessment`,
      action: response ? 'Continue' : 'Start',
    });
  }

  const shown = new Map<string, number>();
  for (const row of modules) {
    const member = byMember.get(row.memberId)!;
    const count = shown.get(row.memberId) ?? 0;
    if (count >= MODULES_PER_COHORT) continue;
    shown.set(row.memberId, count + 1);
    items.push({
      ...base(member, 'participant'),
      key: `module:${row.memberId}:${row.moduleId}`,
      title: row.title,
      detail: row.dueOn ? null : 'Module, no due date',
      href: `/cohorts/${member.cohortId}/modules/${row.moduleId}`,
      action: 'Open the module',
      dueOn: day(row.dueOn),
    });
  }

  for (const plan of plans) {
    const member = byMember.get(plan.memberId)!;
    const revise = plan.status === 'revision-requested';
    items.push({
      ...base(member, 'participant'),
      key: `plan:${plan.id}`,
      title: revise
        ? `Revise your action plan for ${plan.unitTitle}`
        : `Finish your action plan for ${plan.unitTitle}`,
      detail: revise ? 'Your coach asked for a revision.' : 'A draft you started.',
      href: `/cohorts/${member.cohortId}/plans/${plan.id}`,
      action: revise ? 'Revise' : 'Continue',
      urgentAt: revise ? iso(plan.decidedAt) : null,
    });
  }
  for (const unit of unitsReady) {
    const member = byMember.get(unit.memberId)!;
    items.push({
      ...base(member, 'participant'),
      key: `plan-unit:${unit.memberId}:${unit.unitId}`,
      title: `Write your action plan for ${unit.title}`,
      detail: 'You finished the unit’s modules; the plan closes it.',
      href: `/cohorts/${member.cohortId}/plans`,
      action: 'Write the plan',
    });
  }

  for (const submission of submissions) {
    const member = byMember.get(submission.memberId)!;
    const again = submission.status !== 'draft';
    items.push({
      ...base(member, 'participant'),
      key: `evidence:${submission.id}`,
      title: again
        ? `Revise your evidence for ${submission.title}`
        : `Finish your evidence for ${submission.title}`,
      detail: again ? 'The coach returned it with feedback.' : 'Saved as a draft.',
      href: `/cohorts/${member.cohortId}/evidence/${submission.id}`,
      action: again ? 'Revise' : 'Continue',
    });
  }

  for (const critique of owed) {
    const member = byMember.get(critique.memberId)!;
    const days = daysWaiting(critique.requestedAt, now);
    items.push({
      ...base(member, 'participant'),
      key: `critique:${critique.id}`,
      title: `Critique ${critique.authorName}’s evidence for ${critique.title}`,
      detail: `${critique.authorName} has waited ${waited(days)}.`,
      href: `/cohorts/${member.cohortId}/evidence/${critique.submissionId}/critique`,
      action: 'Write the critique',
      urgentAt: iso(critique.requestedAt),
    });
  }

  for (const critique of waiting) {
    const member = byMember.get(critique.memberId)!;
    const days = daysWaiting(critique.requestedAt, now);
    items.push({
      ...base(member, 'participant'),
      key: `waiting:${critique.id}`,
      title: `Waiting for ${critique.partnerName}’s critique of your ${critique.title}`,
      detail: `Asked ${daysAgo(days)}.`,
      href: `/cohorts/${member.cohortId}/evidence/${critique.submissionId}`,
      action: 'Open your evidence',
      urgentAt: null,
      nudge: {
        critiqueId: critique.id,
        partnerName: critique.partnerName,
        nudgedAt: iso(critique.nudgedAt),
      },
    });
  }

  const nextPerCohort = new Map<string, (typeof sessions)[number]>();
  for (const session of sessions) {
    if (!nextPerCohort.has(session.cohortId)) nextPerCohort.set(session.cohortId, session);
  }
  for (const session of nextPerCohort.values()) {
    const member = byCohort.get(session.cohortId)!;
    const startsAt = new Date(session.startsAt);
    const open = startsAt.getTime() - 15 * 60_000 <= now.getTime();
    items.push({
      ...base(member, 'participant'),
      key: `session:${session.id}`,
      title: session.title,
      detail: open ? 'Happening now.' : null,
      href: open
        ? `/cohorts/${member.cohortId}/sessions/${session.id}/live`
        : `/cohorts/${member.cohortId}/sessions/${session.id}`,
      action: open ? 'Join now' : 'See the session',
      urgentAt: startsAt.toISOString(),
    });
  }
  return items;
}

async function coachItems(db: DB, members: Membership[], now: Date): Promise<TodoItem[]> {
  if (members.length === 0) return [];
  const cohortIds = members.map((member) => member.cohortId);
  const byCohort = new Map(members.map((member) => [member.cohortId, member]));
  const [toScore, toReview, unpublished] = await Promise.all([
    db
      .selectFrom('submission')
      .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .innerJoin('micro_credential', 'micro_credential.id', 'submission.micro_credential_id')
      .select([
        'submission.id',
        'cohort_member.cohort_id as cohortId',
        'submission.submitted_at as submittedAt',
        'app_user.name',
        'micro_credential.title',
      ])
      .where('cohort_member.cohort_id', 'in', cohortIds)
      .where('submission.status', '=', 'submitted')
      .execute(),
    db
      .selectFrom('action_plan')
      .innerJoin('cohort_member', 'cohort_member.id', 'action_plan.member_id')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .innerJoin('pathway_unit', 'pathway_unit.id', 'action_plan.unit_id')
      .select([
        'action_plan.id',
        'action_plan.cohort_id as cohortId',
        'action_plan.submitted_at as submittedAt',
        'app_user.name',
        'pathway_unit.title as unitTitle',
      ])
      .where('action_plan.cohort_id', 'in', cohortIds)
      .where('action_plan.status', '=', 'submitted')
      .execute(),
    db
      .selectFrom('cohort')
      .leftJoin('pathway', 'pathway.cohort_id', 'cohort.id')
      .select('cohort.id')
      .where('cohort.id', 'in', cohortIds)
      .where('cohort.status', 'in', ['assessing', 'learning'])
      .where('pathway.published_at', 'is', null)
      .execute(),
  ]);
  const items: TodoItem[] = [];
  for (const submission of toScore) {
    const member = byCohort.get(submission.cohortId)!;
    const days = submission.submittedAt ? daysWaiting(submission.submittedAt, now) : 0;
    items.push({
      ...base(member, 'coach'),
      key: `score:${submission.id}`,
      title: `Score ${submission.name}’s evidence for ${submission.title}`,
      detail: `Submitted ${daysAgo(days)}.`,
      href: `/cohorts/${member.cohortId}/scoring/${submission.id}`,
      action: 'Score',
      urgentAt: iso(submission.submittedAt),
    });
  }
  for (const plan of toReview) {
    const member = byCohort.get(plan.cohortId)!;
    items.push({
      ...base(member, 'coach'),
      key: `review:${plan.id}`,
      title: `Review ${plan.name}’s action plan for ${plan.unitTitle}`,
      detail: null,
      href: `/cohorts/${member.cohortId}/plans/${plan.id}`,
      action: 'Review',
      urgentAt: iso(plan.submittedAt),
    });
  }
  // before the pathway is chosen, the people below the line are what the coach plans for
  // a coach has few cohorts before their pathways are published; their results load together
  const resultsByCohort = await Promise.all(
    unpublished.map(async ({ id }) => ({ id, results: await getCohortResults(db, id) })),
  );
  for (const { id, results } of resultsByCohort) {
    const member = byCohort.get(id)!;
    for (const competency of results.competencies) {
      const below = results.participants.filter((participant) =>
        participant.scores.some(
          (score) => score.competencyId === competency.id && scoreBand(score.score) === 'low',
        ),
      );
      if (below.length === 0) continue;
      items.push({
        ...base(member, 'coach'),
        key: `below:${id}:${competency.id}`,
        title: `${below.length} ${below.length === 1 ? 'person scores' : 'people score'} below 50 on ${competency.code} ${competency.title}`,
        detail: below.map((participant) => participant.name).join(', '),
        href: `/cohorts/${id}/assessment`,
        action: 'See the heatmap',
      });
    }
  }
  return items;
}
