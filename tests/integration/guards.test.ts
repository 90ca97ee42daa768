import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { requireCohortRole } from '../../app/permissions/permissions.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { buildCohortWithPeople, buildMember } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'guards test password';
let server: TestServer;
let mine: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let other: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  server = await startTestServer();
  const passwordHash = await hashPassword(PASSWORD);
  mine = await buildCohortWithPeople(server.db, { participants: 2, passwordHash });
  other = await buildCohortWithPeople(server.db, { participants: 1, passwordHash });
});

afterAll(async () => {
  await server?.close();
});

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  const response = await client.signIn(email, PASSWORD);
  expect(response.status).toBe(302);
  return client;
}

describe('anonymous visitors', () => {
  it('are sent to sign in and brought back to the page they asked for', async () => {
    const client = new HttpClient(server.url);
    const path = `/cohorts/${mine.cohort.id}?tab=roster`;
    const response = await client.get(path);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!, server.url);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('redirectTo')).toBe(path);

    const signIn = await client.signIn(mine.participants[0]!.email, PASSWORD, path);
    expect(signIn.headers.get('location')).toBe(path);
  });

  it('see the sign-in page without being redirected', async () => {
    const response = await new HttpClient(server.url).get('/login');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('name="email"');
    expect(html).toContain('name="password"');
    expect(html).toContain('Sign in</button>');
  });

  it('are refused on unknown addresses too, rather than told what exists', async () => {
    const response = await new HttpClient(server.url).get('/no-such-page');
    expect(response.status).toBe(302);
  });
});

describe('cohort pages', () => {
  it('open for the cohort members, with everyone on the roster', async () => {
    const client = await signedIn(mine.participants[0]!.email);
    const response = await client.get(`/cohorts/${mine.cohort.id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(mine.cohort.name);
    expect(html).toContain(mine.participants[1]!.name);
  });

  it('answer 403 to someone from another cohort', async () => {
    const client = await signedIn(other.participants[0]!.email);
    const response = await client.get(`/cohorts/${mine.cohort.id}`);
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('This cohort is not one of yours');
    // the 403 page is the app's own page, header included
    expect(html).toContain('class="site-header"');
  });

  it('answer 403 to a member who has withdrawn', async () => {
    const client = await signedIn(other.participants[0]!.email);
    await buildMember(server.db, {
      cohortId: mine.cohort.id,
      userId: other.participants[0]!.id,
      role: 'participant',
      status: 'withdrawn',
    });
    expect((await client.get(`/cohorts/${mine.cohort.id}`)).status).toBe(403);
  });

  it('open for an org admin of the same organization, not of another', async () => {
    const admin = await signedIn(mine.admin.email);
    expect((await admin.get(`/cohorts/${mine.cohort.id}`)).status).toBe(200);
    expect((await admin.get(`/cohorts/${other.cohort.id}`)).status).toBe(403);
  });

  it('answer 404 for a cohort that does not exist or a malformed id', async () => {
    const client = await signedIn(mine.facilitator.email);
    const missing = await client.get('/cohorts/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('We could not find that cohort');
    const malformed = await client.get(`/cohorts/not-a-uuid'--`);
    expect(malformed.status).toBe(404);
  });

  it('answer 404 inside the app for an unknown address', async () => {
    const client = await signedIn(mine.facilitator.email);
    const response = await client.get('/nothing/here');
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('Page not found');
    expect(html).toContain('class="site-header"');
  });
});

describe('role checks', () => {
  async function requestAs(email: string) {
    const client = await signedIn(email);
    return new Request(`${server.url}/`, {
      headers: { Cookie: `${AUTH_COOKIE_NAME}=${client.cookie(AUTH_COOKIE_NAME)}` },
    });
  }

  async function statusOf(promise: Promise<unknown>) {
    try {
      await promise;
      return 200;
    } catch (thrown) {
      const status = (thrown as { init?: { status?: number }; status?: number }).init?.status;
      return status ?? (thrown as Response).status;
    }
  }

  it('let a coach through a coach-only guard and stop a participant with 403', async () => {
    const coach = await requestAs(mine.coach.email);
    const participant = await requestAs(mine.participants[0]!.email);
    expect(await statusOf(requireCohortRole(server.db, coach, mine.cohort.id, 'score'))).toBe(200);
    expect(await statusOf(requireCohortRole(server.db, participant, mine.cohort.id, 'score'))).toBe(
      403,
    );
    expect(
      await statusOf(requireCohortRole(server.db, participant, mine.cohort.id, 'manage')),
    ).toBe(403);
  });

  it('let an org admin through any role guard of their organization', async () => {
    const admin = await requestAs(mine.admin.email);
    expect(await statusOf(requireCohortRole(server.db, admin, mine.cohort.id, 'administer'))).toBe(
      200,
    );
  });

  it('send an anonymous request to sign in', async () => {
    const anonymous = new Request(`${server.url}/`);
    expect(await statusOf(requireCohortRole(server.db, anonymous, mine.cohort.id, 'score'))).toBe(
      302,
    );
  });
});
