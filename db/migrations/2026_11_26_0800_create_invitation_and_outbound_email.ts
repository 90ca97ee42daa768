import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter table cohort_member add column invited_at timestamptz`,
    `alter table cohort_member add column waitlisted_at timestamptz`,
    `alter table cohort_member add column withdrawn_at timestamptz`,
    `create index cohort_member_waitlist_idx on cohort_member (cohort_id, waitlisted_at)
      where status = 'waitlisted'`,
    `create table invitation (
      id uuid primary key default gen_random_uuid(),
      cohort_id uuid not null references cohort (id) on delete cascade,
      email text not null check (position('@' in email) > 1),
      name text,
      state_educator_id text,
      role text not null default 'participant'
        check (role in ('facilitator', 'coach', 'participant')),
      token_hash text not null unique,
      invited_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null default now(),
      last_sent_at timestamptz not null default now(),
      send_count integer not null default 1,
      expires_at timestamptz not null,
      accepted_at timestamptz,
      accepted_by uuid references app_user (id) on delete set null,
      revoked_at timestamptz
    )`,
    // one open invitation per address per cohort; accepted and revoked ones stay as history
    `create unique index invitation_open_unique on invitation (cohort_id, lower(email))
      where accepted_at is null and revoked_at is null`,
    `create table outbound_email (
      id uuid primary key default gen_random_uuid(),
      organization_id uuid references organization (id) on delete set null,
      kind text not null,
      to_address text not null,
      subject text not null,
      text_body text not null,
      html_body text,
      status text not null default 'queued'
        check (status in ('queued', 'sending', 'sent', 'stored', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      sent_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    `create index outbound_email_due_idx on outbound_email (next_attempt_at) where status = 'queued'`,
    `create index outbound_email_organization_idx on outbound_email (organization_id, created_at)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    'drop table outbound_email',
    'drop table invitation',
    'drop index cohort_member_waitlist_idx',
    'alter table cohort_member drop column withdrawn_at',
    'alter table cohort_member drop column waitlisted_at',
    'alter table cohort_member drop column invited_at',
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
