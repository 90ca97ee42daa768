import type { Kysely } from 'kysely';
import {
  applyLiveEvent,
  emptyLiveState,
  type LiveEventEnvelope,
  type LiveState,
} from '../../app/live/state';
import type { Database } from '../../db/schema';
import type { LiveRoomJoined } from '../../realtime/events';
import { connect, createSocket, type TestSocket } from './sockets';

/** A coaching session of a cohort, starting now, hosted by `hostId`. */
export async function buildLiveSession(
  db: Kysely<Database>,
  input: { cohortId: string; hostId: string; title?: string },
) {
  return db
    .insertInto('coaching_session')
    .values({
      cohort_id: input.cohortId,
      kind: 'coaching',
      title: input.title ?? 'Coaching session',
      starts_at: new Date(Date.now() - 5 * 60_000),
      minutes: 60,
      host_id: input.hostId,
    })
    .returning(['id', 'title'])
    .executeTakeFirstOrThrow();
}

/**
 * A person in a live room as a browser would be: it keeps the state by folding every event
 * it receives with the app's own reducer and records every seq, so a test can assert that
 * nothing was missed or reordered.
 */
export class LiveClient {
  state: LiveState = emptyLiveState();
  /** every seq received, in arrival order */
  seqs: number[] = [];
  joined: LiveRoomJoined | null = null;
  private buffered: LiveEventEnvelope[] = [];
  /** events that overtook an earlier one, held until it arrives (as the browser does) */
  private ahead = new Map<number, LiveEventEnvelope>();
  private joining = false;
  private waiters: { accept: (client: LiveClient) => boolean; resolve: () => void }[] = [];

  constructor(
    public socket: TestSocket,
    public coachingSessionId: string,
  ) {
    socket.on('live:event', (event) => this.receive(event));
  }

  static async open(url: string, cookie: string, coachingSessionId: string) {
    const socket = createSocket(url, { cookie });
    await connect(socket);
    return new LiveClient(socket, coachingSessionId);
  }

  private receive(event: LiveEventEnvelope) {
    if (event.coachingSessionId !== this.coachingSessionId) return;
    this.seqs.push(event.seq);
    if (this.joining) {
      this.buffered.push(event);
      return;
    }
    this.apply([event]);
  }

  private apply(events: LiveEventEnvelope[]) {
    for (const event of events) {
      if (event.seq > this.state.seq + 1) this.ahead.set(event.seq, event);
      else this.state = applyLiveEvent(this.state, event);
      for (
        let next = this.ahead.get(this.state.seq + 1);
        next;
        next = this.ahead.get(this.state.seq + 1)
      ) {
        this.state = applyLiveEvent(this.state, next);
      }
    }
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.accept(this)) return true;
      waiter.resolve();
      return false;
    });
  }

  /** joins (or rejoins after a drop, with the last seq it holds) */
  async join(options: { afterSeq?: number } = {}) {
    this.joining = true;
    try {
      const result = await this.socket.emitWithAck('room:join', {
        coachingSessionId: this.coachingSessionId,
        ...options,
      });
      if ('error' in result) return result;
      this.joined = result.data;
      if (result.data.state) this.state = result.data.state;
      this.apply([...(result.data.events ?? []), ...this.buffered]);
      return result;
    } finally {
      this.buffered = [];
      this.joining = false;
    }
  }

  /** resolves once the state satisfies `accept` (now or after a later event) */
  until(accept: (state: LiveState) => boolean): Promise<void> {
    if (accept(this.state)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ accept: (client) => accept(client.state), resolve });
    });
  }

  untilSeq(seq: number) {
    return this.until((state) => state.seq >= seq);
  }
}
