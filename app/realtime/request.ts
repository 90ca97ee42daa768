import type { Socket } from 'socket.io-client';
import type {
  AckOf,
  ClientEvent,
  ClientToServerEvents,
  PayloadOf,
  ServerToClientEvents,
} from '../../realtime/events';

/**
 * Sends a request to the real-time server and resolves with its ack, both typed by
 * realtime/events.ts; rejects when no ack comes within `timeoutMs`. Every request the
 * browser makes goes through here.
 */
export function request<E extends ClientEvent>(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>,
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = 10_000,
): Promise<AckOf<E>> {
  // Socket.IO's own types cannot follow an event name that is itself a type parameter
  const timed = socket.timeout(timeoutMs);
  const emit = timed.emitWithAck as unknown as (
    event: E,
    payload: PayloadOf<E>,
  ) => Promise<AckOf<E>>;
  return emit.call(timed, event, payload);
}
