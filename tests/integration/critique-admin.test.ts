import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../setup/server';
import { buildCritiqueCohort, signedIn, toastOf } from './critique-fixtures';

let server: TestServer;
let cohort: Awaited<ReturnType<typeof buildCritiqueCohort>>;
let path: string;

beforeAll(async () => {
  server = await startTestServer();
  cohort = await buildCritiqueCohort(server.db);
  path = `/programs/${cohort.program.id}/credentials`;
});

afterAll(async () => {
  await server?.close();
});

const form = (overrides: Record<string, string> = {}) => ({
  credentialId: '',
  code: 'cm-2',
  title: 'Relationships and Classroom Community',
  competencyId: '',
  description: 'Builds trusting relationships with every student.',
  evidenceRequirements: 'A written artifact of 500–800 words and student survey results.',
  hours: '10',
  'criterion-0-title': 'Intentional practice',
  'criterion-0-meets': 'A specific, repeated practice.',
  'criterion-1-title': 'Reaches every student',
  'criterion-1-meets': 'Tracks contact so nobody is missed.',
  ...overrides,
});

async function credentialCount() {
  const rows = await server.db
    .selectFrom('micro_credential')
    .select('id')
    .where('program_id', '=', cohort.program.id)
    .execute();
  return rows.length;
}

describe('micro-credential administration', () => {
  it('lets an org admin add one with its rubric, in the order given', async () => {
    const admin = await signedIn(server.url, cohort.admin.email);
    const response = await admin.post(path, form());
    expect(toastOf(response)).toMatch(/was saved/);
    const credential = await server.db
      .selectFrom('micro_credential')
      .select(['id', 'code', 'position'])
      .where('code', '=', 'CM-2')
      .executeTakeFirstOrThrow();
    expect(credential.position).toBe(2);
    const criteria = await server.db
      .selectFrom('rubric_criterion')
      .select(['title', 'position'])
      .where('micro_credential_id', '=', credential.id)
      .orderBy('position')
      .execute();
    expect(criteria.map((row) => row.title)).toEqual([
      'Intentional practice',
      'Reaches every student',
    ]);
    const page = await (await admin.get(path)).text();
    expect(page).toContain('Relationships and Classroom Community');
  });

  it('explains bad input and changes nothing', async () => {
    const admin = await signedIn(server.url, cohort.admin.email);
    const before = await credentialCount();
    const cases: [Record<string, string>, RegExp][] = [
      [{ code: 'CM-2' }, /uses that code/],
      [{ code: 'no spaces allowed' }, /capital letters/],
      [{ code: 'CM-9', evidenceRequirements: ' ' }, /what evidence is required/],
      [{ code: 'CM-9', 'criterion-0-meets': '' }, /both a title and what/],
      [{ code: 'CM-9', hours: 'lots' }, /must be a number/],
      [{ code: 'CM-9', competencyId: crypto.randomUUID() }, /this program’s competencies/],
    ];
    for (const [overrides, message] of cases) {
      const response = await admin.post(path, form(overrides));
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(message);
    }
    expect(await credentialCount()).toBe(before);
  });

  it('is only for org admins of the organization', async () => {
    for (const email of [
      cohort.facilitator.email,
      cohort.coach.email,
      cohort.participants[0]!.email,
    ]) {
      const client = await signedIn(server.url, email);
      expect((await client.get(path)).status).toBe(403);
      expect((await client.post(path, form({ code: 'CM-7' }))).status).toBe(403);
    }
    expect(await credentialCount()).toBe(2);
  });
});
