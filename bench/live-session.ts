import type { DB } from '../db/db.server';
import { buildCohortWithPeople } from '../db/builders';
import { parseLiveCommand, runLiveCommand } from '../app/live/commands.server';
import { getLiveRoomAccess } from '../app/live/live.server';

/**
 * A long chat in one room: a host and a participant post `messages` lines one after another
 * through the same parse and command the socket handler runs, timing each. The goal is a flat
 * cost: the median of the last 50 lines no higher than that of the first 50.
 */
export interface LiveSessionMeasurement {
  messages: number;
  /** median milliseconds per command, the first and the last 50 lines */
  firstMedianMs: number;
  lastMedianMs: number;
  /** last ÷ first; ≈ 1 means the cost does not grow with the room's history */
  growth: number;
  /** statements sent to the database per chat command, counted over the whole session */
  statementsPerCommand: number;
}

const EDGE = 50;

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export async function measureLiveSession(input: {
  db: DB;
  messages: number;
  /** runs the work and answers how many statements it sent to the database */
  countStatements: (work: () => Promise<void>) => Promise<number>;
}): Promise<LiveSessionMeasurement> {
  const { db } = input;
  const { cohort, coach, participants } = await buildCohortWithPeople(db, { participants: 1 });
  const session = await db
    .insertInto('coaching_session')
    .values({
      cohort_id: cohort.id,
      kind: 'coaching',
      title: 'Bench long chat',
      starts_at: new Date(),
      minutes: 60,
      host_id: coach.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const people = await Promise.all(
    [coach, participants[0]!].map((person) =>
      getLiveRoomAccess(db, { coachingSessionId: session.id, userId: person.id }),
    ),
  );
  const timings: number[] = [];
  const statements = await input.countStatements(async () => {
    for (let index = 0; index < input.messages; index += 1) {
      const access = people[index % 2];
      if (!access) throw new Error('the bench room refused its own members');
      const started = performance.now();
      const command = parseLiveCommand('chat:send', {
        coachingSessionId: session.id,
        text: `Line ${index + 1} of a long session, about as long as people write.`,
      });
      if ('error' in command) throw new Error(command.error);
      const outcome = await runLiveCommand(db, { access, command });
      if ('error' in outcome) throw new Error(outcome.error);
      timings.push(performance.now() - started);
    }
  });
  const firstMedianMs = median(timings.slice(0, EDGE));
  const lastMedianMs = median(timings.slice(-EDGE));
  return {
    messages: input.messages,
    firstMedianMs: round(firstMedianMs),
    lastMedianMs: round(lastMedianMs),
    growth: Math.round((lastMedianMs / Math.max(firstMedianMs, 0.001)) * 100) / 100,
    statementsPerCommand: Math.round((statements / input.messages) * 100) / 100,
  };
}
