import { sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/db.server';
import type { EmailStatus } from '../../db/schema';
import { emailCategoryLabels, emailCategoryOf } from '../account/email-categories';
import { notificationEmailTerms } from '../account/email-preferences.server';
import { isUuid } from '../utils/ids';
import { addUnsubscribeNote } from './render.server';

export interface OutboundMessage {
  /** whose outbox lists it; null for mail that belongs to no organization */
  organizationId?: string | null;
  /** what the email is for, e.g. `invitation`; shown in the outbox */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

// one bare address and nothing a mail header could be split on: no names, lists or line breaks
const SINGLE_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;

const OutboundMessageSchema = z.object({
  organizationId: z
    .string()
    .refine(isUuid, 'organizationId must be a uuid')
    .nullish()
    .transform((value) => value ?? null),
  kind: z.string().trim().min(1).max(100),
  to: z.string().trim().max(254).regex(SINGLE_ADDRESS, 'to must be one email address'),
  // a subject is one header line of sane length, whatever the caller's text looks like
  subject: z
    .string()
    .transform((value) => value.replace(/\s+/g, ' ').trim().slice(0, 300))
    .pipe(z.string().min(1)),
  text: z.string().min(1),
  html: z.string().min(1).optional(),
});

/**
 * Queues an email for the mail worker. Pass the transaction that makes the change the
 * email is about, so the email exists exactly when that change commits; nothing here
 * talks to a mail server, so a page never waits on one. Notification emails (a kind with
 * an email category) go through enqueueNotificationEmail instead.
 */
export async function enqueueEmail(db: DB, message: OutboundMessage): Promise<{ id: string }> {
  const valid = OutboundMessageSchema.parse(message);
  if (emailCategoryOf(valid.kind)) {
    throw new Error(
      `"${valid.kind}" is a notification email: queue it with enqueueNotificationEmail`,
    );
  }
  return insertEmail(db, valid, null);
}

/**
 * Queues a notification email: only when the person wants that kind, and with a one-click
 * unsubscribe link in its body and headers. Null means they turned the kind off and
 * nothing was queued.
 */
export async function enqueueNotificationEmail(
  db: DB,
  message: OutboundMessage & { recipientId: string | null; appOrigin: string },
): Promise<{ id: string } | null> {
  const valid = OutboundMessageSchema.parse(message);
  const category = emailCategoryOf(valid.kind);
  if (!category) return insertEmail(db, valid, null);
  const terms = await notificationEmailTerms(db, {
    to: valid.to,
    recipientId: message.recipientId,
    category,
    appOrigin: message.appOrigin,
  });
  if (!terms) return insertEmail(db, valid, null);
  if (!terms.wanted) return null;
  const body = addUnsubscribeNote(valid, {
    ...terms,
    categoryTitle: emailCategoryLabels[category].title,
  });
  return insertEmail(db, { ...valid, ...body }, terms.unsubscribeUrl);
}

function insertEmail(
  db: DB,
  valid: z.infer<typeof OutboundMessageSchema>,
  unsubscribeUrl: string | null,
) {
  return db
    .insertInto('outbound_email')
    .values({
      organization_id: valid.organizationId,
      kind: valid.kind,
      to_address: valid.to,
      subject: valid.subject,
      text_body: valid.text,
      html_body: valid.html ?? null,
      unsubscribe_url: unsubscribeUrl,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export interface OutboxEntry {
  id: string;
  kind: string;
  to: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
  createdAt: Date;
}

export const OUTBOX_PAGE_SIZE = 100;

/** An organization's most recent emails, newest first, whatever became of them. */
export async function listOutbox(
  db: DB,
  input: { organizationId: string; limit?: number },
): Promise<OutboxEntry[]> {
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? OUTBOX_PAGE_SIZE), 1), 500);
  return db
    .selectFrom('outbound_email')
    .select([
      'id',
      'kind',
      'to_address as to',
      'subject',
      'status',
      'attempts',
      'last_error as lastError',
      'next_attempt_at as nextAttemptAt',
      'sent_at as sentAt',
      'created_at as createdAt',
    ])
    .where('organization_id', '=', input.organizationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export interface OutboxMessage extends OutboxEntry {
  text: string;
  /** whether an HTML version exists; its markup is never handed to a page */
  hasHtml: boolean;
}

/** One email of this organization, or null when the id is malformed, unknown or someone else's. */
export async function getOutboxMessage(
  db: DB,
  input: { organizationId: string; id: string },
): Promise<OutboxMessage | null> {
  if (!isUuid(input.id)) return null;
  const row = await db
    .selectFrom('outbound_email')
    .select([
      'id',
      'kind',
      'to_address as to',
      'subject',
      'status',
      'attempts',
      'last_error as lastError',
      'next_attempt_at as nextAttemptAt',
      'sent_at as sentAt',
      'created_at as createdAt',
      'text_body as text',
      sql<boolean>`html_body is not null`.as('hasHtml'),
    ])
    .where('id', '=', input.id)
    .where('organization_id', '=', input.organizationId)
    .executeTakeFirst();
  return row ?? null;
}
