import { randomBytes } from 'node:crypto';
import type { AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/db.server';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { verifyPassword } from '../auth/password.server';
import type { SessionUser } from '../auth/session.server';
import { EmailAddressSchema } from '../auth/sign-in.server';
import { hashToken } from '../cohorts/invitations.server';
import { readFormData } from '../http/form.server';
import { appOriginOf } from '../http/origin.server';
import { checkRateLimit, recordRateLimitHit, type RateLimitRule } from '../http/rate-limit.server';
import { enqueueEmail } from '../mail/outbox.server';
import { renderEmail } from '../mail/render.server';

/** how long the confirmation link works */
export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;

/** Address changes one person may ask for: a typo or two, not a way to mail strangers. */
export const EMAIL_CHANGES_PER_USER: RateLimitRule = {
  bucket: 'email-change-user',
  limit: 5,
  windowMs: 60 * 60 * 1000,
};

export const ChangeEmailSchema = z.object({
  newEmail: EmailAddressSchema,
  currentPassword: z
    .string({ error: 'Enter your current password.' })
    .min(1, 'Enter your current password.')
    .max(200, 'That password is too long.'),
});

// longer than any token this app makes; anything past it is refused unhashed
const MAX_TOKEN_LENGTH = 100;

function taken(db: DB, email: string, exceptUserId: string) {
  return db
    .selectFrom('app_user')
    .select('id')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('id', '!=', exceptUserId)
    .executeTakeFirst();
}

/** The change waiting for confirmation, if any. */
export async function getPendingEmailChange(db: DB, userId: string) {
  const row = await db
    .selectFrom('email_change')
    .select(['new_email as newEmail', 'expires_at as expiresAt'])
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? { newEmail: row.newEmail, expiresAt: new Date(row.expiresAt).toISOString() } : null;
}

/**
 * Asks to move the account to another address: the address stays as it is until the link
 * sent to the new one is used, and the old one is told. Only the newest request's link works.
 */
export async function submitEmailChange(
  context: AppLoadContext,
  request: Request,
  user: SessionUser,
) {
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: ChangeEmailSchema });
  const hidden = { hideFields: ['currentPassword'] };
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply(hidden) };
  }
  const newEmail = submission.value.newEmail;
  const refuse = (field: 'newEmail' | 'currentPassword' | '', message: string) => ({
    status: 'invalid' as const,
    result: submission.reply({
      ...hidden,
      ...(field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] }),
    }),
  });
  const stored = await context.db
    .selectFrom('app_user')
    .select(['password_hash', 'email'])
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(submission.value.currentPassword, stored.password_hash))) {
    return refuse('currentPassword', 'That is not your current password.');
  }
  if (newEmail.toLowerCase() === stored.email.toLowerCase()) {
    return refuse('newEmail', 'That is already the address of your account.');
  }
  if (await taken(context.db, newEmail, user.id)) {
    return refuse('newEmail', 'Another account uses that address. Choose a different one.');
  }
  const limit = await checkRateLimit(context.db, EMAIL_CHANGES_PER_USER, user.id);
  if (!limit.allowed) {
    const minutes = Math.ceil(limit.retryAfterSeconds / 60);
    return refuse(
      '',
      `You asked for several address changes in a short time. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
    );
  }

  const token = randomBytes(32).toString('base64url');
  const origin = appOriginOf(request, context.env);
  const confirm = renderEmail({
    heading: 'Confirm your new email address',
    paragraphs: [
      `Hello ${user.name}, you asked to sign in to Cadre with this address instead of ${stored.email}.`,
      'The link below works once, for 24 hours. Until you use it, your account keeps its old address. If you did not ask, ignore this email.',
    ],
    action: { label: 'Confirm this address', url: `${origin}/me/email/${token}` },
  });
  const notice = renderEmail({
    heading: 'Someone asked to change your Cadre email address',
    paragraphs: [
      `Hello ${user.name}, a request was made from your signed-in account to change its email address from this one to ${newEmail}.`,
      'Nothing changes until the link sent to the new address is used. If you did not ask for this, change your password now: that also signs out every other device.',
    ],
    action: { label: 'Open your account', url: `${origin}/me/account/password` },
  });
  await withTransaction(context.db, async (trx) => {
    await recordRateLimitHit(trx, EMAIL_CHANGES_PER_USER, user.id);
    // only the newest request's link works
    await trx
      .deleteFrom('email_change')
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('email_change')
      .values({
        user_id: user.id,
        new_email: newEmail,
        token_hash: hashToken(token),
        expires_at: new Date(Date.now() + EMAIL_CHANGE_TTL_MS),
        requested_ip: context.clientIp,
      })
      .execute();
    await enqueueEmail(trx, {
      organizationId: user.organizationId,
      kind: 'email-change-confirm',
      to: newEmail,
      subject: 'Confirm your new Cadre email address',
      text: confirm.text,
      html: confirm.html,
    });
    await enqueueEmail(trx, {
      organizationId: user.organizationId,
      kind: 'email-change-requested',
      to: stored.email,
      subject: 'A change of your Cadre email address was requested',
      text: notice.text,
      html: notice.html,
    });
    await recordAudit(trx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: 'account.email_change_requested',
      targetType: 'app_user',
      targetId: user.id,
      before: { email: stored.email },
      after: { requested: newEmail },
    });
  });
  return { status: 'sent' as const, newEmail, result: submission.reply({ resetForm: true }) };
}

export type EmailChangeLookup =
  { status: 'valid'; newEmail: string } | { status: 'expired' | 'used' | 'unknown' };

/** What a confirmation link opens: the change it confirms, or why it no longer does. */
export async function lookupEmailChange(db: DB, token: string): Promise<EmailChangeLookup> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return { status: 'unknown' };
  const row = await db
    .selectFrom('email_change')
    .select(['new_email as newEmail', 'used_at', sql<boolean>`expires_at <= now()`.as('expired')])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (row.used_at) return { status: 'used' };
  if (row.expired) return { status: 'expired' };
  return { status: 'valid', newEmail: row.newEmail };
}

export type EmailConfirmOutcome =
  { status: 'changed'; newEmail: string } | { status: 'spent' | 'taken' };

/**
 * Spends the link and moves the account to the new address, in one transaction; the old
 * address is told it happened. Works without a sign-in: the link is the proof.
 */
export async function confirmEmailChange(
  context: AppLoadContext,
  request: Request,
  token: string,
): Promise<EmailConfirmOutcome> {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return { status: 'spent' };
  const origin = appOriginOf(request, context.env);
  try {
    return await withTransaction(context.db, async (trx) => {
      const change = await trx
        .updateTable('email_change')
        .set({ used_at: sql<Date>`now()` })
        .where('token_hash', '=', hashToken(token))
        .where('used_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .returning(['id', 'user_id', 'new_email'])
        .executeTakeFirst();
      if (!change) return { status: 'spent' as const };
      if (await taken(trx, change.new_email, change.user_id)) {
        // someone took the address since the request: the link is spent, nothing else changes
        return { status: 'taken' as const };
      }
      const before = await trx
        .selectFrom('app_user')
        .select(['email', 'name', 'organization_id as organizationId'])
        .where('id', '=', change.user_id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('app_user')
        .set({ email: change.new_email })
        .where('id', '=', change.user_id)
        .execute();
      const notice = renderEmail({
        heading: 'Your Cadre email address was changed',
        paragraphs: [
          `Hello ${before.name}, your Cadre account now signs in with ${change.new_email} instead of this address, and Cadre's emails go there.`,
          'If you did not make this change, reset your password from the new address or ask your organization for help at once.',
        ],
        action: { label: 'Open Cadre', url: `${origin}/login` },
      });
      await enqueueEmail(trx, {
        organizationId: before.organizationId,
        kind: 'email-changed',
        to: before.email,
        subject: 'Your Cadre email address was changed',
        text: notice.text,
        html: notice.html,
      });
      await recordAudit(trx, {
        organizationId: before.organizationId,
        actorId: change.user_id,
        action: 'account.email_changed',
        targetType: 'app_user',
        targetId: change.user_id,
        before: { email: before.email },
        after: { email: change.new_email, changeId: change.id },
      });
      return { status: 'changed' as const, newEmail: change.new_email };
    });
  } catch (error) {
    // two confirmations of the same address at once: the unique index keeps one
    if ((error as { code?: string }).code === '23505') return { status: 'taken' };
    throw error;
  }
}

/** spent and expired requests are of no use after a day; pruned with the other old rows */
export async function pruneEmailChanges(db: DB) {
  const result = await db
    .deleteFrom('email_change')
    .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
