import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDataIntegrityProof } from '../../app/credentials/data-integrity.server';
import { statusBit } from '../../app/credentials/status-list.server';
import { openBadgeSchemaErrors, verifyVcJwt } from '../fixtures/verifier';
import { hashPassword } from '../../app/auth/password.server';
import { recordEarnedMicroCredential } from '../../app/credentials/issue.server';
import { canonicalJson, hashIdentity } from '../../app/credentials/open-badges.server';
import { buildEarnedSubmission, buildMicroCredential } from '../../db/builders';
import { buildCompletableCohort } from '../fixtures/recognition';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'open badges test password';
let server: TestServer;
let cohort: Awaited<ReturnType<typeof buildCompletableCohort>>;
let credentialId: string;

beforeAll(async () => {
  server = await startTestServer();
  await server.mail.stop();
  cohort = await buildCompletableCohort(server.db, {
    participants: 2,
    passwordHash: await hashPassword(PASSWORD),
  });
  await server.db
    .updateTable('app_user')
    .set({ name: 'Zoë Ortiz-Smith' })
    .where('id', '=', cohort.participants[0]!.id)
    .execute();
  const microCredential = await buildMicroCredential(server.db, {
    programId: cohort.program.id,
    code: 'CM-1',
    title: 'Classroom Routines',
    hours: 5,
    criteria: [{ title: 'Plans the routine' }, { title: 'Reflects on student data' }],
  });
  const submission = await buildEarnedSubmission(server.db, {
    memberId: cohort.memberIds[0]!,
    microCredentialId: microCredential.id,
    scorerId: cohort.coach.id,
    evidence: [{ url: 'https://example.org/zoe/lesson-video', label: 'Lesson video' }],
  });
  const outcome = await recordEarnedMicroCredential(server.db, {
    submissionId: submission.id,
    actorId: cohort.coach.id,
    origin: server.url,
  });
  credentialId = outcome.credentialId!;
});

afterAll(async () => {
  await server?.close();
});

async function totalHours(userId: string) {
  const rows = await server.db
    .selectFrom('hours_entry')
    .select('hours')
    .where('user_id', '=', userId)
    .execute();
  return rows.reduce((sum, row) => sum + Number(row.hours), 0);
}

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

const isNonEmptyString = (value: unknown) => typeof value === 'string' && value.length > 0;
const hasType = (value: { type?: unknown }, type: string) =>
  value.type === type || (Array.isArray(value.type) && value.type.includes(type));

/**
 * The required fields of the Open Badges 3.0 AchievementCredential JSON schema
 * (ob_v3p0_achievementcredential_schema.json) and of the classes it nests, checked by hand.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON, checked field by field
function openBadgeShapeProblems(credential: Record<string, any>): string[] {
  const problems: string[] = [];
  const require = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  require(Array.isArray(credential['@context']) &&
    credential['@context'][0] === 'https://www.w3.org/ns/credentials/v2' &&
    credential['@context'].includes(
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ), '@context');
  require(/^https?:\/\//.test(credential.id), 'id is a URI');
  require(hasType(credential, 'VerifiableCredential') &&
    hasType(credential, 'OpenBadgeCredential'), 'type');
  require(isNonEmptyString(credential.name), 'name');
  require(isNonEmptyString(credential.issuer?.id) &&
    hasType(credential.issuer ?? {}, 'Profile'), 'issuer Profile with id and type');
  require(!Number.isNaN(Date.parse(credential.validFrom)), 'validFrom is a date-time');
  const subject = credential.credentialSubject ?? {};
  require(hasType(subject, 'AchievementSubject'), 'credentialSubject.type');
  const identity = subject.identifier?.[0] ?? {};
  require(identity.type === 'IdentityObject' &&
    identity.hashed === true &&
    /^sha256\$[0-9a-f]{64}$/.test(identity.identityHash) &&
    identity.identityType === 'emailAddress', 'identifier IdentityObject');
  const achievement = subject.achievement ?? {};
  require(isNonEmptyString(achievement.id), 'achievement.id');
  require(hasType(achievement, 'Achievement'), 'achievement.type');
  require(isNonEmptyString(achievement.name), 'achievement.name');
  require(isNonEmptyString(achievement.description), 'achievement.description');
  require(isNonEmptyString(achievement.criteria?.narrative), 'achievement.criteria.narrative');
  require(achievement.achievementType === 'MicroCredential', 'achievementType');
  require(typeof achievement.creditsAvailable === 'number', 'creditsAvailable');
  require(typeof subject.creditsEarned === 'number', 'creditsEarned');
  require(Array.isArray(subject.result) &&
    subject.result.every((result: { type?: unknown }) =>
      hasType(result, 'Result'),
    ), 'result[] of Result');
  require(Array.isArray(credential.evidence) &&
    credential.evidence.every((item: { type?: unknown }) =>
      hasType(item, 'Evidence'),
    ), 'evidence[] of Evidence');
  return problems;
}

describe('the issued credential', () => {
  it('has the Open Badges 3.0 shape, with results per criterion and a salted email hash', async () => {
    const earner = await signedIn(cohort.participants[0]!.email);
    const response = await earner.get(`/credentials/${credentialId}.json`);
    expect(response.status).toBe(200);
    const credential = await response.json();
    expect(openBadgeShapeProblems(credential)).toEqual([]);
    expect(openBadgeSchemaErrors(credential)).toEqual([]);
    expect(credential.credentialSubject.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(credential.credentialSchema).toEqual([
      {
        id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
        type: '1EdTechJsonSchemaValidator2019',
      },
    ]);
    expect(credential.credentialSubject.achievement.image.id).toBe(
      `${server.url}/issuers/${cohort.organization.slug}/image`,
    );
    expect(credential.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListCredential: `${server.url}/issuers/${cohort.organization.slug}/status/revocation`,
    });
    expect(credential.credentialSubject.creditsEarned).toBe(5);
    expect(credential.credentialSubject.achievement.creditsAvailable).toBe(5);
    expect(credential.credentialSubject.result).toHaveLength(2);
    expect(credential.credentialSubject.result[0].value).toBe('Meets');
    expect(credential.evidence).toEqual([
      { id: 'https://example.org/zoe/lesson-video', type: ['Evidence'], name: 'Lesson video' },
    ]);
    const identity = credential.credentialSubject.identifier[0];
    expect(identity.identityHash).toBe(
      hashIdentity(cohort.participants[0]!.email.toUpperCase(), identity.salt),
    );
    // the earner's email and name are not in the document
    expect(JSON.stringify(credential)).not.toContain(cohort.participants[0]!.email);
    expect(JSON.stringify(credential)).not.toContain('Zoë');
  });

  it('verifies with the published key as the spec says, and a tampered copy does not', async () => {
    const earner = await signedIn(cohort.participants[0]!.email);
    const jwtResponse = await earner.get(`/credentials/${credentialId}.jwt`);
    expect(jwtResponse.headers.get('content-type')).toMatch(/^text\/plain/);
    const jwt = await jwtResponse.text();
    const json = await (await earner.get(`/credentials/${credentialId}.json`)).json();

    const profile = await (await fetch(`${server.url}/issuers/${cohort.organization.slug}`)).json();
    expect(profile.id).toBe(json.issuer.id);
    expect(hasType(profile, 'Profile')).toBe(true);
    const jwks = (await (
      await fetch(`${server.url}/issuers/${cohort.organization.slug}/jwks.json`)
    ).json()) as JSONWebKeySet;
    expect(jwks.keys.map((key) => key.alg).sort()).toEqual(['EdDSA', 'RS256']);
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');

    const header = decodeProtectedHeader(jwt);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect((await fetch(String(header.kid))).status).toBe(200);

    const verified = await verifyVcJwt(jwt, jwks);
    expect(verified.problems).toEqual([]);
    expect(verified.payload.sub).toBe(json.credentialSubject.id);
    const { iss, jti, nbf, iat, sub, ...signed } = verified.payload;
    expect([iss, jti, nbf, iat, sub].every((claim) => claim !== undefined)).toBe(true);
    expect(canonicalJson(signed)).toBe(canonicalJson(json));

    const [head, body, signature] = jwt.split('.');
    const altered = JSON.parse(Buffer.from(body!, 'base64url').toString());
    altered.credentialSubject.creditsEarned = 50;
    const tampered = `${head}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`;
    await expect(jwtVerify(tampered, createLocalJWKSet(jwks))).rejects.toThrow(/signature/i);
  });

  it('carries an eddsa-rdfc-2022 proof that verifies with the published Multikey', async () => {
    const earner = await signedIn(cohort.participants[0]!.email);
    const json = await (await earner.get(`/credentials/${credentialId}.json`)).json();
    expect(json.proof).toHaveLength(1);
    expect(json.proof[0]).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
    });
    const method = json.proof[0].verificationMethod as string;
    const key = await (await fetch(method)).json();
    expect(key).toMatchObject({ type: 'Multikey', controller: json.issuer.id });
    const profile = await (await fetch(json.issuer.id)).json();
    expect(profile.assertionMethod).toContain(method);
    const published = {
      id: json.issuer.id,
      assertionMethod: profile.assertionMethod,
      methods: { [method]: key },
    };
    expect(await verifyDataIntegrityProof(json, published)).toEqual({ verified: true });
    const changed = { ...json, name: 'Something else' };
    expect((await verifyDataIntegrityProof(changed, published)).verified).toBe(false);
  });

  it('keeps one subject id per earner per organization', async () => {
    const rows = await server.db
      .selectFrom('credential_subject')
      .select('subject_id')
      .where('user_id', '=', cohort.participants[0]!.id)
      .execute();
    expect(rows).toHaveLength(1);
    const earner = await signedIn(cohort.participants[0]!.email);
    const json = await (await earner.get(`/credentials/${credentialId}.json`)).json();
    expect(json.credentialSubject.id).toBe(`urn:uuid:${rows[0]!.subject_id}`);
  });

  it('shows a changed stored copy as not verifying', async () => {
    const copy = await server.db
      .selectFrom('credential')
      .select(['document'])
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow();
    const document = copy.document as { credentialSubject: { creditsEarned: number } };
    try {
      await server.db
        .updateTable('credential')
        .set({
          document: {
            ...document,
            credentialSubject: { ...document.credentialSubject, creditsEarned: 50 },
          },
        })
        .where('id', '=', credentialId)
        .execute();
      const html = await (await fetch(`${server.url}/credentials/${credentialId}`)).text();
      expect(html).toContain('Signature does not verify');
    } finally {
      await server.db
        .updateTable('credential')
        .set({ document: copy.document })
        .where('id', '=', credentialId)
        .execute();
    }
    const html = await (await fetch(`${server.url}/credentials/${credentialId}`)).text();
    expect(html).toContain('Signature verified');
  });
});

describe('the stack credential', () => {
  it('is issued once every micro-credential is earned, points at its parts and verifies', async () => {
    const second = await buildMicroCredential(server.db, {
      programId: cohort.program.id,
      code: 'CM-2',
      title: 'Positive Relationships',
      position: 2,
    });
    const submission = await buildEarnedSubmission(server.db, {
      memberId: cohort.memberIds[0]!,
      microCredentialId: second.id,
      scorerId: cohort.coach.id,
    });
    const outcome = await recordEarnedMicroCredential(server.db, {
      submissionId: submission.id,
      actorId: cohort.coach.id,
      origin: server.url,
    });
    expect(outcome.stackCredentialId).not.toBeNull();

    const earner = await signedIn(cohort.participants[0]!.email);
    const stack = await (await earner.get(`/credentials/${outcome.stackCredentialId}.json`)).json();
    expect(hasType(stack, 'OpenBadgeCredential')).toBe(true);
    expect(stack.credentialSubject.creditsEarned).toBe(10);
    expect(stack.evidence.map((item: { id: string }) => item.id).sort()).toEqual(
      [credentialId, outcome.credentialId].map((id) => `${server.url}/credentials/${id}`).sort(),
    );
    const jwt = await (await earner.get(`/credentials/${outcome.stackCredentialId}.jwt`)).text();
    const jwks = (await (
      await fetch(`${server.url}/issuers/${cohort.organization.slug}/jwks.json`)
    ).json()) as JSONWebKeySet;
    expect(openBadgeSchemaErrors(stack)).toEqual([]);
    expect((await verifyVcJwt(jwt, jwks)).problems).toEqual([]);

    const page = await (await earner.get(`/credentials/${outcome.stackCredentialId}`)).text();
    expect(page).toContain('Micro-credentials in this stack');
    expect(page).toContain('Positive Relationships');
  });
});

describe('the public page', () => {
  it('shows only what the earner agreed to share', async () => {
    const anonymous = new HttpClient(server.url);
    let page = await anonymous.get(`/credentials/${credentialId}`);
    expect(page.status).toBe(200);
    let html = await page.text();
    expect(html).toContain('Classroom Routines');
    expect(html).toContain('Signature verified');
    expect(html).toContain('Not revoked');
    expect(html).not.toContain('Zoë Ortiz-Smith');
    expect(html).not.toContain('lesson-video');
    expect((await anonymous.get(`/credentials/${credentialId}.json`)).status).toBe(404);
    expect((await anonymous.get(`/credentials/${credentialId}.jwt`)).status).toBe(404);

    // someone else cannot share it for the earner
    const other = await signedIn(cohort.participants[1]!.email);
    await other.post(`/credentials/${credentialId}`, { intent: 'share', share: 'on' });
    expect((await anonymous.get(`/credentials/${credentialId}.json`)).status).toBe(404);

    const earner = await signedIn(cohort.participants[0]!.email);
    expect(
      (await earner.post(`/credentials/${credentialId}`, { intent: 'share', share: 'on' })).status,
    ).toBe(302);
    html = await (await anonymous.get(`/credentials/${credentialId}`)).text();
    expect(html).toContain('Zoë Ortiz-Smith');
    expect(html).toContain('https://example.org/zoe/lesson-video');
    expect((await anonymous.get(`/credentials/${credentialId}.json`)).status).toBe(200);

    await earner.post(`/credentials/${credentialId}`, { intent: 'share', share: 'off' });
    html = await (await anonymous.get(`/credentials/${credentialId}`)).text();
    expect(html).not.toContain('Zoë Ortiz-Smith');
    page = await anonymous.get('/credentials/not-a-credential');
    expect(page.status).toBe(404);
  });

  it('lets only an org admin revoke, with a reason, and then shows it as revoked', async () => {
    const facilitator = await signedIn(cohort.facilitator.email);
    await facilitator.post(`/credentials/${credentialId}`, {
      intent: 'revoke',
      reason: 'Not mine to revoke',
    });
    const admin = await signedIn(cohort.admin.email);
    const blank = await admin.post(`/credentials/${credentialId}`, {
      intent: 'revoke',
      reason: ' ',
    });
    expect(blank.headers.get('location')).toContain('confirm=revoke');
    const still = await server.db
      .selectFrom('credential')
      .select('revoked_at')
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow();
    expect(still.revoked_at).toBeNull();

    const listUrl = `${server.url}/issuers/${cohort.organization.slug}/status/revocation`;
    const jwks = (await (
      await fetch(`${server.url}/issuers/${cohort.organization.slug}/jwks.json`)
    ).json()) as JSONWebKeySet;
    const shared = await (await admin.get(`/credentials/${credentialId}.json`)).json();
    const index = Number(shared.credentialStatus.statusListIndex);
    const readList = async () => {
      const response = await fetch(listUrl);
      expect(response.headers.get('cache-control')).toBe('public, max-age=60');
      const list = await response.json();
      const jwtList = await (
        await fetch(listUrl, { headers: { Accept: 'application/vc+jwt' } })
      ).text();
      const verified = await verifyVcJwt(jwtList, jwks);
      expect(verified.problems).toEqual([]);
      expect(verified.payload.type).toEqual([
        'VerifiableCredential',
        'BitstringStatusListCredential',
      ]);
      const subject = verified.payload.credentialSubject as { encodedList: string };
      expect(subject.encodedList).toBe(list.credentialSubject.encodedList);
      // at least 16 KB uncompressed, as the Bitstring Status List spec asks
      expect(
        gunzipSync(Buffer.from(list.credentialSubject.encodedList.slice(1), 'base64url')).length,
      ).toBeGreaterThanOrEqual(16_384);
      return statusBit(list.credentialSubject.encodedList, index);
    };
    const before = await readList();
    expect(before).toBe(0);
    const stack = await server.db
      .selectFrom('credential_part')
      .select('stack_credential_id as id')
      .where('part_credential_id', '=', credentialId)
      .executeTakeFirstOrThrow();
    const hoursBefore = await totalHours(cohort.participants[0]!.id);

    const revoked = await admin.post(`/credentials/${credentialId}`, {
      intent: 'revoke',
      reason: 'Evidence was not the earner’s own work',
      reverseHours: 'on',
      revokeStacks: 'on',
    });
    expect(revoked.status).toBe(302);
    const after = await readList();
    expect(after).toBe(1);
    console.info(`status bit of credential ${index}: before ${before}, after ${after}`);
    expect(await totalHours(cohort.participants[0]!.id)).toBe(hoursBefore - 5);
    const stackRow = await server.db
      .selectFrom('credential')
      .select(['revoked_at', 'revoked_reason'])
      .where('id', '=', stack.id)
      .executeTakeFirstOrThrow();
    expect(stackRow.revoked_at).not.toBeNull();
    expect(stackRow.revoked_reason).toContain('Classroom Routines');

    const html = await (await fetch(`${server.url}/credentials/${credentialId}`)).text();
    expect(html).toContain('Revoked');
    expect(html).toContain('Evidence was not the earner’s own work');
    expect(html).not.toContain('Not revoked');
    const audit = await server.db
      .selectFrom('audit_log')
      .select('actor_id')
      .where('action', '=', 'credential.revoked')
      .execute();
    expect(audit).toEqual([{ actor_id: cohort.admin.id }, { actor_id: cohort.admin.id }]);
  });
});
