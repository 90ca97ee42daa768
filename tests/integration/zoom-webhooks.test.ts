import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { getAttendanceSheet } from '../../app/sessions/attendance.server';
import { reconcileFromReport } from '../../app/sessions/zoom-events.server';
import { createZoomClient } from '../../app/zoom/client.server';
import { buildCohortWithPeople } from '../../db/builders';
import { signZoomWebhook, startFakeZoom, type FakeZoom } from '../fakes/zoom';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const SECRET = 'zoom-webhook-secret-token';
const PASSWORD = 'webhook test password';
let server: TestServer;
let zoom: FakeZoom;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let coachingSessionId: string;
const MEETING = '84512093377';
const MEETING_UUID = 'aB3dE5fG7hI9jK1lM3nO5p==';
const START = new Date('2027-02-04T21:30:00Z');
const at = (minute: number) => new Date(START.getTime() + minute * 60_000).toISOString();

beforeAll(async () => {
  zoom = await startFakeZoom();
  server = await startTestServer({ ZOOM_WEBHOOK_SECRET_TOKEN: SECRET });
  people = await buildCohortWithPeople(server.db, {
    participants: 3,
    passwordHash: await hashPassword(PASSWORD),
  });
  const session = await server.db
    .insertInto('coaching_session')
    .values({
      cohort_id: people.cohort.id,
      kind: 'coaching',
      title: 'Coaching 1',
      starts_at: START,
      minutes: 60,
      host_id: people.coach.id,
      zoom_meeting_id: MEETING,
      join_url: `https://zoom.us/j/${MEETING}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  coachingSessionId = session.id;
  await server.db
    .insertInto('coaching_session_registrant')
    .values({
      coaching_session_id: coachingSessionId,
      user_id: people.participants[2]!.id,
      zoom_registrant_id: 'reg-participant-3',
      join_url: `https://zoom.us/w/${MEETING}?tk=reg-participant-3`,
    })
    .execute();
});

afterAll(async () => {
  await server?.close();
  await zoom?.close();
});

function event(name: string, object: Record<string, unknown>, eventTs = Date.now()) {
  return JSON.stringify({
    event: name,
    event_ts: eventTs,
    payload: { account_id: 'acc', object: { id: MEETING, uuid: MEETING_UUID, ...object } },
  });
}

async function deliver(
  rawBody: string,
  headers: Record<string, string> = signZoomWebhook(SECRET, rawBody),
) {
  return fetch(`${server.url}/webhooks/zoom`, { method: 'POST', body: rawBody, headers });
}

async function rows() {
  const counts = await Promise.all(
    (['attendance_segment', 'zoom_webhook_event', 'zoom_unmatched_participant'] as const).map(
      (table) =>
        server.db
          .selectFrom(table)
          .select(sql<string>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
          .then((row) => Number(row.n)),
    ),
  );
  return { segments: counts[0], events: counts[1], unmatched: counts[2] };
}

describe('POST /webhooks/zoom', () => {
  it('answers url validation with the exact hex HMAC of the plain token', async () => {
    const body = JSON.stringify({
      event: 'endpoint.url_validation',
      payload: { plainToken: 'qgg8vlvZRS6UYooatFL8Aw' },
      event_ts: Date.now(),
    });
    const response = await deliver(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
      encryptedToken: createHmac('sha256', SECRET).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex'),
    });
  });

  it('refuses a tampered body, another secret, a stale timestamp or no signature, writing nothing', async () => {
    const before = await rows();
    const body = event('meeting.participant_joined', {
      participant: {
        user_name: 'Mallory',
        customer_key: people.participants[0]!.id,
        join_time: at(0),
      },
    });
    const signed = signZoomWebhook(SECRET, body);
    const stale = signZoomWebhook(SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60);
    const attempts = [
      deliver(body.replace('Mallory', 'Mallor1'), signed),
      deliver(body, signZoomWebhook('not-the-secret', body)),
      deliver(body, stale),
      deliver(body, { 'Content-Type': 'application/json' }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(401);
    expect(await rows()).toEqual(before);
  });

  it('records joins and leaves by customer key or registrant id, once however often Zoom retries', async () => {
    const first = people.participants[0]!;
    const joined = event('meeting.participant_joined', {
      participant: {
        user_id: '16778240',
        user_name: 'Ana on iPad',
        customer_key: first.id,
        join_time: at(-5),
      },
    });
    expect((await deliver(joined)).status).toBe(200);
    const retry = await deliver(joined);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ status: 'duplicate' });

    await deliver(
      event('meeting.participant_joined', {
        participant: { user_name: 'Third', registrant_id: 'reg-participant-3', join_time: at(0) },
      }),
    );
    await deliver(
      event('meeting.participant_left', {
        participant: { user_name: 'Ana on iPad', customer_key: first.id, leave_time: at(30) },
      }),
    );
    await deliver(
      event('meeting.participant_joined', {
        participant: { user_name: 'Ana again', customer_key: first.id, join_time: at(35) },
      }),
    );
    const segments = await server.db
      .selectFrom('attendance_segment')
      .select(['user_id', 'joined_at', 'left_at', 'source'])
      .where('coaching_session_id', '=', coachingSessionId)
      .orderBy('joined_at')
      .execute();
    expect(segments.filter((segment) => segment.user_id === first.id)).toHaveLength(2);
    expect(segments.some((segment) => segment.user_id === people.participants[2]!.id)).toBe(true);
    expect(segments.every((segment) => segment.source === 'zoom')).toBe(true);
  });

  it('keeps a participant it cannot match for the facilitator, never guessing by name', async () => {
    await deliver(
      event('meeting.participant_joined', {
        participant: {
          id: 'zoom-guest-1',
          user_name: people.participants[1]!.name,
          join_time: at(2),
        },
      }),
    );
    const unmatched = await server.db
      .selectFrom('zoom_unmatched_participant')
      .select(['display_name', 'resolved_user_id'])
      .where('coaching_session_id', '=', coachingSessionId)
      .execute();
    expect(unmatched).toEqual([
      { display_name: people.participants[1]!.name, resolved_user_id: null },
    ]);
    const sheet = await getAttendanceSheet(server.db, {
      cohortId: people.cohort.id,
      coachingSessionId,
    });
    expect(
      sheet?.people.find((person) => person.userId === people.participants[1]!.id)?.minutes,
    ).toBe(0);
  });

  it('closes open segments when the meeting ends and credits the union inside the window', async () => {
    await deliver(event('meeting.started', { start_time: at(-6) }));
    const ended = await deliver(event('meeting.ended', { start_time: at(-6), end_time: at(65) }));
    expect(ended.status).toBe(200);
    const sheet = await getAttendanceSheet(server.db, {
      cohortId: people.cohort.id,
      coachingSessionId,
    });
    const ana = sheet!.people.find((person) => person.userId === people.participants[0]!.id)!;
    // 0–30 plus 35–60: the five early minutes and the five after the end do not count
    expect(ana.minutes).toBe(55);
    expect(ana.present).toBe(true);
    const third = sheet!.people.find((person) => person.userId === people.participants[2]!.id)!;
    expect(third.minutes).toBe(60);
  });

  it('reconciles the participants report after the meeting, adding only what webhooks missed', async () => {
    const second = people.participants[1]!;
    zoom.setReport(
      MEETING_UUID,
      [
        // already known from webhooks: must not be added twice
        {
          id: 'a',
          name: 'Ana',
          customer_key: people.participants[0]!.id,
          join_time: at(-5),
          leave_time: at(30),
        },
        // missed by webhooks
        {
          id: 'b',
          name: second.name,
          customer_key: second.id,
          join_time: at(10),
          leave_time: at(50),
        },
      ],
      1,
    );
    const before = (await rows()).segments ?? 0;
    const client = createZoomClient({
      ...zoom.credentials,
      apiBaseUrl: zoom.apiBaseUrl,
      oauthUrl: zoom.oauthUrl,
    });
    expect(await reconcileFromReport(server.db, { coachingSessionId, zoom: client })).toBe(2);
    expect(await reconcileFromReport(server.db, { coachingSessionId, zoom: client })).toBe(2);
    expect((await rows()).segments).toBe(before + 1);
    const sheet = await getAttendanceSheet(server.db, {
      cohortId: people.cohort.id,
      coachingSessionId,
    });
    expect(sheet!.people.find((person) => person.userId === second.id)?.minutes).toBe(40);
  });

  it('lets the facilitator override with a reason (audited), match by hand, and export CSV', async () => {
    const facilitator = new HttpClient(server.url);
    await facilitator.signIn(people.facilitator.email, PASSWORD);
    const base = `/cohorts/${people.cohort.id}/sessions/${coachingSessionId}/attendance`;
    const target = people.participants[1]!;

    const noReason = await facilitator.post(base, {
      intent: 'override',
      userId: target.id,
      present: 'absent',
    });
    expect(noReason.status).toBe(302);
    const override = await facilitator.post(base, {
      intent: 'override',
      userId: target.id,
      present: 'absent',
      reason: 'Camera off and unresponsive all session',
    });
    expect(override.status).toBe(302);
    const audit = await server.db
      .selectFrom('audit_log')
      .select(['action', 'target_type', 'target_id'])
      .where('action', '=', 'attendance.overridden')
      .execute();
    expect(audit).toEqual([
      { action: 'attendance.overridden', target_type: 'cohort', target_id: people.cohort.id },
    ]);

    const unmatched = await server.db
      .selectFrom('zoom_unmatched_participant')
      .select('id')
      .where('coaching_session_id', '=', coachingSessionId)
      .executeTakeFirstOrThrow();
    const third = people.participants[2]!;
    expect(
      (
        await facilitator.post(base, {
          intent: 'resolve',
          unmatchedId: unmatched.id,
          userId: third.id,
        })
      ).status,
    ).toBe(302);
    expect(
      (
        await facilitator.post(base, {
          intent: 'resolve',
          unmatchedId: 'garbage',
          userId: third.id,
        })
      ).status,
    ).toBe(302);

    const csv = await (await facilitator.get(`${base}.csv`)).text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('name,email,minutes credited,minutes required,present,override reason');
    expect(lines.find((line) => line.includes(target.email))).toContain(
      ',no,Camera off and unresponsive all session',
    );

    // the participant sees their own attendance
    const participant = new HttpClient(server.url);
    await participant.signIn(people.participants[0]!.email, PASSWORD);
    const page = await (
      await participant.get(`/cohorts/${people.cohort.id}/sessions/${coachingSessionId}`)
    ).text();
    expect(page).toContain('55<!-- --> of the <!-- -->45<!-- --> minutes needed');
  });

  it('answers 400, not 500, to signed garbage', async () => {
    const before = await rows();
    expect((await deliver('not json')).status).toBe(400);
    expect((await deliver(JSON.stringify({ nothing: true }))).status).toBe(400);
    expect(await rows()).toEqual(before);
  });
});
