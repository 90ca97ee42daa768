import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../db/db.server';
import { buildCohortWithPeople } from '../../db/builders';
import { migrateToLatest } from '../../db/migrate';
import { parseLiveCommand, runLiveCommand } from '../../app/live/commands.server';
import {
  CHAT_PAGE,
  getLiveRoomAccess,
  getLiveState,
  listLiveEvents,
  rebuildLiveState,
  SNAPSHOT_EVERY,
  type LiveRoomAccess,
} from '../../app/live/live.server';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { buildLiveSession } from '../setup/live';

/**
 * How the live room stores itself: a chat command is one statement, however long the room has
 * run, and a newcomer's state (a snapshot brought up to date, plus the last page of chat) is
 * the state the whole log folds to.
 */

let database: TestDatabase;
/** the same database, opened again with every statement sent to it counted */
let counted: DB;
let statements: string[] = [];
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  const log = (event: { level: string; query: { sql: string } }) => {
    statements.push(event.query.sql);
  };
  database = await createTestDatabase();
  if (database.url) {
    counted = (await openDatabase({ databaseUrl: database.url, maxConnections: 2, log })).db;
  } else {
    // an in-memory embedded database cannot be opened twice: count on one of its own
    await database.drop();
    counted = (await openDatabase({ dataDir: 'memory://', log })).db;
    await migrateToLatest(counted);
    database = { db: counted, kind: 'embedded', drop: () => counted.destroy() };
  }
  people = await buildCohortWithPeople(database.db, { participants: 3 });
});

afterAll(async () => {
  if (counted !== database?.db) await counted?.destroy();
  await database?.drop();
});

async function accessOf(coachingSessionId: string, userId: string): Promise<LiveRoomAccess> {
  const access = await getLiveRoomAccess(database.db, { coachingSessionId, userId });
  if (!access) throw new Error('expected access to the room');
  return access;
}

async function run(access: LiveRoomAccess, command: string, payload: Record<string, unknown>) {
  const parsed = parseLiveCommand(command, {
    coachingSessionId: access.coachingSessionId,
    ...payload,
  });
  if ('error' in parsed) throw new Error(parsed.error);
  const outcome = await runLiveCommand(counted, { access, command: parsed });
  if ('error' in outcome) throw new Error(outcome.error);
  return outcome;
}

async function statementsOf(work: () => Promise<unknown>) {
  statements = [];
  await work();
  return statements.length;
}

describe('a chat command', () => {
  it('costs one statement, in a new room and after hundreds of messages', async () => {
    const session = await buildLiveSession(database.db, {
      cohortId: people.cohort.id,
      hostId: people.coach.id,
    });
    const participant = await accessOf(session.id, people.participants[0]!.id);
    const coach = await accessOf(session.id, people.coach.id);

    expect(await statementsOf(() => run(participant, 'chat:send', { text: 'first' }))).toBe(1);
    await run(participant, 'hand:raise', {});
    for (let index = 0; index < 300; index += 1) {
      await run(index % 2 ? coach : participant, 'chat:send', { text: `message ${index}` });
    }
    expect(await statementsOf(() => run(participant, 'chat:send', { text: 'last' }))).toBe(1);
    // a command decided from the room's state locks it, reads it and appends, in a transaction
    expect(await statementsOf(() => run(coach, 'hand:next', {}))).toBeLessThanOrEqual(5);

    const seqs = (await listLiveEvents(database.db, { coachingSessionId: session.id })).map(
      (event) => event.seq,
    );
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
  });
});

describe('a newcomer', () => {
  it('gets the state the whole log folds to, from a snapshot and the events after it', async () => {
    const session = await buildLiveSession(database.db, {
      cohortId: people.cohort.id,
      hostId: people.coach.id,
    });
    const coach = await accessOf(session.id, people.coach.id);
    const [first, second] = await Promise.all(
      people.participants.slice(0, 2).map((person) => accessOf(session.id, person.id)),
    );

    const { data } = await run(coach, 'poll:open', {
      question: 'Ready?',
      options: ['yes', 'no'],
      multiple: false,
    });
    const { pollId } = data as { pollId: string };
    await run(first!, 'poll:vote', { pollId, choices: [0] });
    await run(coach, 'agenda:set', { segments: [{ title: 'Warm-up', minutes: 5 }] });
    await run(coach, 'timer:start', {});
    // enough state events for snapshots, with chat in between
    for (let index = 0; index < SNAPSHOT_EVERY * 2 + 3; index += 1) {
      const person = index % 2 ? second! : first!;
      await run(person, index % 4 < 2 ? 'hand:raise' : 'hand:lower', {});
      await run(person, 'chat:send', { text: `line ${index}` });
    }
    for (let index = 0; index < CHAT_PAGE; index += 1) {
      await run(second!, 'chat:send', { text: `later ${index}` });
    }
    const posted = await run(first!, 'chat:send', { text: 'to be removed' });
    const removedId = (posted.envelopes[0]!.payload as { id: string }).id;
    await run(coach, 'chat:remove', { messageId: removedId });
    await run(second!, 'poll:vote', { pollId, choices: [1] });
    await run(coach, 'timer:pause', {});
    await run(first!, 'hand:raise', {});

    const room = await database.db
      .selectFrom('live_room')
      .select(['snapshot_seq', 'last_seq'])
      .where('coaching_session_id', '=', session.id)
      .executeTakeFirstOrThrow();
    // a snapshot was taken, and events followed it
    expect(room.snapshot_seq).toBeGreaterThan(0);
    expect(room.snapshot_seq).toBeLessThan(room.last_seq);

    const rebuilt = await rebuildLiveState(database.db, { coachingSessionId: session.id });
    const chatEvents = (await listLiveEvents(database.db, { coachingSessionId: session.id }))
      .filter((event) => event.type.startsWith('chat:'))
      .slice(-CHAT_PAGE);
    const oldest = chatEvents[0]!.seq;
    const newcomer = await getLiveState(database.db, { coachingSessionId: session.id });
    expect(newcomer).toEqual({
      ...rebuilt,
      chat: rebuilt.chat.filter((message) => message.seq >= oldest),
    });
    expect(newcomer.seq).toBe(room.last_seq);
    expect(newcomer.chat.at(-1)).toMatchObject({ id: removedId, removed: true, text: '' });
    expect(newcomer.polls[0]).toMatchObject({ counts: [1, 1], totalVotes: 2 });
  });
});
