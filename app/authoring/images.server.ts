import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { IMAGE_UPLOAD_MAX_BYTES } from '../http/body-limit.server';
import { detectFileType, evidenceFileTypes } from '../storage/file-types.server';
import type { StagedFile, Storage } from '../storage/storage.server';

type Executor = Kysely<Database>;

const ACCEPTED = ['png', 'jpeg', 'gif', 'webp'] as const;
export const AUTHORING_IMAGE_MAX_BYTES = IMAGE_UPLOAD_MAX_BYTES;

/** the address an image is shown at, in Markdown and in exports */
export const authoringImagePath = (id: string) => `/authoring/images/${id}`;
export const AUTHORING_IMAGE_PATH =
  /\/authoring\/images\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;

class TooLarge extends Error {}

export type AuthoringImageOutcome =
  { status: 'stored'; id: string } | { status: 'refused'; code: 400 | 413 | 415; message: string };

/**
 * Receives one image for the organization's authoring: capped while it streams, recognised by
 * its bytes (PNG, JPEG, GIF or WebP, never SVG), kept under a generated key and audited.
 */
export async function receiveAuthoringImage(
  db: Executor,
  request: Request,
  input: { user: SessionUser; storage: Storage },
): Promise<AuthoringImageOutcome> {
  const staged: StagedFile[] = [];
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (name === 'file' && filename !== undefined) {
      if (staged.length > 0) throw new Error('one file per upload');
      const file = await input.storage.stage();
      staged.push(file);
      for await (const chunk of data) {
        if (file.size() + chunk.byteLength > AUTHORING_IMAGE_MAX_BYTES) throw new TooLarge();
        await file.write(chunk);
      }
      return 'staged';
    }
    let text = '';
    for await (const chunk of data) {
      text += new TextDecoder().decode(chunk);
      if (text.length > 2000) throw new Error('field too long');
    }
    return text;
  };
  const discardAll = () => Promise.all(staged.map((file) => file.discard()));
  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    await discardAll();
    return error instanceof TooLarge
      ? {
          status: 'refused',
          code: 413,
          message: `That image is larger than ${AUTHORING_IMAGE_MAX_BYTES / (1024 * 1024)} MB. Save it smaller and upload it again.`,
        }
      : { status: 'refused', code: 400, message: 'The upload did not arrive whole. Try again.' };
  }
  const file = staged[0];
  try {
    if (!file || file.size() === 0) {
      return { status: 'refused', code: 400, message: 'Choose an image to upload.' };
    }
    const detected = await detectFileType(file);
    if (!detected || !(ACCEPTED as readonly string[]).includes(detected)) {
      return {
        status: 'refused',
        code: 415,
        message: 'That file is not a PNG, JPEG, GIF or WebP image, whatever its name says.',
      };
    }
    const contentType = evidenceFileTypes[detected as (typeof ACCEPTED)[number]].contentType;
    const byteSize = file.size();
    const key = await file.commit();
    try {
      const id = await withTransaction(db, async (trx) => {
        const row = await trx
          .insertInto('authoring_image')
          .values({
            organization_id: input.user.organizationId,
            storage_key: key,
            content_type: contentType,
            byte_size: byteSize,
            created_by: input.user.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          organizationId: input.user.organizationId,
          actorId: input.user.id,
          action: 'authoring_image.uploaded',
          targetType: 'authoring_image',
          targetId: row.id,
          after: { contentType, byteSize },
        });
        return row.id;
      });
      return { status: 'stored', id };
    } catch (error) {
      await input.storage.remove(key);
      throw error;
    }
  } finally {
    await discardAll();
  }
}

/** The image when it belongs to this organization; null otherwise. */
export async function getAuthoringImage(
  db: Executor,
  input: { id: string; organizationId: string },
) {
  return (
    (await db
      .selectFrom('authoring_image')
      .select(['id', 'storage_key as key', 'content_type as contentType'])
      .where('id', '=', input.id)
      .where('organization_id', '=', input.organizationId)
      .executeTakeFirst()) ?? null
  );
}

/** reads a whole stored file */
export async function readStored(storage: Storage, key: string) {
  const stored = await storage.open(key);
  if (!stored) return null;
  return new Uint8Array(await new Response(stored.stream).arrayBuffer());
}

/** Stores bytes that arrived in an import under a new generated key. */
export async function storeBytes(storage: Storage, bytes: Uint8Array) {
  const file = await storage.stage();
  try {
    await file.write(bytes);
    return await file.commit();
  } catch (error) {
    await file.discard();
    throw error;
  }
}
