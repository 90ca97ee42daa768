import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganization, buildUser } from '../../db/builders';
import { compiledOnce } from '../../db/compiled-once';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;
let organizationId: string;
const users: { id: string; email: string }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  organizationId = (await buildOrganization(database.db)).id;
  for (const name of ['Ana', 'Ben', 'Cy']) {
    users.push(await buildUser(database.db, { organizationId, name }));
  }
});

afterAll(async () => {
  await database?.drop();
});

describe('a statement compiled once', () => {
  it('answers each run with its own arguments, building its template once per shape', async () => {
    const { db } = database;
    const templateBuilds: string[] = [];
    const people = compiledOnce(
      (builder, args: { organizationId: string; email: string }, shape: { byEmail: boolean }) => {
        if (typeof args.email !== 'string') templateBuilds.push(JSON.stringify(shape));
        let query = builder
          .selectFrom('app_user')
          .select(['name', 'email'])
          .where('organization_id', '=', args.organizationId);
        if (shape.byEmail) query = query.where('email', '=', args.email);
        return query.orderBy('name');
      },
    );

    for (const user of users) {
      const rows = await people(db, { organizationId, email: user.email }, { byEmail: true });
      expect(rows.map((row) => row.email)).toEqual([user.email]);
    }
    const everyone = await people(db, { organizationId, email: '' }, { byEmail: false });
    expect(everyone.map((row) => row.name)).toEqual(['Ana', 'Ben', 'Cy']);
    // inside a transaction too, where the statement runs on the transaction's connection
    const inside = await db
      .transaction()
      .execute((trx) => people(trx, { organizationId, email: users[1]!.email }, { byEmail: true }));
    expect(inside.map((row) => row.name)).toEqual(['Ben']);
    expect(templateBuilds).toEqual(['{"byEmail":true}', '{"byEmail":false}']);
  });

  it("runs each time through the database's plugins, which see and may change the statement", async () => {
    const seen: string[] = [];
    const counting = database.db.withPlugin({
      transformQuery: (args) => {
        seen.push(args.node.kind);
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const byName = compiledOnce((builder, args: { name: string }) =>
      builder.selectFrom('app_user').select('email').where('name', '=', args.name),
    );
    await byName(database.db, { name: 'Ana' });
    expect(await byName(counting, { name: 'Ben' })).toEqual([{ email: users[1]!.email }]);
    expect(await byName(counting, { name: 'Cy' })).toEqual([{ email: users[2]!.email }]);
    expect(seen).toEqual(['SelectQueryNode', 'SelectQueryNode']);
  });

  it('refuses, before running, a builder that reads an argument as more than a value', async () => {
    const { db } = database;
    const before = await db.selectFrom('app_user').select('id').execute();
    const careless = compiledOnce((builder, args: { name: string }) =>
      builder
        .updateTable('app_user')
        .set({ name: sql`upper(name)` })
        // the name's text, not a parameter: the template would keep the first run's
        .where('name', '=', typeof args.name === 'string' ? args.name.trim() : args.name),
    );
    await expect(careless(db, { name: ' Ana ' })).rejects.toThrow(
      /differs from the same statement built afresh/,
    );
    const after = await db.selectFrom('app_user').select(['id', 'name']).orderBy('name').execute();
    expect(after).toHaveLength(before.length);
    expect(after.map((row) => row.name)).toEqual(['Ana', 'Ben', 'Cy']);
  });
});
