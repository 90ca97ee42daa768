import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { enqueueEmail } from '../../app/mail/outbox.server';
import { renderEmail } from '../../app/mail/render.server';
import { MAIL_MAX_ATTEMPTS, startMailWorker } from '../../app/mail/worker.server';
import type { DB } from '../../db/db.server';
import { buildCohortWithPeople } from '../../db/builders';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'mail test password';
const FROM = 'Cadre Tests <cadre@tests.example>';

let smtp: FakeSmtp;
/** SMTP_URL points at the fake: mail is delivered */
let sending: TestServer;
/** no SMTP_URL, the embedded default: mail is stored */
let storing: TestServer;

beforeAll(async () => {
  smtp = await startFakeSmtp();
  [sending, storing] = await Promise.all([
    startTestServer({ SMTP_URL: smtp.url, MAIL_FROM: FROM }),
    startTestServer(),
  ]);
});

afterAll(async () => {
  await Promise.all([sending?.close(), storing?.close()]);
  await smtp?.close();
});

function uniqueSubject(label: string) {
  return `${label} ${randomUUID().slice(0, 8)}`;
}

async function emailRow(db: DB, id: string) {
  return db
    .selectFrom('outbound_email')
    .select(['status', 'attempts', 'last_error', 'next_attempt_at', 'sent_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function makeDue(db: DB, id: string) {
  await db
    .updateTable('outbound_email')
    .set({ next_attempt_at: sql<Date>`now() - interval '1 second'` })
    .where('id', '=', id)
    .execute();
}

describe('with SMTP_URL set', () => {
  it('delivers an enqueued email with its recipient, subject, text and HTML', async () => {
    const subject = uniqueSubject('Welcome to Cadre');
    const content = renderEmail({
      heading: 'Welcome <aboard>',
      paragraphs: ['Your cohort starts soon.'],
      action: { label: 'Open Cadre', url: 'https://cadre.test/' },
    });
    const { id } = await enqueueEmail(sending.db, {
      kind: 'welcome',
      to: 'new.person@school.test',
      subject,
      text: content.text,
      html: content.html,
    });
    sending.mail.kick();

    const message = await smtp.waitForMessage((candidate) => candidate.subject === subject);
    expect(message.to).toBe('new.person@school.test');
    expect(message.envelope.to).toEqual(['new.person@school.test']);
    expect(message.from).toBe('cadre@tests.example');
    expect(message.text).toContain('Welcome <aboard>');
    expect(message.text).toContain('Open Cadre: https://cadre.test/');
    expect(message.html).toContain('Welcome &lt;aboard&gt;');
    expect(message.messageId).toContain(id);

    // a pass queued behind the one that sent it: by then the row is marked
    await sending.mail.runOnce();
    const row = await emailRow(sending.db, id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
    expect(row.sent_at).not.toBeNull();
  });

  it('sends nothing for a change that rolled back', async () => {
    const subject = uniqueSubject('Rolled back');
    await expect(
      sending.db.transaction().execute(async (trx) => {
        await enqueueEmail(trx, { kind: 'test', to: 'a@school.test', subject, text: 'never' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await sending.mail.runOnce();

    const rows = await sending.db
      .selectFrom('outbound_email')
      .select('id')
      .where('subject', '=', subject)
      .execute();
    expect(rows).toEqual([]);
    expect(smtp.messages.some((message) => message.subject === subject)).toBe(false);
  });

  it('keeps a refused email queued with the error, backs off, and sends it once accepted', async () => {
    const subject = uniqueSubject('Refused at first');
    smtp.setRefusing(true);
    let id = '';
    try {
      ({ id } = await enqueueEmail(sending.db, {
        kind: 'test',
        to: 'busy@school.test',
        subject,
        text: 'Second time lucky.',
      }));
      await sending.mail.runOnce();
    } finally {
      smtp.setRefusing(false);
    }

    const refused = await emailRow(sending.db, id);
    expect(refused.status).toBe('queued');
    expect(refused.attempts).toBe(1);
    expect(refused.last_error).toMatch(/451|busy/);
    // 30 s × 2^1 after the first failure
    expect(new Date(refused.next_attempt_at).getTime()).toBeGreaterThan(Date.now() + 45_000);
    expect(smtp.messages.some((message) => message.subject === subject)).toBe(false);

    // not due yet: another pass leaves it alone
    expect(await sending.mail.runOnce()).toBe(0);
    expect((await emailRow(sending.db, id)).attempts).toBe(1);

    await makeDue(sending.db, id);
    await sending.mail.runOnce();
    await smtp.waitForMessage((message) => message.subject === subject);
    expect(await emailRow(sending.db, id)).toMatchObject({
      status: 'sent',
      attempts: 2,
      last_error: null,
    });
  });

  it('gives up as failed after the last attempt', async () => {
    const subject = uniqueSubject('Never accepted');
    const { id } = await enqueueEmail(sending.db, {
      kind: 'test',
      to: 'gone@school.test',
      subject,
      text: 'Nobody home.',
    });
    await sending.db
      .updateTable('outbound_email')
      .set({
        attempts: MAIL_MAX_ATTEMPTS - 1,
        next_attempt_at: sql<Date>`now() + interval '1 hour'`,
      })
      .where('id', '=', id)
      .execute();
    smtp.setRefusing(true);
    try {
      await makeDue(sending.db, id);
      await sending.mail.runOnce();
    } finally {
      smtp.setRefusing(false);
    }

    const row = await emailRow(sending.db, id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBe(MAIL_MAX_ATTEMPTS);
    expect(row.last_error).toMatch(/451|busy/);
    // failed means left alone
    await makeDue(sending.db, id);
    await sending.mail.runOnce();
    expect((await emailRow(sending.db, id)).status).toBe('failed');
  });

  it('reclaims an email left sending by a node that stopped', async () => {
    const subject = uniqueSubject('Stuck while sending');
    const { id } = await enqueueEmail(sending.db, {
      kind: 'test',
      to: 'patient@school.test',
      subject,
      text: 'Better late.',
    });
    // what a node leaves behind when it dies between claiming and marking
    await sending.db
      .updateTable('outbound_email')
      .set({
        status: 'sending',
        attempts: 1,
        next_attempt_at: sql<Date>`now() - interval '1 minute'`,
      })
      .where('id', '=', id)
      .execute();

    await sending.mail.runOnce();
    await smtp.waitForMessage((message) => message.subject === subject);
    expect(await emailRow(sending.db, id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('never sends one email twice when several workers run at once', async () => {
    const prefix = uniqueSubject('Race');
    const subjects = Array.from({ length: 25 }, (_, index) => `${prefix} #${index + 1}`);
    for (const subject of subjects) {
      await enqueueEmail(sending.db, { kind: 'test', to: 'race@school.test', subject, text: '.' });
    }

    const env = { SMTP_URL: smtp.url, MAIL_FROM: FROM };
    const others = [1, 2].map(() => startMailWorker({ db: sending.db, env, log: () => {} }));
    try {
      await Promise.all([...others, sending.mail].map((worker) => worker.runOnce()));
    } finally {
      await Promise.all(others.map((worker) => worker.stop()));
    }

    const received = smtp.messages
      .filter((message) => message.subject.startsWith(`${prefix} #`))
      .map((message) => message.subject);
    expect(received.sort()).toEqual([...subjects].sort());
    const rows = await sending.db
      .selectFrom('outbound_email')
      .select(['status', 'attempts'])
      .where('subject', 'like', `${prefix} #%`)
      .execute();
    expect(rows).toHaveLength(25);
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  });
});

describe('without SMTP_URL', () => {
  it('stores the email instead of sending it', async () => {
    const subject = uniqueSubject('Kept in the outbox');
    const { id } = await enqueueEmail(storing.db, {
      kind: 'test',
      to: 'someone@school.test',
      subject,
      text: 'Read me at /admin/outbox.',
    });
    await storing.mail.runOnce();

    expect(await emailRow(storing.db, id)).toMatchObject({
      status: 'stored',
      attempts: 0,
      last_error: null,
      sent_at: null,
    });
    expect(smtp.messages.some((message) => message.subject === subject)).toBe(false);
  });
});

describe('the outbox pages', () => {
  let mine: Awaited<ReturnType<typeof buildCohortWithPeople>>;
  let other: Awaited<ReturnType<typeof buildCohortWithPeople>>;
  let mineId: string;
  let otherId: string;

  beforeAll(async () => {
    const passwordHash = await hashPassword(PASSWORD);
    mine = await buildCohortWithPeople(storing.db, { participants: 1, passwordHash });
    other = await buildCohortWithPeople(storing.db, { participants: 1, passwordHash });
    ({ id: mineId } = await enqueueEmail(storing.db, {
      organizationId: mine.organization.id,
      kind: 'invitation',
      to: 'invitee@school.test',
      subject: 'Invitation: <Spring> & friends',
      text: 'Hello,\n\nYou are invited.\n\nAccept: https://cadre.test/invitations/abc',
      html: '<p>You are invited.</p><script>window.htmlOnlyMarker = 1</script>',
    }));
    ({ id: otherId } = await enqueueEmail(storing.db, {
      organizationId: other.organization.id,
      kind: 'invitation',
      to: 'someone-else@school.test',
      subject: 'Another organization’s invitation',
      text: 'Not yours.',
    }));
    await storing.mail.runOnce();
  });

  async function signedIn(email: string) {
    const client = new HttpClient(storing.url);
    const response = await client.signIn(email, PASSWORD);
    expect(response.status).toBe(302);
    return client;
  }

  it('list the organization’s email for its admin, and only theirs', async () => {
    const admin = await signedIn(mine.admin.email);
    const response = await admin.get('/admin/outbox');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Invitation: &lt;Spring&gt; &amp; friends');
    expect(html).toContain('invitee@school.test');
    expect(html).toContain(`href="/admin/outbox/${mineId}"`);
    expect(html).toContain('Stored, not sent');
    expect(html).not.toContain('someone-else@school.test');
    // the header offers the page to admins
    expect(html).toMatch(/<a[^>]*href="\/admin\/outbox"[^>]*>Outbox<\/a>/);
  });

  it('show one email as text, never its HTML', async () => {
    const admin = await signedIn(mine.admin.email);
    const response = await admin.get(`/admin/outbox/${mineId}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<pre class="email-text">Hello,\n\nYou are invited\./);
    expect(html).toContain('invitee@school.test');
    expect(html).not.toContain('htmlOnlyMarker');
  });

  it('explain the empty outbox', async () => {
    const passwordHash = await hashPassword(PASSWORD);
    const empty = await buildCohortWithPeople(storing.db, { participants: 0, passwordHash });
    const admin = await signedIn(empty.admin.email);
    const html = await (await admin.get('/admin/outbox')).text();
    expect(html).toContain('Messages appear here when Cadre sends email');
    expect(html).toContain('href="/admin/integrations"');
    expect(html).not.toContain('SMTP_URL');
  });

  it('answer 403 to people who are not org admins', async () => {
    const participant = await signedIn(mine.participants[0]!.email);
    expect((await participant.get('/admin/outbox')).status).toBe(403);
    expect((await participant.get(`/admin/outbox/${mineId}`)).status).toBe(403);
    const facilitator = await signedIn(mine.facilitator.email);
    const home = await (await facilitator.get('/')).text();
    expect(home).not.toContain('href="/admin/outbox"');
  });

  it('send anonymous visitors to sign in first', async () => {
    const response = await new HttpClient(storing.url).get('/admin/outbox');
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!, storing.url);
    expect(location.pathname).toBe('/login');
    expect(location.searchParams.get('redirectTo')).toBe('/admin/outbox');
  });

  it('answer 404 for a malformed id, an unknown one and another organization’s email', async () => {
    const admin = await signedIn(mine.admin.email);
    expect((await admin.get(`/admin/outbox/not-a-uuid'--`)).status).toBe(404);
    expect((await admin.get(`/admin/outbox/${randomUUID()}`)).status).toBe(404);
    expect((await admin.get(`/admin/outbox/${otherId}`)).status).toBe(404);
  });
});
