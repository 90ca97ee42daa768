import { afterEach, describe, expect, it } from 'vitest';
import { buildCohortWithPeople, buildMicroCredential } from '../../db/builders';
import { migrateTo, migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { emptyDatabaseBackends, type TestDatabase } from '../setup/database';

/**
 * The catalog migration on a database that already runs a program: the program becomes
 * version 1 of its own lineage, published, and its modules and micro-credentials keep
 * everything they had.
 */

const MIGRATION = '2026_12_05_1000_add_catalog_fields';
const names = Object.keys(migrations).sort();
const previous = names[names.indexOf(MIGRATION) - 1]!;

const backends = emptyDatabaseBackends;

describe.each(backends)('$name', ({ open }) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('makes each running program version 1 of its lineage, published, and loses nothing', async () => {
    expect(names.indexOf(MIGRATION)).toBeGreaterThan(0);
    database = await open();
    const { db } = database;
    await migrateTo(db, previous);
    const people = await buildCohortWithPeople(db, { participants: 1 });
    const credential = await buildMicroCredential(db, { programId: people.program.id });
    const modulesBefore = await db
      .selectFrom('module')
      .select(['id', 'title', 'body'])
      .orderBy('id')
      .execute();

    await migrateToLatest(db);

    const program = await db
      .selectFrom('program')
      .selectAll()
      .where('id', '=', people.program.id)
      .executeTakeFirstOrThrow();
    expect(program).toMatchObject({
      lineage_id: people.program.id,
      version: 1,
      status: 'published',
      topics: [],
      format: 'blended',
    });
    expect(program.published_at).not.toBeNull();
    expect(
      await db.selectFrom('module').select(['id', 'title', 'body']).orderBy('id').execute(),
    ).toEqual(modulesBefore);
    const migrated = await db
      .selectFrom('micro_credential')
      .selectAll()
      .where('id', '=', credential.id)
      .executeTakeFirstOrThrow();
    expect(migrated).toMatchObject({ needs_classroom_data: false, evidence_types: [] });
    // a new program is version 1 of a new lineage
    const fresh = await db
      .insertInto('program')
      .values({
        organization_id: people.organization.id,
        title: 'A new stack',
        hours_for_completing: 15,
        hours_for_attaining: 5,
        status: 'draft',
      })
      .returning(['status', 'version', 'lineage_id as lineageId', 'id'])
      .executeTakeFirstOrThrow();
    expect(fresh.status).toBe('draft');
    expect(fresh.version).toBe(1);
    expect(fresh.lineageId).not.toBe(fresh.id);
  });
});
