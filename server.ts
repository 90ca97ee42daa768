import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { statSync, watch } from 'node:fs';
import { createRequestHandler } from '@remix-run/express';
import { broadcastDevReady, type AppLoadContext, type ServerBuild } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import onHeaders from 'on-headers';
import {
  loadDotEnv,
  localOrigin,
  parseEnv,
  requireProductionSecrets,
  type Env,
} from './app/env.server';
import { limitRequestBodies } from './app/http/body-limit.server';
import { servePublicEntries } from './app/http/public-files.server';
import {
  cspNonce,
  dropUntrustedForwardedHeaders,
  isSameOrigin,
  rejectCrossSiteWrites,
  securityHeaders,
} from './app/http/security.server';
import { guardBuild } from './app/http/route-guard.server';
import { requestLogger } from './app/http/request-log.server';
import { createLogger, setLogger, type Logger } from './app/log.server';
import { startNodeHeartbeat, type NodeHeartbeat } from './app/live/node-lease.server';
import { startMailWorker, type MailWorker } from './app/mail/worker.server';
import { startPruneWorker, type PruneWorker } from './app/maintenance/prune.server';
import {
  startZoomReportWorker,
  type ZoomReportWorker,
} from './app/maintenance/zoom-reports.server';
import { startReminderWorker, type ReminderWorker } from './app/sessions/reminders.server';
import { DATABASE_RETRY_AFTER_SECONDS } from './db/availability';
import { getProcessDatabase, type DB, type DatabaseKind } from './db/db.server';
import { migrateAtStartUp } from './db/migrate';
import { isDatabaseEmpty, seedDemoData } from './db/seed';
import { createRealtime, type Realtime } from './realtime/server';

const root = path.dirname(fileURLToPath(import.meta.url));
const BUILD_PATH = path.join(root, 'build', 'index.js');

export interface StartOptions {
  env?: Env;
  /** an already-open, migrated database (tests); otherwise the process's own is opened */
  db?: DB;
  log?: (message: string) => void;
  /** where structured logs go; a logger at LOG_LEVEL on standard output unless given */
  logger?: Logger;
  /** real-time tuning, e.g. a short recovery window or a per-test Redis stream */
  realtime?: {
    redisStreamName?: string;
    maxDisconnectionDuration?: number;
    eventsPerSecond?: number;
  };
  /** node lease timing in ms (HEARTBEAT_MS, LEASE_EXPIRY_MS unless set), e.g. short in tests */
  lease?: { beatMs?: number; expiryMs?: number };
  /** serve the benchmark's bare document at /bench/document (npm run bench only) */
  benchDocument?: boolean;
}

export interface RunningServer {
  url: string;
  httpServer: HttpServer;
  realtime: Realtime;
  /** delivers the outbox; tests drive it with runOnce() */
  mail: MailWorker;
  /** emails coaching-session reminders; tests drive it with runOnce() */
  reminders: ReminderWorker;
  /** this node's lease; each beat also closes the live-room stays of nodes that died */
  heartbeat: NodeHeartbeat;
  /** drops old sign-in attempts, rate-limit hits and idempotency keys; tests drive it with runOnce() */
  prune: PruneWorker;
  /** reads Zoom's participants reports when they fall due; tests drive it with runOnce() */
  zoomReports: ZoomReportWorker;
  db: DB;
  databaseKind: DatabaseKind | 'provided';
  close: () => Promise<void>;
}

async function importBuild(): Promise<ServerBuild> {
  // the query string defeats the ESM cache so a dev rebuild is picked up
  const version = statSync(BUILD_PATH).mtimeMs;
  const build = (await import(`${pathToFileURL(BUILD_PATH).href}?v=${version}`)) as ServerBuild;
  return guardBuild(build);
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const env = options.env ?? parseEnv();
  // a process started from its environment is the real thing: it needs its own keys
  if (!options.env) requireProductionSecrets(env);
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL });
  if (!options.logger) setLogger(logger);
  if (!env.SECRETS_KEY && env.NODE_ENV !== 'production') {
    logger.warn(
      'SECRETS_KEY is not set: single sign-on secrets are sealed with a fixed development key. Set SECRETS_KEY before real use.',
    );
  }
  const log =
    options.log ??
    ((message: string, error?: unknown) =>
      error === undefined ? logger.info(message) : logger.error({ err: error }, message));

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
    // as the tables' owner when DATABASE_MIGRATION_URL is set, so DATABASE_URL can be least-privilege
    await migrateAtStartUp(db, env.DATABASE_MIGRATION_URL);
    // the embedded default seeds itself; a real server is seeded only when asked
    if ((opened.kind === 'embedded' || env.SEED_DEMO_DATA) && (await isDatabaseEmpty(db))) {
      await seedDemoData(db, { origin: localOrigin(env) });
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
    logger,
    redisUrl: env.REDIS_URL,
    redisStreamName: env.REDIS_STREAM_NAME,
    ...options.realtime,
    isAllowedOrigin: (origin, request) => isSameOrigin(origin, request, env),
  });

  app.use(requestLogger(logger));
  // every 503 (the database is away, or a health check failing) says when to come back
  app.use((_req, res, next) => {
    onHeaders(res, function addRetryAfter(this: typeof res) {
      if (this.statusCode === 503 && !this.getHeader('Retry-After')) {
        this.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      }
    });
    next();
  });
  app.use(dropUntrustedForwardedHeaders(env));
  app.use(compression());
  app.use(cspNonce);
  app.use(securityHeaders(env));
  app.use(limitRequestBodies(env));
  app.use(rejectCrossSiteWrites(env));
  // fingerprinted assets never change; everything else in public/ may
  app.use(
    '/build',
    express.static(path.join(root, 'public', 'build'), { immutable: true, maxAge: '1y' }),
  );
  app.use(await servePublicEntries(path.join(root, 'public')));

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
          .catch((error: unknown) => logger.error({ err: error }, 'could not reload the build'));
      }, 100);
    });
  }

  const handleRequest = createRequestHandler({
    build: development ? () => Promise.resolve(build) : build,
    mode: env.NODE_ENV === 'production' ? 'production' : 'development',
    getLoadContext: (req, res): AppLoadContext => ({
      db,
      env,
      cspNonce: String(res.locals.cspNonce),
      clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      realtime: realtime.control,
      benchDocument: options.benchDocument === true,
    }),
  });
  // the handler passes its own errors to next(); nothing is left to reject
  app.all('*', (req, res, next) => {
    void handleRequest(req, res, next);
  });

  // a lease row says this node is alive; every node closes the stays of nodes that stopped
  // beating. it starts after the build is loaded (which can hold the event loop for seconds)
  // and before the first socket can open a stay under this node's id
  const heartbeat = await startNodeHeartbeat({
    db,
    nodeId: realtime.nodeId,
    beatMs: options.lease?.beatMs ?? env.HEARTBEAT_MS,
    expiryMs: options.lease?.expiryMs ?? env.LEASE_EXPIRY_MS,
    onLeaseRestored: realtime.reopenClosedStays,
    onStaysClosed: realtime.refreshPresence,
    connectedSocketIds: realtime.connectedSocketIds,
  });
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
  const prune = startPruneWorker({ db, log });
  const zoomReports = startZoomReportWorker({ db, env, log });

  return {
    url,
    httpServer,
    realtime,
    mail,
    reminders,
    heartbeat,
    prune,
    zoomReports,
    db,
    databaseKind,
    close: async () => {
      await reminders.stop();
      await prune.stop();
      await zoomReports.stop();
      await mail.stop();
      await realtime.close();
      await heartbeat.stop();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      if (!options.db) await db.destroy();
    },
  };
}

const runAsScript = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (runAsScript) {
  loadDotEnv();
  const logger = createLogger({ level: parseLogLevel() });
  setLogger(logger);
  // a rejection nobody awaited is a bug to fix, not a reason to drop every open connection
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  // after an uncaught exception the process's state is unknown: log it and let the supervisor restart us
  process.on('uncaughtException', (error) => {
    logger.fatal(
      { err: error },
      'uncaught exception; exiting so the supervisor restarts the server',
    );
    logger.flush();
    process.exit(1);
  });
  startServer({ logger })
    .then((server) => {
      logger.info({ url: server.url }, `Cadre is ready at ${server.url}`);
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
      logger.fatal({ err: error }, 'the server could not start');
      logger.flush();
      process.exit(1);
    });
}

function parseLogLevel() {
  try {
    return parseEnv().LOG_LEVEL;
  } catch {
    // startServer reports the bad variable itself
    return 'info' as const;
  }
}
