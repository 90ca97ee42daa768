import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCohort } from '../../db/builders';
import { DEMO_PASSWORD, demoAccounts, seedDemoData } from '../../db/seed';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

/**
 * Everyone's home page lists what needs them across cohorts, each item one click from the
 * page that does it, and a participant waiting on a partner can nudge them once a day.
 */

let server: TestServer;
const clients = new Map<string, HttpClient>();

beforeAll(async () => {
  server = await startTestServer();
  await seedDemoData(server.db, { origin: server.url });
});

afterAll(async () => {
  await server?.close();
});

async function as(email: string) {
  const known = clients.get(email);
  if (known) return known;
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, DEMO_PASSWORD)).status).toBe(302);
  clients.set(email, client);
  return client;
}

async function home(email: string) {
  const response = await (await as(email)).get('/');
  expect(response.status).toBe(200);
  return response.text();
}

function nameOf(email: string) {
  return server.db
    .selectFrom('app_user')
    .select('name')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
    .then((row) => row.name);
}

async function waitingCritique() {
  return server.db
    .selectFrom('critique')
    .innerJoin('submission', 'submission.id', 'critique.submission_id')
    .innerJoin('cohort_member', 'cohort_member.id', 'submission.member_id')
    .innerJoin('app_user', 'app_user.id', 'cohort_member.user_id')
    .select(['critique.id', 'submission.id as submissionId', 'cohort_member.cohort_id as cohortId'])
    .where('app_user.email', '=', demoAccounts.participant(9))
    .where('submission.status', '=', 'in-critique')
    .executeTakeFirstOrThrow();
}

const emailsTo = (address: string) =>
  server.db
    .selectFrom('outbound_email')
    .select(['subject'])
    .where('to_address', '=', address)
    .where('kind', '=', 'critique.nudged')
    .execute();

describe('the to-do list', () => {
  it('tells the partner whose critique is owed, and for how long the author has waited', async () => {
    const author = await nameOf(demoAccounts.participant(9));
    const critique = await waitingCritique();
    const html = await home(demoAccounts.participant(10));
    expect(html).toContain('What needs you');
    expect(html).toContain(`Critique ${author}’s evidence for`);
    expect(html).toContain(`${author} has waited for 9 days.`);
    expect(html).toContain(
      `href="/cohorts/${critique.cohortId}/evidence/${critique.submissionId}/critique"`,
    );
  });

  it('shows the waiting author the wait and a way to nudge, instead of nothing to do', async () => {
    const partner = await nameOf(demoAccounts.participant(10));
    const html = await home(demoAccounts.participant(9));
    expect(html).toContain(`Waiting for ${partner}’s critique of your`);
    expect(html).toContain('Asked 9 days ago.');
    expect(html).toContain(`Nudge ${partner}`);
  });

  it('gives the coach the submissions to score, oldest first', async () => {
    const html = await home(demoAccounts.coach);
    expect(html).toMatch(/Score [^<]+’s evidence for/);
  });

  it('tells the facilitator how long invitations have gone unanswered, in words', async () => {
    const html = await home(demoAccounts.facilitator);
    expect(html).toContain('3 invitations are unanswered');
    // the demo's invitations went out on the day it was seeded
    expect(html).toContain('The oldest was sent today; resend or follow up.');
    expect(html).not.toContain('0 days ago');
  });

  it('tells the facilitator what each cohort still needs before its next stage', async () => {
    const facilitator = await server.db
      .selectFrom('app_user')
      .select(['id', 'organization_id as organizationId'])
      .where('email', '=', demoAccounts.facilitator)
      .executeTakeFirstOrThrow();
    const { program_id: programId } = await server.db
      .selectFrom('cohort')
      .select('program_id')
      .where('facilitator_id', '=', facilitator.id)
      .executeTakeFirstOrThrow();
    // two new cohorts, neither with a coach nor a participant yet
    const cohorts = await Promise.all(
      ['Spring 2027 North', 'Spring 2027 South'].map((name) =>
        buildCohort(server.db, {
          organizationId: facilitator.organizationId,
          programId,
          facilitatorId: facilitator.id,
          name,
        }),
      ),
    );
    const html = await home(demoAccounts.facilitator);
    for (const cohort of cohorts) {
      expect(html).toContain(`href="/cohorts/${cohort.id}"`);
    }
    const needs = html.match(
      /Before Pre-assessment: A coach must be assigned \(Settings → Coach\)\./g,
    );
    expect(needs?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(html).toContain('and 1 more');
    await server.db
      .deleteFrom('cohort')
      .where(
        'id',
        'in',
        cohorts.map((c) => c.id),
      )
      .execute();
  });

  it('puts the most urgent first: a critique owed for days before a module with no date', async () => {
    const html = await home(demoAccounts.participant(10));
    const critiqueAt = html.indexOf('Critique ');
    expect(critiqueAt).toBeGreaterThan(-1);
    const items = [...html.matchAll(/class="card todo-item"/g)].map((match) => match.index!);
    expect(items.length).toBeGreaterThan(0);
    expect(critiqueAt).toBeLessThan(items[1] ?? Number.POSITIVE_INFINITY);
  });
});

describe('nudging a partner', () => {
  it('sends one email and notice, then refuses a second within a day', async () => {
    const partnerEmail = demoAccounts.participant(10);
    const critique = await waitingCritique();
    const author = await as(demoAccounts.participant(9));
    expect(await emailsTo(partnerEmail)).toEqual([]);

    const first = await author.post('/?index', { intent: 'nudge', critiqueId: critique.id });
    expect(first.status).toBe(302);
    const mails = await emailsTo(partnerEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('is waiting for your critique');
    const notices = await server.db
      .selectFrom('notification')
      .innerJoin('app_user', 'app_user.id', 'notification.user_id')
      .select('notification.title')
      .where('app_user.email', '=', partnerEmail)
      .where('notification.kind', '=', 'critique.nudged')
      .execute();
    expect(notices).toHaveLength(1);
    expect(await home(demoAccounts.participant(9))).toContain('Nudged ');

    const again = await author.post('/?index', { intent: 'nudge', critiqueId: critique.id });
    expect(again.status).toBe(302);
    expect(await emailsTo(partnerEmail)).toHaveLength(1);
  });

  it('lets nobody but the author nudge, and answers nonsense with a 400', async () => {
    const critique = await waitingCritique();
    const before = await server.db.selectFrom('outbound_email').select('id').execute();
    const stranger = await as(demoAccounts.participant(11));
    const refused = await stranger.post('/?index', { intent: 'nudge', critiqueId: critique.id });
    expect(refused.status).toBe(302);
    const bad = await stranger.post('/?index', { intent: 'nudge', critiqueId: 'not-an-id' });
    expect(bad.status).toBe(400);
    expect(await server.db.selectFrom('outbound_email').select('id').execute()).toEqual(before);
  });
});
