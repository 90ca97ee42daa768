import { sql, type Kysely } from 'kysely';

/** when the author last nudged the partner about a critique they owe: one email a day at most */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table critique add column nudged_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table critique drop column nudged_at`.execute(db);
}
