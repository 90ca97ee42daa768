import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './availability';

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a terminated backend', { code: '57P01' }],
    ['a closed postgres.js connection', { code: 'CONNECTION_CLOSED' }],
    ['a refused connection', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })],
    ['a reset wrapped as the cause', new Error('query failed', { cause: { code: 'ECONNRESET' } })],
    ['a server starting up', { code: '57P03' }],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', { code: '23505' }],
    ['a syntax error', { code: '42601' }],
    ['a plain error', new Error('boom')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('leaves %s to the normal error path', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
