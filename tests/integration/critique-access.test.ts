import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCohortWithPeople } from '../../db/builders';
import { startTestServer, type TestServer } from '../setup/server';
import {
  buildCritiqueCohort,
  samples,
  signedIn,
  startEvidence,
  uploadFile,
} from './critique-fixtures';

let server: TestServer;
let uploadDir: string;
let cohort: Awaited<ReturnType<typeof buildCritiqueCohort>>;
let strangerEmail: string;
let paths: { submission: string; file: string; critique: string; draft: string };

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(os.tmpdir(), 'cadre-access-'));
  server = await startTestServer({ UPLOAD_DIR: uploadDir });
  cohort = await buildCritiqueCohort(server.db);
  const other = await buildCohortWithPeople(server.db, {
    participants: 1,
    passwordHash: cohort.passwordHash,
  });
  strangerEmail = other.participants[0]!.email;

  const author = await signedIn(server.url, cohort.participants[0]!.email);
  const submissionId = await startEvidence(author, cohort.cohort.id, cohort.credential.id);
  const base = `/cohorts/${cohort.cohort.id}/evidence/${submissionId}`;
  await author.post(base, { intent: 'save-draft', body: 'My routine evidence.', version: '1' });
  expect((await uploadFile(author, base, samples.pdf(), 'plan.pdf')).status).toBe(302);
  const asked = await author.post(base, { intent: 'request-critique' });
  expect(asked.status).toBe(302);
  const item = await server.db
    .selectFrom('evidence_item')
    .select('id')
    .where('submission_id', '=', submissionId)
    .executeTakeFirstOrThrow();
  paths = {
    submission: base,
    file: `${base}/files/${item.id}`,
    critique: `${base}/critique`,
    draft: `${base}/draft`,
  };
});

afterAll(async () => {
  await server?.close();
  await rm(uploadDir, { recursive: true, force: true });
});

const who = {
  author: () => cohort.participants[0]!.email,
  partner: () => cohort.participants[1]!.email,
  coach: () => cohort.coach.email,
  facilitator: () => cohort.facilitator.email,
  'org admin': () => cohort.admin.email,
  'participant of another pair': () => cohort.participants[2]!.email,
  'participant with no partner': () => cohort.participants[4]!.email,
  'participant of another cohort': () => strangerEmail,
};

describe('who may open a submission, its files and its critique', () => {
  const allowed = ['author', 'partner', 'coach', 'facilitator', 'org admin'] as const;
  const refused = [
    'participant of another pair',
    'participant with no partner',
    'participant of another cohort',
  ] as const;

  for (const person of allowed) {
    it(`lets the ${person} read the submission and download its file`, async () => {
      const client = await signedIn(server.url, who[person]());
      expect((await client.get(paths.submission)).status).toBe(200);
      const file = await client.get(paths.file);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
    });
  }

  it('lets only the partner who was asked open the critique form', async () => {
    const partner = await signedIn(server.url, who.partner());
    const page = await partner.get(paths.critique);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('What would strengthen it');
    const author = await signedIn(server.url, who.author());
    expect((await author.get(paths.critique)).status).toBe(403);
  });

  for (const person of refused) {
    it(`answers 403 to a ${person} for the submission, its file, its critique and its draft`, async () => {
      const client = await signedIn(server.url, who[person]());
      for (const target of [paths.submission, paths.file, paths.critique]) {
        const response = await client.get(target);
        expect(response.status, target).toBe(403);
        expect(await response.text()).not.toContain('My routine evidence.');
      }
      const critique = await client.post(paths.critique, { summary: 'sneaky' });
      expect(critique.status).toBe(403);
      const draft = await client.post(paths.draft, { body: 'overwritten', version: '2' });
      expect(draft.status).toBe(403);
    });
  }

  it('keeps the evidence as the author left it after all those attempts', async () => {
    const row = await server.db
      .selectFrom('submission')
      .select(['body', 'status'])
      .where('member_id', '=', cohort.participantMembers[0]!)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ body: 'My routine evidence.', status: 'in-critique' });
    const notes = await server.db.selectFrom('critique_note').select('meets').execute();
    expect(notes).toEqual([]);
  });

  it('answers 404, not 500, to a malformed or foreign submission id', async () => {
    const client = await signedIn(server.url, who.coach());
    expect((await client.get(`/cohorts/${cohort.cohort.id}/evidence/not-a-uuid`)).status).toBe(404);
    expect(
      (await client.get(`/cohorts/${cohort.cohort.id}/evidence/${crypto.randomUUID()}`)).status,
    ).toBe(404);
    expect((await client.get(`${paths.submission}/files/not-a-uuid`)).status).toBe(404);
  });
});

describe('bodies that are not forms', () => {
  it('are refused with a message, never a 500', async () => {
    const author = await signedIn(server.url, who.author());
    const coach = await signedIn(server.url, who.coach());
    const facilitator = await signedIn(server.url, who.facilitator());
    const send = (client: typeof author, target: string) =>
      fetch(new URL(target, server.url), {
        method: 'POST',
        redirect: 'manual',
        body: '{"intent":"submit"}',
        headers: {
          'Content-Type': 'application/json',
          Cookie: client.cookieHeader,
          Origin: server.url,
          'X-Forwarded-For': client.ip,
        },
      });
    const scoring = paths.submission.replace('/evidence/', '/scoring/');
    const cases: [typeof author, string][] = [
      [author, paths.submission],
      [author, paths.draft],
      [author, `/cohorts/${cohort.cohort.id}/evidence`],
      [coach, scoring],
      [facilitator, `/cohorts/${cohort.cohort.id}/partners`],
      [author, '/notifications'],
    ];
    for (const [client, target] of cases) {
      const response = await send(client, target);
      expect(response.status, target).toBeLessThan(500);
    }
  });
});
