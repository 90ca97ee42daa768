import { formatFee, getFeeOwed } from '../fees/fee-rules.server';
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { z } from 'zod';
import type { Database, SubmissionStatus } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import {
  forbidden,
  notFound,
  requireCohortRole,
  type CohortAccess,
} from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import { lockedMessage } from '../utils/locked-message';
import { EDITABLE_STATUSES, isEditable } from './labels';
import { tellPeople, type Recipient } from './notices.server';
import { getCurrentPartnerIds } from './partners.server';
import { isUniqueViolation } from '../../db/errors';

type Executor = Kysely<Database>;

export const LIMITS = { links: 20, files: 10, bodyChars: 100_000 };

async function getCohortContext(db: Executor, cohortId: string) {
  return db
    .selectFrom('cohort')
    .select(['id', 'name', 'program_id as programId', 'organization_id as organizationId'])
    .where('id', '=', cohortId)
    .executeTakeFirstOrThrow();
}

/** The signed-in person's active participant membership in this cohort, if any. */
export async function getOwnMember(db: Executor, input: { cohortId: string; userId: string }) {
  return db
    .selectFrom('cohort_member')
    .select(['id', 'role', 'status'])
    .where('cohort_id', '=', input.cohortId)
    .where('user_id', '=', input.userId)
    .where('status', 'in', ['active', 'completed'])
    .executeTakeFirst();
}

// ---------------------------------------------------------------------------------------
// access

export type SubmissionViewer = 'author' | 'partner' | 'staff';

export interface SubmissionAccess extends CohortAccess {
  user: SessionUser;
  viewer: SubmissionViewer;
  /** the viewer's own cohort_member id, when they are a member */
  viewerMemberId: string | null;
  submission: {
    id: string;
    memberId: string;
    authorUserId: string;
    microCredentialId: string;
    status: SubmissionStatus;
    attempt: number;
  };
}

/**
 * The first line of every submission loader and action. The author, their partners
 * (current ones, and anyone asked to critique this work), the cohort's facilitators and
 * coaches and the organization's admins may see it; anyone else gets 403, and a
 * submission from another cohort is a 404.
 */
export async function requireSubmissionAccess(
  db: Executor,
  request: Request,
  cohortId: string | undefined,
  submissionId: string | undefined,
): Promise<SubmissionAccess> {
  const access = await requireCohortRole(db, request, cohortId, 'any');
  if (!isUuid(submissionId)) notFound('We could not find that evidence.');
  const submission = await db
    .selectFrom('submission')
    .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
    .select([
      'submission.id',
      'submission.member_id as memberId',
      'cohort_member.user_id as authorUserId',
      'submission.micro_credential_id as microCredentialId',
      'submission.status',
      'submission.attempt',
    ])
    .where('submission.id', '=', submissionId)
    .where('cohort_member.cohort_id', '=', access.cohort.id)
    .executeTakeFirst();
  if (!submission) notFound('We could not find that evidence.');
  const own = await getOwnMember(db, { cohortId: access.cohort.id, userId: access.user.id });
  const viewerMemberId = own?.id ?? null;
  const base = { ...access, submission, viewerMemberId };
  if (submission.authorUserId === access.user.id) return { ...base, viewer: 'author' };
  if (access.role !== 'participant') return { ...base, viewer: 'staff' };
  if (viewerMemberId && (await isPartnerOf(db, { submission, reviewerMemberId: viewerMemberId }))) {
    return { ...base, viewer: 'partner' };
  }
  forbidden('This evidence belongs to someone who is not your critique partner.');
}

async function isPartnerOf(
  db: Executor,
  input: {
    submission: { memberId: string; microCredentialId: string };
    reviewerMemberId: string;
  },
) {
  const partners = await getCurrentPartnerIds(db, input.submission.memberId);
  if (partners.includes(input.reviewerMemberId)) return true;
  const asked = await db
    .selectFrom('critique')
    .innerJoin('submission', 'submission.id', 'critique.submission_id')
    .select('critique.id')
    .where('critique.reviewer_member_id', '=', input.reviewerMemberId)
    .where('submission.member_id', '=', input.submission.memberId)
    .where('submission.micro_credential_id', '=', input.submission.microCredentialId)
    .executeTakeFirst();
  return Boolean(asked);
}

// ---------------------------------------------------------------------------------------
// reading

/** The cohort's micro-credentials with this member's latest attempt at each. */
export async function getEvidenceOverview(
  db: Executor,
  input: { cohortId: string; memberId: string | null },
) {
  const cohort = await getCohortContext(db, input.cohortId);
  const credentials = await db
    .selectFrom('micro_credential')
    .select((eb) => [
      'micro_credential.id',
      'micro_credential.code',
      'micro_credential.title',
      'micro_credential.description',
      'micro_credential.evidence_requirements as evidenceRequirements',
      jsonObjectFrom(
        eb
          .selectFrom('submission')
          .select(['submission.id', 'submission.attempt', 'submission.status'])
          .whereRef('submission.micro_credential_id', '=', 'micro_credential.id')
          .where(
            'submission.member_id',
            '=',
            input.memberId ?? '00000000-0000-0000-0000-000000000000',
          )
          .orderBy('submission.attempt', 'desc')
          .limit(1),
      ).as('latest'),
      jsonObjectFrom(heldCredentialQuery(eb, input.memberId)).as('held'),
    ])
    .where('micro_credential.program_id', '=', cohort.programId)
    .orderBy('micro_credential.position')
    .execute();

  const critiques = input.memberId
    ? await db
        .selectFrom('critique')
        .innerJoin('submission', 'submission.id', 'critique.submission_id')
        .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
        .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
        .innerJoin('micro_credential', 'micro_credential.id', 'submission.micro_credential_id')
        .select([
          'critique.id',
          'critique.submission_id as submissionId',
          'critique.requested_at as requestedAt',
          'critique.completed_at as completedAt',
          'app_user.name as authorName',
          'micro_credential.title as credentialTitle',
          'submission.attempt',
        ])
        .where('critique.reviewer_member_id', '=', input.memberId)
        .where('critique.cancelled_at', 'is', null)
        .orderBy('critique.requested_at', 'desc')
        .limit(50)
        .execute()
    : [];
  return {
    programId: cohort.programId,
    credentials,
    critiques: critiques.map((critique) => ({
      ...critique,
      requestedAt: new Date(critique.requestedAt).toISOString(),
      completedAt: critique.completedAt ? new Date(critique.completedAt).toISOString() : null,
    })),
  };
}

/** A timestamp as the ISO text the pages receive; null stays null. */
export const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

/** Submissions with their author (member and user) and micro-credential, to select from. */
export function submissionsWithAuthor(db: Executor) {
  return db
    .selectFrom('submission')
    .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .innerJoin('micro_credential', 'micro_credential.id', 'submission.micro_credential_id');
}

/** Everything the submission page shows: the evidence, the rubric, critiques and attempts. */
export async function getSubmissionView(db: Executor, submissionId: string) {
  const row = await submissionsWithAuthor(db)
    .select((eb) => [
      'submission.id',
      'submission.member_id as memberId',
      'submission.attempt',
      'submission.status',
      'submission.body',
      'submission.version',
      'submission.previous_submission_id as previousSubmissionId',
      'submission.critique_waived_at as critiqueWaivedAt',
      'submission.critique_waived_reason as critiqueWaivedReason',
      'submission.submitted_at as submittedAt',
      'submission.decided_at as decidedAt',
      'submission.earned_at as earnedAt',
      'submission.updated_at as updatedAt',
      'app_user.name as authorName',
      'micro_credential.id as credentialId',
      'micro_credential.code as credentialCode',
      'micro_credential.title as credentialTitle',
      'micro_credential.description as credentialDescription',
      'micro_credential.evidence_requirements as evidenceRequirements',
      jsonArrayFrom(
        eb
          .selectFrom('rubric_criterion')
          .select(['id', 'position', 'title', 'meets_description as meetsDescription'])
          .whereRef('rubric_criterion.micro_credential_id', '=', 'micro_credential.id')
          .orderBy('position'),
      ).as('criteria'),
      jsonArrayFrom(
        eb
          .selectFrom('evidence_item')
          .select([
            'id',
            'kind',
            'label',
            'url',
            'file_name as fileName',
            'content_type as contentType',
            'byte_size as byteSize',
          ])
          .whereRef('evidence_item.submission_id', '=', 'submission.id')
          .orderBy('created_at'),
      ).as('items'),
    ])
    .where('submission.id', '=', submissionId)
    .executeTakeFirstOrThrow();

  const critiques = await db
    .selectFrom('critique')
    .innerJoin('submission', 'submission.id', 'critique.submission_id')
    .innerJoin('cohort_member', 'cohort_member.id', 'critique.reviewer_member_id')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select((eb) => [
      'critique.id',
      'critique.submission_id as submissionId',
      'submission.attempt',
      'critique.reviewer_member_id as reviewerMemberId',
      'app_user.name as reviewerName',
      'critique.requested_at as requestedAt',
      'critique.completed_at as completedAt',
      'critique.cancelled_at as cancelledAt',
      'critique.summary',
      jsonArrayFrom(
        eb
          .selectFrom('critique_note')
          .select(['criterion_id as criterionId', 'meets', 'strengthen'])
          .whereRef('critique_note.critique_id', '=', 'critique.id'),
      ).as('notes'),
    ])
    .where('submission.member_id', '=', row.memberId)
    .where('submission.micro_credential_id', '=', row.credentialId)
    .orderBy('critique.requested_at', 'desc')
    .execute();

  const attempts = await db
    .selectFrom('submission')
    .select((eb) => [
      'submission.id',
      'submission.attempt',
      'submission.status',
      'submission.submitted_at as submittedAt',
      'submission.decided_at as decidedAt',
      'submission.critique_waived_at as critiqueWaivedAt',
      jsonObjectFrom(
        eb
          .selectFrom('score')
          .leftJoin('app_user', 'app_user.id', 'score.scorer_id')
          .select((inner) => [
            'score.outcome',
            'score.feedback',
            'score.scored_at as scoredAt',
            'app_user.name as scorerName',
            jsonArrayFrom(
              inner
                .selectFrom('score_criterion')
                .select(['criterion_id as criterionId', 'result', 'feedback'])
                .whereRef('score_criterion.score_id', '=', 'score.id'),
            ).as('criteria'),
          ])
          .whereRef('score.submission_id', '=', 'submission.id'),
      ).as('score'),
      jsonArrayFrom(
        eb
          .selectFrom('submission_return')
          .leftJoin('app_user', 'app_user.id', 'submission_return.returned_by')
          .select([
            'submission_return.note',
            'submission_return.returned_at as returnedAt',
            'app_user.name as returnedByName',
          ])
          .whereRef('submission_return.submission_id', '=', 'submission.id')
          .orderBy('submission_return.returned_at'),
      ).as('returns'),
    ])
    .where('submission.member_id', '=', row.memberId)
    .where('submission.micro_credential_id', '=', row.credentialId)
    .orderBy('submission.attempt', 'desc')
    .execute();

  const critiqueDone = critiques.some((critique) => critique.completedAt !== null);
  const waived = attempts.some((attempt) => attempt.critiqueWaivedAt !== null);
  return {
    submission: {
      ...row,
      critiqueWaivedAt: iso(row.critiqueWaivedAt),
      submittedAt: iso(row.submittedAt),
      decidedAt: iso(row.decidedAt),
      earnedAt: iso(row.earnedAt),
      updatedAt: iso(row.updatedAt)!,
    },
    critiques: critiques.map((critique) => ({
      ...critique,
      requestedAt: iso(critique.requestedAt)!,
      completedAt: iso(critique.completedAt),
      cancelledAt: iso(critique.cancelledAt),
    })),
    attempts: attempts.map((attempt) => ({
      ...attempt,
      submittedAt: iso(attempt.submittedAt),
      decidedAt: iso(attempt.decidedAt),
      critiqueWaivedAt: iso(attempt.critiqueWaivedAt),
    })),
    /** the rule for submitting: a completed critique on any attempt, or the facilitator's waiver */
    critiqueSatisfied: critiqueDone || waived,
    waived,
  };
}

export type SubmissionView = Awaited<ReturnType<typeof getSubmissionView>>;

// ---------------------------------------------------------------------------------------
// drafting

/** Opens the member's work on a micro-credential: their latest attempt, or a new first one. */
/**
 * The person's unrevoked credential for a micro-credential, earned in any cohort: someone who
 * holds it is not asked for the same evidence again (and would get no second hours).
 */
function heldCredentialQuery(
  eb: ExpressionBuilder<Database, 'micro_credential'>,
  memberId: string | null,
) {
  return eb
    .selectFrom('credential')
    .innerJoin('cohort', 'cohort.id', 'credential.cohort_id')
    .innerJoin('cohort_member', 'cohort_member.user_id', 'credential.user_id')
    .select([
      'credential.id',
      'credential.issued_at as issuedAt',
      'credential.cohort_id as cohortId',
      'cohort.name as cohortName',
      'cohort.timezone',
    ])
    .whereRef('credential.micro_credential_id', '=', 'micro_credential.id')
    .where('cohort_member.id', '=', memberId ?? '00000000-0000-0000-0000-000000000000')
    .where('credential.revoked_at', 'is', null)
    .limit(1);
}

/** where and when the member already earned `microCredentialId`, or null */
export async function findHeldCredential(
  db: Executor,
  input: { memberId: string; microCredentialId: string },
) {
  if (!isUuid(input.microCredentialId)) return null;
  return (
    (
      await db
        .selectFrom('micro_credential')
        .select((eb) => jsonObjectFrom(heldCredentialQuery(eb, input.memberId)).as('held'))
        .where('micro_credential.id', '=', input.microCredentialId)
        .executeTakeFirst()
    )?.held ?? null
  );
}

export async function startSubmission(
  db: Executor,
  input: { cohortId: string; memberId: string; microCredentialId: string },
) {
  if (!isUuid(input.microCredentialId)) return null;
  const cohort = await getCohortContext(db, input.cohortId);
  const credential = await db
    .selectFrom('micro_credential')
    .select('id')
    .where('id', '=', input.microCredentialId)
    .where('program_id', '=', cohort.programId)
    .executeTakeFirst();
  if (!credential) return null;
  const latest = async () =>
    db
      .selectFrom('submission')
      .select('id')
      .where('member_id', '=', input.memberId)
      .where('micro_credential_id', '=', credential.id)
      .orderBy('attempt', 'desc')
      .executeTakeFirst();
  const existing = await latest();
  if (existing) return existing.id;
  try {
    const created = await db
      .insertInto('submission')
      .values({ member_id: input.memberId, micro_credential_id: credential.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    return created.id;
  } catch (error) {
    // a double click raced us to attempt 1: use the row that won
    if (isUniqueViolation(error)) return (await latest())?.id ?? null;
    throw error;
  }
}

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

async function countItems(db: Executor, submissionId: string, kind: 'link' | 'file') {
  const row = await db
    .selectFrom('evidence_item')
    .select(sql<string>`count(*)`.as('count'))
    .where('submission_id', '=', submissionId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function lockEditable(trx: Transaction<Database>, submissionId: string) {
  const row = await trx
    .selectFrom('submission')
    .select(['id', 'status'])
    .where('id', '=', submissionId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return isEditable(row.status);
}

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

async function touch(trx: Transaction<Database>, submissionId: string) {
  await trx
    .updateTable('submission')
    .set({ updated_at: new Date() })
    .where('id', '=', submissionId)
    .execute();
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

async function getRecipients(db: Executor, memberIds: string[]): Promise<Recipient[]> {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select(['app_user.id as userId', 'app_user.email', 'app_user.name'])
    .where('cohort_member.id', 'in', memberIds)
    .execute();
}

export async function getStaffRecipients(
  db: Executor,
  input: { cohortId: string; roles: ('coach' | 'facilitator')[] },
) {
  return db
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select(['app_user.id as userId', 'app_user.email', 'app_user.name'])
    .where('cohort_member.cohort_id', '=', input.cohortId)
    .where('cohort_member.role', 'in', input.roles)
    .where('cohort_member.status', '=', 'active')
    .execute();
}

export async function getSubmissionFacts(db: Executor, submissionId: string) {
  return submissionsWithAuthor(db)
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .select([
      'submission.id',
      'submission.member_id as memberId',
      'submission.micro_credential_id as microCredentialId',
      'submission.attempt',
      'submission.status',
      'submission.body',
      'submission.critique_waived_at as critiqueWaivedAt',
      'cohort.id as cohortId',
      'cohort.organization_id as organizationId',
      'app_user.id as authorUserId',
      'app_user.name as authorName',
      'app_user.email as authorEmail',
      'micro_credential.title as credentialTitle',
    ])
    .where('submission.id', '=', submissionId)
    .executeTakeFirstOrThrow();
}

export type SubmissionFacts = Awaited<ReturnType<typeof getSubmissionFacts>>;

export function submissionHref(facts: { cohortId: string; id: string }) {
  return `/cohorts/${facts.cohortId}/evidence/${facts.id}`;
}

export function authorOf(facts: SubmissionFacts): Recipient {
  return { userId: facts.authorUserId, email: facts.authorEmail, name: facts.authorName };
}

// ---------------------------------------------------------------------------------------
// critique

/** Asks the author's current partners to critique this attempt. */
export async function requestCritique(
  db: Executor,
  input: { submissionId: string; appOrigin: string | null },
) {
  return withTransaction(db, async (trx) => {
    if (!(await lockEditable(trx, input.submissionId))) return { status: 'locked' as const };
    const facts = await getSubmissionFacts(trx, input.submissionId);
    const itemCount = await countItems(trx, facts.id, 'link').then(
      async (links) => links + (await countItems(trx, facts.id, 'file')),
    );
    if (facts.body.trim() === '' && itemCount === 0) return { status: 'empty' as const };
    const partnerIds = await getCurrentPartnerIds(trx, facts.memberId);
    if (partnerIds.length === 0) return { status: 'no-partner' as const };
    const open = await trx
      .selectFrom('critique')
      .select('reviewer_member_id')
      .where('submission_id', '=', facts.id)
      .where('completed_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    const waiting = new Set(open.map((row) => row.reviewer_member_id));
    const toAsk = partnerIds.filter((memberId) => !waiting.has(memberId));
    if (toAsk.length > 0) {
      await trx
        .insertInto('critique')
        .values(
          toAsk.map((memberId) => ({ submission_id: facts.id, reviewer_member_id: memberId })),
        )
        .execute();
    }
    await trx
      .updateTable('submission')
      .set({ status: 'in-critique', updated_at: new Date() })
      .where('id', '=', facts.id)
      .execute();
    const partners = await getRecipients(trx, partnerIds);
    await tellPeople(
      trx,
      (await getRecipients(trx, toAsk)) ?? [],
      {
        organizationId: facts.organizationId,
        cohortId: facts.cohortId,
        kind: 'critique.requested',
        title: `${facts.authorName} asks for your critique on “${facts.credentialTitle}”`,
        href: `${submissionHref(facts)}/critique`,
        paragraphs: [
          `${facts.authorName} would like your critique of their evidence for “${facts.credentialTitle}”.`,
          'Read it next to the rubric and write, for each criterion, what already meets the bar and what would strengthen it.',
        ],
        actionLabel: 'Write the critique',
      },
      input.appOrigin,
    );
    return { status: 'requested' as const, partners: partners.map((person) => person.name) };
  });
}

/** The open request this member was asked to answer on this submission, if any. */
export async function getOpenCritique(
  db: Executor,
  input: { submissionId: string; reviewerMemberId: string },
) {
  return db
    .selectFrom('critique')
    .select(['id', 'requested_at as requestedAt'])
    .where('submission_id', '=', input.submissionId)
    .where('reviewer_member_id', '=', input.reviewerMemberId)
    .where('completed_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
}

const noteText = z.string().trim().max(10_000, 'Keep each note under 10,000 characters.');

/** criterion notes arrive as meets-<criterionId> and strengthen-<criterionId> fields */
export function parseCritiqueForm(form: FormData, criteria: { id: string; title: string }[]) {
  const errors: Record<string, string> = {};
  const notes = criteria.map((criterion) => {
    const meets = noteText.safeParse(String(form.get(`meets-${criterion.id}`) ?? ''));
    const strengthen = noteText.safeParse(String(form.get(`strengthen-${criterion.id}`) ?? ''));
    const value = {
      criterionId: criterion.id,
      meets: meets.success ? meets.data : '',
      strengthen: strengthen.success ? strengthen.data : '',
    };
    if (!meets.success || !strengthen.success) {
      errors[criterion.id] = 'Keep each note under 10,000 characters.';
    } else if (value.meets === '' && value.strengthen === '') {
      errors[criterion.id] =
        `Write what meets the bar or what would strengthen it for “${criterion.title}”.`;
    }
    return value;
  });
  const summary = noteText.safeParse(String(form.get('summary') ?? ''));
  if (!summary.success) errors.summary = 'Keep the overall note under 10,000 characters.';
  return { notes, summary: summary.success ? summary.data : '', errors };
}

/** Completes a partner's critique and tells the author. */
export async function completeCritique(
  db: Executor,
  input: {
    critiqueId: string;
    reviewerMemberId: string;
    reviewerName: string;
    notes: { criterionId: string; meets: string; strengthen: string }[];
    summary: string;
    appOrigin: string | null;
  },
) {
  return withTransaction(db, async (trx) => {
    const critique = await trx
      .updateTable('critique')
      .set({ completed_at: new Date(), summary: input.summary })
      .where('id', '=', input.critiqueId)
      .where('reviewer_member_id', '=', input.reviewerMemberId)
      .where('completed_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .returning('submission_id')
      .executeTakeFirst();
    if (!critique) return { status: 'closed' as const };
    await trx
      .insertInto('critique_note')
      .values(
        input.notes.map((note) => ({
          critique_id: input.critiqueId,
          criterion_id: note.criterionId,
          meets: note.meets,
          strengthen: note.strengthen,
        })),
      )
      .execute();
    const stillOpen = await trx
      .selectFrom('critique')
      .select('id')
      .where('submission_id', '=', critique.submission_id)
      .where('completed_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .executeTakeFirst();
    if (!stillOpen) {
      // every partner answered: the author is revising again
      await trx
        .updateTable('submission')
        .set({ status: 'draft', updated_at: new Date() })
        .where('id', '=', critique.submission_id)
        .where('status', '=', 'in-critique')
        .execute();
    }
    const facts = await getSubmissionFacts(trx, critique.submission_id);
    await tellPeople(
      trx,
      [authorOf(facts)],
      {
        organizationId: facts.organizationId,
        cohortId: facts.cohortId,
        kind: 'critique.completed',
        title: `${input.reviewerName} critiqued your evidence for “${facts.credentialTitle}”`,
        href: submissionHref(facts),
        paragraphs: [
          `${input.reviewerName} wrote a critique of your evidence for “${facts.credentialTitle}”, criterion by criterion.`,
          'Read it, revise what you want to strengthen, and submit when you are ready (or ask again).',
        ],
        actionLabel: 'Read the critique',
      },
      input.appOrigin,
    );
    return { status: 'completed' as const, submissionId: critique.submission_id };
  });
}

/** The facilitator lets this attempt be submitted without a completed critique. */
export async function waiveCritique(
  db: Executor,
  input: { submissionId: string; actorId: string; reason: string; appOrigin: string | null },
) {
  return withTransaction(db, async (trx) => {
    const updated = await trx
      .updateTable('submission')
      .set({
        critique_waived_at: new Date(),
        critique_waived_by: input.actorId,
        critique_waived_reason: input.reason,
      })
      .where('id', '=', input.submissionId)
      .where('critique_waived_at', 'is', null)
      .where('status', 'in', EDITABLE_STATUSES)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return { status: 'unchanged' as const };
    const facts = await getSubmissionFacts(trx, input.submissionId);
    await recordAudit(trx, {
      organizationId: facts.organizationId,
      actorId: input.actorId,
      action: 'submission.critique_waived',
      targetType: 'submission',
      targetId: facts.id,
      after: { reason: input.reason, author: facts.authorName, attempt: facts.attempt },
    });
    await tellPeople(
      trx,
      [authorOf(facts)],
      {
        organizationId: facts.organizationId,
        cohortId: facts.cohortId,
        kind: 'critique.waived',
        title: `You may submit “${facts.credentialTitle}” without a partner critique`,
        href: submissionHref(facts),
        paragraphs: [
          `The facilitator waived the partner critique for your evidence on “${facts.credentialTitle}”: ${input.reason}`,
          'You can submit it for scoring whenever it is ready.',
        ],
        actionLabel: 'Open your evidence',
      },
      input.appOrigin,
    );
    return { status: 'waived' as const, name: facts.authorName };
  });
}

/** Critique requests not yet answered in this cohort, oldest first, for the facilitator. */
export async function listWaitingCritiques(db: Executor, cohortId: string) {
  const rows = await db
    .selectFrom('critique')
    .innerJoin('submission', 'submission.id', 'critique.submission_id')
    .innerJoin('cohort_member as author', 'author.id', 'submission.member_id')
    .innerJoin('app_user as author_user', 'author_user.id', 'author.user_id')
    .innerJoin('cohort_member as reviewer', 'reviewer.id', 'critique.reviewer_member_id')
    .innerJoin('app_user as reviewer_user', 'reviewer_user.id', 'reviewer.user_id')
    .innerJoin('micro_credential', 'micro_credential.id', 'submission.micro_credential_id')
    .select([
      'critique.id',
      'submission.id as submissionId',
      'submission.attempt',
      'submission.critique_waived_at as waivedAt',
      'author_user.name as authorName',
      'reviewer_user.name as reviewerName',
      'reviewer.status as reviewerStatus',
      'micro_credential.title as credentialTitle',
      'critique.requested_at as requestedAt',
    ])
    .where('author.cohort_id', '=', cohortId)
    .where('critique.completed_at', 'is', null)
    .where('critique.cancelled_at', 'is', null)
    .orderBy('critique.requested_at')
    .execute();
  return rows.map((row) => ({
    ...row,
    requestedAt: iso(row.requestedAt)!,
    waivedAt: iso(row.waivedAt),
  }));
}

// ---------------------------------------------------------------------------------------
// submitting

/**
 * Sends the attempt to the coaches. It needs some evidence and a completed partner
 * critique (on this or an earlier attempt) unless the facilitator waived it; requests
 * still open are closed, since the author chose not to wait.
 */
export async function submitForScoring(
  db: Executor,
  input: {
    submissionId: string;
    appOrigin: string | null;
    /** the fee (in cents) the author saw and confirmed, when they are not a member */
    feeConfirmedCents?: number | null;
  },
) {
  return withTransaction(db, async (trx) => {
    if (!(await lockEditable(trx, input.submissionId))) return { status: 'locked' as const };
    const facts = await getSubmissionFacts(trx, input.submissionId);
    const items =
      (await countItems(trx, facts.id, 'link')) + (await countItems(trx, facts.id, 'file'));
    if (facts.body.trim() === '' && items === 0) return { status: 'empty' as const };
    const completed = await trx
      .selectFrom('critique')
      .innerJoin('submission', 'submission.id', 'critique.submission_id')
      .select('critique.id')
      .where('submission.member_id', '=', facts.memberId)
      .where('submission.micro_credential_id', '=', facts.microCredentialId)
      .where('critique.completed_at', 'is not', null)
      .executeTakeFirst();
    const waived = await trx
      .selectFrom('submission')
      .select('id')
      .where('member_id', '=', facts.memberId)
      .where('micro_credential_id', '=', facts.microCredentialId)
      .where('critique_waived_at', 'is not', null)
      .executeTakeFirst();
    if (!completed && !waived) return { status: 'needs-critique' as const };
    const fee = await getFeeOwed(trx, {
      userId: facts.authorUserId,
      memberId: facts.memberId,
      microCredentialId: facts.microCredentialId,
      submissionId: facts.id,
    });
    // a non-member confirms the fee they were shown; a changed fee is shown again
    if (fee && input.feeConfirmedCents !== fee.amountCents) {
      return { status: 'fee-unconfirmed' as const, amountCents: fee.amountCents };
    }

    await trx
      .updateTable('critique')
      .set({ cancelled_at: new Date() })
      .where('submission_id', '=', facts.id)
      .where('completed_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    await trx
      .updateTable('submission')
      .set({ status: 'submitted', submitted_at: new Date(), updated_at: new Date() })
      .where('id', '=', facts.id)
      .execute();
    if (fee) {
      const created = await trx
        .insertInto('scoring_fee')
        .values({
          organization_id: facts.organizationId,
          submission_id: facts.id,
          user_id: facts.authorUserId,
          amount_cents: fee.amountCents,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        organizationId: facts.organizationId,
        actorId: facts.authorUserId,
        action: 'scoring_fee.due',
        targetType: 'scoring_fee',
        targetId: created.id,
        after: { submissionId: facts.id, amountCents: fee.amountCents, status: 'due' },
      });
      await tellPeople(
        trx,
        [authorOf(facts)],
        {
          organizationId: facts.organizationId,
          cohortId: facts.cohortId,
          kind: 'submission.fee_due',
          title: `Your evidence for “${facts.credentialTitle}” waits for the scoring fee`,
          href: submissionHref(facts),
          paragraphs: [
            `Your evidence for “${facts.credentialTitle}” (attempt ${facts.attempt}) is submitted. As a non-member you owe a scoring fee of ${formatFee(fee.amountCents)}; the coach receives your evidence as soon as the organization records it as paid.`,
          ],
          actionLabel: 'See your submission',
        },
        input.appOrigin,
      );
      return { status: 'fee-due' as const, amountCents: fee.amountCents };
    }
    await announceSubmitted(trx, facts, input.appOrigin);
    return { status: 'submitted' as const };
  });
}

/** Tells the coaches a submission is in their queue, and its author that it is with them. */
export async function announceSubmitted(
  trx: Executor,
  facts: SubmissionFacts,
  appOrigin: string | null,
) {
  const coaches = await getStaffRecipients(trx, { cohortId: facts.cohortId, roles: ['coach'] });
  await tellPeople(
    trx,
    coaches,
    {
      organizationId: facts.organizationId,
      cohortId: facts.cohortId,
      kind: 'submission.submitted',
      title: `${facts.authorName} submitted “${facts.credentialTitle}” (attempt ${facts.attempt})`,
      href: `/cohorts/${facts.cohortId}/scoring/${facts.id}`,
      paragraphs: [
        `${facts.authorName} submitted evidence for “${facts.credentialTitle}”, attempt ${facts.attempt}. It is in your scoring queue.`,
      ],
      actionLabel: 'Score it',
    },
    appOrigin,
  );
  await tellPeople(
    trx,
    [authorOf(facts)],
    {
      organizationId: facts.organizationId,
      cohortId: facts.cohortId,
      kind: 'submission.submitted',
      title: `Your evidence for “${facts.credentialTitle}” is with the coach`,
      href: submissionHref(facts),
      paragraphs: [
        `Your evidence for “${facts.credentialTitle}” (attempt ${facts.attempt}) was submitted for scoring. You will hear as soon as the coach has scored it.`,
      ],
      actionLabel: 'See your submission',
    },
    appOrigin,
  );
}

/**
 * Opens the next attempt after "not yet": linked to the previous one, starting from its
 * text and evidence, while the earlier attempt keeps its score and feedback.
 */
export async function startNextAttempt(db: Executor, input: { submissionId: string }) {
  try {
    return await withTransaction(db, async (trx) => {
      const previous = await trx
        .selectFrom('submission')
        .select(['id', 'member_id', 'micro_credential_id', 'attempt', 'status', 'body'])
        .where('id', '=', input.submissionId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const next = await trx
        .selectFrom('submission')
        .select('id')
        .where('previous_submission_id', '=', previous.id)
        .executeTakeFirst();
      if (next) return { status: 'exists' as const, submissionId: next.id };
      if (previous.status !== 'not-yet') return { status: 'not-allowed' as const };
      const created = await trx
        .insertInto('submission')
        .values({
          member_id: previous.member_id,
          micro_credential_id: previous.micro_credential_id,
          attempt: previous.attempt + 1,
          previous_submission_id: previous.id,
          body: previous.body,
        })
        .returning(['id', 'attempt'])
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('evidence_item')
        .columns([
          'submission_id',
          'kind',
          'label',
          'url',
          'storage_key',
          'file_name',
          'content_type',
          'byte_size',
        ])
        .expression((eb) =>
          eb
            .selectFrom('evidence_item')
            .select([
              sql<string>`${created.id}::uuid`.as('submission_id'),
              'kind',
              'label',
              'url',
              'storage_key',
              'file_name',
              'content_type',
              'byte_size',
            ])
            .where('submission_id', '=', previous.id)
            .orderBy('created_at'),
        )
        .execute();
      return { status: 'started' as const, submissionId: created.id, attempt: created.attempt };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { status: 'not-allowed' as const };
    throw error;
  }
}
