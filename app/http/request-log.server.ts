import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../log.server';

/** What the log line of one request says about it, filled in as the request runs. */
export interface RequestLogContext {
  requestId: string;
  /** the logger of the server that took the request (tests run several in one process) */
  logger: Logger;
  userId?: string;
  /**
   * the route whose action ran, else the deepest whose loader ran: a pattern such as
   * `routes/invitations+/$token`, never the URL
   */
  route?: string;
  routeRanAction?: boolean;
  /** answers worked out once per request and shared by root, layout and page loaders */
  memo?: Map<string, Promise<unknown>>;
}

// server.ts and the Remix build are bundled apart: both must reach the same store
const remembered = globalThis as typeof globalThis & {
  __cadreRequestLog?: AsyncLocalStorage<RequestLogContext>;
};
const storage = (remembered.__cadreRequestLog ??= new AsyncLocalStorage<RequestLogContext>());

export function currentRequestLog(): RequestLogContext | undefined {
  return storage.getStore();
}

/**
 * The answer for `key` worked out once per request: the signed-in person and their cohort
 * access are asked for by the root, the layout and the page, which Remix runs side by side.
 * Outside a request (tests, sockets, workers) it simply computes.
 */
export function memoizeForRequest<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const context = storage.getStore();
  if (!context) return compute();
  context.memo ??= new Map();
  const known = context.memo.get(key);
  if (known) return known as Promise<T>;
  const answer = compute();
  context.memo.set(key, answer);
  // a failure is not kept: the next asker tries again
  answer.catch(() => context.memo?.delete(key));
  return answer;
}

/** After an action has changed things, the loaders that follow must look again. */
export function forgetRequestMemo() {
  storage.getStore()?.memo?.clear();
}

export function noteRequestUser(userId: string) {
  const context = storage.getStore();
  if (context) context.userId = userId;
}

export function noteRequestRoute(routeId: string, kind: 'loader' | 'action') {
  const context = storage.getStore();
  if (!context || context.routeRanAction) return;
  // loaders start root first, so the last one noted is the deepest
  context.route = routeId;
  context.routeRanAction = kind === 'action';
}

/**
 * One line per request: id, user, route, method, status and duration. Paths can hold
 * invitation or reset tokens, so the line names the route pattern rather than the URL;
 * static files are logged at debug.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const context: RequestLogContext = { requestId: randomUUID(), logger };
    const started = process.hrtime.bigint();
    res.setHeader('X-Request-Id', context.requestId);
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        reqId: context.requestId,
        userId: context.userId,
        route: context.route ?? staticRoute(req.path),
        method: req.method,
        status: res.headersSent ? res.statusCode : undefined,
        durationMs: Math.round(durationMs * 10) / 10,
        aborted: res.writableFinished ? undefined : true,
      };
      if (line.status !== undefined && line.status >= 500) logger.warn(line, 'request failed');
      else if (context.route) logger.info(line, 'request');
      else logger.debug(line, 'request');
    };
    res.once('finish', done);
    res.once('close', done);
    storage.run(context, next);
  };
}

function staticRoute(path: string) {
  if (path.startsWith('/build/')) return 'static:/build';
  if (path === '/socket.io/' || path.startsWith('/socket.io/')) return 'socket.io';
  return 'static';
}
