import type { LoaderFunctionArgs } from '@remix-run/node';
import { getIssuerProfile } from '~/credentials/credentials.server';
import { multikeyDocument } from '~/credentials/data-integrity.server';
import { issuerOrigin } from '~/credentials/origin.server';
import { issuerUrl, keyUrl } from '~/credentials/open-badges.server';

/**
 * One public key, at the address a JWT header names as its `kid` (a JWK) or a Data Integrity
 * proof names as its verificationMethod (an Ed25519 key is also given as a Multikey).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const origin = issuerOrigin(request, context.env);
  const found = await getIssuerProfile(context.db, { slug: params.orgSlug ?? '', origin });
  const key = found?.keys.find((candidate) => candidate.kid === params.keyId);
  if (!found || !key) return Response.json({ error: 'No key has this address.' }, { status: 404 });
  const id = keyUrl(origin, found.organization.slug, key.kid);
  const multikey =
    key.kty === 'OKP'
      ? await multikeyDocument(key, id, issuerUrl(origin, found.organization.slug))
      : {};
  return Response.json(
    { ...multikey, ...key, kid: id },
    { headers: { 'Cache-Control': 'public, max-age=300' } },
  );
}
