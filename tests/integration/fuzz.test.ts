import { request as httpRequest } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seed';
import { LONE_HIGH, LONE_LOW, NUL, SeededRandom } from '../setup/fuzz';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { connect, createSocket, type TestSocket } from '../setup/sockets';
import {
  buildFuzzWorld,
  eventSpecs,
  routeSpecs,
  type EventSpec,
  type FuzzWorld,
  type SocketRule,
  type Who,
} from './fuzz-specs';
import {
  PAYLOADS_PER_ACTION,
  payloadsFor,
  shuffled,
  WEBHOOK_SECRET,
  type Payload,
} from './fuzz-specs/payloads';

/**
 * Every form action and every socket event gets at least 50 malformed payloads, generated
 * from a fixed seed: wrong types, sizes past every limit, NUL and lone surrogates, other
 * cohorts' ids, unknown ids, bodies of the wrong kind, cut multipart. None may answer 500,
 * and no table may gain or lose a row.
 */

const SEED = 20_270_111;
const PAYLOADS_PER_EVENT = 50;
/** requests in flight at once: enough to keep the server busy, few enough for two cores */
const CONCURRENCY = 6;

/**
 * Tables a refused request may legitimately change, with why; every other table keeps its
 * row count:
 * - sign_in_attempt (forms): every failed sign-in is counted, so throttling can slow a guesser.
 * - rate_limit_hit (forms): every wrong join code and every reset request is counted, so guessing
 *   codes is slowed and nobody floods an inbox with reset emails.
 * - audit_log (sockets): a participant sending a host-only live command is refused and the
 *   attempt is audit-logged on purpose, so an org admin sees the probing.
 */
const FORMS_MAY_CHANGE = ['sign_in_attempt', 'rate_limit_hit'];
const SOCKETS_MAY_CHANGE = ['audit_log'];

let server: TestServer;
let uploadDir: string;
let world: FuzzWorld;
const clients = new Map<Who, HttpClient>();
const serverErrors: unknown[] = [];
const originalConsoleError = console.error;

beforeAll(async () => {
  // the server runs in this process: what it logs as an error is collected and shown
  console.error = (...args: unknown[]) => {
    serverErrors.push(args);
    originalConsoleError(...args);
  };
  uploadDir = await mkdtemp(path.join(os.tmpdir(), 'cadre-fuzz-uploads-'));
  server = await startTestServer(
    {
      UPLOAD_DIR: uploadDir,
      ZOOM_WEBHOOK_SECRET_TOKEN: WEBHOOK_SECRET,
      ZOOM_MEETING_SDK_KEY: 'fuzz-sdk-key',
      ZOOM_MEETING_SDK_SECRET: 'fuzz-sdk-secret',
    },
    { realtime: { eventsPerSecond: 100_000 } },
  );
  world = await buildFuzzWorld(server.db);
  for (const [who, email] of Object.entries(world.emails) as [Who, string][]) {
    const client = new HttpClient(server.url);
    const response = await client.signIn(email, DEMO_PASSWORD);
    if (response.status !== 302) throw new Error(`${who} could not sign in (${response.status})`);
    clients.set(who, client);
  }
}, 120_000);

afterAll(async () => {
  console.error = originalConsoleError;
  await server?.close();
  await rm(uploadDir, { recursive: true, force: true });
});

/** every file the upload store holds (a refused upload leaves none, not even staged) */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(uploadDir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

// ---------------------------------------------------------------------------------------
// running them

function routeFilesWithActions(): string[] {
  const root = path.resolve('app/routes');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name)) {
        const source = readFileSync(full, 'utf8');
        if (/export\s+(async\s+function|const|function)\s+action\b/.test(source)) {
          files.push(path.relative(process.cwd(), full).split(path.sep).join('/'));
        }
      }
    }
  };
  walk(root);
  return files.sort();
}

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name
  `.execute(server.db);
  const names = tables.rows.map((row) => row.name);
  const counts = await sql<Record<string, string>>`select ${sql.join(
    names.map((name) => sql`(select count(*) from ${sql.table(name)}) as ${sql.ref(name)}`),
  )}`.execute(server.db);
  return Object.fromEntries(
    Object.entries(counts.rows[0]!).map(([name, count]) => [name, Number(count)]),
  );
}

function changedRows(
  before: Record<string, number>,
  after: Record<string, number>,
  mayChange: string[],
) {
  return Object.keys({ ...before, ...after })
    .filter((table) => !mayChange.includes(table))
    .filter((table) => before[table] !== after[table])
    .map((table) => `${table}: ${before[table]} → ${after[table]}`);
}

interface Answer {
  status: number;
  label: string;
  as: string;
  path: string;
  location: string | null;
}

/** the answer, or 599 when the connection broke without one */
async function send(payload: Payload): Promise<Answer> {
  return sendOnce(payload).catch((error: unknown) => ({
    status: 599,
    label: `${payload.label} (no answer: ${String(error)})`,
    as: payload.as,
    path: payload.path,
    location: null,
  }));
}

/**
 * One request on its own connection (node:http, no keep-alive): a reused connection the
 * server is closing would read as a reset that is nobody's fault. An answer that arrives
 * before the body is all sent (a 413 that stops reading) still counts.
 */
function sendOnce(payload: Payload): Promise<Answer> {
  const client =
    payload.as === 'anonymous' || payload.as === 'stranger' ? null : clients.get(payload.as)!;
  const cookie =
    payload.as === 'stranger'
      ? 'cadre_session=forged-session-id; other=1'
      : client
        ? client.cookieHeader
        : undefined;
  const body = payload.body === undefined ? Buffer.alloc(0) : Buffer.from(payload.body);
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(
      new URL(server.url),
      {
        method: 'POST',
        path: payload.path,
        agent: false,
        headers: {
          Origin: server.url,
          'X-Forwarded-For': client?.ip ?? '10.250.0.1',
          'Content-Length': String(body.length),
          ...payload.headers,
          ...(cookie ? { Cookie: cookie } : {}),
        },
      },
      (response) => {
        answered = true;
        response.resume();
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            label: payload.label,
            as: payload.as,
            path: payload.path,
            location: response.headers.location ?? null,
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.end(body);
  });
}

async function sendAll(payloads: Payload[]): Promise<Answer[]> {
  const answers: Answer[] = new Array(payloads.length);
  let next = 0;
  const worker = async () => {
    while (next < payloads.length) {
      const index = next;
      next += 1;
      answers[index] = await send(payloads[index]!);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return answers;
}

/** one at a time, counting rows after each: which payload changed what (FUZZ_TRACE=1) */
async function traceAll(file: string, payloads: Payload[]): Promise<Answer[]> {
  const answers: Answer[] = [];
  let before = await rowCounts();
  for (const payload of payloads) {
    const answer = await send(payload);
    answers.push(answer);
    const after = await rowCounts();
    const changed = changedRows(before, after, FORMS_MAY_CHANGE);
    if (changed.length > 0) {
      console.log(
        `${file}: ${answer.status} ${payload.label} as ${payload.as} changed ${changed.join(', ')}`,
      );
    }
    before = after;
  }
  return answers;
}

const totals = { payloads: 0, serverErrors: 0, rowsChanged: 0, events: 0, eventErrors: 0 };

describe('form actions', () => {
  it('lists every route with an action', () => {
    // a new route with an action must be added to the fuzz specs, or this fails
    expect(routeFilesWithActions()).toEqual(Object.keys(routeSpecs(world)).sort());
  });

  it('answers every malformed payload to every action without a server error and changes nothing', async () => {
    const specs = routeSpecs(world);
    const random = new SeededRandom(SEED);
    const failures: string[] = [];
    const unreached: string[] = [];
    const started = Date.now();
    for (const [file, spec] of Object.entries(specs)) {
      const payloads = payloadsFor(world, file, spec, random);
      const asTheRightPerson = payloads.filter((payload) => !payload.extra);
      expect(asTheRightPerson.length, file).toBeGreaterThanOrEqual(PAYLOADS_PER_ACTION);
      const before = await rowCounts();
      const errorsBefore = serverErrors.length;
      const routeStarted = Date.now();
      const answers = process.env.FUZZ_TRACE
        ? await traceAll(file, payloads)
        : await sendAll(payloads);
      if (process.env.FUZZ_VERBOSE) {
        console.log(`${file}: ${answers.length} payloads in ${Date.now() - routeStarted} ms`);
      }
      const changed = changedRows(before, await rowCounts(), FORMS_MAY_CHANGE);
      totals.payloads += answers.length;
      totals.serverErrors += answers.filter((answer) => answer.status >= 500).length;
      totals.rowsChanged += changed.length;
      for (const answer of answers.filter((item) => item.status >= 500)) {
        failures.push(
          `${file}: ${answer.status} for ${answer.label} as ${answer.as} → ${answer.path}`,
        );
      }
      if (changed.length > 0) failures.push(`${file}: rows changed: ${changed.join(', ')}`);
      if (serverErrors.length > errorsBefore) {
        failures.push(`${file}: ${serverErrors.length - errorsBefore} errors logged`);
      }
      // the signed-in payloads must get past the guards to the checks
      const reached = answers.filter(
        (answer) =>
          answer.as !== 'anonymous' &&
          answer.as !== 'stranger' &&
          ![401, 403, 404, 405].includes(answer.status) &&
          !answer.location?.startsWith('/login'),
      );
      const signedIn = answers.filter(
        (answer) => answer.as !== 'anonymous' && answer.as !== 'stranger',
      );
      if (process.env.FUZZ_VERBOSE) {
        console.log(
          `${file}: ${reached.length} of ${signedIn.length} signed-in payloads past the guards`,
        );
      }
      // a person of the wrong role would be stopped nearly every time; where the fields are
      // what the guard reads (the Zoom signature's cohort and session), many stop there
      if (reached.length < signedIn.length * 0.3)
        unreached.push(`${file}: ${reached.length} of ${signedIn.length}`);
    }
    console.log(
      `fuzz (forms): ${totals.payloads} payloads to ${Object.keys(specs).length} actions in ${Date.now() - started} ms; ` +
        `${totals.serverErrors} answers ≥ 500; ${totals.rowsChanged} tables changed`,
    );
    expect(failures).toEqual([]);
    expect(unreached).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  }, 240_000);
});

function brokenValues(rule: SocketRule, random: SeededRandom): unknown[] {
  const common = [null, true, 7, {}, [], `${NUL}`, LONE_HIGH, { $ne: null }];
  switch (rule.kind) {
    case 'id':
      return [
        ...common.filter((value) => value !== null || !rule.nullable),
        ...rule.foreign,
        random.uuid(),
        'not-an-id',
        `${random.uuid()}${NUL}`,
        `${LONE_LOW}${random.uuid()}`,
        'x'.repeat(5000),
        ...(rule.optional || rule.nullable ? [] : [undefined]),
      ];
    case 'text':
      return [
        ...common,
        `Hello${NUL}`,
        `Hello${LONE_HIGH}`,
        `${LONE_LOW}Hello`,
        '',
        '   ',
        'x'.repeat(Math.min(rule.max + 1, 15_000)),
        ['Hello'],
        undefined,
      ];
    case 'int':
      return [
        ...common.filter((value) => value !== 7),
        rule.min - 1,
        rule.max + 1,
        rule.min + 0.5,
        String(rule.min),
        Number.MAX_VALUE,
        -Number.MAX_VALUE,
        ...(rule.optional ? [] : [undefined]),
      ];
    case 'bool':
      return [...common.filter((value) => value !== true), 'true', 1, 0, undefined];
    case 'list':
      return [
        ...common.filter((value) => !Array.isArray(value)),
        Array.from({ length: rule.max + 1 }, () => rule.of),
        ...(rule.min > 0 ? [[]] : []),
        [null],
        [`${NUL}`],
        [LONE_HIGH],
        [{ $ne: null }],
        'A,B',
      ];
  }
}

/** at least PAYLOADS_PER_EVENT payloads for one event: the whole payload wrong, then its fields */
function eventPayloads(
  spec: EventSpec,
  random: SeededRandom,
): { label: string; payload: unknown }[] {
  const payloads: { label: string; payload: unknown }[] = [
    { label: 'no payload', payload: undefined },
    { label: 'null', payload: null },
    { label: 'a number', payload: 42 },
    { label: 'a string', payload: JSON.stringify(spec.base) },
    { label: 'a list', payload: [spec.base] },
    { label: 'empty object', payload: {} },
    { label: 'an unknown field', payload: { ...spec.base, admin: true } },
    { label: 'a field name with NUL', payload: { ...spec.base, [`x${NUL}`]: 1 } },
    { label: 'a field name lone surrogate', payload: { ...spec.base, [LONE_HIGH]: 1 } },
    { label: 'prototype pollution', payload: JSON.parse(`{"__proto__":{"isHost":true},"x":1}`) },
    {
      label: 'nested deep',
      payload: { ...spec.base, deep: JSON.parse(`${'['.repeat(2000)}${']'.repeat(2000)}`) },
    },
  ];
  const fieldCases = Object.entries(spec.rules).flatMap(([name, rule]) =>
    brokenValues(rule, random).map((value) => ({
      label: `${name}=${JSON.stringify(value)?.slice(0, 40) ?? 'missing'}`,
      payload: value === undefined ? omit(spec.base, name) : { ...spec.base, [name]: value },
    })),
  );
  payloads.push(...shuffled(fieldCases, random));
  while (payloads.length < PAYLOADS_PER_EVENT) {
    const name = random.pick(Object.keys(spec.base));
    payloads.push({
      label: `${name} unsavable (${payloads.length})`,
      payload: {
        ...spec.base,
        [name]: random.pick([`${NUL}`, LONE_HIGH, LONE_LOW]),
        extra: random.int(9),
      },
    });
  }
  return payloads.slice(0, Math.max(PAYLOADS_PER_EVENT, Math.min(payloads.length, 60)));
}

function omit(value: Record<string, unknown>, name: string) {
  const { [name]: _omitted, ...rest } = value;
  return rest;
}

async function openSocket(who: Who): Promise<TestSocket> {
  const socket = createSocket(server.url, { cookie: clients.get(who)!.cookieHeader });
  await connect(socket);
  return socket;
}

describe('socket events', () => {
  it('lists every event a socket may send', async () => {
    const socket = await openSocket('participant');
    try {
      const serverSocket = server.realtime.io.of('/').sockets.get(socket.id!)!;
      const handled = serverSocket
        .eventNames()
        .map(String)
        .filter((name) => name !== 'disconnect' && name !== 'disconnecting' && name !== 'error');
      // a new event must be added to the fuzz specs, or this fails
      expect(handled.sort()).toEqual(Object.keys(eventSpecs(world)).sort());
    } finally {
      socket.disconnect();
    }
  });

  it('answers every malformed payload to every event with an error, stays up and changes nothing', async () => {
    const random = new SeededRandom(SEED + 1);
    const host = await openSocket('coach');
    const participant = await openSocket('participant');
    const outsider = await openSocket('admin');
    try {
      if (process.env.FUZZ_VERBOSE) {
        host.on('disconnect', (reason, details) => console.log('host dropped', reason, details));
      }
      for (const socket of [host, participant]) {
        const joined = await socket.emitWithAck('room:join', {
          coachingSessionId: world.springLive,
        });
        expect(joined).toHaveProperty('data');
      }
      const specs = eventSpecs(world);
      const before = await rowCounts();
      const failures: string[] = [];
      const started = Date.now();
      let sent = 0;
      for (const [event, spec] of Object.entries(specs)) {
        const payloads = eventPayloads(spec, random);
        expect(payloads.length, event).toBeGreaterThanOrEqual(PAYLOADS_PER_EVENT);
        // mostly the host (who may send everything), some a participant and an outsider
        const results = await Promise.all(
          payloads.map(async ({ label, payload }, index) => {
            const socket = index % 10 === 8 ? participant : index % 10 === 9 ? outsider : host;
            const emit = socket.timeout(10_000) as unknown as {
              emitWithAck: (event: string, ...args: unknown[]) => Promise<unknown>;
            };
            try {
              const ack =
                payload === undefined
                  ? await emit.emitWithAck(event)
                  : await emit.emitWithAck(event, payload);
              return { label, ack };
            } catch (error) {
              return { label, ack: { timeout: String(error) } };
            }
          }),
        );
        sent += results.length;
        if (process.env.FUZZ_VERBOSE) {
          console.log(
            `${event}: ${results.length} payloads; host connected: ${host.connected}; ` +
              results
                .filter(({ ack }) => !ack || typeof ack !== 'object' || !('error' in ack))
                .map(({ label, ack }) => `${label} → ${JSON.stringify(ack)?.slice(0, 80)}`)
                .join(' | '),
          );
        }
        for (const { label, ack } of results) {
          if (
            !ack ||
            typeof ack !== 'object' ||
            !('error' in ack) ||
            typeof ack.error !== 'string'
          ) {
            failures.push(`${event} ${label}: ${JSON.stringify(ack)?.slice(0, 200)}`);
          }
        }
      }
      const changed = changedRows(before, await rowCounts(), SOCKETS_MAY_CHANGE);
      totals.events += sent;
      totals.eventErrors += failures.length;
      console.log(
        `fuzz (sockets): ${sent} payloads to ${Object.keys(specs).length} events in ${Date.now() - started} ms; ` +
          `${failures.length} answered without an error; ${changed.length} tables changed`,
      );
      expect(failures).toEqual([]);
      expect(changed).toEqual([]);
      // the server is up and the room still works for a well-formed command
      expect(host.connected && participant.connected).toBe(true);
      const raised = await participant.emitWithAck('hand:raise', {
        coachingSessionId: world.springLive,
      });
      expect(raised).toHaveProperty('data');
      expect((await fetch(new URL('/healthz', server.url))).status).toBe(200);
    } finally {
      host.disconnect();
      participant.disconnect();
      outsider.disconnect();
    }
  }, 120_000);

  it('drops only the socket that sends more than a payload may hold, and refuses strangers', async () => {
    const greedy = await openSocket('participant');
    const bystander = await openSocket('coach');
    const dropped = new Promise<string>((resolve) => greedy.once('disconnect', resolve));
    (greedy as unknown as { emit: (event: string, payload: unknown) => void }).emit('chat:send', {
      coachingSessionId: world.springLive,
      text: 'x'.repeat(64 * 1024),
    });
    expect(await dropped).toBeTruthy();
    const answer = await bystander.emitWithAck('presence:watch', { cohortId: world.spring });
    expect(answer).toHaveProperty('data');
    bystander.disconnect();
    for (const cookie of [undefined, 'cadre_session=forged-session-id']) {
      const stranger = createSocket(server.url, { cookie });
      await expect(connect(stranger)).rejects.toThrow('unauthorized');
      stranger.disconnect();
    }
  });
});

afterAll(() => {
  console.log(
    `fuzz totals: ${totals.payloads} form payloads and ${totals.events} socket payloads sent; ` +
      `${totals.serverErrors} answers ≥ 500; ${totals.eventErrors} socket answers without an error; ` +
      `${totals.rowsChanged} tables with changed row counts`,
  );
});
