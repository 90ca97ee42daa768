import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCohortWithPeople, buildMember, buildUser } from '../../db/builders';
import { migrations } from '../../db/migrations';
import {
  createEmbeddedTestDatabase,
  createTestDatabase,
  type TestDatabase,
} from '../setup/database';

/**
 * The same migrations and rules on both back-ends: the embedded PGlite database always,
 * and the PostgreSQL server too whenever DATABASE_URL is set (as in CI).
 */
const backends: { name: string; open: () => Promise<TestDatabase> }[] = [
  { name: 'embedded PGlite', open: createEmbeddedTestDatabase },
  ...(process.env.DATABASE_URL ? [{ name: 'PostgreSQL server', open: createTestDatabase }] : []),
];

const expectedTables = [
  'action_plan',
  'action_plan_comment',
  'action_plan_review',
  'action_plan_version',
  'app_user',
  'assessment',
  'assessment_answer',
  'assessment_item',
  'assessment_response',
  'attendance',
  'attendance_segment',
  'audit_log',
  'auth_session',
  'authoring_image',
  'calendar_feed_token',
  'catalog_join_request',
  'coaching_session',
  'coaching_session_registrant',
  'coaching_session_reminder',
  'cohort',
  'cohort_act48_setting',
  'cohort_assessment',
  'cohort_member',
  'competency',
  'credential',
  'credential_part',
  'credential_status_list',
  'credential_subject',
  'critique',
  'critique_note',
  'email_change',
  'email_preference',
  'evidence_item',
  'hours_entry',
  'idempotency_key',
  'invitation',
  'learner_record',
  'live_event',
  'live_room',
  'micro_credential',
  'module',
  'module_competency',
  'module_progress',
  'notification',
  'oidc_connection',
  'oidc_connection_domain',
  'oidc_identity',
  'organization',
  'outbound_email',
  'partnership',
  'partnership_member',
  'password_reset',
  'pathway',
  'pathway_assignment',
  'pathway_module',
  'pathway_unit',
  'perms_batch',
  'perms_batch_entry',
  'program',
  'program_evaluation',
  'rate_limit_hit',
  'rubric_criterion',
  'score',
  'score_criterion',
  'scoring_fee',
  'server_node',
  'share_out',
  'share_out_presenter',
  'sign_in_attempt',
  'signing_key',
  'submission',
  'submission_return',
  'zoom_report_retry',
  'zoom_unmatched_participant',
  'zoom_webhook_event',
];

describe.each(backends)('$name', ({ open }) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await open();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('applies every migration and creates the tables', async () => {
    const applied = await database.db
      .selectFrom(sql.table('kysely_migration').as('m'))
      .select(sql<string>`name`.as('name'))
      .orderBy(sql`name`)
      .execute();
    expect(applied.map((row) => row.name)).toEqual(Object.keys(migrations).sort());

    const tables = await database.db
      .selectFrom(sql.table('information_schema.tables').as('t'))
      .select(sql<string>`table_name`.as('name'))
      .where(sql`table_schema`, '=', 'public')
      .where(sql`table_name`, 'not like', 'kysely_%')
      .orderBy(sql`table_name`)
      .execute();
    expect(tables.map((row) => row.name)).toEqual(expectedTables);
  });

  it('keeps emails unique whatever their letter case', async () => {
    const { organization } = await buildCohortWithPeople(database.db, { participants: 0 });
    await buildUser(database.db, {
      organizationId: organization.id,
      email: 'Maria.Lopez@School.test',
    });
    await expect(
      buildUser(database.db, { organizationId: organization.id, email: 'maria.lopez@school.TEST' }),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('allows one membership per person per cohort', async () => {
    const { cohort, participants } = await buildCohortWithPeople(database.db, { participants: 1 });
    await expect(
      buildMember(database.db, { cohortId: cohort.id, userId: participants[0]!.id, role: 'coach' }),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('refuses rows that point at nothing and capacities outside 2–40', async () => {
    const { cohort } = await buildCohortWithPeople(database.db, { participants: 0 });
    await expect(
      buildMember(database.db, {
        cohortId: cohort.id,
        userId: '00000000-0000-4000-8000-000000000000',
        role: 'participant',
      }),
    ).rejects.toMatchObject({ code: '23503' });
    await expect(
      database.db.updateTable('cohort').set({ capacity: 41 }).where('id', '=', cohort.id).execute(),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('keeps the audit log append-only', async () => {
    const row = await database.db
      .insertInto('audit_log')
      .values({ action: 'test.recorded', target_type: 'test', after: { note: 'kept' } })
      .returning(['id', 'after'])
      .executeTakeFirstOrThrow();
    expect(row.after).toEqual({ note: 'kept' });
    await expect(
      database.db
        .updateTable('audit_log')
        .set({ action: 'changed' })
        .where('id', '=', row.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      database.db.deleteFrom('audit_log').where('id', '=', row.id).execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('rolls back a transaction completely', async () => {
    const { organization } = await buildCohortWithPeople(database.db, { participants: 0 });
    await expect(
      database.db.transaction().execute(async (trx) => {
        await buildUser(trx, { organizationId: organization.id, email: 'rolled.back@school.test' });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const found = await database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'rolled.back@school.test')
      .executeTakeFirst();
    expect(found).toBeUndefined();
  });

  it('keeps a transaction on one connection while statements on their own run beside it', async () => {
    const { db } = database;
    const show = async (executor: typeof db) =>
      (await sql<{ statement_timeout: string }>`show statement_timeout`.execute(executor)).rows[0]
        ?.statement_timeout;
    const outside: (string | undefined)[] = [];
    const inside = await db.transaction().execute(async (trx) => {
      await sql`set local statement_timeout = '1234ms'`.execute(trx);
      const pid = async () =>
        (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]?.pid;
      const first = await pid();
      // statements on their own, sent while the transaction is open, see none of its settings
      // (the embedded database is one session: there they would wait for the commit)
      if (database.kind === 'postgres') {
        outside.push(...(await Promise.all(Array.from({ length: 12 }, () => show(db)))));
      }
      const second = await pid();
      return { first, second, timeout: await show(trx) };
    });
    expect(inside.second).toBe(inside.first);
    expect(inside.timeout).toBe('1234ms');
    expect(outside).toHaveLength(database.kind === 'postgres' ? 12 : 0);
    expect(outside.every((value) => value !== '1234ms')).toBe(true);
    expect(await show(db)).not.toBe('1234ms');
  });

  it('prepares a statement with parameters once per connection and reuses it', async () => {
    const { db } = database;
    const prepared = await db.transaction().execute(async (trx) => {
      const echo = async (value: string) =>
        (await sql<{ echo: string }>`select ${value}::text as echo`.execute(trx)).rows[0]?.echo;
      expect(await echo('first')).toBe('first');
      expect(await echo('second')).toBe('second');
      const { rows } = await sql<{ statement: string }>`
        select statement from pg_prepared_statements where statement like ${'%::text as echo'}
      `.execute(trx);
      return rows.map((row) => row.statement);
    });
    // one named statement for both runs: unprepared, each run would be described first, a
    // round trip of its own
    expect(prepared).toEqual(['select $1::text as echo']);
  });
});
