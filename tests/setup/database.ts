import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type DB, type DatabaseKind } from '../../db/db.server';
import { migrateToLatest } from '../../db/migrate';
import { withDatabase } from './global-setup';
import { adminConnection } from './postgres-admin';

export interface TestDatabase {
  db: DB;
  kind: DatabaseKind;
  /** its connection string on PostgreSQL (as the run's own role); undefined on the embedded database */
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

  const name = `cadre_test_${template.slice(-8)}_${randomBytes(4).toString('hex')}`;
  const admin = adminConnection(databaseUrl);
  try {
    await createFromTemplate(admin, name, template);
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
