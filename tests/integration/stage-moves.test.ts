import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { recordEarnedMicroCredential } from '../../app/credentials/issue.server';
import { saveProgress } from '../../app/pathway/progress.server';
import {
  buildCohort,
  buildEarnedSubmission,
  buildMember,
  buildMicroCredential,
} from '../../db/builders';
import { buildCompletableCohort, markAttendance } from '../fixtures/recognition';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

/**
 * Stage moves that never surprise: the share-out needs its meeting, completing shows who
 * receives hours before it records any, and a micro-credential already held is not asked for
 * again.
 */

const PASSWORD = 'stage moves test password';
let server: TestServer;
let cohort: Awaited<ReturnType<typeof buildCompletableCohort>>;
let facilitator: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  await server.mail.stop();
  cohort = await buildCompletableCohort(server.db, {
    participants: 3,
    passwordHash: await hashPassword(PASSWORD),
  });
  facilitator = await signedIn(cohort.facilitator.email);
});

afterAll(async () => {
  await server?.close();
});

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

const overview = () => `/cohorts/${cohort.cohort.id}?index`;
const statusOf = async () =>
  (
    await server.db
      .selectFrom('cohort')
      .select('status')
      .where('id', '=', cohort.cohort.id)
      .executeTakeFirstOrThrow()
  ).status;
const hoursEntries = () =>
  server.db
    .selectFrom('hours_entry')
    .select(['user_id as userId', 'source'])
    .where('cohort_id', '=', cohort.cohort.id)
    .execute();

describe('moving to the share-out', () => {
  it('is refused without a share-out session, and offers to schedule one', async () => {
    const refused = await facilitator.post(overview(), { intent: 'move', to: 'sharing' });
    expect(refused.status).toBe(400);
    const body = await refused.text();
    expect(body).toContain('Schedule the share-out session first');
    expect(body).toContain(`href="/cohorts/${cohort.cohort.id}/sessions/new?kind=share-out"`);
    expect(await statusOf()).toBe('learning');

    const form = await facilitator.get(`/cohorts/${cohort.cohort.id}/sessions/new?kind=share-out`);
    expect(form.status).toBe(200);
    expect(await form.text()).toMatch(/<option value="share-out" selected=""/);
  });

  it('goes ahead once the share-out session is scheduled', async () => {
    await server.db
      .insertInto('coaching_session')
      .values({
        cohort_id: cohort.cohort.id,
        kind: 'share-out',
        title: 'Share-out',
        starts_at: new Date(Date.now() + 2 * 24 * 60 * 60 * 1000),
        minutes: 60,
        host_id: cohort.facilitator.id,
      })
      .execute();
    const moved = await facilitator.post(overview(), { intent: 'move', to: 'sharing' });
    expect(moved.status).toBe(302);
    expect(await statusOf()).toBe('sharing');
  });
});

describe('completing', () => {
  it('never happens from the overview button alone: it leads to the preview', async () => {
    const response = await facilitator.post(overview(), { intent: 'move', to: 'completed' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/cohorts/${cohort.cohort.id}/complete`);
    expect(await statusOf()).toBe('sharing');
    expect(await hoursEntries()).toEqual([]);
  });

  it('previews that nobody meets the rule when nobody does, and says why', async () => {
    const page = await facilitator.get(`/cohorts/${cohort.cohort.id}/complete`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Nobody meets the completion rule yet: nobody will receive hours.');
    expect(html).toContain('Finished 0 of 1 module');
    expect(html).toContain('Attended 0 of 2 coaching sessions (0%; the rule asks for');
    expect(html).toContain('Complete with no hours recorded');
  });

  it('lists who receives how many hours, then records exactly those once confirmed', async () => {
    const [ana, ben] = cohort.participants;
    // Ana finishes everything; Ben finishes the module but attends nothing
    for (const [index, memberId] of cohort.memberIds.slice(0, 2).entries()) {
      const outcome = await saveProgress(server.db, {
        cohortId: cohort.cohort.id,
        memberId,
        moduleId: cohort.module.id,
        intent: 'complete',
        reflection: `Done ${index}.`,
      });
      expect(outcome.status).toBe('completed');
    }
    for (const coachingSessionId of cohort.sessionIds) {
      await markAttendance(server.db, { coachingSessionId, userId: ana!.id, present: true });
    }
    // the share-out must be finished before completing; finish it as the share-out page would
    const shareOut = await server.db
      .selectFrom('coaching_session')
      .select('id')
      .where('cohort_id', '=', cohort.cohort.id)
      .where('kind', '=', 'share-out')
      .executeTakeFirstOrThrow();
    await server.db
      .insertInto('share_out')
      .values({
        coaching_session_id: shareOut.id,
        cohort_id: cohort.cohort.id,
        finished_at: new Date(),
        finished_by: cohort.facilitator.id,
      })
      .execute();

    const html = await (await facilitator.get(`/cohorts/${cohort.cohort.id}/complete`)).text();
    expect(html).toContain('1 of 3 participants meet the rule and receive');
    expect(html).toContain('Complete and record hours for 1');
    // those without hours come first, each with the reason
    expect(html.indexOf(ben!.name)).toBeLessThan(html.indexOf(ana!.name));
    expect(html).toContain('Finished all 1 module; Attended 0 of 2 coaching sessions');

    const completed = await facilitator.post(`/cohorts/${cohort.cohort.id}/complete`, {
      intent: 'move',
      to: 'completed',
      confirm: 'complete',
    });
    expect(completed.status).toBe(302);
    expect(await statusOf()).toBe('completed');
    expect(await hoursEntries()).toEqual([{ userId: ana!.id, source: 'completion' }]);
  });
});

describe('a micro-credential already held', () => {
  it('is shown as held, with where and when, and is not offered again', async () => {
    // a second cohort of the same program, where Ana already earned the micro-credential
    const credential = await buildMicroCredential(server.db, {
      programId: cohort.program.id,
      code: 'MC-H',
      title: 'Calm transitions',
    });
    const earlier = await buildCohort(server.db, {
      organizationId: cohort.organization.id,
      programId: cohort.program.id,
      facilitatorId: cohort.facilitator.id,
      coachId: cohort.coach.id,
      name: 'Earlier cohort',
      status: 'completed',
    });
    const ana = cohort.participants[0]!;
    const earlierMember = await buildMember(server.db, {
      cohortId: earlier.id,
      userId: ana.id,
      role: 'participant',
    });
    const submission = await buildEarnedSubmission(server.db, {
      memberId: earlierMember.id,
      microCredentialId: credential.id,
      scorerId: cohort.coach.id,
    });
    const earned = await recordEarnedMicroCredential(server.db, {
      submissionId: submission.id,
      actorId: cohort.coach.id,
      origin: server.url,
    });
    expect(earned.credentialId).not.toBeNull();

    const participant = await signedIn(ana.email);
    const evidence = `/cohorts/${cohort.cohort.id}/evidence`;
    const html = await (await participant.get(evidence)).text();
    expect(html).toContain('You already hold this micro-credential:');
    expect(html).toContain('Earlier cohort');
    expect(html).toContain(`href="/credentials/${earned.credentialId}"`);
    expect(html).not.toContain('Start your evidence<span class="sr-only"> for Calm transitions');

    const submissionsBefore = await server.db
      .selectFrom('submission')
      .select('id')
      .where('micro_credential_id', '=', credential.id)
      .execute();
    const start = await participant.post(evidence, { microCredentialId: credential.id });
    expect(start.status).toBe(302);
    expect(start.headers.get('location')).toBe(evidence);
    const submissionsAfter = await server.db
      .selectFrom('submission')
      .select('id')
      .where('micro_credential_id', '=', credential.id)
      .execute();
    expect(submissionsAfter).toEqual(submissionsBefore);
    const page = await (await participant.get(evidence)).text();
    expect(page).toContain('You already hold this micro-credential (earned in Earlier cohort)');
  });
});
