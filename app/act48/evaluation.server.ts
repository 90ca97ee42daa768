import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { toCsv, type CsvValue } from '../utils/csv.server';
import { dayIn } from '../utils/dates';
import { savableText } from '../utils/savable-text.server';
import { EVALUATION_STATEMENTS, RATING_LABELS } from './evaluation';

type Executor = Kysely<Database>;

const rating = z.coerce
  .number({ error: 'Choose one answer.' })
  .int('Choose one answer.')
  .min(1, 'Choose one answer.')
  .max(5, 'Choose one answer.');

const freeText = savableText()
  .trim()
  .max(2000, 'Keep this answer under 2,000 characters.')
  .optional()
  .transform((value) => value ?? '');

export const EvaluationSchema = z.object({
  objectivesMet: rating,
  relevant: rating,
  wellLed: rating,
  helpfulActivities: rating,
  willApply: rating,
  applyPlan: freeText,
  improvements: freeText,
});

export type EvaluationAnswers = z.infer<typeof EvaluationSchema>;

export async function getOwnEvaluation(db: Executor, input: { cohortId: string; userId: string }) {
  return db
    .selectFrom('program_evaluation')
    .select(['id', 'submitted_at as submittedAt'])
    .where('cohort_id', '=', input.cohortId)
    .where('user_id', '=', input.userId)
    .executeTakeFirst();
}

/**
 * Saves a participant's evaluation, once: a second one changes nothing. Its arrival is what
 * releases their hours held for it, so nothing in the ledger changes either.
 */
export async function saveEvaluation(
  db: Executor,
  input: { cohortId: string; organizationId: string; userId: string; answers: EvaluationAnswers },
): Promise<'saved' | 'already'> {
  return withTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('program_evaluation')
      .values({
        cohort_id: input.cohortId,
        user_id: input.userId,
        objectives_met: input.answers.objectivesMet,
        relevant: input.answers.relevant,
        well_led: input.answers.wellLed,
        helpful_activities: input.answers.helpfulActivities,
        will_apply: input.answers.willApply,
        apply_plan: input.answers.applyPlan,
        improvements: input.answers.improvements,
      })
      .onConflict((oc) => oc.columns(['cohort_id', 'user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return 'already';
    // the answers stay out of the audit log so an anonymous export stays anonymous
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.userId,
      action: 'evaluation.submitted',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: { evaluationId: row.id },
    });
    return 'saved';
  });
}

/** The cohort's evaluations; anonymous leaves out who and when, and orders by a random key. */
export async function evaluationsCsv(
  db: Executor,
  input: { cohortId: string; anonymous: boolean; timeZone: string },
) {
  const rows = await db
    .selectFrom('program_evaluation')
    .innerJoin('app_user', 'app_user.id', 'program_evaluation.user_id')
    .selectAll('program_evaluation')
    .select(['app_user.name', 'app_user.email'])
    .where('program_evaluation.cohort_id', '=', input.cohortId)
    // ids are random, so this order says nothing about who answered when
    .orderBy(input.anonymous ? 'program_evaluation.id' : 'app_user.name')
    .execute();
  const statementHeaders = EVALUATION_STATEMENTS.map((statement) => statement.text);
  const header: CsvValue[] = input.anonymous
    ? [...statementHeaders, 'What I will apply', 'How it could be better']
    : [
        'Name',
        'Email',
        'Submitted',
        ...statementHeaders,
        'What I will apply',
        'How it could be better',
      ];
  const lines: CsvValue[][] = [header];
  for (const row of rows) {
    const ratings = EVALUATION_STATEMENTS.map((statement) => {
      const value = row[statement.column];
      return `${value} ${RATING_LABELS[value - 1] ?? ''}`.trim();
    });
    const who: CsvValue[] = input.anonymous
      ? []
      : [
          row.name,
          row.email,
          // one formatter for the zone, kept, instead of one built per row
          dayIn(new Date(row.submitted_at), input.timeZone),
        ];
    lines.push([...who, ...ratings, row.apply_plan, row.improvements]);
  }
  return { csv: toCsv(lines), count: rows.length };
}
