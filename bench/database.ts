import { randomBytes } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type LogEvent } from 'kysely';
import postgres from 'postgres';
import { openDatabase, type DB, type DatabaseKind } from '../db/db.server';

/** The bench's own database (PostgreSQL or embedded) and the statements it runs. */

/** the folder prefix of a run's files, and the file naming the process that owns them */
export const WORK_DIR_PREFIX = 'cadre-bench-';
export const OWNER_FILE = 'owner.pid';
const DATABASE_PREFIX = 'cadre_bench_';

/**
 * Counts the statements the driver runs, through Kysely's `log` hook, armed only around
 * the requests being measured. The hook fires once per statement sent to the database
 * (failed ones included), whereas a plugin's transformQuery fires per query node built,
 * which also counts queries compiled but never run; and the hook hands over the SQL and
 * its time, which the results keep so a difference can be read at a glance.
 */
export class QueryLog {
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

export interface Statement {
  ms: number;
  sql: string;
}

export interface BenchDatabase {
  db: DB;
  kind: DatabaseKind;
  location: string;
  /** closes the connection and removes the database */
  drop: () => Promise<void>;
  /** removes the database at once, open connections or not (after Ctrl-C) */
  dropNow: () => Promise<void>;
}

export async function withAdminConnection<T>(
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

export function isRunning(pid: number) {
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
export async function removeAbandonedWorkDirs() {
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
export async function createBenchDatabase(
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
