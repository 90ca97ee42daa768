import { parseEnv } from '../../app/env.server';
import { createLogger } from '../../app/log.server';
import type { DB } from '../../db/db.server';
import { startServer, type RunningServer, type StartOptions } from '../../server';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestServer extends RunningServer {
  database: TestDatabase;
}

/**
 * The real server (production build, Express, Socket.IO) on an ephemeral port and a fresh
 * database. `overrides` adds or replaces environment variables, e.g. `{ SMTP_URL: fake.url }`.
 */
export async function startTestServer(
  overrides: Record<string, string> = {},
  options: {
    wrapDb?: (db: DB) => DB;
    realtime?: StartOptions['realtime'];
    logger?: StartOptions['logger'];
    lease?: StartOptions['lease'];
  } = {},
): Promise<TestServer> {
  const database = await createTestDatabase();
  const env = parseEnv({
    NODE_ENV: 'production',
    PORT: '0',
    DATA_DIR: '.data-unused',
    // lets each test client claim its own address through X-Forwarded-For
    TRUST_PROXY: 'true',
    SECRETS_KEY: 'a test secrets key that is long enough to use',
    ...overrides,
  });
  // a wrapped instance (e.g. with a query-counting plugin) serves the requests; tests keep the plain one
  const server = await startServer({
    env,
    db: options.wrapDb?.(database.db) ?? database.db,
    log: () => {},
    // quiet unless a test collects the lines
    logger: options.logger ?? createLogger({ level: 'silent' }),
    realtime: options.realtime,
    lease: options.lease,
  });
  return {
    ...server,
    db: database.db,
    database,
    close: async () => {
      await server.close();
      await database.drop();
    },
  };
}
