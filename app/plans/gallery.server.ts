import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { notify } from '../notifications/notify.server';
import { isUuid } from '../utils/ids';
import {
  getPlan,
  planColumns,
  readsEveryPlan,
  type PlanViewer,
  type ShareOutcome,
} from './plans.server';

type Executor = Kysely<Database>;

/** The author shares a plan the coach has seen with the cohort's gallery, or takes it back. */
export async function setPlanShared(
  db: Executor,
  input: { cohortId: string; planId: string; authorId: string; shared: boolean },
): Promise<ShareOutcome> {
  return withTransaction(db, async (trx) => {
    const plan = await getPlan(trx, input);
    if (!plan || plan.authorId !== input.authorId) {
      return { status: 'invalid', message: 'Only the author can share or unshare a plan.' };
    }
    if (input.shared) {
      if (plan.status === 'draft') {
        return {
          status: 'invalid',
          message: 'Submit the plan to your coach first; then you can share it.',
        };
      }
      await trx
        .updateTable('action_plan')
        .set({ shared_at: sql<Date>`coalesce(shared_at, now())` })
        .where('id', '=', input.planId)
        .execute();
      return { status: 'done', message: 'Your plan is in the cohort’s gallery.' };
    }
    await trx
      .updateTable('action_plan')
      .set({ shared_at: null })
      .where('id', '=', input.planId)
      .execute();
    // an unshared plan leaves every screen at once
    await trx
      .updateTable('share_out')
      .set({ spotlight_plan_id: null, spotlight_set_at: null })
      .where('spotlight_plan_id', '=', input.planId)
      .execute();
    return {
      status: 'done',
      message: 'Your plan is private again; only you and the staff see it.',
    };
  });
}

/** Peers' glow and grow comments on a plan, oldest first. */
export async function listComments(db: Executor, planId: string) {
  return db
    .selectFrom('action_plan_comment')
    .innerJoin('app_user', 'app_user.id', 'action_plan_comment.author_id')
    .select([
      'action_plan_comment.id',
      'action_plan_comment.kind',
      'action_plan_comment.body',
      'action_plan_comment.created_at as createdAt',
      'action_plan_comment.author_id as authorId',
      'app_user.name as authorName',
    ])
    .where('action_plan_comment.plan_id', '=', planId)
    .orderBy('action_plan_comment.created_at')
    .orderBy('action_plan_comment.id')
    .execute();
}

export async function addComment(
  db: Executor,
  input: {
    cohortId: string;
    planId: string;
    authorId: string;
    kind: 'glow' | 'grow';
    body: string;
  },
): Promise<ShareOutcome> {
  return withTransaction(db, async (trx) => {
    const plan = await getPlan(trx, input);
    if (!plan) return { status: 'invalid', message: 'We could not find that plan.' };
    // peers comment on shared plans, and on a plan while it is on the share-out's screen
    const onScreen = await trx
      .selectFrom('share_out')
      .select('coaching_session_id')
      .where('cohort_id', '=', input.cohortId)
      .where('spotlight_plan_id', '=', input.planId)
      .where('finished_at', 'is', null)
      .executeTakeFirst();
    if (!plan.sharedAt && !onScreen) {
      return { status: 'invalid', message: 'Comments open once the author shares the plan.' };
    }
    await trx
      .insertInto('action_plan_comment')
      .values({
        plan_id: input.planId,
        author_id: input.authorId,
        kind: input.kind,
        body: input.body,
      })
      .execute();
    if (plan.authorId !== input.authorId) {
      await notify(trx, {
        userId: plan.authorId,
        cohortId: input.cohortId,
        kind: 'plan.commented',
        title: `A new “${input.kind}” on your action plan for “${plan.unitTitle}”.`,
        href: `/cohorts/${input.cohortId}/plans/${input.planId}`,
      });
    }
    return { status: 'done', message: 'Thanks; your comment is posted.' };
  });
}

/**
 * Removes a glow or grow: its writer may take it back, and the cohort's staff may remove
 * one that does not belong (recorded in the audit log).
 */
export async function removeComment(
  db: Executor,
  input: {
    cohortId: string;
    organizationId: string;
    planId: string;
    commentId: string;
    viewer: PlanViewer;
  },
): Promise<ShareOutcome | { status: 'forbidden'; message: string }> {
  if (!isUuid(input.commentId))
    return { status: 'invalid', message: 'Choose a comment to remove.' };
  return withTransaction(db, async (trx) => {
    const comment = await trx
      .selectFrom('action_plan_comment')
      .innerJoin('action_plan', 'action_plan.id', 'action_plan_comment.plan_id')
      .select([
        'action_plan_comment.id',
        'action_plan_comment.author_id as authorId',
        'action_plan_comment.kind',
        'action_plan_comment.body',
      ])
      .where('action_plan_comment.id', '=', input.commentId)
      .where('action_plan_comment.plan_id', '=', input.planId)
      .where('action_plan.cohort_id', '=', input.cohortId)
      .executeTakeFirst();
    if (!comment) return { status: 'invalid', message: 'That comment is already gone.' };
    const own = comment.authorId === input.viewer.userId;
    if (!own && !readsEveryPlan(input.viewer.role)) {
      return {
        status: 'forbidden',
        message: 'Only its writer or the cohort’s staff can remove a comment.',
      };
    }
    await trx.deleteFrom('action_plan_comment').where('id', '=', comment.id).execute();
    if (!own) {
      await recordAudit(trx, {
        organizationId: input.organizationId,
        actorId: input.viewer.userId,
        action: 'action_plan_comment.removed',
        targetType: 'action_plan',
        targetId: input.planId,
        before: { kind: comment.kind, body: comment.body, authorId: comment.authorId },
      });
    }
    return { status: 'done', message: 'The comment is removed.' };
  });
}

/** The plans the cohort's gallery shows, with their comments, in one query. */
export async function listSharedPlans(db: Executor, input: { cohortId: string }) {
  return db
    .selectFrom('action_plan')
    .innerJoin('cohort_member', 'cohort_member.id', 'action_plan.member_id')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .innerJoin('pathway_unit', 'pathway_unit.id', 'action_plan.unit_id')
    .select(planColumns)
    .select((eb) => [
      'app_user.name as authorName',
      'cohort_member.user_id as authorId',
      'pathway_unit.title as unitTitle',
      'pathway_unit.position as unitPosition',
      jsonArrayFrom(
        eb
          .selectFrom('action_plan_comment')
          .select(['action_plan_comment.kind'])
          .whereRef('action_plan_comment.plan_id', '=', 'action_plan.id'),
      ).as('comments'),
    ])
    .where('action_plan.cohort_id', '=', input.cohortId)
    .where('action_plan.shared_at', 'is not', null)
    .orderBy('app_user.name')
    .orderBy('pathway_unit.position')
    .execute();
}
