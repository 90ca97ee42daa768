import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppLoadContext } from '@remix-run/node';
import { parseWithZod } from '@conform-to/zod/v4';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema';
import { withTransaction } from '../../db/transaction';
import { recordAudit } from '../audit/audit.server';
import type { SessionUser } from '../auth/session.server';
import { readFormData } from '../http/form.server';
import { isUuid } from '../utils/ids';
import { emailCategories, isEmailCategory, type EmailCategory } from './email-categories';

type Executor = Kysely<Database>;

export type EmailPreferences = Record<EmailCategory, boolean>;

const ALL_ON: EmailPreferences = {
  reminders: true,
  critique_requests: true,
  scoring_results: true,
  digests: true,
  cohort_updates: true,
};

/** This person's preferences; everyone who never chose gets every kind. */
export async function getEmailPreferences(db: Executor, userId: string): Promise<EmailPreferences> {
  const row = await db
    .selectFrom('email_preference')
    .select([...emailCategories])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? { ...row } : { ...ALL_ON };
}

/** The row, made on first need; two first needs at once both read the one that won. */
async function ensurePreferenceRow(db: Executor, userId: string) {
  await db
    .insertInto('email_preference')
    .values({ user_id: userId, unsubscribe_key: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  return db
    .selectFrom('email_preference')
    .select([...emailCategories, 'unsubscribe_key'])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
}

function sign(key: string, userId: string, category: EmailCategory) {
  return createHmac('sha256', key).update(`unsubscribe:${userId}:${category}`).digest('base64url');
}

/**
 * The token of an unsubscribe link: who and which kind in the clear, signed with a key that
 * only this person's row holds. It never expires: links in old emails must keep working.
 */
export function unsubscribeToken(key: string, userId: string, category: EmailCategory) {
  return `${userId}.${category}.${sign(key, userId, category)}`;
}

const TOKEN = /^([0-9a-f-]{36})\.([a-z_]{1,40})\.([A-Za-z0-9_-]{43})$/;

/** Who and which kind an unsubscribe token names, or null when it is malformed or forged. */
export async function readUnsubscribeToken(db: Executor, token: string) {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, userId, category, signature] = match as unknown as [string, string, string, string];
  if (!isUuid(userId) || !isEmailCategory(category)) return null;
  const row = await db
    .selectFrom('email_preference')
    .innerJoin('app_user', 'app_user.id', 'email_preference.user_id')
    .select([
      'email_preference.unsubscribe_key as key',
      'app_user.email',
      'app_user.organization_id as organizationId',
      ...emailCategories.map((name) => `email_preference.${name}` as const),
    ])
    .where('email_preference.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  const expected = Buffer.from(sign(row.key, userId, category));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return {
    userId,
    category,
    email: row.email,
    organizationId: row.organizationId,
    subscribed: row[category],
  };
}

/** Turns one kind off through a link; saying it twice changes nothing more. */
export async function unsubscribeByToken(db: Executor, token: string) {
  return withTransaction(db, async (trx) => {
    const found = await readUnsubscribeToken(trx, token);
    if (!found) return null;
    const changed = await trx
      .updateTable('email_preference')
      .set({ [found.category]: false, updated_at: sql<Date>`now()` })
      .where('user_id', '=', found.userId)
      .where(found.category, '=', true)
      .returning('user_id')
      .executeTakeFirst();
    if (changed) {
      await recordAudit(trx, {
        organizationId: found.organizationId,
        actorId: found.userId,
        action: 'account.email_unsubscribed',
        targetType: 'app_user',
        targetId: found.userId,
        before: { [found.category]: true },
        after: { [found.category]: false, through: 'unsubscribe link' },
      });
    }
    return { ...found, subscribed: false, changed: Boolean(changed) };
  });
}

/** Saves the account page's choices and audits what changed. */
export async function saveEmailPreferences(
  db: Executor,
  input: { userId: string; organizationId: string; preferences: EmailPreferences },
) {
  return withTransaction(db, async (trx) => {
    const before = await ensurePreferenceRow(trx, input.userId);
    const changedBefore: Partial<EmailPreferences> = {};
    const changedAfter: Partial<EmailPreferences> = {};
    for (const category of emailCategories) {
      if (before[category] !== input.preferences[category]) {
        changedBefore[category] = before[category];
        changedAfter[category] = input.preferences[category];
      }
    }
    if (Object.keys(changedAfter).length === 0) return { changed: false };
    await trx
      .updateTable('email_preference')
      .set({ ...input.preferences, updated_at: sql<Date>`now()` })
      .where('user_id', '=', input.userId)
      .execute();
    await recordAudit(trx, {
      organizationId: input.organizationId,
      actorId: input.userId,
      action: 'account.email_preferences_changed',
      targetType: 'app_user',
      targetId: input.userId,
      before: changedBefore,
      after: changedAfter,
    });
    return { changed: true };
  });
}

/**
 * What a notification email to this address needs: whether to send it at all, and the
 * one-click unsubscribe link for its kind. Null when no account uses the address.
 */
export async function notificationEmailTerms(
  db: Executor,
  input: { to: string; recipientId?: string | null; category: EmailCategory; appOrigin: string },
) {
  const user = await db
    .selectFrom('app_user')
    .select('id')
    .$call((query) =>
      input.recipientId && isUuid(input.recipientId)
        ? query.where('id', '=', input.recipientId)
        : query.where(sql<string>`lower(email)`, '=', input.to.toLowerCase()),
    )
    .executeTakeFirst();
  if (!user) return null;
  const row = await ensurePreferenceRow(db, user.id);
  const token = unsubscribeToken(row.unsubscribe_key, user.id, input.category);
  return {
    wanted: row[input.category],
    unsubscribeUrl: `${input.appOrigin}/unsubscribe/${token}`,
    preferencesUrl: `${input.appOrigin}/me/account/notifications`,
  };
}

// each kind is answered on or off, so a missing answer is refused rather than read as off
const flag = z
  .enum(['on', 'off'], { error: 'Choose whether to get these emails.' })
  .transform((value) => value === 'on');

export const EmailPreferencesSchema = z.object({
  intent: z.literal('save'),
  reminders: flag,
  critique_requests: flag,
  scoring_results: flag,
  digests: flag,
  cohort_updates: flag,
});

export async function submitEmailPreferences(
  context: AppLoadContext,
  request: Request,
  user: SessionUser,
) {
  const form = await readFormData(request);
  const submission = parseWithZod(form, { schema: EmailPreferencesSchema });
  if (submission.status !== 'success') {
    return { status: 'invalid' as const, result: submission.reply() };
  }
  const { intent: _intent, ...preferences } = submission.value;
  const { changed } = await saveEmailPreferences(context.db, {
    userId: user.id,
    organizationId: user.organizationId,
    preferences,
  });
  return { status: 'saved' as const, changed };
}
