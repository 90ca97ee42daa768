import { decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../app/auth/password.server';
import { verifyDataIntegrityProof } from '../../app/credentials/data-integrity.server';
import { recordEarnedMicroCredential } from '../../app/credentials/issue.server';
import { buildEarnedSubmission, buildMicroCredential } from '../../db/builders';
import { buildCompletableCohort } from '../fixtures/recognition';
import { clrSchemaErrors, openBadgeSchemaErrors, verifyVcJwt } from '../fixtures/verifier';
import { HttpClient } from '../setup/http-client';
import { startTestServer, type TestServer } from '../setup/server';

const PASSWORD = 'learner record test password';
let server: TestServer;
let cohort: Awaited<ReturnType<typeof buildCompletableCohort>>;

beforeAll(async () => {
  server = await startTestServer();
  await server.mail.stop();
  cohort = await buildCompletableCohort(server.db, {
    participants: 2,
    passwordHash: await hashPassword(PASSWORD),
  });
  const microCredential = await buildMicroCredential(server.db, {
    programId: cohort.program.id,
    code: 'LR-1',
    title: 'Formative Feedback',
    hours: 5,
    criteria: [{ title: 'Gives timely feedback' }],
  });
  const submission = await buildEarnedSubmission(server.db, {
    memberId: cohort.memberIds[0]!,
    microCredentialId: microCredential.id,
    scorerId: cohort.coach.id,
  });
  await recordEarnedMicroCredential(server.db, {
    submissionId: submission.id,
    actorId: cohort.coach.id,
    origin: server.url,
  });
});

afterAll(async () => {
  await server?.close();
});

async function signedIn(email: string) {
  const client = new HttpClient(server.url);
  expect((await client.signIn(email, PASSWORD)).status).toBe(302);
  return client;
}

describe('the learner record (CLR 2.0)', () => {
  it('is issued to the learner, holds their badges and hours, and verifies', async () => {
    const learner = cohort.participants[0]!;
    const client = await signedIn(learner.email);
    const other = await signedIn(cohort.participants[1]!.email);
    expect(
      (await other.post(`/transcripts/${learner.id}/learner-record`, { intent: 'issue' })).status,
    ).toBe(403);

    const issued = await client.post(`/transcripts/${learner.id}/learner-record`, {
      intent: 'issue',
    });
    expect(issued.status).toBe(303);
    const path = issued.headers.get('location')!;
    expect(path).toMatch(/^\/learner-records\/[0-9a-f-]{36}$/);

    const jwtResponse = await client.get(`${path}.jwt`);
    expect(jwtResponse.headers.get('content-type')).toMatch(/^text\/plain/);
    const jwt = await jwtResponse.text();
    const json = await (await client.get(`${path}.json`)).json();

    expect(clrSchemaErrors(json)).toEqual([]);
    expect(json.type).toEqual(['VerifiableCredential', 'ClrCredential']);
    const held = json.credentialSubject.verifiableCredential as Record<string, unknown>[];
    expect(held).toHaveLength(2);
    for (const credential of held) expect(openBadgeSchemaErrors(credential)).toEqual([]);
    const hours = held.find((credential) => String(credential.id).includes('#hours-')) as {
      credentialSubject: { creditsEarned: number; result: { value: string }[] };
    };
    expect(hours.credentialSubject.creditsEarned).toBe(5);
    expect(hours.credentialSubject.result.map((result) => result.value)).toEqual(['0', '5', '0']);

    const jwks = (await (
      await fetch(`${server.url}/issuers/${cohort.organization.slug}/jwks.json`)
    ).json()) as JSONWebKeySet;
    expect(decodeProtectedHeader(jwt).alg).toBe('RS256');
    const verified = await verifyVcJwt(jwt, jwks);
    expect(verified.problems).toEqual([]);
    expect(verified.payload.sub).toBe(json.credentialSubject.id);
    // the badge inside is the one the earner holds, with its own subject id
    expect((held[0] as { credentialSubject: { id: string } }).credentialSubject.id).toBe(
      json.credentialSubject.id,
    );

    const method = json.proof[0].verificationMethod as string;
    const profile = await (await fetch(json.issuer.id)).json();
    const issuer = {
      id: json.issuer.id,
      assertionMethod: profile.assertionMethod,
      methods: { [method]: await (await fetch(method)).json() },
    };
    expect(await verifyDataIntegrityProof(json, issuer)).toEqual({ verified: true });

    const page = await (await fetch(`${server.url}${path}`)).text();
    expect(page).toContain('Signature verified');
    expect(page).not.toContain(learner.name);
    expect((await fetch(`${server.url}${path}.jwt`)).status).toBe(404);
    console.info(
      `learner record: schema errors 0, JWT verified (RS256), ${held.length} credentials held`,
    );
  });
});
