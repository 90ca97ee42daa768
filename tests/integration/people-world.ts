import { afterAll, beforeAll, expect } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople, buildUser } from '../../db/builders';
import { seedDemoData } from '../../db/seed';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

/**
 * The people pages' world: a server, a cohort with its organization's admin, and helpers to
 * sign in, make people and read their rows, audit entries and toasts.
 */
export const PASSWORD = 'people pages password 2026';

export let server: TestServer;
export let world: Awaited<ReturnType<typeof buildCohortWithPeople>>;
export let passwordHash: string;

beforeAll(async () => {
  server = await startTestServer();
  // the demo organization seeds only into an empty database
  await seedDemoData(server.db, { origin: server.url });
  passwordHash = await hashPassword(PASSWORD);
  world = await buildCohortWithPeople(server.db, { participants: 3, passwordHash });
});

afterAll(async () => {
  await server?.close();
});

export async function signedIn(email: string, password = PASSWORD) {
  const client = new HttpClient(server.url);
  const response = await client.signIn(email, password);
  expect(response.status, `sign-in of ${email}`).toBe(302);
  return client;
}

export const adminClient = () => signedIn(world.admin.email);

export async function newPerson(
  input: { name?: string; email?: string; stateEducatorId?: string } = {},
) {
  return buildUser(server.db, { organizationId: world.organization.id, passwordHash, ...input });
}

export function personRow(userId: string) {
  return server.db
    .selectFrom('app_user')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export function auditOf(userId: string, action: string) {
  return server.db
    .selectFrom('audit_log')
    .select(['actor_id', 'before', 'after'])
    .where('target_id', '=', userId)
    .where('action', '=', action)
    .execute();
}

/** the message of the toast a redirect carries */
export function toastOf(response: Response) {
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('cadre_toast='));
  const value = decodeURIComponent(cookie?.split(';')[0]?.slice('cadre_toast='.length) ?? '');
  if (!value) return '';
  const toast = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as {
    message: string;
  };
  return toast.message;
}
