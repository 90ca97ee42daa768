import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_LEASE_EXPIRY_MS } from '../../app/live/node-lease.server';
import { buildCohortWithPeople } from '../../db/builders';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { buildLiveSession } from '../setup/live';
import { nodeCluster } from '../setup/nodes';
import type { ServerProcess } from '../setup/server-process';
import { waitFor } from '../setup/sockets';

/**
 * Two real server processes share one PostgreSQL database and one Redis, as two nodes behind
 * a load balancer. One is killed with SIGKILL, so it closes nothing itself; the other must
 * close the dead node's live-room attendance at its last beat once its lease expires.
 *
 * Two processes cannot share the embedded database, so this runs on PostgreSQL only
 * (CI always sets DATABASE_URL).
 */

const PASSWORD = 'node death test password';
const BEAT_MS = 500;
const EXPIRY_MS = 2000;

/** another process changes the database without telling anyone: look again until it has */
async function untilTrue(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition never came true');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.runIf(process.env.DATABASE_URL)('a node killed with SIGKILL', () => {
  let database: TestDatabase;
  let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
  let cluster: ReturnType<typeof nodeCluster>;
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    people = await buildCohortWithPeople(database.db, {
      participants: 3,
      passwordHash: await hashPassword(PASSWORD),
    });
    cluster = nodeCluster(database.url!, {
      HEARTBEAT_MS: String(BEAT_MS),
      LEASE_EXPIRY_MS: String(EXPIRY_MS),
    });
    [nodeA, nodeB] = await Promise.all([cluster.start(), cluster.start()]);
  });

  afterAll(async () => {
    await cluster?.stop();
    await database?.drop();
  });

  const enter = (url: string, email: string, coachingSessionId: string) =>
    cluster.enterLiveRoom(url, { email, password: PASSWORD }, coachingSessionId);

  async function nodeIdOf(node: ServerProcess) {
    const lease = await database.db
      .selectFrom('server_node')
      .select('id')
      .where('pid', '=', node.child.pid!)
      .executeTakeFirstOrThrow();
    return lease.id;
  }

  it('has its people’s attendance closed by the survivor at its last beat', async () => {
    const session = await buildLiveSession(database.db, {
      cohortId: people.cohort.id,
      hostId: people.coach.id,
    });
    const coach = await enter(nodeB.url, people.coach.email, session.id);
    const everyoneHere = waitFor(
      coach.socket,
      'live:presence',
      (presence) => presence.here.length === 4,
    );
    for (const participant of people.participants) {
      await enter(nodeA.url, participant.email, session.id);
    }
    await everyoneHere;

    const [idA, idB] = await Promise.all([nodeIdOf(nodeA), nodeIdOf(nodeB)]);
    const open = await database.db
      .selectFrom('attendance_segment')
      .select(['user_id as userId', 'node_id as nodeId'])
      .where('coaching_session_id', '=', session.id)
      .where('left_at', 'is', null)
      .execute();
    expect(
      open
        .filter((stay) => stay.nodeId === idA)
        .map((stay) => stay.userId)
        .sort(),
    ).toEqual(people.participants.map((participant) => participant.id).sort());
    expect(open.filter((stay) => stay.nodeId === idB).map((stay) => stay.userId)).toEqual([
      people.coach.id,
    ]);

    // node A beats at least once more, so every stay began before its last beat (a stay that
    // began after it ends where it began instead)
    await untilTrue(async () => {
      const beat = await database.db
        .selectFrom('server_node')
        .select(
          sql<boolean>`last_beat_at > (
          select max(joined_at) from attendance_segment where node_id = server_node.id
        )`.as('afterJoins'),
        )
        .where('id', '=', idA)
        .executeTakeFirstOrThrow();
      return beat.afterJoins;
    });

    const openOnA = await database.db
      .selectFrom('attendance_segment')
      .select('id')
      .where('node_id', '=', idA)
      .where('left_at', 'is', null)
      .execute();
    expect(openOnA).toHaveLength(3);

    const heardBeforeKill = nodeB.logs.length;
    const killedAt = Date.now();
    process.kill(nodeA.child.pid!, 'SIGKILL');
    expect(await nodeA.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // node B says so when it has closed them (the log line is written after the commit)
    const reaped = await nodeB.untilLogged(
      heardBeforeKill,
      (line) => Array.isArray(line.deadNodeIds) && line.deadNodeIds.includes(idA),
    );
    expect(reaped.closedStays).toBe(3);
    const closedAt = Number(reaped.time);

    const stays = await database.db
      .selectFrom('attendance_segment')
      .innerJoin('server_node', 'server_node.id', 'attendance_segment.node_id')
      .select([
        'attendance_segment.user_id as userId',
        sql<boolean>`attendance_segment.left_at = server_node.last_beat_at`.as('atLastBeat'),
        'server_node.last_beat_at as lastBeatAt',
        'server_node.reaped_by as reapedBy',
      ])
      .where(
        'attendance_segment.id',
        'in',
        openOnA.map((stay) => stay.id),
      )
      .execute();
    expect(stays).toHaveLength(3);
    expect(stays.every((stay) => stay.atLastBeat)).toBe(true);
    expect(stays.every((stay) => stay.reapedBy === idB)).toBe(true);
    const lastBeatAt = new Date(stays[0]!.lastBeatAt).getTime();

    // the survivor's own person is still counted
    const stillOpen = await database.db
      .selectFrom('attendance_segment')
      .select('user_id as userId')
      .where('coaching_session_id', '=', session.id)
      .where('left_at', 'is', null)
      .execute();
    expect(stillOpen).toEqual([{ userId: people.coach.id }]);
    // and the minutes are recounted with the stays closed
    const counted = await database.db
      .selectFrom('attendance')
      .select('computed_at')
      .where('coaching_session_id', '=', session.id)
      .where('user_id', '=', people.participants[0]!.id)
      .executeTakeFirstOrThrow();
    expect(new Date(counted.computed_at).getTime()).toBeGreaterThanOrEqual(lastBeatAt);

    const killToClose = (closedAt - killedAt) / 1000;
    const beatToKill = (killedAt - lastBeatAt) / 1000;
    // past the expiry the survivor waits for its next beat (at most one) and does the work
    const afterExpiry = (closedAt - (lastBeatAt + EXPIRY_MS)) / 1000;
    const production = {
      earliest: (DEFAULT_LEASE_EXPIRY_MS - DEFAULT_HEARTBEAT_MS) / 1000,
      latest: (DEFAULT_LEASE_EXPIRY_MS + DEFAULT_HEARTBEAT_MS) / 1000,
    };
    console.log(
      [
        `node death (HEARTBEAT_MS=${BEAT_MS}, LEASE_EXPIRY_MS=${EXPIRY_MS}):`,
        `  last beat → kill ${beatToKill.toFixed(3)} s`,
        `  kill → stays closed ${killToClose.toFixed(3)} s`,
        `  lease expiry → stays closed ${afterExpiry.toFixed(3)} s (waiting for the next beat + the work)`,
        `  with the production defaults (${DEFAULT_HEARTBEAT_MS / 1000} s, ${DEFAULT_LEASE_EXPIRY_MS / 1000} s):` +
          ` kill → closed between ${production.earliest} s and ${production.latest} s` +
          ` + the work (${Math.max(0, afterExpiry - BEAT_MS / 1000).toFixed(3)}–${afterExpiry.toFixed(3)} s here)`,
      ].join('\n'),
    );
    expect(killToClose).toBeGreaterThan(0);
    // the lease ran out (EXPIRY_MS after the last beat) and the survivor acted within a beat,
    // leaving a second for a slow machine
    expect(closedAt).toBeGreaterThanOrEqual(lastBeatAt + EXPIRY_MS);
    expect(killToClose).toBeLessThanOrEqual((EXPIRY_MS + BEAT_MS + 1000) / 1000);
    expect(production.latest).toBeLessThanOrEqual(60);
  });
});
