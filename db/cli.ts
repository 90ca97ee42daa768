import { loadDotEnv, localOrigin, parseEnv } from '../app/env.server';
import { openDatabase } from './db.server';
import { appRoleGrantStatements, grantAppRole, isRoleName } from './grants';
import { migrateToLatest } from './migrate';
import { seedDemoData } from './seed';

const USAGE = `usage:
  npm run db:migrate                 migrate (as DATABASE_MIGRATION_URL's role when set)
  npm run db:seed                    migrate, then seed the demo organization into an empty database
  npm run db:grant -- <role>         give the app's role what it needs, and no more
  npm run db:grant -- <role> --print only print that SQL, for a database administrator to run`;

/** `npm run db:migrate`, `db:seed` and `db:grant`, against the owner's connection or the embedded database. */
async function main([command, ...rest]: string[]) {
  if (command === 'grant' && rest.includes('--print')) {
    const role = rest.find((arg) => arg !== '--print') ?? '';
    if (!isRoleName(role)) throw new Error(USAGE);
    console.log(`${appRoleGrantStatements(role).join(';\n')};`);
    return;
  }
  if (command !== 'migrate' && command !== 'seed' && command !== 'grant') throw new Error(USAGE);

  loadDotEnv();
  const env = parseEnv();
  const { db, location } = await openDatabase({
    // the owner migrates and grants; DATABASE_URL may be the app's least-privilege role
    databaseUrl: env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL,
    dataDir: `${env.DATA_DIR}/pglite`,
  });
  try {
    const applied = await migrateToLatest(db);
    console.log(
      `migrated ${location}${applied.length ? `: ${applied.join(', ')}` : ' (up to date)'}`,
    );
    if (command === 'seed') {
      const outcome = await seedDemoData(db, { origin: localOrigin(env) });
      console.log(
        outcome === 'seeded'
          ? 'seeded the demo organization (password for every demo account: cadre-demo-2026)'
          : 'the database already holds data; nothing was seeded',
      );
    }
    if (command === 'grant') await grant(db, rest[0] ?? '');
  } finally {
    await db.destroy();
  }
}

async function grant(db: Awaited<ReturnType<typeof openDatabase>>['db'], role: string) {
  if (!isRoleName(role)) throw new Error(USAGE);
  const outcome = await grantAppRole(db, role);
  if (outcome.status === 'unknown-role') {
    throw new Error(
      `there is no role "${role}"; create it first, e.g. CREATE ROLE ${role} LOGIN PASSWORD '…'`,
    );
  }
  if (outcome.status !== 'granted') {
    throw new Error(
      `"${role}" owns the tables; the app's role must be another one (see README: least-privilege role)`,
    );
  }
  console.log(
    `granted ${role} reads and writes on every table, INSERT and SELECT only on the ledgers, no DDL`,
  );
  if (outcome.superuser) {
    console.warn(
      `warning: ${role} is a superuser, which ignores grants; the ledgers' triggers still refuse changes`,
    );
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
