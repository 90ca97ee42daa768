import { createHash, randomBytes } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT, type CryptoKey, type KeyObject } from 'jose';
import { importJWK } from 'jose';

/**
 * Open Badges 3.0: the OpenBadgeCredential document (a W3C Verifiable Credential 2.0 with the
 * OB 3.0.3 context) and its VC-JWT proof, signed EdDSA (Ed25519).
 */

export const CREDENTIAL_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
] as const;

/** the address credentials and issuer profiles are named by; APP_ORIGIN in production */
export function credentialOrigin(origin?: string | null) {
  const chosen = origin ?? process.env.APP_ORIGIN ?? 'http://localhost:3000';
  return chosen.replace(/\/$/, '');
}

export const credentialUrl = (origin: string, credentialId: string) =>
  `${origin}/credentials/${credentialId}`;
export const issuerUrl = (origin: string, slug: string) => `${origin}/issuers/${slug}`;
export const keyUrl = (origin: string, slug: string, keyId: string) =>
  `${issuerUrl(origin, slug)}/keys/${keyId}`;

export function issuerProfile(origin: string, organization: { name: string; slug: string }) {
  return {
    id: issuerUrl(origin, organization.slug),
    type: ['Profile'],
    name: organization.name,
    url: origin,
  };
}

/** OB 3.0 hashed identity: "sha256$" + hex(sha256(email + salt)), the email lower-cased */
export function hashIdentity(email: string, salt: string) {
  return `sha256$${createHash('sha256')
    .update(email.trim().toLowerCase() + salt)
    .digest('hex')}`;
}

export const newSalt = () => randomBytes(16).toString('hex');

export interface CriterionResult {
  criterionId: string;
  title: string;
  meetsDescription: string;
  result: 'meets' | 'not-yet';
}

export interface CredentialInput {
  origin: string;
  credentialId: string;
  organization: { name: string; slug: string };
  achievement: {
    id: string;
    name: string;
    description: string;
    criteriaNarrative: string;
    achievementType: 'MicroCredential' | 'Certificate';
    humanCode?: string;
    creditsAvailable: number;
  };
  email: string;
  salt: string;
  validFrom: Date;
  creditsEarned: number;
  results: CriterionResult[];
  evidence: { id: string; name: string; description?: string }[];
}

const levelId = (criterionId: string, level: 'meets' | 'not-yet') =>
  `urn:uuid:${criterionId}#${level}`;

/** The unsigned OpenBadgeCredential, with only the fields the spec defines. */
export function buildOpenBadgeCredential(input: CredentialInput) {
  const { achievement } = input;
  return {
    '@context': [...CREDENTIAL_CONTEXT],
    id: credentialUrl(input.origin, input.credentialId),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: achievement.name,
    issuer: issuerProfile(input.origin, input.organization),
    validFrom: input.validFrom.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: hashIdentity(input.email, input.salt),
          identityType: 'emailAddress',
          hashed: true,
          salt: input.salt,
        },
      ],
      achievement: {
        id: achievement.id,
        type: ['Achievement'],
        name: achievement.name,
        description: achievement.description || achievement.name,
        achievementType: achievement.achievementType,
        ...(achievement.humanCode ? { humanCode: achievement.humanCode } : {}),
        criteria: { narrative: achievement.criteriaNarrative },
        creditsAvailable: achievement.creditsAvailable,
        ...(input.results.length > 0
          ? {
              resultDescription: input.results.map((criterion) => ({
                id: `urn:uuid:${criterion.criterionId}`,
                type: ['ResultDescription'],
                name: criterion.title,
                resultType: 'RubricCriterionLevel',
                rubricCriterionLevel: [
                  {
                    id: levelId(criterion.criterionId, 'meets'),
                    type: ['RubricCriterionLevel'],
                    name: 'Meets',
                    description: criterion.meetsDescription,
                  },
                  {
                    id: levelId(criterion.criterionId, 'not-yet'),
                    type: ['RubricCriterionLevel'],
                    name: 'Not yet',
                  },
                ],
              })),
            }
          : {}),
      },
      creditsEarned: input.creditsEarned,
      result: input.results.map((criterion) => ({
        type: ['Result'],
        resultDescription: `urn:uuid:${criterion.criterionId}`,
        achievedLevel: levelId(criterion.criterionId, criterion.result),
        value: criterion.result === 'meets' ? 'Meets' : 'Not yet',
      })),
    },
    evidence: input.evidence.map((item) => ({
      id: item.id,
      type: ['Evidence'],
      name: item.name,
      ...(item.description ? { description: item.description } : {}),
    })),
  };
}

export type OpenBadgeCredential = ReturnType<typeof buildOpenBadgeCredential>;

/**
 * The VC-JWT of OB 3.0 §8.2: the credential is the payload, with iss, jti and nbf set from
 * it; `kid` is the address of the issuer's public key.
 */
export async function signCredential(
  document: OpenBadgeCredential,
  key: { privateKey: CryptoKey | KeyObject | Uint8Array; kid: string },
) {
  const validFrom = Math.floor(new Date(document.validFrom).getTime() / 1000);
  return new SignJWT({ ...document })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: key.kid })
    .setIssuer(document.issuer.id)
    .setJti(document.id)
    .setNotBefore(validFrom)
    .setIssuedAt(validFrom)
    .sign(key.privateKey);
}

/** JSON with sorted keys, so a document read back from jsonb compares with the signed one. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const JWT_CLAIMS = ['iss', 'jti', 'nbf', 'iat', 'exp', 'sub'];

export interface JwtCheck {
  /** the signature verifies with one of the issuer's published keys */
  signatureValid: boolean;
  /** the signed payload is the same credential as the JSON document served beside it */
  matchesDocument: boolean;
  problem: string | null;
}

/**
 * Checks a VC-JWT against the issuer's public keys (looked up by the last part of `kid`)
 * and, when given, against the JSON document it should carry.
 */
export async function checkCredentialJwt(
  jwt: string,
  publicKeys: { kid: string; kty: 'OKP'; crv: 'Ed25519'; x: string }[],
  document?: unknown,
): Promise<JwtCheck> {
  try {
    const header = decodeProtectedHeader(jwt);
    const keyId = String(header.kid ?? '')
      .split('/')
      .pop();
    const jwk = publicKeys.find((key) => key.kid === keyId || key.kid === header.kid);
    if (!jwk) return { signatureValid: false, matchesDocument: false, problem: 'unknown key' };
    const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'EdDSA');
    const { payload } = await jwtVerify(jwt, key, { algorithms: ['EdDSA'] });
    if (document === undefined)
      return { signatureValid: true, matchesDocument: true, problem: null };
    const credential = Object.fromEntries(
      Object.entries(payload).filter(([claim]) => !JWT_CLAIMS.includes(claim)),
    );
    const matchesDocument = canonicalJson(credential) === canonicalJson(document);
    return {
      signatureValid: true,
      matchesDocument,
      problem: matchesDocument ? null : 'the signed credential differs from the document',
    };
  } catch (error) {
    return {
      signatureValid: false,
      matchesDocument: false,
      problem: error instanceof Error ? error.message : 'the signature does not verify',
    };
  }
}
