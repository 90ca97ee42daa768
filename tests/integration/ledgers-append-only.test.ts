import { randomBytes } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../app/env.server';
import { hashPassword } from '../../app/auth/password.server';
import { addAdjustment, getCohortLedger, reverseEntry } from '../../app/hours/ledger.server';
import { recordAudit } from '../../app/audit/audit.server';
import { buildCohortWithPeople } from '../../db/builders';
import { openDatabase, type DB } from '../../db/db.server';
import { grantAppRole, LEDGER_TABLES } from '../../db/grants';
import { migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { startServer, type RunningServer } from '../../server';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { HttpClient } from '../setup/http-client';
import { adminConnection } from '../setup/postgres-admin';

const PASSWORD = 'ledger test password';
const suffix = randomBytes(4).toString('hex');
// roles are cluster-wide on PostgreSQL: names of their own keep parallel runs apart
const APP_ROLE = `cadre_app_${suffix}`;
const BROAD_ROLE = `cadre_broad_${suffix}`;
const APP_ROLE_PASSWORD = randomBytes(12).toString('hex');

type Ledger = (typeof LEDGER_TABLES)[number];
type Statement = 'UPDATE' | 'DELETE' | 'TRUNCATE';

const REFUSED: [Ledger, Statement][] = LEDGER_TABLES.flatMap((table) =>
  (['UPDATE', 'DELETE', 'TRUNCATE'] as const).map((statement): [Ledger, Statement] => [
    table,
    statement,
  ]),
);

function statementText(table: Ledger, statement: Statement) {
  const column = table === 'hours_entry' ? 'reason' : 'action';
  if (statement === 'UPDATE') return `update ${table} set ${column} = 'rewritten'`;
  if (statement === 'DELETE') return `delete from ${table}`;
  return `truncate ${table}`;
}

let database: TestDatabase;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;

/** every row of a ledger as text, so "unchanged" means byte for byte */
async function snapshot(db: DB, table: Ledger) {
  const result = await sql<{ row: string }>`
    select t::text as row from ${sql.table(table)} t order by t.id`.execute(db);
  return result.rows.map((entry) => entry.row);
}

async function isApplied(db: DB, migration: string) {
  const result = await sql`select 1 from kysely_migration where name = ${migration}`.execute(db);
  return result.rows.length === 1;
}

async function expectRefused(
  run: () => Promise<unknown>,
  table: Ledger,
  expected: { code?: string; message?: RegExp },
) {
  const before = await snapshot(database.db, table);
  expect(before.length).toBeGreaterThan(0);
  const error = await run().then(
    () => null,
    (caught: unknown) => caught as { code?: string; message?: string },
  );
  expect(error, 'the statement should have been refused').not.toBeNull();
  if (expected.code) expect(error!.code).toBe(expected.code);
  if (expected.message) expect(error!.message).toMatch(expected.message);
  expect(await snapshot(database.db, table)).toEqual(before);
}

beforeAll(async () => {
  database = await createTestDatabase();
  people = await buildCohortWithPeople(database.db, {
    participants: 2,
    passwordHash: await hashPassword(PASSWORD),
    status: 'learning',
  });
  // a few rows in each ledger, written the way the app writes them
  await addAdjustment(database.db, {
    cohortId: people.cohort.id,
    userId: people.participants[0]!.id,
    hours: 2,
    reason: 'Led the opening circle',
    actor: { id: people.facilitator.id, organizationId: people.organization.id },
  });
  await recordAudit(database.db, {
    organizationId: people.organization.id,
    actorId: people.admin.id,
    action: 'test.recorded',
    targetType: 'cohort',
    targetId: people.cohort.id,
  });
});

afterAll(async () => {
  await database?.drop();
  const serverUrl = process.env.DATABASE_URL;
  if (database?.url && serverUrl) {
    // the test's roles outlive its database; their grants went with it
    const admin = adminConnection(serverUrl);
    await admin.unsafe(`drop role if exists ${APP_ROLE}`);
    await admin.unsafe(`drop role if exists ${BROAD_ROLE}`);
    await admin.end();
  }
});

describe('the ledgers, for the role that owns them', () => {
  it.each(REFUSED)('%s refuses %s with a clear error and keeps every row', async (table, op) => {
    await expectRefused(() => sql.raw(statementText(table, op)).execute(database.db), table, {
      message: new RegExp(`${table} is append-only: ${op} is refused`),
    });
  });

  it('refuses a TRUNCATE that cascades into them from the tables they point at', async () => {
    await expectRefused(
      () => sql.raw('truncate organization cascade').execute(database.db),
      'hours_entry',
      { message: /is append-only: TRUNCATE is refused/ },
    );
    expect(await snapshot(database.db, 'audit_log')).not.toHaveLength(0);
  });

  it('refuses to delete a person or a cohort the ledger names, instead of cascading into it', async () => {
    const targets = [
      ['app_user', people.participants[0]!.id],
      ['cohort', people.cohort.id],
    ] as const;
    for (const [table, id] of targets) {
      await expectRefused(
        () => database.db.deleteFrom(table).where('id', '=', id).execute(),
        'hours_entry',
        // 23503 on PostgreSQL 15, 23001 (restrict) on 18: either way the ledger's key is named
        { message: /foreign key constraint "hours_entry_\w+_fkey"/ },
      );
    }
  });

  it('keeps refusing when replication mode would skip ordinary triggers', async () => {
    await expectRefused(
      () =>
        database.db.transaction().execute(async (trx) => {
          await sql`set local session_replication_role = replica`.execute(trx);
          await sql`delete from hours_entry`.execute(trx);
        }),
      'hours_entry',
      { message: /hours_entry is append-only: DELETE is refused/ },
    );
  });
});

describe('the ledgers, for a role granted every right on them', () => {
  beforeAll(async () => {
    await sql.raw(`create role ${BROAD_ROLE} nologin`).execute(database.db);
    await sql.raw(`grant all on all tables in schema public to ${BROAD_ROLE}`).execute(database.db);
  });

  it.each(REFUSED)('%s still refuses %s through its triggers', async (table, op) => {
    await expectRefused(
      () =>
        database.db.transaction().execute(async (trx) => {
          await sql.raw(`set local role ${BROAD_ROLE}`).execute(trx);
          await sql.raw(statementText(table, op)).execute(trx);
        }),
      table,
      { message: new RegExp(`${table} is append-only: ${op} is refused`) },
    );
  });
});

/**
 * The app's own role, granted by `npm run db:grant`. On PostgreSQL it is a login role with
 * a connection of its own; the embedded database has one connection, which takes the role
 * with SET ROLE (and gives it back for the owner's checks).
 */
describe('the app under a least-privilege role', () => {
  let app: DB;
  let appUrl: string | undefined;
  let asOwner: <T>(work: () => Promise<T>) => Promise<T>;
  let closeApp: () => Promise<void>;

  beforeAll(async () => {
    await sql
      .raw(`create role ${APP_ROLE} login password '${APP_ROLE_PASSWORD}'`)
      .execute(database.db);
    expect(await grantAppRole(database.db, APP_ROLE)).toMatchObject({ status: 'granted' });
    if (database.url) {
      const url = new URL(database.url);
      url.username = APP_ROLE;
      url.password = APP_ROLE_PASSWORD;
      appUrl = url.toString();
      app = (await openDatabase({ databaseUrl: appUrl, maxConnections: 3 })).db;
      asOwner = (work) => work();
      closeApp = () => app.destroy();
    } else {
      app = database.db;
      await sql.raw(`set role ${APP_ROLE}`).execute(app);
      asOwner = async (work) => {
        await sql`reset role`.execute(app);
        try {
          return await work();
        } finally {
          await sql.raw(`set role ${APP_ROLE}`).execute(app);
        }
      };
      closeApp = () => sql`reset role`.execute(app).then(() => undefined);
    }
    const who = await sql<{ user: string }>`select current_user as user`.execute(app);
    expect(who.rows[0]!.user).toBe(APP_ROLE);
  });

  afterAll(async () => {
    await closeApp?.();
  });

  it('adds and reverses hours, writes the audit log and reads the ledger', async () => {
    const actor = { id: people.facilitator.id, organizationId: people.organization.id };
    const added = await addAdjustment(app, {
      cohortId: people.cohort.id,
      userId: people.participants[1]!.id,
      hours: 1.5,
      reason: 'Hosted a classroom visit',
      actor,
    });
    expect(added).toMatchObject({ status: 'saved' });
    const entryId = added.status === 'saved' ? added.entryId : '';
    const reversed = await reverseEntry(app, {
      cohortId: people.cohort.id,
      entryId,
      reason: 'Counted twice',
      actor,
    });
    expect(reversed).toMatchObject({ status: 'saved' });
    expect(
      await reverseEntry(app, { cohortId: people.cohort.id, entryId, reason: 'Again', actor }),
    ).toEqual({ status: 'invalid', message: 'That entry is already reversed.' });

    const ledger = await getCohortLedger(app, people.cohort.id);
    expect(ledger.find((entry) => entry.id === entryId)?.reversedBy).not.toBeNull();
    const audit = await app
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', people.cohort.id)
      .execute();
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['hours.adjusted', 'hours.reversed']),
    );
  });

  it.each(REFUSED)('%s refuses %s: the role holds no such right', async (table, op) => {
    // 42501: insufficient privilege, before any trigger is reached
    await expectRefused(() => sql.raw(statementText(table, op)).execute(app), table, {
      code: '42501',
    });
  });

  it('cannot alter the schema: a pending migration fails under this role', async () => {
    expect(await migrateToLatest(app)).toEqual([]);
    const newest = Object.keys(migrations).sort().at(-1)!;
    await asOwner(async () => {
      const migrator = new Migrator({
        db: database.db,
        provider: { getMigrations: async () => migrations },
      });
      const { error } = await migrator.migrateDown();
      expect(error).toBeUndefined();
    });
    try {
      await expect(migrateToLatest(app)).rejects.toThrow(
        // altering a table is refused as "permission denied", indexing one as "must be owner"
        new RegExp(`${newest} failed: (permission denied|must be owner)`),
      );
    } finally {
      await asOwner(() => migrateToLatest(database.db));
    }
    expect(await isApplied(app, newest)).toBe(true);
  });

  it('is configured with a checked DATABASE_MIGRATION_URL', () => {
    const owner = 'postgres://owner@db.example.org:5432/cadre';
    const parse = (variables: Record<string, string>) =>
      parseEnv({ NODE_ENV: 'test', ...variables });
    expect(
      parse({
        DATABASE_URL: 'postgres://app@db.example.org/cadre',
        DATABASE_MIGRATION_URL: owner,
      }).DATABASE_MIGRATION_URL,
    ).toBe(owner);
    expect(() => parse({ DATABASE_MIGRATION_URL: owner })).toThrow(
      /DATABASE_MIGRATION_URL needs DATABASE_URL too/,
    );
    expect(() =>
      parse({ DATABASE_URL: owner, DATABASE_MIGRATION_URL: 'mysql://owner@db/cadre' }),
    ).toThrow(/DATABASE_MIGRATION_URL must start with postgres:\/\//);
  });

  describe('serving requests', () => {
    let server: RunningServer;

    beforeAll(async () => {
      const env = {
        NODE_ENV: 'production' as const,
        PORT: '0',
        DATA_DIR: '.data-unused',
        TRUST_PROXY: 'true',
      };
      if (appUrl) {
        // on PostgreSQL start-up migrates as the owner and then serves as the app's role
        const newest = Object.keys(migrations).sort().at(-1)!;
        const { error } = await new Migrator({
          db: database.db,
          provider: { getMigrations: async () => migrations },
        }).migrateDown();
        expect(error).toBeUndefined();
        server = await startServer({
          env: parseEnv({
            ...env,
            DATABASE_URL: appUrl,
            DATABASE_MIGRATION_URL: database.url,
          }),
          log: () => {},
        });
        expect(await isApplied(database.db, newest)).toBe(true);
      } else {
        server = await startServer({ env: parseEnv(env), db: app, log: () => {} });
      }
    });

    afterAll(async () => {
      await server?.close();
    });

    it('signs a facilitator in and records an adjustment in both ledgers', async () => {
      const count = async (table: Ledger) => (await snapshot(database.db, table)).length;
      const before = { hours: await count('hours_entry'), audit: await count('audit_log') };
      const client = new HttpClient(server.url);
      expect((await client.signIn(people.facilitator.email, PASSWORD)).status).toBe(302);
      const page = `/cohorts/${people.cohort.id}/hours`;
      expect((await client.get(page)).status).toBe(200);
      const response = await client.post(page, {
        intent: 'adjust',
        userId: people.participants[0]!.id,
        hours: '3',
        reason: 'Presented at the district meeting',
      });
      expect(response.status).toBe(302);
      expect(await count('hours_entry')).toBe(before.hours + 1);
      expect(await count('audit_log')).toBe(before.audit + 1);
      const who = await sql<{ user: string }>`select current_user as user`.execute(server.db);
      expect(who.rows[0]!.user).toBe(APP_ROLE);
    });
  });
});
