import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('verifies with the published key, and a tampered copy does not', async () => {
    const earner = await signedIn(cohort.participants[0]!.email);
    const jwt = await (await earner.get(`/credentials/${credentialId}.jwt`)).text();
    const json = await (await earner.get(`/credentials/${credentialId}.json`)).json();

    const profile = await (await fetch(`${server.url}/issuers/${cohort.organization.slug}`)).json();
    expect(profile.id).toBe(json.issuer.id);
    expect(hasType(profile, 'Profile')).toBe(true);
    const jwks = (await (
      await fetch(`${server.url}/issuers/${cohort.organization.slug}/jwks.json`)
    ).json()) as JSONWebKeySet;
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    expect(jwks.keys[0]).not.toHaveProperty('d');

    const header = decodeProtectedHeader(jwt);
    expect(header.alg).toBe('EdDSA');
    const single = await fetch(String(header.kid));
    expect(single.status).toBe(200);

    const { payload } = await jwtVerify(jwt, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
    expect(payload.iss).toBe(json.issuer.id);
    expect(payload.jti).toBe(json.id);
    const { iss, jti, nbf, iat, ...signed } = payload;
    expect([iss, jti, nbf, iat].every((claim) => claim !== undefined)).toBe(true);
    expect(canonicalJson(signed)).toBe(canonicalJson(json));

    const [head, body, signature] = jwt.split('.');
    const altered = JSON.parse(Buffer.from(body!, 'base64url').toString());
    altered.credentialSubject.creditsEarned = 50;
    const tampered = `${head}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`;
    await expect(jwtVerify(tampered, createLocalJWKSet(jwks))).rejects.toThrow(/signature/i);
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
    await expect(jwtVerify(jwt, createLocalJWKSet(jwks))).resolves.toBeDefined();

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

    const revoked = await admin.post(`/credentials/${credentialId}`, {
      intent: 'revoke',
      reason: 'Evidence was not the earner’s own work',
    });
    expect(revoked.status).toBe(302);
    const html = await (await fetch(`${server.url}/credentials/${credentialId}`)).text();
    expect(html).toContain('Revoked');
    expect(html).toContain('Evidence was not the earner’s own work');
    expect(html).not.toContain('Not revoked');
    const audit = await server.db
      .selectFrom('audit_log')
      .select('actor_id')
      .where('action', '=', 'credential.revoked')
      .execute();
    expect(audit).toEqual([{ actor_id: cohort.admin.id }]);
  });
});
