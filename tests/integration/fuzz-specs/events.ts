import type { FuzzWorld } from './world';

// ---------------------------------------------------------------------------------------
// socket events

export type SocketRule =
  /** `optional`: may be left out; `nullable`: may also be null */
  | { kind: 'id'; foreign: readonly string[]; optional?: boolean; nullable?: boolean }
  | { kind: 'text'; max: number }
  | { kind: 'int'; min: number; max: number; optional?: boolean }
  | { kind: 'bool' }
  | { kind: 'list'; of: unknown; min: number; max: number };

export interface EventSpec {
  /** a payload that would be accepted; every one sent breaks it */
  base: Record<string, unknown>;
  rules: Record<string, SocketRule>;
}

/** Every event a socket may send, with a payload that would be accepted. */
export function eventSpecs(w: FuzzWorld): Record<string, EventSpec> {
  const room = { coachingSessionId: w.springLive };
  // the coach also hosts the other demo cohort: only the other organization's sessions are
  // rooms it may not enter
  const session: SocketRule = { kind: 'id', foreign: [w.other.session, w.fallSession] };
  const roomOnly = { base: room, rules: { coachingSessionId: session } };
  const id: SocketRule = { kind: 'id', foreign: [w.other.session, w.other.member] };
  const optionalId: SocketRule = { ...id, optional: true };
  return {
    'room:join': {
      base: { ...room, afterSeq: 0 },
      rules: {
        coachingSessionId: { kind: 'id', foreign: [w.other.session] },
        afterSeq: { kind: 'int', min: 0, max: 2 ** 31, optional: true },
      },
    },
    'room:leave': { base: room, rules: { coachingSessionId: session } },
    'presence:watch': {
      base: { cohortId: w.spring },
      rules: { cohortId: { kind: 'id', foreign: [w.other.cohort] } },
    },
    'presence:unwatch': {
      base: { cohortId: w.other.cohort },
      rules: { cohortId: { kind: 'id', foreign: [w.fall] } },
    },
    'hand:raise': roomOnly,
    'hand:lower': {
      base: { ...room, userId: w.other.user },
      rules: { coachingSessionId: session, userId: optionalId },
    },
    'hand:next': roomOnly,
    'chat:send': {
      base: { ...room, text: 'Hello', groupId: w.other.unit },
      rules: {
        coachingSessionId: session,
        text: { kind: 'text', max: 2000 },
        groupId: optionalId,
      },
    },
    'chat:remove': {
      base: { ...room, messageId: w.other.item },
      rules: { coachingSessionId: session, messageId: id },
    },
    'poll:open': {
      base: {
        ...room,
        question: 'Which?',
        options: ['A', 'B'],
        multiple: false,
        competencyId: w.other.competency,
      },
      rules: {
        coachingSessionId: session,
        question: { kind: 'text', max: 300 },
        options: { kind: 'list', of: 'A', min: 2, max: 8 },
        multiple: { kind: 'bool' },
        competencyId: { kind: 'id', foreign: [w.other.competency], nullable: true },
      },
    },
    'poll:vote': {
      base: { ...room, pollId: w.other.item, choices: [0] },
      rules: {
        coachingSessionId: session,
        pollId: id,
        choices: { kind: 'list', of: 0, min: 1, max: 8 },
      },
    },
    'poll:close': {
      base: { ...room, pollId: w.other.item },
      rules: { coachingSessionId: session, pollId: id },
    },
    'poll:reveal': {
      base: { ...room, pollId: w.other.item },
      rules: { coachingSessionId: session, pollId: id },
    },
    'agenda:set': {
      base: { ...room, segments: [{ title: 'Welcome', minutes: 5 }] },
      rules: {
        coachingSessionId: session,
        segments: { kind: 'list', of: { title: 'Welcome', minutes: 5 }, min: 1, max: 20 },
      },
    },
    'timer:start': roomOnly,
    'timer:pause': roomOnly,
    'timer:next': roomOnly,
    'timer:extend': {
      base: { ...room, minutes: 5 },
      rules: { coachingSessionId: session, minutes: { kind: 'int', min: 1, max: 60 } },
    },
    'breakout:suggest': roomOnly,
    'breakout:start': {
      base: { ...room, minutes: 10, groups: [[w.other.user]] },
      rules: {
        coachingSessionId: session,
        minutes: { kind: 'int', min: 1, max: 120 },
        groups: { kind: 'list', of: [w.other.user], min: 1, max: 50 },
      },
    },
    'breakout:end': roomOnly,
    'spotlight:set': {
      base: { ...room, target: { kind: 'resource', moduleId: w.other.module } },
      rules: { coachingSessionId: session },
    },
    'spotlight:clear': roomOnly,
  };
}
