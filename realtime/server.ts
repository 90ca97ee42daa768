import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import type { DB } from '../db/db.server';
import { isDatabaseUnavailable } from '../db/availability';
import { getLogger, type Logger } from '../app/log.server';
import { getUserFromCookieHeader } from '../app/auth/session.server';
import type { RealtimeControl } from '../app/context';
import { liveCommands, parseLiveCommand } from '../app/live/commands.server';
import { createLiveRoomHandlers } from './handlers/live-room';
import { createPresenceHandlers } from './handlers/presence';
import { findUnsavableText, UNSAVABLE_TEXT_MESSAGE } from '../app/utils/savable-text.server';
import { rooms, UNAVAILABLE, type Ack, type AckOf, type ClientEvent } from './events';
import { publishLiveEvents } from './live-broadcast';
import { createRateLimiter } from './rate-limit';
import type { RealtimeServer, RealtimeSocket } from './types';

export interface RealtimeDeps {
  db: DB;
  /** true when a browser Origin header belongs to this application */
  isAllowedOrigin: (origin: string, request: IncomingMessage) => boolean;
  /** with a Redis URL, rooms and broadcasts span every node through Redis streams */
  redisUrl?: string;
  /** the Redis stream (and session key prefix) shared by the nodes of one deployment */
  redisStreamName?: string;
  /** how long a dropped client may come back and get what it missed from memory */
  maxDisconnectionDuration?: number;
  logger?: Logger;
  /** this node's lease id, stamped on the live-room stays it opens; a fresh one unless given */
  nodeId?: string;
  /** events a socket may send per second; a test that drives one socket hard raises it */
  eventsPerSecond?: number;
}

/** events a socket may send per second before it is told to slow down */
const EVENTS_PER_SECOND = 10;
/** a chat message or a poll fits easily; anything larger is not a person typing */
const MAX_PAYLOAD_BYTES = 16 * 1024;

export interface Realtime {
  io: RealtimeServer;
  control: RealtimeControl;
  /** the id of this node's lease (app/live/node-lease.server.ts) */
  nodeId: string;
  /** after this node's lease lapsed and its stays were closed: count its people again */
  reopenClosedStays: () => Promise<number>;
  /** tells these rooms who is here, after a dead node's people were closed out */
  refreshPresence: (coachingSessionIds: readonly string[]) => Promise<void>;
  /** the ids of the sockets connected to this node */
  connectedSocketIds: () => string[];
  close: () => Promise<void>;
}

export async function createRealtime(
  httpServer: HttpServer,
  deps: RealtimeDeps,
): Promise<Realtime> {
  const { db } = deps;
  const logger = deps.logger ?? getLogger();
  // every failed handler is logged once, with its stack; an outage is expected and brief
  const logFailure = (event: string, socket: RealtimeSocket, error: unknown) => {
    const fields = { err: error, event, socketId: socket.id, userId: socket.data.userId };
    if (isDatabaseUnavailable(error)) logger.warn(fields, 'socket handler: database unavailable');
    else logger.error(fields, 'socket handler failed');
  };
  const failWith =
    (event: string, socket: RealtimeSocket, reply: (result: { error: string }) => void) =>
    (error: unknown) => {
      logFailure(event, socket, error);
      reply({ error: UNAVAILABLE });
    };
  const nodeId = deps.nodeId ?? randomUUID();
  let redis: ReturnType<typeof createClient> | undefined;
  if (deps.redisUrl) {
    redis = createClient({ url: deps.redisUrl });
    // without a listener a dropped Redis connection would end the process; the client reconnects
    redis.on('error', (error: unknown) => logger.warn({ err: error }, 'redis: connection error'));
    await redis.connect();
  }

  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    // a foreign page may not open a socket with the visitor's cookie
    allowRequest: (request, callback) => {
      const origin = request.headers.origin;
      callback(null, origin === undefined || deps.isAllowedOrigin(origin, request));
    },
    maxHttpBufferSize: MAX_PAYLOAD_BYTES,
    connectionStateRecovery: {
      maxDisconnectionDuration: deps.maxDisconnectionDuration ?? 2 * 60 * 1000,
    },
    ...(redis
      ? {
          adapter: createAdapter(
            redis,
            deps.redisStreamName
              ? {
                  streamName: deps.redisStreamName,
                  sessionKeyPrefix: `${deps.redisStreamName}:session:`,
                }
              : {},
          ),
        }
      : {}),
  });

  // the handshake answers through next(); its own errors are caught and logged inside
  io.use((socket, next) => {
    void (async () => {
      try {
        const user = await getUserFromCookieHeader(db, socket.handshake.headers.cookie);
        if (!user) return next(new Error('unauthorized'));
        // a recovered connection keeps its rooms and data, but only for the same person
        const previous = socket.recovered ? socket.data : undefined;
        if (previous && previous.userId !== user.id) return next(new Error('unauthorized'));
        socket.data = {
          userId: user.id,
          name: user.name,
          authSessionId: user.authSessionId,
          watching: previous?.watching ?? {},
          live: previous?.live ?? {},
        };
        next();
      } catch (error) {
        logger[isDatabaseUnavailable(error) ? 'warn' : 'error'](
          { err: error, socketId: socket.id },
          'socket handshake failed',
        );
        next(new Error(UNAVAILABLE));
      }
    })();
  });

  const presence = createPresenceHandlers({ db, io });
  const live = createLiveRoomHandlers({ db, io, nodeId });
  // work a socket's departure starts (closing attendance); awaited at shutdown so the
  // database is not closed under it
  const departures = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const settled = work
      .catch((error: unknown) => logger.error({ err: error }, 'socket departure failed'))
      .finally(() => departures.delete(settled));
    departures.add(settled);
  };

  io.on('connection', (socket) => {
    void socket.join([
      rooms.user(socket.data.userId),
      rooms.authSession(socket.data.authSessionId),
    ]);

    const allow = createRateLimiter(deps.eventsPerSecond ?? EVENTS_PER_SECOND);
    socket.use(([, ...args], next) => {
      const ack = args.at(-1);
      const reply = typeof ack === 'function' ? (ack as (result: Ack<never>) => void) : () => {};
      if (!allow()) return reply({ error: 'Too many requests; slow down a little.' });
      // every event takes a payload; an ack alone would reach the handler as the payload
      if (args.length === 0 || typeof args[0] === 'function') {
        return reply({ error: 'That request has no payload.' });
      }
      // every event's payload is checked here once, whatever its handler's schema says
      const unsavable = findUnsavableText(args.filter((arg) => typeof arg !== 'function'));
      if (unsavable !== null) return reply({ error: UNSAVABLE_TEXT_MESSAGE });
      next();
    });
    if (socket.recovered) track(live.recovered(socket));

    /**
     * Every request is answered through this: only with an ack (typed by realtime/events.ts),
     * and a handler that fails answers UNAVAILABLE after its failure is logged.
     */
    const answer = <E extends ClientEvent>(
      event: E,
      handle: (payload: unknown, reply: (result: AckOf<E>) => void) => Promise<void> | void,
    ) => {
      const listener = (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') return;
        const reply = ack as (result: AckOf<E>) => void;
        const fail = failWith(event, socket, reply as (result: { error: string }) => void);
        try {
          void Promise.resolve(handle(payload, reply)).catch(fail);
        } catch (error) {
          fail(error);
        }
      };
      socket.on(event, listener as never);
    };

    answer('room:join', (payload, reply) => live.join(socket, payload, reply));
    answer('room:leave', (payload, reply) => live.leave(socket, payload, reply));
    for (const name of Object.keys(liveCommands) as (keyof typeof liveCommands)[]) {
      answer(name, (payload, reply) => {
        // the one parse of this payload: the handler and the domain get the parsed command
        const command = parseLiveCommand(name, payload);
        if ('error' in command) return reply({ error: command.error });
        return live.command(socket, command, reply);
      });
    }
    answer('presence:watch', (payload, reply) => presence.watch(socket, payload, reply));
    answer('presence:unwatch', (payload, reply) => presence.unwatch(socket, payload, reply));
    socket.on('disconnect', () => {
      void presence
        .disconnected(Object.keys(socket.data.watching ?? {}))
        .catch((error: unknown) => logFailure('disconnect', socket, error));
      track(live.disconnected(socket));
    });
  });

  return {
    io,
    control: {
      disconnectAuthSession: (authSessionId) => {
        io.in(rooms.authSession(authSessionId)).disconnectSockets(true);
      },
      publishLiveEvents: (events) => publishLiveEvents(io, events),
      endLiveMembership: (cohortId, userId) => {
        io.in(rooms.liveMember(cohortId, userId)).disconnectSockets(true);
      },
    },
    nodeId,
    reopenClosedStays: live.reopenClosedStays,
    refreshPresence: live.refreshPresence,
    connectedSocketIds: () => [...io.of('/').sockets.keys()],
    close: async () => {
      await io.close();
      await Promise.all([...departures]);
      await redis
        ?.quit()
        .catch((error: unknown) => logger.warn({ err: error }, 'redis: quit failed'));
    },
  };
}
