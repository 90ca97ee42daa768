import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { enqueueNotificationEmail } from '../mail/outbox.server';
import { renderEmail } from '../mail/render.server';
import type { CohortRef } from './coaching-sessions.server';
import { listAdmittedMembers } from './members.server';

type Executor = Kysely<Database>;

/** Emails every admitted member of the cohort but the one who made the change. */
export async function tellMembers(
  db: Executor,
  input: {
    cohort: CohortRef;
    actorId: string;
    kind: string;
    subject: string;
    heading: string;
    paragraphs: string[];
    link: string | null;
    appOrigin: string;
  },
) {
  const members = await listAdmittedMembers(db, input.cohort.id);
  const email = renderEmail({
    heading: input.heading,
    paragraphs: input.paragraphs,
    ...(input.link ? { action: { label: 'Open the sessions page', url: input.link } } : {}),
  });
  for (const member of members) {
    if (member.id === input.actorId) continue;
    await enqueueNotificationEmail(db, {
      organizationId: input.cohort.organizationId,
      kind: input.kind,
      to: member.email,
      recipientId: member.id,
      appOrigin: input.appOrigin,
      subject: input.subject,
      text: email.text,
      html: email.html,
    });
  }
}
