import type { LoaderFunctionArgs } from '@remix-run/node';
import { issuerOrigin } from '~/credentials/origin.server';
import { getRevocationList } from '~/credentials/status-list.server';

/** The issuer's revocation list as a VC-JWT (text/plain, like the credentials' .jwt). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const origin = issuerOrigin(request, context.env);
  const list = await getRevocationList(context.db, { slug: params.orgSlug ?? '', origin });
  if (!list) {
    return new Response('No issuer has this address.\n', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return new Response(list.jwt, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=60' },
  });
}
