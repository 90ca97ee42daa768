import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // a requested change of sign-in address: only a hash of the emailed token is kept
    `create table email_change (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id) on delete cascade,
      new_email text not null,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      requested_ip text
    )`,
    `create index email_change_user_idx on email_change (user_id)`,
    `create index email_change_expires_idx on email_change (expires_at)`,
    // which kinds of notification email a person wants; no row means every kind
    `create table email_preference (
      user_id uuid primary key references app_user (id) on delete cascade,
      reminders boolean not null default true,
      critique_requests boolean not null default true,
      scoring_results boolean not null default true,
      digests boolean not null default true,
      cohort_updates boolean not null default true,
      unsubscribe_key text not null,
      updated_at timestamptz not null default now()
    )`,
    // set on notification emails: the one-click unsubscribe address the worker puts in the headers
    `alter table outbound_email add column unsubscribe_url text`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table outbound_email drop column unsubscribe_url`.execute(db);
  await sql`drop table email_preference`.execute(db);
  await sql`drop table email_change`.execute(db);
}
