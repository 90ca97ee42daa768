import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoAccounts } from '../../db/seed';
import { HttpClient } from '../setup/http-client';
import {
  server,
  world,
  signedIn,
  adminClient,
  newPerson,
  personRow,
  auditOf,
  toastOf,
} from './people-world';

describe('inviting people', () => {
  it('makes an account and emails a link that sets the password and signs them in', async () => {
    const admin = await adminClient();
    const email = `new-${Date.now()}@school.test`;
    const response = await admin.post('/admin/people/invite', {
      name: 'Nina Newcomer',
      email,
      stateEducatorId: '1112223',
      member: 'on',
    });
    expect(response.status).toBe(302);
    const person = await server.db
      .selectFrom('app_user')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({
      name: 'Nina Newcomer',
      password_hash: null,
      state_educator_id: '1112223',
      organization_id: world.organization.id,
    });
    expect(person.member_since).not.toBeNull();
    expect(await auditOf(person.id, 'person.invited')).toHaveLength(1);
    const [mail] = await server.db
      .selectFrom('outbound_email')
      .select(['kind', 'text_body'])
      .where('to_address', '=', email)
      .execute();
    expect(mail?.kind).toBe('account-invitation');
    const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail!.text_body)![1]!;
    const visitor = new HttpClient(server.url);
    const set = await visitor.post(`/reset-password/${token}`, {
      password: 'my very own password',
      confirmPassword: 'my very own password',
    });
    expect(set.status).toBe(302);
    await signedIn(email, 'my very own password');
  });

  it('refuses a bad address, a missing name, a bad PPID and an address already in use', async () => {
    const admin = await adminClient();
    const cases: [Record<string, string>, string][] = [
      [{ name: 'A', email: 'not-an-address' }, 'Enter an email address like'],
      [{ name: '', email: 'x@school.test' }, 'Enter the person’s name.'],
      [{ name: 'B', email: 'b@school.test', stateEducatorId: '123' }, 'this one has 3'],
      [
        { name: 'C', email: world.participants[1]!.email },
        'already has an account in your organization',
      ],
      [{ name: 'D', email: demoAccounts.coach }, 'already has a Cadre account'],
    ];
    for (const [fields, message] of cases) {
      const response = await admin.post('/admin/people/invite', fields);
      expect(response.status, message).toBe(400);
      expect(await response.text()).toContain(message);
    }
    const stray = await server.db
      .selectFrom('app_user')
      .select('id')
      .where('email', 'in', ['x@school.test', 'b@school.test'])
      .execute();
    expect(stray).toEqual([]);
  });
});

describe('importing people from CSV', () => {
  function upload(client: HttpClient, csv: string) {
    const form = new FormData();
    form.set('intent', 'preview');
    form.set('people', new File([csv], 'people.csv', { type: 'text/csv' }));
    return fetch(new URL('/admin/people/import', server.url), {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: client.cookieHeader, 'X-Forwarded-For': client.ip },
    });
  }

  it('previews every row’s fate without writing, then applies it', async () => {
    const admin = await adminClient();
    const existing = await newPerson({ name: 'Eve Existing' });
    const stamp = Date.now();
    const csv = [
      'name,email,educator id,member,role',
      `Ian Imported,ian-${stamp}@school.test,123-4567,yes,coach`,
      `Eve Existing,${existing.email},7654321,yes,author`,
      `Bad Id,bad-id-${stamp}@school.test,12AB,,`,
      `Bad Member,bad-member-${stamp}@school.test,,maybe,`,
      `Bad Role,bad-role-${stamp}@school.test,,,principal`,
      `,noname-${stamp}@school.test,,,`,
      `Bad Email,not-an-email,,,`,
      `Ian Again,IAN-${stamp}@school.test,,,`,
      `Elsewhere,${demoAccounts.facilitator},,,`,
    ].join('\n');
    const response = await upload(admin, csv);
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const text of [
      'New account',
      'Will set: educator id 7654321, may author, member from',
      'A PPID has digits only',
      'Member is “maybe”',
      'Role “principal” is not one Cadre knows',
      'No name: a new account needs one',
      'Not a valid email address',
      'Appears earlier on line 2',
      'already has a Cadre account elsewhere',
    ]) {
      expect(html, text).toContain(text);
    }
    const written = await server.db
      .selectFrom('app_user')
      .select('id')
      .where('email', 'like', `%-${stamp}@school.test`)
      .execute();
    expect(written).toEqual([]);
    expect((await personRow(existing.id)).state_educator_id).toBeNull();

    const payload = /name="payload" value="([^"]*)"/
      .exec(html)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    const confirm = await admin.post('/admin/people/import', { intent: 'confirm', payload });
    expect(confirm.status).toBe(302);
    expect(toastOf(confirm)).toContain('1 new account');
    const ian = await server.db
      .selectFrom('app_user')
      .selectAll()
      .where('email', '=', `ian-${stamp}@school.test`)
      .executeTakeFirstOrThrow();
    expect(ian).toMatchObject({
      name: 'Ian Imported',
      state_educator_id: '1234567',
      may_coach: true,
    });
    expect(ian.member_since).not.toBeNull();
    const eve = await personRow(existing.id);
    expect(eve).toMatchObject({ state_educator_id: '7654321', may_author: true });
    expect(eve.member_since).not.toBeNull();
    expect(await auditOf(existing.id, 'person.imported')).toHaveLength(1);
    const invalid = await server.db
      .selectFrom('app_user')
      .select('id')
      .where('email', 'like', `bad-%-${stamp}@school.test`)
      .execute();
    expect(invalid).toEqual([]);
  });

  it('refuses a file it cannot read, with one sentence saying what to fix', async () => {
    const admin = await adminClient();
    const cases: [string, string][] = [
      ['name,phone\nAnn,555', 'no email column'],
      ['email\n', 'header but no people'],
      ['name,email\n"Ann,ann@school.test', 'never closed'],
      ['name,email\nAnn,ann@school.test,extra,more', 'Line 2 has 4 values'],
    ];
    for (const [csv, message] of cases) {
      const response = await upload(admin, csv);
      expect(response.status, message).toBe(400);
      expect(await response.text()).toContain(message);
    }
    const stale = await admin.post('/admin/people/import', {
      intent: 'confirm',
      payload: '{not json',
    });
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('The preview expired');
  });
});

describe('deleting a person', () => {
  it('refuses without the typed email, then removes personal data and keeps hours and credentials', async () => {
    const demoAdmin = await signedIn(demoAccounts.admin, DEMO_PASSWORD);
    const earner = await server.db
      .selectFrom('app_user')
      .selectAll()
      .where('email', '=', demoAccounts.participant(1))
      .executeTakeFirstOrThrow();
    const ledgerBefore = await server.db
      .selectFrom('hours_entry')
      .select(['id', 'hours'])
      .where('user_id', '=', earner.id)
      .orderBy('id')
      .execute();
    const credentialsBefore = await server.db
      .selectFrom('credential')
      .select(['id', 'jwt'])
      .where('user_id', '=', earner.id)
      .orderBy('id')
      .execute();
    expect(ledgerBefore.length).toBeGreaterThan(0);
    expect(credentialsBefore.length).toBeGreaterThan(0);
    const earnerClient = await signedIn(earner.email, DEMO_PASSWORD);

    const wrong = await demoAdmin.post(`/admin/people/${earner.id}`, {
      intent: 'delete',
      confirmation: 'someone-else@demo.cadre.test',
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('not this person’s email address');
    expect((await personRow(earner.id)).deleted_at).toBeNull();

    const response = await demoAdmin.post(`/admin/people/${earner.id}`, {
      intent: 'delete',
      confirmation: earner.email.toUpperCase(),
    });
    expect(response.status).toBe(302);
    const row = await personRow(earner.id);
    const short = earner.id.replace(/-/g, '').slice(0, 4);
    expect(row).toMatchObject({
      name: `Former participant ${short}`,
      email: `deleted-${earner.id}@deleted.invalid`,
      password_hash: null,
      state_educator_id: earner.state_educator_id,
    });
    expect(row.deleted_at).not.toBeNull();
    expect(row.deactivated_at).not.toBeNull();

    expect(
      await server.db
        .selectFrom('hours_entry')
        .select(['id', 'hours'])
        .where('user_id', '=', earner.id)
        .orderBy('id')
        .execute(),
    ).toEqual(ledgerBefore);
    expect(
      await server.db
        .selectFrom('credential')
        .select(['id', 'jwt'])
        .where('user_id', '=', earner.id)
        .orderBy('id')
        .execute(),
    ).toEqual(credentialsBefore);
    for (const table of ['auth_session', 'password_reset', 'notification'] as const) {
      const rows = await server.db
        .selectFrom(table)
        .select('id')
        .where('user_id', '=', earner.id)
        .execute();
      expect(rows, table).toEqual([]);
    }
    const mail = await server.db
      .selectFrom('outbound_email')
      .select('id')
      .where('to_address', '=', earner.email)
      .execute();
    expect(mail).toEqual([]);
    const signedOut = await earnerClient.get('/');
    expect(signedOut.status).toBe(302);
    expect((await new HttpClient(server.url).signIn(earner.email, DEMO_PASSWORD)).status).toBe(401);

    // the kept records show under the placeholder; the directory lists the deletion only on request
    const page = await (await demoAdmin.get(`/admin/people/${earner.id}`)).text();
    expect(page).toContain(`Former participant ${short}`);
    expect(page).not.toContain(earner.email);
    expect(page).toContain('Personal data deleted');
    const list = await (await demoAdmin.get('/admin/people?q=Former')).text();
    expect(list).toContain('Nobody matches these filters.');
    const deleted = await (await demoAdmin.get('/admin/people?q=Former&status=deleted')).text();
    expect(deleted).toContain(`Former participant ${short}`);
    const [audit] = await auditOf(earner.id, 'person.deleted');
    expect(JSON.stringify(audit)).not.toContain(earner.name);
  });
});

describe('membership in the hours export', () => {
  it('says member or non-member on each row, as of the credit date', async () => {
    const demoAdmin = await signedIn(demoAccounts.admin, DEMO_PASSWORD);
    const earner = await server.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', demoAccounts.participant(2))
      .executeTakeFirstOrThrow();
    await server.db
      .updateTable('app_user')
      .set({ member_since: '2000-01-01' })
      .where('id', '=', earner.id)
      .execute();
    // everyone else in the demo organization is recorded as no member at all
    await server.db
      .updateTable('app_user')
      .set({ member_since: null, member_until: null })
      .where('id', '!=', earner.id)
      .where('organization_id', '=', (eb) =>
        eb.selectFrom('app_user').select('organization_id').where('id', '=', earner.id),
      )
      .execute();
    const csv = await (
      await demoAdmin.get('/admin/hours.csv?from=2000-01-01&to=2100-01-01')
    ).text();
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    const header = lines[0]!.split(',');
    const member = header.indexOf('member');
    expect(member).toBeGreaterThan(-1);
    const rows = lines.slice(1).filter(Boolean);
    expect(
      rows.some(
        (line) =>
          line.includes(demoAccounts.participant(2)) && line.split(',')[member] === 'member',
      ),
    ).toBe(true);
    expect(rows.some((line) => line.split(',')[member] === 'non-member')).toBe(true);
  });
});
