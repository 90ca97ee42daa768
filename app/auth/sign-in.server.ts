import { sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/db.server';
import { verifyPassword } from './password.server';
import { createAuthSession, deleteAuthSession } from './session.server';

/**
 * Sign-in throttling (docs/decisions/018-sign-in-throttling-and-idempotency-keys.md).
 * Failures are counted per client address and per (client address, email), never per
 * email alone, so nobody elsewhere can lock a teacher out of her account.
 */
export const SIGN_IN_THROTTLE = {
  /** failures of one address with one email that are answered at once */
  pairFreeFailures: 4,
  /** the wait after the first failure past the free ones; it doubles with each further one */
  pairFirstDelayMs: 30 * 1000,
  /** the wait never grows past this */
  pairMaxDelayMs: 15 * 60 * 1000,
  /** how far back a pair's failures count, unless the pair signed in successfully since */
  pairMemoryMs: 24 * 60 * 60 * 1000,
  /** failures from one address, whatever the emails, in one window (a school shares one) */
  addressFailureLimit: 50,
  addressWindowMs: 15 * 60 * 1000,
  /** failures for one email from every address that mark it as under attack */
  emailAlarmFailures: 20,
  emailWindowMs: 15 * 60 * 1000,
  /** the only effect of that alarm: every attempt for the email is answered this much later */
  emailAlarmDelayMs: 1000,
} as const;

/** attempts are kept this long, for the pair memory above; older ones are pruned */
export const SIGN_IN_ATTEMPT_RETENTION_MS = SIGN_IN_THROTTLE.pairMemoryMs;

/** How long a pair with this many remembered failures must wait after the last one. */
export function pairDelayMs(failures: number) {
  const past = failures - SIGN_IN_THROTTLE.pairFreeFailures;
  if (past <= 0) return 0;
  return Math.min(
    SIGN_IN_THROTTLE.pairFirstDelayMs * 2 ** (past - 1),
    SIGN_IN_THROTTLE.pairMaxDelayMs,
  );
}

/** the address a person signs in with, as the sign-in and password-reset forms read it */
export const EmailAddressSchema = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .min(1, 'Enter your email address.')
  .max(254, 'That email address is too long.')
  .email('Enter an email address like name@school.org.');

export const SignInSchema = z.object({
  email: EmailAddressSchema,
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(200, 'That password is too long.'),
});

export type SignInResult =
  | { status: 'signed-in'; authSessionId: string; userId: string }
  | { status: 'invalid' }
  /** the right password, but the organization signs its people in with single sign-on */
  | { status: 'password-sign-in-off'; organizationSlug: string; organizationName: string }
  /** the right password for an account an org admin deactivated */
  | { status: 'deactivated' }
  | { status: 'rate-limited'; scope: 'address' | 'pair'; retryAfterSeconds: number };

export type ThrottleVerdict =
  | { status: 'allowed'; delayMs: number }
  | { status: 'limited'; scope: 'address' | 'pair'; retryAfterSeconds: number };

/** Decides, before the password is looked at, whether this attempt is answered and when. */
export async function checkSignInThrottle(
  db: DB,
  input: { email: string; ipAddress: string },
): Promise<ThrottleVerdict> {
  const email = input.email.toLowerCase();
  const ip = input.ipAddress;
  const seconds = (ms: number) => ms / 1000;
  const pairSince = sql<Date>`greatest(
    now() - make_interval(secs => ${seconds(SIGN_IN_THROTTLE.pairMemoryMs)}),
    coalesce(
      (select max(s.attempted_at) from sign_in_attempt s
        where s.succeeded and s.ip_address = ${ip} and lower(s.email) = ${email}),
      '-infinity'::timestamptz
    )
  )`;
  const addressSince = sql<Date>`now() - make_interval(secs => ${seconds(SIGN_IN_THROTTLE.addressWindowMs)})`;
  const emailSince = sql<Date>`now() - make_interval(secs => ${seconds(SIGN_IN_THROTTLE.emailWindowMs)})`;
  const isPair = sql<boolean>`ip_address = ${ip} and lower(email) = ${email} and attempted_at > ${pairSince}`;
  const inAddressWindow = sql<boolean>`ip_address = ${ip} and attempted_at > ${addressSince}`;
  const row = await db
    .selectFrom('sign_in_attempt')
    .select([
      sql<string>`count(*) filter (where ${isPair})`.as('pairFailures'),
      sql<string | null>`extract(epoch from now() - max(attempted_at) filter (where ${isPair}))`.as(
        'pairLastAgeSeconds',
      ),
      sql<string>`count(*) filter (where ${inAddressWindow})`.as('addressFailures'),
      sql<
        string | null
      >`extract(epoch from now() - min(attempted_at) filter (where ${inAddressWindow}))`.as(
        'addressOldestAgeSeconds',
      ),
      sql<string>`count(*) filter (where lower(email) = ${email} and attempted_at > ${emailSince})`.as(
        'emailFailures',
      ),
    ])
    .where('succeeded', '=', false)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('ip_address', '=', ip),
          eb(
            'attempted_at',
            '>',
            sql<Date>`now() - make_interval(secs => ${seconds(SIGN_IN_THROTTLE.pairMemoryMs)})`,
          ),
        ]),
        eb.and([eb(sql`lower(email)`, '=', email), eb('attempted_at', '>', emailSince)]),
      ]),
    )
    .executeTakeFirstOrThrow();

  const addressFailures = Number(row.addressFailures);
  if (addressFailures >= SIGN_IN_THROTTLE.addressFailureLimit) {
    const age = Number(row.addressOldestAgeSeconds ?? 0);
    return {
      status: 'limited',
      scope: 'address',
      retryAfterSeconds: Math.max(1, Math.ceil(seconds(SIGN_IN_THROTTLE.addressWindowMs) - age)),
    };
  }
  const wait = seconds(pairDelayMs(Number(row.pairFailures)));
  const sinceLast = Number(row.pairLastAgeSeconds ?? Infinity);
  if (wait > 0 && sinceLast < wait) {
    return {
      status: 'limited',
      scope: 'pair',
      retryAfterSeconds: Math.max(1, Math.ceil(wait - sinceLast)),
    };
  }
  return {
    status: 'allowed',
    delayMs:
      Number(row.emailFailures) >= SIGN_IN_THROTTLE.emailAlarmFailures
        ? SIGN_IN_THROTTLE.emailAlarmDelayMs
        : 0,
  };
}

/**
 * Checks the password and opens a fresh session. Any session the browser already had
 * is deleted (rotation), so a session id planted before sign-in is worthless after it.
 * The answer never says whether the email exists.
 */
export async function signIn(
  db: DB,
  input: {
    email: string;
    password: string;
    ipAddress: string;
    userAgent?: string | null;
    previousAuthSessionId?: string | null;
  },
): Promise<SignInResult> {
  const verdict = await checkSignInThrottle(db, input);
  if (verdict.status === 'limited') {
    return {
      status: 'rate-limited',
      scope: verdict.scope,
      retryAfterSeconds: verdict.retryAfterSeconds,
    };
  }
  // an email under attack from many addresses answers a little later, never refuses
  if (verdict.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, verdict.delayMs));

  const user = await db
    .selectFrom('app_user')
    .innerJoin('organization', 'organization.id', 'app_user.organization_id')
    .select([
      'app_user.id',
      'app_user.password_hash',
      'app_user.is_org_admin',
      'app_user.deactivated_at',
      'organization.password_sign_in',
      'organization.slug',
      'organization.name',
    ])
    .where(sql`lower(app_user.email)`, '=', input.email.toLowerCase())
    .executeTakeFirst();
  const valid = await verifyPassword(input.password, user?.password_hash ?? null);
  // only someone who knows the password learns that the account is deactivated
  const deactivated = valid && Boolean(user?.deactivated_at);

  await db
    .insertInto('sign_in_attempt')
    .values({
      email: input.email.slice(0, 254),
      ip_address: input.ipAddress,
      succeeded: valid && !deactivated,
    })
    .execute();
  if (!valid || !user) return { status: 'invalid' };
  if (deactivated) return { status: 'deactivated' };
  // said only to someone who knows the password; org admins keep it so a broken provider
  // never locks the organization out (docs/decisions/022-single-sign-on.md)
  if (!user.password_sign_in && !user.is_org_admin) {
    return {
      status: 'password-sign-in-off',
      organizationSlug: user.slug,
      organizationName: user.name,
    };
  }

  if (input.previousAuthSessionId) await deleteAuthSession(db, input.previousAuthSessionId);
  const authSessionId = await createAuthSession(db, {
    userId: user.id,
    userAgent: input.userAgent,
    ipAddress: input.ipAddress,
  });
  await db
    .updateTable('app_user')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('id', '=', user.id)
    .execute();
  return { status: 'signed-in', authSessionId, userId: user.id };
}

/** Attempts past the longest memory above count for nothing; the scheduled prune drops them. */
export async function pruneSignInAttempts(db: DB) {
  const result = await db
    .deleteFrom('sign_in_attempt')
    .where(
      'attempted_at',
      '<',
      sql<Date>`now() - make_interval(secs => ${SIGN_IN_ATTEMPT_RETENTION_MS / 1000})`,
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
