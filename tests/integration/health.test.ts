import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../setup/server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

it('answers 503 with "unreachable" once the database is gone', async () => {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  // nothing else may be mid-query when the pool closes
  await server.mail.stop();
  await server.db.destroy();

  const response = await fetch(`${server.url}/healthz`);
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ status: 'degraded', database: 'unreachable' });
});
