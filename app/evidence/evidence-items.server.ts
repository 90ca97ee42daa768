import { sql } from 'kysely';
import { z } from 'zod';
import type { SubmissionStatus } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { isUuid } from '../utils/ids';
import { lockedMessage } from '../utils/locked-message';
import { EDITABLE_STATUSES, isEditable } from './labels';
import {
  type Executor,
  LIMITS,
  iso,
  countItems,
  lockEditable,
  touch,
} from './submission-rows.server';

export const DraftSchema = z.object({
  body: z.string().max(LIMITS.bodyChars, 'Keep the written evidence under 100,000 characters.'),
  // an integer column: past its range PostgreSQL refuses the number
  version: z.coerce.number().int().positive().max(2_147_483_647),
});

/** The written evidence's content in the autosave protocol: the text itself. */
export const DraftContentSchema = z
  .string({ error: 'The text of the evidence did not arrive; reload the page.' })
  .max(LIMITS.bodyChars, 'Keep the written evidence under 100,000 characters.');

export type DraftOutcome =
  | { status: 'saved'; version: number; savedAt: string }
  | { status: 'conflict'; version: number; theirs: string; savedAt: string }
  | { status: 'locked'; version: number; message: string };

/** Why the evidence no longer changes, with the day it happened in the cohort's zone. */
function lockedEvidenceMessage(current: {
  status: SubmissionStatus;
  submitted_at: Date | string | null;
  decided_at: Date | string | null;
  timezone: string;
}) {
  if (current.status === 'submitted') {
    return lockedMessage({
      what: 'evidence',
      event: 'submitted',
      at: current.submitted_at,
      timeZone: current.timezone,
      after: 'A coach scores it now.',
    });
  }
  return lockedMessage({
    what: 'evidence',
    event: 'scored',
    at: current.decided_at,
    timeZone: current.timezone,
  });
}

/**
 * Saves the written evidence only over the version the writer started from, so a second
 * tab cannot overwrite newer text silently: a stale version gets the newer text back.
 */
export async function saveDraft(
  db: Executor,
  input: { submissionId: string; body: string; version: number },
): Promise<DraftOutcome> {
  const saved = await db
    .updateTable('submission')
    .set({ body: input.body, version: sql`version + 1`, updated_at: new Date() })
    .where('id', '=', input.submissionId)
    .where('version', '=', input.version)
    .where('status', 'in', EDITABLE_STATUSES)
    .returning(['version', 'updated_at'])
    .executeTakeFirst();
  if (saved) {
    return { status: 'saved', version: saved.version, savedAt: iso(saved.updated_at)! };
  }
  const current = await db
    .selectFrom('submission')
    .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .select([
      'submission.version',
      'submission.body',
      'submission.status',
      'submission.updated_at',
      'submission.submitted_at',
      'submission.decided_at',
      'cohort.timezone',
    ])
    .where('submission.id', '=', input.submissionId)
    .executeTakeFirstOrThrow();
  if (!isEditable(current.status)) {
    return { status: 'locked', version: current.version, message: lockedEvidenceMessage(current) };
  }
  if (current.body === input.body) {
    return { status: 'saved', version: current.version, savedAt: iso(current.updated_at)! };
  }
  return {
    status: 'conflict',
    version: current.version,
    theirs: current.body,
    savedAt: iso(current.updated_at)!,
  };
}

export const LinkSchema = z.object({
  label: z.string().trim().max(200, 'Keep the label under 200 characters.').default(''),
  url: z
    .string()
    .trim()
    .min(1, 'Paste the address of the link.')
    .max(2000, 'That address is too long.')
    // abort: the next rule reads the address with new URL(), which throws on anything else
    .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), {
      message: 'Use a full web address that starts with https:// (or http://).',
      abort: true,
    })
    .refine(
      (value) =>
        /^https?:$/i.test(new URL(value).protocol) && new URL(value).hostname.includes('.'),
      {
        message: 'That does not look like a web address. Copy it from the browser’s address bar.',
      },
    ),
});

type NewEvidenceItem =
  | { kind: 'link'; label: string; url: string }
  | {
      kind: 'file';
      label: string;
      storageKey: string;
      fileName: string;
      contentType: string;
      byteSize: number;
    };

/** Adds a link or a stored file while the submission can still change, within the limits. */
async function addEvidenceItem(db: Executor, submissionId: string, item: NewEvidenceItem) {
  return withTransaction(db, async (trx) => {
    if (!(await lockEditable(trx, submissionId))) return { status: 'locked' as const };
    const limit = item.kind === 'link' ? LIMITS.links : LIMITS.files;
    if ((await countItems(trx, submissionId, item.kind)) >= limit) {
      return { status: 'too-many' as const };
    }
    await trx
      .insertInto('evidence_item')
      .values(
        item.kind === 'link'
          ? { submission_id: submissionId, kind: 'link', label: item.label, url: item.url }
          : {
              submission_id: submissionId,
              kind: 'file',
              label: item.label,
              storage_key: item.storageKey,
              file_name: item.fileName,
              content_type: item.contentType,
              byte_size: item.byteSize,
            },
      )
      .execute();
    await touch(trx, submissionId);
    return { status: 'added' as const };
  });
}

export async function addLink(
  db: Executor,
  input: { submissionId: string; label: string; url: string },
) {
  return addEvidenceItem(db, input.submissionId, {
    kind: 'link',
    label: input.label,
    url: input.url,
  });
}

/** Records a stored file as evidence; 'locked' when the submission can no longer change. */
export async function addFileItem(
  db: Executor,
  input: {
    submissionId: string;
    storageKey: string;
    fileName: string;
    contentType: string;
    byteSize: number;
    label: string;
  },
) {
  const { submissionId, ...file } = input;
  return addEvidenceItem(db, submissionId, { kind: 'file', ...file });
}

/** Removes a link or file; returns the storage key to delete when no other attempt uses it. */
export async function removeItem(db: Executor, input: { submissionId: string; itemId: string }) {
  if (!isUuid(input.itemId)) return { status: 'not-found' as const };
  return withTransaction(db, async (trx) => {
    if (!(await lockEditable(trx, input.submissionId))) return { status: 'locked' as const };
    const item = await trx
      .deleteFrom('evidence_item')
      .where('id', '=', input.itemId)
      .where('submission_id', '=', input.submissionId)
      .returning(['storage_key as storageKey', 'label', 'file_name as fileName', 'url'])
      .executeTakeFirst();
    if (!item) return { status: 'not-found' as const };
    await touch(trx, input.submissionId);
    let orphanKey: string | null = null;
    if (item.storageKey) {
      const stillUsed = await trx
        .selectFrom('evidence_item')
        .select('id')
        .where('storage_key', '=', item.storageKey)
        .executeTakeFirst();
      if (!stillUsed) orphanKey = item.storageKey;
    }
    return {
      status: 'removed' as const,
      name: item.fileName ?? (item.label || item.url || 'the item'),
      orphanKey,
    };
  });
}

/** A file item of this submission, for download. */
export async function getFileItem(db: Executor, input: { submissionId: string; itemId: string }) {
  if (!isUuid(input.itemId)) return null;
  const item = await db
    .selectFrom('evidence_item')
    .select([
      'storage_key as storageKey',
      'file_name as fileName',
      'content_type as contentType',
      'byte_size as byteSize',
    ])
    .where('id', '=', input.itemId)
    .where('submission_id', '=', input.submissionId)
    .where('kind', '=', 'file')
    .executeTakeFirst();
  return item?.storageKey ? { ...item, storageKey: item.storageKey } : null;
}

// ---------------------------------------------------------------------------------------
// people to tell
