/** What the mail catcher (tests/fakes/mail-catcher.ts) answers at GET /messages. */
export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  receivedAt: string;
}

const MAIL_CATCHER_URL = `http://127.0.0.1:${process.env.MAIL_CATCHER_HTTP_PORT ?? 4326}`;
const TIMEOUT_MS = 15_000;
const INTERVAL_MS = 200;

/**
 * The first email the app sent (through SMTP to the mail catcher) that matches. The catcher is
 * another process, so this asks it every 200 ms, for 15 s at most.
 */
export async function readMail(predicate: (mail: CaughtMail) => boolean): Promise<CaughtMail> {
  const deadline = Date.now() + TIMEOUT_MS;
  let seen: CaughtMail[] = [];
  for (;;) {
    const response = await fetch(`${MAIL_CATCHER_URL}/messages`);
    if (!response.ok) throw new Error(`the mail catcher answered ${response.status}`);
    seen = (await response.json()) as CaughtMail[];
    const match = seen.find(predicate);
    if (match) return match;
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
  const received = seen.map((mail) => `"${mail.subject}" to ${mail.to}`).join('; ');
  throw new Error(
    `no matching email reached the mail catcher within ${TIMEOUT_MS / 1000} s; ` +
      `it received: ${received || 'nothing'}`,
  );
}
