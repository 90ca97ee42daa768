import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import type { SearchPage } from '../../app/search/search';
import { buildCohort, buildMember, buildOrganization, buildUser } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

/** who may search whom through the pickers' resource routes, and what a coach field accepts */
const PASSWORD = 'pickers access password';

let server: TestServer;
let people: Record<
  | 'admin'
  | 'facilitator'
  | 'participant'
  | 'coach'
  | 'notCoach'
  | 'gone'
  | 'deleted'
  | 'otherCoach',
  { id: string; email: string; name: string }
>;
let cohortHere: { id: string };
let cohortThere: { id: string };
let programId: string;

beforeAll(async () => {
  server = await startTestServer();
  await server.mail.stop();
  await server.reminders.stop();
  const passwordHash = await hashPassword(PASSWORD);
  const here = await buildOrganization(server.db, { name: 'Here Association' });
  const there = await buildOrganization(server.db, { name: 'There Association' });
  const person = (organizationId: string, name: string, extra = {}) =>
    buildUser(server.db, { organizationId, name, passwordHash, ...extra });
  people = {
    admin: await person(here.id, 'Ada Admin', { isOrgAdmin: true }),
    facilitator: await person(here.id, 'Fran Facilitator'),
    participant: await person(here.id, 'Pat Participant'),
    coach: await person(here.id, 'Cora Coach', { mayCoach: true }),
    notCoach: await person(here.id, 'Cole Notcoach'),
    gone: await person(here.id, 'Cody Gone', { mayCoach: true }),
    deleted: await person(here.id, 'Cass Deleted', { mayCoach: true }),
    otherCoach: await person(there.id, 'Coby Elsewhere', { mayCoach: true }),
  };
  await server.db
    .updateTable('app_user')
    .set({ deactivated_at: new Date() })
    .where('id', '=', people.gone.id)
    .execute();
  await server.db
    .updateTable('app_user')
    .set({ deleted_at: new Date() })
    .where('id', '=', people.deleted.id)
    .execute();
  const program = await server.db
    .insertInto('program')
    .values({
      organization_id: here.id,
      title: 'P',
      hours_for_completing: 1,
      hours_for_attaining: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  programId = program.id;
  const programThere = await server.db
    .insertInto('program')
    .values({
      organization_id: there.id,
      title: 'Q',
      hours_for_completing: 1,
      hours_for_attaining: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  cohortHere = await buildCohort(server.db, {
    organizationId: here.id,
    programId: program.id,
    facilitatorId: people.facilitator.id,
    name: 'Spring Cohort',
  });
  await buildMember(server.db, {
    cohortId: cohortHere.id,
    userId: people.participant.id,
    role: 'participant',
  });
  const otherFacilitator = await person(there.id, 'Theo There');
  cohortThere = await buildCohort(server.db, {
    organizationId: there.id,
    programId: programThere.id,
    facilitatorId: otherFacilitator.id,
    name: 'Spring Elsewhere',
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

async function signedIn(who: keyof typeof people) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(people[who].email, PASSWORD)).status).toBe(302);
  return client;
}

async function json(client: HttpClient, path: string) {
  const response = await client.get(path);
  expect(response.headers.get('content-type')).toMatch(/application\/json/);
  return {
    status: response.status,
    body: (await response.json()) as SearchPage & { message?: string },
  };
}

const names = (page: SearchPage) => page.items.map((item) => item.label).sort();

describe('the people search', () => {
  it('answers 401 to someone signed out, in JSON', async () => {
    const anonymous = new HttpClient(server.url);
    expect((await json(anonymous, '/resources/people?role=coach')).status).toBe(401);
    expect((await json(anonymous, '/resources/cohorts?q=s')).status).toBe(401);
  });

  it('answers 400 to parameters no picker sends', async () => {
    const admin = await signedIn('admin');
    for (const path of [
      '/resources/people?role=boss',
      `/resources/people?q=${'a'.repeat(101)}`,
      '/resources/people?cohort=not-a-cohort',
      `/resources/cohorts?q=${'a'.repeat(101)}`,
    ]) {
      const answer = await json(admin, path);
      expect(answer.status, path).toBe(400);
      expect(answer.body.message, path).toBeTruthy();
    }
  });

  it('refuses a participant who staffs no cohort', async () => {
    const participant = await signedIn('participant');
    expect((await json(participant, '/resources/people?role=coach')).status).toBe(403);
    expect((await json(participant, '/resources/people?role=any')).status).toBe(403);
    expect(
      (await json(participant, `/resources/people?role=coach&cohort=${cohortHere.id}`)).status,
    ).toBe(403);
  });

  it('refuses a facilitator searching through another organization’s cohort', async () => {
    const facilitator = await signedIn('facilitator');
    const answer = await json(facilitator, `/resources/people?role=coach&cohort=${cohortThere.id}`);
    expect(answer.status).toBe(403);
  });

  it('offers a facilitator only the active coaches of their own organization', async () => {
    const facilitator = await signedIn('facilitator');
    for (const path of [
      '/resources/people?role=coach',
      `/resources/people?role=coach&cohort=${cohortHere.id}`,
      '/resources/people?role=coach&q=co',
    ]) {
      const answer = await json(facilitator, path);
      expect(answer.status, path).toBe(200);
      expect(names(answer.body), path).toEqual(['Cora Coach']);
    }
  });

  it('finds people by the start of any word of the name, or of the email', async () => {
    const admin = await signedIn('admin');
    expect(names((await json(admin, '/resources/people?role=any&q=notc')).body)).toEqual([
      'Cole Notcoach',
    ]);
    const byEmail = people.participant.email.slice(0, 12);
    expect(names((await json(admin, `/resources/people?q=${byEmail}`)).body)).toContain(
      'Pat Participant',
    );
    // LIKE's wildcards are taken literally
    expect((await json(admin, '/resources/people?q=%25')).body.items).toEqual([]);
    expect((await json(admin, '/resources/people?q=_')).body.items).toEqual([]);
  });

  it('offers as facilitators the org admins, the coaches and those who facilitate', async () => {
    const admin = await signedIn('admin');
    const answer = await json(admin, '/resources/people?role=facilitator');
    expect(names(answer.body)).toEqual(['Ada Admin', 'Cora Coach', 'Fran Facilitator']);
  });

  it('never offers deactivated, deleted or other organizations’ people', async () => {
    const admin = await signedIn('admin');
    const everyone = names((await json(admin, '/resources/people?role=any')).body);
    expect(everyone).not.toContain('Cody Gone');
    expect(everyone).not.toContain('Cass Deleted');
    expect(everyone).not.toContain('Coby Elsewhere');
    expect(everyone).toContain('Pat Participant');
  });
});

describe('the cohort search', () => {
  it('finds only the cohorts a participant belongs to', async () => {
    const participant = await signedIn('participant');
    const answer = await json(participant, '/resources/cohorts?q=spring');
    expect(answer.status).toBe(200);
    expect(names(answer.body)).toEqual(['Spring Cohort']);
  });

  it('finds every cohort of an org admin’s organization and none of another’s', async () => {
    const admin = await signedIn('admin');
    expect(names((await json(admin, '/resources/cohorts?q=spring')).body)).toEqual([
      'Spring Cohort',
    ]);
  });
});

describe('the coach field of a cohort’s settings', () => {
  function settingsForm(coachId: string) {
    return {
      intent: 'save',
      programId,
      name: 'Spring Cohort',
      capacity: '20',
      startsOn: '2027-01-11',
      endsOn: '2027-04-30',
      timezone: 'America/New_York',
      coachId,
    };
  }

  async function coachOf(cohortId: string) {
    const row = await server.db
      .selectFrom('cohort')
      .select('coach_id')
      .where('id', '=', cohortId)
      .executeTakeFirstOrThrow();
    return row.coach_id;
  }

  it('refuses anyone the coach picker would not offer, and changes nothing', async () => {
    const facilitator = await signedIn('facilitator');
    for (const who of ['notCoach', 'gone', 'deleted', 'otherCoach', 'participant'] as const) {
      const response = await facilitator.post(
        `/cohorts/${cohortHere.id}/settings`,
        settingsForm(people[who].id),
      );
      expect(response.status, who).toBe(400);
      expect(await response.text(), who).toContain('Choose a coach from the list');
      expect(await coachOf(cohortHere.id), who).toBeNull();
    }
  });

  it('takes a person marked as a coach', async () => {
    const facilitator = await signedIn('facilitator');
    const response = await facilitator.post(
      `/cohorts/${cohortHere.id}/settings`,
      settingsForm(people.coach.id),
    );
    expect(response.status).toBe(302);
    expect(await coachOf(cohortHere.id)).toBe(people.coach.id);
  });
});
