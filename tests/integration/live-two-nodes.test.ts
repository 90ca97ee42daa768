import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseEnv } from '../../app/env.server';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { buildCohortWithPeople } from '../../db/builders';
import { startServer, type RunningServer } from '../../server';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { HttpClient } from '../setup/http-client';
import { buildLiveSession, LiveClient } from '../setup/live';
import { connect, createSocket, waitFor } from '../setup/sockets';

/**
 * Two app processes' worth of servers (each with its own Socket.IO server and Redis Streams
 * adapter) sharing one PostgreSQL database and one Redis, as two nodes behind a load balancer.
 */

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const PASSWORD = 'two nodes test password';
// a stream of its own, so parallel runs never hear each other
const streamName = `cadre-test-${randomUUID()}`;
let database: TestDatabase;
let nodeA: RunningServer;
let nodeB: RunningServer;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;
const clients: LiveClient[] = [];
let nodeAClosed = false;

async function startNode() {
  const env = parseEnv({
    NODE_ENV: 'production',
    PORT: '0',
    DATA_DIR: '.data-unused',
    REDIS_URL,
  });
  return startServer({
    env,
    db: database.db,
    log: () => {},
    realtime: { redisStreamName: streamName },
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  people = await buildCohortWithPeople(database.db, {
    participants: 2,
    passwordHash: await hashPassword(PASSWORD),
  });
  nodeA = await startNode();
  nodeB = await startNode();
});

afterAll(async () => {
  for (const client of clients) client.socket.disconnect();
  await nodeB?.close();
  if (!nodeAClosed) await nodeA?.close();
  await database?.drop();
  const redis = createClient({ url: REDIS_URL });
  await redis.connect();
  const keys = await redis.keys(`${streamName}*`);
  if (keys.length > 0) await redis.del(keys);
  await redis.quit();
});

async function cookieFor(url: string, email: string) {
  const http = new HttpClient(url);
  expect((await http.signIn(email, PASSWORD)).status).toBe(302);
  return `${AUTH_COOKIE_NAME}=${http.cookie(AUTH_COOKIE_NAME)}`;
}

async function enter(url: string, email: string, coachingSessionId: string) {
  const client = await LiveClient.open(url, await cookieFor(url, email), coachingSessionId);
  clients.push(client);
  expect(await client.join()).toHaveProperty('data');
  return client;
}

function ok(result: { data: unknown } | { error: string }) {
  if ('error' in result) throw new Error(result.error);
  return result.data;
}

it('recovers a dropped connection on the other node from the session kept in Redis', async () => {
  const session = await buildLiveSession(database.db, {
    cohortId: people.cohort.id,
    hostId: people.coach.id,
  });
  const id = { coachingSessionId: session.id };
  const coach = await enter(nodeB.url, people.coach.email, session.id);
  const cookie = await cookieFor(nodeA.url, people.participants[0]!.email);
  const dropped = await LiveClient.open(nodeA.url, cookie, session.id);
  clients.push(dropped);
  await dropped.join();
  ok(await coach.socket.emitWithAck('chat:send', { ...id, text: 'before the drop' }));
  await dropped.untilSeq(1);

  // the line drops (node A keeps the session in Redis) and the room goes on
  // node A has noticed (and stored the session) once it tells the room the person left
  const noticed = waitFor(
    coach.socket,
    'live:presence',
    (presence) => !presence.here.some((member) => member.userId === people.participants[0]!.id),
  );
  dropped.socket.io.engine.close();
  await noticed;
  ok(await coach.socket.emitWithAck('chat:send', { ...id, text: 'missed 1' }));
  ok(await coach.socket.emitWithAck('chat:send', { ...id, text: 'missed 2' }));

  // the load balancer sends the reconnection to node B: the same private session id and
  // offset a browser would send, on a connection to the other node
  const back = new LiveClient(createSocket(nodeB.url, { cookie }), session.id);
  clients.push(back);
  back.state = dropped.state;
  const previous = dropped.socket as unknown as { _pid?: string; _lastOffset?: string };
  Object.assign(back.socket, { _pid: previous._pid, _lastOffset: previous._lastOffset });
  await connect(back.socket);
  expect(back.socket.recovered).toBe(true);
  await back.untilSeq(3);
  expect(back.seqs).toEqual([2, 3]);
  expect(back.state.chat.map((message) => message.text)).toEqual([
    'before the drop',
    'missed 1',
    'missed 2',
  ]);
});

it('carries one node’s broadcasts to the other, and loses nothing when a node dies', async () => {
  const session = await buildLiveSession(database.db, {
    cohortId: people.cohort.id,
    hostId: people.coach.id,
  });
  const id = { coachingSessionId: session.id };
  const coach = await enter(nodeA.url, people.coach.email, session.id);
  const onB = await enter(nodeB.url, people.participants[0]!.email, session.id);
  const onA = await enter(nodeA.url, people.participants[1]!.email, session.id);

  // presence spans the nodes
  const here = await onB.socket.emitWithAck('room:join', id);
  expect('data' in here && here.data.here.map((member) => member.userId).sort()).toEqual(
    [people.coach.id, people.participants[0]!.id, people.participants[1]!.id].sort(),
  );

  // a host on node A reaches a participant on node B, and the other way round
  ok(await coach.socket.emitWithAck('chat:send', { ...id, text: 'Welcome, everyone' }));
  await onB.until((state) => state.chat.length === 1);
  ok(await onB.socket.emitWithAck('hand:raise', id));
  await coach.until((state) => state.hands.length === 1);
  expect(coach.state.hands[0]!.userId).toBe(people.participants[0]!.id);

  // node A goes away; the room goes on on node B
  const heldByCoach = coach.state;
  const heldByParticipant = onA.state;
  await nodeA.close();
  nodeAClosed = true;
  for (let index = 0; index < 5; index += 1) {
    ok(await onB.socket.emitWithAck('chat:send', { ...id, text: `while A was down ${index}` }));
  }

  // A's clients reconnect to B with the last seq they hold and get every missed event
  const cookie = await cookieFor(nodeB.url, people.coach.email);
  const coachAgain = await LiveClient.open(nodeB.url, cookie, session.id);
  clients.push(coachAgain);
  coachAgain.state = heldByCoach;
  const rejoined = ok(await coachAgain.join({ afterSeq: heldByCoach.seq })) as {
    events: { seq: number }[];
  };
  expect(rejoined.events.map((event) => event.seq)).toEqual([3, 4, 5, 6, 7]);
  expect(coachAgain.state.chat.map((message) => message.text)).toEqual([
    'Welcome, everyone',
    ...Array.from({ length: 5 }, (_, index) => `while A was down ${index}`),
  ]);

  const participantAgain = await LiveClient.open(
    nodeB.url,
    await cookieFor(nodeB.url, people.participants[1]!.email),
    session.id,
  );
  clients.push(participantAgain);
  participantAgain.state = heldByParticipant;
  ok(await participantAgain.join({ afterSeq: heldByParticipant.seq }));
  expect(participantAgain.state).toEqual(onB.state);

  // and the room carries on for all of them on the surviving node
  ok(await coachAgain.socket.emitWithAck('hand:next', id));
  await Promise.all(
    [onB, participantAgain].map((client) => client.until((state) => state.hands.length === 0)),
  );
  expect(onB.seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
});
