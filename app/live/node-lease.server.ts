import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { getLogger } from '../log.server';
import { recomputeAttendance } from '../sessions/attendance.server';
import { closeStaysOfGoneConnections } from './attendance.server';

type Executor = Kysely<Database>;

/** production defaults: a dead node's people are closed out 20–40 s after it dies */
export const DEFAULT_HEARTBEAT_MS = 10_000;
export const DEFAULT_LEASE_EXPIRY_MS = 30_000;
/** a dead node's marked lease is history after this; its stays were closed long before */
const KEEP_DEAD_LEASES = sql`interval '1 day'`;

function expiresAfter(expiryMs: number) {
  return sql<Date>`now() + cast(${expiryMs} as integer) * interval '1 millisecond'`;
}

export type LeaseRenewal = 'registered' | 'renewed' | 'restored';

/**
 * Renews a node's lease until `expiryMs` from now on the database's clock, or registers it.
 * `restored` means a surviving node had taken this one for dead and closed its stays.
 */
export async function renewLease(
  db: Executor,
  input: { nodeId: string; expiryMs: number },
): Promise<LeaseRenewal> {
  return withTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('server_node')
      .select('reaped_at')
      .where('id', '=', input.nodeId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) {
      await trx
        .insertInto('server_node')
        .values({
          id: input.nodeId,
          host: hostname(),
          pid: process.pid,
          expires_at: expiresAfter(input.expiryMs),
        })
        .execute();
      return 'registered';
    }
    await trx
      .updateTable('server_node')
      .set({
        last_beat_at: sql<Date>`now()`,
        expires_at: expiresAfter(input.expiryMs),
        reaped_at: null,
        reaped_by: null,
      })
      .where('id', '=', input.nodeId)
      .execute();
    return current.reaped_at ? 'restored' : 'renewed';
  });
}

export interface ClosedStay {
  id: string;
  coachingSessionId: string;
  userId: string;
  nodeId: string;
}

/**
 * Closes every open live-room stay of the nodes whose lease expired, at the node's last beat,
 * recounts those coaching sessions' attendance and marks the leases dead, in one transaction.
 * Leases are claimed with SKIP LOCKED, so survivors running this at once share the dead nodes
 * between them and each stay is closed exactly once. A dead lease keeps catching stays until
 * it is pruned: its node may have opened one just before it died.
 */
export async function closeStaysOfDeadNodes(
  db: Executor,
  input: { survivorId: string },
): Promise<{ deadNodeIds: string[]; closed: ClosedStay[] }> {
  return withTransaction(db, async (trx) => {
    const expired = await trx
      .selectFrom('server_node')
      .select(['id', 'reaped_at'])
      .where('expires_at', '<', sql<Date>`now()`)
      .where('id', '<>', input.survivorId)
      .forUpdate()
      .skipLocked()
      .execute();
    if (expired.length === 0) return { deadNodeIds: [], closed: [] };
    const ids = expired.map((lease) => lease.id);

    const closed = await trx
      .updateTable('attendance_segment')
      .from('server_node')
      .set({
        left_at: sql<Date>`greatest(server_node.last_beat_at, attendance_segment.joined_at)`,
      })
      .whereRef('attendance_segment.node_id', '=', 'server_node.id')
      .where('server_node.id', 'in', ids)
      .where('attendance_segment.source', '=', 'live-room')
      .where('attendance_segment.left_at', 'is', null)
      .returning([
        'attendance_segment.id',
        'attendance_segment.coaching_session_id as coachingSessionId',
        'attendance_segment.user_id as userId',
        'server_node.id as nodeId',
      ])
      .execute();
    for (const coachingSessionId of [...new Set(closed.map((stay) => stay.coachingSessionId))]) {
      await recomputeAttendance(trx, { coachingSessionId });
    }

    const deadNodeIds = expired
      .filter((lease) => lease.reaped_at === null)
      .map((lease) => lease.id);
    if (deadNodeIds.length > 0) {
      await trx
        .updateTable('server_node')
        .set({ reaped_at: sql<Date>`now()`, reaped_by: input.survivorId })
        .where('id', 'in', deadNodeIds)
        .execute();
    }
    await trx
      .deleteFrom('server_node')
      .where('id', 'in', ids)
      .where('reaped_at', '<', sql<Date>`now() - ${KEEP_DEAD_LEASES}`)
      .execute();
    return { deadNodeIds, closed };
  });
}

/** A node shutting down: its stays end now and its lease goes. Returns the stays closed. */
export async function retireNode(db: Executor, input: { nodeId: string }) {
  return withTransaction(db, async (trx) => {
    // the lease first, the order survivors lock in
    await trx.deleteFrom('server_node').where('id', '=', input.nodeId).execute();
    const closed = await trx
      .updateTable('attendance_segment')
      .set({ left_at: sql<Date>`greatest(now(), joined_at)` })
      .where('node_id', '=', input.nodeId)
      .where('source', '=', 'live-room')
      .where('left_at', 'is', null)
      .returning('coaching_session_id as coachingSessionId')
      .execute();
    for (const coachingSessionId of [...new Set(closed.map((stay) => stay.coachingSessionId))]) {
      await recomputeAttendance(trx, { coachingSessionId });
    }
    return closed.length;
  });
}

export interface NodeHeartbeat {
  nodeId: string;
  /** one beat now (renew, then close dead nodes' stays); the timer calls the same */
  beat(): Promise<void>;
  /** stops beating, closes this node's stays and removes its lease */
  stop(): Promise<void>;
}

export interface NodeHeartbeatOptions {
  db: Executor;
  nodeId: string;
  beatMs?: number;
  expiryMs?: number;
  /** this node was taken for dead while it still ran: count its people's time again */
  onLeaseRestored?: () => Promise<unknown>;
  /** stays of dead nodes were closed in these coaching sessions */
  onStaysClosed?: (coachingSessionIds: string[]) => Promise<unknown>;
  /** the ids of the sockets connected to this node; its stays of any other socket are closed */
  connectedSocketIds?: () => readonly string[];
}

/**
 * Keeps this node's lease alive and, on every beat, closes the stays of nodes that stopped
 * beating. A beat that fails (the database is away) is logged and tried again at the next
 * one; nothing here throws into the process.
 */
export async function startNodeHeartbeat(options: NodeHeartbeatOptions): Promise<NodeHeartbeat> {
  const { db, nodeId } = options;
  const beatMs = options.beatMs ?? DEFAULT_HEARTBEAT_MS;
  const expiryMs = options.expiryMs ?? DEFAULT_LEASE_EXPIRY_MS;
  if (expiryMs < 2 * beatMs) {
    throw new Error('a node lease must last at least two heartbeats');
  }
  let registered = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let passes: Promise<void> = Promise.resolve();

  async function renew() {
    let renewal: LeaseRenewal;
    try {
      renewal = await renewLease(db, { nodeId, expiryMs });
    } catch (error) {
      getLogger().error(
        { err: error, nodeId },
        'node heartbeat: could not renew the lease; trying again at the next beat',
      );
      return;
    }
    const lapsed = renewal === 'restored' || (renewal === 'registered' && registered);
    registered = true;
    if (!lapsed) return;
    getLogger().warn(
      { nodeId },
      'node heartbeat: this node’s lease had expired and its stays were closed; counting again',
    );
    await options.onLeaseRestored?.().catch((error: unknown) => {
      getLogger().error({ err: error, nodeId }, 'node heartbeat: could not reopen stays');
    });
  }

  async function reap() {
    let closed: Awaited<ReturnType<typeof closeStaysOfDeadNodes>>;
    try {
      closed = await closeStaysOfDeadNodes(db, { survivorId: nodeId });
    } catch (error) {
      getLogger().error(
        { err: error, nodeId },
        'node heartbeat: could not close the stays of dead nodes; trying again at the next beat',
      );
      return;
    }
    if (closed.deadNodeIds.length === 0 && closed.closed.length === 0) return;
    const coachingSessionIds = [...new Set(closed.closed.map((stay) => stay.coachingSessionId))];
    getLogger().warn(
      {
        nodeId,
        deadNodeIds: closed.deadNodeIds,
        closedStays: closed.closed.length,
        coachingSessionIds,
      },
      'node heartbeat: closed the live-room stays of nodes whose lease expired',
    );
    if (coachingSessionIds.length === 0) return;
    await options.onStaysClosed?.(coachingSessionIds).catch((error: unknown) => {
      getLogger().warn({ err: error, nodeId }, 'node heartbeat: could not refresh presence');
    });
  }

  /** this node's own stays whose socket is gone (a close that failed) end now */
  async function sweep() {
    if (!options.connectedSocketIds) return;
    const seenAt = new Date();
    try {
      const coachingSessionIds = await closeStaysOfGoneConnections(db, {
        nodeId,
        connectedSocketIds: options.connectedSocketIds(),
        seenAt,
      });
      if (coachingSessionIds.length > 0) {
        getLogger().warn(
          { nodeId, coachingSessionIds },
          'node heartbeat: closed stays whose socket had gone without closing them',
        );
      }
    } catch (error) {
      getLogger().error(
        { err: error, nodeId },
        'node heartbeat: could not close the stays of gone sockets; trying again at the next beat',
      );
    }
  }

  function beat() {
    const next = passes.then(async () => {
      if (stopped) return;
      await renew();
      if (stopped) return;
      await reap();
      await sweep();
    });
    passes = next.catch(() => {});
    return next;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      void beat()
        .catch((error: unknown) => getLogger().error({ err: error, nodeId }, 'node heartbeat'))
        .finally(schedule);
    }, beatMs);
    timer.unref();
  }

  // registered before any socket can open a stay under this node's id
  await beat();
  schedule();

  return {
    nodeId,
    beat,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await passes;
      try {
        await retireNode(db, { nodeId });
      } catch (error) {
        getLogger().error(
          { err: error, nodeId },
          'node heartbeat: could not retire the lease; a surviving node will close its stays when it expires',
        );
      }
    },
  };
}
