import type { AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/db.server';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import { hashPassword, verifyPassword } from '../auth/password.server';
import {
  closeEndedSessions,
  endAuthSessions,
  requireUser,
  type SessionUser,
} from '../auth/session.server';
import { readFormData } from '../http/form.server';
import { appOriginOf } from '../http/origin.server';
import { enqueueEmail } from '../mail/outbox.server';
import { renderEmail } from '../mail/render.server';
import { checkEducatorId } from '../people/educator-id';
import { isUuid } from '../utils/ids';
import { describeDevice } from './device';

export const ProfileSchema = z.object({
  name: z
    .string({ error: 'Enter your name as colleagues know it.' })
    .trim()
    .min(1, 'Enter your name as colleagues know it.')
    .max(100, 'Keep your name under 100 characters.'),
  educatorId: z
    .string()
    .max(40, 'A PPID has 7 digits.')
    .optional()
    .transform((value, ctx) => {
      const check = checkEducatorId(value);
      if (!check.ok) {
        ctx.addIssue({ code: 'custom', message: check.message });
        return z.NEVER;
      }
      return check.value;
    }),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: 'Enter your current password.' })
      .min(1, 'Enter your current password.')
      .max(200, 'That password is too long.'),
    password: z
      .string({ error: 'Choose a new password.' })
      .min(10, 'Use at least 10 characters; a short sentence works well.')
      .max(200, 'That password is too long.'),
    confirmPassword: z.string({ error: 'Type the new password again.' }),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The two passwords do not match.',
  });

export const SessionsSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('sign-out-others') }),
    z.object({
      intent: z.literal('sign-out-one'),
      sessionId: z
        .string({ error: 'Choose a sign-in from the list.' })
        .refine(isUuid, 'Choose a sign-in from the list.'),
    }),
  ],
  { error: 'Choose a sign-in from the list.' },
);

/** The signed-in person with what the account pages show about them. */
export async function requireAccount(context: AppLoadContext, request: Request) {
  const user = await requireUser(context.db, request);
  const row = await context.db
    .selectFrom('app_user')
    .innerJoin('organization', 'organization.id', 'app_user.organization_id')
    .select([
      'app_user.name',
      'app_user.email',
      'app_user.state_educator_id as educatorId',
      'app_user.password_hash as passwordHash',
      'organization.name as organizationName',
      'organization.timezone',
    ])
    .where('app_user.id', '=', user.id)
    .executeTakeFirstOrThrow();
  return { user, account: row };
}

export async function submitProfile(context: AppLoadContext, request: Request, user: SessionUser) {
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: ProfileSchema });
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply() };
  }
  const { name, educatorId } = submission.value;
  const changed = await withTransaction(context.db, async (trx) => {
    const before = await trx
      .selectFrom('app_user')
      .select(['name', 'state_educator_id as educatorId'])
      .where('id', '=', user.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const after = { name, educatorId: educatorId ?? null };
    if (before.name === after.name && before.educatorId === after.educatorId) return false;
    await trx
      .updateTable('app_user')
      .set({ name: after.name, state_educator_id: after.educatorId })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(trx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: 'account.profile_changed',
      targetType: 'app_user',
      targetId: user.id,
      before,
      after,
    });
    return true;
  });
  return { status: 'saved' as const, changed };
}

/**
 * Changes the password of the signed-in person: the current one must be right. Every other
 * sign-in of theirs ends with its sockets; this one stays, and they are told by email.
 */
export async function submitPasswordChange(
  context: AppLoadContext,
  request: Request,
  user: SessionUser,
) {
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: ChangePasswordSchema });
  const hidden = { hideFields: ['currentPassword', 'password', 'confirmPassword'] };
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply(hidden) };
  }
  const stored = await context.db
    .selectFrom('app_user')
    .select('password_hash')
    .where('id', '=', user.id)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(submission.value.currentPassword, stored.password_hash))) {
    return {
      status: 'invalid' as const,
      result: submission.reply({
        ...hidden,
        fieldErrors: { currentPassword: ['That is not your current password.'] },
      }),
    };
  }
  const passwordHash = await hashPassword(submission.value.password);
  const message = renderEmail({
    heading: 'Your Cadre password was changed',
    paragraphs: [
      `Hello ${user.name}, the password of your Cadre account was changed just now, and every other sign-in was ended.`,
      'If you did not change it, reset your password at once with the link below and tell your organization.',
    ],
    action: {
      label: 'Reset your password',
      url: `${appOriginOf(request, context.env)}/forgot-password`,
    },
  });
  const ended = await withTransaction(context.db, async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ password_hash: passwordHash })
      .where('id', '=', user.id)
      .execute();
    // a reset link asked for earlier would undo the change: it no longer works
    await trx
      .deleteFrom('password_reset')
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    const endedIds = await endAuthSessions(trx, { userId: user.id, keep: user.authSessionId });
    await recordAudit(trx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: 'account.password_changed',
      targetType: 'app_user',
      targetId: user.id,
      after: { sessionsEnded: endedIds.length },
    });
    await enqueueEmail(trx, {
      organizationId: user.organizationId,
      kind: 'password-changed',
      to: user.email,
      subject: 'Your Cadre password was changed',
      text: message.text,
      html: message.html,
    });
    return endedIds;
  });
  closeEndedSessions(context.realtime, ended);
  return { status: 'changed' as const, sessionsEnded: ended.length };
}

export interface SignInRow {
  id: string;
  device: string;
  ipAddress: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

/** This person's sign-ins that still work, most recently used first, this one marked. */
export async function listSignIns(db: DB, user: SessionUser): Promise<SignInRow[]> {
  const rows = await db
    .selectFrom('auth_session')
    .select(['id', 'user_agent', 'ip_address', 'created_at', 'last_seen_at'])
    .where('user_id', '=', user.id)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id')
    .limit(100)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    device: describeDevice(row.user_agent),
    ipAddress: row.ip_address,
    createdAt: new Date(row.created_at).toISOString(),
    lastSeenAt: new Date(row.last_seen_at).toISOString(),
    current: row.id === user.authSessionId,
  }));
}

/** Signs out the other sign-ins, or one of them; this one is never ended here. */
export async function submitSignOuts(context: AppLoadContext, request: Request, user: SessionUser) {
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: SessionsSchema });
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply(), ended: 0 };
  }
  const value = submission.value;
  const ended = await withTransaction(context.db, async (trx) => {
    let endedIds: string[];
    if (value.intent === 'sign-out-others') {
      endedIds = await endAuthSessions(trx, { userId: user.id, keep: user.authSessionId });
    } else {
      if (value.sessionId === user.authSessionId) return null;
      const rows = await trx
        .deleteFrom('auth_session')
        .where('id', '=', value.sessionId)
        .where('user_id', '=', user.id)
        .returning('id')
        .execute();
      endedIds = rows.map((row) => row.id);
    }
    if (endedIds.length === 0) return endedIds;
    await recordAudit(trx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: 'account.sessions_ended',
      targetType: 'app_user',
      targetId: user.id,
      after: { sessionsEnded: endedIds.length, which: value.intent },
    });
    return endedIds;
  });
  if (ended === null) {
    return {
      status: 'invalid' as const,
      result: submission.reply({
        fieldErrors: { sessionId: ['Use “Sign out” in the menu to end this sign-in.'] },
      }),
      ended: 0,
    };
  }
  closeEndedSessions(context.realtime, ended);
  return { status: 'done' as const, result: submission.reply(), ended: ended.length };
}
