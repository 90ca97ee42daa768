import { sql, type Kysely } from 'kysely';

/**
 * Two new tables, nothing reshaped. `catalog_join_request`: a person asks to join the next
 * cohort of a stack, once per stack. `scoring_fee`: what a non-member owes for scoring one
 * submission, recorded as paid (a receipt reference) or waived (a reason) by an org admin;
 * Cadre records the money, it never charges it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table catalog_join_request (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id) on delete cascade,
      program_id uuid not null references program (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      note text not null default '' check (char_length(note) <= 500),
      created_at timestamptz not null default now(),
      constraint catalog_join_request_once unique (program_id, user_id)
    )`,
    `create index catalog_join_request_organization_idx on catalog_join_request (organization_id, program_id)`,
    `create table scoring_fee (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id) on delete cascade,
      submission_id uuid not null references submission (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      amount_cents integer not null check (amount_cents >= 0),
      status text not null default 'due' check (status in ('due', 'paid', 'waived')),
      receipt_reference text,
      waived_reason text,
      recorded_by uuid references app_user (id) on delete set null,
      recorded_at timestamptz,
      created_at timestamptz not null default now(),
      constraint scoring_fee_one_per_submission unique (submission_id),
      constraint scoring_fee_paid_has_receipt check (status <> 'paid' or (receipt_reference is not null and recorded_at is not null)),
      constraint scoring_fee_waived_has_reason check (status <> 'waived' or (waived_reason is not null and recorded_at is not null))
    )`,
    `create index scoring_fee_organization_idx on scoring_fee (organization_id, status, created_at)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`drop table scoring_fee`).execute(db);
  await sql.raw(`drop table catalog_join_request`).execute(db);
}
