import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.server';

describe('password hashes', () => {
  it('verify the right password and refuse a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('salt every hash, so equal passwords never share one', async () => {
    expect(await hashPassword('same words')).not.toBe(await hashPassword('same words'));
  });

  it('treat composed and decomposed accents as the same password', async () => {
    const hash = await hashPassword('Bienvenue, Zoë');
    expect(await verifyPassword('Bienvenue, Zoe\u0308', hash)).toBe(true);
  });

  it('refuse accounts without a usable hash', async () => {
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
    expect(await verifyPassword('anything', 'scrypt$1$2$3')).toBe(false);
  });
});
