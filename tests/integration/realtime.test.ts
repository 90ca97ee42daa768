import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { connect, connectError, createSocket, waitFor, type TestSocket } from '../setup/sockets';

const PASSWORD = 'realtime test password';
let server: TestServer;
let mine: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let other: Awaited<ReturnType<typeof buildCohortWithPeople>>;
const opened: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const passwordHash = await hashPassword(PASSWORD);
  mine = await buildCohortWithPeople(server.db, { participants: 3, passwordHash });
  other = await buildCohortWithPeople(server.db, { participants: 1, passwordHash });
});

afterEach(() => {
  for (const socket of opened.splice(0)) socket.disconnect();
});

afterAll(async () => {
  await server?.close();
});

async function cookieFor(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return { client, cookie: `${AUTH_COOKIE_NAME}=${client.cookie(AUTH_COOKIE_NAME)}` };
}

function socketWith(options: { cookie?: string; origin?: string }) {
  const socket = createSocket(server.url, options);
  opened.push(socket);
  return socket;
}

describe('the handshake', () => {
  it('refuses a socket without a session cookie', async () => {
    expect(await connectError(socketWith({}))).toBe('unauthorized');
  });

  it('refuses a made-up or expired session', async () => {
    const madeUp = `${AUTH_COOKIE_NAME}=${encodeURIComponent(btoa('"00000000-0000-4000-8000-000000000000"'))}`;
    expect(await connectError(socketWith({ cookie: madeUp }))).toBe('unauthorized');

    const { cookie } = await cookieFor(mine.participants[2]!.email);
    await server.db
      .updateTable('auth_session')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    expect(await connectError(socketWith({ cookie }))).toBe('unauthorized');
  });

  it('refuses a page from another site even with a valid cookie', async () => {
    const { cookie } = await cookieFor(mine.participants[0]!.email);
    const message = await connectError(socketWith({ cookie, origin: 'https://evil.example' }));
    expect(message).not.toBe('');
    const sameSite = socketWith({ cookie, origin: server.url });
    await connect(sameSite);
    expect(sameSite.connected).toBe(true);
  });
});

describe('who is online in a cohort', () => {
  it('shows a participant another one coming online and leaving, live', async () => {
    const first = socketWith({ cookie: (await cookieFor(mine.participants[0]!.email)).cookie });
    await connect(first);
    const watched = await first.emitWithAck('presence:watch', { cohortId: mine.cohort.id });
    expect('data' in watched && watched.data.online.map((member) => member.name)).toEqual([
      mine.participants[0]!.name,
    ]);

    const second = socketWith({ cookie: (await cookieFor(mine.participants[1]!.email)).cookie });
    await connect(second);
    const arrival = waitFor(first, 'presence:update', (presence) => presence.online.length === 2);
    await second.emitWithAck('presence:watch', { cohortId: mine.cohort.id });
    const withSecond = await arrival;
    expect(withSecond.online).toContainEqual({
      userId: mine.participants[1]!.id,
      name: mine.participants[1]!.name,
      role: 'participant',
    });

    const departure = waitFor(first, 'presence:update', (presence) => presence.online.length === 1);
    second.disconnect();
    expect((await departure).online.map((member) => member.userId)).toEqual([
      mine.participants[0]!.id,
    ]);
  });

  it('lists one entry per person however many tabs they have open', async () => {
    const { cookie } = await cookieFor(mine.coach.email);
    const tabs = [socketWith({ cookie }), socketWith({ cookie })];
    for (const tab of tabs) {
      await connect(tab);
      await tab.emitWithAck('presence:watch', { cohortId: mine.cohort.id });
    }
    const result = await tabs[0]!.emitWithAck('presence:watch', { cohortId: mine.cohort.id });
    expect(
      'data' in result && result.data.online.filter((m) => m.userId === mine.coach.id),
    ).toHaveLength(1);
  });

  it('refuses to show a cohort to someone outside it, and rejects malformed requests', async () => {
    const outsider = socketWith({ cookie: (await cookieFor(other.participants[0]!.email)).cookie });
    await connect(outsider);
    expect(await outsider.emitWithAck('presence:watch', { cohortId: mine.cohort.id })).toEqual({
      error: 'forbidden',
    });
    expect(await outsider.emitWithAck('presence:watch', { cohortId: 'nope' } as never)).toEqual({
      error: 'cohortId must be a cohort id',
    });
    expect(
      await outsider.emitWithAck('presence:watch', {
        cohortId: '00000000-0000-4000-8000-000000000000',
      }),
    ).toEqual({ error: 'not found' });
  });

  it('closes the sockets of a session when its person signs out', async () => {
    const { client, cookie } = await cookieFor(mine.facilitator.email);
    const socket = socketWith({ cookie });
    await connect(socket);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await client.post('/logout', {});
    expect(await closed).toBe('io server disconnect');
    expect(await connectError(socketWith({ cookie }))).toBe('unauthorized');
  });
});
