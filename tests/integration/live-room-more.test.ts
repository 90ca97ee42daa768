import { describe, expect, it } from 'vitest';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { rebuildLiveState } from '../../app/live/live.server';
import { runLiveCommandFromPage } from '../../app/live/page-actions.server';
import { projectLiveState } from '../../app/live/state';
import { HttpClient } from '../setup/http-client';
import { buildLiveSession, LiveClient } from '../setup/live';
import { connect, createSocket } from '../setup/sockets';
import {
  PASSWORD,
  server,
  mine,
  other,
  opened,
  cookieFor,
  enter,
  room,
  send,
  ok,
  countRows,
} from './live-room-world';

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
