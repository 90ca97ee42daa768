import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB } from '../../db/db.server';
import type { CohortStatus } from '../../db/schema';
import type { SessionUser } from '../auth/session.server';
import type { CohortAccessRole } from '../permissions/permissions.server';

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

/**
 * The cohorts on a person's home page and in the header's switcher: those they belong
 * to with their role, plus (for an org admin) every other cohort of the organization.
 * One query whatever the number of cohorts.
 */
export async function listCohortsForUser(
  db: DB,
  user: Pick<SessionUser, 'id' | 'organizationId' | 'isOrgAdmin'>,
): Promise<CohortSummary[]> {
  const rows = await db
    .selectFrom('cohort')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .leftJoin('cohort_member as mine', (join) =>
      join
        .onRef('mine.cohort_id', '=', 'cohort.id')
        .on('mine.user_id', '=', user.id)
        .on('mine.status', 'in', ['active', 'completed']),
    )
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
      user.isOrgAdmin
        ? eb.or([
            eb('mine.id', 'is not', null),
            eb('cohort.organization_id', '=', user.organizationId),
          ])
        : eb('mine.id', 'is not', null),
    )
    .orderBy('cohort.starts_on', 'desc')
    .orderBy('cohort.name')
    .execute();

  return rows.map((row) => ({
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
  }));
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
  members: {
    userId: string;
    name: string;
    role: 'facilitator' | 'coach' | 'participant';
    status: string;
  }[];
}

/** The cohort page: the cohort, its program and its roster, in one query. */
export async function getCohortOverview(db: DB, cohortId: string): Promise<CohortOverview | null> {
  const row = await db
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
      jsonArrayFrom(
        eb
          .selectFrom('cohort_member')
          .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
          .select([
            'app_user.id as userId',
            'app_user.name',
            'cohort_member.role',
            'cohort_member.status',
          ])
          .whereRef('cohort_member.cohort_id', '=', 'cohort.id')
          .where('cohort_member.status', '!=', 'withdrawn')
          .orderBy(
            sql`case cohort_member.role when 'facilitator' then 0 when 'coach' then 1 else 2 end`,
          )
          .orderBy('app_user.name'),
      ).as('members'),
    ])
    .where('cohort.id', '=', cohortId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    timezone: row.timezone,
    capacity: row.capacity,
    startsOn: isoDate(row.startsOn),
    endsOn: isoDate(row.endsOn),
    program: { id: row.programId, title: row.programTitle, description: row.programDescription },
    members: row.members,
  };
}
