import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCohortWithPeople } from '../../db/builders';
import { migrateTo, migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { parseLiveCommand, runLiveCommand } from '../../app/live/commands.server';
import { getLiveRoomAccess, getLiveState, rebuildLiveState } from '../../app/live/live.server';
import { applyLiveEvent, emptyLiveState, type LiveEventEnvelope } from '../../app/live/state';
import { emptyDatabaseBackends, type TestDatabase } from '../setup/database';
import { buildLiveSession } from '../setup/live';

/**
 * The snapshot migration on a database whose live rooms were stored the earlier way (the whole
 * state, chat included, rewritten at every event): every room keeps what it showed, now as a
 * snapshot at its last event, and its next event follows on.
 */

const MIGRATION = '2026_12_06_1000_snapshot_live_rooms';
const names = Object.keys(migrations).sort();
const previous = names[names.indexOf(MIGRATION) - 1]!;

describe.each(emptyDatabaseBackends)('$name', ({ open }) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('turns each stored state into a snapshot without its chat, and the room carries on', async () => {
    expect(names.indexOf(MIGRATION)).toBeGreaterThan(0);
    database = await open();
    const { db } = database;
    await migrateTo(db, previous);
    const people = await buildCohortWithPeople(db, { participants: 2 });
    const session = await buildLiveSession(db, {
      cohortId: people.cohort.id,
      hostId: people.coach.id,
    });
    const [ann, bo] = people.participants;
    const at = (minute: number) => new Date(Date.UTC(2030, 1, 4, 21, minute)).toISOString();
    const events: Omit<LiveEventEnvelope, 'coachingSessionId'>[] = [
      {
        seq: 1,
        type: 'hand:raised',
        at: at(1),
        actorId: ann!.id,
        payload: { userId: ann!.id, name: 'Ann' },
      },
      {
        seq: 2,
        type: 'chat:posted',
        at: at(2),
        actorId: bo!.id,
        payload: {
          id: '11111111-1111-4111-8111-111111111111',
          authorId: bo!.id,
          authorName: 'Bo',
          text: 'hello',
          groupId: null,
          visibleTo: null,
        },
      },
      {
        seq: 3,
        type: 'chat:posted',
        at: at(3),
        actorId: ann!.id,
        payload: {
          id: '22222222-2222-4222-8222-222222222222',
          authorId: ann!.id,
          authorName: 'Ann',
          text: 'oops',
          groupId: null,
          visibleTo: null,
        },
      },
      {
        seq: 4,
        type: 'chat:removed',
        at: at(4),
        actorId: people.coach.id,
        payload: { id: '22222222-2222-4222-8222-222222222222' },
      },
      {
        seq: 5,
        type: 'agenda:set',
        at: at(5),
        actorId: people.coach.id,
        payload: {
          segments: [{ id: '33333333-3333-4333-8333-333333333333', title: 'Warm-up', minutes: 5 }],
        },
      },
      { seq: 6, type: 'timer:started', at: at(6), actorId: people.coach.id, payload: {} },
    ];
    const envelopes = events.map((event) => ({ ...event, coachingSessionId: session.id }));
    const stored = envelopes.reduce(applyLiveEvent, emptyLiveState());
    await db
      .insertInto('live_event')
      .values(
        envelopes.map((event) => ({
          coaching_session_id: session.id,
          seq: event.seq,
          type: event.type,
          at: event.at,
          actor_id: event.actorId,
          payload: event.payload,
        })),
      )
      .execute();
    await sql`insert into live_room (coaching_session_id, last_seq, state)
      values (${session.id}, 6, ${stored}::jsonb)`.execute(db);
    expect(stored.chat).toHaveLength(2);

    await migrateToLatest(db);

    const room = await db
      .selectFrom('live_room')
      .select(['last_seq', 'snapshot_seq', 'state'])
      .where('coaching_session_id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(room).toEqual({ last_seq: 6, snapshot_seq: 6, state: { ...stored, chat: [] } });
    // what a newcomer sees is what the room showed before, chat read back from the log
    expect(await getLiveState(db, { coachingSessionId: session.id })).toEqual(stored);

    const access = await getLiveRoomAccess(db, {
      coachingSessionId: session.id,
      userId: bo!.id,
    });
    const command = parseLiveCommand('hand:raise', { coachingSessionId: session.id });
    if (!access || 'error' in command) throw new Error('expected to enter the room');
    const outcome = await runLiveCommand(db, { access, command });
    if ('error' in outcome) throw new Error(outcome.error);
    expect(outcome.envelopes.map((event) => event.seq)).toEqual([7]);
    const now = await getLiveState(db, { coachingSessionId: session.id });
    expect(now).toEqual(await rebuildLiveState(db, { coachingSessionId: session.id }));
    expect(now.hands.map((hand) => hand.userId)).toEqual([ann!.id, bo!.id]);
  });
});
