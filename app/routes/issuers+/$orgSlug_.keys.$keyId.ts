import type { LoaderFunctionArgs } from '@remix-run/node';
import { getIssuerProfile } from '~/credentials/credentials.server';
import { issuerOrigin } from '~/credentials/origin.server';
import { keyUrl } from '~/credentials/open-badges.server';

/** One public key, at the address a credential's JWT header names as its `kid`. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const origin = issuerOrigin(request, context.env);
  const found = await getIssuerProfile(context.db, { slug: params.orgSlug ?? '', origin });
  const key = found?.keys.find((candidate) => candidate.kid === params.keyId);
  if (!found || !key) return Response.json({ error: 'No key has this address.' }, { status: 404 });
  return Response.json(
    { ...key, kid: keyUrl(origin, found.organization.slug, key.kid) },
    { headers: { 'Cache-Control': 'public, max-age=300' } },
  );
}
