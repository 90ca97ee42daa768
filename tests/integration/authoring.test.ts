import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople, buildUser } from '../../db/builders';
import { startTestServer, type TestServer } from '../setup/server';
import { solidPng } from '../fixtures/images';
import { PASSWORD, signedIn, toastOf, uploadFile } from './critique-fixtures';

let server: TestServer;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let author: { id: string; email: string };

beforeAll(async () => {
  server = await startTestServer();
  const passwordHash = await hashPassword(PASSWORD);
  people = await buildCohortWithPeople(server.db, { participants: 2, passwordHash });
  author = await buildUser(server.db, {
    organizationId: people.organization.id,
    passwordHash,
    name: 'Ada Author',
  });
  await server.db
    .updateTable('app_user')
    .set({ may_author: true })
    .where('id', '=', author.id)
    .execute();
});

afterAll(async () => {
  await server?.close();
});

/** a form with repeated keys (checkbox groups), as a browser sends it */
const form = (pairs: [string, string][]) =>
  new URLSearchParams(pairs) as unknown as Record<string, string>;

const programForm = (overrides: Record<string, string | string[]> = {}) => {
  const fields: Record<string, string | string[]> = {
    intent: 'create',
    title: 'Classroom Management',
    summary: 'Routines, relationships and responses.',
    topics: 'Routines\nRelationships',
    outcomes: 'Teach a routine',
    audiences: ['K-12 educators', 'Teacher leaders'],
    gradeLevels: ['Elementary'],
    format: 'blended',
    hoursPerCredential: '15',
    hoursForCompleting: '15',
    hoursForAttaining: '5',
    ...overrides,
  };
  return form(
    Object.entries(fields).flatMap(([key, value]) =>
      (Array.isArray(value) ? value : [value]).map((item): [string, string] => [key, item]),
    ),
  );
};

const locationId = (response: Response) =>
  /\/authoring\/programs\/([0-9a-f-]{36})/.exec(response.headers.get('location') ?? '')?.[1];

async function count(table: 'program' | 'module' | 'micro_credential') {
  const row = await server.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** creates a draft with two competencies, a module and a micro-credential; returns its ids */
async function buildDraft(
  client: Awaited<ReturnType<typeof signedIn>>,
  title = 'Classroom Management',
) {
  const created = await client.post('/authoring', programForm({ title }));
  expect(created.status).toBe(302);
  const programId = locationId(created)!;
  const base = `/authoring/programs/${programId}`;
  const competencies = await client.post(
    base,
    form([
      ['intent', 'competencies'],
      ['competencies[0].code', 'cm-1'],
      ['competencies[0].title', 'Routines'],
      ['competencies[1].code', 'CM-2'],
      ['competencies[1].title', 'Relationships'],
      ['competencies[2].code', ''],
      ['competencies[2].title', ''],
    ]),
  );
  expect(toastOf(competencies)).toMatch(/competencies are saved/);
  const [first] = await server.db
    .selectFrom('competency')
    .select(['id', 'code'])
    .where('program_id', '=', programId)
    .orderBy('position')
    .execute();
  const module = await client.post(
    `${base}/modules/new`,
    form([
      ['title', 'Why routines matter'],
      ['kind', 'online'],
      ['minutes', '30'],
      ['competencyIds', first!.id],
      ['body', '## Routines\n\n| A | B |\n| - | - |\n| 1 | 2 |'],
      ['resources[0].title', 'Video'],
      ['resources[0].url', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
      ['resources[0].embed', 'on'],
    ]),
  );
  expect(toastOf(module)).toMatch(/module is saved/);
  const credential = await client.post(
    `${base}/credentials/new`,
    form([
      ['code', 'cm-r'],
      ['title', 'Routines That Protect Learning Time'],
      ['competencyId', first!.id],
      ['competencyStatement', 'Teaches routines that protect learning time.'],
      ['keyMethod', 'Model, practise, re-teach.'],
      ['overviewPrompt', 'Describe your class.'],
      ['artifactPrompt', 'A lesson plan and a video.'],
      ['reflectionPrompt', 'What changed?'],
      ['evidenceTypes', 'Written artifact'],
      ['evidenceTypes', 'Video'],
      ['needsClassroomData', 'yes'],
      ['audiences', 'K-12 educators'],
      ['hours', '15'],
      ['criteria[0].part', 'artifact'],
      ['criteria[0].title', 'Routine is defined'],
      ['criteria[0].meets', 'Steps and cues are precise.'],
      ['criteria[0].notYet', 'Steps are vague.'],
    ]),
  );
  expect(toastOf(credential)).toMatch(/micro-credential is saved/);
  return { programId, base };
}

describe('authoring programs', () => {
  it('lets an author write a draft, with hour defaults from the organization, and audits it', async () => {
    const client = await signedIn(server.url, author.email);
    const page = await (await client.get('/authoring?new=1')).text();
    expect(page).toContain('New program');
    const { programId } = await buildDraft(client);
    const program = await server.db
      .selectFrom('program')
      .select(['status', 'version', 'audiences', 'topics', 'created_by'])
      .where('id', '=', programId)
      .executeTakeFirstOrThrow();
    expect(program).toMatchObject({
      status: 'draft',
      version: 1,
      audiences: ['K-12 educators', 'Teacher leaders'],
      topics: ['Routines', 'Relationships'],
      created_by: author.id,
    });
    const credential = await server.db
      .selectFrom('micro_credential')
      .select(['code', 'submission_parts', 'evidence_types', 'needs_classroom_data'])
      .where('program_id', '=', programId)
      .executeTakeFirstOrThrow();
    expect(credential.code).toBe('CM-R');
    expect(credential.submission_parts.map((part) => part.kind)).toEqual([
      'overview',
      'artifact',
      'reflection',
    ]);
    expect(credential.needs_classroom_data).toBe(true);
    const audits = await server.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_id', '=', author.id)
      .execute();
    expect(audits.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'program.created',
        'program.competencies_saved',
        'module.created',
        'micro_credential.created',
      ]),
    );
  });

  it('explains bad input field by field and changes nothing', async () => {
    const client = await signedIn(server.url, author.email);
    const before = await count('program');
    const cases: [Record<string, string | string[]>, RegExp][] = [
      [{ title: ' ' }, /Give the program a title/],
      [{ hoursForCompleting: 'lots' }, /as a number/],
      [{ hoursForAttaining: '-1' }, /cannot be negative/],
      [{ format: 'hologram' }, /format from the list/],
      [{ audiences: ['Astronauts'] }, /audiences from the list/],
    ];
    for (const [overrides, message] of cases) {
      const response = await client.post('/authoring', programForm(overrides));
      expect(response.status, JSON.stringify(overrides)).toBe(400);
      expect(await response.text()).toMatch(message);
    }
    expect(await count('program')).toBe(before);

    const { base, programId } = await buildDraft(client, 'Bad input program');
    const modulesBefore = await count('module');
    const badModule = await client.post(
      `${base}/modules/new`,
      form([
        ['title', 'x'],
        ['kind', 'online'],
        ['minutes', '0'],
        ['resources[0].title', 'Danger'],
        ['resources[0].url', 'javascript:alert(1)'],
      ]),
    );
    expect(badModule.status).toBe(400);
    const text = await badModule.text();
    expect(text).toMatch(/at least a minute/);
    expect(text).toMatch(/starting https/);
    expect(await count('module')).toBe(modulesBefore);

    const credentialsBefore = await count('micro_credential');
    const badCredential = await client.post(
      `${base}/credentials/new`,
      form([
        ['code', 'CM-R'],
        ['title', 'Duplicate'],
        ['competencyStatement', 'x'],
        ['keyMethod', 'y'],
        ['overviewPrompt', 'z'],
        ['evidenceTypes', 'Video'],
        ['needsClassroomData', 'no'],
        ['hours', '5'],
        ['criteria[0].title', 'Only a title'],
      ]),
    );
    expect(badCredential.status).toBe(400);
    expect(await badCredential.text()).toMatch(/what “meets” looks like/);
    const duplicate = await client.post(
      `${base}/credentials/new`,
      form([
        ['code', 'CM-R'],
        ['title', 'Duplicate'],
        ['competencyStatement', 'x'],
        ['keyMethod', 'y'],
        ['overviewPrompt', 'z'],
        ['evidenceTypes', 'Video'],
        ['needsClassroomData', 'no'],
        ['hours', '5'],
        ['criteria[0].title', 'Criterion'],
        ['criteria[0].meets', 'Meets'],
        ['criteria[0].notYet', 'Not yet'],
      ]),
    );
    expect(duplicate.status).toBe(400);
    expect(await duplicate.text()).toMatch(/uses that code/);
    expect(await count('micro_credential')).toBe(credentialsBefore);

    const badCompetency = await client.post(
      base,
      form([
        ['intent', 'competencies'],
        ['competencies[0].code', 'has spaces'],
        ['competencies[0].title', 'Routines'],
      ]),
    );
    expect(badCompetency.status).toBe(400);
    const codes = await server.db
      .selectFrom('competency')
      .select('code')
      .where('program_id', '=', programId)
      .orderBy('position')
      .execute();
    expect(codes.map((row) => row.code)).toEqual(['CM-1', 'CM-2']);
  });

  it('refuses participants, facilitators and other organizations', async () => {
    const participant = await signedIn(server.url, people.participants[0]!.email);
    expect((await participant.get('/authoring')).status).toBe(403);
    expect((await participant.post('/authoring', programForm())).status).toBe(403);
    const facilitator = await signedIn(server.url, people.facilitator.email);
    expect((await facilitator.get(`/authoring/programs/${people.program.id}`)).status).toBe(403);

    const other = await buildCohortWithPeople(server.db, {
      participants: 1,
      passwordHash: await hashPassword(PASSWORD),
    });
    const otherAdmin = await signedIn(server.url, other.admin.email);
    expect((await otherAdmin.get(`/authoring/programs/${people.program.id}`)).status).toBe(404);
    expect(
      (await otherAdmin.post(`/authoring/programs/${people.program.id}`, { intent: 'new-version' }))
        .status,
    ).toBe(404);
  });

  it('publishes versions without changing what a running cohort pinned', async () => {
    const admin = await signedIn(server.url, people.admin.email);
    // the demo program a cohort runs is published; editing it in place is refused
    const refused = await admin.post(
      `/authoring/programs/${people.program.id}`,
      programForm({ intent: 'save', title: 'Renamed in place' }),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/Start a new version/);

    const started = await admin.post(`/authoring/programs/${people.program.id}`, {
      intent: 'new-version',
    });
    const draftId = locationId(started)!;
    expect(draftId).not.toBe(people.program.id);
    const again = await admin.post(`/authoring/programs/${people.program.id}`, {
      intent: 'new-version',
    });
    expect(locationId(again)).toBe(draftId);

    const oldModules = await server.db
      .selectFrom('module')
      .select(['id', 'title'])
      .where('program_id', '=', people.program.id)
      .orderBy('position')
      .execute();
    const saved = await admin.post(
      `/authoring/programs/${draftId}`,
      programForm({ intent: 'save', title: 'Test Program, second edition' }),
    );
    expect(toastOf(saved)).toMatch(/saved/);
    const draftModules = await server.db
      .selectFrom('module')
      .select(['id'])
      .where('program_id', '=', draftId)
      .execute();
    expect(draftModules).toHaveLength(oldModules.length);
    const published = await admin.post(`/authoring/programs/${draftId}`, { intent: 'publish' });
    expect(toastOf(published)).toMatch(/Version 2 is published/);

    const versions = await server.db
      .selectFrom('program')
      .select(['id', 'version', 'status', 'lineage_id', 'title'])
      .where('id', 'in', [people.program.id, draftId])
      .orderBy('version')
      .execute();
    expect(versions.map((row) => [row.version, row.status])).toEqual([
      [1, 'retired'],
      [2, 'published'],
    ]);
    expect(versions[0]!.lineage_id).toBe(versions[1]!.lineage_id);
    expect(versions[0]!.title).toBe('Test Program');

    // the cohort still runs version 1, its modules untouched
    const cohort = await server.db
      .selectFrom('cohort')
      .select('program_id')
      .where('id', '=', people.cohort.id)
      .executeTakeFirstOrThrow();
    expect(cohort.program_id).toBe(people.program.id);
    const stillThere = await server.db
      .selectFrom('module')
      .select(['id', 'title'])
      .where('program_id', '=', people.program.id)
      .orderBy('position')
      .execute();
    expect(stillThere).toEqual(oldModules);
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('target_id', '=', draftId)
      .where('action', '=', 'program.published')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ version: 2, retiredVersions: [1] });
  });

  it('refuses to publish an incomplete draft and says why', async () => {
    const client = await signedIn(server.url, author.email);
    const created = await client.post('/authoring', programForm({ title: 'Empty program' }));
    const programId = locationId(created)!;
    const response = await client.post(`/authoring/programs/${programId}`, { intent: 'publish' });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toMatch(/at least one competency/);
    expect(text).toMatch(/at least one module/);
    const row = await server.db
      .selectFrom('program')
      .select('status')
      .where('id', '=', programId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
  });
});

describe('program export and import', () => {
  it('round-trips a program into another organization with its ids, version and images', async () => {
    const client = await signedIn(server.url, author.email);
    const { programId, base } = await buildDraft(client, 'Round trip program');
    const png = solidPng(4, 3, [200, 30, 30]);
    const uploaded = await uploadFile(
      client,
      `/authoring/images?returnTo=${encodeURIComponent(`${base}/modules/new`)}`,
      new Blob([png], { type: 'image/png' }),
      'chart.png',
    );
    expect(uploaded.status).toBe(302);
    const imageId = /image=([0-9a-f-]{36})/.exec(uploaded.headers.get('location') ?? '')?.[1];
    expect(imageId).toBeDefined();
    const served = await client.get(`/authoring/images/${imageId}`);
    expect(served.headers.get('content-type')).toBe('image/png');
    const participant = await signedIn(server.url, people.participants[0]!.email);
    expect((await participant.get(`/authoring/images/${imageId}`)).status).toBe(200);
    const fake = await uploadFile(
      client,
      '/authoring/images',
      new Blob(['<svg onload="alert(1)"/>'], { type: 'image/png' }),
      'chart.png',
    );
    expect(toastOf(fake)).toMatch(/not a PNG/);
    const moduleId = (
      await server.db
        .selectFrom('module')
        .select('id')
        .where('program_id', '=', programId)
        .executeTakeFirstOrThrow()
    ).id;
    await server.db
      .updateTable('module')
      .set({ body: `## Chart\n\n![Seating chart](/authoring/images/${imageId})` })
      .where('id', '=', moduleId)
      .execute();

    const exported = await client.get(`${base}/export.json`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(
      /attachment; filename=".*-v1\.json"/,
    );
    const text = await exported.text();
    const document = JSON.parse(text) as { program: { id: string; version: number } };
    expect(document.program.id).toBe(programId);
    expect(text).toContain(`/authoring/images/${imageId}`);
    const images = (JSON.parse(text) as { images: { id: string; data: string }[] }).images;
    expect(images.map((image) => image.id)).toEqual([imageId]);
    expect(Buffer.from(images[0]!.data, 'base64').equals(Buffer.from(png))).toBe(true);

    // the same database already holds these ids: the import makes new ones and says so
    const other = await buildCohortWithPeople(server.db, {
      participants: 1,
      passwordHash: await hashPassword(PASSWORD),
    });
    const otherAdmin = await signedIn(server.url, other.admin.email);
    const preview = await otherAdmin.post('/authoring/import', {
      intent: 'preview',
      document: text,
    });
    expect(preview.status).toBe(200);
    const previewPage = await preview.text();
    expect(previewPage).toContain('Round trip program');
    expect(previewPage).toContain('CM-R Routines That Protect Learning Time');
    expect(previewPage).toMatch(/new ids are made/);
    const programsBefore = await count('program');
    expect(programsBefore).toBeGreaterThan(0);

    // moved to a Cadre that does not have them (here: the original is deleted first), ids survive
    await server.db.deleteFrom('program').where('id', '=', programId).execute();
    await server.db.deleteFrom('authoring_image').where('id', '=', imageId!).execute();
    const imported = await otherAdmin.post('/authoring/import', {
      intent: 'import',
      document: text,
    });
    expect(toastOf(imported)).toMatch(/imported as a draft/);
    expect(locationId(imported)).toBe(programId);
    const row = await server.db
      .selectFrom('program')
      .select(['organization_id', 'version', 'status'])
      .where('id', '=', programId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ organization_id: other.organization.id, version: 1, status: 'draft' });
    const again = await otherAdmin.get(`${base}/export.json`);
    expect(await again.text()).toBe(text);
    const image = await otherAdmin.get(`/authoring/images/${imageId}`);
    expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(png))).toBe(true);
    // the first organization's people no longer reach it
    expect((await client.get(`/authoring/images/${imageId}`)).status).toBe(404);

    // a second import of the same file into the same organization gets fresh ids
    const second = await otherAdmin.post('/authoring/import', { intent: 'import', document: text });
    const secondId = locationId(second)!;
    expect(secondId).not.toBe(programId);
    const audit = await server.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'program.imported')
      .where('target_id', '=', secondId)
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ keptIds: false, version: 1, images: 1 });
    const secondBody = await server.db
      .selectFrom('module')
      .select('body')
      .where('program_id', '=', secondId)
      .executeTakeFirstOrThrow();
    expect(secondBody.body).toMatch(/\/authoring\/images\/[0-9a-f-]{36}/);
    expect(secondBody.body).not.toContain(imageId);
  });

  it('refuses a file that is not a program export and changes nothing', async () => {
    const admin = await signedIn(server.url, people.admin.email);
    const before = await count('program');
    for (const document of [
      'not json',
      '{"format":"something else"}',
      JSON.stringify({ format: 'cadre.program', formatVersion: 1, program: {} }),
    ]) {
      const response = await admin.post('/authoring/import', { intent: 'import', document });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/Nothing was imported/);
    }
    const participant = await signedIn(server.url, people.participants[1]!.email);
    expect(
      (await participant.post('/authoring/import', { intent: 'import', document: '{}' })).status,
    ).toBe(403);
    expect(await count('program')).toBe(before);
  });
});
