import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUTH_COOKIE_NAME } from '../app/auth/session.server';
import type { LoadJob, LoadResult } from './load';

/** Requests the bench makes: signing in, viewing a page, load runs, and its tables. */

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const LOAD_SCRIPT = path.join(benchDir, 'load.ts');
/** the longest any clean-up step may take before the bench gives up on it and exits */
export const CLEANUP_LIMIT_MS = 20_000;

/** signs in through the real form and returns the session cookie as `name=value` */
export async function signIn(baseUrl: string, email: string, password: string) {
  const response = await fetch(new URL('/login', baseUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find(
      (pair) =>
        pair.startsWith(`${AUTH_COOKIE_NAME}=`) && pair.length > AUTH_COOKIE_NAME.length + 1,
    );
  if (response.status >= 400 || !cookie) {
    throw new Error(`signing in as ${email} failed (HTTP ${response.status})`);
  }
  return cookie;
}

/**
 * One page view, read to the end (the statements of a request are all done by then). Node's
 * fetch decompresses, so the size is the page's own; `gzipBytes` is what went over the wire.
 */
export async function viewPage(url: string, headers: Record<string, string>) {
  const response = await fetch(url, { redirect: 'manual', headers });
  const body = await response.arrayBuffer();
  if (response.status !== 200) {
    throw new Error(`GET ${url} answered HTTP ${response.status}, not 200`);
  }
  const wire = Number(response.headers.get('content-length') ?? NaN);
  return { bytes: body.byteLength, encoding: response.headers.get('content-encoding'), wire };
}

/** the compressed size of a page, counted from the raw socket since fetch decompresses */
export async function compressedSize(url: string, headers: Record<string, string>) {
  const { request } = await import('node:http');
  return new Promise<number>((resolve, reject) => {
    const call = request(url, { headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () => resolve(bytes));
      response.on('error', reject);
    });
    call.on('error', reject);
    call.end();
  });
}

/** a clean-up step that cannot hang the bench: after `limit` ms it is reported and left */
export function withinLimit(label: string, step: () => Promise<void>, limit = CLEANUP_LIMIT_MS) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`clean-up: ${label} did not finish within ${limit / 1000} s; left as it is`);
      resolve();
    }, limit);
  });
  return Promise.race([
    step().catch((error: unknown) => console.error(`clean-up: ${label} failed:`, error)),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

export function runLoad(job: LoadJob, limitMs: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    // the child inherits this process's execArgv, so tsx loads the TypeScript there too
    const child = fork(LOAD_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer: { result?: LoadResult; error?: string } = {};
    // a server that stops answering must not hold the bench for ever
    const timer = setTimeout(() => {
      answer.error = `${job.url}: no result within ${Math.round(limitMs / 1000)} s (stopped)`;
      child.kill('SIGKILL');
    }, limitMs);
    child.once('message', (message: typeof answer) => {
      answer = message;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (answer.result) resolve(answer.result);
      else reject(new Error(answer.error ?? `the load generator stopped with exit code ${code}`));
    });
    child.send(job);
  });
}

export function assertAllSucceeded(label: string, result: LoadResult) {
  if (result.requests === 0) {
    throw new Error(
      `${label}: the server gave no answer at all (${result.errors} connection errors, ` +
        `${result.timeouts} timeouts), so there is nothing to measure. Is the build current?`,
    );
  }
  if (result.requests > 0 && result.non2xx === 0 && result.errors === 0 && result.timeouts === 0) {
    return;
  }
  throw new Error(
    `${label}: ${result.requests} answers, ${result.non2xx} not 2xx ` +
      `(${JSON.stringify(result.statusCodes)}), ${result.errors} connection errors, ` +
      `${result.timeouts} timeouts. The figures would mean nothing, so the bench stops here.`,
  );
}

export const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function table(rows: string[][]) {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths?.[column] ?? 0) : cell.padStart(widths?.[column] ?? 0),
        )
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}
