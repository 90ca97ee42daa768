import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople, buildUser } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'cohort pages test password';
let server: TestServer;
let mine: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let other: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  server = await startTestServer();
  const passwordHash = await hashPassword(PASSWORD);
  mine = await buildCohortWithPeople(server.db, { participants: 2, passwordHash });
  other = await buildCohortWithPeople(server.db, { participants: 1, passwordHash });
});

afterAll(async () => {
  await server?.close();
});

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

async function writes() {
  const [invitations, mails, audit] = await Promise.all(
    (['invitation', 'outbound_email', 'audit_log'] as const).map((table) =>
      server.db
        .selectFrom(table)
        .select(sql<string>`count(*)`.as('count'))
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.count)),
    ),
  );
  return { invitations, mails, audit };
}

describe('facilitator pages', () => {
  const pages = (cohortId: string) => [
    `/cohorts/${cohortId}/invite`,
    `/cohorts/${cohortId}/settings`,
    `/cohorts/${cohortId}/roster`,
    `/cohorts/${cohortId}/roster.csv`,
  ];

  it('send anonymous visitors to sign in', async () => {
    const anonymous = new HttpClient(server.url);
    for (const page of pages(mine.cohort.id)) {
      const response = await anonymous.get(page);
      expect(response.status, page).toBe(302);
      expect(response.headers.get('location'), page).toMatch(/^\/login\?redirectTo=/);
    }
  });

  it('answer 403 to a participant of the cohort, on pages and on every action', async () => {
    const participant = await signedIn(mine.participants[0]!.email);
    for (const page of pages(mine.cohort.id)) {
      expect((await participant.get(page)).status, page).toBe(403);
    }
    const before = await writes();
    const posts: [string, Record<string, string>][] = [
      [`/cohorts/${mine.cohort.id}/invite`, { intent: 'preview', emails: 'x@school.test' }],
      [`/cohorts/${mine.cohort.id}/roster`, { intent: 'resend', invitationId: mine.cohort.id }],
      [`/cohorts/${mine.cohort.id}/settings`, { intent: 'join-code-on' }],
      [`/cohorts/${mine.cohort.id}?index`, { intent: 'move', to: 'assessing' }],
    ];
    for (const [path, fields] of posts) {
      expect((await participant.post(path, fields)).status, path).toBe(403);
    }
    expect(await writes()).toEqual(before);
  });

  it('answer 403 to the coach of another cohort', async () => {
    const outsider = await signedIn(other.coach.email);
    for (const page of pages(mine.cohort.id)) {
      expect((await outsider.get(page)).status, page).toBe(403);
    }
  });

  it('let the cohort coach read the roster and its CSV, but not invite or change settings', async () => {
    const coach = await signedIn(mine.coach.email);
    expect((await coach.get(`/cohorts/${mine.cohort.id}/roster`)).status).toBe(200);
    expect((await coach.get(`/cohorts/${mine.cohort.id}/roster.csv`)).status).toBe(200);
    expect((await coach.get(`/cohorts/${mine.cohort.id}/invite`)).status).toBe(403);
    expect((await coach.get(`/cohorts/${mine.cohort.id}/settings`)).status).toBe(403);
  });
});

describe('the roster export', () => {
  it('is a CSV attachment listing everyone, safe to open in a spreadsheet', async () => {
    await buildUser(server.db, {
      organizationId: mine.organization.id,
      name: '=HYPERLINK("x")',
    }).then((user) =>
      server.db
        .insertInto('cohort_member')
        .values({
          cohort_id: mine.cohort.id,
          user_id: user.id,
          role: 'participant',
          status: 'waitlisted',
          waitlisted_at: new Date(),
        })
        .execute(),
    );
    const facilitator = await signedIn(mine.facilitator.email);
    const response = await facilitator.get(`/cohorts/${mine.cohort.id}/roster.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename=".+-roster\.csv"$/,
    );
    const csv = await response.text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'name,email,state educator id,role,status,waitlist position,invited,joined,last seen',
    );
    expect(lines).toHaveLength(1 + 2 + 2 + 1);
    expect(csv).toContain(mine.participants[0]!.email);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('inviting from a CSV', () => {
  async function upload(file: Blob, name = 'roster.csv') {
    const facilitator = await signedIn(mine.facilitator.email);
    const form = new FormData();
    form.set('intent', 'preview');
    form.set('role', 'participant');
    form.set('roster', file, name);
    return fetch(`${server.url}/cohorts/${mine.cohort.id}/invite`, {
      method: 'POST',
      body: form,
      headers: {
        Cookie: facilitator.cookieHeader,
        Origin: server.url,
        'X-Forwarded-For': facilitator.ip,
      },
    });
  }

  const cases: [string, () => Blob, RegExp][] = [
    ['wrong columns', () => new Blob(['first,last\nAda,Lovelace\n']), /email/i],
    [
      'a binary file',
      () =>
        new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])]),
      /not a CSV text file/i,
    ],
    [
      'a 10 MB file',
      () => new Blob([new Uint8Array(10 * 1024 * 1024).fill(0x61)]),
      /larger than|too large|MB/i,
    ],
    [
      '5,000 rows',
      () =>
        new Blob([
          `name,email\n${Array.from({ length: 5000 }, (_, i) => `P ${i},p${i}@school.test`).join('\n')}\n`,
        ]),
      /500/,
    ],
  ];

  for (const [label, file, message] of cases) {
    it(`explains what is wrong with ${label} and writes nothing`, async () => {
      const before = await writes();
      const response = await upload(file());
      expect(response.status).toBeLessThan(500);
      const html = await response.text();
      expect(html).toMatch(message);
      expect(html).toContain('role="alert"');
      expect(await writes()).toEqual(before);
    });
  }

  it('previews a good roster without writing anything', async () => {
    const before = await writes();
    const response = await upload(
      new Blob([
        '\uFEFFname;email\r\nAda Lovelace;ada@school.test\r\nAda Again;ADA@school.test\r\n',
      ]),
    );
    const html = await response.text();
    expect(html).toContain('Check the list before sending');
    expect(html).toContain('Duplicate in the list');
    expect(await writes()).toEqual(before);
  });
});

describe('moving the cohort through its stages', () => {
  it('says exactly what is missing, changes nothing, then moves once it is in place and logs it', async () => {
    const people = await buildCohortWithPeople(server.db, {
      participants: 0,
      passwordHash: await hashPassword(PASSWORD),
    });
    await server.db
      .updateTable('cohort')
      .set({ coach_id: null })
      .where('id', '=', people.cohort.id)
      .execute();
    const facilitator = await signedIn(people.facilitator.email);

    const refused = await facilitator.post(`/cohorts/${people.cohort.id}?index`, {
      intent: 'move',
      to: 'assessing',
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('A coach must be assigned');
    expect(html).toContain('At least one participant must have accepted an invitation');
    const still = await server.db
      .selectFrom('cohort')
      .select('status')
      .where('id', '=', people.cohort.id)
      .executeTakeFirstOrThrow();
    expect(still.status).toBe('forming');

    const skipping = await facilitator.post(`/cohorts/${people.cohort.id}?index`, {
      intent: 'move',
      to: 'archived',
    });
    expect(skipping.status).toBe(400);
    const nonsense = await facilitator.post(`/cohorts/${people.cohort.id}?index`, {
      intent: 'move',
      to: 'party',
    });
    expect(nonsense.status).toBe(400);

    await server.db
      .updateTable('cohort')
      .set({ coach_id: people.coach.id })
      .where('id', '=', people.cohort.id)
      .execute();
    const participant = await buildUser(server.db, { organizationId: people.organization.id });
    await server.db
      .insertInto('cohort_member')
      .values({
        cohort_id: people.cohort.id,
        user_id: participant.id,
        role: 'participant',
        status: 'active',
      })
      .execute();
    const moved = await facilitator.post(`/cohorts/${people.cohort.id}?index`, {
      intent: 'move',
      to: 'assessing',
    });
    expect(moved.status).toBe(302);
    const now = await server.db
      .selectFrom('cohort')
      .select('status')
      .where('id', '=', people.cohort.id)
      .executeTakeFirstOrThrow();
    expect(now.status).toBe('assessing');
    const logged = await server.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after', 'actor_id'])
      .where('target_id', '=', people.cohort.id)
      .where('action', '=', 'cohort.status_changed')
      .executeTakeFirstOrThrow();
    expect(logged).toEqual({
      action: 'cohort.status_changed',
      before: { status: 'forming' },
      after: { status: 'assessing' },
      actor_id: people.facilitator.id,
    });

    // and back, since nothing of the new stage exists yet
    const back = await facilitator.post(`/cohorts/${people.cohort.id}?index`, {
      intent: 'move',
      to: 'forming',
    });
    expect(back.status).toBe(302);
  });
});
