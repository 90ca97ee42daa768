import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** drops every open connection and refuses new ones, as a database restart would */
  down: () => void;
  /** accepts connections again */
  up: () => void;
  close: () => Promise<void>;
}

/**
 * A TCP relay in front of PostgreSQL that a test can cut: the app connects through it,
 * so an outage is simulated for one app only, never for the shared server.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let accepting = true;
  const server = net.createServer((client) => {
    if (!accepting) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    port: address.port,
    down: () => {
      accepting = false;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    up: () => {
      accepting = true;
    },
    close: async () => {
      accepting = false;
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
