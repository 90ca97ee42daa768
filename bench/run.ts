import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type LogEvent } from 'kysely';
import postgres from 'postgres';
import { hashPassword } from '../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../app/auth/session.server';
import { parseEnv } from '../app/env.server';
import { openDatabase, type DB, type DatabaseKind } from '../db/db.server';
import { migrateToLatest } from '../db/migrate';
import { startServer } from '../server';
import { generateBenchData } from './generate';
import { measureLive } from './live';
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
const WARMUP_SECONDS = 2;
const PING_PATH = '/resources/ping';
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

/** one page view, read to the end: the statements of a request are all done by then */
async function viewPage(url: string, headers: Record<string, string>) {
  const response = await fetch(url, { redirect: 'manual', headers });
  await response.arrayBuffer();
  if (response.status !== 200) {
    throw new Error(`GET ${url} answered HTTP ${response.status}, not 200`);
  }
}

function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // the child inherits this process's execArgv, so tsx loads the TypeScript there too
    const child = fork(LOAD_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer: { result?: LoadResult; error?: string } = {};
    child.once('message', (message: typeof answer) => {
      answer = message;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer.result) resolve(answer.result);
      else reject(new Error(answer.error ?? `the load generator stopped with exit code ${code}`));
    });
    child.send(job);
  });
}

function assertAllSucceeded(label: string, result: LoadResult) {
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

async function main() {
  if (!existsSync(BUILD_FILE)) {
    console.error(
      'The bench runs the production build, and there is none: run `npm run build` first.',
    );
    process.exitCode = 1;
    return;
  }
  const connections = positiveInteger('BENCH_CONNECTIONS', 10);
  const seconds = positiveInteger('BENCH_DURATION', 10);

  // undone newest first when the run ends or fails; after Ctrl-C only what must not be left
  // behind is removed, without waiting for the work in progress to wind down
  const cleanups: (() => Promise<void>)[] = [];
  const onInterrupt: (() => Promise<void>)[] = [];
  process.once('SIGINT', () => {
    interrupted = true;
    console.error('\ninterrupted; removing the bench database');
    void Promise.allSettled(onInterrupt.map((step) => step())).finally(() => process.exit(130));
  });

  try {
    await removeAbandonedWorkDirs();
    const workDir = await mkdtemp(path.join(os.tmpdir(), WORK_DIR_PREFIX));
    const removeWorkDir = () => rm(workDir, { recursive: true, force: true });
    cleanups.push(removeWorkDir);
    onInterrupt.push(removeWorkDir);
    await writeFile(path.join(workDir, OWNER_FILE), String(process.pid));
    const queryLog = new QueryLog();
    const database = await createBenchDatabase(workDir, queryLog.log);
    cleanups.push(database.drop);
    onInterrupt.push(database.dropNow);
    const { db } = database;
    console.log(
      `database: ${database.kind === 'embedded' ? 'embedded PGlite in' : 'PostgreSQL at'} ${database.location}`,
    );
    await migrateToLatest(db);

    const passwordHash = await hashPassword(PASSWORD);
    const generationStarted = performance.now();
    const generated = await generateBenchData(db, passwordHash);
    // fresh statistics, as autovacuum would have gathered on a database this size
    await sql`analyze`.execute(db);
    const generationSeconds = (performance.now() - generationStarted) / 1000;
    const { rows } = generated;
    console.log(
      `generated ${number(rows.cohorts)} cohorts, ${number(rows.users)} people, ` +
        `${number(rows.members)} memberships, ${number(rows.invitations)} invitations and ` +
        `${number(rows.auditEntries)} audit entries in ${number(generationSeconds, 1)} s`,
    );
    const version = await sql<{ version: string }>`select version()`.execute(db);

    const server = await startServer({
      env: parseEnv({ NODE_ENV: 'production', PORT: '0', DATA_DIR: workDir }),
      db,
      log: () => {},
    });
    cleanups.push(server.close);
    // the outbox is empty, and the worker's poll every second would land in the query counts
    await server.mail.stop();

    const cookie = await signIn(server.url, generated.facilitatorEmail, PASSWORD);
    // a browser asks for compressed pages, and server.ts compresses them
    const headers = { Cookie: cookie, 'Accept-Encoding': 'gzip' };
    const cohortUrl = (id: string) => `${server.url}/cohorts/${id}`;
    const { cohortIds } = generated;

    // query counts: one warm-up view each, so first-request work stays out of the count
    const countFor = async (id: string) => {
      await viewPage(cohortUrl(id), headers);
      return queryLog.record(() => viewPage(cohortUrl(id), headers));
    };
    const statements5 = await countFor(cohortIds.members5);
    const statements40 = await countFor(cohortIds.members40);
    const queriesEqual = statements5.length === statements40.length;

    const load = (url: string, duration: number) =>
      runLoad({ url, headers, connections, seconds: duration });
    const pingUrl = `${server.url}${PING_PATH}`;
    const dashboardUrl = cohortUrl(cohortIds.members20);
    console.log(
      `load: ${connections} connections, ${WARMUP_SECONDS} s warm-up then ${seconds} s on each route`,
    );
    assertAllSucceeded('ping warm-up', await load(pingUrl, WARMUP_SECONDS));
    assertAllSucceeded('dashboard warm-up', await load(dashboardUrl, WARMUP_SECONDS));
    const ping = await load(pingUrl, seconds);
    assertAllSucceeded('ping', ping);
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

    const ratios = {
      requestsPerSecond:
        Math.round((dashboard.requestsPerSecond / ping.requestsPerSecond) * 1000) / 1000,
      p95: Math.round((dashboard.latencyMs.p95 / ping.latencyMs.p95) * 100) / 100,
    };
    const cpus = os.cpus();
    const results = {
      timestamp: new Date().toISOString(),
      machine: {
        node: process.version,
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        cpus: cpus.length,
        cpuModel: cpus[0]?.model.trim() ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
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
        warmupSeconds: WARMUP_SECONDS,
        headers: ['Cookie', 'Accept-Encoding: gzip'],
        dashboard:
          '20-member cohort (facilitator, coach, 18 participants), viewed by its facilitator',
      },
      http: { ping, dashboard, ratios },
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
      },
      queries: {
        members5: {
          cohortId: cohortIds.members5,
          count: statements5.length,
          statements: statements5,
        },
        members40: {
          cohortId: cohortIds.members40,
          count: statements40.length,
          statements: statements40,
        },
        equal: queriesEqual,
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
          `${number(rows.cohorts)} cohorts generated in ${number(generationSeconds, 1)} s · ` +
          `${connections} connections × ${seconds} s per route`,
        '',
        table([
          ['route', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'requests', 'non-2xx'],
          measurement(PING_PATH, ping),
          measurement('/cohorts/:id (20 members)', dashboard),
          [
            'dashboard ÷ ping',
            `${number(ratios.requestsPerSecond, 3)}×`,
            '',
            `${number(ratios.p95, 1)}×`,
          ],
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
        `SQL statements per dashboard view: ${statements5.length} for 5 members, ` +
          `${statements40.length} for 40 members (${queriesEqual ? 'equal' : 'NOT EQUAL'})`,
        `results written to ${path.relative(process.cwd(), RESULTS_FILE)}`,
      ].join('\n'),
    );
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
    for (const step of cleanups.reverse()) {
      await step().catch((error: unknown) => console.error('clean-up failed:', error));
    }
  }
}

main().catch((error: unknown) => {
  if (interrupted) return;
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
