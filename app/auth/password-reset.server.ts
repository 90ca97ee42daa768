import { randomBytes } from 'node:crypto';
import type { AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/db.server';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { hashToken } from '../cohorts/invitations.server';
import { cookiesAreSecure } from '../env.server';
import { readFormData } from '../http/form.server';
import { appOriginOf } from '../http/origin.server';
import { checkRateLimit, recordRateLimitHit, type RateLimitRule } from '../http/rate-limit.server';
import { enqueueEmail } from '../mail/outbox.server';
import { renderEmail } from '../mail/render.server';
import { hashPassword } from './password.server';
import { NewPasswordSchema } from './registration.server';
import {
  closeEndedSessions,
  createAuthSession,
  endAuthSessions,
  serializeAuthCookie,
} from './session.server';
import { EmailAddressSchema } from './sign-in.server';

/** how long a reset link works */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/** Reset emails for one address: enough for a lost email or two, too few to flood an inbox. */
export const RESET_REQUESTS_PER_EMAIL: RateLimitRule = {
  bucket: 'password-reset-email',
  limit: 5,
  windowMs: 60 * 60 * 1000,
};

/** Reset requests from one client address: a school shares one, a script does not get far. */
export const RESET_REQUESTS_PER_ADDRESS: RateLimitRule = {
  bucket: 'password-reset-address',
  limit: 20,
  windowMs: 60 * 60 * 1000,
};

/** the one answer to every well-formed request, so it tells nobody whether an account exists */
export const RESET_REQUESTED_MESSAGE =
  'If an account uses that address, we have sent a link to it. The link works once, for one hour. If nothing arrives in a few minutes, check your spam folder or ask again.';

export const ForgotPasswordSchema = z.object({ email: EmailAddressSchema });

// longer than any token this app makes; anything past it is refused unhashed
const MAX_TOKEN_LENGTH = 100;

/** a fresh link token; only its hash is stored */
export function newResetToken() {
  return randomBytes(32).toString('base64url');
}

const newToken = newResetToken;

const PASSWORD_RESET_SUBJECT = 'Reset your Cadre password';

/** the reset email, the same whether the person asked or an admin sent it */
export function passwordResetEmail(url: string) {
  return renderEmail({
    heading: PASSWORD_RESET_SUBJECT,
    paragraphs: [
      'Someone, we hope you, asked to reset the password of the Cadre account that uses this address.',
      'The link below works once, for one hour. If you did not ask, ignore this email: your password stays as it is.',
    ],
    action: { label: 'Choose a new password', url },
  });
}

/** Stores a link's hash; the link opens /reset-password/<token> until `expiresAt`. */
export async function storePasswordReset(
  db: DB,
  input: { userId: string; token: string; expiresAt: Date; requestedIp: string | null },
) {
  await db
    .insertInto('password_reset')
    .values({
      user_id: input.userId,
      token_hash: hashToken(input.token),
      expires_at: input.expiresAt,
      requested_ip: input.requestedIp,
    })
    .execute();
}

/**
 * Sends a reset link to a person an org admin picked, as the forgot-password form would,
 * without that form's rate limits (the admin's own action is audited instead).
 */
export async function sendPasswordResetLink(
  db: DB,
  input: {
    user: { id: string; organizationId: string; email: string };
    appOrigin: string;
    requestedIp: string | null;
  },
) {
  const token = newResetToken();
  const message = passwordResetEmail(`${input.appOrigin}/reset-password/${token}`);
  await storePasswordReset(db, {
    userId: input.user.id,
    token,
    expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MS),
    requestedIp: input.requestedIp,
  });
  await enqueueEmail(db, {
    organizationId: input.user.organizationId,
    kind: 'password-reset',
    to: input.user.email,
    subject: PASSWORD_RESET_SUBJECT,
    text: message.text,
    html: message.html,
  });
}

/**
 * The forgot-password form's action. Every well-formed request does the same work (hash a
 * token, render the email, count both limits, run one transaction) and gets the same
 * answer, whether or not the address has an account and whether or not a limit is reached.
 */
export async function submitForgotPassword(context: AppLoadContext, request: Request) {
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: ForgotPasswordSchema });
  if (submission.status !== 'success') {
    return { result: submission.reply(), sent: false, httpStatus: 400 as const };
  }
  const email = submission.value.email.toLowerCase();
  const [byEmail, byAddress] = await Promise.all([
    checkRateLimit(context.db, RESET_REQUESTS_PER_EMAIL, email),
    checkRateLimit(context.db, RESET_REQUESTS_PER_ADDRESS, context.clientIp),
  ]);
  const allowed = byEmail.allowed && byAddress.allowed;

  const token = newToken();
  const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_MS);
  const message = passwordResetEmail(
    `${appOriginOf(request, context.env)}/reset-password/${token}`,
  );

  await withTransaction(context.db, async (trx) => {
    await recordRateLimitHit(trx, RESET_REQUESTS_PER_EMAIL, email);
    await recordRateLimitHit(trx, RESET_REQUESTS_PER_ADDRESS, context.clientIp);
    const user = await trx
      .selectFrom('app_user')
      .select(['id', 'organization_id', 'email'])
      .where(sql<string>`lower(email)`, '=', email)
      // a deactivated account signs in again only once an admin reactivates it
      .where('deactivated_at', 'is', null)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!user || !allowed) return;
    await storePasswordReset(trx, {
      userId: user.id,
      token,
      expiresAt,
      requestedIp: context.clientIp,
    });
    await enqueueEmail(trx, {
      organizationId: user.organization_id,
      kind: 'password-reset',
      to: user.email,
      subject: PASSWORD_RESET_SUBJECT,
      text: message.text,
      html: message.html,
    });
  });
  return { result: submission.reply({ resetForm: true }), sent: true, httpStatus: 200 as const };
}

export type ResetLookup = 'valid' | 'expired' | 'used' | 'unknown';

/** What a reset link opens: a form, or the reason it no longer does. */
export async function lookupPasswordReset(db: DB, token: string): Promise<ResetLookup> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return 'unknown';
  const row = await db
    .selectFrom('password_reset')
    .select(['used_at', sql<boolean>`expires_at <= now()`.as('expired')])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return 'unknown';
  if (row.used_at) return 'used';
  return row.expired ? 'expired' : 'valid';
}

/**
 * The reset page's action. In one transaction: the token is spent, the person's other
 * unspent tokens are deleted, the password changes, every session of theirs is deleted and
 * the audit log written; then their sockets are closed and they are signed in afresh.
 */
export async function submitPasswordReset(
  context: AppLoadContext,
  request: Request,
  token: string,
) {
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: NewPasswordSchema });
  const hidden = { hideFields: ['password', 'confirmPassword'] };
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply(hidden) };
  }
  if ((await lookupPasswordReset(context.db, token)) !== 'valid') {
    return { status: 'spent' as const, result: submission.reply(hidden) };
  }
  const passwordHash = await hashPassword(submission.value.password);
  const outcome = await withTransaction(context.db, async (trx) => {
    // the conditions again, under the row's lock, so two submissions cannot both spend it
    const reset = await trx
      .updateTable('password_reset')
      .set({ used_at: sql<Date>`now()` })
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning(['id', 'user_id'])
      .executeTakeFirst();
    if (!reset) return null;
    const user = await trx
      .updateTable('app_user')
      .set({ password_hash: passwordHash })
      .where('id', '=', reset.user_id)
      .where('deactivated_at', 'is', null)
      .returning(['id', 'email', 'organization_id'])
      .executeTakeFirst();
    // deactivated since the link was sent: the link is spent and nothing else changes
    if (!user) return null;
    await trx
      .deleteFrom('password_reset')
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    const ended = await endAuthSessions(trx, { userId: user.id });
    // a success for this address and email ends any sign-in wait the forgotten password caused
    await trx
      .insertInto('sign_in_attempt')
      .values({ email: user.email, ip_address: context.clientIp, succeeded: true })
      .execute();
    await recordAudit(trx, {
      organizationId: user.organization_id,
      actorId: user.id,
      action: 'auth.password_reset',
      targetType: 'app_user',
      targetId: user.id,
      after: { resetId: reset.id, sessionsEnded: ended.length },
    });
    const authSessionId = await createAuthSession(trx, {
      userId: user.id,
      userAgent: request.headers.get('user-agent'),
      ipAddress: context.clientIp,
    });
    return { endedSessionIds: ended, authSessionId };
  });
  if (!outcome) return { status: 'spent' as const, result: submission.reply(hidden) };
  closeEndedSessions(context.realtime, outcome.endedSessionIds);
  return {
    status: 'reset' as const,
    cookie: await serializeAuthCookie(outcome.authSessionId, {
      secure: cookiesAreSecure(context.env),
    }),
  };
}

/** spent and expired tokens are of no use after a day; pruned with the other old rows */
export async function prunePasswordResets(db: DB) {
  const result = await db
    .deleteFrom('password_reset')
    .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
