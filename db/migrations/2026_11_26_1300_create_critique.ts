import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // one row per request a partner is asked to answer; completed_at null means still waiting
    `create table critique (
      id uuid primary key default gen_random_uuid(),
      submission_id uuid not null references submission (id) on delete cascade,
      reviewer_member_id uuid not null references cohort_member (id) on delete cascade,
      requested_at timestamptz not null default now(),
      completed_at timestamptz,
      cancelled_at timestamptz,
      summary text not null default '' check (length(summary) <= 10000)
    )`,
    // a partner answers each request once; a new round is a new request
    `create unique index critique_open_idx on critique (submission_id, reviewer_member_id)
      where completed_at is null and cancelled_at is null`,
    `create index critique_reviewer_idx on critique (reviewer_member_id)`,
    `create index critique_submission_idx on critique (submission_id)`,
    `create table critique_note (
      critique_id uuid not null references critique (id) on delete cascade,
      criterion_id uuid not null references rubric_criterion (id) on delete restrict,
      meets text not null default '' check (length(meets) <= 10000),
      strengthen text not null default '' check (length(strengthen) <= 10000),
      primary key (critique_id, criterion_id)
    )`,
    // "incomplete" returns a submission without scoring, so it has no score row; its notes live here
    `create table submission_return (
      id uuid primary key default gen_random_uuid(),
      submission_id uuid not null references submission (id) on delete cascade,
      returned_by uuid references app_user (id) on delete set null,
      note text not null check (length(trim(note)) between 1 and 10000),
      returned_at timestamptz not null default now()
    )`,
    `create index submission_return_submission_idx on submission_return (submission_id)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['submission_return', 'critique_note', 'critique']) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
}
