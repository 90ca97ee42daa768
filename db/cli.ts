import { loadDotEnv, parseEnv } from '../app/env.server';
import { openDatabase } from './db.server';
import { migrateToLatest } from './migrate';
import { seedDemoData } from './seed';

/** `npm run db:migrate` and `npm run db:seed`, against DATABASE_URL or the embedded database. */
async function main(command: string | undefined) {
  loadDotEnv();
  const env = parseEnv();
  const { db, location } = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: `${env.DATA_DIR}/pglite`,
  });
  try {
    const applied = await migrateToLatest(db);
    console.log(
      `migrated ${location}${applied.length ? `: ${applied.join(', ')}` : ' (up to date)'}`,
    );
    if (command === 'seed') {
      const outcome = await seedDemoData(db);
      console.log(
        outcome === 'seeded'
          ? 'seeded the demo organization (password for every demo account: cadre-demo-2026)'
          : 'the database already holds data; nothing was seeded',
      );
    }
  } finally {
    await db.destroy();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
