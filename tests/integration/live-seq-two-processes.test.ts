import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { buildLiveSession } from '../setup/live';
import { nodeCluster } from '../setup/nodes';
import type { ServerProcess } from '../setup/server-process';

/**
 * Two real server processes append to one room at once: every event gets the next seq, with
 * no gap and no repeat, each sender's messages keep their order, and everyone in the room, on
 * either node, ends with the same state. Two processes cannot share the embedded database, so
 * this runs on PostgreSQL only (CI always sets DATABASE_URL).
 */

const PASSWORD = 'live seq test password';
const PER_SENDER = 25;

describe.runIf(process.env.DATABASE_URL)('two nodes appending to one room', () => {
  let database: TestDatabase;
  let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
  let cluster: ReturnType<typeof nodeCluster>;
  let nodes: ServerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    people = await buildCohortWithPeople(database.db, {
      participants: 3,
      passwordHash: await hashPassword(PASSWORD),
    });
    cluster = nodeCluster(database.url!);
    nodes = await Promise.all([cluster.start(), cluster.start()]);
  });

  afterAll(async () => {
    await cluster?.stop();
    await database?.drop();
  });

  const enter = (url: string, email: string, coachingSessionId: string) =>
    cluster.enterLiveRoom(url, { email, password: PASSWORD }, coachingSessionId);

  it('hands out seqs in order to concurrent senders on both nodes', async () => {
    const session = await buildLiveSession(database.db, {
      cohortId: people.cohort.id,
      hostId: people.coach.id,
    });
    const [nodeA, nodeB] = nodes as [ServerProcess, ServerProcess];
    const senders = await Promise.all([
      enter(nodeA.url, people.participants[0]!.email, session.id),
      enter(nodeB.url, people.participants[1]!.email, session.id),
      enter(nodeA.url, people.participants[2]!.email, session.id),
      enter(nodeB.url, people.coach.email, session.id),
    ]);
    const total = senders.length * PER_SENDER;

    // every sender sends as fast as its acks come back (under the 10-a-second limit's burst
    // when spread over time: the test waits for each ack before the next)
    const acked = await Promise.all(
      senders.map(async (client, who) => {
        const seqs: number[] = [];
        for (let index = 0; index < PER_SENDER; index += 1) {
          for (;;) {
            const result = await client.socket.emitWithAck('chat:send', {
              coachingSessionId: session.id,
              text: `${who}:${index}`,
            });
            if ('data' in result) {
              seqs.push((result.data as { seq: number }).seq);
              break;
            }
            expect(result.error).toBe('Too many requests; slow down a little.');
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
        return seqs;
      }),
    );

    for (const seqs of acked) expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(acked.flat().sort((a, b) => a - b)).toEqual(
      Array.from({ length: total }, (_, index) => index + 1),
    );
    const stored = await database.db
      .selectFrom('live_event')
      .select(['seq', 'payload'])
      .where('coaching_session_id', '=', session.id)
      .orderBy('seq')
      .execute();
    expect(stored.map((row) => row.seq)).toEqual(
      Array.from({ length: total }, (_, index) => index + 1),
    );
    // each sender's lines are stored in the order they were sent
    for (let who = 0; who < senders.length; who += 1) {
      const mine = stored
        .map((row) => (row.payload as { text: string }).text)
        .filter((text) => text.startsWith(`${who}:`));
      expect(mine).toEqual(Array.from({ length: PER_SENDER }, (_, index) => `${who}:${index}`));
    }
    await Promise.all(senders.map((client) => client.untilSeq(total)));
    for (const client of senders) {
      expect(client.state.seq).toBe(total);
      expect(client.state.chat.map((message) => message.seq)).toEqual(stored.map((row) => row.seq));
    }
  });
});
