import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { toCsv, type CsvValue } from '../utils/csv.server';
import { isMemberOn } from '../people/membership';
import { sourceLabels, toHours } from './ledger.server';

type Executor = Kysely<Database>;

/**
 * The columns of the hours export, in order (documented in README.md, "Hours export"). One
 * row per ledger entry, so a reversal is a negative row beside the entry it cancels and a
 * state system can sum by educator id.
 */
export const HOURS_CSV_COLUMNS = [
  'state_educator_id',
  'educator_name',
  'email',
  'member',
  'provider',
  'program',
  'activity',
  'activity_start_date',
  'activity_end_date',
  'credit_date',
  'hours',
  'source',
  'micro_credential',
  'reason',
  'entry_id',
  'reverses_entry_id',
] as const;

const isoDay = z.iso.date({ error: 'Use a date like 2027-01-31.' });

export const DateRangeSchema = z
  .object({ from: isoDay, to: isoDay })
  .refine((range) => range.from <= range.to, {
    message: 'The start date must come before the end date.',
    path: ['to'],
  });

/**
 * Ledger entries of an organization for the export: of one cohort, or credited between two
 * calendar days (inclusive, in the organization's time zone).
 */
export async function getHoursExportRows(
  db: Executor,
  input: { organizationId: string } & ({ cohortId: string } | { from: string; to: string }),
) {
  let query = db
    .selectFrom('hours_entry')
    .innerJoin('app_user', 'app_user.id', 'hours_entry.user_id')
    .innerJoin('cohort', 'cohort.id', 'hours_entry.cohort_id')
    .innerJoin('program', 'program.id', 'cohort.program_id')
    .innerJoin('organization', 'organization.id', 'hours_entry.organization_id')
    .leftJoin('micro_credential', 'micro_credential.id', 'hours_entry.micro_credential_id')
    .select([
      'hours_entry.id',
      'hours_entry.source',
      'hours_entry.hours',
      'hours_entry.reason',
      'hours_entry.reverses_entry_id as reversesEntryId',
      sql<string>`to_char(hours_entry.awarded_at at time zone cohort.timezone, 'YYYY-MM-DD')`.as(
        'creditDate',
      ),
      'app_user.name',
      'app_user.email',
      'app_user.state_educator_id as stateEducatorId',
      sql<string | null>`to_char(app_user.member_since, 'YYYY-MM-DD')`.as('memberSince'),
      sql<string | null>`to_char(app_user.member_until, 'YYYY-MM-DD')`.as('memberUntil'),
      'organization.name as provider',
      'program.title as program',
      'cohort.name as activity',
      sql<string>`to_char(cohort.starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string>`to_char(cohort.ends_on, 'YYYY-MM-DD')`.as('endsOn'),
      sql<string | null>`micro_credential.code || ' ' || micro_credential.title`.as(
        'microCredential',
      ),
    ])
    .where('hours_entry.organization_id', '=', input.organizationId)
    .orderBy('app_user.name')
    .orderBy('hours_entry.awarded_at')
    .orderBy('hours_entry.id');
  if ('cohortId' in input) {
    query = query.where('hours_entry.cohort_id', '=', input.cohortId);
  } else {
    const day = sql<string>`(hours_entry.awarded_at at time zone organization.timezone)::date`;
    query = query
      .where(day, '>=', sql<string>`${input.from}::date`)
      .where(day, '<=', sql<string>`${input.to}::date`);
  }
  return query.execute();
}

export function hoursToCsv(rows: Awaited<ReturnType<typeof getHoursExportRows>>) {
  const lines: CsvValue[][] = [[...HOURS_CSV_COLUMNS]];
  for (const row of rows) {
    lines.push([
      row.stateEducatorId,
      row.name,
      row.email,
      // membership on the day the hours were credited, as the fee and reports reckon it
      isMemberOn({ member_since: row.memberSince, member_until: row.memberUntil }, row.creditDate)
        ? 'member'
        : 'non-member',
      row.provider,
      row.program,
      row.activity,
      row.startsOn,
      row.endsOn,
      row.creditDate,
      toHours(row.hours),
      sourceLabels[row.source],
      row.microCredential,
      row.reason,
      row.id,
      row.reversesEntryId,
    ]);
  }
  return toCsv(lines);
}
