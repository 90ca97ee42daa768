import type { ExpressionBuilder } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Database } from '../../db/schema';
import { isUuid } from '../utils/ids';
import {
  type Executor,
  getCohortContext,
  iso,
  submissionsWithAuthor,
} from './submission-rows.server';

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
