import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { administersOrganization, may, type CohortAccessRole } from '../permissions/policy';
import { isUuid } from '../utils/ids';
import {
  applyLiveEvent,
  emptyLiveState,
  type ChatMessage,
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

interface LiveEventRow {
  coaching_session_id: string;
  seq: number;
  type: string;
  at: Date | string;
  actor_id: string | null;
  payload: unknown;
}

function toEnvelope(row: LiveEventRow): LiveEventEnvelope {
  return {
    coachingSessionId: row.coaching_session_id,
    seq: Number(row.seq),
    type: row.type as LiveEventType,
    at: new Date(row.at).toISOString(),
    actorId: row.actor_id,
    payload: row.payload as Record<string, unknown>,
  };
}

/** Rebuilds the state from the log alone, e.g. to check a snapshot against it. */
export async function rebuildLiveState(db: Executor, input: { coachingSessionId: string }) {
  const events = await listLiveEvents(db, input);
  return events.reduce(applyLiveEvent, emptyLiveState());
}

/** how many chat events a newcomer gets with the state; older ones stay in the log */
export const CHAT_PAGE = 100;
/** a snapshot is stored once this many state events followed the last one */
export const SNAPSHOT_EVERY = 20;

const CHAT_TYPES = sql.raw(`('chat:posted', 'chat:removed')`);

/**
 * Folds events that are in seq order but not necessarily consecutive (chat left out) into a
 * state. The state events between two seqs are all there, so the result is the state at the
 * last one's seq as far as a snapshot goes.
 */
export function foldLiveEvents(state: LiveState, events: readonly LiveEventEnvelope[]): LiveState {
  return events.reduce(
    (folded, event) =>
      event.seq > folded.seq ? applyLiveEvent({ ...folded, seq: event.seq - 1 }, event) : folded,
    state,
  );
}

/** the state events (no chat) of a room in (afterSeq, upToSeq], in order */
async function listStateEvents(
  db: Executor,
  input: { coachingSessionId: string; afterSeq: number; upToSeq?: number },
) {
  const rows = await db
    .selectFrom('live_event')
    .select(['coaching_session_id', 'seq', 'type', 'at', 'actor_id', 'payload'])
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where(sql<boolean>`type not in ${CHAT_TYPES}`)
    .where('seq', '>', input.afterSeq)
    .$if(input.upToSeq !== undefined, (query) => query.where('seq', '<=', input.upToSeq!))
    .orderBy('seq')
    .execute();
  return rows.map(toEnvelope);
}

/** The room's chat as its log has it, oldest first; the last `limit` chat events only if given. */
export async function listLiveChat(
  db: Executor,
  input: { coachingSessionId: string; upToSeq?: number; limit?: number },
): Promise<ChatMessage[]> {
  const rows = await db
    .selectFrom('live_event')
    .select(['coaching_session_id', 'seq', 'type', 'at', 'actor_id', 'payload'])
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where(sql<boolean>`type in ${CHAT_TYPES}`)
    .$if(input.upToSeq !== undefined, (query) => query.where('seq', '<=', input.upToSeq!))
    .orderBy('seq', 'desc')
    .$if(input.limit !== undefined, (query) => query.limit(input.limit!))
    .execute();
  const chatOnly = foldLiveEvents(emptyLiveState(), rows.map(toEnvelope).reverse());
  return chatOnly.chat;
}

/**
 * The room's state as a newcomer gets it (server view, with ballots): the snapshot brought up
 * to date with the state events after it, and the last page of chat. Everything is read as of
 * the room's counter, so an event appended meanwhile reaches the newcomer as a live event.
 */
export async function getLiveState(
  db: Executor,
  input: { coachingSessionId: string; chatLimit?: number },
): Promise<LiveState> {
  const room = await db
    .selectFrom('live_room')
    .select(['state', 'snapshot_seq', 'last_seq'])
    .where('coaching_session_id', '=', input.coachingSessionId)
    .executeTakeFirst();
  if (!room) return emptyLiveState();
  const [events, chat] = await Promise.all([
    listStateEvents(db, {
      coachingSessionId: input.coachingSessionId,
      afterSeq: room.snapshot_seq,
      upToSeq: room.last_seq,
    }),
    listLiveChat(db, {
      coachingSessionId: input.coachingSessionId,
      upToSeq: room.last_seq,
      limit: input.chatLimit ?? CHAT_PAGE,
    }),
  ]);
  const state = foldLiveEvents(fromSnapshot(room.state, room.snapshot_seq), events);
  return { ...state, seq: room.last_seq, chat };
}

function fromSnapshot(stored: unknown, seq: number): LiveState {
  return { ...emptyLiveState(), ...(stored as Partial<LiveState>), seq, chat: [] };
}

/**
 * Locks a room's counter for the rest of the transaction (its session, before a first event) and
 * returns its state without chat, as of its last event. Every append bumps the counter, so
 * nothing is appended to the room until this transaction ends: a command decided from this
 * state cannot be overtaken. `pending` says how many state events follow the snapshot.
 */
export async function lockLiveRoom(
  db: Executor,
  coachingSessionId: string,
): Promise<{ state: LiveState; pending: number; snapshotSeq: number }> {
  const lockRoom = () =>
    db
      .selectFrom('live_room')
      .select(['state', 'snapshot_seq', 'last_seq'])
      .where('coaching_session_id', '=', coachingSessionId)
      .forUpdate()
      .executeTakeFirst();
  let room = await lockRoom();
  if (!room) {
    // no event yet: hold the session row instead, so a refused first command leaves no room
    // row behind; then look again, as another first command may have appended meanwhile
    await db
      .selectFrom('coaching_session')
      .select('id')
      .where('id', '=', coachingSessionId)
      .forNoKeyUpdate()
      .executeTakeFirstOrThrow();
    room = await lockRoom();
    if (!room) return { state: emptyLiveState(), pending: 0, snapshotSeq: 0 };
  }
  const events = await listStateEvents(db, { coachingSessionId, afterSeq: room.snapshot_seq });
  const state = foldLiveEvents(fromSnapshot(room.state, room.snapshot_seq), events);
  return {
    state: { ...state, seq: room.last_seq },
    pending: events.length,
    snapshotSeq: room.snapshot_seq,
  };
}

/** what a snapshot keeps: everything but the chat, which the log holds */
function snapshotOf(state: LiveState): LiveState {
  return { ...state, chat: [] };
}

/**
 * Stores the room's state as its snapshot, under the lock taken by lockLiveRoom; a snapshot
 * never moves backwards.
 */
export async function storeLiveSnapshot(
  db: Executor,
  input: { coachingSessionId: string; state: LiveState },
) {
  await db
    .updateTable('live_room')
    .set({
      state: snapshotOf(input.state),
      snapshot_seq: input.state.seq,
      updated_at: sql<Date>`now()`,
    })
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where('snapshot_seq', '<', input.state.seq)
    .execute();
}

/** Whether a chat message is in the room, and whether the host removed it; null if not. */
export async function findLiveChatMessage(
  db: Executor,
  input: { coachingSessionId: string; messageId: string },
): Promise<{ removed: boolean } | null> {
  const row = await db
    .selectFrom('live_event')
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('live_event as removal')
            .select('removal.seq')
            .where('removal.coaching_session_id', '=', input.coachingSessionId)
            .where('removal.type', '=', 'chat:removed')
            .where(sql<boolean>`removal.payload->>'id' = ${input.messageId}`),
        )
        .as('removed'),
    )
    .where('coaching_session_id', '=', input.coachingSessionId)
    .where('type', '=', 'chat:posted')
    .where(sql<boolean>`payload->>'id' = ${input.messageId}`)
    .executeTakeFirst();
  return row ? { removed: Boolean(row.removed) } : null;
}

export interface NewLiveEvent {
  type: Exclude<LiveEventType, 'private'>;
  payload: Record<string, unknown>;
}

/**
 * Appends events to a room's log in one statement: the room's counter is bumped (and created
 * on a first event) and the events inserted with the seqs it hands out. The counter's row
 * lock orders concurrent appends to one room, across every node, until the transaction ends.
 * Broadcast the returned envelopes only after the transaction (if any) commits.
 */
export async function appendLiveEvents(
  db: Executor,
  input: { coachingSessionId: string; actorId: string | null; events: NewLiveEvent[] },
): Promise<LiveEventEnvelope[]> {
  const count = input.events.length;
  if (count === 0) return [];
  const fresh = sql.join(
    input.events.map(
      (event, index) => sql`(${index + 1}::integer, ${event.type}::text, ${event.payload}::jsonb)`,
    ),
  );
  const { rows } = await sql<LiveEventRow>`
    with counter as (
      insert into live_room as room (coaching_session_id, state, last_seq)
      values (${input.coachingSessionId}, ${snapshotOf(emptyLiveState())}::jsonb, ${count})
      on conflict (coaching_session_id) do update set last_seq = room.last_seq + ${count}
      returning room.last_seq
    ), fresh (ord, type, payload) as (values ${fresh})
    insert into live_event (coaching_session_id, seq, type, actor_id, payload)
    select ${input.coachingSessionId}, counter.last_seq - ${count} + fresh.ord, fresh.type,
      ${input.actorId}::uuid, fresh.payload
    from counter cross join fresh
    returning coaching_session_id, seq, type, at, actor_id, payload
  `.execute(db);
  return rows.map(toEnvelope).sort((a, b) => a.seq - b.seq);
}
