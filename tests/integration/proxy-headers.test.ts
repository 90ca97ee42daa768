import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { parseEnv } from '../../app/env.server';
import { STRICT_TRANSPORT_SECURITY } from '../../app/http/security.server';
import { buildCohortWithPeople } from '../../db/builders';
import { startServer, type RunningServer } from '../../server';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { HttpClient } from '../setup/http-client';
import { connect, connectError, type TestSocket } from '../setup/sockets';

/**
 * X-Forwarded-* headers are anyone's to send, so Cadre reads them only with TRUST_PROXY; and
 * production tells browsers to keep to HTTPS once it is served over HTTPS, never over HTTP.
 */

const PASSWORD = 'proxy headers test password';
const PUBLIC_ORIGIN = 'https://cadre.example.org';
const FOREIGN_ORIGIN = 'https://evil.example';

let database: TestDatabase;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
const servers: RunningServer[] = [];
/** production, no proxy configured, no public address */
let direct: RunningServer;
/** production behind a trusted proxy, public address on https */
let proxied: RunningServer;
/** production, public address on https, proxy headers not trusted */
let httpsOrigin: RunningServer;
/** outside production, everything else saying https */
let notProduction: RunningServer;

async function start(variables: { NODE_ENV: 'production' | 'test' } & Record<string, string>) {
  const server = await startServer({
    env: parseEnv({ PORT: '0', DATA_DIR: '.data-unused', ...variables }),
    db: database.db,
    log: () => {},
  });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  database = await createTestDatabase();
  people = await buildCohortWithPeople(database.db, {
    participants: 1,
    passwordHash: await hashPassword(PASSWORD),
  });
  direct = await start({ NODE_ENV: 'production', TRUST_PROXY: 'false' });
  proxied = await start({ NODE_ENV: 'production', TRUST_PROXY: 'true', APP_ORIGIN: PUBLIC_ORIGIN });
  httpsOrigin = await start({
    NODE_ENV: 'production',
    TRUST_PROXY: 'false',
    APP_ORIGIN: PUBLIC_ORIGIN,
  });
  notProduction = await start({ NODE_ENV: 'test', TRUST_PROXY: 'true', APP_ORIGIN: PUBLIC_ORIGIN });
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await database?.drop();
});

async function countRows(table: 'auth_session' | 'sign_in_attempt') {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function forgedSignIn(server: RunningServer) {
  return new HttpClient(server.url).post(
    '/login',
    { email: people.participants[0]!.email, password: PASSWORD },
    { origin: FOREIGN_ORIGIN, headers: { 'X-Forwarded-Host': new URL(FOREIGN_ORIGIN).host } },
  );
}

describe('a cross-site POST with X-Forwarded-Host set to its own Origin', () => {
  it('is refused when TRUST_PROXY is off, and changes nothing', async () => {
    const sessionsBefore = await countRows('auth_session');
    const attemptsBefore = await countRows('sign_in_attempt');
    const response = await forgedSignIn(direct);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('came from another website');
    expect(await countRows('auth_session')).toBe(sessionsBefore);
    expect(await countRows('sign_in_attempt')).toBe(attemptsBefore);
  });

  it('is accepted when TRUST_PROXY is on: the trusted proxy says that is the host', async () => {
    const response = await forgedSignIn(proxied);
    expect(response.status).toBe(302);
  });

  it('is refused with TRUST_PROXY on when the forwarded host is not the Origin', async () => {
    const response = await new HttpClient(proxied.url).post(
      '/login',
      { email: people.participants[0]!.email, password: PASSWORD },
      { origin: FOREIGN_ORIGIN, headers: { 'X-Forwarded-Host': 'cadre.example.org' } },
    );
    expect(response.status).toBe(403);
  });
});

describe('the live room handshake uses the same Origin check', () => {
  async function socketTo(server: RunningServer): Promise<TestSocket> {
    const client = new HttpClient(server.url);
    expect((await client.signIn(people.participants[0]!.email, PASSWORD)).status).toBe(302);
    return io(server.url, {
      autoConnect: false,
      reconnection: false,
      transports: ['websocket'],
      extraHeaders: {
        Cookie: client.cookieHeader,
        Origin: FOREIGN_ORIGIN,
        'X-Forwarded-Host': new URL(FOREIGN_ORIGIN).host,
      },
    });
  }

  it('refuses a foreign Origin whose X-Forwarded-Host matches it when TRUST_PROXY is off', async () => {
    const socket = await socketTo(direct);
    try {
      expect(await connectError(socket)).toBeTruthy();
    } finally {
      socket.close();
    }
  });

  it('lets it through when TRUST_PROXY is on', async () => {
    const socket = await socketTo(proxied);
    try {
      await connect(socket);
      expect(socket.connected).toBe(true);
    } finally {
      socket.close();
    }
  });
});

describe('X-Forwarded-For', () => {
  async function signedInAddress(server: RunningServer) {
    const client = new HttpClient(server.url, { ip: '203.0.113.9' });
    expect((await client.signIn(people.participants[0]!.email, PASSWORD)).status).toBe(302);
    const row = await database.db
      .selectFrom('auth_session')
      .select('ip_address')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    return row.ip_address;
  }

  it('is ignored without TRUST_PROXY: the address is the connection’s', async () => {
    expect(await signedInAddress(direct)).not.toBe('203.0.113.9');
  });

  it('names the visitor with TRUST_PROXY', async () => {
    expect(await signedInAddress(proxied)).toBe('203.0.113.9');
  });
});

describe('X-Forwarded-Host without TRUST_PROXY', () => {
  it('does not reach the addresses a page shows', async () => {
    await database.db
      .updateTable('cohort')
      .set({ join_code: 'proxyheaders1' })
      .where('id', '=', people.cohort.id)
      .execute();
    const facilitator = new HttpClient(direct.url);
    expect((await facilitator.signIn(people.facilitator.email, PASSWORD)).status).toBe(302);
    const page = await facilitator.get(`/cohorts/${people.cohort.id}/settings`, {
      'X-Forwarded-Host': 'localhost:6666',
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`${direct.url}/join/proxyheaders1`);
    expect(html).not.toContain('localhost:6666');
  });
});

describe('Strict-Transport-Security', () => {
  async function hsts(server: RunningServer, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}/login`, { headers });
    expect(response.status).toBe(200);
    await response.text();
    return response.headers.get('strict-transport-security');
  }

  it('is sent in production behind a trusted proxy that says https', async () => {
    expect(await hsts(proxied, { 'X-Forwarded-Proto': 'https' })).toBe(STRICT_TRANSPORT_SECURITY);
    expect(STRICT_TRANSPORT_SECURITY).toBe('max-age=31536000; includeSubDomains');
  });

  it('is sent in production when APP_ORIGIN is https and no proxy is trusted', async () => {
    expect(await hsts(httpsOrigin)).toBe(STRICT_TRANSPORT_SECURITY);
  });

  it('is not sent over plain http', async () => {
    expect(await hsts(direct)).toBeNull();
  });

  it('is not sent for a forged X-Forwarded-Proto when no proxy is trusted', async () => {
    expect(await hsts(direct, { 'X-Forwarded-Proto': 'https' })).toBeNull();
  });

  it('is not sent when the trusted proxy says the visitor came over http', async () => {
    expect(await hsts(proxied, { 'X-Forwarded-Proto': 'http' })).toBeNull();
  });

  it('is not sent outside production', async () => {
    expect(await hsts(notProduction, { 'X-Forwarded-Proto': 'https' })).toBeNull();
  });
});
