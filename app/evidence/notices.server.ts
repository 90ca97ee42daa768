import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { enqueueNotificationEmail } from '../mail/outbox.server';
import { renderEmail } from '../mail/render.server';
import { notify } from '../notifications/notify.server';

export interface Recipient {
  userId: string;
  email: string;
  name: string;
}

export interface ChangeNotice {
  organizationId: string;
  cohortId: string;
  /** `entity.event`, e.g. `submission.scored` */
  kind: string;
  /** one line for the in-app list and the email subject */
  title: string;
  /** in-app path the notice and the email lead to */
  href: string;
  paragraphs: string[];
  actionLabel: string;
}

/**
 * Tells people about a change twice: an in-app notice and an email, both written in the
 * transaction that makes the change, so neither exists without it. Without an app origin
 * (a change with no request behind it) only the in-app notice is written.
 */
export async function tellPeople(
  trx: Kysely<Database>,
  recipients: Recipient[],
  notice: ChangeNotice,
  appOrigin: string | null,
) {
  const unique = [...new Map(recipients.map((person) => [person.userId, person])).values()];
  await notify(
    trx,
    unique.map((person) => ({
      userId: person.userId,
      cohortId: notice.cohortId,
      kind: notice.kind,
      title: notice.title,
      href: notice.href,
    })),
  );
  if (!appOrigin) return;
  for (const person of unique) {
    const email = renderEmail({
      heading: notice.title,
      paragraphs: [`Hello ${person.name},`, ...notice.paragraphs],
      action: { label: notice.actionLabel, url: `${appOrigin}${notice.href}` },
    });
    await enqueueNotificationEmail(trx, {
      organizationId: notice.organizationId,
      kind: notice.kind,
      to: person.email,
      recipientId: person.userId,
      appOrigin,
      subject: notice.title,
      text: email.text,
      html: email.html,
    });
  }
}
