import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { buildLiveSession } from '../setup/live';

/**
 * Node leases: each node renews a row in server_node; a survivor closes the live-room stays
 * of a node whose lease expired at its last beat, recounts attendance and marks the lease.
 */

export const MINUTE = 60_000;
export let database: TestDatabase;
export let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  database = await createTestDatabase();
  people = await buildCohortWithPeople(database.db, {
    participants: 4,
    passwordHash: await hashPassword(PASSWORD),
  });
});

afterAll(async () => {
  await database?.drop();
});

export const PASSWORD = 'node lease test password';

/** a coaching session that began an hour before `base` and lasts two */
export async function sessionAround(base: Date) {
  const session = await buildLiveSession(database.db, {
    cohortId: people.cohort.id,
    hostId: people.coach.id,
  });
  await database.db
    .updateTable('coaching_session')
    .set({ starts_at: new Date(base.getTime() - 60 * MINUTE), minutes: 120 })
    .where('id', '=', session.id)
    .execute();
  return session;
}

export async function insertLease(input: { id?: string; lastBeatAt: Date; expiresAt: Date }) {
  const id = input.id ?? randomUUID();
  await database.db
    .insertInto('server_node')
    .values({ id, last_beat_at: input.lastBeatAt, expires_at: input.expiresAt })
    .execute();
  return id;
}

export async function insertStay(input: {
  coachingSessionId: string;
  userId: string;
  nodeId: string | null;
  joinedAt: Date;
  leftAt?: Date | null;
}) {
  const row = await database.db
    .insertInto('attendance_segment')
    .values({
      coaching_session_id: input.coachingSessionId,
      user_id: input.userId,
      joined_at: input.joinedAt,
      left_at: input.leftAt ?? null,
      source: 'live-room',
      raw_event_id: `live-room:${input.coachingSessionId}:socket-${randomUUID()}:x`,
      node_id: input.nodeId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function leftAt(segmentId: string) {
  const row = await database.db
    .selectFrom('attendance_segment')
    .select('left_at')
    .where('id', '=', segmentId)
    .executeTakeFirstOrThrow();
  return row.left_at ? new Date(row.left_at).toISOString() : null;
}
