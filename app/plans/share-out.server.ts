import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { notify } from '../notifications/notify.server';
import { isUuid } from '../utils/ids';
import { listComments } from './gallery.server';
import { getPlanForSpotlight, type SpotlightPlan } from './plans.server';

type Executor = Kysely<Database>;

export type ShareOutOutcome =
  { status: 'done'; message: string } | { status: 'invalid'; message: string };

export const DEFAULT_TALK_SECONDS = 300;

/** The cohort's share-out coaching session (the last one scheduled), or null. */
export async function findShareOutCoachingSession(db: Executor, cohortId: string) {
  const row = await db
    .selectFrom('coaching_session')
    .select(['id', 'title', 'starts_at as startsAt', 'minutes', 'host_id as hostId'])
    .where('cohort_id', '=', cohortId)
    .where('kind', '=', 'share-out')
    .where('status', '=', 'scheduled')
    .orderBy('starts_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

async function ensureShareOut(
  trx: Executor,
  input: { cohortId: string; coachingSessionId: string },
) {
  await trx
    .insertInto('share_out')
    .values({ coaching_session_id: input.coachingSessionId, cohort_id: input.cohortId })
    .onConflict((oc) => oc.column('coaching_session_id').doNothing())
    .execute();
  return trx
    .selectFrom('share_out')
    .select([
      'coaching_session_id as coachingSessionId',
      'queue_built_at as queueBuiltAt',
      'finished_at as finishedAt',
      'spotlight_plan_id as spotlightPlanId',
    ])
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where('cohort_id', '=', input.cohortId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** The share-out row, locked, without creating it: a presenter exists only once a queue does. */
async function lockExistingShareOut(
  trx: Executor,
  input: { cohortId: string; coachingSessionId: string },
) {
  return trx
    .selectFrom('share_out')
    .select('coaching_session_id')
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where('cohort_id', '=', input.cohortId)
    .forUpdate()
    .executeTakeFirst();
}

const NO_QUEUE = { status: 'invalid', message: 'Build the queue first.' } as const;

/** A fair order that nobody picks and that stays the same on every reload: a hash per person. */
export function fairOrderKey(coachingSessionId: string, memberId: string) {
  return createHash('sha256').update(`${coachingSessionId}:${memberId}`).digest('hex');
}

async function presentersInOrder(trx: Executor, coachingSessionId: string) {
  return trx
    .selectFrom('share_out_presenter')
    .select([
      'member_id as memberId',
      'position',
      'volunteered_at as volunteeredAt',
      'presented_at as presentedAt',
    ])
    .where('coaching_session_id', '=', coachingSessionId)
    .orderBy('position')
    .orderBy('member_id')
    .execute();
}

async function writeOrder(trx: Executor, coachingSessionId: string, memberIds: string[]) {
  if (memberIds.length === 0) return;
  // one statement for the whole queue: each member's position is its place in the list
  await sql`update share_out_presenter as presenter set position = ordered.position
    from unnest(${sql.val(memberIds)}::uuid[]) with ordinality as ordered(member_id, position)
    where presenter.coaching_session_id = ${coachingSessionId}
      and presenter.member_id = ordered.member_id`.execute(trx);
}

/** Whether the author has offered this plan for the share-out, for the plan page. */
export async function getVolunteering(
  db: Executor,
  input: { cohortId: string; planId: string; memberId: string },
) {
  const coachingSession = await findShareOutCoachingSession(db, input.cohortId);
  if (!coachingSession) return null;
  const row = await db
    .selectFrom('share_out_presenter')
    .leftJoin(
      'share_out',
      'share_out.coaching_session_id',
      'share_out_presenter.coaching_session_id',
    )
    .select([
      'share_out_presenter.plan_id as planId',
      'share_out_presenter.volunteered_at as volunteeredAt',
      'share_out.finished_at as finishedAt',
    ])
    .where('share_out_presenter.coaching_session_id', '=', coachingSession.id)
    .where('share_out_presenter.member_id', '=', input.memberId)
    .executeTakeFirst();
  return {
    coachingSessionTitle: coachingSession.title,
    volunteered: Boolean(row?.volunteeredAt) && row?.planId === input.planId,
    finished: Boolean(row?.finishedAt),
  };
}

/**
 * A participant offers to present this plan first (or withdraws the offer). Volunteers go
 * to the front of the queue, in the order they offered.
 */
export async function setVolunteer(
  db: Executor,
  input: { cohortId: string; planId: string; memberId: string; volunteer: boolean },
): Promise<ShareOutOutcome> {
  const coachingSession = await findShareOutCoachingSession(db, input.cohortId);
  if (!coachingSession) {
    return { status: 'invalid', message: 'No share-out is scheduled for this cohort yet.' };
  }
  return withTransaction(db, async (trx) => {
    const shareOut = await ensureShareOut(trx, {
      cohortId: input.cohortId,
      coachingSessionId: coachingSession.id,
    });
    if (shareOut.finishedAt) return { status: 'invalid', message: 'The share-out is over.' };
    if (input.volunteer) {
      const plan = await getPlanForSpotlight(trx, {
        cohortId: input.cohortId,
        planId: input.planId,
      });
      if (!plan) {
        return {
          status: 'invalid',
          message: 'Submit the plan to your coach before offering to present it.',
        };
      }
      await trx
        .insertInto('share_out_presenter')
        .values({
          coaching_session_id: coachingSession.id,
          member_id: input.memberId,
          plan_id: input.planId,
          position: 1_000_000,
          volunteered_at: sql<Date>`now()`,
        })
        .onConflict((oc) =>
          oc.columns(['coaching_session_id', 'member_id']).doUpdateSet({
            plan_id: input.planId,
            volunteered_at: sql<Date>`coalesce(share_out_presenter.volunteered_at, now())`,
          }),
        )
        .execute();
      // volunteers first, in the order they offered; everyone else keeps their order after them
      const order = await presentersInOrder(trx, coachingSession.id);
      const volunteers = order
        .filter((row) => row.volunteeredAt)
        .sort(
          (a, b) =>
            new Date(a.volunteeredAt ?? 0).getTime() - new Date(b.volunteeredAt ?? 0).getTime(),
        );
      const others = order.filter((row) => !row.volunteeredAt);
      await writeOrder(
        trx,
        coachingSession.id,
        [...volunteers, ...others].map((row) => row.memberId),
      );
      return {
        status: 'done',
        message: 'Thank you! You are on the share-out list as a volunteer.',
      };
    }
    if (shareOut.queueBuiltAt) {
      await trx
        .updateTable('share_out_presenter')
        .set({ volunteered_at: null })
        .where('coaching_session_id', '=', coachingSession.id)
        .where('member_id', '=', input.memberId)
        .execute();
    } else {
      await trx
        .deleteFrom('share_out_presenter')
        .where('coaching_session_id', '=', coachingSession.id)
        .where('member_id', '=', input.memberId)
        .execute();
    }
    return { status: 'done', message: 'You are no longer listed as a volunteer.' };
  });
}

/**
 * Puts every participant with a plan their coach has seen into the queue: volunteers as
 * they are, then the rest in the fair order. Running it again adds newcomers at the end
 * and leaves the facilitator's reordering alone.
 */
export async function buildQueue(
  db: Executor,
  input: { cohortId: string; coachingSessionId: string },
): Promise<ShareOutOutcome> {
  return withTransaction(db, async (trx) => {
    const shareOut = await ensureShareOut(trx, input);
    if (shareOut.finishedAt) return { status: 'invalid', message: 'The share-out is over.' };
    // each participant's plan from the latest unit they handed in
    const candidates = await trx
      .selectFrom('action_plan')
      .innerJoin('cohort_member', 'cohort_member.id', 'action_plan.member_id')
      .innerJoin('pathway_unit', 'pathway_unit.id', 'action_plan.unit_id')
      .select(['action_plan.id as planId', 'action_plan.member_id as memberId'])
      .where('action_plan.cohort_id', '=', input.cohortId)
      .where('action_plan.status', '!=', 'draft')
      .where('cohort_member.role', '=', 'participant')
      .where('cohort_member.status', 'in', ['active', 'completed'])
      .orderBy('action_plan.member_id')
      .orderBy('pathway_unit.position', 'desc')
      .execute();
    const latestByMember = new Map<string, string>();
    for (const row of candidates) {
      if (!latestByMember.has(row.memberId)) latestByMember.set(row.memberId, row.planId);
    }
    const existing = await presentersInOrder(trx, input.coachingSessionId);
    const queued = new Set(existing.map((row) => row.memberId));
    const newcomers = [...latestByMember.keys()]
      .filter((memberId) => !queued.has(memberId))
      .sort((a, b) =>
        fairOrderKey(input.coachingSessionId, a).localeCompare(
          fairOrderKey(input.coachingSessionId, b),
        ),
      );
    if (newcomers.length > 0) {
      await trx
        .insertInto('share_out_presenter')
        .values(
          newcomers.map((memberId) => ({
            coaching_session_id: input.coachingSessionId,
            member_id: memberId,
            plan_id: latestByMember.get(memberId) ?? '',
            position: 1_000_000,
          })),
        )
        .execute();
    }
    await writeOrder(trx, input.coachingSessionId, [
      ...existing.map((row) => row.memberId),
      ...newcomers,
    ]);
    await trx
      .updateTable('share_out')
      .set({ queue_built_at: sql<Date>`coalesce(queue_built_at, now())` })
      .where('coaching_session_id', '=', input.coachingSessionId)
      .execute();
    const total = existing.length + newcomers.length;
    return {
      status: 'done',
      message:
        newcomers.length === 0
          ? `The queue has ${total} ${total === 1 ? 'presenter' : 'presenters'}; nobody new to add.`
          : `Added ${newcomers.length} ${newcomers.length === 1 ? 'presenter' : 'presenters'} in a fair order after the volunteers.`,
    };
  });
}

/** Moves one presenter up or down a place (the keyboard-friendly way to reorder). */
export async function movePresenter(
  db: Executor,
  input: {
    cohortId: string;
    coachingSessionId: string;
    memberId: string;
    direction: 'up' | 'down';
  },
): Promise<ShareOutOutcome> {
  return withTransaction(db, async (trx) => {
    if (!(await lockExistingShareOut(trx, input))) return NO_QUEUE;
    const order = (await presentersInOrder(trx, input.coachingSessionId)).map(
      (row) => row.memberId,
    );
    const index = order.indexOf(input.memberId);
    if (index < 0) return { status: 'invalid', message: 'That person is not in the queue.' };
    const target = input.direction === 'up' ? index - 1 : index + 1;
    if (target < 0 || target >= order.length) {
      return {
        status: 'invalid',
        message: `That presenter is already ${input.direction === 'up' ? 'first' : 'last'}.`,
      };
    }
    [order[index], order[target]] = [order[target] ?? '', order[index] ?? ''];
    await writeOrder(trx, input.coachingSessionId, order);
    return { status: 'done', message: `Moved ${input.direction} to place ${target + 1}.` };
  });
}

/** Starts (or restarts) a presenter's talk timer: stored as a start time and a length. */
export async function startTimer(
  db: Executor,
  input: { cohortId: string; coachingSessionId: string; memberId: string; seconds: number },
): Promise<ShareOutOutcome> {
  return withTransaction(db, async (trx) => {
    if (!(await lockExistingShareOut(trx, input))) return NO_QUEUE;
    const updated = await trx
      .updateTable('share_out_presenter')
      .set({ timer_started_at: sql<Date>`now()`, timer_seconds: input.seconds })
      .where('coaching_session_id', '=', input.coachingSessionId)
      .where('member_id', '=', input.memberId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      return { status: 'invalid', message: 'That person is not in the queue.' };
    }
    return {
      status: 'done',
      message: `The ${Math.round(input.seconds / 60)}-minute timer is running.`,
    };
  });
}

export async function markPresented(
  db: Executor,
  input: { cohortId: string; coachingSessionId: string; memberId: string; presented: boolean },
): Promise<ShareOutOutcome> {
  return withTransaction(db, async (trx) => {
    if (!(await lockExistingShareOut(trx, input))) return NO_QUEUE;
    const updated = await trx
      .updateTable('share_out_presenter')
      .set({ presented_at: input.presented ? sql<Date>`coalesce(presented_at, now())` : null })
      .where('coaching_session_id', '=', input.coachingSessionId)
      .where('member_id', '=', input.memberId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      return { status: 'invalid', message: 'That person is not in the queue.' };
    }
    return {
      status: 'done',
      message: input.presented ? 'Marked as presented.' : 'Marked as not presented yet.',
    };
  });
}

/**
 * Records which plan is in the spotlight on the share-out row, for the share-out page. The
 * page's action first runs the live room's `spotlight:set`, which puts it on every screen.
 */
export async function spotlightPlan(
  db: Executor,
  input: { cohortId: string; coachingSessionId: string; planId: string; actorId: string },
): Promise<{ status: 'done'; plan: SpotlightPlan } | { status: 'invalid'; message: string }> {
  if (!isUuid(input.planId)) return { status: 'invalid', message: 'Choose a plan to spotlight.' };
  return withTransaction(db, async (trx) => {
    const plan = await getPlanForSpotlight(trx, { cohortId: input.cohortId, planId: input.planId });
    if (!plan) {
      return {
        status: 'invalid',
        message: 'Only a plan its author has submitted can be spotlighted.',
      };
    }
    const shareOut = await ensureShareOut(trx, input);
    if (shareOut.finishedAt) return { status: 'invalid', message: 'The share-out is over.' };
    await trx
      .updateTable('share_out')
      .set({ spotlight_plan_id: input.planId, spotlight_set_at: sql<Date>`now()` })
      .where('coaching_session_id', '=', input.coachingSessionId)
      .execute();
    return { status: 'done', plan };
  });
}

/** Clears the share-out row's spotlight (after the live room's `spotlight:clear`). */
export async function clearSpotlight(
  db: Executor,
  input: { cohortId: string; coachingSessionId: string; actorId: string },
): Promise<ShareOutOutcome> {
  await db
    .updateTable('share_out')
    .set({ spotlight_plan_id: null, spotlight_set_at: null })
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where('cohort_id', '=', input.cohortId)
    .execute();
  return { status: 'done', message: 'The spotlight is cleared.' };
}

/** Ends the share-out: every presented plan is shared with the cohort's gallery. */
export async function finishShareOut(
  db: Executor,
  input: { cohortId: string; organizationId: string; coachingSessionId: string; actorId: string },
): Promise<ShareOutOutcome> {
  return withTransaction(db, async (trx: Transaction<Database> | Executor) => {
    const shareOut = await ensureShareOut(trx, input);
    if (shareOut.finishedAt)
      return { status: 'invalid', message: 'The share-out is already finished.' };
    const newlyShared = await trx
      .updateTable('action_plan')
      .set({ shared_at: sql<Date>`now()` })
      .where('shared_at', 'is', null)
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('share_out_presenter')
          .select('plan_id')
          .where('coaching_session_id', '=', input.coachingSessionId)
          .where('presented_at', 'is not', null),
      )
      .returning(['id', 'member_id as memberId'])
      .execute();
    const authors =
      newlyShared.length === 0
        ? []
        : await trx
            .selectFrom('cohort_member')
            .select(['id', 'user_id as userId'])
            .where(
              'id',
              'in',
              newlyShared.map((plan) => plan.memberId),
            )
            .execute();
    await notify(
      trx,
      newlyShared.flatMap((plan) => {
        const author = authors.find((member) => member.id === plan.memberId);
        return author
          ? [
              {
                userId: author.userId,
                cohortId: input.cohortId,
                kind: 'plan.shared_after_share_out',
                title: 'You presented your action plan; it is now in the cohort’s gallery.',
                href: `/cohorts/${input.cohortId}/plans/${plan.id}`,
              },
            ]
          : [];
      }),
    );
    const presented = await trx
      .selectFrom('share_out_presenter')
      .select(sql<string>`count(*)`.as('n'))
      .where('coaching_session_id', '=', input.coachingSessionId)
      .where('presented_at', 'is not', null)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('share_out')
      .set({
        finished_at: sql<Date>`now()`,
        finished_by: input.actorId,
        spotlight_plan_id: null,
        spotlight_set_at: null,
      })
      .where('coaching_session_id', '=', input.coachingSessionId)
      .execute();
    const count = Number(presented.n);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'share_out.finished',
      targetType: 'coaching_session',
      targetId: input.coachingSessionId,
      after: { plansShared: count },
    });
    return {
      status: 'done',
      message: `The share-out is finished; ${count} presented ${count === 1 ? 'plan is' : 'plans are'} in the gallery. The cohort can now move to Completed.`,
    };
  });
}

/** Whether a plan is on the screen of a share-out still running in its cohort. */
export async function isSpotlit(db: Executor, input: { cohortId: string; planId: string }) {
  const row = await db
    .selectFrom('share_out')
    .select('coaching_session_id')
    .where('cohort_id', '=', input.cohortId)
    .where('spotlight_plan_id', '=', input.planId)
    .where('finished_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Everything the share-out page shows: the queue, the timers and the spotlight. */
export async function getShareOutState(
  db: Executor,
  input: { cohortId: string; coachingSessionId: string },
) {
  const shareOut = await db
    .selectFrom('share_out')
    .select([
      'spotlight_plan_id as spotlightPlanId',
      'spotlight_set_at as spotlightSetAt',
      'queue_built_at as queueBuiltAt',
      'finished_at as finishedAt',
    ])
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where('cohort_id', '=', input.cohortId)
    .executeTakeFirst();
  const presenters = await db
    .selectFrom('share_out_presenter')
    .innerJoin('cohort_member', 'cohort_member.id', 'share_out_presenter.member_id')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .innerJoin('action_plan', 'action_plan.id', 'share_out_presenter.plan_id')
    .innerJoin('pathway_unit', 'pathway_unit.id', 'action_plan.unit_id')
    .select([
      'share_out_presenter.member_id as memberId',
      'share_out_presenter.plan_id as planId',
      'share_out_presenter.position',
      'share_out_presenter.volunteered_at as volunteeredAt',
      'share_out_presenter.timer_started_at as timerStartedAt',
      'share_out_presenter.timer_seconds as timerSeconds',
      'share_out_presenter.presented_at as presentedAt',
      'app_user.name as name',
      'cohort_member.user_id as userId',
      'pathway_unit.title as unitTitle',
    ])
    .where('share_out_presenter.coaching_session_id', '=', input.coachingSessionId)
    .orderBy('share_out_presenter.position')
    .orderBy('share_out_presenter.member_id')
    .execute();
  const spotlight = shareOut?.spotlightPlanId
    ? await getPlanForSpotlight(db, { cohortId: input.cohortId, planId: shareOut.spotlightPlanId })
    : null;
  const comments = spotlight ? await listComments(db, spotlight.planId) : [];
  return { shareOut: shareOut ?? null, presenters, spotlight, comments };
}
