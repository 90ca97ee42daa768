import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { tellPeople } from '../evidence/notices.server';
import {
  authorOf,
  getSubmissionFacts as getFacts,
  iso,
  submissionHref,
  submissionsWithAuthor,
} from '../evidence/submission-rows.server';
import { credentialOrigin } from '../credentials/open-badges.server';
import { recordEarnedMicroCredential } from '../credentials/issue.server';
import { isUniqueViolation } from '../../db/errors';

type Executor = Kysely<Database>;

/**
 * Submitted evidence waiting for a coach in this cohort, oldest first; a non-member's
 * submission joins only once its scoring fee is recorded as paid or waived.
 */
export async function getScoringQueue(db: Executor, cohortId: string) {
  const rows = await submissionsWithAuthor(db)
    .leftJoin('scoring_fee', 'scoring_fee.submission_id', 'submission.id')
    .where((eb) =>
      eb.or([eb('scoring_fee.status', 'is', null), eb('scoring_fee.status', '<>', 'due')]),
    )
    .select([
      'scoring_fee.status as feeStatus',
      'submission.id',
      'submission.attempt',
      'submission.submitted_at as submittedAt',
      'app_user.name as authorName',
      'micro_credential.title as credentialTitle',
      'micro_credential.code as credentialCode',
    ])
    .where('cohort_member.cohort_id', '=', cohortId)
    .where('submission.status', '=', 'submitted')
    .orderBy('submission.submitted_at')
    .orderBy('submission.id')
    .execute();
  return rows.map((row) => ({ ...row, submittedAt: iso(row.submittedAt)! }));
}

/** How many of this cohort's submissions wait for a scoring fee before a coach sees them. */
export async function countFeeDue(db: Executor, cohortId: string) {
  const row = await db
    .selectFrom('scoring_fee')
    .innerJoin('submission', 'submission.id', 'scoring_fee.submission_id')
    .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
    .select(sql<string>`count(*)`.as('count'))
    .where('cohort_member.cohort_id', '=', cohortId)
    .where('scoring_fee.status', '=', 'due')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Recently decided submissions, newest first, so a coach can see what was done. */
export async function getRecentDecisions(db: Executor, cohortId: string) {
  const rows = await submissionsWithAuthor(db)
    .select([
      'submission.id',
      'submission.attempt',
      'submission.status',
      'submission.decided_at as decidedAt',
      'app_user.name as authorName',
      'micro_credential.title as credentialTitle',
    ])
    .where('cohort_member.cohort_id', '=', cohortId)
    .where('submission.decided_at', 'is not', null)
    .orderBy('submission.decided_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((row) => ({ ...row, decidedAt: iso(row.decidedAt)! }));
}

const feedbackText = z
  .string()
  .trim()
  .max(10_000, 'Keep feedback under 10,000 characters.')
  .default('');

/** a field the rubric named, read from the parsed form */
function textOf(value: Record<string, unknown>, name: string) {
  const text = value[name];
  return typeof text === 'string' ? text : '';
}

/**
 * The scoring page's two forms for this rubric: returning the work as incomplete, or the
 * scores, which arrive as result-<criterionId> (meets | not-yet) and feedback-<criterionId>;
 * a form without an intent is the scores.
 */
export function scoringActionSchema(criteria: { id: string; title: string }[]) {
  const perCriterion: Record<string, z.ZodType<string>> = {};
  for (const criterion of criteria) {
    perCriterion[`result-${criterion.id}`] = z.enum(['meets', 'not-yet'], {
      error: `Choose “meets” or “not yet” for “${criterion.title}”.`,
    });
    perCriterion[`feedback-${criterion.id}`] = feedbackText;
  }
  return z.discriminatedUnion(
    'intent',
    [
      z.object({
        intent: z.literal('incomplete'),
        note: z
          .string({ error: 'Say what is missing, so they know what to add.' })
          .trim()
          .min(1, 'Say what is missing, so they know what to add.')
          .max(10_000, 'Keep the note under 10,000 characters.'),
      }),
      z
        .object({
          intent: z.literal('score').default('score'),
          ...perCriterion,
          feedback: z
            .string()
            .trim()
            .max(10_000, 'Keep the overall feedback under 10,000 characters.')
            .default(''),
        })
        .superRefine((value, ctx) => {
          for (const criterion of criteria) {
            if (
              textOf(value, `result-${criterion.id}`) === 'not-yet' &&
              !textOf(value, `feedback-${criterion.id}`)
            ) {
              ctx.addIssue({
                code: 'custom',
                path: [`feedback-${criterion.id}`],
                message: `Say what would make “${criterion.title}” meet the bar.`,
              });
            }
          }
        })
        .transform((value) => ({
          intent: 'score' as const,
          results: criteria.map((criterion) => ({
            criterionId: criterion.id,
            result:
              textOf(value, `result-${criterion.id}`) === 'meets'
                ? ('meets' as const)
                : ('not-yet' as const),
            feedback: textOf(value, `feedback-${criterion.id}`),
          })),
          feedback: value.feedback,
        })),
    ],
    { error: 'That change was not understood, so nothing changed. Reload the page and try again.' },
  );
}

async function whoDecided(db: Executor, submissionId: string) {
  const row = await db
    .selectFrom('submission')
    .leftJoin('score', 'score.submission_id', 'submission.id')
    .leftJoin('app_user', 'app_user.id', 'score.scorer_id')
    .select(['submission.status', 'app_user.name as scorerName'])
    .where('submission.id', '=', submissionId)
    .executeTakeFirst();
  return { status: row?.status ?? 'draft', scorerName: row?.scorerName ?? null };
}

export type ScoreOutcomeResult =
  | { status: 'scored'; outcome: 'earned' | 'not-yet' }
  | { status: 'already-decided'; decision: string; scorerName: string | null }
  | { status: 'criteria-changed' };

/**
 * Scores every criterion "meets" or "not yet": earned only when all meet. Only a
 * submission still waiting can be scored, and the score is unique per submission, so
 * of two coaches scoring at once one wins and the other is told who did.
 */
export async function scoreSubmission(
  db: Executor,
  input: {
    submissionId: string;
    scorerId: string;
    results: { criterionId: string; result: 'meets' | 'not-yet'; feedback: string }[];
    feedback: string;
    appOrigin: string | null;
  },
): Promise<ScoreOutcomeResult> {
  const outcome = input.results.every((result) => result.result === 'meets') ? 'earned' : 'not-yet';
  try {
    return await withTransaction(db, async (trx) => {
      // everything is checked before anything is written, so a refusal leaves no change
      // even when the caller's transaction (a once-only form) goes on to commit
      const current = await trx
        .selectFrom('submission')
        .select(['status', 'micro_credential_id as microCredentialId'])
        .where('id', '=', input.submissionId)
        .forUpdate()
        .executeTakeFirst();
      if (current?.status !== 'submitted') {
        const other = await whoDecided(trx, input.submissionId);
        return { status: 'already-decided', decision: other.status, scorerName: other.scorerName };
      }
      const criteria = await trx
        .selectFrom('rubric_criterion')
        .select('id')
        .where('micro_credential_id', '=', current.microCredentialId)
        .execute();
      const given = new Set(input.results.map((result) => result.criterionId));
      if (
        criteria.length !== given.size ||
        criteria.some((criterion) => !given.has(criterion.id))
      ) {
        return { status: 'criteria-changed' };
      }
      const now = new Date();
      await trx
        .updateTable('submission')
        .set({
          status: outcome,
          decided_at: now,
          earned_at: outcome === 'earned' ? now : null,
          updated_at: now,
        })
        .where('id', '=', input.submissionId)
        .execute();
      const score = await trx
        .insertInto('score')
        .values({
          submission_id: input.submissionId,
          scorer_id: input.scorerId,
          outcome,
          feedback: input.feedback,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('score_criterion')
        .values(
          input.results.map((result) => ({
            score_id: score.id,
            criterion_id: result.criterionId,
            result: result.result,
            feedback: result.feedback,
          })),
        )
        .execute();
      const facts = await getFacts(trx, input.submissionId);
      await recordAudit(trx, {
        organizationId: facts.organizationId,
        actorId: input.scorerId,
        action: 'submission.scored',
        targetType: 'submission',
        targetId: facts.id,
        after: { outcome, attempt: facts.attempt, author: facts.authorName },
      });
      if (outcome === 'earned') {
        await afterSubmissionEarned(trx, {
          submissionId: facts.id,
          scorerId: input.scorerId,
          appOrigin: input.appOrigin,
        });
      } else {
        const notMet = input.results.filter((result) => result.result === 'not-yet').length;
        await tellPeople(
          trx,
          [authorOf(facts)],
          {
            organizationId: facts.organizationId,
            cohortId: facts.cohortId,
            kind: 'submission.not_yet',
            title: `“${facts.credentialTitle}”: not yet — attempt ${facts.attempt + 1} is open`,
            href: submissionHref(facts),
            paragraphs: [
              `The coach scored your evidence for “${facts.credentialTitle}” (attempt ${facts.attempt}). ${notMet} ${notMet === 1 ? 'criterion does' : 'criteria do'} not meet the bar yet; the feedback says what would.`,
              `Start attempt ${facts.attempt + 1} from your evidence, revise it and submit again. Attempt ${facts.attempt} and its feedback are kept.`,
            ],
            actionLabel: 'Read the feedback',
          },
          input.appOrigin,
        );
      }
      return { status: 'scored', outcome };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const other = await whoDecided(db, input.submissionId);
      return { status: 'already-decided', decision: other.status, scorerName: other.scorerName };
    }
    throw error;
  }
}

/** Returns a submission without scoring because something required is missing. */
export async function returnIncomplete(
  db: Executor,
  input: { submissionId: string; scorerId: string; note: string; appOrigin: string | null },
) {
  return withTransaction(db, async (trx) => {
    const returned = await trx
      .updateTable('submission')
      .set({ status: 'incomplete', decided_at: new Date(), updated_at: new Date() })
      .where('id', '=', input.submissionId)
      .where('status', '=', 'submitted')
      .returning('id')
      .executeTakeFirst();
    if (!returned) {
      const other = await whoDecided(trx, input.submissionId);
      return {
        status: 'already-decided' as const,
        decision: other.status,
        scorerName: other.scorerName,
      };
    }
    await trx
      .insertInto('submission_return')
      .values({ submission_id: input.submissionId, returned_by: input.scorerId, note: input.note })
      .execute();
    const facts = await getFacts(trx, input.submissionId);
    await recordAudit(trx, {
      organizationId: facts.organizationId,
      actorId: input.scorerId,
      action: 'submission.returned_incomplete',
      targetType: 'submission',
      targetId: facts.id,
      after: { attempt: facts.attempt, author: facts.authorName },
    });
    await tellPeople(
      trx,
      [authorOf(facts)],
      {
        organizationId: facts.organizationId,
        cohortId: facts.cohortId,
        kind: 'submission.incomplete',
        title: `“${facts.credentialTitle}” came back incomplete`,
        href: submissionHref(facts),
        paragraphs: [
          `The coach returned your evidence for “${facts.credentialTitle}” without scoring it, because something required is missing: ${input.note}`,
          'Add what is missing and submit it again; it stays the same attempt.',
        ],
        actionLabel: 'Open your evidence',
      },
      input.appOrigin,
    );
    return { status: 'returned' as const };
  });
}

/**
 * Everything that follows a submission becoming "earned", inside the scoring
 * transaction: for now the author's notice and email. Hours and the verifiable
 * credential are issued from here too, so they exist exactly when the score does.
 */
export async function afterSubmissionEarned(
  trx: Transaction<Database>,
  input: { submissionId: string; scorerId: string; appOrigin: string | null },
) {
  // hours and the signed credential are written in the same transaction as the score
  await recordEarnedMicroCredential(trx, {
    submissionId: input.submissionId,
    actorId: input.scorerId,
    origin: input.appOrigin === null ? null : credentialOrigin(input.appOrigin),
  });
  const facts = await getFacts(trx, input.submissionId);
  await tellPeople(
    trx,
    [authorOf(facts)],
    {
      organizationId: facts.organizationId,
      cohortId: facts.cohortId,
      kind: 'submission.earned',
      title: `You earned “${facts.credentialTitle}”`,
      href: submissionHref(facts),
      paragraphs: [
        `Congratulations: every criterion of “${facts.credentialTitle}” meets the bar (attempt ${facts.attempt}). The coach’s feedback is on the page.`,
      ],
      actionLabel: 'See the result',
    },
    input.appOrigin,
  );
}
