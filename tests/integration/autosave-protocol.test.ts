import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCohortWithPeople } from '../../db/builders';
import type { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { buildCritiqueCohort, signedIn, startEvidence, toastOf } from './critique-fixtures';

/**
 * Action plans and written evidence autosave through one protocol: the same payload
 * (`{ version, content }` as JSON) and the same four answers (saved, conflict, locked,
 * invalid), each with the version to save over.
 */
let server: TestServer;
let uploadDir: string;
let evidence: Awaited<ReturnType<typeof buildCritiqueCohort>>;
let plans: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(os.tmpdir(), 'cadre-autosave-'));
  server = await startTestServer({ UPLOAD_DIR: uploadDir });
  await server.mail.stop();
  evidence = await buildCritiqueCohort(server.db);
  plans = await buildCohortWithPeople(server.db, {
    participants: 1,
    passwordHash: evidence.passwordHash,
    status: 'learning',
  });
  await server.db
    .insertInto('pathway')
    .values({ cohort_id: plans.cohort.id, published_at: new Date(), published_by: plans.coach.id })
    .execute();
});

afterAll(async () => {
  await server?.close();
  await rm(uploadDir, { recursive: true, force: true });
});

async function save(client: HttpClient, url: string, version: unknown, content: unknown) {
  const response = await fetch(new URL(url, server.url), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Origin: server.url,
      Cookie: client.cookieHeader,
      'X-Forwarded-For': client.ip,
    },
    body: JSON.stringify({ version, content }),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as Record<string, unknown> | null,
  };
}

const planContent = (goal: string) => ({
  goal,
  measure: 'I time the start every day for four weeks.',
  steps: [{ action: 'Post a three-step entry routine', owner: 'Me', due: '', resources: '' }],
  support: 'One observation after week two.',
  context: 'Fourth period comes right after lunch.',
});

interface Document {
  /** the signed-in author and the document's autosave address */
  open(): Promise<{ author: HttpClient; url: string }>;
  content(words: string): unknown;
  stored(): Promise<{ version: number; text: string }>;
  /** something only a malformed client sends */
  badContent: unknown;
  /** hands the document in the way its page does */
  handIn(author: HttpClient): Promise<void>;
  locked: RegExp;
}

let planId = '';
let submissionId = '';

const documents: Record<'action plan' | 'written evidence', Document> = {
  'action plan': {
    async open() {
      const author = await signedIn(server.url, plans.participants[0]!.email);
      const unit = await server.db
        .insertInto('pathway_unit')
        .values({
          cohort_id: plans.cohort.id,
          position: 1,
          title: 'Calm routines',
          action_plan_prompt: 'Plan one routine.',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const started = await author.post(`/cohorts/${plans.cohort.id}/plans`, { unitId: unit.id });
      planId = (started.headers.get('location') ?? '').split('/').pop() ?? '';
      return { author, url: `/cohorts/${plans.cohort.id}/plans/${planId}/autosave` };
    },
    content: planContent,
    async stored() {
      const row = await server.db
        .selectFrom('action_plan')
        .select(['version', 'goal'])
        .where('id', '=', planId)
        .executeTakeFirstOrThrow();
      return { version: row.version, text: row.goal };
    },
    badContent: { ...planContent('A goal'), steps: 'not a list' },
    async handIn(author) {
      const { version } = await this.stored();
      const response = await author.post(`/cohorts/${plans.cohort.id}/plans/${planId}`, {
        intent: 'submit',
        version: String(version),
        goal: 'By March 15 my 4th period starts the bell-ringer within 2 minutes on 4 of 5 days.',
        measure: 'I time the start every day for four weeks.',
        'steps[0].action': 'Post a three-step entry routine',
        support: 'One observation after week two.',
        context: 'Fourth period comes right after lunch.',
      });
      expect(toastOf(response)).toMatch(/Submitted/);
    },
    locked: /^This plan was handed in on \w{3} \d{1,2}, \d{4} — it can no longer be changed\./,
  },
  'written evidence': {
    async open() {
      const author = await signedIn(server.url, evidence.participants[0]!.email);
      submissionId = await startEvidence(author, evidence.cohort.id, evidence.credential.id);
      return { author, url: `/cohorts/${evidence.cohort.id}/evidence/${submissionId}/draft` };
    },
    content: (words) => words,
    async stored() {
      const row = await server.db
        .selectFrom('submission')
        .select(['version', 'body'])
        .where('id', '=', submissionId)
        .executeTakeFirstOrThrow();
      return { version: row.version, text: row.body };
    },
    badContent: 'x'.repeat(100_001),
    async handIn(author) {
      const base = `/cohorts/${evidence.cohort.id}/evidence/${submissionId}`;
      await author.post(base, { intent: 'request-critique' });
      const facilitator = await signedIn(server.url, evidence.facilitator.email);
      await facilitator.post(base, { intent: 'waive', reason: 'Partner away for a week' });
      expect(toastOf(await author.post(base, { intent: 'submit' }))).toMatch(/Submitted/);
    },
    locked: /^This evidence was submitted on \w{3} \d{1,2}, \d{4} — it can no longer be changed\./,
  },
};

describe.each(Object.entries(documents))('autosaving the %s', (_name, document) => {
  let author: HttpClient;
  let url: string;

  beforeAll(async () => {
    ({ author, url } = await document.open());
  });

  it('answers saved with the next version', async () => {
    const { version } = await document.stored();
    const reply = await save(author, url, version, document.content('First tab text'));
    expect(reply).toMatchObject({ status: 200, body: { status: 'saved', version: version + 1 } });
    expect(await document.stored()).toEqual({ version: version + 1, text: 'First tab text' });
  });

  it('answers conflict with the saved text and its version, and overwrites nothing', async () => {
    const before = await document.stored();
    const stale = await save(author, url, before.version - 1, document.content('Second tab'));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      status: 'conflict',
      version: before.version,
      theirs: document.content('First tab text'),
    });
    expect(await document.stored()).toEqual(before);
  });

  it('answers invalid with a message, and changes nothing', async () => {
    const before = await document.stored();
    for (const [version, content] of [
      [before.version, document.badContent],
      [before.version, null],
      [-1, document.content('Bad version')],
      ['not a number', document.content('Bad version')],
    ] as const) {
      const reply = await save(author, url, version, content);
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ status: 'invalid', message: expect.any(String) });
    }
    expect(await document.stored()).toEqual(before);
  });

  it('answers locked once handed in, says why and when in plain words, and changes nothing', async () => {
    await document.handIn(author);
    const before = await document.stored();
    const reply = await save(author, url, before.version, document.content('Too late'));
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ status: 'locked', version: before.version });
    expect(String(reply.body?.message)).toMatch(document.locked);
    // whatever version the page holds, a locked document says locked, never conflict
    const stale = await save(author, url, 1, document.content('Too late'));
    expect(stale.body).toMatchObject({ status: 'locked' });
    expect(await document.stored()).toEqual(before);
  });
});
