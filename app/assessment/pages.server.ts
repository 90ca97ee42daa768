import type { AppLoadContext } from '@remix-run/node';
import { newIdempotencyKey } from '../http/idempotency.server';
import { may, requireCohortRole } from '../permissions/permissions.server';
import { getParticipantMembership } from './assessment.server';
import { HeatmapSortSchema, getCohortResults, sortParticipants } from './results.server';
import { getTakingState, profileOf } from './taking.server';

/**
 * The Assessment tab: a participant sees their own progress or profile and nothing of
 * anyone else's; staff see the cohort's results.
 */
export async function loadAssessmentPage(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { user, cohort, role } = await requireCohortRole(context.db, request, cohortId, 'view');
  if (may(role, 'participate')) {
    const membership = await getParticipantMembership(context.db, {
      cohortId: cohort.id,
      userId: user.id,
    });
    const state = membership
      ? await getTakingState(context.db, { cohortId: cohort.id, memberId: membership.id })
      : null;
    const firstOpen = state
      ? state.assessment.items.findIndex((item) => !state.answeredItemIds.includes(item.id))
      : -1;
    return {
      view: 'participant' as const,
      status: cohort.status,
      timezone: cohort.timezone,
      assessment: state
        ? {
            title: state.assessment.title,
            intro: state.assessment.intro,
            itemCount: state.assessment.items.length,
          }
        : null,
      answeredCount: state?.answeredCount ?? 0,
      resumeAt: firstOpen === -1 ? null : firstOpen + 1,
      submittedAt: state?.submittedAt ?? null,
      profile: state?.submittedAt ? profileOf(state) : null,
    };
  }
  const order = HeatmapSortSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const results = await getCohortResults(context.db, cohort.id);
  return {
    view: 'staff' as const,
    status: cohort.status,
    timezone: cohort.timezone,
    canAuthor: may(role, 'curate'),
    canRemind: cohort.status === 'assessing',
    idempotencyKey: newIdempotencyKey(),
    order,
    results: {
      assessment: results.assessment,
      itemCount: results.itemCount,
      competencies: results.competencies,
      summaries: results.summaries,
      openText: results.openText,
      submittedCount: results.submittedCount,
      participantCount: results.participants.length,
      waiting: results.participants
        .filter((participant) => !participant.submittedAt)
        .map(({ memberId, name, answered, startedAt }) => ({
          memberId,
          name,
          answered,
          startedAt,
        })),
      rows: sortParticipants(results, order).map(({ memberId, name, submittedAt, scores }) => ({
        memberId,
        name,
        submittedAt,
        scores,
      })),
    },
  };
}
