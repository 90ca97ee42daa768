import type { ActionFunctionArgs } from '@remix-run/node';
import { DraftContentSchema, saveDraft } from '~/evidence/evidence-items.server';
import { requireSubmissionAccess } from '~/evidence/submission-access.server';
import { autosaveReply, invalidAnswer, readAutosaveRequest } from '~/http/autosave.server';

/** Autosave for the written evidence, in the one autosave protocol: answers JSON, never redirects. */
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
  // pages without scripts (and older pages) send the text as the form field `body`
  const read = await readAutosaveRequest(request, { contentField: 'body' });
  if (!read.ok) return autosaveReply(read.answer);
  const body = DraftContentSchema.safeParse(read.content);
  if (!body.success) {
    return autosaveReply(
      invalidAnswer(body.error.issues[0]?.message ?? 'That draft could not be read.', 'content'),
    );
  }
  const outcome = await saveDraft(context.db, {
    submissionId: access.submission.id,
    body: body.data,
    version: read.version,
  });
  // `body` on a conflict: what pages before the shared protocol read
  return autosaveReply<string>(
    outcome,
    outcome.status === 'conflict' ? { body: outcome.theirs } : {},
  );
}

export function loader() {
  return Response.json(
    { status: 'invalid', message: 'Send the draft with POST.' },
    { status: 405 },
  );
}
