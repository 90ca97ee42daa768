import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCohortWithPeople } from '../../db/builders';
import { migrateTo, migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { emptyDatabaseBackends, type TestDatabase } from '../setup/database';

/**
 * The account tables migration on a database that already holds people and queued email:
 * migrated to the migration before it, filled, then upgraded.
 */

const MIGRATION = '2026_12_05_0100_create_account_tables';
const names = Object.keys(migrations).sort();
const previous = names[names.indexOf(MIGRATION) - 1]!;

const backends = emptyDatabaseBackends;

describe.each(backends)('$name', ({ open }) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('keeps every queued email, with no unsubscribe link, and everyone on every kind', async () => {
    expect(names.indexOf(MIGRATION)).toBeGreaterThan(0);
    database = await open();
    const { db } = database;
    await migrateTo(db, previous);
    const people = await buildCohortWithPeople(db, { participants: 1 });
    await sql`insert into outbound_email (organization_id, kind, to_address, subject, text_body)
      values (${people.organization.id}, 'invitation', 'queued@school.test', 'Queued', 'Hello')`.execute(
      db,
    );

    await migrateToLatest(db);

    const emails = await db
      .selectFrom('outbound_email')
      .select(['to_address', 'status', 'unsubscribe_url'])
      .execute();
    expect(emails).toEqual([
      { to_address: 'queued@school.test', status: 'queued', unsubscribe_url: null },
    ]);
    const preferences = await db.selectFrom('email_preference').select('user_id').execute();
    expect(preferences).toEqual([]);
    const changes = await db.selectFrom('email_change').select('id').execute();
    expect(changes).toEqual([]);
  });
});
