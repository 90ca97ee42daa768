import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // only a hash of the emailed token is kept, so a copy of the database opens no account
    `create table password_reset (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id) on delete cascade,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      requested_ip text
    )`,
    `create index password_reset_user_idx on password_reset (user_id)`,
    `create index password_reset_expires_idx on password_reset (expires_at)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table password_reset`.execute(db);
}
