import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../realtime/events';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A typed Socket.IO client that does not connect until asked. */
export function createSocket(
  url: string,
  options: { cookie?: string; origin?: string } = {},
): TestSocket {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.origin) headers.Origin = options.origin;
  return io(url, {
    autoConnect: false,
    reconnection: false,
    transports: ['websocket'],
    extraHeaders: headers,
  });
}

export function connect(socket: TestSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
    socket.connect();
  });
}

/** Resolves with the reason a connection was refused. */
export function connectError(socket: TestSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () =>
      reject(new Error('the socket connected but should have been refused')),
    );
    socket.once('connect_error', (error) => resolve(error.message));
    socket.connect();
  });
}

/** The next `event` whose payload passes `accept`. */
export function waitFor<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  accept: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve) => {
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!accept(...args)) return;
      socket.off(event, listener as never);
      resolve(args[0]);
    };
    socket.on(event, listener as never);
  });
}
