import type { LoaderFunctionArgs } from '@remix-run/node';
import { getUser } from '~/auth/session.server';
import { getCredentialDocument } from '~/credentials/credentials.server';

/**
 * The credential as a compact VC-JWT, verifiable with the issuer's published keys; served as
 * text/plain, as OB 3.0 asks of a VC-JWT credential.
 */
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
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Disposition': `inline; filename="credential-${params.credentialId}.jwt"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
