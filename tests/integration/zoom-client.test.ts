import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createZoomClient, ZoomError } from '../../app/zoom/client.server';
import { startFakeZoom, type FakeZoom } from '../fakes/zoom';

let zoom: FakeZoom;

beforeAll(async () => {
  zoom = await startFakeZoom();
});

afterAll(async () => {
  await zoom?.close();
});

beforeEach(() => zoom.reset());

function client(options: Parameters<typeof createZoomClient>[1] = {}) {
  return createZoomClient(
    { ...zoom.credentials, apiBaseUrl: zoom.apiBaseUrl, oauthUrl: zoom.oauthUrl },
    options,
  );
}

const meeting = {
  topic: 'Coaching 1',
  startTime: '2027-02-04T21:30:00Z',
  minutes: 60,
  timezone: 'America/New_York',
};

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as ZoomError;
  }
  throw new Error('expected the call to fail');
}

describe('the Zoom client', () => {
  it('asks for one Server-to-Server token and reuses it until it expires', async () => {
    const api = client();
    const before = zoom.tokensIssued();
    const created = await api.createMeeting('coach@school.test', meeting);
    await api.addRegistrant(created.id, {
      email: 'a@school.test',
      firstName: 'Ana',
      lastName: 'Diaz',
    });
    await api.updateMeeting(created.id, { ...meeting, minutes: 75 });
    expect(zoom.tokensIssued() - before).toBe(1);
    const tokenRequest = zoom.requests.find((request) => request.path === '/oauth/token');
    expect(tokenRequest?.query.get('grant_type')).toBe('account_credentials');
    expect(zoom.meetings.get(created.id)?.duration).toBe(75);
    expect(zoom.meetings.get(created.id)?.hostId).toBe('coach@school.test');
  });

  it('fetches exactly one fresh token when Zoom says the cached one expired', async () => {
    const api = client();
    await api.createMeeting('host@school.test', meeting);
    const before = zoom.tokensIssued();
    zoom.expireTokens();
    const created = await api.createMeeting('host@school.test', meeting);
    expect(created.joinUrl).toMatch(/^https:\/\//);
    expect(zoom.tokensIssued() - before).toBe(1);
  });

  it('waits for Retry-After on a 429 and then succeeds', async () => {
    const api = client();
    const created = await api.createMeeting('host@school.test', meeting);
    zoom.reset();
    zoom.fail({ path: /\/registrants$/, status: 429, retryAfter: '1' });
    const registered = await api.addRegistrant(created.id, {
      email: 'b@school.test',
      firstName: 'Ben',
      lastName: 'Okafor',
    });
    expect(registered.joinUrl).toContain(created.id);
    const attempts = zoom.requests.filter((request) => request.path.endsWith('/registrants'));
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('turns 404, 5xx, bad credentials and timeouts into plain messages', async () => {
    const api = client();
    expect(await api.deleteMeeting('89999999999')).toBe(false);
    const notFound = await failureOf(api.updateMeeting('89999999999', meeting));
    expect(notFound.kind).toBe('not-found');

    zoom.fail({ path: /\/meetings$/, method: 'POST', status: 503 });
    const unavailable = await failureOf(api.createMeeting('host@school.test', meeting));
    expect(unavailable).toBeInstanceOf(ZoomError);
    expect(unavailable.kind).toBe('unavailable');
    expect(unavailable.message).toMatch(/Zoom had a problem \(HTTP 503\).*Nothing was changed/);

    const wrongSecret = createZoomClient({
      ...zoom.credentials,
      clientSecret: 'wrong',
      apiBaseUrl: zoom.apiBaseUrl,
      oauthUrl: zoom.oauthUrl,
    });
    const refused = await failureOf(wrongSecret.createMeeting('host@school.test', meeting));
    expect(refused.kind).toBe('credentials');
    expect(refused.message).toContain('Integrations page');
    expect(refused.message).not.toMatch(/ZOOM_/);

    zoom.fail({ path: /\/meetings$/, method: 'POST', status: 201, delayMs: 1500 });
    const slow = await failureOf(
      client({ timeoutMs: 300 }).createMeeting('host@school.test', meeting),
    );
    expect(slow.kind).toBe('timeout');
  });

  it('gives up on a 429 that asks for a longer wait than it will hold a page for', async () => {
    const api = client({ maxRetryWaitMs: 2000 });
    zoom.fail({ path: /\/meetings$/, method: 'POST', status: 429, retryAfter: '120' });
    const limited = await failureOf(api.createMeeting('host@school.test', meeting));
    expect(limited.kind).toBe('rate-limited');
  });

  it('reads every page of the participants report', async () => {
    const rows = Array.from({ length: 7 }, (_, index) => ({
      id: `p${index}`,
      name: `Person ${index}`,
      customer_key: `key-${index}`,
      join_time: '2027-02-04T21:30:00Z',
      leave_time: '2027-02-04T22:30:00Z',
    }));
    zoom.setReport('/abc//def==', rows, 3);
    const participants = await client().reportParticipants('/abc//def==');
    expect(participants.map((row) => row.customerKey)).toEqual(rows.map((row) => row.customer_key));
    const pages = zoom.requests.filter((request) => request.path.includes('/report/'));
    expect(pages).toHaveLength(3);
    expect(pages[1]!.query.get('next_page_token')).toBe('3');
  });
});
