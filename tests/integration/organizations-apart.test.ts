import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { AUTH_COOKIE_NAME } from '../../app/auth/session.server';
import { buildUser } from '../../db/builders';
import { buildInvitation } from '../fixtures/invitations';
import { type HttpClient } from '../setup/http-client';
import { connect, createSocket } from '../setup/sockets';
import {
  PASSWORD,
  server,
  a,
  b,
  forming,
  joinCode,
  planId,
  submissionId,
  fileItemId,
  hoursEntryId,
  foreignInvitation,
  guestInvitation,
  sockets,
  signedIn,
  expectAUnchanged,
  toastAfter,
} from './organizations-apart-world';

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
