import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { isEditable } from './labels';
import type { Recipient } from './notices.server';

export type Executor = Kysely<Database>;

export const LIMITS = { links: 20, files: 10, bodyChars: 100_000 };

export async function getCohortContext(db: Executor, cohortId: string) {
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

export async function countItems(db: Executor, submissionId: string, kind: 'link' | 'file') {
  const row = await db
    .selectFrom('evidence_item')
    .select(sql<string>`count(*)`.as('count'))
    .where('submission_id', '=', submissionId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function lockEditable(trx: Transaction<Database>, submissionId: string) {
  const row = await trx
    .selectFrom('submission')
    .select(['id', 'status'])
    .where('id', '=', submissionId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return isEditable(row.status);
}

export async function touch(trx: Transaction<Database>, submissionId: string) {
  await trx
    .updateTable('submission')
    .set({ updated_at: new Date() })
    .where('id', '=', submissionId)
    .execute();
}

export async function getRecipients(db: Executor, memberIds: string[]): Promise<Recipient[]> {
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
