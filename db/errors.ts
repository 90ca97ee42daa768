/** PostgreSQL's SQLSTATE for a unique or primary-key violation */
const UNIQUE_VIOLATION = '23505';

/**
 * Whether a failed query broke a unique constraint (both drivers, postgres.js and PGlite,
 * carry the SQLSTATE as `code`). Pass a constraint name to match only that constraint.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint_name: constraintName } = error as {
    code?: unknown;
    constraint_name?: unknown;
  };
  if (code !== UNIQUE_VIOLATION) return false;
  return constraint === undefined || constraintName === constraint;
}
