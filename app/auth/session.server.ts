import { createCookie, redirect } from '@remix-run/node';
import { sql } from 'kysely';
import { compiledOnce } from '../../db/compiled-once';
import type { DB } from '../../db/db.server';
import { memoizeForRequest, noteRequestUser } from '../http/request-log.server';
import { isUuid } from '../utils/ids';
import { safeRedirect } from '../utils/redirect';

export const AUTH_COOKIE_NAME = 'cadre_session';
/** a sign-in lasts at most this long, however active the person is */
export const ABSOLUTE_SESSION_MS = 30 * 24 * 60 * 60 * 1000;
/** and ends early after this long without a request */
export const IDLE_SESSION_MS = 7 * 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reading pages stays read-only */
const TOUCH_INTERVAL_MS = 5 * 60 * 1000;

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  organizationId: string;
  isOrgAdmin: boolean;
  authSessionId: string;
}

function authCookie(secure: boolean) {
  return createCookie(AUTH_COOKIE_NAME, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: ABSOLUTE_SESSION_MS / 1000,
  });
}

/** The opaque session id from a Cookie header, or null when there is none or it is malformed. */
export async function readAuthSessionId(cookieHeader: string | null | undefined) {
  if (!cookieHeader) return null;
  const value: unknown = await authCookie(false).parse(cookieHeader);
  return typeof value === 'string' && isUuid(value) ? value : null;
}

export function serializeAuthCookie(authSessionId: string, options: { secure: boolean }) {
  return authCookie(options.secure).serialize(authSessionId);
}

export function serializeClearedAuthCookie(options: { secure: boolean }) {
  return authCookie(options.secure).serialize('', { maxAge: 0, expires: new Date(0) });
}

export async function createAuthSession(
  db: DB,
  input: { userId: string; userAgent?: string | null; ipAddress?: string | null },
) {
  const now = Date.now();
  const row = await db
    .insertInto('auth_session')
    .values({
      user_id: input.userId,
      expires_at: new Date(now + ABSOLUTE_SESSION_MS),
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      ip_address: input.ipAddress ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteAuthSession(db: DB, authSessionId: string) {
  await db.deleteFrom('auth_session').where('id', '=', authSessionId).execute();
}

/**
 * The signed-in person behind a session id, or null when the session is unknown,
 * past its absolute expiry or idle for too long (such sessions are deleted on sight);
 * looked up once per request.
 */
export function getSessionUser(db: DB, authSessionId: string): Promise<SessionUser | null> {
  return memoizeForRequest(`session-user:${authSessionId}`, () =>
    loadSessionUser(db, authSessionId),
  );
}

// read on every request: compiled once
const sessionUserStatement = compiledOnce((db, args: { authSessionId: string }) =>
  db
    .selectFrom('auth_session')
    .innerJoin('app_user', 'app_user.id', 'auth_session.user_id')
    .select([
      'auth_session.id as authSessionId',
      'auth_session.expires_at as expiresAt',
      'auth_session.last_seen_at as lastSeenAt',
      'app_user.id',
      'app_user.name',
      'app_user.email',
      'app_user.organization_id as organizationId',
      'app_user.is_org_admin as isOrgAdmin',
    ])
    .where('auth_session.id', '=', args.authSessionId)
    // a deactivated person's sign-ins are deleted with the change; this covers a race with it
    .where('app_user.deactivated_at', 'is', null),
);

async function loadSessionUser(db: DB, authSessionId: string): Promise<SessionUser | null> {
  const [row] = await sessionUserStatement(db, { authSessionId });
  if (!row) return null;

  const now = Date.now();
  const lastSeen = new Date(row.lastSeenAt).getTime();
  if (new Date(row.expiresAt).getTime() <= now || lastSeen + IDLE_SESSION_MS <= now) {
    await deleteAuthSession(db, authSessionId);
    return null;
  }
  if (now - lastSeen > TOUCH_INTERVAL_MS) {
    await db
      .updateTable('auth_session')
      .set({ last_seen_at: sql<Date>`now()` })
      .where('id', '=', authSessionId)
      .execute();
    await db
      .updateTable('app_user')
      .set({ last_seen_at: sql<Date>`now()` })
      .where('id', '=', row.id)
      .execute();
  }
  noteRequestUser(row.id);
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    organizationId: row.organizationId,
    isOrgAdmin: row.isOrgAdmin,
    authSessionId: row.authSessionId,
  };
}

export async function getUserFromCookieHeader(db: DB, cookieHeader: string | null | undefined) {
  const authSessionId = await readAuthSessionId(cookieHeader);
  return authSessionId ? getSessionUser(db, authSessionId) : null;
}

export async function getUser(db: DB, request: Request) {
  return getUserFromCookieHeader(db, request.headers.get('Cookie'));
}

/** The signed-in person, or a redirect to /login that brings them back here afterwards. */
export async function requireUser(db: DB, request: Request): Promise<SessionUser> {
  const user = await getUser(db, request);
  if (user) return user;
  const url = new URL(request.url);
  const back = safeRedirect(`${url.pathname}${url.search}`, '/');
  const search = back === '/' ? '' : `?${new URLSearchParams({ redirectTo: back })}`;
  throw redirect(`/login${search}`);
}

/**
 * Ends every sign-in of this person but `keep` (the one making the request, when there is
 * one). Call it inside the transaction that makes the change; once that commits, pass the
 * ids it returns to closeEndedSessions so their open pages lose their sockets too.
 */
export async function endAuthSessions(db: DB, input: { userId: string; keep?: string | null }) {
  let query = db.deleteFrom('auth_session').where('user_id', '=', input.userId);
  if (input.keep) query = query.where('id', '!=', input.keep);
  const rows = await query.returning('id').execute();
  return rows.map((row) => row.id);
}

/** Closes the live sockets of sign-ins that endAuthSessions ended. */
export function closeEndedSessions(
  realtime: { disconnectAuthSession(authSessionId: string): void },
  authSessionIds: readonly string[],
) {
  for (const authSessionId of authSessionIds) realtime.disconnectAuthSession(authSessionId);
}
