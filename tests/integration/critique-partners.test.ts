import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../setup/server';
import { buildCritiqueCohort, signedIn, toastOf } from './critique-fixtures';

let server: TestServer;
let cohort: Awaited<ReturnType<typeof buildCritiqueCohort>>;
let partnersPath: string;

beforeAll(async () => {
  server = await startTestServer();
  cohort = await buildCritiqueCohort(server.db);
  partnersPath = `/cohorts/${cohort.cohort.id}/partners`;
});

afterAll(async () => {
  await server?.close();
});

async function activeGroups() {
  const rows = await server.db
    .selectFrom('partnership')
    .innerJoin('partnership_member', 'partnership_member.partnership_id', 'partnership.id')
    .select(['partnership.id', 'partnership_member.member_id'])
    .where('partnership.cohort_id', '=', cohort.cohort.id)
    .where('partnership.dissolved_at', 'is', null)
    .execute();
  const groups = new Map<string, string[]>();
  for (const row of rows) groups.set(row.id, [...(groups.get(row.id) ?? []), row.member_id]);
  return [...groups.values()].map((group) => group.sort());
}

describe('adjusting partners by hand', () => {
  it('moves a participant into another pair, keeps the history and tells them', async () => {
    const [p0, p1, p2, p3, p4] = cohort.participantMembers as [
      string,
      string,
      string,
      string,
      string,
    ];
    const facilitator = await signedIn(server.url, cohort.facilitator.email);
    const moved = await facilitator.post(partnersPath, {
      intent: 'move',
      memberId: p4,
      partnerMemberId: p0,
    });
    expect(toastOf(moved)).toBe('Participant 05 is now with Participant 01.');
    const groups = await activeGroups();
    expect(groups).toContainEqual([p0, p1, p4].sort());
    expect(groups).toContainEqual([p2, p3].sort());
    const dissolved = await server.db
      .selectFrom('partnership')
      .select('dissolved_reason')
      .where('cohort_id', '=', cohort.cohort.id)
      .where('dissolved_at', 'is not', null)
      .execute();
    expect(dissolved).toEqual([{ dissolved_reason: 'adjusted by the facilitator' }]);
    const notice = await server.db
      .selectFrom('notification')
      .select('title')
      .where('user_id', '=', cohort.participants[4]!.id)
      .executeTakeFirstOrThrow();
    expect(notice.title).toBe('Your critique partners are Participant 01 and Participant 02');

    const tooBig = await facilitator.post(partnersPath, {
      intent: 'move',
      memberId: p2,
      partnerMemberId: p0,
    });
    expect(toastOf(tooBig)).toMatch(/already has three people/);

    const already = await facilitator.post(partnersPath, {
      intent: 'move',
      memberId: p1,
      partnerMemberId: p4,
    });
    expect(toastOf(already)).toBe('Participant 02 is already with Participant 05.');

    const out = await facilitator.post(partnersPath, {
      intent: 'move',
      memberId: p0,
      partnerMemberId: p2,
    });
    expect(toastOf(out)).toBe('Participant 01 is now with Participant 03.');
    expect(await activeGroups()).toEqual(
      expect.arrayContaining([[p0, p2, p3].sort(), [p1, p4].sort()]),
    );
  });

  it('refuses nonsense and people who may not adjust', async () => {
    const facilitator = await signedIn(server.url, cohort.facilitator.email);
    const before = await activeGroups();
    const bad = await facilitator.post(partnersPath, { intent: 'move', memberId: 'x' });
    expect(toastOf(bad)).toMatch(/Choose two participants/);
    const participant = await signedIn(server.url, cohort.participants[0]!.email);
    expect((await participant.post(partnersPath, { intent: 'form' })).status).toBe(403);
    const coach = await signedIn(server.url, cohort.coach.email);
    expect((await coach.post(partnersPath, { intent: 'form' })).status).toBe(403);
    expect(await activeGroups()).toEqual(before);
  });
});

describe('notifications', () => {
  it('lists a person’s notices, opens one as read, and marks all read; nobody else’s', async () => {
    const owner = await signedIn(server.url, cohort.participants[4]!.email);
    const page = await (await owner.get('/notifications')).text();
    expect(page).toContain('Your critique partners are Participant 01 and Participant 02');
    const notices = await server.db
      .selectFrom('notification')
      .select(['id', 'read_at'])
      .where('user_id', '=', cohort.participants[4]!.id)
      .execute();
    const first = notices[0]!;

    const stranger = await signedIn(server.url, cohort.participants[2]!.email);
    const stolen = await stranger.post('/notifications', { notificationId: first.id });
    expect(toastOf(stolen)).toMatch(/no longer there/);

    const opened = await owner.post('/notifications', { notificationId: first.id });
    expect(opened.headers.get('location')).toBe(`/cohorts/${cohort.cohort.id}/partners`);
    const readAll = await owner.post('/notifications', { intent: 'read-all' });
    expect(readAll.status).toBe(302);
    const unread = await server.db
      .selectFrom('notification')
      .select('id')
      .where('user_id', '=', cohort.participants[4]!.id)
      .where('read_at', 'is', null)
      .execute();
    expect(unread).toEqual([]);
    const strangerUnread = await server.db
      .selectFrom('notification')
      .select('id')
      .where('user_id', '=', cohort.participants[2]!.id)
      .where('read_at', 'is', null)
      .execute();
    expect(strangerUnread.length).toBeGreaterThan(0);
  });
});
