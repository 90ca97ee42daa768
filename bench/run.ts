import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { hashPassword } from '../app/auth/password.server';
import { parseEnv } from '../app/env.server';
import { createLogger } from '../app/log.server';
import { migrateToLatest } from '../db/migrate';
import { startServer } from '../server';
import { generateBenchData, type MeasuredRows, type MeasuredSet } from './generate';
import { measureLive } from './live';
import { measureLiveSession } from './live-session';
import type { LoadResult } from './load';
import {
  createBenchDatabase,
  OWNER_FILE,
  QueryLog,
  removeAbandonedWorkDirs,
  WORK_DIR_PREFIX,
} from './database';
import {
  assertAllSucceeded,
  compressedSize,
  number,
  runLoad,
  signIn,
  table,
  viewPage,
  withinLimit,
} from './http';

/**
 * `npm run bench`: fills a fresh database with over a thousand cohorts, starts the real
 * server on it and measures, in one run, the facilitator dashboard against a bare Remix
 * resource route (requests/s, latency) and the SQL statements the dashboard runs for a
 * cohort of 5 and of 40 members. Writes bench/results.json and prints a table.
 */

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const BUILD_FILE = path.join(benchDir, '..', 'build', 'index.js');
const RESULTS_FILE = path.join(benchDir, 'results.json');
const PASSWORD = 'cadre-bench-2026';
const PING_PATH = '/resources/ping';
const BARE_DOCUMENT_PATH = '/bench/document';
/** the longest a warm-up may take to get its answers */
const WARMUP_LIMIT_MS = 120_000;
const CREDENTIAL_ORIGIN = 'https://bench.cadre.test';

// after Ctrl-C the work in progress fails once its database is gone, which is no news
let interrupted = false;

function positiveInteger(name: string, fallback: number) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a whole number of at least 1, not "${raw}"`);
  }
  return value;
}

/**
 * Waits until the server has sent no statement for half a second (it records the stays of
 * departed clients after they go), giving up with a word after QUIET_LIMIT_MS.
 */
async function untilQuiet(queryLog: QueryLog) {
  const started = performance.now();
  for (;;) {
    const statements = await queryLog.record(
      () => new Promise<void>((resolve) => setTimeout(resolve, 500)),
    );
    if (statements.length === 0) return;
    if (performance.now() - started > QUIET_LIMIT_MS) {
      console.warn(`live: the server still busy after ${QUIET_LIMIT_MS / 1000} s; going on`);
      return;
    }
  }
}
const QUIET_LIMIT_MS = 60_000;

type Role = 'facilitator' | 'coach' | 'participant' | 'admin';

/** the main pages, each viewed by someone who works on it, in the 5- and the 40-member cohort */
const PAGES: { name: string; as: Role; path: (rows: MeasuredRows) => string }[] = [
  { name: 'home (your cohorts)', as: 'facilitator', path: () => '/' },
  { name: 'cohort overview', as: 'facilitator', path: (r) => `/cohorts/${r.cohortId}` },
  { name: 'roster', as: 'facilitator', path: (r) => `/cohorts/${r.cohortId}/roster` },
  { name: 'assessment', as: 'coach', path: (r) => `/cohorts/${r.cohortId}/assessment` },
  { name: 'pathway', as: 'coach', path: (r) => `/cohorts/${r.cohortId}/pathway` },
  {
    name: 'module',
    as: 'participant',
    path: (r) => `/cohorts/${r.cohortId}/modules/${r.moduleId}`,
  },
  { name: 'progress', as: 'facilitator', path: (r) => `/cohorts/${r.cohortId}/progress` },
  { name: 'coaching sessions', as: 'facilitator', path: (r) => `/cohorts/${r.cohortId}/sessions` },
  {
    name: 'coaching session',
    as: 'facilitator',
    path: (r) => `/cohorts/${r.cohortId}/sessions/${r.coachingSessionId}`,
  },
  {
    name: 'attendance',
    as: 'facilitator',
    path: (r) => `/cohorts/${r.cohortId}/sessions/${r.coachingSessionId}/attendance`,
  },
  { name: 'action plans', as: 'coach', path: (r) => `/cohorts/${r.cohortId}/plans` },
  {
    name: 'action plan',
    as: 'coach',
    path: (r) => `/cohorts/${r.cohortId}/plans/${r.actionPlanId}`,
  },
  { name: 'evidence', as: 'participant', path: (r) => `/cohorts/${r.cohortId}/evidence` },
  { name: 'scoring', as: 'coach', path: (r) => `/cohorts/${r.cohortId}/scoring` },
  {
    name: 'scoring a submission',
    as: 'coach',
    path: (r) => `/cohorts/${r.cohortId}/scoring/${r.submissionId}`,
  },
  { name: 'hours', as: 'facilitator', path: (r) => `/cohorts/${r.cohortId}/hours` },
  { name: 'transcript', as: 'participant', path: () => '/me/transcript' },
];

async function main() {
  if (!existsSync(BUILD_FILE)) {
    console.error(
      'The bench runs the production build, and there is none: run `npm run build` first.',
    );
    process.exitCode = 1;
    return;
  }
  // React picks its development or production build from this process's NODE_ENV when it is
  // first imported, and the server runs in this process: only `npm run bench` sets it in time
  if (process.env.NODE_ENV !== 'production') {
    console.error(
      'The bench measures production React: run it as `npm run bench` (NODE_ENV=production).',
    );
    process.exitCode = 1;
    return;
  }
  const connections = positiveInteger('BENCH_CONNECTIONS', 10);
  const seconds = positiveInteger('BENCH_DURATION', 10);
  const warmupRequests = positiveInteger('BENCH_WARMUP_REQUESTS', 200);
  const build = (await import(pathToFileURL(BUILD_FILE).href)) as {
    future?: { v3_lazyRouteDiscovery?: boolean };
  };
  const lazyRouteDiscovery = build.future?.v3_lazyRouteDiscovery === true;

  // undone newest first when the run ends or fails; after Ctrl-C only what must not be left
  // behind is removed, without waiting for the work in progress to wind down
  const cleanups: { label: string; step: () => Promise<void> }[] = [];
  const onInterrupt: (() => Promise<void>)[] = [];
  process.once('SIGINT', () => {
    interrupted = true;
    console.error('\ninterrupted; removing the bench database');
    void Promise.allSettled(
      onInterrupt.map((step) => withinLimit('removing the bench database', step)),
    ).finally(() => process.exit(130));
  });

  try {
    await removeAbandonedWorkDirs();
    const workDir = await mkdtemp(path.join(os.tmpdir(), WORK_DIR_PREFIX));
    const removeWorkDir = () => rm(workDir, { recursive: true, force: true });
    cleanups.push({ label: 'removing the work folder', step: removeWorkDir });
    onInterrupt.push(removeWorkDir);
    await writeFile(path.join(workDir, OWNER_FILE), String(process.pid));
    const queryLog = new QueryLog();
    const database = await createBenchDatabase(workDir, queryLog.log);
    cleanups.push({ label: 'dropping the bench database', step: database.drop });
    onInterrupt.push(database.dropNow);
    const { db } = database;
    console.log(
      `database: ${database.kind === 'embedded' ? 'embedded PGlite in' : 'PostgreSQL at'} ${database.location}`,
    );
    await migrateToLatest(db);

    const passwordHash = await hashPassword(PASSWORD);
    const generationStarted = performance.now();
    const generated = await generateBenchData(db, passwordHash, CREDENTIAL_ORIGIN);
    // fresh statistics, as autovacuum would have gathered on a database this size
    await sql`analyze`.execute(db);
    const generationSeconds = (performance.now() - generationStarted) / 1000;
    const { rows } = generated;
    console.log(
      `generated in ${number(generationSeconds, 1)} s: ` +
        Object.entries(rows)
          .map(([name, count]) => `${number(count)} ${name}`)
          .join(', '),
    );
    const version = await sql<{ version: string }>`select version()`.execute(db);

    const server = await startServer({
      env: parseEnv({ NODE_ENV: 'production', PORT: '0', DATA_DIR: workDir }),
      db,
      log: () => {},
      // a line per request is written, as in production, and then dropped, so the table stays readable
      logger: createLogger({
        level: 'info',
        destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
      }),
      benchDocument: true,
      // a beat is a few statements that would land in whichever page is being counted; one
      // at start-up and then every ten minutes keeps the lease without touching the counts
      lease: { beatMs: 600_000, expiryMs: 1_800_000 },
    });
    cleanups.push({ label: 'stopping the server', step: server.close });
    // the outbox is empty, and nothing is due: the workers' polls would only land in the counts
    await server.mail.stop();
    await server.reminders.stop();
    await server.prune.stop();

    // a browser asks for compressed pages, and server.ts compresses them
    const as = async (email: string) => ({
      Cookie: await signIn(server.url, email, PASSWORD),
      'Accept-Encoding': 'gzip',
    });
    const headers = await as(generated.facilitatorEmail);
    const staff: Record<Exclude<Role, 'participant'>, Record<string, string>> = {
      facilitator: headers,
      coach: await as(generated.coachEmail),
      admin: await as(generated.adminEmail),
    };
    const participants: Record<MeasuredSet, Record<string, string>> = {
      members5: await as(generated.pages.members5.participantEmail),
      members20: await as(generated.pages.members20.participantEmail),
      members40: await as(generated.pages.members40.participantEmail),
    };
    const headersFor = (role: Role, set: MeasuredSet) =>
      role === 'participant' ? participants[set] : staff[role];
    const cohortUrl = (id: string) => `${server.url}/cohorts/${id}`;
    const { cohortIds } = generated;

    // query counts: one warm-up view each, so first-request work stays out of the count
    const countFor = async (url: string, pageHeaders: Record<string, string>) => {
      await viewPage(url, pageHeaders);
      let bytes = 0;
      const statements = await queryLog.record(async () => {
        bytes = (await viewPage(url, pageHeaders)).bytes;
      });
      return { statements, bytes };
    };
    const pages = [];
    for (const page of PAGES) {
      const at = async (set: MeasuredSet) => {
        const url = `${server.url}${page.path(generated.pages[set])}`;
        return countFor(url, headersFor(page.as, set));
      };
      const small = await at('members5');
      const large = await at('members40');
      const equal = small.statements.length === large.statements.length;
      pages.push({
        name: page.name,
        path: page.path({
          cohortId: ':cohortId',
          moduleId: ':moduleId',
          coachingSessionId: ':sessionId',
          actionPlanId: ':planId',
          submissionId: ':submissionId',
          participantEmail: '',
        }),
        viewedBy: page.as,
        members5: { statements: small.statements.length, bytes: small.bytes },
        members40: { statements: large.statements.length, bytes: large.bytes },
        equal,
        // the statements themselves only where they differ, to read what grows
        ...(equal
          ? {}
          : { differing: { members5: small.statements, members40: large.statements } }),
      });
    }
    const dashboardPage = pages.find((page) => page.name === 'cohort overview');
    const statements5 = await countFor(cohortUrl(cohortIds.members5), headers);
    const statements40 = await countFor(cohortUrl(cohortIds.members40), headers);
    const queriesEqual = statements5.statements.length === statements40.statements.length;

    // the bare document is made as long as the 20-member dashboard, its own frame included
    const dashboardUrl = cohortUrl(cohortIds.members20);
    const dashboardView = await viewPage(dashboardUrl, headers);
    const bareFrame = await viewPage(`${server.url}${BARE_DOCUMENT_PATH}?bytes=0`, headers);
    const bareUrl = `${server.url}${BARE_DOCUMENT_PATH}?bytes=${Math.max(0, dashboardView.bytes - bareFrame.bytes)}`;
    const bareView = await viewPage(bareUrl, headers);
    const sizes = {
      dashboard20: {
        bytes: dashboardView.bytes,
        gzipBytes: await compressedSize(dashboardUrl, headers),
      },
      bareDocument: {
        bytes: bareView.bytes,
        gzipBytes: await compressedSize(bareUrl, headers),
      },
      adminHome: {
        bytes: (await viewPage(`${server.url}/`, staff.admin)).bytes,
        gzipBytes: await compressedSize(`${server.url}/`, staff.admin),
      },
    };

    const load = (url: string, duration: number) =>
      runLoad({ url, headers, connections, seconds: duration }, (duration + 60) * 1000);
    const warmUp = async (label: string, url: string) => {
      const result = await runLoad(
        { url, headers, connections, seconds: 1, amount: warmupRequests },
        WARMUP_LIMIT_MS,
      );
      assertAllSucceeded(`${label} warm-up`, result);
    };
    const pingUrl = `${server.url}${PING_PATH}`;
    console.log(
      `load: ${connections} connections, ${warmupRequests} answered requests of warm-up ` +
        `then ${seconds} s on each route`,
    );
    await warmUp('ping', pingUrl);
    await warmUp('bare document', bareUrl);
    await warmUp('dashboard', dashboardUrl);
    const ping = await load(pingUrl, seconds);
    assertAllSucceeded('ping', ping);
    const bareDocument = await load(bareUrl, seconds);
    assertAllSucceeded('bare document', bareDocument);
    const dashboard = await load(dashboardUrl, seconds);
    assertAllSucceeded('dashboard', dashboard);

    const liveRoomCounts = (process.env.BENCH_LIVE_ROOMS || '1,10,50')
      .split(',')
      .map((value) => Number(value.trim()));
    if (liveRoomCounts.some((value) => !Number.isInteger(value) || value < 1)) {
      throw new Error('BENCH_LIVE_ROOMS must be whole numbers separated by commas, e.g. 1,10,50');
    }
    const liveMessages = positiveInteger('BENCH_LIVE_MESSAGES', 20);
    const liveIntervalMs = 200;
    console.log(
      `live: ${liveRoomCounts.join(', ')} room(s) × 21 clients, ${liveMessages} host broadcasts ` +
        `per room, one every ${liveIntervalMs} ms`,
    );
    const live = await measureLive({
      db,
      cadreUrl: server.url,
      roomCounts: liveRoomCounts,
      messages: liveMessages,
      intervalMs: liveIntervalMs,
      log: (message) => console.log(message),
    });
    const liveInOrder = live.every((measurement) => measurement.inOrder);
    // the rooms' clients have gone, and the server is still recording their stays: the long
    // chat starts once it is done, so neither its timings nor its statements count that work
    await untilQuiet(queryLog);
    const sessionMessages = positiveInteger('BENCH_LIVE_SESSION_MESSAGES', 1000);
    const liveSession = await measureLiveSession({
      db,
      messages: sessionMessages,
      countStatements: async (work) => (await queryLog.record(work)).length,
    });
    // the goals: a broadcast within 2× the bare echo's p95 on PostgreSQL, 3× embedded
    const liveP95Goal = database.kind === 'embedded' ? 3 : 2;
    const largestLive = live.at(-1);
    console.log(
      `live: a ${sessionMessages}-message chat: median ${liveSession.firstMedianMs} ms per command ` +
        `over the first 50, ${liveSession.lastMedianMs} ms over the last 50 ` +
        `(${liveSession.statementsPerCommand} statements each)`,
    );

    const ratio = (a: number, b: number, digits: number) =>
      Math.round((a / b) * 10 ** digits) / 10 ** digits;
    const ratios = {
      requestsPerSecond: ratio(dashboard.requestsPerSecond, ping.requestsPerSecond, 3),
      p95: ratio(dashboard.latencyMs.p95, ping.latencyMs.p95, 2),
      dashboardOverBareDocument: {
        requestsPerSecond: ratio(dashboard.requestsPerSecond, bareDocument.requestsPerSecond, 3),
        p95: ratio(dashboard.latencyMs.p95, bareDocument.latencyMs.p95, 2),
      },
      bareDocumentOverPing: {
        requestsPerSecond: ratio(bareDocument.requestsPerSecond, ping.requestsPerSecond, 3),
        p95: ratio(bareDocument.latencyMs.p95, ping.latencyMs.p95, 2),
      },
    };
    const pagesDiffering = pages.filter((page) => !page.equal).map((page) => page.name);
    const cpus = os.cpus();
    const results = {
      timestamp: new Date().toISOString(),
      nodeEnv: process.env.NODE_ENV,
      lazyRouteDiscovery,
      machine: {
        node: process.version,
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        cpus: cpus.length,
        cpuModel: cpus[0]?.model.trim() ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
      },
      database: {
        kind: database.kind,
        version: version.rows[0]?.version ?? 'unknown',
        cohortsGenerated: rows.cohorts,
        rows,
        generationSeconds: Math.round(generationSeconds * 100) / 100,
      },
      settings: {
        connections,
        durationSeconds: seconds,
        warmupRequests,
        headers: ['Cookie', 'Accept-Encoding: gzip'],
        dashboard:
          '20-member cohort (facilitator, coach, 18 participants), viewed by its facilitator',
        bareDocument: `${BARE_DOCUMENT_PATH}: the root layout and rows of text, as long as the dashboard`,
      },
      sizes,
      http: { ping, bareDocument, dashboard, ratios },
      live: {
        settings: {
          clientsPerRoom: 21,
          broadcastsPerRoom: liveMessages,
          intervalMs: liveIntervalMs,
          broadcast:
            'the host posts a chat message: validated, authorised, appended to live_event, then sent',
          echo: 'a bare Socket.IO server relaying the same broadcast with an in-memory seq',
        },
        measurements: live,
        everySeqInOrder: liveInOrder,
        p95Goal: {
          ratio: liveP95Goal,
          rooms: largestLive?.rooms ?? null,
          p95Ratio: largestLive?.p95Ratio ?? null,
          met: largestLive ? largestLive.p95Ratio <= liveP95Goal : null,
        },
        session: liveSession,
      },
      pages,
      queries: {
        members5: {
          cohortId: cohortIds.members5,
          count: statements5.statements.length,
          statements: statements5.statements,
        },
        members40: {
          cohortId: cohortIds.members40,
          count: statements40.statements.length,
          statements: statements40.statements,
        },
        equal: queriesEqual,
        pagesDiffering,
      },
    };
    await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);

    const measurement = (label: string, result: LoadResult) => [
      label,
      number(result.requestsPerSecond, 1),
      number(result.latencyMs.p50, 2),
      number(result.latencyMs.p95, 2),
      number(result.latencyMs.p99, 2),
      number(result.requests),
      number(result.non2xx),
    ];
    console.log(
      [
        '',
        `Cadre bench · ${database.kind === 'embedded' ? 'embedded PGlite' : 'PostgreSQL'} · ` +
          `NODE_ENV=${process.env.NODE_ENV} · lazy route discovery ${lazyRouteDiscovery ? 'on' : 'off'} · ` +
          `${number(rows.cohorts)} cohorts generated in ${number(generationSeconds, 1)} s · ` +
          `${connections} connections × ${seconds} s per route`,
        '',
        table([
          ['route', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'requests', 'non-2xx'],
          measurement(PING_PATH, ping),
          measurement(`${BARE_DOCUMENT_PATH} (same size)`, bareDocument),
          measurement('/cohorts/:id (20 members)', dashboard),
          [
            'dashboard ÷ ping',
            `${number(ratios.requestsPerSecond, 3)}×`,
            '',
            `${number(ratios.p95, 1)}×`,
          ],
          [
            'dashboard ÷ bare document',
            `${number(ratios.dashboardOverBareDocument.requestsPerSecond, 3)}×`,
            '',
            `${number(ratios.dashboardOverBareDocument.p95, 1)}×`,
          ],
        ]),
        '',
        table([
          ['document', 'bytes', 'gzip bytes'],
          ...Object.entries(sizes).map(([name, size]) => [
            name,
            number(size.bytes),
            number(size.gzipBytes),
          ]),
        ]),
        '',
        table([
          ['page', 'viewed by', 'SQL at 5', 'SQL at 40', 'bytes at 40', ''],
          ...pages.map((page) => [
            page.name,
            page.viewedBy,
            String(page.members5.statements),
            String(page.members40.statements),
            number(page.members40.bytes),
            page.equal ? '' : 'GROWS',
          ]),
        ]),
        '',
        table([
          [
            'live rooms × 21',
            'Cadre p50',
            'p95',
            'p99',
            'echo p50',
            'p95',
            'p99',
            'p95 ratio',
            'seq',
          ],
          ...live.map((measurement) => [
            String(measurement.rooms),
            number(measurement.cadre.latencyMs.p50, 2),
            number(measurement.cadre.latencyMs.p95, 2),
            number(measurement.cadre.latencyMs.p99, 2),
            number(measurement.echo.latencyMs.p50, 2),
            number(measurement.echo.latencyMs.p95, 2),
            number(measurement.echo.latencyMs.p99, 2),
            `${number(measurement.p95Ratio, 1)}×`,
            measurement.inOrder ? 'in order' : 'GAPS',
          ]),
        ]),
        '',
        `SQL statements per dashboard view: ${statements5.statements.length} for 5 members, ` +
          `${statements40.statements.length} for 40 members (${queriesEqual ? 'equal' : 'NOT EQUAL'})`,
        `results written to ${path.relative(process.cwd(), RESULTS_FILE)}`,
      ].join('\n'),
    );
    if (dashboardPage && !dashboardPage.equal) {
      console.error('The cohort overview counted differently on its second view; see pages.');
    }
    if (pagesDiffering.length > 0) {
      console.error(
        `These pages run more statements for 40 members than for 5: ${pagesDiffering.join(', ')} ` +
          '(their statements are listed in bench/results.json under pages).',
      );
    }
    if (!liveInOrder) {
      console.error(
        'Some live-room clients missed a broadcast or got them out of order (see bench/results.json).',
      );
      process.exitCode = 1;
    }
    if (!queriesEqual) {
      console.error(
        'The dashboard runs a different number of statements for a bigger cohort: a query per ' +
          'member has crept in. The statements of each are listed in bench/results.json.',
      );
      process.exitCode = 1;
    }
  } finally {
    for (const { label, step } of cleanups.reverse()) {
      await withinLimit(label, step);
    }
  }
}

main()
  .catch((error: unknown) => {
    if (interrupted) return;
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  // a handle left open (a socket, a timer of the server) must not keep the bench alive
  .finally(() => {
    if (!interrupted) process.exit();
  });
