import type { Env } from '../env.server';
import { credentialOrigin } from './open-badges.server';

/** The address credentials are named by: APP_ORIGIN when set, else the request's own. */
export function issuerOrigin(request: Request, env: Pick<Env, 'APP_ORIGIN'>) {
  return credentialOrigin(env.APP_ORIGIN ?? new URL(request.url).origin);
}
