import { z } from 'zod';
import type { DB } from '../../db/db.server';
import { getCohortAccess } from '../../app/permissions/permissions.server';
import { may } from '../../app/permissions/policy';
import { rooms, type CohortPresence, type OnlineMember, type PresenceRole } from '../events';
import type { RealtimeServer, RealtimeSocket } from '../types';

const WatchSchema = z.strictObject({ cohortId: z.uuid() });

const roleOrder: Record<PresenceRole, number> = {
  facilitator: 0,
  coach: 1,
  'org-admin': 2,
  participant: 3,
};

/**
 * Who is online in a cohort, computed from the sockets in its room. fetchSockets asks
 * every node through the adapter, so nothing is kept in this process's memory.
 */
export async function onlineInCohort(
  io: RealtimeServer,
  cohortId: string,
): Promise<CohortPresence> {
  const sockets = await io.in(rooms.cohort(cohortId)).fetchSockets();
  const byUser = new Map<string, OnlineMember>();
  for (const socket of sockets) {
    const role = socket.data.watching?.[cohortId];
    if (!role) continue;
    byUser.set(socket.data.userId, { userId: socket.data.userId, name: socket.data.name, role });
  }
  const online = [...byUser.values()].sort(
    (a, b) => roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name),
  );
  return { cohortId, online };
}

export function createPresenceHandlers(deps: { db: DB; io: RealtimeServer }) {
  const { db, io } = deps;

  async function broadcast(cohortId: string) {
    io.to(rooms.cohort(cohortId)).emit('presence:update', await onlineInCohort(io, cohortId));
  }

  return {
    watch: async (
      socket: RealtimeSocket,
      payload: unknown,
      ack: (result: { data: CohortPresence } | { error: string }) => void,
    ) => {
      const parsed = WatchSchema.safeParse(payload);
      if (!parsed.success) return ack({ error: 'cohortId must be a cohort id' });
      const { cohortId } = parsed.data;

      const access = await getCohortAccess(db, {
        cohortId,
        user: await userForSocket(db, socket),
      });
      if (!access) return ack({ error: 'not found' });
      if (!access.role || !may(access.role, 'view')) return ack({ error: 'forbidden' });

      socket.data.watching = { ...socket.data.watching, [cohortId]: access.role };
      await socket.join(rooms.cohort(cohortId));
      const presence = await onlineInCohort(io, cohortId);
      ack({ data: presence });
      socket.to(rooms.cohort(cohortId)).emit('presence:update', presence);
    },

    unwatch: async (
      socket: RealtimeSocket,
      payload: unknown,
      ack: (result: { data: null } | { error: string }) => void,
    ) => {
      const parsed = WatchSchema.safeParse(payload);
      if (!parsed.success) return ack({ error: 'cohortId must be a cohort id' });
      const { cohortId } = parsed.data;
      if (!socket.data.watching?.[cohortId])
        return ack({ error: 'You are not watching that cohort.' });
      const { [cohortId]: _left, ...rest } = socket.data.watching;
      socket.data.watching = rest;
      await socket.leave(rooms.cohort(cohortId));
      ack({ data: null });
      await broadcast(cohortId);
    },

    /** after a socket is gone, tell each cohort it watched */
    disconnected: async (watched: string[]) => {
      await Promise.all(watched.map((cohortId) => broadcast(cohortId)));
    },
  };
}

async function userForSocket(db: DB, socket: RealtimeSocket) {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'organization_id as organizationId', 'is_org_admin as isOrgAdmin'])
    .where('id', '=', socket.data.userId)
    .executeTakeFirstOrThrow();
  return user;
}
