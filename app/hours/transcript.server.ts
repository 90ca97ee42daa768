import { sql, type Kysely } from 'kysely';
import type { CohortStatus, Database, HoursSource } from '../../db/schema';
import type { SessionUser } from '../auth/session.server';
import { administersOrganization } from '../permissions/policy';
import { isUuid } from '../utils/ids';
import { toHours } from './ledger.server';

type Executor = Kysely<Database>;

/** which cohorts of a person's transcript the viewer may see; null means none */
export type TranscriptScope = { cohortIds: 'all' } | { cohortIds: string[] };

/**
 * Only the person, an admin of their organization, and the staff of a cohort they took part
 * in may read a transcript; staff see only their own cohorts' part of it.
 */
export async function getTranscriptScope(
  db: Executor,
  input: { viewer: Pick<SessionUser, 'id' | 'organizationId' | 'isOrgAdmin'>; userId: string },
): Promise<TranscriptScope | null> {
  if (!isUuid(input.userId)) return null;
  if (input.viewer.id === input.userId) return { cohortIds: 'all' };
  const person = await db
    .selectFrom('app_user')
    .select('organization_id as organizationId')
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (!person) return null;
  if (administersOrganization(input.viewer, person.organizationId)) {
    return { cohortIds: 'all' };
  }
  const shared = await db
    .selectFrom('cohort_member as staff')
    .innerJoin('cohort_member as learner', 'learner.cohort_id', 'staff.cohort_id')
    .select('staff.cohort_id as cohortId')
    .where('staff.user_id', '=', input.viewer.id)
    .where('staff.role', 'in', ['facilitator', 'coach'])
    .where('staff.status', 'in', ['active', 'completed'])
    .where('learner.user_id', '=', input.userId)
    .where('learner.role', '=', 'participant')
    .execute();
  return shared.length > 0 ? { cohortIds: shared.map((row) => row.cohortId) } : null;
}

export interface TranscriptEntry {
  id: string;
  source: HoursSource;
  /** for a reversal, the source of the entry it cancels; hours are counted under it */
  countsAs: HoursSource;
  hours: number;
  reason: string;
  awardedAt: string;
}

/** A person's programs, cohorts, hours by source and credentials, within `scope`. */
export async function getTranscript(
  db: Executor,
  input: { userId: string; scope: TranscriptScope },
) {
  const person = await db
    .selectFrom('app_user')
    .innerJoin('organization', 'organization.id', 'app_user.organization_id')
    .select([
      'app_user.id',
      'app_user.name',
      'app_user.email',
      'app_user.state_educator_id as stateEducatorId',
      'app_user.is_paraprofessional as isParaprofessional',
      'organization.id as organizationId',
      'organization.name as organizationName',
      'organization.timezone',
    ])
    .where('app_user.id', '=', input.userId)
    .executeTakeFirst();
  if (!person) return null;
  const only = input.scope.cohortIds;
  if (only !== 'all' && only.length === 0) return null;

  let cohortQuery = db
    .selectFrom('cohort_member')
    .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .select([
      'cohort.id',
      'cohort.name',
      'cohort.status',
      'cohort.timezone',
      sql<string>`to_char(cohort.starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string>`to_char(cohort.ends_on, 'YYYY-MM-DD')`.as('endsOn'),
      'cohort_member.status as memberStatus',
      'program.id as programId',
      'program.title as programTitle',
    ])
    .where('cohort_member.user_id', '=', input.userId)
    .where('cohort_member.role', '=', 'participant')
    .where('cohort_member.status', 'in', ['active', 'completed', 'withdrawn'])
    .orderBy('cohort.starts_on', 'desc');
  let entryQuery = db
    .selectFrom('hours_entry')
    .leftJoin('hours_entry as original', 'original.id', 'hours_entry.reverses_entry_id')
    .select([
      'hours_entry.id',
      'hours_entry.cohort_id as cohortId',
      'hours_entry.source',
      'original.source as originalSource',
      'hours_entry.hours',
      'hours_entry.reason',
      'hours_entry.awarded_at as awardedAt',
    ])
    .where('hours_entry.user_id', '=', input.userId)
    .orderBy('hours_entry.awarded_at')
    .orderBy('hours_entry.id');
  let credentialQuery = db
    .selectFrom('credential')
    .select([
      'id',
      'cohort_id as cohortId',
      'kind',
      'title',
      'hours',
      'issued_at as issuedAt',
      'shared_at as sharedAt',
      'revoked_at as revokedAt',
    ])
    .where('user_id', '=', input.userId)
    .orderBy('issued_at');
  if (only !== 'all') {
    cohortQuery = cohortQuery.where('cohort.id', 'in', only);
    entryQuery = entryQuery.where('hours_entry.cohort_id', 'in', only);
    credentialQuery = credentialQuery.where('cohort_id', 'in', only);
  }
  const [cohortRows, entryRows, credentialRows] = await Promise.all([
    cohortQuery.execute(),
    entryQuery.execute(),
    credentialQuery.execute(),
  ]);

  const credentials = credentialRows.map((row) => ({
    id: row.id,
    cohortId: row.cohortId,
    kind: row.kind,
    title: row.title,
    hours: toHours(row.hours),
    issuedAt: new Date(row.issuedAt).toISOString(),
    shared: row.sharedAt !== null,
    revoked: row.revokedAt !== null,
  }));
  const cohorts = cohortRows.map((cohort) => {
    const entries: TranscriptEntry[] = entryRows
      .filter((entry) => entry.cohortId === cohort.id)
      .map((entry) => ({
        id: entry.id,
        source: entry.source,
        countsAs:
          entry.source === 'reversal' ? (entry.originalSource ?? 'adjustment') : entry.source,
        hours: toHours(entry.hours),
        reason: entry.reason,
        awardedAt: new Date(entry.awardedAt).toISOString(),
      }));
    const bySource = { completion: 0, 'micro-credential': 0, adjustment: 0 };
    for (const entry of entries) {
      const key = entry.countsAs === 'reversal' ? 'adjustment' : entry.countsAs;
      bySource[key] = toHours(bySource[key] + entry.hours);
    }
    const total = toHours(entries.reduce((sum, entry) => sum + entry.hours, 0));
    return {
      id: cohort.id,
      name: cohort.name,
      status: cohort.status as CohortStatus,
      timezone: cohort.timezone,
      startsOn: cohort.startsOn,
      endsOn: cohort.endsOn,
      memberStatus: cohort.memberStatus,
      programTitle: cohort.programTitle,
      bySource,
      total,
      // the completion certificate is there while the completion hours stand
      completed: bySource.completion > 0,
      entries,
      credentials: credentials.filter((credential) => credential.cohortId === cohort.id),
    };
  });
  return {
    person,
    cohorts,
    totalHours: toHours(cohorts.reduce((sum, cohort) => sum + cohort.total, 0)),
    credentials,
  };
}

export type Transcript = NonNullable<Awaited<ReturnType<typeof getTranscript>>>;
