import { parse, protocol, type PGlite, type Results } from '@electric-sql/pglite';

type BackendMessage = Awaited<ReturnType<PGlite['execProtocol']>>['messages'][number];

interface Statement {
  name: string;
  /** what each parameter is, as the server described it: values are written by these */
  parameterTypes: number[];
  /** the statement's row description, or null for one that returns no rows */
  rowDescription: BackendMessage | null;
}

/** statements kept per database; the oldest is closed beyond this */
const MOST_STATEMENTS = 500;
/** "cached plan must not change result type": a column list changed under a statement */
const FEATURE_NOT_SUPPORTED = '0A000';

/**
 * Statements with parameters run on the embedded database as named prepared statements: each
 * text is parsed and described once, and every run after that is one call of bind, execute
 * and sync. PGlite's own `query` parses, describes and plans a statement anew with six calls
 * into the database each time, which cost more than many statements take to run
 * (docs/decisions/041). Used under the dialect's lock, one statement at a time.
 */
export class PreparedStatements {
  private readonly statements = new Map<string, Statement>();
  private closing: string[] = [];
  private counter = 0;

  constructor(private readonly pglite: PGlite) {}

  async run<R>(text: string, parameters: readonly unknown[]): Promise<Results<R>> {
    const statement = this.statements.get(text) ?? (await this.prepare(text));
    try {
      return await this.execute<R>(statement, parameters);
    } catch (error) {
      if (!isChangedResultType(error)) throw error;
      // a migration changed what the statement returns: prepare it again, once. (inside a
      // transaction the error has already ended it, and the retry reports that instead)
      this.forget(text);
      return this.execute<R>(await this.prepare(text), parameters);
    }
  }

  private async prepare(text: string): Promise<Statement> {
    this.counter += 1;
    const name = `cadre_${this.counter}`;
    const { messages } = await this.pglite.execProtocol(
      Buffer.concat([
        ...this.pendingCloses(),
        protocol.serialize.parse({ name, text, types: [] }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
    );
    const description = messages.find((message) => message.name === 'parameterDescription');
    const statement: Statement = {
      name,
      parameterTypes:
        description && 'dataTypeIDs' in description ? (description.dataTypeIDs as number[]) : [],
      rowDescription: messages.find((message) => message.name === 'rowDescription') ?? null,
    };
    this.statements.set(text, statement);
    if (this.statements.size > MOST_STATEMENTS) {
      const [oldest] = this.statements.keys();
      if (oldest !== undefined) this.forget(oldest);
    }
    return statement;
  }

  private async execute<R>(statement: Statement, parameters: readonly unknown[]) {
    const values = parameters.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serializer = this.pglite.serializers[statement.parameterTypes[index] ?? 0];
      return serializer ? serializer(value) : String(value);
    });
    const { messages } = await this.pglite.execProtocol(
      Buffer.concat([
        ...this.pendingCloses(),
        protocol.serialize.bind({ statement: statement.name, values: values as string[] }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]),
    );
    const described = statement.rowDescription ? [statement.rowDescription, ...messages] : messages;
    const [result] = parse.parseResults(described, this.pglite.parsers);
    return (result ?? { rows: [], fields: [] }) as Results<R>;
  }

  /** closes go out with the next call: a statement no longer kept, or prepared afresh */
  private forget(text: string) {
    const statement = this.statements.get(text);
    if (!statement) return;
    this.statements.delete(text);
    this.closing.push(statement.name);
  }

  private pendingCloses() {
    const closes = this.closing.map((name) => protocol.serialize.close({ type: 'S', name }));
    this.closing = [];
    return closes;
  }
}

function isChangedResultType(error: unknown) {
  return (
    error instanceof Error &&
    'code' in error &&
    error.code === FEATURE_NOT_SUPPORTED &&
    /cached plan must not change result type/.test(error.message)
  );
}
