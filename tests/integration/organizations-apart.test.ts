import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { setJoinCode } from '../../app/cohorts/cohort-settings.server';
import { recordEarnedMicroCredential } from '../../app/credentials/issue.server';
import { enqueueEmail } from '../../app/mail/outbox.server';
import { notify } from '../../app/notifications/notify.server';
import {
  buildCohort,
  buildCohortWithPeople,
  buildEarnedSubmission,
  buildMicroCredential,
  buildUser,
} from '../../db/builders';
import { buildInvitation } from '../fixtures/invitations';
import { buildCompletableCohort } from '../fixtures/recognition';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';
import { connect, createSocket, type TestSocket } from '../setup/sockets';

/**
 * Two organizations on one server. Everything of organization A is tried by people of
 * organization B through each way in: the join link, invitations, cohort pages and their
 * downloads, the live room, program pages, admin pages, transcripts, credentials and
 * notifications. Each answer is clear (403, 404, the join or invitation page, or a redirect
 * with an error) and A's rows stay as they were.
 */

const PASSWORD = 'organizations apart password';
let server: TestServer;
let a: Awaited<ReturnType<typeof buildCompletableCohort>>;
let b: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let forming: { id: string; name: string };
let joinCode: string;
let planId: string;
let submissionId: string;
let fileItemId: string;
let credentialId: string;
let hoursEntryId: string;
let emailId: string;
let notificationId: string;
let foreignInvitation: { id: string; token: string };
let guestInvitation: { id: string; token: string };
const sockets: TestSocket[] = [];

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

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

/** what people of B could change in A if a door were open; compared before and after */
async function stateOfA() {
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

async function expectAUnchanged(attempt: () => Promise<void>) {
  const before = await stateOfA();
  await attempt();
  expect(await stateOfA()).toEqual(before);
}

/** the toast a redirect carries, read from the page it leads to */
async function toastAfter(client: HttpClient, response: Response) {
  expect(response.status).toBe(302);
  const page = await client.get(response.headers.get('location')!);
  return page.text();
}

describe('the join link', () => {
  it('admits a person of the cohort’s own organization', async () => {
    const colleague = await buildUser(server.db, {
      organizationId: a.organization.id,
      passwordHash: await hashPassword(PASSWORD),
    });
    const client = await signedIn(colleague.email);
    const page = await client.get(`/join/${joinCode}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Join the cohort');
    const joined = await client.post(`/join/${joinCode}`, { intent: 'join' });
    expect(joined.status).toBe(302);
    expect(joined.headers.get('location')).toBe(`/cohorts/${forming.id}`);
  });

  it('shows a person of another organization a page that says to ask for an invitation, and changes nothing', async () => {
    const outsider = b.participants[0]!;
    const client = await signedIn(outsider.email);
    await expectAUnchanged(async () => {
      const page = await client.get(`/join/${joinCode}`);
      expect(page.status).toBe(403);
      const html = await page.text();
      expect(html).toContain('This join link is for Allegheny Teachers Association');
      expect(html).toContain(
        `ask ${a.facilitator.name} to send an invitation to ${outsider.email}`,
      );
      expect(html).not.toContain('Join the cohort</button>');

      const posted = await client.post(`/join/${joinCode}`, { intent: 'join' });
      expect(posted.status).toBe(403);
      expect(await posted.text()).toContain('This join link is for Allegheny Teachers Association');
    });
    const membership = await server.db
      .selectFrom('cohort_member')
      .select('id')
      .where('user_id', '=', outsider.id)
      .where('cohort_id', '=', forming.id)
      .executeTakeFirst();
    expect(membership).toBeUndefined();
  });

  it('refuses the other organization’s admin the same way', async () => {
    const client = await signedIn(b.admin.email);
    await expectAUnchanged(async () => {
      expect((await client.post(`/join/${joinCode}`, { intent: 'join' })).status).toBe(403);
    });
  });
});

describe('invitations', () => {
  it('admit only the address they were sent to: anyone else sees whose it is, and nothing changes', async () => {
    for (const email of [b.admin.email, a.participants[1]!.email]) {
      const client = await signedIn(email);
      await expectAUnchanged(async () => {
        const page = await client.get(`/invitations/${foreignInvitation.token}`);
        expect(page.status).toBe(403);
        const html = await page.text();
        expect(html).toContain('This invitation is for newcomer@allegheny.test');
        expect(html).toContain('Sign out');
        const accepted = await client.post(`/invitations/${foreignInvitation.token}`, {
          intent: 'accept',
        });
        expect(accepted.status).toBe(403);
      });
    }
    const invitation = await server.db
      .selectFrom('invitation')
      .select(['accepted_at', 'accepted_by'])
      .where('id', '=', foreignInvitation.id)
      .executeTakeFirstOrThrow();
    expect(invitation).toEqual({ accepted_at: null, accepted_by: null });
  });

  it('sent to a person of another organization admit them as a guest, whose account stays where it was', async () => {
    const guest = b.participants[1]!;
    const client = await signedIn(guest.email);
    const page = await client.get(`/invitations/${guestInvitation.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Accept and join the cohort');
    const accepted = await client.post(`/invitations/${guestInvitation.token}`, {
      intent: 'accept',
    });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get('location')).toBe(`/cohorts/${forming.id}`);
    expect((await client.get(`/cohorts/${forming.id}`)).status).toBe(200);

    const account = await server.db
      .selectFrom('app_user')
      .select('organization_id')
      .where('id', '=', guest.id)
      .executeTakeFirstOrThrow();
    expect(account.organization_id).toBe(b.organization.id);
    // the invitation opened one cohort, nothing else of A
    expect((await client.get(`/cohorts/${a.cohort.id}`)).status).toBe(403);
    expect((await client.get(`/programs/${a.program.id}/credentials`)).status).toBe(403);
  });
});

describe('a guest on a cohort’s staff', () => {
  it('edits the cohort within its own organization’s programs and people, never the guest’s', async () => {
    const guest = b.facilitator;
    const invitation = await buildInvitation(server.db, {
      cohortId: forming.id,
      email: guest.email,
      role: 'facilitator',
    });
    const client = await signedIn(guest.email);
    expect(
      (await client.post(`/invitations/${invitation.token}`, { intent: 'accept' })).status,
    ).toBe(302);

    const settings = `/cohorts/${forming.id}/settings`;
    const page = await client.get(settings);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`value="${a.program.id}"`);
    expect(html).not.toContain(`value="${b.program.id}"`);
    expect(html).not.toContain(`value="${b.coach.id}"`);

    const form = {
      programId: a.program.id,
      name: forming.name,
      capacity: '20',
      startsOn: '2027-01-11',
      endsOn: '2027-04-30',
      timezone: 'America/New_York',
      coachId: '',
    };
    await expectAUnchanged(async () => {
      for (const planted of [{ programId: b.program.id }, { coachId: b.coach.id }]) {
        const response = await client.post(settings, { ...form, ...planted });
        expect(response.status).toBe(400);
        expect(await response.text()).toContain('from the list');
      }
    });
  });
});

describe('cohort pages and their downloads', () => {
  const pagesOfA = () => {
    const cohort = `/cohorts/${a.cohort.id}`;
    const session = `${cohort}/sessions/${a.sessionIds[0]}`;
    return [
      cohort,
      `${cohort}/roster`,
      `${cohort}/roster.csv`,
      `${cohort}/progress.csv`,
      `${cohort}/hours`,
      `${cohort}/hours.csv`,
      `${cohort}/assessment/results.csv`,
      `${cohort}/pathway`,
      `${cohort}/plans/${planId}`,
      `${cohort}/plans/${planId}/pdf`,
      `${cohort}/gallery`,
      `${cohort}/gallery/booklet.pdf`,
      `${cohort}/evidence/${submissionId}`,
      `${cohort}/evidence/${submissionId}/files/${fileItemId}`,
      `${cohort}/settings`,
      `${cohort}/invite`,
      session,
      `${session}/attendance.csv`,
      `${session}/live.csv`,
      `${session}/calendar.ics`,
    ];
  };

  it('answer 403 to every person of another organization, its admin included', async () => {
    for (const email of [b.admin.email, b.facilitator.email, b.participants[0]!.email]) {
      const client = await signedIn(email);
      for (const path of pagesOfA()) {
        const response = await client.get(path);
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
      }
    }
    // the same pages open for A's own facilitator, so the 403s above are about the organization
    const own = await signedIn(a.facilitator.email);
    for (const path of pagesOfA().filter((path) => !path.includes('/files/'))) {
      const response = await own.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
  });

  it('answer 404 when A’s ids are put under a cohort of B that the person runs', async () => {
    const client = await signedIn(b.facilitator.email);
    const mine = `/cohorts/${b.cohort.id}`;
    for (const path of [
      `${mine}/plans/${planId}`,
      `${mine}/plans/${planId}/pdf`,
      `${mine}/evidence/${submissionId}`,
      `${mine}/evidence/${submissionId}/files/${fileItemId}`,
      `${mine}/sessions/${a.sessionIds[0]}`,
      `${mine}/sessions/${a.sessionIds[0]}/attendance.csv`,
      `${mine}/sessions/${a.sessionIds[0]}/live.csv`,
      `${mine}/sessions/${a.sessionIds[0]}/calendar.ics`,
    ]) {
      const response = await client.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });

  it('refuse every write to A’s cohort, and A’s ledger entries from B’s own cohort', async () => {
    const admin = await signedIn(b.admin.email);
    const facilitator = await signedIn(b.facilitator.email);
    await expectAUnchanged(async () => {
      const writes: [HttpClient, string, Record<string, string>][] = [
        [
          admin,
          `/cohorts/${a.cohort.id}/hours`,
          {
            intent: 'adjust',
            userId: a.participants[0]!.id,
            hours: '5',
            reason: 'from elsewhere',
          },
        ],
        [admin, `/cohorts/${a.cohort.id}/settings`, { intent: 'join-code-off' }],
        [admin, `/cohorts/${forming.id}/invite`, { intent: 'send' }],
        [facilitator, `/cohorts/${a.cohort.id}/roster`, { intent: 'withdraw' }],
      ];
      for (const [client, path, fields] of writes) {
        const response = await client.post(path, fields);
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
      }
      const reversed = await facilitator.post(`/cohorts/${b.cohort.id}/hours`, {
        intent: 'reverse',
        entryId: hoursEntryId,
        reason: 'not mine to reverse',
      });
      expect(await toastAfter(facilitator, reversed)).toContain(
        'That entry does not exist in this cohort.',
      );
    });
  });

  it('keep the live room, cohort presence and the Zoom signature closed to another organization', async () => {
    const client = await signedIn(b.admin.email);
    const socket = createSocket(server.url, {
      cookie: `${AUTH_COOKIE_NAME}=${client.cookie(AUTH_COOKIE_NAME)}`,
    });
    sockets.push(socket);
    await connect(socket);
    const joined = await socket.emitWithAck('room:join', { coachingSessionId: a.sessionIds[0]! });
    expect(joined).toHaveProperty('error');
    expect(await socket.emitWithAck('presence:watch', { cohortId: a.cohort.id })).toEqual({
      error: 'forbidden',
    });
    const signature = await client.post('/resources/zoom-signature', {
      cohortId: a.cohort.id,
      coachingSessionId: a.sessionIds[0]!,
    });
    expect(signature.status).toBe(403);
  });
});

describe('program pages', () => {
  it('answer 403 to another organization’s admin and coach, and take no edits from them', async () => {
    const pages = [
      `/programs/${a.program.id}/assessment`,
      `/programs/${a.program.id}/assessment/preview`,
      `/programs/${a.program.id}/credentials`,
    ];
    for (const email of [b.admin.email, b.coach.email]) {
      const client = await signedIn(email);
      await expectAUnchanged(async () => {
        for (const path of pages) {
          expect({ path, status: (await client.get(path)).status }).toEqual({ path, status: 403 });
        }
        const created = await client.post(`/programs/${a.program.id}/credentials`, {
          intent: 'save',
          code: 'B-1',
          title: 'Planted from elsewhere',
        });
        expect(created.status).toBe(403);
        const assessment = await client.post(`/programs/${a.program.id}/assessment`, {
          intent: 'create-version',
          title: 'Planted from elsewhere',
        });
        expect(assessment.status).toBe(403);
      });
    }
    // A's admin opens them (the preview needs an assessment, which A's program has not got)
    const own = await signedIn(a.admin.email);
    for (const path of pages.filter((path) => path.endsWith('/assessment'))) {
      expect({ path, status: (await own.get(path)).status }).toEqual({ path, status: 200 });
    }
    // micro-credentials are edited in the authoring editor, where the old page now leads
    const credentials = await own.get(`/programs/${a.program.id}/credentials`);
    expect(credentials.headers.get('location')).toBe(`/authoring/programs/${a.program.id}`);
    expect((await own.get(`/authoring/programs/${a.program.id}`)).status).toBe(200);
  });
});

describe('admin pages', () => {
  it('show another organization’s admin only their own outbox, ledger export and hours rules', async () => {
    const client = await signedIn(b.admin.email);
    await expectAUnchanged(async () => {
      expect((await client.get(`/admin/outbox/${emailId}`)).status).toBe(404);
      const outbox = await client.get('/admin/outbox');
      expect(outbox.status).toBe(200);
      expect(await outbox.text()).not.toContain('Allegheny only');
      const csv = await client.get('/admin/hours.csv?from=2020-01-01&to=2099-12-31');
      expect(csv.status).toBe(200);
      const text = await csv.text();
      expect(text).not.toContain(a.participants[0]!.name);
      expect(text.trim().split('\n')).toHaveLength(1);
      const rules = await client.post('/admin/recognition', {
        programId: a.program.id,
        hoursForCompleting: '99',
        hoursForAttaining: '99',
      });
      expect(await toastAfter(client, rules)).toContain('That program was not found.');
    });
    const own = await signedIn(a.admin.email);
    expect((await own.get(`/admin/outbox/${emailId}`)).status).toBe(200);
  });
});

describe('transcripts', () => {
  it('answer 404 to another organization’s admin, for the page and both PDFs', async () => {
    const person = a.participants[0]!.id;
    const paths = [
      `/transcripts/${person}`,
      `/transcripts/${person}.pdf`,
      `/transcripts/${person}/certificates/${a.cohort.id}.pdf`,
    ];
    for (const email of [b.admin.email, b.facilitator.email]) {
      const client = await signedIn(email);
      for (const path of paths) {
        expect({ path, status: (await client.get(path)).status }).toEqual({ path, status: 404 });
      }
    }
    const own = await signedIn(a.admin.email);
    expect((await own.get(`/transcripts/${person}`)).status).toBe(200);
  });
});

describe('credentials', () => {
  it('show another organization only what the public sees, and take no revocation or sharing from it', async () => {
    const client = await signedIn(b.admin.email);
    await expectAUnchanged(async () => {
      const page = await client.get(`/credentials/${credentialId}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Classroom Routines');
      expect(html).not.toContain(a.participants[0]!.name);
      for (const path of [
        `/credentials/${credentialId}.json`,
        `/credentials/${credentialId}.jwt`,
        `/credentials/${credentialId}/certificate.pdf`,
      ]) {
        expect({ path, status: (await client.get(path)).status }).toEqual({ path, status: 404 });
      }
      const revoked = await client.post(`/credentials/${credentialId}`, {
        intent: 'revoke',
        reason: 'revoked from elsewhere',
      });
      expect(await toastAfter(client, revoked)).toContain('only an org admin can revoke it');
      const shared = await client.post(`/credentials/${credentialId}`, {
        intent: 'share',
        share: 'on',
      });
      expect(await toastAfter(client, shared)).toContain('Only the earner can share');
    });
  });
});

describe('notifications', () => {
  it('cannot be read or marked by a person of another organization', async () => {
    const client = await signedIn(b.participants[0]!.email);
    await expectAUnchanged(async () => {
      const page = await client.get('/notifications');
      expect(await page.text()).not.toContain('Allegheny hours recorded');
      const marked = await client.post('/notifications', { notificationId });
      expect(await toastAfter(client, marked)).toContain('That notice is no longer there.');
    });
  });
});

describe('public by design', () => {
  it('serves the issuer profile, its keys and a credential’s check page to anyone', async () => {
    const anyone = new HttpClient(server.url);
    const issuer = await anyone.get(`/issuers/${a.organization.slug}`);
    expect(issuer.status).toBe(200);
    expect(await issuer.json()).toMatchObject({ name: 'Allegheny Teachers Association' });
    const keys = await anyone.get(`/issuers/${a.organization.slug}/jwks.json`);
    expect(keys.status).toBe(200);
    expect(((await keys.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    const credential = await anyone.get(`/credentials/${credentialId}`);
    expect(credential.status).toBe(200);
    const html = await credential.text();
    expect(html).toContain('Classroom Routines');
    // the earner's name shows only once they share it
    expect(html).not.toContain(a.participants[0]!.name);
  });
});
