import { createHmac } from 'node:crypto';

/** Zoom accepts Meeting SDK signatures that live between 30 minutes and 48 hours. */
export const SIGNATURE_LIFETIME = { min: 30 * 60, max: 48 * 60 * 60, default: 2 * 60 * 60 };

export type MeetingSdkRole = 0 | 1;

function base64url(value: string | Buffer) {
  return Buffer.from(value).toString('base64url');
}

/**
 * The Meeting SDK's join signature: an HS256 JWT over appKey, sdkKey, mn, role, iat, exp and
 * tokenExp, made with the SDK secret, which therefore never leaves the server.
 */
export function createMeetingSdkSignature(input: {
  sdkKey: string;
  sdkSecret: string;
  meetingNumber: string;
  role: MeetingSdkRole;
  now?: Date;
  lifetimeSeconds?: number;
}) {
  const lifetime = Math.min(
    Math.max(input.lifetimeSeconds ?? SIGNATURE_LIFETIME.default, SIGNATURE_LIFETIME.min),
    SIGNATURE_LIFETIME.max,
  );
  // a little in the past, so a browser clock slightly behind ours still accepts it
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000) - 30;
  const exp = iat + lifetime;
  const header = { alg: 'HS256', typ: 'JWT' };
  const payload = {
    appKey: input.sdkKey,
    sdkKey: input.sdkKey,
    mn: input.meetingNumber,
    role: input.role,
    iat,
    exp,
    tokenExp: exp,
  };
  const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createHmac('sha256', input.sdkSecret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}
