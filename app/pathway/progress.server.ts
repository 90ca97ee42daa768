import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, ModuleKind, ModuleProgressStatus } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { toCsv, type CsvValue } from '../utils/csv.server';
import { recordCohortCompletion } from '../hours/ledger.server';
import { getPathway, type PathwayModuleView } from './pathway.server';
import { dayIn } from '../utils/dates';

type Executor = Kysely<Database>;

export type CellStatus = 'not-started' | ModuleProgressStatus;

/** Today's calendar day in a time zone, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now = new Date()) {
  try {
    return dayIn(now, timeZone);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** A module is overdue from the day after its due date, in the cohort's zone, until completed. */
export function isOverdue(dueOn: string | null, status: CellStatus, today: string) {
  return dueOn !== null && status !== 'completed' && dueOn < today;
}

export function isAssignedTo(
  module: Pick<PathwayModuleView, 'assignTo' | 'memberIds'>,
  memberId: string,
) {
  return module.assignTo === 'everyone' || module.memberIds.includes(memberId);
}

interface ProgressRow {
  moduleId: string;
  status: ModuleProgressStatus;
  completedAt: string | null;
  updatedAt: string;
}

async function progressOf(db: Executor, memberId: string) {
  const rows = await db
    .selectFrom('module_progress')
    .select([
      'module_id as moduleId',
      'status',
      'completed_at as completedAt',
      'updated_at as updatedAt',
    ])
    .where('member_id', '=', memberId)
    .execute();
  return new Map(
    rows.map((row) => [
      row.moduleId,
      {
        moduleId: row.moduleId,
        status: row.status,
        completedAt: row.completedAt ? new Date(row.completedAt).toISOString() : null,
        updatedAt: new Date(row.updatedAt).toISOString(),
      } satisfies ProgressRow,
    ]),
  );
}

/** A participant's own pathway: only the modules meant for them, with their status. Null before publishing. */
export async function getParticipantPathway(
  db: Executor,
  input: { cohortId: string; memberId: string; timezone: string },
) {
  const [pathway, progress] = await Promise.all([
    getPathway(db, input.cohortId),
    progressOf(db, input.memberId),
  ]);
  if (!pathway.publishedAt) return null;
  const today = todayIn(input.timezone);
  const units = pathway.units.map((unit) => ({
    id: unit.id,
    title: unit.title,
    actionPlanPrompt: unit.actionPlanPrompt,
    modules: unit.modules
      .filter((module) => isAssignedTo(module, input.memberId))
      .map((module) => {
        const row = progress.get(module.moduleId);
        const status: CellStatus = row?.status ?? 'not-started';
        return {
          moduleId: module.moduleId,
          title: module.title,
          kind: module.kind,
          minutes: module.minutes,
          dueOn: module.dueOn,
          rationale: module.rationale,
          status,
          completedAt: row?.completedAt ?? null,
          overdue: isOverdue(module.dueOn, status, today),
        };
      }),
  }));
  const modules = units.flatMap((unit) => unit.modules);
  return {
    publishedAt: pathway.publishedAt,
    units,
    completed: modules.filter((module) => module.status === 'completed').length,
    total: modules.length,
  };
}

/**
 * One module as a cohort member sees it. Participants reach only modules of the published
 * pathway meant for them; staff reach any module of the program's catalog.
 */
export async function getModulePage(
  db: Executor,
  input: { cohortId: string; moduleId: string; memberId: string | null },
) {
  const module = await db
    .selectFrom('module')
    .innerJoin('cohort', 'cohort.program_id', 'module.program_id')
    .leftJoin('pathway_module', (join) =>
      join
        .onRef('pathway_module.module_id', '=', 'module.id')
        .onRef('pathway_module.cohort_id', '=', 'cohort.id'),
    )
    .leftJoin('pathway_unit', 'pathway_unit.id', 'pathway_module.unit_id')
    .leftJoin('pathway', 'pathway.cohort_id', 'cohort.id')
    .select([
      'module.id',
      'module.title',
      'module.body',
      'module.minutes',
      'module.kind',
      'module.resources',
      'pathway_module.id as pathwayModuleId',
      'pathway_module.assign_to as assignTo',
      'pathway_module.rationale',
      sql<string | null>`to_char(pathway_module.due_on, 'YYYY-MM-DD')`.as('dueOn'),
      'pathway_unit.title as unitTitle',
      'pathway.published_at as publishedAt',
      sql<string[]>`coalesce((
        select json_agg(c.code || ' ' || c.title order by c.position) from module_competency mc
        join competency c on c.id = mc.competency_id where mc.module_id = module.id
      ), '[]'::json)`.as('competencies'),
      sql<boolean>`${
        input.memberId === null
          ? sql`false`
          : sql`exists (
        select 1 from pathway_assignment pa
        where pa.pathway_module_id = pathway_module.id and pa.member_id = ${input.memberId}
      )`
      }`.as('assignedByName'),
    ])
    .where('module.id', '=', input.moduleId)
    .where('cohort.id', '=', input.cohortId)
    .executeTakeFirst();
  if (!module) return null;
  if (input.memberId !== null) {
    const assigned =
      module.pathwayModuleId !== null &&
      module.publishedAt !== null &&
      (module.assignTo === 'everyone' || module.assignedByName);
    if (!assigned) return null;
  }
  const progress =
    input.memberId === null
      ? null
      : await db
          .selectFrom('module_progress')
          .select([
            'status',
            'reflection',
            'completed_at as completedAt',
            'updated_at as updatedAt',
          ])
          .where('member_id', '=', input.memberId)
          .where('module_id', '=', module.id)
          .executeTakeFirst();
  return {
    id: module.id,
    title: module.title,
    body: module.body,
    resources: module.resources as { title: string; url: string; embed?: boolean }[],
    minutes: module.minutes,
    kind: module.kind as ModuleKind,
    competencies: module.competencies,
    inPathway: module.pathwayModuleId !== null,
    unitTitle: module.unitTitle,
    rationale: module.rationale ?? '',
    dueOn: module.dueOn,
    progress: progress
      ? {
          status: progress.status,
          reflection: progress.reflection,
          completedAt: progress.completedAt ? new Date(progress.completedAt).toISOString() : null,
          updatedAt: new Date(progress.updatedAt).toISOString(),
        }
      : null,
  };
}

export const ProgressFormSchema = z.object({
  intent: z.enum(['save', 'complete', 'reopen'], { error: 'That action was not understood.' }),
  reflection: z
    .string({ error: 'Write your reflection as text.' })
    .max(10000, 'Keep the reflection under 10,000 characters.')
    .default(''),
});

export type ProgressOutcome =
  { status: 'saved' | 'completed' | 'reopened' } | { status: 'invalid'; message: string };

/** Saves a participant's reflection and status on a module meant for them. */
export async function saveProgress(
  db: Executor,
  input: {
    cohortId: string;
    memberId: string;
    moduleId: string;
    intent: 'save' | 'complete' | 'reopen';
    reflection: string;
  },
): Promise<ProgressOutcome> {
  const page = await getModulePage(db, input);
  if (!page) return { status: 'invalid', message: 'That module is not on your pathway.' };
  return withTransaction(db, async (trx) => {
    const now = new Date();
    const completing = input.intent === 'complete';
    const reopening = input.intent === 'reopen';
    await trx
      .insertInto('module_progress')
      .values({
        member_id: input.memberId,
        module_id: page.id,
        status: completing ? 'completed' : 'in-progress',
        reflection: input.reflection,
        completed_at: completing ? now : null,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['member_id', 'module_id']).doUpdateSet({
          reflection: input.reflection,
          updated_at: now,
          ...(completing
            ? {
                status: 'completed',
                completed_at: sql`coalesce(module_progress.completed_at, ${now})`,
              }
            : reopening
              ? { status: 'in-progress', completed_at: null }
              : {}),
        }),
      )
      .execute();
    if (completing) {
      await recordCohortCompletion(trx, { cohortId: input.cohortId, memberId: input.memberId });
    }
    return { status: completing ? 'completed' : reopening ? 'reopened' : 'saved' };
  });
}

export const ProgressFilterSchema = z.object({
  q: z.string().trim().max(100).catch(''),
  unit: z.string().max(64).catch('all'),
  status: z.enum(['all', 'overdue', 'not-started', 'in-progress', 'completed']).catch('all'),
});
export type ProgressFilter = z.infer<typeof ProgressFilterSchema>;

export interface GridCell {
  moduleId: string;
  assigned: boolean;
  status: CellStatus;
  completedAt: string | null;
  overdue: boolean;
}

/**
 * The progress grid: participants × the pathway's modules, in a fixed number of queries.
 * Filters narrow the columns (unit) and the rows (name, and having a cell in a status).
 */
export async function getProgressGrid(
  db: Executor,
  input: { cohortId: string; timezone: string; filter: ProgressFilter },
) {
  const [pathway, participants] = await Promise.all([
    getPathway(db, input.cohortId),
    db
      .selectFrom('cohort_member')
      .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
      .select([
        'cohort_member.id as memberId',
        'app_user.name',
        'app_user.email',
        sql<ProgressRow[]>`coalesce((
          select json_agg(json_build_object('moduleId', p.module_id, 'status', p.status,
            'completedAt', p.completed_at, 'updatedAt', p.updated_at))
          from module_progress p where p.member_id = cohort_member.id
        ), '[]'::json)`.as('progress'),
      ])
      .where('cohort_member.cohort_id', '=', input.cohortId)
      .where('cohort_member.role', '=', 'participant')
      .where('cohort_member.status', 'in', ['active', 'completed'])
      .orderBy('app_user.name')
      .orderBy('app_user.id')
      .execute(),
  ]);
  const today = todayIn(input.timezone);
  const { filter } = input;
  const units = pathway.units.filter((unit) => filter.unit === 'all' || unit.id === filter.unit);
  const columns = units.flatMap((unit) =>
    unit.modules.map((module) => ({ ...module, unitId: unit.id, unitTitle: unit.title })),
  );
  const query = filter.q.toLowerCase();
  const rows = participants
    .map((participant) => {
      const progress = new Map(participant.progress.map((row) => [row.moduleId, row]));
      const cells: GridCell[] = columns.map((column) => {
        const assigned = isAssignedTo(column, participant.memberId);
        const row = progress.get(column.moduleId);
        const status: CellStatus = row?.status ?? 'not-started';
        return {
          moduleId: column.moduleId,
          assigned,
          status,
          completedAt: row?.completedAt ? new Date(row.completedAt).toISOString() : null,
          overdue: assigned && isOverdue(column.dueOn, status, today),
        };
      });
      return {
        memberId: participant.memberId,
        name: participant.name,
        email: participant.email,
        cells,
      };
    })
    .filter(
      (row) =>
        (query === '' ||
          row.name.toLowerCase().includes(query) ||
          row.email.toLowerCase().includes(query)) &&
        (filter.status === 'all' ||
          row.cells.some(
            (cell) =>
              cell.assigned &&
              (filter.status === 'overdue' ? cell.overdue : cell.status === filter.status),
          )),
    );
  return {
    publishedAt: pathway.publishedAt,
    units: pathway.units.map((unit) => ({ id: unit.id, title: unit.title })),
    columns: columns.map((column) => ({
      moduleId: column.moduleId,
      title: column.title,
      unitTitle: column.unitTitle,
      dueOn: column.dueOn,
    })),
    rows,
    totalParticipants: participants.length,
  };
}

export type ProgressGrid = Awaited<ReturnType<typeof getProgressGrid>>;

export const cellLabels: Record<CellStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  completed: 'Completed',
};

export function progressToCsv(grid: ProgressGrid, formatDate: (iso: string | null) => string) {
  const header = ['name', 'email', 'unit', 'module', 'due', 'status', 'overdue', 'completed'];
  const lines: CsvValue[][] = [header];
  for (const row of grid.rows) {
    row.cells.forEach((cell, index) => {
      const column = grid.columns[index]!;
      if (!cell.assigned) return;
      lines.push([
        row.name,
        row.email,
        column.unitTitle,
        column.title,
        column.dueOn,
        cellLabels[cell.status],
        cell.overdue ? 'yes' : 'no',
        formatDate(cell.completedAt),
      ]);
    });
  }
  return toCsv(lines);
}
