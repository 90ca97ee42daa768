import { getLogger } from '../log.server';
import { startPeriodicWork, type PeriodicWork } from '../utils/periodic.server';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/db.server';
import type { Database, ReminderKind } from '../../db/schema';
import { enqueueNotificationEmail } from '../mail/outbox.server';
import { renderEmail } from '../mail/render.server';
import { formatSessionTime } from './format';
import { kindLabels } from './labels';
import { listAdmittedMembers } from './members.server';

type Executor = Kysely<Database>;

const REMINDER_OFFSETS: Record<ReminderKind, number> = {
  '24h': 24 * 60 * 60 * 1000,
  '1h': 60 * 60 * 1000,
};
export const REMINDER_POLL_MS = 30 * 1000;
/** a reminder found this late (the server was down) is dropped rather than sent after the fact */
const STALE_AFTER_MS = 30 * 60 * 1000;

/**
 * (Re)arms a session's reminders for its start: each one whose moment is still ahead is
 * due again, whether or not it went out for the old time; the rest are dropped.
 */
export async function planReminders(
  db: Executor,
  input: { coachingSessionId: string; startsAt: Date; now?: Date },
) {
  const now = (input.now ?? new Date()).getTime();
  for (const [kind, offset] of Object.entries(REMINDER_OFFSETS) as [ReminderKind, number][]) {
    const dueAt = new Date(input.startsAt.getTime() - offset);
    if (dueAt.getTime() <= now) {
      await db
        .deleteFrom('coaching_session_reminder')
        .where('coaching_session_id', '=', input.coachingSessionId)
        .where('kind', '=', kind)
        .where('sent_at', 'is', null)
        .execute();
      continue;
    }
    await db
      .insertInto('coaching_session_reminder')
      .values({ coaching_session_id: input.coachingSessionId, kind, due_at: dueAt })
      .onConflict((oc) =>
        oc.columns(['coaching_session_id', 'kind']).doUpdateSet({ due_at: dueAt, sent_at: null }),
      )
      .execute();
  }
}

export type ReminderWorker = PeriodicWork<number>;

/**
 * Sends due reminders. Each pass claims due rows with FOR UPDATE SKIP LOCKED and, in the
 * same transaction, queues the emails and stamps sent_at, so across restarts and any
 * number of processes each reminder goes out exactly once.
 */
export function startReminderWorker(options: {
  db: DB;
  appOrigin: string;
  log?: (message: string, error?: unknown) => void;
  pollMs?: number;
}): ReminderWorker {
  const {
    db,
    appOrigin,
    log = (message, error) => getLogger().info({ err: error }, message),
  } = options;
  async function pass(): Promise<number> {
    if (work.stopped) return 0;
    let handled = 0;
    for (;;) {
      const sent = await db.transaction().execute(async (trx) => {
        const due = await trx
          .selectFrom('coaching_session_reminder')
          .select(['coaching_session_id as coachingSessionId', 'kind'])
          .where('sent_at', 'is', null)
          .where('due_at', '<=', sql<Date>`now()`)
          .orderBy('due_at')
          .limit(10)
          .forUpdate()
          .skipLocked()
          .execute();
        for (const reminder of due) await sendReminder(trx, reminder, appOrigin);
        return due.length;
      });
      handled += sent;
      if (sent < 10 || work.stopped) break;
    }
    return handled;
  }

  const work = startPeriodicWork({
    pass,
    intervalMs: options.pollMs ?? REMINDER_POLL_MS,
    onError: (error) => log('reminders: a pass failed', error),
  });
  return work;
}

async function sendReminder(
  trx: Executor,
  reminder: { coachingSessionId: string; kind: ReminderKind },
  appOrigin: string,
) {
  const session = await trx
    .selectFrom('coaching_session')
    .innerJoin('cohort', 'cohort.id', 'coaching_session.cohort_id')
    .select([
      'coaching_session.id',
      'coaching_session.title',
      'coaching_session.kind',
      'coaching_session.starts_at as startsAt',
      'coaching_session.minutes',
      'coaching_session.status',
      'cohort.id as cohortId',
      'cohort.name as cohortName',
      'cohort.timezone',
      'cohort.organization_id as organizationId',
    ])
    .where('coaching_session.id', '=', reminder.coachingSessionId)
    .executeTakeFirst();
  await trx
    .updateTable('coaching_session_reminder')
    .set({ sent_at: sql<Date>`now()` })
    .where('coaching_session_id', '=', reminder.coachingSessionId)
    .where('kind', '=', reminder.kind)
    .execute();
  const startsAt = session ? new Date(session.startsAt) : null;
  if (!session || !startsAt || session.status !== 'scheduled') return;
  if (Date.now() > startsAt.getTime() - REMINDER_OFFSETS[reminder.kind] + STALE_AFTER_MS) return;

  const when = formatSessionTime(startsAt.toISOString(), session.timezone);
  const email = renderEmail({
    heading:
      reminder.kind === '24h' ? `Tomorrow: ${session.title}` : `In one hour: ${session.title}`,
    paragraphs: [
      `The ${kindLabels[session.kind].toLowerCase()} of ${session.cohortName} starts ${when} and lasts ${session.minutes} minutes.`,
      'The Zoom meeting, hands, chat and polls are all in the session’s live room in Cadre.',
    ],
    action: {
      label: 'Join the live room',
      url: `${appOrigin}/cohorts/${session.cohortId}/sessions/${session.id}/live`,
    },
  });
  for (const member of await listAdmittedMembers(trx, session.cohortId)) {
    await enqueueNotificationEmail(trx, {
      organizationId: session.organizationId,
      kind: `coaching-session-reminder-${reminder.kind}`,
      to: member.email,
      recipientId: member.id,
      appOrigin,
      subject: reminder.kind === '24h' ? `Tomorrow: ${session.title}` : `Soon: ${session.title}`,
      text: email.text,
      html: email.html,
    });
  }
}
