import { createHmac, timingSafeEqual } from 'node:crypto';

/** Zoom signs every delivery with its send time; older (or future) ones are replays. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export function zoomWebhookSignature(secret: string, timestamp: string, rawBody: string) {
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return `v0=${digest}`;
}

/**
 * Whether a delivery really comes from Zoom: `x-zm-signature` must be v0= plus the hex
 * HMAC-SHA256 of `v0:{x-zm-request-timestamp}:{raw body}`, compared in constant time, and
 * the timestamp within five minutes of now.
 */
export function verifyZoomWebhook(input: {
  secret: string;
  rawBody: string;
  timestamp: string | null;
  signature: string | null;
  now?: Date;
}): boolean {
  if (!input.timestamp || !input.signature || !/^\d{9,11}$/.test(input.timestamp)) return false;
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(input.timestamp)) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(zoomWebhookSignature(input.secret, input.timestamp, input.rawBody));
  const given = Buffer.from(input.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The answer to `endpoint.url_validation`: the plain token and its hex HMAC-SHA256. */
export function urlValidationResponse(secret: string, plainToken: string) {
  return {
    plainToken,
    encryptedToken: createHmac('sha256', secret).update(plainToken).digest('hex'),
  };
}
