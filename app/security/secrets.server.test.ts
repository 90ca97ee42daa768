import { describe, expect, it } from 'vitest';
import { parseEnv, requireProductionSecrets } from '../env.server';
import { openSecret, sealSecret } from './secrets.server';

const KEY = 'one secrets key that is long enough for the test';
const production = { NODE_ENV: 'production' as const, SECRETS_KEY: KEY };

describe('sealed secrets', () => {
  it('opens what it sealed, and each sealing differs', () => {
    const first = sealSecret(production, 'client secret');
    const second = sealSecret(production, 'client secret');
    expect(first).not.toBe(second);
    expect(first).not.toContain('client secret');
    expect(openSecret(production, first)).toBe('client secret');
  });

  it('refuses altered text and another key', () => {
    const sealed = sealSecret(production, 'client secret');
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => openSecret(production, parts.join(':'))).toThrow();
    expect(() =>
      openSecret({ NODE_ENV: 'production', SECRETS_KEY: `${KEY} but another` }, sealed),
    ).toThrow();
  });

  it('uses a fixed development key outside production, and none in production', () => {
    const sealed = sealSecret({ NODE_ENV: 'development', SECRETS_KEY: undefined }, 'x');
    expect(openSecret({ NODE_ENV: 'test', SECRETS_KEY: undefined }, sealed)).toBe('x');
    expect(() => sealSecret({ NODE_ENV: 'production', SECRETS_KEY: undefined }, 'x')).toThrow(
      'SECRETS_KEY',
    );
  });

  it('keeps a production start from running without SECRETS_KEY, and refuses a short one', () => {
    expect(() =>
      requireProductionSecrets(
        parseEnv({ NODE_ENV: 'production', APP_ORIGIN: 'https://cadre.example.org' }),
      ),
    ).toThrow('SECRETS_KEY must be set in production');
    expect(() =>
      requireProductionSecrets(
        parseEnv({
          NODE_ENV: 'production',
          SECRETS_KEY: KEY,
          APP_ORIGIN: 'https://cadre.example.org',
        }),
      ),
    ).not.toThrow();
    expect(() => requireProductionSecrets(parseEnv({ NODE_ENV: 'development' }))).not.toThrow();
    expect(() =>
      parseEnv({
        NODE_ENV: 'production',
        SECRETS_KEY: 'short',
        APP_ORIGIN: 'https://cadre.example.org',
      }),
    ).toThrow('at least 32 characters');
  });
});
