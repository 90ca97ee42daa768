import { sql, type ExpressionBuilder, type InferResult } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/db.server';
import type { CohortStatus, Database } from '../../db/schema';
import { getUser, type SessionUser } from '../auth/session.server';
import { roleLabels, statusLabels } from '../components/role-label';
import type { CohortAccessRole } from '../permissions/permissions.server';
import { SEARCH_PAGE_SIZE, type SearchPage } from '../search/search';
import { SearchQuerySchema, escapeLike, matchesWordPrefix, pageOf } from '../search/search.server';

export interface CohortSummary {
  id: string;
  name: string;
  status: CohortStatus;
  programTitle: string;
  startsOn: string;
  endsOn: string;
  timezone: string;
  activeParticipants: number;
  capacity: number;
  role: CohortAccessRole;
}

function isoDate(value: Date | string) {
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}

export type CohortListScope = 'mine' | 'others';

/** what decides which cohorts a person sees: their memberships, and for an org admin the organization */
type Viewer = Pick<SessionUser, 'id' | 'organizationId' | 'isOrgAdmin'>;

function visibleCohorts(db: DB, user: Viewer) {
  return db
    .selectFrom('cohort')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .leftJoin('cohort_member as mine', (join) =>
      join
        .onRef('mine.cohort_id', '=', 'cohort.id')
        .on('mine.user_id', '=', user.id)
        .on('mine.status', 'in', ['active', 'completed']),
    );
}

/**
 * One page of the cohorts on a person's home page: `mine` are those they belong to, with
 * their role; `others` (org admins only) the rest of their organization. Filtered by the
 * start of the name or of a word in it; one query whatever the number of cohorts.
 */
export async function listCohortsForUser(
  db: DB,
  user: Viewer,
  options: { scope: CohortListScope; q?: string; offset?: number; limit?: number },
): Promise<{ items: CohortSummary[]; more: boolean }> {
  const limit = options.limit ?? SEARCH_PAGE_SIZE;
  if (options.scope === 'others' && !user.isOrgAdmin) return { items: [], more: false };
  let query = visibleCohorts(db, user)
    .select([
      'cohort.id',
      'cohort.name',
      'cohort.status',
      'cohort.starts_on as startsOn',
      'cohort.ends_on as endsOn',
      'cohort.timezone',
      'cohort.capacity',
      'program.title as programTitle',
      'mine.role',
      (eb) =>
        eb
          .selectFrom('cohort_member')
          .select(sql<string>`count(*)`.as('count'))
          .whereRef('cohort_member.cohort_id', '=', 'cohort.id')
          .where('cohort_member.role', '=', 'participant')
          .where('cohort_member.status', '=', 'active')
          .as('activeParticipants'),
    ])
    .where((eb) =>
      options.scope === 'mine'
        ? eb('mine.id', 'is not', null)
        : eb.and([
            eb('mine.id', 'is', null),
            eb('cohort.organization_id', '=', user.organizationId),
          ]),
    );
  if (options.q) query = query.where((eb) => matchesWordPrefix(eb.ref('cohort.name'), options.q!));
  const rows = await query
    .orderBy('cohort.starts_on', 'desc')
    .orderBy('cohort.name')
    .orderBy('cohort.id')
    .offset(options.offset ?? 0)
    .limit(limit + 1)
    .execute();

  const page = pageOf(rows, limit);
  return {
    more: page.more,
    items: page.items.map((row) => ({
      id: row.id,
      name: row.name,
      status: row.status,
      programTitle: row.programTitle,
      startsOn: isoDate(row.startsOn),
      endsOn: isoDate(row.endsOn),
      timezone: row.timezone,
      capacity: row.capacity,
      activeParticipants: Number(row.activeParticipants ?? 0),
      role: row.role ?? 'org-admin',
    })),
  };
}

function visibleTo(user: Viewer) {
  return (eb: ExpressionBuilder<CohortListDB, 'cohort' | 'mine'>) =>
    user.isOrgAdmin
      ? eb.or([
          eb('mine.id', 'is not', null),
          eb('cohort.organization_id', '=', user.organizationId),
        ])
      : eb('mine.id', 'is not', null);
}

type CohortListDB = Database & { mine: Database['cohort_member'] };

export interface RecentCohort {
  id: string;
  name: string;
  role: CohortAccessRole;
}

/**
 * The header's cohort switcher: the cohort on screen, then the person's own cohorts before
 * the rest of their organization, running ones before finished ones, latest start first.
 * A few at most, whatever the organization's size; the rest are found by searching. Nested
 * in the navigation's statement (`getNavigation`).
 */
export function recentCohortsQuery(
  db: DB,
  user: Viewer,
  /** `currentCohortId` a cohort's id or null, never an unchecked address part */
  options: { currentCohortId: string | null; limit: number },
) {
  return visibleCohorts(db, user)
    .select(['cohort.id', 'cohort.name', 'mine.role'])
    .where(visibleTo(user))
    .orderBy(sql`cohort.id = ${options.currentCohortId}`, 'desc')
    .orderBy(sql`mine.id is null`)
    .orderBy(sql`cohort.status in ('completed', 'archived')`)
    .orderBy('cohort.starts_on', 'desc')
    .orderBy('cohort.name')
    .limit(options.limit);
}

export function recentCohortOf(row: {
  id: string;
  name: string;
  role: RecentCohort['role'] | null;
}): RecentCohort {
  return { id: row.id, name: row.name, role: row.role ?? 'org-admin' };
}

/** how many cohorts the switcher lists before "Find a cohort" */
export const RECENT_COHORTS = 5;

/** One page of the cohorts a person may open whose name (or a word of it) starts with `q`. */
export async function searchCohorts(
  db: DB,
  user: Viewer,
  input: { q: string; limit?: number },
): Promise<SearchPage> {
  const limit = input.limit ?? SEARCH_PAGE_SIZE;
  let query = visibleCohorts(db, user)
    .select([
      'cohort.id',
      'cohort.name',
      'cohort.status',
      'program.title as programTitle',
      'mine.role',
    ])
    .where(visibleTo(user));
  if (input.q) {
    query = query
      .where((eb) => matchesWordPrefix(eb.ref('cohort.name'), input.q))
      .orderBy(sql`lower(cohort.name) like ${`${escapeLike(input.q)}%`}`, 'desc');
  }
  const rows = await query
    .orderBy(sql`mine.id is null`)
    .orderBy('cohort.starts_on', 'desc')
    .orderBy('cohort.name')
    .orderBy('cohort.id')
    .limit(limit + 1)
    .execute();
  const page = pageOf(rows, limit);
  return {
    more: page.more,
    items: page.items.map((row) => ({
      id: row.id,
      label: row.name,
      detail: `${row.programTitle} · ${roleLabels[row.role ?? 'org-admin']} · ${statusLabels[row.status]}`,
    })),
  };
}

export interface CohortOverview {
  id: string;
  name: string;
  status: CohortStatus;
  timezone: string;
  capacity: number;
  startsOn: string;
  endsOn: string;
  program: { id: string; title: string; description: string };
  /** whether its participants must fill in the Act 48 evaluation (the cohort's Act 48 setting) */
  evaluationRequired: boolean;
}

/**
 * The cohort page's header: the cohort and its program. Not a statement of its
 * own on a page: the cohort access read nests it (`getCohortOverviewFor` in permissions), so
 * a cohort page reads access and overview in one statement.
 */
export function cohortOverviewQuery(db: DB, cohortId: string) {
  return db
    .selectFrom('cohort')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .select((eb) => [
      'cohort.id',
      'cohort.name',
      'cohort.status',
      'cohort.timezone',
      'cohort.capacity',
      'cohort.starts_on as startsOn',
      'cohort.ends_on as endsOn',
      'program.id as programId',
      'program.title as programTitle',
      'program.description as programDescription',
      // read here, not in a statement of its own: every cohort page's tabs need it
      eb
        .selectFrom('cohort_act48_setting')
        .select('cohort_act48_setting.evaluation_required')
        .whereRef('cohort_act48_setting.cohort_id', '=', 'cohort.id')
        .as('evaluationRequired'),
    ])
    .where('cohort.id', '=', cohortId);
}

type CohortOverviewRow = InferResult<ReturnType<typeof cohortOverviewQuery>>[number];

/** the overview from its row, read directly or nested as JSON (dates are then text) */
export function cohortOverviewOf(
  row: Omit<CohortOverviewRow, 'startsOn' | 'endsOn'> & {
    startsOn: Date | string;
    endsOn: Date | string;
  },
): CohortOverview {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    timezone: row.timezone,
    capacity: row.capacity,
    startsOn: isoDate(row.startsOn),
    endsOn: isoDate(row.endsOn),
    program: { id: row.programId, title: row.programTitle, description: row.programDescription },
    evaluationRequired: row.evaluationRequired === true,
  };
}

const CohortSearchSchema = z.object({ q: SearchQuerySchema });

/** The switcher's "Find a cohort": the cohorts the signed-in person may open, one page at most. */
export async function answerCohortSearch(
  db: DB,
  request: Request,
): Promise<{ status: 200; body: SearchPage } | { status: 400 | 401; body: { message: string } }> {
  const url = new URL(request.url);
  const parsed = CohortSearchSchema.safeParse({ q: url.searchParams.get('q') ?? undefined });
  if (!parsed.success) {
    return { status: 400, body: { message: parsed.error.issues[0]?.message ?? 'Bad search.' } };
  }
  const user = await getUser(db, request);
  if (!user) return { status: 401, body: { message: 'Sign in to search cohorts.' } };
  return { status: 200, body: await searchCohorts(db, user, { q: parsed.data.q }) };
}

/** the home page's list query: search text and the page of each list, bad values read as the first */
export function readCohortListQuery(url: URL) {
  const pageNumber = (value: string | null) => {
    const number = Number(value);
    return Number.isInteger(number) && number >= 1 && number <= 100_000 ? number : 1;
  };
  const q = SearchQuerySchema.safeParse(url.searchParams.get('q') ?? undefined);
  return {
    q: q.success ? q.data : '',
    page: pageNumber(url.searchParams.get('page')),
    minePage: pageNumber(url.searchParams.get('mine')),
    pageSize: SEARCH_PAGE_SIZE,
  };
}
