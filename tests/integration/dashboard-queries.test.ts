import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohort, buildMember, buildUser } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { currentRequestLog } from '../../app/http/request-log.server';

/**
 * counts every query the server runs for a request, through a Kysely plugin on its
 * database; the background workers' polls run outside any request and are not counted
 */
let queries = 0;
const counter: KyselyPlugin = {
  transformQuery: (args) => {
    if (currentRequestLog()) queries += 1;
    return args.node;
  },
  transformResult: async (args) => args.result,
};

const PASSWORD = 'dashboard queries password';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({}, { wrapDb: (db) => db.withPlugin(counter) });
  // the background workers poll the same database; their queries are not the page's
  await server.mail.stop();
  await server.reminders.stop();
});

afterAll(async () => {
  await server?.close();
});

async function cohortOf(
  size: number,
  facilitatorId: string,
  organizationId: string,
  programId: string,
) {
  const cohort = await buildCohort(server.db, {
    organizationId,
    programId,
    facilitatorId,
    capacity: 40,
    name: `Cohort of ${size}`,
  });
  for (let index = 0; index < size; index += 1) {
    const user = await buildUser(server.db, { organizationId });
    await buildMember(server.db, { cohortId: cohort.id, userId: user.id, role: 'participant' });
  }
  return cohort;
}

it('runs the same number of queries for the facilitator dashboard of 5 and of 40 members', async () => {
  const organization = await server.db
    .insertInto('organization')
    .values({ name: 'Query Count Association', slug: 'query-count' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const program = await server.db
    .insertInto('program')
    .values({
      organization_id: organization.id,
      title: 'Program',
      hours_for_completing: 15,
      hours_for_attaining: 30,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const facilitator = await buildUser(server.db, {
    organizationId: organization.id,
    passwordHash: await hashPassword(PASSWORD),
  });
  const small = await cohortOf(5, facilitator.id, organization.id, program.id);
  const large = await cohortOf(40, facilitator.id, organization.id, program.id);

  const client = new HttpClient(server.url);
  expect((await client.signIn(facilitator.email, PASSWORD)).status).toBe(302);

  async function queriesFor(path: string) {
    const before = queries;
    const response = await client.get(path);
    expect(response.status).toBe(200);
    await response.text();
    return queries - before;
  }

  const forSmall = await queriesFor(`/cohorts/${small.id}`);
  const forLarge = await queriesFor(`/cohorts/${large.id}`);
  expect(forSmall).toBeGreaterThan(0);
  expect(forLarge).toBe(forSmall);
});
