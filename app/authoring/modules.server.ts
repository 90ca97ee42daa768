import { parseWithZod } from '@conform-to/zod/v4';
import { sql, type Kysely } from 'kysely';
import type { Database, ModuleKind } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { isUuid } from '../utils/ids';
import { DRAFT_ONLY, lockDraftProgram } from './drafts.server';
import type { AuthoredProgram } from './programs.server';
import { ModuleSchema } from './schemas.server';
import { videoEmbedUrl } from './vocabulary';

type Executor = Kysely<Database>;

export interface ModuleResource {
  title: string;
  url: string;
  /** shown as a privacy-enhanced player when the link is a YouTube or Vimeo video */
  embed?: boolean;
}

export async function getModuleForEditing(db: Executor, programId: string, moduleId: string) {
  if (!isUuid(moduleId)) return null;
  const module = await db
    .selectFrom('module')
    .select(['id', 'title', 'kind', 'minutes', 'body', 'resources', 'position'])
    .where('id', '=', moduleId)
    .where('program_id', '=', programId)
    .executeTakeFirst();
  if (!module) return null;
  const links = await db
    .selectFrom('module_competency')
    .select('competency_id')
    .where('module_id', '=', module.id)
    .execute();
  return {
    ...module,
    resources: module.resources as ModuleResource[],
    competencyIds: links.map((link) => link.competency_id),
  };
}

export type ModuleForEditing = NonNullable<Awaited<ReturnType<typeof getModuleForEditing>>>;

/** the videos a module shows as players: privacy-enhanced addresses only */
export function moduleVideos(resources: ModuleResource[]) {
  return resources.flatMap((resource) => {
    const src = resource.embed ? videoEmbedUrl(resource.url) : null;
    return src ? [{ title: resource.title, src }] : [];
  });
}

/** Creates (no `moduleId`) or edits a module of a draft program. */
export async function saveModule(
  db: Executor,
  form: FormData,
  input: { user: SessionUser; program: AuthoredProgram; moduleId: string | null },
) {
  const submission = parseWithZod(form, { schema: ModuleSchema });
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply() };
  }
  const values = submission.value;
  const resources: ModuleResource[] = values.resources
    .filter((row) => row.title || row.url)
    .map((row) => ({
      title: row.title,
      url: row.url,
      ...(row.embed && videoEmbedUrl(row.url) ? { embed: true } : {}),
    }));
  return withTransaction(db, async (trx) => {
    if (!(await lockDraftProgram(trx, input.program.id))) {
      return { status: 'invalid' as const, result: submission.reply({ formErrors: [DRAFT_ONLY] }) };
    }
    const competencyIds = [...new Set(values.competencyIds)];
    if (competencyIds.length > 0) {
      const found = await trx
        .selectFrom('competency')
        .select('id')
        .where('program_id', '=', input.program.id)
        .where('id', 'in', competencyIds)
        .execute();
      if (found.length !== competencyIds.length) {
        return {
          status: 'invalid' as const,
          result: submission.reply({
            fieldErrors: { competencyIds: ['Choose competencies of this program.'] },
          }),
        };
      }
    }
    const row = {
      title: values.title,
      kind: values.kind as ModuleKind,
      minutes: values.minutes,
      body: values.body,
      resources,
    };
    let moduleId = input.moduleId;
    let before: unknown = null;
    if (moduleId) {
      const existing = await trx
        .selectFrom('module')
        .select(['title', 'kind', 'minutes'])
        .where('id', '=', moduleId)
        .where('program_id', '=', input.program.id)
        .executeTakeFirst();
      if (!existing) return { status: 'missing' as const };
      before = existing;
      await trx.updateTable('module').set(row).where('id', '=', moduleId).execute();
      await trx.deleteFrom('module_competency').where('module_id', '=', moduleId).execute();
    } else {
      const next = await trx
        .selectFrom('module')
        .select(sql<number>`coalesce(max(position), 0) + 1`.as('position'))
        .where('program_id', '=', input.program.id)
        .executeTakeFirstOrThrow();
      const created = await trx
        .insertInto('module')
        .values({ ...row, program_id: input.program.id, position: Number(next.position) })
        .returning('id')
        .executeTakeFirstOrThrow();
      moduleId = created.id;
    }
    if (competencyIds.length > 0) {
      await trx
        .insertInto('module_competency')
        .values(competencyIds.map((id) => ({ module_id: moduleId!, competency_id: id })))
        .execute();
    }
    await recordAudit(trx, {
      organizationId: input.program.organizationId,
      actorId: input.user.id,
      action: input.moduleId ? 'module.updated' : 'module.created',
      targetType: 'module',
      targetId: moduleId,
      before,
      after: { title: row.title, kind: row.kind, minutes: row.minutes, competencyIds },
    });
    return { status: 'saved' as const, moduleId };
  });
}

/** Swaps a module with its neighbour above or below. */
export async function moveModule(
  db: Executor,
  input: {
    user: SessionUser;
    program: AuthoredProgram;
    moduleId: string;
    direction: 'up' | 'down';
  },
) {
  return withTransaction(db, async (trx) => {
    if (!(await lockDraftProgram(trx, input.program.id))) return { status: 'refused' as const };
    const modules = await trx
      .selectFrom('module')
      .select(['id', 'position'])
      .where('program_id', '=', input.program.id)
      .orderBy('position')
      .orderBy('created_at')
      .execute();
    const index = modules.findIndex((module) => module.id === input.moduleId);
    const other = input.direction === 'up' ? index - 1 : index + 1;
    if (index < 0 || other < 0 || other >= modules.length) return { status: 'unchanged' as const };
    const order = modules.map((module) => module.id);
    [order[index], order[other]] = [order[other]!, order[index]!];
    for (const [position, id] of order.entries()) {
      await trx
        .updateTable('module')
        .set({ position: position + 1 })
        .where('id', '=', id)
        .execute();
    }
    await recordAudit(trx, {
      organizationId: input.program.organizationId,
      actorId: input.user.id,
      action: 'module.moved',
      targetType: 'module',
      targetId: input.moduleId,
      before: { position: index + 1 },
      after: { position: other + 1 },
    });
    return { status: 'moved' as const };
  });
}

export async function deleteModule(
  db: Executor,
  input: { user: SessionUser; program: AuthoredProgram; moduleId: string },
) {
  return withTransaction(db, async (trx) => {
    if (!(await lockDraftProgram(trx, input.program.id))) return { status: 'refused' as const };
    const removed = await trx
      .deleteFrom('module')
      .where('id', '=', input.moduleId)
      .where('program_id', '=', input.program.id)
      .returning(['title'])
      .executeTakeFirst();
    if (!removed) return { status: 'missing' as const };
    await recordAudit(trx, {
      organizationId: input.program.organizationId,
      actorId: input.user.id,
      action: 'module.deleted',
      targetType: 'module',
      targetId: input.moduleId,
      before: removed,
    });
    return { status: 'deleted' as const };
  });
}
