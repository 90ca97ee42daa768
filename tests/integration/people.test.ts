import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEACTIVATED_SIGN_IN_MESSAGE } from '../../app/auth/login.server';
import { hashPassword } from '../../app/auth/password.server';
import { PEOPLE_PAGE_SIZE } from '../../app/people/directory.server';
import { buildCohortWithPeople, buildMember, buildUser } from '../../db/builders';
import { DEMO_PASSWORD, demoAccounts, seedDemoData } from '../../db/seed';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { connect, createSocket } from '../setup/sockets';

const PASSWORD = 'people pages password 2026';

let server: TestServer;
let world: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let passwordHash: string;

beforeAll(async () => {
  server = await startTestServer();
  // the demo organization seeds only into an empty database
  await seedDemoData(server.db, { origin: server.url });
  passwordHash = await hashPassword(PASSWORD);
  world = await buildCohortWithPeople(server.db, { participants: 3, passwordHash });
});

afterAll(async () => {
  await server?.close();
});

async function signedIn(email: string, password = PASSWORD) {
  const client = new HttpClient(server.url);
  const response = await client.signIn(email, password);
  expect(response.status, `sign-in of ${email}`).toBe(302);
  return client;
}

const adminClient = () => signedIn(world.admin.email);

async function newPerson(input: { name?: string; email?: string; stateEducatorId?: string } = {}) {
  return buildUser(server.db, { organizationId: world.organization.id, passwordHash, ...input });
}

function personRow(userId: string) {
  return server.db
    .selectFrom('app_user')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

function auditOf(userId: string, action: string) {
  return server.db
    .selectFrom('audit_log')
    .select(['actor_id', 'before', 'after'])
    .where('target_id', '=', userId)
    .where('action', '=', action)
    .execute();
}

/** the message of the toast a redirect carries */
function toastOf(response: Response) {
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('cadre_toast='));
  const value = decodeURIComponent(cookie?.split(';')[0]?.slice('cadre_toast='.length) ?? '');
  if (!value) return '';
  const toast = JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as {
    message: string;
  };
  return toast.message;
}

describe('who may open the people pages', () => {
  it('sends a visitor to sign in and refuses everyone but org admins', async () => {
    const person = await newPerson();
    const anonymous = await new HttpClient(server.url).get('/admin/people');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toMatch(/^\/login/);

    for (const email of [
      world.facilitator.email,
      world.coach.email,
      world.participants[0]!.email,
    ]) {
      const client = await signedIn(email);
      for (const path of [
        '/admin/people',
        `/admin/people/${person.id}`,
        '/admin/people/invite',
        '/admin/people/import',
      ]) {
        expect((await client.get(path)).status, `${email} GET ${path}`).toBe(403);
      }
      const post = await client.post(`/admin/people/${person.id}`, { intent: 'deactivate' });
      expect(post.status).toBe(403);
      const invite = await client.post('/admin/people/invite', {
        name: 'Sneaky',
        email: 'sneaky@school.test',
      });
      expect(invite.status).toBe(403);
    }
    expect((await personRow(person.id)).deactivated_at).toBeNull();
  });

  it('hides another organization’s people from its admin: 404, nothing changed', async () => {
    const person = await newPerson();
    const demoAdmin = await signedIn(demoAccounts.admin, DEMO_PASSWORD);
    expect((await demoAdmin.get(`/admin/people/${person.id}`)).status).toBe(404);
    for (const intent of ['deactivate', 'send-reset', 'reactivate']) {
      expect((await demoAdmin.post(`/admin/people/${person.id}`, { intent })).status).toBe(404);
    }
    const del = await demoAdmin.post(`/admin/people/${person.id}`, {
      intent: 'delete',
      confirmation: person.email,
    });
    expect(del.status).toBe(404);
    const row = await personRow(person.id);
    expect(row.deactivated_at).toBeNull();
    expect(row.deleted_at).toBeNull();
    // and the directory lists only their own people
    const page = await (
      await demoAdmin.get(`/admin/people?q=${encodeURIComponent(person.email)}`)
    ).text();
    expect(page).toContain('Nobody matches these filters.');
    expect((await demoAdmin.get('/admin/people/not-a-uuid')).status).toBe(404);
  });
});

describe('the directory', () => {
  it('searches, filters and pages on the server', async () => {
    const tag = `dir${Date.now()}`;
    for (let index = 0; index < PEOPLE_PAGE_SIZE + 5; index += 1) {
      await newPerson({
        name: `${tag} Person ${String(index).padStart(2, '0')}`,
        email: `${tag}-${index}@school.test`,
        stateEducatorId: index % 2 === 0 ? '1234567' : undefined,
      });
    }
    const admin = await adminClient();
    const first = await (await admin.get(`/admin/people?q=${tag}`)).text();
    expect(first).toContain(`1–${PEOPLE_PAGE_SIZE} of ${PEOPLE_PAGE_SIZE + 5} people`);
    expect(first.match(/href="\/admin\/people\/[0-9a-f-]{36}"/g)).toHaveLength(PEOPLE_PAGE_SIZE);
    expect(first).toContain('Next page');
    const second = await (await admin.get(`/admin/people?q=${tag}&page=2`)).text();
    expect(second.match(/href="\/admin\/people\/[0-9a-f-]{36}"/g)).toHaveLength(5);
    expect(second).toContain(`${tag} Person 29`);

    const byEmail = await (await admin.get(`/admin/people?q=${tag}-7%40school`)).text();
    expect(byEmail).toContain(`${tag} Person 07`);
    expect(byEmail).toContain('1 person');

    const missing = await (await admin.get(`/admin/people?q=${tag}&educatorId=missing`)).text();
    expect(missing).toContain('1–15 of 15 people');

    const nobody = await (await admin.get(`/admin/people?q=${tag}&membership=member`)).text();
    expect(nobody).toContain('Nobody matches these filters.');

    // a role and a cohort find the cohort's people
    const coaches = await (await admin.get(`/admin/people?role=coach`)).text();
    expect(coaches).toContain(world.coach.name);
    expect(coaches).not.toContain(world.participants[0]!.name);
    const inCohort = await (
      await admin.get(
        `/admin/people?cohort=${encodeURIComponent(world.cohort.name)}&role=participant`,
      )
    ).text();
    expect(inCohort).toContain(world.participants[0]!.name);
    expect(inCohort).not.toContain(world.facilitator.name);

    // nonsense in the URL is read as "all", never a 500
    const odd = await admin.get('/admin/people?page=-4&status=%00&role=king&membership=1');
    expect(odd.status).toBe(200);
  });
});

describe('a person’s record', () => {
  it('saves membership, educator id and marks, each audited', async () => {
    const person = await newPerson();
    const admin = await adminClient();
    const saved = await admin.post(`/admin/people/${person.id}`, {
      intent: 'membership',
      memberSince: '2026-09-01',
      memberUntil: '2027-08-31',
    });
    expect(saved.status).toBe(302);
    const id = await admin.post(`/admin/people/${person.id}`, {
      intent: 'educator-id',
      stateEducatorId: '765-4321',
    });
    expect(id.status).toBe(302);
    const marks = await admin.post(`/admin/people/${person.id}`, {
      intent: 'marks',
      mayCoach: 'on',
      isParaprofessional: 'on',
    });
    expect(marks.status).toBe(302);
    const row = await personRow(person.id);
    expect(row.state_educator_id).toBe('7654321');
    expect(row.may_coach).toBe(true);
    expect(row.may_author).toBe(false);
    expect(row.is_paraprofessional).toBe(true);
    expect(new Date(row.member_since!).toISOString().slice(0, 10)).toBe('2026-09-01');
    expect(await auditOf(person.id, 'person.membership_changed')).toEqual([
      expect.objectContaining({
        actor_id: world.admin.id,
        after: { memberSince: '2026-09-01', memberUntil: '2027-08-31' },
      }),
    ]);
    expect(await auditOf(person.id, 'person.educator_id_changed')).toHaveLength(1);
    expect(await auditOf(person.id, 'person.marks_changed')).toHaveLength(1);

    const page = await (await admin.get(`/admin/people/${person.id}`)).text();
    expect(page).toContain('value="7654321"');
  });

  it('refuses a last day before the first, an until without a since and a bad PPID, changing nothing', async () => {
    const person = await newPerson();
    const admin = await adminClient();
    const backwards = await admin.post(`/admin/people/${person.id}`, {
      intent: 'membership',
      memberSince: '2027-09-01',
      memberUntil: '2027-08-31',
    });
    expect(backwards.status).toBe(400);
    expect(await backwards.text()).toContain('cannot come before its first day');
    const untilOnly = await admin.post(`/admin/people/${person.id}`, {
      intent: 'membership',
      memberUntil: '2027-08-31',
    });
    expect(untilOnly.status).toBe(400);
    const notADay = await admin.post(`/admin/people/${person.id}`, {
      intent: 'membership',
      memberSince: '2027-02-30',
    });
    expect(notADay.status).toBe(400);
    const badId = await admin.post(`/admin/people/${person.id}`, {
      intent: 'educator-id',
      stateEducatorId: '12345AB',
    });
    expect(badId.status).toBe(400);
    expect(await badId.text()).toContain('A PPID has digits only');
    const unknown = await admin.post(`/admin/people/${person.id}`, { intent: 'promote' });
    expect(unknown.status).toBe(400);
    const row = await personRow(person.id);
    expect(row.member_since).toBeNull();
    expect(row.member_until).toBeNull();
    expect(row.state_educator_id).toBeNull();
    expect(await auditOf(person.id, 'person.membership_changed')).toHaveLength(0);
  });

  it('sends a reset link through the outbox, audited', async () => {
    const person = await newPerson();
    const admin = await adminClient();
    const response = await admin.post(`/admin/people/${person.id}`, { intent: 'send-reset' });
    expect(response.status).toBe(302);
    const emails = await server.db
      .selectFrom('outbound_email')
      .select(['kind', 'text_body'])
      .where('to_address', '=', person.email)
      .execute();
    expect(emails).toEqual([
      expect.objectContaining({
        kind: 'password-reset',
        text_body: expect.stringContaining('/reset-password/'),
      }),
    ]);
    expect(await auditOf(person.id, 'person.reset_link_sent')).toHaveLength(1);
  });
});

describe('deactivating and reactivating', () => {
  it('ends every sign-in and socket at once, refuses sign-in clearly, and gives the seat to the waitlist', async () => {
    const person = await newPerson({ name: 'Dana Deactivated' });
    const waiting = await newPerson({ name: 'Walt Waiting' });
    await buildMember(server.db, {
      cohortId: world.cohort.id,
      userId: person.id,
      role: 'participant',
    });
    const participants = world.participants.length + 1;
    await server.db
      .updateTable('cohort')
      .set({ capacity: participants })
      .where('id', '=', world.cohort.id)
      .execute();
    await server.db
      .insertInto('cohort_member')
      .values({
        cohort_id: world.cohort.id,
        user_id: waiting.id,
        role: 'participant',
        status: 'waitlisted',
        waitlisted_at: new Date(),
      })
      .execute();

    // signed in twice, with a live socket on one of them
    const laptop = await signedIn(person.email);
    const phone = await signedIn(person.email);
    const socket = createSocket(server.url, { cookie: laptop.cookieHeader, origin: server.url });
    await connect(socket);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const admin = await adminClient();
    const before = await admin.get(`/admin/people/${person.id}?confirm=deactivate`);
    expect(await before.text()).toContain('Deactivate Dana Deactivated?');
    const response = await admin.post(`/admin/people/${person.id}`, { intent: 'deactivate' });
    expect(response.status).toBe(302);
    expect(toastOf(response)).toContain('released to the waitlist');

    expect(await disconnected).toBe('io server disconnect');
    socket.close();
    const sessions = await server.db
      .selectFrom('auth_session')
      .select('id')
      .where('user_id', '=', person.id)
      .execute();
    expect(sessions).toEqual([]);
    for (const client of [laptop, phone]) {
      const page = await client.get(`/cohorts/${world.cohort.id}`);
      expect(page.status).toBe(302);
      expect(page.headers.get('location')).toMatch(/^\/login/);
    }
    // a new socket with the old cookie is refused
    const again = createSocket(server.url, { cookie: laptop.cookieHeader, origin: server.url });
    await expect(connect(again)).rejects.toThrow('unauthorized');
    again.close();

    const refused = await new HttpClient(server.url).signIn(person.email, PASSWORD);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(DEACTIVATED_SIGN_IN_MESSAGE.slice(0, 50));
    // the wrong password still says only that the pair does not match
    const wrong = await new HttpClient(server.url).signIn(person.email, 'not the password at all');
    expect(wrong.status).toBe(401);

    const memberships = await server.db
      .selectFrom('cohort_member')
      .select(['user_id', 'status'])
      .where('cohort_id', '=', world.cohort.id)
      .where('user_id', 'in', [person.id, waiting.id])
      .execute();
    expect(memberships).toEqual(
      expect.arrayContaining([
        { user_id: person.id, status: 'withdrawn' },
        { user_id: waiting.id, status: 'active' },
      ]),
    );
    const seatEmail = await server.db
      .selectFrom('outbound_email')
      .select('kind')
      .where('to_address', '=', waiting.email)
      .execute();
    expect(seatEmail).toEqual([{ kind: 'waitlist-promoted' }]);
    expect(await auditOf(person.id, 'person.deactivated')).toHaveLength(1);

    // no reset link reaches a deactivated person, from anyone
    const reset = await admin.post(`/admin/people/${person.id}`, { intent: 'send-reset' });
    expect(toastOf(reset)).toContain('reactivate them');
    await new HttpClient(server.url).post('/forgot-password', { email: person.email });
    const resets = await server.db
      .selectFrom('password_reset')
      .select('id')
      .where('user_id', '=', person.id)
      .execute();
    expect(resets).toEqual([]);

    const list = await (await admin.get('/admin/people?status=deactivated')).text();
    expect(list).toContain('Dana Deactivated');

    const reactivated = await admin.post(`/admin/people/${person.id}`, { intent: 'reactivate' });
    expect(reactivated.status).toBe(302);
    await signedIn(person.email);
    expect(await auditOf(person.id, 'person.reactivated')).toHaveLength(1);
    // the seat stays with the person who took it
    const after = await server.db
      .selectFrom('cohort_member')
      .select('status')
      .where('cohort_id', '=', world.cohort.id)
      .where('user_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('withdrawn');
  });

  it('refuses to deactivate or delete the admin’s own account', async () => {
    const admin = await adminClient();
    const response = await admin.post(`/admin/people/${world.admin.id}`, { intent: 'deactivate' });
    expect(toastOf(response)).toContain('cannot deactivate your own account');
    const del = await admin.post(`/admin/people/${world.admin.id}`, {
      intent: 'delete',
      confirmation: world.admin.email,
    });
    expect(toastOf(del)).toContain('cannot delete your own account');
    const row = await personRow(world.admin.id);
    expect(row.deactivated_at).toBeNull();
    expect(row.deleted_at).toBeNull();
  });
});

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
