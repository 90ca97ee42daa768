import type { EntryContext } from '@remix-run/node';
import { describe, expect, it } from 'vitest';
import { hasPendingData } from './entry.server';

const contextWith = (
  loaderData: Record<string, unknown>,
  activeDeferreds: Record<string, unknown> | null = null,
) =>
  ({ staticHandlerContext: { loaderData, activeDeferreds } }) as unknown as Pick<
    EntryContext,
    'staticHandlerContext'
  >;

describe('whether a document is streamed', () => {
  it('is not when every loader has answered in full', () => {
    expect(hasPendingData(contextWith({ root: { user: null }, page: { rows: [1, 2] } }))).toBe(
      false,
    );
    expect(hasPendingData(contextWith({ root: null, page: 'text' }))).toBe(false);
  });

  it('is when a loader hands back a promise, at the top of its data or as its data', () => {
    const later = new Promise(() => {});
    expect(hasPendingData(contextWith({ root: {}, page: { slow: later } }))).toBe(true);
    expect(hasPendingData(contextWith({ page: later }))).toBe(true);
  });

  it('is when a route used defer()', () => {
    expect(hasPendingData(contextWith({ page: {} }, { page: {} }))).toBe(true);
  });
});
