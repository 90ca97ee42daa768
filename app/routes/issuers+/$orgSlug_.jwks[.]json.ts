import type { LoaderFunctionArgs } from '@remix-run/node';
import { getIssuerProfile } from '~/credentials/credentials.server';
import { issuerOrigin } from '~/credentials/origin.server';
import { keyUrl } from '~/credentials/open-badges.server';

/** Every public key the issuer signs with, as a JWK Set; each `kid` is the key's own address. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const origin = issuerOrigin(request, context.env);
  const found = await getIssuerProfile(context.db, { slug: params.orgSlug ?? '', origin });
  if (!found) return Response.json({ error: 'No issuer has this address.' }, { status: 404 });
  return Response.json(
    {
      keys: found.keys.map((key) => ({
        ...key,
        kid: keyUrl(origin, found.organization.slug, key.kid),
      })),
    },
    { headers: { 'Cache-Control': 'public, max-age=300' } },
  );
}
