import { sql, type Expression, type SqlBool } from 'kysely';
import { z } from 'zod';
import { SEARCH_PAGE_SIZE, SEARCH_QUERY_MAX } from './search';

/** `text` with LIKE's wildcards taken literally (backslash is PostgreSQL's default escape) */
export function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}

/** the search text as typed, trimmed and lower-cased; empty means "the first page" */
export const SearchQuerySchema = z
  .string()
  .max(SEARCH_QUERY_MAX, `Keep the search under ${SEARCH_QUERY_MAX} characters.`)
  .optional()
  .transform((value) => (value ?? '').trim().toLowerCase().replace(/\s+/g, ' '));

/**
 * Matches a lower-cased column by the start of the text or the start of any word in it
 * ("oka" finds "Lena Okafor"). The first form uses a text_pattern_ops index.
 */
export function matchesWordPrefix(column: Expression<string>, query: string): Expression<SqlBool> {
  const prefix = `${escapeLike(query)}%`;
  return sql<SqlBool>`(lower(${column}) like ${prefix} or lower(${column}) like ${`% ${prefix}`})`;
}

/** one row more than a page tells whether more matched */
export function pageOf<T>(rows: T[], size = SEARCH_PAGE_SIZE) {
  return { items: rows.slice(0, size), more: rows.length > size };
}
