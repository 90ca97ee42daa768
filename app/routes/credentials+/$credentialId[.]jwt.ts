import type { LoaderFunctionArgs } from '@remix-run/node';
import { getUser } from '~/auth/session.server';
import { getCredentialDocument } from '~/credentials/credentials.server';

/** The credential as a compact VC-JWT, verifiable with the issuer's published key. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await getUser(context.db, request);
  const found = await getCredentialDocument(context.db, {
    credentialId: params.credentialId,
    viewer,
  });
  if (!found) {
    return new Response('No shared credential has this address.\n', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return new Response(found.jwt, {
    headers: {
      'Content-Type': 'application/jwt',
      'Content-Disposition': `inline; filename="credential-${params.credentialId}.jwt"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
