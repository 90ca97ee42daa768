import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // one row per running server process, renewed every few seconds; expiry comes from the
    // database clock, so nodes whose clocks differ still agree on who is dead. a dead node's
    // row is kept a while, marked, as the record of when it was last heard and who closed it
    `create table server_node (
      id uuid primary key,
      host text not null default '',
      pid integer not null default 0,
      started_at timestamptz not null default now(),
      last_beat_at timestamptz not null default now(),
      expires_at timestamptz not null,
      reaped_at timestamptz,
      reaped_by uuid,
      check (expires_at > last_beat_at),
      check ((reaped_at is null) = (reaped_by is null))
    )`,
    // no foreign key: leases are pruned, while the id stays on the segments as a record of which
    // process counted them
    `alter table attendance_segment add column node_id uuid
      check (node_id is null or source = 'live-room')`,
    `create index attendance_segment_open_by_node_idx on attendance_segment (node_id)
      where left_at is null and node_id is not null`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index attendance_segment_open_by_node_idx`.execute(db);
  await sql`alter table attendance_segment drop column node_id`.execute(db);
  await sql`drop table server_node`.execute(db);
}
