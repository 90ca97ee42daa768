import { useCallback, useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  applyLiveEvent,
  emptyLiveState,
  type LiveEventEnvelope,
  type LiveState,
} from '../live/state';
import {
  UNAVAILABLE,
  UNAVAILABLE_RETRY_MS,
  type Ack,
  type ClientToServerEvents,
  type LiveCommandEvents,
  type LiveRoomJoined,
  type LiveRoomMember,
  type PayloadOf,
  type ServerToClientEvents,
} from '../../realtime/events';
import type { ConnectionStatus } from './use-cohort-presence';
import { request } from './request';
import type { LiveCommandPayload } from '../live/commands.server';

/** how long an event may be overtaken before the client asks the server for the gap */
const GAP_WAIT_MS = 1500;

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type LiveCommand = keyof LiveCommandEvents;

/**
 * One coaching session's live room, kept current over the real-time connection. The state
 * is folded from events with the server's own reducer; a dropped line comes back through
 * connection-state recovery, or by asking for every event after the last seq held.
 */
export function useLiveRoom(coachingSessionId: string) {
  const [state, setState] = useState<LiveState>(emptyLiveState);
  const [here, setHere] = useState<LiveRoomMember[]>([]);
  const [me, setMe] = useState<LiveRoomJoined['me'] | null>(null);
  const [status, setStatus] = useState<ConnectionStatus | 'refused'>('connecting');
  const [clockOffset, setClockOffset] = useState(0);
  const socketRef = useRef<LiveSocket | null>(null);
  const stateRef = useRef<LiveState>(emptyLiveState());

  useEffect(() => {
    const socket: LiveSocket = io({
      withCredentials: true,
      transports: ['websocket', 'polling'],
    });
    socketRef.current = socket;
    let joining = false;
    let buffered: LiveEventEnvelope[] = [];
    // events that arrived ahead of one still on its way (another node may send it a moment
    // later); if the gap is still there after a while, ask the server for what is missing
    const ahead = new Map<number, LiveEventEnvelope>();
    let gapTimer: ReturnType<typeof setTimeout> | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const commit = (next: LiveState) => {
      stateRef.current = next;
      setState(next);
    };
    const apply = (events: LiveEventEnvelope[]) => {
      let next = stateRef.current;
      for (const event of events) next = applyLiveEvent(next, event);
      for (let waiting = ahead.get(next.seq + 1); waiting; waiting = ahead.get(next.seq + 1)) {
        next = applyLiveEvent(next, waiting);
      }
      for (const seq of ahead.keys()) if (seq <= next.seq) ahead.delete(seq);
      if (ahead.size === 0) clearTimeout(gapTimer);
      if (next !== stateRef.current) commit(next);
    };

    const join = () => {
      joining = true;
      const held = stateRef.current.seq;
      socket.emit(
        'room:join',
        held > 0 ? { coachingSessionId, afterSeq: held } : { coachingSessionId },
        (result) => {
          joining = false;
          if ('error' in result) {
            buffered = [];
            if (result.error === UNAVAILABLE) {
              // the server could not reach its database: keep the socket and ask again shortly
              setStatus('reconnecting');
              clearTimeout(retryTimer);
              retryTimer = setTimeout(join, UNAVAILABLE_RETRY_MS);
              return;
            }
            setStatus('refused');
            return;
          }
          const { data } = result;
          setMe(data.me);
          setHere(data.here);
          setClockOffset(Date.parse(data.serverTime) - Date.now());
          if (data.state) commit(data.state);
          apply([...(data.events ?? []), ...buffered]);
          buffered = [];
          setStatus('live');
        },
      );
    };

    socket.on('connect', () => {
      // a recovered connection kept its rooms and got what it missed
      if (socket.recovered && stateRef.current.seq > 0) setStatus('live');
      else join();
    });
    socket.on('live:event', (event) => {
      if (event.coachingSessionId !== coachingSessionId) return;
      if (joining) {
        buffered.push(event);
        return;
      }
      if (event.seq <= stateRef.current.seq) return;
      if (event.seq > stateRef.current.seq + 1) {
        ahead.set(event.seq, event);
        clearTimeout(gapTimer);
        gapTimer = setTimeout(() => {
          if (ahead.size > 0) join();
        }, GAP_WAIT_MS);
        return;
      }
      apply([event]);
    });
    socket.on('live:presence', (presence) => {
      if (presence.coachingSessionId === coachingSessionId) setHere(presence.here);
    });
    socket.on('disconnect', (reason) => {
      setStatus(reason === 'io server disconnect' ? 'signed-out' : 'reconnecting');
    });
    socket.on('connect_error', (error) => {
      setStatus(error.message === 'unauthorized' ? 'signed-out' : 'reconnecting');
      // a refused handshake is not retried by the client on its own; a database outage is brief
      if (error.message === UNAVAILABLE && !socket.active) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(() => socket.connect(), UNAVAILABLE_RETRY_MS);
      }
    });
    const leave = () => socket.disconnect();
    const rejoin = (event: PageTransitionEvent) => {
      if (event.persisted) socket.connect();
    };
    window.addEventListener('pagehide', leave);
    window.addEventListener('pageshow', rejoin);
    return () => {
      window.removeEventListener('pagehide', leave);
      window.removeEventListener('pageshow', rejoin);
      clearTimeout(gapTimer);
      clearTimeout(retryTimer);
      socket.disconnect();
      socketRef.current = null;
    };
  }, [coachingSessionId]);

  /** sends a command; resolves with the server's answer (an error when offline) */
  const send = useCallback(
    async <N extends LiveCommand>(
      command: N,
      payload: Omit<LiveCommandPayload<N>, 'coachingSessionId'> = {} as never,
    ): Promise<Ack<unknown>> => {
      const socket = socketRef.current;
      if (!socket?.connected) return { error: 'You are offline; try again in a moment.' };
      try {
        return await request(socket, command, {
          coachingSessionId,
          ...payload,
        } as LiveCommandPayload<N> as PayloadOf<N>);
      } catch {
        return { error: 'The server did not answer; try again.' };
      }
    },
    [coachingSessionId],
  );

  return { state, here, me, status, clockOffset, send };
}
