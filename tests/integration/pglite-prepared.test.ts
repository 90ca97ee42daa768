import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, buildUser } from '../../db/builders';
import { createEmbeddedTestDatabase, type TestDatabase } from '../setup/database';

/**
 * The embedded database runs statements with parameters as named prepared statements
 * (db/pglite-prepared.ts): these hold it to what PGlite's own query answered.
 */

let database: TestDatabase;

beforeAll(async () => {
  database = await createEmbeddedTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

describe('statements prepared on the embedded database', () => {
  it('writes and reads every kind of value the application sends', async () => {
    const { db } = database;
    const when = new Date('2026-12-06T10:15:00.000Z');
    const { rows } = await sql<{
      text: string;
      number: number;
      flag: boolean;
      at: Date;
      json: { a: number[] };
      ids: string[];
      nothing: string | null;
    }>`
      select ${'plain'}::text as text, ${42}::integer as number, ${true}::boolean as flag,
        ${when}::timestamptz as at, ${JSON.stringify({ a: [1, 2] })}::jsonb as json,
        ${['a', 'b']}::text[] as ids, ${null}::text as nothing
    `.execute(db);
    expect(rows).toEqual([
      {
        text: 'plain',
        number: 42,
        flag: true,
        at: when,
        json: { a: [1, 2] },
        ids: ['a', 'b'],
        nothing: null,
      },
    ]);
  });

  it('answers the same statement with each run’s values, and counts the rows it changed', async () => {
    const { db } = database;
    const organization = await buildOrganization(db);
    const ana = await buildUser(db, { organizationId: organization.id, name: 'Ana' });
    const ben = await buildUser(db, { organizationId: organization.id, name: 'Ben' });
    for (const person of [ana, ben, ana]) {
      const row = await db
        .selectFrom('app_user')
        .select('name')
        .where('id', '=', person.id)
        .executeTakeFirstOrThrow();
      expect(row.name).toBe(person.id === ana.id ? 'Ana' : 'Ben');
    }
    const renamed = await db
      .updateTable('app_user')
      .set({ name: 'Ana Q.' })
      .where('organization_id', '=', organization.id)
      .where('name', '=', 'Ana')
      .executeTakeFirst();
    expect(renamed.numUpdatedRows).toBe(1n);
  });

  it('passes the database’s refusals through, and the next statement runs', async () => {
    const { db } = database;
    const organization = await buildOrganization(db);
    const user = await buildUser(db, { organizationId: organization.id });
    const duplicate = buildUser(db, { organizationId: organization.id, email: user.email });
    await expect(duplicate).rejects.toMatchObject({ code: '23505' });
    // a refusal inside a transaction ends it, and it rolls back whole
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .updateTable('app_user')
          .set({ name: 'Changed' })
          .where('id', '=', user.id)
          .execute();
        await buildUser(trx, { organizationId: organization.id, email: user.email });
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const after = await db
      .selectFrom('app_user')
      .select('name')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(after.name).toBe(user.name);
  });

  it('prepares a statement again when a change to its table changes what it returns', async () => {
    const { db } = database;
    await sql`create table note (id integer primary key, body text)`.execute(db);
    const read = () => sql<Record<string, unknown>>`select * from note where id = ${1}`.execute(db);
    await sql`insert into note (id, body) values (${1}, ${'first'})`.execute(db);
    expect((await read()).rows).toEqual([{ id: 1, body: 'first' }]);
    await sql`alter table note add column author text default 'Ana'`.execute(db);
    expect((await read()).rows).toEqual([{ id: 1, body: 'first', author: 'Ana' }]);
  });

  it('keeps a bounded number of statements, closing the oldest', async () => {
    const { db } = database;
    for (let index = 0; index < 520; index += 1) {
      const { rows } = await sql<{
        n: number;
      }>`select ${index}::integer + ${sql.lit(index)} as n`.execute(db);
      expect(rows[0]?.n).toBe(index * 2);
    }
    const { rows } = await sql<{ count: string }>`
      select count(*) from pg_prepared_statements where name like ${'cadre\\_%'}
    `.execute(db);
    expect(Number(rows[0]?.count)).toBeLessThanOrEqual(501);
    expect(Number(rows[0]?.count)).toBeGreaterThan(400);
  });
});
