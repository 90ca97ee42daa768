import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { buildCohortWithPeople } from '../../db/builders';
import { jpegHead, solidPng, svgLogo } from '../fixtures/images';
import { buildLiveSession } from '../setup/live';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'organization settings password';
const CONFIG_NAMES = /ZOOM_[A-Z_]+|SMTP_URL|REDIS_URL|MAIL_FROM|DATABASE_URL|APP_ORIGIN/;

let server: TestServer;
let uploadDir: string;
let mine: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let other: Awaited<ReturnType<typeof buildCohortWithPeople>>;

beforeAll(async () => {
  uploadDir = await mkdtemp(path.join(os.tmpdir(), 'cadre-org-images-'));
  server = await startTestServer({ UPLOAD_DIR: uploadDir });
  const passwordHash = await hashPassword(PASSWORD);
  mine = await buildCohortWithPeople(server.db, { participants: 1, passwordHash });
  other = await buildCohortWithPeople(server.db, { participants: 1, passwordHash });
});

afterAll(async () => {
  await server?.close();
  await rm(uploadDir, { recursive: true, force: true });
});

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

const validSettings = {
  intent: 'save',
  name: 'Keystone Education Association',
  shortName: 'KEA',
  timezone: 'America/Chicago',
  supportEmail: 'Help@KEA.test',
  supportPhone: '717-555-0100',
  signatoryName: 'Dana Whitfield',
  signatoryTitle: 'Director of Professional Learning',
  providerName: 'Keystone Education Association',
  providerNumber: '4471',
  nonmemberFee: '42.50',
  defaultCompletionHours: '20',
  defaultAttainmentHours: '7.5',
};

async function organizationRow(id: string) {
  return server.db
    .selectFrom('organization')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function auditCount(organizationId: string) {
  const rows = await server.db
    .selectFrom('audit_log')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('action', 'like', 'organization.%')
    .execute();
  return rows.length;
}

async function upload(
  client: HttpClient,
  kind: 'logo' | 'signature',
  bytes: Uint8Array,
  name: string,
) {
  const form = new FormData();
  form.set('intent', `upload-${kind}`);
  form.set('file', new Blob([new Uint8Array(bytes)]), name);
  return fetch(new URL('/admin/organization', server.url), {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: { Cookie: client.cookieHeader, Origin: server.url, 'X-Forwarded-For': client.ip },
  });
}

async function storedFiles() {
  const entries = await readdir(uploadDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('organization settings', () => {
  it('are open to org admins only', async () => {
    const anonymous = new HttpClient(server.url);
    expect((await anonymous.get('/admin/organization')).status).toBe(302);
    for (const person of [mine.facilitator, mine.coach, mine.participants[0]!]) {
      const client = await signedIn(person.email);
      expect((await client.get('/admin/organization')).status).toBe(403);
      expect((await client.get('/admin/integrations')).status).toBe(403);
      const home = await (await client.get('/')).text();
      expect(home).not.toContain('href="/admin/organization"');
    }
    const admin = await signedIn(mine.admin.email);
    const page = await admin.get('/admin/organization');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Organization settings');
    expect(html).toContain('href="/admin/organization"');
    expect(html).toContain('href="/admin/integrations"');
  });

  it('saves every field, dollars as cents, and audits before and after', async () => {
    const admin = await signedIn(mine.admin.email);
    const before = await organizationRow(mine.organization.id);
    const response = await admin.post('/admin/organization', validSettings);
    expect(response.status).toBe(302);
    const after = await organizationRow(mine.organization.id);
    expect(after).toMatchObject({
      name: 'Keystone Education Association',
      short_name: 'KEA',
      timezone: 'America/Chicago',
      support_email: 'help@kea.test',
      support_phone: '717-555-0100',
      signatory_name: 'Dana Whitfield',
      signatory_title: 'Director of Professional Learning',
      provider_name: 'Keystone Education Association',
      provider_number: '4471',
      nonmember_fee_cents: 4250,
    });
    expect(Number(after.default_completion_hours)).toBe(20);
    expect(Number(after.default_attainment_hours)).toBe(7.5);

    const audit = await server.db
      .selectFrom('audit_log')
      .select(['actor_id', 'before', 'after', 'target_id'])
      .where('organization_id', '=', mine.organization.id)
      .where('action', '=', 'organization.settings_updated')
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(mine.admin.id);
    expect(audit.target_id).toBe(mine.organization.id);
    expect(audit.before).toMatchObject({
      name: before.name,
      nonmemberFeeCents: 12500,
      timezone: before.timezone,
    });
    expect(audit.after).toMatchObject({
      name: 'Keystone Education Association',
      nonmemberFeeCents: 4250,
      timezone: 'America/Chicago',
    });

    // the form shows what was saved, in dollars
    const html = await (await admin.get('/admin/organization')).text();
    expect(html).toContain('value="42.50"');
    expect(html).toMatch(/<option value="America\/Chicago" selected/);

    // saving the same values again changes nothing and writes no audit entry
    const count = await auditCount(mine.organization.id);
    expect((await admin.post('/admin/organization', validSettings)).status).toBe(302);
    expect(await auditCount(mine.organization.id)).toBe(count);
  });

  it.each([
    [
      'a time zone not in the list',
      { timezone: 'Mars/Olympus' },
      'Choose a time zone from the list',
    ],
    ['a negative fee', { nonmemberFee: '-5' }, 'The fee cannot be negative'],
    ['a fee that is not a number', { nonmemberFee: 'lots' }, 'Enter the fee as a number'],
    ['negative hours', { defaultCompletionHours: '-1' }, 'The hours cannot be negative'],
    ['an email address that is not one', { supportEmail: 'help at kea' }, 'Enter an email address'],
    ['a phone number of letters', { supportPhone: 'call us' }, 'Enter a phone number'],
    ['an empty name', { name: '   ' }, 'Give the organization a name'],
    ['a short name too long', { shortName: 'x'.repeat(41) }, '40 characters or fewer'],
  ])('refuses %s with a field error and changes nothing', async (_label, change, message) => {
    const admin = await signedIn(mine.admin.email);
    const before = await organizationRow(mine.organization.id);
    const audits = await auditCount(mine.organization.id);
    const response = await admin.post('/admin/organization', {
      ...validSettings,
      name: 'Changed Name That Must Not Stick',
      ...change,
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(message);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('Nothing was saved');
    expect(await organizationRow(mine.organization.id)).toEqual(before);
    expect(await auditCount(mine.organization.id)).toBe(audits);
  });

  it('refuses people who are not org admins, and an org admin changes only their own organization', async () => {
    const before = await organizationRow(mine.organization.id);
    const facilitator = await signedIn(mine.facilitator.email);
    expect(
      (await facilitator.post('/admin/organization', { ...validSettings, name: 'Hijacked' }))
        .status,
    ).toBe(403);
    expect((await upload(facilitator, 'logo', solidPng(4, 4, [0, 0, 0]), 'logo.png')).status).toBe(
      403,
    );
    expect((await facilitator.post('/admin/organization', { intent: 'remove-logo' })).status).toBe(
      403,
    );

    const otherAdmin = await signedIn(other.admin.email);
    const response = await otherAdmin.post('/admin/organization', {
      ...validSettings,
      name: 'The Other Association',
      supportEmail: 'office@other.test',
    });
    expect(response.status).toBe(302);
    expect(await organizationRow(mine.organization.id)).toEqual(before);
    expect((await organizationRow(other.organization.id)).name).toBe('The Other Association');
  });
});

describe('the logo and the signature image', () => {
  it('keeps a PNG logo, serves it publicly with its type, nosniff and a long cache, and shows it in the header', async () => {
    const admin = await signedIn(mine.admin.email);
    const png = solidPng(40, 20, [15, 94, 110]);
    const response = await upload(admin, 'logo', png, 'kea-logo.png');
    expect(response.status).toBe(302);
    const row = await organizationRow(mine.organization.id);
    expect(row.logo_type).toBe('image/png');
    expect(row.logo_key).toMatch(/^[0-9a-f]{2}\/[0-9a-f-]{36}$/);
    const version = row.logo_key!.split('/')[1]!;
    const url = `/organizations/${mine.organization.slug}/logo/${version}`;

    const served = await new HttpClient(server.url).get(url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('cache-control')).toContain('immutable');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);

    // in the header of every page of the organization, beside its short name
    const home = await (await admin.get('/')).text();
    expect(home).toContain(`src="${url}"`);
    expect(home).toMatch(/class="brand__name">KEA</);
    const participant = await signedIn(mine.participants[0]!.email);
    expect(await (await participant.get('/')).text()).toContain(`src="${url}"`);
    // not in another organization's
    const otherHome = await (await (await signedIn(other.participants[0]!.email)).get('/')).text();
    expect(otherHome).not.toContain(url);

    const audit = await server.db
      .selectFrom('audit_log')
      .select(['after'])
      .where('organization_id', '=', mine.organization.id)
      .where('action', '=', 'organization.logo_added')
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ contentType: 'image/png', byteSize: png.length });

    // a replacement gets a new address; the old file and address are gone
    const replaced = await upload(admin, 'logo', jpegHead(), 'logo.jpg');
    expect(replaced.status).toBe(302);
    const after = await organizationRow(mine.organization.id);
    expect(after.logo_type).toBe('image/jpeg');
    expect(after.logo_key).not.toBe(row.logo_key);
    expect((await new HttpClient(server.url).get(url)).status).toBe(404);
    expect(await storedFiles()).toEqual([path.join(uploadDir, after.logo_key!)]);
    const wrongVersion = `/organizations/${mine.organization.slug}/logo/${randomUUID()}`;
    expect((await new HttpClient(server.url).get(wrongVersion)).status).toBe(404);
    expect(
      (await new HttpClient(server.url).get(`/organizations/no-such-org/logo/${version}`)).status,
    ).toBe(404);
  });

  it.each([
    ['a text file named .png', 'logo', Buffer.from('just some text'), 'logo.png', 415],
    ['an SVG (it can carry script)', 'logo', svgLogo(), 'logo.svg', 415],
    ['an SVG named .png', 'logo', svgLogo(), 'logo.png', 415],
    ['a JPEG disguised as .png', 'logo', jpegHead(), 'logo.png', 415],
    ['a PNG disguised as .jpg', 'signature', solidPng(2, 2, [0, 0, 0]), 'sig.jpg', 415],
    ['a PDF', 'signature', Buffer.from('%PDF-1.7\n%%EOF\n'), 'sig.pdf', 415],
    ['an empty file', 'logo', Buffer.alloc(0), 'logo.png', 400],
  ] as const)('refuses %s and changes nothing', async (_label, kind, bytes, name, status) => {
    const admin = await signedIn(mine.admin.email);
    const before = await organizationRow(mine.organization.id);
    const files = await storedFiles();
    const audits = await auditCount(mine.organization.id);
    const response = await upload(admin, kind, bytes, name);
    expect(response.status).toBe(status);
    const html = await response.text();
    expect(html).toMatch(/not a PNG or JPEG|named like|empty or missing/);
    expect(await organizationRow(mine.organization.id)).toEqual(before);
    expect(await storedFiles()).toEqual(files);
    expect(await auditCount(mine.organization.id)).toBe(audits);
  });

  it('refuses a logo over 1 MB and a signature over 512 KB', async () => {
    const admin = await signedIn(mine.admin.email);
    const before = await organizationRow(mine.organization.id);
    const files = await storedFiles();
    const png = solidPng(2, 2, [0, 0, 0]);
    const padded = (size: number) => Buffer.concat([png, Buffer.alloc(size - png.length)]);

    const logo = await upload(admin, 'logo', padded(1024 * 1024 + 1), 'big.png');
    expect(logo.status).toBe(413);
    expect(await logo.text()).toContain('larger than 1 MB');
    const signature = await upload(admin, 'signature', padded(512 * 1024 + 1), 'big.png');
    expect(signature.status).toBe(413);
    expect(await signature.text()).toContain('larger than 512 KB');
    // far over: refused before it is read
    const huge = await upload(admin, 'logo', padded(3 * 1024 * 1024), 'huge.png');
    expect(huge.status).toBe(413);
    await huge.arrayBuffer();

    expect(await organizationRow(mine.organization.id)).toEqual(before);
    expect(await storedFiles()).toEqual(files);
  });

  it('shows the signature image to org admins only, and removes images when asked', async () => {
    const admin = await signedIn(mine.admin.email);
    const png = solidPng(30, 10, [0, 0, 0]);
    expect((await upload(admin, 'signature', png, 'signature.png')).status).toBe(302);
    const row = await organizationRow(mine.organization.id);
    expect(row.signature_type).toBe('image/png');

    const preview = await admin.get('/admin/organization/signature');
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('image/png');
    expect(preview.headers.get('cache-control')).toContain('private');
    expect(Buffer.from(await preview.arrayBuffer()).equals(png)).toBe(true);
    const participant = await signedIn(mine.participants[0]!.email);
    expect((await participant.get('/admin/organization/signature')).status).toBe(403);
    // another organization's admin sees their own organization's (none)
    const otherAdmin = await signedIn(other.admin.email);
    expect((await otherAdmin.get('/admin/organization/signature')).status).toBe(404);

    // removal asks first
    const asking = await (await admin.get('/admin/organization?confirm=remove-signature')).text();
    expect(asking).toContain('Remove the signature image?');

    expect((await admin.post('/admin/organization', { intent: 'remove-signature' })).status).toBe(
      302,
    );
    expect((await admin.post('/admin/organization', { intent: 'remove-logo' })).status).toBe(302);
    const after = await organizationRow(mine.organization.id);
    expect(after.signature_key).toBeNull();
    expect(after.logo_key).toBeNull();
    expect(await storedFiles()).toEqual([]);
    const removals = await server.db
      .selectFrom('audit_log')
      .select('action')
      .where('organization_id', '=', mine.organization.id)
      .where('action', 'in', ['organization.logo_removed', 'organization.signature_removed'])
      .execute();
    expect(removals).toHaveLength(2);
    const home = await (await admin.get('/')).text();
    expect(home).not.toContain('brand__logo');
  });
});

describe('error pages', () => {
  it('show the organization’s support contact when it is set', async () => {
    const participant = await signedIn(mine.participants[0]!.email);
    const missing = await participant.get(`/cohorts/${randomUUID()}`);
    expect(missing.status).toBe(404);
    const html = await missing.text();
    expect(html).toContain('Need help?');
    expect(html).toContain('href="mailto:help@kea.test"');
    expect(html).toContain('href="tel:7175550100"');

    const otherParticipant = await signedIn(other.participants[0]!.email);
    const elsewhere = await (await otherParticipant.get(`/cohorts/${randomUUID()}`)).text();
    expect(elsewhere).not.toContain('help@kea.test');
  });
});

describe('configuration names', () => {
  it('appear on the org admin’s integrations page only, in plain words elsewhere', async () => {
    const session = await buildLiveSession(server.db, {
      cohortId: mine.cohort.id,
      hostId: mine.coach.id,
    });
    await server.db
      .updateTable('coaching_session')
      .set({ join_url: 'https://zoom.us/j/123456789' })
      .where('id', '=', session.id)
      .execute();
    const pages = [
      `/cohorts/${mine.cohort.id}/sessions`,
      `/cohorts/${mine.cohort.id}/sessions/${session.id}`,
      '/',
    ];
    for (const person of [mine.facilitator, mine.participants[0]!, mine.admin]) {
      const client = await signedIn(person.email);
      for (const page of pages) {
        const response = await client.get(page);
        const html = await response.text();
        expect(response.status, `${person.email} ${page}`).toBe(200);
        expect(html, `${person.email} ${page}`).not.toMatch(CONFIG_NAMES);
      }
    }
    const admin = await signedIn(mine.admin.email);
    const outbox = await (await admin.get('/admin/outbox')).text();
    expect(outbox).not.toMatch(CONFIG_NAMES);
    const facilitator = await signedIn(mine.facilitator.email);
    const sessions = await (await facilitator.get(`/cohorts/${mine.cohort.id}/sessions`)).text();
    expect(sessions).toContain('Zoom is not connected');
    expect(sessions).toContain('admin can connect Zoom');
    const adminSessions = await (await admin.get(`/cohorts/${mine.cohort.id}/sessions`)).text();
    expect(adminSessions).toContain('href="/admin/integrations"');

    const integrations = await admin.get('/admin/integrations');
    expect(integrations.status).toBe(200);
    const html = await integrations.text();
    expect(html).toContain('ZOOM_MEETING_SDK_KEY');
    expect(html).toContain('SMTP_URL');
    expect(html).toContain('REDIS_URL');
    expect(html).toContain('Participants join Zoom in the Zoom app instead of inside Cadre');
    expect(html).toContain('Email is stored in the outbox and not delivered');
    expect(html).toContain('Single sign-on');
    expect(html).toContain('Not set up');
    expect(html).not.toMatch(/class="badge badge--ok"/);
  });
});
