import { createHmac } from 'node:crypto';
import {
  invalidValues,
  LONE_HIGH,
  LONE_LOW,
  multipart,
  MULTIPART_TYPE,
  NUL,
  type SeededRandom,
  unsavableValues,
  urlencoded,
  URLENCODED_TYPE,
  type FieldRule,
  type FieldValue,
  type FormEntries,
} from '../../setup/fuzz';
import type { FormCase, RouteSpec } from './kit';
import type { FuzzWorld, Who } from './world';

/** Malformed requests for every form action, built from its spec and a seeded random. */

export const PAYLOADS_PER_ACTION = 50;
/** the Zoom webhook secret the fuzzed server is started with, so signed payloads get in */
export const WEBHOOK_SECRET = 'fuzz-webhook-secret';

export interface Payload {
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

function jsonPayloads(world: FuzzWorld, formCase: FormCase, random: SeededRandom): Payload[] {
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

function webhookPayloads(world: FuzzWorld, random: SeededRandom): Payload[] {
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
export function shuffled<T>(items: T[], random: SeededRandom): T[] {
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
export function payloadsFor(
  world: FuzzWorld,
  file: string,
  spec: RouteSpec,
  random: SeededRandom,
): Payload[] {
  const signedIn: Payload[] = [];
  if (spec.body === 'json') signedIn.push(...jsonPayloads(world, spec.cases[0]!, random));
  else if (spec.body === 'zoom-webhook') signedIn.push(...webhookPayloads(world, random));
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
