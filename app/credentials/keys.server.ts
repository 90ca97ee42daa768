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

/** the public half as published: an OKP Ed25519 JWK with its key id */
export interface PublicSigningKey {
  kid: string;
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  alg: 'EdDSA';
  use: 'sig';
}

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

function toPublicKey(id: string, jwk: unknown): PublicSigningKey {
  const { x } = jwk as { x: string };
  return { kid: id, kty: 'OKP', crv: 'Ed25519', x, alg: 'EdDSA', use: 'sig' };
}

/**
 * The organization's current signing key, made on first use. Two first uses at once both
 * try to insert; the partial unique index keeps one and both read it back.
 */
export async function getOrCreateSigningKey(db: Executor, organizationId: string) {
  const current = () =>
    db
      .selectFrom('signing_key')
      .select(['id', 'public_jwk as publicJwk', 'private_key_sealed as sealed'])
      .where('organization_id', '=', organizationId)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
  let row = await current();
  if (!row) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicJwk = publicKey.export({ format: 'jwk' });
    await db
      .insertInto('signing_key')
      .values({
        organization_id: organizationId,
        public_jwk: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x },
        private_key_sealed: sealPrivateKey(privateKey.export({ format: 'jwk' })),
      })
      .onConflict((oc) => oc.column('organization_id').where('retired_at', 'is', null).doNothing())
      .execute();
    row = await current();
    if (!row) throw new Error('The signing key could not be created.');
  }
  const privateKey = await importJWK(
    { ...(openPrivateKey(row.sealed) as JWK), alg: 'EdDSA' },
    'EdDSA',
  );
  return { id: row.id, publicKey: toPublicKey(row.id, row.publicJwk), privateKey };
}

/** Every public key the organization has signed with (retired ones still verify old credentials). */
export async function listPublicKeys(db: Executor, organizationId: string) {
  const rows = await db
    .selectFrom('signing_key')
    .select(['id', 'public_jwk as publicJwk'])
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => toPublicKey(row.id, row.publicJwk));
}
