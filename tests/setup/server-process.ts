import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

type LogLine = Record<string, unknown>;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** every JSON log line the process has written so far */
  logs: LogLine[];
  /** the first line from `since` on (an index into logs) that `accept` takes */
  untilLogged: (since: number, accept: (line: LogLine) => boolean) => Promise<LogLine>;
  /** resolves once the process has ended */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop: () => Promise<void>;
}

/**
 * server.ts as its own operating-system process, the way it runs in production, so a test
 * can watch it survive, or kill it with a signal. `node --import tsx` rather than the tsx
 * command: that one runs the server in a child of its own, which a SIGKILL would miss.
 * Resolves once the server says it is ready.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      PORT: '0',
      DATA_DIR: '.data-unused',
      LOG_LEVEL: 'info',
      SECRETS_KEY: 'a test secrets key that is long enough to use',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters: { accept: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as LogLine;
      logs.push(entry);
      for (const waiter of waiters.splice(0)) {
        if (waiter.accept(entry)) waiter.resolve(entry);
        else waiters.push(waiter);
      }
      if (typeof entry.url === 'string' && String(entry.msg).startsWith('Cadre is ready')) {
        resolve(entry.url);
      }
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`the server exited (${code ?? signal}) before it was ready:\n${stderr}`)),
    );
  });
  return {
    url,
    child,
    logs,
    exited,
    untilLogged: (since, accept) => {
      const seen = logs.slice(since).find(accept);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ accept, resolve }));
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
