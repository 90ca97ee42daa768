import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { zoomWebhookSignature } from '../../app/zoom/webhook-signature.server';

/**
 * A stand-in for Zoom that speaks its documented contract: Server-to-Server OAuth
 * (POST /oauth/token, grant_type=account_credentials, Basic auth), meetings, registrants
 * (added, and listed in pages with page_size / next_page_token), users' ZAK and OBF tokens
 * (GET /users/{userId}/token?type=zak|onbehalf) and the paged participants report under /v2.
 * Tests queue failures (401 token expiry,
 * 404, 429 with Retry-After, 5xx, slow answers) and read back every request.
 */

export interface FakeZoomRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  at: number;
}

export interface FakeMeeting {
  id: string;
  uuid: string;
  hostId: string;
  topic: string;
  startTime: string;
  duration: number;
  timezone: string;
  password: string;
  registrants: { registrantId: string; email: string; firstName: string; lastName: string }[];
}

export interface ReportRow {
  id: string;
  name: string;
  user_email?: string;
  customer_key?: string;
  registrant_id?: string;
  join_time: string;
  leave_time: string;
}

interface Failure {
  method?: string;
  path: RegExp;
  status: number;
  retryAfter?: string;
  delayMs?: number;
  body?: unknown;
  times: number;
}

export interface FakeZoom {
  url: string;
  oauthUrl: string;
  apiBaseUrl: string;
  credentials: { accountId: string; clientId: string; clientSecret: string };
  env: Record<string, string>;
  requests: FakeZoomRequest[];
  meetings: Map<string, FakeMeeting>;
  tokensIssued(): number;
  /** every token issued so far answers 401 "Invalid access token." from now on */
  expireTokens(): void;
  /** the next `times` matching requests fail this way */
  fail(failure: Omit<Failure, 'times'> & { times?: number }): void;
  setReport(meetingUuid: string, rows: ReportRow[], pageSize?: number): void;
  /** the most registrants one page holds, whatever page_size asks (Zoom's own cap is 300) */
  setRegistrantPageLimit(limit: number): void;
  /** a meeting Cadre did not create (a coach's recurring meeting or personal room) */
  addMeeting(meeting: { id: string; hostId: string; topic?: string }): FakeMeeting;
  /** the ZAK and OBF tokens handed out, newest last */
  userTokens: { userId: string; type: string; meetingId: string | null; token: string }[];
  reset(): void;
  close(): Promise<void>;
}

/** Headers for a webhook delivery signed exactly as Zoom signs it. */
export function signZoomWebhook(secret: string, rawBody: string, timestamp?: number) {
  const ts = String(timestamp ?? Math.floor(Date.now() / 1000));
  return {
    'Content-Type': 'application/json',
    'x-zm-request-timestamp': ts,
    'x-zm-signature': zoomWebhookSignature(secret, ts, rawBody),
  };
}

function send(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    ...headers,
  });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

async function readBody(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function startFakeZoom(): Promise<FakeZoom> {
  const credentials = {
    accountId: 'fake-account',
    clientId: 'fake-client-id',
    clientSecret: 'fake-client-secret',
  };
  const requests: FakeZoomRequest[] = [];
  const meetings = new Map<string, FakeMeeting>();
  const validTokens = new Set<string>();
  const reports = new Map<string, { rows: ReportRow[]; pageSize: number }>();
  const userTokens: FakeZoom['userTokens'] = [];
  let registrantPageLimit = 300;
  let failures: Failure[] = [];
  let tokens = 0;
  let nextMeeting = 81000000000 + Math.floor(Math.random() * 1000000);

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = await readBody(req);
      const method = req.method ?? 'GET';
      requests.push({ method, path: url.pathname, query: url.searchParams, body, at: Date.now() });

      const failure = failures.find(
        (candidate) =>
          candidate.path.test(url.pathname) && (!candidate.method || candidate.method === method),
      );
      if (failure) {
        failure.times -= 1;
        failures = failures.filter((candidate) => candidate.times > 0);
        if (failure.delayMs) await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
        return send(
          res,
          failure.status,
          failure.body ?? { code: failure.status, message: `Fake failure ${failure.status}` },
          failure.retryAfter ? { 'Retry-After': failure.retryAfter } : {},
        );
      }

      if (url.pathname === '/oauth/token' && method === 'POST') {
        const expected = `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}`;
        if (
          req.headers.authorization !== expected ||
          url.searchParams.get('grant_type') !== 'account_credentials' ||
          url.searchParams.get('account_id') !== credentials.accountId
        ) {
          return send(res, 400, {
            reason: 'Invalid client_id or client_secret',
            error: 'invalid_client',
          });
        }
        tokens += 1;
        const token = randomBytes(24).toString('base64url');
        validTokens.add(token);
        return send(res, 200, {
          access_token: token,
          token_type: 'bearer',
          expires_in: 3599,
          scope: 'meeting:write:admin report:read:admin',
        });
      }

      if (!url.pathname.startsWith('/v2/'))
        return send(res, 404, { code: 404, message: 'Not found' });
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !validTokens.has(token)) {
        return send(res, 401, { code: 124, message: 'Invalid access token.' });
      }
      const path = url.pathname.slice(3);
      let match: RegExpExecArray | null;

      if ((match = /^\/users\/([^/]+)\/meetings$/.exec(path)) && method === 'POST') {
        const input = body as Record<string, unknown>;
        const id = String((nextMeeting += 1));
        const meeting: FakeMeeting = {
          id,
          uuid: `${randomBytes(16).toString('base64').replace(/=+$/, '')}==`,
          hostId: decodeURIComponent(match[1] ?? ''),
          topic: String(input.topic ?? ''),
          startTime: String(input.start_time ?? ''),
          duration: Number(input.duration ?? 60),
          timezone: String(input.timezone ?? 'UTC'),
          password: randomBytes(4).toString('hex').slice(0, 6),
          registrants: [],
        };
        meetings.set(id, meeting);
        return send(res, 201, {
          id: Number(id),
          uuid: meeting.uuid,
          host_id: meeting.hostId,
          topic: meeting.topic,
          type: 2,
          start_time: meeting.startTime,
          duration: meeting.duration,
          timezone: meeting.timezone,
          password: meeting.password,
          join_url: `https://us02web.zoom.us/j/${id}?pwd=${meeting.password}`,
          start_url: `https://us02web.zoom.us/s/${id}?zak=fake`,
        });
      }
      if ((match = /^\/meetings\/(\d+)$/.exec(path))) {
        const meeting = meetings.get(match[1] ?? '');
        if (!meeting) {
          return send(res, 404, { code: 3001, message: `Meeting does not exist: ${match[1]}.` });
        }
        if (method === 'PATCH') {
          const input = body as Record<string, unknown>;
          meeting.topic = String(input.topic ?? meeting.topic);
          meeting.startTime = String(input.start_time ?? meeting.startTime);
          meeting.duration = Number(input.duration ?? meeting.duration);
          return send(res, 204);
        }
        if (method === 'DELETE') {
          meetings.delete(meeting.id);
          return send(res, 204);
        }
      }
      if ((match = /^\/meetings\/(\d+)\/registrants$/.exec(path)) && method === 'POST') {
        const meeting = meetings.get(match[1] ?? '');
        if (!meeting) {
          return send(res, 404, { code: 3001, message: `Meeting does not exist: ${match[1]}.` });
        }
        const input = body as Record<string, unknown>;
        // zoom answers a second registration of the same address with the first one
        const known = meeting.registrants.find(
          (registrant) => registrant.email.toLowerCase() === String(input.email).toLowerCase(),
        );
        const registrantId = known?.registrantId ?? randomBytes(8).toString('base64url');
        if (!known)
          meeting.registrants.push({
            registrantId,
            email: String(input.email),
            firstName: String(input.first_name),
            lastName: String(input.last_name ?? ''),
          });
        return send(res, 201, {
          id: Number(meeting.id),
          registrant_id: registrantId,
          join_url: `https://us02web.zoom.us/w/${meeting.id}?tk=${registrantId}`,
          topic: meeting.topic,
          start_time: meeting.startTime,
        });
      }
      if ((match = /^\/meetings\/(\d+)\/registrants$/.exec(path)) && method === 'GET') {
        const meeting = meetings.get(match[1] ?? '');
        if (!meeting) {
          return send(res, 404, { code: 3001, message: `Meeting does not exist: ${match[1]}.` });
        }
        const requested = Number(url.searchParams.get('page_size') || 30);
        if (!Number.isInteger(requested) || requested < 1 || requested > 300) {
          return send(res, 400, { code: 300, message: 'Invalid page_size.' });
        }
        const size = Math.min(requested, registrantPageLimit);
        const token = url.searchParams.get('next_page_token') || '';
        const start = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
        if (!Number.isInteger(start) || start < 0) {
          return send(res, 400, { code: 300, message: 'Invalid next_page_token.' });
        }
        const page = meeting.registrants.slice(start, start + size);
        const next =
          start + size < meeting.registrants.length
            ? Buffer.from(String(start + size)).toString('base64url')
            : '';
        return send(res, 200, {
          page_count: Math.ceil(meeting.registrants.length / size),
          page_size: size,
          total_records: meeting.registrants.length,
          next_page_token: next,
          registrants: page.map((registrant) => ({
            id: registrant.registrantId,
            email: registrant.email,
            first_name: registrant.firstName,
            last_name: registrant.lastName,
            status: 'approved',
            create_time: meeting.startTime,
            join_url: `https://us02web.zoom.us/w/${meeting.id}?tk=${registrant.registrantId}`,
          })),
        });
      }
      if ((match = /^\/users\/([^/]+)\/token$/.exec(path)) && method === 'GET') {
        const type = url.searchParams.get('type') ?? 'token';
        if (!['token', 'zak', 'onbehalf'].includes(type)) {
          return send(res, 400, { code: 300, message: 'Invalid type.' });
        }
        const meetingId = url.searchParams.get('meeting_id');
        if (meetingId && !meetings.has(meetingId)) {
          return send(res, 404, { code: 3001, message: `Meeting does not exist: ${meetingId}.` });
        }
        const token = `${type}-${randomBytes(12).toString('base64url')}`;
        userTokens.push({
          userId: decodeURIComponent(match[1] ?? ''),
          type,
          meetingId,
          token,
        });
        return send(res, 200, { token });
      }
      if ((match = /^\/report\/meetings\/([^/]+)\/participants$/.exec(path)) && method === 'GET') {
        let uuid = decodeURIComponent(match[1] ?? '');
        if (uuid.startsWith('%2F') || uuid.includes('%2F%2F')) uuid = decodeURIComponent(uuid);
        const report = reports.get(uuid);
        if (!report) return send(res, 404, { code: 3001, message: 'Meeting does not exist.' });
        const start = Number(url.searchParams.get('next_page_token') || 0);
        const size = Math.min(report.pageSize, Number(url.searchParams.get('page_size') || 30));
        const page = report.rows.slice(start, start + size);
        const next = start + size < report.rows.length ? String(start + size) : '';
        return send(res, 200, {
          page_count: Math.ceil(report.rows.length / size),
          page_size: size,
          total_records: report.rows.length,
          next_page_token: next,
          participants: page,
        });
      }
      return send(res, 404, { code: 404, message: 'Not found' });
    })().catch((error: unknown) => send(res, 500, { message: String(error) }));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    oauthUrl: `${url}/oauth/token`,
    apiBaseUrl: `${url}/v2`,
    credentials,
    env: {
      ZOOM_ACCOUNT_ID: credentials.accountId,
      ZOOM_CLIENT_ID: credentials.clientId,
      ZOOM_CLIENT_SECRET: credentials.clientSecret,
      ZOOM_API_BASE_URL: `${url}/v2`,
      ZOOM_OAUTH_URL: `${url}/oauth/token`,
    },
    requests,
    meetings,
    tokensIssued: () => tokens,
    expireTokens: () => validTokens.clear(),
    fail: (failure) => {
      failures.push({ ...failure, times: failure.times ?? 1 });
    },
    setReport: (meetingUuid, rows, pageSize = 30) => {
      reports.set(meetingUuid, { rows, pageSize });
    },
    setRegistrantPageLimit: (limit) => {
      registrantPageLimit = limit;
    },
    addMeeting: (input) => {
      const meeting: FakeMeeting = {
        id: input.id,
        uuid: `${randomBytes(16).toString('base64').replace(/=+$/, '')}==`,
        hostId: input.hostId,
        topic: input.topic ?? 'Recurring meeting',
        startTime: '',
        duration: 60,
        timezone: 'UTC',
        password: randomBytes(4).toString('hex').slice(0, 6),
        registrants: [],
      };
      meetings.set(meeting.id, meeting);
      return meeting;
    },
    userTokens,
    reset: () => {
      requests.length = 0;
      failures = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
