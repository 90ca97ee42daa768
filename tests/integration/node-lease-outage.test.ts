import { randomUUID } from 'node:crypto';
import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { parseEnv } from '../../app/env.server';
import { closeStaysOfDeadNodes, startNodeHeartbeat } from '../../app/live/node-lease.server';
import { createLogger, getLogger, setLogger, type Logger } from '../../app/log.server';
import { openDatabase, type DB } from '../../db/db.server';
import { startServer, type RunningServer } from '../../server';
import { HttpClient } from '../setup/http-client';
import { buildLiveSession, LiveClient } from '../setup/live';
import { waitFor } from '../setup/sockets';
import {
  MINUTE,
  database,
  people,
  PASSWORD,
  insertLease,
  insertStay,
  leftAt,
} from './node-lease-world';

describe('a heartbeat without its database', () => {
  let previousLogger: Logger;
  const lines: { level: number; msg: string; err?: { stack?: string } }[] = [];
  const listeners = new Set<() => void>();

  beforeAll(() => {
    previousLogger = getLogger();
    setLogger(
      createLogger({
        destination: {
          write(line: string) {
            lines.push(JSON.parse(line) as (typeof lines)[number]);
            for (const listener of listeners) listener();
          },
        },
      }),
    );
  });

  afterAll(() => {
    setLogger(previousLogger);
  });

  function untilLogged(count: number, pattern: RegExp) {
    const matching = () => lines.filter((line) => pattern.test(line.msg)).length >= count;
    if (matching()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const listener = () => {
        if (!matching()) return;
        listeners.delete(listener);
        resolve();
      };
      listeners.add(listener);
    });
  }

  it('logs a beat that cannot reach PostgreSQL and keeps beating, never throwing', async () => {
    lines.length = 0;
    // nothing listens on port 1: every connection is refused
    const { db: unreachable } = await openDatabase({
      databaseUrl: 'postgres://postgres@127.0.0.1:1/cadre_unreachable',
      maxConnections: 1,
    });
    const heartbeat = await startNodeHeartbeat({
      db: unreachable,
      nodeId: randomUUID(),
      beatMs: 100,
      expiryMs: 1000,
    });
    // the first beat (at start) and two more from the timer, each logged with its stack
    await untilLogged(3, /could not renew the lease/);
    const failure = lines.find((line) => /could not renew the lease/.test(line.msg))!;
    expect(failure.level).toBe(50);
    expect(failure.err?.stack).toMatch(/ECONNREFUSED/);
    await expect(heartbeat.beat()).resolves.toBeUndefined();
    await expect(heartbeat.stop()).resolves.toBeUndefined();
    expect(lines.some((line) => /could not retire the lease/.test(line.msg))).toBe(true);
    await unreachable.destroy();
  });

  it('renews the lease at the first beat after the database is back', async () => {
    lines.length = 0;
    let reachable = false;
    const outage: KyselyPlugin = {
      transformQuery(args) {
        if (!reachable)
          throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const db: DB = database.db.withPlugin(outage);
    const nodeId = randomUUID();
    const heartbeat = await startNodeHeartbeat({ db, nodeId, beatMs: 100, expiryMs: 1000 });
    await untilLogged(2, /could not renew the lease/);
    reachable = true;
    await heartbeat.beat();
    const lease = await database.db
      .selectFrom('server_node')
      .select(sql<boolean>`expires_at > now()`.as('alive'))
      .where('id', '=', nodeId)
      .executeTakeFirst();
    expect(lease).toEqual({ alive: true });
    await heartbeat.stop();
    expect(
      await database.db.selectFrom('server_node').select('id').where('id', '=', nodeId).execute(),
    ).toEqual([]);
  });
});

describe('a running server', () => {
  let server: RunningServer;
  let serverClosed = false;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    server = await startServer({
      env: parseEnv({ NODE_ENV: 'production', PORT: '0', DATA_DIR: '.data-unused' }),
      db: database.db,
      log: () => {},
      // beats only when the test asks, so it decides when the lease lapses
      lease: { beatMs: 10 * MINUTE, expiryMs: 20 * MINUTE },
    });
  });

  afterAll(async () => {
    for (const client of clients) client.socket.disconnect();
    if (!serverClosed) await server?.close();
  });

  async function enter(email: string, coachingSessionId: string) {
    const http = new HttpClient(server.url);
    expect((await http.signIn(email, PASSWORD)).status).toBe(302);
    const cookie = `${AUTH_COOKIE_NAME}=${http.cookie(AUTH_COOKIE_NAME)}`;
    const client = await LiveClient.open(server.url, cookie, coachingSessionId);
    clients.push(client);
    // the room hears of the arrival after the join is answered; wait for it too
    const announced = waitFor(client.socket, 'live:presence');
    expect(await client.join()).toHaveProperty('data');
    await announced;
    return client;
  }

  async function openStays(coachingSessionId: string) {
    return database.db
      .selectFrom('attendance_segment')
      .select(['id', 'user_id as userId', 'node_id as nodeId'])
      .where('coaching_session_id', '=', coachingSessionId)
      .where('left_at', 'is', null)
      .execute();
  }

  it('tells the room who left when it closes a dead node’s stays', async () => {
    const session = await buildLiveSession(database.db, {
      cohortId: people.cohort.id,
      hostId: people.coach.id,
    });
    const coach = await enter(people.coach.email, session.id);
    expect(await openStays(session.id)).toEqual([
      expect.objectContaining({ userId: people.coach.id, nodeId: server.heartbeat.nodeId }),
    ]);
    const lastBeat = new Date(Date.now() - 2 * MINUTE);
    const dead = await insertLease({
      lastBeatAt: lastBeat,
      expiresAt: new Date(lastBeat.getTime() + 30_000),
    });
    await insertStay({
      coachingSessionId: session.id,
      userId: people.participants[2]!.id,
      nodeId: dead,
      joinedAt: new Date(lastBeat.getTime() - 5 * MINUTE),
    });
    const refreshed = waitFor(coach.socket, 'live:presence');
    await server.heartbeat.beat();
    expect((await refreshed).here.map((member) => member.userId)).toEqual([people.coach.id]);
    expect(await openStays(session.id)).toEqual([
      expect.objectContaining({ userId: people.coach.id }),
    ]);
  });

  it('counts its people again after it was taken for dead while it still ran', async () => {
    const session = await buildLiveSession(database.db, {
      cohortId: people.cohort.id,
      hostId: people.coach.id,
    });
    await enter(people.participants[3]!.email, session.id);
    const [before] = await openStays(session.id);
    expect(before?.nodeId).toBe(server.heartbeat.nodeId);

    // the node could not beat for a while and a survivor closed its stays
    await database.db
      .updateTable('server_node')
      .set({
        last_beat_at: sql<Date>`now() - interval '2 minutes'`,
        expires_at: sql<Date>`now() - interval '1 minute'`,
      })
      .where('id', '=', server.heartbeat.nodeId)
      .execute();
    const reaped = await closeStaysOfDeadNodes(database.db, { survivorId: randomUUID() });
    expect(reaped.closed.map((stay) => stay.id)).toContain(before!.id);
    expect(await openStays(session.id)).toEqual([]);

    // its next beat finds out and opens a fresh stay for the person still connected
    await server.heartbeat.beat();
    const after = await openStays(session.id);
    expect(after).toEqual([
      {
        id: expect.any(String),
        userId: people.participants[3]!.id,
        nodeId: server.heartbeat.nodeId,
      },
    ]);
    expect(after[0]!.id).not.toBe(before!.id);
  });

  it('closes its own stays whose socket went without closing them', async () => {
    const session = await buildLiveSession(database.db, {
      cohortId: people.cohort.id,
      hostId: people.coach.id,
    });
    await enter(people.participants[1]!.email, session.id);
    // e.g. the leave came while the database was away, so its close failed
    const gone = await insertStay({
      coachingSessionId: session.id,
      userId: people.participants[2]!.id,
      nodeId: server.heartbeat.nodeId,
      joinedAt: new Date(Date.now() - 5 * MINUTE),
    });
    const beforeBeat = Date.now();
    await server.heartbeat.beat();
    expect(Date.parse((await leftAt(gone))!)).toBeGreaterThanOrEqual(beforeBeat - 1000);
    expect(await openStays(session.id)).toEqual([
      expect.objectContaining({ userId: people.participants[1]!.id }),
    ]);
  });

  it('closes its stays and removes its lease when it shuts down', async () => {
    const session = await buildLiveSession(database.db, {
      cohortId: people.cohort.id,
      hostId: people.coach.id,
    });
    await enter(people.participants[0]!.email, session.id);
    expect(await openStays(session.id)).toHaveLength(1);
    const nodeId = server.heartbeat.nodeId;
    await server.close();
    serverClosed = true;
    expect(
      await database.db
        .selectFrom('attendance_segment')
        .select('id')
        .where('node_id', '=', nodeId)
        .where('left_at', 'is', null)
        .execute(),
    ).toEqual([]);
    expect(
      await database.db.selectFrom('server_node').select('id').where('id', '=', nodeId).execute(),
    ).toEqual([]);
  });
});
