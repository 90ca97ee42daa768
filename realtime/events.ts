/**
 * The typed contract between the browser and the real-time server. Both sides import it;
 * the browser imports types only. Event names are `entity:action`.
 */

export type Ack<T> = { data: T } | { error: string };

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

export interface ClientToServerEvents {
  /** start receiving who is online in a cohort; answered with the current list */
  'presence:watch': (
    payload: { cohortId: string },
    ack: (result: Ack<CohortPresence>) => void,
  ) => void;
  'presence:unwatch': (payload: { cohortId: string }, ack: (result: Ack<null>) => void) => void;
}

export interface ServerToClientEvents {
  'presence:update': (payload: CohortPresence) => void;
}

export type InterServerEvents = Record<string, never>;

export interface SocketData {
  userId: string;
  name: string;
  authSessionId: string;
  /** cohorts this socket watches, with the role it was admitted under */
  watching: Record<string, PresenceRole>;
}

export const rooms = {
  cohort: (cohortId: string) => `cohort:${cohortId}`,
  user: (userId: string) => `user:${userId}`,
  authSession: (authSessionId: string) => `auth-session:${authSessionId}`,
};
