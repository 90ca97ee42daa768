import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Executor = Kysely<Database>;

/** Everyone the cohort's pages are open to: active and completed members, staff included. */
export async function listAdmittedMembers(db: Executor, cohortId: string) {
  return db
    .selectFrom('cohort_member')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select([
      'app_user.id',
      'app_user.name',
      'app_user.email',
      'cohort_member.role',
      'app_user.organization_id as organizationId',
    ])
    .where('cohort_member.cohort_id', '=', cohortId)
    .where('cohort_member.status', 'in', ['active', 'completed'])
    .orderBy('app_user.name')
    .execute();
}

export function splitName(name: string) {
  const parts = name.trim().split(/\s+/);
  const lastName = parts.length > 1 ? (parts.pop() ?? '') : '-';
  return { firstName: parts.join(' ') || name || 'Participant', lastName };
}
