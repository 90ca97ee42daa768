import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCohortWithPeople } from '../../db/builders';
import { migrateTo, migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { emptyDatabaseBackends, type TestDatabase } from '../setup/database';
import { buildLiveSession } from '../setup/live';

/**
 * The node-lease migration on a database that already holds attendance: migrated to the
 * migration before it, filled, then brought to the latest schema.
 */

const MIGRATION = '2026_12_04_1000_create_server_node';
const names = Object.keys(migrations).sort();
const previous = names[names.indexOf(MIGRATION) - 1]!;

const backends = emptyDatabaseBackends;

const segmentColumns = [
  'id',
  'coaching_session_id',
  'user_id',
  'joined_at',
  'left_at',
  'source',
  'raw_event_id',
  'note',
  'created_by',
  'created_at',
] as const;

describe.each(backends)('$name', ({ open }) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('keeps every attendance segment as it was and gives none a node', async () => {
    expect(names.indexOf(MIGRATION)).toBeGreaterThan(0);
    database = await open();
    const { db } = database;
    await migrateTo(db, previous);
    const columnsBefore = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_schema = 'public' and table_name = 'attendance_segment'`.execute(db);
    expect(columnsBefore.rows.map((row) => row.column_name)).not.toContain('node_id');

    const people = await buildCohortWithPeople(db, { participants: 3 });
    const session = await buildLiveSession(db, {
      cohortId: people.cohort.id,
      hostId: people.coach.id,
    });
    const [first, second, third] = people.participants;
    const startedAt = Date.parse('2026-11-30T15:00:00.123Z');
    await db
      .insertInto('attendance_segment')
      .values([
        {
          coaching_session_id: session.id,
          user_id: first!.id,
          joined_at: new Date(startedAt),
          left_at: new Date(startedAt + 40 * 60_000),
          source: 'zoom',
          raw_event_id: 'zoom:meeting.participant_joined:1',
        },
        {
          coaching_session_id: session.id,
          user_id: second!.id,
          joined_at: new Date(startedAt + 60_000),
          left_at: null,
          source: 'live-room',
          raw_event_id: `live-room:${session.id}:socket-a:1`,
        },
        {
          coaching_session_id: session.id,
          user_id: third!.id,
          joined_at: new Date(startedAt),
          left_at: new Date(startedAt + 12 * 60_000),
          source: 'live-room',
          raw_event_id: `live-room:${session.id}:socket-b:2`,
        },
        {
          coaching_session_id: session.id,
          user_id: third!.id,
          joined_at: new Date(startedAt + 15 * 60_000),
          left_at: new Date(startedAt + 45 * 60_000),
          source: 'manual',
          raw_event_id: null,
          note: 'joined by phone',
          created_by: people.facilitator.id,
        },
      ])
      .execute();
    const readSegments = () =>
      db.selectFrom('attendance_segment').select(segmentColumns).orderBy('id').execute();
    const before = await readSegments();
    expect(before).toHaveLength(4);

    expect(await migrateToLatest(db)).toContain(MIGRATION);
    expect(await readSegments()).toEqual(before);
    const nodes = await db
      .selectFrom('attendance_segment')
      .select(['node_id'])
      .where('node_id', 'is not', null)
      .execute();
    expect(nodes).toEqual([]);
    expect(await db.selectFrom('server_node').select('id').execute()).toEqual([]);

    // only a live-room stay may name a node
    await expect(
      db
        .updateTable('attendance_segment')
        .set({ node_id: crypto.randomUUID() })
        .where('source', '=', 'zoom')
        .execute(),
    ).rejects.toMatchObject({ code: '23514' });

    // and back down and up again, the rows still stand
    await migrateTo(db, previous);
    expect(await readSegments()).toEqual(before);
    await migrateToLatest(db);
    expect(await readSegments()).toEqual(before);
  });
});
