import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { buildLiveSession, LiveClient } from '../setup/live';
import { startTestServer, type TestServer } from '../setup/server';
import { connect, waitFor } from '../setup/sockets';

/**
 * A drop that outlasts connection-state recovery (two minutes in production; one
 * millisecond here, so the window has closed by the time the room has moved on): the same
 * socket reconnects unrecovered and, as the browser does, rejoins with the last seq it holds.
 */

const PASSWORD = 'recovery window test password';
let server: TestServer;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
const opened: LiveClient[] = [];

beforeAll(async () => {
  server = await startTestServer({}, { realtime: { maxDisconnectionDuration: 1 } });
  people = await buildCohortWithPeople(server.db, {
    participants: 1,
    passwordHash: await hashPassword(PASSWORD),
  });
});

afterAll(async () => {
  for (const client of opened) client.socket.disconnect();
  await server?.close();
});

async function enter(email: string, coachingSessionId: string) {
  const http = new HttpClient(server.url);
  expect((await http.signIn(email, PASSWORD)).status).toBe(302);
  const cookie = `${AUTH_COOKIE_NAME}=${http.cookie(AUTH_COOKIE_NAME)}`;
  const client = await LiveClient.open(server.url, cookie, coachingSessionId);
  opened.push(client);
  expect(await client.join()).toHaveProperty('data');
  return client;
}

it('catches up from the database when the same socket comes back after recovery has lapsed', async () => {
  const session = await buildLiveSession(server.db, {
    cohortId: people.cohort.id,
    hostId: people.coach.id,
  });
  const id = { coachingSessionId: session.id };
  const participantId = people.participants[0]!.id;
  const coach = await enter(people.coach.email, session.id);
  const away = await enter(people.participants[0]!.email, session.id);
  expect(await coach.socket.emitWithAck('chat:send', { ...id, text: 'before' })).toHaveProperty(
    'data',
  );
  await away.untilSeq(1);

  const left = waitFor(
    coach.socket,
    'live:presence',
    (presence) => !presence.here.some((member) => member.userId === participantId),
  );
  away.socket.io.engine.close();
  await left;
  for (const text of ['missed 1', 'missed 2', 'missed 3']) {
    expect(await coach.socket.emitWithAck('chat:send', { ...id, text })).toHaveProperty('data');
  }

  await connect(away.socket);
  expect(away.socket.recovered).toBe(false);
  const rejoined = await away.join({ afterSeq: away.state.seq });
  if ('error' in rejoined) throw new Error(rejoined.error);
  // only what it missed, from the log, not a whole snapshot
  expect(rejoined.data.state).toBeUndefined();
  expect(rejoined.data.events?.map((event) => event.seq)).toEqual([2, 3, 4]);
  expect(away.state.chat.map((message) => message.text)).toEqual([
    'before',
    'missed 1',
    'missed 2',
    'missed 3',
  ]);
  expect(away.state).toEqual(coach.state);
});
