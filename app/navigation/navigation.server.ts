import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { DB } from '../../db/db.server';
import type { SessionUser } from '../auth/session.server';
import { facilitationsQuery } from '../cohorts/cohort-settings.server';
import { recentCohortOf, recentCohortsQuery, type RecentCohort } from '../cohorts/cohorts.server';
import { unreadCountQuery } from '../notifications/notifications.server';
import { brandingFrom, brandingQuery, type SiteBranding } from '../organization/branding.server';

export interface Navigation {
  /** the switcher's cohorts, the one on screen first (`limit` at most) */
  cohorts: RecentCohort[];
  mayCreateCohorts: boolean;
  unreadNotices: number;
  organization: SiteBranding | null;
}

/**
 * What the header shows a signed-in person on every page: their recent cohorts, whether they
 * may start one, their unread notices and their organization's branding. One statement: the
 * four are each a subquery of it, built by the modules that own them, since a statement's
 * round trip cost more than any of the four.
 */
export async function getNavigation(
  db: DB,
  user: Pick<SessionUser, 'id' | 'organizationId' | 'isOrgAdmin'>,
  options: { currentCohortId: string | null; limit: number },
): Promise<Navigation> {
  const row = await db
    .selectNoFrom((eb) => [
      jsonArrayFrom(recentCohortsQuery(db, user, options)).as('cohorts'),
      user.isOrgAdmin
        ? sql<boolean>`true`.as('facilitates')
        : eb.exists(facilitationsQuery(db, user.id)).as('facilitates'),
      unreadCountQuery(db, user.id).as('unread'),
      jsonObjectFrom(brandingQuery(db).where('id', '=', user.organizationId)).as('organization'),
    ])
    .executeTakeFirstOrThrow();
  return {
    cohorts: row.cohorts.map(recentCohortOf),
    mayCreateCohorts: row.facilitates === true,
    unreadNotices: Number(row.unread ?? 0),
    organization: row.organization ? brandingFrom(row.organization) : null,
  };
}
