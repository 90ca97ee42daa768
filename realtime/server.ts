import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import type { DB } from '../db/db.server';
import { getUserFromCookieHeader } from '../app/auth/session.server';
import type { RealtimeControl } from '../app/context';
import { createPresenceHandlers } from './handlers/presence';
import { rooms } from './events';
import type { RealtimeServer } from './types';

export interface RealtimeDeps {
  db: DB;
  /** true when a browser Origin header belongs to this application */
  isAllowedOrigin: (origin: string, request: IncomingMessage) => boolean;
  /** with a Redis URL, rooms and broadcasts span every node through Redis streams */
  redisUrl?: string;
}

export interface Realtime {
  io: RealtimeServer;
  control: RealtimeControl;
  close: () => Promise<void>;
}

export async function createRealtime(
  httpServer: HttpServer,
  deps: RealtimeDeps,
): Promise<Realtime> {
  const { db } = deps;
  let redis: ReturnType<typeof createClient> | undefined;
  if (deps.redisUrl) {
    redis = createClient({ url: deps.redisUrl });
    await redis.connect();
  }

  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    // a foreign page may not open a socket with the visitor's cookie
    allowRequest: (request, callback) => {
      const origin = request.headers.origin;
      callback(null, origin === undefined || deps.isAllowedOrigin(origin, request));
    },
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 },
    ...(redis ? { adapter: createAdapter(redis) } : {}),
  });

  io.use(async (socket, next) => {
    try {
      const user = await getUserFromCookieHeader(db, socket.handshake.headers.cookie);
      if (!user) return next(new Error('unauthorized'));
      socket.data = {
        userId: user.id,
        name: user.name,
        authSessionId: user.authSessionId,
        watching: {},
      };
      next();
    } catch {
      next(new Error('unavailable'));
    }
  });

  const presence = createPresenceHandlers({ db, io });

  io.on('connection', (socket) => {
    void socket.join([
      rooms.user(socket.data.userId),
      rooms.authSession(socket.data.authSessionId),
    ]);

    socket.on('presence:watch', (payload, ack) => {
      if (typeof ack !== 'function') return;
      presence.watch(socket, payload, ack).catch(() => ack({ error: 'unavailable' }));
    });
    socket.on('presence:unwatch', (payload, ack) => {
      if (typeof ack !== 'function') return;
      presence.unwatch(socket, payload, ack).catch(() => ack({ error: 'unavailable' }));
    });
    socket.on('disconnect', () => {
      void presence.disconnected(Object.keys(socket.data.watching ?? {})).catch(() => {});
    });
  });

  return {
    io,
    control: {
      disconnectAuthSession: (authSessionId) => {
        io.in(rooms.authSession(authSessionId)).disconnectSockets(true);
      },
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
      await redis?.quit().catch(() => {});
    },
  };
}
