import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FORM_MAX_BYTES } from '../../app/http/body-limit.server';
import type { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import {
  buildCritiqueCohort,
  PASSWORD,
  signedIn,
  startEvidence,
  storedFiles,
} from './critique-fixtures';

/**
 * 50 MB sent to the routes an attacker reaches first. The server answers 413 without reading
 * the rest, stays up, and its memory does not grow with what was sent. Bodies are streamed
 * from one reused buffer, so the test itself never holds them.
 */

const TOTAL_BYTES = 50 * 1024 * 1024;
const UPLOAD_MAX_BYTES = 5_000_000;
const MEMORY_GROWTH_LIMIT = 20 * 1024 * 1024;
const filler = Buffer.alloc(64 * 1024, 0x61);

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

let server: TestServer;
let uploadDir: string;
let cohort: Awaited<ReturnType<typeof buildCritiqueCohort>>;
let author: HttpClient;
let evidencePath: string;

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(os.tmpdir(), 'cadre-body-limits-'));
  server = await startTestServer({
    UPLOAD_DIR: uploadDir,
    UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
    ZOOM_WEBHOOK_SECRET_TOKEN: 'body limits webhook secret',
  });
  cohort = await buildCritiqueCohort(server.db);
  author = await signedIn(server.url, cohort.participants[0]!.email);
  const submissionId = await startEvidence(author, cohort.cohort.id, cohort.credential.id);
  evidencePath = `/cohorts/${cohort.cohort.id}/evidence/${submissionId}`;
  // the first refusals compile code and, under the test runner, decode the build's source map
  // for the first error stack (tens of MB, once); measure what the bodies cost, not that
  await expectServerAnswers();
  expect((await loginPost(true, 2 * FORM_MAX_BYTES)).status).toBe(413);
  expect((await uploadPost(true, UPLOAD_MAX_BYTES + 256 * 1024)).status).toBe(413);
  expect((await webhookPost(true, 512 * 1024)).status).toBe(413);
});

afterAll(async () => {
  await server?.close();
  await rm(uploadDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** bytes the client had written when the answer arrived */
  sentBeforeAnswer: number;
}

/**
 * POSTs `prefix` and then filler up to `total` bytes over a fresh connection, with a declared
 * Content-Length or chunked, and stops sending as soon as the server answers.
 */
function streamPost(
  pathname: string,
  options: { prefix: string; headers: Record<string, string>; chunked: boolean; total?: number },
): Promise<Answer> {
  const total = options.total ?? TOTAL_BYTES;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest(new URL(pathname, server.url), {
      method: 'POST',
      agent: false,
      headers: {
        ...options.headers,
        ...(options.chunked ? {} : { 'Content-Length': String(total) }),
      },
    });
    req.on('response', (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          sentBeforeAnswer,
        });
      });
    });
    // once the server has answered it may reset the connection under the rest of the upload
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && sent < total) {
        const chunk = filler.subarray(0, Math.min(filler.length, total - sent));
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    const prefix = Buffer.from(options.prefix);
    sent += prefix.length;
    req.write(prefix);
    pump();
  });
}

const kinds = [
  { label: 'with a declared Content-Length', chunked: false },
  { label: 'chunked, without a Content-Length', chunked: true },
] as const;

function loginPost(chunked: boolean, total?: number) {
  return streamPost('/login', {
    chunked,
    total,
    // valid credentials first: a body cut at the limit must not sign anyone in
    prefix: `email=${encodeURIComponent(cohort.participants[1]!.email)}&password=${encodeURIComponent(PASSWORD)}&padding=`,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      Origin: server.url,
      'X-Forwarded-For': '10.250.0.1',
    },
  });
}

function uploadPost(chunked: boolean, total?: number) {
  const boundary = 'cadre-body-limits';
  return streamPost(evidencePath, {
    chunked,
    total,
    prefix: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lesson.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n`,
    headers: {
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      Cookie: author.cookieHeader,
      Origin: server.url,
      'X-Forwarded-For': author.ip,
    },
  });
}

function webhookPost(chunked: boolean, total?: number) {
  return streamPost('/webhooks/zoom', {
    chunked,
    total,
    prefix: '{"event":"meeting.participant_joined","payload":"',
    headers: {
      'Content-Type': 'application/json',
      'x-zm-request-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-zm-signature': 'v0=00',
    },
  });
}

async function countRows(table: 'auth_session' | 'sign_in_attempt' | 'evidence_item') {
  const row = await server.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Runs `send` while sampling the process's memory; figures are after a full collection. */
async function measured<T>(label: string, send: () => Promise<T>) {
  collectGarbage();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  try {
    const result = await send();
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    collectGarbage();
    const after = process.memoryUsage();
    const figures = {
      rssGrowth: after.rss - before.rss,
      peakRssGrowth: peakRss - before.rss,
      heapUsedGrowth: after.heapUsed - before.heapUsed,
    };
    console.log(
      `${label}: rss ${megabytes(before.rss)} → peak ${megabytes(peakRss)} → ${megabytes(after.rss)}` +
        ` (peak growth ${megabytes(figures.peakRssGrowth)}),` +
        ` heapUsed ${megabytes(before.heapUsed)} → ${megabytes(after.heapUsed)}` +
        ` (growth ${megabytes(figures.heapUsedGrowth)})`,
    );
    return { result, figures };
  } finally {
    clearInterval(sampler);
  }
}

function expectSmallGrowth(figures: {
  peakRssGrowth: number;
  rssGrowth: number;
  heapUsedGrowth: number;
}) {
  expect(figures.peakRssGrowth).toBeLessThan(MEMORY_GROWTH_LIMIT);
  expect(figures.rssGrowth).toBeLessThan(MEMORY_GROWTH_LIMIT);
  expect(figures.heapUsedGrowth).toBeLessThan(MEMORY_GROWTH_LIMIT);
}

async function expectServerAnswers() {
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  const page = await fetch(`${server.url}/login`);
  expect(page.status).toBe(200);
  await page.text();
}

describe('50 MB to /login, unauthenticated', () => {
  for (const kind of kinds) {
    it(`answers 413 ${kind.label}, reads no further and signs nobody in`, async () => {
      const sessionsBefore = await countRows('auth_session');
      const attemptsBefore = await countRows('sign_in_attempt');

      const { result, figures } = await measured(`/login ${kind.label}`, () =>
        loginPost(kind.chunked),
      );

      console.log(`  answered after ${megabytes(result.sentBeforeAnswer)} of 50 MB were sent`);
      expect(result.status).toBe(413);
      expect(result.headers['content-type']).toMatch(/^text\/html/);
      expect(result.headers.connection).toBe('close');
      expect(result.body).toContain('role="alert"');
      expect(result.body).toContain('more than 1 MB');
      expect(result.sentBeforeAnswer).toBeLessThan(TOTAL_BYTES);
      expectSmallGrowth(figures);
      expect(await countRows('auth_session')).toBe(sessionsBefore);
      expect(await countRows('sign_in_attempt')).toBe(attemptsBefore);
      await expectServerAnswers();
    });
  }

  it('still reads a chunked form just under the limit', async () => {
    const result = await loginPost(true, FORM_MAX_BYTES - 1024);
    expect(result.status).not.toBe(413);
    expect(result.status).toBeLessThan(500);
  });
});

describe('50 MB to an evidence upload', () => {
  for (const kind of kinds) {
    it(`answers 413 ${kind.label} and keeps nothing`, async () => {
      const itemsBefore = await countRows('evidence_item');

      const { result, figures } = await measured(`upload ${kind.label}`, () =>
        uploadPost(kind.chunked),
      );

      console.log(`  answered after ${megabytes(result.sentBeforeAnswer)} of 50 MB were sent`);
      expect(result.status).toBe(413);
      expect(result.headers.connection).toBe('close');
      expect(result.body).toContain('larger than 5 MB');
      expect(result.sentBeforeAnswer).toBeLessThan(TOTAL_BYTES);
      expectSmallGrowth(figures);
      expect(await countRows('evidence_item')).toBe(itemsBefore);
      // the route or the edge may answer first; the route clears its staging file either way
      await vi.waitFor(async () => expect(await storedFiles(uploadDir)).toEqual([]));
      await expectServerAnswers();
    });
  }
});

describe('50 MB to the Zoom webhook', () => {
  for (const kind of kinds) {
    it(`answers 413 ${kind.label} after at most 256 KiB`, async () => {
      const { result, figures } = await measured(`/webhooks/zoom ${kind.label}`, () =>
        webhookPost(kind.chunked),
      );

      console.log(`  answered after ${megabytes(result.sentBeforeAnswer)} of 50 MB were sent`);
      expect(result.status).toBe(413);
      expect(result.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(result.body)).toEqual({ message: expect.stringContaining('256 KiB') });
      expect(result.sentBeforeAnswer).toBeLessThan(TOTAL_BYTES);
      expectSmallGrowth(figures);
      await expectServerAnswers();
    });
  }
});
