import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/session.server';
import { getAuthoringImage } from '~/authoring/images.server';
import { notFound } from '~/permissions/permissions.server';
import { getStorage } from '~/storage/storage.server';
import { isUuid } from '~/utils/ids';

/** An image in a module body, to the people of the organization that owns it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  if (!isUuid(params.imageId)) notFound('There is no such image.');
  const image = await getAuthoringImage(context.db, {
    id: params.imageId,
    organizationId: user.organizationId,
  });
  if (!image) notFound('There is no such image.');
  const stored = await getStorage(context.env).open(image.key);
  if (!stored) notFound('That image is no longer stored.');
  return new Response(stored.stream, {
    headers: {
      'Content-Type': image.contentType,
      'Content-Length': String(stored.size),
      'Content-Disposition': 'inline',
      // the address never names other bytes: an image is never replaced in place
      'Cache-Control': 'private, max-age=86400, immutable',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
