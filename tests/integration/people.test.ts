import { describe, expect, it } from 'vitest';
import { DEACTIVATED_SIGN_IN_MESSAGE } from '../../app/auth/login.server';
import { PEOPLE_PAGE_SIZE } from '../../app/people/directory.server';
import { buildMember } from '../../db/builders';
import { DEMO_PASSWORD, demoAccounts } from '../../db/seed';
import { HttpClient } from '../setup/http-client';
import { connect, createSocket } from '../setup/sockets';
import {
  PASSWORD,
  server,
  world,
  signedIn,
  adminClient,
  newPerson,
  personRow,
  auditOf,
  toastOf,
} from './people-world';

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
