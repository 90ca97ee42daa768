import type { ActionFunctionArgs } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { requireUser } from '~/auth/session.server';
import { IssueLearnerRecordSchema, issueLearnerRecord } from '~/credentials/clr.server';
import { firstErrorMessage, readFormData } from '~/http/form.server';
import { isUuid } from '~/utils/ids';
import { redirectWithToast } from '~/utils/toast.server';
import { issuerOrigin } from '~/credentials/origin.server';
import { forbidden } from '~/permissions/permissions.server';

/** Issues the person's signed Comprehensive Learner Record and opens its page. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireUser(context.db, request);
  const submission = parseWithZod(await readFormData(request), {
    schema: IssueLearnerRecordSchema,
  });
  if (submission.status !== 'success') {
    // the button sits on the transcript, so a refusal is told there
    const back = isUuid(params.userId) ? `/transcripts/${params.userId}` : '/me/transcript';
    throw await redirectWithToast(back, {
      kind: 'error',
      message: firstErrorMessage(submission.error, 'That action was not understood.'),
    });
  }
  const outcome = await issueLearnerRecord(context.db, {
    userId: params.userId ?? '',
    viewer,
    origin: issuerOrigin(request, context.env),
  });
  if (outcome.status === 'forbidden') forbidden();
  return new Response(null, {
    status: 303,
    headers: { Location: `/learner-records/${outcome.id}` },
  });
}
