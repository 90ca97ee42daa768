import { describe, expect, it } from 'vitest';
import { HttpClient } from '../setup/http-client';
import {
  server,
  a,
  b,
  credentialId,
  emailId,
  notificationId,
  signedIn,
  expectAUnchanged,
  toastAfter,
} from './organizations-apart-world';

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
