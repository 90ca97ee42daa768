import { data, redirect, type AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { readIdempotencyKey, runOnce } from '../http/idempotency.server';
import { appOriginOf } from '../http/origin.server';
import { forbidden, requireCohortRole } from '../permissions/permissions.server';
import { redirectWithToast } from '../utils/toast.server';
import { getParticipantMembership } from './assessment.server';
import { remindParticipants } from './results.server';
import { AnswerSchema, saveAnswer, submitResponse } from './taking.server';
import { readFormData } from '../http/form.server';

/** The participant's own membership, or a 403 for anyone who does not take the pre-assessment. */
export async function requireParticipant(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const access = await requireCohortRole(context.db, request, cohortId, 'participate');
  const membership = await getParticipantMembership(context.db, {
    cohortId: access.cohort.id,
    userId: access.user.id,
  });
  if (!membership) {
    forbidden('Only participants take the pre-assessment. The results are on the Assessment tab.');
  }
  return { ...access, memberId: membership.id };
}

/** where the participant goes after saving; anything else moves on, as the main button does */
const NavigationSchema = z.enum(['stay', 'next', 'previous', 'review']).catch('next');
const AnswerFormSchema = AnswerSchema.extend({ then: NavigationSchema });

/**
 * Saves one answer. `then=stay` (the autosave) answers with the time it was saved; any
 * other value moves on to the next question, the previous one or the review, so the form
 * works without JavaScript. A refusal is Conform's reply, its message a form error.
 */
export async function handleAnswer(
  context: AppLoadContext,
  request: Request,
  params: { cohortId?: string },
) {
  const { cohort, memberId } = await requireParticipant(context, request, params.cohortId);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: AnswerFormSchema });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const { then, ...answer } = submission.value;
  const outcome = await saveAnswer(context.db, { cohortId: cohort.id, memberId, answer });
  if (outcome.status === 'invalid') {
    return data({ result: submission.reply({ formErrors: [outcome.message] }) }, { status: 400 });
  }
  const number = outcome.position;
  const base = `/cohorts/${cohort.id}/assessment`;
  switch (then) {
    case 'stay':
      // the reply rides along so the page drops a refusal shown before this save
      return {
        saved: true as const,
        savedAt: outcome.savedAt,
        itemId: answer.itemId,
        result: submission.reply(),
      };
    case 'previous':
      throw redirect(`${base}/questions/${Math.max(1, number - 1)}`);
    case 'review':
      throw redirect(`${base}/review`);
    case 'next':
      throw redirect(
        number >= outcome.total ? `${base}/review` : `${base}/questions/${number + 1}`,
      );
  }
}

export const SubmitResponseSchema = z.object({
  intent: z.literal('submit', { error: 'That request was not understood.' }),
});

export async function handleSubmit(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { cohort, memberId } = await requireParticipant(context, request, cohortId);
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: SubmitResponseSchema });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const outcome = await submitResponse(context.db, { cohortId: cohort.id, memberId });
  if (outcome.status === 'invalid') {
    return data({ result: submission.reply({ formErrors: [outcome.message] }) }, { status: 400 });
  }
  throw await redirectWithToast(`/cohorts/${cohort.id}/assessment`, {
    kind: 'success',
    message:
      outcome.status === 'submitted'
        ? 'Thank you: your pre-assessment is submitted. Your competency profile is below.'
        : 'Your pre-assessment was already submitted.',
  });
}

export const RemindSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('remind'),
      memberId: z.uuid({ error: 'That reminder was not understood, so nothing was sent.' }),
    }),
    z.object({ intent: z.literal('remind-all') }),
  ],
  { error: 'That reminder was not understood, so nothing was sent.' },
);

export async function handleRemind(
  context: AppLoadContext,
  request: Request,
  cohortId: string | undefined,
) {
  const { user, cohort } = await requireCohortRole(context.db, request, cohortId, 'manage');
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: RemindSchema });
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 });
  }
  const value = submission.value;
  const outcome = await runOnce(
    context.db,
    {
      key: form ? readIdempotencyKey(form) : null,
      userId: user.id,
      action: 'assessment.remind',
      input: { cohortId: cohort.id, ...value },
    },
    (db) =>
      remindParticipants(db, {
        cohortId: cohort.id,
        memberIds: value.intent === 'remind' ? [value.memberId] : 'everyone-waiting',
        actorId: user.id,
        appOrigin: appOriginOf(request, context.env),
      }),
  );
  if (outcome.status === 'invalid') {
    return data({ result: submission.reply({ formErrors: [outcome.message] }) }, { status: 400 });
  }
  throw await redirectWithToast(`/cohorts/${cohort.id}/assessment`, {
    kind: 'success',
    message: `Sent ${outcome.count} reminder${outcome.count === 1 ? '' : 's'} by email.`,
  });
}
