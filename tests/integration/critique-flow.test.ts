import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../db/builders';
import { enrolMember } from '../../app/cohorts/enrolment.server';
import { startTestServer, type TestServer } from '../setup/server';
import type { HttpClient } from '../setup/http-client';
import {
  addSecondCoach,
  buildCritiqueCohort,
  signedIn,
  startEvidence,
  toastOf,
} from './critique-fixtures';

let server: TestServer;
let uploadDir: string;
let cohort: Awaited<ReturnType<typeof buildCritiqueCohort>>;

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(os.tmpdir(), 'cadre-flow-'));
  server = await startTestServer({ UPLOAD_DIR: uploadDir });
  cohort = await buildCritiqueCohort(server.db);
});

afterAll(async () => {
  await server?.close();
  await rm(uploadDir, { recursive: true, force: true });
});

async function submissionRow(id: string) {
  return server.db
    .selectFrom('submission')
    .select(['status', 'attempt', 'version', 'body', 'previous_submission_id'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function noticesFor(userId: string) {
  return server.db
    .selectFrom('notification')
    .select(['kind', 'title', 'href'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

function scoreFields(results: ('meets' | 'not-yet')[]) {
  const fields: Record<string, string> = { intent: 'score', feedback: 'Thank you.' };
  cohort.credential.criteria.forEach((criterion, index) => {
    fields[`result-${criterion.id}`] = results[index]!;
    fields[`feedback-${criterion.id}`] =
      results[index] === 'not-yet' ? 'Add before-and-after data.' : 'Clear.';
  });
  return fields;
}

describe('draft, critique, submit, score, resubmit', () => {
  let author: HttpClient;
  let partner: HttpClient;
  let submissionId: string;
  let base: string;

  beforeAll(async () => {
    author = await signedIn(server.url, cohort.participants[0]!.email);
    partner = await signedIn(server.url, cohort.participants[1]!.email);
    submissionId = await startEvidence(author, cohort.cohort.id, cohort.credential.id);
    base = `/cohorts/${cohort.cohort.id}/evidence/${submissionId}`;
  });

  it('autosaves over the version it started from and shows a conflict instead of overwriting', async () => {
    const first = await author.post(`${base}/draft`, { body: 'First tab text', version: '1' });
    expect(await first.json()).toMatchObject({ status: 'saved', version: 2 });
    const stale = await author.post(`${base}/draft`, { body: 'Second tab text', version: '1' });
    expect(await stale.json()).toMatchObject({
      status: 'conflict',
      version: 2,
      body: 'First tab text',
    });
    expect((await submissionRow(submissionId)).body).toBe('First tab text');
  });

  it('validates links and keeps a good one', async () => {
    const bad = await author.post(base, {
      intent: 'add-link',
      label: '',
      url: 'javascript:alert(1)',
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('full web address');
    const good = await author.post(base, {
      intent: 'add-link',
      label: 'My video',
      url: 'https://video.example.org/watch/123',
    });
    expect(good.status).toBe(302);
  });

  it('refuses to submit before a partner critique', async () => {
    const response = await author.post(base, { intent: 'submit' });
    expect(toastOf(response)).toMatch(/needs a completed critique/);
    expect((await submissionRow(submissionId)).status).toBe('draft');
  });

  it('asks the partner, who critiques every criterion, and the author is told', async () => {
    const asked = await author.post(base, { intent: 'request-critique' });
    expect(toastOf(asked)).toMatch(/Participant 02 was asked/);
    expect((await submissionRow(submissionId)).status).toBe('in-critique');
    expect((await noticesFor(cohort.participants[1]!.id)).map((n) => n.kind)).toContain(
      'critique.requested',
    );

    const incomplete = await partner.post(`${base}/critique`, {
      [`meets-${cohort.credential.criteria[0]!.id}`]: 'Clear steps.',
    });
    expect(incomplete.status).toBe(400);
    expect(await incomplete.text()).toContain('Routine was taught');

    const fields: Record<string, string> = { summary: 'Strong start.' };
    for (const criterion of cohort.credential.criteria) {
      fields[`meets-${criterion.id}`] = `Meets on ${criterion.title}.`;
      fields[`strengthen-${criterion.id}`] = 'Add numbers.';
    }
    const sent = await partner.post(`${base}/critique`, fields);
    expect(sent.status).toBe(302);
    expect((await submissionRow(submissionId)).status).toBe('draft');
    expect((await noticesFor(cohort.participants[0]!.id)).map((n) => n.kind)).toContain(
      'critique.completed',
    );
    const page = await (await author.get(base)).text();
    expect(page).toContain('Meets on Impact on learning time.');
  });

  it('submits after the critique; the coaches are told and the queue lists it', async () => {
    const submitted = await author.post(base, { intent: 'submit' });
    expect(toastOf(submitted)).toMatch(/Submitted/);
    expect((await submissionRow(submissionId)).status).toBe('submitted');
    const edit = await author.post(`${base}/draft`, { body: 'late change', version: '2' });
    expect(await edit.json()).toMatchObject({ status: 'locked' });
    const coach = await signedIn(server.url, cohort.coach.email);
    const queue = await (await coach.get(`/cohorts/${cohort.cohort.id}/scoring`)).text();
    expect(queue.replaceAll('<!-- -->', '')).toContain(
      'Participant 01: Routines That Protect Learning Time (attempt 1)',
    );
  });

  it('lets one of two coaches scoring at once win and tells the other', async () => {
    const second = await addSecondCoach(server.db, {
      organizationId: cohort.organization.id,
      cohortId: cohort.cohort.id,
      passwordHash: cohort.passwordHash,
    });
    const coachA = await signedIn(server.url, cohort.coach.email);
    const coachB = await signedIn(server.url, second.email);
    const scoring = `/cohorts/${cohort.cohort.id}/scoring/${submissionId}`;
    const [a, b] = await Promise.all([
      coachA.post(scoring, scoreFields(['meets', 'not-yet', 'meets'])),
      // neither verdict earns, so the hours and credential checks below see attempt 2 alone
      coachB.post(scoring, scoreFields(['not-yet', 'meets', 'meets'])),
    ]);
    const messages = [toastOf(a), toastOf(b)];
    expect(messages.filter((message) => /already scored it/.test(message))).toHaveLength(1);
    const scores = await server.db
      .selectFrom('score')
      .select('outcome')
      .where('submission_id', '=', submissionId)
      .execute();
    expect(scores).toHaveLength(1);
    const row = await submissionRow(submissionId);
    expect(row.status).toBe(scores[0]!.outcome);
  });

  it('opens attempt 2 after "not yet", linked to attempt 1, and earns on all "meets"', async () => {
    // both coaches above answered "not yet", whichever of them won
    expect((await submissionRow(submissionId)).status).toBe('not-yet');
    const started = await author.post(base, { intent: 'next-attempt' });
    const location = started.headers.get('location') ?? '';
    const secondId = location.split('/').pop()!;
    expect(secondId).not.toBe(submissionId);
    const second = await submissionRow(secondId);
    expect(second).toMatchObject({
      attempt: 2,
      status: 'draft',
      previous_submission_id: submissionId,
      body: 'First tab text',
    });
    const links = await server.db
      .selectFrom('evidence_item')
      .select('url')
      .where('submission_id', '=', secondId)
      .execute();
    expect(links).toEqual([{ url: 'https://video.example.org/watch/123' }]);

    // the critique of attempt 1 still counts
    const resubmitted = await author.post(`/cohorts/${cohort.cohort.id}/evidence/${secondId}`, {
      intent: 'submit',
    });
    expect(toastOf(resubmitted)).toMatch(/Submitted/);
    const coach = await signedIn(server.url, cohort.coach.email);
    const scored = await coach.post(
      `/cohorts/${cohort.cohort.id}/scoring/${secondId}`,
      scoreFields(['meets', 'meets', 'meets']),
    );
    expect(toastOf(scored)).toMatch(/Earned/);
    expect((await submissionRow(secondId)).status).toBe('earned');
    expect((await submissionRow(submissionId)).status).toBe('not-yet');
    const notices = await noticesFor(cohort.participants[0]!.id);
    expect(notices.at(-1)).toMatchObject({ kind: 'submission.earned' });
    const mail = await server.db
      .selectFrom('outbound_email')
      .select('subject')
      .where('to_address', '=', cohort.participants[0]!.email)
      .execute();
    expect(mail.map((m) => m.subject)).toContain(
      'You earned “Routines That Protect Learning Time”',
    );

    // earning writes the hours and the signed credential with the score, once
    const hours = await server.db
      .selectFrom('hours_entry')
      .select(['hours', 'submission_id'])
      .where('user_id', '=', cohort.participants[0]!.id)
      .execute();
    expect(hours.map((entry) => [Number(entry.hours), entry.submission_id])).toEqual([
      [5, secondId],
    ]);
    const credential = await server.db
      .selectFrom('credential')
      .select(['id', 'title'])
      .where('submission_id', '=', secondId)
      .executeTakeFirstOrThrow();
    expect(credential.title).toBe('Routines That Protect Learning Time');
    const publicPage = await fetch(`${server.url}/credentials/${credential.id}`);
    expect(publicPage.status).toBe(200);
    expect(await publicPage.text()).toContain('Routines That Protect Learning Time');

    const facilitator = await signedIn(server.url, cohort.facilitator.email);
    const grid = await (await facilitator.get(`/cohorts/${cohort.cohort.id}/progress`)).text();
    expect(grid).toContain('Earned · attempt 2');
  });
});

describe('waiver, incomplete and partners', () => {
  it('lets the facilitator waive the critique, see who waits, and the coach return it incomplete', async () => {
    const author = await signedIn(server.url, cohort.participants[2]!.email);
    const id = await startEvidence(author, cohort.cohort.id, cohort.credential.id);
    const base = `/cohorts/${cohort.cohort.id}/evidence/${id}`;
    await author.post(`${base}/draft`, { body: 'Evidence text', version: '1' });
    await author.post(base, { intent: 'request-critique' });

    const facilitator = await signedIn(server.url, cohort.facilitator.email);
    const waiting = await (await facilitator.get(`/cohorts/${cohort.cohort.id}/evidence`)).text();
    expect(waiting).toContain('Critiques waiting');
    expect(waiting).toContain('Participant 04');
    expect(waiting).toContain('since today');

    const noReason = await facilitator.post(base, { intent: 'waive', reason: ' ' });
    expect(noReason.status).toBe(400);
    const participantWaive = await author.post(base, { intent: 'waive', reason: 'me' });
    expect(participantWaive.status).toBe(403);
    const waived = await facilitator.post(base, {
      intent: 'waive',
      reason: 'Partner unresponsive for a week',
    });
    expect(toastOf(waived)).toMatch(/may now submit/);
    expect(toastOf(await author.post(base, { intent: 'submit' }))).toMatch(/Submitted/);

    const coach = await signedIn(server.url, cohort.coach.email);
    const scoring = `/cohorts/${cohort.cohort.id}/scoring/${id}`;
    expect((await coach.post(scoring, { intent: 'incomplete', note: '' })).status).toBe(400);
    const returned = await coach.post(scoring, {
      intent: 'incomplete',
      note: 'The video link is missing.',
    });
    expect(toastOf(returned)).toMatch(/Returned as incomplete/);
    expect((await submissionRow(id)).status).toBe('incomplete');
    const page = await (await author.get(base)).text();
    expect(page).toContain('The video link is missing.');
    // still the same attempt: it can be submitted again
    expect(toastOf(await author.post(base, { intent: 'submit' }))).toMatch(/Submitted/);
  });

  it('refuses a participant scoring and a coach scoring nonsense without a 500', async () => {
    const participant = await signedIn(server.url, cohort.participants[4]!.email);
    const queue = await participant.get(`/cohorts/${cohort.cohort.id}/scoring`);
    expect(queue.status).toBe(403);
    const coach = await signedIn(server.url, cohort.coach.email);
    const nonsense = await coach.post(
      `/cohorts/${cohort.cohort.id}/scoring/${crypto.randomUUID()}`,
      { intent: 'score' },
    );
    expect(nonsense.status).toBe(404);
  });

  it('forms pairs with one triad, re-pairs a partner when someone withdraws, and places a late joiner', async () => {
    const facilitator = await signedIn(server.url, cohort.facilitator.email);
    const partnersPath = `/cohorts/${cohort.cohort.id}/partners`;
    const formed = await facilitator.post(partnersPath, { intent: 'form' });
    expect(toastOf(formed)).toMatch(/2 partner groups formed/);
    const groups = async () => {
      const rows = await server.db
        .selectFrom('partnership')
        .innerJoin('partnership_member', 'partnership_member.partnership_id', 'partnership.id')
        .select(['partnership.id', 'partnership_member.member_id'])
        .where('partnership.cohort_id', '=', cohort.cohort.id)
        .where('partnership.dissolved_at', 'is', null)
        .execute();
      const byGroup = new Map<string, string[]>();
      for (const row of rows) byGroup.set(row.id, [...(byGroup.get(row.id) ?? []), row.member_id]);
      return [...byGroup.values()];
    };
    const afterForming = await groups();
    expect(afterForming.map((group) => group.length).sort()).toEqual([2, 3]);
    // nobody is with the partner they had before
    for (const group of afterForming) {
      const pairedBefore =
        group.includes(cohort.participantMembers[0]!) &&
        group.includes(cohort.participantMembers[1]!);
      expect(pairedBefore).toBe(false);
    }
    const participantPage = await (
      await (await signedIn(server.url, cohort.participants[4]!.email)).get(partnersPath)
    ).text();
    expect(participantPage).toMatch(/Your partners? (is|are)/);

    // the withdrawn participant's partner is re-paired and told
    const pair = afterForming.find((group) => group.length === 2)!;
    const [leaving, staying] = pair;
    const withdrawn = await facilitator.post(`/cohorts/${cohort.cohort.id}/roster`, {
      intent: 'withdraw',
      memberId: leaving!,
    });
    expect(withdrawn.status).toBe(302);
    const afterWithdrawal = await groups();
    expect(afterWithdrawal.flat()).not.toContain(leaving);
    expect(afterWithdrawal.flat()).toContain(staying);
    expect(afterWithdrawal.map((group) => group.length).sort()).toEqual([2, 2]);
    const stayingUser = await server.db
      .selectFrom('cohort_member')
      .select('user_id')
      .where('id', '=', staying!)
      .executeTakeFirstOrThrow();
    const told = await noticesFor(stayingUser.user_id);
    expect(told.at(-1)).toMatchObject({ kind: 'partners.formed' });
    expect(told.at(-1)!.title).toMatch(/Your critique partner is /);

    // a late joiner joins a pair as its third
    const late = await buildUser(server.db, {
      organizationId: cohort.organization.id,
      name: 'Late Joiner',
    });
    await enrolMember(server.db, {
      cohortId: cohort.cohort.id,
      userId: late.id,
      role: 'participant',
    });
    const afterJoin = await groups();
    expect(afterJoin.map((group) => group.length).sort()).toEqual([2, 3]);
    expect((await noticesFor(late.id)).at(-1)!.title).toMatch(/Your critique partners are /);
  });
});
