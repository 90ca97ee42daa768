import { sql } from 'kysely';
import type { DB } from '../../db/db.server';
import {
  getCohortFactsByCohort,
  missingForTransition,
  nextStage,
  stageLabels,
} from '../cohorts/lifecycle.server';
import { base, daysAgo, daysWaiting, type Membership, type TodoItem } from './todo-items';

/** What needs a facilitator: unanswered invitations, unmatched Zoom people, missing ids, stages. */
export async function facilitatorItems(
  db: DB,
  members: Membership[],
  now: Date,
): Promise<TodoItem[]> {
  if (members.length === 0) return [];
  const cohortIds = members.map((member) => member.cohortId);
  const [invitations, unmatched, missingIds] = await Promise.all([
    db
      .selectFrom('invitation')
      .select([
        'cohort_id as cohortId',
        sql<string>`count(*)`.as('count'),
        sql<Date>`min(created_at)`.as('oldest'),
      ])
      .where('cohort_id', 'in', cohortIds)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .groupBy('cohort_id')
      .execute(),
    db
      .selectFrom('zoom_unmatched_participant as z')
      .innerJoin('coaching_session', 'coaching_session.id', 'z.coaching_session_id')
      .select([
        'coaching_session.cohort_id as cohortId',
        'coaching_session.id as sessionId',
        'coaching_session.title',
        sql<string>`count(*)`.as('count'),
      ])
      .where('coaching_session.cohort_id', 'in', cohortIds)
      .where('z.resolved_at', 'is', null)
      .groupBy(['coaching_session.cohort_id', 'coaching_session.id', 'coaching_session.title'])
      .execute(),
    db
      .selectFrom('cohort_member')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .select(['cohort_member.cohort_id as cohortId', sql<string>`count(*)`.as('count')])
      .where('cohort_member.cohort_id', 'in', cohortIds)
      .where('cohort_member.role', '=', 'participant')
      .where('cohort_member.status', 'in', ['active', 'completed'])
      .where('app_user.state_educator_id', 'is', null)
      .groupBy('cohort_member.cohort_id')
      .execute(),
  ]);
  const byCohort = new Map(members.map((member) => [member.cohortId, member]));
  const items: TodoItem[] = [];
  for (const row of invitations) {
    const member = byCohort.get(row.cohortId)!;
    const count = Number(row.count);
    items.push({
      ...base(member, 'facilitator'),
      key: `invitations:${row.cohortId}`,
      title: `${count} ${count === 1 ? 'invitation is' : 'invitations are'} unanswered`,
      detail: `The oldest was sent ${daysAgo(daysWaiting(row.oldest, now))}; resend or follow up.`,
      href: `/cohorts/${row.cohortId}/invite`,
      action: 'See invitations',
    });
  }
  for (const row of unmatched) {
    const member = byCohort.get(row.cohortId)!;
    const count = Number(row.count);
    items.push({
      ...base(member, 'facilitator'),
      key: `unmatched:${row.sessionId}`,
      title: `${count} Zoom ${count === 1 ? 'participant' : 'participants'} not matched to anyone in ${row.title}`,
      detail: 'Their minutes count once you say who they are.',
      href: `/cohorts/${row.cohortId}/sessions/${row.sessionId}/attendance`,
      action: 'Match them',
    });
  }
  for (const row of missingIds) {
    const member = byCohort.get(row.cohortId)!;
    const count = Number(row.count);
    items.push({
      ...base(member, 'facilitator'),
      key: `educator-ids:${row.cohortId}`,
      title: `${count} ${count === 1 ? 'participant has' : 'participants have'} no state educator id`,
      detail: 'Act 48 hours reach PERMS only with a PPID.',
      href: `/cohorts/${row.cohortId}/roster`,
      action: 'See the roster',
    });
  }
  const movable = members.filter((member) => {
    const next = nextStage(member.status);
    return next && next !== 'archived';
  });
  const factsByCohort = await getCohortFactsByCohort(
    db,
    movable.map((member) => member.cohortId),
  );
  for (const member of movable) {
    const next = nextStage(member.status)!;
    const facts = factsByCohort.get(member.cohortId);
    const missing = facts ? missingForTransition(facts, next) : [];
    if (missing.length === 0) continue;
    items.push({
      ...base(member, 'facilitator'),
      key: `stage:${member.cohortId}`,
      title: `Before ${stageLabels[next]}: ${missing[0]}`,
      detail: missing.length > 1 ? `and ${missing.length - 1} more` : null,
      href: `/cohorts/${member.cohortId}`,
      action: 'See the overview',
    });
  }
  return items;
}
