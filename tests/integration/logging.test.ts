import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { createLogger } from '../../app/log.server';
import { buildCohortWithPeople } from '../../db/builders';
import { buildInvitation } from '../fixtures/invitations';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { connect, createSocket } from '../setup/sockets';

/** Every line the server logs, as written (JSON text), so a test can grep the raw output. */
function collectingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

const PASSWORD = 'correct horse battery staple 2026';
const NEW_PASSWORD = 'a fresh password after a reset 2026';
let server: TestServer;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
const log = collectingLogger();
const parsed = () => log.lines.map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  server = await startTestServer({}, { logger: log.logger });
  people = await buildCohortWithPeople(server.db, {
    participants: 1,
    passwordHash: await hashPassword(PASSWORD),
  });
});

afterAll(async () => {
  await server?.close();
});

describe('the request log', () => {
  it('has one line per request with its id, user, route, status and duration, and no secrets', async () => {
    const invitation = await buildInvitation(server.db, {
      cohortId: people.cohort.id,
      email: 'new.teacher@example.org',
    });
    const client = new HttpClient(server.url);
    await client.get('/login');
    const wrong = await client.signIn(people.facilitator.email, 'a wrong password attempt');
    expect(wrong.status).toBe(401);
    const signedIn = await client.signIn(people.facilitator.email, PASSWORD);
    expect(signedIn.status).toBe(302);
    const sessionCookie = client.cookie(AUTH_COOKIE_NAME)!;
    const dashboard = await client.get(`/cohorts/${people.cohort.id}`);
    expect(dashboard.status).toBe(200);
    await dashboard.text();
    const requestId = dashboard.headers.get('x-request-id');
    // the invitee opens her link before she has an account
    await (await new HttpClient(server.url).get(`/invitations/${invitation.token}`)).text();
    expect((await client.post('/logout', {})).status).toBe(302);

    // a participant forgets her password: asks for a link, opens it and sets a new one
    const resetter = new HttpClient(server.url);
    expect(
      (await resetter.post('/forgot-password', { email: people.participants[0]!.email })).status,
    ).toBe(200);
    const resetEmail = await server.db
      .selectFrom('outbound_email')
      .select('text_body')
      .where('kind', '=', 'password-reset')
      .where('to_address', '=', people.participants[0]!.email)
      .executeTakeFirstOrThrow();
    const resetToken = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(resetEmail.text_body)![1]!;
    const resetPage = await resetter.get(`/reset-password/${resetToken}`);
    expect(resetPage.status).toBe(200);
    await resetPage.text();
    const reset = await resetter.post(`/reset-password/${resetToken}`, {
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(reset.status).toBe(302);
    const lastRequestId = reset.headers.get('x-request-id');

    const raw = log.lines.join('\n');
    for (const secret of [
      PASSWORD,
      'a wrong password attempt',
      sessionCookie,
      decodeURIComponent(sessionCookie),
      invitation.token,
      resetToken,
      NEW_PASSWORD,
    ]) {
      expect(raw).not.toContain(secret);
    }

    // a line is written when the response has gone out, a moment after the client has read it
    const requests = await vi.waitFor(() => {
      const found = parsed().filter((line) => line.msg === 'request');
      expect(found.some((line) => line.reqId === lastRequestId)).toBe(true);
      return found;
    });
    const page = requests.find((line) => line.reqId === requestId);
    expect(page).toMatchObject({
      userId: people.facilitator.id,
      route: 'routes/cohorts+/$cohortId+/_index',
      method: 'GET',
      status: 200,
    });
    expect(typeof page?.durationMs).toBe('number');
    expect(requests.find((line) => line.route === 'routes/invitations+/$token')).toMatchObject({
      status: 200,
    });
    // the reset link's path holds the token; the log names the route, never the path
    expect(
      requests.filter((line) => line.route === 'routes/_auth+/reset-password.$token'),
    ).toHaveLength(2);
    const signIns = requests.filter((line) => line.route === 'routes/_auth+/login');
    expect(signIns.map((line) => line.status)).toEqual(expect.arrayContaining([200, 401, 302]));
  });

  it('logs a failing page once, with its stack, and answers with the request id', async () => {
    const client = new HttpClient(server.url);
    await client.signIn(people.facilitator.email, PASSWORD);
    await sql`alter table coaching_session rename to coaching_session_away`.execute(server.db);
    try {
      const response = await client.get(`/cohorts/${people.cohort.id}/sessions`);
      expect(response.status).toBe(500);
      const requestId = response.headers.get('x-request-id');
      const errors = parsed().filter((line) => line.reqId === requestId && line.err);
      expect(errors).toHaveLength(1);
      const err = errors[0]!.err as { stack?: string; message?: string };
      expect(err.message).toContain('coaching_session');
      expect(err.stack).toMatch(/\n\s+at /);
    } finally {
      await sql`alter table coaching_session_away rename to coaching_session`.execute(server.db);
    }
  });
});

describe('the socket log', () => {
  it('logs a failing handler with its stack and tells the client to try again', async () => {
    const client = new HttpClient(server.url);
    await client.signIn(people.facilitator.email, PASSWORD);
    const socket = createSocket(server.url, {
      cookie: `${AUTH_COOKIE_NAME}=${client.cookie(AUTH_COOKIE_NAME)}`,
    });
    await connect(socket);
    await sql`alter table cohort_member rename to cohort_member_away`.execute(server.db);
    try {
      const answer = await socket.emitWithAck('presence:watch', { cohortId: people.cohort.id });
      expect(answer).toEqual({ error: 'unavailable' });
    } finally {
      await sql`alter table cohort_member_away rename to cohort_member`.execute(server.db);
      socket.disconnect();
    }
    const failures = parsed().filter(
      (line) => line.msg === 'socket handler failed' && line.event === 'presence:watch',
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ userId: people.facilitator.id });
    expect((failures[0]!.err as { stack?: string }).stack).toMatch(/cohort_member/);
  });
});
