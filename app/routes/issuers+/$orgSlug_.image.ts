import type { LoaderFunctionArgs } from '@remix-run/node';
import { getBadgeImage } from '~/credentials/badge-image.server';
import { getStorage } from '~/storage/storage.server';

/** The organization's badge image (its logo, or a drawn badge), named by every credential. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const image = await getBadgeImage(context.db, getStorage(context.env), params.orgSlug ?? '');
  if (!image) return new Response('No issuer has this address.\n', { status: 404 });
  return new Response(image.body, {
    headers: {
      'Content-Type': image.type,
      'Content-Length': String(image.size),
      'Cache-Control': 'public, max-age=3600',
      // an uploaded SVG must not run anything when opened directly
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
