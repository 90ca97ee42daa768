import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Env } from '../env.server';
import { getLogger } from '../log.server';

/** used only outside production when SECRETS_KEY is unset; anyone can read it here */
const DEVELOPMENT_SECRETS_KEY = 'cadre-development-secrets-key-never-use-in-production';

const SCHEME = 'v1';
let warned = false;

function rootSecret(env: Pick<Env, 'SECRETS_KEY' | 'NODE_ENV'>) {
  if (env.SECRETS_KEY) return env.SECRETS_KEY;
  if (env.NODE_ENV === 'production') {
    throw new Error('SECRETS_KEY must be set in production.');
  }
  if (!warned) {
    warned = true;
    getLogger().warn(
      'SECRETS_KEY is not set: secrets are sealed with a fixed development key. Set SECRETS_KEY before real use.',
    );
  }
  return DEVELOPMENT_SECRETS_KEY;
}

/** A 32-byte key for one purpose, derived from SECRETS_KEY so purposes never share a key. */
export function deriveKey(env: Pick<Env, 'SECRETS_KEY' | 'NODE_ENV'>, purpose: string) {
  return Buffer.from(hkdfSync('sha256', rootSecret(env), 'cadre', purpose, 32));
}

/** Seals text with AES-256-GCM; the result names its scheme, nonce and tag, all base64url. */
export function sealSecret(env: Pick<Env, 'SECRETS_KEY' | 'NODE_ENV'>, plain: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(env, 'sealed-secret'), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [SCHEME, iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join(':');
}

/** Opens what sealSecret made; throws when the key differs or the text was altered. */
export function openSecret(env: Pick<Env, 'SECRETS_KEY' | 'NODE_ENV'>, sealed: string) {
  const [scheme, iv, tag, body] = sealed.split(':');
  if (scheme !== SCHEME || !iv || !tag || body === undefined) {
    throw new Error('This secret was not sealed by Cadre.');
  }
  const decipher = createDecipheriv(
    'aes-256-gcm',
    deriveKey(env, 'sealed-secret'),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}
