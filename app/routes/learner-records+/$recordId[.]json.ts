import type { LoaderFunctionArgs } from '@remix-run/node';
import { getUser } from '~/auth/session.server';
import { getLearnerRecord } from '~/credentials/clr.server';

/** The learner record as CLR 2.0 JSON with its Data Integrity proof. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getUser(context.db, request);
  const record = await getLearnerRecord(context.db, { recordId: params.recordId, viewer });
  if (!record?.files) {
    return Response.json(
      { error: 'No learner record of yours has this address.' },
      { status: 404 },
    );
  }
  return new Response(JSON.stringify(record.files.document, null, 2), {
    headers: {
      'Content-Type': 'application/ld+json; charset=utf-8',
      'Content-Disposition': `attachment; filename="learner-record-${record.id}.json"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
