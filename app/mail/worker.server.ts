import { getLogger } from '../log.server';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import type { DB } from '../../db/db.server';
import type { EmailStatus } from '../../db/schema';
import type { Env } from '../env.server';

/** how often the worker looks for due mail when nobody kicks it */
export const MAIL_POLL_MS = 1000;
/** messages claimed per statement; a pass keeps claiming until nothing is due */
export const MAIL_BATCH_SIZE = 10;
/** after this many failed attempts a message is marked failed and left alone */
export const MAIL_MAX_ATTEMPTS = 8;
/**
 * A claimed row is leased for this long. The SMTP timeouts below end any one send well
 * inside it, so a row still 'sending' after the lease belongs to a node that stopped.
 */
export const MAIL_SENDING_LEASE_MS = 5 * 60 * 1000;
const RETRY_BASE_MS = 30 * 1000;
const RETRY_MAX_MS = 60 * 60 * 1000;
/** looking for stuck rows scans the table, so the poller does it at most this often */
const RECLAIM_EVERY_MS = 60 * 1000;

/** 30 s × 2^attempts, capped at an hour: 1 min, 2 min, 4 min … after the 1st, 2nd, 3rd failure */
export function mailRetryDelayMs(attempts: number) {
  return Math.min(RETRY_BASE_MS * 2 ** attempts, RETRY_MAX_MS);
}

export interface MailWorker {
  /** look for due mail now instead of at the next poll */
  kick(): void;
  /** stop polling and wait for the pass in progress; call before closing the database */
  stop(): Promise<void>;
  /**
   * One full pass (after any pass already running): reclaim stuck rows, then deliver or
   * store everything due. Resolves with the number of messages handled.
   */
  runOnce(): Promise<number>;
}

export interface MailWorkerOptions {
  db: DB;
  env: Pick<Env, 'SMTP_URL' | 'MAIL_FROM'>;
  /** progress and failures; a failure comes with its error so the stack is kept */
  log?: (message: string, error?: unknown) => void;
}

interface ClaimedEmail {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  unsubscribe_url: string | null;
  attempts: number;
}

/**
 * Delivers the outbox. With SMTP_URL it sends through one nodemailer transport and retries
 * failures with backoff; without it messages are marked `stored` and stay readable in the
 * outbox. Rows are claimed with FOR UPDATE SKIP LOCKED, so any number of nodes can run a
 * worker on the same database without sending a message twice. Nothing here throws into
 * the process: a failed pass is logged and the next poll tries again.
 */
export function startMailWorker({
  db,
  env,
  log = (message, error) => getLogger().info({ err: error }, message),
}: MailWorkerOptions): MailWorker {
  const smtpUrl = env.SMTP_URL;
  const transport = smtpUrl
    ? nodemailer.createTransport({
        url: smtpUrl,
        connectionTimeout: 30 * 1000,
        greetingTimeout: 30 * 1000,
        socketTimeout: 60 * 1000,
      })
    : null;
  const from = env.MAIL_FROM;
  const messageIdDomain = /@([^\s<>@]+)/.exec(from)?.[1] ?? 'cadre.local';

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastReclaimAt = 0;
  // passes run one after another, so runOnce() also waits for a poll already under way
  let passes: Promise<unknown> = Promise.resolve();

  async function reclaimStuck() {
    lastReclaimAt = Date.now();
    const rows = await db
      .updateTable('outbound_email')
      .set({
        status: sql<EmailStatus>`case when attempts >= ${MAIL_MAX_ATTEMPTS} then 'failed' else 'queued' end`,
        last_error: 'sending did not finish in time; the server sending it may have stopped',
      })
      .where('status', '=', 'sending')
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .returning('id')
      .execute();
    if (rows.length > 0) log(`mail: reclaimed ${rows.length} message(s) stuck while sending`);
  }

  /** ids of due queued rows, locked for this statement and skipped by everyone else */
  function dueIds(limit: number) {
    return db
      .selectFrom('outbound_email')
      .select('id')
      .where('status', '=', 'queued')
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .orderBy('created_at')
      .limit(limit)
      .forUpdate()
      .skipLocked();
  }

  async function storeDue() {
    const rows = await db
      .updateTable('outbound_email')
      .set({ status: 'stored', last_error: null })
      .where('id', 'in', dueIds(100))
      .returning('id')
      .execute();
    return rows.length;
  }

  async function claimDue(): Promise<ClaimedEmail[]> {
    return db
      .updateTable('outbound_email')
      .set((eb) => ({
        status: 'sending',
        attempts: eb('attempts', '+', 1),
        next_attempt_at: sql<Date>`now() + make_interval(secs => ${MAIL_SENDING_LEASE_MS / 1000})`,
      }))
      .where('id', 'in', dueIds(MAIL_BATCH_SIZE))
      .returning([
        'id',
        'to_address',
        'subject',
        'text_body',
        'html_body',
        'unsubscribe_url',
        'attempts',
      ])
      .execute();
  }

  async function deliver(mailer: NonNullable<typeof transport>, email: ClaimedEmail) {
    let failure: string | null = null;
    try {
      await mailer.sendMail({
        from,
        to: email.to_address,
        subject: email.subject,
        text: email.text_body,
        html: email.html_body ?? undefined,
        // the same id on a resend lets the receiving side drop the duplicate
        messageId: `<${email.id}@${messageIdDomain}>`,
        // RFC 8058 one-click unsubscribe: the mail client POSTs to the link, no page needed
        ...(email.unsubscribe_url
          ? {
              headers: {
                'List-Unsubscribe': `<${email.unsubscribe_url}>`,
                'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              },
            }
          : {}),
      });
    } catch (error) {
      failure = describeError(error);
    }

    // `status = 'sending'` keeps a late answer from overwriting a row someone reclaimed
    if (failure === null) {
      await db
        .updateTable('outbound_email')
        .set({ status: 'sent', sent_at: sql<Date>`now()`, last_error: null })
        .where('id', '=', email.id)
        .where('status', '=', 'sending')
        .execute();
      return;
    }
    const giveUp = email.attempts >= MAIL_MAX_ATTEMPTS;
    const delaySeconds = giveUp ? 0 : mailRetryDelayMs(email.attempts) / 1000;
    await db
      .updateTable('outbound_email')
      .set({
        status: giveUp ? 'failed' : 'queued',
        last_error: failure,
        next_attempt_at: sql<Date>`now() + make_interval(secs => ${delaySeconds})`,
      })
      .where('id', '=', email.id)
      .where('status', '=', 'sending')
      .execute();
    log(
      giveUp
        ? `mail: gave up on ${email.id} after ${email.attempts} attempts: ${failure}`
        : `mail: attempt ${email.attempts} for ${email.id} failed, retrying in ${delaySeconds} s: ${failure}`,
    );
  }

  async function pass(reclaim: boolean) {
    if (stopped) return 0;
    if (reclaim) await reclaimStuck();
    let handled = 0;
    while (!stopped) {
      if (!transport) {
        const stored = await storeDue();
        handled += stored;
        if (stored === 0) break;
        continue;
      }
      const batch = await claimDue();
      // one slow recipient must not hold the others past their lease, so the batch goes out together
      const results = await Promise.allSettled(batch.map((email) => deliver(transport, email)));
      const broken = results.find((result) => result.status === 'rejected');
      if (broken) throw broken.reason;
      handled += batch.length;
      if (batch.length < MAIL_BATCH_SIZE) break;
    }
    return handled;
  }

  function enqueuePass(reclaim: boolean): Promise<number> {
    const next = passes.then(() => pass(reclaim));
    passes = next.catch(() => undefined);
    return next;
  }

  function schedule(delayMs: number) {
    if (stopped || timer) return;
    timer = setTimeout(poll, delayMs);
    // the worker alone never keeps the process alive
    timer.unref();
  }

  function poll() {
    timer = undefined;
    enqueuePass(Date.now() - lastReclaimAt >= RECLAIM_EVERY_MS)
      .catch((error: unknown) => log('mail: the outbox could not be processed', error))
      .finally(() => schedule(MAIL_POLL_MS));
  }

  if (smtpUrl) {
    // the host only: the URL may carry a password
    const { host, protocol } = new URL(smtpUrl);
    log(`mail: sending through ${protocol}//${host} as ${from}`);
  } else {
    log('mail: SMTP_URL is not set; email is kept in the outbox (/admin/outbox), not sent');
  }
  // the first look comes one interval after start, not during the busy moment of booting
  schedule(MAIL_POLL_MS);

  return {
    kick() {
      if (stopped) return;
      clearTimeout(timer);
      timer = undefined;
      schedule(0);
    },
    runOnce: () => enqueuePass(true),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await passes;
      transport?.close();
    },
  };
}

function describeError(error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim().slice(0, 1000) || 'unknown error';
}
