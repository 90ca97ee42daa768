import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { SEARCH_PAGE_SIZE, type SearchPage } from '../../app/search/search';
import { buildCohort, buildOrganization, buildUser } from '../../db/builders';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

/**
 * Pages never grow with the organization: at 10,000 cohorts and 5,000 people an org admin's
 * pages list a page of cohorts and people at most, and the searches answer a page at most.
 * Counted in the HTML, not timed.
 */
const COHORTS = 10_000;
const PEOPLE = 5_000;
const PASSWORD = 'page size password';
const KB = 1024;

let server: TestServer;
let admin: HttpClient;
let someCohortId: string;

function cohortIdsLinked(html: string) {
  return new Set([...html.matchAll(/\/cohorts\/([0-9a-f-]{36})/g)].map((match) => match[1]));
}

function scalePeopleIn(html: string) {
  return new Set(html.match(/scale-person-\d+@scale\.test/g) ?? []);
}

beforeAll(async () => {
  server = await startTestServer();
  await server.mail.stop();
  await server.reminders.stop();
  const organization = await buildOrganization(server.db, { name: 'Statewide Association' });
  const program = await server.db
    .insertInto('program')
    .values({
      organization_id: organization.id,
      title: 'Program',
      hours_for_completing: 15,
      hours_for_attaining: 30,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const passwordHash = await hashPassword(PASSWORD);
  const adminUser = await buildUser(server.db, {
    organizationId: organization.id,
    email: 'scale-admin@scale.test',
    isOrgAdmin: true,
    passwordHash,
  });
  // people and cohorts in bulk: one statement each
  await sql`
    insert into app_user (organization_id, email, name, may_coach, password_hash)
    select ${organization.id}, 'scale-person-' || g || '@scale.test', 'Person ' || g, g % 2 = 0, 'x'
    from generate_series(1, ${PEOPLE}) g`.execute(server.db);
  await sql`
    insert into cohort (organization_id, program_id, name, facilitator_id, timezone, starts_on, ends_on)
    select ${organization.id}, ${program.id}, 'Cohort ' || g, ${adminUser.id}, 'America/New_York',
      date '2026-01-01' + (g % 300), date '2026-06-01' + (g % 300)
    from generate_series(1, ${COHORTS}) g`.execute(server.db);
  const some = await server.db
    .selectFrom('cohort')
    .select('id')
    .where('organization_id', '=', organization.id)
    .limit(1)
    .executeTakeFirstOrThrow();
  someCohortId = some.id;
  admin = new HttpClient(server.url);
  expect((await admin.signIn(adminUser.email, PASSWORD)).status).toBe(302);
}, 120_000);

afterAll(async () => {
  await server?.close();
});

async function page(client: HttpClient, path: string) {
  const response = await client.get(path);
  expect(response.status).toBe(200);
  const html = await response.text();
  return { html, bytes: Buffer.byteLength(html) };
}

describe(`an org admin of ${COHORTS} cohorts and ${PEOPLE} people`, () => {
  it('sees a page of cohorts on the home page and a few in the switcher, in a bounded page', async () => {
    const { html, bytes } = await page(admin, '/');
    console.info(`org admin home page at ${COHORTS} cohorts: ${bytes} bytes`);
    expect(cohortIdsLinked(html).size).toBeLessThanOrEqual(SEARCH_PAGE_SIZE + 5);
    expect(html.match(/class="card cohort-card"/g)?.length).toBe(SEARCH_PAGE_SIZE);
    expect(html).toContain('Next page');
    expect(bytes).toBeLessThanOrEqual(150 * KB);
  });

  it('pages and searches the organization’s cohorts on the home page', async () => {
    const second = await page(admin, '/?page=2');
    expect(second.html.match(/class="card cohort-card"/g)?.length).toBe(SEARCH_PAGE_SIZE);
    const found = await page(admin, '/?q=cohort%2012');
    // "Cohort 12", "Cohort 120"…: more than a page match, one page shows
    expect(found.html.match(/class="card cohort-card"/g)?.length).toBe(SEARCH_PAGE_SIZE);
    const one = await page(admin, '/?q=cohort%209999');
    expect(one.html.match(/class="card cohort-card"/g)?.length).toBe(1);
    expect(one.html).toContain('Cohort 9999');
    const bad = await page(admin, `/?q=${'x'.repeat(500)}&page=-4&mine=abc`);
    expect(bad.html.match(/class="card cohort-card"/g)?.length).toBe(SEARCH_PAGE_SIZE);
  });

  it('sees no list of the organization’s people on a cohort’s settings page', async () => {
    const { html, bytes } = await page(admin, `/cohorts/${someCohortId}/settings`);
    console.info(`cohort settings page at ${PEOPLE} people: ${bytes} bytes`);
    expect(scalePeopleIn(html).size).toBe(0);
    expect(cohortIdsLinked(html).size).toBeLessThanOrEqual(5 + 1);
    expect(bytes).toBeLessThanOrEqual(150 * KB);
  });

  it('gets one page of coaches from the settings page’s no-script search', async () => {
    const { html } = await page(admin, `/cohorts/${someCohortId}/settings?coachIdSearch=person`);
    expect(scalePeopleIn(html).size).toBe(SEARCH_PAGE_SIZE);
    expect(html).toContain('search with more of the name to narrow it');
  });

  it('gets at most a page from each search route, and says more matched', async () => {
    for (const path of [
      '/resources/people?role=coach',
      '/resources/people?role=any&q=person',
      '/resources/people?role=facilitator&q=p',
      '/resources/cohorts',
      '/resources/cohorts?q=coh',
    ]) {
      const response = await admin.get(path);
      expect(response.status, path).toBe(200);
      const body = (await response.json()) as SearchPage;
      expect(body.items.length, path).toBe(SEARCH_PAGE_SIZE);
      expect(body.more, path).toBe(true);
    }
    const exact = (await (
      await admin.get('/resources/cohorts?q=cohort%204242')
    ).json()) as SearchPage;
    expect(exact.items.map((item) => item.label)).toEqual(['Cohort 4242']);
    expect(exact.more).toBe(false);
  });
});

it('keeps a member’s switcher to a few cohorts with a search', async () => {
  const organization = await buildOrganization(server.db);
  const program = await server.db
    .insertInto('program')
    .values({
      organization_id: organization.id,
      title: 'P',
      hours_for_completing: 1,
      hours_for_attaining: 1,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const coach = await buildUser(server.db, {
    organizationId: organization.id,
    passwordHash: await hashPassword(PASSWORD),
  });
  const facilitator = await buildUser(server.db, { organizationId: organization.id });
  for (let index = 0; index < 8; index += 1) {
    await buildCohort(server.db, {
      organizationId: organization.id,
      programId: program.id,
      facilitatorId: facilitator.id,
      coachId: coach.id,
      name: `Coached ${index}`,
    });
  }
  const client = new HttpClient(server.url);
  expect((await client.signIn(coach.email, PASSWORD)).status).toBe(302);
  const { html } = await page(client, '/notifications');
  expect(cohortIdsLinked(html).size).toBe(5);
  expect(html).toContain('Find a cohort');
});
