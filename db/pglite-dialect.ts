import type { PGlite } from '@electric-sql/pglite';
import { PreparedStatements } from './pglite-prepared';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import { postgresDialect } from './postgres-dialect';

/**
 * A Kysely dialect for the embedded PGlite database. PGlite is a single connection,
 * so every query and transaction waits its turn behind a mutex: without it a query
 * issued outside a transaction could land inside somebody else's.
 */
export function pgliteDialect(pglite: PGlite): Dialect {
  return postgresDialect(() => new PGliteDriver(pglite));
}

class PGliteDriver implements Driver {
  private readonly mutex = new ConnectionMutex();
  private readonly connection: PGliteConnection;

  constructor(private readonly pglite: PGlite) {
    this.connection = new PGliteConnection(pglite);
  }

  async init() {
    await this.pglite.waitReady;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.mutex.lock();
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection() {
    this.mutex.unlock();
  }

  async destroy() {
    if (!this.pglite.closed) await this.pglite.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  private readonly statements: PreparedStatements;

  constructor(private readonly pglite: PGlite) {
    this.statements = new PreparedStatements(pglite);
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // without parameters a statement goes by the simple protocol (migrations send several)
    const result =
      compiledQuery.parameters.length === 0
        ? await this.pglite.query<R>(compiledQuery.sql)
        : await this.statements.run<R>(compiledQuery.sql, compiledQuery.parameters);
    return {
      rows: result.rows,
      numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on the embedded database');
  }
}

class ConnectionMutex {
  private pending: Promise<void> | undefined;
  private release: (() => void) | undefined;

  async lock() {
    while (this.pending) await this.pending;
    this.pending = new Promise((resolve) => {
      this.release = () => {
        this.pending = undefined;
        this.release = undefined;
        resolve();
      };
    });
  }

  unlock() {
    this.release?.();
  }
}
