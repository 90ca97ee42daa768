import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople, buildMember, buildUser } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

/**
 * A participant's cohort home lists who is in the cohort; the other cohort pages no longer
 * carry that list in their header's data, where it grew with the cohort on every page.
 */

const PASSWORD = 'cohort home password';
let server: TestServer;
let people: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  server = await startTestServer();
  await server.mail.stop();
  await server.reminders.stop();
  people = await buildCohortWithPeople(server.db, {
    participants: 3,
    passwordHash: await hashPassword(PASSWORD),
  });
  const withdrawn = await buildUser(server.db, {
    organizationId: people.organization.id,
    name: 'Wanda Withdrawn',
  });
  await buildMember(server.db, {
    cohortId: people.cohort.id,
    userId: withdrawn.id,
    role: 'participant',
    status: 'withdrawn',
  });
});

afterAll(async () => {
  await server?.close();
});

async function pageAs(email: string, path: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  const response = await client.get(path);
  expect(response.status).toBe(200);
  return response.text();
}

describe('the cohort home', () => {
  it('shows a participant the facilitator, the coach and the participants, not those who left', async () => {
    const html = await pageAs(people.participants[0]!.email, `/cohorts/${people.cohort.id}`);
    const leaders = html.slice(html.indexOf('Your facilitator and coach'));
    expect(leaders).toContain('Fay Facilitator');
    expect(leaders).toContain('Cole Coach');
    const roster = html.slice(html.indexOf('Who is in the cohort'));
    for (const name of ['Participant 01', 'Participant 02', 'Participant 03']) {
      expect(roster).toContain(name);
    }
    expect(roster).toMatch(/>3(<!-- -->)? participants</);
    expect(html).not.toContain('Wanda Withdrawn');
  });

  it('leaves the member list out of the other cohort pages and of the staff home', async () => {
    for (const path of ['', '/sessions', '/plans']) {
      const html = await pageAs(people.facilitator.email, `/cohorts/${people.cohort.id}${path}`);
      expect(html).toContain(people.cohort.name);
      expect(html).not.toContain('Participant 02');
    }
  });
});
