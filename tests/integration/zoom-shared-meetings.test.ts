import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { getAttendanceSheet, recordSegment } from '../../app/sessions/attendance.server';
import { processDueReportRetries } from '../../app/sessions/zoom-events.server';
import { createZoomClient, type ZoomClient } from '../../app/zoom/client.server';
import { buildCohortWithPeople } from '../../db/builders';
import { signZoomWebhook, startFakeZoom, type FakeZoom } from '../fakes/zoom';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const SECRET = 'shared-meeting-webhook-secret';
const PASSWORD = 'shared meeting test password';
const RECURRING = '86012345678';
const LINK = `https://us02web.zoom.us/j/${RECURRING}?pwd=abc`;
let zoom: FakeZoom;
let client: ZoomClient;
let server: TestServer;
let cohortA: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let cohortB: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let first: { id: string; startsAt: Date };
let second: { id: string; startsAt: Date };
const UUID_FIRST = 'Fi1rstInstanceUuid00001==';
const UUID_SECOND = 'Se2condInstanceUuid0002==';

beforeAll(async () => {
  zoom = await startFakeZoom();
  client = createZoomClient({
    ...zoom.credentials,
    apiBaseUrl: zoom.apiBaseUrl,
    oauthUrl: zoom.oauthUrl,
  });
  server = await startTestServer({
    ...zoom.env,
    ZOOM_WEBHOOK_SECRET_TOKEN: SECRET,
    ZOOM_MEETING_SDK_KEY: 'sdk-key',
    ZOOM_MEETING_SDK_SECRET: 'sdk-secret-for-shared-meetings',
  });
  const passwordHash = await hashPassword(PASSWORD);
  cohortA = await buildCohortWithPeople(server.db, { participants: 3, passwordHash });
  cohortB = await buildCohortWithPeople(server.db, { participants: 1, passwordHash });
  // the coach's own recurring meeting, made in Zoom, not by Cadre
  zoom.addMeeting({ id: RECURRING, hostId: cohortA.coach.email, topic: 'Weekly coaching' });
});

afterAll(async () => {
  await server?.close();
  await zoom?.close();
});

async function signedIn(email: string) {
  const http = new HttpClient(server.url);
  expect((await http.signIn(email, PASSWORD)).status).toBe(302);
  return http;
}

const form = (overrides: Record<string, string>) => ({
  intent: 'save',
  kind: 'coaching',
  title: 'Weekly coaching',
  date: '2030-02-04',
  time: '16:30',
  minutes: '60',
  ...overrides,
});

async function sessionsUsing(meeting: string) {
  return server.db
    .selectFrom('coaching_session')
    .select(['id', 'cohort_id as cohortId', 'starts_at as startsAt'])
    .where('zoom_meeting_id', '=', meeting)
    .orderBy('starts_at')
    .execute();
}

function event(name: string, uuid: string, object: Record<string, unknown>) {
  return JSON.stringify({
    event: name,
    event_ts: Date.now(),
    payload: { account_id: 'acc', object: { id: RECURRING, uuid, ...object } },
  });
}

async function deliver(rawBody: string) {
  const response = await fetch(`${server.url}/webhooks/zoom`, {
    method: 'POST',
    body: rawBody,
    headers: signZoomWebhook(SECRET, rawBody),
  });
  expect(response.status).toBe(200);
}

const minutesAfter = (start: Date, minutes: number) =>
  new Date(start.getTime() + minutes * 60_000).toISOString();

async function zoomSegments(coachingSessionId: string) {
  return server.db
    .selectFrom('attendance_segment')
    .select(['user_id as userId', 'joined_at as joinedAt', 'left_at as leftAt'])
    .where('coaching_session_id', '=', coachingSessionId)
    .where('source', '=', 'zoom')
    .orderBy('joined_at')
    .execute();
}

describe('one recurring meeting for a whole cohort', () => {
  it('reads every page of the meeting’s registrants', async () => {
    for (const participant of cohortA.participants.slice(0, 2)) {
      await client.addRegistrant(RECURRING, {
        email: participant.email,
        firstName: participant.name,
        lastName: 'A',
      });
    }
    await client.addRegistrant(RECURRING, {
      email: 'someone-else@example.test',
      firstName: 'Someone',
      lastName: 'Else',
    });
    zoom.setRegistrantPageLimit(1);
    zoom.reset();
    const registrants = await client.listRegistrants(RECURRING);
    expect(registrants.map((registrant) => registrant.email)).toEqual([
      cohortA.participants[0]!.email,
      cohortA.participants[1]!.email,
      'someone-else@example.test',
    ]);
    const pages = zoom.requests.filter((request) => request.path.endsWith('/registrants'));
    expect(pages).toHaveLength(3);
    expect(pages[0]!.query.get('next_page_token')).toBeNull();
    expect(pages[1]!.query.get('next_page_token')).toBeTruthy();
    expect(pages.every((page) => page.query.get('page_size') === '300')).toBe(true);
  });

  it('lets two sessions of one cohort use the same meeting, keeping registrants found on later pages', async () => {
    const facilitator = await signedIn(cohortA.facilitator.email);
    for (const date of ['2030-02-04', '2030-02-11']) {
      const response = await facilitator.post(
        `/cohorts/${cohortA.cohort.id}/sessions/new`,
        form({ hostId: cohortA.coach.id, date, meetingLink: LINK }),
      );
      expect(response.status).toBe(302);
    }
    const sessions = await sessionsUsing(RECURRING);
    expect(sessions).toHaveLength(2);
    first = { id: sessions[0]!.id, startsAt: new Date(sessions[0]!.startsAt) };
    second = { id: sessions[1]!.id, startsAt: new Date(sessions[1]!.startsAt) };
    // no new meeting was made: the coach's own one is used
    expect(zoom.meetings.size).toBe(1);
    const registrants = await server.db
      .selectFrom('coaching_session_registrant')
      .select(['user_id as userId', 'join_url as joinUrl'])
      .where('coaching_session_id', '=', second.id)
      .orderBy('user_id')
      .execute();
    expect(registrants.map((row) => row.userId).sort()).toEqual(
      [cohortA.participants[0]!.id, cohortA.participants[1]!.id].sort(),
    );
    expect(registrants.every((row) => row.joinUrl.includes('tk='))).toBe(true);
  });

  it('refuses the meeting to another cohort and to an overlapping session, with a clear message', async () => {
    const otherFacilitator = await signedIn(cohortB.facilitator.email);
    const across = await otherFacilitator.post(
      `/cohorts/${cohortB.cohort.id}/sessions/new`,
      form({ hostId: cohortB.coach.id, date: '2030-03-04', meetingLink: LINK }),
    );
    expect(across.status).toBe(400);
    const html = await across.text();
    expect(html).toContain('already belongs to another cohort’s sessions');
    expect(html).toMatch(/id="meetingLink"[^>]*aria-invalid="true"/);

    const facilitator = await signedIn(cohortA.facilitator.email);
    const overlapping = await facilitator.post(
      `/cohorts/${cohortA.cohort.id}/sessions/new`,
      form({ hostId: cohortA.coach.id, date: '2030-02-04', time: '17:00', meetingLink: LINK }),
    );
    expect(overlapping.status).toBe(400);
    expect(await overlapping.text()).toContain('at an overlapping time');
    expect(await sessionsUsing(RECURRING)).toHaveLength(2);

    // the database holds the rule too, whoever writes
    await expect(
      server.db
        .insertInto('coaching_session')
        .values({
          cohort_id: cohortB.cohort.id,
          kind: 'coaching',
          title: 'Sneaked in',
          starts_at: new Date('2030-05-01T20:00:00Z'),
          minutes: 60,
          host_id: cohortB.coach.id,
          zoom_meeting_id: RECURRING,
        })
        .execute(),
    ).rejects.toMatchObject({ code: '23P01' });
  });

  it('maps each join to the session whose window (±30 minutes) holds it', async () => {
    const [ana, ben] = cohortA.participants;
    await deliver(
      event('meeting.participant_joined', UUID_FIRST, {
        participant: {
          user_name: 'Ana',
          customer_key: ana!.id,
          join_time: minutesAfter(first.startsAt, 5),
        },
      }),
    );
    // 20 minutes early for the second week
    await deliver(
      event('meeting.participant_joined', UUID_SECOND, {
        participant: {
          user_name: 'Ben',
          customer_key: ben!.id,
          join_time: minutesAfter(second.startsAt, -20),
        },
      }),
    );
    // between the two weeks: no session's window holds it
    await deliver(
      event('meeting.participant_joined', 'InBetweenUuid==', {
        participant: {
          user_name: 'Ana',
          customer_key: ana!.id,
          join_time: minutesAfter(first.startsAt, 3 * 24 * 60),
        },
      }),
    );
    expect((await zoomSegments(first.id)).map((row) => row.userId)).toEqual([ana!.id]);
    expect((await zoomSegments(second.id)).map((row) => row.userId)).toEqual([ben!.id]);
    const total = await server.db
      .selectFrom('attendance_segment')
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(2);
    const unmatched = await server.db
      .selectFrom('zoom_unmatched_participant')
      .select('id')
      .execute();
    expect(unmatched).toHaveLength(0);
    // each session remembers its own meeting instance
    const uuids = await server.db
      .selectFrom('coaching_session')
      .select(['id', 'zoom_meeting_uuid as uuid'])
      .where('id', 'in', [first.id, second.id])
      .execute();
    expect(Object.fromEntries(uuids.map((row) => [row.id, row.uuid]))).toEqual({
      [first.id]: UUID_FIRST,
      [second.id]: UUID_SECOND,
    });
  });
});

describe('the participants report, read again after the meeting', () => {
  let endedAt: Date;

  it('queues reads 15 minutes, 1 hour and 24 hours after the meeting ends, once', async () => {
    endedAt = new Date(first.startsAt.getTime() + 60 * 60_000);
    const ended = event('meeting.ended', UUID_FIRST, {
      start_time: minutesAfter(first.startsAt, -2),
      end_time: endedAt.toISOString(),
    });
    await deliver(ended);
    // zoom re-sends an event it thinks was lost; a different event_ts makes it a new delivery
    await deliver(ended.replace(/"event_ts":\d+/, `"event_ts":${Date.now() + 1}`));
    const retries = await server.db
      .selectFrom('zoom_report_retry')
      .select([
        'coaching_session_id as sessionId',
        'attempt',
        'due_at as dueAt',
        'done_at as doneAt',
      ])
      .orderBy('attempt')
      .execute();
    expect(
      retries.map((row) => ({
        sessionId: row.sessionId,
        attempt: row.attempt,
        afterEnd: (new Date(row.dueAt).getTime() - endedAt.getTime()) / 60_000,
        done: row.doneAt !== null,
      })),
    ).toEqual([
      { sessionId: first.id, attempt: 1, afterEnd: 15, done: false },
      { sessionId: first.id, attempt: 2, afterEnd: 60, done: false },
      { sessionId: first.id, attempt: 3, afterEnd: 24 * 60, done: false },
    ]);
  });

  it('reads each when due, merges what it finds without duplicates, records a failure and stops after the last', async () => {
    const [ana, , cleo] = cohortA.participants;
    zoom.setReport(
      UUID_FIRST,
      [
        // known from the webhook already
        {
          id: 'p-ana',
          name: 'Ana',
          customer_key: ana!.id,
          join_time: minutesAfter(first.startsAt, 5),
          leave_time: endedAt.toISOString(),
        },
        // the webhook for Cleo was lost
        {
          id: 'p-cleo',
          name: 'Cleo',
          customer_key: cleo!.id,
          join_time: minutesAfter(first.startsAt, 10),
          leave_time: minutesAfter(first.startsAt, 50),
        },
      ],
      1,
    );
    expect(
      await processDueReportRetries(server.db, {
        zoom: client,
        now: new Date(endedAt.getTime() + 14 * 60_000),
      }),
    ).toBe(0);
    expect(
      await processDueReportRetries(server.db, {
        zoom: client,
        now: new Date(endedAt.getTime() + 16 * 60_000),
      }),
    ).toBe(1);
    const afterFirst = await zoomSegments(first.id);
    expect(afterFirst.map((row) => row.userId).sort()).toEqual([ana!.id, cleo!.id].sort());

    // the hour's read fails; it is written down and the day's read still comes
    zoom.fail({ path: /^\/v2\/report\//, status: 404, times: 1 });
    expect(
      await processDueReportRetries(server.db, {
        zoom: client,
        now: new Date(endedAt.getTime() + 61 * 60_000),
      }),
    ).toBe(1);
    expect(
      await processDueReportRetries(server.db, {
        zoom: client,
        now: new Date(endedAt.getTime() + 25 * 60 * 60_000),
      }),
    ).toBe(1);
    expect(await zoomSegments(first.id)).toHaveLength(2);
    expect(
      await processDueReportRetries(server.db, {
        zoom: client,
        now: new Date(endedAt.getTime() + 30 * 24 * 60 * 60_000),
      }),
    ).toBe(0);

    const retries = await server.db
      .selectFrom('zoom_report_retry')
      .select(['attempt', 'done_at as doneAt', 'participants', 'last_error as lastError'])
      .orderBy('attempt')
      .execute();
    expect(retries.map((row) => [row.attempt, row.doneAt !== null, row.participants])).toEqual([
      [1, true, 2],
      [2, true, null],
      [3, true, 2],
    ]);
    expect(retries[1]!.lastError).toContain('not found');

    const sheet = await getAttendanceSheet(server.db, {
      cohortId: cohortA.cohort.id,
      coachingSessionId: first.id,
    });
    expect(sheet!.people.find((person) => person.userId === cleo!.id)?.minutes).toBe(40);
  });
});

describe('joining with one’s own identity', () => {
  it('gives the host a ZAK and a participant an OBF token and their registrant token', async () => {
    const fields = { cohortId: cohortA.cohort.id, coachingSessionId: second.id };
    const coach = await signedIn(cohortA.coach.email);
    const host = (await (await coach.post('/resources/zoom-signature', fields)).json()) as Record<
      string,
      unknown
    >;
    expect(host.role).toBe(1);
    expect(host.zak).toMatch(/^zak-/);
    expect(host.obfToken).toBeUndefined();
    expect(zoom.userTokens.at(-1)).toMatchObject({
      userId: cohortA.coach.email,
      type: 'zak',
      token: host.zak,
    });

    const ana = cohortA.participants[0]!;
    const participant = await signedIn(ana.email);
    const answer = await participant.post('/resources/zoom-signature', fields);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body.role).toBe(0);
    expect(body.zak).toBeUndefined();
    expect(body.customerKey).toBe(ana.id);
    expect(body.obfToken).toMatch(/^onbehalf-/);
    expect(zoom.userTokens.at(-1)).toMatchObject({
      userId: cohortA.coach.email,
      type: 'onbehalf',
      meetingId: RECURRING,
      token: body.obfToken,
    });
    const registrant = await server.db
      .selectFrom('coaching_session_registrant')
      .select('zoom_registrant_id as registrantId')
      .where('coaching_session_id', '=', second.id)
      .where('user_id', '=', ana.id)
      .executeTakeFirstOrThrow();
    expect(body.tk).toBe(registrant.registrantId);
  });

  it('still lets people join when Zoom will not give a token', async () => {
    zoom.fail({ path: /^\/v2\/users\/.+\/token$/, status: 404, times: 1 });
    const coach = await signedIn(cohortA.coach.email);
    const answer = await coach.post('/resources/zoom-signature', {
      cohortId: cohortA.cohort.id,
      coachingSessionId: second.id,
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body.role).toBe(1);
    expect(body.zak).toBeUndefined();
  });
});

describe('one attendance record', () => {
  it('credits the union of Zoom and live-room time inside the window and says where it came from', async () => {
    const ben = cohortA.participants[1]!;
    // Ben's Zoom join 20 minutes early is open; close it at 40 minutes
    await server.db
      .updateTable('attendance_segment')
      .set({ left_at: new Date(second.startsAt.getTime() + 40 * 60_000) })
      .where('coaching_session_id', '=', second.id)
      .where('user_id', '=', ben.id)
      .execute();
    await recordSegment(server.db, {
      coachingSessionId: second.id,
      userId: ben.id,
      joinedAt: new Date(second.startsAt.getTime() + 30 * 60_000),
      leftAt: new Date(second.startsAt.getTime() + 55 * 60_000),
      source: 'live-room',
      rawEventId: null,
    });
    const sheet = await getAttendanceSheet(server.db, {
      cohortId: cohortA.cohort.id,
      coachingSessionId: second.id,
    });
    const row = sheet!.people.find((person) => person.userId === ben.id)!;
    expect(row.minutes).toBe(55);
    expect(row.sources).toEqual({
      zoom: 40,
      liveRoom: 25,
      manual: 0,
      overlap: 10,
      outsideWindow: 20,
    });

    const facilitator = await signedIn(cohortA.facilitator.email);
    const page = await facilitator.get(
      `/cohorts/${cohortA.cohort.id}/sessions/${second.id}/attendance`,
    );
    const html = (await page.text()).replace(/<!-- -->/g, '');
    expect(html).toContain('Zoom 40 · live room 25; 10 in more than one, counted once');
  });
});

describe('a meeting Cadre made, reused by a later session', () => {
  it('stays in Zoom when the session that made it is cancelled while another still uses it', async () => {
    const facilitator = await signedIn(cohortA.facilitator.email);
    const created = await facilitator.post(
      `/cohorts/${cohortA.cohort.id}/sessions/new`,
      form({ hostId: cohortA.coach.id, date: '2030-04-01', title: 'Made by Cadre' }),
    );
    expect(created.status).toBe(302);
    const made = await server.db
      .selectFrom('coaching_session')
      .select(['id', 'zoom_meeting_id as meeting', 'join_url as joinUrl'])
      .where('title', '=', 'Made by Cadre')
      .executeTakeFirstOrThrow();
    expect(zoom.meetings.has(made.meeting!)).toBe(true);
    const reused = await facilitator.post(
      `/cohorts/${cohortA.cohort.id}/sessions/new`,
      form({ hostId: cohortA.coach.id, date: '2030-04-08', meetingLink: made.joinUrl! }),
    );
    expect(reused.status).toBe(302);
    const later = (await sessionsUsing(made.meeting!)).find((row) => row.id !== made.id)!;

    const base = `/cohorts/${cohortA.cohort.id}/sessions`;
    expect((await facilitator.post(`${base}/${made.id}`, { intent: 'cancel' })).status).toBe(302);
    expect(zoom.meetings.has(made.meeting!)).toBe(true);
    expect((await facilitator.post(`${base}/${later.id}`, { intent: 'cancel' })).status).toBe(302);
    // the later session only borrowed it, so Cadre leaves the meeting itself alone
    expect(zoom.meetings.has(made.meeting!)).toBe(true);
  });
});
