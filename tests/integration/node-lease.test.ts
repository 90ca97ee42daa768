import { randomUUID } from 'node:crypto';
import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { parseEnv } from '../../app/env.server';
import {
  closeStaysOfDeadNodes,
  renewLease,
  retireNode,
  startNodeHeartbeat,
} from '../../app/live/node-lease.server';
import { createLogger, getLogger, setLogger, type Logger } from '../../app/log.server';
import { buildCohortWithPeople } from '../../db/builders';
import { openDatabase, type DB } from '../../db/db.server';
import { startServer, type RunningServer } from '../../server';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { HttpClient } from '../setup/http-client';
import { buildLiveSession, LiveClient } from '../setup/live';
import { waitFor } from '../setup/sockets';

/**
 * Node leases: each node renews a row in server_node; a survivor closes the live-room stays
 * of a node whose lease expired at its last beat, recounts attendance and marks the lease.
 */

const MINUTE = 60_000;
let database: TestDatabase;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  database = await createTestDatabase();
  people = await buildCohortWithPeople(database.db, {
    participants: 4,
    passwordHash: await hashPassword(PASSWORD),
  });
});

afterAll(async () => {
  await database?.drop();
});

const PASSWORD = 'node lease test password';

/** a coaching session that began an hour before `base` and lasts two */
async function sessionAround(base: Date) {
  const session = await buildLiveSession(database.db, {
    cohortId: people.cohort.id,
    hostId: people.coach.id,
  });
  await database.db
    .updateTable('coaching_session')
    .set({ starts_at: new Date(base.getTime() - 60 * MINUTE), minutes: 120 })
    .where('id', '=', session.id)
    .execute();
  return session;
}

async function insertLease(input: { id?: string; lastBeatAt: Date; expiresAt: Date }) {
  const id = input.id ?? randomUUID();
  await database.db
    .insertInto('server_node')
    .values({ id, last_beat_at: input.lastBeatAt, expires_at: input.expiresAt })
    .execute();
  return id;
}

async function insertStay(input: {
  coachingSessionId: string;
  userId: string;
  nodeId: string | null;
  joinedAt: Date;
  leftAt?: Date | null;
}) {
  const row = await database.db
    .insertInto('attendance_segment')
    .values({
      coaching_session_id: input.coachingSessionId,
      user_id: input.userId,
      joined_at: input.joinedAt,
      left_at: input.leftAt ?? null,
      source: 'live-room',
      raw_event_id: `live-room:${input.coachingSessionId}:socket-${randomUUID()}:x`,
      node_id: input.nodeId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function leftAt(segmentId: string) {
  const row = await database.db
    .selectFrom('attendance_segment')
    .select('left_at')
    .where('id', '=', segmentId)
    .executeTakeFirstOrThrow();
  return row.left_at ? new Date(row.left_at).toISOString() : null;
}

describe('closing the stays of dead nodes', () => {
  it('closes a dead node’s open stays at its last beat, recounts, and leaves live nodes alone', async () => {
    const base = new Date();
    const session = await sessionAround(base);
    const [first, second, third] = people.participants;
    const lastBeat = new Date(base.getTime() - 10 * MINUTE);
    const dead = await insertLease({
      lastBeatAt: lastBeat,
      expiresAt: new Date(lastBeat.getTime() + 30_000),
    });
    const alive = await insertLease({
      lastBeatAt: base,
      expiresAt: new Date(base.getTime() + 10 * MINUTE),
    });
    const survivor = randomUUID();

    const open = await insertStay({
      coachingSessionId: session.id,
      userId: first!.id,
      nodeId: dead,
      joinedAt: new Date(base.getTime() - 40 * MINUTE),
    });
    const closedBefore = await insertStay({
      coachingSessionId: session.id,
      userId: second!.id,
      nodeId: dead,
      joinedAt: new Date(base.getTime() - 50 * MINUTE),
      leftAt: new Date(base.getTime() - 45 * MINUTE),
    });
    // opened after the last beat that was heard: it ends where it began
    const afterLastBeat = await insertStay({
      coachingSessionId: session.id,
      userId: third!.id,
      nodeId: dead,
      joinedAt: new Date(base.getTime() - 5 * MINUTE),
    });
    const onLiveNode = await insertStay({
      coachingSessionId: session.id,
      userId: second!.id,
      nodeId: alive,
      joinedAt: new Date(base.getTime() - 20 * MINUTE),
    });
    const fromBeforeLeases = await insertStay({
      coachingSessionId: session.id,
      userId: third!.id,
      nodeId: null,
      joinedAt: new Date(base.getTime() - 20 * MINUTE),
    });

    const result = await closeStaysOfDeadNodes(database.db, { survivorId: survivor });
    expect(result.deadNodeIds).toEqual([dead]);
    expect(result.closed.map((stay) => stay.id).sort()).toEqual([open, afterLastBeat].sort());
    expect(await leftAt(open)).toBe(lastBeat.toISOString());
    expect(await leftAt(afterLastBeat)).toBe(new Date(base.getTime() - 5 * MINUTE).toISOString());
    expect(await leftAt(closedBefore)).toBe(new Date(base.getTime() - 45 * MINUTE).toISOString());
    expect(await leftAt(onLiveNode)).toBeNull();
    expect(await leftAt(fromBeforeLeases)).toBeNull();

    // the minutes are recounted in the same step: 40 min ago until the last beat 10 min ago
    const attendance = await database.db
      .selectFrom('attendance')
      .select('minutes_credited')
      .where('coaching_session_id', '=', session.id)
      .where('user_id', '=', first!.id)
      .executeTakeFirstOrThrow();
    expect(attendance.minutes_credited).toBe(30);

    const leases = await database.db
      .selectFrom('server_node')
      .select(['id', 'reaped_at', 'reaped_by'])
      .where('id', 'in', [dead, alive])
      .execute();
    expect(leases.find((lease) => lease.id === dead)).toMatchObject({ reaped_by: survivor });
    expect(leases.find((lease) => lease.id === dead)?.reaped_at).not.toBeNull();
    expect(leases.find((lease) => lease.id === alive)).toMatchObject({ reaped_at: null });

    // a second pass finds nothing new
    expect(await closeStaysOfDeadNodes(database.db, { survivorId: survivor })).toEqual({
      deadNodeIds: [],
      closed: [],
    });
    // a stay the dying node managed to open after it was taken for dead still closes
    const late = await insertStay({
      coachingSessionId: session.id,
      userId: first!.id,
      nodeId: dead,
      joinedAt: new Date(base.getTime() - MINUTE),
    });
    const again = await closeStaysOfDeadNodes(database.db, { survivorId: randomUUID() });
    expect(again.closed.map((stay) => stay.id)).toEqual([late]);
    expect(again.deadNodeIds).toEqual([]);

    // a day later the dead lease is only history and goes
    await database.db
      .updateTable('server_node')
      .set({ reaped_at: sql<Date>`now() - interval '25 hours'` })
      .where('id', '=', dead)
      .execute();
    await closeStaysOfDeadNodes(database.db, { survivorId: survivor });
    expect(
      await database.db.selectFrom('server_node').select('id').where('id', '=', dead).execute(),
    ).toEqual([]);
    await database.db.deleteFrom('server_node').where('id', '=', alive).execute();
  });

  it('closes each stay exactly once when survivors reap at the same moment', async () => {
    const base = new Date();
    const session = await sessionAround(base);
    const deadNodes = new Map<string, Date>();
    const stays: string[] = [];
    for (let index = 0; index < 12; index += 1) {
      const lastBeat = new Date(base.getTime() - (index + 1) * 1000);
      const id = await insertLease({
        lastBeatAt: lastBeat,
        expiresAt: new Date(lastBeat.getTime() + 100),
      });
      deadNodes.set(id, lastBeat);
      for (const participant of people.participants.slice(0, 3)) {
        stays.push(
          await insertStay({
            coachingSessionId: session.id,
            userId: participant.id,
            nodeId: id,
            joinedAt: new Date(base.getTime() - 30 * MINUTE),
          }),
        );
      }
    }

    // three survivors, each beating three times, all at once
    const survivors = [randomUUID(), randomUUID(), randomUUID()];
    const passes = await Promise.all(
      survivors.map(async (survivorId) => {
        const mine = [];
        for (let beat = 0; beat < 3; beat += 1) {
          mine.push(await closeStaysOfDeadNodes(database.db, { survivorId }));
        }
        return mine;
      }),
    );
    const results = passes.flat();
    const reaperOf = new Map(
      passes.flatMap((mine, index) =>
        mine.flatMap((result) => result.closed.map((stay) => [stay.id, survivors[index]] as const)),
      ),
    );
    const closedIds = results.flatMap((result) => result.closed.map((stay) => stay.id));
    expect(closedIds).toHaveLength(stays.length);
    expect(new Set(closedIds)).toEqual(new Set(stays));
    const reapedIds = results.flatMap((result) => result.deadNodeIds);
    expect(reapedIds).toHaveLength(deadNodes.size);
    expect(new Set(reapedIds)).toEqual(new Set(deadNodes.keys()));

    // each stay ended at its own node's last beat, and each lease names the survivor that closed it
    const rows = await database.db
      .selectFrom('attendance_segment')
      .innerJoin('server_node', 'server_node.id', 'attendance_segment.node_id')
      .select([
        'attendance_segment.id',
        'server_node.id as nodeId',
        'server_node.reaped_by as reapedBy',
        sql<boolean>`attendance_segment.left_at = server_node.last_beat_at`.as('atLastBeat'),
      ])
      .where('attendance_segment.id', 'in', stays)
      .execute();
    expect(rows.every((row) => row.atLastBeat)).toBe(true);
    for (const row of rows) expect(row.reapedBy).toBe(reaperOf.get(row.id));
    await database.db
      .deleteFrom('server_node')
      .where('id', 'in', [...deadNodes.keys()])
      .execute();
  });

  // two transactions at once need two connections; the embedded database has one (CI sets DATABASE_URL)
  it.runIf(process.env.DATABASE_URL)(
    'passes over a dead node another survivor is closing, without waiting for it',
    async () => {
      const base = new Date();
      const session = await sessionAround(base);
      const lastBeat = new Date(base.getTime() - 60_000);
      const dead = await insertLease({
        lastBeatAt: lastBeat,
        expiresAt: new Date(lastBeat.getTime() + 30_000),
      });
      const stay = await insertStay({
        coachingSessionId: session.id,
        userId: people.participants[0]!.id,
        nodeId: dead,
        joinedAt: new Date(base.getTime() - 10 * MINUTE),
      });

      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let reportFirst!: (result: Awaited<ReturnType<typeof closeStaysOfDeadNodes>>) => void;
      const firstResult = new Promise<Awaited<ReturnType<typeof closeStaysOfDeadNodes>>>(
        (resolve) => (reportFirst = resolve),
      );
      const firstSurvivor = randomUUID();
      const holding = database.db.transaction().execute(async (trx) => {
        reportFirst(await closeStaysOfDeadNodes(trx, { survivorId: firstSurvivor }));
        await released;
      });
      const first = await firstResult;
      expect(first.closed.map((row) => row.id)).toEqual([stay]);

      // the first survivor has not committed: the second one skips the lease it holds
      const second = await closeStaysOfDeadNodes(database.db, { survivorId: randomUUID() });
      expect(second).toEqual({ deadNodeIds: [], closed: [] });
      expect(await leftAt(stay)).toBeNull();

      release();
      await holding;
      expect(await leftAt(stay)).toBe(lastBeat.toISOString());
      expect(await closeStaysOfDeadNodes(database.db, { survivorId: randomUUID() })).toEqual({
        deadNodeIds: [],
        closed: [],
      });
      await database.db.deleteFrom('server_node').where('id', '=', dead).execute();
    },
  );
});

describe('a node’s own lease', () => {
  it('registers, renews, and learns when it had been taken for dead', async () => {
    const nodeId = randomUUID();
    expect(await renewLease(database.db, { nodeId, expiryMs: 30_000 })).toBe('registered');
    const registered = await database.db
      .selectFrom('server_node')
      .select(['pid', sql<number>`extract(epoch from expires_at - last_beat_at)`.as('seconds')])
      .where('id', '=', nodeId)
      .executeTakeFirstOrThrow();
    expect(registered.pid).toBe(process.pid);
    expect(Number(registered.seconds)).toBe(30);
    expect(await renewLease(database.db, { nodeId, expiryMs: 30_000 })).toBe('renewed');

    await database.db
      .updateTable('server_node')
      .set({
        last_beat_at: sql<Date>`now() - interval '2 minutes'`,
        expires_at: sql<Date>`now() - interval '1 minute'`,
      })
      .where('id', '=', nodeId)
      .execute();
    await closeStaysOfDeadNodes(database.db, { survivorId: randomUUID() });
    expect(await renewLease(database.db, { nodeId, expiryMs: 30_000 })).toBe('restored');
    expect(await renewLease(database.db, { nodeId, expiryMs: 30_000 })).toBe('renewed');
    const renewed = await database.db
      .selectFrom('server_node')
      .select(['reaped_at', 'reaped_by', sql<boolean>`expires_at > now()`.as('alive')])
      .where('id', '=', nodeId)
      .executeTakeFirstOrThrow();
    expect(renewed).toEqual({ reaped_at: null, reaped_by: null, alive: true });
    await retireNode(database.db, { nodeId });
  });

  it('closes its own stays now and removes its lease when it shuts down', async () => {
    const base = new Date();
    const session = await sessionAround(base);
    const nodeId = randomUUID();
    await renewLease(database.db, { nodeId, expiryMs: 30_000 });
    const stay = await insertStay({
      coachingSessionId: session.id,
      userId: people.participants[1]!.id,
      nodeId,
      joinedAt: new Date(base.getTime() - 20 * MINUTE),
    });
    expect(await retireNode(database.db, { nodeId })).toBe(1);
    expect(Date.parse((await leftAt(stay))!)).toBeGreaterThanOrEqual(base.getTime() - 1000);
    expect(
      await database.db.selectFrom('server_node').select('id').where('id', '=', nodeId).execute(),
    ).toEqual([]);
    const attendance = await database.db
      .selectFrom('attendance')
      .select('minutes_credited')
      .where('coaching_session_id', '=', session.id)
      .where('user_id', '=', people.participants[1]!.id)
      .executeTakeFirstOrThrow();
    expect(attendance.minutes_credited).toBe(20);
  });
});

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
