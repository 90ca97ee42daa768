import { describe, expect, it } from 'vitest';
import { isUniqueViolation } from './errors';

describe('isUniqueViolation', () => {
  it('recognises a unique violation', () => {
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(
      true,
    );
  });

  it('matches a named constraint only when asked', () => {
    const error = { code: '23505', constraint_name: 'people_email_key' };
    expect(isUniqueViolation(error, 'people_email_key')).toBe(true);
    expect(isUniqueViolation(error, 'another_key')).toBe(false);
  });

  it.each([
    ['a foreign-key violation', { code: '23503' }],
    ['a plain error', new Error('boom')],
    ['nothing', undefined],
    ['null', null],
    ['a string', '23505'],
  ])('leaves %s alone', (_name, error) => {
    expect(isUniqueViolation(error)).toBe(false);
  });
});
