import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { PostgresQueryCompiler } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

/**
 * The signed-in person and their access to a cohort are worked out once per request, though
 * the root, the cohort layout and the page each ask; after an action, the loaders that
 * follow ask again.
 */

const compiler = new PostgresQueryCompiler();
let recording = false;
const statements: string[] = [];
const recorder: KyselyPlugin = {
  transformQuery: (args) => {
    if (recording) {
      statements.push(compiler.compileQuery(args.node as RootOperationNode, args.queryId).sql);
    }
    return args.node;
  },
  transformResult: async (args) => args.result,
};

const PASSWORD = 'request memo password';
let server: TestServer;
let cohort: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let facilitator: HttpClient;

beforeAll(async () => {
  server = await startTestServer({}, { wrapDb: (db) => db.withPlugin(recorder) });
  await server.mail.stop();
  await server.reminders.stop();
  cohort = await buildCohortWithPeople(server.db, {
    participants: 3,
    passwordHash: await hashPassword(PASSWORD),
  });
  facilitator = new HttpClient(server.url);
  expect((await facilitator.signIn(cohort.facilitator.email, PASSWORD)).status).toBe(302);
});

afterAll(async () => {
  await server?.close();
});

const sessionLookups = () =>
  statements.filter((sql) => /from "auth_session" inner join "app_user"/.test(sql)).length;
const accessLookups = () =>
  statements.filter((sql) => /from "cohort" left join "cohort_member"/.test(sql)).length;

it('looks up the person and the cohort access once for a whole cohort page', async () => {
  statements.length = 0;
  recording = true;
  const response = await facilitator.get(`/cohorts/${cohort.cohort.id}`);
  recording = false;
  expect(response.status).toBe(200);
  expect(sessionLookups()).toBe(1);
  expect(accessLookups()).toBe(1);
});

it('looks again after an action, so the page after a change shows the change', async () => {
  statements.length = 0;
  recording = true;
  // a refused stage move re-renders the overview in the same request
  const response = await facilitator.post(`/cohorts/${cohort.cohort.id}?index`, {
    intent: 'move',
    to: 'learning',
  });
  recording = false;
  expect(response.status).toBe(400);
  expect(sessionLookups()).toBe(2);
  expect(accessLookups()).toBe(2);
});
