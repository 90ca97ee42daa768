import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { recordCohortCompletion } from '../../app/hours/ledger.server';
import { schoolYearOf } from '../../app/hours/school-year';
import { createLocalStorage } from '../../app/storage/storage.server';
import { buildUser } from '../../db/builders';
import { buildCompletableCohort, markAttendance } from '../fixtures/recognition';
import { HttpClient } from '../setup/http-client';
import { pdfPageTexts } from '../setup/pdf-text';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'pdf documents test password';
const NAMES = [
  'Đặng Thị Ngọc',
  'Nguyễn Thị Hạnh',
  'Łukasz Żółć',
  'Ştefan Ćosić',
  'Ioana Șerban-Țurcanu',
  '李小龍',
  'فاطمة',
];
let server: TestServer;
let uploads: string;
let cohort: Awaited<ReturnType<typeof buildCompletableCohort>>;
let adminEmail: string;

beforeAll(async () => {
  uploads = await mkdtemp(path.join(tmpdir(), 'cadre-pdf-'));
  server = await startTestServer({ UPLOAD_DIR: uploads });
  await server.mail.stop();
  const passwordHash = await hashPassword(PASSWORD);
  cohort = await buildCompletableCohort(server.db, { participants: 2, passwordHash });
  const admin = await buildUser(server.db, {
    organizationId: cohort.organization.id,
    passwordHash,
    isOrgAdmin: true,
  });
  adminEmail = admin.email;

  // the organization's logo and signature, stored as an upload would be
  const storage = createLocalStorage(uploads);
  const keys: string[] = [];
  for (const text of ['logo', 'signature']) {
    const staged = await storage.stage();
    await staged.write(new Uint8Array(await QRCode.toBuffer(text, { width: 96 })));
    keys.push(await staged.commit());
  }
  await server.db
    .updateTable('organization')
    .set({
      name: 'Asociația Învățătorilor',
      provider_name: 'Three Rivers Education Association',
      provider_number: '4321',
      signatory_name: 'Małgorzata Wiśniewska',
      signatory_title: 'Director of Professional Learning',
      logo_key: keys[0]!,
      logo_type: 'image/png',
      signature_key: keys[1]!,
      signature_type: 'image/png',
    })
    .where('id', '=', cohort.organization.id)
    .execute();

  const participant = cohort.participants[0]!;
  for (const coachingSessionId of cohort.sessionIds) {
    await markAttendance(server.db, { coachingSessionId, userId: participant.id, present: true });
  }
  await server.db
    .insertInto('module_progress')
    .values({
      member_id: cohort.memberIds[0]!,
      module_id: cohort.module.id,
      status: 'completed',
      completed_at: new Date(),
    })
    .execute();
  await server.db
    .updateTable('cohort')
    .set({ status: 'completed' })
    .where('id', '=', cohort.cohort.id)
    .execute();
  await recordCohortCompletion(server.db, { cohortId: cohort.cohort.id });
});

afterAll(async () => {
  await server?.close();
  if (uploads) await rm(uploads, { recursive: true, force: true });
});

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

async function download(client: HttpClient, url: string) {
  const response = await client.get(url);
  expect(response.status, url).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await response.arrayBuffer());
  const lines = (await pdfPageTexts(bytes)).flatMap((page) =>
    page.split('\n').map((line) => line.trim()),
  );
  return { bytes, lines, document: await PDFDocument.load(bytes) };
}

async function rename(name: string) {
  await server.db
    .updateTable('app_user')
    .set({ name, is_paraprofessional: true, state_educator_id: '1234567' })
    .where('id', '=', cohort.participants[0]!.id)
    .execute();
}

describe('certificates, transcripts and Chapter 14 letters', () => {
  it.each(NAMES)('print %s exactly, with the organization behind it and metadata', async (name) => {
    const participant = cohort.participants[0]!;
    const own = await signedIn(participant.email);
    await rename(name);
    const certificate = await download(
      own,
      `/transcripts/${participant.id}/certificates/${cohort.cohort.id}.pdf`,
    );
    expect(certificate.lines).toContain(name);
    expect(certificate.lines).toContain('ASOCIAȚIA ÎNVĂȚĂTORILOR');
    expect(certificate.lines).toContain('Małgorzata Wiśniewska');
    expect(certificate.lines).toContain(
      'Provider: Three Rivers Education Association · Provider number 4321',
    );
    expect(certificate.lines.some((line) => line.startsWith('Activity dates '))).toBe(true);
    expect(certificate.lines.some((line) => line.startsWith(`${server.url}/certificates/`))).toBe(
      true,
    );
    expect(certificate.document.getTitle()).toBe(`Certificate of Completion: ${name}`);
    expect(certificate.document.getAuthor()).toBe('Asociația Învățătorilor');
    expect(certificate.document.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(en-US)');
    // the logo and the signature are drawn
    const images = Buffer.from(certificate.bytes)
      .toString('latin1')
      .match(/\/Subtype \/Image/g);
    expect(images).toHaveLength(2);

    const transcript = await download(own, '/me/transcript.pdf');
    expect(transcript.lines).toContain(name);
    expect(transcript.document.getTitle()).toBe(`Professional-learning transcript: ${name}`);
    expect(transcript.lines).toContain(
      'Provider: Three Rivers Education Association · Provider number 4321',
    );

    const letter = await download(own, '/me/chapter-14.pdf');
    expect(letter.lines.join(' ')).toContain(`This letter is evidence that ${name} (PPID 1234567)`);
    expect(letter.document.getAuthor()).toBe('Asociația Învățătorilor');
  });

  it('counts a paraprofessional’s hours in the July–June year and sets them against 20', async () => {
    const participant = cohort.participants[0]!;
    await rename('Đặng Thị Ngọc');
    const year = schoolYearOf(new Date(), cohort.organization.timezone);
    const own = await signedIn(participant.email);
    const letter = await download(own, `/me/chapter-14.pdf?year=${year.startYear}`);
    const text = letter.lines.join(' ');
    expect(text).toContain(`Staff development hours, school year ${year.label}`);
    expect(text).toContain('at least 20 hours of staff development');
    const total = letter.lines.find((line) => line.startsWith('Total'));
    expect(total).toMatch(/^Total \d+(\.\d+)? hours?$/);

    // another year has no hours; the letter says so rather than failing
    const earlier = await download(own, `/me/chapter-14.pdf?year=${year.startYear - 3}`);
    expect(earlier.lines.join(' ')).toContain('No hours were recorded in this school year.');
    expect(earlier.lines.join(' ')).toContain('20 hours short of 20');
    // a malformed year falls back to this one
    const fallback = await download(own, '/me/chapter-14.pdf?year=%27%3B--');
    expect(fallback.lines.join(' ')).toContain(`school year ${year.label}`);

    // admins and the cohort's facilitator may download it; a stranger may not
    const admin = await signedIn(adminEmail);
    await download(admin, `/transcripts/${participant.id}/chapter-14.pdf`);
    const facilitator = await signedIn(cohort.facilitator.email);
    const partial = await download(facilitator, `/transcripts/${participant.id}/chapter-14.pdf`);
    expect(partial.lines.join(' ')).toContain('This copy lists only the activities');
    const stranger = await signedIn(cohort.participants[1]!.email);
    expect((await stranger.get(`/transcripts/${participant.id}/chapter-14.pdf`)).status).toBe(404);
    // someone not marked as a paraprofessional has no letter
    expect((await stranger.get('/me/chapter-14.pdf')).status).toBe(404);

    // the transcript page offers the letter
    const page = await own.get('/me/transcript');
    expect(await page.text()).toContain(`/me/chapter-14.pdf?year=${year.startYear}`);
  });
});
