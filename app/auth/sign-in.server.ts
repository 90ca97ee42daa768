import { sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/db.server';
import { verifyPassword } from './password.server';
import { createAuthSession, deleteAuthSession } from './session.server';

/** failed attempts allowed per address and per email within the window before answering 429 */
export const SIGN_IN_FAILURE_LIMIT = 10;
export const SIGN_IN_WINDOW_MS = 60 * 1000;

export const SignInSchema = z.object({
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .min(1, 'Enter your email address.')
    .max(254, 'That email address is too long.')
    .email('Enter an email address like name@school.org.'),
  password: z
    .string({ error: 'Enter your password.' })
    .min(1, 'Enter your password.')
    .max(200, 'That password is too long.'),
});

export type SignInResult =
  | { status: 'signed-in'; authSessionId: string; userId: string }
  | { status: 'invalid' }
  | { status: 'rate-limited'; retryAfterSeconds: number };

async function recentFailures(db: DB, input: { email: string; ipAddress: string }) {
  const since = new Date(Date.now() - SIGN_IN_WINDOW_MS);
  const row = await db
    .selectFrom('sign_in_attempt')
    .select([
      sql<string>`count(*) filter (where ip_address = ${input.ipAddress})`.as('byAddress'),
      sql<string>`count(*) filter (where lower(email) = lower(${input.email}))`.as('byEmail'),
    ])
    .where('succeeded', '=', false)
    .where('attempted_at', '>', since)
    .where((eb) =>
      eb.or([
        eb('ip_address', '=', input.ipAddress),
        eb(sql`lower(email)`, '=', input.email.toLowerCase()),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Math.max(Number(row.byAddress), Number(row.byEmail));
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
  if ((await recentFailures(db, input)) >= SIGN_IN_FAILURE_LIMIT) {
    return { status: 'rate-limited', retryAfterSeconds: SIGN_IN_WINDOW_MS / 1000 };
  }

  const user = await db
    .selectFrom('app_user')
    .select(['id', 'password_hash'])
    .where(sql`lower(email)`, '=', input.email.toLowerCase())
    .executeTakeFirst();
  const valid = await verifyPassword(input.password, user?.password_hash ?? null);

  await db
    .insertInto('sign_in_attempt')
    .values({
      email: input.email.slice(0, 254),
      ip_address: input.ipAddress,
      succeeded: valid,
    })
    .execute();
  if (!valid || !user) return { status: 'invalid' };

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

/** Old attempts only matter for a minute; keep the table small. */
export async function pruneSignInAttempts(db: DB) {
  await db
    .deleteFrom('sign_in_attempt')
    .where('attempted_at', '<', new Date(Date.now() - 24 * 60 * 60 * 1000))
    .execute();
}
