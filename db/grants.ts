import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

/** the append-only tables: the app adds and reads their rows, never changes or removes them */
export const LEDGER_TABLES = ['hours_entry', 'audit_log'] as const;

/** Kysely's bookkeeping: the app reads it to see that nothing is pending, the owner writes it */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'] as const;

// lower case only, so the name needs no quoting and means the same role in every statement
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function isRoleName(value: string) {
  return ROLE_NAME.test(value);
}

/**
 * What the app's own database role needs, and nothing more: ordinary reads and writes on
 * every table, only INSERT and SELECT on the ledgers, read-only migration bookkeeping, no
 * TRUNCATE, no DDL. Run as the tables' owner (the role migrations run as). Repeatable: it
 * starts from nothing each time, so running it again after an upgrade converges.
 */
export function appRoleGrantStatements(role: string): string[] {
  if (!isRoleName(role)) {
    throw new Error(`"${role}" is not a plain role name (lower-case letters, digits and _)`);
  }
  const ledgers = LEDGER_TABLES.join(', ');
  const bookkeeping = MIGRATION_TABLES.join(', ');
  return [
    `do $$ begin execute format('grant connect on database %I to ${role}', current_database()); end $$`,
    `grant usage on schema public to ${role}`,
    `revoke all on all tables in schema public from ${role}`,
    `grant select, insert, update, delete on all tables in schema public to ${role}`,
    `revoke update, delete on ${ledgers} from ${role}`,
    `revoke insert, update, delete on ${bookkeeping} from ${role}`,
    `grant usage, select on all sequences in schema public to ${role}`,
    // tables later migrations create get the ordinary rights; a new ledger revokes its own
    `alter default privileges in schema public grant select, insert, update, delete on tables to ${role}`,
    `alter default privileges in schema public grant usage, select on sequences to ${role}`,
  ];
}

export type GrantOutcome =
  | { status: 'granted'; statements: string[]; superuser: boolean }
  | { status: 'unknown-role' | 'same-role' };

/** Applies appRoleGrantStatements in one transaction, after checking the role makes sense. */
export async function grantAppRole(db: Kysely<Database>, role: string): Promise<GrantOutcome> {
  const statements = appRoleGrantStatements(role);
  const found = await sql<{ rolsuper: boolean; isOwner: boolean }>`
    select rolsuper, rolname = current_user as "isOwner" from pg_roles where rolname = ${role}`
    .execute(db)
    .then((result) => result.rows[0]);
  if (!found) return { status: 'unknown-role' };
  // revoking the owner's own rights would gain nothing: owners bypass grants anyway
  if (found.isOwner) return { status: 'same-role' };
  await db.transaction().execute(async (trx) => {
    for (const statement of statements) await sql.raw(statement).execute(trx);
  });
  return { status: 'granted', statements, superuser: found.rolsuper };
}
