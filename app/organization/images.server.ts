import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { IMAGE_UPLOAD_MAX_BYTES, UPLOAD_ENVELOPE_BYTES } from '../http/body-limit.server';
import { findUnsavableField } from '../http/form.server';
import {
  cleanFileName,
  detectFileType,
  evidenceFileTypes,
  extensionOf,
} from '../storage/file-types.server';
import type { StagedFile, Storage } from '../storage/storage.server';
import { isSavableText } from '../utils/savable-text.server';
import { getOrganizationSettings } from './settings.server';
import { rememberBranding } from './branding.server';

type Executor = Kysely<Database>;

export type OrganizationImageKind = 'logo' | 'signature';

/**
 * The organization's two images. PNG and JPEG only: both are what certificates (PDFs) can
 * embed, and neither can carry script, unlike SVG (see docs/decisions/023-organization-images.md).
 */
export const organizationImages = {
  logo: { maxBytes: IMAGE_UPLOAD_MAX_BYTES, label: 'logo', column: 'logo' },
  signature: { maxBytes: 512 * 1024, label: 'signature image', column: 'signature' },
} as const;

/** the largest image of either kind: what the upload may stream before its kind is known */
export const ORGANIZATION_IMAGE_MAX_BYTES = Math.max(
  organizationImages.logo.maxBytes,
  organizationImages.signature.maxBytes,
);

const ACCEPTED = ['png', 'jpeg'] as const;
type AcceptedType = (typeof ACCEPTED)[number];

export const ACCEPTED_IMAGE_EXTENSIONS = '.png,.jpg,.jpeg';

export const kibibytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;

export type ImageUploadOutcome =
  | { status: 'stored'; kind: OrganizationImageKind }
  | {
      status: 'refused';
      kind: OrganizationImageKind | null;
      code: 400 | 413 | 415;
      message: string;
      /** the body was not read to its end; the connection should close */
      unreadBody: boolean;
    };

class TooLarge extends Error {}

const isKind = (value: unknown): value is OrganizationImageKind =>
  value === 'logo' || value === 'signature';

/**
 * Receives a logo or a signature image: the size is enforced while the body streams in, the
 * bytes must be a PNG or JPEG whatever the name says and agree with the extension, and only
 * then is the file kept under a generated key and the organization's row pointed at it (the
 * old file is removed once the row no longer names it). On any refusal nothing changes.
 */
export async function receiveOrganizationImage(
  db: Executor,
  request: Request,
  input: { user: SessionUser; storage: Storage },
): Promise<ImageUploadOutcome> {
  const refuse = (
    kind: OrganizationImageKind | null,
    code: 400 | 413 | 415,
    message: string,
    unreadBody = false,
  ): ImageUploadOutcome => ({ status: 'refused', kind, code, message, unreadBody });

  const declared = Number(request.headers.get('Content-Length') ?? '0');
  if (declared > ORGANIZATION_IMAGE_MAX_BYTES + UPLOAD_ENVELOPE_BYTES) {
    return refuse(
      null,
      413,
      `That image is larger than ${kibibytes(ORGANIZATION_IMAGE_MAX_BYTES)}. Nothing changed.`,
      true,
    );
  }

  // the intent field comes before the file in the page's form; it sets the cap while streaming
  const seen: { kind: OrganizationImageKind | null } = { kind: null };
  const staged: { file: StagedFile; name: string }[] = [];
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (name === 'file' && filename !== undefined) {
      if (staged.length > 0) throw new Error('one file per upload');
      const file = await input.storage.stage();
      staged.push({ file, name: filename });
      const cap = seen.kind ? organizationImages[seen.kind].maxBytes : ORGANIZATION_IMAGE_MAX_BYTES;
      for await (const chunk of data) {
        if (file.size() + chunk.byteLength > cap) throw new TooLarge();
        await file.write(chunk);
      }
      return 'staged';
    }
    let text = '';
    for await (const chunk of data) {
      text += new TextDecoder().decode(chunk);
      if (text.length > 100) throw new Error('field too long');
    }
    if (name === 'intent') {
      const named = text.replace(/^upload-/, '');
      if (isKind(named)) seen.kind = named;
    }
    return text;
  };

  const discardAll = () => Promise.all(staged.map(({ file }) => file.discard()));
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    await discardAll();
    if (error instanceof TooLarge) {
      const cap = seen.kind ? organizationImages[seen.kind].maxBytes : ORGANIZATION_IMAGE_MAX_BYTES;
      return refuse(
        seen.kind,
        413,
        `That image is larger than ${kibibytes(cap)}. Save it smaller (a logo rarely needs more than 600 pixels across) and upload it again. Nothing changed.`,
        true,
      );
    }
    return refuse(seen.kind, 400, 'The upload did not arrive whole. Choose the image again.', true);
  }

  try {
    const intent = String(form.get('intent') ?? '');
    const chosen = intent.replace(/^upload-/, '');
    if (!intent.startsWith('upload-') || !isKind(chosen)) {
      return refuse(null, 400, 'That upload was not understood. Reload the page and try again.');
    }
    const upload = staged[0];
    if (findUnsavableField(form) !== null || (upload && !isSavableText(upload.name))) {
      return refuse(
        chosen,
        400,
        'The file’s name has characters Cadre cannot store. Rename it and try again.',
      );
    }
    if (!upload || upload.file.size() === 0) {
      return refuse(chosen, 400, 'Choose an image to upload (it was empty or missing).');
    }
    const spec = organizationImages[chosen];
    if (upload.file.size() > spec.maxBytes) {
      return refuse(chosen, 413, `The ${spec.label} can be at most ${kibibytes(spec.maxBytes)}.`);
    }
    const fileName = cleanFileName(upload.name);
    const detected = await detectFileType(upload.file);
    if (!detected || !(ACCEPTED as readonly string[]).includes(detected)) {
      return refuse(
        chosen,
        415,
        `“${fileName}” is not a PNG or JPEG image, whatever its name says. Save the ${spec.label} as PNG or JPEG and upload it again.`,
      );
    }
    const type = evidenceFileTypes[detected as AcceptedType];
    const extension = extensionOf(fileName);
    if (!(type.extensions as readonly string[]).includes(extension)) {
      return refuse(
        chosen,
        415,
        `“${fileName}” is named like a .${extension || '(no extension)'} file but it is a ${type.label}. Save it as .${type.extensions[0]} and upload it again.`,
      );
    }
    const byteSize = upload.file.size();
    const key = await upload.file.commit();
    let replaced: string | null;
    try {
      replaced = await setOrganizationImage(db, {
        user: input.user,
        kind: chosen,
        key,
        contentType: type.contentType,
        byteSize,
      });
    } catch (error) {
      await input.storage.remove(key);
      throw error;
    }
    if (replaced) await input.storage.remove(replaced);
    return { status: 'stored', kind: chosen };
  } finally {
    await discardAll();
  }
}

/** Points the organization at a new image and audits it; returns the key of the one it replaced. */
async function setOrganizationImage(
  db: Executor,
  input: {
    user: SessionUser;
    kind: OrganizationImageKind;
    key: string;
    contentType: string;
    byteSize: number;
  },
) {
  return withTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('organization')
      .select(['logo_key', 'logo_type', 'signature_key', 'signature_type'])
      .where('id', '=', input.user.organizationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const previous = input.kind === 'logo' ? before.logo_key : before.signature_key;
    const previousType = input.kind === 'logo' ? before.logo_type : before.signature_type;
    await trx
      .updateTable('organization')
      .set(
        input.kind === 'logo'
          ? { logo_key: input.key, logo_type: input.contentType }
          : { signature_key: input.key, signature_type: input.contentType },
      )
      .where('id', '=', input.user.organizationId)
      .execute();
    await recordAudit(trx, {
      organizationId: input.user.organizationId,
      actorId: input.user.id,
      action: previous ? `organization.${input.kind}_replaced` : `organization.${input.kind}_added`,
      targetType: 'organization',
      targetId: input.user.organizationId,
      before: previous ? { key: previous, contentType: previousType } : null,
      after: { key: input.key, contentType: input.contentType, byteSize: input.byteSize },
    });
    const settings = await getOrganizationSettings(trx, input.user.organizationId);
    if (settings) rememberBranding(settings);
    return previous;
  });
}

/** Removes the logo or the signature image (audited); false when there was none. */
export async function removeOrganizationImage(
  db: Executor,
  input: { user: SessionUser; kind: OrganizationImageKind; storage: Storage },
) {
  const removed = await withTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('organization')
      .select(['logo_key', 'logo_type', 'signature_key', 'signature_type'])
      .where('id', '=', input.user.organizationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const key = input.kind === 'logo' ? before.logo_key : before.signature_key;
    const contentType = input.kind === 'logo' ? before.logo_type : before.signature_type;
    if (!key) return null;
    await trx
      .updateTable('organization')
      .set(
        input.kind === 'logo'
          ? { logo_key: null, logo_type: null }
          : { signature_key: null, signature_type: null },
      )
      .where('id', '=', input.user.organizationId)
      .execute();
    await recordAudit(trx, {
      organizationId: input.user.organizationId,
      actorId: input.user.id,
      action: `organization.${input.kind}_removed`,
      targetType: 'organization',
      targetId: input.user.organizationId,
      before: { key, contentType },
      after: null,
    });
    const settings = await getOrganizationSettings(trx, input.user.organizationId);
    if (settings) rememberBranding(settings);
    return key;
  });
  if (removed) await input.storage.remove(removed);
  return removed !== null;
}

/** The stored image to serve, when `version` still names the organization's current one. */
export async function getOrganizationImage(
  db: Executor,
  input: { organization: { slug: string } | { id: string }; kind: OrganizationImageKind },
) {
  let query = db
    .selectFrom('organization')
    .select(['logo_key', 'logo_type', 'signature_key', 'signature_type']);
  query =
    'slug' in input.organization
      ? query.where('slug', '=', input.organization.slug)
      : query.where('id', '=', input.organization.id);
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const key = input.kind === 'logo' ? row.logo_key : row.signature_key;
  const contentType = input.kind === 'logo' ? row.logo_type : row.signature_type;
  return key && contentType ? { key, contentType } : null;
}

/** the part of a storage key a URL carries, so a new image gets a new address */
export const imageVersion = (key: string) => key.split('/').pop() ?? key;
