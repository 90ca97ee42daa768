import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { buildLiveSession, LiveClient } from '../setup/live';
import { startTestServer, type TestServer } from '../setup/server';

export const PASSWORD = 'live room test password';
export let server: TestServer;
export let mine: Awaited<ReturnType<typeof buildCohortWithPeople>>;
export let other: Awaited<ReturnType<typeof buildCohortWithPeople>>;
export const cookies = new Map<string, string>();
export const opened: LiveClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const passwordHash = await hashPassword(PASSWORD);
  mine = await buildCohortWithPeople(server.db, { participants: 5, passwordHash });
  other = await buildCohortWithPeople(server.db, { participants: 1, passwordHash });
});

afterEach(() => {
  for (const client of opened.splice(0)) client.socket.disconnect();
});

afterAll(async () => {
  await server?.close();
});

export async function cookieFor(email: string) {
  const known = cookies.get(email);
  if (known) return known;
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  const cookie = `${AUTH_COOKIE_NAME}=${client.cookie(AUTH_COOKIE_NAME)}`;
  cookies.set(email, cookie);
  return cookie;
}

export async function enter(email: string, coachingSessionId: string) {
  const client = await LiveClient.open(server.url, await cookieFor(email), coachingSessionId);
  opened.push(client);
  const joined = await client.join();
  expect(joined).toHaveProperty('data');
  return client;
}

export async function room() {
  const session = await buildLiveSession(server.db, {
    cohortId: mine.cohort.id,
    hostId: mine.coach.id,
  });
  const [coach, first, second] = await Promise.all([
    enter(mine.coach.email, session.id),
    enter(mine.participants[0]!.email, session.id),
    enter(mine.participants[1]!.email, session.id),
  ]);
  return { session, coach, first, second, everyone: [coach, first, second] };
}

export const SLOW_DOWN = 'Too many requests; slow down a little.';

/**
 * Sends a command the way a well-behaved client does under the 10-events-a-second limit:
 * when told to slow down, it waits a moment and sends again.
 */
export async function send(client: LiveClient, command: string, payload: unknown) {
  for (;;) {
    const result = (await client.socket.emitWithAck(command as 'hand:raise', payload as never)) as
      { data: unknown } | { error: string };
    if (!('error' in result) || result.error !== SLOW_DOWN) return result;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function ok<T>(result: { data: T } | { error: string }): T {
  if ('error' in result) throw new Error(`expected success, got "${result.error}"`);
  return result.data;
}

export async function countRows(coachingSessionId: string) {
  const [events, audits] = await Promise.all([
    server.db
      .selectFrom('live_event')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('coaching_session_id', '=', coachingSessionId)
      .executeTakeFirstOrThrow(),
    server.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('action', '=', 'live.command_refused')
      .where('target_id', '=', coachingSessionId)
      .executeTakeFirstOrThrow(),
  ]);
  return { events: Number(events.count), refusals: Number(audits.count) };
}
