import { sql, type Kysely } from 'kysely';

/**
 * What Act 48 and Chapter 14 reporting adds: per-cohort settings (the PERMS activity id and
 * whether a program evaluation holds the hours), the participants' evaluations, and the
 * batches of ledger entries sent to PERMS. The batch tables are append-only like the ledger:
 * a mark that an entry was sent is never taken back.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table cohort_act48_setting (
      cohort_id uuid primary key references cohort (id) on delete cascade,
      evaluation_required boolean not null default false,
      perms_activity_id text,
      updated_at timestamptz not null default now(),
      updated_by uuid references app_user (id) on delete set null
    )`,
    `create table program_evaluation (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references cohort (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      objectives_met smallint not null check (objectives_met between 1 and 5),
      relevant smallint not null check (relevant between 1 and 5),
      well_led smallint not null check (well_led between 1 and 5),
      helpful_activities smallint not null check (helpful_activities between 1 and 5),
      will_apply smallint not null check (will_apply between 1 and 5),
      apply_plan text not null default '',
      improvements text not null default '',
      submitted_at timestamptz not null default now(),
      unique (cohort_id, user_id)
    )`,
    `create table perms_batch (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id) on delete restrict,
      sent_at timestamptz not null default now(),
      sent_by uuid references app_user (id) on delete restrict,
      entry_count integer not null check (entry_count >= 0)
    )`,
    `create index perms_batch_organization_idx on perms_batch (organization_id, sent_at desc)`,
    // an entry is marked sent once; a correction is its own (reversing) entry
    `create table perms_batch_entry (
      batch_id uuid not null references perms_batch (id) on delete restrict,
      hours_entry_id uuid not null unique,
      primary key (batch_id, hours_entry_id)
    )`,
    // a trigger, not a foreign key, points at hours_entry: a foreign key would make TRUNCATE of
    // the ledger fail on the key before the ledger's own trigger could refuse it with its hint
    `create function perms_batch_entry_check_entry() returns trigger language plpgsql as $$
      begin
        if not exists (select 1 from hours_entry where id = new.hours_entry_id) then
          raise exception 'hours entry % does not exist', new.hours_entry_id
            using errcode = '23503';
        end if;
        return new;
      end;
    $$`,
    `create trigger perms_batch_entry_check_entry before insert on perms_batch_entry
      for each row execute function perms_batch_entry_check_entry()`,
  ];
  for (const table of ['perms_batch', 'perms_batch_entry']) {
    const hint = 'a batch records what was sent; send a correcting entry in a new batch';
    statements.push(
      `create trigger ${table}_refuse_update_delete before update or delete on ${table}
        for each row execute function ledger_refuse_change('${hint}')`,
      `create trigger ${table}_refuse_truncate before truncate on ${table}
        for each statement execute function ledger_refuse_change('${hint}')`,
      `alter table ${table} enable always trigger ${table}_refuse_update_delete`,
      `alter table ${table} enable always trigger ${table}_refuse_truncate`,
    );
  }
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'perms_batch_entry',
    'perms_batch',
    'program_evaluation',
    'cohort_act48_setting',
  ]) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
  await sql`drop function perms_batch_entry_check_entry`.execute(db);
}
