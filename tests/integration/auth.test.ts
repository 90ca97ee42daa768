import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'a long enough test password';
let server: TestServer;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  server = await startTestServer();
  people = await buildCohortWithPeople(server.db, {
    participants: 2,
    passwordHash: await hashPassword(PASSWORD),
  });
});

afterAll(async () => {
  await server?.close();
});

async function sessionCount(userId: string) {
  const rows = await server.db
    .selectFrom('auth_session')
    .select('id')
    .where('user_id', '=', userId)
    .execute();
  return rows.length;
}

describe('signing in', () => {
  it('opens a database-backed session whose cookie holds only an opaque id', async () => {
    const client = new HttpClient(server.url);
    const response = await client.signIn(people.facilitator.email, PASSWORD);

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    const setCookie = response.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(new RegExp(`^${AUTH_COOKIE_NAME}=`));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Secure/i);
    // nothing about the person travels in the cookie
    const cookieValue = decodeURIComponent(client.cookie(AUTH_COOKIE_NAME) ?? '');
    expect(Buffer.from(cookieValue, 'base64').toString()).toMatch(/^"[0-9a-f-]{36}"$/);
    expect(await sessionCount(people.facilitator.id)).toBe(1);

    const home = await client.get('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(people.cohort.name);
  });

  it('accepts the email in any letter case', async () => {
    const client = new HttpClient(server.url);
    const response = await client.signIn(people.coach.email.toUpperCase(), PASSWORD);
    expect(response.status).toBe(302);
  });

  it('gives the same clear error for a wrong password and an unknown email', async () => {
    const client = new HttpClient(server.url);
    const wrongPassword = await client.signIn(people.participants[0]!.email, 'not the password');
    const unknownEmail = await client.signIn('nobody-here@school.test', PASSWORD);

    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    const message = 'That email and password do not match an account.';
    expect(await wrongPassword.text()).toContain(message);
    expect(await unknownEmail.text()).toContain(message);
    expect(client.cookie(AUTH_COOKIE_NAME)).toBeUndefined();
  });

  it('explains a missing or malformed email without touching the database', async () => {
    const client = new HttpClient(server.url);
    const response = await client.post('/login', { email: 'not-an-email', password: '' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Enter an email address like name@school.org.');
    expect(html).toContain('Enter your password.');
    expect(html).toMatch(/aria-invalid="true"/);
  });

  it('follows only same-site redirects after signing in', async () => {
    const inside = await new HttpClient(server.url).signIn(
      people.facilitator.email,
      PASSWORD,
      `/cohorts/${people.cohort.id}`,
    );
    expect(inside.headers.get('location')).toBe(`/cohorts/${people.cohort.id}`);

    for (const evil of [
      'https://evil.test/',
      '//evil.test/x',
      '/\\evil.test',
      'javascript:alert(1)',
    ]) {
      const response = await new HttpClient(server.url).signIn(
        people.facilitator.email,
        PASSWORD,
        evil,
      );
      expect(response.headers.get('location')).toBe('/');
    }
  });

  it('rotates the session: the id held before signing in stops working', async () => {
    const client = new HttpClient(server.url);
    await client.signIn(people.participants[1]!.email, PASSWORD);
    const before = client.cookie(AUTH_COOKIE_NAME);
    const stolen = new HttpClient(server.url);
    stolen.setCookie(AUTH_COOKIE_NAME, before!);

    await client.signIn(people.participants[1]!.email, PASSWORD);
    const after = client.cookie(AUTH_COOKIE_NAME);

    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect((await client.get('/')).status).toBe(200);
    const withOldId = await stolen.get('/');
    expect(withOldId.status).toBe(302);
    expect(withOldId.headers.get('location')).toBe('/login');
  });
});

describe('signing out', () => {
  it('deletes the session and clears the cookie', async () => {
    const client = new HttpClient(server.url);
    await client.signIn(people.admin.email, PASSWORD);
    const copy = new HttpClient(server.url);
    copy.setCookie(AUTH_COOKIE_NAME, client.cookie(AUTH_COOKIE_NAME)!);
    expect(await sessionCount(people.admin.id)).toBe(1);

    const response = await client.post('/logout', {});
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login');
    expect(response.headers.getSetCookie().join()).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect(client.cookie(AUTH_COOKIE_NAME)).toBeUndefined();
    expect(await sessionCount(people.admin.id)).toBe(0);
    expect((await copy.get('/')).status).toBe(302);
  });

  it('never signs out on a plain GET', async () => {
    const client = new HttpClient(server.url);
    await client.signIn(people.coach.email, PASSWORD);
    const response = await client.get('/logout');
    expect(response.status).toBe(302);
    expect((await client.get('/')).status).toBe(200);
  });
});
