import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countFeeDue, getScoringQueue } from '../../app/scoring/scoring.server';
import { submitForScoring } from '../../app/evidence/submissions.server';
import { feeReportCsv, recordFee } from '../../app/fees/fees.server';
import { buildCohortWithPeople } from '../../db/builders';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import { buildCritiqueCohort } from './critique-fixtures';

let database: TestDatabase;
let cohort: Awaited<ReturnType<typeof buildCritiqueCohort>>;

beforeAll(async () => {
  database = await createTestDatabase();
  cohort = await buildCritiqueCohort(database.db);
  // participants 1 and 2 are not members; participant 3's membership ended last year
  await database.db
    .updateTable('app_user')
    .set({ member_since: null })
    .where('id', 'in', [cohort.participants[1]!.id, cohort.participants[2]!.id])
    .execute();
  await database.db
    .updateTable('app_user')
    .set({ member_since: '2020-01-01', member_until: '2021-06-30' })
    .where('id', '=', cohort.participants[3]!.id)
    .execute();
});

afterAll(async () => {
  await database?.drop();
});

/** a draft with some evidence whose partner critique the facilitator waived */
async function readyToSubmit(participantIndex: number) {
  const submission = await database.db
    .insertInto('submission')
    .values({
      member_id: cohort.participantMembers[participantIndex]!,
      micro_credential_id: cohort.credential.id,
      body: 'My evidence.',
      critique_waived_at: new Date(),
      critique_waived_by: cohort.facilitator.id,
      critique_waived_reason: 'partner away',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return submission.id;
}

function form(fields: Record<string, string>) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return body;
}

async function feeOf(submissionId: string) {
  return database.db
    .selectFrom('scoring_fee')
    .select(['id', 'status', 'amount_cents', 'receipt_reference', 'waived_reason', 'recorded_by'])
    .where('submission_id', '=', submissionId)
    .executeTakeFirst();
}

async function coachNotices() {
  return database.db
    .selectFrom('notification')
    .select('href')
    .where('user_id', '=', cohort.coach.id)
    .where('kind', '=', 'submission.submitted')
    .execute();
}

const record = (feeId: string, fields: Record<string, string>, organizationId?: string) =>
  recordFee(database.db, {
    organizationId: organizationId ?? cohort.organization.id,
    actorId: cohort.admin.id,
    feeId,
    form: form(fields),
    appOrigin: null,
  });

let dueSubmission: string;
let dueFeeId: string;

describe('submitting for scoring', () => {
  it('never charges a member: the submission goes straight to the coach', async () => {
    const id = await readyToSubmit(0);
    const outcome = await submitForScoring(database.db, { submissionId: id, appOrigin: null });
    expect(outcome.status).toBe('submitted');
    expect(await feeOf(id)).toBeUndefined();
    expect((await getScoringQueue(database.db, cohort.cohort.id)).map((row) => row.id)).toContain(
      id,
    );
  });

  it('asks a non-member to confirm the fee first and changes nothing until they do', async () => {
    dueSubmission = await readyToSubmit(1);
    const unconfirmed = await submitForScoring(database.db, {
      submissionId: dueSubmission,
      appOrigin: null,
    });
    expect(unconfirmed).toEqual({ status: 'fee-unconfirmed', amountCents: 12500 });
    const wrong = await submitForScoring(database.db, {
      submissionId: dueSubmission,
      appOrigin: null,
      feeConfirmedCents: 100,
    });
    expect(wrong.status).toBe('fee-unconfirmed');
    const row = await database.db
      .selectFrom('submission')
      .select('status')
      .where('id', '=', dueSubmission)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
    expect(await feeOf(dueSubmission)).toBeUndefined();
  });

  it('holds a confirmed non-member submission as fee due, away from the coach', async () => {
    const before = (await coachNotices()).length;
    const outcome = await submitForScoring(database.db, {
      submissionId: dueSubmission,
      appOrigin: null,
      feeConfirmedCents: 12500,
    });
    expect(outcome).toEqual({ status: 'fee-due', amountCents: 12500 });
    const fee = await feeOf(dueSubmission);
    expect(fee).toMatchObject({ status: 'due', amount_cents: 12500 });
    dueFeeId = fee!.id;
    const queue = await getScoringQueue(database.db, cohort.cohort.id);
    expect(queue.map((entry) => entry.id)).not.toContain(dueSubmission);
    expect(await countFeeDue(database.db, cohort.cohort.id)).toBe(1);
    expect((await coachNotices()).length).toBe(before);
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('target_id', '=', dueFeeId)
      .execute();
    expect(audit).toEqual([{ action: 'scoring_fee.due', actor_id: cohort.participants[1]!.id }]);
  });

  it('charges someone whose membership has lapsed', async () => {
    const id = await readyToSubmit(3);
    const outcome = await submitForScoring(database.db, {
      submissionId: id,
      appOrigin: null,
      feeConfirmedCents: 12500,
    });
    expect(outcome.status).toBe('fee-due');
  });
});

describe('recording a fee', () => {
  it('needs a reason to waive and a reference to record payment, and changes nothing without', async () => {
    const waive = await record(dueFeeId, { intent: 'waive', reason: '  ' });
    expect(waive.status).toBe('invalid');
    if (waive.status === 'invalid') expect(waive.result.error?.reason?.[0]).toMatch(/why/);
    const paid = await record(dueFeeId, { intent: 'paid', receipt: '' });
    expect(paid.status).toBe('invalid');
    if (paid.status === 'invalid') expect(paid.result.error?.receipt?.[0]).toMatch(/reference/);
    expect((await feeOf(dueSubmission))?.status).toBe('due');
  });

  it('records payment once, audits it and sends the submission to the coach', async () => {
    const outcome = await record(dueFeeId, { intent: 'paid', receipt: 'Check 1042' });
    expect(outcome).toMatchObject({ status: 'recorded', as: 'paid' });
    expect(await feeOf(dueSubmission)).toMatchObject({
      status: 'paid',
      receipt_reference: 'Check 1042',
      recorded_by: cohort.admin.id,
    });
    const queue = await getScoringQueue(database.db, cohort.cohort.id);
    expect(queue.find((entry) => entry.id === dueSubmission)?.feeStatus).toBe('paid');
    expect((await coachNotices()).map((notice) => notice.href)).toContain(
      `/cohorts/${cohort.cohort.id}/scoring/${dueSubmission}`,
    );
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('target_id', '=', dueFeeId)
      .where('action', '=', 'scoring_fee.paid')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ receipt_reference: 'Check 1042' });
  });

  it('refuses to record the same fee twice', async () => {
    const again = await record(dueFeeId, { intent: 'waive', reason: 'hardship' });
    expect(again).toEqual({ status: 'already-recorded', current: 'paid' });
    expect(await feeOf(dueSubmission)).toMatchObject({
      status: 'paid',
      waived_reason: null,
    });
  });

  it('waives with a reason', async () => {
    const id = await readyToSubmit(2);
    await submitForScoring(database.db, {
      submissionId: id,
      appOrigin: null,
      feeConfirmedCents: 12500,
    });
    const fee = await feeOf(id);
    const outcome = await record(fee!.id, { intent: 'waive', reason: 'District hardship fund' });
    expect(outcome).toMatchObject({ status: 'recorded', as: 'waived' });
    expect(await feeOf(id)).toMatchObject({
      status: 'waived',
      waived_reason: 'District hardship fund',
    });
  });

  it('does not let another organization record the fee', async () => {
    const other = await buildCohortWithPeople(database.db, { participants: 0 });
    const outcome = await record(
      dueFeeId,
      { intent: 'waive', reason: 'not mine' },
      other.organization.id,
    );
    expect(outcome.status).toBe('not-found');
  });
});

describe('the fee report', () => {
  it('lists due, paid and waived fees with their period and totals', async () => {
    const csv = await feeReportCsv(database.db, {
      organizationId: cohort.organization.id,
      from: '2020-01-01',
      to: '2099-12-31',
    });
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'period,status,amount,educator_name,email,micro_credential,attempt,cohort,submitted_on,recorded_on,receipt_reference,waived_reason,recorded_by,fee_id',
    );
    const rows = lines.slice(1, lines.indexOf(''));
    expect(rows.map((line) => line.split(',')[1]).sort()).toEqual(['due', 'paid', 'waived']);
    expect(csv).toContain('Check 1042');
    expect(csv).toContain('District hardship fund');
    const period = rows[0]!.split(',')[0]!;
    expect(period).toMatch(/^\d{4}-\d{2}$/);
    expect(lines).toContain(`${period},paid,1,125.00`);
    expect(lines).toContain(`${period},waived,1,125.00`);
    expect(lines).toContain(`${period},due,1,125.00`);

    const empty = await feeReportCsv(database.db, {
      organizationId: cohort.organization.id,
      from: '2020-01-01',
      to: '2020-12-31',
    });
    expect(
      empty
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    ).toHaveLength(3);
  });
});
