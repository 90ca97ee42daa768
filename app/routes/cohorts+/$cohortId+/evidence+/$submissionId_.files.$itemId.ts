import type { LoaderFunctionArgs } from '@remix-run/node';
import { getFileItem } from '~/evidence/evidence-items.server';
import { requireSubmissionAccess } from '~/evidence/submission-access.server';
import { notFound } from '~/permissions/permissions.server';
import { getStorage } from '~/storage/storage.server';

/** Evidence files, only to those who may see the submission, always as attachments (nosniff is on every response). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireSubmissionAccess(
    context.db,
    request,
    params.cohortId,
    params.submissionId,
  );
  const item = await getFileItem(context.db, {
    submissionId: access.submission.id,
    itemId: params.itemId ?? '',
  });
  if (!item) notFound('We could not find that file.');
  const stored = await getStorage(context.env).open(item.storageKey);
  if (!stored) notFound('That file is no longer stored.');
  const fileName = item.fileName ?? 'evidence';
  const asciiName = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(stored.stream, {
    headers: {
      'Content-Type': item.contentType ?? 'application/octet-stream',
      'Content-Length': String(stored.size),
      'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'private, no-store',
    },
  });
}
