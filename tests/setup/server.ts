import { parseEnv } from '../../app/env.server';
import { startServer, type RunningServer } from '../../server';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestServer extends RunningServer {
  database: TestDatabase;
}

/** The real server (production build, Express, Socket.IO) on an ephemeral port and a fresh database. */
export async function startTestServer(): Promise<TestServer> {
  const database = await createTestDatabase();
  const env = parseEnv({
    NODE_ENV: 'production',
    PORT: '0',
    DATA_DIR: '.data-unused',
    // lets each test client claim its own address through X-Forwarded-For
    TRUST_PROXY: 'true',
  });
  const server = await startServer({ env, db: database.db, log: () => {} });
  return {
    ...server,
    database,
    close: async () => {
      await server.close();
      await database.drop();
    },
  };
}
