import { describe, expect, it } from 'vitest';
import { pairUp } from './breakouts.server';
import {
  applyLiveEvent,
  emptyLiveState,
  isBreakoutActive,
  projectLiveState,
  remainingMs,
  type LiveEventEnvelope,
  type LiveEventType,
  type LiveState,
} from './state';

const SESSION = '11111111-1111-4111-8111-111111111111';
const start = Date.parse('2027-02-04T21:30:00Z');

function fold(events: [LiveEventType, Record<string, unknown>, number][]): LiveState {
  return events.reduce<LiveState>(
    (state, [type, payload, atOffsetMs], index) =>
      applyLiveEvent(state, {
        coachingSessionId: SESSION,
        seq: index + 1,
        type,
        at: new Date(start + atOffsetMs).toISOString(),
        actorId: null,
        payload,
      }),
    emptyLiveState(),
  );
}

describe('the countdown', () => {
  const agenda: [LiveEventType, Record<string, unknown>, number] = [
    'agenda:set',
    {
      segments: [
        { id: 'a', title: 'Check-in', minutes: 5 },
        { id: 'b', title: 'Breakout', minutes: 15 },
      ],
    },
    0,
  ];

  it('counts down from the start, stands still while paused, and grows when extended', () => {
    const running = fold([agenda, ['timer:started', {}, 0]]);
    expect(remainingMs(running.timer, start + 60_000)).toBe(4 * 60_000);

    const paused = fold([agenda, ['timer:started', {}, 0], ['timer:paused', {}, 60_000]]);
    expect(remainingMs(paused.timer, start + 10 * 60_000)).toBe(4 * 60_000);

    const extended = fold([
      agenda,
      ['timer:started', {}, 0],
      ['timer:paused', {}, 60_000],
      ['timer:extended', { minutes: 2 }, 70_000],
      ['timer:started', {}, 120_000],
    ]);
    expect(remainingMs(extended.timer, start + 180_000)).toBe(5 * 60_000);
  });

  it('moves on to the next segment with its own length, then finishes', () => {
    const next = fold([agenda, ['timer:started', {}, 0], ['timer:advanced', {}, 200_000]]);
    expect(next.timer.current).toBe(1);
    expect(remainingMs(next.timer, start + 200_000)).toBe(15 * 60_000);
    const done = fold([
      agenda,
      ['timer:started', {}, 0],
      ['timer:advanced', {}, 1],
      ['timer:advanced', {}, 2],
    ]);
    expect(done.timer).toMatchObject({ current: 2, runningSince: null });
  });
});

describe('folding events', () => {
  it('ignores an event that does not follow the last one, so replays are harmless', () => {
    const state = fold([['hand:raised', { userId: 'u1', name: 'Ana' }, 0]]);
    const repeat: LiveEventEnvelope = {
      coachingSessionId: SESSION,
      seq: 1,
      type: 'hand:raised',
      at: new Date(start).toISOString(),
      actorId: null,
      payload: { userId: 'u2', name: 'Ben' },
    };
    expect(applyLiveEvent(state, repeat)).toBe(state);
    expect(applyLiveEvent(state, { ...repeat, seq: 3 })).toBe(state);
  });

  it('remembers whom the host called on, and not someone who lowered their own hand', () => {
    const called = fold([
      ['hand:raised', { userId: 'u1', name: 'Ana' }, 0],
      ['hand:raised', { userId: 'u2', name: 'Ben' }, 1_000],
      ['hand:lowered', { userId: 'u1', by: 'host', calledOn: true }, 2_000],
    ]);
    expect(called.hands.map((hand) => hand.userId)).toEqual(['u2']);
    expect(called.calledOn).toEqual({
      userId: 'u1',
      name: 'Ana',
      at: new Date(start + 2_000).toISOString(),
    });
    const lowered = fold([
      ['hand:raised', { userId: 'u2', name: 'Ben' }, 0],
      ['hand:lowered', { userId: 'u2', by: 'u2' }, 1_000],
    ]);
    expect(lowered.calledOn).toBeNull();
  });

  it('ends a breakout when its time is up or the host ends it', () => {
    const started = fold([
      [
        'breakout:started',
        {
          id: 'b1',
          groups: [{ id: 'g1', members: [{ userId: 'u1', name: 'Ana' }] }],
          endsAt: new Date(start + 15 * 60_000).toISOString(),
        },
        0,
      ],
    ]);
    expect(isBreakoutActive(started.breakout, start + 60_000)).toBe(true);
    expect(isBreakoutActive(started.breakout, start + 15 * 60_000)).toBe(false);
    const ended = applyLiveEvent(started, {
      coachingSessionId: SESSION,
      seq: 2,
      type: 'breakout:ended',
      at: new Date(start + 60_000).toISOString(),
      actorId: null,
      payload: { id: 'b1' },
    });
    expect(isBreakoutActive(ended.breakout, start + 120_000)).toBe(false);
  });

  it('keeps ballots on the server and shows a participant only their own choice', () => {
    const state = fold([
      ['poll:opened', { id: 'p1', question: 'Q', options: ['a', 'b'], multiple: false }, 0],
      [
        'poll:voted',
        { pollId: 'p1', voterId: 'u1', choices: [1], counts: [0, 1], totalVotes: 1 },
        1,
      ],
    ]);
    expect(state.polls[0]!.ballots).toEqual({ u1: [1] });
    const seen = projectLiveState(state, { userId: 'u1', isHost: false });
    expect(seen.polls[0]).toMatchObject({ counts: null, totalVotes: 1, myChoices: [1] });
    expect(seen.polls[0]).not.toHaveProperty('ballots');
    expect(projectLiveState(state, { userId: 'h', isHost: true }).polls[0]!.counts).toEqual([0, 1]);
  });
});

describe('pairing for breakouts', () => {
  it('makes pairs, with one triad when the count is odd', () => {
    expect(pairUp([1, 2, 3, 4])).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(pairUp([1, 2, 3, 4, 5])).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    expect(pairUp([1])).toEqual([[1]]);
    expect(pairUp([])).toEqual([]);
  });
});
