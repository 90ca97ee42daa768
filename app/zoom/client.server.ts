import type { ZoomApiConfig } from './config.server';

export type ZoomErrorKind =
  | 'credentials'
  | 'not-found'
  | 'rate-limited'
  | 'unavailable'
  | 'timeout'
  | 'unreachable'
  | 'rejected';

/** A Zoom failure with a message a facilitator can act on; `status` is Zoom's HTTP status. */
export class ZoomError extends Error {
  constructor(
    readonly kind: ZoomErrorKind,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ZoomError';
  }
}

export interface ZoomMeetingInput {
  topic: string;
  /** UTC, e.g. 2027-01-11T23:00:00Z */
  startTime: string;
  minutes: number;
  timezone: string;
  agenda?: string;
}

export interface ZoomMeeting {
  id: string;
  uuid: string | null;
  joinUrl: string;
  password: string | null;
}

export interface ZoomReportParticipant {
  id: string;
  name: string;
  email: string | null;
  customerKey: string | null;
  registrantId: string | null;
  joinTime: string;
  leaveTime: string | null;
}

export interface ZoomRegistrant {
  registrantId: string;
  email: string;
  joinUrl: string | null;
  status: string | null;
}

/** zak: a Zoom user's own key, to start their meeting; onbehalf: lets an app join for them */
export type ZoomUserTokenType = 'zak' | 'onbehalf';

export interface ZoomClient {
  createMeeting(hostUserId: string, input: ZoomMeetingInput): Promise<ZoomMeeting>;
  updateMeeting(meetingId: string, input: ZoomMeetingInput): Promise<void>;
  /** resolves with false when Zoom no longer has the meeting */
  deleteMeeting(meetingId: string): Promise<boolean>;
  addRegistrant(
    meetingId: string,
    person: { email: string; firstName: string; lastName: string },
  ): Promise<{ registrantId: string; joinUrl: string }>;
  /** every registrant of the meeting, however many pages Zoom splits them into */
  listRegistrants(meetingId: string): Promise<ZoomRegistrant[]>;
  reportParticipants(meetingUuid: string): Promise<ZoomReportParticipant[]>;
  /** GET /users/{userId}/token: a ZAK to start a meeting as its host, or an OBF token */
  userToken(
    zoomUserId: string,
    type: ZoomUserTokenType,
    options?: { meetingId?: string },
  ): Promise<string>;
}

export interface ZoomClientOptions {
  fetch?: typeof fetch;
  /** each request's limit, token requests included */
  timeoutMs?: number;
  /** a 429 whose Retry-After asks for longer than this fails instead of waiting */
  maxRetryWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const RETRIES_AFTER_429 = 2;
const TOKEN_EARLY_REFRESH_MS = 60 * 1000;

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After is seconds or an HTTP date; Zoom sends seconds */
function retryAfterMs(header: string | null) {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - Date.now());
}

function text(value: unknown) {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

/**
 * Zoom's REST API through a Server-to-Server OAuth app. The access token is cached until
 * a minute before it expires and shared by concurrent calls; a 401 on a cached token
 * fetches one fresh token and retries once; a 429 waits for Retry-After; idempotent calls
 * retry one 5xx. Every failure becomes a ZoomError with a plain message.
 */
export function createZoomClient(config: ZoomApiConfig, options: ZoomClientOptions = {}) {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxRetryWaitMs = options.maxRetryWaitMs ?? 10_000;
  const sleep = options.sleep ?? wait;
  let cached: { token: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new ZoomError(
          'timeout',
          `Zoom did not answer within ${Math.round(timeoutMs / 1000)} seconds. Nothing was changed; try again in a moment.`,
        );
      }
      throw new ZoomError(
        'unreachable',
        'Cadre could not reach Zoom. Check the server’s connection to zoom.us and try again.',
      );
    }
  }

  async function fetchToken(): Promise<string> {
    const url = new URL(config.oauthUrl);
    url.searchParams.set('grant_type', 'account_credentials');
    url.searchParams.set('account_id', config.accountId);
    const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
    const response = await send(url.toString(), {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' },
    });
    if (response.status >= 500) {
      throw new ZoomError(
        'unavailable',
        `Zoom’s sign-in service answered ${response.status}. Nothing was changed; try again shortly.`,
        response.status,
      );
    }
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    const token = text(body?.access_token);
    if (!response.ok || !token) {
      throw new ZoomError(
        'credentials',
        'Zoom refused Cadre’s connection details. Nothing was changed; an org admin can check the Zoom connection on the Integrations page.',
        response.status,
      );
    }
    const expiresIn = Number(body?.expires_in ?? 3600);
    cached = { token, expiresAt: Date.now() + expiresIn * 1000 - TOKEN_EARLY_REFRESH_MS };
    return token;
  }

  function accessToken(): Promise<string> {
    if (cached && cached.expiresAt > Date.now()) return Promise.resolve(cached.token);
    pending ??= fetchToken().finally(() => {
      pending = null;
    });
    return pending;
  }

  async function call(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    what: string,
    body?: unknown,
  ): Promise<Response> {
    let refreshed = false;
    let rateLimited = 0;
    let serverErrors = 0;
    for (;;) {
      const token = await accessToken();
      const response = await send(`${config.apiBaseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (response.ok) return response;
      // read it so the connection is released
      const detail = (await response.json().catch(() => null)) as Record<string, unknown> | null;
      if (response.status === 401 && !refreshed) {
        refreshed = true;
        if (cached?.token === token) cached = null;
        continue;
      }
      if (response.status === 429 && rateLimited < RETRIES_AFTER_429) {
        const delay = retryAfterMs(response.headers.get('retry-after'));
        if (delay <= maxRetryWaitMs) {
          rateLimited += 1;
          await sleep(delay);
          continue;
        }
      }
      if (response.status >= 500 && method !== 'POST' && serverErrors === 0) {
        serverErrors += 1;
        await sleep(500);
        continue;
      }
      throw describeFailure(response.status, what, text(detail?.message));
    }
  }

  const client: ZoomClient = {
    async createMeeting(hostUserId, input) {
      const response = await call(
        'POST',
        `/users/${encodeURIComponent(hostUserId)}/meetings`,
        'create the meeting',
        meetingBody(input),
      );
      const body = (await response.json()) as Record<string, unknown>;
      const id = text(body.id);
      const joinUrl = text(body.join_url);
      if (!id || !joinUrl) {
        throw new ZoomError('rejected', 'Zoom created a meeting but did not say how to join it.');
      }
      return { id, uuid: text(body.uuid), joinUrl, password: text(body.password) };
    },
    async updateMeeting(meetingId, input) {
      await call(
        'PATCH',
        `/meetings/${encodeURIComponent(meetingId)}`,
        'update the meeting',
        meetingBody(input),
      );
    },
    async deleteMeeting(meetingId) {
      try {
        await call('DELETE', `/meetings/${encodeURIComponent(meetingId)}`, 'delete the meeting');
        return true;
      } catch (error) {
        if (error instanceof ZoomError && error.kind === 'not-found') return false;
        throw error;
      }
    },
    async addRegistrant(meetingId, person) {
      const response = await call(
        'POST',
        `/meetings/${encodeURIComponent(meetingId)}/registrants`,
        `register ${person.email}`,
        {
          email: person.email,
          first_name: person.firstName.slice(0, 64),
          last_name: person.lastName.slice(0, 64),
          auto_approve: true,
        },
      );
      const body = (await response.json()) as Record<string, unknown>;
      const registrantId = text(body.registrant_id);
      const joinUrl = text(body.join_url);
      if (!registrantId || !joinUrl) {
        throw new ZoomError('rejected', `Zoom registered ${person.email} without a join link.`);
      }
      return { registrantId, joinUrl };
    },
    async listRegistrants(meetingId) {
      const registrants: ZoomRegistrant[] = [];
      let pageToken = '';
      for (let page = 0; page < 100; page += 1) {
        const query = new URLSearchParams({ page_size: '300', status: 'approved' });
        if (pageToken) query.set('next_page_token', pageToken);
        const response = await call(
          'GET',
          `/meetings/${encodeURIComponent(meetingId)}/registrants?${query}`,
          'list the meeting’s registrants',
        );
        const body = (await response.json()) as Record<string, unknown>;
        const rows = Array.isArray(body.registrants) ? body.registrants : [];
        for (const row of rows as Record<string, unknown>[]) {
          const registrantId = text(row.id) ?? text(row.registrant_id);
          const email = text(row.email);
          if (!registrantId || !email) continue;
          registrants.push({
            registrantId,
            email,
            joinUrl: text(row.join_url) || null,
            status: text(row.status) || null,
          });
        }
        pageToken = text(body.next_page_token) ?? '';
        if (!pageToken) break;
      }
      return registrants;
    },
    async userToken(zoomUserId, type, options = {}) {
      const query = new URLSearchParams({ type });
      if (options.meetingId) query.set('meeting_id', options.meetingId);
      const response = await call(
        'GET',
        `/users/${encodeURIComponent(zoomUserId)}/token?${query}`,
        type === 'zak' ? 'give the host’s start key' : 'give the on-behalf token',
      );
      const body = (await response.json()) as Record<string, unknown>;
      const token = text(body.token);
      if (!token) throw new ZoomError('rejected', 'Zoom answered without a token.');
      return token;
    },
    async reportParticipants(meetingUuid) {
      // a uuid holding a slash must be encoded twice, as Zoom documents
      const id = encodeURIComponent(
        meetingUuid.startsWith('/') || meetingUuid.includes('//')
          ? encodeURIComponent(meetingUuid)
          : meetingUuid,
      );
      const participants: ZoomReportParticipant[] = [];
      let pageToken = '';
      for (let page = 0; page < 100; page += 1) {
        const query = new URLSearchParams({ page_size: '300', include_fields: 'registrant_id' });
        if (pageToken) query.set('next_page_token', pageToken);
        const response = await call(
          'GET',
          `/report/meetings/${id}/participants?${query}`,
          'read the participants report',
        );
        const body = (await response.json()) as Record<string, unknown>;
        const rows = Array.isArray(body.participants) ? body.participants : [];
        for (const row of rows as Record<string, unknown>[]) {
          const joinTime = text(row.join_time);
          if (!joinTime) continue;
          participants.push({
            id: text(row.id) ?? text(row.user_id) ?? '',
            name: text(row.name) ?? text(row.user_name) ?? '',
            email: text(row.user_email) || null,
            customerKey: text(row.customer_key) || null,
            registrantId: text(row.registrant_id) || null,
            joinTime,
            leaveTime: text(row.leave_time) || null,
          });
        }
        pageToken = text(body.next_page_token) ?? '';
        if (!pageToken) break;
      }
      return participants;
    },
  };
  return client;
}

function meetingBody(input: ZoomMeetingInput) {
  return {
    topic: input.topic.slice(0, 200),
    type: 2,
    start_time: input.startTime,
    duration: input.minutes,
    timezone: input.timezone,
    agenda: input.agenda?.slice(0, 2000),
    settings: {
      // registration gives everyone their own link, so attendance maps to people exactly
      approval_type: 0,
      registration_type: 1,
      registrants_email_notification: false,
      join_before_host: false,
      waiting_room: false,
    },
  };
}

function describeFailure(status: number, what: string, zoomMessage: string | null) {
  const detail = zoomMessage ? ` Zoom said: “${zoomMessage.slice(0, 200)}”` : '';
  if (status === 401 || status === 403) {
    return new ZoomError(
      'credentials',
      `Zoom refused to ${what}: Cadre’s Zoom app is not allowed to.${detail} Check the app’s scopes and that the host is a user on the Zoom account.`,
      status,
    );
  }
  if (status === 404) {
    return new ZoomError('not-found', `Zoom could not ${what}: it was not found.${detail}`, status);
  }
  if (status === 429) {
    return new ZoomError(
      'rate-limited',
      `Zoom is limiting how often Cadre may call it, so it could not ${what}. Nothing was changed; try again in a minute.`,
      status,
    );
  }
  if (status >= 500) {
    return new ZoomError(
      'unavailable',
      `Zoom had a problem (HTTP ${status}) and could not ${what}. Nothing was changed; try again shortly.`,
      status,
    );
  }
  return new ZoomError('rejected', `Zoom could not ${what}.${detail}`, status);
}

const clients = new Map<string, ZoomClient>();

/** One client per configuration, so its token cache lives as long as the process. */
export function getZoomClient(config: ZoomApiConfig | null): ZoomClient | null {
  if (!config) return null;
  const key = [config.oauthUrl, config.apiBaseUrl, config.accountId, config.clientId].join('|');
  let client = clients.get(key);
  if (!client) {
    client = createZoomClient(config);
    clients.set(key, client);
  }
  return client;
}
