import type { LoaderFunctionArgs } from '@remix-run/node';
import { getUser } from '~/auth/session.server';
import { getLearnerRecord } from '~/credentials/clr.server';

/** The learner record as a CLR 2.0 VC-JWT, for the learner and their organization's admins. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getUser(context.db, request);
  const record = await getLearnerRecord(context.db, { recordId: params.recordId, viewer });
  if (!record?.files) {
    return new Response('No learner record of yours has this address.\n', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return new Response(record.files.jwt, {
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': `attachment; filename="learner-record-${record.id}.jwt"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
