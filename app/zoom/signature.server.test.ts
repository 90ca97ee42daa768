import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createMeetingSdkSignature } from './signature.server';
import {
  urlValidationResponse,
  verifyZoomWebhook,
  zoomWebhookSignature,
} from './webhook-signature.server';

function decode(jwt: string) {
  const [header, payload, signature] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<
      string,
      number | string
    >,
    signed: `${header}.${payload}`,
    signature: signature!,
  };
}

describe('the Meeting SDK signature', () => {
  it('is an HS256 JWT with the fields the SDK reads, signed with the secret', () => {
    const now = new Date('2027-02-04T21:00:00Z');
    const jwt = createMeetingSdkSignature({
      sdkKey: 'key123',
      sdkSecret: 'secret456',
      meetingNumber: '81234567890',
      role: 0,
      now,
    });
    const { header, payload, signed, signature } = decode(jwt);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({
      appKey: 'key123',
      sdkKey: 'key123',
      mn: '81234567890',
      role: 0,
    });
    expect(payload.exp).toBe(payload.tokenExp);
    expect(Number(payload.exp) - Number(payload.iat)).toBe(2 * 60 * 60);
    expect(signature).toBe(createHmac('sha256', 'secret456').update(signed).digest('base64url'));
  });

  it('keeps its lifetime between 30 minutes and 48 hours', () => {
    const lifetime = (seconds: number) => {
      const { payload } = decode(
        createMeetingSdkSignature({
          sdkKey: 'k',
          sdkSecret: 's',
          meetingNumber: '81234567890',
          role: 1,
          lifetimeSeconds: seconds,
        }),
      );
      return Number(payload.exp) - Number(payload.iat);
    };
    expect(lifetime(60)).toBe(1800);
    expect(lifetime(10 * 24 * 3600)).toBe(172800);
  });
});

describe('webhook signatures', () => {
  const secret = 'webhook-secret';
  const body = '{"event":"meeting.started","payload":{}}';
  const now = new Date('2027-02-04T21:00:00Z');
  const ts = String(Math.floor(now.getTime() / 1000));

  it('accept Zoom’s v0 HMAC of the timestamp and raw body', () => {
    const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
    expect(zoomWebhookSignature(secret, ts, body)).toBe(signature);
    expect(verifyZoomWebhook({ secret, rawBody: body, timestamp: ts, signature, now })).toBe(true);
  });

  it('reject a changed body, another secret, a stale timestamp or a missing header', () => {
    const signature = zoomWebhookSignature(secret, ts, body);
    const verify = (input: Partial<Parameters<typeof verifyZoomWebhook>[0]>) =>
      verifyZoomWebhook({ secret, rawBody: body, timestamp: ts, signature, now, ...input });
    expect(verify({ rawBody: body.replace('started', 'ended') })).toBe(false);
    expect(verify({ secret: 'other' })).toBe(false);
    expect(verify({ now: new Date(now.getTime() + 5 * 60_000 + 1000) })).toBe(false);
    expect(verify({ signature: null })).toBe(false);
    expect(verify({ signature: 'v0=short' })).toBe(false);
  });

  it('answer url validation with the hex HMAC of the plain token', () => {
    expect(urlValidationResponse(secret, 'qgg8vlvZRS6UYooatFL8Aw')).toEqual({
      plainToken: 'qgg8vlvZRS6UYooatFL8Aw',
      encryptedToken: createHmac('sha256', secret).update('qgg8vlvZRS6UYooatFL8Aw').digest('hex'),
    });
  });
});
