import { parseWithZod } from '@conform-to/zod/v4';
import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database, ProgramStatus } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { requireUser, type SessionUser } from '../auth/session.server';
import { forbidden, notFound } from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import { DRAFT_ONLY, lockDraftProgram } from './drafts.server';
import { CompetenciesSchema, ProgramSchema } from './schemas.server';

type Executor = Kysely<Database>;

export const AUTHORS_ONLY =
  'Programs are written by your organization’s admins and the people they allow to author.';

/** Org admins and people with "may author" write their organization's programs. */
export async function requireAuthor(db: Executor, request: Request): Promise<SessionUser> {
  const user = await requireUser(db, request);
  const row = await db
    .selectFrom('app_user')
    .select(['is_org_admin', 'may_author'])
    .where('id', '=', user.id)
    .executeTakeFirst();
  if (!row || !(row.is_org_admin || row.may_author)) forbidden(AUTHORS_ONLY);
  return user;
}

export interface AuthoredProgram {
  id: string;
  organizationId: string;
  title: string;
  status: ProgramStatus;
  lineageId: string;
  version: number;
}

/** The author and the program, which must belong to the author's organization. */
export async function requireAuthoredProgram(
  db: Executor,
  request: Request,
  programId: string | undefined,
) {
  const user = await requireAuthor(db, request);
  if (!isUuid(programId)) notFound('We could not find that program.');
  const program = await db
    .selectFrom('program')
    .select([
      'id',
      'organization_id as organizationId',
      'title',
      'status',
      'lineage_id as lineageId',
      'version',
    ])
    .where('id', '=', programId)
    .where('organization_id', '=', user.organizationId)
    .executeTakeFirst();
  if (!program) notFound('We could not find that program.');
  return { user, program: program as AuthoredProgram };
}

/** Every program of the organization, each lineage with its versions, newest first. */
export async function listAuthoredPrograms(db: Executor, organizationId: string) {
  const rows = await db
    .selectFrom('program')
    .select((eb) => [
      'program.id',
      'program.title',
      'program.status',
      'program.version',
      'program.lineage_id as lineageId',
      'program.published_at as publishedAt',
      eb
        .selectFrom('cohort')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('cohort.program_id', '=', 'program.id')
        .as('cohorts'),
    ])
    .where('program.organization_id', '=', organizationId)
    .orderBy('program.title')
    .orderBy('program.version', 'desc')
    .limit(500)
    .execute();
  const lineages = new Map<string, { lineageId: string; title: string; versions: typeof rows }>();
  for (const row of rows) {
    const lineage = lineages.get(row.lineageId) ?? {
      lineageId: row.lineageId,
      title: row.title,
      versions: [],
    };
    lineage.versions.push(row);
    lineages.set(row.lineageId, lineage);
  }
  return [...lineages.values()].map((lineage) => ({
    ...lineage,
    title: lineage.versions[0]!.title,
    versions: lineage.versions.map((version) => ({
      ...version,
      cohorts: Number(version.cohorts ?? 0),
    })),
  }));
}

export async function getOrganizationHourDefaults(db: Executor, organizationId: string) {
  const row = await db
    .selectFrom('organization')
    .select(['default_completion_hours', 'default_attainment_hours'])
    .where('id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return {
    hoursForCompleting: Number(row.default_completion_hours),
    hoursForAttaining: Number(row.default_attainment_hours),
  };
}

/** The whole program as its editor shows it. */
export async function getProgramForEditing(db: Executor, programId: string) {
  const program = await db
    .selectFrom('program')
    .select((eb) => [
      'program.id',
      'program.title',
      'program.summary',
      'program.description',
      'program.topics',
      'program.outcomes',
      'program.audiences',
      'program.grade_levels as gradeLevels',
      'program.format',
      'program.hours_per_credential as hoursPerCredential',
      'program.hours_for_completing as hoursForCompleting',
      'program.hours_for_attaining as hoursForAttaining',
      'program.status',
      'program.version',
      'program.lineage_id as lineageId',
      'program.published_at as publishedAt',
      'program.retired_at as retiredAt',
      jsonArrayFrom(
        eb
          .selectFrom('competency')
          .select(['id', 'code', 'title', 'description'])
          .whereRef('competency.program_id', '=', 'program.id')
          .orderBy('position'),
      ).as('competencies'),
      jsonArrayFrom(
        eb
          .selectFrom('module')
          .select(['id', 'title', 'kind', 'minutes', 'position'])
          .whereRef('module.program_id', '=', 'program.id')
          .orderBy('position'),
      ).as('modules'),
      jsonArrayFrom(
        eb
          .selectFrom('micro_credential')
          .select((inner) => [
            'micro_credential.id',
            'micro_credential.code',
            'micro_credential.title',
            'micro_credential.hours',
            inner
              .selectFrom('rubric_criterion')
              .select(sql<string>`count(*)`.as('n'))
              .whereRef('rubric_criterion.micro_credential_id', '=', 'micro_credential.id')
              .as('criteria'),
          ])
          .whereRef('micro_credential.program_id', '=', 'program.id')
          .orderBy('position'),
      ).as('credentials'),
      eb
        .selectFrom('cohort')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('cohort.program_id', '=', 'program.id')
        .as('cohorts'),
    ])
    .where('program.id', '=', programId)
    .executeTakeFirst();
  if (!program) return null;
  const versions = await db
    .selectFrom('program')
    .select(['id', 'version', 'status'])
    .where('lineage_id', '=', program.lineageId)
    .orderBy('version', 'desc')
    .execute();
  return {
    ...program,
    hoursPerCredential: Number(program.hoursPerCredential),
    hoursForCompleting: Number(program.hoursForCompleting),
    hoursForAttaining: Number(program.hoursForAttaining),
    cohorts: Number(program.cohorts ?? 0),
    credentials: program.credentials.map((credential) => ({
      ...credential,
      hours: Number(credential.hours),
      criteria: Number(credential.criteria ?? 0),
    })),
    versions,
  };
}

export type ProgramForEditing = NonNullable<Awaited<ReturnType<typeof getProgramForEditing>>>;

/** the program's fields as its form shows them */
export function programFormValues(program: ProgramForEditing) {
  return {
    title: program.title,
    summary: program.summary,
    description: program.description,
    topics: program.topics.join('\n'),
    outcomes: program.outcomes.join('\n'),
    audiences: program.audiences,
    gradeLevels: program.gradeLevels,
    format: program.format,
    hoursPerCredential: String(program.hoursPerCredential),
    hoursForCompleting: String(program.hoursForCompleting),
    hoursForAttaining: String(program.hoursForAttaining),
  };
}

function programRow(values: ReturnType<typeof ProgramSchema.parse>) {
  return {
    title: values.title,
    summary: values.summary,
    description: values.description,
    topics: values.topics,
    outcomes: values.outcomes,
    audiences: values.audiences,
    grade_levels: values.gradeLevels,
    format: values.format,
    hours_per_credential: values.hoursPerCredential,
    hours_for_completing: values.hoursForCompleting,
    hours_for_attaining: values.hoursForAttaining,
  };
}

/** Creates version 1 of a new program, as a draft. */
export async function createProgram(db: Executor, form: FormData, user: SessionUser) {
  const submission = parseWithZod(form, { schema: ProgramSchema });
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply() };
  }
  const program = await withTransaction(db, async (trx) => {
    const created = await trx
      .insertInto('program')
      .values({
        ...programRow(submission.value),
        organization_id: user.organizationId,
        status: 'draft',
        version: 1,
        created_by: user.id,
      })
      .returning(['id', 'lineage_id'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: 'program.created',
      targetType: 'program',
      targetId: created.id,
      after: submission.value,
    });
    return created;
  });
  return { status: 'saved' as const, programId: program.id };
}

export async function updateProgram(
  db: Executor,
  form: FormData,
  input: { user: SessionUser; program: AuthoredProgram },
) {
  const submission = parseWithZod(form, { schema: ProgramSchema });
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply() };
  }
  return withTransaction(db, async (trx) => {
    if (!(await lockDraftProgram(trx, input.program.id))) {
      return {
        status: 'invalid' as const,
        result: submission.reply({ formErrors: [DRAFT_ONLY] }),
      };
    }
    const before = await trx
      .selectFrom('program')
      .select([
        'title',
        'summary',
        'description',
        'topics',
        'outcomes',
        'audiences',
        'grade_levels',
        'format',
        'hours_per_credential',
        'hours_for_completing',
        'hours_for_attaining',
      ])
      .where('id', '=', input.program.id)
      .executeTakeFirstOrThrow();
    const row = programRow(submission.value);
    await trx.updateTable('program').set(row).where('id', '=', input.program.id).execute();
    await recordAudit(trx, {
      organizationId: input.program.organizationId,
      actorId: input.user.id,
      action: 'program.updated',
      targetType: 'program',
      targetId: input.program.id,
      before,
      after: submission.value,
    });
    return { status: 'saved' as const };
  });
}

/**
 * Saves the competency rows: filled rows are kept in the order shown, a cleared row
 * removes its competency (unless modules, micro-credentials or assessment items use it).
 */
export async function saveCompetencies(
  db: Executor,
  form: FormData,
  input: { user: SessionUser; program: AuthoredProgram },
) {
  const submission = parseWithZod(form, { schema: CompetenciesSchema });
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply() };
  }
  const rows = submission.value.competencies;
  return withTransaction(db, async (trx) => {
    if (!(await lockDraftProgram(trx, input.program.id))) {
      return {
        status: 'invalid' as const,
        result: submission.reply({ formErrors: [DRAFT_ONLY] }),
      };
    }
    const existing = await trx
      .selectFrom('competency')
      .select(['id', 'code', 'title'])
      .where('program_id', '=', input.program.id)
      .execute();
    const existingIds = new Set(existing.map((row) => row.id));
    const filled = rows
      .map((row, index) => ({ ...row, index, code: row.code.toUpperCase() }))
      .filter((row) => row.code || row.title || row.description);
    const removed = existing.filter((row) => !filled.some((kept) => kept.id === row.id));
    if (removed.length > 0) {
      const ids = removed.map((row) => row.id);
      const [inModules, inCredentials, inItems] = await Promise.all([
        trx
          .selectFrom('module_competency')
          .select('competency_id')
          .where('competency_id', 'in', ids)
          .execute(),
        trx
          .selectFrom('micro_credential')
          .select('competency_id')
          .where('competency_id', 'in', ids)
          .execute(),
        trx
          .selectFrom('assessment_item')
          .select('competency_id')
          .where('competency_id', 'in', ids)
          .execute(),
      ]);
      const used = new Set(
        [...inModules, ...inCredentials, ...inItems].map((row) => row.competency_id),
      );
      const blocked = removed.filter((row) => used.has(row.id));
      if (blocked.length > 0) {
        return {
          status: 'invalid' as const,
          result: submission.reply({
            formErrors: [
              `${blocked.map((row) => row.code).join(', ')} ${blocked.length === 1 ? 'is' : 'are'} used by modules, micro-credentials or assessment items; take it off them first.`,
            ],
          }),
        };
      }
      await trx.deleteFrom('competency').where('id', 'in', ids).execute();
    }
    // park the kept rows on temporary positions and codes so renumbering never collides
    await trx
      .updateTable('competency')
      .set({ position: sql`position + 100000`, code: sql`'~' || id::text` })
      .where('program_id', '=', input.program.id)
      .execute();
    for (const [index, row] of filled.entries()) {
      const values = {
        code: row.code,
        title: row.title,
        description: row.description,
        position: index + 1,
      };
      if (row.id && existingIds.has(row.id)) {
        await trx.updateTable('competency').set(values).where('id', '=', row.id).execute();
      } else {
        await trx
          .insertInto('competency')
          .values({ ...values, program_id: input.program.id })
          .execute();
      }
    }
    await recordAudit(trx, {
      organizationId: input.program.organizationId,
      actorId: input.user.id,
      action: 'program.competencies_saved',
      targetType: 'program',
      targetId: input.program.id,
      before: existing.map((row) => ({ code: row.code, title: row.title })),
      after: filled.map((row) => ({ code: row.code, title: row.title })),
    });
    return { status: 'saved' as const };
  });
}
