import type { LoaderFunctionArgs } from '@remix-run/node';
import { getUser } from '~/auth/session.server';
import { getCredentialDocument } from '~/credentials/credentials.server';

/** The credential as JSON with its embedded Data Integrity proof (eddsa-rdfc-2022). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getUser(context.db, request);
  const found = await getCredentialDocument(context.db, {
    credentialId: params.credentialId,
    viewer,
  });
  if (!found) {
    return Response.json({ error: 'No shared credential has this address.' }, { status: 404 });
  }
  return new Response(JSON.stringify(found.document, null, 2), {
    headers: {
      'Content-Type': 'application/ld+json; charset=utf-8',
      'Content-Disposition': `inline; filename="credential-${params.credentialId}.json"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
