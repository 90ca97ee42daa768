import { sql, type Kysely } from 'kysely';
import type { Database, ModuleKind } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { getCohortResults, type CohortResults } from '../assessment/results.server';
import { recordAudit } from '../audit/audit.server';
import { enqueueNotificationEmail } from '../mail/outbox.server';
import { renderEmail } from '../mail/render.server';
import { closePositionGap, swapWithNeighbour } from './positions.server';
import { rankModules } from './recommendations.server';

type Executor = Kysely<Database>;

const modulesOf = (unitId: string) =>
  ({ table: 'pathway_module', scopeColumn: 'unit_id', scopeId: unitId }) as const;

export interface PathwayModuleView {
  id: string;
  moduleId: string;
  title: string;
  kind: ModuleKind;
  minutes: number;
  position: number;
  dueOn: string | null;
  rationale: string;
  assignTo: 'everyone' | 'some';
  memberIds: string[];
}

export interface PathwayUnitView {
  id: string;
  position: number;
  title: string;
  actionPlanPrompt: string;
  modules: PathwayModuleView[];
}

export const DEFAULT_ACTION_PLAN_PROMPT =
  'Write an action plan: one goal for your classroom from this unit, the steps you will take, and the evidence that will show it worked.';

/** The cohort's pathway, units and modules in order with who each module is for, in one query. */
export async function getPathway(db: Executor, cohortId: string) {
  const row = await db
    .selectFrom('cohort')
    .leftJoin('pathway', 'pathway.cohort_id', 'cohort.id')
    .select([
      'pathway.published_at as publishedAt',
      'pathway.updated_at as updatedAt',
      sql<PathwayUnitView[]>`coalesce((
        select json_agg(json_build_object(
          'id', u.id, 'position', u.position, 'title', u.title,
          'actionPlanPrompt', u.action_plan_prompt,
          'modules', coalesce((
            select json_agg(json_build_object(
              'id', pm.id, 'moduleId', m.id, 'title', m.title, 'kind', m.kind,
              'minutes', m.minutes, 'position', pm.position,
              'dueOn', to_char(pm.due_on, 'YYYY-MM-DD'), 'rationale', pm.rationale,
              'assignTo', pm.assign_to,
              'memberIds', coalesce((
                select json_agg(pa.member_id) from pathway_assignment pa
                where pa.pathway_module_id = pm.id
              ), '[]'::json)
            ) order by pm.position)
            from pathway_module pm join module m on m.id = pm.module_id
            where pm.unit_id = u.id
          ), '[]'::json)
        ) order by u.position)
        from pathway_unit u where u.cohort_id = cohort.id
      ), '[]'::json)`.as('units'),
    ])
    .where('cohort.id', '=', cohortId)
    .executeTakeFirst();
  return {
    publishedAt: row?.publishedAt ? new Date(row.publishedAt).toISOString() : null,
    units: row?.units ?? [],
  };
}

export interface CatalogModule {
  id: string;
  title: string;
  kind: ModuleKind;
  minutes: number;
  position: number;
  competencyIds: string[];
  competencyCodes: string[];
}

/** The program's module catalog with the competencies each builds. */
export async function getCatalog(db: Executor, cohortId: string): Promise<CatalogModule[]> {
  return db
    .selectFrom('module')
    .innerJoin('cohort', 'cohort.program_id', 'module.program_id')
    .select([
      'module.id',
      'module.title',
      'module.kind',
      'module.minutes',
      'module.position',
      sql<string[]>`coalesce((
        select json_agg(mc.competency_id order by c.position) from module_competency mc
        join competency c on c.id = mc.competency_id where mc.module_id = module.id
      ), '[]'::json)`.as('competencyIds'),
      sql<string[]>`coalesce((
        select json_agg(c.code order by c.position) from module_competency mc
        join competency c on c.id = mc.competency_id where mc.module_id = module.id
      ), '[]'::json)`.as('competencyCodes'),
    ])
    .where('cohort.id', '=', cohortId)
    .orderBy('module.position')
    .execute();
}

/** Everything the coach's pathway editor shows, in a fixed number of queries. */
export async function getPathwayEditor(db: Executor, cohortId: string) {
  const [pathway, catalog, results] = await Promise.all([
    getPathway(db, cohortId),
    getCatalog(db, cohortId),
    getCohortResults(db, cohortId),
  ]);
  const ranking = rankModules(
    results.competencies,
    results.summaries,
    catalog.map((module) => ({ ...module, competencyIds: module.competencyIds })),
  );
  return { pathway, catalog, results, ...ranking };
}

/** Submitted participants scoring under `threshold` on a competency. */
export function participantsBelow(results: CohortResults, competencyId: string, threshold: number) {
  return results.participants.filter((participant) => {
    const score = participant.scores.find((entry) => entry.competencyId === competencyId)?.score;
    return typeof score === 'number' && score < threshold;
  });
}

export type PathwayOutcome =
  { status: 'done'; message: string } | { status: 'invalid'; message: string };

const invalid = (message: string): PathwayOutcome => ({ status: 'invalid', message });

async function ensurePathway(trx: Executor, cohortId: string) {
  await trx
    .insertInto('pathway')
    .values({ cohort_id: cohortId })
    .onConflict((oc) => oc.column('cohort_id').doNothing())
    .execute();
  // one editor at a time per cohort: positions are read and rewritten below
  await trx
    .selectFrom('pathway')
    .select('cohort_id')
    .where('cohort_id', '=', cohortId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

async function touch(trx: Executor, cohortId: string) {
  await trx
    .updateTable('pathway')
    .set({ updated_at: new Date() })
    .where('cohort_id', '=', cohortId)
    .execute();
}

async function findUnit(trx: Executor, cohortId: string, unitId: string) {
  return trx
    .selectFrom('pathway_unit')
    .select(['id', 'position', 'title'])
    .where('id', '=', unitId)
    .where('cohort_id', '=', cohortId)
    .executeTakeFirst();
}

async function findPathwayModule(trx: Executor, cohortId: string, pathwayModuleId: string) {
  return trx
    .selectFrom('pathway_module')
    .innerJoin('module', 'module.id', 'pathway_module.module_id')
    .select([
      'pathway_module.id',
      'pathway_module.unit_id as unitId',
      'pathway_module.position',
      'module.title',
    ])
    .where('pathway_module.id', '=', pathwayModuleId)
    .where('pathway_module.cohort_id', '=', cohortId)
    .executeTakeFirst();
}

interface Actor {
  cohortId: string;
  actorId: string;
  organizationId: string;
}

export async function addUnit(
  db: Executor,
  input: Actor & { title: string; actionPlanPrompt: string },
): Promise<PathwayOutcome> {
  return withTransaction(db, async (trx) => {
    await ensurePathway(trx, input.cohortId);
    const last = await trx
      .selectFrom('pathway_unit')
      .select(sql<number>`coalesce(max(position), 0)`.as('position'))
      .where('cohort_id', '=', input.cohortId)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('pathway_unit')
      .values({
        cohort_id: input.cohortId,
        position: Number(last.position) + 1,
        title: input.title,
        action_plan_prompt: input.actionPlanPrompt || DEFAULT_ACTION_PLAN_PROMPT,
      })
      .execute();
    await touch(trx, input.cohortId);
    return { status: 'done', message: `Unit “${input.title}” added.` };
  });
}

export async function updateUnit(
  db: Executor,
  input: Actor & { unitId: string; title: string; actionPlanPrompt: string },
): Promise<PathwayOutcome> {
  return withTransaction(db, async (trx) => {
    await ensurePathway(trx, input.cohortId);
    const unit = await findUnit(trx, input.cohortId, input.unitId);
    if (!unit) return invalid('That unit is not part of this pathway.');
    await trx
      .updateTable('pathway_unit')
      .set({
        title: input.title,
        action_plan_prompt: input.actionPlanPrompt || DEFAULT_ACTION_PLAN_PROMPT,
      })
      .where('id', '=', unit.id)
      .execute();
    await touch(trx, input.cohortId);
    return { status: 'done', message: 'Unit saved.' };
  });
}

export async function moveUnit(
  db: Executor,
  input: Actor & { unitId: string; direction: 'up' | 'down' },
): Promise<PathwayOutcome> {
  return withTransaction(db, async (trx) => {
    await ensurePathway(trx, input.cohortId);
    const unit = await findUnit(trx, input.cohortId, input.unitId);
    if (!unit) return invalid('That unit is not part of this pathway.');
    const units = {
      table: 'pathway_unit',
      scopeColumn: 'cohort_id',
      scopeId: input.cohortId,
    } as const;
    if (!(await swapWithNeighbour(trx, units, unit, input.direction)))
      return { status: 'done', message: 'That unit is already at the edge.' };
    await touch(trx, input.cohortId);
    return { status: 'done', message: `“${unit.title}” moved ${input.direction}.` };
  });
}

/** Removes a unit and its modules from the pathway; participants' progress on them is kept. */
export async function removeUnit(
  db: Executor,
  input: Actor & { unitId: string },
): Promise<PathwayOutcome> {
  return withTransaction(db, async (trx) => {
    await ensurePathway(trx, input.cohortId);
    const unit = await findUnit(trx, input.cohortId, input.unitId);
    if (!unit) return invalid('That unit is not part of this pathway.');
    await trx.deleteFrom('pathway_unit').where('id', '=', unit.id).execute();
    await closePositionGap(
      trx,
      { table: 'pathway_unit', scopeColumn: 'cohort_id', scopeId: input.cohortId },
      unit.position,
    );
    await touch(trx, input.cohortId);
    return { status: 'done', message: `Unit “${unit.title}” removed.` };
  });
}

export async function addModule(
  db: Executor,
  input: Actor & { unitId: string; moduleId: string; rationale: string },
): Promise<PathwayOutcome> {
  return withTransaction(db, async (trx) => {
    await ensurePathway(trx, input.cohortId);
    const unit = await findUnit(trx, input.cohortId, input.unitId);
    if (!unit) return invalid('That unit is not part of this pathway.');
    const module = await trx
      .selectFrom('module')
      .innerJoin('cohort', 'cohort.program_id', 'module.program_id')
      .select(['module.id', 'module.title'])
      .where('module.id', '=', input.moduleId)
      .where('cohort.id', '=', input.cohortId)
      .executeTakeFirst();
    if (!module) return invalid('That module is not in this program’s catalog.');
    const existing = await trx
      .selectFrom('pathway_module')
      .innerJoin('pathway_unit', 'pathway_unit.id', 'pathway_module.unit_id')
      .select('pathway_unit.title')
      .where('pathway_module.cohort_id', '=', input.cohortId)
      .where('pathway_module.module_id', '=', module.id)
      .executeTakeFirst();
    if (existing) return invalid(`“${module.title}” is already in the unit “${existing.title}”.`);
    const last = await trx
      .selectFrom('pathway_module')
      .select(sql<number>`coalesce(max(position), 0)`.as('position'))
      .where('unit_id', '=', unit.id)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('pathway_module')
      .values({
        cohort_id: input.cohortId,
        unit_id: unit.id,
        module_id: module.id,
        position: Number(last.position) + 1,
        rationale: input.rationale,
      })
      .execute();
    await touch(trx, input.cohortId);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'pathway.module_added',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: { title: module.title, unit: unit.title },
    });
    return { status: 'done', message: `“${module.title}” added to “${unit.title}”.` };
  });
}

/** Moves a module up or down within its unit, or to the end of another unit. */
export async function moveModule(
  db: Executor,
  input:
    | (Actor & { pathwayModuleId: string; direction: 'up' | 'down' })
    | (Actor & { pathwayModuleId: string; toUnitId: string }),
): Promise<PathwayOutcome> {
  return withTransaction(db, async (trx) => {
    await ensurePathway(trx, input.cohortId);
    const current = await findPathwayModule(trx, input.cohortId, input.pathwayModuleId);
    if (!current) return invalid('That module is not part of this pathway.');
    if ('toUnitId' in input) {
      const unit = await findUnit(trx, input.cohortId, input.toUnitId);
      if (!unit) return invalid('That unit is not part of this pathway.');
      if (unit.id === current.unitId)
        return { status: 'done', message: 'It is already in that unit.' };
      const last = await trx
        .selectFrom('pathway_module')
        .select(sql<number>`coalesce(max(position), 0)`.as('position'))
        .where('unit_id', '=', unit.id)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('pathway_module')
        .set({ unit_id: unit.id, position: Number(last.position) + 1 })
        .where('id', '=', current.id)
        .execute();
      await closePositionGap(trx, modulesOf(current.unitId), current.position);
      await touch(trx, input.cohortId);
      return { status: 'done', message: `“${current.title}” moved to “${unit.title}”.` };
    }
    if (!(await swapWithNeighbour(trx, modulesOf(current.unitId), current, input.direction)))
      return { status: 'done', message: 'That module is already at the edge of its unit.' };
    await touch(trx, input.cohortId);
    return { status: 'done', message: `“${current.title}” moved ${input.direction}.` };
  });
}

async function activeParticipantIds(trx: Executor, cohortId: string, memberIds: string[]) {
  if (memberIds.length === 0) return [];
  const rows = await trx
    .selectFrom('cohort_member')
    .select('id')
    .where('cohort_id', '=', cohortId)
    .where('role', '=', 'participant')
    .where('status', 'in', ['active', 'completed'])
    .where('id', 'in', memberIds)
    .execute();
  return rows.map((row) => row.id);
}

async function setAssignment(
  trx: Executor,
  pathwayModuleId: string,
  assignTo: 'everyone' | 'some',
  memberIds: string[],
) {
  await trx
    .updateTable('pathway_module')
    .set({ assign_to: assignTo })
    .where('id', '=', pathwayModuleId)
    .execute();
  await trx
    .deleteFrom('pathway_assignment')
    .where('pathway_module_id', '=', pathwayModuleId)
    .execute();
  if (assignTo === 'some' && memberIds.length > 0) {
    await trx
      .insertInto('pathway_assignment')
      .values(
        memberIds.map((memberId) => ({ pathway_module_id: pathwayModuleId, member_id: memberId })),
      )
      .execute();
  }
}

export async function updateModule(
  db: Executor,
  input: Actor & {
    pathwayModuleId: string;
    dueOn: string | null;
    rationale: string;
    assignTo: 'everyone' | 'some';
    memberIds: string[];
  },
): Promise<PathwayOutcome> {
  return withTransaction(db, async (trx) => {
    await ensurePathway(trx, input.cohortId);
    const current = await findPathwayModule(trx, input.cohortId, input.pathwayModuleId);
    if (!current) return invalid('That module is not part of this pathway.');
    const memberIds = [...new Set(input.memberIds)];
    const known = await activeParticipantIds(trx, input.cohortId, memberIds);
    if (known.length !== memberIds.length) {
      return invalid('Assign modules only to participants of this cohort.');
    }
    if (input.assignTo === 'some' && memberIds.length === 0) {
      return invalid('Pick at least one participant, or assign the module to everyone.');
    }
    await trx
      .updateTable('pathway_module')
      .set({ due_on: input.dueOn, rationale: input.rationale })
      .where('id', '=', current.id)
      .execute();
    await setAssignment(trx, current.id, input.assignTo, memberIds);
    await touch(trx, input.cohortId);
    return { status: 'done', message: `“${current.title}” saved.` };
  });
}

/** Assigns a module to the participants who scored under `threshold` on a competency. */
export async function assignBelow(
  db: Executor,
  input: Actor & { pathwayModuleId: string; competencyId: string; threshold: number },
): Promise<PathwayOutcome> {
  const results = await getCohortResults(db, input.cohortId);
  const competency = results.competencies.find((entry) => entry.id === input.competencyId);
  if (!competency) return invalid('Choose a competency of this program.');
  const below = participantsBelow(results, competency.id, input.threshold);
  if (below.length === 0) {
    return invalid(`Nobody who submitted scored below ${input.threshold} on ${competency.code}.`);
  }
  return withTransaction(db, async (trx) => {
    await ensurePathway(trx, input.cohortId);
    const current = await findPathwayModule(trx, input.cohortId, input.pathwayModuleId);
    if (!current) return invalid('That module is not part of this pathway.');
    await setAssignment(
      trx,
      current.id,
      'some',
      below.map((participant) => participant.memberId),
    );
    await touch(trx, input.cohortId);
    return {
      status: 'done',
      message: `“${current.title}” is now for the ${below.length} ${below.length === 1 ? 'participant' : 'participants'} below ${input.threshold} on ${competency.code}.`,
    };
  });
}

/** Takes a module out of the pathway; anyone's progress on it is kept should it come back. */
export async function removeModule(
  db: Executor,
  input: Actor & { pathwayModuleId: string },
): Promise<PathwayOutcome> {
  return withTransaction(db, async (trx) => {
    await ensurePathway(trx, input.cohortId);
    const current = await findPathwayModule(trx, input.cohortId, input.pathwayModuleId);
    if (!current) return invalid('That module is not part of this pathway.');
    await trx.deleteFrom('pathway_module').where('id', '=', current.id).execute();
    await closePositionGap(trx, modulesOf(current.unitId), current.position);
    await touch(trx, input.cohortId);
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'pathway.module_removed',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: { title: current.title },
    });
    return { status: 'done', message: `“${current.title}” removed from the pathway.` };
  });
}

/**
 * Publishes the pathway: participants see it and get an email. It moves nothing else (the
 * cohort's stage stays where it is); publishing again after changes sends a fresh notice.
 */
export async function publishPathway(
  db: Executor,
  input: Actor & { appOrigin: string },
): Promise<PathwayOutcome> {
  return withTransaction(db, async (trx) => {
    await ensurePathway(trx, input.cohortId);
    const state = await trx
      .selectFrom('cohort')
      .innerJoin('pathway', 'pathway.cohort_id', 'cohort.id')
      .select((eb) => [
        'cohort.name',
        'pathway.published_at as publishedAt',
        eb
          .selectFrom('pathway_module')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('pathway_module.cohort_id', '=', 'cohort.id')
          .as('modules'),
      ])
      .where('cohort.id', '=', input.cohortId)
      .executeTakeFirstOrThrow();
    if (Number(state.modules ?? 0) === 0) {
      return invalid('Add at least one module before publishing the pathway.');
    }
    const republished = state.publishedAt !== null;
    await trx
      .updateTable('pathway')
      .set({ published_at: new Date(), published_by: input.actorId, updated_at: new Date() })
      .where('cohort_id', '=', input.cohortId)
      .execute();
    const participants = await trx
      .selectFrom('cohort_member')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .select(['app_user.id', 'app_user.name', 'app_user.email'])
      .where('cohort_member.cohort_id', '=', input.cohortId)
      .where('cohort_member.role', '=', 'participant')
      .where('cohort_member.status', '=', 'active')
      .execute();
    const link = `${input.appOrigin}/cohorts/${input.cohortId}/pathway`;
    for (const participant of participants) {
      const email = renderEmail({
        heading: republished
          ? 'Your learning pathway was updated'
          : 'Your learning pathway is ready',
        paragraphs: [
          `Hello ${participant.name}, your coach ${republished ? 'updated' : 'published'} the learning pathway for ${state.name}, chosen from the group's pre-assessment.`,
          'It lists your modules unit by unit, with due dates. Each unit ends with an action plan for your classroom.',
        ],
        action: { label: 'Open your pathway', url: link },
      });
      await enqueueNotificationEmail(trx, {
        organizationId: input.organizationId,
        kind: 'pathway-published',
        to: participant.email,
        recipientId: participant.id,
        appOrigin: input.appOrigin,
        subject: `${republished ? 'Updated' : 'Ready'}: your learning pathway for ${state.name}`,
        text: email.text,
        html: email.html,
      });
    }
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'pathway.published',
      targetType: 'cohort',
      targetId: input.cohortId,
      after: { participants: participants.length, republished },
    });
    return {
      status: 'done',
      message: `The pathway is published; ${participants.length} ${participants.length === 1 ? 'participant was' : 'participants were'} told by email.`,
    };
  });
}
