import { data, type AppLoadContext } from '@remix-run/node';
import type { SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { z } from 'zod';
import { appOriginOf } from '../http/origin.server';
import { getStorage } from '../storage/storage.server';
import { redirectWithToast, type Toast } from '../utils/toast.server';
import { receiveEvidenceFile } from './evidence-upload.server';
import { isEditable } from './labels';
import { requestCritique, waiveCritique } from '../critique/critique-requests.server';
import { addLink, DraftSchema, LinkSchema, removeItem, saveDraft } from './evidence-items.server';
import { requireSubmissionAccess } from './submission-access.server';
import { startNextAttempt, submitForScoring } from './submissions.server';
import { readFormData, refusedResult } from '../http/form.server';
import { may } from '../permissions/permissions.server';
import { formatFee } from '../fees/fee-rules.server';

/** A refused form: which one (its intent, or `upload` for a file) and Conform's result. */
export interface SubmissionActionReply {
  intent: string;
  result: SubmissionResult<string[]>;
}

const NOT_UNDERSTOOD =
  'That change was not understood, so nothing changed. Reload the page and try again.';

const SubmissionActionSchema = z.discriminatedUnion(
  'intent',
  [
    DraftSchema.extend({ intent: z.literal('save-draft') }),
    LinkSchema.extend({ intent: z.literal('add-link') }),
    z.object({ intent: z.literal('remove-item'), itemId: z.string({ error: NOT_UNDERSTOOD }) }),
    z.object({ intent: z.literal('request-critique') }),
    z.object({ intent: z.literal('submit'), feeConfirmed: z.string().optional() }),
    z.object({ intent: z.literal('next-attempt') }),
    z.object({
      intent: z.literal('waive'),
      reason: z
        .string({ error: 'Say why, e.g. “partner unresponsive since March 3”.' })
        .trim()
        .min(1, 'Say why, e.g. “partner unresponsive since March 3”.')
        .max(500, 'Keep the reason under 500 characters.'),
    }),
  ],
  { error: NOT_UNDERSTOOD },
);

/** the changes only the author makes; the facilitator alone waives */
const AUTHOR_INTENTS = new Set([
  'save-draft',
  'add-link',
  'remove-item',
  'request-critique',
  'submit',
  'next-attempt',
]);

const FeeConfirmedSchema = z.coerce.number().int().min(0);

function refuse(intent: string, result: SubmissionResult<string[]>, init: ResponseInit) {
  return data<SubmissionActionReply>({ intent, result }, init);
}

/** an upload's refusal, told under the file field */
function refuseUpload(message: string, init: ResponseInit) {
  return refuse('upload', refusedResult({ file: [message] }), init);
}

/** The submission page's actions; changes end in a redirect with a message. */
export async function handleSubmissionAction(
  context: AppLoadContext,
  request: Request,
  params: { cohortId?: string; submissionId?: string },
) {
  const access = await requireSubmissionAccess(
    context.db,
    request,
    params.cohortId,
    params.submissionId,
  );
  const { submission, viewer, role, user } = access;
  const here = `/cohorts/${access.cohort.id}/evidence/${submission.id}`;
  const appOrigin = appOriginOf(request, context.env);
  const authorOnly = () => {
    if (viewer !== 'author') {
      throw data({ message: 'Only the author can change this evidence.' }, { status: 403 });
    }
  };

  if (/^multipart\/form-data/i.test(request.headers.get('Content-Type') ?? '')) {
    authorOnly();
    if (!isEditable(submission.status)) {
      return refuseUpload('This evidence was submitted and can no longer change.', {
        status: 409,
        headers: { Connection: 'close' },
      });
    }
    const outcome = await receiveEvidenceFile(context.db, request, {
      submissionId: submission.id,
      storage: getStorage(context.env),
      maxBytes: context.env.UPLOAD_MAX_BYTES,
    });
    if (outcome.status === 'stored') {
      throw await redirectWithToast(here, {
        kind: 'success',
        message: `“${outcome.fileName}” was added to your evidence.`,
      });
    }
    return refuseUpload(outcome.message, {
      status: outcome.code,
      // an upload refused part-way leaves unread bytes on the socket: close it
      headers: outcome.unreadBody ? { Connection: 'close' } : undefined,
    });
  }

  const form = await readFormData(request);
  const intent = form.get('intent');
  // permission before validation, as before: someone who may not make the change gets a 403
  if (intent === 'waive') {
    if (!may(role, 'administer')) {
      throw data({ message: 'Only the facilitator can waive the critique.' }, { status: 403 });
    }
  } else if (typeof intent === 'string' && AUTHOR_INTENTS.has(intent)) {
    authorOnly();
  } else {
    throw await redirectWithToast(here, { kind: 'error', message: NOT_UNDERSTOOD });
  }
  // empty strings stay empty: an empty label or link is told apart from a missing one
  const parsed = parseWithZod(form, {
    schema: SubmissionActionSchema,
    disableAutoCoercion: true,
  });
  if (parsed.status !== 'success') {
    return refuse(intent, parsed.reply(), { status: 400 });
  }
  const action = parsed.value;
  let toast: Toast;
  switch (action.intent) {
    case 'save-draft': {
      const saved = await saveDraft(context.db, {
        submissionId: submission.id,
        body: action.body,
        version: action.version,
      });
      if (saved.status === 'conflict') {
        // the typed text comes back in the result, so nothing is lost
        return refuse(
          action.intent,
          parsed.reply({
            formErrors: [
              'Another tab saved a newer version first, so this text was not saved. Copy what you need from below and reload.',
            ],
          }),
          { status: 409 },
        );
      }
      toast =
        saved.status === 'saved'
          ? { kind: 'success', message: 'Your draft is saved.' }
          : { kind: 'error', message: saved.message };
      break;
    }
    case 'add-link': {
      const added = await addLink(context.db, {
        submissionId: submission.id,
        label: action.label,
        url: action.url,
      });
      toast =
        added.status === 'added'
          ? { kind: 'success', message: 'The link was added to your evidence.' }
          : added.status === 'too-many'
            ? { kind: 'error', message: 'This evidence already holds 20 links; remove one first.' }
            : { kind: 'error', message: 'This evidence was submitted and can no longer change.' };
      break;
    }
    case 'remove-item': {
      const removed = await removeItem(context.db, {
        submissionId: submission.id,
        itemId: action.itemId,
      });
      if (removed.status === 'removed' && removed.orphanKey) {
        await getStorage(context.env).remove(removed.orphanKey);
      }
      toast =
        removed.status === 'removed'
          ? { kind: 'success', message: `${removed.name} was removed.` }
          : removed.status === 'locked'
            ? { kind: 'error', message: 'This evidence was submitted and can no longer change.' }
            : { kind: 'info', message: 'That item had already been removed.' };
      break;
    }
    case 'request-critique': {
      const requested = await requestCritique(context.db, {
        submissionId: submission.id,
        appOrigin,
      });
      toast =
        requested.status === 'requested'
          ? {
              kind: 'success',
              message: `${requested.partners.join(' and ')} ${requested.partners.length > 1 ? 'were' : 'was'} asked for a critique.`,
            }
          : requested.status === 'no-partner'
            ? {
                kind: 'error',
                message:
                  'You have no critique partner yet. The facilitator forms partners on the Partners tab.',
              }
            : requested.status === 'empty'
              ? {
                  kind: 'error',
                  message: 'Write something or add a link or file before asking for a critique.',
                }
              : { kind: 'error', message: 'This evidence was submitted and can no longer change.' };
      break;
    }
    case 'submit': {
      const confirmed = FeeConfirmedSchema.safeParse(action.feeConfirmed);
      const submitted = await submitForScoring(context.db, {
        submissionId: submission.id,
        appOrigin,
        feeConfirmedCents: confirmed.success ? confirmed.data : null,
      });
      if (submitted.status === 'fee-unconfirmed') {
        return refuse(
          action.intent,
          parsed.reply({
            fieldErrors: {
              feeConfirmed: [
                `Confirm that you owe the ${formatFee(submitted.amountCents)} scoring fee before submitting.`,
              ],
            },
          }),
          { status: 400 },
        );
      }
      toast =
        submitted.status === 'submitted'
          ? { kind: 'success', message: 'Submitted. The coach will score it against the rubric.' }
          : submitted.status === 'fee-due'
            ? {
                kind: 'success',
                message: `Submitted. It reaches the coach once the organization records your ${formatFee(submitted.amountCents)} scoring fee as paid.`,
              }
            : submitted.status === 'needs-critique'
              ? {
                  kind: 'error',
                  message:
                    'Submitting needs a completed critique from your partner first (or the facilitator’s waiver).',
                }
              : submitted.status === 'empty'
                ? { kind: 'error', message: 'Add your evidence before submitting.' }
                : { kind: 'info', message: 'This evidence was already submitted.' };
      break;
    }
    case 'next-attempt': {
      const started = await startNextAttempt(context.db, { submissionId: submission.id });
      if (started.status === 'started' || started.status === 'exists') {
        throw await redirectWithToast(
          `/cohorts/${access.cohort.id}/evidence/${started.submissionId}`,
          {
            kind: 'success',
            message:
              started.status === 'started'
                ? `Attempt ${started.attempt} is open, starting from your previous evidence.`
                : 'Your next attempt is already open.',
          },
        );
      }
      toast = { kind: 'error', message: 'A new attempt opens only after a “not yet” score.' };
      break;
    }
    case 'waive': {
      const waived = await waiveCritique(context.db, {
        submissionId: submission.id,
        actorId: user.id,
        reason: action.reason,
        appOrigin,
      });
      toast =
        waived.status === 'waived'
          ? {
              kind: 'success',
              message: `${waived.name} may now submit without a partner critique; they were told.`,
            }
          : {
              kind: 'info',
              message: 'The critique was already waived, or the evidence was submitted.',
            };
      break;
    }
  }
  throw await redirectWithToast(here, toast);
}
