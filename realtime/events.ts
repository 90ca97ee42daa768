/**
 * The typed contract between the browser and the real-time server. Both sides import it;
 * the browser imports types only. Event names are `entity:action`.
 */

import type { LiveCommandName, LiveCommandPayload } from '../app/live/commands.server';
import type { LiveRoomAccess } from '../app/live/live.server';
import type { LiveEventEnvelope, LiveState } from '../app/live/state';

export type Ack<T> = { data: T } | { error: string };

/** the error a handshake or an ack carries when the server could not reach its database; retry */
export const UNAVAILABLE = 'unavailable';
/** how long a client waits before it tries again after UNAVAILABLE */
export const UNAVAILABLE_RETRY_MS = 2000;

export type PresenceRole = 'facilitator' | 'coach' | 'participant' | 'org-admin';

export interface OnlineMember {
  userId: string;
  name: string;
  role: PresenceRole;
}

export interface CohortPresence {
  cohortId: string;
  online: OnlineMember[];
}

export interface LiveRoomMember {
  userId: string;
  name: string;
  role: PresenceRole;
}

export interface LivePresence {
  coachingSessionId: string;
  here: LiveRoomMember[];
}

export interface LiveRoomJoined {
  me: LiveRoomMember & { isHost: boolean };
  here: LiveRoomMember[];
  /** the server's clock, so every screen counts down from the same instant */
  serverTime: string;
  /** the whole state (a first join or a replay too long to send), or the events missed */
  state?: LiveState;
  events?: LiveEventEnvelope[];
}

/** The live room's commands (hands, chat, polls, timer, breakouts, spotlight), one event each. */
export type LiveCommandEvents = {
  [N in LiveCommandName]: (
    payload: LiveCommandPayload<N>,
    ack: (result: Ack<unknown>) => void,
  ) => void;
};

export interface ClientToServerEvents extends LiveCommandEvents {
  /**
   * enter a coaching session's live room; with `afterSeq`, answered with the events after it
   * (a reconnect whose connection-state recovery failed), otherwise with the whole state
   */
  'room:join': (
    payload: { coachingSessionId: string; afterSeq?: number },
    ack: (result: Ack<LiveRoomJoined>) => void,
  ) => void;
  'room:leave': (payload: { coachingSessionId: string }, ack: (result: Ack<null>) => void) => void;
  /** start receiving who is online in a cohort; answered with the current list */
  'presence:watch': (
    payload: { cohortId: string },
    ack: (result: Ack<CohortPresence>) => void,
  ) => void;
  'presence:unwatch': (payload: { cohortId: string }, ack: (result: Ack<null>) => void) => void;
}

export interface ServerToClientEvents {
  'presence:update': (payload: CohortPresence) => void;
  'live:event': (event: LiveEventEnvelope) => void;
  'live:presence': (presence: LivePresence) => void;
}

export type InterServerEvents = Record<string, never>;

/** a request a client may send, its payload and what its ack carries */
export type ClientEvent = keyof ClientToServerEvents;
export type PayloadOf<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];
export type AckOf<E extends ClientEvent> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
/** what the server pushes with an event */
export type PushOf<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

export interface SocketData {
  userId: string;
  name: string;
  authSessionId: string;
  /** cohorts this socket watches, with the role it was admitted under */
  watching: Record<string, PresenceRole>;
  /** live rooms this socket is in, by coaching session id */
  live: Record<string, LiveMembership>;
}

export interface LiveMembership {
  role: PresenceRole;
  isHost: boolean;
  /** raw_event_id of the attendance segment open for this socket, if any */
  segment: string | null;
  /** who this person is in the room, read when they joined; commands are run as this */
  access: LiveRoomAccess;
}

export const rooms = {
  cohort: (cohortId: string) => `cohort:${cohortId}`,
  user: (userId: string) => `user:${userId}`,
  authSession: (authSessionId: string) => `auth-session:${authSessionId}`,
  /** everyone in the live room of a coaching session */
  live: (coachingSessionId: string) => `live:${coachingSessionId}`,
  liveHosts: (coachingSessionId: string) => `live:${coachingSessionId}:hosts`,
  liveUser: (coachingSessionId: string, userId: string) =>
    `live:${coachingSessionId}:user:${userId}`,
  /** one person's sockets in any live room of a cohort: ended when their membership changes */
  liveMember: (cohortId: string, userId: string) => `live-member:${cohortId}:${userId}`,
};
