import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql, type LogEvent } from 'kysely';
import postgres from 'postgres';
import { hashPassword } from '../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../app/auth/session.server';
import { parseEnv } from '../app/env.server';
import { createLogger } from '../app/log.server';
import { openDatabase, type DB, type DatabaseKind } from '../db/db.server';
import { migrateToLatest } from '../db/migrate';
import { startServer } from '../server';
import { generateBenchData, type MeasuredRows, type MeasuredSet } from './generate';
import { measureLive } from './live';
import { measureLiveSession } from './live-session';
import type { LoadJob, LoadResult } from './load';

/**
 * `npm run bench`: fills a fresh database with over a thousand cohorts, starts the real
 * server on it and measures, in one run, the facilitator dashboard against a bare Remix
 * resource route (requests/s, latency) and the SQL statements the dashboard runs for a
 * cohort of 5 and of 40 members. Writes bench/results.json and prints a table.
 */

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const BUILD_FILE = path.join(benchDir, '..', 'build', 'index.js');
const RESULTS_FILE = path.join(benchDir, 'results.json');
const LOAD_SCRIPT = path.join(benchDir, 'load.ts');
const PASSWORD = 'cadre-bench-2026';
const PING_PATH = '/resources/ping';
const BARE_DOCUMENT_PATH = '/bench/document';
/** the longest any clean-up step may take before the bench gives up on it and exits */
const CLEANUP_LIMIT_MS = 20_000;
/** the longest a warm-up may take to get its answers */
const WARMUP_LIMIT_MS = 120_000;
const CREDENTIAL_ORIGIN = 'https://bench.cadre.test';
const WORK_DIR_PREFIX = 'cadre-bench-';
const OWNER_FILE = 'owner.pid';
const DATABASE_PREFIX = 'cadre_bench_';

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
 * Counts the statements the driver runs, through Kysely's `log` hook, armed only around
 * the requests being measured. The hook fires once per statement sent to the database
 * (failed ones included), whereas a plugin's transformQuery fires per query node built,
 * which also counts queries compiled but never run; and the hook hands over the SQL and
 * its time, which the results keep so a difference can be read at a glance.
 */
class QueryLog {
  private statements: Statement[] | null = null;

  readonly log = (event: LogEvent) => {
    this.statements?.push({
      ms: Math.round(event.queryDurationMillis * 100) / 100,
      sql: event.query.sql.replace(/\s+/g, ' ').trim(),
    });
  };

  async record(action: () => Promise<void>) {
    this.statements = [];
    try {
      await action();
      return this.statements;
    } finally {
      this.statements = null;
    }
  }
}

interface Statement {
  ms: number;
  sql: string;
}

interface BenchDatabase {
  db: DB;
  kind: DatabaseKind;
  location: string;
  /** closes the connection and removes the database */
  drop: () => Promise<void>;
  /** removes the database at once, open connections or not (after Ctrl-C) */
  dropNow: () => Promise<void>;
}

async function withAdminConnection<T>(
  serverUrl: string,
  work: (client: postgres.Sql) => Promise<T>,
): Promise<T> {
  const client = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function isRunning(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the folders of earlier runs whose process is gone. tsx answers Ctrl-C with SIGKILL
 * when the process does not acknowledge it within 30 ms, as happens whenever the event loop
 * is busy (the embedded database holds it for seconds), so such a run cannot clean up.
 */
async function removeAbandonedWorkDirs() {
  const names = await readdir(os.tmpdir()).catch(() => []);
  for (const name of names.filter((entry) => entry.startsWith(WORK_DIR_PREFIX))) {
    const folder = path.join(os.tmpdir(), name);
    const owner = Number(await readFile(path.join(folder, OWNER_FILE), 'utf8').catch(() => ''));
    if (Number.isInteger(owner) && owner > 0 && !isRunning(owner)) {
      await rm(folder, { recursive: true, force: true });
    }
  }
}

/** a fresh database next to DATABASE_URL's, or an embedded one in workDir */
async function createBenchDatabase(
  workDir: string,
  log: (event: LogEvent) => void,
): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = path.join(workDir, 'pglite');
    const { db, kind } = await openDatabase({ dataDir, log });
    // its files live in workDir, which goes in any case
    return { db, kind, location: dataDir, drop: () => db.destroy(), dropNow: async () => {} };
  }
  if (!/^postgres(ql)?:\/\//.test(serverUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const name = `${DATABASE_PREFIX}${randomBytes(4).toString('hex')}`;
  await withAdminConnection(serverUrl, async (client) => {
    // leftovers of killed runs (see removeAbandonedWorkDirs); a drop without force refuses
    // a database anyone is connected to, so a run in progress keeps its own
    const existing = await client<{ datname: string }[]>`select datname from pg_database`;
    const pattern = new RegExp(`^${DATABASE_PREFIX}[0-9a-f]{8}$`);
    for (const { datname } of existing.filter((row) => pattern.test(row.datname))) {
      await client.unsafe(`drop database if exists ${datname}`).catch(() => {});
    }
    await client.unsafe(`create database ${name}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const { db, kind } = await openDatabase({ databaseUrl: url.toString(), log });
  const dropNow = () =>
    withAdminConnection(serverUrl, (client) =>
      client.unsafe(`drop database if exists ${name} with (force)`),
    ).then(() => {});
  return {
    db,
    kind,
    location: `${url.host}/${name}`,
    drop: async () => {
      await db.destroy();
      await dropNow();
    },
    dropNow,
  };
}

/** signs in through the real form and returns the session cookie as `name=value` */
async function signIn(baseUrl: string, email: string, password: string) {
  const response = await fetch(new URL('/login', baseUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find(
      (pair) =>
        pair.startsWith(`${AUTH_COOKIE_NAME}=`) && pair.length > AUTH_COOKIE_NAME.length + 1,
    );
  if (response.status >= 400 || !cookie) {
    throw new Error(`signing in as ${email} failed (HTTP ${response.status})`);
  }
  return cookie;
}

/**
 * One page view, read to the end (the statements of a request are all done by then). Node's
 * fetch decompresses, so the size is the page's own; `gzipBytes` is what went over the wire.
 */
async function viewPage(url: string, headers: Record<string, string>) {
  const response = await fetch(url, { redirect: 'manual', headers });
  const body = await response.arrayBuffer();
  if (response.status !== 200) {
    throw new Error(`GET ${url} answered HTTP ${response.status}, not 200`);
  }
  const wire = Number(response.headers.get('content-length') ?? NaN);
  return { bytes: body.byteLength, encoding: response.headers.get('content-encoding'), wire };
}

/** the compressed size of a page, counted from the raw socket since fetch decompresses */
async function compressedSize(url: string, headers: Record<string, string>) {
  const { request } = await import('node:http');
  return new Promise<number>((resolve, reject) => {
    const call = request(url, { headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () => resolve(bytes));
      response.on('error', reject);
    });
    call.on('error', reject);
    call.end();
  });
}

/** a clean-up step that cannot hang the bench: after `limit` ms it is reported and left */
function withinLimit(label: string, step: () => Promise<void>, limit = CLEANUP_LIMIT_MS) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`clean-up: ${label} did not finish within ${limit / 1000} s; left as it is`);
      resolve();
    }, limit);
  });
  return Promise.race([
    step().catch((error: unknown) => console.error(`clean-up: ${label} failed:`, error)),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

function runLoad(job: LoadJob, limitMs: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // the child inherits this process's execArgv, so tsx loads the TypeScript there too
    const child = fork(LOAD_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer: { result?: LoadResult; error?: string } = {};
    // a server that stops answering must not hold the bench for ever
    const timer = setTimeout(() => {
      answer.error = `${job.url}: no result within ${Math.round(limitMs / 1000)} s (stopped)`;
      child.kill('SIGKILL');
    }, limitMs);
    child.once('message', (message: typeof answer) => {
      answer = message;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (answer.result) resolve(answer.result);
      else reject(new Error(answer.error ?? `the load generator stopped with exit code ${code}`));
    });
    child.send(job);
  });
}

function assertAllSucceeded(label: string, result: LoadResult) {
  if (result.requests === 0) {
    throw new Error(
      `${label}: the server gave no answer at all (${result.errors} connection errors, ` +
        `${result.timeouts} timeouts), so there is nothing to measure. Is the build current?`,
    );
  }
  if (result.requests > 0 && result.non2xx === 0 && result.errors === 0 && result.timeouts === 0) {
    return;
  }
  throw new Error(
    `${label}: ${result.requests} answers, ${result.non2xx} not 2xx ` +
      `(${JSON.stringify(result.statusCodes)}), ${result.errors} connection errors, ` +
      `${result.timeouts} timeouts. The figures would mean nothing, so the bench stops here.`,
  );
}

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(rows: string[][]) {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths?.[column] ?? 0) : cell.padStart(widths?.[column] ?? 0),
        )
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

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
