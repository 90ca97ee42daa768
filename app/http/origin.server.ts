import type { Env } from '../env.server';

/** The address links in emails point at: APP_ORIGIN when set, else the one the request came to. */
export function appOriginOf(request: Request, env: Pick<Env, 'APP_ORIGIN'>) {
  return env.APP_ORIGIN ?? new URL(request.url).origin;
}
