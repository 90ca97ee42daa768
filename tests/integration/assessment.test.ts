import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import type { DB } from '../../db/db.server';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'assessment test password';
let server: TestServer;
let mine: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let other: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let items: Awaited<ReturnType<typeof buildAssessment>>;
let otherItems: Awaited<ReturnType<typeof buildAssessment>>;

/** A small assessment over the builder's two competencies (C1, C2). */
async function buildAssessment(db: DB, programId: string) {
  const competencies = await db
    .selectFrom('competency')
    .select(['id', 'code'])
    .where('program_id', '=', programId)
    .orderBy('position')
    .execute();
  const [c1, c2] = competencies;
  const assessment = await db
    .insertInto('assessment')
    .values({ program_id: programId, version: 1, title: 'Pre-assessment' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows = await db
    .insertInto('assessment_item')
    .values([
      {
        assessment_id: assessment.id,
        competency_id: c1!.id,
        position: 1,
        kind: 'self-rating',
        prompt: 'How established are your routines?',
        options: ['Beginning', 'Developing', 'Proficient', 'Leading'],
      },
      {
        assessment_id: assessment.id,
        competency_id: c1!.id,
        position: 2,
        kind: 'single-choice',
        prompt: 'Best first response to a slow transition?',
        options: ['Punish', 'Practise it again', 'Skip it'],
        correct: [1],
      },
      {
        assessment_id: assessment.id,
        competency_id: c2!.id,
        position: 3,
        kind: 'multi-choice',
        prompt: 'Which build relationships?',
        options: ['Greeting at the door', 'Public shaming', 'Two-by-ten'],
        correct: [0, 2],
      },
      {
        assessment_id: assessment.id,
        competency_id: c2!.id,
        position: 4,
        kind: 'open-text',
        prompt: 'Describe one community-building habit.',
      },
    ])
    .returning(['id', 'kind'])
    .execute();
  return { assessmentId: assessment.id, ids: rows.map((row) => row.id) };
}

beforeAll(async () => {
  server = await startTestServer();
  await server.mail.stop();
  const passwordHash = await hashPassword(PASSWORD);
  mine = await buildCohortWithPeople(server.db, {
    participants: 3,
    passwordHash,
    status: 'assessing',
  });
  other = await buildCohortWithPeople(server.db, {
    participants: 1,
    passwordHash,
    status: 'assessing',
  });
  items = await buildAssessment(server.db, mine.program.id);
  otherItems = await buildAssessment(server.db, other.program.id);
});

afterAll(async () => {
  await server?.close();
});

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

const question = (number: number) => `/cohorts/${mine.cohort.id}/assessment/questions/${number}`;

async function answerCount() {
  const row = await server.db
    .selectFrom('assessment_answer')
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function answerRows(userId: string) {
  return server.db
    .selectFrom('assessment_answer')
    .innerJoin('assessment_response', 'assessment_response.id', 'assessment_answer.response_id')
    .innerJoin('cohort_member', 'cohort_member.id', 'assessment_response.member_id')
    .select(['assessment_answer.item_id as itemId', 'rating', 'choices', 'text_answer as text'])
    .where('cohort_member.user_id', '=', userId)
    .execute();
}

describe('taking the pre-assessment', () => {
  it('saves each answer as the participant goes, and a changed answer replaces the old one', async () => {
    const participant = await signedIn(mine.participants[0]!.email);
    const [rating, single, multi, open] = items.ids;
    let response = await participant.post(question(1), {
      itemId: rating!,
      rating: '2',
      then: 'stay',
    });
    expect(response.status).toBe(200);
    response = await participant.post(question(1), { itemId: rating!, rating: '4', then: 'next' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(question(2));
    await participant.post(question(2), { itemId: single!, choice: '1', then: 'stay' });
    const body = new URLSearchParams([
      ['itemId', multi!],
      ['choice', '0'],
      ['choice', '2'],
      ['then', 'stay'],
    ]);
    await fetchWithRepeats(participant, question(3), body);
    await participant.post(question(4), { itemId: open!, text: 'Morning circle.', then: 'review' });

    const rows = await answerRows(mine.participants[0]!.id);
    expect(rows).toHaveLength(4);
    expect(rows.find((row) => row.itemId === rating)?.rating).toBe(4);
    expect(rows.find((row) => row.itemId === multi)?.choices).toEqual([0, 2]);

    // a second device (a fresh sign-in) sees the saved answer checked
    const secondDevice = await signedIn(mine.participants[0]!.email);
    const page = await (await secondDevice.get(question(1))).text();
    expect(page).toMatch(/name="rating" checked="" value="4"/);
  });

  it('answers 400 to bad payloads and changes nothing', async () => {
    const participant = await signedIn(mine.participants[1]!.email);
    const [rating, single] = items.ids;
    const before = await answerCount();
    const bad: Record<string, string>[] = [
      { itemId: rating!, rating: 'four', then: 'stay' },
      { itemId: rating!, rating: '9', then: 'stay' },
      { itemId: 'not-a-uuid', rating: '2', then: 'stay' },
      { itemId: '00000000-0000-4000-8000-000000000000', rating: '2', then: 'stay' },
      { itemId: otherItems.ids[0]!, rating: '2', then: 'stay' },
      { itemId: single!, rating: '2', then: 'stay' },
      { itemId: single!, choice: '7', then: 'stay' },
      { itemId: rating!, text: 'words', then: 'stay' },
    ];
    for (const fields of bad) {
      const response = await participant.post(question(1), fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
    }
    expect(await answerCount()).toBe(before);
  });

  it('is refused to staff, who have no answers to give', async () => {
    const coach = await signedIn(mine.coach.email);
    expect((await coach.get(question(1))).status).toBe(403);
    const response = await coach.post(question(1), { itemId: items.ids[0]!, rating: '2' });
    expect(response.status).toBe(403);
  });

  it('submits once; afterwards answers no longer change and the profile shows', async () => {
    const participant = await signedIn(mine.participants[0]!.email);
    const review = `/cohorts/${mine.cohort.id}/assessment/review`;
    const response = await participant.post(review, { intent: 'submit' });
    expect(response.status).toBe(302);
    const late = await participant.post(question(1), {
      itemId: items.ids[0]!,
      rating: '1',
      then: 'stay',
    });
    expect(late.status).toBe(400);
    expect((await answerRows(mine.participants[0]!.id)).find((row) => row.rating)?.rating).toBe(4);
    const page = await (await participant.get(`/cohorts/${mine.cohort.id}/assessment`)).text();
    expect(page).toContain('Your competency profile');
  });

  it('never shows a participant anyone else’s answers or scores', async () => {
    const second = await signedIn(mine.participants[1]!.email);
    await second.post(question(4), {
      itemId: items.ids[3]!,
      text: 'Secret of participant two',
      then: 'stay',
    });
    await second.post(`/cohorts/${mine.cohort.id}/assessment/review`, { intent: 'submit' });

    const first = await signedIn(mine.participants[0]!.email);
    const page = await (await first.get(`/cohorts/${mine.cohort.id}/assessment`)).text();
    expect(page).not.toContain('Secret of participant two');
    expect(page).not.toContain('Competency heatmap');
    expect((await first.get(`/cohorts/${mine.cohort.id}/assessment/results.csv`)).status).toBe(403);
  });
});

describe('the coach’s results', () => {
  it('show scores, open answers and who is waiting, and download as CSV', async () => {
    const coach = await signedIn(mine.coach.email);
    const page = await (await coach.get(`/cohorts/${mine.cohort.id}/assessment`)).text();
    expect(page).toContain('Competency heatmap');
    expect(page).toContain('Secret of participant two');
    expect(page).toContain('Not submitted yet');

    const response = await coach.get(`/cohorts/${mine.cohort.id}/assessment/results.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/pre-assessment\.csv/);
    const lines = (await response.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'name,email,status,submitted,answered,C1 First competency,C2 Second competency',
    );
    const first = lines.find((line) => line.startsWith(mine.participants[0]!.name));
    // C1: self 100, knowledge 100 → 100; C2: multi 100 (open text unscored) → 100
    expect(first).toMatch(/,submitted,.*,4 of 4,100,100$/);
    const third = lines.find((line) => line.startsWith(mine.participants[2]!.name));
    expect(third).toMatch(/,not started,,0 of 4,,$/);
  });

  it('remind only participants who have not submitted', async () => {
    const coach = await signedIn(mine.coach.email);
    const path = `/cohorts/${mine.cohort.id}/assessment?index`;
    const members = await server.db
      .selectFrom('cohort_member')
      .select(['id', 'user_id'])
      .where('cohort_id', 'in', [mine.cohort.id, other.cohort.id])
      .execute();
    const memberOf = (userId: string) => members.find((member) => member.user_id === userId)!.id;
    const mails = async () =>
      Number(
        (
          await server.db
            .selectFrom('outbound_email')
            .select(sql<string>`count(*)`.as('n'))
            .where('kind', '=', 'assessment-reminder')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await mails();
    expect(
      (await coach.post(path, { intent: 'remind', memberId: memberOf(mine.participants[0]!.id) }))
        .status,
    ).toBe(400);
    expect((await coach.post(path, { intent: 'remind', memberId: 'nope' })).status).toBe(400);
    expect(
      (await coach.post(path, { intent: 'remind', memberId: memberOf(other.participants[0]!.id) }))
        .status,
    ).toBe(400);
    expect(await mails()).toBe(before);
    const sent = await coach.post(path, {
      intent: 'remind',
      memberId: memberOf(mine.participants[2]!.id),
    });
    expect(sent.status).toBe(302);
    expect(await mails()).toBe(before + 1);
  });
});

describe('the cohort lifecycle', () => {
  it('refuses going back to forming once responses exist', async () => {
    const facilitator = await signedIn(mine.facilitator.email);
    const response = await facilitator.post(`/cohorts/${mine.cohort.id}?index`, {
      intent: 'move',
      to: 'forming',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('already started the pre-assessment');
  });

  it('refuses starting learning before the pathway is published', async () => {
    const facilitator = await signedIn(mine.facilitator.email);
    const response = await facilitator.post(`/cohorts/${mine.cohort.id}?index`, {
      intent: 'move',
      to: 'learning',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('publish the pathway');
  });
});

describe('authoring', () => {
  const authoring = () => `/programs/${mine.program.id}/assessment`;

  it('is for org admins and the program’s coaches only', async () => {
    expect((await (await signedIn(mine.admin.email)).get(authoring())).status).toBe(200);
    expect((await (await signedIn(mine.coach.email)).get(authoring())).status).toBe(200);
    expect((await (await signedIn(mine.participants[0]!.email)).get(authoring())).status).toBe(403);
    expect((await (await signedIn(other.coach.email)).get(authoring())).status).toBe(403);
    expect((await (await signedIn(mine.admin.email)).get('/programs/nope/assessment')).status).toBe(
      404,
    );
  });

  it('refuses changes that would alter scores once answers exist, in the app and the database', async () => {
    const coach = await signedIn(mine.coach.email);
    const competency = await server.db
      .selectFrom('competency')
      .select('id')
      .where('program_id', '=', mine.program.id)
      .executeTakeFirstOrThrow();
    const added = await coach.post(`${authoring()}?index`, {
      intent: 'add-item',
      kind: 'open-text',
      competencyId: competency.id,
      prompt: 'One more question',
    });
    expect(added.status).toBe(400);
    expect(await added.text()).toContain('Copy it to a new version');
    const removed = await coach.post(`${authoring()}?index`, {
      intent: 'delete-item',
      itemId: items.ids[0]!,
    });
    expect(removed.status).toBe(400);

    await expect(
      server.db
        .updateTable('assessment_item')
        .set({ correct: [0] })
        .where('id', '=', items.ids[1]!)
        .execute(),
    ).rejects.toMatchObject({ code: '23514' });

    // wording can still be fixed; the right answer cannot
    const edit = `${authoring()}/items/${items.ids[1]!}`;
    const base = {
      kind: 'single-choice',
      competencyId: competency.id,
      prompt: 'The best first response to a slow transition?',
      option0: 'Punish',
      option1: 'Practise it again',
      option2: 'Skip it',
    };
    expect((await coach.post(edit, { ...base, correct: '1' })).status).toBe(302);
    expect((await coach.post(edit, { ...base, correct: '0' })).status).toBe(400);

    const copied = await coach.post(`${authoring()}?index`, { intent: 'new-version' });
    expect(copied.status).toBe(302);
    const versions = await server.db
      .selectFrom('assessment')
      .select(['version'])
      .where('program_id', '=', mine.program.id)
      .orderBy('version')
      .execute();
    expect(versions.map((row) => row.version)).toEqual([1, 2]);
  });

  it('checks every question form and names the field', async () => {
    const coach = await signedIn(other.coach.email);
    const path = `/programs/${other.program.id}/assessment?index`;
    const response = await coach.post(path, {
      intent: 'add-item',
      kind: 'single-choice',
      competencyId: mine.program.competencies[0]!.id,
      prompt: 'Which one?',
      option0: 'A',
      option1: 'B',
      correct: '0',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Choose a competency of this program.');
    const noRight = await coach.post(path, {
      intent: 'add-item',
      kind: 'single-choice',
      competencyId: other.program.competencies[0]!.id,
      prompt: 'Which one?',
      option0: 'A',
      option1: 'B',
    });
    expect(noRight.status).toBe(400);
    expect(await noRight.text()).toContain('Mark exactly one option as the right answer.');
  });
});

/** posts a form with a repeated field, as a browser does for checkboxes */
async function fetchWithRepeats(client: HttpClient, path: string, body: URLSearchParams) {
  const response = await fetch(new URL(path, server.url), {
    method: 'POST',
    redirect: 'manual',
    body,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: server.url,
      Cookie: client.cookieHeader,
      'X-Forwarded-For': client.ip,
    },
  });
  expect(response.status).toBe(200);
}
