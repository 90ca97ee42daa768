import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table cohort (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id) on delete cascade,
      program_id uuid not null references program (id) on delete restrict,
      name text not null check (length(trim(name)) > 0),
      facilitator_id uuid not null references app_user (id) on delete restrict,
      coach_id uuid references app_user (id) on delete set null,
      capacity integer not null default 20 check (capacity between 2 and 40),
      timezone text not null,
      starts_on date not null,
      ends_on date not null,
      status text not null default 'forming'
        check (status in ('forming', 'assessing', 'learning', 'sharing', 'completed', 'archived')),
      join_code text unique,
      created_at timestamptz not null default now(),
      check (ends_on >= starts_on)
    )`,
    `create index cohort_organization_idx on cohort (organization_id)`,
    `create table cohort_member (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references cohort (id) on delete cascade,
      user_id uuid not null references app_user (id) on delete cascade,
      role text not null check (role in ('facilitator', 'coach', 'participant')),
      status text not null default 'invited'
        check (status in ('invited', 'active', 'waitlisted', 'withdrawn', 'completed')),
      created_at timestamptz not null default now(),
      joined_at timestamptz,
      last_seen_at timestamptz,
      unique (cohort_id, user_id)
    )`,
    `create index cohort_member_user_idx on cohort_member (user_id)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['cohort_member', 'cohort']) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
}
