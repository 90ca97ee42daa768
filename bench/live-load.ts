import { pathToFileURL } from 'node:url';
import { io, type Socket } from 'socket.io-client';

/**
 * The live-room client script, run in a child process by bench/run.ts. The same script
 * drives Cadre's live room and a bare Socket.IO echo server: in each room one host sends
 * `messages` broadcasts, and every client (the host too) times each one from the moment
 * the host sent it and checks that the room's sequence numbers arrive complete and in order.
 */

export interface LiveRoomSpec {
  /** Cadre: the coaching session id; echo: any room name */
  room: string;
  /** the Cookie header of each of the room's clients; the first is the host */
  cookies: string[];
}

export interface LiveJob {
  target: 'cadre' | 'echo';
  url: string;
  rooms: LiveRoomSpec[];
  messages: number;
  intervalMs: number;
}

export interface LiveResult {
  rooms: number;
  clients: number;
  broadcasts: number;
  deliveries: number;
  expectedDeliveries: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** clients whose seqs had a gap, a repeat or a reorder */
  clientsOutOfOrder: number;
  /** deliveries that never arrived */
  missing: number;
  /** broadcasts the server refused (e.g. rate limit), which would void the figures */
  refused: number;
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[rank]! * 1000) / 1000;
}

interface Client {
  socket: Socket;
  seqs: number[];
  firstSeq: number;
}

async function open(url: string, cookie: string) {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: { Cookie: cookie },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export async function runLiveJob(job: LiveJob): Promise<LiveResult> {
  const latencies: number[] = [];
  let refused = 0;
  const sentAt = new Map<string, number>();
  const rooms: { spec: LiveRoomSpec; clients: Client[] }[] = [];

  for (const spec of job.rooms) {
    const clients: Client[] = [];
    // one room at a time keeps the handshakes from arriving as a single storm
    await Promise.all(
      spec.cookies.map(async (cookie) => {
        const socket = await open(job.url, cookie);
        const client: Client = { socket, seqs: [], firstSeq: 0 };
        const record = (seq: number, index: number) => {
          client.seqs.push(seq);
          const sent = sentAt.get(`${spec.room}:${index}`);
          if (sent !== undefined) latencies.push(performance.now() - sent);
        };
        if (job.target === 'cadre') {
          socket.on('live:event', (event: { seq: number; payload: { text?: string } }) => {
            const index = Number(/^bench (\d+)$/.exec(event.payload.text ?? '')?.[1] ?? -1);
            record(event.seq, index);
          });
          const joined = (await socket.emitWithAck('room:join', {
            coachingSessionId: spec.room,
          })) as { data?: { state?: { seq: number } }; error?: string };
          if (!joined.data) throw new Error(`joining a live room failed: ${joined.error}`);
          client.firstSeq = joined.data.state?.seq ?? 0;
        } else {
          socket.on('message', (message: { seq: number; index: number }) =>
            record(message.seq, message.index),
          );
          const joined = (await socket.emitWithAck('join', { room: spec.room })) as {
            seq: number;
          };
          client.firstSeq = joined.seq;
        }
        clients.push(client);
      }),
    );
    rooms.push({ spec, clients });
  }

  const clientCount = rooms.reduce((sum, room) => sum + room.clients.length, 0);
  const expectedDeliveries = clientCount * job.messages;
  let resolveAll: () => void = () => {};
  const allDelivered = new Promise<void>((resolve) => {
    resolveAll = resolve;
  });
  const check = setInterval(() => {
    if (latencies.length >= expectedDeliveries) resolveAll();
  }, 20);

  // every host sends on its own clock, all rooms at once
  await Promise.all(
    rooms.map(async ({ spec, clients }) => {
      const host = clients.find((client) => client.socket.connected)!;
      for (let index = 0; index < job.messages; index += 1) {
        const started = performance.now();
        sentAt.set(`${spec.room}:${index}`, started);
        const answer = (await (job.target === 'cadre'
          ? host.socket.emitWithAck('chat:send', {
              coachingSessionId: spec.room,
              text: `bench ${index}`,
            })
          : host.socket.emitWithAck('broadcast', { room: spec.room, index }))) as {
          error?: string;
        };
        if (answer.error) refused += 1;
        const wait = job.intervalMs - (performance.now() - started);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }),
  );
  await Promise.race([allDelivered, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  clearInterval(check);

  let clientsOutOfOrder = 0;
  for (const { clients } of rooms) {
    for (const client of clients) {
      const inOrder = client.seqs.every((seq, index) => seq === client.firstSeq + index + 1);
      if (!inOrder || client.seqs.length !== job.messages) clientsOutOfOrder += 1;
      client.socket.disconnect();
    }
  }
  latencies.sort((a, b) => a - b);
  return {
    rooms: rooms.length,
    clients: clientCount,
    broadcasts: rooms.length * job.messages,
    deliveries: latencies.length,
    expectedDeliveries,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
    },
    clientsOutOfOrder,
    missing: Math.max(0, expectedDeliveries - latencies.length),
    refused,
  };
}

const runAsChild = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (runAsChild) {
  process.once('message', (job: LiveJob) => {
    runLiveJob(job).then(
      (result) => process.send?.({ result }, () => process.exit(0)),
      (error: unknown) =>
        process.send?.({ error: error instanceof Error ? error.message : String(error) }, () =>
          process.exit(1),
        ),
    );
  });
}
