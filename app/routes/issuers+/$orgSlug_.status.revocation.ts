import type { LoaderFunctionArgs } from '@remix-run/node';
import { issuerOrigin } from '~/credentials/origin.server';
import { getRevocationList } from '~/credentials/status-list.server';

/**
 * The issuer's revocation list (W3C BitstringStatusListCredential) that every credential's
 * credentialStatus names: JSON with a Data Integrity proof, or the VC-JWT when the client asks
 * for a JWT. Revalidated every minute at most, so a revocation reaches verifiers quickly.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const origin = issuerOrigin(request, context.env);
  const list = await getRevocationList(context.db, { slug: params.orgSlug ?? '', origin });
  if (!list) return Response.json({ error: 'No issuer has this address.' }, { status: 404 });
  const headers = { 'Cache-Control': 'public, max-age=60', Vary: 'Accept' };
  if (/jwt/i.test(request.headers.get('Accept') ?? '')) {
    return new Response(list.jwt, {
      headers: { ...headers, 'Content-Type': 'application/vc+jwt' },
    });
  }
  return new Response(JSON.stringify(list.document, null, 2), {
    headers: { ...headers, 'Content-Type': 'application/vc+ld+json' },
  });
}
