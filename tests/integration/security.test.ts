import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'security test password';
let server: TestServer;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  server = await startTestServer();
  people = await buildCohortWithPeople(server.db, {
    participants: 1,
    passwordHash: await hashPassword(PASSWORD),
  });
});

afterAll(async () => {
  await server?.close();
});

async function countRows(table: 'auth_session' | 'sign_in_attempt') {
  const rows = await server.db.selectFrom(table).select('id').execute();
  return rows.length;
}

describe('cross-site writes', () => {
  it('refuse a POST whose Origin is another site, and change nothing', async () => {
    const sessionsBefore = await countRows('auth_session');
    const attemptsBefore = await countRows('sign_in_attempt');
    const client = new HttpClient(server.url);

    const response = await client.post(
      '/login',
      { email: people.facilitator.email, password: PASSWORD },
      { origin: 'https://evil.example' },
    );

    expect(response.status).toBe(403);
    expect(await response.text()).toContain('came from another website');
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await countRows('auth_session')).toBe(sessionsBefore);
    expect(await countRows('sign_in_attempt')).toBe(attemptsBefore);
  });

  it('refuse a sign-out forged from another site, so the session survives', async () => {
    const client = new HttpClient(server.url);
    await client.signIn(people.facilitator.email, PASSWORD);
    const forged = await client.post('/logout', {}, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect((await client.get('/')).status).toBe(200);
  });

  it('refuse a cross-site request that hides its Origin but is marked cross-site', async () => {
    const response = await new HttpClient(server.url).post(
      '/login',
      { email: people.facilitator.email, password: PASSWORD },
      { origin: null, headers: { 'Sec-Fetch-Site': 'cross-site' } },
    );
    expect(response.status).toBe(403);
  });

  it('accept the same POST from the app itself', async () => {
    const response = await new HttpClient(server.url).signIn(people.facilitator.email, PASSWORD);
    expect(response.status).toBe(302);
  });
});

describe('response headers', () => {
  it('enforce a Content-Security-Policy whose fresh nonce is on every script', async () => {
    const first = await new HttpClient(server.url).get('/login');
    const second = await new HttpClient(server.url).get('/login');
    const policy = first.headers.get('content-security-policy');
    expect(first.headers.get('content-security-policy-report-only')).toBeNull();
    expect(policy).toBeTruthy();
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'none'");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).not.toContain("'unsafe-inline' 'nonce"); // scripts never allow inline code

    const nonce = /script-src [^;]*'nonce-([^']+)'/.exec(policy ?? '')?.[1];
    expect(nonce).toBeTruthy();
    const secondNonce = /'nonce-([^']+)'/.exec(
      second.headers.get('content-security-policy') ?? '',
    )?.[1];
    expect(secondNonce).not.toBe(nonce);

    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it('send nosniff, a referrer policy and no framework banner', async () => {
    const response = await new HttpClient(server.url).get('/login');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });
});

describe('health check', () => {
  it('reports the database as reachable', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
  });
});
