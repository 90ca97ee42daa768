import { sql, type Kysely } from 'kysely';

/**
 * What an organization's catalog says about its programs (stacks), modules and
 * micro-credentials, in the shape NEA and PSEA publish them, and versions of a program:
 * a new version is a new program row in the same lineage, so a cohort that runs keeps
 * the version it started with. Existing programs become version 1 of their own lineage,
 * already published; the default stays "published" so code that wrote programs before the
 * editor keeps its meaning, and the editor writes its drafts as drafts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter table program
      add column summary text not null default '',
      add column topics jsonb not null default '[]',
      add column outcomes jsonb not null default '[]',
      add column audiences jsonb not null default '[]',
      add column grade_levels jsonb not null default '[]',
      add column format text not null default 'blended',
      add column hours_per_credential numeric(6, 2) not null default 15 check (hours_per_credential >= 0),
      add column status text not null default 'published' check (status in ('draft', 'published', 'retired')),
      add column lineage_id uuid,
      add column version integer not null default 1 check (version >= 1),
      add column published_at timestamptz,
      add column retired_at timestamptz,
      add column created_by uuid references app_user (id) on delete set null`,
    `update program set lineage_id = id, published_at = created_at`,
    `alter table program alter column lineage_id set not null`,
    `alter table program alter column lineage_id set default gen_random_uuid()`,
    `create unique index program_lineage_version_unique on program (lineage_id, version)`,
    `create index program_organization_status_idx on program (organization_id, status)`,
    `alter table module
      add column resources jsonb not null default '[]'`,
    `alter table micro_credential
      add column competency_statement text not null default '',
      add column key_method text not null default '',
      add column research text not null default '',
      add column submission_parts jsonb not null default '[]',
      add column evidence_types jsonb not null default '[]',
      add column needs_classroom_data boolean not null default false,
      add column audiences jsonb not null default '[]'`,
    `alter table rubric_criterion
      add column part text check (part is null or part in ('overview', 'artifact', 'reflection')),
      add column not_yet_description text not null default ''`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    `alter table rubric_criterion drop column part, drop column not_yet_description`,
    `alter table micro_credential drop column competency_statement, drop column key_method,
      drop column research, drop column submission_parts, drop column evidence_types,
      drop column needs_classroom_data, drop column audiences`,
    `alter table module drop column resources`,
    `drop index program_organization_status_idx`,
    `drop index program_lineage_version_unique`,
    `alter table program drop column summary, drop column topics, drop column outcomes,
      drop column audiences, drop column grade_levels, drop column format,
      drop column hours_per_credential, drop column status, drop column lineage_id,
      drop column version, drop column published_at, drop column retired_at,
      drop column created_by`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}
