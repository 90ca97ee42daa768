import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { closeStaysOfDeadNodes, renewLease, retireNode } from '../../app/live/node-lease.server';
import {
  MINUTE,
  database,
  people,
  sessionAround,
  insertLease,
  insertStay,
  leftAt,
} from './node-lease-world';

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
