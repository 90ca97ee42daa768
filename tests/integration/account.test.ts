import { describe, expect, it } from 'vitest';
import { EMAIL_CHANGES_PER_USER } from '../../app/account/email-change.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { hashToken } from '../../app/cohorts/invitations.server';
import { HttpClient } from '../setup/http-client';
import { connect, createSocket } from '../setup/sockets';
import {
  PASSWORD,
  NEW_PASSWORD,
  server,
  newTeacher,
  signedIn,
  userRow,
  emailsTo,
  auditOf,
} from './account-world';

describe('the account pages', () => {
  it('send a visitor who is not signed in to the sign-in page', async () => {
    for (const page of ['/me/account', '/me/account/email', '/me/account/data.zip']) {
      const response = await new HttpClient(server.url).get(page);
      expect(response.status, page).toBe(302);
      expect(response.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
    }
  });

  it('are linked from the header and list every section', async () => {
    const teacher = await newTeacher();
    const client = await signedIn(teacher.email);
    const home = await (await client.get('/')).text();
    expect(home).toContain('href="/me/account"');
    const page = await client.get('/me/account');
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const label of [
      'Profile',
      'Email address',
      'Password',
      'Signed-in devices',
      'Email preferences',
      'Your data',
    ]) {
      expect(html).toContain(label);
    }
  });
});

describe('the profile', () => {
  it('changes the name and the PPID, dropping spaces and dashes, and audits it', async () => {
    const teacher = await newTeacher();
    const client = await signedIn(teacher.email);
    const saved = await client.post('/me/account?index', {
      name: '  Rosa Parks-Lee ',
      educatorId: '123-45 67',
    });
    expect(saved.status).toBe(302);
    expect(await userRow(teacher.id)).toMatchObject({
      name: 'Rosa Parks-Lee',
      state_educator_id: '1234567',
    });
    const [entry] = await auditOf(teacher.id, 'account.profile_changed');
    expect(entry).toMatchObject({
      actor_id: teacher.id,
      before: { name: teacher.name, educatorId: null },
      after: { name: 'Rosa Parks-Lee', educatorId: '1234567' },
    });
    // an empty PPID clears it
    expect(
      (await client.post('/me/account?index', { name: 'Rosa Parks-Lee', educatorId: '' })).status,
    ).toBe(302);
    expect((await userRow(teacher.id)).state_educator_id).toBeNull();
  });

  it('refuses a bad PPID or an empty name with a message and changes nothing', async () => {
    const teacher = await newTeacher();
    const client = await signedIn(teacher.email);
    const cases: [Record<string, string>, string][] = [
      [{ name: 'Rosa', educatorId: '123456' }, 'A PPID has 7 digits; this one has 6.'],
      [{ name: 'Rosa', educatorId: '12345678' }, 'A PPID has 7 digits; this one has 8.'],
      [{ name: 'Rosa', educatorId: 'PA1234567' }, 'A PPID has digits only, like 1234567.'],
      [{ name: '   ', educatorId: '1234567' }, 'Enter your name as colleagues know it.'],
      [{ name: 'x'.repeat(101), educatorId: '' }, 'Keep your name under 100 characters.'],
    ];
    for (const [fields, message] of cases) {
      const response = await client.post('/me/account?index', fields);
      expect(response.status, message).toBe(400);
      expect(await response.text()).toContain(message);
    }
    expect(await userRow(teacher.id)).toMatchObject({
      name: teacher.name,
      state_educator_id: null,
    });
    expect(await auditOf(teacher.id, 'account.profile_changed')).toHaveLength(0);
  });
});

describe('changing the password', () => {
  it('refuses a wrong current password or a mismatch and changes nothing', async () => {
    const teacher = await newTeacher();
    const client = await signedIn(teacher.email);
    const before = (await userRow(teacher.id)).password_hash;
    const wrong = await client.post('/me/account/password', {
      currentPassword: 'not my password',
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('That is not your current password.');
    expect(wrongHtml).not.toContain(NEW_PASSWORD);
    const mismatch = await client.post('/me/account/password', {
      currentPassword: PASSWORD,
      password: NEW_PASSWORD,
      confirmPassword: `${NEW_PASSWORD}!`,
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('The two passwords do not match.');
    const short = await client.post('/me/account/password', {
      currentPassword: PASSWORD,
      password: 'short',
      confirmPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('Use at least 10 characters');
    expect((await userRow(teacher.id)).password_hash).toBe(before);
    expect(await auditOf(teacher.id, 'account.password_changed')).toHaveLength(0);
  });

  it('changes it, ends every other sign-in and socket, keeps this one, and tells the person', async () => {
    const teacher = await newTeacher();
    const elsewhere = await signedIn(teacher.email);
    const socket = createSocket(server.url, {
      cookie: `${AUTH_COOKIE_NAME}=${elsewhere.cookie(AUTH_COOKIE_NAME)}`,
    });
    await connect(socket);
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    // a reset link asked for earlier must not undo the change
    await new HttpClient(server.url).post('/forgot-password', { email: teacher.email });

    const client = await signedIn(teacher.email);
    const done = await client.post('/me/account/password', {
      currentPassword: PASSWORD,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/me/account/password');
    await dropped;
    const stale = await elsewhere.get('/me/account');
    expect(stale.status).toBe(302);
    expect(stale.headers.get('location')).toMatch(/^\/login/);
    expect((await client.get('/me/account')).status).toBe(200);

    expect((await new HttpClient(server.url).signIn(teacher.email, PASSWORD)).status).toBe(401);
    expect((await new HttpClient(server.url).signIn(teacher.email, NEW_PASSWORD)).status).toBe(302);
    const unspentResets = await server.db
      .selectFrom('password_reset')
      .select('id')
      .where('user_id', '=', teacher.id)
      .where('used_at', 'is', null)
      .execute();
    expect(unspentResets).toHaveLength(0);
    const [entry] = await auditOf(teacher.id, 'account.password_changed');
    expect(entry).toMatchObject({ actor_id: teacher.id, after: { sessionsEnded: 1 } });
    expect(JSON.stringify(entry)).not.toContain(NEW_PASSWORD);
    const kinds = (await emailsTo(teacher.email)).map((email) => email.kind);
    expect(kinds).toContain('password-changed');
    socket.disconnect();
  });
});

/** the token of the newest confirmation link sent to `address` */
async function confirmationToken(address: string) {
  const emails = await emailsTo(address);
  const match = /\/me\/email\/([A-Za-z0-9_-]+)/.exec(emails.at(-1)?.text_body ?? '');
  expect(match, 'a confirmation link in the email').not.toBeNull();
  return match![1]!;
}

describe('changing the email address', () => {
  it('sends a link to the new address, tells the old one, and changes only when the link is used', async () => {
    const teacher = await newTeacher();
    const newEmail = `moved-${teacher.id.slice(0, 8)}@school.test`;
    const client = await signedIn(teacher.email);
    const asked = await client.post('/me/account/email', {
      newEmail: newEmail.toUpperCase(),
      currentPassword: PASSWORD,
    });
    expect(asked.status).toBe(302);
    expect((await userRow(teacher.id)).email).toBe(teacher.email);
    const pending = await (await client.get('/me/account/email')).text();
    expect(pending).toContain('Waiting for confirmation');

    const toOld = await emailsTo(teacher.email);
    expect(toOld.map((email) => email.kind)).toEqual(['email-change-requested']);
    expect(toOld[0]!.text_body).toContain(newEmail.toUpperCase());
    const token = await confirmationToken(newEmail.toUpperCase());
    const row = await server.db
      .selectFrom('email_change')
      .selectAll()
      .where('user_id', '=', teacher.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);

    // opening the link changes nothing; the button does, even from another browser
    const stranger = new HttpClient(server.url);
    const page = await stranger.get(`/me/email/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('Use this address');
    expect((await userRow(teacher.id)).email).toBe(teacher.email);
    const confirmed = await stranger.post(`/me/email/${token}`, {});
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get('location')).toBe('/login');
    expect((await userRow(teacher.id)).email).toBe(newEmail.toUpperCase());

    // the old address is told, the new one signs in
    expect((await emailsTo(teacher.email)).map((email) => email.kind)).toContain('email-changed');
    expect((await new HttpClient(server.url).signIn(newEmail, PASSWORD)).status).toBe(302);
    const [entry] = await auditOf(teacher.id, 'account.email_changed');
    expect(entry).toMatchObject({
      before: { email: teacher.email },
      after: { email: newEmail.toUpperCase() },
    });
    expect(await auditOf(teacher.id, 'account.email_change_requested')).toHaveLength(1);

    // the link works once
    const again = await stranger.post(`/me/email/${token}`, {});
    expect(again.status).toBe(410);
    const reopened = await stranger.get(`/me/email/${token}`);
    expect(reopened.status).toBe(410);
    expect(await reopened.text()).toContain('already been used');
  });

  it('refuses a wrong password, the same address and an address another account uses', async () => {
    const teacher = await newTeacher();
    const other = await newTeacher();
    const client = await signedIn(teacher.email);
    const cases: [Record<string, string>, string][] = [
      [
        { newEmail: 'fresh@school.test', currentPassword: 'wrong one' },
        'That is not your current password.',
      ],
      [
        { newEmail: teacher.email.toUpperCase(), currentPassword: PASSWORD },
        'That is already the address of your account.',
      ],
      [
        { newEmail: other.email.toUpperCase(), currentPassword: PASSWORD },
        'Another account uses that address.',
      ],
      [
        { newEmail: 'not an address', currentPassword: PASSWORD },
        'Enter an email address like name@school.org.',
      ],
    ];
    for (const [fields, message] of cases) {
      const response = await client.post('/me/account/email', fields);
      expect(response.status, message).toBe(400);
      expect(await response.text()).toContain(message);
    }
    const rows = await server.db
      .selectFrom('email_change')
      .select('id')
      .where('user_id', '=', teacher.id)
      .execute();
    expect(rows).toHaveLength(0);
    expect(await emailsTo(teacher.email)).toHaveLength(0);
  });

  it('refuses an expired link, a replaced link and an address taken since, changing nothing', async () => {
    const teacher = await newTeacher();
    const client = await signedIn(teacher.email);
    const first = `first-${teacher.id.slice(0, 8)}@school.test`;
    const second = `second-${teacher.id.slice(0, 8)}@school.test`;
    await client.post('/me/account/email', { newEmail: first, currentPassword: PASSWORD });
    const firstToken = await confirmationToken(first);
    await client.post('/me/account/email', { newEmail: second, currentPassword: PASSWORD });
    const secondToken = await confirmationToken(second);

    // only the newest request's link works
    const replaced = await new HttpClient(server.url).post(`/me/email/${firstToken}`, {});
    expect(replaced.status).toBe(410);

    await server.db
      .updateTable('email_change')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', hashToken(secondToken))
      .execute();
    const expiredPage = await new HttpClient(server.url).get(`/me/email/${secondToken}`);
    expect(expiredPage.status).toBe(410);
    expect(await expiredPage.text()).toContain('This confirmation link has expired');
    expect((await new HttpClient(server.url).post(`/me/email/${secondToken}`, {})).status).toBe(
      410,
    );
    expect((await userRow(teacher.id)).email).toBe(teacher.email);

    // someone signs up with the address between the request and the confirmation
    const third = `third-${teacher.id.slice(0, 8)}@school.test`;
    await client.post('/me/account/email', { newEmail: third, currentPassword: PASSWORD });
    const thirdToken = await confirmationToken(third);
    await newTeacher({ email: third.toUpperCase() });
    const taken = await new HttpClient(server.url).post(`/me/email/${thirdToken}`, {});
    expect(taken.status).toBe(410);
    expect(await taken.text()).toContain('That address now belongs to another account');
    expect((await userRow(teacher.id)).email).toBe(teacher.email);

    for (const bad of ['/me/email/not-a-token', '/me/email/%00', `/me/email/${'x'.repeat(3000)}`]) {
      const response = await new HttpClient(server.url).get(bad);
      expect(response.status, bad).toBeLessThan(500);
    }
  });

  it('stops asking after the per-person limit, with a message', async () => {
    const teacher = await newTeacher();
    const client = await signedIn(teacher.email);
    for (let attempt = 0; attempt < EMAIL_CHANGES_PER_USER.limit; attempt += 1) {
      const response = await client.post('/me/account/email', {
        newEmail: `try-${attempt}-${teacher.id.slice(0, 8)}@school.test`,
        currentPassword: PASSWORD,
      });
      expect(response.status).toBe(302);
    }
    const refused = await client.post('/me/account/email', {
      newEmail: `one-more-${teacher.id.slice(0, 8)}@school.test`,
      currentPassword: PASSWORD,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(
      'You asked for several address changes in a short time.',
    );
    expect(await emailsTo(`one-more-${teacher.id.slice(0, 8)}@school.test`)).toHaveLength(0);
  });
});

describe('signed-in devices', () => {
  const chrome =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

  it('lists them in plain words, marks this one, and signs out one or all the others', async () => {
    const teacher = await newTeacher();
    const phone = new HttpClient(server.url);
    expect(
      (
        await phone.post(
          '/login',
          { email: teacher.email, password: PASSWORD },
          { headers: { 'User-Agent': chrome } },
        )
      ).status,
    ).toBe(302);
    const laptop = await signedIn(teacher.email);
    const tablet = await signedIn(teacher.email);
    const client = await signedIn(teacher.email);
    const socket = createSocket(server.url, {
      cookie: `${AUTH_COOKIE_NAME}=${laptop.cookie(AUTH_COOKIE_NAME)}`,
    });
    await connect(socket);
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const [phoneId, , , clientId] = (
      await server.db
        .selectFrom('auth_session')
        .select('id')
        .where('user_id', '=', teacher.id)
        .orderBy('created_at')
        .execute()
    ).map((row) => row.id);
    const html = await (await client.get('/me/account/sessions')).text();
    expect(html).toContain('Chrome on Windows');
    expect(html).toContain('This device');
    expect(html.match(/Last used/g)).toHaveLength(4);

    // this sign-in cannot be ended here; someone else's is not reachable
    const own = await client.post('/me/account/sessions', {
      intent: 'sign-out-one',
      sessionId: clientId!,
    });
    expect(own.status).toBe(400);
    const stranger = await newTeacher();
    const strangerClient = await signedIn(stranger.email);
    const strangerSession = await server.db
      .selectFrom('auth_session')
      .select('id')
      .where('user_id', '=', stranger.id)
      .executeTakeFirstOrThrow();
    const foreign = await client.post('/me/account/sessions', {
      intent: 'sign-out-one',
      sessionId: strangerSession.id,
    });
    expect(foreign.status).toBe(302);
    expect((await strangerClient.get('/me/account')).status).toBe(200);

    const one = await client.post('/me/account/sessions', {
      intent: 'sign-out-one',
      sessionId: phoneId!,
    });
    expect(one.status).toBe(302);
    expect((await phone.get('/me/account')).status).toBe(302);
    expect((await tablet.get('/me/account')).status).toBe(200);

    const rest = await client.post('/me/account/sessions', { intent: 'sign-out-others' });
    expect(rest.status).toBe(302);
    await dropped;
    expect((await tablet.get('/me/account')).status).toBe(302);
    expect((await laptop.get('/me/account')).status).toBe(302);
    expect((await client.get('/me/account')).status).toBe(200);
    const entries = await auditOf(teacher.id, 'account.sessions_ended');
    expect(entries.map((entry) => entry.after)).toEqual([
      { sessionsEnded: 1, which: 'sign-out-one' },
      { sessionsEnded: 2, which: 'sign-out-others' },
    ]);
    socket.disconnect();
  });
});
