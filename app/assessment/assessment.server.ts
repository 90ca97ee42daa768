import { sql, type Kysely } from 'kysely';
import type { AssessmentItemKind, Database } from '../../db/schema';
import type { ScoredItem } from './scoring.server';

type Executor = Kysely<Database>;

export interface AssessmentItemView {
  id: string;
  position: number;
  kind: AssessmentItemKind;
  prompt: string;
  options: string[];
  correct: number[];
  competencyId: string;
  competencyCode: string;
  competencyTitle: string;
}

export function toScoredItem(item: AssessmentItemView): ScoredItem {
  return {
    id: item.id,
    competencyId: item.competencyId,
    kind: item.kind,
    optionCount: item.options.length,
    correct: item.correct,
  };
}

/**
 * The assessment a cohort takes: the version pinned when its first participant started,
 * or else the program's newest version. Null when the program has none.
 */
export async function getCohortAssessmentId(db: Executor, cohortId: string) {
  const row = await db
    .selectFrom('cohort')
    .leftJoin('cohort_assessment', 'cohort_assessment.cohort_id', 'cohort.id')
    .select((eb) => [
      'cohort_assessment.assessment_id as pinned',
      eb
        .selectFrom('assessment')
        .select('assessment.id')
        .whereRef('assessment.program_id', '=', 'cohort.program_id')
        .orderBy('assessment.version', 'desc')
        .limit(1)
        .as('newest'),
    ])
    .where('cohort.id', '=', cohortId)
    .executeTakeFirst();
  return row?.pinned ?? row?.newest ?? null;
}

/** Pins the version a cohort takes (first start wins) and returns it. */
export async function pinCohortAssessment(db: Executor, cohortId: string) {
  const assessmentId = await getCohortAssessmentId(db, cohortId);
  if (!assessmentId) return null;
  await db
    .insertInto('cohort_assessment')
    .values({ cohort_id: cohortId, assessment_id: assessmentId })
    .onConflict((oc) => oc.column('cohort_id').doNothing())
    .execute();
  const pinned = await db
    .selectFrom('cohort_assessment')
    .select('assessment_id')
    .where('cohort_id', '=', cohortId)
    .executeTakeFirstOrThrow();
  return pinned.assessment_id;
}

/** The assessment with its items in order, each with its competency, in one query. */
export async function getAssessmentWithItems(db: Executor, assessmentId: string) {
  const row = await db
    .selectFrom('assessment')
    .select((eb) => [
      'assessment.id',
      'assessment.program_id as programId',
      'assessment.version',
      'assessment.title',
      'assessment.intro',
      eb
        .exists(
          eb
            .selectFrom('assessment_response')
            .select(sql`1`.as('one'))
            .whereRef('assessment_response.assessment_id', '=', 'assessment.id'),
        )
        .as('hasResponses'),
      sql<AssessmentItemView[]>`coalesce((
        select json_agg(json_build_object(
          'id', i.id, 'position', i.position, 'kind', i.kind, 'prompt', i.prompt,
          'options', to_jsonb(i.options), 'correct', to_jsonb(i.correct),
          'competencyId', c.id, 'competencyCode', c.code, 'competencyTitle', c.title
        ) order by i.position)
        from assessment_item i join competency c on c.id = i.competency_id
        where i.assessment_id = assessment.id
      ), '[]'::json)`.as('items'),
    ])
    .where('assessment.id', '=', assessmentId)
    .executeTakeFirst();
  return row ?? null;
}

export type AssessmentWithItems = NonNullable<Awaited<ReturnType<typeof getAssessmentWithItems>>>;

/** The active participant membership of a person in a cohort, or null. */
export async function getParticipantMembership(
  db: Executor,
  input: { cohortId: string; userId: string },
) {
  const row = await db
    .selectFrom('cohort_member')
    .select(['id', 'status'])
    .where('cohort_id', '=', input.cohortId)
    .where('user_id', '=', input.userId)
    .where('role', '=', 'participant')
    .where('status', 'in', ['active', 'completed'])
    .executeTakeFirst();
  return row ?? null;
}
