import { sql, type Kysely } from 'kysely';

// a cohort's "recent activity" reads the newest entries about one target
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index audit_log_target_idx on audit_log (target_type, target_id, at desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index audit_log_target_idx`.execute(db);
}
