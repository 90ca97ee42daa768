import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { rebuildLiveState } from '../../app/live/live.server';
import { runLiveCommandFromPage } from '../../app/live/page-actions.server';
import { projectLiveState, remainingMs } from '../../app/live/state';
import { buildCohortWithPeople } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { buildLiveSession, LiveClient } from '../setup/live';
import { startTestServer, type TestServer } from '../setup/server';
import { connect, createSocket, waitFor } from '../setup/sockets';

const PASSWORD = 'live room test password';
let server: TestServer;
let mine: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let other: Awaited<ReturnType<typeof buildCohortWithPeople>>;
const cookies = new Map<string, string>();
const opened: LiveClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const passwordHash = await hashPassword(PASSWORD);
  mine = await buildCohortWithPeople(server.db, { participants: 5, passwordHash });
  other = await buildCohortWithPeople(server.db, { participants: 1, passwordHash });
});

afterEach(() => {
  for (const client of opened.splice(0)) client.socket.disconnect();
});

afterAll(async () => {
  await server?.close();
});

async function cookieFor(email: string) {
  const known = cookies.get(email);
  if (known) return known;
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  const cookie = `${AUTH_COOKIE_NAME}=${client.cookie(AUTH_COOKIE_NAME)}`;
  cookies.set(email, cookie);
  return cookie;
}

async function enter(email: string, coachingSessionId: string) {
  const client = await LiveClient.open(server.url, await cookieFor(email), coachingSessionId);
  opened.push(client);
  const joined = await client.join();
  expect(joined).toHaveProperty('data');
  return client;
}

async function room() {
  const session = await buildLiveSession(server.db, {
    cohortId: mine.cohort.id,
    hostId: mine.coach.id,
  });
  const [coach, first, second] = await Promise.all([
    enter(mine.coach.email, session.id),
    enter(mine.participants[0]!.email, session.id),
    enter(mine.participants[1]!.email, session.id),
  ]);
  return { session, coach, first, second, everyone: [coach, first, second] };
}

const SLOW_DOWN = 'Too many requests; slow down a little.';

/**
 * Sends a command the way a well-behaved client does under the 10-events-a-second limit:
 * when told to slow down, it waits a moment and sends again.
 */
async function send(client: LiveClient, command: string, payload: unknown) {
  for (;;) {
    const result = (await client.socket.emitWithAck(command as 'hand:raise', payload as never)) as
      { data: unknown } | { error: string };
    if (!('error' in result) || result.error !== SLOW_DOWN) return result;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function ok<T>(result: { data: T } | { error: string }): T {
  if ('error' in result) throw new Error(`expected success, got "${result.error}"`);
  return result.data;
}

async function countRows(coachingSessionId: string) {
  const [events, audits] = await Promise.all([
    server.db
      .selectFrom('live_event')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('coaching_session_id', '=', coachingSessionId)
      .executeTakeFirstOrThrow(),
    server.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('action', '=', 'live.command_refused')
      .where('target_id', '=', coachingSessionId)
      .executeTakeFirstOrThrow(),
  ]);
  return { events: Number(events.count), refusals: Number(audits.count) };
}

describe('joining a live room', () => {
  it('admits the cohort with their roles and refuses outsiders, unknown and malformed rooms', async () => {
    const { session, first, coach } = await room();
    await coach.socket.emitWithAck('room:join', { coachingSessionId: session.id });
    expect(first.joined?.me).toMatchObject({ role: 'participant', isHost: false });
    expect(coach.joined?.me).toMatchObject({ role: 'coach', isHost: true });

    const outsider = await LiveClient.open(
      server.url,
      await cookieFor(other.participants[0]!.email),
      session.id,
    );
    opened.push(outsider);
    expect(await outsider.join()).toEqual({
      error: 'You are not a member of this session’s cohort.',
    });
    // and it hears nothing of the room afterwards
    const raised = ok(
      await first.socket.emitWithAck('hand:raise', { coachingSessionId: session.id }),
    );
    expect(raised).toBeTruthy();
    expect(outsider.seqs).toEqual([]);
    expect(
      await outsider.socket.emitWithAck('hand:raise', { coachingSessionId: session.id }),
    ).toEqual({ error: 'Join the room first.' });

    const unknown = await outsider.socket.emitWithAck('room:join', {
      coachingSessionId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown).toHaveProperty('error');
    const malformed = await outsider.socket.emitWithAck('room:join', {
      coachingSessionId: 7,
    } as never);
    expect(malformed).toEqual({ error: 'coachingSessionId must be a coaching session id' });
  });

  it('shows everyone who is here with roles, live, and turns stays into live-room attendance', async () => {
    const { session, first } = await room();
    expect(first.joined?.here.map((member) => member.role)).toContain('participant');

    const arriving = waitFor(first.socket, 'live:presence', (presence) =>
      presence.here.some((member) => member.userId === mine.facilitator.id),
    );
    const facilitator = await enter(mine.facilitator.email, session.id);
    const presence = await arriving;
    expect(presence.here[0]).toEqual({
      userId: mine.facilitator.id,
      name: mine.facilitator.name,
      role: 'facilitator',
    });

    const leaving = waitFor(
      first.socket,
      'live:presence',
      (update) => !update.here.some((member) => member.userId === mine.facilitator.id),
    );
    facilitator.socket.disconnect();
    await leaving;

    const segments = await server.db
      .selectFrom('attendance_segment')
      .select(['user_id', 'left_at', 'source'])
      .where('coaching_session_id', '=', session.id)
      .execute();
    expect(segments.filter((segment) => segment.source === 'live-room')).toHaveLength(4);
    const facilitatorSegment = segments.find((segment) => segment.user_id === mine.facilitator.id);
    expect(facilitatorSegment?.left_at).not.toBeNull();
    // a stay from before node leases (no node id) whose node died ends when the room next changes
    await server.db
      .insertInto('attendance_segment')
      .values({
        coaching_session_id: session.id,
        user_id: mine.participants[4]!.id,
        joined_at: new Date(Date.now() - 4 * 60_000),
        left_at: null,
        source: 'live-room',
        raw_event_id: `live-room:${session.id}:socket-on-a-dead-node:x`,
      })
      .execute();
    const arrived = waitFor(first.socket, 'live:presence', (update) =>
      update.here.some((member) => member.userId === mine.participants[3]!.id),
    );
    const someoneElse = await enter(mine.participants[3]!.email, session.id);
    await arrived;
    const orphan = await server.db
      .selectFrom('attendance_segment')
      .select('left_at')
      .where('raw_event_id', '=', `live-room:${session.id}:socket-on-a-dead-node:x`)
      .executeTakeFirstOrThrow();
    expect(orphan.left_at).not.toBeNull();
    // the live ones are untouched
    const open = await server.db
      .selectFrom('attendance_segment')
      .select('user_id')
      .where('coaching_session_id', '=', session.id)
      .where('left_at', 'is', null)
      .execute();
    expect(open.map((row) => row.user_id).sort()).toEqual(
      [
        mine.coach.id,
        mine.participants[0]!.id,
        mine.participants[1]!.id,
        mine.participants[3]!.id,
      ].sort(),
    );
    someoneElse.socket.disconnect();

    const attendance = await server.db
      .selectFrom('attendance')
      .select('user_id')
      .where('coaching_session_id', '=', session.id)
      .execute();
    expect(attendance.map((row) => row.user_id)).toContain(mine.participants[0]!.id);
  });
});

describe('the live room page', () => {
  it('opens for the cohort, not for outsiders, and not for a cancelled session', async () => {
    const session = await buildLiveSession(server.db, {
      cohortId: mine.cohort.id,
      hostId: mine.coach.id,
      title: 'Page check',
    });
    const path = `/cohorts/${mine.cohort.id}/sessions/${session.id}/live`;
    const member = new HttpClient(server.url);
    await member.signIn(mine.participants[0]!.email, PASSWORD);
    const page = await member.get(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Live room: Page check');
    const sessionPage = await member.get(`/cohorts/${mine.cohort.id}/sessions/${session.id}`);
    expect(await sessionPage.text()).toContain('Join the live room');

    const outsider = new HttpClient(server.url);
    await outsider.signIn(other.participants[0]!.email, PASSWORD);
    expect((await outsider.get(path)).status).toBe(403);

    await server.db
      .updateTable('coaching_session')
      .set({ status: 'cancelled', cancelled_at: new Date() })
      .where('id', '=', session.id)
      .execute();
    expect((await member.get(path)).status).toBe(404);
    const socket = await LiveClient.open(
      server.url,
      await cookieFor(mine.participants[0]!.email),
      session.id,
    );
    opened.push(socket);
    expect(await socket.join()).toHaveProperty('error');
  });
});

describe('the room’s features', () => {
  it('keeps an ordered queue of raised hands that the host calls and lowers', async () => {
    const { session, coach, first, second, everyone } = await room();
    const id = { coachingSessionId: session.id };
    ok(await first.socket.emitWithAck('hand:raise', id));
    ok(await second.socket.emitWithAck('hand:raise', id));
    await Promise.all(everyone.map((client) => client.until((s) => s.hands.length === 2)));
    expect(coach.state.hands.map((hand) => hand.userId)).toEqual([
      mine.participants[0]!.id,
      mine.participants[1]!.id,
    ]);

    // a participant cannot lower someone else's hand
    const before = await countRows(session.id);
    expect(
      await first.socket.emitWithAck('hand:lower', { ...id, userId: mine.participants[1]!.id }),
    ).toEqual({ error: 'Only the host can lower someone else’s hand.' });
    expect(await countRows(session.id)).toEqual({ ...before, refusals: before.refusals + 1 });

    expect(ok(await coach.socket.emitWithAck('hand:next', id))).toEqual({
      calledOn: { userId: mine.participants[0]!.id, name: mine.participants[0]!.name },
    });
    await second.until((s) => s.hands.length === 1);
    ok(await second.socket.emitWithAck('hand:lower', id));
    await Promise.all(everyone.map((client) => client.until((s) => s.hands.length === 0)));
  });

  it('carries chat to everyone, keeps links as text and lets the host remove a message', async () => {
    const { session, coach, first, second } = await room();
    const id = { coachingSessionId: session.id };
    const text = 'See https://example.org/plan <b>bold</b>';
    ok(await first.socket.emitWithAck('chat:send', { ...id, text: `  ${text}  ` }));
    await second.until((s) => s.chat.length === 1);
    const message = second.state.chat[0]!;
    expect(message).toMatchObject({ text, authorName: mine.participants[0]!.name, removed: false });

    expect(
      await second.socket.emitWithAck('chat:remove', { ...id, messageId: message.id }),
    ).toEqual({ error: 'Only the host can do that.' });
    ok(await coach.socket.emitWithAck('chat:remove', { ...id, messageId: message.id }));
    await first.until((s) => s.chat[0]?.removed === true);
    expect(first.state.chat[0]!.text).toBe('');
  });

  it('runs a poll: live bars for the host, one changeable vote each, results shown to all', async () => {
    const { session, coach, first, second, everyone } = await room();
    const id = { coachingSessionId: session.id };
    const { pollId } = ok(
      await coach.socket.emitWithAck('poll:open', {
        ...id,
        question: 'How confident are you with routines?',
        options: ['Not yet', 'Getting there', 'Confident'],
        multiple: false,
        competencyId: mine.program.competencies[0]!.id,
      }),
    ) as { pollId: string };
    await Promise.all(everyone.map((client) => client.until((s) => s.polls.length === 1)));
    expect(first.state.polls[0]!.competency?.id).toBe(mine.program.competencies[0]!.id);

    ok(await first.socket.emitWithAck('poll:vote', { ...id, pollId, choices: [1] }));
    ok(await second.socket.emitWithAck('poll:vote', { ...id, pollId, choices: [2] }));
    // first changes their mind
    ok(await first.socket.emitWithAck('poll:vote', { ...id, pollId, choices: [2] }));
    await coach.until((s) => s.polls[0]!.counts?.[2] === 2);
    expect(coach.state.polls[0]!.counts).toEqual([0, 0, 2]);
    expect(coach.state.polls[0]!.totalVotes).toBe(2);
    // participants see how many voted, not the bars, until the host shows them
    await second.until((s) => s.seq === coach.state.seq);
    expect(second.state.polls[0]).toMatchObject({ counts: null, totalVotes: 2 });

    expect(await first.socket.emitWithAck('poll:vote', { ...id, pollId, choices: [0, 1] })).toEqual(
      { error: 'Choose one option.' },
    );
    expect(await coach.socket.emitWithAck('poll:vote', { ...id, pollId, choices: [0] })).toEqual({
      error: 'Hosts run the poll; participants vote.',
    });

    ok(await coach.socket.emitWithAck('poll:close', { ...id, pollId }));
    expect(await first.socket.emitWithAck('poll:vote', { ...id, pollId, choices: [0] })).toEqual({
      error: 'This poll is closed.',
    });
    ok(await coach.socket.emitWithAck('poll:reveal', { ...id, pollId }));
    await Promise.all([first, second].map((client) => client.until((s) => s.polls[0]!.revealed)));
    expect(second.state.polls[0]).toMatchObject({ status: 'closed', counts: [0, 0, 2] });
    // the stored ballots never leave the server
    expect(JSON.stringify(second.state)).not.toContain('ballots');
  });

  it('shows every screen the same countdown through an agenda, stored as start + duration', async () => {
    const { session, coach, first, everyone } = await room();
    const id = { coachingSessionId: session.id };
    expect(await coach.socket.emitWithAck('timer:start', id)).toEqual({
      error: 'Set an agenda first.',
    });
    ok(
      await coach.socket.emitWithAck('agenda:set', {
        ...id,
        segments: [
          { title: 'Check-in', minutes: 5 },
          { title: 'Breakout', minutes: 15 },
          { title: 'Share', minutes: 10 },
        ],
      }),
    );
    ok(await coach.socket.emitWithAck('timer:start', id));
    await first.until((s) => s.timer.runningSince !== null);
    expect(first.state.timer).toMatchObject({ current: 0, durationMs: 5 * 60_000 });
    ok(await coach.socket.emitWithAck('timer:pause', id));
    ok(await coach.socket.emitWithAck('timer:extend', { ...id, minutes: 2 }));
    await first.until((s) => s.timer.durationMs === 7 * 60_000);
    expect(first.state.timer.runningSince).toBeNull();
    const left = remainingMs(first.state.timer, Date.now());
    expect(left).toBeLessThanOrEqual(7 * 60_000);
    expect(left).toBeGreaterThan(6 * 60_000);
    ok(await coach.socket.emitWithAck('timer:next', id));
    await Promise.all(everyone.map((client) => client.until((s) => s.timer.current === 1)));
    expect(first.state.timer).toEqual(coach.state.timer);
    expect(first.state.timer.agenda[1]!.title).toBe('Breakout');
  });

  it('splits the room into its partner groups, each with its own chat, and brings everyone back', async () => {
    const { session, coach, first, second } = await room();
    const third = await enter(mine.participants[2]!.email, session.id);
    const id = { coachingSessionId: session.id };
    // first and third are partners in the cohort; second has no partner here
    const members = await server.db
      .selectFrom('cohort_member')
      .select(['id', 'user_id'])
      .where('cohort_id', '=', mine.cohort.id)
      .execute();
    const memberOf = (userId: string) => members.find((m) => m.user_id === userId)!.id;
    const partnership = await server.db
      .insertInto('partnership')
      .values({ cohort_id: mine.cohort.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await server.db
      .insertInto('partnership_member')
      .values([
        { partnership_id: partnership.id, member_id: memberOf(mine.participants[0]!.id) },
        { partnership_id: partnership.id, member_id: memberOf(mine.participants[2]!.id) },
      ])
      .execute();

    const { groups } = ok(await coach.socket.emitWithAck('breakout:suggest', id)) as {
      groups: { userId: string }[][];
    };
    const partnered = groups.find((group) =>
      group.some((person) => person.userId === mine.participants[0]!.id),
    );
    expect(partnered?.map((person) => person.userId)).toContain(mine.participants[2]!.id);
    // three participants here: one triad
    expect(groups).toHaveLength(1);
    expect(groups[0]).toHaveLength(3);

    // the host adjusts: second on their own, the partners together
    ok(
      await coach.socket.emitWithAck('breakout:start', {
        ...id,
        minutes: 15,
        groups: [[mine.participants[0]!.id, mine.participants[2]!.id], [mine.participants[1]!.id]],
      }),
    );
    await Promise.all([first, second, third].map((c) => c.until((s) => s.breakout !== null)));
    const breakout = first.state.breakout!;
    const firstGroup = breakout.groups.find((g) =>
      g.members.some((m) => m.userId === mine.participants[0]!.id),
    )!;
    expect(firstGroup.members.map((m) => m.name)).toEqual([
      mine.participants[0]!.name,
      mine.participants[2]!.name,
    ]);

    ok(
      await first.socket.emitWithAck('chat:send', {
        ...id,
        text: 'Hi partner',
        groupId: firstGroup.id,
      }),
    );
    await Promise.all([third, coach].map((c) => c.until((s) => s.chat.length === 1)));
    await second.until((s) => s.seq === coach.state.seq);
    expect(second.state.chat).toEqual([]);
    expect(second.seqs.at(-1)).toBe(coach.state.seq);
    expect(
      await second.socket.emitWithAck('chat:send', {
        ...id,
        text: 'Let me in',
        groupId: firstGroup.id,
      }),
    ).toEqual({ error: 'You can only write to your own breakout group.' });

    ok(await coach.socket.emitWithAck('breakout:end', id));
    await Promise.all(
      [first, second, third].map((c) => c.until((s) => s.breakout?.endedAt != null)),
    );
    expect(await coach.socket.emitWithAck('breakout:end', id)).toEqual({
      error: 'No breakout is on.',
    });
    // a reload shows second nothing of the other group's chat either
    const reloaded = await enter(mine.participants[1]!.email, session.id);
    expect(reloaded.state.chat).toEqual([]);
  });

  it('pushes a module to every screen at once, refuses what it cannot show, and clears it', async () => {
    const { session, coach, first, second } = await room();
    const id = { coachingSessionId: session.id };
    const module = mine.program.modules[0]!;
    ok(
      await coach.socket.emitWithAck('spotlight:set', {
        ...id,
        target: { kind: 'resource', moduleId: module.id },
      }),
    );
    await Promise.all([first, second].map((c) => c.until((s) => s.spotlight !== null)));
    expect(second.state.spotlight).toMatchObject({
      title: module.title,
      target: { kind: 'resource' },
    });

    expect(
      await coach.socket.emitWithAck('spotlight:set', {
        ...id,
        target: { kind: 'resource', moduleId: other.program.modules[0]!.id },
      }),
    ).toEqual({ error: 'That module is not part of this cohort’s program.' });
    expect(
      await coach.socket.emitWithAck('spotlight:set', {
        ...id,
        target: { kind: 'action-plan', planId: '00000000-0000-4000-8000-000000000000' },
      }),
    ).toEqual({ error: 'Only an action plan its author has handed in can be shown.' });

    ok(await coach.socket.emitWithAck('spotlight:clear', id));
    await Promise.all([first, second].map((c) => c.until((s) => s.spotlight === null)));
  });
});

describe('from pages', () => {
  it('lets a page run a host action that reaches every screen, and exports polls and chat', async () => {
    const { session, coach, first, second } = await room();
    const context = { db: server.db, realtime: server.realtime.control };
    const module = mine.program.modules[0]!;
    expect(
      await runLiveCommandFromPage(context, {
        userId: mine.participants[0]!.id,
        command: 'spotlight:set',
        payload: {
          coachingSessionId: session.id,
          target: { kind: 'resource', moduleId: module.id },
        },
      }),
    ).toEqual({ error: 'Only the host can do that.' });
    ok(
      await runLiveCommandFromPage(context, {
        userId: mine.facilitator.id,
        command: 'spotlight:set',
        payload: {
          coachingSessionId: session.id,
          target: { kind: 'resource', moduleId: module.id },
        },
      }),
    );
    await Promise.all(
      [first, second].map((c) => c.until((s) => s.spotlight?.title === module.title)),
    );

    const id = { coachingSessionId: session.id };
    const { pollId } = ok(
      await coach.socket.emitWithAck('poll:open', {
        ...id,
        question: 'Ready to share?',
        options: ['Yes', 'Nearly'],
        multiple: false,
      }),
    ) as { pollId: string };
    await first.until((s) => s.polls.length === 1);
    ok(await first.socket.emitWithAck('poll:vote', { ...id, pollId, choices: [0] }));
    ok(await second.socket.emitWithAck('chat:send', { ...id, text: '=HYPERLINK("x")' }));

    const http = new HttpClient(server.url);
    await http.signIn(mine.coach.email, PASSWORD);
    const response = await http.get(`/cohorts/${mine.cohort.id}/sessions/${session.id}/live.csv`);
    expect(response.status).toBe(200);
    const csv = await response.text();
    expect(csv).toContain('poll,Ready to share?,Yes,1,');
    expect(csv).toContain('poll,Ready to share?,people who voted,1,');
    // a formula typed into chat stays text in a spreadsheet
    expect(csv).toContain(`chat,${mine.participants[1]!.name},"'=HYPERLINK(""x"")"`);

    const participant = new HttpClient(server.url);
    await participant.signIn(mine.participants[0]!.email, PASSWORD);
    expect(
      (await participant.get(`/cohorts/${mine.cohort.id}/sessions/${session.id}/live.csv`)).status,
    ).toBe(403);
  });
});

describe('authority', () => {
  it('refuses every host command from a participant, logs the attempt and changes nothing', async () => {
    const { session, first } = await room();
    const coachingSessionId = session.id;
    const someId = '00000000-0000-4000-8000-000000000000';
    const forged: [string, Record<string, unknown>][] = [
      ['hand:next', {}],
      ['chat:remove', { messageId: someId }],
      ['poll:open', { question: 'Q?', options: ['a', 'b'], multiple: false }],
      ['poll:close', { pollId: someId }],
      ['poll:reveal', { pollId: someId }],
      ['agenda:set', { segments: [{ title: 'Hijack', minutes: 5 }] }],
      ['timer:start', {}],
      ['timer:pause', {}],
      ['timer:next', {}],
      ['timer:extend', { minutes: 5 }],
      ['breakout:suggest', {}],
      ['breakout:start', { minutes: 5 }],
      ['breakout:end', {}],
      ['spotlight:set', { target: { kind: 'resource', moduleId: mine.program.modules[0]!.id } }],
      ['spotlight:clear', {}],
    ];
    const before = await countRows(session.id);
    for (const [command, payload] of forged) {
      const result = await send(first, command, { coachingSessionId, ...payload });
      expect(result, command).toEqual({ error: 'Only the host can do that.' });
    }
    expect(await countRows(session.id)).toEqual({
      events: before.events,
      refusals: before.refusals + forged.length,
    });
  });
});

describe('never losing what happened', () => {
  it('gives simultaneous changes distinct, gap-free seqs that every client sees in order', async () => {
    const { session, coach, first, second, everyone } = await room();
    const id = { coachingSessionId: session.id };
    const third = await enter(mine.participants[2]!.email, session.id);
    const results = await Promise.all([
      ...[first, second, third].map((client) => client.socket.emitWithAck('hand:raise', id)),
      ...[coach, first, second, third].flatMap((client) =>
        [1, 2].map((n) => client.socket.emitWithAck('chat:send', { ...id, text: `at once ${n}` })),
      ),
    ]);
    expect(results.filter((result) => 'error' in result)).toEqual([]);
    await Promise.all([...everyone, third].map((client) => client.untilSeq(11)));
    for (const client of [...everyone, third]) {
      expect(client.seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    }
    const rows = await server.db
      .selectFrom('live_event')
      .select('seq')
      .where('coaching_session_id', '=', session.id)
      .orderBy('seq')
      .execute();
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('gives a reload the same state the running screens hold, rebuilt from the log', async () => {
    const { session, coach, first } = await room();
    const id = { coachingSessionId: session.id };
    ok(await first.socket.emitWithAck('hand:raise', id));
    ok(await first.socket.emitWithAck('chat:send', { ...id, text: 'hello' }));
    ok(
      await coach.socket.emitWithAck('agenda:set', {
        ...id,
        segments: [{ title: 'A', minutes: 3 }],
      }),
    );
    ok(await coach.socket.emitWithAck('timer:start', id));
    await first.untilSeq(4);

    const reloaded = await enter(mine.participants[0]!.email, session.id);
    expect(reloaded.state).toEqual(first.state);
    const rebuilt = await rebuildLiveState(server.db, { coachingSessionId: session.id });
    expect(projectLiveState(rebuilt, { userId: mine.participants[0]!.id, isHost: false })).toEqual(
      reloaded.state,
    );
  });

  it('delivers what a client missed during a 5-second drop through connection-state recovery', async () => {
    const { session, coach, first } = await room();
    const id = { coachingSessionId: session.id };
    ok(await coach.socket.emitWithAck('chat:send', { ...id, text: 'before the drop' }));
    await first.untilSeq(1);

    const dropped = new Promise<string>((resolve) => first.socket.once('disconnect', resolve));
    // closing the transport looks to the server like a lost network, so it keeps the session
    first.socket.io.engine.close();
    await dropped;
    for (let index = 0; index < 5; index += 1) {
      ok(await coach.socket.emitWithAck('chat:send', { ...id, text: `missed ${index}` }));
    }
    // the line stays down for 5 s while the room goes on, as a real drop would
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await connect(first.socket);
    expect(first.socket.recovered).toBe(true);
    await first.untilSeq(6);
    expect(first.seqs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(first.state.chat.map((message) => message.text)).toContain('missed 4');
  });

  it('replays from the database when the drop outlasted recovery (a 3-minute absence)', async () => {
    const { session, coach, first } = await room();
    const id = { coachingSessionId: session.id };
    ok(await coach.socket.emitWithAck('chat:send', { ...id, text: 'before' }));
    await first.untilSeq(1);
    const lastSeq = first.state.seq;
    const kept = first.state;
    first.socket.disconnect();
    for (let index = 0; index < 4; index += 1) {
      ok(await coach.socket.emitWithAck('chat:send', { ...id, text: `while away ${index}` }));
    }
    // after 3 minutes the server has forgotten the connection (the recovery window is 2
    // minutes), so the client comes back as a brand-new socket: that is exactly this case,
    // without waiting out the clock; the client then asks for everything after its last seq
    const back = await LiveClient.open(
      server.url,
      await cookieFor(mine.participants[0]!.email),
      session.id,
    );
    opened.push(back);
    expect(back.socket.recovered).toBe(false);
    back.state = kept;
    const rejoined = ok(await back.join({ afterSeq: lastSeq }));
    expect(rejoined.state).toBeUndefined();
    expect(rejoined.events?.map((event) => event.seq)).toEqual([2, 3, 4, 5]);
    expect(back.state.chat.map((message) => message.text)).toEqual([
      'before',
      'while away 0',
      'while away 1',
      'while away 2',
      'while away 3',
    ]);
  });
});

describe('bad input', () => {
  it('answers every malformed, oversized, unknown or foreign payload with an error and changes nothing', async () => {
    const { session, coach, first } = await room();
    const coachingSessionId = session.id;
    // a room with some history, so unknown ids are checked against real state
    ok(await first.socket.emitWithAck('chat:send', { coachingSessionId, text: 'hi' }));
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const foreignSession = await buildLiveSession(server.db, {
      cohortId: other.cohort.id,
      hostId: other.coach.id,
    });
    const huge = 'x'.repeat(10_000);
    const cases: [string, unknown][] = [
      // wrong types
      ['hand:raise', { coachingSessionId: 42 }],
      ['hand:raise', 'not an object'],
      ['hand:raise', null],
      ['hand:lower', { coachingSessionId, userId: 5 }],
      ['chat:send', { coachingSessionId, text: ['array'] }],
      ['chat:send', { coachingSessionId, text: '   ' }],
      ['chat:send', { coachingSessionId, text: 'hi', extra: true }],
      ['poll:open', { coachingSessionId, question: 'Q', options: 'a,b', multiple: false }],
      ['poll:open', { coachingSessionId, question: 'Q', options: ['only one'], multiple: false }],
      ['poll:open', { coachingSessionId, question: 'Q', options: ['a', 'b'], multiple: 'yes' }],
      ['poll:vote', { coachingSessionId, pollId: unknownId, choices: ['1'] }],
      ['poll:vote', { coachingSessionId, pollId: unknownId, choices: [-1] }],
      ['agenda:set', { coachingSessionId, segments: [{ title: 'A', minutes: 1.5 }] }],
      ['agenda:set', { coachingSessionId, segments: [] }],
      ['timer:extend', { coachingSessionId, minutes: '5' }],
      ['timer:extend', { coachingSessionId, minutes: 10_000 }],
      ['breakout:start', { coachingSessionId, minutes: 0 }],
      ['breakout:start', { coachingSessionId, minutes: 5, groups: [[]] }],
      ['spotlight:set', { coachingSessionId, target: { kind: 'video', url: 'x' } }],
      ['spotlight:set', { coachingSessionId, target: { kind: 'resource', moduleId: 'nope' } }],
      // huge strings
      ['chat:send', { coachingSessionId, text: huge }],
      ['poll:open', { coachingSessionId, question: huge, options: ['a', 'b'], multiple: false }],
      ['poll:open', { coachingSessionId, question: 'Q', options: [huge, 'b'], multiple: false }],
      ['agenda:set', { coachingSessionId, segments: [{ title: huge, minutes: 5 }] }],
      // unknown ids
      ['hand:raise', { coachingSessionId: unknownId }],
      ['hand:lower', { coachingSessionId, userId: unknownId }],
      ['chat:remove', { coachingSessionId, messageId: unknownId }],
      ['poll:vote', { coachingSessionId, pollId: unknownId, choices: [0] }],
      ['poll:close', { coachingSessionId, pollId: unknownId }],
      ['poll:reveal', { coachingSessionId, pollId: unknownId }],
      [
        'poll:open',
        {
          coachingSessionId,
          question: 'Q',
          options: ['a', 'b'],
          multiple: false,
          competencyId: unknownId,
        },
      ],
      ['breakout:start', { coachingSessionId, minutes: 5, groups: [[unknownId]] }],
      ['spotlight:set', { coachingSessionId, target: { kind: 'resource', moduleId: unknownId } }],
      ['chat:send', { coachingSessionId, text: 'hi', groupId: unknownId }],
      // ids from another cohort
      ['hand:raise', { coachingSessionId: foreignSession.id }],
      ['chat:send', { coachingSessionId: foreignSession.id, text: 'hi' }],
      ['breakout:start', { coachingSessionId, minutes: 5, groups: [[other.participants[0]!.id]] }],
      [
        'spotlight:set',
        { coachingSessionId, target: { kind: 'resource', moduleId: other.program.modules[0]!.id } },
      ],
      [
        'poll:open',
        {
          coachingSessionId,
          question: 'Q',
          options: ['a', 'b'],
          multiple: false,
          competencyId: other.program.competencies[0]!.id,
        },
      ],
      ['room:join', { coachingSessionId: foreignSession.id }],
      ['room:join', { coachingSessionId, afterSeq: -3 }],
    ];
    const rowsBefore = await countRows(session.id);
    const foreignBefore = await countRows(foreignSession.id);
    for (const [command, payload] of cases) {
      const sender = command === 'hand:raise' || command === 'poll:vote' ? first : coach;
      const result = await send(sender, command, payload);
      expect(result, `${command} ${JSON.stringify(payload).slice(0, 120)}`).toHaveProperty('error');
      expect(typeof (result as { error: string }).error).toBe('string');
    }
    expect(await countRows(session.id)).toEqual(rowsBefore);
    expect(await countRows(foreignSession.id)).toEqual(foreignBefore);
    // and the room still works
    ok(await first.socket.emitWithAck('hand:raise', { coachingSessionId }));
  });

  it('slows down a socket that floods, and drops one that sends more than 16 KB', async () => {
    const { session, first, coach } = await room();
    const id = { coachingSessionId: session.id };
    const answers = await Promise.all(
      Array.from({ length: 25 }, () => first.socket.emitWithAck('hand:raise', id)),
    );
    const refused = answers.filter((answer) => 'error' in answer);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toEqual({ error: 'Too many requests; slow down a little.' });

    const closed = new Promise<string>((resolve) => first.socket.once('disconnect', resolve));
    first.socket.emit('chat:send', { ...id, text: 'y'.repeat(20_000) }, () => {});
    expect(await closed).toBe('transport close');
    // the server carries on
    ok(await coach.socket.emitWithAck('chat:send', { ...id, text: 'still here' }));
  });

  it('closes live sockets when their person signs out', async () => {
    const session = await buildLiveSession(server.db, {
      cohortId: mine.cohort.id,
      hostId: mine.coach.id,
    });
    const client = new HttpClient(server.url);
    await client.signIn(mine.participants[3]!.email, PASSWORD);
    const socket = createSocket(server.url, {
      cookie: `${AUTH_COOKIE_NAME}=${client.cookie(AUTH_COOKIE_NAME)}`,
    });
    await connect(socket);
    ok(await socket.emitWithAck('room:join', { coachingSessionId: session.id }));
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await client.post('/logout', {});
    expect(await closed).toBe('io server disconnect');
  });
});
