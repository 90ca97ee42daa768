import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../db/seed';
import {
  invalidValues,
  LONE_HIGH,
  LONE_LOW,
  multipart,
  MULTIPART_TYPE,
  NUL,
  SeededRandom,
  unsavableValues,
  urlencoded,
  URLENCODED_TYPE,
  type FieldRule,
  type FieldValue,
  type FormEntries,
} from '../setup/fuzz';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { connect, createSocket, type TestSocket } from '../setup/sockets';
import {
  buildFuzzWorld,
  eventSpecs,
  routeSpecs,
  type EventSpec,
  type FormCase,
  type FuzzWorld,
  type RouteSpec,
  type SocketRule,
  type Who,
} from './fuzz-specs';

/**
 * Every form action and every socket event gets at least 50 malformed payloads, generated
 * from a fixed seed: wrong types, sizes past every limit, NUL and lone surrogates, other
 * cohorts' ids, unknown ids, bodies of the wrong kind, cut multipart. None may answer 500,
 * and no table may gain or lose a row.
 */

const SEED = 20_270_111;
const PAYLOADS_PER_ACTION = 50;
const PAYLOADS_PER_EVENT = 50;
const WEBHOOK_SECRET = 'fuzz-webhook-secret';
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
// payloads

interface Payload {
  label: string;
  /** sent as someone other than the page is for (nobody, a forged cookie) */
  extra?: boolean;
  as: Who | 'stranger';
  path: string;
  headers: Record<string, string>;
  body: Buffer | string | undefined;
}

const HUGE = 1_500_000;

function entriesOf(fields: FormCase['fields']): FormEntries {
  return Object.entries(fields).flatMap(([name, value]) =>
    Array.isArray(value)
      ? value.map((item): [string, FieldValue] => [name, item])
      : [[name, value]],
  );
}

function formPayload(
  label: string,
  formCase: FormCase,
  entries: FormEntries,
  encoding: 'urlencoded' | 'multipart',
  extra: Partial<Payload> = {},
): Payload {
  return {
    label,
    as: formCase.as,
    path: formCase.path,
    headers: { 'Content-Type': encoding === 'multipart' ? MULTIPART_TYPE : URLENCODED_TYPE },
    body: encoding === 'multipart' ? multipart(entries) : urlencoded(entries),
    ...extra,
  };
}

/** bodies that are not the form asked for, whatever the route */
function wrongBodies(formCase: FormCase, random: SeededRandom): Payload[] {
  const entries = entriesOf(formCase.fields);
  const first = entries[0]?.[0] ?? 'intent';
  const whole = multipart(entries);
  const base = { as: formCase.as, path: formCase.path };
  return [
    {
      ...base,
      label: 'json where a form is expected',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(formCase.fields),
    },
    {
      ...base,
      label: 'cut json',
      headers: { 'Content-Type': 'application/json' },
      body: '{"intent":',
    },
    {
      ...base,
      label: 'plain text',
      headers: { 'Content-Type': 'text/plain' },
      body: urlencoded(entries).toString(),
    },
    {
      ...base,
      label: 'cut multipart',
      headers: { 'Content-Type': MULTIPART_TYPE },
      body: whole.subarray(0, Math.max(10, random.int(whole.length - 5))),
    },
    {
      ...base,
      label: 'multipart without a boundary',
      headers: { 'Content-Type': 'multipart/form-data' },
      body: whole,
    },
    {
      ...base,
      label: 'multipart with another boundary',
      headers: { 'Content-Type': 'multipart/form-data; boundary=not-the-one' },
      body: whole,
    },
    { ...base, label: 'empty body', headers: { 'Content-Type': URLENCODED_TYPE }, body: '' },
    {
      ...base,
      label: 'broken percent-encoding',
      headers: { 'Content-Type': URLENCODED_TYPE },
      body: `${first}=%ZZ%&%%%=&=${NUL}&${first}=%E0%A4%A`,
    },
    {
      ...base,
      label: 'xml',
      headers: { 'Content-Type': 'application/xml' },
      body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY y "z">]><x>&y;</x>',
    },
    {
      ...base,
      label: 'no content type',
      headers: {},
      body: urlencoded(entries),
    },
    {
      ...base,
      label: 'a field a megabyte and a half long',
      headers: { 'Content-Type': URLENCODED_TYPE },
      body: urlencoded([...entries.filter(([name]) => name !== first), [first, 'x'.repeat(HUGE)]]),
    },
    {
      ...base,
      label: 'a file where text is expected',
      headers: { 'Content-Type': MULTIPART_TYPE },
      body: multipart(
        entries.map(([name, value]): [string, FieldValue] =>
          name === first ? [name, { file: 'a.txt', content: String(value) }] : [name, value],
        ),
      ),
    },
  ];
}

function isRequired(rule: FieldRule | undefined) {
  if (!rule) return false;
  if (rule.kind === 'id' || rule.kind === 'number') return !rule.optional;
  if (rule.kind === 'text') return rule.required === true;
  return true;
}

/**
 * One form's broken variants: `first` breaks each field once by its own rule (the variant
 * most likely to reach the check behind it) and once with a NUL; `rest` holds the others.
 */
function fieldPayloads(
  formCase: FormCase,
  random: SeededRandom,
  options: { urlencodedOnly?: boolean } = {},
): { first: Payload[]; rest: Payload[] } {
  const entries = entriesOf(formCase.fields);
  const names = [...new Set([...entries.map(([name]) => name), ...Object.keys(formCase.rules)])];
  const first: Payload[] = [];
  const rest: Payload[] = [];
  for (const name of names) {
    const rule = formCase.rules[name];
    const baseline = String(formCase.fields[name] ?? '');
    const unsavable = unsavableValues(baseline, rule);
    const invalid = rule ? invalidValues(rule, baseline, random) : [];
    const variant = (value: FieldValue) => {
      const replaced: FormEntries = [
        ...entries.filter(([entryName]) => entryName !== name),
        [name, value],
      ];
      const encoding = random.int(3) === 0 && !options.urlencodedOnly ? 'multipart' : 'urlencoded';
      const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : 'bytes';
      return formPayload(`${name}=${shown}`, formCase, replaced, encoding);
    };
    first.push(variant(unsavable[0]!));
    if (invalid[0] !== undefined) first.push(variant(invalid[0]));
    rest.push(...unsavable.slice(1).map(variant), ...invalid.slice(1).map(variant));
    if (isRequired(rule)) {
      rest.push(
        formPayload(
          `${name} left out`,
          formCase,
          entries.filter(([entryName]) => entryName !== name),
          'urlencoded',
        ),
      );
    }
    // the same field twice, both refused: a page may read the first (form.get) or the last
    const [refused, alsoRefused] = rule ? shuffled(invalid, random) : [`${NUL}`, `x${NUL}`];
    rest.push(
      formPayload(
        `${name} twice`,
        formCase,
        [
          [name, refused!],
          ...entries.filter(([entryName]) => entryName !== name),
          [name, alsoRefused ?? refused!],
        ],
        'urlencoded',
      ),
    );
  }
  return { first, rest: shuffled(rest, random) };
}

/** uploads that must be refused: names and labels that cannot be saved, files that lie */
function uploadPayloads(upload: NonNullable<RouteSpec['uploads']>): Payload[] {
  const pdf = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';
  const post = (label: string, entries: FormEntries): Payload => ({
    label: `upload: ${label}`,
    as: upload.as,
    path: upload.path,
    headers: { 'Content-Type': MULTIPART_TYPE },
    body: multipart(entries),
  });
  return [
    post('a label with NUL', [
      ['label', `Lesson${NUL}plan`],
      [upload.field, { file: 'plan.pdf', content: pdf }],
    ]),
    post('a file name with NUL', [[upload.field, { file: `plan${NUL}.pdf`, content: pdf }]]),
    post('a file name of control characters', [
      [upload.field, { file: '\u0001\u0002\u0003', content: pdf }],
    ]),
    post('a field name with NUL', [
      [`label${NUL}`, 'x'],
      [upload.field, { file: 'plan.pdf', content: pdf }],
    ]),
    post('a text file named pdf', [[upload.field, { file: 'plan.pdf', content: 'just text' }]]),
    post('an empty file', [[upload.field, { file: 'plan.pdf', content: '' }]]),
    post('no file', [['label', 'Lesson plan']]),
    post('two files', [
      [upload.field, { file: 'a.pdf', content: pdf }],
      [upload.field, { file: 'b.pdf', content: pdf }],
    ]),
    post('a label too long to be a label', [
      ['label', 'x'.repeat(5000)],
      [upload.field, { file: 'plan.pdf', content: pdf }],
    ]),
  ];
}

function jsonPayloads(formCase: FormCase, random: SeededRandom): Payload[] {
  const version = world.plan.version;
  const content = {
    goal: 'A goal',
    measure: 'A measure',
    steps: [{ action: 'Do it', owner: 'Me', due: '2027-03-15', resources: '' }],
    support: '',
    context: '',
  };
  const json = (label: string, body: unknown): Payload => ({
    label,
    as: formCase.as,
    path: formCase.path,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const raw = (label: string, body: string, type = 'application/json'): Payload => ({
    label,
    as: formCase.as,
    path: formCase.path,
    headers: { 'Content-Type': type },
    body,
  });
  const payloads: Payload[] = [
    json('version as text', { version: String(version), content }),
    json('version negative', { version: -1, content }),
    json('version fraction', { version: 1.5, content }),
    json('version huge', { version: 2 ** 53, content }),
    json('version null', { version: null, content }),
    json('version a list', { version: [version], content }),
    json('version missing', { content }),
    json('content a string', { version, content: 'plan' }),
    json('content null', { version, content: null }),
    json('content a list', { version, content: [] }),
    json('goal a number', { version, content: { ...content, goal: 5 } }),
    json('goal an object', { version, content: { ...content, goal: { $gt: '' } } }),
    json('goal too long', { version, content: { ...content, goal: 'x'.repeat(2001) } }),
    json('goal with NUL', { version, content: { ...content, goal: `a${NUL}b` } }),
    json('goal lone high surrogate', { version, content: { ...content, goal: `a${LONE_HIGH}` } }),
    json('goal lone low surrogate', { version, content: { ...content, goal: `${LONE_LOW}b` } }),
    json('step with NUL', {
      version,
      content: { ...content, steps: [{ ...content.steps[0], action: NUL }] },
    }),
    json('step with surrogate', {
      version,
      content: { ...content, steps: [{ ...content.steps[0], owner: LONE_HIGH }] },
    }),
    json('key with NUL', { version, content: { ...content, [`x${NUL}`]: 1 } }),
    json('key with surrogate', { version, content: { ...content, [LONE_LOW]: 1 } }),
    json('step due not a date', {
      version,
      content: { ...content, steps: [{ ...content.steps[0], due: '2027-02-30' }] },
    }),
    json('step due far away', {
      version,
      content: { ...content, steps: [{ ...content.steps[0], due: '275760-09-13' }] },
    }),
    json('steps not a list', { version, content: { ...content, steps: { 0: {} } } }),
    json('a step not an object', { version, content: { ...content, steps: ['x'] } }),
    json('a thousand steps', {
      version,
      content: { ...content, steps: Array.from({ length: 1000 }, () => content.steps[0]) },
    }),
    raw(
      'nested five thousand deep',
      `{"version":${version},"content":{"goal":${'['.repeat(5000)}"x"${']'.repeat(5000)}}}`,
    ),
    json('null body', null),
    json('a number', 42),
    json('a list', [version, content]),
    json('proto pollution', JSON.parse(`{"__proto__":{"admin":true},"version":${version}}`)),
    raw('cut json', '{"version":1,"content":{"goal":"'),
    raw('json with raw NUL escape', `{"version":${version},"content":{"goal":"\\u0000"}}`),
    raw('json with lone surrogate escape', `{"version":${version},"content":{"goal":"\\udfff"}}`),
    raw(
      'form where json is expected',
      urlencoded(entriesOf({ version: '1' })).toString(),
      URLENCODED_TYPE,
    ),
    raw(
      'multipart where json is expected',
      multipart(entriesOf({ version: '1' })).toString(),
      MULTIPART_TYPE,
    ),
    raw('text', 'version=1', 'text/plain'),
    raw('empty', ''),
    raw(
      'huge string',
      JSON.stringify({ version, content: { ...content, goal: 'x'.repeat(HUGE) } }),
    ),
    raw('invalid utf-8', Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]).toString('latin1')),
    raw('bom', `\uFEFF${JSON.stringify({ version, content })}x`),
    raw('trailing garbage', `${JSON.stringify({ version, content })}}`),
  ];
  while (payloads.length < PAYLOADS_PER_ACTION + 6) {
    const key = random.pick(['goal', 'measure', 'support', 'context'] as const);
    const bad = random.pick([NUL, LONE_HIGH, LONE_LOW, 'x'.repeat(2001 + random.int(100))]);
    payloads.push(
      json(`${key} broken (${payloads.length})`, {
        version,
        content: { ...content, [key]: `${bad}` },
      }),
    );
  }
  return payloads;
}

function webhookPayloads(random: SeededRandom): Payload[] {
  const meeting = world.meetingNumber ?? '81234567890';
  const signed = (
    label: string,
    body: string,
    options: { timestamp?: string; sign?: boolean } = {},
  ) => {
    const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac('sha256', WEBHOOK_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    return {
      label,
      as: 'anonymous' as const,
      path: '/webhooks/zoom',
      headers: {
        'Content-Type': 'application/json',
        'x-zm-request-timestamp': timestamp,
        ...(options.sign === false ? {} : { 'x-zm-signature': signature }),
      },
      body,
    };
  };
  const participant = (extra: Record<string, unknown>) =>
    JSON.stringify({
      event: 'meeting.participant_joined',
      event_ts: 1,
      payload: {
        object: {
          id: meeting,
          participant: {
            user_id: '1',
            user_name: 'Zoom Person',
            join_time: '2027-01-11T16:00:00Z',
            ...extra,
          },
        },
      },
    });
  const payloads = [
    signed('unsigned', participant({}), { sign: false }),
    signed('an hour old', participant({}), {
      timestamp: String(Math.floor(Date.now() / 1000) - 3600),
    }),
    signed('timestamp not a number', participant({}), { timestamp: 'soon' }),
    {
      ...signed('wrong signature', participant({})),
      headers: { 'x-zm-signature': 'v0=00', 'x-zm-request-timestamp': '1' },
    },
    signed('not json', '{"event":'),
    signed('json null', 'null'),
    signed('json list', '[]'),
    signed('event a number', JSON.stringify({ event: 5, payload: {} })),
    signed('event missing', JSON.stringify({ payload: {} })),
    signed('payload missing', JSON.stringify({ event: 'meeting.started' })),
    signed(
      'validation without token',
      JSON.stringify({ event: 'endpoint.url_validation', payload: {} }),
    ),
    signed(
      'validation token NUL',
      JSON.stringify({ event: 'endpoint.url_validation', payload: { plainToken: NUL } }),
    ),
    signed(
      'validation token huge',
      JSON.stringify({
        event: 'endpoint.url_validation',
        payload: { plainToken: 'x'.repeat(5000) },
      }),
    ),
    signed('name with NUL', participant({ user_name: `Zoom${NUL}Person` })),
    signed('name lone surrogate', participant({ user_name: `Zoom${LONE_HIGH}` })),
    signed('email with NUL', participant({ email: `a${NUL}@b.test` })),
    signed('customer key with NUL', participant({ customer_key: `${NUL}` })),
    signed('customer key lone surrogate', participant({ customer_key: LONE_LOW })),
    signed('join time not a time', participant({ join_time: 'yesterday' })),
    signed('join time before the calendar', participant({ join_time: '-271821-04-20T00:00:00Z' })),
    signed('join time far future', participant({ join_time: '+275760-09-13T00:00:00Z' })),
    signed('user name a number', participant({ user_name: 5 })),
    signed(
      'participant a list',
      JSON.stringify({
        event: 'meeting.participant_joined',
        payload: { object: { id: meeting, participant: [] } },
      }),
    ),
    signed(
      'meeting id an object',
      JSON.stringify({ event: 'meeting.started', payload: { object: { id: { $ne: 1 } } } }),
    ),
    signed(
      'start time before the calendar',
      JSON.stringify({
        event: 'meeting.started',
        payload: { object: { id: meeting, start_time: '-100000-01-01T00:00:00Z' } },
      }),
    ),
    signed(
      'end time before the calendar',
      JSON.stringify({
        event: 'meeting.ended',
        payload: { object: { id: meeting, end_time: '-100000-01-01T00:00:00Z' } },
      }),
    ),
    signed(
      'uuid with NUL',
      JSON.stringify({ event: 'meeting.started', payload: { object: { id: meeting, uuid: NUL } } }),
    ),
    signed('event with NUL', JSON.stringify({ event: `meeting.started${NUL}`, payload: {} })),
    signed(
      'event_ts a string',
      JSON.stringify({ event: 'meeting.started', event_ts: 'x', payload: {} }),
    ),
    signed(
      'huge body',
      JSON.stringify({ event: 'meeting.started', payload: { pad: 'x'.repeat(300_000) } }),
    ),
    signed('deep body', `${'['.repeat(5000)}${']'.repeat(5000)}`),
  ];
  while (payloads.length < PAYLOADS_PER_ACTION + 6) {
    const field = random.pick(['user_name', 'email', 'registrant_id', 'participant_uuid'] as const);
    const bad = random.pick([NUL, LONE_HIGH, LONE_LOW]);
    payloads.push(
      signed(`${field} unsavable (${payloads.length})`, participant({ [field]: `p${bad}q` })),
    );
  }
  return payloads;
}

/** the payloads' order, shuffled the same way on every run */
function shuffled<T>(items: T[], random: SeededRandom): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = random.int(index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/**
 * PAYLOADS_PER_ACTION as the person the page is for: bodies of the wrong kind, paths naming
 * other cohorts' rows, then broken fields drawn from every form of the page in turn. Then a
 * few as nobody and with a forged cookie.
 */
function payloadsFor(file: string, spec: RouteSpec, random: SeededRandom): Payload[] {
  const signedIn: Payload[] = [];
  if (spec.body === 'json') signedIn.push(...jsonPayloads(spec.cases[0]!, random));
  else if (spec.body === 'zoom-webhook') signedIn.push(...webhookPayloads(random));
  else signedIn.push(...wrongBodies(spec.cases[0]!, random));
  for (const foreignPath of spec.foreignPaths ?? []) {
    const formCase = random.pick(spec.cases);
    signedIn.push(
      formPayload(
        `path ${foreignPath.slice(0, 80)}`,
        formCase,
        entriesOf(formCase.fields),
        'urlencoded',
        {
          path: foreignPath,
        },
      ),
    );
  }
  if (!spec.body || spec.body === 'form') {
    const perCase = spec.cases.map((formCase) =>
      fieldPayloads(formCase, random, { urlencodedOnly: spec.uploads !== undefined }),
    );
    if (spec.uploads) signedIn.push(...uploadPayloads(spec.uploads));
    // every field of every form broken at least once, then round-robin over the forms
    for (const { first } of perCase) signedIn.push(...first);
    for (let index = 0; signedIn.length < PAYLOADS_PER_ACTION + 4; index += 1) {
      if (!perCase.some(({ rest }) => index < rest.length)) break;
      for (const { rest } of perCase) if (rest[index]) signedIn.push(rest[index]!);
    }
  }
  // a form with few fields gets more: two fields broken at once, a NUL in a field's name
  while (signedIn.length < PAYLOADS_PER_ACTION) {
    const formCase = random.pick(spec.cases);
    const entries = entriesOf(formCase.fields);
    const names = [...new Set(entries.map(([name]) => name))];
    const first = random.pick(names.length > 0 ? names : ['intent']);
    const second = random.pick([...names, `extra-${random.int(100)}`]);
    const broken: FormEntries = [
      ...entries.filter(([name]) => name !== first && name !== second),
      [first, random.pick(unsavableValues(String(formCase.fields[first] ?? ''), undefined))],
      random.int(2) === 0
        ? [second, random.pick(['', 'x'.repeat(5000), random.uuid(), '-1', '[]', '{}'])]
        : [`${second}${NUL}`, 'value'],
    ];
    signedIn.push(
      formPayload(
        `${first} and ${second} broken (${signedIn.length})`,
        formCase,
        broken,
        random.int(2) === 0 ? 'multipart' : 'urlencoded',
      ),
    );
  }
  // as nobody and with a forged cookie: a page for the signed-in gets its valid form, a page
  // for anyone (sign-in, join, invitation) a broken one
  const strangers = spec.cases.slice(0, 2).flatMap((formCase) => {
    const entries = entriesOf(formCase.fields);
    const sent: FormEntries =
      formCase.as === 'anonymous'
        ? [...entries, [`${entries[0]?.[0] ?? 'intent'}`, `${NUL}`]]
        : entries;
    return [
      formPayload('as nobody', formCase, sent, 'urlencoded', { as: 'anonymous', extra: true }),
      formPayload('with a forged cookie', formCase, sent, 'multipart', {
        as: 'stranger',
        extra: true,
      }),
    ];
  });
  // a page's forms post without JavaScript (the whole page answers) or through Remix's
  // fetch (only the action answers, at `<path>.data`): both, in turn
  return [...signedIn, ...strangers].map((payload, index) => {
    if (!file.endsWith('.tsx') || index % 3 === 0) return payload;
    const [pathname, query] = payload.path.split('?');
    return { ...payload, path: `${pathname}.data${query === undefined ? '' : `?${query}`}` };
  });
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
      const payloads = payloadsFor(file, spec, random);
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
