import type { ActionFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/session.server';
import { issueLearnerRecord } from '~/credentials/clr.server';
import { issuerOrigin } from '~/credentials/origin.server';
import { forbidden } from '~/permissions/permissions.server';

/** Issues the person's signed Comprehensive Learner Record and opens its page. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireUser(context.db, request);
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
