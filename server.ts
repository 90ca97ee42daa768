import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { statSync, watch } from 'node:fs';
import { createRequestHandler } from '@remix-run/express';
import { broadcastDevReady, type AppLoadContext, type ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import { loadDotEnv, parseEnv, type Env } from './app/env.server';
import {
  cspNonce,
  isSameOrigin,
  rejectCrossSiteWrites,
  securityHeaders,
} from './app/http/security.server';
import { startMailWorker, type MailWorker } from './app/mail/worker.server';
import { startReminderWorker, type ReminderWorker } from './app/sessions/reminders.server';
import { getProcessDatabase, type DB, type DatabaseKind } from './db/db.server';
import { migrateToLatest } from './db/migrate';
import { isDatabaseEmpty, seedDemoData } from './db/seed';
import { createRealtime, type Realtime } from './realtime/server';

const root = path.dirname(fileURLToPath(import.meta.url));
const BUILD_PATH = path.join(root, 'build', 'index.js');

export interface StartOptions {
  env?: Env;
  /** an already-open, migrated database (tests); otherwise the process's own is opened */
  db?: DB;
  log?: (message: string) => void;
  /** real-time tuning, e.g. a short recovery window or a per-test Redis stream */
  realtime?: {
    redisStreamName?: string;
    maxDisconnectionDuration?: number;
    eventsPerSecond?: number;
  };
}

export interface RunningServer {
  url: string;
  httpServer: HttpServer;
  realtime: Realtime;
  /** delivers the outbox; tests drive it with runOnce() */
  mail: MailWorker;
  /** emails coaching-session reminders; tests drive it with runOnce() */
  reminders: ReminderWorker;
  db: DB;
  databaseKind: DatabaseKind | 'provided';
  close: () => Promise<void>;
}

async function importBuild(): Promise<ServerBuild> {
  // the query string defeats the ESM cache so a dev rebuild is picked up
  const version = statSync(BUILD_PATH).mtimeMs;
  return (await import(`${pathToFileURL(BUILD_PATH).href}?v=${version}`)) as ServerBuild;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? parseEnv();
  const log = options.log ?? ((message: string) => console.log(message));

  let db: DB;
  let databaseKind: RunningServer['databaseKind'] = 'provided';
  if (options.db) {
    db = options.db;
  } else {
    const opened = await getProcessDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: path.join(env.DATA_DIR, 'pglite'),
    });
    db = opened.db;
    databaseKind = opened.kind;
    await migrateToLatest(db);
    // the embedded default seeds itself; a real server is seeded only when asked
    if ((opened.kind === 'embedded' || env.SEED_DEMO_DATA) && (await isDatabaseEmpty(db))) {
      await seedDemoData(db);
      log('seeded the demo organization (every demo account uses the password cadre-demo-2026)');
    }
    log(
      `database: ${opened.kind === 'embedded' ? 'embedded PGlite in' : 'PostgreSQL at'} ${opened.location}`,
    );
  }

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', env.TRUST_PROXY);
  const httpServer = createServer(app);
  const realtime = await createRealtime(httpServer, {
    db,
    redisUrl: env.REDIS_URL,
    ...options.realtime,
    isAllowedOrigin: (origin, request) => isSameOrigin(origin, request, env),
  });

  app.use(compression());
  app.use(cspNonce);
  app.use(securityHeaders(env));
  app.use(rejectCrossSiteWrites(env));
  // fingerprinted assets never change; everything else in public/ may
  app.use(
    '/build',
    express.static(path.join(root, 'public', 'build'), { immutable: true, maxAge: '1y' }),
  );
  app.use(express.static(path.join(root, 'public'), { maxAge: '1h' }));

  const development = env.NODE_ENV === 'development';
  let build = await importBuild();
  if (development) {
    // remix dev rebuilds into build/; reload it and tell the dev server we are ready
    let timer: NodeJS.Timeout | undefined;
    watch(path.dirname(BUILD_PATH), () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        importBuild()
          .then((fresh) => {
            build = fresh;
            return broadcastDevReady(fresh);
          })
          .catch((error: unknown) => console.error('could not reload the build', error));
      }, 100);
    });
  }

  app.all(
    '*',
    createRequestHandler({
      build: development ? () => Promise.resolve(build) : build,
      mode: env.NODE_ENV === 'production' ? 'production' : 'development',
      getLoadContext: (req, res): AppLoadContext => ({
        db,
        env,
        cspNonce: String(res.locals.cspNonce),
        clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown',
        realtime: realtime.control,
      }),
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(env.PORT, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://localhost:${port}`;
  if (development) await broadcastDevReady(build);
  // every server runs one, also on a database it was handed: SKIP LOCKED keeps them apart
  const mail = startMailWorker({ db, env, log });
  const reminders = startReminderWorker({ db, appOrigin: env.APP_ORIGIN ?? url, log });

  return {
    url,
    httpServer,
    realtime,
    mail,
    reminders,
    db,
    databaseKind,
    close: async () => {
      await reminders.stop();
      await mail.stop();
      await realtime.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      if (!options.db) await db.destroy();
    },
  };
}

const runAsScript = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (runAsScript) {
  loadDotEnv();
  startServer()
    .then((server) => {
      console.log(`Cadre is ready at ${server.url}`);
      let closing = false;
      const shutdown = () => {
        if (closing) return;
        closing = true;
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
