import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { buildLiveSession } from '../setup/live';
import { startTestServer, type TestServer } from '../setup/server';

/**
 * Any client can post a body that is not a form: a script sending JSON, a proxy mangling a
 * multipart stream. Every form action answers it as a bad request and changes nothing.
 */

const PASSWORD = 'bad bodies test password';
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

const bodies = [
  { type: 'application/json', body: '{"intent":' },
  { type: 'text/plain', body: 'intent=withdraw' },
  { type: 'multipart/form-data; boundary=cut', body: '--cut\r\nContent-Disposition: form-da' },
];

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

async function rowCounts() {
  const count = async (table: 'audit_log' | 'cohort_member' | 'coaching_session' | 'hours_entry') =>
    Number(
      (
        await server.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    audit: await count('audit_log'),
    members: await count('cohort_member'),
    sessions: await count('coaching_session'),
    hours: await count('hours_entry'),
  };
}

it('answers a body that is not a form with a message, never a server error, and changes nothing', async () => {
  const session = await buildLiveSession(server.db, {
    cohortId: people.cohort.id,
    hostId: people.coach.id,
  });
  const facilitator = await signedIn(people.facilitator.email);
  const admin = await signedIn(people.admin.email);
  const cohort = `/cohorts/${people.cohort.id}`;
  const targets: { client: HttpClient | null; path: string }[] = [
    { client: null, path: '/login' },
    ...[
      cohort,
      `${cohort}/roster`,
      `${cohort}/settings`,
      `${cohort}/invite`,
      `${cohort}/sessions`,
      `${cohort}/sessions/${session.id}`,
      `${cohort}/sessions/${session.id}/attendance`,
      `${cohort}/hours`,
      `${cohort}/partners`,
      `${cohort}/plans`,
      `${cohort}/evidence`,
      `${cohort}/share-out`,
      '/cohorts/new',
      '/notifications',
      '/resources/zoom-signature',
    ].map((path) => ({ client: facilitator, path })),
    { client: admin, path: '/admin/recognition' },
    { client: admin, path: `/programs/${people.program.id}/credentials` },
  ];
  const before = await rowCounts();
  const answers: string[] = [];
  for (const target of targets) {
    for (const { type, body } of bodies) {
      const response = await fetch(new URL(target.path, server.url), {
        method: 'POST',
        redirect: 'manual',
        headers: {
          Origin: server.url,
          'Content-Type': type,
          ...(target.client ? { Cookie: target.client.cookieHeader } : {}),
        },
        body,
      });
      await response.arrayBuffer();
      answers.push(`${response.status} ${target.path} ${type.split(';')[0]}`);
    }
  }
  // a 4xx, or a redirect back with an error notice; never a 5xx
  expect(answers.filter((answer) => !/^(4\d\d|302) /.test(answer))).toEqual([]);
  expect(await rowCounts()).toEqual(before);
});
