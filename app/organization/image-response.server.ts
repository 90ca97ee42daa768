import type { AppLoadContext } from '@remix-run/node';
import { notFound } from '../permissions/permissions.server';
import { getStorage } from '../storage/storage.server';
import { getOrganizationImage, imageVersion, type OrganizationImageKind } from './images.server';

/**
 * One of the organization's images as its stored bytes, with the type sniffed at upload
 * (never the uploader's word), inline, under a policy that lets it run nothing. A `version`
 * that no longer names the current image is a 404, so a replaced image is never served
 * under the new one's address or the other way round.
 */
export async function serveOrganizationImage(
  context: AppLoadContext,
  input: {
    organization: { slug: string } | { id: string };
    kind: OrganizationImageKind;
    /** null: whichever is current (the admin's preview) */
    version: string | null;
    cache: string;
  },
) {
  const image = await getOrganizationImage(context.db, input);
  if (!image || (input.version !== null && imageVersion(image.key) !== input.version)) {
    notFound('There is no such image.');
  }
  const stored = await getStorage(context.env).open(image.key);
  if (!stored) notFound('That image is no longer stored.');
  return new Response(stored.stream, {
    headers: {
      'Content-Type': image.contentType,
      'Content-Length': String(stored.size),
      'Content-Disposition': 'inline',
      'Cache-Control': input.cache,
      ETag: `"${imageVersion(image.key)}"`,
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
