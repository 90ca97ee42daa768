import type { ActionFunctionArgs } from '@remix-run/node';
import { DraftSchema, requireSubmissionAccess, saveDraft } from '~/critique/submissions.server';
import { readFormData } from '~/http/form.server';

/** Autosave for the written evidence: answers JSON, never redirects. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requireSubmissionAccess(
    context.db,
    request,
    params.cohortId,
    params.submissionId,
  );
  if (access.viewer !== 'author') {
    return Response.json({ message: 'Only the author can change this evidence.' }, { status: 403 });
  }
  const form = await readFormData(request);
  const parsed = DraftSchema.safeParse({ body: form.get('body'), version: form.get('version') });
  if (!parsed.success) {
    return Response.json(
      { message: parsed.error.issues[0]?.message ?? 'That draft could not be read.' },
      { status: 400 },
    );
  }
  const outcome = await saveDraft(context.db, {
    submissionId: access.submission.id,
    ...parsed.data,
  });
  return Response.json(outcome, { headers: { 'Cache-Control': 'no-store' } });
}

export function loader() {
  return Response.json({ message: 'Send the draft with POST.' }, { status: 405 });
}
