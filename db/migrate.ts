import { Migrator, type Kysely, type MigrationResultSet } from 'kysely';
import { openDatabase } from './db.server';
import { migrations } from './migrations';

function migrator(db: Kysely<any>) {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
}

function namesOrThrow({ error, results }: MigrationResultSet): string[] {
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${reason}`, {
      cause: error,
    });
  }
  return (results ?? []).map((result) => result.migrationName);
}

/**
 * Start-up's migration. With `migrationUrl` (the tables' owner) it runs on a short-lived
 * connection of its own, so the app's role in DATABASE_URL needs no right to alter the
 * schema; without it, through the app's own connection.
 */
export async function migrateAtStartUp(
  db: Kysely<any>,
  migrationUrl: string | undefined,
): Promise<string[]> {
  if (!migrationUrl) return migrateToLatest(db);
  const owner = await openDatabase({ databaseUrl: migrationUrl, maxConnections: 1 });
  try {
    return await migrateToLatest(owner.db);
  } finally {
    await owner.db.destroy();
  }
}

/** Brings any database, embedded or server, to the latest schema; used at start-up and by tests. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return namesOrThrow(await migrator(db).migrateToLatest());
}

/**
 * Moves a database up or down to the state right after migration `name`, so a test can fill
 * the schema a migration starts from and check what the migration does to those rows.
 */
export async function migrateTo(db: Kysely<any>, name: string): Promise<string[]> {
  if (!(name in migrations)) throw new Error(`there is no migration named ${name}`);
  return namesOrThrow(await migrator(db).migrateTo(name));
}
