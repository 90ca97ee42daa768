import { sql, type Kysely } from 'kysely';

/**
 * The organization's own details (certificates, Act 48, fees, sign-in) and what an org admin
 * records about each person (membership, who may coach or author, deactivation). Existing
 * rows keep working: every new column has a default or is empty, and people who already
 * coach a cohort are marked as coaches so the coach picker still offers them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter table organization
      add column short_name text check (short_name is null or length(trim(short_name)) between 1 and 40),
      add column logo_key text,
      add column logo_type text,
      add column support_email text,
      add column support_phone text,
      add column signatory_name text,
      add column signatory_title text,
      add column signature_key text,
      add column signature_type text,
      add column provider_name text,
      add column provider_number text,
      add column nonmember_fee_cents integer not null default 12500 check (nonmember_fee_cents >= 0),
      add column default_completion_hours numeric(6, 2) not null default 15 check (default_completion_hours >= 0),
      add column default_attainment_hours numeric(6, 2) not null default 5 check (default_attainment_hours >= 0),
      add column password_sign_in boolean not null default true`,
    `alter table app_user
      add column member_since date,
      add column member_until date,
      add column may_coach boolean not null default false,
      add column may_author boolean not null default false,
      add column is_paraprofessional boolean not null default false,
      add column deactivated_at timestamptz,
      add column deleted_at timestamptz,
      add constraint app_user_membership_order check (member_until is null or member_since is null or member_until >= member_since)`,
    `update app_user set may_coach = true
      where id in (select coach_id from cohort where coach_id is not null)
         or id in (select user_id from cohort_member where role = 'coach')`,
    `update app_user set may_author = true where is_org_admin`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `alter table app_user
        drop constraint app_user_membership_order,
        drop column member_since, drop column member_until, drop column may_coach,
        drop column may_author, drop column is_paraprofessional, drop column deactivated_at,
        drop column deleted_at`,
    )
    .execute(db);
  await sql
    .raw(
      `alter table organization
        drop column short_name, drop column logo_key, drop column logo_type,
        drop column support_email, drop column support_phone, drop column signatory_name,
        drop column signatory_title, drop column signature_key, drop column signature_type,
        drop column provider_name, drop column provider_number, drop column nonmember_fee_cents,
        drop column default_completion_hours, drop column default_attainment_hours,
        drop column password_sign_in`,
    )
    .execute(db);
}
