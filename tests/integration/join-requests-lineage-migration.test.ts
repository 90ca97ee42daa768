import { afterEach, describe, expect, it } from 'vitest';
import { buildOrganization, buildProgram, buildUser } from '../../db/builders';
import { migrateTo, migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { emptyDatabaseBackends, type TestDatabase } from '../setup/database';

/**
 * Join requests move from a program version to its lineage on a database that already holds
 * some: each row takes its program's lineage, and a person who asked for two versions of one
 * stack keeps one request, the earliest, with a note if any of the two had one.
 */

const MIGRATION = '2026_12_06_1200_join_requests_per_lineage';
const names = Object.keys(migrations).sort();
const previous = names[names.indexOf(MIGRATION) - 1]!;

describe.each(emptyDatabaseBackends)('$name', ({ open }) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('carries every request over to its stack’s lineage and merges a person’s duplicates', async () => {
    expect(names.indexOf(MIGRATION)).toBeGreaterThan(0);
    database = await open();
    const { db } = database;
    await migrateTo(db, previous);

    const organization = await buildOrganization(db);
    const [ana, ben, cai] = await Promise.all(
      ['Ana', 'Ben', 'Cai'].map((name) => buildUser(db, { organizationId: organization.id, name })),
    );
    const first = await buildProgram(db, organization.id, { title: 'Ethics' });
    const { lineage_id: lineage } = await db
      .selectFrom('program')
      .select('lineage_id')
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    const second = await db
      .insertInto('program')
      .values({
        organization_id: organization.id,
        title: 'Ethics, revised',
        hours_for_completing: 15,
        hours_for_attaining: 5,
        lineage_id: lineage,
        version: 2,
        status: 'published',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const other = await buildProgram(db, organization.id, { title: 'Story of Self' });
    const { lineage_id: otherLineage } = await db
      .selectFrom('program')
      .select('lineage_id')
      .where('id', '=', other.id)
      .executeTakeFirstOrThrow();
    const ask = (programId: string, userId: string, note: string, at: string) =>
      db
        .insertInto('catalog_join_request')
        .values({
          organization_id: organization.id,
          program_id: programId,
          user_id: userId,
          note,
          created_at: new Date(at),
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
    const anaFirst = await ask(first.id, ana!.id, '', '2026-09-01T10:00:00Z');
    await ask(second.id, ana!.id, 'Our local wants a spring cohort.', '2026-10-01T10:00:00Z');
    const benFirst = await ask(first.id, ben!.id, 'Evenings, please.', '2026-09-02T10:00:00Z');
    await ask(second.id, ben!.id, 'Any time.', '2026-10-02T10:00:00Z');
    const cai1 = await ask(second.id, cai!.id, '', '2026-10-03T10:00:00Z');
    const caiOther = await ask(other.id, cai!.id, 'Me too.', '2026-10-04T10:00:00Z');

    await migrateToLatest(db);

    const rows = await db
      .selectFrom('catalog_join_request')
      .select(['id', 'lineage_id', 'program_id', 'user_id', 'note', 'created_at'])
      .orderBy('created_at')
      .execute();
    expect(
      rows.map((row) => ({ ...row, created_at: new Date(row.created_at).toISOString() })),
    ).toEqual([
      {
        id: anaFirst.id,
        lineage_id: lineage,
        program_id: first.id,
        user_id: ana!.id,
        note: 'Our local wants a spring cohort.',
        created_at: '2026-09-01T10:00:00.000Z',
      },
      {
        id: benFirst.id,
        lineage_id: lineage,
        program_id: first.id,
        user_id: ben!.id,
        note: 'Evenings, please.',
        created_at: '2026-09-02T10:00:00.000Z',
      },
      {
        id: cai1.id,
        lineage_id: lineage,
        program_id: second.id,
        user_id: cai!.id,
        note: '',
        created_at: '2026-10-03T10:00:00.000Z',
      },
      {
        id: caiOther.id,
        lineage_id: otherLineage,
        program_id: other.id,
        user_id: cai!.id,
        note: 'Me too.',
        created_at: '2026-10-04T10:00:00.000Z',
      },
    ]);

    // from now on a person asks once per lineage, whatever the version
    await expect(
      db
        .insertInto('catalog_join_request')
        .values({
          organization_id: organization.id,
          lineage_id: lineage,
          program_id: first.id,
          user_id: cai!.id,
        })
        .execute(),
    ).rejects.toThrow(/catalog_join_request_once/);
  });
});
