import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planReminders, startReminderWorker } from '../../app/sessions/reminders.server';
import { buildCohortWithPeople } from '../../db/builders';
import { createTestDatabase, type TestDatabase } from '../setup/database';

let database: TestDatabase;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  database = await createTestDatabase();
  people = await buildCohortWithPeople(database.db, { participants: 4 });
});

afterAll(async () => {
  await database?.drop();
});

async function sessionStarting(inMinutes: number, title: string) {
  const startsAt = new Date(Date.now() + inMinutes * 60_000);
  const row = await database.db
    .insertInto('coaching_session')
    .values({
      cohort_id: people.cohort.id,
      kind: 'coaching',
      title,
      starts_at: startsAt,
      minutes: 60,
      host_id: people.coach.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, startsAt };
}

async function remindersFor(title: string) {
  return database.db
    .selectFrom('outbound_email')
    .select(['to_address', 'kind'])
    .where('subject', 'like', `%${title}`)
    .execute();
}

describe('coaching session reminders', () => {
  it('go out exactly once to everyone, even with two workers racing', async () => {
    const title = 'Race test session';
    const session = await sessionStarting(24 * 60 + 1, title);
    // plan as if scheduled two minutes ago, so the 24-hour reminder is already due
    await planReminders(database.db, {
      coachingSessionId: session.id,
      startsAt: session.startsAt,
      now: new Date(Date.now() - 2 * 60_000),
    });
    await database.db
      .updateTable('coaching_session_reminder')
      .set({ due_at: new Date(Date.now() - 1000) })
      .where('coaching_session_id', '=', session.id)
      .where('kind', '=', '24h')
      .execute();

    const one = startReminderWorker({
      db: database.db,
      appOrigin: 'https://cadre.test',
      log: () => {},
    });
    const two = startReminderWorker({
      db: database.db,
      appOrigin: 'https://cadre.test',
      log: () => {},
    });
    try {
      const handled = await Promise.all([
        one.runOnce(),
        two.runOnce(),
        one.runOnce(),
        two.runOnce(),
      ]);
      expect(handled.reduce((sum, n) => sum + n, 0)).toBe(1);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
    const mails = await remindersFor(title);
    // 4 participants, the facilitator and the coach
    expect(mails).toHaveLength(6);
    expect(new Set(mails.map((mail) => mail.to_address)).size).toBe(6);
    expect(mails.every((mail) => mail.kind === 'coaching-session-reminder-24h')).toBe(true);

    // a restart finds nothing left to send
    const restarted = startReminderWorker({
      db: database.db,
      appOrigin: 'https://cadre.test',
      log: () => {},
    });
    expect(await restarted.runOnce()).toBe(0);
    await restarted.stop();
    expect(await remindersFor(title)).toHaveLength(6);
  });

  it('are not planned for moments already past, and re-armed when a session moves', async () => {
    const session = await sessionStarting(30, 'Soon session');
    await planReminders(database.db, { coachingSessionId: session.id, startsAt: session.startsAt });
    const none = await database.db
      .selectFrom('coaching_session_reminder')
      .select('kind')
      .where('coaching_session_id', '=', session.id)
      .execute();
    expect(none).toEqual([]);

    const later = new Date(Date.now() + 3 * 24 * 60 * 60_000);
    await planReminders(database.db, { coachingSessionId: session.id, startsAt: later });
    const planned = await database.db
      .selectFrom('coaching_session_reminder')
      .select(['kind', 'due_at'])
      .where('coaching_session_id', '=', session.id)
      .orderBy('due_at')
      .execute();
    expect(planned.map((row) => row.kind)).toEqual(['24h', '1h']);
    expect(new Date(planned[1]!.due_at).getTime()).toBe(later.getTime() - 60 * 60_000);
  });
});
