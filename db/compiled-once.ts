import { isDeepStrictEqual } from 'node:util';
import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema';

/** what may change a statement's text: a few plain values, compared by their JSON */
export type StatementShape = Record<string, string | number | boolean | null>;

/** stands for an argument while a statement is compiled; every run puts its value there */
class Slot {
  constructor(readonly name: string) {}
}

// outside production every run also builds its statement afresh and compares, so a builder
// that reads an argument as anything but a value fails the tests that run it. read when the
// server runs, not when it is built: the build fixes NODE_ENV's text, and tests run the build
const environmentMode = 'NODE_ENV';
const CHECK_EVERY_RUN = process.env[environmentMode] !== 'production';

/**
 * A statement Kysely builds and compiles once per shape and then runs with each call's
 * arguments. Building and compiling the larger statements that every page runs (the
 * signed-in session, the header's navigation, a cohort's access) cost more than sending
 * them (docs/decisions/040).
 *
 * `build` may use `args` only as values in the statement (in `where`, `on`, `limit` or a
 * `sql` template): it is given stand-ins for them the first time. Anything that changes
 * the statement's text, such as a branch or a list's length, goes in `shape`.
 */
export function compiledOnce<
  Args extends Record<string, unknown>,
  Row,
  Shape extends StatementShape = Record<never, never>,
>(build: (db: Kysely<Database>, args: Args, shape: Shape) => Compilable<Row>) {
  const templates = new Map<string, CompiledQuery<Row>>();
  return async function run(
    db: Kysely<Database>,
    args: Args,
    shape: Shape = {} as Shape,
  ): Promise<Row[]> {
    // built without the database's plugins: they see each run's statement, as below
    const key = JSON.stringify(shape);
    let template = templates.get(key);
    if (!template) {
      const slots = Object.fromEntries(Object.keys(args).map((name) => [name, new Slot(name)]));
      template = build(db.withoutPlugins(), slots as unknown as Args, shape).compile();
      templates.set(key, template);
    }
    const fill = (parameters: readonly unknown[]) =>
      parameters.map((value) => (value instanceof Slot ? args[value.name] : value));
    const parameters = fill(template.parameters);
    if (CHECK_EVERY_RUN) {
      const fresh = build(db.withoutPlugins(), args, shape).compile();
      if (fresh.sql !== template.sql || !isDeepStrictEqual(fresh.parameters, parameters)) {
        throw new Error(
          `a statement compiled once differs from the same statement built afresh: its builder ` +
            `reads an argument as more than a value, which belongs in its shape\n` +
            `once:   ${template.sql} ${JSON.stringify(parameters)}\n` +
            `afresh: ${fresh.sql} ${JSON.stringify(fresh.parameters)}`,
        );
      }
    }
    const executor = db.getExecutor();
    if (executor.plugins.length === 0) {
      return (await executor.executeQuery<Row>({ ...template, parameters })).rows;
    }
    // a plugin (the tests' statement counters and outages) sees and may change the statement,
    // which is then compiled for this run
    const queryId = createQueryId();
    const node = executor.transformQuery(template.query, queryId);
    const compiled = executor.compileQuery<Row>(node, queryId);
    return (
      await executor.executeQuery<Row>({ ...compiled, parameters: fill(compiled.parameters) })
    ).rows;
  };
}
