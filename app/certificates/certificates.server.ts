import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { toHours } from '../hours/ledger.server';
import { isUuid } from '../utils/ids';

type Executor = Kysely<Database>;

function completionQuery(db: Executor) {
  return db
    .selectFrom('hours_entry')
    .innerJoin('app_user', 'app_user.id', 'hours_entry.user_id')
    .innerJoin('cohort', 'cohort.id', 'hours_entry.cohort_id')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .innerJoin('organization', 'organization.id', 'hours_entry.organization_id')
    .select([
      'hours_entry.id',
      'hours_entry.hours',
      'hours_entry.awarded_at as awardedAt',
      'app_user.id as userId',
      'app_user.name',
      'app_user.state_educator_id as stateEducatorId',
      'organization.id as organizationId',
      'organization.name as organizationName',
      'program.title as programTitle',
      'cohort.id as cohortId',
      'cohort.name as cohortName',
      'cohort.timezone',
      sql<string>`to_char(cohort.starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string>`to_char(cohort.ends_on, 'YYYY-MM-DD')`.as('endsOn'),
      sql<boolean>`exists (
        select 1 from hours_entry r where r.reverses_entry_id = hours_entry.id
      )`.as('reversed'),
    ])
    .where('hours_entry.source', '=', 'completion');
}

/**
 * What the completion certificate says: made from the completion entry, so it exists only
 * while those hours stand. The entry's id is the certificate's number.
 */
export async function getCohortCertificate(
  db: Executor,
  input: { userId: string; cohortId: string },
) {
  if (!isUuid(input.userId) || !isUuid(input.cohortId)) return null;
  const row = await completionQuery(db)
    .where('hours_entry.user_id', '=', input.userId)
    .where('hours_entry.cohort_id', '=', input.cohortId)
    .executeTakeFirst();
  if (!row || row.reversed) return null;
  return {
    ...row,
    hours: toHours(row.hours),
    awardedAt: new Date(row.awardedAt).toISOString(),
  };
}

/** "Z. O." from "Zoë Ortiz": enough to match a certificate in hand, not enough to find a person. */
export function initials(name: string) {
  return name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((part) => `${[...part][0]!.toUpperCase()}.`)
    .join(' ');
}

/** The public check behind a certificate's verification URL. */
export async function getCertificateVerification(db: Executor, certificateId: string | undefined) {
  if (!isUuid(certificateId)) return null;
  const row = await completionQuery(db)
    .where('hours_entry.id', '=', certificateId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    initials: initials(row.name),
    organizationName: row.organizationName,
    programTitle: row.programTitle,
    cohortName: row.cohortName,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    hours: toHours(row.hours),
    awardedAt: new Date(row.awardedAt).toISOString(),
    timezone: row.timezone,
    valid: !row.reversed,
  };
}

/** What a credential's PDF certificate shows; who may download it is the caller's check. */
export async function getCredentialCertificate(db: Executor, credentialId: string | undefined) {
  if (!isUuid(credentialId)) return null;
  const row = await db
    .selectFrom('credential')
    .innerJoin('app_user', 'app_user.id', 'credential.user_id')
    .innerJoin('organization', 'organization.id', 'credential.organization_id')
    .innerJoin('cohort', 'cohort.id', 'credential.cohort_id')
    .select([
      'credential.id',
      'credential.title',
      'credential.kind',
      'credential.hours',
      'credential.issued_at as issuedAt',
      'credential.revoked_at as revokedAt',
      'app_user.name',
      'organization.id as organizationId',
      'organization.name as organizationName',
      'cohort.timezone',
      sql<string>`to_char(cohort.starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string>`to_char(cohort.ends_on, 'YYYY-MM-DD')`.as('endsOn'),
    ])
    .where('credential.id', '=', credentialId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    ...row,
    hours: toHours(row.hours),
    issuedAt: new Date(row.issuedAt).toISOString(),
    revoked: row.revokedAt !== null,
  };
}
