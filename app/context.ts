import type { DB } from '../db/db.server';
import type { Env } from './env.server';
import type { LiveEventEnvelope } from './live/state';

/** What server.ts hands every loader and action (see getLoadContext there). */
export interface CadreLoadContext {
  db: DB;
  env: Env;
  /** a fresh value per request, echoed in the Content-Security-Policy header */
  cspNonce: string;
  /** the visitor's address as Express sees it (proxy-aware when TRUST_PROXY is set) */
  clientIp: string;
  realtime: RealtimeControl;
  /** serve the benchmark's bare document (routes/bench+/document.tsx); only the bench sets it */
  benchDocument?: boolean;
}

/** The slice of the real-time server that pages may use. */
export interface RealtimeControl {
  /** drop every socket opened with this sign-in, e.g. at sign-out */
  disconnectAuthSession(authSessionId: string): void;
  /** sends events already appended to live_event to their live room, on every node */
  publishLiveEvents(events: readonly LiveEventEnvelope[]): void;
  /**
   * ends this person's sockets in the live rooms of a cohort, on every node, when their
   * membership changed (withdrawn, or a new role): commands are not checked against the
   * database one by one, so a changed member joins again and is checked then
   */
  endLiveMembership(cohortId: string, userId: string): void;
}

declare module '@remix-run/server-runtime' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends CadreLoadContext {}
  interface Future {
    v3_singleFetch: true;
  }
}
