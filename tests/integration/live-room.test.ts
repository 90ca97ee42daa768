import { describe, expect, it } from 'vitest';
import { remainingMs } from '../../app/live/state';
import { HttpClient } from '../setup/http-client';
import { buildLiveSession, LiveClient } from '../setup/live';
import { waitFor } from '../setup/sockets';
import {
  PASSWORD,
  server,
  mine,
  other,
  opened,
  cookieFor,
  enter,
  room,
  ok,
  countRows,
} from './live-room-world';

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
