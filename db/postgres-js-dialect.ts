import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { postgresDialect } from './postgres-dialect';
import type { ReservedSql, Sql } from 'postgres';
import { isDatabaseUnavailable } from './availability';

/**
 * A Kysely dialect over postgres.js. A statement on its own goes to postgres.js's pool,
 * which sends it on a free connection or, when all are busy, after another's on the same
 * one (pipelined: one write for both); a transaction reserves a connection of its own at
 * `begin`, so its statements share one backend. Reserving one for every statement cost a
 * write of its own per statement, the largest part of a page's time. It is ours rather than
 * kysely-postgres-js because that dialect, on Kysely 0.28, turns a ROLLBACK on a
 * terminated connection into a TypeError (a 500) instead of the connection error, and
 * because the outage rules need that error intact (docs/decisions/013).
 */
export function postgresJSDialect(sql: Sql): Dialect {
  return postgresDialect(() => new PostgresJSDriver(sql));
}

class PostgresJSDriver implements Driver {
  constructor(private readonly sql: Sql) {}

  async init() {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PostgresJSConnection(this.sql);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    await (connection as PostgresJSConnection).reserve();
    const modes = [
      settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : null,
      settings.accessMode ? settings.accessMode : null,
    ].filter(Boolean);
    await connection.executeQuery(
      CompiledQuery.raw(modes.length ? `start transaction ${modes.join(', ')}` : 'begin'),
    );
  }

  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    try {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    } catch (error) {
      // the backend is gone, and PostgreSQL rolled the transaction back with it; the caller
      // gets the error that ended the transaction rather than this one
      if (!isDatabaseUnavailable(error)) throw error;
    }
  }

  async releaseConnection(connection: DatabaseConnection) {
    (connection as PostgresJSConnection).release();
  }

  async destroy() {
    await this.sql.end({ timeout: 5 });
  }
}

/**
 * The pool until a transaction begins on it, then the connection reserved for that
 * transaction until Kysely releases it. Nothing outside a transaction relies on a session
 * (every advisory lock here is a transaction's), so statements on their own may go to any
 * backend.
 */
class PostgresJSConnection implements DatabaseConnection {
  private reserved: ReservedSql | null = null;

  constructor(private readonly pool: Sql) {}

  async reserve() {
    this.reserved ??= await this.pool.reserve();
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // prepared: a statement's text is parsed and described once per connection, and each run
    // after that is one write; unprepared, postgres.js describes a statement with parameters
    // before it runs it, a second round trip every time (docs/decisions/039)
    const result = await (this.reserved ?? this.pool).unsafe(
      compiledQuery.sql,
      [...compiledQuery.parameters] as never[],
      { prepare: true },
    );
    const affects = ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(result.command);
    return {
      rows: Array.from(result) as R[],
      numAffectedRows: affects ? BigInt(result.count) : undefined,
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not used by Cadre');
  }

  release() {
    this.reserved?.release();
    this.reserved = null;
  }
}
