import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // one row per counted event (a wrong join code, an invitation email); `amount` lets a
    // batch of 40 invitations be one row
    `create table rate_limit_hit (
      id uuid primary key default gen_random_uuid(),
      bucket text not null,
      subject text not null,
      amount integer not null default 1 check (amount > 0),
      hit_at timestamptz not null default now()
    )`,
    `create index rate_limit_hit_subject_idx on rate_limit_hit (bucket, subject, hit_at)`,
    `create index rate_limit_hit_at_idx on rate_limit_hit (hit_at)`,
    // a form's key from the page that rendered it; the same key with the same fields from
    // the same person is one intent, inserted in the transaction that has the effect
    `create table idempotency_key (
      key uuid not null,
      request_hash text not null,
      user_id uuid not null references app_user (id) on delete cascade,
      action text not null,
      response jsonb,
      created_at timestamptz not null default now(),
      primary key (key, request_hash)
    )`,
    `create index idempotency_key_created_idx on idempotency_key (created_at)`,
    // pruning deletes by age alone
    `create index sign_in_attempt_at_idx on sign_in_attempt (attempted_at)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index sign_in_attempt_at_idx`.execute(db);
  await sql`drop table idempotency_key`.execute(db);
  await sql`drop table rate_limit_hit`.execute(db);
}
