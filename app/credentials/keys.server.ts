import {
  createCipheriv,
  createDecipheriv,
  createHash,
  generateKeyPairSync,
  randomBytes,
  type JsonWebKey,
} from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

type Executor = Kysely<Database>;

export type SigningAlgorithm = 'RS256' | 'EdDSA';

/** the public half as published: a JWK with its key id (RSA for RS256, OKP Ed25519 for EdDSA) */
export type PublicSigningKey =
  | { kid: string; kty: 'OKP'; crv: 'Ed25519'; x: string; alg: 'EdDSA'; use: 'sig' }
  | { kid: string; kty: 'RSA'; n: string; e: string; alg: 'RS256'; use: 'sig' };

function sealingKey() {
  const secret = process.env.SIGNING_KEY_SECRET?.trim();
  return secret ? createHash('sha256').update(`cadre-signing-key:${secret}`).digest() : null;
}

/**
 * Encrypts the private JWK with AES-256-GCM when SIGNING_KEY_SECRET is set; without it the
 * key is stored as is (still never served), so a bare install can issue credentials.
 */
export function sealPrivateKey(privateJwk: JsonWebKey) {
  const key = sealingKey();
  const plain = Buffer.from(JSON.stringify(privateJwk), 'utf8');
  if (!key) return `plain:${plain.toString('base64url')}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
  return ['aes-256-gcm', iv, cipher.getAuthTag(), sealed]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join(':');
}

export function openPrivateKey(sealed: string): JsonWebKey {
  const [scheme, ...parts] = sealed.split(':');
  if (scheme === 'plain') return JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString());
  const key = sealingKey();
  if (scheme !== 'aes-256-gcm' || !key) {
    throw new Error(
      'The signing key is encrypted; set SIGNING_KEY_SECRET to the value used before.',
    );
  }
  const [iv, tag, body] = parts.map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv!);
  decipher.setAuthTag(tag!);
  return JSON.parse(Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8'));
}

function toPublicKey(id: string, algorithm: SigningAlgorithm, jwk: unknown): PublicSigningKey {
  if (algorithm === 'RS256') {
    const { n, e } = jwk as { n: string; e: string };
    return { kid: id, kty: 'RSA', n, e, alg: 'RS256', use: 'sig' };
  }
  const { x } = jwk as { x: string };
  return { kid: id, kty: 'OKP', crv: 'Ed25519', x, alg: 'EdDSA', use: 'sig' };
}

function generatePair(algorithm: SigningAlgorithm) {
  if (algorithm === 'RS256') {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    return { publicJwk: { kty: jwk.kty, n: jwk.n, e: jwk.e }, privateKey };
  }
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { publicJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, privateKey };
}

/**
 * The organization's current key for `algorithm`, made on first use: RS256 signs VC-JWTs
 * (the algorithm every Open Badges verifier supports), Ed25519 signs Data Integrity proofs.
 * Two first uses at once both try to insert; the partial unique index keeps one and both
 * read it back.
 */
export async function getOrCreateSigningKey(
  db: Executor,
  organizationId: string,
  algorithm: SigningAlgorithm = 'RS256',
) {
  const current = () =>
    db
      .selectFrom('signing_key')
      .select(['id', 'public_jwk as publicJwk', 'private_key_sealed as sealed'])
      .where('organization_id', '=', organizationId)
      .where('algorithm', '=', algorithm)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
  let row = await current();
  if (!row) {
    const { publicJwk, privateKey } = generatePair(algorithm);
    await db
      .insertInto('signing_key')
      .values({
        organization_id: organizationId,
        algorithm,
        public_jwk: publicJwk,
        private_key_sealed: sealPrivateKey(privateKey.export({ format: 'jwk' })),
      })
      .onConflict((oc) =>
        oc.columns(['organization_id', 'algorithm']).where('retired_at', 'is', null).doNothing(),
      )
      .execute();
    row = await current();
    if (!row) throw new Error('The signing key could not be created.');
  }
  const privateJwk = openPrivateKey(row.sealed);
  const privateKey = await importJWK({ ...(privateJwk as JWK), alg: algorithm }, algorithm);
  return {
    id: row.id,
    algorithm,
    publicKey: toPublicKey(row.id, algorithm, row.publicJwk),
    privateKey,
    privateJwk,
  };
}

/**
 * Retires the organization's current key for `algorithm`; the next signature makes a new
 * one. The retired key stays published, so what it signed still verifies.
 */
export async function rotateSigningKey(
  db: Executor,
  organizationId: string,
  algorithm: SigningAlgorithm = 'RS256',
) {
  await db
    .updateTable('signing_key')
    .set({ retired_at: new Date() })
    .where('organization_id', '=', organizationId)
    .where('algorithm', '=', algorithm)
    .where('retired_at', 'is', null)
    .execute();
  return getOrCreateSigningKey(db, organizationId, algorithm);
}

/** Every public key the organization has signed with (retired ones still verify old credentials). */
export async function listPublicKeys(db: Executor, organizationId: string) {
  const rows = await db
    .selectFrom('signing_key')
    .select(['id', 'algorithm', 'public_jwk as publicJwk'])
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => toPublicKey(row.id, row.algorithm, row.publicJwk));
}
