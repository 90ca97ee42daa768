import path from 'node:path';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../setup/database';

/**
 * db/schema.ts is written by hand and Kysely trusts it; this keeps it honest. Every table
 * in the Database interface, each of its columns and whether the column can be null, are
 * read with the TypeScript compiler and compared with the catalog of a migrated database.
 */

type Columns = Record<string, { nullable: boolean }>;

function declaredSchema(): Record<string, Columns> {
  const file = path.resolve(import.meta.dirname, '../../db/schema.ts');
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const database = source?.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === 'Database',
  );
  if (!database) throw new Error('db/schema.ts has no Database interface');

  const typeOf = (symbol: ts.Symbol) => checker.getTypeOfSymbolAtLocation(symbol, database);
  // the type a column is read as: ColumnType and Generated keep it in __select__
  const selected = (type: ts.Type): ts.Type[] =>
    (type.isUnion() ? type.types : [type]).flatMap((member) => {
      const select = member.getProperty('__select__');
      if (!select) return [member];
      const inner = typeOf(select);
      return inner.isUnion() ? inner.types : [inner];
    });
  // a nullable column says `| null`; a Json column (read as unknown) says it too when it may be null
  const mayBeNull = (type: ts.Type) =>
    selected(type).some((member) => (member.flags & ts.TypeFlags.Null) !== 0);

  const tables: Record<string, Columns> = {};
  for (const table of checker.getTypeAtLocation(database).getProperties()) {
    const columns: Columns = {};
    for (const column of typeOf(table).getProperties()) {
      columns[column.name] = { nullable: mayBeNull(typeOf(column)) };
    }
    tables[table.name] = columns;
  }
  return tables;
}

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.drop();
});

async function catalogSchema(): Promise<Record<string, Columns>> {
  const rows = await database.db
    .selectFrom(sql.table('information_schema.columns').as('c'))
    .select([
      sql<string>`table_name`.as('table'),
      sql<string>`column_name`.as('column'),
      sql<string>`is_nullable`.as('nullable'),
    ])
    .where(sql`table_schema`, '=', 'public')
    .where(sql`table_name`, 'not like', 'kysely_%')
    .execute();
  const tables: Record<string, Columns> = {};
  for (const row of rows) {
    (tables[row.table] ??= {})[row.column] = { nullable: row.nullable === 'YES' };
  }
  return tables;
}

describe('db/schema.ts', () => {
  it('declares exactly the tables, columns and nullability the migrations create', async () => {
    const declared = declaredSchema();
    const catalog = await catalogSchema();
    expect(Object.keys(declared).sort()).toEqual(Object.keys(catalog).sort());
    for (const table of Object.keys(catalog)) {
      expect({ table, columns: declared[table] }).toEqual({ table, columns: catalog[table] });
    }
  });
});
