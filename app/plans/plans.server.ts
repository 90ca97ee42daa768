import { sql, type Kysely } from 'kysely';
import type { ActionPlanStatus, Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { enqueueNotificationEmail } from '../mail/outbox.server';
import { renderEmail } from '../mail/render.server';
import { notify } from '../notifications/notify.server';
import { may, type CohortAccessRole } from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import { lockedMessage } from '../utils/locked-message';
import { sectionLabels, type PlanContent } from './content';
import { missingForSubmission, withoutEmptySteps, type ReviewInput } from './schema.server';

type Executor = Kysely<Database>;

/** who is asking, as the cohort guard found them */
export interface PlanViewer {
  userId: string;
  role: CohortAccessRole;
}

/** staff who read every plan in their cohort */
export function readsEveryPlan(role: CohortAccessRole) {
  return may(role, 'manage');
}

/** who answers a submitted plan */
export function reviewsPlans(role: CohortAccessRole) {
  return may(role, 'review');
}

export const EDITABLE_STATUSES: readonly ActionPlanStatus[] = ['draft', 'revision-requested'];

export const planColumns = [
  'action_plan.id',
  'action_plan.cohort_id as cohortId',
  'action_plan.member_id as memberId',
  'action_plan.unit_id as unitId',
  'action_plan.status',
  'action_plan.goal',
  'action_plan.measure',
  'action_plan.steps',
  'action_plan.support',
  'action_plan.context',
  'action_plan.version',
  'action_plan.submitted_at as submittedAt',
  'action_plan.decided_at as decidedAt',
  'action_plan.shared_at as sharedAt',
  'action_plan.updated_at as updatedAt',
] as const;

/** A plan of this cohort with its author and unit, whoever may read it; null when absent. */
export async function getPlan(db: Executor, input: { cohortId: string; planId: string }) {
  if (!isUuid(input.planId)) return null;
  const row = await db
    .selectFrom('action_plan')
    .innerJoin('cohort_member', 'cohort_member.id', 'action_plan.member_id')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .innerJoin('pathway_unit', 'pathway_unit.id', 'action_plan.unit_id')
    .select(planColumns)
    .select([
      'cohort_member.user_id as authorId',
      'app_user.name as authorName',
      'app_user.email as authorEmail',
      'pathway_unit.title as unitTitle',
      'pathway_unit.position as unitPosition',
      'pathway_unit.action_plan_prompt as unitPrompt',
    ])
    .where('action_plan.id', '=', input.planId)
    .where('action_plan.cohort_id', '=', input.cohortId)
    .executeTakeFirst();
  return row ?? null;
}
export type PlanRow = NonNullable<Awaited<ReturnType<typeof getPlan>>>;

export function contentOf(plan: PlanContent): PlanContent {
  return {
    goal: plan.goal,
    measure: plan.measure,
    steps: plan.steps,
    support: plan.support,
    context: plan.context,
  };
}

export type PlanAccess = 'author' | 'staff' | 'peer' | 'none';

/**
 * How this person may reach the plan: its author, the cohort's staff, a peer when the
 * author has shared it, or not at all. Plans are private until shared.
 */
export function planAccessFor(plan: Pick<PlanRow, 'authorId' | 'sharedAt'>, viewer: PlanViewer) {
  if (plan.authorId === viewer.userId) return 'author' as const;
  if (readsEveryPlan(viewer.role)) return 'staff' as const;
  if (plan.sharedAt) return 'peer' as const;
  return 'none' as const;
}

/** The units of a cohort's pathway with this member's plan for each, if started. */
export async function listMemberPlans(db: Executor, input: { cohortId: string; memberId: string }) {
  return db
    .selectFrom('pathway_unit')
    .leftJoin('action_plan', (join) =>
      join
        .onRef('action_plan.unit_id', '=', 'pathway_unit.id')
        .on('action_plan.member_id', '=', input.memberId),
    )
    .select([
      'pathway_unit.id as unitId',
      'pathway_unit.title as unitTitle',
      'pathway_unit.position as unitPosition',
      'pathway_unit.action_plan_prompt as unitPrompt',
      'action_plan.id as planId',
      'action_plan.status',
      'action_plan.goal',
      'action_plan.shared_at as sharedAt',
      'action_plan.updated_at as updatedAt',
    ])
    .where('pathway_unit.cohort_id', '=', input.cohortId)
    .orderBy('pathway_unit.position')
    .execute();
}

/** Every plan in the cohort for its staff: who, which unit, where it stands. */
export async function listCohortPlans(db: Executor, input: { cohortId: string }) {
  return (
    db
      .selectFrom('action_plan')
      .innerJoin('cohort_member', 'cohort_member.id', 'action_plan.member_id')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .innerJoin('pathway_unit', 'pathway_unit.id', 'action_plan.unit_id')
      .select([
        'action_plan.id',
        'action_plan.status',
        'action_plan.goal',
        'action_plan.submitted_at as submittedAt',
        'action_plan.shared_at as sharedAt',
        'action_plan.updated_at as updatedAt',
        'app_user.name as authorName',
        'pathway_unit.title as unitTitle',
        'pathway_unit.position as unitPosition',
      ])
      .where('action_plan.cohort_id', '=', input.cohortId)
      // the coach's queue first: what waits for an answer, oldest first
      .orderBy(sql`case when action_plan.status = 'submitted' then 0 else 1 end`)
      .orderBy('action_plan.submitted_at')
      .orderBy('app_user.name')
      .orderBy('pathway_unit.position')
      .execute()
  );
}

export type StartOutcome =
  { status: 'started' | 'exists'; planId: string } | { status: 'invalid'; message: string };

/** Opens (or finds) the member's plan for a unit of their cohort's pathway. */
export async function startPlan(
  db: Executor,
  input: { cohortId: string; memberId: string; unitId: string },
): Promise<StartOutcome> {
  if (!isUuid(input.unitId)) return { status: 'invalid', message: 'Choose a unit of the pathway.' };
  return withTransaction(db, async (trx) => {
    const unit = await trx
      .selectFrom('pathway_unit')
      .innerJoin('pathway', 'pathway.cohort_id', 'pathway_unit.cohort_id')
      .select(['pathway_unit.id', 'pathway.published_at as publishedAt'])
      .where('pathway_unit.id', '=', input.unitId)
      .where('pathway_unit.cohort_id', '=', input.cohortId)
      .executeTakeFirst();
    if (!unit) return { status: 'invalid', message: 'That unit is not on this cohort’s pathway.' };
    if (!unit.publishedAt) {
      return { status: 'invalid', message: 'Plans open once the coach publishes the pathway.' };
    }
    const inserted = await trx
      .insertInto('action_plan')
      .values({ cohort_id: input.cohortId, member_id: input.memberId, unit_id: input.unitId })
      .onConflict((oc) => oc.columns(['member_id', 'unit_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { status: 'started', planId: inserted.id };
    const existing = await trx
      .selectFrom('action_plan')
      .select('id')
      .where('member_id', '=', input.memberId)
      .where('unit_id', '=', input.unitId)
      .executeTakeFirstOrThrow();
    return { status: 'exists', planId: existing.id };
  });
}

export type SaveOutcome =
  | { status: 'saved'; version: number; savedAt: string }
  | { status: 'conflict'; version: number; theirs: PlanContent }
  | { status: 'locked'; version: number; message: string };

/**
 * Saves the author's draft if nobody saved since `baseVersion`; otherwise answers with
 * what is saved now, so the page can show both texts instead of overwriting either.
 */
export async function saveDraft(
  db: Executor,
  input: { planId: string; authorId: string; baseVersion: number; content: PlanContent },
): Promise<SaveOutcome> {
  const updated = await db
    .updateTable('action_plan')
    .set({
      goal: input.content.goal,
      measure: input.content.measure,
      steps: input.content.steps,
      support: input.content.support,
      context: input.content.context,
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', input.planId)
    .where('version', '=', input.baseVersion)
    .where('status', 'in', EDITABLE_STATUSES)
    .where('member_id', 'in', (eb) =>
      eb.selectFrom('cohort_member').select('id').where('user_id', '=', input.authorId),
    )
    .returning(['version', 'updated_at as updatedAt'])
    .executeTakeFirst();
  if (updated) {
    return {
      status: 'saved',
      version: updated.version,
      savedAt: new Date(updated.updatedAt).toISOString(),
    };
  }
  const current = await db
    .selectFrom('action_plan')
    .select(planColumns)
    .where('id', '=', input.planId)
    .executeTakeFirst();
  if (!current) return { status: 'locked', version: 0, message: 'This plan no longer exists.' };
  if (!EDITABLE_STATUSES.includes(current.status)) {
    const cohort = await db
      .selectFrom('cohort')
      .select('timezone')
      .where('id', '=', current.cohortId)
      .executeTakeFirstOrThrow();
    return {
      status: 'locked',
      version: current.version,
      message:
        current.status === 'submitted'
          ? lockedMessage({
              what: 'plan',
              event: 'handed in',
              at: current.submittedAt,
              timeZone: cohort.timezone,
              after: 'Your coach reads it now; if they ask for changes, it opens again.',
            })
          : lockedMessage({
              what: 'plan',
              event: 'accepted',
              at: current.decidedAt,
              timeZone: cohort.timezone,
            }),
    };
  }
  return { status: 'conflict', version: current.version, theirs: contentOf(current) };
}

export type ShareOutcome =
  { status: 'done'; message: string } | { status: 'invalid'; message: string };

export type SubmitOutcome =
  | { status: 'submitted'; versionNumber: number }
  | { status: 'incomplete'; missing: string[] }
  | Exclude<SaveOutcome, { status: 'saved' }>;

/**
 * Saves the last words and hands the plan to the coach, keeping this state as a numbered
 * version. The coach is told in the app.
 */
export async function submitPlan(
  db: Executor,
  input: {
    cohortId: string;
    planId: string;
    authorId: string;
    baseVersion: number;
    content: PlanContent;
  },
): Promise<SubmitOutcome> {
  const content = withoutEmptySteps(input.content);
  const missing = missingForSubmission(content);
  if (missing.length > 0) return { status: 'incomplete', missing };
  return withTransaction(db, async (trx) => {
    const saved = await saveDraft(trx, { ...input, content });
    if (saved.status !== 'saved') return saved;
    const plan = await trx
      .updateTable('action_plan')
      .set({ status: 'submitted', submitted_at: sql<Date>`now()` })
      .where('id', '=', input.planId)
      .returning(['id'])
      .executeTakeFirstOrThrow();
    const previous = await trx
      .selectFrom('action_plan_version')
      .select(sql<number>`coalesce(max(number), 0)`.as('n'))
      .where('plan_id', '=', plan.id)
      .executeTakeFirstOrThrow();
    const versionNumber = Number(previous.n) + 1;
    await trx
      .insertInto('action_plan_version')
      .values({
        plan_id: plan.id,
        number: versionNumber,
        goal: content.goal,
        measure: content.measure,
        steps: content.steps,
        support: content.support,
        context: content.context,
        submitted_by: input.authorId,
      })
      .execute();
    const details = await getPlan(trx, { cohortId: input.cohortId, planId: input.planId });
    const coach = await trx
      .selectFrom('cohort')
      .select('coach_id as coachId')
      .where('id', '=', input.cohortId)
      .executeTakeFirst();
    if (coach?.coachId && details) {
      await notify(trx, {
        userId: coach.coachId,
        cohortId: input.cohortId,
        kind: 'plan.submitted',
        title: `${details.authorName} submitted an action plan for “${details.unitTitle}”${versionNumber > 1 ? ` (version ${versionNumber})` : ''}.`,
        href: `/cohorts/${input.cohortId}/plans/${input.planId}`,
      });
    }
    return { status: 'submitted', versionNumber };
  });
}

/**
 * The author takes a submitted plan back to edit it before the coach answers (a hand-in by
 * mistake). The submitted version stays in the history; the plan is editable again, with
 * the coach's earlier notes if it had been sent back before.
 */
export async function withdrawSubmission(
  db: Executor,
  input: { cohortId: string; planId: string; authorId: string },
): Promise<ShareOutcome> {
  return withTransaction(db, async (trx) => {
    const plan = await trx
      .selectFrom('action_plan')
      .innerJoin('cohort_member', 'cohort_member.id', 'action_plan.member_id')
      .select([
        'action_plan.id',
        'action_plan.status',
        'cohort_member.user_id as authorId',
        (eb) =>
          eb
            .selectFrom('action_plan_review')
            .select(sql<number>`count(*)`.as('n'))
            .whereRef('action_plan_review.plan_id', '=', 'action_plan.id')
            .as('reviews'),
      ])
      .where('action_plan.id', '=', input.planId)
      .where('action_plan.cohort_id', '=', input.cohortId)
      .forUpdate('action_plan')
      .executeTakeFirst();
    if (!plan || plan.authorId !== input.authorId) {
      return { status: 'invalid', message: 'Only the author can take a plan back.' };
    }
    if (plan.status !== 'submitted') {
      return {
        status: 'invalid',
        message: 'Your coach has already answered this version, so it cannot be taken back.',
      };
    }
    await trx
      .updateTable('action_plan')
      .set({
        status: Number(plan.reviews) > 0 ? 'revision-requested' : 'draft',
        version: sql<number>`version + 1`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', input.planId)
      .execute();
    return {
      status: 'done',
      message: 'The plan is back with you to edit; submit it again when ready.',
    };
  });
}

export type ReviewOutcome =
  | { status: 'reviewed'; decision: ReviewInput['decision'] }
  | { status: 'invalid'; message: string };

/**
 * The coach's answer to the submitted version: a note per section and a decision. The
 * author is told by email and in the app, in the same transaction.
 */
export async function reviewPlan(
  db: Executor,
  input: {
    cohortId: string;
    organizationId: string;
    planId: string;
    reviewerId: string;
    review: ReviewInput;
    appOrigin: string;
  },
): Promise<ReviewOutcome> {
  const { review } = input;
  if (review.decision === 'revision-requested') {
    const notes = [
      review.goalNote,
      review.measureNote,
      review.stepsNote,
      review.supportNote,
      review.contextNote,
      review.overallNote,
    ];
    if (notes.every((note) => !note.trim())) {
      return {
        status: 'invalid',
        message: 'Say what to revise: write a note on at least one section.',
      };
    }
  }
  return withTransaction(db, async (trx) => {
    const locked = await trx
      .selectFrom('action_plan')
      .select(['id', 'status'])
      .where('id', '=', input.planId)
      .where('cohort_id', '=', input.cohortId)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) return { status: 'invalid', message: 'We could not find that plan.' };
    if (locked.status !== 'submitted') {
      return {
        status: 'invalid',
        message: 'This plan is not waiting for an answer; someone may have answered it already.',
      };
    }
    const version = await trx
      .selectFrom('action_plan_version')
      .select(['id', 'number'])
      .where('plan_id', '=', input.planId)
      .orderBy('number', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('action_plan_review')
      .values({
        plan_id: input.planId,
        version_id: version.id,
        reviewer_id: input.reviewerId,
        decision: review.decision,
        goal_note: review.goalNote,
        measure_note: review.measureNote,
        steps_note: review.stepsNote,
        support_note: review.supportNote,
        context_note: review.contextNote,
        overall_note: review.overallNote,
      })
      .execute();
    await trx
      .updateTable('action_plan')
      .set({ status: review.decision, decided_at: sql<Date>`now()` })
      .where('id', '=', input.planId)
      .execute();
    const plan = await getPlan(trx, { cohortId: input.cohortId, planId: input.planId });
    if (!plan) return { status: 'invalid', message: 'We could not find that plan.' };
    const path = `/cohorts/${input.cohortId}/plans/${input.planId}`;
    const accepted = review.decision === 'accepted';
    const title = accepted
      ? `Your coach accepted your action plan for “${plan.unitTitle}”.`
      : `Your coach asked for a revision of your action plan for “${plan.unitTitle}”.`;
    await notify(trx, {
      userId: plan.authorId,
      cohortId: input.cohortId,
      kind: accepted ? 'plan.accepted' : 'plan.revision_requested',
      title,
      href: path,
    });
    const notes = (
      [
        ['goal', review.goalNote],
        ['measure', review.measureNote],
        ['steps', review.stepsNote],
        ['support', review.supportNote],
        ['context', review.contextNote],
      ] as const
    )
      .filter(([, note]) => note.trim())
      .map(([section, note]) => `${sectionLabels[section]}: ${note.trim()}`);
    const email = renderEmail({
      heading: title,
      paragraphs: [
        ...(review.overallNote.trim() ? [review.overallNote.trim()] : []),
        ...notes,
        accepted
          ? 'You can share it with the cohort’s gallery from the plan page whenever you are ready.'
          : 'Your plan is open for editing again; submit it when your changes are done.',
      ],
      action: { label: 'Open your plan', url: `${input.appOrigin}${path}` },
    });
    await enqueueNotificationEmail(trx, {
      organizationId: input.organizationId,
      kind: accepted ? 'plan-accepted' : 'plan-revision-requested',
      to: plan.authorEmail,
      recipientId: plan.authorId,
      appOrigin: input.appOrigin,
      subject: accepted ? 'Your action plan is accepted' : 'Your coach asked for a revision',
      text: email.text,
      html: email.html,
    });
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.reviewerId,
      action: 'action_plan.reviewed',
      targetType: 'action_plan',
      targetId: input.planId,
      before: { status: 'submitted', version: version.number },
      after: { status: review.decision },
    });
    return { status: 'reviewed', decision: review.decision };
  });
}

/** Submitted versions, newest first, each with the coach's answer to it. */
export async function listVersions(db: Executor, planId: string) {
  return db
    .selectFrom('action_plan_version')
    .leftJoin('action_plan_review', 'action_plan_review.version_id', 'action_plan_version.id')
    .leftJoin('app_user', 'app_user.id', 'action_plan_review.reviewer_id')
    .select([
      'action_plan_version.id',
      'action_plan_version.number',
      'action_plan_version.goal',
      'action_plan_version.measure',
      'action_plan_version.steps',
      'action_plan_version.support',
      'action_plan_version.context',
      'action_plan_version.submitted_at as submittedAt',
      'action_plan_review.decision',
      'action_plan_review.goal_note as goalNote',
      'action_plan_review.measure_note as measureNote',
      'action_plan_review.steps_note as stepsNote',
      'action_plan_review.support_note as supportNote',
      'action_plan_review.context_note as contextNote',
      'action_plan_review.overall_note as overallNote',
      'action_plan_review.reviewed_at as reviewedAt',
      'app_user.name as reviewerName',
    ])
    .where('action_plan_version.plan_id', '=', planId)
    .orderBy('action_plan_version.number', 'desc')
    .execute();
}

/**
 * What a share-out screen shows for one plan, and only for a plan its author has handed
 * in (submitted, answered or shared): a draft never reaches another screen.
 */
export async function getPlanForSpotlight(
  db: Executor,
  input: { cohortId: string; planId: string },
) {
  const plan = await getPlan(db, input);
  if (!plan) return null;
  if (plan.status === 'draft' && !plan.sharedAt) return null;
  return {
    planId: plan.id,
    authorName: plan.authorName,
    unitTitle: plan.unitTitle,
    goal: plan.goal,
    measure: plan.measure,
    steps: plan.steps,
    support: plan.support,
    context: plan.context,
  };
}
export type SpotlightPlan = NonNullable<Awaited<ReturnType<typeof getPlanForSpotlight>>>;
