import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/session.server';
import { serveOrganizationImage } from '~/organization/image-response.server';
import { requireOrgAdmin } from '~/permissions/permissions.server';

/** The signature image, to the organization's admins only: a signature is not for the open web. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  requireOrgAdmin(user, 'The signature image is shown to your organization’s admins only.');
  return serveOrganizationImage(context, {
    organization: { id: user.organizationId },
    kind: 'signature',
    version: new URL(request.url).searchParams.get('v'),
    cache: 'private, no-cache',
  });
}
