import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import { buildInvitation } from '../fixtures/invitations';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { buildCritiqueCohort, PASSWORD as CRITIQUE_PASSWORD, toastOf } from './critique-fixtures';

const PASSWORD = 'a long enough idempotency password';
const REPEATS = 5;
let server: TestServer;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let facilitator: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  people = await buildCohortWithPeople(server.db, {
    participants: 3,
    passwordHash: await hashPassword(PASSWORD),
    status: 'assessing',
  });
  facilitator = new HttpClient(server.url);
  expect((await facilitator.signIn(people.facilitator.email, PASSWORD)).status).toBe(302);
});

afterAll(async () => {
  await server?.close();
});

/** the key the page's loader put in its forms */
async function keyFrom(client: HttpClient, path: string) {
  const response = await client.get(path);
  expect(response.status).toBe(200);
  return keyIn(await response.text());
}

function keyIn(html: string) {
  const keys = [...html.matchAll(/name="idempotencyKey" value="([0-9a-f-]{36})"/g)].map(
    (match) => match[1],
  );
  expect(keys.length).toBeGreaterThan(0);
  // one render, one key for its forms
  expect(new Set(keys).size).toBe(1);
  return keys[0]!;
}

/** every answer is the first one's: the same redirect with the same toast, never a 5xx */
function expectSameAnswers(responses: Response[]) {
  for (const response of responses) expect(response.status).toBe(302);
  const answers = responses.map((response) => [
    response.headers.get('location'),
    toastOf(response),
  ]);
  expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
  return answers[0]!;
}

async function count(query: Promise<{ count: string } | undefined>) {
  return Number((await query)?.count ?? 0);
}

function ledgerEntries(userId: string, source: 'adjustment' | 'reversal') {
  return count(
    server.db
      .selectFrom('hours_entry')
      .select(sql<string>`count(*)`.as('count'))
      .where('user_id', '=', userId)
      .where('source', '=', source)
      .executeTakeFirst(),
  );
}

function emailsTo(address: string, kind?: string) {
  let query = server.db
    .selectFrom('outbound_email')
    .select(sql<string>`count(*)`.as('count'))
    .where('to_address', '=', address);
  if (kind) query = query.where('kind', '=', kind);
  return count(query.executeTakeFirst());
}

describe('hours adjustments', () => {
  const hoursPage = () => `/cohorts/${people.cohort.id}/hours`;
  const adjust = (userId: string, key?: string) => ({
    intent: 'adjust',
    userId,
    hours: '2',
    reason: 'Led the district workshop',
    ...(key ? { idempotencyKey: key } : {}),
  });

  it(`makes one ledger entry from ${REPEATS} identical "+2 h" posts with the page's key`, async () => {
    const participant = people.participants[0]!;
    const key = await keyFrom(facilitator, hoursPage());
    const responses: Response[] = [];
    for (let repeat = 0; repeat < REPEATS; repeat += 1) {
      responses.push(await facilitator.post(hoursPage(), adjust(participant.id, key)));
    }
    const [location, toast] = expectSameAnswers(responses);
    expect(location).toBe(hoursPage());
    expect(toast).toBe(`Added 2 hours for ${participant.name}.`);
    expect(await ledgerEntries(participant.id, 'adjustment')).toBe(1);
  });

  it('makes one entry from concurrent identical posts, and none answers 5xx', async () => {
    const participant = people.participants[1]!;
    const key = await keyFrom(facilitator, hoursPage());
    const responses = await Promise.all(
      Array.from({ length: REPEATS }, () =>
        facilitator.post(hoursPage(), adjust(participant.id, key)),
      ),
    );
    expectSameAnswers(responses);
    expect(await ledgerEntries(participant.id, 'adjustment')).toBe(1);
    const audits = await count(
      server.db
        .selectFrom('audit_log')
        .select(sql<string>`count(*)`.as('count'))
        .where('action', '=', 'hours.adjusted')
        .where(sql`after->>'userId'`, '=', participant.id)
        .executeTakeFirst(),
    );
    expect(audits).toBe(1);
  });

  it('treats a new render, different fields under one key, or no key as new intents', async () => {
    const participant = people.participants[2]!;
    const key = await keyFrom(facilitator, hoursPage());
    await facilitator.post(hoursPage(), adjust(participant.id, key));
    // another render of the page is another intent
    await facilitator.post(
      hoursPage(),
      adjust(participant.id, await keyFrom(facilitator, hoursPage())),
    );
    // the same page sending a different amount is not a repeat
    await facilitator.post(hoursPage(), { ...adjust(participant.id, key), hours: '3' });
    expect(await ledgerEntries(participant.id, 'adjustment')).toBe(3);
    // a page from before keys existed still works, without dedupe
    await facilitator.post(hoursPage(), adjust(participant.id));
    expect(await ledgerEntries(participant.id, 'adjustment')).toBe(4);
  });

  it('refuses a malformed key with a 400 and changes nothing', async () => {
    const participant = people.participants[2]!;
    const before = await ledgerEntries(participant.id, 'adjustment');
    const response = await facilitator.post(hoursPage(), adjust(participant.id, 'not-a-key'));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Reload the page and send it again.');
    expect(await ledgerEntries(participant.id, 'adjustment')).toBe(before);
  });

  it(`makes one reversal from ${REPEATS} identical posts, each answered like the first`, async () => {
    const participant = people.participants[0]!;
    const entry = await server.db
      .selectFrom('hours_entry')
      .select('id')
      .where('user_id', '=', participant.id)
      .where('source', '=', 'adjustment')
      .executeTakeFirstOrThrow();
    const key = await keyFrom(facilitator, `${hoursPage()}?confirm=reverse&entry=${entry.id}`);
    const fields = {
      intent: 'reverse',
      entryId: entry.id,
      reason: 'Entered twice',
      idempotencyKey: key,
    };
    const responses = await Promise.all(
      Array.from({ length: REPEATS }, () => facilitator.post(hoursPage(), fields)),
    );
    const [, toast] = expectSameAnswers(responses);
    // not "already reversed": a repeat is answered as the first was
    expect(toast).toBe(`Reversed the entry for ${participant.name}; their hours net it out.`);
    expect(await ledgerEntries(participant.id, 'reversal')).toBe(1);
  });
});

describe('scores', () => {
  it(`records one score from ${REPEATS} identical concurrent posts`, async () => {
    const critique = await buildCritiqueCohort(server.db);
    const submission = await server.db
      .insertInto('submission')
      .values({
        member_id: critique.participantMembers[0]!,
        micro_credential_id: critique.credential.id,
        status: 'submitted',
        body: 'Evidence ready for scoring.',
        submitted_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const coach = new HttpClient(server.url);
    expect((await coach.signIn(critique.coach.email, CRITIQUE_PASSWORD)).status).toBe(302);
    const page = `/cohorts/${critique.cohort.id}/scoring/${submission.id}`;
    const fields: Record<string, string> = {
      intent: 'score',
      feedback: 'Thank you.',
      idempotencyKey: await keyFrom(coach, page),
    };
    for (const criterion of critique.credential.criteria) {
      fields[`result-${criterion.id}`] = 'not-yet';
      fields[`feedback-${criterion.id}`] = 'Add before-and-after data.';
    }
    const responses = await Promise.all(
      Array.from({ length: REPEATS }, () => coach.post(page, fields)),
    );
    const [, toast] = expectSameAnswers(responses);
    expect(toast).toMatch(/^Not yet: .* was told and can start attempt 2\.$/);
    const scores = await count(
      server.db
        .selectFrom('score')
        .select(sql<string>`count(*)`.as('count'))
        .where('submission_id', '=', submission.id)
        .executeTakeFirst(),
    );
    expect(scores).toBe(1);
    expect(await emailsTo(critique.participants[0]!.email, 'submission.not_yet')).toBe(1);
  });
});

describe('invitations', () => {
  it(`sends each invitation once from ${REPEATS} identical concurrent confirms`, async () => {
    const invite = `/cohorts/${people.cohort.id}/invite`;
    const addresses = ['once-a@school.test', 'once-b@school.test'];
    // the confirm form is on the preview, with the key of that render
    const preview = await facilitator.post(invite, {
      intent: 'preview',
      role: 'participant',
      emails: addresses.join('\n'),
    });
    expect(preview.status).toBe(200);
    const fields = {
      intent: 'confirm',
      role: 'participant',
      idempotencyKey: keyIn(await preview.text()),
      payload: JSON.stringify({
        role: 'participant',
        entries: addresses.map((email, line) => ({
          line,
          name: null,
          email,
          stateEducatorId: null,
        })),
      }),
    };
    const responses = await Promise.all(
      Array.from({ length: REPEATS }, () => facilitator.post(invite, fields)),
    );
    const [, toast] = expectSameAnswers(responses);
    expect(toast).toBe('Sent 2 invitations. They are on their way by email.');
    for (const address of addresses) expect(await emailsTo(address, 'invitation')).toBe(1);
    const invitations = await count(
      server.db
        .selectFrom('invitation')
        .select(sql<string>`count(*)`.as('count'))
        .where('email', 'in', addresses)
        .executeTakeFirst(),
    );
    expect(invitations).toBe(2);
  });

  it(`resends an invitation once from ${REPEATS} identical posts`, async () => {
    const open = await buildInvitation(server.db, {
      cohortId: people.cohort.id,
      email: 'resend-once@school.test',
    });
    const roster = `/cohorts/${people.cohort.id}/roster`;
    const fields = {
      intent: 'resend',
      invitationId: open.id,
      idempotencyKey: await keyFrom(facilitator, roster),
    };
    const responses = await Promise.all(
      Array.from({ length: REPEATS }, () => facilitator.post(roster, fields)),
    );
    const [, toast] = expectSameAnswers(responses);
    expect(toast).toBe('A new invitation link is on its way to resend-once@school.test.');
    expect(await emailsTo('resend-once@school.test', 'invitation')).toBe(1);
  });
});

describe('emails', () => {
  it(`sends one pre-assessment reminder from ${REPEATS} identical concurrent posts`, async () => {
    const participant = people.participants[0]!;
    const member = await server.db
      .selectFrom('cohort_member')
      .select('id')
      .where('cohort_id', '=', people.cohort.id)
      .where('user_id', '=', participant.id)
      .executeTakeFirstOrThrow();
    // the program's pre-assessment, one item is enough for the staff page and its reminders
    const competency = await server.db
      .selectFrom('competency')
      .select('id')
      .where('program_id', '=', people.program.id)
      .executeTakeFirstOrThrow();
    const assessment = await server.db
      .insertInto('assessment')
      .values({ program_id: people.program.id, version: 1, title: 'Pre-assessment' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await server.db
      .insertInto('assessment_item')
      .values({
        assessment_id: assessment.id,
        competency_id: competency.id,
        position: 1,
        kind: 'self-rating',
        prompt: 'How established are your routines?',
        options: ['Beginning', 'Developing', 'Proficient', 'Leading'],
      })
      .execute();
    const page = `/cohorts/${people.cohort.id}/assessment`;
    const fields = {
      intent: 'remind',
      memberId: member.id,
      idempotencyKey: await keyFrom(facilitator, page),
    };
    const responses = await Promise.all(
      Array.from({ length: REPEATS }, () => facilitator.post(page, fields)),
    );
    const [, toast] = expectSameAnswers(responses);
    expect(toast).toBe('Sent 1 reminder by email.');
    expect(await emailsTo(participant.email, 'assessment-reminder')).toBe(1);
  });
});
