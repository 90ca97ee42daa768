import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { DEMO_PASSWORD, demoAccounts, seedDemoData } from '../../db/seed';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

/**
 * Forms are read by their field names, and a name far down a list (`x[1000000]`) would have
 * the server build and send back a list of a million empty places with the form's errors. Such
 * a form is refused with a short 400 before it is read, and nothing changes.
 */

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await seedDemoData(server.db, { origin: server.url });
});

afterAll(async () => {
  await server?.close();
});

describe('a form with a field far down a list', () => {
  it('is refused before signing anyone in', async () => {
    const client = new HttpClient(server.url);
    const response = await client.post('/login', {
      email: demoAccounts.facilitator,
      password: DEMO_PASSWORD,
      'x[1000000]': 'a',
    });
    const body = await response.text();
    expect(response.status).toBe(400);
    expect(body.length).toBeLessThan(20_000);
    expect(body).toContain('the form has a field our pages never send');
    expect(
      response.headers.getSetCookie().some((cookie) => cookie.startsWith(`${AUTH_COOKIE_NAME}=`)),
    ).toBe(false);
  });

  it('changes nothing for a signed-in person, and the same form without it still works', async () => {
    const client = new HttpClient(server.url);
    expect((await client.signIn(demoAccounts.participant(7), DEMO_PASSWORD)).status).toBe(302);
    const change = {
      currentPassword: DEMO_PASSWORD,
      password: 'a brand new password',
      confirmPassword: 'a brand new password',
    };
    const refused = await client.post('/me/account/password', {
      ...change,
      'steps[0].notes[999999999]': 'a',
    });
    const body = await refused.text();
    expect(refused.status).toBe(400);
    expect(body.length).toBeLessThan(20_000);
    const stored = () =>
      server.db
        .selectFrom('app_user')
        .select('password_hash')
        .where('email', '=', demoAccounts.participant(7))
        .executeTakeFirstOrThrow();
    expect(await verifyPassword(DEMO_PASSWORD, (await stored()).password_hash)).toBe(true);

    const accepted = await client.post('/me/account/password', change);
    expect(accepted.status).toBe(302);
    expect(await verifyPassword('a brand new password', (await stored()).password_hash)).toBe(true);
  });
});
