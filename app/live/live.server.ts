import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { administersOrganization, may, type CohortAccessRole } from '../permissions/policy';
import { isUuid } from '../utils/ids';
import {
  applyLiveEvent,
  emptyLiveState,
  type LiveEventEnvelope,
  type LiveEventType,
  type LiveState,
} from './state';

type Executor = Kysely<Database>;

export interface LiveRoomAccess {
  coachingSessionId: string;
  cohortId: string;
  programId: string;
  title: string;
  organizationId: string;
  role: CohortAccessRole;
  /** facilitators, coaches and org admins run the room */
  isHost: boolean;
  user: { id: string; name: string };
}

function accessQuery(db: Executor, input: { coachingSessionId: string; userId: string }) {
  return db
    .selectFrom('coaching_session')
    .innerJoin('cohort', 'cohort.id', 'coaching_session.cohort_id')
    .innerJoin('app_user', (join) => join.on('app_user.id', '=', input.userId))
    .leftJoin('cohort_member', (join) =>
      join
        .onRef('cohort_member.cohort_id', '=', 'cohort.id')
        .onRef('cohort_member.user_id', '=', 'app_user.id')
        .on('cohort_member.status', 'in', ['active', 'completed']),
    )
    .select([
      'coaching_session.id as coachingSessionId',
      'coaching_session.title',
      'coaching_session.status',
      'cohort.id as cohortId',
      'cohort.program_id as programId',
      'cohort.organization_id as cohortOrganizationId',
      'app_user.id as userId',
      'app_user.name as userName',
      'app_user.organization_id as userOrganizationId',
      'app_user.is_org_admin as isOrgAdmin',
      'cohort_member.role',
    ])
    .where('coaching_session.id', '=', input.coachingSessionId);
}

type AccessRow = NonNullable<
  Awaited<ReturnType<ReturnType<typeof accessQuery>['executeTakeFirst']>>
>;

function toAccess(row: AccessRow | undefined): LiveRoomAccess | null {
  if (!row || row.status === 'cancelled') return null;
  const role: CohortAccessRole | null =
    row.role ??
    (administersOrganization(
      { isOrgAdmin: row.isOrgAdmin, organizationId: row.userOrganizationId },
      row.cohortOrganizationId,
    )
      ? 'org-admin'
      : null);
  if (!role) return null;
  return {
    coachingSessionId: row.coachingSessionId,
    cohortId: row.cohortId,
    programId: row.programId,
    organizationId: row.cohortOrganizationId,
    title: row.title,
    role,
    isHost: may(role, 'host'),
    user: { id: row.userId, name: row.userName },
  };
}

/**
 * Who this person is in the room of a coaching session, read from the database: null for a
 * malformed or unknown session, a cancelled one, or someone who is not an admitted member of
 * its cohort (nor an admin of its organization).
 */
export async function getLiveRoomAccess(
  db: Executor,
  input: { coachingSessionId: unknown; userId: string },
): Promise<LiveRoomAccess | null> {
  if (!isUuid(input.coachingSessionId)) return null;
  const row = await accessQuery(db, {
    coachingSessionId: input.coachingSessionId,
    userId: input.userId,
  }).executeTakeFirst();
  return toAccess(row);
}

/**
 * Locks the room for the rest of the transaction (see lockLiveRoom) while checking who the
 * sender is, then reads the state their command is decided from. The state is read in a
 * statement of its own, after the lock is granted: a row joined into the locking statement
 * would come from the snapshot taken before waiting, and miss the append that was waited for.
 */
export async function lockLiveRoomAs(
  db: Executor,
  input: { coachingSessionId: string; userId: string },
): Promise<{ access: LiveRoomAccess | null; state: LiveState }> {
  const row = await accessQuery(db, input).forNoKeyUpdate('coaching_session').executeTakeFirst();
  const access = toAccess(row);
  if (!access) return { access, state: emptyLiveState() };
  return { access, state: await getLiveState(db, { coachingSessionId: access.coachingSessionId }) };
}

/** The room's state as stored (server view, with ballots), or the empty state. */
export async function getLiveState(
  db: Executor,
  input: { coachingSessionId: string },
): Promise<LiveState> {
  const row = await db
    .selectFrom('live_room')
    .select('state')
    .where('coaching_session_id', '=', input.coachingSessionId)
    .executeTakeFirst();
  return row ? (row.state as LiveState) : emptyLiveState();
}

/** Events after `afterSeq`, in order: what a client that missed them replays. */
export async function listLiveEvents(
  db: Executor,
  input: { coachingSessionId: string; afterSeq?: number; limit?: number },
): Promise<LiveEventEnvelope[]> {
  const rows = await db
    .selectFrom('live_event')
    .select(['coaching_session_id', 'seq', 'type', 'at', 'actor_id', 'payload'])
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where('seq', '>', input.afterSeq ?? 0)
    .orderBy('seq')
    .$if(input.limit !== undefined, (query) => query.limit(input.limit!))
    .execute();
  return rows.map(toEnvelope);
}

function toEnvelope(row: {
  coaching_session_id: string;
  seq: number;
  type: string;
  at: Date | string;
  actor_id: string | null;
  payload: unknown;
}): LiveEventEnvelope {
  return {
    coachingSessionId: row.coaching_session_id,
    seq: Number(row.seq),
    type: row.type as LiveEventType,
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    payload: row.payload as Record<string, unknown>,
  };
}

/** Rebuilds the state from the log alone, e.g. to check the stored state against it. */
export async function rebuildLiveState(db: Executor, input: { coachingSessionId: string }) {
  const events = await listLiveEvents(db, input);
  return events.reduce(applyLiveEvent, emptyLiveState());
}

/**
 * Locks the room of a coaching session for the rest of the transaction and returns its
 * state; every append goes through this lock, so seqs never collide. The lock is on the
 * coaching session row (no key update: attendance rows referencing it are not held up),
 * so a first command that fails leaves no room row behind.
 */
export async function lockLiveRoom(db: Executor, coachingSessionId: string): Promise<LiveState> {
  await db
    .selectFrom('coaching_session')
    .select('id')
    .where('id', '=', coachingSessionId)
    .forNoKeyUpdate()
    .executeTakeFirstOrThrow();
  return getLiveState(db, { coachingSessionId });
}

export interface NewLiveEvent {
  type: Exclude<LiveEventType, 'private'>;
  payload: Record<string, unknown>;
}

/**
 * Appends events to a room's log with the next seqs and stores the state they lead to, in
 * one transaction (the caller's, when it has one). Broadcast the returned envelopes only
 * after the transaction commits.
 */
export async function appendLiveEvents(
  db: Executor,
  input: {
    coachingSessionId: string;
    actorId: string | null;
    events: NewLiveEvent[];
    /** the state read under this transaction's lock, when the caller already holds it */
    lockedState?: LiveState;
  },
): Promise<{ envelopes: LiveEventEnvelope[]; state: LiveState }> {
  return withTransaction(db, async (trx) => {
    let state = input.lockedState ?? (await lockLiveRoom(trx, input.coachingSessionId));
    if (input.events.length === 0) return { envelopes: [], state };
    const rows = input.events.map((event, index) => ({
      coaching_session_id: input.coachingSessionId,
      seq: state.seq + index + 1,
      type: event.type,
      actor_id: input.actorId,
      payload: event.payload,
    }));
    const inserted = await trx
      .insertInto('live_event')
      .values(rows)
      .returning(['coaching_session_id', 'seq', 'type', 'at', 'actor_id', 'payload'])
      .execute();
    const envelopes = inserted.map(toEnvelope).sort((a, b) => a.seq - b.seq);
    state = envelopes.reduce(applyLiveEvent, state);
    await trx
      .insertInto('live_room')
      .values({ coaching_session_id: input.coachingSessionId, last_seq: state.seq, state })
      .onConflict((oc) =>
        oc
          .column('coaching_session_id')
          .doUpdateSet({ last_seq: state.seq, state, updated_at: sql<Date>`now()` }),
      )
      .execute();
    return { envelopes, state };
  });
}
