import { data } from '@remix-run/node';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import { compiledOnce } from '../../db/compiled-once';
import type { DB } from '../../db/db.server';
import type { CohortStatus } from '../../db/schema';
import { requireUser, type SessionUser } from '../auth/session.server';
import {
  cohortOverviewOf,
  cohortOverviewQuery,
  type CohortOverview,
} from '../cohorts/cohorts.server';
import { memoizeForRequest } from '../http/request-log.server';
import { isUuid } from '../utils/ids';
import { administersOrganization, may, type CohortAccessRole, type CohortRule } from './policy';

export { administersOrganization, cohortRules, may, runsShareOut } from './policy';
export type { CohortAccessRole, CohortRule } from './policy';

export interface CohortAccess {
  cohort: {
    id: string;
    name: string;
    organizationId: string;
    status: CohortStatus;
    timezone: string;
  };
  role: CohortAccessRole;
}

export interface ErrorPayload {
  message: string;
}

export function forbidden(message = 'You do not have access to this page.'): never {
  throw data<ErrorPayload>({ message }, { status: 403 });
}

export function notFound(message = 'We could not find that page.'): never {
  throw data<ErrorPayload>({ message }, { status: 404 });
}

/** membership statuses that open the cohort's pages; invited, waitlisted and withdrawn do not */
const ADMITTED_STATUSES = ['active', 'completed'] as const;

/**
 * What this person may do in this cohort, or null when the cohort does not exist.
 * An org admin reaches every cohort of their organization; anyone else needs an
 * admitted membership. The answer comes from the database, never from the client.
 */
export async function getCohortAccess(
  db: DB,
  input: { cohortId: string; user: Pick<SessionUser, 'id' | 'organizationId' | 'isOrgAdmin'> },
): Promise<{ cohort: CohortAccess['cohort']; role: CohortAccessRole | null } | null> {
  const loaded = await loadCohortAccessOnce(db, input);
  return loaded && { cohort: loaded.cohort, role: loaded.role };
}

/**
 * The cohort page's header (`CohortOverview`), read with the access in one statement: the
 * layout asks for both, and the page for the access. Only after the access was granted
 * (`requireCohortRole`).
 */
export async function getCohortOverviewFor(
  db: DB,
  input: { cohortId: string; user: Pick<SessionUser, 'id' | 'organizationId' | 'isOrgAdmin'> },
): Promise<CohortOverview | null> {
  return (await loadCohortAccessOnce(db, input))?.overview ?? null;
}

function loadCohortAccessOnce(
  db: DB,
  input: { cohortId: string; user: Pick<SessionUser, 'id' | 'organizationId' | 'isOrgAdmin'> },
) {
  // the layout and the page both ask; one query answers both
  return memoizeForRequest(`cohort-access:${input.cohortId}:${input.user.id}`, () =>
    loadCohortAccess(db, input),
  );
}

// every cohort page runs it, and its overview makes it one of the largest: compiled once
const cohortAccessStatement = compiledOnce((db, args: { cohortId: string; userId: string }) =>
  db
    .selectFrom('cohort')
    .leftJoin('cohort_member', (join) =>
      join
        .onRef('cohort_member.cohort_id', '=', 'cohort.id')
        .on('cohort_member.user_id', '=', args.userId)
        .on('cohort_member.status', 'in', ADMITTED_STATUSES),
    )
    .select([
      'cohort.id',
      'cohort.name',
      'cohort.organization_id as organizationId',
      'cohort.status',
      'cohort.timezone',
      'cohort_member.role',
      jsonObjectFrom(cohortOverviewQuery(db, args.cohortId)).as('overview'),
    ])
    .where('cohort.id', '=', args.cohortId),
);

async function loadCohortAccess(
  db: DB,
  input: { cohortId: string; user: Pick<SessionUser, 'id' | 'organizationId' | 'isOrgAdmin'> },
): Promise<{
  cohort: CohortAccess['cohort'];
  role: CohortAccessRole | null;
  overview: CohortOverview | null;
} | null> {
  if (!isUuid(input.cohortId)) return null;
  const [row] = await cohortAccessStatement(db, {
    cohortId: input.cohortId,
    userId: input.user.id,
  });
  if (!row) return null;
  const { role, overview: overviewRow, ...cohort } = row;
  const overview = overviewRow ? cohortOverviewOf(overviewRow) : null;
  if (role) return { cohort, role, overview };
  return {
    cohort,
    role: administersOrganization(input.user, cohort.organizationId) ? 'org-admin' : null,
    overview,
  };
}

/**
 * The first line of every cohort loader and action: the signed-in person (or a trip to
 * /login), a 404 for a cohort that does not exist, a 403 when their role there does not
 * hold `rule` (see `cohortRules`). An org admin of the cohort's organization holds only
 * the rules given to 'org-admin': not score, review or host.
 */
export async function requireCohortRole(
  db: DB,
  request: Request,
  cohortId: string | undefined,
  rule: CohortRule,
): Promise<{ user: SessionUser } & CohortAccess> {
  const user = await requireUser(db, request);
  const access = await getCohortAccess(db, { cohortId: cohortId ?? '', user });
  if (!access) notFound('We could not find that cohort. It may have been removed.');
  const { role, cohort } = access;
  if (!role) forbidden('This cohort is not one of yours. Ask its facilitator for an invitation.');
  if (!may(role, rule)) forbidden('Your role in this cohort does not include this page.');
  return { user, cohort, role };
}

/**
 * The organization's own pages (people, settings, hours, Act 48, fees, outbox): only an admin
 * of the person's organization reaches them; 403 with `message` for anyone else.
 */
export function requireOrgAdmin(
  user: Pick<SessionUser, 'isOrgAdmin' | 'organizationId'>,
  message: string,
): void {
  if (!administersOrganization(user, user.organizationId)) forbidden(message);
}
