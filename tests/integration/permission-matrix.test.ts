import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { liveCommands } from '../../app/live/commands.server';
import { may, type CohortAccessRole, type CohortRule } from '../../app/permissions/policy';
import { buildCohort, buildMember, buildUser } from '../../db/builders';
import { DEMO_PASSWORD } from '../../db/seed';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { connect, createSocket, type TestSocket } from '../setup/sockets';
import { buildFuzzWorld, eventSpecs, type FuzzWorld } from './fuzz-specs';
import {
  cohortRole,
  NO_ACTION,
  personas,
  routeRows,
  type Outcome,
  type Persona,
} from './permission-matrix-rows';

/**
 * Every route (its loader as GET, its action as POST) and every socket command, tried by
 * eight people, each with the answer the permission policy gives them
 * (docs/decisions/035-one-permission-policy.md). The rows are checked against the route
 * files on disk and the events of the typed contract: a route or command without a row
 * fails the test, so a new one must say who may use it.
 *
 * The cohort under test is the demo organization's: `participant`, `coach` and
 * `facilitator` hold those roles in it, `orgAdmin` is an admin of its organization who does
 * not staff it; `otherParticipant` and `otherCoach` belong to another cohort of the same
 * organization, `otherOrgAdmin` administers another organization.
 */

const PASSWORD = DEMO_PASSWORD;
let server: TestServer;
let w: FuzzWorld;
const clients = new Map<Persona, HttpClient>();
const emails = new Map<Persona, string>();

beforeAll(async () => {
  server = await startTestServer(
    {
      ZOOM_MEETING_SDK_KEY: 'matrix-sdk-key',
      ZOOM_MEETING_SDK_SECRET: 'matrix-sdk-secret',
    },
    { realtime: { eventsPerSecond: 100_000 } },
  );
  const db = server.db;
  w = await buildFuzzWorld(db);
  const passwordHash = await hashPassword(PASSWORD);
  const demo = await db
    .selectFrom('cohort')
    .select(['organization_id', 'program_id'])
    .where('id', '=', w.spring)
    .executeTakeFirstOrThrow();
  const otherOrg = await db
    .selectFrom('cohort')
    .select('organization_id')
    .where('id', '=', w.other.cohort)
    .executeTakeFirstOrThrow();

  // the participant belongs to both demo cohorts, so spring's evidence and fall's plans are theirs to reach
  const participantId = w.springParticipants[0]!.user_id;
  if (!w.fallParticipants.some((member) => member.user_id === participantId)) {
    await buildMember(db, { cohortId: w.fall, userId: participantId, role: 'participant' });
  }
  // another cohort of the demo organization, with its own coach and participant
  const otherFacilitator = await buildUser(db, {
    organizationId: demo.organization_id,
    passwordHash,
  });
  const otherCoach = await buildUser(db, {
    organizationId: demo.organization_id,
    passwordHash,
    mayCoach: true,
  });
  const otherParticipant = await buildUser(db, {
    organizationId: demo.organization_id,
    passwordHash,
  });
  const another = await buildCohort(db, {
    organizationId: demo.organization_id,
    programId: demo.program_id,
    facilitatorId: otherFacilitator.id,
    coachId: otherCoach.id,
    name: 'Another Demo Cohort',
  });
  await buildMember(db, { cohortId: another.id, userId: otherParticipant.id, role: 'participant' });
  const otherOrgAdmin = await buildUser(db, {
    organizationId: otherOrg.organization_id,
    passwordHash,
    isOrgAdmin: true,
  });

  emails.set('participant', w.emails.participant);
  emails.set('otherParticipant', otherParticipant.email);
  emails.set('coach', w.emails.coach);
  emails.set('otherCoach', otherCoach.email);
  emails.set('facilitator', w.emails.facilitator);
  emails.set('orgAdmin', w.emails.admin);
  emails.set('otherOrgAdmin', otherOrgAdmin.email);
  for (const persona of personas) await signIn(persona);
}, 180_000);

afterAll(async () => {
  await server?.close();
});

async function signIn(persona: Persona) {
  const client = new HttpClient(server.url);
  const email = emails.get(persona);
  if (email) {
    const response = await client.signIn(email, PASSWORD);
    if (response.status !== 302) throw new Error(`${persona} could not sign in`);
  }
  clients.set(persona, client);
}

function classify(response: Response): Outcome {
  const { status } = response;
  const location = response.headers.get('location') ?? '';
  if (status >= 300 && status < 400 && /^(https?:\/\/[^/]+)?\/login(\?|$)/.test(location)) {
    return 'login';
  }
  if (status === 400 || status === 422 || status === 413 || status === 415 || status === 429) {
    return 'ok';
  }
  if (status < 400) return 'ok';
  if (['401', '403', '404', '405', '409', '410'].includes(String(status))) {
    return String(status) as Outcome;
  }
  return '500';
}

function routeFilesOnDisk(): string[] {
  const root = path.resolve('app/routes');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.startsWith('__')) {
        found.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  walk(root);
  return found.sort();
}

function hasAction(file: string) {
  const source = readFileSync(path.resolve('app/routes', file), 'utf8');
  return /export (async function|const|let) action\b|export \{[^}]*\baction\b[^}]*\}/.test(source);
}

/** events a client may send, read from the typed contract */
function socketEventsOfContract(): string[] {
  const source = readFileSync(path.resolve('realtime/events.ts'), 'utf8');
  const body = /interface ClientToServerEvents[^{]*\{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  const named = [...body.matchAll(/^\s*'([a-z-]+:[a-z-]+)'\s*:/gm)].map((match) => match[1]!);
  return [...named, ...Object.keys(liveCommands)].sort();
}

async function request(persona: Persona, method: 'GET' | 'POST', target: string) {
  const client = clients.get(persona)!;
  const response =
    method === 'GET'
      ? await client.get(target)
      : await client.post(target, { intent: 'permission-matrix' });
  await response.arrayBuffer();
  return classify(response);
}

describe('every route', () => {
  it('has a row, and a row for every route', () => {
    const rows = routeRows(w);
    expect(Object.keys(rows).sort()).toEqual(routeFilesOnDisk());
    const withoutMatchingAction = Object.entries(rows)
      .filter(([file, row]) => (row.post !== NO_ACTION) !== hasAction(file))
      .map(([file]) => file);
    expect(withoutMatchingAction).toEqual([]);
  });

  it('answers each persona as the policy says', async () => {
    const rows = routeRows(w);
    const mismatches: string[] = [];
    for (const [file, row] of Object.entries(rows)) {
      for (const method of ['GET', 'POST'] as const) {
        const expected = method === 'GET' ? row.get : row.post;
        if (expected === NO_ACTION) continue;
        for (const persona of personas) {
          const actual = await request(persona, method, row.path);
          if (actual !== expected[persona]) {
            mismatches.push(
              `${file} ${method} ${persona}: expected ${expected[persona]}, got ${actual}`,
            );
          }
          // signing out (or a session ended by a form) is undone so the next row is asked as before
          if (persona !== 'anonymous' && method === 'POST') {
            const still = await clients.get(persona)!.get('/me/account');
            await still.arrayBuffer();
            if (classify(still) === 'login') await signIn(persona);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 600_000);
});

// ---------------------------------------------------------------------------------------
// socket commands

type SocketOutcome = 'ok' | 'refused' | 'denied';

const REFUSALS =
  /not a member|^you are not in this room|join the room first|only the host|hosts run the poll|^forbidden$|not found|not watching/i;

function socketRows(): Record<string, Record<Persona, SocketOutcome>> {
  const inRoom = (rule: CohortRule): Record<Persona, SocketOutcome> => {
    const expected = Object.fromEntries(
      personas.map((p) => [p, p === 'anonymous' ? 'refused' : 'denied']),
    ) as Record<Persona, SocketOutcome>;
    for (const [persona, role] of Object.entries(cohortRole) as [Persona, CohortAccessRole][]) {
      expected[persona] = may(role, rule) ? 'ok' : 'denied';
    }
    return expected;
  };
  const rows: Record<string, Record<Persona, SocketOutcome>> = {
    'room:join': inRoom('view'),
    'room:leave': inRoom('view'),
    'presence:watch': inRoom('view'),
    'presence:unwatch': inRoom('view'),
  };
  for (const [name, spec] of Object.entries(liveCommands)) {
    rows[name] = inRoom(spec.hostOnly ? 'host' : 'view');
  }
  // lowering someone else's hand is the host's
  rows['hand:lower'] = inRoom('host');
  return rows;
}

describe('every socket command', () => {
  it('has a row, and a row for every command of the contract', () => {
    expect(Object.keys(socketRows()).sort()).toEqual(socketEventsOfContract());
  });

  it('answers each persona as the policy says', async () => {
    const rows = socketRows();
    const specs = eventSpecs(w);
    const mismatches: string[] = [];
    for (const persona of personas) {
      const socket: TestSocket = createSocket(server.url, {
        cookie: clients.get(persona)!.cookieHeader,
      });
      try {
        if (persona === 'anonymous') {
          const refused = await connect(socket).then(
            () => false,
            () => true,
          );
          for (const name of Object.keys(rows)) {
            const actual: SocketOutcome = refused ? 'refused' : 'ok';
            if (actual !== rows[name]![persona]) {
              mismatches.push(
                `${name} ${persona}: expected ${rows[name]![persona]}, got ${actual}`,
              );
            }
          }
          continue;
        }
        await connect(socket);
        // the room first, so its commands are asked of someone in it (or kept out of it)
        const order = [
          'room:join',
          'presence:watch',
          ...Object.keys(liveCommands),
          'presence:unwatch',
          'room:leave',
        ];
        for (const name of order) {
          const payload = { ...specs[name]!.base };
          if ('cohortId' in payload) payload.cohortId = w.spring;
          if (name === 'room:join') delete payload.afterSeq;
          // events are named at run time here, so the contract's types cannot follow them
          const emit = socket.timeout(5000) as unknown as {
            emitWithAck: (event: string, payload: unknown) => Promise<{ error?: string }>;
          };
          const reply = await emit.emitWithAck(name, payload);
          const actual: SocketOutcome =
            reply && 'error' in reply && reply.error && REFUSALS.test(reply.error)
              ? 'denied'
              : 'ok';
          if (actual !== rows[name]![persona]) {
            mismatches.push(
              `${name} ${persona}: expected ${rows[name]![persona]}, got ${actual} (${reply?.error ?? 'ok'})`,
            );
          }
        }
      } finally {
        socket.disconnect();
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});
