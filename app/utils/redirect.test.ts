import { describe, expect, it } from 'vitest';
import { safeRedirect } from './redirect';

describe('safeRedirect', () => {
  it('keeps paths inside Cadre, with their query', () => {
    expect(safeRedirect('/cohorts/abc?tab=roster')).toBe('/cohorts/abc?tab=roster');
    expect(safeRedirect('/')).toBe('/');
  });

  it.each([
    ['another site', 'https://evil.test/'],
    ['a protocol-relative address', '//evil.test'],
    ['a backslash trick', '/\\evil.test'],
    ['a backslash later on', '/a\\b'],
    ['a script', 'javascript:alert(1)'],
    ['a relative path', 'cohorts/abc'],
    ['a control character', '/cohorts\n/x'],
    ['the sign-in page itself', '/login?redirectTo=/'],
    ['nothing', ''],
    ['a missing value', null],
  ])('falls back to the default for %s', (_label, value) => {
    expect(safeRedirect(value, '/home')).toBe('/home');
  });
});
