import { createHash, randomBytes } from 'node:crypto';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWTPayload,
  type KeyObject,
} from 'jose';
import type { PublicSigningKey } from './keys.server';

/**
 * Open Badges 3.0: the OpenBadgeCredential document (a W3C Verifiable Credential 2.0 with the
 * OB 3.0.3 context) and its VC-JWT proof (RS256, OB 3.0 §8.2).
 */

/**
 * 1EdTech's credentialSchema type is named by no published context, so a JSON-LD processor
 * (and with it the Data Integrity proof) would drop it; this local context names it.
 */
export const SCHEMA_VALIDATOR_CONTEXT = {
  '1EdTechJsonSchemaValidator2019':
    'https://purl.imsglobal.org/spec/vccs/v1p0/vocab.html#1EdTechJsonSchemaValidator2019',
} as const;

export const CREDENTIAL_CONTEXT = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  SCHEMA_VALIDATOR_CONTEXT,
] as const;

export const OPEN_BADGE_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/**
 * The address credentials and issuer profiles are named by: the one given (the request's, or
 * the seed's configured one), else APP_ORIGIN. There is no default: a credential that names
 * the wrong host can never be verified, so issuing without an address fails instead.
 */
export function credentialOrigin(origin?: string | null) {
  const chosen = origin?.trim() || process.env.APP_ORIGIN?.trim();
  if (!chosen) {
    throw new Error(
      'Credentials need the public address they will be verified at: set APP_ORIGIN (e.g. https://cadre.example.org).',
    );
  }
  return chosen.replace(/\/$/, '');
}

export const credentialUrl = (origin: string, credentialId: string) =>
  `${origin}/credentials/${credentialId}`;
export const issuerUrl = (origin: string, slug: string) => `${origin}/issuers/${slug}`;
export const keyUrl = (origin: string, slug: string, keyId: string) =>
  `${issuerUrl(origin, slug)}/keys/${keyId}`;
/** the organization's badge image: its logo when it has one, else a drawn badge */
export const issuerImageUrl = (origin: string, slug: string) => `${issuerUrl(origin, slug)}/image`;
/** the organization's revocation list (BitstringStatusListCredential) */
export const statusListUrl = (origin: string, slug: string) =>
  `${issuerUrl(origin, slug)}/status/revocation`;

export function issuerProfile(origin: string, organization: { name: string; slug: string }) {
  return {
    id: issuerUrl(origin, organization.slug),
    type: ['Profile'],
    name: organization.name,
    url: origin,
    image: {
      id: issuerImageUrl(origin, organization.slug),
      type: 'Image',
      caption: `${organization.name} badge`,
    },
  };
}

/** credentialStatus: the credential's bit in its organization's revocation list */
export function revocationEntry(origin: string, slug: string, index: number) {
  const list = statusListUrl(origin, slug);
  return {
    id: `${list}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: String(index),
    statusListCredential: list,
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
  /** the earner's stable subject id at the issuing organization (a uuid) */
  subjectId: string;
  /** the credential's bit in the revocation list */
  statusListIndex: number;
  validUntil?: Date | null;
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

export const dateTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The unsigned OpenBadgeCredential, with only the fields the spec defines. */
export function buildOpenBadgeCredential(input: CredentialInput) {
  const { achievement } = input;
  const issuer = issuerProfile(input.origin, input.organization);
  return {
    '@context': [...CREDENTIAL_CONTEXT],
    id: credentialUrl(input.origin, input.credentialId),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: achievement.name,
    issuer,
    validFrom: dateTime(input.validFrom),
    ...(input.validUntil ? { validUntil: dateTime(input.validUntil) } : {}),
    credentialSubject: {
      id: `urn:uuid:${input.subjectId}`,
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
        image: { ...issuer.image, caption: `${achievement.name} badge` },
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
    credentialSchema: [{ id: OPEN_BADGE_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
    credentialStatus: revocationEntry(input.origin, input.organization.slug, input.statusListIndex),
  };
}

export type OpenBadgeCredential = ReturnType<typeof buildOpenBadgeCredential>;

/** what every signed credential (badge, CLR, status list) has, as far as the JWT claims go */
export interface SignableCredential {
  id: string;
  issuer: { id: string } | string;
  validFrom: string;
  validUntil?: string;
  credentialSubject: { id: string };
}

/**
 * The VC-JWT of OB 3.0 §8.2 (and CLR 2.0): the credential, with any embedded proof, is the
 * payload; iss = issuer.id, sub = credentialSubject.id, jti = id, nbf = validFrom and exp =
 * validUntil when there is one; `kid` is the address of the issuer's public key.
 */
export async function signCredential(
  document: SignableCredential,
  key: {
    privateKey: CryptoKey | KeyObject | Uint8Array;
    kid: string;
    algorithm?: 'RS256' | 'EdDSA';
  },
) {
  const seconds = (value: string) => Math.floor(new Date(value).getTime() / 1000);
  const jwt = new SignJWT({ ...document } as unknown as JWTPayload)
    .setProtectedHeader({ alg: key.algorithm ?? 'RS256', typ: 'JWT', kid: key.kid })
    .setIssuer(typeof document.issuer === 'string' ? document.issuer : document.issuer.id)
    .setSubject(document.credentialSubject.id)
    .setJti(document.id)
    .setNotBefore(seconds(document.validFrom))
    .setIssuedAt(seconds(document.validFrom));
  if (document.validUntil) jwt.setExpirationTime(seconds(document.validUntil));
  return jwt.sign(key.privateKey);
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

/** the RFC 7515 key ids are the last part of the key address the header names */
const bareKeyId = (kid: unknown) =>
  String(kid ?? '')
    .split('/')
    .pop() ?? '';

/**
 * Checks a VC-JWT as OB 3.0 "Verify a Credential VC-JWT Signature" says: the header's key is
 * one of the issuer's published keys and its algorithm; the signature; iss = issuer.id, sub =
 * credentialSubject.id, jti = id, nbf = validFrom, exp = validUntil; and, when given, that
 * the payload is the JSON document served beside it.
 */
export async function checkCredentialJwt(
  jwt: string,
  publicKeys: PublicSigningKey[],
  document?: unknown,
): Promise<JwtCheck> {
  const fail = (problem: string): JwtCheck => ({
    signatureValid: false,
    matchesDocument: false,
    problem,
  });
  try {
    const header = decodeProtectedHeader(jwt);
    const jwk = publicKeys.find((key) => key.kid === bareKeyId(header.kid));
    if (!jwk) return fail('unknown key');
    if (header.alg !== jwk.alg) return fail('the algorithm is not the key’s');
    const { kid: _kid, ...material } = jwk;
    const { payload } = await jwtVerify(
      jwt,
      createLocalJWKSet({ keys: [{ ...material, kid: String(header.kid) }] }),
      { algorithms: [jwk.alg] },
    );
    const credential = payload as unknown as SignableCredential;
    const seconds = (value?: string) =>
      value === undefined ? undefined : Math.floor(new Date(value).getTime() / 1000);
    const issuerId =
      typeof credential.issuer === 'string' ? credential.issuer : credential.issuer?.id;
    if (payload.iss !== issuerId) return fail('iss is not issuer.id');
    if (payload.sub !== credential.credentialSubject?.id) return fail('sub is not the subject');
    if (payload.jti !== credential.id) return fail('jti is not the credential id');
    if (payload.nbf !== seconds(credential.validFrom)) return fail('nbf is not validFrom');
    if (payload.exp !== seconds(credential.validUntil)) return fail('exp is not validUntil');
    if (document === undefined)
      return { signatureValid: true, matchesDocument: true, problem: null };
    const signed = Object.fromEntries(
      Object.entries(payload).filter(([claim]) => !JWT_CLAIMS.includes(claim)),
    );
    const matchesDocument = canonicalJson(signed) === canonicalJson(document);
    return {
      signatureValid: true,
      matchesDocument,
      problem: matchesDocument ? null : 'the signed credential differs from the document',
    };
  } catch (error) {
    return fail(error instanceof Error ? error.message : 'the signature does not verify');
  }
}
