import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCohort, buildMember } from '../../db/builders';
import { startTestServer, type TestServer } from '../setup/server';
import { buildCritiqueCohort, signedIn, startEvidence, toastOf } from './critique-fixtures';

/**
 * Micro-credentials and their rubrics are edited in the authoring editor, in a draft version:
 * the old per-program page leads there, a cohort keeps the rubric of the version it runs on,
 * and a cohort started on the new version sees the edit.
 */

let server: TestServer;
let cohort: Awaited<ReturnType<typeof buildCritiqueCohort>>;
let draftId: string;

beforeAll(async () => {
  server = await startTestServer();
  cohort = await buildCritiqueCohort(server.db);
});

afterAll(async () => {
  await server?.close();
});

const editor = (programId: string, credentialId = 'new') =>
  `/authoring/programs/${programId}/credentials/${credentialId}`;

const form = (overrides: Record<string, string> = {}) => ({
  code: 'cm-2',
  title: 'Relationships and Classroom Community',
  competencyId: '',
  competencyStatement: 'Builds trusting relationships with every student.',
  keyMethod: 'Two-by-ten conversations and a contact log.',
  overviewPrompt: 'Describe your class and the students you chose.',
  artifactPrompt: 'A written artifact of 500–800 words and student survey results.',
  evidenceTypes: 'Written artifact',
  needsClassroomData: 'yes',
  hours: '10',
  'criteria[0].title': 'Intentional practice',
  'criteria[0].meets': 'A specific, repeated practice.',
  'criteria[0].notYet': 'Occasional, unplanned contact.',
  'criteria[1].title': 'Reaches every student',
  'criteria[1].meets': 'Tracks contact so nobody is missed.',
  'criteria[1].notYet': 'Some students are never reached.',
  ...overrides,
});

/** the running credential's rubric with a fourth criterion added */
const editedRubric = {
  code: 'CM-1',
  title: 'Routines That Protect Learning Time',
  competencyStatement: 'Designs and teaches routines that protect learning time.',
  keyMethod: 'Model, practise, re-teach.',
  artifactPrompt: 'A routine, taught, with before-and-after minutes.',
  evidenceTypes: 'Written artifact',
  needsClassroomData: 'yes',
  hours: '10',
  'criteria[0].title': 'Routine is clearly defined',
  'criteria[0].meets': 'Steps and cues are precise.',
  'criteria[0].notYet': 'Steps are vague.',
  'criteria[1].title': 'Routine was taught',
  'criteria[1].meets': 'Modelled, practised, re-taught.',
  'criteria[1].notYet': 'Announced once.',
  'criteria[2].title': 'Impact on learning time',
  'criteria[2].meets': 'Before-and-after data.',
  'criteria[2].notYet': 'No data.',
  'criteria[3].title': 'Partnering with families',
  'criteria[3].meets': 'Plans the next step of support together with the family.',
  'criteria[3].notYet': 'Families hear about it afterwards.',
};

async function credentialsOf(programId: string) {
  return server.db
    .selectFrom('micro_credential')
    .select(['id', 'code', 'position'])
    .where('program_id', '=', programId)
    .orderBy('position')
    .execute();
}

describe('micro-credential administration', () => {
  it('leads from the old page to the authoring editor, which edits only a draft version', async () => {
    const admin = await signedIn(server.url, cohort.admin.email);
    const old = `/programs/${cohort.program.id}/credentials`;
    const list = await admin.get(old);
    expect(list.status).toBe(302);
    expect(list.headers.get('location')).toBe(`/authoring/programs/${cohort.program.id}`);
    const edit = await admin.get(`${old}?edit=${cohort.credential.id}`);
    expect(edit.headers.get('location')).toBe(editor(cohort.program.id, cohort.credential.id));
    // a post to the old page changes nothing and goes the same way
    const posted = await admin.post(old, { credentialId: '', code: 'CM-7', title: 'Old form' });
    expect(posted.status).toBe(303);
    expect(await credentialsOf(cohort.program.id)).toHaveLength(1);

    // the cohort runs this version: its rubric is not edited in place
    const inPlace = await admin.post(editor(cohort.program.id, cohort.credential.id), editedRubric);
    expect(inPlace.status).toBe(400);
    expect(await inPlace.text()).toMatch(/Start a new version/);
    const started = await admin.post(`/authoring/programs/${cohort.program.id}`, {
      intent: 'new-version',
    });
    draftId = /\/authoring\/programs\/([0-9a-f-]{36})/.exec(
      started.headers.get('location') ?? '',
    )![1]!;
    expect(draftId).not.toBe(cohort.program.id);
  });

  it('lets an org admin add one with its rubric, in the order given', async () => {
    const admin = await signedIn(server.url, cohort.admin.email);
    const response = await admin.post(editor(draftId), form());
    expect(toastOf(response)).toMatch(/is saved/);
    const credential = (await credentialsOf(draftId)).find((row) => row.code === 'CM-2')!;
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
    const page = await (await admin.get(`/authoring/programs/${draftId}`)).text();
    expect(page).toContain('Relationships and Classroom Community');
  });

  it('explains bad input and changes nothing', async () => {
    const admin = await signedIn(server.url, cohort.admin.email);
    const before = await credentialsOf(draftId);
    const cases: [Record<string, string>, RegExp][] = [
      [{ code: 'CM-2' }, /uses that code/],
      [{ code: 'no spaces allowed' }, /capital letters/],
      [{ code: 'CM-9', competencyStatement: ' ' }, /competency statement/],
      [{ code: 'CM-9', 'criteria[0].meets': '' }, /what “meets” looks like/],
      [{ code: 'CM-9', hours: 'lots' }, /as a number/],
      [{ code: 'CM-9', competencyId: crypto.randomUUID() }, /this program’s competencies/],
    ];
    for (const [overrides, message] of cases) {
      const response = await admin.post(editor(draftId), form(overrides));
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(message);
    }
    expect(await credentialsOf(draftId)).toEqual(before);
  });

  it('is only for the organization’s authors', async () => {
    const before = await credentialsOf(draftId);
    for (const email of [
      cohort.facilitator.email,
      cohort.coach.email,
      cohort.participants[0]!.email,
    ]) {
      const client = await signedIn(server.url, email);
      expect((await client.get(`/programs/${cohort.program.id}/credentials`)).status).toBe(403);
      expect((await client.get(editor(draftId))).status).toBe(403);
      expect((await client.post(editor(draftId), form({ code: 'CM-7' }))).status).toBe(403);
    }
    expect(await credentialsOf(draftId)).toEqual(before);
  });

  it('shows a rubric edit to the cohorts of the new version, and not to the cohort that runs the old one', async () => {
    const admin = await signedIn(server.url, cohort.admin.email);
    const copied = (await credentialsOf(draftId)).find((row) => row.code === 'CM-1')!;
    const saved = await admin.post(editor(draftId, copied.id), editedRubric);
    expect(toastOf(saved)).toMatch(/is saved/);
    const published = await admin.post(`/authoring/programs/${draftId}`, { intent: 'publish' });
    expect(toastOf(published)).toMatch(/Version 2 is published/);

    // a participant and the coach of the running cohort read version 1's rubric
    const participant = await signedIn(server.url, cohort.participants[4]!.email);
    const running = await startEvidence(participant, cohort.cohort.id, cohort.credential.id);
    const coach = await signedIn(server.url, cohort.coach.email);
    for (const client of [participant, coach]) {
      const page = await (
        await client.get(`/cohorts/${cohort.cohort.id}/evidence/${running}`)
      ).text();
      expect(page).toContain('Impact on learning time');
      expect(page).not.toContain('Partnering with families');
    }

    // a cohort started on version 2 reads the edited rubric
    const next = await buildCohort(server.db, {
      organizationId: cohort.organization.id,
      programId: draftId,
      facilitatorId: cohort.facilitator.id,
      coachId: cohort.coach.id,
    });
    await buildMember(server.db, {
      cohortId: next.id,
      userId: cohort.participants[4]!.id,
      role: 'participant',
    });
    const started = await startEvidence(participant, next.id, copied.id);
    for (const client of [participant, coach]) {
      const page = await (await client.get(`/cohorts/${next.id}/evidence/${started}`)).text();
      expect(page).toContain('Partnering with families');
      expect(page).toContain('Plans the next step of support together with the family.');
    }
  });
});
