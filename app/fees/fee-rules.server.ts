import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { isMemberOn } from '../people/membership';
import { todayIn } from '../pathway/progress.server';

type Executor = Kysely<Database>;

export { formatFee } from './format';

/**
 * What scoring this attempt would cost its author: nothing for a member of the organization on
 * today's date (in the organization's time zone), nothing when the organization charges no
 * fee, and nothing when an earlier attempt at the same micro-credential already carried one
 * (the fee is per micro-credential, as NEA charges it). Otherwise the organization's fee.
 */
export async function getFeeOwed(
  db: Executor,
  input: { userId: string; memberId: string; microCredentialId: string; submissionId: string },
): Promise<{ amountCents: number } | null> {
  const person = await db
    .selectFrom('app_user')
    .innerJoin('organization', 'organization.id', 'app_user.organization_id')
    .select([
      'app_user.member_since',
      'app_user.member_until',
      'organization.timezone',
      'organization.nonmember_fee_cents as feeCents',
    ])
    .where('app_user.id', '=', input.userId)
    .executeTakeFirstOrThrow();
  if (isMemberOn(person, todayIn(person.timezone))) return null;
  if (person.feeCents <= 0) return null;
  const earlier = await db
    .selectFrom('scoring_fee')
    .innerJoin('submission', 'submission.id', 'scoring_fee.submission_id')
    .select('scoring_fee.id')
    .where('submission.member_id', '=', input.memberId)
    .where('submission.micro_credential_id', '=', input.microCredentialId)
    .where('submission.id', '<>', input.submissionId)
    .executeTakeFirst();
  if (earlier) return null;
  return { amountCents: person.feeCents };
}

/** The fee recorded for one submission, if any. */
export async function getSubmissionFee(db: Executor, submissionId: string) {
  const row = await db
    .selectFrom('scoring_fee')
    .select([
      'id',
      'status',
      'amount_cents as amountCents',
      'receipt_reference as receiptReference',
      'waived_reason as waivedReason',
      'recorded_at as recordedAt',
      'created_at as createdAt',
    ])
    .where('submission_id', '=', submissionId)
    .executeTakeFirst();
  return row
    ? {
        ...row,
        recordedAt: row.recordedAt ? new Date(row.recordedAt).toISOString() : null,
        createdAt: new Date(row.createdAt).toISOString(),
      }
    : null;
}

/** Whether the submission waits for its fee, so no coach may score it yet. */
export async function isFeeDue(db: Executor, submissionId: string) {
  const row = await db
    .selectFrom('scoring_fee')
    .select('id')
    .where('submission_id', '=', submissionId)
    .where('status', '=', 'due')
    .executeTakeFirst();
  return row !== undefined;
}
