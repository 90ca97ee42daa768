import type { ServerBuild } from '@remix-run/node';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../../db/availability';
import { getLogger } from '../log.server';
import { lastKnownSupportContact } from '../organization/branding.server';
import { currentRequestLog, forgetRequestMemo, noteRequestRoute } from './request-log.server';

export const DATABASE_UNAVAILABLE_MESSAGE =
  "Cadre can't reach its database right now. Your work is safe; try again in a minute.";

export function databaseUnavailableResponse() {
  return Response.json(
    {
      message: DATABASE_UNAVAILABLE_MESSAGE,
      databaseUnavailable: true,
      // the error page cannot read the organization now; it shows whom to ask from memory
      support: lastKnownSupportContact(),
    },
    {
      status: 503,
      headers: {
        'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
        'Cache-Control': 'no-store',
      },
    },
  );
}

type RouteModule = ServerBuild['routes'][string]['module'];
type DataFunction = NonNullable<RouteModule['loader']>;

/**
 * The same build with every loader and action wrapped once: the route that ran is noted
 * for the request log, and a database that cannot be reached becomes a 503 with
 * Retry-After (rendered by the error boundary) instead of a 500. One place, so no route
 * can forget it.
 */
export function guardBuild(build: ServerBuild): ServerBuild {
  const routes: ServerBuild['routes'] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module: RouteModule = { ...route.module };
    if (route.module.loader) module.loader = guard(id, 'loader', route.module.loader);
    if (route.module.action) module.action = guard(id, 'action', route.module.action);
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

function guard(routeId: string, kind: 'loader' | 'action', run: DataFunction): DataFunction {
  return async (args) => {
    noteRequestRoute(routeId, kind);
    try {
      return await run(args);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        const context = currentRequestLog();
        getLogger().warn(
          { err: error, reqId: context?.requestId, route: routeId },
          'request: database unavailable',
        );
        throw databaseUnavailableResponse();
      }
      throw error;
    } finally {
      if (kind === 'action') forgetRequestMemo();
    }
  };
}
