import { sql, type Kysely } from 'kysely';

// pickers search by prefix within one organization; text_pattern_ops lets `like 'abc%'` use
// the index whatever the database's collation (pg_trgm is not loaded on the embedded database)
const statements = [
  `create index app_user_org_name_search_idx on app_user (organization_id, lower(name) text_pattern_ops)`,
  `create index app_user_org_email_search_idx on app_user (organization_id, lower(email) text_pattern_ops)`,
  `create index cohort_org_name_search_idx on cohort (organization_id, lower(name) text_pattern_ops)`,
  `create index cohort_org_starts_idx on cohort (organization_id, starts_on desc, name)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'cohort_org_starts_idx',
    'cohort_org_name_search_idx',
    'app_user_org_email_search_idx',
    'app_user_org_name_search_idx',
  ]) {
    await sql.raw(`drop index ${name}`).execute(db);
  }
}
