import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/db.server';
import type { Database } from '../../db/schema';
import { getUser, type SessionUser } from '../auth/session.server';
import { canCreateCohorts } from '../cohorts/cohort-settings.server';
import { getCohortAccess, may } from '../permissions/permissions.server';
import { SEARCH_PAGE_SIZE, type SearchPage } from '../search/search';
import { SearchQuerySchema, escapeLike, matchesWordPrefix, pageOf } from '../search/search.server';
import { isUuid } from '../utils/ids';

type Executor = Kysely<Database>;

/**
 * Who a picker offers. coach: people the organization marked `may_coach`. facilitator: org
 * admins, people who may coach, and anyone who already facilitates a cohort of the
 * organization. any: every person of the organization. Deactivated and deleted people never.
 */
export const PICKER_ROLES = ['coach', 'facilitator', 'any'] as const;
export type PickerRole = (typeof PICKER_ROLES)[number];

export const PeopleSearchSchema = z.object({
  q: SearchQuerySchema,
  role: z.enum(PICKER_ROLES, { error: 'role must be coach, facilitator or any.' }).default('any'),
  cohort: z.string().refine(isUuid, 'cohort must be a cohort id.').optional(),
});

function eligible(db: Executor, input: { organizationId: string; role: PickerRole }) {
  let query = db
    .selectFrom('app_user')
    .where('app_user.organization_id', '=', input.organizationId)
    .where('app_user.deactivated_at', 'is', null)
    .where('app_user.deleted_at', 'is', null);
  if (input.role === 'coach') query = query.where('app_user.may_coach', '=', true);
  if (input.role === 'facilitator') {
    query = query.where((eb) =>
      eb.or([
        eb('app_user.is_org_admin', '=', true),
        eb('app_user.may_coach', '=', true),
        eb.exists(
          eb
            .selectFrom('cohort_member')
            .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
            .select('cohort_member.id')
            .whereRef('cohort_member.user_id', '=', 'app_user.id')
            .where('cohort_member.role', '=', 'facilitator')
            .where('cohort_member.status', '=', 'active')
            .where('cohort.organization_id', '=', input.organizationId),
        ),
      ]),
    );
  }
  return query;
}

/** One page of the people a picker offers, best matches (name starts with the text) first. */
export async function searchPeople(
  db: Executor,
  input: { organizationId: string; role: PickerRole; q: string; limit?: number },
): Promise<SearchPage> {
  const limit = input.limit ?? SEARCH_PAGE_SIZE;
  let query = eligible(db, input).select(['app_user.id', 'app_user.name', 'app_user.email']);
  if (input.q) {
    query = query
      .where((eb) =>
        eb.or([
          matchesWordPrefix(eb.ref('app_user.name'), input.q),
          matchesWordPrefix(eb.ref('app_user.email'), input.q),
        ]),
      )
      .orderBy(sql`lower(app_user.name) like ${`${escapeLike(input.q)}%`}`, 'desc');
  }
  const rows = await query
    .orderBy(sql`lower(app_user.name)`)
    .orderBy('app_user.id')
    .limit(limit + 1)
    .execute();
  const page = pageOf(rows, limit);
  return {
    more: page.more,
    items: page.items.map((row) => ({ id: row.id, label: row.name, detail: row.email })),
  };
}

/** The person `personId` when a picker for `role` in this organization would offer them. */
export async function getPickablePerson(
  db: Executor,
  input: { organizationId: string; role: PickerRole; personId: string },
) {
  if (!isUuid(input.personId)) return null;
  const row = await eligible(db, input)
    .select(['app_user.id', 'app_user.name', 'app_user.email'])
    .where('app_user.id', '=', input.personId)
    .executeTakeFirst();
  return row ?? null;
}

/** A person's name and email for showing a chosen id back in a picker, within one organization. */
export async function getPersonOption(
  db: Executor,
  input: { organizationId: string; personId: string | null | undefined },
) {
  if (!input.personId || !isUuid(input.personId)) return null;
  const row = await db
    .selectFrom('app_user')
    .select(['id', 'name', 'email'])
    .where('id', '=', input.personId)
    .where('organization_id', '=', input.organizationId)
    .executeTakeFirst();
  return row ? { id: row.id, label: row.name, detail: row.email } : null;
}

type SearchAnswer =
  { status: 200; body: SearchPage } | { status: 400 | 401 | 403; body: { message: string } };

/**
 * The people search behind every person picker. Searching the people of an organization is
 * for those who staff its cohorts: its admins, and anyone who may create a cohort there; with
 * `cohort`, the cohort's facilitators (and its organization's admins) search its organization.
 */
export async function answerPeopleSearch(db: DB, request: Request): Promise<SearchAnswer> {
  const url = new URL(request.url);
  const parsed = PeopleSearchSchema.safeParse({
    q: url.searchParams.get('q') ?? undefined,
    role: url.searchParams.get('role') ?? undefined,
    cohort: url.searchParams.get('cohort') ?? undefined,
  });
  if (!parsed.success) {
    return { status: 400, body: { message: parsed.error.issues[0]?.message ?? 'Bad search.' } };
  }
  const user = await getUser(db, request);
  if (!user) return { status: 401, body: { message: 'Sign in to search people.' } };
  const organizationId = await searchableOrganization(db, user, parsed.data.cohort);
  if (!organizationId) {
    return {
      status: 403,
      body: { message: 'Only org admins and facilitators search the people of an organization.' },
    };
  }
  const body = await searchPeople(db, {
    organizationId,
    role: parsed.data.role,
    q: parsed.data.q,
  });
  return { status: 200, body };
}

async function searchableOrganization(db: DB, user: SessionUser, cohortId: string | undefined) {
  if (cohortId) {
    const access = await getCohortAccess(db, { cohortId, user });
    const staff = may(access?.role, 'administer');
    return staff && access ? access.cohort.organizationId : null;
  }
  return (await canCreateCohorts(db, user)) ? user.organizationId : null;
}
