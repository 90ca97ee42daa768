import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildOrganization, buildUser } from '../../db/builders';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

/**
 * The account tests' world: a server with a fake SMTP server and an upload folder, a fresh
 * organization, and helpers to make and sign in teachers and read what happened to them.
 */
export const PASSWORD = 'the account password 2026';
export const NEW_PASSWORD = 'a fresh account password 2026';

export let smtp: FakeSmtp;
export let server: TestServer;
export let uploadDir: string;
export let organizationId: string;

beforeAll(async () => {
  smtp = await startFakeSmtp();
  uploadDir = await mkdtemp(path.join(tmpdir(), 'cadre-account-'));
  server = await startTestServer({ SMTP_URL: smtp.url, UPLOAD_DIR: uploadDir });
  organizationId = (await buildOrganization(server.db)).id;
});

afterAll(async () => {
  await server?.close();
  await smtp?.close();
  await rm(uploadDir, { recursive: true, force: true });
});

export async function newTeacher(input: { email?: string } = {}) {
  return buildUser(server.db, {
    organizationId,
    passwordHash: await hashPassword(PASSWORD),
    ...input,
  });
}

export async function signedIn(email: string, password = PASSWORD) {
  const client = new HttpClient(server.url);
  const response = await client.signIn(email, password);
  expect(response.status).toBe(302);
  return client;
}

export async function userRow(id: string) {
  return server.db
    .selectFrom('app_user')
    .select(['name', 'email', 'state_educator_id', 'password_hash'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

export function emailsTo(address: string) {
  return server.db
    .selectFrom('outbound_email')
    .select(['kind', 'subject', 'text_body', 'html_body', 'unsubscribe_url'])
    .where('to_address', '=', address)
    .orderBy('created_at')
    .execute();
}

export function auditOf(userId: string, action: string) {
  return server.db
    .selectFrom('audit_log')
    .select(['before', 'after', 'actor_id'])
    .where('target_id', '=', userId)
    .where('action', '=', action)
    .execute();
}
