import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table organization (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(trim(name)) > 0),
      slug text not null unique,
      timezone text not null default 'America/New_York',
      created_at timestamptz not null default now()
    )`,
    `create table app_user (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid not null references organization (id) on delete restrict,
      email text not null check (position('@' in email) > 1),
      name text not null check (length(trim(name)) > 0),
      password_hash text,
      state_educator_id text,
      is_org_admin boolean not null default false,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz
    )`,
    `create unique index app_user_email_unique on app_user (lower(email))`,
    `create index app_user_organization_idx on app_user (organization_id)`,
    `create table auth_session (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      user_agent text,
      ip_address text
    )`,
    `create index auth_session_user_idx on auth_session (user_id)`,
    `create table sign_in_attempt (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      ip_address text not null,
      succeeded boolean not null,
      attempted_at timestamptz not null default now()
    )`,
    `create index sign_in_attempt_email_idx on sign_in_attempt (lower(email), attempted_at)`,
    `create index sign_in_attempt_ip_idx on sign_in_attempt (ip_address, attempted_at)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['sign_in_attempt', 'auth_session', 'app_user', 'organization']) {
    await sql.raw(`drop table ${table}`).execute(db);
  }
}
