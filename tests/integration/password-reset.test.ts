import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../app/cohorts/invitations.server';
import {
  RESET_REQUESTED_MESSAGE,
  RESET_REQUESTS_PER_EMAIL,
} from '../../app/auth/password-reset.server';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { buildOrganization, buildUser } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { connect, createSocket } from '../setup/sockets';

const OLD_PASSWORD = 'the old password 2026';
const NEW_PASSWORD = 'a brand new password 2026';

let server: TestServer;
let organizationId: string;

beforeAll(async () => {
  server = await startTestServer();
  organizationId = (await buildOrganization(server.db)).id;
});

afterAll(async () => {
  await server?.close();
});

async function newTeacher() {
  return buildUser(server.db, {
    organizationId,
    passwordHash: await hashPassword(OLD_PASSWORD),
  });
}

function emailsTo(address: string) {
  return server.db
    .selectFrom('outbound_email')
    .select(['kind', 'text_body', 'html_body', 'subject'])
    .where('to_address', '=', address)
    .execute();
}

/** the token of the newest reset email sent to `address` */
async function linkedToken(address: string) {
  const emails = await emailsTo(address);
  const match = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(emails.at(-1)?.text_body ?? '');
  expect(match, 'a reset link in the email').not.toBeNull();
  return match![1]!;
}

async function requestReset(email: string, client = new HttpClient(server.url)) {
  const response = await client.post('/forgot-password', { email });
  return { status: response.status, html: await response.text() };
}

async function passwordHashOf(userId: string) {
  const row = await server.db
    .selectFrom('app_user')
    .select('password_hash')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.password_hash;
}

describe('asking for a reset link', () => {
  it('answers known and unknown addresses alike and emails only the known one', async () => {
    const teacher = await newTeacher();
    const known = await requestReset(teacher.email.toUpperCase());
    const unknown = await requestReset('nobody-here@school.test');
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(known.html).toContain('If an account uses that address, we have sent a link');
    const answer = (html: string) => /id="forgot-sent">([^<]*)</.exec(html)?.[1];
    expect(answer(known.html)).toBe(answer(unknown.html));
    expect(answer(known.html)).toBeTruthy();

    expect(await emailsTo('nobody-here@school.test')).toHaveLength(0);
    const [email] = await emailsTo(teacher.email);
    expect(email).toMatchObject({ kind: 'password-reset', subject: 'Reset your Cadre password' });
    const token = await linkedToken(teacher.email);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(email!.html_body).toContain(`/reset-password/${token}`);

    // only the hash is stored
    const rows = await server.db
      .selectFrom('password_reset')
      .selectAll()
      .where('user_id', '=', teacher.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const lifetime =
      new Date(rows[0]!.expires_at).getTime() - new Date(rows[0]!.created_at).getTime();
    expect(Math.abs(lifetime - 60 * 60 * 1000)).toBeLessThan(5_000);
  });

  it('links from the sign-in page', async () => {
    const page = await (await new HttpClient(server.url).get('/login')).text();
    expect(page).toContain('href="/forgot-password"');
    expect(page).toContain('Forgot your password?');
    const form = await new HttpClient(server.url).get('/forgot-password');
    expect(form.status).toBe(200);
  });

  it('refuses a malformed address with a message, and sends nothing', async () => {
    const before = await server.db
      .selectFrom('outbound_email')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const bad = await requestReset('not an address');
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('Enter an email address like name@school.org.');
    expect(bad.html).not.toContain(RESET_REQUESTED_MESSAGE.slice(0, 40));
    const empty = await requestReset('');
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Enter your email address.');
    const after = await server.db
      .selectFrom('outbound_email')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('stops emailing one address past its limit, with the same answer', async () => {
    const teacher = await newTeacher();
    const answers: string[] = [];
    for (let attempt = 0; attempt < RESET_REQUESTS_PER_EMAIL.limit + 2; attempt += 1) {
      // a different client address each time, so only the per-email limit is reached
      const reply = await requestReset(teacher.email);
      expect(reply.status).toBe(200);
      answers.push(reply.html);
    }
    const sent = answers.map((html) => /id="forgot-sent">([^<]*)</.exec(html)?.[1]);
    expect(new Set(sent)).toEqual(new Set([RESET_REQUESTED_MESSAGE]));
    expect(await emailsTo(teacher.email)).toHaveLength(RESET_REQUESTS_PER_EMAIL.limit);
  });

  it('stops one client address past its limit, whatever the emails', async () => {
    const client = new HttpClient(server.url);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      await requestReset(`stranger-${attempt}@school.test`, client);
    }
    const teacher = await newTeacher();
    const reply = await requestReset(teacher.email, client);
    expect(reply.status).toBe(200);
    expect(reply.html).toContain('If an account uses that address, we have sent a link');
    expect(await emailsTo(teacher.email)).toHaveLength(0);
  });
});

describe('using a reset link', () => {
  it('sets the new password once, ends every other session and socket, and signs in', async () => {
    const teacher = await newTeacher();
    // a tab signed in elsewhere, with a live socket
    const elsewhere = new HttpClient(server.url);
    expect((await elsewhere.signIn(teacher.email, OLD_PASSWORD)).status).toBe(302);
    const socket = createSocket(server.url, {
      cookie: `${AUTH_COOKIE_NAME}=${elsewhere.cookie(AUTH_COOKIE_NAME)}`,
    });
    await connect(socket);
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    // two requests: both links are outstanding; using the second spends the first too
    await requestReset(teacher.email);
    const firstToken = await linkedToken(teacher.email);
    await requestReset(teacher.email);
    const token = await linkedToken(teacher.email);
    expect(token).not.toBe(firstToken);

    const client = new HttpClient(server.url);
    const page = await client.get(`/reset-password/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('Choose a new password');

    const done = await client.post(`/reset-password/${token}`, {
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/');
    expect(client.cookie(AUTH_COOKIE_NAME)).toBeTruthy();
    expect(client.cookie('cadre_toast')).toBeTruthy();
    const home = await client.get('/');
    expect(home.status).toBe(200);
    await home.text();

    // the other tab is signed out and its socket closed
    await dropped;
    const stale = await elsewhere.get('/');
    expect(stale.status).toBe(302);
    expect(stale.headers.get('location')).toMatch(/^\/login/);
    const sessions = await server.db
      .selectFrom('auth_session')
      .select('id')
      .where('user_id', '=', teacher.id)
      .execute();
    // only the fresh one of this reset is left
    expect(sessions).toHaveLength(1);

    // the old password no longer works, the new one does
    expect((await new HttpClient(server.url).signIn(teacher.email, OLD_PASSWORD)).status).toBe(401);
    expect((await new HttpClient(server.url).signIn(teacher.email, NEW_PASSWORD)).status).toBe(302);

    // the link works once, and the earlier link is spent with it
    const again = await new HttpClient(server.url).get(`/reset-password/${token}`);
    expect(again.status).toBe(410);
    const againHtml = await again.text();
    expect(againHtml).toContain('This reset link has already been used');
    expect(againHtml).toContain('href="/forgot-password"');
    const hashAfter = await passwordHashOf(teacher.id);
    const replay = await new HttpClient(server.url).post(`/reset-password/${token}`, {
      password: 'yet another password 1',
      confirmPassword: 'yet another password 1',
    });
    expect(replay.status).toBe(410);
    expect(await passwordHashOf(teacher.id)).toBe(hashAfter);
    const first = await new HttpClient(server.url).get(`/reset-password/${firstToken}`);
    expect(first.status).toBe(410);
    await first.text();

    const audit = await server.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.password_reset')
      .where('target_id', '=', teacher.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: teacher.id, organization_id: organizationId });
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
    socket.disconnect();
  });

  it('refuses an expired link and changes nothing', async () => {
    const teacher = await newTeacher();
    await requestReset(teacher.email);
    const token = await linkedToken(teacher.email);
    await server.db
      .updateTable('password_reset')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', hashToken(token))
      .execute();
    const page = await new HttpClient(server.url).get(`/reset-password/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This reset link has expired');
    const before = await passwordHashOf(teacher.id);
    const post = await new HttpClient(server.url).post(`/reset-password/${token}`, {
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(post.status).toBe(410);
    await post.text();
    expect(await passwordHashOf(teacher.id)).toBe(before);
    expect((await new HttpClient(server.url).signIn(teacher.email, OLD_PASSWORD)).status).toBe(302);
  });

  it('refuses unknown and malformed links with a clear page', async () => {
    for (const path of [
      '/reset-password/not-a-real-token',
      '/reset-password/%00',
      '/reset-password/%E0%A4%A',
      `/reset-password/${'x'.repeat(3000)}`,
    ]) {
      const page = await new HttpClient(server.url).get(path);
      expect(page.status, path).toBeLessThan(500);
      const html = await page.text();
      if (page.status === 410) expect(html).toContain('This reset link is not valid');
    }
    const post = await new HttpClient(server.url).post('/reset-password/not-a-real-token', {
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(post.status).toBe(410);
  });

  it('answers bad input with a message and changes nothing', async () => {
    const teacher = await newTeacher();
    await requestReset(teacher.email);
    const token = await linkedToken(teacher.email);
    const before = await passwordHashOf(teacher.id);
    const client = new HttpClient(server.url);

    const short = await client.post(`/reset-password/${token}`, {
      password: 'short',
      confirmPassword: 'short',
    });
    expect(short.status).toBe(400);
    const shortHtml = await short.text();
    expect(shortHtml).toContain('Use at least 10 characters');
    // the typed password is not sent back
    expect(shortHtml).not.toContain('"short"');

    const mismatch = await client.post(`/reset-password/${token}`, {
      password: NEW_PASSWORD,
      confirmPassword: `${NEW_PASSWORD}!`,
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('The two passwords do not match.');

    const nul = await client.post(`/reset-password/${token}`, {
      password: `${NEW_PASSWORD}\u0000`,
      confirmPassword: `${NEW_PASSWORD}\u0000`,
    });
    expect(nul.status).toBe(400);
    await nul.text();

    expect(await passwordHashOf(teacher.id)).toBe(before);
    const row = await server.db
      .selectFrom('password_reset')
      .select('used_at')
      .where('token_hash', '=', hashToken(token))
      .executeTakeFirstOrThrow();
    expect(row.used_at).toBeNull();
    expect(client.cookie(AUTH_COOKIE_NAME)).toBeUndefined();
    // the link still works after the refusals
    const ok = await client.post(`/reset-password/${token}`, {
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(ok.status).toBe(302);
  });
});

describe('the sign-in lock-out', () => {
  it('points to the reset page', async () => {
    const teacher = await newTeacher();
    const client = new HttpClient(server.url);
    let last: Response | undefined;
    for (let attempt = 0; attempt < 6; attempt += 1) {
      last = await client.signIn(teacher.email, 'wrong password guess');
    }
    expect(last!.status).toBe(429);
    const html = await last!.text();
    expect(html).toContain('Forgot your password?');
    expect(html).toContain('href="/forgot-password"');
  });
});
