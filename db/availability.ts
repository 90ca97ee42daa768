/**
 * Errors that mean "the database cannot be reached right now", as opposed to a query that
 * is wrong: a refused or reset connection, a backend terminated by a restart, failover or
 * connection reaper, a server that is starting or shutting down. Requests that meet one
 * answer 503 and the next query opens a fresh connection.
 */
const UNAVAILABLE_CODES = new Set([
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // node's socket layer
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // PostgreSQL: connection exceptions (class 08)
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  // operator intervention: terminated backend, crash, starting up or shutting down
  '57P01',
  '57P02',
  '57P03',
  '57P05',
  // too many connections
  '53300',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current !== 'object') return false;
    const { code, errno } = current as { code?: unknown; errno?: unknown };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof errno === 'string' && UNAVAILABLE_CODES.has(errno)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** seconds a client should wait before trying again while the database is away */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
