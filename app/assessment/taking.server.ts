import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import {
  getAssessmentWithItems,
  getCohortAssessmentId,
  pinCohortAssessment,
  toScoredItem,
  type AssessmentItemView,
} from './assessment.server';
import { hasContent, scoreCompetencies, type GivenAnswer } from './scoring.server';

type Executor = Kysely<Database>;

export interface SavedAnswer extends GivenAnswer {
  updatedAt: string;
}

/** One participant's own response, answers included; never anyone else's. */
async function getOwnResponse(db: Executor, memberId: string) {
  const row = await db
    .selectFrom('assessment_response')
    .select((eb) => [
      'assessment_response.id',
      'assessment_response.assessment_id as assessmentId',
      'assessment_response.submitted_at as submittedAt',
      'assessment_response.updated_at as updatedAt',
      sql<
        {
          itemId: string;
          rating: number | null;
          choices: number[] | null;
          text: string | null;
          updatedAt: string;
        }[]
      >`coalesce((
        select json_agg(json_build_object('itemId', a.item_id, 'rating', a.rating,
          'choices', to_jsonb(a.choices), 'text', a.text_answer, 'updatedAt', a.updated_at))
        from assessment_answer a where a.response_id = ${eb.ref('assessment_response.id')}
      ), '[]'::json)`.as('answers'),
    ])
    .where('assessment_response.member_id', '=', memberId)
    .executeTakeFirst();
  return row ?? null;
}

/** What a participant sees of the pre-assessment: the items, their own answers, their profile. */
export async function getTakingState(db: Executor, input: { cohortId: string; memberId: string }) {
  const response = await getOwnResponse(db, input.memberId);
  const assessmentId = response?.assessmentId ?? (await getCohortAssessmentId(db, input.cohortId));
  const assessment = assessmentId ? await getAssessmentWithItems(db, assessmentId) : null;
  if (!assessment) return null;
  const answers: SavedAnswer[] = (response?.answers ?? []).map((answer) => ({
    ...answer,
    updatedAt: new Date(answer.updatedAt).toISOString(),
  }));
  const answered = new Set(answers.filter(hasContent).map((answer) => answer.itemId));
  const submittedAt = response?.submittedAt ? new Date(response.submittedAt).toISOString() : null;
  return {
    assessment,
    answers,
    answeredCount: assessment.items.filter((item) => answered.has(item.id)).length,
    answeredItemIds: [...answered],
    submittedAt,
  };
}

/** The participant's own competency profile, once they have submitted. */
export function profileOf(state: NonNullable<Awaited<ReturnType<typeof getTakingState>>>) {
  const competencies = new Map<string, { id: string; code: string; title: string }>();
  for (const item of state.assessment.items) {
    competencies.set(item.competencyId, {
      id: item.competencyId,
      code: item.competencyCode,
      title: item.competencyTitle,
    });
  }
  const list = [...competencies.values()];
  const scores = scoreCompetencies(
    list.map((competency) => competency.id),
    state.assessment.items.map(toScoredItem),
    state.answers,
  );
  return list.map((competency, index) => ({ ...competency, ...scores[index]! }));
}

const CHOOSE_AN_OPTION = 'Choose one of the listed options.';
const CHOOSE_A_LEVEL = 'Choose a level from 1 to 4.';

// numbers arrive as text; parseWithZod turns them into numbers, and an empty one into nothing
const choiceIndex = z
  .number({ error: CHOOSE_AN_OPTION })
  .int(CHOOSE_AN_OPTION)
  .min(0, CHOOSE_AN_OPTION)
  .max(7, CHOOSE_AN_OPTION);

/** One answer as the question form posts it: each ticked option is a repeated `choice` field. */
export const AnswerSchema = z.object({
  itemId: z.uuid({ error: 'That question is not part of this pre-assessment.' }),
  rating: z
    .number({ error: CHOOSE_A_LEVEL })
    .int(CHOOSE_A_LEVEL)
    .min(1, CHOOSE_A_LEVEL)
    .max(4, CHOOSE_A_LEVEL)
    .optional(),
  choice: z.array(choiceIndex).max(8, 'Choose at most eight options.'),
  text: z
    .string({ error: 'Write your answer as text.' })
    .max(5000, 'Keep it under 5,000 characters.')
    .optional(),
});
export type AnswerInput = z.infer<typeof AnswerSchema>;

type AnswerValues = Pick<GivenAnswer, 'rating' | 'choices' | 'text'>;

/** The stored form of an answer, or why it does not fit the item. */
export function answerFor(
  item: Pick<AssessmentItemView, 'kind' | 'options'>,
  input: AnswerInput,
): { ok: true; values: AnswerValues } | { ok: false; message: string } {
  const misfit = { ok: false as const, message: 'That answer does not fit this question.' };
  const choices = [...new Set(input.choice)];
  switch (item.kind) {
    case 'self-rating':
      if (choices.length > 0 || input.text) return misfit;
      return { ok: true, values: { rating: input.rating ?? null, choices: null, text: null } };
    case 'single-choice':
    case 'multi-choice':
      if (input.rating !== undefined || input.text) return misfit;
      if (item.kind === 'single-choice' && choices.length > 1) {
        return { ok: false, message: 'Choose only one option for this question.' };
      }
      if (choices.some((choice) => choice >= item.options.length)) {
        return { ok: false, message: 'Choose one of the listed options.' };
      }
      return {
        ok: true,
        values: { rating: null, choices: choices.sort((a, b) => a - b), text: null },
      };
    case 'open-text': {
      if (input.rating !== undefined || choices.length > 0) return misfit;
      const text = (input.text ?? '').replace(/\r\n/g, '\n');
      return { ok: true, values: { rating: null, choices: null, text: text.trim() ? text : null } };
    }
  }
}

export type SaveOutcome =
  | { status: 'saved'; savedAt: string; position: number; total: number }
  | { status: 'invalid'; message: string };

async function cohortIsAssessing(db: Executor, cohortId: string) {
  const row = await db
    .selectFrom('cohort')
    .select('status')
    .where('id', '=', cohortId)
    .forShare()
    .executeTakeFirst();
  return row?.status === 'assessing';
}

/**
 * Saves one answer as the participant goes. The item must belong to the version this
 * cohort takes; a submitted response no longer changes.
 */
export async function saveAnswer(
  db: Executor,
  input: { cohortId: string; memberId: string; answer: AnswerInput },
): Promise<SaveOutcome> {
  return withTransaction(db, async (trx) => {
    if (!(await cohortIsAssessing(trx, input.cohortId))) {
      return {
        status: 'invalid',
        message: 'The pre-assessment is not open, so nothing was saved.',
      };
    }
    const assessmentId = await pinCohortAssessment(trx, input.cohortId);
    if (!assessmentId) {
      return { status: 'invalid', message: 'This program has no pre-assessment yet.' };
    }
    const item = await trx
      .selectFrom('assessment_item')
      .select((eb) => [
        'id',
        'kind',
        'options',
        'position',
        eb
          .selectFrom('assessment_item as sibling')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('sibling.assessment_id', '=', 'assessment_item.assessment_id')
          .as('total'),
      ])
      .where('id', '=', input.answer.itemId)
      .where('assessment_id', '=', assessmentId)
      .executeTakeFirst();
    if (!item) {
      return { status: 'invalid', message: 'That question is not part of this pre-assessment.' };
    }
    const fitted = answerFor(item, input.answer);
    if (!fitted.ok) return { status: 'invalid', message: fitted.message };

    await trx
      .insertInto('assessment_response')
      .values({ cohort_id: input.cohortId, assessment_id: assessmentId, member_id: input.memberId })
      .onConflict((oc) => oc.column('member_id').doNothing())
      .execute();
    // lock the response so a submit in another tab cannot slip between the check and the write
    const response = await trx
      .selectFrom('assessment_response')
      .select(['id', 'submitted_at as submittedAt'])
      .where('member_id', '=', input.memberId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (response.submittedAt) {
      return {
        status: 'invalid',
        message: 'You have already submitted the pre-assessment, so answers no longer change.',
      };
    }
    const now = new Date();
    await trx
      .insertInto('assessment_answer')
      .values({
        response_id: response.id,
        assessment_id: assessmentId,
        item_id: item.id,
        rating: fitted.values.rating,
        choices: fitted.values.choices,
        text_answer: fitted.values.text,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['response_id', 'item_id']).doUpdateSet({
          rating: fitted.values.rating,
          choices: fitted.values.choices,
          text_answer: fitted.values.text,
          updated_at: now,
        }),
      )
      .execute();
    await trx
      .updateTable('assessment_response')
      .set({ updated_at: now })
      .where('id', '=', response.id)
      .execute();
    return {
      status: 'saved',
      savedAt: now.toISOString(),
      position: item.position,
      total: Number(item.total ?? 0),
    };
  });
}

export type SubmitOutcome =
  | { status: 'submitted' }
  | { status: 'already-submitted' }
  | { status: 'invalid'; message: string };

/** Submits once; afterwards the participant sees their profile and the coach their scores. */
export async function submitResponse(
  db: Executor,
  input: { cohortId: string; memberId: string },
): Promise<SubmitOutcome> {
  return withTransaction(db, async (trx) => {
    if (!(await cohortIsAssessing(trx, input.cohortId))) {
      return { status: 'invalid', message: 'The pre-assessment is not open.' };
    }
    const response = await trx
      .selectFrom('assessment_response')
      .select((eb) => [
        'id',
        'submitted_at as submittedAt',
        eb
          .selectFrom('assessment_answer')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('assessment_answer.response_id', '=', 'assessment_response.id')
          .where((inner) =>
            inner.or([
              inner('assessment_answer.rating', 'is not', null),
              inner(sql`cardinality(assessment_answer.choices)`, '>', 0),
              inner('assessment_answer.text_answer', 'is not', null),
            ]),
          )
          .as('answered'),
      ])
      .where('member_id', '=', input.memberId)
      .where('cohort_id', '=', input.cohortId)
      .forUpdate()
      .executeTakeFirst();
    if (!response || Number(response.answered ?? 0) === 0) {
      return { status: 'invalid', message: 'Answer at least one question before submitting.' };
    }
    if (response.submittedAt) return { status: 'already-submitted' };
    await trx
      .updateTable('assessment_response')
      .set({ submitted_at: new Date() })
      .where('id', '=', response.id)
      .execute();
    return { status: 'submitted' };
  });
}
