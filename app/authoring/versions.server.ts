import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { lockDraftProgram } from './drafts.server';
import { getProgramForEditing, type AuthoredProgram } from './programs.server';

/*
 * A program's versions: publishing a draft (which retires the lineage's earlier published
 * versions), retiring, deleting a draft, and starting a new draft as a copy of a version.
 */

type Executor = Kysely<Database>;

/** What stops a draft from being published, in words; empty when it can be. */
export async function publishProblems(db: Executor, programId: string) {
  const program = await getProgramForEditing(db, programId);
  if (!program) return ['The program no longer exists.'];
  const problems: string[] = [];
  if (program.status !== 'draft') problems.push('Only a draft can be published.');
  if (program.competencies.length === 0) problems.push('Add at least one competency.');
  if (program.modules.length === 0) problems.push('Add at least one module.');
  for (const credential of program.credentials) {
    if (credential.criteria === 0) {
      problems.push(`Give ${credential.code} at least one rubric criterion.`);
    }
  }
  return problems;
}

/**
 * Publishes a draft. Earlier published versions of the same program are retired so new
 * cohorts start on this one; cohorts already running keep the version they pinned.
 */
export async function publishProgram(
  db: Executor,
  input: { user: SessionUser; program: AuthoredProgram },
) {
  return withTransaction(db, async (trx) => {
    if (!(await lockDraftProgram(trx, input.program.id))) {
      return { status: 'refused' as const, problems: ['Only a draft can be published.'] };
    }
    const problems = await publishProblems(trx, input.program.id);
    if (problems.length > 0) return { status: 'refused' as const, problems };
    const superseded = await trx
      .updateTable('program')
      .set({ status: 'retired', retired_at: sql`now()` })
      .where('lineage_id', '=', input.program.lineageId)
      .where('status', '=', 'published')
      .where('id', '!=', input.program.id)
      .returning(['id', 'version'])
      .execute();
    await trx
      .updateTable('program')
      .set({ status: 'published', published_at: sql`now()` })
      .where('id', '=', input.program.id)
      .execute();
    await recordAudit(trx, {
      organizationId: input.program.organizationId,
      actorId: input.user.id,
      action: 'program.published',
      targetType: 'program',
      targetId: input.program.id,
      before: { status: 'draft' },
      after: {
        status: 'published',
        version: input.program.version,
        retiredVersions: superseded.map((row) => row.version),
      },
    });
    return { status: 'published' as const };
  });
}

export async function retireProgram(
  db: Executor,
  input: { user: SessionUser; program: AuthoredProgram },
) {
  return withTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('program')
      .select('status')
      .where('id', '=', input.program.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.status !== 'published') return { status: 'refused' as const };
    await trx
      .updateTable('program')
      .set({ status: 'retired', retired_at: sql`now()` })
      .where('id', '=', input.program.id)
      .execute();
    await recordAudit(trx, {
      organizationId: input.program.organizationId,
      actorId: input.user.id,
      action: 'program.retired',
      targetType: 'program',
      targetId: input.program.id,
      before: { status: 'published' },
      after: { status: 'retired' },
    });
    return { status: 'retired' as const };
  });
}

/** Deletes a draft that no cohort uses (a draft never has one). */
export async function deleteDraft(
  db: Executor,
  input: { user: SessionUser; program: AuthoredProgram },
) {
  return withTransaction(db, async (trx) => {
    if (!(await lockDraftProgram(trx, input.program.id))) return { status: 'refused' as const };
    const cohort = await trx
      .selectFrom('cohort')
      .select('id')
      .where('program_id', '=', input.program.id)
      .executeTakeFirst();
    if (cohort) return { status: 'refused' as const };
    await trx.deleteFrom('program').where('id', '=', input.program.id).execute();
    await recordAudit(trx, {
      organizationId: input.program.organizationId,
      actorId: input.user.id,
      action: 'program.draft_deleted',
      targetType: 'program',
      targetId: input.program.id,
      before: { title: input.program.title, version: input.program.version },
    });
    return { status: 'deleted' as const };
  });
}

/**
 * Copies a version into a new draft of the same lineage: competencies, modules and their
 * competencies, micro-credentials with their rubrics, and the newest assessment. The copy
 * gets new ids, so nothing a running cohort pinned can change through it.
 */
export async function startNewVersion(
  db: Executor,
  input: { user: SessionUser; program: AuthoredProgram },
) {
  return withTransaction(db, async (trx) => {
    // one draft per lineage at a time: lock the lineage's rows
    const lineage = await trx
      .selectFrom('program')
      .select(['id', 'status', 'version'])
      .where('lineage_id', '=', input.program.lineageId)
      .orderBy('version')
      .forUpdate()
      .execute();
    const draft = lineage.find((row) => row.status === 'draft');
    if (draft) return { status: 'exists' as const, programId: draft.id };
    const nextVersion = Math.max(...lineage.map((row) => row.version)) + 1;
    const programId = await copyProgramInto(trx, input.program.id, {
      organizationId: input.program.organizationId,
      lineageId: input.program.lineageId,
      version: nextVersion,
      createdBy: input.user.id,
    });
    await recordAudit(trx, {
      organizationId: input.program.organizationId,
      actorId: input.user.id,
      action: 'program.version_started',
      targetType: 'program',
      targetId: programId,
      before: { programId: input.program.id, version: input.program.version },
      after: { version: nextVersion, status: 'draft' },
    });
    return { status: 'created' as const, programId };
  });
}

async function copyProgramInto(
  trx: Transaction<Database>,
  sourceId: string,
  target: { organizationId: string; lineageId: string; version: number; createdBy: string },
) {
  const source = await trx
    .selectFrom('program')
    .selectAll()
    .where('id', '=', sourceId)
    .executeTakeFirstOrThrow();
  const {
    id: _id,
    created_at: _created,
    published_at: _published,
    retired_at: _retired,
    ...fields
  } = source;
  const created = await trx
    .insertInto('program')
    .values({
      ...fields,
      organization_id: target.organizationId,
      lineage_id: target.lineageId,
      version: target.version,
      status: 'draft',
      created_by: target.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const programId = created.id;

  const competencyIds = new Map<string, string>();
  const competencies = await trx
    .selectFrom('competency')
    .selectAll()
    .where('program_id', '=', sourceId)
    .orderBy('position')
    .execute();
  for (const competency of competencies) {
    const { id, ...rest } = competency;
    const copy = await trx
      .insertInto('competency')
      .values({ ...rest, program_id: programId })
      .returning('id')
      .executeTakeFirstOrThrow();
    competencyIds.set(id, copy.id);
  }

  const modules = await trx
    .selectFrom('module')
    .selectAll()
    .where('program_id', '=', sourceId)
    .orderBy('position')
    .execute();
  for (const module of modules) {
    const { id, created_at: _at, ...rest } = module;
    const copy = await trx
      .insertInto('module')
      .values({ ...rest, program_id: programId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const links = await trx
      .selectFrom('module_competency')
      .select('competency_id')
      .where('module_id', '=', id)
      .execute();
    if (links.length > 0) {
      await trx
        .insertInto('module_competency')
        .values(
          links.map((link) => ({
            module_id: copy.id,
            competency_id: competencyIds.get(link.competency_id)!,
          })),
        )
        .execute();
    }
  }

  const credentials = await trx
    .selectFrom('micro_credential')
    .selectAll()
    .where('program_id', '=', sourceId)
    .orderBy('position')
    .execute();
  for (const credential of credentials) {
    const { id, created_at: _at, ...rest } = credential;
    const copy = await trx
      .insertInto('micro_credential')
      .values({
        ...rest,
        program_id: programId,
        competency_id: credential.competency_id
          ? (competencyIds.get(credential.competency_id) ?? null)
          : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const criteria = await trx
      .selectFrom('rubric_criterion')
      .selectAll()
      .where('micro_credential_id', '=', id)
      .orderBy('position')
      .execute();
    if (criteria.length > 0) {
      await trx
        .insertInto('rubric_criterion')
        .values(
          criteria.map(({ id: _criterionId, ...criterion }) => ({
            ...criterion,
            micro_credential_id: copy.id,
          })),
        )
        .execute();
    }
  }

  const assessment = await trx
    .selectFrom('assessment')
    .selectAll()
    .where('program_id', '=', sourceId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (assessment) {
    const { id, created_at: _at, ...rest } = assessment;
    const copy = await trx
      .insertInto('assessment')
      .values({ ...rest, program_id: programId, version: 1, created_by: target.createdBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    const items = await trx
      .selectFrom('assessment_item')
      .selectAll()
      .where('assessment_id', '=', id)
      .orderBy('position')
      .execute();
    if (items.length > 0) {
      await trx
        .insertInto('assessment_item')
        .values(
          items.map(({ id: _itemId, ...item }) => ({
            ...item,
            assessment_id: copy.id,
            competency_id: competencyIds.get(item.competency_id)!,
          })),
        )
        .execute();
    }
  }
  return programId;
}
