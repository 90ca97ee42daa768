import type { LoaderFunctionArgs } from '@remix-run/node';
import { serveOrganizationImage } from '~/organization/image-response.server';

/**
 * The organization's logo, public: it appears in the header and on certificates, credentials
 * and issuer pages others open. The address names the stored file, so it is cached for good.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  return serveOrganizationImage(context, {
    organization: { slug: params.orgSlug ?? '' },
    kind: 'logo',
    version: params.version ?? '',
    cache: 'public, max-age=31536000, immutable',
  });
}
