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
 * A Kysely dialect over postgres.js. Each Kysely connection is a reserved postgres.js
 * connection, so a transaction's statements share one backend. It is ours rather than
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
    return new PostgresJSConnection(await this.sql.reserve());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
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

class PostgresJSConnection implements DatabaseConnection {
  constructor(private readonly reserved: ReservedSql) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.reserved.unsafe(compiledQuery.sql, [
      ...compiledQuery.parameters,
    ] as never[]);
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
    this.reserved.release();
  }
}
