import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { assessmentItemKinds, type Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { requireUser, type SessionUser } from '../auth/session.server';
import { administersOrganization, forbidden, notFound } from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import { getAssessmentWithItems } from './assessment.server';

type Executor = Kysely<Database>;

export const LOCKED_MESSAGE =
  'People have already answered this version, so changes that would alter their scores are refused. Copy it to a new version and edit that; cohorts that have not started yet will take the new version.';

/**
 * Org admins of the program's organization and coaches of any of its cohorts author its
 * assessment; everyone else gets a 403, and an unknown or malformed id a 404.
 */
export async function requireProgramAuthor(
  db: Executor,
  request: Request,
  programId: string | undefined,
): Promise<{ user: SessionUser; program: { id: string; title: string; organizationId: string } }> {
  const user = await requireUser(db, request);
  if (!isUuid(programId)) notFound('We could not find that program.');
  const program = await db
    .selectFrom('program')
    .select((eb) => [
      'program.id',
      'program.title',
      'program.organization_id as organizationId',
      eb
        .exists(
          eb
            .selectFrom('cohort_member')
            .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
            .select(sql`1`.as('one'))
            .whereRef('cohort.program_id', '=', 'program.id')
            .where('cohort_member.user_id', '=', user.id)
            .where('cohort_member.role', '=', 'coach')
            .where('cohort_member.status', '=', 'active'),
        )
        .as('coaches'),
    ])
    .where('program.id', '=', programId)
    .executeTakeFirst();
  if (!program) notFound('We could not find that program.');
  const isAdminHere = administersOrganization(user, program.organizationId);
  if (!isAdminHere && !program.coaches) {
    forbidden('Only org admins and the coaches of this program edit its assessment.');
  }
  return {
    user,
    program: { id: program.id, title: program.title, organizationId: program.organizationId },
  };
}

/** The program's newest assessment version with its items, the competencies, and the older versions. */
export async function getAuthoringView(db: Executor, programId: string) {
  const [competencies, versions] = await Promise.all([
    db
      .selectFrom('competency')
      .select(['id', 'code', 'title'])
      .where('program_id', '=', programId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('assessment')
      .select((eb) => [
        'assessment.id',
        'assessment.version',
        eb
          .selectFrom('cohort_assessment')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('cohort_assessment.assessment_id', '=', 'assessment.id')
          .as('cohorts'),
      ])
      .where('program_id', '=', programId)
      .orderBy('version', 'desc')
      .execute(),
  ]);
  const newest = versions[0];
  const assessment = newest ? await getAssessmentWithItems(db, newest.id) : null;
  return {
    competencies,
    assessment,
    versions: versions.map((version) => ({ ...version, cohorts: Number(version.cohorts ?? 0) })),
  };
}

const text = (max: number, message: string) =>
  z.string({ error: message }).trim().max(max, `Keep it under ${max} characters.`);

/** Marks one field of the item form as wrong and stops the transform there. */
function reject(context: z.RefinementCtx, field: string, message: string): never {
  context.addIssue({ code: 'custom', path: [field], message });
  return z.NEVER;
}

/** The fields of an item form; `levels` and `options` are fixed slots, blanks allowed. */
export const ItemFormSchema = z
  .object({
    kind: z.enum(assessmentItemKinds, { error: 'Choose what kind of question this is.' }),
    competencyId: z.uuid({ error: 'Choose the competency this question is about.' }),
    prompt: text(1000, 'Write the question.').min(1, 'Write the question.'),
    levels: z.array(text(300, 'Describe each level.')).length(4),
    options: z.array(text(300, 'Write each option as text.')).length(8),
    correct: z
      .array(z.coerce.number({ error: 'Mark right answers with the boxes.' }).int().min(0).max(7))
      .max(8),
  })
  .transform((value, context) => {
    const { kind } = value;
    if (kind === 'self-rating') {
      if (value.levels.some((level) => level === '')) {
        return reject(
          context,
          'levels',
          'Describe all four levels, from 1 (beginning) to 4 (leading).',
        );
      }
      return {
        kind,
        competencyId: value.competencyId,
        prompt: value.prompt,
        options: value.levels,
        correct: [],
      };
    }
    if (kind === 'open-text') {
      return {
        kind,
        competencyId: value.competencyId,
        prompt: value.prompt,
        options: [],
        correct: [],
      };
    }
    const filled = value.options.flatMap((option, index) =>
      option === '' ? [] : [{ option, index }],
    );
    if (filled.length < 2) {
      return reject(context, 'options', 'Give at least two options.');
    }
    const correct = filled.flatMap((entry, position) =>
      value.correct.includes(entry.index) ? [position] : [],
    );
    if (value.correct.some((index) => !filled.some((entry) => entry.index === index))) {
      return reject(context, 'correct', 'Only an option with text can be marked right.');
    }
    if (kind === 'single-choice' && correct.length !== 1) {
      return reject(context, 'correct', 'Mark exactly one option as the right answer.');
    }
    if (kind === 'multi-choice' && correct.length === 0) {
      return reject(context, 'correct', 'Mark at least one option as right.');
    }
    return {
      kind,
      competencyId: value.competencyId,
      prompt: value.prompt,
      options: filled.map((entry) => entry.option),
      correct,
    };
  });
export type ItemInput = z.output<typeof ItemFormSchema>;
export type ItemFieldErrors = Partial<
  Record<'kind' | 'competencyId' | 'prompt' | 'levels' | 'options' | 'correct' | 'form', string>
>;

/**
 * The question form as posted: fixed slots `level0`–`level3` and `option0`–`option7` (blanks
 * allowed), `correct` once per ticked box; read into the shape `ItemFormSchema` checks.
 */
export const ItemSubmissionSchema = z.preprocess((raw) => {
  const fields = (raw ?? {}) as Record<string, unknown>;
  const slot = (name: string, count: number) =>
    Array.from({ length: count }, (_, index) => fields[`${name}${index}`] ?? '');
  return {
    kind: fields.kind,
    competencyId: fields.competencyId,
    prompt: fields.prompt ?? '',
    levels: slot('level', 4),
    options: slot('option', 8),
    correct: fields.correct === undefined ? [] : [fields.correct].flat(),
  };
}, ItemFormSchema);

export type AuthoringOutcome =
  | { status: 'done'; message: string }
  | { status: 'invalid'; message: string; errors?: ItemFieldErrors };

async function lockedAssessment(db: Executor, programId: string) {
  return db
    .selectFrom('assessment')
    .select((eb) => [
      'assessment.id',
      'assessment.version',
      eb
        .exists(
          eb
            .selectFrom('assessment_response')
            .select(sql`1`.as('one'))
            .whereRef('assessment_response.assessment_id', '=', 'assessment.id'),
        )
        .as('hasResponses'),
    ])
    .where('program_id', '=', programId)
    .orderBy('version', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

async function competencyInProgram(db: Executor, programId: string, competencyId: string) {
  const row = await db
    .selectFrom('competency')
    .select('id')
    .where('id', '=', competencyId)
    .where('program_id', '=', programId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function createAssessment(
  db: Executor,
  input: { programId: string; organizationId: string; actorId: string; title: string },
): Promise<AuthoringOutcome> {
  return withTransaction(db, async (trx) => {
    const existing = await lockedAssessment(trx, input.programId);
    if (existing) return { status: 'invalid', message: 'This program already has an assessment.' };
    await trx
      .insertInto('assessment')
      .values({
        program_id: input.programId,
        version: 1,
        title: input.title,
        created_by: input.actorId,
      })
      .execute();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'assessment.created',
      targetType: 'program',
      targetId: input.programId,
    });
    return { status: 'done', message: 'The pre-assessment is created. Add its questions below.' };
  });
}

export async function addItem(
  db: Executor,
  input: { programId: string; item: ItemInput },
): Promise<AuthoringOutcome> {
  return withTransaction(db, async (trx) => {
    const assessment = await lockedAssessment(trx, input.programId);
    if (!assessment) return { status: 'invalid', message: 'Create the assessment first.' };
    if (assessment.hasResponses) return { status: 'invalid', message: LOCKED_MESSAGE };
    if (!(await competencyInProgram(trx, input.programId, input.item.competencyId))) {
      return {
        status: 'invalid',
        message: 'Choose a competency of this program.',
        errors: { competencyId: 'Choose a competency of this program.' },
      };
    }
    const last = await trx
      .selectFrom('assessment_item')
      .select(sql<number>`coalesce(max(position), 0)`.as('position'))
      .where('assessment_id', '=', assessment.id)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('assessment_item')
      .values({
        assessment_id: assessment.id,
        competency_id: input.item.competencyId,
        position: Number(last.position) + 1,
        kind: input.item.kind,
        prompt: input.item.prompt,
        options: input.item.options,
        correct: input.item.correct,
      })
      .execute();
    return { status: 'done', message: 'Question added.' };
  });
}

async function findItem(trx: Executor, assessmentId: string, itemId: string) {
  return trx
    .selectFrom('assessment_item')
    .select(['id', 'kind', 'options', 'correct', 'competency_id as competencyId', 'position'])
    .where('id', '=', itemId)
    .where('assessment_id', '=', assessmentId)
    .executeTakeFirst();
}

const sameList = <T>(a: T[], b: T[]) =>
  a.length === b.length && a.every((value, index) => value === b[index]);

export async function updateItem(
  db: Executor,
  input: { programId: string; itemId: string; item: ItemInput },
): Promise<AuthoringOutcome> {
  return withTransaction(db, async (trx) => {
    const assessment = await lockedAssessment(trx, input.programId);
    const current = assessment ? await findItem(trx, assessment.id, input.itemId) : undefined;
    if (!assessment || !current) {
      return { status: 'invalid', message: 'That question is not part of this assessment.' };
    }
    if (!(await competencyInProgram(trx, input.programId, input.item.competencyId))) {
      return {
        status: 'invalid',
        message: 'Choose a competency of this program.',
        errors: { competencyId: 'Choose a competency of this program.' },
      };
    }
    const changesScoring =
      current.kind !== input.item.kind ||
      current.competencyId !== input.item.competencyId ||
      !sameList(current.options, input.item.options) ||
      !sameList(current.correct, input.item.correct);
    if (assessment.hasResponses && changesScoring) {
      return { status: 'invalid', message: LOCKED_MESSAGE };
    }
    await trx
      .updateTable('assessment_item')
      .set({
        kind: input.item.kind,
        competency_id: input.item.competencyId,
        prompt: input.item.prompt,
        options: input.item.options,
        correct: input.item.correct,
      })
      .where('id', '=', current.id)
      .execute();
    return { status: 'done', message: 'Question saved.' };
  });
}

export async function deleteItem(
  db: Executor,
  input: { programId: string; itemId: string },
): Promise<AuthoringOutcome> {
  return withTransaction(db, async (trx) => {
    const assessment = await lockedAssessment(trx, input.programId);
    const current = assessment ? await findItem(trx, assessment.id, input.itemId) : undefined;
    if (!assessment || !current) {
      return { status: 'invalid', message: 'That question is not part of this assessment.' };
    }
    if (assessment.hasResponses) return { status: 'invalid', message: LOCKED_MESSAGE };
    await trx.deleteFrom('assessment_item').where('id', '=', current.id).execute();
    await trx
      .updateTable('assessment_item')
      .set({ position: sql`position - 1` })
      .where('assessment_id', '=', assessment.id)
      .where('position', '>', current.position)
      .execute();
    return { status: 'done', message: 'Question removed.' };
  });
}

/** Swaps a question with its neighbour; order does not change any score, so it is always allowed. */
export async function moveItem(
  db: Executor,
  input: { programId: string; itemId: string; direction: 'up' | 'down' },
): Promise<AuthoringOutcome> {
  return withTransaction(db, async (trx) => {
    const assessment = await lockedAssessment(trx, input.programId);
    const current = assessment ? await findItem(trx, assessment.id, input.itemId) : undefined;
    if (!assessment || !current) {
      return { status: 'invalid', message: 'That question is not part of this assessment.' };
    }
    const target = current.position + (input.direction === 'up' ? -1 : 1);
    const neighbour = await trx
      .selectFrom('assessment_item')
      .select('id')
      .where('assessment_id', '=', assessment.id)
      .where('position', '=', target)
      .executeTakeFirst();
    if (!neighbour) return { status: 'done', message: 'That question is already at the edge.' };
    await trx
      .updateTable('assessment_item')
      .set({ position: current.position })
      .where('id', '=', neighbour.id)
      .execute();
    await trx
      .updateTable('assessment_item')
      .set({ position: target })
      .where('id', '=', current.id)
      .execute();
    return { status: 'done', message: `Question moved ${input.direction}.` };
  });
}

/** Copies the newest version's items into a new version, which cohorts not yet started take. */
export async function copyToNewVersion(
  db: Executor,
  input: { programId: string; organizationId: string; actorId: string },
): Promise<AuthoringOutcome> {
  return withTransaction(db, async (trx) => {
    const assessment = await lockedAssessment(trx, input.programId);
    if (!assessment) return { status: 'invalid', message: 'Create the assessment first.' };
    const source = await trx
      .selectFrom('assessment')
      .select(['title', 'intro'])
      .where('id', '=', assessment.id)
      .executeTakeFirstOrThrow();
    const copy = await trx
      .insertInto('assessment')
      .values({
        program_id: input.programId,
        version: assessment.version + 1,
        title: source.title,
        intro: source.intro,
        created_by: input.actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('assessment_item')
      .columns([
        'assessment_id',
        'competency_id',
        'position',
        'kind',
        'prompt',
        'options',
        'correct',
      ])
      .expression((eb) =>
        eb
          .selectFrom('assessment_item')
          .select([
            sql<string>`${copy.id}::uuid`.as('assessment_id'),
            'competency_id',
            'position',
            'kind',
            'prompt',
            'options',
            'correct',
          ])
          .where('assessment_id', '=', assessment.id),
      )
      .execute();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'assessment.versioned',
      targetType: 'program',
      targetId: input.programId,
      after: { version: assessment.version + 1 },
    });
    return {
      status: 'done',
      message: `Version ${assessment.version + 1} is ready to edit. Cohorts that already started keep version ${assessment.version}.`,
    };
  });
}
