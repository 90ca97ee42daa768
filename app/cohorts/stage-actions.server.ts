import { redirect, type AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { cohortStatuses } from '../../db/schema';
import { requireCohortRole } from '../permissions/permissions.server';
import { redirectWithToast } from '../utils/toast.server';
import { moveCohort, SHARE_OUT_SESSION_MISSING, stageLabels } from './lifecycle.server';
import { readFormData } from '../http/form.server';

const NOT_UNDERSTOOD = 'That stage change was not understood. Reload the page and try again.';

export const MoveSchema = z.object({
  intent: z.literal('move', { error: NOT_UNDERSTOOD }),
  to: z.enum(cohortStatuses, { error: NOT_UNDERSTOOD }),
  /** completing issues hours: it is only done from the preview, which sends this */
  confirm: z.literal('complete').optional(),
});

/**
 * The overview page's action: move the cohort a stage, or say what is missing, each missing
 * thing a form-level error of the reply (`blocked`); a move not understood is refused plainly.
 */
export async function handleStageMove(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { user, cohort } = await requireCohortRole(context.db, request, cohortId, 'administer');
  const submission = parseWithZod(await readFormData(request), { schema: MoveSchema });
  if (submission.status !== 'success') {
    return {
      result: submission.reply({ formErrors: [NOT_UNDERSTOOD] }),
      blocked: false,
      scheduleShareOut: false,
    };
  }
  if (submission.value.to === 'completed' && submission.value.confirm !== 'complete') {
    throw redirect(`/cohorts/${cohort.id}/complete`);
  }
  const outcome = await moveCohort(context.db, {
    cohortId: cohort.id,
    to: submission.value.to,
    actorId: user.id,
  });
  if (outcome.status === 'moved') {
    throw await redirectWithToast(`/cohorts/${cohort.id}`, {
      kind: 'success',
      message: `The cohort moved to ${stageLabels[outcome.to]}.`,
    });
  }
  if (outcome.status === 'not-found') {
    return {
      result: submission.reply({ formErrors: ['This cohort no longer exists.'] }),
      blocked: false,
      scheduleShareOut: false,
    };
  }
  return {
    result: submission.reply({ formErrors: outcome.missing }),
    blocked: true,
    // the share-out stage needs its meeting: offer to schedule it right there
    scheduleShareOut: outcome.missing.includes(SHARE_OUT_SESSION_MISSING),
  };
}
