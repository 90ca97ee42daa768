import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // the defaults: 15 hours for completing a cohort, 5 for earning each micro-credential
    `alter table program alter column hours_for_completing set default 15`,
    `alter table program alter column hours_for_attaining set default 5`,
    // the ledger: append-only; a mistake is corrected by a reversing entry, never an edit
    `create table hours_entry (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      cohort_id uuid not null references cohort (id) on delete cascade,
      source text not null check (source in ('completion', 'micro-credential', 'adjustment', 'reversal')),
      hours numeric(6, 2) not null check (hours <> 0 and hours between -1000 and 1000),
      reason text not null check (length(trim(reason)) between 1 and 500),
      micro_credential_id uuid references micro_credential (id),
      submission_id uuid references submission (id) on delete set null,
      reverses_entry_id uuid unique references hours_entry (id) on delete cascade,
      awarded_at timestamptz not null default now(),
      created_by uuid references app_user (id) on delete set null,
      check ((source = 'micro-credential') = (micro_credential_id is not null)),
      check ((source = 'reversal') = (reverses_entry_id is not null))
    )`,
    // automatic entries are made once: a repeated trigger hits these and adds nothing
    `create unique index hours_entry_completion_once on hours_entry (user_id, cohort_id)
      where source = 'completion'`,
    `create unique index hours_entry_earning_once on hours_entry (user_id, micro_credential_id)
      where source = 'micro-credential'`,
    `create index hours_entry_cohort_idx on hours_entry (cohort_id, awarded_at)`,
    `create index hours_entry_user_idx on hours_entry (user_id, awarded_at)`,
    `create index hours_entry_organization_idx on hours_entry (organization_id, awarded_at)`,
    `create function hours_entry_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'hours_entry is append-only; add a reversing entry instead';
      end;
    $$`,
    `create trigger hours_entry_append_only before update on hours_entry
      for each row execute function hours_entry_refuse_change()`,
    // one Ed25519 key per organization; the private half is never served
    `create table signing_key (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id) on delete cascade,
      algorithm text not null default 'EdDSA' check (algorithm = 'EdDSA'),
      public_jwk jsonb not null,
      private_key_sealed text not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    )`,
    `create unique index signing_key_current on signing_key (organization_id)
      where retired_at is null`,
    `create table credential (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      cohort_id uuid not null references cohort (id) on delete cascade,
      program_id uuid not null references program (id) on delete cascade,
      kind text not null check (kind in ('micro-credential', 'stack')),
      micro_credential_id uuid references micro_credential (id),
      submission_id uuid references submission (id) on delete set null,
      title text not null,
      hours numeric(6, 2) not null default 0,
      issued_at timestamptz not null default now(),
      signing_key_id uuid not null references signing_key (id),
      document jsonb not null,
      jwt text not null,
      shared_at timestamptz,
      revoked_at timestamptz,
      revoked_by uuid references app_user (id) on delete set null,
      revoked_reason text check (length(revoked_reason) <= 500),
      check ((kind = 'micro-credential') = (micro_credential_id is not null)),
      check ((revoked_at is null) = (revoked_reason is null))
    )`,
    `create unique index credential_earned_once on credential (user_id, micro_credential_id)
      where kind = 'micro-credential'`,
    `create unique index credential_stack_once on credential (user_id, program_id)
      where kind = 'stack'`,
    `create index credential_user_idx on credential (user_id, issued_at)`,
    // a stack credential names the micro-credentials it was made of
    `create table credential_part (
      stack_credential_id uuid not null references credential (id) on delete cascade,
      part_credential_id uuid not null references credential (id) on delete cascade,
      primary key (stack_credential_id, part_credential_id)
    )`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    'drop table credential_part',
    'drop table credential',
    'drop table signing_key',
    'drop table hours_entry',
    'drop function hours_entry_refuse_change',
    'alter table program alter column hours_for_completing set default 0',
    'alter table program alter column hours_for_attaining set default 0',
  ]) {
    await sql.raw(statement).execute(db);
  }
}
