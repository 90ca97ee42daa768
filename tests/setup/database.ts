import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type DB, type DatabaseKind } from '../../db/db.server';
import { migrateToLatest } from '../../db/migrate';
import { withDatabase } from './global-setup';
import { adminConnection } from './postgres-admin';

export interface TestDatabase {
  db: DB;
  kind: DatabaseKind;
  /** the connection string on PostgreSQL, for another process to open the same database */
  url?: string;
  /** closes the connection and removes the database */
  drop: () => Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a copy of the run's template on
 * PostgreSQL when DATABASE_URL is set, an in-memory PGlite otherwise.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const databaseUrl = process.env.DATABASE_URL;
  const template = inject('templateDatabase');
  if (!databaseUrl || !template) return createEmbeddedTestDatabase();
  return openNewDatabase(databaseUrl, template, (admin, name) =>
    createFromTemplate(admin, name, template),
  );
}

/**
 * A database with no tables at all, for a test that migrates it step by step: a new
 * PostgreSQL database when DATABASE_URL is set, an in-memory PGlite otherwise.
 */
export async function createEmptyTestDatabase(): Promise<TestDatabase> {
  const databaseUrl = process.env.DATABASE_URL;
  const template = inject('templateDatabase');
  if (!databaseUrl || !template) {
    const { db, kind } = await openDatabase({ dataDir: 'memory://' });
    return { db, kind, drop: () => db.destroy() };
  }
  return openNewDatabase(databaseUrl, template, async (admin, name) => {
    await admin.unsafe(`create database ${name}`);
  });
}

async function openNewDatabase(
  databaseUrl: string,
  template: string,
  create: (admin: ReturnType<typeof adminConnection>, name: string) => Promise<void>,
): Promise<TestDatabase> {
  // named after the run's template, so the run's teardown sweeps up what a crash leaves
  const name = `cadre_test_${template.slice(-8)}_${randomBytes(4).toString('hex')}`;
  const admin = adminConnection(databaseUrl);
  try {
    await create(admin, name);
  } finally {
    await admin.end();
  }
  const url = withDatabase(databaseUrl, name);
  const { db, kind } = await openDatabase({ databaseUrl: url, maxConnections: 5 });
  return {
    db,
    kind,
    url,
    drop: async () => {
      await db.destroy();
      const cleanup = adminConnection(databaseUrl);
      await cleanup.unsafe(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export async function createEmbeddedTestDatabase(): Promise<TestDatabase> {
  const { db, kind } = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(db);
  return { db, kind, drop: () => db.destroy() };
}

async function createFromTemplate(
  admin: ReturnType<typeof adminConnection>,
  name: string,
  template: string,
) {
  // two files copying the template at the same instant can collide (55006); try again shortly
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin.unsafe(`create database ${name} template ${template}`);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * Both databases Cadre runs on, empty (no migrations applied), for tests that migrate step
 * by step: the embedded PGlite, and the PostgreSQL server when DATABASE_URL is set.
 */
export const emptyDatabaseBackends: { name: string; open: () => Promise<TestDatabase> }[] = [
  {
    name: 'embedded PGlite',
    open: async () => {
      const { db, kind } = await openDatabase({ dataDir: 'memory://' });
      return { db, kind, drop: () => db.destroy() };
    },
  },
  ...(process.env.DATABASE_URL
    ? [{ name: 'PostgreSQL server', open: createEmptyTestDatabase }]
    : []),
];
