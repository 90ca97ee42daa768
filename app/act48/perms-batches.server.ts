import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { toHours } from '../hours/ledger.server';
import { heldSql } from './act48.server';
import { permsProblem, permsRow, type PermsEntry, type PermsRow } from './perms-format';

type Executor = Kysely<Database>;

// ---------------------------------------------------------------------------------------
// PERMS

/**
 * Act 48 ledger entries of an organization not yet sent to PERMS (paraprofessionals' hours
 * are Chapter 14 hours and never go), each with what keeps it out of an upload, if anything.
 * An entry reversed before it was sent, and its reversal, are left out: they net to nothing.
 */
export async function getUnsentPermsEntries(db: Executor, organizationId: string) {
  const rows = await db
    .selectFrom('hours_entry')
    .innerJoin('app_user', 'app_user.id', 'hours_entry.user_id')
    .innerJoin('cohort', 'cohort.id', 'hours_entry.cohort_id')
    .innerJoin('organization', 'organization.id', 'hours_entry.organization_id')
    .leftJoin('cohort_act48_setting', 'cohort_act48_setting.cohort_id', 'cohort.id')
    .select([
      'hours_entry.id',
      'hours_entry.source',
      'hours_entry.hours',
      'hours_entry.user_id as userId',
      'hours_entry.cohort_id as cohortId',
      'app_user.name',
      'app_user.state_educator_id as stateEducatorId',
      'cohort.name as cohortName',
      'cohort.timezone',
      'organization.provider_number as providerNumber',
      'cohort_act48_setting.perms_activity_id as activityId',
      sql<string>`to_char(cohort.starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string>`to_char(hours_entry.awarded_at at time zone cohort.timezone, 'YYYY-MM-DD')`.as(
        'completedOn',
      ),
      heldSql.as('held'),
    ])
    .where('hours_entry.organization_id', '=', organizationId)
    .where('app_user.is_paraprofessional', '=', false)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('perms_batch_entry')
            .select(sql`1`.as('one'))
            .whereRef('perms_batch_entry.hours_entry_id', '=', 'hours_entry.id'),
        ),
      ),
    )
    // reversed before sending, or the reversal of an unsent entry: nothing to tell PERMS
    .where(
      sql<boolean>`not exists (
        select 1 from hours_entry r where r.reverses_entry_id = hours_entry.id
          and not exists (select 1 from perms_batch_entry b where b.hours_entry_id = r.id)
      )`,
    )
    .where(
      sql<boolean>`(hours_entry.reverses_entry_id is null or exists (
        select 1 from perms_batch_entry b where b.hours_entry_id = hours_entry.reverses_entry_id
      ))`,
    )
    .orderBy('hours_entry.awarded_at')
    .orderBy('hours_entry.id')
    .execute();
  return rows.map((row) => {
    const entry: PermsEntry = {
      providerNumber: row.providerNumber,
      activityId: row.activityId,
      stateEducatorId: row.stateEducatorId,
      name: row.name,
      startsOn: row.startsOn,
      completedOn: row.completedOn,
      hours: toHours(row.hours),
    };
    return {
      id: row.id,
      source: row.source,
      userId: row.userId,
      cohortId: row.cohortId,
      cohortName: row.cohortName,
      name: row.name,
      hours: entry.hours,
      completedOn: row.completedOn,
      held: row.held,
      problem: row.held ? 'held for the program evaluation' : permsProblem(entry),
      row: permsRow(entry),
    };
  });
}

export type UnsentPermsEntry = Awaited<ReturnType<typeof getUnsentPermsEntries>>[number];

/**
 * Marks every entry ready for PERMS as sent, in one new batch, and returns their rows for
 * the upload file. One batch at a time per organization, so two admins exporting at once
 * cannot mark an entry twice. Returns null when nothing is ready.
 */
export async function createPermsBatch(
  db: Executor,
  input: { organizationId: string; actorId: string },
): Promise<{ batchId: string; rows: PermsRow[] } | null> {
  return withTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`perms-batch:${input.organizationId}`}))`.execute(
      trx,
    );
    const ready = (await getUnsentPermsEntries(trx, input.organizationId)).filter(
      (entry) => entry.problem === null,
    );
    if (ready.length === 0) return null;
    const batch = await trx
      .insertInto('perms_batch')
      .values({
        organization_id: input.organizationId,
        sent_by: input.actorId,
        entry_count: ready.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('perms_batch_entry')
      .values(ready.map((entry) => ({ batch_id: batch.id, hours_entry_id: entry.id })))
      .execute();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.actorId,
      action: 'perms.batch_sent',
      targetType: 'perms_batch',
      targetId: batch.id,
      after: { entryIds: ready.map((entry) => entry.id) },
    });
    return { batchId: batch.id, rows: ready.map((entry) => entry.row) };
  });
}

export async function listPermsBatches(db: Executor, organizationId: string) {
  const rows = await db
    .selectFrom('perms_batch')
    .leftJoin('app_user', 'app_user.id', 'perms_batch.sent_by')
    .select([
      'perms_batch.id',
      'perms_batch.sent_at as sentAt',
      'perms_batch.entry_count as entryCount',
      'app_user.name as sentBy',
    ])
    .where('perms_batch.organization_id', '=', organizationId)
    .orderBy('perms_batch.sent_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((row) => ({ ...row, sentAt: new Date(row.sentAt).toISOString() }));
}

/** The rows of a batch already sent, for a second copy of its file; null for another org's. */
export async function getPermsBatchRows(
  db: Executor,
  input: { organizationId: string; batchId: string },
): Promise<PermsRow[] | null> {
  const batch = await db
    .selectFrom('perms_batch')
    .select('id')
    .where('id', '=', input.batchId)
    .where('organization_id', '=', input.organizationId)
    .executeTakeFirst();
  if (!batch) return null;
  const rows = await db
    .selectFrom('perms_batch_entry')
    .innerJoin('hours_entry', 'hours_entry.id', 'perms_batch_entry.hours_entry_id')
    .innerJoin('app_user', 'app_user.id', 'hours_entry.user_id')
    .innerJoin('cohort', 'cohort.id', 'hours_entry.cohort_id')
    .innerJoin('organization', 'organization.id', 'hours_entry.organization_id')
    .leftJoin('cohort_act48_setting', 'cohort_act48_setting.cohort_id', 'cohort.id')
    .select([
      'hours_entry.hours',
      'app_user.name',
      'app_user.state_educator_id as stateEducatorId',
      'organization.provider_number as providerNumber',
      'cohort_act48_setting.perms_activity_id as activityId',
      sql<string>`to_char(cohort.starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string>`to_char(hours_entry.awarded_at at time zone cohort.timezone, 'YYYY-MM-DD')`.as(
        'completedOn',
      ),
    ])
    .where('perms_batch_entry.batch_id', '=', batch.id)
    .orderBy('hours_entry.awarded_at')
    .orderBy('hours_entry.id')
    .execute();
  return rows.map((row) => permsRow({ ...row, hours: toHours(row.hours) }));
}
