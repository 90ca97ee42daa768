import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import { startFakeZoom, type FakeZoom } from '../fakes/zoom';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'sessions test password';
const SDK_SECRET = 'sdk-secret-that-must-stay-on-the-server';
let zoom: FakeZoom;
/** Zoom connected through the fake */
let connected: TestServer;
/** no Zoom credentials: links are pasted */
let plain: TestServer;
let mine: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let other: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let pasted: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  zoom = await startFakeZoom();
  [connected, plain] = await Promise.all([
    startTestServer({
      ...zoom.env,
      ZOOM_MEETING_SDK_KEY: 'sdk-key',
      ZOOM_MEETING_SDK_SECRET: SDK_SECRET,
    }),
    startTestServer(),
  ]);
  const passwordHash = await hashPassword(PASSWORD);
  mine = await buildCohortWithPeople(connected.db, { participants: 3, passwordHash });
  other = await buildCohortWithPeople(connected.db, { participants: 1, passwordHash });
  pasted = await buildCohortWithPeople(plain.db, { participants: 2, passwordHash });
});

afterAll(async () => {
  await Promise.all([connected?.close(), plain?.close()]);
  await zoom?.close();
});

async function signedIn(server: TestServer, email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

const form = (overrides: Record<string, string> = {}) => ({
  intent: 'save',
  kind: 'coaching',
  title: 'Coaching 1: routines',
  date: '2030-02-04',
  time: '16:30',
  minutes: '60',
  ...overrides,
});

async function count(
  server: TestServer,
  table: 'coaching_session' | 'coaching_session_registrant' | 'outbound_email',
) {
  const row = await server.db
    .selectFrom(table)
    .select(sql<string>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function latestSession(server: TestServer, cohortId: string) {
  return server.db
    .selectFrom('coaching_session')
    .selectAll()
    .where('cohort_id', '=', cohortId)
    .orderBy('created_at', 'desc')
    .executeTakeFirstOrThrow();
}

describe('scheduling with Zoom connected', () => {
  it('creates the meeting at the right UTC time and registers every participant', async () => {
    const facilitator = await signedIn(connected, mine.facilitator.email);
    const response = await facilitator.post(
      `/cohorts/${mine.cohort.id}/sessions/new`,
      form({ hostId: mine.coach.id }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/cohorts/${mine.cohort.id}/sessions`);

    const session = await latestSession(connected, mine.cohort.id);
    expect(new Date(session.starts_at).toISOString()).toBe('2030-02-04T21:30:00.000Z');
    expect(session.created_through_zoom).toBe(true);
    const meeting = zoom.meetings.get(session.zoom_meeting_id!);
    expect(meeting?.startTime).toBe('2030-02-04T21:30:00Z');
    expect(meeting?.hostId).toBe(mine.coach.email);
    expect(meeting?.registrants.map((registrant) => registrant.email).sort()).toEqual(
      mine.participants.map((participant) => participant.email).sort(),
    );
    const registrants = await connected.db
      .selectFrom('coaching_session_registrant')
      .select(['user_id', 'join_url'])
      .where('coaching_session_id', '=', session.id)
      .execute();
    expect(registrants).toHaveLength(3);
    expect(new Set(registrants.map((row) => row.join_url)).size).toBe(3);

    // the session page leads into the live room, where the meeting is; no second way in
    const participant = await signedIn(connected, mine.participants[0]!.email);
    const page = await participant.get(`/cohorts/${mine.cohort.id}/sessions/${session.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Join the live room');
    expect(html).not.toContain('Open in the Zoom app');
    expect(html).not.toContain('Join the meeting here');
    expect(page.headers.get('content-security-policy')).not.toContain('zoom.us');
    // in the live room a participant's fallback is their own link, not the shared one
    const live = await participant.get(`/cohorts/${mine.cohort.id}/sessions/${session.id}/live`);
    expect(live.status).toBe(200);
    const own = registrants.find((row) => row.user_id === mine.participants[0]!.id)!;
    const liveHtml = await live.text();
    expect(liveHtml).toContain(own.join_url);
    expect(liveHtml).toContain('Join the meeting here');
    expect(live.headers.get('content-security-policy')).toContain('https://source.zoom.us');
    const list = await participant.get(`/cohorts/${mine.cohort.id}/sessions`);
    expect(list.headers.get('content-security-policy')).not.toContain('zoom.us');
  });

  it('moves the Zoom meeting when the session is edited, and cancels it with an email to everyone', async () => {
    const facilitator = await signedIn(connected, mine.facilitator.email);
    const session = await latestSession(connected, mine.cohort.id);
    const edited = await facilitator.post(
      `/cohorts/${mine.cohort.id}/sessions/${session.id}/edit`,
      form({ hostId: mine.coach.id, time: '17:00', minutes: '75', title: 'Coaching 1, moved' }),
    );
    expect(edited.status).toBe(302);
    const meeting = zoom.meetings.get(session.zoom_meeting_id!);
    expect(meeting?.startTime).toBe('2030-02-04T22:00:00Z');
    expect(meeting?.duration).toBe(75);

    const mailsBefore = await count(connected, 'outbound_email');
    const cancelled = await facilitator.post(`/cohorts/${mine.cohort.id}/sessions/${session.id}`, {
      intent: 'cancel',
    });
    expect(cancelled.status).toBe(302);
    expect(zoom.meetings.has(session.zoom_meeting_id!)).toBe(false);
    const row = await latestSession(connected, mine.cohort.id);
    expect(row.status).toBe('cancelled');
    const mails = await connected.db
      .selectFrom('outbound_email')
      .select(['to_address', 'subject'])
      .where('kind', '=', 'coaching-session-cancelled')
      .execute();
    expect(mails.map((mail) => mail.to_address)).toEqual(
      expect.arrayContaining(mine.participants.map((participant) => participant.email)),
    );
    expect(await count(connected, 'outbound_email')).toBeGreaterThan(mailsBefore);
    const reminders = await connected.db
      .selectFrom('coaching_session_reminder')
      .select('kind')
      .where('coaching_session_id', '=', session.id)
      .execute();
    expect(reminders).toEqual([]);
  });

  it('leaves no session and no meeting behind when Zoom fails half-way', async () => {
    const facilitator = await signedIn(connected, mine.facilitator.email);
    const sessionsBefore = await count(connected, 'coaching_session');
    const meetingsBefore = zoom.meetings.size;
    zoom.fail({ path: /\/registrants$/, status: 500 });
    const response = await facilitator.post(
      `/cohorts/${mine.cohort.id}/sessions/new`,
      form({ hostId: mine.facilitator.id, title: 'Will fail' }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('The session was not scheduled.');
    expect(html).toContain('HTTP 500');
    expect(await count(connected, 'coaching_session')).toBe(sessionsBefore);
    expect(zoom.meetings.size).toBe(meetingsBefore);
  });
});

describe('scheduling without Zoom', () => {
  it('takes a pasted link, and refuses a link that is not Zoom’s with a clear 400', async () => {
    const facilitator = await signedIn(plain, pasted.facilitator.email);
    const sessionsPage = await (
      await facilitator.get(`/cohorts/${pasted.cohort.id}/sessions`)
    ).text();
    expect(sessionsPage).toContain('Zoom is not connected');

    const before = await count(plain, 'coaching_session');
    const bad = await facilitator.post(
      `/cohorts/${pasted.cohort.id}/sessions/new`,
      form({ hostId: pasted.facilitator.id, meetingLink: 'https://evil.example/j/81234567890' }),
    );
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('Paste a Zoom join link');
    expect(html).toMatch(/id="meetingLink"[^>]*aria-invalid="true"/);
    expect(await count(plain, 'coaching_session')).toBe(before);

    const good = await facilitator.post(
      `/cohorts/${pasted.cohort.id}/sessions/new`,
      form({
        hostId: pasted.facilitator.id,
        kind: 'kickoff',
        meetingLink: 'https://us02web.zoom.us/j/81234567890?pwd=abc',
        passcode: 'kick0ff',
      }),
    );
    expect(good.status).toBe(302);
    const session = await latestSession(plain, pasted.cohort.id);
    expect(session.zoom_meeting_id).toBe('81234567890');
    expect(session.zoom_passcode).toBe('kick0ff');

    // without the Meeting SDK, the live room offers a plain Open Zoom link, and names no setting
    const participant = await signedIn(plain, pasted.participants[0]!.email);
    const live = await participant.get(`/cohorts/${pasted.cohort.id}/sessions/${session.id}/live`);
    expect(live.status).toBe(200);
    const liveHtml = await live.text();
    expect(liveHtml).toMatch(
      /<a href="https:\/\/us02web\.zoom\.us\/j\/81234567890\?pwd=abc"[^>]*>Open Zoom/,
    );
    expect(liveHtml).not.toContain('Join the meeting here');
    expect(liveHtml).not.toMatch(/ZOOM_[A-Z_]+/);
    expect(live.headers.get('content-security-policy')).not.toContain('zoom.us');
  });

  it('refuses a host from outside the cohort and a start in the past', async () => {
    const facilitator = await signedIn(plain, pasted.facilitator.email);
    const outsider = await facilitator.post(
      `/cohorts/${pasted.cohort.id}/sessions/new`,
      form({ hostId: pasted.participants[0]!.id }),
    );
    expect(outsider.status).toBe(400);
    expect(await outsider.text()).toContain('The host must be the cohort’s facilitator or coach.');
    const past = await facilitator.post(
      `/cohorts/${pasted.cohort.id}/sessions/new`,
      form({ hostId: pasted.facilitator.id, date: '2020-01-01' }),
    );
    expect(past.status).toBe(400);
    expect(await past.text()).toContain('Choose a start in the future.');
  });
});

describe('the Meeting SDK signature', () => {
  async function scheduled() {
    const facilitator = await signedIn(connected, mine.facilitator.email);
    const response = await facilitator.post(
      `/cohorts/${mine.cohort.id}/sessions/new`,
      form({ hostId: mine.coach.id, title: 'Signature session' }),
    );
    expect(response.status).toBe(302);
    return latestSession(connected, mine.cohort.id);
  }

  function payloadOf(signature: string) {
    return JSON.parse(Buffer.from(signature.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
  }

  it('gives the host role 1 and everyone else role 0, with their user id as customer key', async () => {
    const session = await scheduled();
    const fields = { cohortId: mine.cohort.id, coachingSessionId: session.id };
    const coach = await signedIn(connected, mine.coach.email);
    const hostAnswer = await coach.post('/resources/zoom-signature', fields);
    expect(hostAnswer.status).toBe(200);
    const host = (await hostAnswer.json()) as Record<string, string>;
    expect(payloadOf(host.signature!)).toMatchObject({
      role: 1,
      mn: session.zoom_meeting_id,
      sdkKey: 'sdk-key',
    });

    const participant = await signedIn(connected, mine.participants[1]!.email);
    const answer = await participant.post('/resources/zoom-signature', fields);
    const body = (await answer.json()) as Record<string, string>;
    expect(payloadOf(body.signature!)).toMatchObject({ role: 0 });
    expect(body.customerKey).toBe(mine.participants[1]!.id);
    expect(JSON.stringify(body)).not.toContain(SDK_SECRET);
  });

  it('never ships the SDK secret or the signing code in the browser bundle', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (full.endsWith('.js')) files.push(full);
      }
    };
    walk(path.resolve('public/build'));
    expect(files.some((file) => file.includes('embedded'))).toBe(true);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(SDK_SECRET);
      expect(text, file).not.toContain('sdkSecret');
      expect(text, file).not.toContain('createMeetingSdkSignature');
    }
  });
});

describe('who may see what', () => {
  it('answers 403 to people outside the cohort for the session page, signature and CSV', async () => {
    const session = await latestSession(connected, mine.cohort.id);
    const outsider = await signedIn(connected, other.participants[0]!.email);
    const base = `/cohorts/${mine.cohort.id}/sessions/${session.id}`;
    expect((await outsider.get(base)).status).toBe(403);
    expect((await outsider.get(`${base}/attendance.csv`)).status).toBe(403);
    expect((await outsider.get(`${base}/calendar.ics`)).status).toBe(403);
    const signature = await outsider.post('/resources/zoom-signature', {
      cohortId: mine.cohort.id,
      coachingSessionId: session.id,
    });
    expect(signature.status).toBe(403);
    const otherCoach = await signedIn(connected, other.coach.email);
    expect((await otherCoach.get(`${base}/attendance`)).status).toBe(403);
  });

  it('answers 403 to participants for staff pages, and 404 to malformed ids', async () => {
    const participant = await signedIn(connected, mine.participants[0]!.email);
    const session = await latestSession(connected, mine.cohort.id);
    const base = `/cohorts/${mine.cohort.id}/sessions`;
    expect((await participant.get(`${base}/new`)).status).toBe(403);
    expect((await participant.get(`${base}/${session.id}/attendance.csv`)).status).toBe(403);
    const before = await count(connected, 'coaching_session');
    expect((await participant.post(`${base}/new`, form({ hostId: mine.coach.id }))).status).toBe(
      403,
    );
    expect(await count(connected, 'coaching_session')).toBe(before);
    expect((await participant.get(`${base}/not-a-uuid`)).status).toBe(404);
    expect((await participant.get(`${base}/not-a-uuid/calendar.ics`)).status).toBe(404);
    const signature = await participant.post('/resources/zoom-signature', {
      cohortId: mine.cohort.id,
      coachingSessionId: 'nope',
    });
    expect(signature.status).toBe(404);
  });
});

describe('calendars', () => {
  it('downloads one session as .ics and serves a private, revocable feed', async () => {
    const participant = await signedIn(plain, pasted.participants[0]!.email);
    const session = await latestSession(plain, pasted.cohort.id);
    const ics = await participant.get(
      `/cohorts/${pasted.cohort.id}/sessions/${session.id}/calendar.ics`,
    );
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const text = await ics.text();
    expect(text).toContain('BEGIN:VEVENT');
    expect(text).toContain(`UID:${session.id}@cadre`);
    expect(text).toMatch(/DTSTART:20300204T213000Z/);

    expect(
      (await participant.post(`/cohorts/${pasted.cohort.id}/sessions`, { intent: 'feed-create' }))
        .status,
    ).toBe(302);
    const page = await (await participant.get(`/cohorts/${pasted.cohort.id}/sessions`)).text();
    const feed = /https?:\/\/[^"]+\/calendar\/[A-Za-z0-9_-]{43}\.ics/.exec(page)?.[0];
    expect(feed).toBeTruthy();
    const anonymous = new HttpClient(plain.url);
    const feedPath = new URL(feed!).pathname;
    const feedResponse = await anonymous.get(feedPath);
    expect(feedResponse.status).toBe(200);
    expect(await feedResponse.text()).toContain(session.title);

    await participant.post(`/cohorts/${pasted.cohort.id}/sessions`, { intent: 'feed-revoke' });
    expect((await anonymous.get(feedPath)).status).toBe(404);
    expect((await anonymous.get('/calendar/garbage.ics')).status).toBe(404);
  });
});
