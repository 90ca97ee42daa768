import type { AppLoadContext } from '@remix-run/node';
import { cookiesAreSecure } from '../env.server';
import { deleteAuthSession, readAuthSessionId, serializeClearedAuthCookie } from './session.server';

/** Deletes the session row, closes its sockets and returns a cookie that clears the browser's copy. */
export async function signOut(context: AppLoadContext, request: Request) {
  const authSessionId = await readAuthSessionId(request.headers.get('Cookie'));
  if (authSessionId) {
    await deleteAuthSession(context.db, authSessionId);
    context.realtime.disconnectAuthSession(authSessionId);
  }
  return serializeClearedAuthCookie({ secure: cookiesAreSecure(context.env) });
}
