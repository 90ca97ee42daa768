import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withdrawMember } from '../../app/cohorts/enrolment.server';
import {
  acceptInvitation,
  createInvitations,
  lookupInvitation,
  registerWithInvitation,
  resendInvitation,
  revokeInvitation,
} from '../../app/cohorts/invitations.server';
import { setJoinCode, updateCohort } from '../../app/cohorts/cohort-settings.server';
import { joinWithCode } from '../../app/cohorts/join-code.server';
import { verifyPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople, buildUser } from '../../db/builders';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { buildInvitation } from '../fixtures/invitations';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

async function statuses(cohortId: string) {
  const rows = await database.db
    .selectFrom('cohort_member')
    .select(['status', sql<string>`count(*)`.as('count')])
    .where('cohort_id', '=', cohortId)
    .where('role', '=', 'participant')
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

describe('capacity under load', () => {
  it('gives 3 free seats to exactly 3 of 50 people accepting at once, and waitlists the rest in order', async () => {
    const people = await buildCohortWithPeople(database.db, { participants: 17 });
    const invitees = await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        const user = await buildUser(database.db, {
          organizationId: people.organization.id,
          email: `rush-${index}@school.test`,
        });
        const invitation = await buildInvitation(database.db, {
          cohortId: people.cohort.id,
          email: user.email,
        });
        return { user, invitation };
      }),
    );

    const outcomes = await Promise.all(
      invitees.map(({ user, invitation }) =>
        acceptInvitation(database.db, { token: invitation.token, userId: user.id }),
      ),
    );

    expect(outcomes.every((outcome) => outcome.status === 'joined')).toBe(true);
    expect(await statuses(people.cohort.id)).toEqual({ active: 20, waitlisted: 47 });
    const joined = outcomes.filter((o) => o.status === 'joined' && o.memberStatus === 'active');
    expect(joined).toHaveLength(3);

    // waitlist places are distinct and ordered
    const waitlist = await database.db
      .selectFrom('cohort_member')
      .select('waitlisted_at')
      .where('cohort_id', '=', people.cohort.id)
      .where('status', '=', 'waitlisted')
      .orderBy('waitlisted_at')
      .execute();
    expect(waitlist).toHaveLength(47);
  });
});

describe('invitations', () => {
  it('work once: a second use of the same link is refused', async () => {
    const { cohort, organization } = await buildCohortWithPeople(database.db, { participants: 0 });
    const user = await buildUser(database.db, { organizationId: organization.id });
    const invitation = await buildInvitation(database.db, {
      cohortId: cohort.id,
      email: user.email,
    });

    expect(
      await acceptInvitation(database.db, { token: invitation.token, userId: user.id }),
    ).toMatchObject({
      status: 'joined',
      memberStatus: 'active',
    });
    expect(
      await acceptInvitation(database.db, { token: invitation.token, userId: user.id }),
    ).toEqual({
      status: 'used',
    });
    expect((await lookupInvitation(database.db, invitation.token)).status).toBe('used');
  });

  it('say when they have expired or were revoked, and change nothing', async () => {
    const { cohort, organization } = await buildCohortWithPeople(database.db, { participants: 0 });
    const user = await buildUser(database.db, { organizationId: organization.id });
    const expired = await buildInvitation(database.db, {
      cohortId: cohort.id,
      email: 'late@school.test',
      expiresAt: new Date(Date.now() - 1000),
    });
    const revoked = await buildInvitation(database.db, { cohortId: cohort.id, email: user.email });
    await revokeInvitation(database.db, {
      cohortId: cohort.id,
      invitationId: revoked.id,
      actorId: user.id,
    });

    expect((await lookupInvitation(database.db, expired.token)).status).toBe('expired');
    expect(await acceptInvitation(database.db, { token: expired.token, userId: user.id })).toEqual({
      status: 'expired',
    });
    expect(await acceptInvitation(database.db, { token: revoked.token, userId: user.id })).toEqual({
      status: 'revoked',
    });
    expect(await lookupInvitation(database.db, 'not-a-real-token-at-all-000')).toEqual({
      status: 'unknown',
    });
    expect(await statuses(cohort.id)).toEqual({});
  });

  it('get a fresh link when resent; the old link stops working', async () => {
    const { cohort, facilitator } = await buildCohortWithPeople(database.db, { participants: 0 });
    const invitation = await buildInvitation(database.db, {
      cohortId: cohort.id,
      email: 'again@school.test',
    });
    const result = await resendInvitation(database.db, {
      cohortId: cohort.id,
      invitationId: invitation.id,
      actorId: facilitator.id,
      appOrigin: 'https://cadre.example',
    });
    expect(result).toEqual({ status: 'resent', email: 'again@school.test' });
    expect((await lookupInvitation(database.db, invitation.token)).status).toBe('unknown');

    const mail = await database.db
      .selectFrom('outbound_email')
      .select(['to_address', 'subject', 'text_body'])
      .where('to_address', '=', 'again@school.test')
      .executeTakeFirstOrThrow();
    expect(mail.subject).toContain(cohort.name);
    const link = /https:\/\/cadre\.example\/invitations\/([A-Za-z0-9_-]+)/.exec(
      mail.text_body,
    )?.[1];
    expect(link).toBeTruthy();
    expect((await lookupInvitation(database.db, link!)).status).toBe('valid');
  });

  it('create an account for a newcomer and seat them, all or nothing', async () => {
    const { cohort } = await buildCohortWithPeople(database.db, { participants: 0 });
    const invitation = await buildInvitation(database.db, {
      cohortId: cohort.id,
      email: 'Newcomer@School.test',
      name: 'Nia Newcomer',
    });
    const result = await registerWithInvitation(database.db, {
      token: invitation.token,
      name: 'Nia Newcomer',
      password: 'a sentence for a password',
    });
    expect(result).toMatchObject({ status: 'joined', memberStatus: 'active' });
    const user = await database.db
      .selectFrom('app_user')
      .select(['email', 'password_hash'])
      .where('email', '=', 'Newcomer@School.test')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword('a sentence for a password', user.password_hash)).toBe(true);

    expect(
      await registerWithInvitation(database.db, {
        token: invitation.token,
        name: 'X',
        password: 'whatever123',
      }),
    ).toEqual({ status: 'used' });
  });

  it('queue one email per new invitation and skip addresses already invited', async () => {
    const { cohort, facilitator } = await buildCohortWithPeople(database.db, { participants: 0 });
    const entries = ['a@school.test', 'b@school.test'].map((email) => ({
      email,
      name: null,
      stateEducatorId: null,
    }));
    const first = await createInvitations(database.db, {
      cohortId: cohort.id,
      inviterId: facilitator.id,
      role: 'participant',
      entries,
      appOrigin: 'https://cadre.example',
    });
    const second = await createInvitations(database.db, {
      cohortId: cohort.id,
      inviterId: facilitator.id,
      role: 'participant',
      entries: [{ email: 'A@school.test', name: null, stateEducatorId: null }],
      appOrigin: 'https://cadre.example',
    });
    expect(first).toEqual({ status: 'sent', created: 2, skipped: 0 });
    expect(second).toEqual({ status: 'sent', created: 0, skipped: 1 });
    const mails = await database.db
      .selectFrom('outbound_email')
      .select('to_address')
      .where('kind', '=', 'invitation')
      .where('to_address', 'in', ['a@school.test', 'b@school.test', 'A@school.test'])
      .execute();
    expect(mails).toHaveLength(2);
  });
});

describe('the waitlist', () => {
  it('promotes the first waitlisted person when a participant withdraws, and tells them', async () => {
    const people = await buildCohortWithPeople(database.db, { participants: 0 });
    await database.db
      .updateTable('cohort')
      .set({ capacity: 2 })
      .where('id', '=', people.cohort.id)
      .execute();
    const joiners = [];
    for (const name of ['Ada First', 'Ben Second', 'Cy Third', 'Di Fourth']) {
      const user = await buildUser(database.db, { organizationId: people.organization.id, name });
      const invitation = await buildInvitation(database.db, {
        cohortId: people.cohort.id,
        email: user.email,
      });
      await acceptInvitation(database.db, { token: invitation.token, userId: user.id });
      joiners.push(user);
    }
    expect(await statuses(people.cohort.id)).toEqual({ active: 2, waitlisted: 2 });

    const ada = await database.db
      .selectFrom('cohort_member')
      .select('id')
      .where('user_id', '=', joiners[0]!.id)
      .executeTakeFirstOrThrow();
    const result = await withdrawMember(database.db, {
      cohortId: people.cohort.id,
      memberId: ada.id,
      actorId: people.facilitator.id,
      appOrigin: 'https://cadre.example',
    });
    expect(result).toMatchObject({ status: 'withdrawn', promoted: [{ name: 'Cy Third' }] });
    expect(await statuses(people.cohort.id)).toEqual({ active: 2, waitlisted: 1, withdrawn: 1 });

    const told = await database.db
      .selectFrom('outbound_email')
      .select(['subject'])
      .where('to_address', '=', joiners[2]!.email)
      .where('kind', '=', 'waitlist-promoted')
      .executeTakeFirst();
    expect(told?.subject).toContain('You have a seat');
  });

  it('refuses a capacity below the active participants, and seats the waitlist when capacity grows', async () => {
    const people = await buildCohortWithPeople(database.db, { participants: 3 });
    await database.db
      .updateTable('cohort')
      .set({ capacity: 3 })
      .where('id', '=', people.cohort.id)
      .execute();
    const late = await buildUser(database.db, { organizationId: people.organization.id });
    const invitation = await buildInvitation(database.db, {
      cohortId: people.cohort.id,
      email: late.email,
    });
    await acceptInvitation(database.db, { token: invitation.token, userId: late.id });

    const values = {
      programId: people.program.id,
      name: 'Renamed',
      capacity: 2,
      startsOn: '2027-01-11',
      endsOn: '2027-04-30',
      timezone: 'America/Chicago',
      coachId: people.coach.id,
    };
    const refused = await updateCohort(database.db, {
      cohortId: people.cohort.id,
      actor: people.facilitator,
      values,
      appOrigin: 'https://cadre.example',
    });
    expect(refused).toMatchObject({
      status: 'invalid',
      errors: { capacity: expect.stringContaining('3 participants') },
    });
    const unchanged = await database.db
      .selectFrom('cohort')
      .select(['name', 'capacity'])
      .where('id', '=', people.cohort.id)
      .executeTakeFirstOrThrow();
    expect(unchanged).toEqual({ name: people.cohort.name, capacity: 3 });

    const grown = await updateCohort(database.db, {
      cohortId: people.cohort.id,
      actor: people.facilitator,
      values: { ...values, capacity: 5 },
      appOrigin: 'https://cadre.example',
    });
    expect(grown).toEqual({ status: 'updated', promoted: 1 });
    expect(await statuses(people.cohort.id)).toEqual({ active: 4 });
  });
});

describe('join links', () => {
  it('seat people who have the code while seats last, then waitlist them', async () => {
    const people = await buildCohortWithPeople(database.db, { participants: 1 });
    await database.db
      .updateTable('cohort')
      .set({ capacity: 2 })
      .where('id', '=', people.cohort.id)
      .execute();
    const code = await setJoinCode(database.db, {
      cohortId: people.cohort.id,
      enabled: true,
      actor: people.facilitator,
    });
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);

    const first = await buildUser(database.db, { organizationId: people.organization.id });
    const second = await buildUser(database.db, { organizationId: people.organization.id });
    // codes are forgiving about case and spaces, as people type them
    expect(
      await joinWithCode(database.db, { code: ` ${code!.toLowerCase()} `, userId: first.id }),
    ).toMatchObject({
      status: 'joined',
      memberStatus: 'active',
    });
    expect(await joinWithCode(database.db, { code: code!, userId: second.id })).toMatchObject({
      status: 'joined',
      memberStatus: 'waitlisted',
    });
    // joining twice changes nothing
    expect(await joinWithCode(database.db, { code: code!, userId: first.id })).toMatchObject({
      memberStatus: 'active',
    });
    expect(await statuses(people.cohort.id)).toEqual({ active: 2, waitlisted: 1 });
  });

  it('stop working when turned off, and once the cohort is learning', async () => {
    const people = await buildCohortWithPeople(database.db, { participants: 1 });
    const latecomer = await buildUser(database.db, { organizationId: people.organization.id });
    const code = await setJoinCode(database.db, {
      cohortId: people.cohort.id,
      enabled: true,
      actor: people.facilitator,
    });
    await database.db
      .updateTable('cohort')
      .set({ status: 'learning' })
      .where('id', '=', people.cohort.id)
      .execute();
    expect(await joinWithCode(database.db, { code: code!, userId: latecomer.id })).toMatchObject({
      status: 'closed',
    });

    await database.db
      .updateTable('cohort')
      .set({ status: 'forming' })
      .where('id', '=', people.cohort.id)
      .execute();
    await setJoinCode(database.db, {
      cohortId: people.cohort.id,
      enabled: false,
      actor: people.facilitator,
    });
    expect(await joinWithCode(database.db, { code: code!, userId: latecomer.id })).toEqual({
      status: 'unknown',
    });
    expect(await statuses(people.cohort.id)).toEqual({ active: 1 });
  });
});
