import { z } from 'zod';
import type { DB } from '../../db/db.server';
import {
  closeLiveSegment,
  closeOrphanedLiveSegments,
  listClosedLiveSegments,
  openLiveSegment,
} from '../../app/live/attendance.server';
import { runLiveCommand, type ParsedLiveCommand } from '../../app/live/commands.server';
import { getLiveRoomAccess, getLiveState, listLiveEvents } from '../../app/live/live.server';
import { projectLiveState } from '../../app/live/state';
import {
  rooms,
  type Ack,
  type LivePresence,
  type LiveRoomJoined,
  type LiveRoomMember,
  type PresenceRole,
} from '../events';
import { projectStoredEvents, publishLiveEvents } from '../live-broadcast';
import type { RealtimeServer, RealtimeSocket } from '../types';

const JoinSchema = z.strictObject({
  coachingSessionId: z.uuid({ error: 'coachingSessionId must be a coaching session id' }),
  afterSeq: z.int({ error: 'afterSeq must be a whole number' }).min(0).optional(),
});
const LeaveSchema = z.strictObject({
  coachingSessionId: z.uuid({ error: 'coachingSessionId must be a coaching session id' }),
});

/** past this many missed events a reconnecting client gets the whole state instead */
const MAX_REPLAY = 1000;

const roleOrder: Record<PresenceRole, number> = {
  facilitator: 0,
  coach: 1,
  'org-admin': 2,
  participant: 3,
};

type Reply<T> = (result: Ack<T>) => void;

/**
 * Who is in a live room, from the sockets in it on every node (fetchSockets goes through
 * the adapter), one entry per person however many tabs they have open.
 */
export async function liveRoomMembers(
  io: RealtimeServer,
  coachingSessionId: string,
): Promise<LiveRoomMember[]> {
  return (await liveRoomSnapshot(io, coachingSessionId)).here;
}

/** the people in the room and the ids of every socket in it, across all nodes */
async function liveRoomSnapshot(io: RealtimeServer, coachingSessionId: string) {
  const sockets = await io.in(rooms.live(coachingSessionId)).fetchSockets();
  const byUser = new Map<string, LiveRoomMember>();
  for (const socket of sockets) {
    const membership = socket.data.live?.[coachingSessionId];
    if (!membership) continue;
    byUser.set(socket.data.userId, {
      userId: socket.data.userId,
      name: socket.data.name,
      role: membership.role,
    });
  }
  const here = [...byUser.values()].sort(
    (a, b) => roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name),
  );
  return { here, socketIds: sockets.map((socket) => socket.id) };
}

export function createLiveRoomHandlers(deps: { db: DB; io: RealtimeServer; nodeId: string }) {
  const { db, io, nodeId } = deps;
  // commands to one room run one after another on this node, so events leave in seq order
  // (the database lock serialises them anyway; without this, two commits' acks can overtake)
  const roomQueues = new Map<string, Promise<unknown>>();
  function inRoomOrder<T>(coachingSessionId: string, work: () => Promise<T>): Promise<T> {
    const previous = roomQueues.get(coachingSessionId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => {});
    roomQueues.set(coachingSessionId, settled);
    void settled.then(() => {
      if (roomQueues.get(coachingSessionId) === settled) roomQueues.delete(coachingSessionId);
    });
    return next;
  }

  async function broadcastPresence(coachingSessionId: string) {
    const seenAt = new Date();
    const { here, socketIds } = await liveRoomSnapshot(io, coachingSessionId);
    // stays whose socket is in the room on no node (their node died) end now, not at the
    // session's end
    await closeOrphanedLiveSegments(db, {
      coachingSessionId,
      connectedSocketIds: socketIds,
      seenAt,
    });
    const presence: LivePresence = { coachingSessionId, here };
    io.to(rooms.live(coachingSessionId)).emit('live:presence', presence);
  }

  async function leaveRoom(socket: RealtimeSocket, coachingSessionId: string) {
    const membership = socket.data.live?.[coachingSessionId];
    if (!membership) return;
    const { [coachingSessionId]: _left, ...rest } = socket.data.live;
    socket.data.live = rest;
    await Promise.all([
      socket.leave(rooms.live(coachingSessionId)),
      socket.leave(rooms.liveHosts(coachingSessionId)),
      socket.leave(rooms.liveUser(coachingSessionId, socket.data.userId)),
    ]);
    if (membership.segment) {
      await closeLiveSegment(db, { coachingSessionId, rawEventId: membership.segment });
    }
  }

  return {
    join: async (socket: RealtimeSocket, payload: unknown, ack: Reply<LiveRoomJoined>) => {
      const parsed = JoinSchema.safeParse(payload);
      if (!parsed.success) {
        return ack({ error: parsed.error.issues[0]?.message ?? 'That request is not valid.' });
      }
      const { coachingSessionId, afterSeq } = parsed.data;
      const access = await getLiveRoomAccess(db, {
        coachingSessionId,
        userId: socket.data.userId,
      });
      if (!access) return ack({ error: 'You are not a member of this session’s cohort.' });

      // join before reading, so no event falls between what is read and what arrives
      const joinedRooms = [
        rooms.live(coachingSessionId),
        rooms.liveUser(coachingSessionId, socket.data.userId),
        rooms.liveMember(access.cohortId, socket.data.userId),
      ];
      if (access.isHost) joinedRooms.push(rooms.liveHosts(coachingSessionId));
      await socket.join(joinedRooms);
      const previous = socket.data.live?.[coachingSessionId];
      const segment =
        previous?.segment ??
        (await openLiveSegment(db, {
          coachingSessionId,
          userId: socket.data.userId,
          connectionId: socket.id,
          nodeId,
        }));
      socket.data.live = {
        ...socket.data.live,
        [coachingSessionId]: { role: access.role, isHost: access.isHost, segment, access },
      };

      const viewer = { userId: socket.data.userId, isHost: access.isHost };
      const result: LiveRoomJoined = {
        me: {
          userId: access.user.id,
          name: access.user.name,
          role: access.role,
          isHost: access.isHost,
        },
        here: await liveRoomMembers(io, coachingSessionId),
        serverTime: new Date().toISOString(),
      };
      const missed =
        afterSeq === undefined
          ? null
          : await listLiveEvents(db, { coachingSessionId, afterSeq, limit: MAX_REPLAY + 1 });
      if (missed && missed.length <= MAX_REPLAY) {
        result.events = projectStoredEvents(missed, viewer);
      } else {
        result.state = projectLiveState(await getLiveState(db, { coachingSessionId }), viewer);
      }
      ack({ data: result });
      await broadcastPresence(coachingSessionId);
    },

    leave: async (socket: RealtimeSocket, payload: unknown, ack: Reply<null>) => {
      const parsed = LeaveSchema.safeParse(payload);
      if (!parsed.success) {
        return ack({ error: parsed.error.issues[0]?.message ?? 'That request is not valid.' });
      }
      if (!socket.data.live?.[parsed.data.coachingSessionId]) {
        return ack({ error: 'You are not in this room.' });
      }
      await leaveRoom(socket, parsed.data.coachingSessionId);
      ack({ data: null });
      await broadcastPresence(parsed.data.coachingSessionId);
    },

    /**
     * A parsed command from a member of the room: their access was checked when they joined
     * (a membership change ends their sockets, see endLiveMembership), so it is not read again.
     */
    command: async (socket: RealtimeSocket, command: ParsedLiveCommand, ack: Reply<unknown>) => {
      const coachingSessionId = command.input.coachingSessionId;
      const membership = socket.data.live?.[coachingSessionId];
      if (!membership?.access) return ack({ error: 'Join the room first.' });
      const presentUserIds =
        command.command === 'breakout:suggest' || command.command === 'breakout:start'
          ? (await liveRoomMembers(io, coachingSessionId))
              .filter((member) => member.role === 'participant')
              .map((member) => member.userId)
          : undefined;
      await inRoomOrder(coachingSessionId, async () => {
        const outcome = await runLiveCommand(db, {
          access: membership.access,
          command,
          presentUserIds,
        });
        if ('error' in outcome) return ack({ error: outcome.error });
        ack({ data: outcome.data });
        publishLiveEvents(io, outcome.envelopes);
      });
    },

    /** after a dropped connection came back with its state: count the time again */
    recovered: async (socket: RealtimeSocket) => {
      for (const [coachingSessionId, membership] of Object.entries(socket.data.live ?? {})) {
        membership.segment = await openLiveSegment(db, {
          coachingSessionId,
          userId: socket.data.userId,
          connectionId: socket.id,
          nodeId,
        });
        await broadcastPresence(coachingSessionId);
      }
    },

    /**
     * This node was taken for dead (its lease expired while it could not reach the database)
     * and its stays were closed at its last beat: the people still here count again from now.
     */
    reopenClosedStays: async () => {
      const held = [...io.of('/').sockets.values()].flatMap((socket) =>
        Object.entries(socket.data.live ?? {}).flatMap(([coachingSessionId, membership]) =>
          membership.segment ? [{ socket, coachingSessionId, membership }] : [],
        ),
      );
      const closed = await listClosedLiveSegments(
        db,
        held.map(({ membership }) => membership.segment as string),
      );
      let reopened = 0;
      for (const { socket, coachingSessionId, membership } of held) {
        if (!membership.segment || !closed.has(membership.segment)) continue;
        membership.segment = await openLiveSegment(db, {
          coachingSessionId,
          userId: socket.data.userId,
          connectionId: socket.id,
          nodeId,
        });
        reopened += 1;
      }
      return reopened;
    },

    /** tells each room who is here now, e.g. after a dead node's people were closed out */
    refreshPresence: async (coachingSessionIds: readonly string[]) => {
      for (const coachingSessionId of coachingSessionIds)
        await broadcastPresence(coachingSessionId);
    },

    /** the socket is gone: close its attendance and tell each room */
    disconnected: async (socket: RealtimeSocket) => {
      for (const [coachingSessionId, membership] of Object.entries(socket.data.live ?? {})) {
        if (membership.segment) {
          await closeLiveSegment(db, { coachingSessionId, rawEventId: membership.segment });
          // kept in socket.data for a recovery, which opens a fresh segment
          membership.segment = null;
        }
        await broadcastPresence(coachingSessionId);
      }
    },
  };
}
