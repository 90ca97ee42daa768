import { describe, expect, it } from 'vitest';
import { checkEducatorId } from './educator-id';

describe('checkEducatorId', () => {
  it('takes seven digits, as typed from a letter', () => {
    expect(checkEducatorId('1234567')).toEqual({ ok: true, value: '1234567' });
    expect(checkEducatorId(' 123-4567 ')).toEqual({ ok: true, value: '1234567' });
    expect(checkEducatorId('0012345')).toEqual({ ok: true, value: '0012345' });
  });

  it('clears the id when the answer is empty', () => {
    expect(checkEducatorId('')).toEqual({ ok: true, value: null });
    expect(checkEducatorId('  ')).toEqual({ ok: true, value: null });
    expect(checkEducatorId(undefined)).toEqual({ ok: true, value: null });
  });

  it('refuses letters and the wrong number of digits with a message saying why', () => {
    expect(checkEducatorId('12345AB')).toMatchObject({
      ok: false,
      message: expect.stringContaining('digits only'),
    });
    expect(checkEducatorId('123456')).toMatchObject({
      ok: false,
      message: expect.stringContaining('this one has 6'),
    });
    expect(checkEducatorId('12345678')).toMatchObject({
      ok: false,
      message: expect.stringContaining('this one has 8'),
    });
  });
});
