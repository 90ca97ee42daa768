import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCohortWithPeople } from '../../db/builders';
import { createTestDatabase, type TestDatabase } from '../../tests/setup/database';
import {
  ABSOLUTE_SESSION_MS,
  IDLE_SESSION_MS,
  createAuthSession,
  getSessionUser,
  readAuthSessionId,
  serializeAuthCookie,
} from './session.server';

let database: TestDatabase;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const { facilitator } = await buildCohortWithPeople(database.db, { participants: 0 });
  userId = facilitator.id;
});

afterAll(async () => {
  await database?.drop();
});

describe('sessions', () => {
  it('find the person behind a fresh session', async () => {
    const id = await createAuthSession(database.db, { userId });
    expect((await getSessionUser(database.db, id))?.id).toBe(userId);
  });

  it('end after the absolute lifetime, even when used every day', async () => {
    const id = await createAuthSession(database.db, { userId });
    await database.db
      .updateTable('auth_session')
      .set({ expires_at: new Date(Date.now() - 1), last_seen_at: new Date() })
      .where('id', '=', id)
      .execute();
    expect(await getSessionUser(database.db, id)).toBeNull();
    // and the expired row is gone
    const row = await database.db
      .selectFrom('auth_session')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('end after a week without any request', async () => {
    const id = await createAuthSession(database.db, { userId });
    await database.db
      .updateTable('auth_session')
      .set({ last_seen_at: new Date(Date.now() - IDLE_SESSION_MS - 1000) })
      .where('id', '=', id)
      .execute();
    expect(await getSessionUser(database.db, id)).toBeNull();
  });

  it('stay open while idle for less than the limit, and record the visit', async () => {
    const id = await createAuthSession(database.db, { userId });
    const lastWeekish = new Date(Date.now() - IDLE_SESSION_MS + 60_000);
    await database.db
      .updateTable('auth_session')
      .set({ last_seen_at: lastWeekish })
      .where('id', '=', id)
      .execute();
    expect((await getSessionUser(database.db, id))?.id).toBe(userId);
    const row = await database.db
      .selectFrom('auth_session')
      .select(['last_seen_at', 'expires_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(new Date(row.last_seen_at).getTime()).toBeGreaterThan(lastWeekish.getTime());
    expect(new Date(row.expires_at).getTime()).toBeLessThanOrEqual(
      Date.now() + ABSOLUTE_SESSION_MS,
    );
  });

  it('read only well-formed ids from the cookie', async () => {
    const id = await createAuthSession(database.db, { userId });
    const header = (await serializeAuthCookie(id, { secure: true })).split(';')[0]!;
    expect(await readAuthSessionId(header)).toBe(id);
    expect(await readAuthSessionId('cadre_session=garbage')).toBeNull();
    expect(await readAuthSessionId(undefined)).toBeNull();
  });
});
