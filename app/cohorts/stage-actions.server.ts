import { redirect, type AppLoadContext } from '@remix-run/node';
import { z } from 'zod';
import { cohortStatuses } from '../../db/schema';
import { requireCohortRole } from '../permissions/permissions.server';
import { redirectWithToast } from '../utils/toast.server';
import { moveCohort, SHARE_OUT_SESSION_MISSING, stageLabels } from './lifecycle.server';
import { readFormData } from '../http/form.server';

const MoveSchema = z.object({
  intent: z.literal('move'),
  to: z.enum(cohortStatuses),
  /** completing issues hours: it is only done from the preview, which sends this */
  confirm: z.literal('complete').optional(),
});

/** The overview page's action: move the cohort a stage, or say what is missing. */
export async function handleStageMove(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { user, cohort } = await requireCohortRole(context.db, request, cohortId, 'administer');
  const parsed = MoveSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success)
    return { missing: ['That stage change was not understood. Reload the page and try again.'] };
  if (parsed.data.to === 'completed' && parsed.data.confirm !== 'complete') {
    throw redirect(`/cohorts/${cohort.id}/complete`);
  }
  const outcome = await moveCohort(context.db, {
    cohortId: cohort.id,
    to: parsed.data.to,
    actorId: user.id,
  });
  if (outcome.status === 'moved') {
    throw await redirectWithToast(`/cohorts/${cohort.id}`, {
      kind: 'success',
      message: `The cohort moved to ${stageLabels[outcome.to]}.`,
    });
  }
  if (outcome.status === 'not-found') return { missing: ['This cohort no longer exists.'] };
  return {
    missing: outcome.missing,
    // the share-out stage needs its meeting: offer to schedule it right there
    scheduleShareOut: outcome.missing.includes(SHARE_OUT_SESSION_MISSING),
  };
}
