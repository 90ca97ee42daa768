import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  UNAVAILABLE,
  UNAVAILABLE_RETRY_MS,
  type ClientToServerEvents,
  type OnlineMember,
  type ServerToClientEvents,
} from '../../realtime/events';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'signed-out';

/** Who of a cohort is online right now, kept current over the real-time connection. */
export function useCohortPresence(cohortId: string) {
  const [online, setOnline] = useState<OnlineMember[]>([]);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      withCredentials: true,
      // a websocket closes with the tab, so others see someone leave at once; long-polling only
      // notices after the ping timeout, so it is the fallback rather than the start
      transports: ['websocket', 'polling'],
    });
    // say goodbye on the way out rather than leaving the server to time the socket out
    const leave = () => socket.disconnect();
    // coming back through the browser's back button restores the page without running effects
    const rejoin = (event: PageTransitionEvent) => {
      if (event.persisted) socket.connect();
    };
    window.addEventListener('pagehide', leave);
    window.addEventListener('pageshow', rejoin);
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const watch = () => {
      socket.emit('presence:watch', { cohortId }, (result) => {
        if ('data' in result) {
          setOnline(result.data.online);
          setStatus('live');
        } else if (result.error === UNAVAILABLE) {
          // the server could not reach its database: ask again shortly
          setStatus('reconnecting');
          clearTimeout(retryTimer);
          retryTimer = setTimeout(watch, UNAVAILABLE_RETRY_MS);
        } else {
          setStatus('signed-out');
        }
      });
    };

    socket.on('connect', watch);
    socket.on('presence:update', (presence) => {
      if (presence.cohortId === cohortId) setOnline(presence.online);
    });
    socket.on('disconnect', (reason) => {
      // the server closes the socket at sign-out; anything else is a dropped line
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

    return () => {
      clearTimeout(retryTimer);
      window.removeEventListener('pagehide', leave);
      window.removeEventListener('pageshow', rejoin);
      socket.disconnect();
    };
  }, [cohortId]);

  return { online, status };
}
