import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // one row per coaching session that has a live room: the sequence counter (locked by each
    // append, so appends to one room are serialised) and the state folded from its events
    `create table live_room (
      coaching_session_id uuid primary key references coaching_session (id) on delete cascade,
      last_seq integer not null default 0 check (last_seq >= 0),
      state jsonb not null,
      updated_at timestamptz not null default now()
    )`,
    // the append-only log the room is rebuilt and replayed from
    `create table live_event (
      coaching_session_id uuid not null references coaching_session (id) on delete cascade,
      seq integer not null check (seq > 0),
      type text not null check (length(type) between 1 and 40),
      actor_id uuid references app_user (id) on delete set null,
      payload jsonb not null,
      at timestamptz not null default now(),
      primary key (coaching_session_id, seq)
    )`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table live_event`.execute(db);
  await sql`drop table live_room`.execute(db);
}
