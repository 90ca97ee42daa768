import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table audit_log (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid references organization (id) on delete set null,
      actor_id uuid references app_user (id) on delete set null,
      action text not null,
      target_type text not null,
      target_id text,
      before jsonb,
      after jsonb,
      at timestamptz not null default now()
    )`,
    `create index audit_log_organization_idx on audit_log (organization_id, at)`,
    // the log is append-only: the database refuses edits and deletions outright
    `create function audit_log_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only';
      end;
    $$`,
    `create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_refuse_change()`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop table audit_log').execute(db);
  await sql.raw('drop function audit_log_refuse_change').execute(db);
}
