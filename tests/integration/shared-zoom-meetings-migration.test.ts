import { afterEach, describe, expect, it } from 'vitest';
import { buildCohortWithPeople } from '../../db/builders';
import { migrateTo, migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { emptyDatabaseBackends, type TestDatabase } from '../setup/database';

/**
 * The shared-meeting migration on a database that already has sessions: every session and its
 * meeting stay as they were, and from then on a cohort's sessions may share one meeting while
 * another cohort may not use it.
 */

const MIGRATION = '2026_12_05_1100_share_zoom_meetings_within_a_cohort';
const names = Object.keys(migrations).sort();
const previous = names[names.indexOf(MIGRATION) - 1]!;

describe.each(emptyDatabaseBackends)('$name', ({ open }) => {
  let database: TestDatabase | undefined;

  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('keeps existing sessions and lets a cohort, and only that cohort, reuse a meeting', async () => {
    expect(names.indexOf(MIGRATION)).toBeGreaterThan(0);
    database = await open();
    const { db } = database;
    await migrateTo(db, previous);
    const mine = await buildCohortWithPeople(db, { participants: 1 });
    const other = await buildCohortWithPeople(db, { participants: 1 });
    const session = (cohort: typeof mine, startsAt: string, meeting: string) => ({
      cohort_id: cohort.cohort.id,
      kind: 'coaching' as const,
      title: 'Weekly coaching',
      starts_at: new Date(startsAt),
      minutes: 60,
      host_id: cohort.coach.id,
      zoom_meeting_id: meeting,
    });
    await db
      .insertInto('coaching_session')
      .values([
        session(mine, '2030-02-04T21:30:00Z', '86012345678'),
        session(other, '2030-02-04T21:30:00Z', '86099999999'),
      ])
      .execute();
    const before = await db
      .selectFrom('coaching_session')
      .select(['id', 'cohort_id', 'zoom_meeting_id', 'starts_at'])
      .orderBy('id')
      .execute();

    await migrateToLatest(db);

    expect(
      await db
        .selectFrom('coaching_session')
        .select(['id', 'cohort_id', 'zoom_meeting_id', 'starts_at'])
        .orderBy('id')
        .execute(),
    ).toEqual(before);
    // next week, same meeting, same cohort
    await db
      .insertInto('coaching_session')
      .values(session(mine, '2030-02-11T21:30:00Z', '86012345678'))
      .execute();
    await expect(
      db
        .insertInto('coaching_session')
        .values(session(other, '2030-02-18T21:30:00Z', '86012345678'))
        .execute(),
    ).rejects.toMatchObject({ code: '23P01' });
    await expect(
      db
        .insertInto('coaching_session')
        .values(session(mine, '2030-02-11T22:00:00Z', '86012345678'))
        .execute(),
    ).rejects.toMatchObject({ code: '23P01' });
    // a cancelled session frees its meeting
    await db
      .updateTable('coaching_session')
      .set({ status: 'cancelled', cancelled_at: new Date() })
      .where('cohort_id', '=', mine.cohort.id)
      .execute();
    await db
      .insertInto('coaching_session')
      .values(session(other, '2030-02-18T21:30:00Z', '86012345678'))
      .execute();
  });
});
