import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { recordEarnedMicroCredential } from '../../app/credentials/issue.server';
import { recordCohortCompletion } from '../../app/hours/ledger.server';
import { HOURS_CSV_COLUMNS } from '../../app/hours/export.server';
import {
  buildCohortWithPeople,
  buildEarnedSubmission,
  buildMicroCredential,
} from '../../db/builders';
import { buildCompletableCohort, markAttendance } from '../fixtures/recognition';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'transcript test password';
const TRICKY_NAME = 'O’Brien, "Zoë" Ñúñez';
let server: TestServer;
let cohort: Awaited<ReturnType<typeof buildCompletableCohort>>;
let elsewhere: Awaited<ReturnType<typeof buildCohortWithPeople>>;
let credentialId: string;

/** RFC 4180 as a spreadsheet reads it: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string) {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n') {
      row.push(field.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  return rows;
}

beforeAll(async () => {
  server = await startTestServer();
  await server.mail.stop();
  const passwordHash = await hashPassword(PASSWORD);
  cohort = await buildCompletableCohort(server.db, { participants: 2, passwordHash });
  elsewhere = await buildCohortWithPeople(server.db, { participants: 1, passwordHash });
  const [zoe, other] = cohort.participants;
  await server.db
    .updateTable('app_user')
    .set({ name: TRICKY_NAME, state_educator_id: '8675309' })
    .where('id', '=', zoe!.id)
    .execute();
  await server.db
    .updateTable('app_user')
    .set({ name: 'Ada Other' })
    .where('id', '=', other!.id)
    .execute();
  for (const coachingSessionId of cohort.sessionIds) {
    await markAttendance(server.db, { coachingSessionId, userId: zoe!.id, present: true });
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
  const microCredential = await buildMicroCredential(server.db, {
    programId: cohort.program.id,
    code: 'CM-1',
    title: 'Classroom Routines',
  });
  const submission = await buildEarnedSubmission(server.db, {
    memberId: cohort.memberIds[0]!,
    microCredentialId: microCredential.id,
    scorerId: cohort.coach.id,
  });
  credentialId = (await recordEarnedMicroCredential(server.db, {
    submissionId: submission.id,
    actorId: cohort.coach.id,
    origin: server.url,
  }))!.credentialId!;
});

afterAll(async () => {
  await server?.close();
});

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

describe('the hours CSV', () => {
  it('opens correctly with names holding commas, quotes and accents', async () => {
    const facilitator = await signedIn(cohort.facilitator.email);
    const response = await facilitator.get(`/cohorts/${cohort.cohort.id}/hours.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename=".+-hours\.csv"/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    // a UTF-8 byte-order mark, so Excel reads the accents as UTF-8
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...HOURS_CSV_COLUMNS]);
    expect(rows).toHaveLength(2);
    const byColumn = rows.map((row) =>
      Object.fromEntries(header!.map((column, index) => [column, row[index]])),
    );
    for (const row of byColumn) {
      expect(row.educator_name).toBe(TRICKY_NAME);
      expect(row.state_educator_id).toBe('8675309');
      expect(row.activity_start_date).toBe('2027-01-11');
    }
    expect(byColumn.map((row) => [row.source, row.hours]).sort()).toEqual([
      ['Completing the cohort', '15'],
      ['Earning a micro-credential', '5'],
    ]);
    expect(byColumn.find((row) => row.micro_credential)?.micro_credential).toBe(
      'CM-1 Classroom Routines',
    );
  });

  it('keeps reversals as negative numbers, not text', async () => {
    const facilitator = await signedIn(cohort.facilitator.email);
    const entry = await server.db
      .selectFrom('hours_entry')
      .select('id')
      .where('cohort_id', '=', cohort.cohort.id)
      .where('source', '=', 'micro-credential')
      .executeTakeFirstOrThrow();
    const reversed = await facilitator.post(`/cohorts/${cohort.cohort.id}/hours`, {
      intent: 'reverse',
      entryId: entry.id,
      reason: '=HYPERLINK("x") entered twice',
    });
    expect(reversed.status).toBe(302);
    const text = await (await facilitator.get(`/cohorts/${cohort.cohort.id}/hours.csv`)).text();
    const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
    const hours = header!.indexOf('hours');
    const reason = header!.indexOf('reason');
    const reversal = rows.find((row) => row[hours] === '-5')!;
    expect(reversal).toBeDefined();
    // a reason that looks like a formula is kept as text
    expect(reversal[reason]).toBe(`'=HYPERLINK("x") entered twice`);
  });

  it('exports a date range of the whole organization for its admins only', async () => {
    const admin = await signedIn(cohort.admin.email);
    const today = new Date().toISOString().slice(0, 10);
    const inRange = await admin.get(`/admin/hours.csv?from=2020-01-01&to=2099-12-31`);
    expect(inRange.status).toBe(200);
    const rows = parseCsv((await inRange.text()).replace(/^\uFEFF/, ''));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const before = await admin.get(`/admin/hours.csv?from=2020-01-01&to=2020-12-31`);
    expect(parseCsv((await before.text()).replace(/^\uFEFF/, ''))).toHaveLength(1);

    const backwards = await admin.get(`/admin/hours.csv?from=${today}&to=2020-01-01`);
    expect(backwards.status).toBe(302);
    expect((await admin.get('/admin/hours.csv?from=yesterday&to=%27')).status).toBe(302);
    expect((await admin.get('/admin/hours')).status).toBe(200);

    const otherAdmin = await signedIn(elsewhere.admin.email);
    const foreign = await otherAdmin.get(`/admin/hours.csv?from=2020-01-01&to=2099-12-31`);
    expect(parseCsv((await foreign.text()).replace(/^\uFEFF/, ''))).toHaveLength(1);

    const participant = await signedIn(cohort.participants[0]!.email);
    expect((await participant.get('/admin/hours.csv?from=2020-01-01&to=2099-12-31')).status).toBe(
      403,
    );
    expect((await participant.get(`/cohorts/${cohort.cohort.id}/hours.csv`)).status).toBe(403);
  });
});

describe('the hours page', () => {
  it('takes adjustments with a reason and refuses bad input without a change', async () => {
    const facilitator = await signedIn(cohort.facilitator.email);
    const page = `/cohorts/${cohort.cohort.id}/hours`;
    const count = async () =>
      Number(
        (
          await server.db
            .selectFrom('hours_entry')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('cohort_id', '=', cohort.cohort.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const refused: Record<string, string>[] = [
      { intent: 'adjust', userId: cohort.participants[1]!.id, hours: 'lots', reason: 'why not' },
      { intent: 'adjust', userId: cohort.participants[1]!.id, hours: '0', reason: 'nothing' },
      { intent: 'adjust', userId: cohort.participants[1]!.id, hours: '2', reason: '' },
      { intent: 'adjust', userId: 'not-a-person', hours: '2', reason: 'a reason' },
      { intent: 'adjust', userId: cohort.coach.id, hours: '2', reason: 'a reason' },
      { intent: 'reverse', entryId: 'nope', reason: 'a reason' },
      { intent: 'explode' },
    ];
    for (const fields of refused) {
      const response = await facilitator.post(page, fields);
      expect(response.status).toBe(302);
    }
    expect(await count()).toBe(before);

    const coach = await signedIn(cohort.coach.email);
    expect((await coach.get(page)).status).toBe(200);
    expect(
      (
        await coach.post(page, {
          intent: 'adjust',
          userId: cohort.participants[1]!.id,
          hours: '1',
          reason: 'coach try',
        })
      ).status,
    ).toBe(403);

    const added = await facilitator.post(page, {
      intent: 'adjust',
      userId: cohort.participants[1]!.id,
      hours: '1.5',
      reason: 'Presented at the district share-out',
    });
    expect(added.status).toBe(302);
    expect(await count()).toBe(before + 1);
    const html = await (await facilitator.get(page)).text();
    expect(html).toContain('Presented at the district share-out');
    expect(html).toContain('+1.50 hours');
  });
});

describe('transcripts', () => {
  it('are seen by the earner, their cohort’s staff and org admins, and no one else', async () => {
    const zoe = cohort.participants[0]!;
    const path = `/transcripts/${zoe.id}`;
    const own = await signedIn(zoe.email);
    const mine = await own.get('/me/transcript');
    expect(mine.status).toBe(200);
    const html = await mine.text();
    expect(html).toContain('Classroom Routines');
    expect(html).toContain('15 hours');

    for (const email of [cohort.facilitator.email, cohort.coach.email, cohort.admin.email]) {
      const viewer = await signedIn(email);
      expect((await viewer.get(path)).status).toBe(200);
      expect((await viewer.get(`${path}.pdf`)).status).toBe(200);
    }
    for (const email of [
      cohort.participants[1]!.email,
      elsewhere.facilitator.email,
      elsewhere.admin.email,
      elsewhere.participants[0]!.email,
    ]) {
      const viewer = await signedIn(email);
      expect((await viewer.get(path)).status).toBe(404);
      expect((await viewer.get(`${path}.pdf`)).status).toBe(404);
      expect((await viewer.get(`${path}/certificates/${cohort.cohort.id}.pdf`)).status).toBe(404);
    }
    expect((await new HttpClient(server.url).get(path)).status).toBe(302);
    expect((await own.get('/transcripts/not-a-uuid')).status).toBe(404);
  });

  it('downloads as a PDF, with certificates for the completed cohort and the credential', async () => {
    const zoe = cohort.participants[0]!;
    const own = await signedIn(zoe.email);
    const pdf = await own.get('/me/transcript.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const certificate = await own.get(
      `/transcripts/${zoe.id}/certificates/${cohort.cohort.id}.pdf`,
    );
    expect(certificate.status).toBe(200);
    expect(
      Buffer.from(await certificate.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const credentialPdf = await own.get(`/credentials/${credentialId}/certificate.pdf`);
    expect(credentialPdf.status).toBe(200);
    const stranger = await signedIn(cohort.participants[1]!.email);
    expect((await stranger.get(`/credentials/${credentialId}/certificate.pdf`)).status).toBe(404);

    // the certificate's verification page says whether the completion still stands
    const entry = await server.db
      .selectFrom('hours_entry')
      .select('id')
      .where('user_id', '=', zoe.id)
      .where('source', '=', 'completion')
      .executeTakeFirstOrThrow();
    const check = await new HttpClient(server.url).get(`/certificates/${entry.id}`);
    expect(check.status).toBe(200);
    const html = await check.text();
    expect(html).toContain('This certificate is valid');
    expect(html).not.toContain('Zoë');
    expect((await new HttpClient(server.url).get('/certificates/nope')).status).toBe(404);
  });
});

describe('hours rules', () => {
  it('let org admins set the hours a program gives, and refuse bad numbers without a change', async () => {
    const admin = await signedIn(cohort.admin.email);
    expect((await admin.get('/admin/recognition')).status).toBe(200);
    const microCredential = await server.db
      .selectFrom('micro_credential')
      .select('id')
      .where('program_id', '=', cohort.program.id)
      .executeTakeFirstOrThrow();
    const rules = async () =>
      server.db
        .selectFrom('program')
        .innerJoin('micro_credential', 'micro_credential.program_id', 'program.id')
        .select(['program.hours_for_completing as completing', 'micro_credential.hours'])
        .where('program.id', '=', cohort.program.id)
        .executeTakeFirstOrThrow();
    const before = await rules();
    const refused: Record<string, string>[] = [
      { hoursForCompleting: '-1', hoursForAttaining: '5' },
      { hoursForCompleting: 'fifteen', hoursForAttaining: '5' },
      { hoursForCompleting: '15', hoursForAttaining: '5', [`mc-${microCredential.id}`]: '1.234' },
      { hoursForCompleting: '15', hoursForAttaining: '5', 'mc-nope': '3' },
    ];
    for (const fields of refused) {
      const response = await admin.post('/admin/recognition', {
        programId: cohort.program.id,
        ...fields,
      });
      expect(response.status).toBe(302);
    }
    expect(await rules()).toEqual(before);

    const saved = await admin.post('/admin/recognition', {
      programId: cohort.program.id,
      hoursForCompleting: '12.5',
      hoursForAttaining: '5',
      [`mc-${microCredential.id}`]: '4',
    });
    expect(saved.status).toBe(302);
    const after = await rules();
    expect([Number(after.completing), Number(after.hours)]).toEqual([12.5, 4]);

    const otherAdmin = await signedIn(elsewhere.admin.email);
    await otherAdmin.post('/admin/recognition', {
      programId: cohort.program.id,
      hoursForCompleting: '1',
      hoursForAttaining: '1',
    });
    expect(Number((await rules()).completing)).toBe(12.5);
    const participant = await signedIn(cohort.participants[0]!.email);
    expect((await participant.get('/admin/recognition')).status).toBe(403);
  });
});
