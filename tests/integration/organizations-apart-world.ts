import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { setJoinCode } from '../../app/cohorts/cohort-settings.server';
import { recordEarnedMicroCredential } from '../../app/credentials/issue.server';
import { enqueueEmail } from '../../app/mail/outbox.server';
import { notify } from '../../app/notifications/notify.server';
import {
  buildCohort,
  buildCohortWithPeople,
  buildEarnedSubmission,
  buildMicroCredential,
} from '../../db/builders';
import { buildInvitation } from '../fixtures/invitations';
import { buildCompletableCohort } from '../fixtures/recognition';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { type TestSocket } from '../setup/sockets';

/**
 * Two organizations on one server. Everything of organization A is tried by people of
 * organization B through each way in: the join link, invitations, cohort pages and their
 * downloads, the live room, program pages, admin pages, transcripts, credentials and
 * notifications. Each answer is clear (403, 404, the join or invitation page, or a redirect
 * with an error) and A's rows stay as they were.
 */

export const PASSWORD = 'organizations apart password';
export let server: TestServer;
export let a: Awaited<ReturnType<typeof buildCompletableCohort>>;
export let b: Awaited<ReturnType<typeof buildCohortWithPeople>>;
export let forming: { id: string; name: string };
export let joinCode: string;
export let planId: string;
export let submissionId: string;
export let fileItemId: string;
export let credentialId: string;
export let hoursEntryId: string;
export let emailId: string;
export let notificationId: string;
export let foreignInvitation: { id: string; token: string };
export let guestInvitation: { id: string; token: string };
export const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  await server.mail.stop();
  const db = server.db;
  const passwordHash = await hashPassword(PASSWORD);
  a = await buildCompletableCohort(db, { participants: 2, passwordHash });
  b = await buildCohortWithPeople(db, { participants: 2, passwordHash });
  await db
    .updateTable('organization')
    .set({ name: 'Allegheny Teachers Association' })
    .where('id', '=', a.organization.id)
    .execute();

  // a cohort of A that is still forming, with its join link on and two open invitations
  forming = await buildCohort(db, {
    organizationId: a.organization.id,
    programId: a.program.id,
    facilitatorId: a.facilitator.id,
    name: 'Spring Routines Cohort',
  });
  joinCode = (await setJoinCode(db, {
    cohortId: forming.id,
    enabled: true,
    actor: a.facilitator,
  }))!;
  foreignInvitation = await buildInvitation(db, {
    cohortId: forming.id,
    email: 'newcomer@allegheny.test',
  });
  guestInvitation = await buildInvitation(db, {
    cohortId: forming.id,
    email: b.participants[1]!.email.toUpperCase(),
  });

  // A's cohort in full swing: a shared plan, evidence with a file, a credential, hours, mail
  const unit = await db
    .selectFrom('pathway_unit')
    .select('id')
    .where('cohort_id', '=', a.cohort.id)
    .executeTakeFirstOrThrow();
  planId = (
    await db
      .insertInto('action_plan')
      .values({
        cohort_id: a.cohort.id,
        member_id: a.memberIds[0]!,
        unit_id: unit.id,
        status: 'accepted',
        goal: 'Calm transitions between activities',
        shared_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const microCredential = await buildMicroCredential(db, {
    programId: a.program.id,
    title: 'Classroom Routines',
  });
  submissionId = (
    await buildEarnedSubmission(db, {
      memberId: a.memberIds[0]!,
      microCredentialId: microCredential.id,
      scorerId: a.coach.id,
    })
  ).id;
  fileItemId = (
    await db
      .insertInto('evidence_item')
      .values({
        submission_id: submissionId,
        kind: 'file',
        storage_key: 'never-served',
        file_name: 'lesson-plan.pdf',
        content_type: 'application/pdf',
        byte_size: 10,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  credentialId = (await recordEarnedMicroCredential(db, {
    submissionId,
    actorId: a.coach.id,
    origin: server.url,
  }))!.credentialId!;
  hoursEntryId = (
    await db
      .selectFrom('hours_entry')
      .select('id')
      .where('cohort_id', '=', a.cohort.id)
      .executeTakeFirstOrThrow()
  ).id;
  emailId = (
    await enqueueEmail(db, {
      organizationId: a.organization.id,
      kind: 'invitation',
      to: 'newcomer@allegheny.test',
      subject: 'Allegheny only: your invitation',
      text: 'Only for Allegheny.',
    })
  ).id;
  await notify(db, {
    userId: a.participants[0]!.id,
    cohortId: a.cohort.id,
    kind: 'hours.awarded',
    title: 'Allegheny hours recorded',
    href: '/me/transcript',
  });
  notificationId = (
    await db
      .selectFrom('notification')
      .select('id')
      .where('user_id', '=', a.participants[0]!.id)
      .executeTakeFirstOrThrow()
  ).id;
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

afterAll(async () => {
  await server?.close();
});

export async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

/** what people of B could change in A if a door were open; compared before and after */
export async function stateOfA() {
  const db = server.db;
  const orgA = a.organization.id;
  const count = async (query: Promise<{ n: string | number | bigint } | undefined>) =>
    Number((await query)?.n ?? 0);
  return {
    members: await count(
      db
        .selectFrom('cohort_member')
        .innerJoin('cohort', 'cohort.id', 'cohort_member.cohort_id')
        .select(sql<string>`count(*)`.as('n'))
        .where('cohort.organization_id', '=', orgA)
        .executeTakeFirst(),
    ),
    acceptedInvitations: await count(
      db
        .selectFrom('invitation')
        .select(sql<string>`count(*)`.as('n'))
        .where('cohort_id', '=', forming.id)
        .where('accepted_at', 'is not', null)
        .executeTakeFirst(),
    ),
    hoursEntries: await count(
      db
        .selectFrom('hours_entry')
        .select(sql<string>`count(*)`.as('n'))
        .where('organization_id', '=', orgA)
        .executeTakeFirst(),
    ),
    auditEntries: await count(
      db
        .selectFrom('audit_log')
        .select(sql<string>`count(*)`.as('n'))
        .where('organization_id', '=', orgA)
        .executeTakeFirst(),
    ),
    revokedOrSharedCredentials: await count(
      db
        .selectFrom('credential')
        .select(sql<string>`count(*)`.as('n'))
        .where('organization_id', '=', orgA)
        .where((eb) => eb.or([eb('revoked_at', 'is not', null), eb('shared_at', 'is not', null)]))
        .executeTakeFirst(),
    ),
    readNotifications: await count(
      db
        .selectFrom('notification')
        .select(sql<string>`count(*)`.as('n'))
        .where('id', '=', notificationId)
        .where('read_at', 'is not', null)
        .executeTakeFirst(),
    ),
    programs: JSON.stringify(
      await db
        .selectFrom('program')
        .select(['id', 'hours_for_completing', 'hours_for_attaining'])
        .where('organization_id', '=', orgA)
        .orderBy('id')
        .execute(),
    ),
    microCredentials: JSON.stringify(
      await db
        .selectFrom('micro_credential')
        .select(['id', 'title', 'hours'])
        .where('program_id', '=', a.program.id)
        .orderBy('id')
        .execute(),
    ),
    cohorts: JSON.stringify(
      await db
        .selectFrom('cohort')
        .select(['id', 'name', 'program_id', 'join_code', 'status'])
        .where('organization_id', '=', orgA)
        .orderBy('id')
        .execute(),
    ),
  };
}

export async function expectAUnchanged(attempt: () => Promise<void>) {
  const before = await stateOfA();
  await attempt();
  expect(await stateOfA()).toEqual(before);
}

/** the toast a redirect carries, read from the page it leads to */
export async function toastAfter(client: HttpClient, response: Response) {
  expect(response.status).toBe(302);
  const page = await client.get(response.headers.get('location')!);
  return page.text();
}
