import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { enqueueNotificationEmail } from '../../app/mail/outbox.server';
import { renderEmail } from '../../app/mail/render.server';
import { getStorage } from '../../app/storage/storage.server';
import { buildCohortWithPeople, buildMicroCredential } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import {
  PASSWORD,
  smtp,
  server,
  uploadDir,
  organizationId,
  newTeacher,
  signedIn,
  emailsTo,
  auditOf,
} from './account-world';

describe('email preferences and unsubscribing', () => {
  async function notifyTeacher(
    teacher: { id: string; email: string },
    kind = 'assessment-reminder',
  ) {
    const content = renderEmail({
      heading: 'Your pre-assessment is waiting',
      paragraphs: ['It takes about 20 minutes.'],
      action: { label: 'Continue', url: `${server.url}/` },
    });
    return enqueueNotificationEmail(server.db, {
      organizationId,
      kind,
      to: teacher.email,
      subject: `Reminder ${teacher.id}`,
      text: content.text,
      html: content.html,
      recipientId: teacher.id,
      appOrigin: server.url,
    });
  }

  it('puts a one-click unsubscribe link in the body and the headers of a notification email', async () => {
    const teacher = await newTeacher();
    const queued = await notifyTeacher(teacher);
    expect(queued).not.toBeNull();
    const [email] = await emailsTo(teacher.email);
    expect(email!.unsubscribe_url).toMatch(
      new RegExp(`^${server.url}/unsubscribe/${teacher.id}\\.reminders\\.`),
    );
    expect(email!.text_body).toContain(`Unsubscribe from these emails: ${email!.unsubscribe_url}`);
    expect(email!.html_body).toContain(`href="${email!.unsubscribe_url}"`);
    expect(email!.html_body).toContain('Unsubscribe from these emails</a>');

    server.mail.kick();
    const message = await smtp.waitForMessage(
      (candidate) => candidate.subject === `Reminder ${teacher.id}`,
    );
    expect(message.headers['list-unsubscribe']).toBe(`<${email!.unsubscribe_url}>`);
    expect(message.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  });

  it('leaves transactional mail without an unsubscribe link', async () => {
    const teacher = await newTeacher();
    await new HttpClient(server.url).post('/forgot-password', { email: teacher.email });
    const [email] = await emailsTo(teacher.email);
    expect(email).toMatchObject({ kind: 'password-reset', unsubscribe_url: null });
    expect(email!.text_body).not.toContain('Unsubscribe');
  });

  it('unsubscribes in one POST without a session, cookie or same-site origin, and twice is the same', async () => {
    const teacher = await newTeacher();
    await notifyTeacher(teacher);
    const [email] = await emailsTo(teacher.email);
    const link = new URL(email!.unsubscribe_url!);

    // a GET only asks
    const page = await new HttpClient(server.url).get(link.pathname);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Stop “Reminders” emails?');
    const prefsAfterGet = await server.db
      .selectFrom('email_preference')
      .select('reminders')
      .where('user_id', '=', teacher.id)
      .executeTakeFirstOrThrow();
    expect(prefsAfterGet.reminders).toBe(true);

    // what a mail provider sends: the RFC 8058 body, no cookie, no Origin
    const oneClick = await fetch(email!.unsubscribe_url!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    expect(oneClick.status).toBe(200);
    await oneClick.text();
    // and again, from a webmail page on another site
    const twice = await new HttpClient(server.url).post(
      link.pathname,
      { 'List-Unsubscribe': 'One-Click' },
      { origin: 'https://mail.example.com' },
    );
    expect(twice.status).toBe(200);
    expect(await twice.text()).toContain('You are unsubscribed');
    expect(await auditOf(teacher.id, 'account.email_unsubscribed')).toHaveLength(1);

    // the kind is off: no more reminders, other kinds still come
    expect(await notifyTeacher(teacher)).toBeNull();
    expect(await notifyTeacher(teacher, 'submission.earned')).not.toBeNull();
    const kinds = (await emailsTo(teacher.email)).map((row) => row.kind);
    expect(kinds).toEqual(['assessment-reminder', 'submission.earned']);

    // and the account page shows it off
    const client = await signedIn(teacher.email);
    const prefs = await (await client.get('/me/account/notifications')).text();
    expect(prefs).toMatch(/id="pref-reminders-off"[^>]*checked/);
    expect(prefs).toMatch(/id="pref-scoring_results-on"[^>]*checked/);
  });

  it('refuses a tampered or malformed token and changes nothing', async () => {
    const teacher = await newTeacher();
    const other = await newTeacher();
    await notifyTeacher(teacher);
    await notifyTeacher(other);
    const [email] = await emailsTo(teacher.email);
    const token = email!.unsubscribe_url!.split('/unsubscribe/')[1]!;
    const [userId, category, signature] = token.split('.') as [string, string, string];
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const forged = [
      `${userId}.${category}.${flipped}`,
      `${other.id}.${category}.${signature}`,
      `${userId}.digests.${signature}`,
      `${userId}.nonsense.${signature}`,
      'not-a-token',
      '%00',
      'x'.repeat(3000),
    ];
    for (const bad of forged) {
      const get = await new HttpClient(server.url).get(`/unsubscribe/${bad}`);
      expect(get.status, bad).toBe(404);
      const post = await new HttpClient(server.url).post(`/unsubscribe/${bad}`, {});
      expect(post.status, bad).toBe(404);
      expect(await post.text()).toContain('This unsubscribe link is not valid');
    }
    const rows = await server.db
      .selectFrom('email_preference')
      .selectAll()
      .where('user_id', 'in', [teacher.id, other.id])
      .execute();
    for (const row of rows) {
      expect(row).toMatchObject({ reminders: true, digests: true });
    }
  });

  it('saves the choices from the account page and audits what changed', async () => {
    const teacher = await newTeacher();
    const client = await signedIn(teacher.email);
    const saved = await client.post('/me/account/notifications', {
      intent: 'save',
      reminders: 'on',
      scoring_results: 'on',
      critique_requests: 'off',
      digests: 'off',
      cohort_updates: 'off',
    });
    expect(saved.status).toBe(302);
    const row = await server.db
      .selectFrom('email_preference')
      .selectAll()
      .where('user_id', '=', teacher.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      reminders: true,
      scoring_results: true,
      critique_requests: false,
      digests: false,
      cohort_updates: false,
    });
    const [entry] = await auditOf(teacher.id, 'account.email_preferences_changed');
    expect(entry!.after).toEqual({
      critique_requests: false,
      digests: false,
      cohort_updates: false,
    });
    expect(await notifyTeacher(teacher, 'critique.requested')).toBeNull();
    const bad = await client.post('/me/account/notifications', {
      intent: 'save',
      reminders: 'yes please',
    });
    expect(bad.status).toBe(400);
    expect((await auditOf(teacher.id, 'account.email_preferences_changed')).length).toBe(1);
  });
});

describe('downloading my data', () => {
  it('streams a zip with the profile, hours, credentials and evidence with its files', async () => {
    const world = await buildCohortWithPeople(server.db, {
      participants: 1,
      passwordHash: await hashPassword(PASSWORD),
    });
    const participant = world.participants[0]!;
    const member = await server.db
      .selectFrom('cohort_member')
      .select('id')
      .where('user_id', '=', participant.id)
      .executeTakeFirstOrThrow();
    const credential = await buildMicroCredential(server.db, { programId: world.program.id });
    const submission = await server.db
      .insertInto('submission')
      .values({
        member_id: member.id,
        micro_credential_id: credential.id,
        body: 'My classroom evidence',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const staged = await getStorage({ UPLOAD_DIR: uploadDir, DATA_DIR: '.data-unused' }).stage();
    await staged.write(new TextEncoder().encode('lesson plan bytes'));
    const key = await staged.commit();
    await server.db
      .insertInto('evidence_item')
      .values({
        submission_id: submission.id,
        kind: 'file',
        label: 'Lesson plan',
        storage_key: key,
        file_name: '../lesson plan.pdf',
        content_type: 'application/pdf',
        byte_size: 17,
      })
      .execute();
    await server.db
      .insertInto('hours_entry')
      .values({
        organization_id: world.organization.id,
        user_id: participant.id,
        cohort_id: world.cohort.id,
        source: 'adjustment',
        hours: 2,
        reason: 'Extra workshop',
      })
      .execute();

    const client = await signedIn(participant.email);
    const response = await client.get('/me/account/data.zip');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="cadre-my-data-/,
    );
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'README.txt',
        'profile.json',
        'assessment-answers.json',
        'action-plans.json',
        'evidence.json',
        'hours.json',
        'credentials.json',
      ]),
    );
    const profile = JSON.parse(strFromU8(files['profile.json']!));
    expect(profile).toMatchObject({ email: participant.email, name: participant.name });
    expect(profile.cohorts).toHaveLength(1);
    const hours = JSON.parse(strFromU8(files['hours.json']!));
    expect(hours).toEqual([expect.objectContaining({ reason: 'Extra workshop' })]);
    const evidence = JSON.parse(strFromU8(files['evidence.json']!));
    expect(evidence[0]).toMatchObject({ body: 'My classroom evidence' });
    const filePath = evidence[0].items[0].path as string;
    expect(filePath).toMatch(/^evidence\/[^/]+\/[^/]+$/);
    expect(filePath).not.toContain('..');
    expect(JSON.stringify(evidence)).not.toContain(key);
    expect(strFromU8(files[filePath]!)).toBe('lesson plan bytes');
    expect(await auditOf(participant.id, 'account.data_exported')).toHaveLength(1);
  });
});
