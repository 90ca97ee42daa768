import type { LoaderFunctionArgs } from '@remix-run/node';
import { getIssuerProfile } from '~/credentials/credentials.server';
import { issuerOrigin } from '~/credentials/origin.server';
import { keyUrl } from '~/credentials/open-badges.server';

/** The issuer's Open Badges Profile at the stable address every credential names. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const origin = issuerOrigin(request, context.env);
  const found = await getIssuerProfile(context.db, { slug: params.orgSlug ?? '', origin });
  if (!found) return Response.json({ error: 'No issuer has this address.' }, { status: 404 });
  return Response.json(
    {
      '@context': [
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ],
      ...found.profile,
      // the Ed25519 keys whose Data Integrity proofs this issuer stands behind
      assertionMethod: found.keys
        .filter((key) => key.alg === 'EdDSA')
        .map((key) => keyUrl(origin, found.organization.slug, key.kid)),
      // where the keys that sign this issuer's credentials are published
      otherIdentifier: [
        {
          type: 'IdentifierEntry',
          identifier: `${found.profile.id}/jwks.json`,
          identifierType: 'identifier',
        },
      ],
    },
    { headers: { 'Cache-Control': 'public, max-age=300' } },
  );
}
