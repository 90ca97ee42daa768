import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'manual attendance password';
let server: TestServer;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let sessionId: string;

beforeAll(async () => {
  server = await startTestServer();
  people = await buildCohortWithPeople(server.db, {
    participants: 2,
    passwordHash: await hashPassword(PASSWORD),
  });
  // 4:30 PM in New York on Feb 4 2027, for 60 minutes
  const session = await server.db
    .insertInto('coaching_session')
    .values({
      cohort_id: people.cohort.id,
      kind: 'coaching',
      title: 'Coaching 1: routines',
      starts_at: new Date('2027-02-04T21:30:00Z'),
      minutes: 60,
      host_id: people.coach.id,
      join_url: 'https://zoom.us/j/12345678901',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  sessionId = session.id;
});

afterAll(async () => {
  await server?.close();
});

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

const page = () => `/cohorts/${people.cohort.id}/sessions/${sessionId}/attendance`;

it('keeps time a facilitator vouches for as a manual segment and recounts the minutes', async () => {
  const facilitator = await signedIn(people.facilitator.email);
  const participant = people.participants[0]!;
  const response = await facilitator.post(page(), {
    intent: 'add-time',
    userId: participant.id,
    from: '16:30',
    to: '17:20',
    note: 'joined by phone',
  });
  expect(response.status).toBe(302);

  const segment = await server.db
    .selectFrom('attendance_segment')
    .select(['source', 'joined_at', 'left_at', 'note'])
    .where('coaching_session_id', '=', sessionId)
    .where('user_id', '=', participant.id)
    .executeTakeFirstOrThrow();
  expect(segment.source).toBe('manual');
  // clock times are read in the cohort's zone (New York, EST in February)
  expect(new Date(segment.joined_at).toISOString()).toBe('2027-02-04T21:30:00.000Z');
  expect(new Date(segment.left_at!).toISOString()).toBe('2027-02-04T22:20:00.000Z');
  expect(segment.note).toBe('joined by phone');

  const attendance = await server.db
    .selectFrom('attendance')
    .select(['minutes_credited', 'present'])
    .where('coaching_session_id', '=', sessionId)
    .where('user_id', '=', participant.id)
    .executeTakeFirstOrThrow();
  expect(Number(attendance.minutes_credited)).toBe(50);
  expect(attendance.present).toBe(true);

  const audit = await server.db
    .selectFrom('audit_log')
    .select('action')
    .where('action', '=', 'attendance.time_added')
    .execute();
  expect(audit).toHaveLength(1);
});

it('refuses a backwards span, a missing note, an outsider and a participant, and changes nothing', async () => {
  const facilitator = await signedIn(people.facilitator.email);
  const before = await server.db.selectFrom('attendance_segment').select('id').execute();
  const target = people.participants[1]!.id;
  for (const fields of [
    { userId: target, from: '17:00', to: '16:40', note: 'joined by phone' },
    { userId: target, from: '16:30', to: '16:40', note: '' },
    { userId: target, from: '25:00', to: '16:40', note: 'joined by phone' },
    { userId: people.facilitator.id, from: '16:30', to: '16:40', note: 'not a participant' },
    { userId: 'not-a-uuid', from: '16:30', to: '16:40', note: 'joined by phone' },
  ]) {
    const response = await facilitator.post(page(), { intent: 'add-time', ...fields });
    expect(response.status).toBe(302);
  }
  const participant = await signedIn(people.participants[0]!.email);
  const refused = await participant.post(page(), {
    intent: 'add-time',
    userId: target,
    from: '16:30',
    to: '17:30',
    note: 'I was there',
  });
  expect(refused.status).toBe(403);
  expect(await server.db.selectFrom('attendance_segment').select('id').execute()).toHaveLength(
    before.length,
  );
});
