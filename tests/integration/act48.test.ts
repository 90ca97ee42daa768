import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { recordEarnedMicroCredential } from '../../app/credentials/issue.server';
import {
  buildCohortWithPeople,
  buildEarnedSubmission,
  buildMicroCredential,
} from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { localDay } from '../../app/hours/school-year';
import { addDays } from '../../app/utils/dates';

const PASSWORD = 'act 48 test password';
let server: TestServer;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let other: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let ana: { id: string; email: string; name: string };
let ben: { id: string; email: string; name: string };
let cara: { id: string; email: string; name: string };
let dee: { id: string; email: string; name: string };

async function as(email: string) {
  const client = new HttpClient(server.url);
  const response = await client.signIn(email, PASSWORD);
  expect(response.status).toBe(302);
  return client;
}

async function earn(userId: string, daysAgo: number) {
  const member = await server.db
    .selectFrom('cohort_member')
    .select('id')
    .where('cohort_id', '=', people.cohort.id)
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  const credential = await buildMicroCredential(server.db, {
    programId: people.program.id,
    code: `CM-${daysAgo}`,
    title: 'Classroom Routines',
    hours: 5,
  });
  const submission = await buildEarnedSubmission(server.db, {
    memberId: member.id,
    microCredentialId: credential.id,
    scorerId: people.coach.id,
    // noon in the organization's zone, `daysAgo` calendar days back: 24-hour steps would cross a
    // daylight-saving change and land on another local day late in the evening
    earnedAt: new Date(`${addDays(localDay(new Date(), 'America/New_York'), -daysAgo)}T17:00:00Z`),
  });
  const outcome = await recordEarnedMicroCredential(server.db, {
    submissionId: submission.id,
    actorId: people.coach.id,
    origin: server.url,
  });
  return outcome.hoursEntryId!;
}

async function ledgerCount() {
  const rows = await server.db.selectFrom('hours_entry').select('id').execute();
  return rows.length;
}

function csvLines(text: string) {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
}

beforeAll(async () => {
  server = await startTestServer();
  const passwordHash = await hashPassword(PASSWORD);
  people = await buildCohortWithPeople(server.db, { participants: 4, passwordHash });
  other = await buildCohortWithPeople(server.db, { participants: 1, passwordHash });
  [ana, ben, cara, dee] = people.participants as unknown as [
    typeof ana,
    typeof ana,
    typeof ana,
    typeof ana,
  ];
  await server.db
    .updateTable('organization')
    .set({ provider_number: '9876', timezone: 'America/New_York' })
    .where('id', '=', people.organization.id)
    .execute();
  await server.db
    .updateTable('app_user')
    .set({ state_educator_id: '2847301', name: 'Ana Alvarez' })
    .where('id', '=', ana.id)
    .execute();
  await server.db
    .updateTable('app_user')
    .set({ state_educator_id: '3105968', name: 'Ben Brown' })
    .where('id', '=', ben.id)
    .execute();
  // Cara has no PPID; Dee is a paraprofessional, so has no need of one
  await server.db
    .updateTable('app_user')
    .set({ name: 'Cara Castillo' })
    .where('id', '=', cara.id)
    .execute();
  await server.db
    .updateTable('app_user')
    .set({ is_paraprofessional: true, name: 'Dee Dunn' })
    .where('id', '=', dee.id)
    .execute();
});

afterAll(async () => {
  await server?.close();
});

describe('people without a PPID', () => {
  it('are listed, with a count, on the cohort hours page and across the organization', async () => {
    const facilitator = await as(people.facilitator.email);
    const hours = await (await facilitator.get(`/cohorts/${people.cohort.id}/hours`)).text();
    const section = hours.slice(
      hours.indexOf('id="no-ppid-title"'),
      hours.indexOf('id="totals-title"'),
    );
    expect(section).toContain('Cara Castillo');
    expect(section).not.toContain('Dee Dunn');
    expect(section).not.toContain('Ana Alvarez');
    expect(section).toMatch(/badge badge--warn">1</);

    const admin = await as(people.admin.email);
    const page = await (await admin.get('/admin/act48')).text();
    const list = page.slice(
      page.indexOf('id="missing-title"'),
      page.indexOf('id="chapter14-title"'),
    );
    expect(list).toContain('Cara Castillo');
    expect(list).not.toContain('Participant 01');
  });
});

describe('the evaluation gate, the PERMS export and its batches', () => {
  let anaEntry: string;
  let benEntry: string;

  beforeAll(async () => {
    anaEntry = await earn(ana.id, 35);
    benEntry = await earn(ben.id, 3);
    await earn(cara.id, 2);
    await earn(dee.id, 1);
  });

  it('refuses a bad activity id with a field error and changes nothing', async () => {
    const facilitator = await as(people.facilitator.email);
    const response = await facilitator.post(`/cohorts/${people.cohort.id}/act48`, {
      intent: 'save',
      evaluationRequired: 'on',
      permsActivityId: 'not an id!',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('letters, digits and dashes');
    const rows = await server.db.selectFrom('cohort_act48_setting').select('cohort_id').execute();
    expect(rows).toEqual([]);
  });

  it('holds hours for the evaluation, then releases them when it is in, without touching the ledger', async () => {
    const facilitator = await as(people.facilitator.email);
    const saved = await facilitator.post(`/cohorts/${people.cohort.id}/act48`, {
      intent: 'save',
      evaluationRequired: 'on',
      permsActivityId: 'ACT-2027-0042',
    });
    expect(saved.status).toBe(302);
    const audit = await server.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'cohort.act48_settings_changed')
      .executeTakeFirstOrThrow();
    expect(audit.after).toEqual({ evaluationRequired: true, permsActivityId: 'ACT-2027-0042' });

    const admin = await as(people.admin.email);
    const before = await ledgerCount();
    const held = await (await admin.get('/admin/act48/perms.csv')).text();
    expect(csvLines(held)).toEqual([
      'Provider ID,Activity ID,PPID,Last Name,First Name,Activity Start Date,Completion Date,Credit Hours',
    ]);
    const queue = await (await admin.get('/admin/act48')).text();
    expect(queue).toContain('the program evaluation');
    // Ana's, confirmed 35 days ago, is overdue and listed first
    expect(queue).toContain('5 days overdue');
    expect(queue.indexOf('Ana Alvarez')).toBeLessThan(queue.indexOf('Ben Brown'));

    const breakdown = await (
      await (await as(ana.email)).get(`/cohorts/${people.cohort.id}/hours/${ana.id}`)
    ).text();
    expect(breakdown).toContain('Held for evaluation');
    expect(breakdown).toContain('CM-35');

    const participant = await as(ana.email);
    const refused = await participant.post(`/cohorts/${people.cohort.id}/evaluation`, {
      objectivesMet: '6',
      relevant: '4',
      wellLed: '4',
      helpfulActivities: '4',
      willApply: '5',
    });
    expect(refused.status).toBe(400);
    expect(await server.db.selectFrom('program_evaluation').select('id').execute()).toEqual([]);

    const answered = await participant.post(`/cohorts/${people.cohort.id}/evaluation`, {
      objectivesMet: '5',
      relevant: '4',
      wellLed: '4',
      helpfulActivities: '3',
      willApply: '5',
      applyPlan: 'Teach the entry routine in week one.',
      improvements: '',
    });
    expect(answered.status).toBe(302);
    expect(await ledgerCount()).toBe(before);

    const released = csvLines(await (await admin.get('/admin/act48/perms.csv')).text());
    expect(released).toHaveLength(2);
    expect(released[1]).toMatch(
      /^9876,ACT-2027-0042,2847301,Alvarez,Ana,\d\d\/\d\d\/\d{4},\d\d\/\d\d\/\d{4},5$/,
    );
    const after = await (
      await participant.get(`/cohorts/${people.cohort.id}/hours/${ana.id}`)
    ).text();
    expect(after).not.toContain('Held for evaluation');
    expect(after).toContain('Released');
  });

  it('exports the evaluations, by name or anonymously', async () => {
    const facilitator = await as(people.facilitator.email);
    const named = await (
      await facilitator.get(`/cohorts/${people.cohort.id}/evaluation.csv`)
    ).text();
    expect(named).toContain('Ana Alvarez');
    expect(named).toContain('5 Strongly agree');
    const anonymous = await (
      await facilitator.get(`/cohorts/${people.cohort.id}/evaluation.csv?anonymous=1`)
    ).text();
    expect(anonymous).not.toContain('Ana Alvarez');
    expect(anonymous).not.toContain(ana.email);
    expect(anonymous).toContain('Teach the entry routine in week one.');
  });

  it('marks what it exports as sent in one batch, and a second export finds nothing', async () => {
    // Ben and Cara evaluate too; Cara has no PPID, Dee is reported under Chapter 14
    for (const person of [ben, cara, dee]) {
      const client = await as(person.email);
      const response = await client.post(`/cohorts/${people.cohort.id}/evaluation`, {
        objectivesMet: '4',
        relevant: '4',
        wellLed: '4',
        helpfulActivities: '4',
        willApply: '4',
      });
      expect(response.status).toBe(302);
    }
    const admin = await as(people.admin.email);
    const unconfirmed = await admin.post('/admin/act48/perms', {});
    expect(unconfirmed.status).toBe(400);
    expect(await server.db.selectFrom('perms_batch').select('id').execute()).toEqual([]);

    const page = await (await admin.get('/admin/act48/perms')).text();
    expect(page).toContain('Not ready: no PPID');
    expect(page).not.toContain('Dee Dunn');

    const marked = await admin.post('/admin/act48/perms', { confirm: 'mark-sent' });
    expect(marked.status).toBe(302);
    const fileUrl = marked.headers.get('location')!;
    expect(fileUrl).toMatch(/^\/admin\/act48\/perms\/[0-9a-f-]{36}\.csv$/);
    const exported = await admin.get(fileUrl);
    expect(exported.headers.get('content-type')).toContain('text/csv');
    expect(exported.headers.get('content-disposition')).toContain('attachment');
    const lines = csvLines(await exported.text());
    expect(lines.slice(1).map((line) => line.split(',').slice(2, 5).join(' '))).toEqual([
      '2847301 Alvarez Ana',
      '3105968 Brown Ben',
    ]);
    const marks = await server.db
      .selectFrom('perms_batch_entry')
      .innerJoin('perms_batch', 'perms_batch.id', 'perms_batch_entry.batch_id')
      .select(['perms_batch_entry.hours_entry_id as entryId', 'perms_batch.sent_by as sentBy'])
      .execute();
    expect(marks.map((mark) => mark.entryId).sort()).toEqual([anaEntry, benEntry].sort());
    expect(marks.every((mark) => mark.sentBy === people.admin.id)).toBe(true);

    const again = await admin.post('/admin/act48/perms', { confirm: 'mark-sent' });
    expect(again.status).toBe(302);
    expect(await server.db.selectFrom('perms_batch').select('id').execute()).toHaveLength(1);

    const copy = csvLines(await (await admin.get(fileUrl)).text());
    expect(copy).toEqual(lines);

    // sent entries leave the queue; Cara's still waits for a PPID
    const queue = await (await admin.get('/admin/act48')).text();
    const table = queue.slice(
      queue.indexOf('id="queue-title"'),
      queue.indexOf('id="missing-title"'),
    );
    expect(table).not.toContain('Ana Alvarez');
    expect(table).toContain('Cara Castillo');
    expect(table).toContain('a PPID');
  });

  it('keeps batch marks as they were written', async () => {
    const statements = [
      () => server.db.updateTable('perms_batch').set({ entry_count: 0 }).execute(),
      () =>
        server.db
          .updateTable('perms_batch_entry')
          .set({ batch_id: sql`batch_id` })
          .execute(),
      () => server.db.deleteFrom('perms_batch_entry').execute(),
      () => server.db.deleteFrom('perms_batch').execute(),
    ];
    for (const statement of statements) {
      await expect(statement()).rejects.toMatchObject({ code: 'P0001' });
    }
    expect(
      await server.db.selectFrom('perms_batch_entry').select('batch_id').execute(),
    ).toHaveLength(2);
  });

  it('counts the paraprofessional’s hours as Chapter 14 hours for the school year', async () => {
    const admin = await as(people.admin.email);
    const page = await (await admin.get('/admin/act48')).text();
    const section = page.slice(page.indexOf('id="chapter14-title"'));
    expect(section).toContain('Dee Dunn');
    expect(section).toContain('15 to go');
  });
});

describe('refusals', () => {
  it('keeps organization pages from anyone but its admins', async () => {
    const facilitator = await as(people.facilitator.email);
    expect((await facilitator.get('/admin/act48')).status).toBe(403);
    expect((await facilitator.get('/admin/act48/perms.csv')).status).toBe(403);
    expect((await facilitator.post('/admin/act48/perms', { confirm: 'mark-sent' })).status).toBe(
      403,
    );
    const batch = await server.db.selectFrom('perms_batch').select('id').executeTakeFirstOrThrow();
    const outsider = await as(other.admin.email);
    expect((await outsider.get(`/admin/act48/perms/${batch.id}.csv`)).status).toBe(404);
    expect((await outsider.get('/admin/act48/perms/not-a-batch.csv')).status).toBe(404);
  });

  it('keeps cohort settings, exports and other people’s hours to the right people', async () => {
    const participant = await as(ana.email);
    const cohort = `/cohorts/${people.cohort.id}`;
    expect((await participant.get(`${cohort}/act48`)).status).toBe(403);
    expect(
      (await participant.post(`${cohort}/act48`, { intent: 'save', permsActivityId: 'X-1' }))
        .status,
    ).toBe(403);
    expect((await participant.get(`${cohort}/evaluation.csv`)).status).toBe(403);
    expect((await participant.get(`${cohort}/hours/${ben.id}`)).status).toBe(403);

    const coach = await as(people.coach.email);
    expect(
      (await coach.post(`${cohort}/act48`, { intent: 'save', permsActivityId: 'X-1' })).status,
    ).toBe(403);
    expect(
      (
        await coach.post(`${cohort}/evaluation`, {
          objectivesMet: '1',
          relevant: '1',
          wellLed: '1',
          helpfulActivities: '1',
          willApply: '1',
        })
      ).status,
    ).toBe(403);
    const admin = await as(people.admin.email);
    expect((await admin.get(`${cohort}/evaluation`)).status).toBe(403);

    const outsider = await as(other.facilitator.email);
    expect((await outsider.get(`${cohort}/act48`)).status).toBe(403);
    expect(
      (await outsider.post(`${cohort}/act48`, { intent: 'save', permsActivityId: 'X-1' })).status,
    ).toBe(403);
    expect((await outsider.get(`${cohort}/hours/${ana.id}`)).status).toBe(403);
    const setting = await server.db
      .selectFrom('cohort_act48_setting')
      .select('perms_activity_id')
      .executeTakeFirstOrThrow();
    expect(setting.perms_activity_id).toBe('ACT-2027-0042');
  });
});

describe('batch marks', () => {
  it('can only point at a ledger entry that exists', async () => {
    const batch = await server.db.selectFrom('perms_batch').select('id').executeTakeFirstOrThrow();
    await expect(
      server.db
        .insertInto('perms_batch_entry')
        .values({ batch_id: batch.id, hours_entry_id: '00000000-0000-4000-8000-000000000000' })
        .execute(),
    ).rejects.toMatchObject({ code: '23503' });
  });
});
