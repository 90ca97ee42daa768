import { sql, type Kysely } from 'kysely';

// the hint each ledger gives whoever tries to rewrite it
const LEDGERS = {
  hours_entry: 'correct hours with a reversing entry or an adjustment instead',
  audit_log: 'the audit log keeps every entry as it was written',
} as const;

// a foreign key that would delete or null a ledger row when its parent goes, and what it was before
const LEDGER_FOREIGN_KEYS = [
  ['hours_entry', 'organization_id', 'organization', 'cascade'],
  ['hours_entry', 'user_id', 'app_user', 'cascade'],
  ['hours_entry', 'cohort_id', 'cohort', 'cascade'],
  ['hours_entry', 'submission_id', 'submission', 'set null'],
  ['hours_entry', 'reverses_entry_id', 'hours_entry', 'cascade'],
  ['hours_entry', 'created_by', 'app_user', 'set null'],
  ['audit_log', 'organization_id', 'organization', 'set null'],
  ['audit_log', 'actor_id', 'app_user', 'set null'],
] as const;

function foreignKey(table: string, column: string, parent: string, onDelete: string) {
  const name = `${table}_${column}_fkey`;
  return `alter table ${table} drop constraint ${name},
    add constraint ${name} foreign key (${column}) references ${parent} (id) on delete ${onDelete}`;
}

/**
 * hours_entry and audit_log refuse UPDATE, DELETE and TRUNCATE whoever asks: row triggers
 * for the first two, a statement trigger for TRUNCATE (which fires no row triggers). They
 * are ENABLE ALWAYS, so even session_replication_role = replica does not skip them; only
 * the tables' owner can drop them, with a migration that shows in the history.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements: string[] = [
    `create function ledger_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: % is refused', tg_table_name, tg_op
          using errcode = 'P0001', hint = tg_argv[0];
      end;
    $$`,
    'drop trigger hours_entry_append_only on hours_entry',
    'drop function hours_entry_refuse_change',
    'drop trigger audit_log_append_only on audit_log',
    'drop function audit_log_refuse_change',
  ];
  for (const [table, hint] of Object.entries(LEDGERS)) {
    statements.push(
      `create trigger ${table}_refuse_update_delete before update or delete on ${table}
        for each row execute function ledger_refuse_change('${hint}')`,
      `create trigger ${table}_refuse_truncate before truncate on ${table}
        for each statement execute function ledger_refuse_change('${hint}')`,
      `alter table ${table} enable always trigger ${table}_refuse_update_delete`,
      `alter table ${table} enable always trigger ${table}_refuse_truncate`,
    );
  }
  // a cascade or set-null would now fail inside the trigger; restrict says why at once:
  // people, cohorts and organizations named in a ledger are kept (deactivated, anonymised)
  for (const [table, column, parent] of LEDGER_FOREIGN_KEYS) {
    statements.push(foreignKey(table, column, parent, 'restrict'));
  }
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements: string[] = [];
  for (const [table, column, parent, onDelete] of LEDGER_FOREIGN_KEYS) {
    statements.push(foreignKey(table, column, parent, onDelete));
  }
  for (const table of Object.keys(LEDGERS)) {
    statements.push(
      `drop trigger ${table}_refuse_update_delete on ${table}`,
      `drop trigger ${table}_refuse_truncate on ${table}`,
    );
  }
  statements.push(
    'drop function ledger_refuse_change',
    `create function hours_entry_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'hours_entry is append-only; add a reversing entry instead';
      end;
    $$`,
    `create trigger hours_entry_append_only before update on hours_entry
      for each row execute function hours_entry_refuse_change()`,
    `create function audit_log_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only';
      end;
    $$`,
    `create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_refuse_change()`,
  );
  for (const statement of statements) await sql.raw(statement).execute(db);
}
