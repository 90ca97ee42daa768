import type { AppLoadContext } from '@remix-run/node';
import { getParticipantMembership } from '../assessment/assessment.server';
import { may, requireCohortRole } from '../permissions/permissions.server';
import { getPathwayEditor } from './pathway.server';
import { getParticipantPathway } from './progress.server';
import { newIdempotencyKey } from '../http/idempotency.server';

/** The Pathway tab: a participant's own modules, or the coach's editor (read-only for the facilitator). */
export async function loadPathwayPage(
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
    const pathway = membership
      ? await getParticipantPathway(context.db, {
          cohortId: cohort.id,
          memberId: membership.id,
          timezone: cohort.timezone,
        })
      : null;
    return { view: 'participant' as const, timezone: cohort.timezone, pathway };
  }
  const editor = await getPathwayEditor(context.db, cohort.id);
  const { results } = editor;
  return {
    view: 'staff' as const,
    timezone: cohort.timezone,
    canEdit: may(role, 'curate'),
    idempotencyKey: newIdempotencyKey(),
    pathway: editor.pathway,
    catalog: editor.catalog,
    weakest: editor.weakest,
    recommendations: editor.recommendations,
    submittedCount: results.submittedCount,
    competencies: results.competencies.map(({ id, code, title }) => ({ id, code, title })),
    participants: results.participants.map((participant) => ({
      memberId: participant.memberId,
      name: participant.name,
      scores: Object.fromEntries(
        participant.scores.map((entry) => [entry.competencyId, entry.score]),
      ) as Record<string, number | null>,
    })),
  };
}
