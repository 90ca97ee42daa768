import type { AppLoadContext } from '@remix-run/node';
import { data } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { requireParticipant } from '../assessment/actions.server';
import { getParticipantMembership } from '../assessment/assessment.server';
import { may, notFound, requireCohortRole } from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import { redirectWithToast } from '../utils/toast.server';
import { ProgressFormSchema, getModulePage, saveProgress } from './progress.server';
import { readFormData } from '../http/form.server';

export async function loadModulePage(
  context: AppLoadContext,
  request: Request,
  params: { cohortId?: string; moduleId?: string },
) {
  const { user, cohort, role } = await requireCohortRole(
    context.db,
    request,
    params.cohortId,
    'view',
  );
  if (!isUuid(params.moduleId)) notFound('We could not find that module.');
  const membership = may(role, 'participate')
    ? await getParticipantMembership(context.db, { cohortId: cohort.id, userId: user.id })
    : null;
  if (may(role, 'participate') && !membership) notFound('That module is not on your pathway.');
  const module = await getModulePage(context.db, {
    cohortId: cohort.id,
    moduleId: params.moduleId,
    memberId: membership?.id ?? null,
  });
  if (!module) notFound('That module is not on your pathway.');
  return { module, timezone: cohort.timezone, isParticipant: membership !== null };
}

export async function handleModuleProgress(
  context: AppLoadContext,
  request: Request,
  params: { cohortId?: string; moduleId?: string },
) {
  const { cohort, memberId } = await requireParticipant(context, request, params.cohortId);
  if (!isUuid(params.moduleId)) notFound('We could not find that module.');
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: ProgressFormSchema });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const outcome = await saveProgress(context.db, {
    cohortId: cohort.id,
    memberId,
    moduleId: params.moduleId,
    intent: submission.value.intent,
    reflection: submission.value.reflection.replace(/\r\n/g, '\n'),
  });
  if (outcome.status === 'invalid') {
    return data({ result: submission.reply({ formErrors: [outcome.message] }) }, { status: 400 });
  }
  const messages = {
    saved: 'Your reflection is saved.',
    completed: 'Marked complete. Nice work.',
    reopened: 'The module is open again.',
  } as const;
  throw await redirectWithToast(`/cohorts/${cohort.id}/modules/${params.moduleId}`, {
    kind: 'success',
    message: messages[outcome.status],
  });
}
