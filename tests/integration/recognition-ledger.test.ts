import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveCohort } from '../../app/cohorts/lifecycle.server';
import { recordEarnedMicroCredential } from '../../app/credentials/issue.server';
import {
  addAdjustment,
  getNetHours,
  recordCohortCompletion,
  reverseEntry,
} from '../../app/hours/ledger.server';
import { saveProgress } from '../../app/pathway/progress.server';
import { overrideAttendance } from '../../app/sessions/attendance.server';
import { buildEarnedSubmission, buildMember, buildMicroCredential } from '../../db/builders';
import { withTransaction } from '../../db/transaction';
import { createTestDatabase, type TestDatabase } from '../setup/database';
import {
  buildCompletableCohort,
  buildFinishedShareOut,
  markAttendance,
} from '../fixtures/recognition';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

async function entriesOf(userId: string, cohortId: string) {
  return database.db
    .selectFrom('hours_entry')
    .select(['id', 'source', 'hours', 'reason', 'reverses_entry_id as reversesEntryId'])
    .where('user_id', '=', userId)
    .where('cohort_id', '=', cohortId)
    .orderBy('awarded_at')
    .execute();
}

describe('completing a cohort', () => {
  let cohort: Awaited<ReturnType<typeof buildCompletableCohort>>;

  beforeAll(async () => {
    const { db } = database;
    cohort = await buildCompletableCohort(db, { participants: 2 });
    const [ana, ben] = cohort.participants;
    // Ana attended both coaching sessions, Ben only the first (50% < the 75% threshold)
    for (const coachingSessionId of cohort.sessionIds) {
      await markAttendance(db, { coachingSessionId, userId: ana!.id, present: true });
    }
    await markAttendance(db, {
      coachingSessionId: cohort.sessionIds[0]!,
      userId: ben!.id,
      present: true,
    });
    await markAttendance(db, {
      coachingSessionId: cohort.sessionIds[1]!,
      userId: ben!.id,
      present: false,
    });
  });

  it('waits for the learning to be over, then gives exactly one 15-hour entry to those who completed', async () => {
    const { db } = database;
    const [ana, ben] = cohort.participants;
    const actor = { id: cohort.facilitator.id };
    // finishing the pathway mid-cohort records nothing yet
    for (const memberId of cohort.memberIds) {
      const outcome = await saveProgress(db, {
        cohortId: cohort.cohort.id,
        memberId,
        moduleId: cohort.module.id,
        intent: 'complete',
        reflection: 'Done.',
      });
      expect(outcome.status).toBe('completed');
    }
    expect(await entriesOf(ana!.id, cohort.cohort.id)).toEqual([]);

    expect(
      await moveCohort(db, { cohortId: cohort.cohort.id, to: 'sharing', actorId: actor.id }),
    ).toMatchObject({ status: 'refused' });
    await buildFinishedShareOut(db, { cohortId: cohort.cohort.id, hostId: cohort.coach.id });
    expect(
      await moveCohort(db, { cohortId: cohort.cohort.id, to: 'sharing', actorId: actor.id }),
    ).toMatchObject({ status: 'moved' });
    expect(
      await moveCohort(db, { cohortId: cohort.cohort.id, to: 'completed', actorId: actor.id }),
    ).toMatchObject({ status: 'moved' });

    const anaEntries = await entriesOf(ana!.id, cohort.cohort.id);
    expect(anaEntries).toHaveLength(1);
    expect(anaEntries[0]).toMatchObject({ source: 'completion' });
    expect(Number(anaEntries[0]!.hours)).toBe(15);
    expect(anaEntries[0]!.reason).toContain('attended 2 of 2');
    expect(await entriesOf(ben!.id, cohort.cohort.id)).toEqual([]);

    const notice = await db
      .selectFrom('notification')
      .select(['title', 'href'])
      .where('user_id', '=', ana!.id)
      .where('kind', '=', 'hours.awarded')
      .executeTakeFirstOrThrow();
    expect(notice.title).toContain('15 hours');
  });

  it('adds nothing when the trigger repeats', async () => {
    const { db } = database;
    const [ana] = cohort.participants;
    const again = await recordCohortCompletion(db, { cohortId: cohort.cohort.id });
    expect(again.awardedUserIds).toEqual([]);
    await Promise.all([
      recordCohortCompletion(db, { cohortId: cohort.cohort.id }),
      recordCohortCompletion(db, { cohortId: cohort.cohort.id }),
    ]);
    expect(await entriesOf(ana!.id, cohort.cohort.id)).toHaveLength(1);
  });

  it('gives the hours when an attendance override brings someone over the threshold', async () => {
    const { db } = database;
    const [, ben] = cohort.participants;
    const outcome = await overrideAttendance(db, {
      cohortId: cohort.cohort.id,
      coachingSessionId: cohort.sessionIds[1]!,
      userId: ben!.id,
      present: true,
      reason: 'Joined by phone; I saw him the whole hour',
      actor: { id: cohort.facilitator.id, organizationId: cohort.organization.id },
    });
    expect(outcome.status).toBe('saved');
    const entries = await entriesOf(ben!.id, cohort.cohort.id);
    expect(entries.map((entry) => [entry.source, Number(entry.hours)])).toEqual([
      ['completion', 15],
    ]);
  });

  it('corrects a mistake with a reversing entry that nets to zero, once', async () => {
    const { db } = database;
    const [ana] = cohort.participants;
    const actor = { id: cohort.facilitator.id, organizationId: cohort.organization.id };
    const [original] = await entriesOf(ana!.id, cohort.cohort.id);
    const reversal = await reverseEntry(db, {
      cohortId: cohort.cohort.id,
      entryId: original!.id,
      reason: 'Recorded in the wrong cohort',
      actor,
    });
    expect(reversal.status).toBe('saved');
    expect(await getNetHours(db, { userId: ana!.id, cohortId: cohort.cohort.id })).toBe(0);

    const entries = await entriesOf(ana!.id, cohort.cohort.id);
    expect(entries.map((entry) => [entry.source, Number(entry.hours)])).toEqual([
      ['completion', 15],
      ['reversal', -15],
    ]);
    expect(entries[1]!.reversesEntryId).toBe(original!.id);

    // neither a second reversal nor a repeated trigger brings the hours back
    expect(
      await reverseEntry(db, {
        cohortId: cohort.cohort.id,
        entryId: original!.id,
        reason: 'Again',
        actor,
      }),
    ).toEqual({ status: 'invalid', message: 'That entry is already reversed.' });
    await recordCohortCompletion(db, { cohortId: cohort.cohort.id });
    expect(await getNetHours(db, { userId: ana!.id, cohortId: cohort.cohort.id })).toBe(0);

    const audit = await db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'hours.reversed')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('keeps the ledger append-only: entries cannot be edited', async () => {
    const { db } = database;
    const [ana] = cohort.participants;
    await expect(
      db
        .updateTable('hours_entry')
        .set({ reason: 'edited' })
        .where('user_id', '=', ana!.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
  });

  it('lets the facilitator adjust with a reason, for participants of the cohort only', async () => {
    const { db } = database;
    const [, ben] = cohort.participants;
    const actor = { id: cohort.facilitator.id, organizationId: cohort.organization.id };
    const adjusted = await addAdjustment(db, {
      cohortId: cohort.cohort.id,
      userId: ben!.id,
      hours: 2.5,
      reason: 'Led the share-out workshop',
      actor,
    });
    expect(adjusted.status).toBe('saved');
    expect(await getNetHours(db, { userId: ben!.id, cohortId: cohort.cohort.id })).toBe(17.5);

    const outsider = await addAdjustment(db, {
      cohortId: cohort.cohort.id,
      userId: cohort.coach.id,
      hours: 3,
      reason: 'Not a participant',
      actor,
    });
    expect(outsider).toEqual({
      status: 'invalid',
      message: 'Choose a participant of this cohort.',
    });
  });
});

describe('earning a micro-credential', () => {
  it('gives exactly one 5-hour entry and one credential, and the stack once every part is earned', async () => {
    const { db } = database;
    const cohort = await buildCompletableCohort(db, { participants: 1 });
    const [participant] = cohort.participants;
    const memberId = cohort.memberIds[0]!;
    const first = await buildMicroCredential(db, {
      programId: cohort.program.id,
      code: 'CM-1',
      title: 'Classroom Routines',
      position: 1,
    });
    const second = await buildMicroCredential(db, {
      programId: cohort.program.id,
      code: 'CM-2',
      title: 'Relationships',
      position: 2,
    });
    const submission = await buildEarnedSubmission(db, {
      memberId,
      microCredentialId: first.id,
      scorerId: cohort.coach.id,
    });

    const outcome = await recordEarnedMicroCredential(db, {
      submissionId: submission.id,
      actorId: cohort.coach.id,
      origin: 'https://cadre.example.org',
    });
    expect(outcome).toMatchObject({ status: 'recorded', issued: true, stackCredentialId: null });
    expect(outcome.hoursEntryId).not.toBeNull();

    const repeat = await recordEarnedMicroCredential(db, {
      submissionId: submission.id,
      actorId: cohort.coach.id,
    });
    expect(repeat).toMatchObject({
      status: 'recorded',
      issued: false,
      hoursEntryId: null,
      credentialId: outcome.credentialId,
    });

    const entries = await entriesOf(participant!.id, cohort.cohort.id);
    expect(entries.map((entry) => [entry.source, Number(entry.hours)])).toEqual([
      ['micro-credential', 5],
    ]);
    const credentials = await db
      .selectFrom('credential')
      .select(['id', 'kind'])
      .where('user_id', '=', participant!.id)
      .execute();
    expect(credentials).toEqual([{ id: outcome.credentialId, kind: 'micro-credential' }]);

    // earning the program's last micro-credential completes the stack
    const secondSubmission = await buildEarnedSubmission(db, {
      memberId,
      microCredentialId: second.id,
      scorerId: cohort.coach.id,
    });
    const stacked = await recordEarnedMicroCredential(db, {
      submissionId: secondSubmission.id,
      actorId: cohort.coach.id,
      origin: 'https://cadre.example.org',
    });
    expect(stacked.stackCredentialId).not.toBeNull();
    const parts = await db
      .selectFrom('credential_part')
      .select('part_credential_id as partId')
      .where('stack_credential_id', '=', stacked.stackCredentialId!)
      .execute();
    expect(parts.map((part) => part.partId).sort()).toEqual(
      [outcome.credentialId, stacked.credentialId].sort(),
    );
    const again = await recordEarnedMicroCredential(db, {
      submissionId: secondSubmission.id,
      actorId: cohort.coach.id,
    });
    expect(again.stackCredentialId).toBe(stacked.stackCredentialId);
    const stacks = await db
      .selectFrom('credential')
      .select('id')
      .where('user_id', '=', participant!.id)
      .where('kind', '=', 'stack')
      .execute();
    expect(stacks).toHaveLength(1);
    expect(await getNetHours(db, { userId: participant!.id, cohortId: cohort.cohort.id })).toBe(10);
  });

  it("records a whole cohort's earnings on one connection, past the server's plan cache", async () => {
    const { db } = database;
    // PostgreSQL plans a prepared statement afresh five times, then tries a generic plan;
    // an ON CONFLICT naming a partial index by a parameter fails there (42P10)
    const cohort = await buildCompletableCohort(db, { participants: 8 });
    const microCredential = await buildMicroCredential(db, { programId: cohort.program.id });
    const submissions: { id: string }[] = [];
    for (const memberId of cohort.memberIds) {
      submissions.push(
        await buildEarnedSubmission(db, {
          memberId,
          microCredentialId: microCredential.id,
          scorerId: cohort.coach.id,
        }),
      );
    }
    const outcomes = await withTransaction(db, async (trx) => {
      const recorded = [];
      for (const submission of submissions) {
        recorded.push(
          await recordEarnedMicroCredential(trx, {
            submissionId: submission.id,
            actorId: cohort.coach.id,
            origin: 'https://cadre.example.org',
          }),
        );
      }
      return recorded;
    });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(submissions.map(() => 'recorded'));
    expect(outcomes.every((outcome) => outcome.hoursEntryId !== null)).toBe(true);
    const hours = await db
      .selectFrom('hours_entry')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('micro_credential_id', '=', microCredential.id)
      .executeTakeFirstOrThrow();
    expect(Number(hours.count)).toBe(submissions.length);
  });

  it('records nothing for a submission that is not earned', async () => {
    const { db } = database;
    const cohort = await buildCompletableCohort(db, { participants: 1 });
    const microCredential = await buildMicroCredential(db, { programId: cohort.program.id });
    const draft = await db
      .insertInto('submission')
      .values({ member_id: cohort.memberIds[0]!, micro_credential_id: microCredential.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const outcome = await recordEarnedMicroCredential(db, {
      submissionId: draft.id,
      actorId: cohort.coach.id,
    });
    expect(outcome.status).toBe('not-earned');
    expect(await entriesOf(cohort.participants[0]!.id, cohort.cohort.id)).toEqual([]);
    expect(
      (await recordEarnedMicroCredential(db, { submissionId: 'not-a-uuid', actorId: null })).status,
    ).toBe('not-earned');
  });

  it('counts only participants: a withdrawn member gets no completion hours', async () => {
    const { db } = database;
    const cohort = await buildCompletableCohort(db, { participants: 1, status: 'completed' });
    const [participant] = cohort.participants;
    for (const coachingSessionId of cohort.sessionIds) {
      await markAttendance(db, { coachingSessionId, userId: participant!.id, present: true });
    }
    await db
      .updateTable('cohort_member')
      .set({ status: 'withdrawn' })
      .where('id', '=', cohort.memberIds[0]!)
      .execute();
    await buildMember(db, {
      cohortId: cohort.cohort.id,
      userId: cohort.admin.id,
      role: 'participant',
      status: 'invited',
    });
    expect(
      (await recordCohortCompletion(db, { cohortId: cohort.cohort.id })).awardedUserIds,
    ).toEqual([]);
  });
});
