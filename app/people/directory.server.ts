import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { cohortRoles } from '../../db/schema';
import { requireUser, type SessionUser } from '../auth/session.server';
import { toHours } from '../hours/ledger.server';
import { todayIn } from '../pathway/progress.server';
import { notFound, requireOrgAdmin } from '../permissions/permissions.server';
import { isUuid } from '../utils/ids';
import type { PersonStatus } from './labels';
import { isMemberOn } from './membership';

type Executor = Kysely<Database>;

/** a page of the directory; the same whatever the organization's size */
export const PEOPLE_PAGE_SIZE = 25;

/** The first line of every people page: an org admin, or a 403. */
export async function requireDirectoryAdmin(db: Executor, request: Request): Promise<SessionUser> {
  const user = await requireUser(db, request);
  requireOrgAdmin(user, 'The people directory is open to your organization’s admins only.');
  return user;
}

const choice = <T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.enum(values).catch(fallback);

/** The directory's filters as the URL carries them; anything unknown falls back to "all". */
export const DirectoryFilterSchema = z.object({
  q: z
    .string()
    .catch('')
    .transform((value) => value.trim().slice(0, 200)),
  role: choice(['all', ...cohortRoles, 'org-admin'] as const, 'all'),
  /** a cohort's id (from a person's page) or a part of its name */
  cohort: z
    .string()
    .catch('')
    .transform((value) => value.trim().slice(0, 200)),
  status: choice(['all', 'active', 'deactivated', 'deleted'] as const, 'all'),
  membership: choice(['all', 'member', 'non-member'] as const, 'all'),
  educatorId: choice(['all', 'missing'] as const, 'all'),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type DirectoryFilter = z.infer<typeof DirectoryFilterSchema>;

export function isFiltered(filter: DirectoryFilter) {
  return (
    filter.q !== '' ||
    filter.role !== 'all' ||
    filter.cohort !== '' ||
    filter.status !== 'all' ||
    filter.membership !== 'all' ||
    filter.educatorId !== 'all'
  );
}

/** LIKE's own characters typed in a search box are matched literally */
function likePattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * One page of the organization's people, filtered on the server: the page never holds
 * more than PEOPLE_PAGE_SIZE rows, whatever the organization's size.
 */
export async function listPeople(
  db: Executor,
  input: { organizationId: string; filter: DirectoryFilter },
) {
  const { filter } = input;
  const organization = await db
    .selectFrom('organization')
    .select(['name', 'timezone'])
    .where('id', '=', input.organizationId)
    .executeTakeFirstOrThrow();
  const today = todayIn(organization.timezone);

  let query = db
    .selectFrom('app_user')
    .where('app_user.organization_id', '=', input.organizationId);
  if (filter.q) {
    const pattern = likePattern(filter.q);
    query = query.where((eb) =>
      eb.or([eb('app_user.name', 'ilike', pattern), eb('app_user.email', 'ilike', pattern)]),
    );
  }
  if (filter.status === 'active') {
    query = query
      .where('app_user.deactivated_at', 'is', null)
      .where('app_user.deleted_at', 'is', null);
  } else if (filter.status === 'deactivated') {
    query = query
      .where('app_user.deactivated_at', 'is not', null)
      .where('app_user.deleted_at', 'is', null);
  } else if (filter.status === 'deleted') {
    query = query.where('app_user.deleted_at', 'is not', null);
  } else {
    // deleted people are records, not people to manage: shown only when asked for
    query = query.where('app_user.deleted_at', 'is', null);
  }
  if (filter.role === 'org-admin') {
    query = query.where('app_user.is_org_admin', '=', true);
  } else if (filter.role !== 'all' || filter.cohort !== '') {
    const role = filter.role;
    const cohort = filter.cohort;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('cohort_member')
          .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
          .select(sql`1`.as('one'))
          .whereRef('cohort_member.user_id', '=', 'app_user.id')
          .where('cohort.organization_id', '=', input.organizationId)
          .where('cohort_member.status', '!=', 'withdrawn')
          .$if(role !== 'all', (qb) => qb.where('cohort_member.role', '=', role as never))
          .$if(cohort !== '', (qb) =>
            isUuid(cohort)
              ? qb.where('cohort.id', '=', cohort)
              : qb.where('cohort.name', 'ilike', likePattern(cohort)),
          ),
      ),
    );
  }
  const isMember = sql<boolean>`(app_user.member_since is not null
    and app_user.member_since <= ${today}::date
    and (app_user.member_until is null or app_user.member_until >= ${today}::date))`;
  if (filter.membership === 'member') query = query.where(isMember, '=', true);
  if (filter.membership === 'non-member') query = query.where(isMember, '=', false);
  if (filter.educatorId === 'missing')
    query = query.where('app_user.state_educator_id', 'is', null);

  const countRow = await query.select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow();
  const total = Number(countRow.count);
  const pageCount = Math.max(1, Math.ceil(total / PEOPLE_PAGE_SIZE));
  const page = Math.min(filter.page, pageCount);

  const rows = await query
    .select((eb) => [
      'app_user.id',
      'app_user.name',
      'app_user.email',
      'app_user.state_educator_id as stateEducatorId',
      'app_user.is_org_admin as isOrgAdmin',
      'app_user.may_coach as mayCoach',
      'app_user.may_author as mayAuthor',
      sql<string | null>`to_char(app_user.member_since, 'YYYY-MM-DD')`.as('memberSince'),
      sql<string | null>`to_char(app_user.member_until, 'YYYY-MM-DD')`.as('memberUntil'),
      'app_user.deactivated_at as deactivatedAt',
      'app_user.deleted_at as deletedAt',
      'app_user.last_seen_at as lastSeenAt',
      'app_user.password_hash as passwordHash',
      eb
        .selectFrom('cohort_member')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('cohort_member.user_id', '=', 'app_user.id')
        .where('cohort_member.status', 'in', ['active', 'waitlisted', 'invited'])
        .as('openCohorts'),
    ])
    .orderBy(sql`lower(app_user.name)`)
    .orderBy('app_user.id')
    .limit(PEOPLE_PAGE_SIZE)
    .offset((page - 1) * PEOPLE_PAGE_SIZE)
    .execute();

  return {
    organization,
    today,
    total,
    page,
    pageCount,
    people: rows.map(({ passwordHash, ...row }) => ({
      id: row.id,
      name: row.name,
      email: row.deletedAt ? null : row.email,
      stateEducatorId: row.stateEducatorId,
      isOrgAdmin: row.isOrgAdmin,
      mayCoach: row.mayCoach,
      mayAuthor: row.mayAuthor,
      isMember: isMemberOn({ member_since: row.memberSince, member_until: row.memberUntil }, today),
      memberSince: row.memberSince,
      memberUntil: row.memberUntil,
      status: personStatus(row, passwordHash),
      lastSeenAt: row.lastSeenAt ? new Date(row.lastSeenAt).toISOString() : null,
      openCohorts: Number(row.openCohorts ?? 0),
    })),
  };
}

/** invited = has an account but never chose a password */
function personStatus(
  row: { deactivatedAt: Date | null; deletedAt: Date | null },
  passwordHash: string | null,
): PersonStatus {
  if (row.deletedAt) return 'deleted';
  if (row.deactivatedAt) return 'deactivated';
  return passwordHash ? 'active' : 'invited';
}

/** how many sign-ins and attempts a person's page shows */
const ACTIVITY_LIMIT = 10;

/**
 * Everything a person's page shows, or a 404 when the id is not a person of the admin's
 * organization (another organization's people do not exist from here).
 */
export async function requirePerson(
  db: Executor,
  input: { organizationId: string; userId: string },
) {
  if (!isUuid(input.userId)) notFound('We could not find that person.');
  const person = await db
    .selectFrom('app_user')
    .innerJoin('organization', 'organization.id', 'app_user.organization_id')
    .select([
      'app_user.id',
      'app_user.name',
      'app_user.email',
      'app_user.state_educator_id as stateEducatorId',
      'app_user.is_org_admin as isOrgAdmin',
      'app_user.may_coach as mayCoach',
      'app_user.may_author as mayAuthor',
      'app_user.is_paraprofessional as isParaprofessional',
      sql<string | null>`to_char(app_user.member_since, 'YYYY-MM-DD')`.as('memberSince'),
      sql<string | null>`to_char(app_user.member_until, 'YYYY-MM-DD')`.as('memberUntil'),
      'app_user.deactivated_at as deactivatedAt',
      'app_user.deleted_at as deletedAt',
      'app_user.created_at as createdAt',
      'app_user.last_seen_at as lastSeenAt',
      'app_user.password_hash as passwordHash',
      'organization.timezone',
    ])
    .where('app_user.id', '=', input.userId)
    .where('app_user.organization_id', '=', input.organizationId)
    .executeTakeFirst();
  if (!person) notFound('We could not find that person in your organization.');
  return person;
}

export async function getPersonPage(
  db: Executor,
  input: { organizationId: string; userId: string },
) {
  const person = await requirePerson(db, input);
  const today = todayIn(person.timezone);
  const [cohorts, hours, credentials, sessions, attempts] = await Promise.all([
    db
      .selectFrom('cohort_member')
      .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
      .select([
        'cohort.id',
        'cohort.name',
        'cohort.status as cohortStatus',
        'cohort_member.role',
        'cohort_member.status',
        'cohort_member.joined_at as joinedAt',
        'cohort_member.withdrawn_at as withdrawnAt',
      ])
      .where('cohort_member.user_id', '=', person.id)
      .where('cohort.organization_id', '=', input.organizationId)
      .orderBy('cohort.starts_on', 'desc')
      .orderBy('cohort.name')
      .execute(),
    db
      .selectFrom('hours_entry')
      .select([sql<string | null>`sum(hours)`.as('total'), sql<string>`count(*)`.as('entries')])
      .where('user_id', '=', person.id)
      .where('organization_id', '=', input.organizationId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('credential')
      .select(['id', 'title', 'issued_at as issuedAt', 'revoked_at as revokedAt', 'hours'])
      .where('user_id', '=', person.id)
      .where('organization_id', '=', input.organizationId)
      .orderBy('issued_at', 'desc')
      .execute(),
    db
      .selectFrom('auth_session')
      .select([
        'id',
        'created_at as createdAt',
        'last_seen_at as lastSeenAt',
        'user_agent as userAgent',
      ])
      .where('user_id', '=', person.id)
      .orderBy('last_seen_at', 'desc')
      .limit(ACTIVITY_LIMIT)
      .execute(),
    person.deletedAt
      ? Promise.resolve([])
      : db
          .selectFrom('sign_in_attempt')
          .select(['attempted_at as attemptedAt', 'succeeded'])
          .where(sql`lower(email)`, '=', person.email.toLowerCase())
          .orderBy('attempted_at', 'desc')
          .limit(ACTIVITY_LIMIT)
          .execute(),
  ]);
  const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);
  return {
    today,
    person: {
      id: person.id,
      name: person.name,
      email: person.deletedAt ? null : person.email,
      stateEducatorId: person.stateEducatorId,
      isOrgAdmin: person.isOrgAdmin,
      mayCoach: person.mayCoach,
      mayAuthor: person.mayAuthor,
      isParaprofessional: person.isParaprofessional,
      memberSince: person.memberSince,
      memberUntil: person.memberUntil,
      isMember: isMemberOn(
        { member_since: person.memberSince, member_until: person.memberUntil },
        today,
      ),
      status: personStatus(person, person.passwordHash),
      deactivatedAt: iso(person.deactivatedAt),
      deletedAt: iso(person.deletedAt),
      createdAt: iso(person.createdAt)!,
      lastSeenAt: iso(person.lastSeenAt),
      timezone: person.timezone,
    },
    cohorts: cohorts.map((row) => ({
      ...row,
      joinedAt: iso(row.joinedAt),
      withdrawnAt: iso(row.withdrawnAt),
    })),
    hours: { total: toHours(hours.total ?? 0), entries: Number(hours.entries) },
    credentials: credentials.map((row) => ({
      ...row,
      hours: toHours(row.hours),
      issuedAt: iso(row.issuedAt)!,
      revokedAt: iso(row.revokedAt),
    })),
    sessions: sessions.map((row) => ({
      ...row,
      createdAt: iso(row.createdAt)!,
      lastSeenAt: iso(row.lastSeenAt)!,
    })),
    attempts: attempts.map((row) => ({ ...row, attemptedAt: iso(row.attemptedAt)! })),
  };
}
