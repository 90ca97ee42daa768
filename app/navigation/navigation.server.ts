import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { compiledOnce } from '../../db/compiled-once';
import type { DB } from '../../db/db.server';
import type { SessionUser } from '../auth/session.server';
import { facilitationsQuery } from '../cohorts/cohort-settings.server';
import { recentCohortOf, recentCohortsQuery, type RecentCohort } from '../cohorts/cohorts.server';
import { unreadCountQuery } from '../notifications/notifications.server';
import { brandingFrom, brandingQuery, type SiteBranding } from '../organization/branding.server';
import { isUuid } from '../utils/ids';

export interface Navigation {
  /** the switcher's cohorts, the one on screen first (`limit` at most) */
  cohorts: RecentCohort[];
  mayCreateCohorts: boolean;
  unreadNotices: number;
  organization: SiteBranding | null;
}

// every page runs it: compiled once for people who run an organization and once for the rest
const navigationStatement = compiledOnce(
  (
    db,
    args: { userId: string; organizationId: string; currentCohortId: string | null; limit: number },
    shape: { isOrgAdmin: boolean },
  ) => {
    const user = { id: args.userId, organizationId: args.organizationId, ...shape };
    return db.selectNoFrom((eb) => [
      jsonArrayFrom(recentCohortsQuery(db, user, args)).as('cohorts'),
      shape.isOrgAdmin
        ? sql<boolean>`true`.as('facilitates')
        : eb.exists(facilitationsQuery(db, args.userId)).as('facilitates'),
      unreadCountQuery(db, args.userId).as('unread'),
      jsonObjectFrom(brandingQuery(db).where('id', '=', args.organizationId)).as('organization'),
    ]);
  },
);

/**
 * What the header shows a signed-in person on every page: their recent cohorts, whether they
 * may start one, their unread notices and their organization's branding. One statement: the
 * four are each a subquery of it, built by the modules that own them, since a statement's
 * round trip cost more than any of the four. `currentCohortId` is the address's cohort part,
 * checked here.
 */
export async function getNavigation(
  db: DB,
  user: Pick<SessionUser, 'id' | 'organizationId' | 'isOrgAdmin'>,
  options: { currentCohortId: string | null; limit: number },
): Promise<Navigation> {
  const current = options.currentCohortId;
  const [row] = await navigationStatement(
    db,
    {
      userId: user.id,
      organizationId: user.organizationId,
      currentCohortId: current !== null && isUuid(current) ? current : null,
      limit: options.limit,
    },
    { isOrgAdmin: user.isOrgAdmin },
  );
  if (!row) throw new Error('the navigation statement returned no row');
  return {
    cohorts: row.cohorts.map(recentCohortOf),
    mayCreateCohorts: row.facilitates === true,
    unreadNotices: Number(row.unread ?? 0),
    organization: row.organization ? brandingFrom(row.organization) : null,
  };
}
