import { formatFee, getFeeOwed } from '../fees/fee-rules.server';
import { sql } from 'kysely';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { isUuid } from '../utils/ids';
import { tellPeople } from './notices.server';
import { isUniqueViolation } from '../../db/errors';
import {
  type Executor,
  getCohortContext,
  countItems,
  lockEditable,
  getStaffRecipients,
  getSubmissionFacts,
  type SubmissionFacts,
  submissionHref,
  authorOf,
} from './submission-rows.server';

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
