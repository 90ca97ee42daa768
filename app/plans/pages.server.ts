import type { AppLoadContext } from '@remix-run/node';
import { getParticipantMembership } from '../assessment/assessment.server';
import { forbidden, notFound, requireCohortRole } from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import { listComments, listSharedPlans } from './gallery.server';
import { diffPlans } from './history.server';
import {
  EDITABLE_STATUSES,
  contentOf,
  getPlan,
  listCohortPlans,
  listMemberPlans,
  listVersions,
  planAccessFor,
  readsEveryPlan,
  reviewsPlans,
  saveDraft,
} from './plans.server';
import { parseContent } from './schema.server';
import { getVolunteering, isSpotlit } from './share-out.server';
import type { PlanContent } from './content';
import { newIdempotencyKey } from '../http/idempotency.server';
import { autosaveReply, invalidAnswer, readAutosaveRequest } from '../http/autosave.server';

type Params = { cohortId?: string; planId?: string };

/** The cohort guard, then the plan: 404 when it is not this cohort's, 403 when it is private. */
export async function requirePlan(context: AppLoadContext, request: Request, params: Params) {
  const access = await requireCohortRole(context.db, request, params.cohortId, 'view');
  if (!isUuid(params.planId)) notFound('We could not find that plan.');
  const plan = await getPlan(context.db, { cohortId: access.cohort.id, planId: params.planId });
  if (!plan) notFound('We could not find that plan.');
  let how = planAccessFor(plan, { userId: access.user.id, role: access.role });
  // a plan on the share-out's screen is open to the whole cohort while it is there
  if (
    how === 'none' &&
    (await isSpotlit(context.db, { cohortId: access.cohort.id, planId: plan.id }))
  ) {
    how = 'peer';
  }
  if (how === 'none') {
    forbidden(
      'This plan is private to its author and the cohort’s staff until the author shares it.',
    );
  }
  return { ...access, plan, how };
}

export async function loadPlansIndex(context: AppLoadContext, request: Request, params: Params) {
  const { user, cohort, role } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'view',
  );
  if (readsEveryPlan(role)) {
    const plans = await listCohortPlans(context.db, { cohortId: cohort.id });
    return { view: 'staff' as const, plans, timezone: cohort.timezone };
  }
  const membership = await getParticipantMembership(context.db, {
    cohortId: cohort.id,
    userId: user.id,
  });
  const units = membership
    ? await listMemberPlans(context.db, { cohortId: cohort.id, memberId: membership.id })
    : [];
  return { view: 'participant' as const, units, timezone: cohort.timezone };
}

export async function loadPlanPage(context: AppLoadContext, request: Request, params: Params) {
  const { user, cohort, role, plan, how } = await requirePlan(context, request, params);
  const canSeeReviews = how !== 'peer';
  const [comments, versions, volunteering] = await Promise.all([
    plan.sharedAt || how === 'peer' ? listComments(context.db, plan.id) : Promise.resolve([]),
    canSeeReviews ? listVersions(context.db, plan.id) : Promise.resolve([]),
    how === 'author'
      ? getVolunteering(context.db, {
          cohortId: cohort.id,
          planId: plan.id,
          memberId: plan.memberId,
        })
      : Promise.resolve(null),
  ]);
  const reviewed = versions.find((version) => version.decision);
  const latestReview = reviewed
    ? {
        number: reviewed.number,
        decision: reviewed.decision,
        reviewerName: reviewed.reviewerName,
        reviewedAt: reviewed.reviewedAt ? new Date(reviewed.reviewedAt).toISOString() : null,
        goalNote: reviewed.goalNote,
        measureNote: reviewed.measureNote,
        stepsNote: reviewed.stepsNote,
        supportNote: reviewed.supportNote,
        contextNote: reviewed.contextNote,
        overallNote: reviewed.overallNote,
      }
    : null;
  const canReview = reviewsPlans(role) && how !== 'author' && plan.status === 'submitted';
  // a resubmission: the coach sees what changed since the version they answered
  const latestVersion = versions[0];
  const changesSinceLast =
    canReview && latestVersion && versions.length > 1
      ? {
          number: latestVersion.number,
          changes: diffPlans(contentOf(plan), false, versions.slice(0, 2))[0]?.changes ?? [],
        }
      : null;
  return {
    cohort: { id: cohort.id, name: cohort.name, timezone: cohort.timezone },
    viewer: { userId: user.id, role, how },
    changesSinceLast,
    plan: {
      id: plan.id,
      status: plan.status,
      version: plan.version,
      content: contentOf(plan),
      authorName: plan.authorName,
      unitTitle: plan.unitTitle,
      unitPrompt: plan.unitPrompt,
      submittedAt: plan.submittedAt ? new Date(plan.submittedAt).toISOString() : null,
      sharedAt: plan.sharedAt ? new Date(plan.sharedAt).toISOString() : null,
      updatedAt: new Date(plan.updatedAt).toISOString(),
    },
    editable: how === 'author' && EDITABLE_STATUSES.includes(plan.status),
    canReview,
    idempotencyKey: newIdempotencyKey(),
    latestReview: canSeeReviews ? latestReview : null,
    versionCount: versions.length,
    comments: comments.map(({ authorId, ...comment }) => ({
      ...comment,
      createdAt: new Date(comment.createdAt).toISOString(),
      removable: authorId === user.id || readsEveryPlan(role),
    })),
    volunteering,
  };
}

/** The JSON endpoint the editor saves to while the author types (and on leaving the page). */
export async function handleAutosave(context: AppLoadContext, request: Request, params: Params) {
  if (request.method !== 'POST') {
    return Response.json(invalidAnswer('Save with POST.'), { status: 405 });
  }
  const { user, plan, how } = await requirePlan(context, request, params);
  if (how !== 'author') forbidden('Only the plan’s author can change it.');
  const read = await readAutosaveRequest(request);
  if (!read.ok) return autosaveReply(read.answer);
  const parsed = parseContent(read.content);
  if (!parsed.ok) return autosaveReply(invalidAnswer(parsed.message));
  const outcome = await saveDraft(context.db, {
    planId: plan.id,
    authorId: user.id,
    baseVersion: read.version,
    content: parsed.content,
  });
  return autosaveReply<PlanContent>(outcome);
}

export async function loadPlanHistory(context: AppLoadContext, request: Request, params: Params) {
  const { cohort, plan, how } = await requirePlan(context, request, params);
  if (how === 'peer') forbidden('The history of a plan is for its author and the cohort’s staff.');
  const versions = await listVersions(context.db, plan.id);
  const current = contentOf(plan);
  return {
    timezone: cohort.timezone,
    plan: {
      id: plan.id,
      unitTitle: plan.unitTitle,
      authorName: plan.authorName,
      status: plan.status,
    },
    entries: diffPlans(current, EDITABLE_STATUSES.includes(plan.status), versions),
  };
}

export async function loadGallery(context: AppLoadContext, request: Request, params: Params) {
  const { user, cohort } = await requireCohortRole(context.db, request, params.cohortId, 'view');
  const plans = await listSharedPlans(context.db, { cohortId: cohort.id });
  return {
    cohortId: cohort.id,
    plans: plans.map((plan) => ({
      id: plan.id,
      authorName: plan.authorName,
      isMine: plan.authorId === user.id,
      unitTitle: plan.unitTitle,
      goal: plan.goal,
      measure: plan.measure,
      stepCount: plan.steps.length,
      glows: plan.comments.filter((comment) => comment.kind === 'glow').length,
      grows: plan.comments.filter((comment) => comment.kind === 'grow').length,
    })),
  };
}
