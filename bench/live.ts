import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { createAuthSession, serializeAuthCookie } from '../app/auth/session.server';
import type { DB } from '../db/db.server';
import { buildCohortWithPeople } from '../db/builders';
import type { LiveJob, LiveResult, LiveRoomSpec } from './live-load';

/**
 * The live ratio: N rooms × 21 clients (a host and 20 participants) on one Cadre node,
 * against a bare Socket.IO echo server that the same client script drives in the same way.
 */

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const LIVE_LOAD_SCRIPT = path.join(benchDir, 'live-load.ts');
const PARTICIPANTS_PER_ROOM = 20;

function runLiveLoad(job: LiveJob): Promise<LiveResult> {
  return new Promise((resolve, reject) => {
    const child = fork(LIVE_LOAD_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer: { result?: LiveResult; error?: string } = {};
    child.once('message', (message: typeof answer) => {
      answer = message;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer.result) resolve(answer.result);
      else reject(new Error(answer.error ?? `the live client script stopped with code ${code}`));
    });
    child.send(job);
  });
}

/** A Socket.IO server that only relays: join a room, broadcast to it with a per-room seq. */
async function startEchoServer() {
  const httpServer = createServer();
  const io = new Server(httpServer, { serveClient: false });
  const seqs = new Map<string, number>();
  io.on('connection', (socket) => {
    socket.on('join', (payload: { room: string }, ack: (answer: { seq: number }) => void) => {
      void socket.join(payload.room);
      ack({ seq: seqs.get(payload.room) ?? 0 });
    });
    socket.on(
      'broadcast',
      (payload: { room: string; index: number }, ack: (answer: { seq: number }) => void) => {
        const seq = (seqs.get(payload.room) ?? 0) + 1;
        seqs.set(payload.room, seq);
        io.to(payload.room).emit('message', { seq, index: payload.index });
        ack({ seq });
      },
    );
  });
  await new Promise<void>((resolve) => httpServer.listen(0, resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://localhost:${port}`,
    close: () => io.close(),
  };
}

/** rooms of the largest size, each a cohort with a coaching session and signed-in people */
async function buildRooms(db: DB, count: number): Promise<LiveRoomSpec[]> {
  const rooms: LiveRoomSpec[] = [];
  for (let index = 0; index < count; index += 1) {
    const { cohort, coach, participants } = await buildCohortWithPeople(db, {
      participants: PARTICIPANTS_PER_ROOM,
    });
    const session = await db
      .insertInto('coaching_session')
      .values({
        cohort_id: cohort.id,
        kind: 'coaching',
        title: `Bench room ${index + 1}`,
        starts_at: new Date(),
        minutes: 60,
        host_id: coach.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cookies = [];
    for (const person of [coach, ...participants]) {
      const authSessionId = await createAuthSession(db, { userId: person.id });
      cookies.push((await serializeAuthCookie(authSessionId, { secure: false })).split(';')[0]!);
    }
    rooms.push({ room: session.id, cookies });
  }
  return rooms;
}

export interface LiveMeasurement {
  rooms: number;
  cadre: LiveResult;
  echo: LiveResult;
  p95Ratio: number;
  inOrder: boolean;
}

export async function measureLive(input: {
  db: DB;
  cadreUrl: string;
  roomCounts: number[];
  messages: number;
  intervalMs: number;
  log: (message: string) => void;
}): Promise<LiveMeasurement[]> {
  const largest = Math.max(...input.roomCounts);
  const cadreRooms = await buildRooms(input.db, largest);
  const echo = await startEchoServer();
  const measurements: LiveMeasurement[] = [];
  try {
    for (const count of input.roomCounts) {
      const job = (target: LiveJob['target'], url: string, rooms: LiveRoomSpec[]): LiveJob => ({
        target,
        url,
        rooms,
        messages: input.messages,
        intervalMs: input.intervalMs,
      });
      const echoRooms = cadreRooms
        .slice(0, count)
        .map((room, index) => ({ ...room, room: `echo-${count}-${index}` }));
      const echoResult = await runLiveLoad(job('echo', echo.url, echoRooms));
      const cadreResult = await runLiveLoad(
        job('cadre', input.cadreUrl, cadreRooms.slice(0, count)),
      );
      const p95Ratio =
        Math.round((cadreResult.latencyMs.p95 / Math.max(echoResult.latencyMs.p95, 0.001)) * 100) /
        100;
      const inOrder = [cadreResult, echoResult].every(
        (result) => result.clientsOutOfOrder === 0 && result.missing === 0 && result.refused === 0,
      );
      measurements.push({ rooms: count, cadre: cadreResult, echo: echoResult, p95Ratio, inOrder });
      input.log(
        `live: ${count} room(s) × 21 clients: p95 ${cadreResult.latencyMs.p95} ms (Cadre) vs ` +
          `${echoResult.latencyMs.p95} ms (echo), ${inOrder ? 'every seq in order' : 'SEQ PROBLEMS'}`,
      );
    }
  } finally {
    await echo.close();
  }
  return measurements;
}
