import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { expect } from 'vitest';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { HttpClient } from './http-client';
import { LiveClient } from './live';
import { startServerProcess, type ServerProcess } from './server-process';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * Server processes sharing one PostgreSQL database and one Redis, as nodes behind a load
 * balancer. The cluster has a Redis stream of its own, so parallel test files never hear each
 * other; `stop` ends the nodes still running, closes the live clients and removes the stream.
 */
export function nodeCluster(databaseUrl: string, env: Record<string, string> = {}) {
  const streamName = `cadre-test-${randomUUID()}`;
  const nodes: ServerProcess[] = [];
  const clients: LiveClient[] = [];
  return {
    async start() {
      const node = await startServerProcess({
        DATABASE_URL: databaseUrl,
        REDIS_URL,
        REDIS_STREAM_NAME: streamName,
        ...env,
      });
      nodes.push(node);
      return node;
    },
    /** signs in on that node and joins the session's live room there */
    async enterLiveRoom(
      url: string,
      login: { email: string; password: string },
      coachingSessionId: string,
    ) {
      const http = new HttpClient(url);
      expect((await http.signIn(login.email, login.password)).status).toBe(302);
      const cookie = `${AUTH_COOKIE_NAME}=${http.cookie(AUTH_COOKIE_NAME)}`;
      const client = await LiveClient.open(url, cookie, coachingSessionId);
      clients.push(client);
      expect(await client.join()).toHaveProperty('data');
      return client;
    },
    async stop() {
      for (const client of clients) client.socket.disconnect();
      // stop() leaves a node killed by the test as it is
      await Promise.all(nodes.map((node) => node.stop()));
      const redis = createClient({ url: REDIS_URL });
      await redis.connect();
      const keys = await redis.keys(`${streamName}*`);
      if (keys.length > 0) await redis.del(keys);
      await redis.quit();
    },
  };
}
