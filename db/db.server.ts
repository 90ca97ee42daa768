import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, type LogConfig } from 'kysely';
import postgres from 'postgres';
import { pgliteDialect } from './pglite-dialect';
import { postgresJSDialect } from './postgres-js-dialect';
import type { Database } from './schema';

export type DB = Kysely<Database>;

export type DatabaseKind = 'postgres' | 'embedded';

export interface OpenDatabaseOptions {
  /** a PostgreSQL connection string; when absent the embedded PGlite database is used */
  databaseUrl?: string;
  /** where the embedded database keeps its files; `memory://` keeps nothing */
  dataDir?: string;
  log?: LogConfig;
  maxConnections?: number;
}

export interface OpenDatabase {
  db: DB;
  kind: DatabaseKind;
  /** a human-readable place, without credentials, for start-up logs */
  location: string;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenDatabase> {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
      // v3's parameter typing (Date → timestamptz and so on), which every query here was written for
      infer: true,
    });
    const db = new Kysely<Database>({
      dialect: postgresJSDialect(client),
      log: options.log,
    });
    const url = new URL(options.databaseUrl);
    return { db, kind: 'postgres', location: `${url.host}${url.pathname}` };
  }

  const dataDir = options.dataDir ?? '.data/pglite';
  let pglite: PGlite;
  if (dataDir.startsWith('memory://')) {
    pglite = new PGlite();
  } else {
    // NOTE: PGlite creates only the last folder of the path, so make the parents first
    mkdirSync(path.resolve(dataDir), { recursive: true });
    pglite = new PGlite(path.resolve(dataDir));
  }
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite), log: options.log });
  return { db, kind: 'embedded', location: dataDir };
}

const remembered = globalThis as typeof globalThis & { __cadreDatabase?: OpenDatabase };

/**
 * The one database of this process. server.ts opens it once and the Remix build
 * reaches the same instance through the load context, so a dev rebuild never
 * opens a second connection pool (or a second PGlite on the same folder).
 */
export async function getProcessDatabase(options: OpenDatabaseOptions): Promise<OpenDatabase> {
  remembered.__cadreDatabase ??= await openDatabase(options);
  return remembered.__cadreDatabase;
}
